package loudness

import (
	"context"
	"errors"
	"math"
	"testing"

	"loa/pkg/audio"
)

// The 48 kHz K-weighting coefficients printed in ITU-R BS.1770-4, Tables 1
// and 2.
func TestKWeighting48kMatchesBS1770(t *testing.T) {
	shelf, hp := kWeighting(48000)
	cases := []struct {
		name      string
		got, want float64
	}{
		{"shelf b0", shelf.b0, 1.53512485958697},
		{"shelf b1", shelf.b1, -2.69169618940638},
		{"shelf b2", shelf.b2, 1.19839281085285},
		{"shelf a1", shelf.a1, -1.69065929318241},
		{"shelf a2", shelf.a2, 0.73248077421585},
		{"highpass b0", hp.b0, 1},
		{"highpass b1", hp.b1, -2},
		{"highpass b2", hp.b2, 1},
		{"highpass a1", hp.a1, -1.99004745483398},
		{"highpass a2", hp.a2, 0.99007225036621},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if d := math.Abs(c.got - c.want); d > 1e-8 {
				t.Errorf("got %.14f, want %.14f (diff %.2e)", c.got, c.want, d)
			}
		})
	}
}

// The K-weighting curve must not depend on the sample rate below the
// Nyquist region.
func TestKWeightingResponseAcrossRates(t *testing.T) {
	ref := func(f float64) float64 {
		s, h := kWeighting(48000)
		return 20 * math.Log10(s.response(f, 48000)*h.response(f, 48000))
	}
	// The bilinear transform is exact at the prewarped corners only; the
	// curve warps a little towards low sample rates (at 22.05 kHz by
	// 0.08 dB at 3 kHz, at 8 kHz by 0.4 dB).
	for _, fs := range []float64{22050, 32000, 44100, 96000, 192000} {
		for _, f := range []float64{20, 50, 100, 500, 997, 2000, 3000, 5000} {
			if f > fs*0.23 {
				continue
			}
			s, h := kWeighting(fs)
			got := 20 * math.Log10(s.response(f, fs)*h.response(f, fs))
			if d := math.Abs(got - ref(f)); d > 0.1 {
				t.Errorf("fs %g, %g Hz: %.3f dB, 48 kHz gives %.3f dB", fs, f, got, ref(f))
			}
		}
	}
	// The loudness constant −0.691 compensates the gain at 997 Hz.
	s, h := kWeighting(48000)
	if g := 20 * math.Log10(s.response(997, 48000)*h.response(997, 48000)); math.Abs(g-0.691) > 0.01 {
		t.Errorf("gain at 997 Hz = %.3f dB, want 0.691", g)
	}
}

// stepValues writes samples in 100 ms pieces and returns Momentary and
// ShortTerm after each piece, with the time at its end.
func stepValues(t *testing.T, f audio.Format, samples []float32) (times, mom, short []float64) {
	t.Helper()
	m, err := NewMeter(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	step := f.SampleRate / 10 * f.Channels
	for i := 0; i+step <= len(samples); i += step {
		m.Write(samples[i : i+step])
		times = append(times, float64(m.Frames())/float64(f.SampleRate))
		mom = append(mom, m.Momentary())
		short = append(short, m.ShortTerm())
	}
	return times, mom, short
}

func TestEBUTech3341(t *testing.T) {
	st := func(ch int, sec float64, db float64) segment { return segment{sec, levels(ch, db)} }
	cases := []struct {
		name string
		segs []segment
		// What to check, each ±0.1.
		integrated float64
		momentary  float64 // every value after 1 s of signal
		shortTerm  float64 // every value after 3 s
		checkMS    bool
	}{
		{name: "1 stereo -23 dBFS", segs: []segment{st(2, 20, -23)}, integrated: -23, momentary: -23, shortTerm: -23, checkMS: true},
		{name: "2 stereo -33 dBFS", segs: []segment{st(2, 20, -33)}, integrated: -33, momentary: -33, shortTerm: -33, checkMS: true},
		{name: "3 relative gate", segs: []segment{st(2, 10, -36), st(2, 60, -23), st(2, 10, -36)}, integrated: -23},
		{name: "4 absolute and relative gates", segs: []segment{
			st(2, 10, -72), st(2, 10, -36), st(2, 60, -23), st(2, 10, -36), st(2, 10, -72)}, integrated: -23},
		{name: "5 loud middle", segs: []segment{st(2, 20, -26), st(2, 20.1, -20), st(2, 20, -26)}, integrated: -23},
		{name: "6 five channels", segs: []segment{{20, []float64{-28, -28, -24, -30, -30}}}, integrated: -23},
		{name: "6b 5.1 with silent LFE weight", segs: []segment{{20, []float64{-28, -28, -24, -10, -30, -30}}}, integrated: -23},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, x := toneSegments(48000, 1000, c.segs...)
			r := measureSlice(t, f, Options{}, x)
			t.Logf("I %.3f LUFS, max M %.3f, max S %.3f", r.Integrated, r.MaxMomentary, r.MaxShortTerm)
			if !within(r.Integrated, c.integrated, 0.1, 0.1) {
				t.Errorf("integrated %.2f LUFS, want %.1f ±0.1", r.Integrated, c.integrated)
			}
			if !c.checkMS {
				return
			}
			times, mom, short := stepValues(t, f, x)
			for i, tm := range times {
				if tm >= 1 && !within(mom[i], c.momentary, 0.1, 0.1) {
					t.Errorf("momentary at %.1f s = %.2f, want %.1f", tm, mom[i], c.momentary)
				}
				if tm >= 3 && !within(short[i], c.shortTerm, 0.1, 0.1) {
					t.Errorf("short-term at %.1f s = %.2f, want %.1f", tm, short[i], c.shortTerm)
				}
			}
			if !within(r.MaxMomentary, c.momentary, 0.1, 0.1) || !within(r.MaxShortTerm, c.shortTerm, 0.1, 0.1) {
				t.Errorf("max momentary %.2f, max short-term %.2f", r.MaxMomentary, r.MaxShortTerm)
			}
		})
	}
}

// Cases 9 and 12 alternate levels so that every window of the right length
// holds the same energy.
func TestEBUTech3341Alternating(t *testing.T) {
	var s9, s12 []segment
	for range 5 {
		s9 = append(s9, segment{1.34, levels(2, -20)}, segment{1.66, levels(2, -30)})
	}
	for range 25 {
		s12 = append(s12, segment{0.18, levels(2, -20)}, segment{0.22, levels(2, -30)})
	}
	t.Run("9 short-term", func(t *testing.T) {
		f, x := toneSegments(48000, 1000, s9...)
		times, _, short := stepValues(t, f, x)
		n := 0
		for i, tm := range times {
			if tm >= 3 {
				n++
				if !within(short[i], -23, 0.1, 0.1) {
					t.Errorf("short-term at %.1f s = %.2f, want -23.0", tm, short[i])
				}
			}
		}
		if n < 100 {
			t.Fatalf("only %d short-term values checked", n)
		}
	})
	t.Run("12 momentary", func(t *testing.T) {
		f, x := toneSegments(48000, 1000, s12...)
		times, mom, _ := stepValues(t, f, x)
		n := 0
		for i, tm := range times {
			if tm >= 1 {
				n++
				if !within(mom[i], -23, 0.1, 0.1) {
					t.Errorf("momentary at %.1f s = %.2f, want -23.0", tm, mom[i])
				}
			}
		}
		if n < 80 {
			t.Fatalf("only %d momentary values checked", n)
		}
	})
}

func TestEBUTech3341TruePeak(t *testing.T) {
	cases := []struct {
		name     string
		div      float64 // frequency = fs/div
		amp      float64
		phase    float64
		wantDBTP float64
	}{
		{"15 fs/4 0.5 0deg", 4, 0.5, 0, -6},
		{"16 fs/4 0.5 45deg", 4, 0.5, 45, -6},
		{"17 fs/6 0.5 60deg", 6, 0.5, 60, -6},
		{"18 fs/8 0.5 67.5deg", 8, 0.5, 67.5, -6},
		{"19 fs/4 1.41 45deg", 4, 1.41, 45, 3},
	}
	for _, fs := range []int{48000, 44100} {
		for _, c := range cases {
			t.Run(c.name+"@"+itoa(fs), func(t *testing.T) {
				x := phasedSine(fs, 2, float64(fs)/c.div, c.amp, c.phase, 2)
				// An abrupt start is a step, which really overshoots
				// between samples (ffmpeg reads -5.6 dBTP for case 15
				// started abruptly); fade in and out over 10 ms.
				fade(x, 2, fs/100)
				r := measureSlice(t, audio.Format{SampleRate: fs, Channels: 2}, DefaultOptions(), x)
				t.Logf("TP %.3f dBTP (sample peak %.3f)", r.TruePeak, r.SamplePeak)
				if !within(r.TruePeak, c.wantDBTP, 0.4, 0.2) {
					t.Errorf("true peak %.3f dBTP, want %.1f (+0.2/-0.4); sample peak %.3f", r.TruePeak, c.wantDBTP, r.SamplePeak)
				}
			})
		}
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// A sine's true peak is its amplitude whatever its frequency and phase, up
// to the interpolator's pass band, at every oversampling factor.
func TestTruePeakSines(t *testing.T) {
	for _, fs := range []int{16000, 22050, 44100, 48000, 96000} {
		for _, rel := range []float64{0.013, 0.1, 0.21, 0.33, 0.4} {
			for _, phase := range []float64{0, 17, 45, 90} {
				freq := rel * float64(fs)
				x := phasedSine(fs, 1, freq, 0.8, phase, 0.5)
				// Fade in and out: an abrupt start is a step, and a step
				// really does overshoot between samples.
				fade(x, 1, fs/50)
				r := measureSlice(t, audio.Format{SampleRate: fs, Channels: 1}, DefaultOptions(), x)
				want := 20 * math.Log10(0.8)
				// The oversampled grid may straddle the crest: at factor L
				// a sine at rel·fs can read up to -20·log10(cos(π·rel/L))
				// low.
				grid := -20 * math.Log10(math.Cos(math.Pi*rel/float64(meterFactor(fs))))
				if !within(r.TruePeak, want, grid+0.05, 0.05) {
					t.Errorf("fs %d, %.0f Hz, %g°: true peak %.3f dBTP, want %.3f (sample peak %.3f)",
						fs, freq, phase, r.TruePeak, want, r.SamplePeak)
				}
			}
		}
	}
}

func TestEBUTech3342(t *testing.T) {
	st := func(sec, db float64) segment { return segment{sec, levels(2, db)} }
	cases := []struct {
		name string
		segs []segment
		want float64
	}{
		{"1 -20 then -30", []segment{st(20, -20), st(20, -30)}, 10},
		{"2 -20 then -15", []segment{st(20, -20), st(20, -15)}, 5},
		{"3 -40 then -20", []segment{st(20, -40), st(20, -20)}, 20},
		{"4 -50 -35 -20 -35 -50", []segment{st(20, -50), st(20, -35), st(20, -20), st(20, -35), st(20, -50)}, 15},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, x := toneSegments(48000, 1000, c.segs...)
			r := measureSlice(t, f, Options{}, x)
			t.Logf("LRA %.3f LU", r.Range)
			if !within(r.Range, c.want, 1, 1) {
				t.Errorf("LRA %.2f LU, want %.0f ±1", r.Range, c.want)
			}
		})
	}
}

func TestSampleRatesAndLayouts(t *testing.T) {
	cases := []struct {
		name string
		fs   int
		lv   []float64
		opts Options
		want float64
	}{
		{"mono 48k", 48000, []float64{-23}, Options{}, -26.01},
		{"mono dual 48k", 48000, []float64{-23}, Options{DualMono: true}, -23},
		{"mono 8k", 8000, []float64{-23}, Options{}, -26.01},
		{"mono 22.05k", 22050, []float64{-23}, Options{}, -26.01},
		{"stereo 11.025k", 11025, []float64{-23, -23}, Options{}, -23},
		{"stereo 44.1k", 44100, []float64{-23, -23}, Options{}, -23},
		{"stereo 96k", 96000, []float64{-23, -23}, Options{}, -23},
		{"stereo 192k", 192000, []float64{-23, -23}, Options{}, -23},
		{"stereo one side", 48000, []float64{-23, math.Inf(-1)}, Options{}, -26.01},
		{"surround Ls only", 48000, []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1), -23, math.Inf(-1)}, Options{}, -26.01 + 10*math.Log10(1.41)},
		{"5.1 LFE only", 48000, []float64{math.Inf(-1), math.Inf(-1), math.Inf(-1), -10, math.Inf(-1), math.Inf(-1)}, Options{}, math.Inf(-1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, x := toneSegments(c.fs, 1000, segment{10, c.lv})
			r := measureSlice(t, f, c.opts, x)
			if math.IsInf(c.want, -1) {
				if !math.IsInf(r.Integrated, -1) {
					t.Errorf("integrated %.2f, want -Inf", r.Integrated)
				}
				return
			}
			if !within(r.Integrated, c.want, 0.05, 0.05) {
				t.Errorf("integrated %.3f LUFS, want %.2f", r.Integrated, c.want)
			}
			if math.Abs(r.Duration-10) > 1e-9 || r.Frames != int64(10*c.fs) {
				t.Errorf("duration %g s, %d frames", r.Duration, r.Frames)
			}
		})
	}
}

func TestUnsupportedFormats(t *testing.T) {
	for _, f := range []audio.Format{{SampleRate: 48000, Channels: 3}, {SampleRate: 48000, Channels: 4}, {SampleRate: 48000, Channels: 7},
		{SampleRate: 48000, Channels: 8}, {SampleRate: 48000, Channels: 0}, {SampleRate: 100, Channels: 2}} {
		if _, err := NewMeter(f, Options{}); !errors.Is(err, audio.ErrFormat) {
			t.Errorf("%v: err = %v, want audio.ErrFormat", f, err)
		}
	}
}

// Silence and short programmes report -Inf where nothing can be measured.
func TestSilenceAndShort(t *testing.T) {
	f := audio.Format{SampleRate: 48000, Channels: 2}
	r := measureSlice(t, f, DefaultOptions(), make([]float32, 2*48000*5))
	for name, v := range map[string]float64{"integrated": r.Integrated, "sample peak": r.SamplePeak,
		"true peak": r.TruePeak, "max momentary": r.MaxMomentary, "max short-term": r.MaxShortTerm} {
		if !math.IsInf(v, -1) {
			t.Errorf("silence: %s = %v, want -Inf", name, v)
		}
	}
	if r.Range != 0 {
		t.Errorf("silence: range %v", r.Range)
	}
	_, x := toneSegments(48000, 1000, segment{0.39, levels(2, -20)})
	r = measureSlice(t, f, DefaultOptions(), x)
	if !math.IsInf(r.Integrated, -1) || !math.IsInf(r.MaxMomentary, -1) {
		t.Errorf("390 ms: integrated %v, max momentary %v, want -Inf", r.Integrated, r.MaxMomentary)
	}
	if !within(r.SamplePeak, -20, 0.01, 0.01) || !within(r.TruePeak, -20, 0.05, 0.05) {
		t.Errorf("390 ms: sample peak %.3f, true peak %.3f, want -20", r.SamplePeak, r.TruePeak)
	}
	r = measureSlice(t, f, Options{}, x)
	if !math.IsNaN(r.TruePeak) {
		t.Errorf("true peak off: %v, want NaN", r.TruePeak)
	}
}

// Writing in odd pieces, even splitting frames, gives the same result as
// one write.
func TestWriteSplitsAreEquivalent(t *testing.T) {
	f, x := toneSegments(44100, 440, segment{3, []float64{-18, -25}}, segment{2, []float64{-30, -12}})
	want := measureSlice(t, f, DefaultOptions(), x)
	for _, piece := range []int{1, 3, 7, 4095, 10001} {
		m, err := NewMeter(f, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(x); i += piece {
			m.Write(x[i:min(i+piece, len(x))])
		}
		got := m.Result()
		// Only the order of floating-point sums may differ.
		if got.Frames != want.Frames || got.TruePeak != want.TruePeak || got.SamplePeak != want.SamplePeak ||
			math.Abs(got.Integrated-want.Integrated) > 1e-9 || math.Abs(got.Range-want.Range) > 1e-9 ||
			math.Abs(got.MaxMomentary-want.MaxMomentary) > 1e-9 || math.Abs(got.MaxShortTerm-want.MaxShortTerm) > 1e-9 {
			t.Errorf("pieces of %d: %+v, want %+v", piece, got, want)
		}
	}
}

func TestNonFiniteSamplesAreIgnored(t *testing.T) {
	f, x := toneSegments(48000, 1000, segment{5, levels(2, -23)})
	x[1000] = float32(math.NaN())
	x[5001] = float32(math.Inf(1))
	r := measureSlice(t, f, DefaultOptions(), x)
	if !within(r.Integrated, -23, 0.1, 0.1) || !within(r.TruePeak, -23, 0.1, 0.1) {
		t.Errorf("integrated %.2f, true peak %.2f", r.Integrated, r.TruePeak)
	}
}

// endless is a stream that never ends.
type endless struct{ f audio.Format }

func (e endless) Format() audio.Format { return e.f }
func (e endless) Read(b []float32) (int, error) {
	for i := range b {
		b[i] = 0.1
	}
	return len(b), nil
}

// failing returns some samples, then an error.
type failing struct {
	f     audio.Format
	calls int
}

var errBroken = errors.New("broken decoder")

func (s *failing) Format() audio.Format { return s.f }
func (s *failing) Read(b []float32) (int, error) {
	s.calls++
	if s.calls > 3 {
		return 0, errBroken
	}
	return len(b), nil
}

func TestMeasure(t *testing.T) {
	f, x := toneSegments(48000, 1000, segment{5, levels(2, -23)})
	r, err := Measure(t.Context(), audio.NewSlice(f, x), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if want := measureSlice(t, f, DefaultOptions(), x); r != want {
		t.Errorf("Measure %+v, meter %+v", r, want)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Measure(ctx, endless{f}, DefaultOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	if _, err := Measure(t.Context(), &failing{f: f}, DefaultOptions()); !errors.Is(err, errBroken) {
		t.Errorf("failing stream: err = %v", err)
	}
	if _, err := Measure(t.Context(), audio.NewSlice(audio.Format{SampleRate: 48000, Channels: 3}, nil), Options{}); !errors.Is(err, audio.ErrFormat) {
		t.Errorf("3 channels: err = %v", err)
	}
	r, err = Measure(t.Context(), audio.NewSlice(f, nil), DefaultOptions())
	if err != nil || r.Frames != 0 || !math.IsInf(r.Integrated, -1) {
		t.Errorf("empty: %+v, %v", r, err)
	}
}

func TestGainDB(t *testing.T) {
	cases := []struct {
		name             string
		measured, target float64
		want             float64
	}{
		{"louder", -23, -16, 7},
		{"quieter", -9.5, -16, -6.5},
		{"silence", math.Inf(-1), -16, 0},
		{"nan", math.NaN(), -16, 0},
		{"bad target", -20, math.Inf(1), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := GainDB(c.measured, c.target); got != c.want {
				t.Errorf("GainDB(%v, %v) = %v, want %v", c.measured, c.target, got, c.want)
			}
		})
	}
}

// FuzzMeter writes arbitrary samples (including NaN, ±Inf and huge values)
// in arbitrary pieces and checks the invariants of the result.
func FuzzMeter(f *testing.F) {
	f.Add([]byte{0, 0, 128, 63, 0, 0, 128, 191}, uint8(1), uint8(3))
	f.Add(make([]byte, 40000), uint8(5), uint8(0))
	f.Add([]byte{0, 0, 192, 127, 0, 0, 128, 127, 1, 2, 3, 4, 5}, uint8(0), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, layout, piece uint8) {
		ch := []int{1, 2, 5, 6}[layout%4]
		rate := []int{8000, 22050, 44100, 48000, 96000, 192000}[int(piece)%6]
		x := make([]float32, len(data)/4)
		for i := range x {
			x[i] = math.Float32frombits(uint32(data[4*i]) | uint32(data[4*i+1])<<8 | uint32(data[4*i+2])<<16 | uint32(data[4*i+3])<<24)
		}
		// Repeat so that several 100 ms steps pass.
		for len(x) > 0 && len(x) < rate/2*ch {
			x = append(x, x...)
		}
		m, err := NewMeter(audio.Format{SampleRate: rate, Channels: ch}, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		step := int(piece)%97 + 1
		for i := 0; i < len(x); i += step {
			m.Write(x[i:min(i+step, len(x))])
		}
		r := m.Result()
		if r.Frames != int64(len(x)/ch) {
			t.Fatalf("frames %d, want %d", r.Frames, len(x)/ch)
		}
		for name, v := range map[string]float64{"integrated": r.Integrated, "range": r.Range, "true peak": r.TruePeak,
			"sample peak": r.SamplePeak, "max momentary": r.MaxMomentary, "max short-term": r.MaxShortTerm} {
			if math.IsNaN(v) || math.IsInf(v, 1) {
				t.Fatalf("%s = %v", name, v)
			}
		}
		if r.TruePeak < r.SamplePeak {
			t.Fatalf("true peak %v below sample peak %v", r.TruePeak, r.SamplePeak)
		}
		if r.Integrated > r.MaxMomentary+1e-9 || r.Range < 0 {
			t.Fatalf("integrated %v, max momentary %v, range %v", r.Integrated, r.MaxMomentary, r.Range)
		}
	})
}

// TestIntegratedIsDeterministic measures the same programme many times: the
// gating histogram is a map, and the result must not depend on its order.
func TestIntegratedIsDeterministic(t *testing.T) {
	f := audio.Format{SampleRate: 48000, Channels: 1}
	x := make([]float32, 20*48000)
	for i := range x {
		tt := float64(i) / 48000
		x[i] = float32(0.3 * math.Sin(2*math.Pi*1000*tt) * (0.2 + 0.8*math.Abs(math.Sin(2*math.Pi*0.3*tt))))
	}
	var first float64
	for i := range 30 {
		m, err := NewMeter(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.Write(x)
		got := m.Result().Integrated
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("run %d: %v, first run %v", i, got, first)
		}
	}
}
