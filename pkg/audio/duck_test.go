package audio

import (
	"errors"
	"math"
	"testing"
	"time"
)

// noiseFloor returns n samples of deterministic noise at about level dBFS RMS.
func noiseFloor(n int, level float64, seed uint32) []float32 {
	x := make([]float32, n)
	a := math.Pow(10, level/20) * math.Sqrt(3)
	for i := range x {
		seed = seed*1664525 + 1013904223
		x[i] = float32(a * (float64(seed>>8)/float64(1<<24)*2 - 1))
	}
	return x
}

// speechLike builds a mono signal at 44.1 kHz from (start, end) seconds of
// "speech": a 300 Hz tone at -13 dBFS RMS with 100 ms syllable gaps every
// 400 ms (none in a part's last 100 ms, so each part ends on sound), over a
// -70 dBFS noise floor, total seconds long.
func speechLike(total float64, parts [][2]float64) []float32 {
	const rate = 44100
	x := noiseFloor(int(total*rate), -70, 7)
	for _, p := range parts {
		for i := int(p[0] * rate); i < int(p[1]*rate); i++ {
			if (i-int(p[0]*rate))%(rate*4/10) > rate*3/10 && i < int((p[1]-0.1)*rate) {
				continue // syllable gap
			}
			x[i] += float32(0.3 * math.Sin(2*math.Pi*300*float64(i)/rate))
		}
	}
	return x
}

func TestDuck(t *testing.T) {
	const rate = 44100
	speech := speechLike(11, [][2]float64{{1, 3}, {3.5, 5.5}, {7, 9}})
	bed := sine(mono44, 1000, 0.2, 12*rate)
	s, err := Duck(NewSlice(mono44, speech), &dribble{Stream: NewSlice(mono44, bed), max: 500}, DuckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if FramesOf(s) != int64(len(speech)) {
		t.Errorf("Frames() = %d, want %d", FramesOf(s), len(speech))
	}
	out := readAll(t, s)
	if len(out) != len(speech) {
		t.Fatalf("length %d, want the speech's %d", len(out), len(speech))
	}
	// The bed's gain over [from, to) seconds, measured on the output.
	gain := func(from, to float64) float64 {
		i, j := int(from*rate), int(to*rate)
		d := make([]float32, j-i)
		for k := range d {
			d[k] = out[i+k] - speech[i+k]
		}
		return RMSdB(d) - RMSdB(bed[i:j])
	}
	cases := []struct {
		name     string
		from, to float64
		want     float64
		tol      float64
	}{
		{"before the look-ahead: full level", 0.2, 0.78, 0, 0.05},
		{"ramping down before the first word", 0.89, 0.91, -10, 0.6},
		{"fully down at the first word", 0.995, 1.0, -19.75, 0.3},
		{"during speech (syllable gaps bridged)", 1.05, 2.95, -20, 0.05},
		{"during a 0.5 s pause: still ducked", 3.0, 3.5, -20, 0.05},
		{"second part", 3.5, 5.5, -20, 0.05},
		{"release half way, 0.4 s into a 1.5 s pause", 5.895, 5.905, -10, 0.3},
		{"recovered in a 1.5 s pause", 6.32, 6.78, 0, 0.05},
		{"down again in time for the third part", 6.995, 7.0, -19.75, 0.3},
		{"third part", 7.0, 9.0, -20, 0.05},
		{"releasing after the last word", 9.395, 9.405, -10, 0.3},
		{"released", 9.82, 10.48, 0, 0.05},
	}
	for _, c := range cases {
		g := gain(c.from, c.to)
		if math.Abs(g-c.want) > c.tol {
			t.Errorf("%s [%.2f s, %.2f s]: bed at %.2f dB, want %.1f ± %.2f", c.name, c.from, c.to, g, c.want, c.tol)
		}
	}
	// The bed ends with the speech through a fade, without a click.
	last := len(out) - 1
	if d := math.Abs(float64(out[last] - speech[last])); d > 1e-6 {
		t.Errorf("bed not faded out at the end: %v", d)
	}
	if g := gain(10.745, 10.755); math.Abs(g-(-6)) > 0.5 {
		t.Errorf("end fade midpoint: %.2f dB, want about -6", g)
	}
	// With a silent bed the speech comes out bit for bit.
	s2, _ := Duck(NewSlice(mono44, speech), Silence(mono44, time.Second), DuckOptions{})
	out2 := readAll(t, s2)
	for i := range speech {
		if out2[i] != speech[i] {
			t.Fatalf("speech altered at %d", i)
		}
	}
}

func TestDuckOptions(t *testing.T) {
	const rate = 44100
	speech := speechLike(4, [][2]float64{{1, 2}, {2.3, 3}})
	bed := sine(mono44, 1000, 0.2, 4*rate)
	s, err := Duck(NewSlice(mono44, speech), NewSlice(mono44, bed), DuckOptions{
		Depth: -12, Attack: 50 * time.Millisecond, LookAhead: 100 * time.Millisecond,
		Hold: 100 * time.Millisecond, Release: 100 * time.Millisecond, EndFade: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	out := readAll(t, s)
	gain := func(from, to float64) float64 {
		i, j := int(from*rate), int(to*rate)
		d := make([]float32, j-i)
		for k := range d {
			d[k] = out[i+k] - speech[i+k]
		}
		return RMSdB(d) - RMSdB(bed[i:j])
	}
	for _, c := range []struct {
		name     string
		from, to float64
		want     float64
	}{
		{"before look-ahead", 0.5, 0.89, 0},
		{"down 50 ms after the look-ahead start", 0.951, 1.0, -12},
		{"in speech", 1.1, 1.9, -12},
		{"300 ms pause > 100 ms hold: released", 2.11, 2.19, 0},
	} {
		if g := gain(c.from, c.to); math.Abs(g-c.want) > 0.1 {
			t.Errorf("%s: %.2f dB, want %.1f", c.name, g, c.want)
		}
	}
}

func TestDuckErrors(t *testing.T) {
	x := speechLike(2, [][2]float64{{0.5, 1.5}})
	stereo := Format{SampleRate: 44100, Channels: 2}
	if _, err := Duck(NewSlice(mono44, x), NewSlice(stereo, nil), DuckOptions{}); !errors.Is(err, ErrFormatMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	for _, o := range []DuckOptions{
		{Depth: 6}, {Attack: -time.Second}, {Hold: -1}, {Threshold: math.NaN()}, {Window: -time.Millisecond},
	} {
		if _, err := Duck(NewSlice(mono44, x), NewSlice(mono44, x), o); !errors.Is(err, ErrParameter) {
			t.Errorf("%+v: err = %v, want ErrParameter", o, err)
		}
	}
	for _, c := range []struct {
		name        string
		speech, bed Stream
	}{
		{"speech fails", newFailing(mono44, x), NewSlice(mono44, x)},
		{"bed fails", NewSlice(mono44, x), newFailing(mono44, x[:20000])},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Duck(c.speech, c.bed, DuckOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ReadAll(s); !errors.Is(err, errBroken) {
				t.Errorf("err = %v, want errBroken", err)
			}
		})
	}
	// A bed shorter than the speech ends; the output keeps the speech length.
	s, _ := Duck(NewSlice(mono44, x), NewSlice(mono44, constant(mono44, 0.1, 1000)), DuckOptions{})
	if y := readAll(t, s); len(y) != len(x) {
		t.Errorf("short bed: %d frames, want %d", len(y), len(x))
	}
}
