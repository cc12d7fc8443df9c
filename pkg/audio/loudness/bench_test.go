package loudness

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loa/pkg/audio"
)

// benchSignals returns 10 s test programmes: a speech-like signal (noise
// bursts shaped like syllables with pauses, 120 Hz voicing), full-band noise
// (the worst case for the true-peak pruning) and a sine.
func benchSignal(kind string, fs, ch int) []float32 {
	rng := rand.New(rand.NewPCG(7, 8))
	n := 10 * fs
	x := make([]float32, n*ch)
	switch kind {
	case "speechlike":
		lp := 0.0
		for i := range n {
			t := float64(i) / float64(fs)
			// 4 syllables per second, a pause every 2 s.
			env := math.Max(0, math.Sin(math.Pi*4*t))
			if math.Mod(t, 2) > 1.6 {
				env = 0
			}
			lp += 0.3 * (rng.NormFloat64() - lp)
			v := env * (0.25*math.Sin(2*math.Pi*120*t)*math.Sin(2*math.Pi*360*t) + 0.15*lp)
			for c := range ch {
				x[i*ch+c] = float32(v * (1 - 0.2*float64(c)))
			}
		}
	case "noise":
		for i := range x {
			x[i] = float32(rng.NormFloat64() * 0.2)
		}
	case "sine":
		for i := range n {
			v := float32(0.5 * math.Sin(2*math.Pi*997*float64(i)/float64(fs)))
			for c := range ch {
				x[i*ch+c] = v
			}
		}
	}
	return x
}

func BenchmarkMeter(b *testing.B) {
	cases := []struct {
		name string
		kind string
		f    audio.Format
		tp   bool
	}{
		{"speechlike/48k-stereo/tp", "speechlike", audio.Format{SampleRate: 48000, Channels: 2}, true},
		{"speechlike/48k-stereo/no-tp", "speechlike", audio.Format{SampleRate: 48000, Channels: 2}, false},
		{"noise/48k-stereo/tp", "noise", audio.Format{SampleRate: 48000, Channels: 2}, true},
		{"sine/48k-stereo/tp", "sine", audio.Format{SampleRate: 48000, Channels: 2}, true},
		{"speechlike/44k-mono/tp", "speechlike", audio.Format{SampleRate: 44100, Channels: 1}, true},
		{"speechlike/22k-mono/tp", "speechlike", audio.Format{SampleRate: 22050, Channels: 1}, true},
		{"noise/22k-mono/tp", "noise", audio.Format{SampleRate: 22050, Channels: 1}, true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			x := benchSignal(c.kind, c.f.SampleRate, c.f.Channels)
			seconds := float64(len(x)/c.f.Channels) / float64(c.f.SampleRate)
			b.SetBytes(int64(len(x) * 4))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m, err := NewMeter(c.f, Options{TruePeak: c.tp})
				if err != nil {
					b.Fatal(err)
				}
				for i := 0; i < len(x); i += 4096 * c.f.Channels {
					m.Write(x[i:min(i+4096*c.f.Channels, len(x))])
				}
				_ = m.Result()
			}
			b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

func BenchmarkLimiter(b *testing.B) {
	for _, c := range []struct {
		name string
		kind string
		gain float32
		f    audio.Format
	}{
		{"speechlike+12dB/44k-mono", "speechlike", 4, audio.Format{SampleRate: 44100, Channels: 1}},
		{"speechlike/44k-mono", "speechlike", 1, audio.Format{SampleRate: 44100, Channels: 1}},
		{"noise+12dB/48k-stereo", "noise", 4, audio.Format{SampleRate: 48000, Channels: 2}},
	} {
		b.Run(c.name, func(b *testing.B) {
			x := benchSignal(c.kind, c.f.SampleRate, c.f.Channels)
			for i := range x {
				x[i] *= c.gain
			}
			seconds := float64(len(x)/c.f.Channels) / float64(c.f.SampleRate)
			buf := make([]float32, 4096*c.f.Channels)
			b.ReportAllocs()
			for b.Loop() {
				s, err := NewLimiter(audio.NewSlice(c.f, x), -1, LimiterOptions{})
				if err != nil {
					b.Fatal(err)
				}
				for {
					if _, err := s.Read(buf); err != nil {
						break
					}
				}
			}
			b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}

func BenchmarkPAVoicing(b *testing.B) {
	f := audio.Format{SampleRate: 44100, Channels: 1}
	x := benchSignal("speechlike", f.SampleRate, f.Channels)
	seconds := float64(len(x)) / float64(f.SampleRate)
	buf := make([]float32, 4096)
	b.ReportAllocs()
	for b.Loop() {
		s, err := NewPAVoicing(audio.NewSlice(f, x))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := s.Read(buf); err != nil {
				break
			}
		}
	}
	b.ReportMetric(seconds*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

// TestSpeedVersusFFmpeg times ffmpeg's ebur128 filter (peak=true) and this
// meter (WAV decode included) on the same 16-bit WAV, and reports the
// ratio. It only runs with LOA_BENCH_FFMPEG=1. LOA_BENCH_WAV may name the
// file to use; otherwise ten minutes of stereo 48 kHz synthetic speech are
// made with espeak-ng and sox.
func TestSpeedVersusFFmpeg(t *testing.T) {
	if os.Getenv("LOA_BENCH_FFMPEG") != "1" {
		t.Skip("set LOA_BENCH_FFMPEG=1 to compare speed with ffmpeg")
	}
	ffmpeg := requireTool(t, "ffmpeg")
	path := os.Getenv("LOA_BENCH_WAV")
	if path == "" {
		dir := t.TempDir()
		one := speechClip(t, dir, strings.Join(speechTexts, " "), 48000, 2, 0)
		args := []string{}
		for range 30 {
			args = append(args, one)
		}
		path = filepath.Join(dir, "bench.wav")
		runTool(t, "sox", append(args, path)...)
	}
	const runs = 3
	// best returns the shortest wall time of runs runs and the CPU time of
	// that run (the machine may be shared: CPU time is the steadier figure).
	best := func(run func() time.Duration) (wall, cpu time.Duration) {
		for i := range runs {
			start := time.Now()
			c := run()
			if e := time.Since(start); i == 0 || e < wall {
				wall, cpu = e, c
			}
		}
		return wall, cpu
	}
	ffWall, ffCPU := best(func() time.Duration {
		cmd := exec.Command(ffmpeg, "-nostats", "-hide_banner", "-i", path,
			"-af", "ebur128=peak=true", "-f", "null", "-")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("ffmpeg: %v\n%s", err, out)
		}
		return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	})
	ref := ffmpegMeasure(t, path)
	var r Result
	goWall, goCPU := best(func() time.Duration {
		before := processCPU()
		f, x := readWAV16(t, path)
		var err error
		r, err = Measure(t.Context(), audio.NewSlice(f, x), DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		return processCPU() - before
	})
	rt := func(d time.Duration) float64 { return r.Duration / d.Seconds() }
	t.Logf("%s: %.1f s of audio, %s", filepath.Base(path), r.Duration, formatOf(t, path))
	t.Logf("ffmpeg ebur128=peak=true: wall %v (%.0fx realtime), CPU %v (%.0fx); I %.1f LUFS, TP %.1f dBTP",
		ffWall.Round(time.Millisecond), rt(ffWall), ffCPU.Round(time.Millisecond), rt(ffCPU), ref.Integrated, ref.TruePeak)
	t.Logf("loa read+decode+Measure: wall %v (%.0fx realtime), CPU %v (%.0fx); I %.2f LUFS, TP %.2f dBTP",
		goWall.Round(time.Millisecond), rt(goWall), goCPU.Round(time.Millisecond), rt(goCPU), r.Integrated, r.TruePeak)
	t.Logf("speed ratio loa/ffmpeg: wall %.2fx, CPU %.2fx", ffWall.Seconds()/goWall.Seconds(), ffCPU.Seconds()/goCPU.Seconds())
}

// formatOf describes a 16-bit WAV's format.
func formatOf(t *testing.T, path string) string {
	t.Helper()
	f, _ := readWAV16(t, path)
	return f.String()
}

func BenchmarkInterpolator(b *testing.B) {
	x := benchSignal("noise", 48000, 1)[:4096+span]
	for _, l := range []int{2, 4, 8} {
		o := newOversampler(l)
		b.Run(itoa(l)+"x", func(b *testing.B) {
			for b.Loop() {
				o.maxPeak(x, 4096, 0)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/4096, "ns/interval")
		})
	}
}
