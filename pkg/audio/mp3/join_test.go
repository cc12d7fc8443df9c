package mp3

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"loa/pkg/audio"
)

// runInput is a test signal of n samples per channel followed by silence up
// to a whole number of frames, at least SilentTail long.
func runInput(rate, ch, n int) []float32 {
	spf := SamplesPerFrame(rate)
	frames := (n + SilentTail(rate) + spf - 1) / spf
	out := make([]float32, frames*spf*ch)
	sig := testSignal(rate, ch, n)
	// Fade the ends so the signal starts and stops cleanly.
	for i := range n {
		g := math.Min(1, math.Min(float64(i), float64(n-1-i))/200)
		for c := range ch {
			out[i*ch+c] = sig[i*ch+c] * float32(g)
		}
	}
	return out
}

func decodeFrames(t *testing.T, f audio.Format, data []byte) []float32 {
	t.Helper()
	d, err := NewFrameDecoder(bytes.NewReader(data), "frames", f)
	if err != nil {
		t.Fatal(err)
	}
	var out []float32
	buf := make([]float32, 4096*f.Channels)
	for {
		n, err := d.Read(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestJoinIsExact joins runs and silent frames and checks that a decoder
// plays the joined stream sample for sample as it plays each run alone,
// and that ffmpeg and mpg123 read the file cleanly, gapless, at the right
// length.
func TestJoinIsExact(t *testing.T) {
	for _, c := range []struct{ rate, ch, kbps int }{{44100, 1, 64}, {48000, 2, 128}, {22050, 1, 32}} {
		t.Run(fmt.Sprintf("%d-%dch", c.rate, c.ch), func(t *testing.T) {
			f := audio.Format{SampleRate: c.rate, Channels: c.ch}
			spf := SamplesPerFrame(c.rate)
			// The second run ends in exactly the shortest silent tail.
			lengths := []int{c.rate/2 + 333, 40*spf - SilentTail(c.rate), 700}
			gaps := []int{0, 7}
			var runs []*Run
			var inputs [][]float32
			for i, n := range lengths {
				in := runInput(c.rate, c.ch, n)
				// Each run is its own signal: scale it so joins are heard.
				for k := range in {
					in[k] *= float32(1 - 0.3*float64(i))
				}
				r, err := EncodeRun(audio.NewSlice(f, in), c.kbps)
				if err != nil {
					t.Fatal(err)
				}
				if r.Frames() != len(in)/c.ch/spf {
					t.Fatalf("run %d: %d frames for %d samples", i, r.Frames(), len(in)/c.ch)
				}
				runs = append(runs, r)
				inputs = append(inputs, in)
			}
			j, err := NewJoiner(f, c.kbps, Tags{Title: "joined"})
			if err != nil {
				t.Fatal(err)
			}
			// Expected decode: each run decoded alone, at its frame.
			var want []float32
			var frames []byte
			var expect []float32 // the input, where gapless decoders put it
			var samples int64
			for i, r := range runs {
				at := j.Frames() * int64(spf)
				keep := r.Frames()
				if i == len(runs)-1 {
					// Just enough frames for the last samples and the
					// decoder's flush.
					keep = (lengths[i] + shineDelay + decoderDelay + spf - 1) / spf
					samples = at + int64(lengths[i])
				}
				if err := j.Add(r, keep); err != nil {
					t.Fatal(err)
				}
				alone := decodeFrames(t, f, r.Data[:r.Bytes(keep)])
				want = append(want, alone...)
				frames = append(frames, r.Data[:r.Bytes(keep)]...)
				expect = append(expect, inputs[i][:keep*spf*c.ch]...)
				if i < len(gaps) {
					j.Silence(gaps[i])
					want = append(want, make([]float32, gaps[i]*spf*c.ch)...)
					expect = append(expect, make([]float32, gaps[i]*spf*c.ch)...)
					for range gaps[i] {
						frames = append(frames, j.silent[0]...)
					}
				}
			}
			got := decodeFrames(t, f, frames)
			if len(got) != len(want) {
				t.Fatalf("joined frames decode to %d samples, the runs alone to %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("sample %d (frame %d) differs: joined %v, alone %v", i/c.ch, i/c.ch/spf, got[i], want[i])
				}
			}

			p := filepath.Join(t.TempDir(), "joined.mp3")
			var file bytes.Buffer
			if err := j.WriteTo(&file, samples); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, file.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			expect = expect[:samples*int64(c.ch)]
			own, d, err := decodeAll(t, p)
			if err != nil {
				t.Fatal(err)
			}
			if int64(len(own)) != samples*int64(c.ch) || d.Frames() != samples {
				t.Errorf("own decoder: %d samples, want %d", len(own)/c.ch, samples)
			}
			if snr := snrDB(expect, own); snr < 15 {
				t.Errorf("own decoder: %.1f dB SNR against the input", snr)
			}
			ff := ffmpegDecode(t, p)
			if int64(len(ff)) != samples*int64(c.ch) {
				t.Errorf("ffmpeg: %d samples, want %d", len(ff)/c.ch, samples)
			}
			if snr := snrDB(expect, ff); snr < 15 {
				t.Errorf("ffmpeg: %.1f dB SNR against the input (lag %d)", snr, bestLag(expect, ff, c.ch, 2000))
			}
			if m := mpg123Decode(t, p); int64(len(m)) != samples*int64(c.ch) {
				t.Errorf("mpg123: %d samples, want %d", len(m)/c.ch, samples)
			}
			if _, stderr, err := runToolErr(t, "ffmpeg", "-nostdin", "-v", "warning", "-i", p, "-f", "null", "-"); err != nil || len(stderr) > 0 {
				t.Errorf("ffmpeg warns: %v\n%s", err, stderr)
			}
		})
	}
}

func TestEncodeRunRefuses(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	loud := testSignal(44100, 1, 1152*8)
	if _, err := EncodeRun(audio.NewSlice(f, loud), 64); !errors.Is(err, ErrRun) {
		t.Errorf("run without a silent end: %v, want ErrRun", err)
	}
	if _, err := EncodeRun(audio.NewSlice(f, make([]float32, 1000)), 64); !errors.Is(err, ErrRun) {
		t.Errorf("run of 1000 samples: %v, want ErrRun", err)
	}
	// Just under the silent tail the encoder's delay leaves signal in the
	// last granules.
	in := runInput(44100, 1, 4000)
	short := append(testSignal(44100, 1, len(in)-SilentTail(44100)+400), make([]float32, SilentTail(44100)-400)...)
	if _, err := EncodeRun(audio.NewSlice(f, short), 64); !errors.Is(err, ErrRun) {
		t.Errorf("run with a short silent tail: %v, want ErrRun", err)
	}
	r, err := EncodeRun(audio.NewSlice(f, in), 64)
	if err != nil {
		t.Fatal(err)
	}
	j, err := NewJoiner(f, 64, Tags{})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Add(&Run{Format: audio.Format{SampleRate: 48000, Channels: 1}, Bitrate: 64}, -1); !errors.Is(err, ErrRun) {
		t.Errorf("run of another format: %v", err)
	}
	j.Add(r, -1)
	var b bytes.Buffer
	if err := j.WriteTo(&b, int64(r.Frames()*1152)); !errors.Is(err, ErrRun) {
		t.Errorf("no room for the decoder's flush: %v", err)
	}
	if err := j.WriteTo(&b, 10); !errors.Is(err, ErrRun) {
		t.Errorf("padding over 4095: %v", err)
	}
}

func TestCRC16(t *testing.T) {
	// CRC-16/ARC check value.
	if got := crc16(0, []byte("123456789")); got != 0xBB3D {
		t.Errorf("crc16(123456789) = %#04x, want 0xbb3d", got)
	}
}
