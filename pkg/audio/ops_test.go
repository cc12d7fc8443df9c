package audio

import (
	"context"
	"errors"
	"io"
	"math"
	"testing"
	"time"
)

var mono44 = Format{SampleRate: 44100, Channels: 1}

func TestRemix(t *testing.T) {
	const h = math.Sqrt2 / 2
	cases := []struct {
		name  string
		in    int
		out   int
		frame []float32
		want  []float32
	}{
		{"stereo to mono", 2, 1, []float32{0.8, 0.2}, []float32{0.5}},
		{"mono to stereo", 1, 2, []float32{0.3}, []float32{0.3, 0.3}},
		{"mono to 5.1", 1, 6, []float32{0.3}, []float32{0.3, 0.3, 0, 0, 0, 0}},
		{"stereo to 5.1", 2, 6, []float32{0.1, 0.2}, []float32{0.1, 0.2, 0, 0, 0, 0}},
		// L R C LFE Ls Rs
		{"5.1 to stereo", 6, 2, []float32{0.1, 0.2, 0.3, 0.9, 0.4, 0.5},
			[]float32{0.1 + h*0.3 + h*0.4, 0.2 + h*0.3 + h*0.5}},
		{"5.0 to stereo", 5, 2, []float32{0.1, 0.2, 0.3, 0.4, 0.5},
			[]float32{0.1 + h*0.3 + h*0.4, 0.2 + h*0.3 + h*0.5}},
		{"5.1 to mono", 6, 1, []float32{0.1, 0.2, 0.3, 0.9, 0.4, 0.5},
			[]float32{0.5*(0.1+0.2) + h*0.3 + h/2*(0.4+0.5)}},
		{"5.1 centre only to mono keeps -3 dB", 6, 1, []float32{0, 0, 1, 0, 0, 0}, []float32{h}},
		{"7.1 to stereo", 8, 2, []float32{0.1, 0.2, 0.3, 0.9, 0.4, 0.5, 0.6, 0.7},
			[]float32{0.1 + h*(0.3+0.4+0.6), 0.2 + h*(0.3+0.5+0.7)}},
		{"quad to stereo", 4, 2, []float32{0.1, 0.2, 0.4, 0.5}, []float32{0.1 + h*0.4, 0.2 + h*0.5}},
		{"7.1 to 5.1", 8, 6, []float32{0.1, 0.2, 0.3, 0.9, 0.4, 0.5, 0.6, 0.7},
			[]float32{0.1, 0.2, 0.3, 0.9, 0.4 + 0.6, 0.5 + 0.7}},
		{"5.1 to 5.0 drops LFE", 6, 5, []float32{0.1, 0.2, 0.3, 0.9, 0.4, 0.5},
			[]float32{0.1, 0.2, 0.3, 0.4, 0.5}},
		{"3 to mono", 3, 1, []float32{0.2, 0.4, 0.5}, []float32{0.3 + h*0.5}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := Format{SampleRate: 48000, Channels: c.in}
			frames := 3000 // more than one internal chunk
			x := make([]float32, 0, frames*c.in)
			for range frames {
				x = append(x, c.frame...)
			}
			s, err := Remix(NewSlice(f, x), c.out)
			if err != nil {
				t.Fatal(err)
			}
			if s.Format().Channels != c.out || FramesOf(s) != int64(frames) {
				t.Fatalf("format %v, frames %d", s.Format(), FramesOf(s))
			}
			y := readAll(t, s)
			if len(y) != frames*c.out {
				t.Fatalf("got %d samples, want %d", len(y), frames*c.out)
			}
			for i, v := range y {
				if w := c.want[i%c.out]; math.Abs(float64(v-w)) > 1e-6 {
					t.Fatalf("sample %d = %v, want %v", i, v, w)
				}
			}
		})
	}
}

func TestRemixErrors(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 2}
	src := NewSlice(f, make([]float32, 20))
	if s, err := Remix(src, 2); err != nil || s != Stream(src) {
		t.Errorf("same channels: want the input itself")
	}
	for _, n := range []int{0, 9, -1} {
		if _, err := Remix(src, n); !errors.Is(err, ErrFormat) {
			t.Errorf("%d channels: err = %v, want ErrFormat", n, err)
		}
	}
	s, _ := Remix(newFailing(f, make([]float32, 5000)), 1)
	if _, err := ReadAll(s); !errors.Is(err, errBroken) {
		t.Errorf("err = %v, want errBroken", err)
	}
}

func TestGain(t *testing.T) {
	x := sine(mono44, 440, 0.5, 1000)
	cases := []struct {
		name string
		db   float64
		want float64 // factor
	}{
		{"-6.02 dB halves", -20 * math.Log10(2), 0.5},
		{"+6.02 dB doubles", 20 * math.Log10(2), 2},
		{"-inf mutes", math.Inf(-1), 0},
		{"-20 dB", -20, 0.1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Gain(NewSlice(mono44, x), c.db)
			if FramesOf(s) != 1000 {
				t.Errorf("Frames() = %d", FramesOf(s))
			}
			y := readAll(t, s)
			for i := range x {
				if math.Abs(float64(y[i])-c.want*float64(x[i])) > 1e-6 {
					t.Fatalf("sample %d = %v, want %v", i, y[i], c.want*float64(x[i]))
				}
			}
		})
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := Gain(NewSlice(mono44, x), bad).Read(make([]float32, 8)); !errors.Is(err, ErrParameter) {
			t.Errorf("gain %v: err = %v, want ErrParameter", bad, err)
		}
	}
	src := NewSlice(mono44, x)
	if Gain(src, 0) != Stream(src) {
		t.Error("0 dB should return the input")
	}
}

// maxStep is the largest sample-to-sample difference in x[from:to] of one
// channel.
func maxStep(x []float32, from, to int) float64 {
	var m float64
	for i := max(from, 1); i < to; i++ {
		m = max(m, math.Abs(float64(x[i]-x[i-1])))
	}
	return m
}

func TestFade(t *testing.T) {
	n := 44100
	// A full-scale cosine starts and ends at its peak: without a fade the
	// first and last samples are a full-scale click.
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(math.Cos(2 * math.Pi * 1000 * float64(i) / 44100))
	}
	natural := 2 * math.Pi * 1000 / 44100 // largest step of the sine itself
	cases := []struct {
		name    string
		in, out time.Duration
		src     func() Stream
	}{
		{"default edges, known length", DefaultEdgeFade, DefaultEdgeFade, func() Stream { return NewSlice(mono44, x) }},
		{"unknown length, small reads", 20 * time.Millisecond, 5 * time.Millisecond, func() Stream {
			return &dribble{Stream: &limited{Stream: newEndless(mono44, x), left: n}, max: 7}
		}},
		{"long fade-out", 0, 500 * time.Millisecond, func() Stream { return NewSlice(mono44, x) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Fade(c.src(), c.in, c.out)
			if err != nil {
				t.Fatal(err)
			}
			y := readAll(t, s)
			if len(y) != n {
				t.Fatalf("length %d, want %d", len(y), n)
			}
			nIn := int(DurationFrames(c.in, 44100))
			nOut := int(DurationFrames(c.out, 44100))
			if nIn > 0 && y[0] != 0 {
				t.Errorf("first sample %v, want 0", y[0])
			}
			if nOut > 0 && y[n-1] != 0 {
				t.Errorf("last sample %v, want 0", y[n-1])
			}
			edge := 882 // 20 ms
			if st := max(maxStep(y, 0, edge), maxStep(y, n-edge, n)); st > natural*1.1 {
				t.Errorf("click: step %.4f at an edge > %.4f", st, natural)
			}
			// Gain law at the middle of each fade, and untouched middle.
			if nIn > 0 {
				if g := float64(y[nIn/2]) / float64(x[nIn/2]); math.Abs(g-0.5) > 0.01 {
					t.Errorf("fade-in midpoint gain %.3f, want 0.5", g)
				}
			}
			if nOut > 0 {
				i := n - 1 - nOut/2
				if g := float64(y[i]) / float64(x[i]); math.Abs(g-0.5) > 0.01 {
					t.Errorf("fade-out midpoint gain %.3f, want 0.5", g)
				}
			}
			mid := n / 2
			if y[mid] != x[mid] && nOut < n/2 {
				t.Errorf("middle sample changed: %v != %v", y[mid], x[mid])
			}
		})
	}
}

func TestFadeShortAndErrors(t *testing.T) {
	// A stream shorter than its fades: both apply, nothing breaks.
	s, err := Fade(NewSlice(mono44, constant(mono44, 1, 100)), 10*time.Millisecond, 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	y := readAll(t, s)
	if len(y) != 100 || y[0] != 0 || y[99] != 0 || Peak(y) > 0.2 {
		t.Errorf("short stream: len %d first %v last %v peak %v", len(y), y[0], y[99], Peak(y))
	}
	if _, err := Fade(NewSlice(mono44, nil), -time.Millisecond, 0); !errors.Is(err, ErrParameter) {
		t.Errorf("negative fade: err = %v", err)
	}
	src := NewSlice(mono44, nil)
	if s, _ := Fade(src, 0, 0); s != Stream(src) {
		t.Error("zero fades should return the input")
	}
	s, _ = Fade(newFailing(mono44, make([]float32, 10000)), time.Millisecond, 50*time.Millisecond)
	if _, err := ReadAll(s); !errors.Is(err, errBroken) {
		t.Errorf("err = %v, want errBroken", err)
	}
}

func TestSilence(t *testing.T) {
	cases := []struct {
		d    time.Duration
		rate int
		want int64
	}{
		{time.Second, 44100, 44100},
		{time.Millisecond, 44100, 44},        // 44.1
		{1500 * time.Microsecond, 44100, 66}, // 66.15
		{12500 * time.Microsecond, 8000, 100},
		{time.Duration(0), 48000, 0},
		{3 * time.Hour, 48000, 3 * 3600 * 48000},
	}
	for _, c := range cases {
		f := Format{SampleRate: c.rate, Channels: 2}
		s := Silence(f, c.d)
		if FramesOf(s) != c.want {
			t.Errorf("%v at %d Hz: Frames() = %d, want %d", c.d, c.rate, FramesOf(s), c.want)
		}
		if c.want > 1e6 {
			continue
		}
		y := readAll(t, s)
		if int64(len(y)) != 2*c.want || Peak(y) != 0 {
			t.Errorf("%v at %d Hz: %d frames, peak %v", c.d, c.rate, len(y)/2, Peak(y))
		}
	}
	if _, err := Silence(mono44, -time.Second).Read(make([]float32, 4)); !errors.Is(err, ErrParameter) {
		t.Errorf("negative: err = %v", err)
	}
	if _, err := Silence(Format{SampleRate: 1, Channels: 1}, time.Second).Read(make([]float32, 4)); !errors.Is(err, ErrFormat) {
		t.Errorf("bad format: err = %v", err)
	}
}

func TestWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := WithContext(ctx, newEndless(mono44, sine(mono44, 440, 0.5, 441)))
	buf := make([]float32, 512)
	if n, err := s.Read(buf); n != 512 || err != nil {
		t.Fatalf("before cancel: %d, %v", n, err)
	}
	cancel()
	if _, err := s.Read(buf); !errors.Is(err, context.Canceled) {
		t.Fatalf("after cancel: err = %v, want context.Canceled", err)
	}
	// Through a pipeline: the cancellation surfaces from the last stage.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	r, _ := Resample(WithContext(ctx2, newEndless(mono44, sine(mono44, 440, 0.5, 441))), 48000)
	p, _ := Concat(Silence(Format{SampleRate: 48000, Channels: 1}, 10*time.Millisecond), r)
	if _, err := ReadFull(p, make([]float32, 48000)); err != nil {
		t.Fatal(err)
	}
	cancel2()
	var err error
	for range 100 {
		if _, err = p.Read(buf); err != nil {
			break
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("pipeline after cancel: err = %v", err)
	}
}

func TestMeters(t *testing.T) {
	x := sine(mono44, 1000, 1, 44100)
	if p := Peak(x); math.Abs(float64(p)-1) > 1e-3 {
		t.Errorf("Peak = %v", p)
	}
	if r := RMSdB(x); math.Abs(r+3.0103) > 0.01 {
		t.Errorf("RMSdB of a full-scale sine = %.3f, want -3.01", r)
	}
	if r := RMSdB(constant(mono44, -0.5, 10)); math.Abs(r+6.0206) > 1e-3 {
		t.Errorf("RMSdB of -0.5 DC = %.3f", r)
	}
	if !math.IsInf(RMSdB(nil), -1) || !math.IsInf(RMSdB(make([]float32, 5)), -1) {
		t.Error("silence should be -Inf dB")
	}
	if Peak(nil) != 0 || !math.IsInf(PeakdB(nil), -1) {
		t.Error("empty peak")
	}
	if p := Peak([]float32{0.1, float32(math.NaN())}); !math.IsNaN(float64(p)) {
		t.Error("NaN should be reported by Peak")
	}
}

// TestTinyBuffers reads every stage with a buffer smaller than a frame and
// with one frame at a time.
func TestTinyBuffers(t *testing.T) {
	f := Format{SampleRate: 44100, Channels: 2}
	x := sine(f, 440, 0.5, 3000)
	mk := map[string]func() (Stream, error){
		"resample": func() (Stream, error) { return Resample(NewSlice(f, x), 48000) },
		"remix":    func() (Stream, error) { return Remix(NewSlice(f, x), 1) },
		"fade":     func() (Stream, error) { return Fade(NewSlice(f, x), time.Millisecond, time.Millisecond) },
		"concat":   func() (Stream, error) { return Concat(NewSlice(f, x), NewSlice(f, x)) },
		"crossfade": func() (Stream, error) {
			return Crossfade(NewSlice(f, x), NewSlice(f, x), 5*time.Millisecond)
		},
		"mix":  func() (Stream, error) { return Mix(NewSlice(f, x), NewSlice(f, x)), nil },
		"duck": func() (Stream, error) { return Duck(NewSlice(f, x), NewSlice(f, x), DuckOptions{}) },
		"trim": func() (Stream, error) { return TrimSilence(NewSlice(f, x), TrimOptions{}) },
	}
	for name, m := range mk {
		t.Run(name, func(t *testing.T) {
			s, err := m()
			if err != nil {
				t.Fatal(err)
			}
			ref, _ := m()
			want := readAll(t, ref)
			one := make([]float32, 1)
			n, err := s.Read(one)
			if s.Format().Channels > 1 && (n != 0 || err != nil) {
				t.Fatalf("sub-frame buffer: %d, %v", n, err)
			}
			got := one[:n]
			buf := make([]float32, 2)
			for {
				n, err := s.Read(buf)
				got = append(got, buf[:n]...)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("frame-by-frame: %d samples, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("frame-by-frame differs at %d", i)
				}
			}
		})
	}
}

// TestBufferLimits: durations that would need a huge buffer are refused,
// not allocated.
func TestBufferLimits(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 2}
	long := 2 * time.Hour
	huge := time.Duration(math.MaxInt64)
	check := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, ErrParameter) {
			t.Errorf("%s: err = %v, want ErrParameter", name, err)
		}
	}
	_, err := Fade(NewSlice(f, nil), 0, long)
	check("fade", err)
	_, err = Crossfade(NewSlice(f, nil), NewSlice(f, nil), long)
	check("crossfade", err)
	_, err = Duck(NewSlice(f, nil), NewSlice(f, nil), DuckOptions{Hold: long})
	check("duck hold", err)
	_, err = Duck(NewSlice(f, nil), NewSlice(f, nil), DuckOptions{Hold: huge, Window: huge})
	check("duck overflow", err)
	_, err = TrimSilence(NewSlice(f, nil), TrimOptions{MaxHold: long})
	check("trim", err)
	// A long fade-in needs no buffer.
	if _, err := Fade(NewSlice(f, nil), long, 0); err != nil {
		t.Errorf("long fade-in: %v", err)
	}
}
