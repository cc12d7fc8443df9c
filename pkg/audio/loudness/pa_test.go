package loudness

import (
	"errors"
	"math"
	"testing"

	"loa/pkg/audio"
)

// rmsDB returns the RMS level of channel c of x (interleaved, ch channels)
// over frames [from, to), in dBFS.
func rmsDB(x []float32, ch, c, from, to int) float64 {
	s := 0.0
	for i := from; i < to; i++ {
		v := float64(x[i*ch+c])
		s += v * v
	}
	return 10 * math.Log10(s/float64(to-from))
}

func runPA(t *testing.T, f audio.Format, x []float32) []float32 {
	t.Helper()
	s, err := NewPAVoicing(audio.NewSlice(f, x))
	if err != nil {
		t.Fatal(err)
	}
	y, err := audio.ReadAll(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(y) != len(x) {
		t.Fatalf("%d samples in, %d out", len(x), len(y))
	}
	return y
}

// Below the compressor threshold the preset is a fixed filter.
func TestPAVoicingFrequencyResponse(t *testing.T) {
	cases := []struct {
		name   string
		hz     float64
		lo, hi float64 // expected gain range, dB
	}{
		{"30 Hz cut", 30, -100, -40},
		{"60 Hz cut", 60, -100, -20},
		{"120 Hz corner", 120, -3.4, -2.6},
		{"300 Hz flat", 300, -0.5, 0.5},
		{"1 kHz", 1000, 0, 1},
		{"3 kHz presence", 3000, 2.8, 3.2},
		{"10 kHz flat", 10000, -0.1, 0.6},
	}
	for _, fs := range []int{22050, 44100, 48000} {
		for _, c := range cases {
			if c.hz > 0.4*float64(fs) {
				continue
			}
			t.Run(c.name+"@"+itoa(fs), func(t *testing.T) {
				f, x := toneSegments(fs, c.hz, segment{2, []float64{-40, -46}})
				y := runPA(t, f, x)
				for ch := range 2 {
					// Skip the first second: filters settle.
					g := rmsDB(y, 2, ch, fs, 2*fs) - rmsDB(x, 2, ch, fs, 2*fs)
					if ch == 0 {
						t.Logf("%g Hz: %+.2f dB", c.hz, g)
					}
					if g < c.lo || g > c.hi {
						t.Errorf("channel %d: gain %.2f dB, want %.1f to %.1f", ch, g, c.lo, c.hi)
					}
				}
			})
		}
	}
}

// Above the knee, every 3 dB more in gives 1 dB more out.
func TestPAVoicingCompressionRatio(t *testing.T) {
	fs := 48000
	out := func(levelRMS float64) float64 {
		// A sine's RMS is its peak level minus 3.01 dB.
		f, x := toneSegments(fs, 1000, segment{3, []float64{levelRMS + 3.0103}})
		y := runPA(t, f, x)
		return rmsDB(y, 1, 0, 2*fs, 3*fs) - rmsDB(x, 1, 0, 2*fs, 3*fs) + levelRMS
	}
	base := out(-40) - (-40) // filter gain at 1 kHz, no compression
	cases := []struct {
		name   string
		lo, hi float64
	}{
		{"knee top to +12", -21, -9},
		{"+6 to +18", -18, -6},
		{"+12 to +24", -12, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := out(c.lo), out(c.hi)
			ratio := (c.hi - c.lo) / (b - a)
			t.Logf("%g→%.2f, %g→%.2f dB RMS: ratio %.3f", c.lo, a, c.hi, b, ratio)
			if math.Abs(ratio-PARatio) > 0.1 {
				t.Errorf("%g→%.2f, %g→%.2f dB RMS: ratio %.2f, want %.1f", c.lo, a, c.hi, b, ratio, PARatio)
			}
			// Static curve: threshold + over/ratio (plus the EQ's gain).
			if want := PAThresholdDB + (c.hi-PAThresholdDB)/PARatio + base; math.Abs(b-want) > 0.2 {
				t.Errorf("output at %g dB RMS: %.2f, want %.2f", c.hi, b, want)
			}
		})
	}
}

// The compressor follows a level step with its attack and release times.
func TestPAVoicingTimeConstants(t *testing.T) {
	fs := 48000
	f, x := toneSegments(fs, 1000, segment{1, []float64{-40}}, segment{1, []float64{-6}}, segment{1, []float64{-40}})
	y := runPA(t, f, x)
	gain := func(at float64) float64 {
		i := int(at * float64(fs))
		return rmsDB(y, 1, 0, i, i+48) - rmsDB(x, 1, 0, i, i+48)
	}
	settledLoud, settledQuiet := gain(1.9), gain(0.9)
	reduction := settledQuiet - settledLoud
	t.Logf("reduction %.2f dB; 55 ms after step %.2f; 150 ms after drop %.2f", reduction, gain(1+5*PAAttack+0.005)-settledQuiet, gain(2+PARelease)-settledQuiet)
	if reduction < 8 {
		t.Fatalf("gain reduction at -6 dBFS only %.1f dB", reduction)
	}
	// After 5 attack time constants the reduction is almost complete.
	if g := gain(1 + 5*PAAttack + 0.005); g-settledLoud > 0.2*reduction {
		t.Errorf("50 ms after the step: gain %.1f dB, settled %.1f", g, settledLoud)
	}
	// One release time constant after the drop, about 63 % recovered.
	g := gain(2 + PARelease)
	if rec := (g - settledLoud) / reduction; rec < 0.45 || rec > 0.8 {
		t.Errorf("150 ms after the drop: %.0f %% recovered", 100*rec)
	}
}

func TestPAVoicingErrors(t *testing.T) {
	if _, err := NewPAVoicing(audio.NewSlice(audio.Format{SampleRate: 4000, Channels: 1}, nil)); !errors.Is(err, audio.ErrFormat) {
		t.Errorf("4 kHz: err = %v", err)
	}
	s, err := NewPAVoicing(&failing{f: audio.Format{SampleRate: 48000, Channels: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audio.ReadAll(s); !errors.Is(err, errBroken) {
		t.Errorf("failing source: err = %v", err)
	}
}

func TestGainStage(t *testing.T) {
	f, x := toneSegments(44100, 1000, segment{1, []float64{-20, -26}})
	cases := []struct {
		name string
		db   float64
	}{{"boost", 6}, {"cut", -12.5}, {"unity", 0}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewGain(audio.NewSlice(f, x), c.db)
			if n := s.(audio.Lengther).Frames(); n != 44100 {
				t.Errorf("Frames() = %d", n)
			}
			y, err := audio.ReadAll(s)
			if err != nil {
				t.Fatal(err)
			}
			a := measureSlice(t, f, Options{}, x)
			b := measureSlice(t, f, Options{}, y)
			if d := b.Integrated - a.Integrated; math.Abs(d-c.db) > 1e-3 {
				t.Errorf("loudness moved %.4f dB, want %g", d, c.db)
			}
		})
	}
	for _, db := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := audio.ReadAll(NewGain(audio.NewSlice(f, x), db)); !errors.Is(err, ErrOption) {
			t.Errorf("gain %v: err = %v", db, err)
		}
	}
}

// Normalising with GainDB then limiting lands on the target when the
// limiter has little to do.
func TestNormalizeChain(t *testing.T) {
	f, x := toneSegments(44100, 440, segment{4, []float64{-30}}, segment{4, []float64{-24}})
	r, err := Measure(t.Context(), audio.NewSlice(f, x), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	g := GainDB(r.Integrated, -16)
	lim, err := NewLimiter(NewGain(audio.NewSlice(f, x), g), -1, LimiterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Measure(t.Context(), lim, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if !within(out.Integrated, -16, 0.1, 0.1) || out.TruePeak > -1 || out.Frames != r.Frames {
		t.Errorf("after normalising: %+v", out)
	}
}
