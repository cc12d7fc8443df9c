package loudness

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"loa/pkg/audio"
)

// piece is speech-like test audio: noise bursts at changing levels, then
// tail frames of digital silence.
func piece(rng *rand.Rand, f audio.Format, frames, tail int) []float32 {
	out := make([]float32, (frames+tail)*f.Channels)
	level := 0.1
	for i := range frames {
		if i%2205 == 0 {
			level = math.Pow(10, (-35+30*rng.Float64())/20)
		}
		env := math.Min(1, math.Min(float64(i), float64(frames-i))/441)
		for c := range f.Channels {
			out[i*f.Channels+c] = float32(level * env * (2*rng.Float64() - 1))
		}
	}
	return out
}

// TestAssembleMatchesMeter places traced pieces in a programme and checks
// that Assemble gives what the meter gives on the programme's samples.
func TestAssembleMatchesMeter(t *testing.T) {
	for _, tc := range []struct {
		rate, channels, chunk int
		dualMono              bool
	}{
		{44100, 1, 18, false}, // gcd(1152, 4410): MPEG-1 frames at 44.1 kHz
		{48000, 2, 96, false},
		{22050, 1, 9, true},
	} {
		f := audio.Format{SampleRate: tc.rate, Channels: tc.channels}
		opts := Options{TruePeak: true, DualMono: tc.dualMono}
		rng := rand.New(rand.NewPCG(uint64(tc.rate), 7))
		var programme []float32
		var parts []Placed
		var at int64
		for i := range 6 {
			// Pieces of odd lengths rounded up to whole chunks, and
			// silences between them of whole chunks.
			frames := (tc.rate*(2+i) + rng.IntN(tc.rate)) / tc.chunk * tc.chunk
			gap := (tc.rate/3 + rng.IntN(tc.rate)) / tc.chunk * tc.chunk
			p := piece(rng, f, frames-tc.rate/10, tc.rate/10)
			_, tr, err := TraceStream(context.Background(), audio.NewSlice(f, p), opts, tc.chunk)
			if err != nil {
				t.Fatal(err)
			}
			if tr.Frames != int64(frames) || len(tr.Energy) != frames/tc.chunk {
				t.Fatalf("trace of %d frames: %d frames, %d chunks", frames, tr.Frames, len(tr.Energy))
			}
			parts = append(parts, Placed{Trace: &tr, At: at})
			programme = append(programme, p...)
			programme = append(programme, make([]float32, gap*tc.channels)...)
			at += int64(frames + gap)
		}
		total := int64(len(programme) / tc.channels)
		want := measureSlice(t, f, opts, programme)
		got, err := Assemble(f, opts, total, parts)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			got, want float64
			tol       float64
		}{
			{"integrated", got.Integrated, want.Integrated, 0.001},
			{"range", got.Range, want.Range, 0.011},
			{"max momentary", got.MaxMomentary, want.MaxMomentary, 0.001},
			{"max short-term", got.MaxShortTerm, want.MaxShortTerm, 0.001},
			{"true peak", got.TruePeak, want.TruePeak, 1e-9},
			{"sample peak", got.SamplePeak, want.SamplePeak, 1e-9},
			{"duration", got.Duration, want.Duration, 1e-12},
		} {
			if math.IsInf(c.want, 0) || math.Abs(c.got-c.want) > c.tol {
				t.Errorf("%d Hz × %d: %s = %v, the meter says %v", tc.rate, tc.channels, c.name, c.got, c.want)
			}
		}
		if got.Frames != total {
			t.Errorf("frames %d, want %d", got.Frames, total)
		}
		if !(want.Integrated > -40 && want.Integrated < -10) {
			t.Errorf("test signal measured %v LUFS: not a useful test", want.Integrated)
		}
	}
}

func TestAssembleRefusesBadPlacements(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	tr := &Trace{Chunk: 18, Frames: 1800, Energy: make([]float32, 100)}
	odd := &Trace{Chunk: 4, Frames: 400, Energy: make([]float32, 100)}
	for name, parts := range map[string][]Placed{
		"unaligned":   {{tr, 5}},
		"overlapping": {{tr, 0}, {tr, 1782}},
		"negative":    {{tr, -18}},
		"bad chunk":   {{odd, 0}},
		"mixed":       {{tr, 0}, {&Trace{Chunk: 9, Frames: 9, Energy: make([]float32, 1)}, 1800}},
	} {
		if _, err := Assemble(f, Options{}, 44100, parts); !errors.Is(err, ErrPlacement) {
			t.Errorf("%s: %v, want ErrPlacement", name, err)
		}
	}
	if _, err := Assemble(audio.Format{SampleRate: 11025, Channels: 1}, Options{}, 11025, nil); !errors.Is(err, ErrPlacement) {
		t.Errorf("11025 Hz: %v, want ErrPlacement", err)
	}
	r, err := Assemble(f, Options{TruePeak: true}, 44100, nil)
	if err != nil || !math.IsInf(r.Integrated, -1) || !math.IsInf(r.TruePeak, -1) {
		t.Errorf("silence: %+v, %v", r, err)
	}
}
