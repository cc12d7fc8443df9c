package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"testing"
	"time"
)

func TestConcat(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 2}
	a, b, c := sine(f, 440, 0.5, 1000), sine(f, 880, 0.25, 0), sine(f, 220, 0.1, 4097)
	cases := []struct {
		name   string
		inputs func() []Stream
		frames int64
	}{
		{"known lengths", func() []Stream { return []Stream{NewSlice(f, a), NewSlice(f, b), NewSlice(f, c)} }, 5097},
		{"unknown length, small reads", func() []Stream {
			return []Stream{&dribble{Stream: &limited{Stream: NewSlice(f, a), left: 1000}, max: 3}, NewSlice(f, c)}
		}, -1},
		{"with silence", func() []Stream { return []Stream{NewSlice(f, a), Silence(f, 250*time.Millisecond), NewSlice(f, c)} }, 17097},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Concat(tc.inputs()...)
			if err != nil {
				t.Fatal(err)
			}
			if FramesOf(s) != tc.frames {
				t.Errorf("Frames() = %d, want %d", FramesOf(s), tc.frames)
			}
			var want []float32
			for _, in := range tc.inputs() {
				want = append(want, readAll(t, in)...)
			}
			got := readAll(t, s)
			if len(got) != len(want) {
				t.Fatalf("%d samples, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("sample %d differs", i)
				}
			}
		})
	}
}

func TestConcatErrors(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 1}
	if _, err := Concat(); !errors.Is(err, ErrParameter) {
		t.Errorf("no streams: %v", err)
	}
	_, err := Concat(NewSlice(f, nil), NewSlice(Format{SampleRate: 44100, Channels: 1}, nil))
	if !errors.Is(err, ErrFormatMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	if _, err := Concat(NewSlice(f, nil), nil); !errors.Is(err, ErrParameter) {
		t.Errorf("nil stream: %v", err)
	}
	// The broken second clip: its error, not a silently shorter bulletin.
	x := sine(f, 440, 0.5, 3000)
	s, _ := Concat(NewSlice(f, x), newFailing(f, x), NewSlice(f, x))
	got, err := ReadAll(s)
	if !errors.Is(err, errBroken) {
		t.Fatalf("err = %v, want errBroken", err)
	}
	if len(got) < 3000 || len(got) > 6000 {
		t.Errorf("%d samples before the error", len(got))
	}
	t.Logf("error: %v", err)
	if _, err := s.Read(make([]float32, 10)); !errors.Is(err, errBroken) {
		t.Error("error is not sticky")
	}
}

type stuck struct{ f Format }

func (s stuck) Format() Format              { return s.f }
func (s stuck) Read([]float32) (int, error) { return 0, nil }

func TestNoProgress(t *testing.T) {
	f := Format{SampleRate: 48000, Channels: 1}
	s, _ := Concat(NewSlice(f, make([]float32, 10)), stuck{f})
	if _, err := ReadAll(s); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("concat: %v", err)
	}
	r, _ := Resample(stuck{f}, 44100)
	if _, err := ReadAll(r); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("resample: %v", err)
	}
}

func TestCrossfade(t *testing.T) {
	f := Format{SampleRate: 8000, Channels: 2}
	cases := []struct {
		name        string
		la, lb      int
		d           time.Duration
		wantOverlap int
		unknownAlen bool
	}{
		{"normal", 8000, 6000, 250 * time.Millisecond, 2000, false},
		{"a shorter than d", 1000, 6000, 250 * time.Millisecond, 1000, false},
		{"b shorter than d", 8000, 500, 250 * time.Millisecond, 500, false},
		{"unknown a length", 8000, 6000, 100 * time.Millisecond, 800, true},
		{"empty a", 0, 300, 100 * time.Millisecond, 0, false},
		{"long crossfade, more than a chunk", 20000, 20000, 2 * time.Second, 16000, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var a Stream = NewSlice(f, constant(f, 1, c.la))
			if c.unknownAlen {
				a = &dribble{Stream: &limited{Stream: a, left: c.la}, max: 11}
			}
			b := NewSlice(f, constant(f, -1, c.lb))
			s, err := Crossfade(a, b, c.d)
			if err != nil {
				t.Fatal(err)
			}
			want := c.la + c.lb - c.wantOverlap
			if n := FramesOf(s); n != int64(want) && !(c.unknownAlen && n == -1) {
				t.Errorf("Frames() = %d, want %d", n, want)
			}
			y := readAll(t, s)
			if len(y) != 2*want {
				t.Fatalf("%d frames, want %d", len(y)/2, want)
			}
			start := c.la - c.wantOverlap
			for i := 0; i < want; i++ {
				var w float64
				switch {
				case i < start:
					w = 1
				case i < c.la:
					x := (float64(i-start) + 0.5) / float64(c.wantOverlap) * math.Pi / 2
					w = math.Cos(x) - math.Sin(x)
				default:
					w = -1
				}
				if math.Abs(float64(y[2*i])-w) > 1e-6 || y[2*i] != y[2*i+1] {
					t.Fatalf("frame %d = %v, want %v", i, y[2*i], w)
				}
			}
		})
	}
}

// TestCrossfadeEqualPower: uncorrelated noise keeps its power through the
// overlap.
func TestCrossfadeEqualPower(t *testing.T) {
	f := Format{SampleRate: 8000, Channels: 1}
	noise := func(seed uint32, n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			seed = seed*1664525 + 1013904223
			x[i] = float32(seed>>8)/float32(1<<24)*2 - 1
		}
		return x
	}
	a, b := noise(1, 40000), noise(2, 40000)
	s, _ := Crossfade(NewSlice(f, a), NewSlice(f, b), 2*time.Second)
	y := readAll(t, s)
	ref := RMSdB(a)
	for _, at := range []int{24000, 28000, 32000, 36000, 40000} { // the overlap is 24000..40000
		if l := RMSdB(y[at-2000 : at+2000]); math.Abs(l-ref) > 0.5 {
			t.Errorf("level around frame %d: %.2f dB, want %.2f", at, l, ref)
		}
	}
}

func TestCrossfadeErrors(t *testing.T) {
	f := Format{SampleRate: 8000, Channels: 1}
	x := constant(f, 0.5, 3000)
	for _, c := range []struct {
		name string
		a, b Stream
	}{
		{"a fails", newFailing(f, x), NewSlice(f, x)},
		{"b fails early", NewSlice(f, x), newFailing(f, x[:100])},
		{"b fails late", NewSlice(f, x), newFailing(f, x)},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Crossfade(c.a, c.b, 100*time.Millisecond)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ReadAll(s); !errors.Is(err, errBroken) {
				t.Errorf("err = %v, want errBroken", err)
			}
		})
	}
	if _, err := Crossfade(NewSlice(f, x), NewSlice(f, x), -time.Second); !errors.Is(err, ErrParameter) {
		t.Errorf("negative: %v", err)
	}
	if _, err := Crossfade(NewSlice(f, x), NewSlice(Format{SampleRate: 8000, Channels: 2}, nil), time.Second); !errors.Is(err, ErrFormatMismatch) {
		t.Errorf("mismatch: %v", err)
	}
}

func TestMix(t *testing.T) {
	f := Format{SampleRate: 16000, Channels: 2}
	for _, c := range []struct{ la, lb int }{{1000, 3000}, {3000, 1000}, {0, 5}, {2048, 2048}} {
		t.Run(fmt.Sprintf("%d+%d", c.la, c.lb), func(t *testing.T) {
			a, b := sine(f, 300, 0.4, c.la), sine(f, 700, 0.3, c.lb)
			s := Mix(&dribble{Stream: NewSlice(f, a), max: 13}, NewSlice(f, b))
			y := readAll(t, s)
			n := max(c.la, c.lb)
			if len(y) != 2*n {
				t.Fatalf("%d frames, want %d", len(y)/2, n)
			}
			if FramesOf(s) != int64(n) {
				t.Errorf("Frames() after reading = %d, want %d", FramesOf(s), n)
			}
			for i := range y {
				var w float32
				if i < len(a) {
					w += a[i]
				}
				if i < len(b) {
					w += b[i]
				}
				if y[i] != w {
					t.Fatalf("sample %d = %v, want %v", i, y[i], w)
				}
			}
		})
	}
	// Not clipped: headroom is the caller's business, and nothing is lost.
	y := readAll(t, Mix(NewSlice(f, constant(f, 0.8, 10)), NewSlice(f, constant(f, 0.8, 10))))
	if math.Abs(float64(y[0])-1.6) > 1e-6 {
		t.Errorf("sum %v, want 1.6", y[0])
	}
}

func TestMixErrors(t *testing.T) {
	f := Format{SampleRate: 16000, Channels: 1}
	x := constant(f, 0.1, 5000)
	for _, c := range []struct {
		name string
		a, b Stream
	}{
		{"a fails", newFailing(f, x), NewSlice(f, x)},
		{"b fails", NewSlice(f, x), newFailing(f, x[:2000])},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ReadAll(Mix(c.a, c.b)); !errors.Is(err, errBroken) {
				t.Errorf("err = %v, want errBroken", err)
			}
		})
	}
	if _, err := Mix(NewSlice(f, x), NewSlice(Format{SampleRate: 8000, Channels: 1}, x)).Read(make([]float32, 4)); !errors.Is(err, ErrFormatMismatch) {
		t.Errorf("mismatch: %v", err)
	}
}
