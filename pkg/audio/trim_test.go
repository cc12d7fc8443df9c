package audio

import (
	"errors"
	"math"
	"testing"
	"time"
)

// findIn returns the offset in [lo, hi] at which out is a contiguous slice of
// in (frames of ch channels), or -1.
func findIn(in, out []float32, ch, lo, hi int) int {
	for s := max(lo, 0); s <= hi; s++ {
		if s*ch+len(out) > len(in) {
			break
		}
		ok := true
		for i := range out {
			if in[s*ch+i] != out[i] {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
	}
	return -1
}

func TestTrimSilence(t *testing.T) {
	const rate = 44100
	margin := int(DurationFrames(DefaultTrimMargin, rate))
	win := int(DurationFrames(DefaultTrimWindow, rate))
	type part struct {
		at, n int
		x     []float32
	}
	tone := func(n int, db float64) []float32 { return sine(mono44, 440, math.Pow(10, db/20)*math.Sqrt2, n) }
	cases := []struct {
		name       string
		total      int
		parts      []part
		opts       TrimOptions
		first, end int // first and last+1 frame of sound
		tailKeep   int // frames kept after `end`, -1 for margin..margin+window
	}{
		{"2 s silence around a 1 s tone", 5 * rate, []part{{2*rate + 163, rate, tone(rate, -12)}},
			TrimOptions{}, 2*rate + 163, 3*rate + 163, -1},
		{"quiet consonant at -40 dBFS before loud speech", 4 * rate, []part{
			{rate + 500, 2646, noiseFloor(2646, -40, 3)},     // 60 ms
			{rate + 500 + 2646 + 1323, rate, tone(rate, -6)}, // after a 30 ms gap
		}, TrimOptions{}, rate + 500, 2*rate + 500 + 2646 + 1323, -1},
		{"interior silence longer than the hold is kept, 3 s tail cut by the 1 s hold", 8 * rate, []part{
			{rate, rate / 2, tone(rate/2, -12)}, {rate*9/2 + 77, rate / 2, tone(rate/2, -12)},
		}, TrimOptions{MaxHold: time.Second}, rate, 5*rate + 77, 2*rate - 77},
		{"tail longer than the hold: shortened by the hold", 5 * rate, []part{{rate, rate, tone(rate, -12)}},
			TrimOptions{MaxHold: time.Second, Margin: 50 * time.Millisecond}, rate, 2 * rate, 2 * rate},
		{"sound from the first sample to the last", rate, []part{{0, rate, tone(rate, -20)}},
			TrimOptions{}, 0, rate, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := noiseFloor(c.total, -75, 11)
			for _, p := range c.parts {
				for i, v := range p.x {
					in[p.at+i] += v
				}
			}
			s, err := TrimSilence(&dribble{Stream: NewSlice(mono44, in), max: 300}, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			out := readAll(t, s)
			m := margin
			if c.opts.Margin > 0 {
				m = int(DurationFrames(c.opts.Margin, rate))
			}
			lo, hi := c.first-m-win, c.first-m
			if c.first == 0 {
				lo, hi = 0, 0
			}
			start := findIn(in, out, 1, lo, hi)
			if start < 0 {
				t.Fatalf("output (%d frames) is not the input from %d..%d frames on", len(out), lo, hi)
			}
			end := start + len(out)
			after := end - c.end
			switch {
			case c.tailKeep >= 0 && after != c.tailKeep:
				t.Errorf("kept %d frames after the sound, want %d", after, c.tailKeep)
			case c.tailKeep < 0 && (after < m || after > m+win):
				t.Errorf("kept %d frames after the sound, want %d..%d", after, m, m+win)
			}
			t.Logf("kept %.1f ms before, %.1f ms after", float64(c.first-start)*1000/rate, float64(after)*1000/rate)
		})
	}
}

func TestTrimSilenceEdgeCases(t *testing.T) {
	st := Format{SampleRate: 48000, Channels: 2}
	// All silent: nothing comes out.
	s, _ := TrimSilence(NewSlice(st, make([]float32, 2*48000)), TrimOptions{})
	if y := readAll(t, s); len(y) != 0 {
		t.Errorf("all-silent clip gave %d samples", len(y))
	}
	if FramesOf(s) != -1 {
		t.Error("Frames() should be unknown")
	}
	// Stereo: sound only on the right channel counts.
	x := make([]float32, 2*48000)
	for i := 24000; i < 30000; i++ {
		x[2*i+1] = 0.5
	}
	s, _ = TrimSilence(NewSlice(st, x), TrimOptions{Margin: 10 * time.Millisecond, Window: 5 * time.Millisecond})
	if y := readAll(t, s); len(y)/2 < 6000+2*480 || len(y)/2 > 6000+2*480+2*240 {
		t.Errorf("stereo: %d frames", len(y)/2)
	}
	// Errors.
	if _, err := TrimSilence(NewSlice(st, nil), TrimOptions{Margin: 2 * time.Second, MaxHold: time.Second}); !errors.Is(err, ErrParameter) {
		t.Errorf("hold < margin: %v", err)
	}
	if _, err := TrimSilence(NewSlice(st, nil), TrimOptions{Window: -1}); !errors.Is(err, ErrParameter) {
		t.Errorf("negative window: %v", err)
	}
	s, _ = TrimSilence(newFailing(mono44, sine(mono44, 440, 0.5, 30000)), TrimOptions{})
	if _, err := ReadAll(s); !errors.Is(err, errBroken) {
		t.Errorf("err = %v, want errBroken", err)
	}
}
