package audio

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"
)

// stages builds every stage over endless sources, for allocation checks and
// benchmarks. Each returns the stage to read.
func stages(tb testing.TB, f Format) map[string]func() Stream {
	tone := sine(f, 440, 0.3, 4410)
	// 0.5 s of sound then 1.5 s of near-silence, repeating.
	speechy := make([]float32, 0, 2*f.SampleRate*f.Channels)
	speechy = append(speechy, sine(f, 300, 0.3, f.SampleRate/2)...)
	speechy = append(speechy, make([]float32, 3*f.SampleRate/2*f.Channels)...)
	src := func() Stream { return newEndless(f, tone) }
	must := func(s Stream, err error) Stream {
		if err != nil {
			tb.Fatal(err)
		}
		return s
	}
	to := func(rate int) Format { return Format{SampleRate: rate, Channels: f.Channels} }
	return map[string]func() Stream{
		"resample-up": func() Stream { return must(Resample(src(), 48000)) },
		"resample-down": func() Stream {
			return must(Resample(newEndless(to(48000), sine(to(48000), 440, 0.3, 4800)), 44100))
		},
		"resample-interpolated": func() Stream { return must(Resample(src(), 47999)) },
		"remix":                 func() Stream { return must(Remix(src(), f.Channels%2+1)) },
		"gain":                  func() Stream { return Gain(src(), -6) },
		"fade":                  func() Stream { return must(Fade(src(), time.Second, 2*time.Second)) },
		"silence":               func() Stream { return Silence(f, 1000*time.Hour) },
		"concat": func() Stream {
			return must(Concat(&limited{Stream: src(), left: 1000}, &limited{Stream: src(), left: 3000}, src()))
		},
		"crossfade": func() Stream {
			return must(Crossfade(&limited{Stream: src(), left: 50000}, src(), time.Second))
		},
		"mix": func() Stream { return Mix(src(), newEndless(f, speechy)) },
		"duck": func() Stream {
			return must(Duck(newEndless(f, speechy), src(), DuckOptions{}))
		},
		"trim":    func() Stream { return must(TrimSilence(newEndless(f, speechy), TrimOptions{MaxHold: time.Second})) },
		"context": func() Stream { return WithContext(context.Background(), src()) },
	}
}

// TestNoAllocations checks that no stage allocates per Read after warm-up.
func TestNoAllocations(t *testing.T) {
	f := Format{SampleRate: 44100, Channels: 2}
	for name, mk := range stages(t, f) {
		t.Run(name, func(t *testing.T) {
			s := mk()
			buf := make([]float32, 4096*f.Channels)
			for range 200 { // warm up, past crossfades and fades
				if _, err := s.Read(buf); err != nil && !errors.Is(err, io.EOF) {
					t.Fatal(err)
				}
			}
			allocs := testing.AllocsPerRun(100, func() {
				if _, err := s.Read(buf); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%.1f allocations per Read", allocs)
			}
		})
	}
}

func benchStage(b *testing.B, s Stream) {
	b.Helper()
	f := s.Format()
	buf := make([]float32, 4096*f.Channels)
	frames := 0
	b.ResetTimer()
	for b.Loop() {
		n, err := s.Read(buf)
		if err != nil {
			b.Fatal(err)
		}
		frames += n / f.Channels
	}
	audio := float64(frames) / float64(f.SampleRate)
	b.ReportMetric(audio/b.Elapsed().Seconds(), "x-realtime")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(frames), "ns/frame")
}

func BenchmarkResample(b *testing.B) {
	for _, c := range []struct {
		name     string
		in, out  int
		channels int
	}{
		{"44100-48000-mono", 44100, 48000, 1},
		{"48000-44100-mono", 48000, 44100, 1},
		{"48000-44100-stereo", 48000, 44100, 2},
		{"8000-44100-mono", 8000, 44100, 1},
		{"192000-44100-mono", 192000, 44100, 1},
		{"44100-47999-mono-interpolated", 44100, 47999, 1},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := Format{SampleRate: c.in, Channels: c.channels}
			s, err := Resample(newEndless(f, sine(f, 440, 0.3, c.in/10)), c.out)
			if err != nil {
				b.Fatal(err)
			}
			benchStage(b, s)
		})
	}
}

func BenchmarkStages(b *testing.B) {
	f := Format{SampleRate: 44100, Channels: 1}
	st := stages(b, f)
	for _, name := range []string{"concat", "crossfade", "mix", "duck", "trim", "fade", "gain", "remix"} {
		b.Run(name, func(b *testing.B) { benchStage(b, st[name]()) })
	}
}

// BenchmarkConcatClips is a bulletin-like sequence: 200 short clips with
// gaps, read to the end.
func BenchmarkConcatClips(b *testing.B) {
	f := Format{SampleRate: 44100, Channels: 1}
	clip := sine(f, 440, 0.3, 44100*3)
	buf := make([]float32, 4096)
	var frames int
	for b.Loop() {
		parts := make([]Stream, 0, 400)
		for range 200 {
			parts = append(parts, NewSlice(f, clip), Silence(f, 500*time.Millisecond))
		}
		s, err := Concat(parts...)
		if err != nil {
			b.Fatal(err)
		}
		for {
			n, err := s.Read(buf)
			frames += n
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(frames)/44100/b.Elapsed().Seconds(), "x-realtime")
}
