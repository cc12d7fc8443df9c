package loudness

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"loa/pkg/audio"
)

// chunky hands out at most n frames per Read, to exercise buffering.
type chunky struct {
	audio.Stream
	n int
}

func (c chunky) Read(b []float32) (int, error) {
	ch := c.Format().Channels
	if len(b) > c.n*ch {
		b = b[:c.n*ch]
	}
	return c.Stream.Read(b)
}

// readAllBy drains s with a buffer of frames frames.
func readAllBy(t *testing.T, s audio.Stream, frames int) []float32 {
	t.Helper()
	ch := s.Format().Channels
	buf := make([]float32, frames*ch)
	var out []float32
	for {
		n, err := s.Read(buf)
		if n%ch != 0 {
			t.Fatalf("Read returned %d samples for %d channels", n, ch)
		}
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func limit(t *testing.T, f audio.Format, x []float32, ceiling float64, opts LimiterOptions) []float32 {
	t.Helper()
	s, err := NewLimiter(audio.NewSlice(f, x), ceiling, opts)
	if err != nil {
		t.Fatal(err)
	}
	return readAllBy(t, s, 4096)
}

// harshSignals are test signals with peaks far above any ceiling and
// plenty of inter-sample overs.
func harshSignals(fs, ch int) map[string][]float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	frames := fs * 3
	sig := map[string][]float32{}
	noise := make([]float32, frames*ch)
	for i := range noise {
		noise[i] = float32(rng.NormFloat64() * 0.5) // -6 dBFS RMS
	}
	sig["white noise"] = noise
	// Noise low-passed at 0.42·fs (a windowed-sinc FIR): dense programme
	// with a realistic top octave.
	lp := make([]float32, frames*ch)
	const half = 40
	h := make([]float64, 2*half+1)
	for k := range h {
		u := float64(k - half)
		v := 2 * 0.42
		if u != 0 {
			v = math.Sin(2*math.Pi*0.42*u) / (math.Pi * u)
		}
		h[k] = v * (0.5 + 0.5*math.Cos(math.Pi*u/(half+1)))
	}
	for i := half; i < frames-half; i++ {
		for c := range ch {
			s := 0.0
			for k, hk := range h {
				s += hk * float64(noise[(i+k-half)*ch+c])
			}
			lp[i*ch+c] = float32(2 * s)
		}
	}
	sig["noise low-passed"] = lp
	sq := make([]float32, frames*ch)
	for i := range frames {
		v := float32(1)
		if (i*1000/fs)%2 == 1 {
			v = -1
		}
		for c := range ch {
			sq[i*ch+c] = v
		}
	}
	sig["square 500 Hz"] = sq
	sig["sine 0.45 fs"] = phasedSine(fs, ch, 0.45*float64(fs), 1, 30, 3)
	sig["sine fs/4 +3 dBTP"] = phasedSine(fs, ch, float64(fs)/4, 1.41, 45, 3)
	clicks := make([]float32, frames*ch)
	for i := 100; i < frames; i += fs / 7 {
		clicks[i*ch] = 1
		clicks[(i+1)*ch] = -1
	}
	sig["clicks"] = clicks
	bursts := make([]float32, frames*ch)
	for i := range frames {
		a := 0.05
		if (i/(fs/5))%3 == 0 {
			a = 2
		}
		for c := range ch {
			bursts[i*ch+c] = float32(a * math.Sin(2*math.Pi*997*float64(i)/float64(fs)+float64(c)))
		}
	}
	sig["bursts +6 dB"] = bursts
	// Start with a 10 ms fade: ffmpeg's resampler reads the first samples
	// of a stream that starts at full level up to 0.6 dB high (Tech 3341
	// case 16 started abruptly reads -5.4 dBTP instead of -6.0), which is
	// not a property of the signal.
	for _, x := range sig {
		fadeIn(x, ch, fs/100)
	}
	return sig
}

// checkSmoothGain verifies that the output is the input times a gain that
// moves at most 1/(lookahead+1) per frame: no clipping, no delay.
func checkSmoothGain(t *testing.T, ch int, in, out []float32, lookFrames int) {
	t.Helper()
	maxStep := 1/float64(lookFrames+1) + 1e-4
	prevGain, prevAt := math.NaN(), 0
	for i := 0; i < len(in)/ch; i++ {
		for c := range ch {
			x, y := float64(in[i*ch+c]), float64(out[i*ch+c])
			if math.Abs(x) < 1e-3 {
				if math.Abs(y) > math.Abs(x)+1e-7 {
					t.Fatalf("frame %d: |out| %g > |in| %g", i, y, x)
				}
				continue
			}
			g := y / x
			if g < 0 || g > 1+1e-6 {
				t.Fatalf("frame %d ch %d: gain %g", i, c, g)
			}
			if !math.IsNaN(prevGain) && math.Abs(g-prevGain) > maxStep*float64(i-prevAt)+1e-4 {
				t.Fatalf("frame %d: gain jumps from %.5f (frame %d) to %.5f", i, prevGain, prevAt, g)
			}
			prevGain, prevAt = g, i
		}
	}
}

func TestLimiterKeepsCeiling(t *testing.T) {
	const ceiling = -1.0
	for _, f := range []audio.Format{{SampleRate: 44100, Channels: 1}, {SampleRate: 48000, Channels: 2}, {SampleRate: 22050, Channels: 1}} {
		for name, x := range harshSignals(f.SampleRate, f.Channels) {
			t.Run(fmt.Sprintf("%s/%dHz/%dch", name, f.SampleRate, f.Channels), func(t *testing.T) {
				y := limit(t, f, x, ceiling, LimiterOptions{})
				if len(y) != len(x) {
					t.Fatalf("output %d samples, input %d", len(y), len(x))
				}
				r := measureSlice(t, f, DefaultOptions(), y)
				if r.TruePeak > ceiling {
					t.Errorf("true peak %.3f dBTP over the %.1f ceiling", r.TruePeak, ceiling)
				}
				look := int(math.Round(DefaultLookahead.Seconds() * float64(f.SampleRate)))
				checkSmoothGain(t, f.Channels, x, y, look)
			})
		}
	}
}

// The limiter's output stays under the ceiling for ffmpeg's meter too,
// after a 16-bit WAV write.
func TestLimiterAgainstFFmpeg(t *testing.T) {
	requireTool(t, "ffmpeg")
	dir := t.TempDir()
	const ceiling = -1.0
	type clip struct {
		name string
		f    audio.Format
		x    []float32
	}
	var clips []clip
	for _, f := range []audio.Format{{SampleRate: 44100, Channels: 1}, {SampleRate: 48000, Channels: 2}, {SampleRate: 22050, Channels: 1}} {
		for name, x := range harshSignals(f.SampleRate, f.Channels) {
			clips = append(clips, clip{name, f, x})
		}
	}
	requireTool(t, "espeak-ng")
	requireTool(t, "sox")
	{
		for _, rate := range []int{22050, 44100, 48000} {
			path := speechClip(t, dir, speechTexts[0], rate, 1, 0)
			f, x := readWAV16(t, path)
			for i := range x {
				x[i] *= 6 // +15.6 dB: far over full scale
			}
			clips = append(clips, clip{"speech +15.6 dB", f, x})
		}
	}
	for i, c := range clips {
		t.Run(fmt.Sprintf("%s/%dHz/%dch", c.name, c.f.SampleRate, c.f.Channels), func(t *testing.T) {
			y := limit(t, c.f, c.x, ceiling, LimiterOptions{})
			path := filepath.Join(dir, fmt.Sprintf("limited-%d.wav", i))
			writeWAV(t, path, c.f, y, 16)
			ref := ffmpegMeasure(t, path)
			own := measureSlice(t, c.f, DefaultOptions(), y)
			t.Logf("loa true peak %.3f dBTP, ffmpeg %.3f (summary %.1f)", own.TruePeak, ref.MetaTruePeak, ref.TruePeak)
			// The metadata carries a linear value to three decimals.
			if lin := math.Pow(10, ref.MetaTruePeak/20); lin > math.Pow(10, ceiling/20)+0.0005 {
				t.Errorf("ffmpeg true peak %.3f dBTP over the %.1f ceiling", ref.MetaTruePeak, ceiling)
			}
			if ref.TruePeak > ceiling {
				t.Errorf("ffmpeg summary true peak %.1f dBTP over the %.1f ceiling", ref.TruePeak, ceiling)
			}
			if own.TruePeak > ceiling {
				t.Errorf("own true peak %.3f dBTP over the %.1f ceiling", own.TruePeak, ceiling)
			}
		})
	}
}

func TestLimiterTransparentBelowCeiling(t *testing.T) {
	f, x := toneSegments(48000, 1000, segment{2, []float64{-6, -9}})
	for _, frames := range []int{1, 7, 1000, 4096} {
		s, err := NewLimiter(chunky{audio.NewSlice(f, x), 333}, -1, LimiterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		y := readAllBy(t, s, frames)
		if len(y) != len(x) {
			t.Fatalf("buffer %d: %d samples out, %d in", frames, len(y), len(x))
		}
		for i := range x {
			if x[i] != y[i] {
				t.Fatalf("buffer %d: sample %d changed: %g -> %g", frames, i, x[i], y[i])
			}
		}
	}
}

func TestLimiterLengths(t *testing.T) {
	f := audio.Format{SampleRate: 44100, Channels: 2}
	for _, frames := range []int{0, 1, 2, 11, 12, 13, 100, 131, 132, 133, 5000} {
		x := make([]float32, frames*2)
		for i := range x {
			x[i] = float32(math.Sin(float64(i))) * 1.5
		}
		y := limit(t, f, x, -3, LimiterOptions{Lookahead: 2 * time.Millisecond})
		if len(y) != len(x) {
			t.Errorf("%d frames in, %d out", frames, len(y)/2)
		}
		if p := maxAbs(y); float64(p) > math.Pow(10, -3.0/20) {
			t.Errorf("%d frames: sample peak %g over the ceiling", frames, p)
		}
	}
}

// A sustained loud tone is brought to the ceiling, not far below it.
func TestLimiterSustainedLevel(t *testing.T) {
	f, x := toneSegments(44100, 1000, segment{3, []float64{0}})
	y := limit(t, f, x, -6, LimiterOptions{})
	r := measureSlice(t, f, DefaultOptions(), y[44100:])
	if !within(r.TruePeak, -6, 0.15, 0) {
		t.Errorf("sustained tone: true peak %.3f dBTP, want just under -6", r.TruePeak)
	}
}

func TestLimiterDeterministic(t *testing.T) {
	f := audio.Format{SampleRate: 48000, Channels: 2}
	x := harshSignals(48000, 2)["white noise"]
	a := limit(t, f, x, -1, LimiterOptions{})
	b := limit(t, f, x, -1, LimiterOptions{})
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("sample %d differs between runs", i)
		}
	}
}

func TestLimiterErrors(t *testing.T) {
	f := audio.Format{SampleRate: 48000, Channels: 2}
	src := audio.NewSlice(f, nil)
	bad := []struct {
		name    string
		ceiling float64
		opts    LimiterOptions
	}{
		{"nan ceiling", math.NaN(), LimiterOptions{}},
		{"ceiling too high", 7, LimiterOptions{}},
		{"ceiling too low", -61, LimiterOptions{}},
		{"look-ahead too short", -1, LimiterOptions{Lookahead: 100 * time.Microsecond}},
		{"look-ahead too long", -1, LimiterOptions{Lookahead: time.Second}},
		{"negative release", -1, LimiterOptions{Release: -time.Millisecond}},
		{"release too long", -1, LimiterOptions{Release: time.Minute}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := NewLimiter(src, c.ceiling, c.opts); !errors.Is(err, ErrOption) {
				t.Errorf("err = %v, want ErrOption", err)
			}
		})
	}
	if _, err := NewLimiter(audio.NewSlice(audio.Format{SampleRate: 10, Channels: 1}, nil), -1, LimiterOptions{}); !errors.Is(err, audio.ErrFormat) {
		t.Errorf("bad format: err = %v", err)
	}
	s, err := NewLimiter(&failing{f: f}, -1, LimiterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := audio.ReadAll(s); !errors.Is(err, errBroken) {
		t.Errorf("failing source: err = %v", err)
	}
	if _, err := s.Read(make([]float32, 64)); !errors.Is(err, errBroken) {
		t.Errorf("after failure: err = %v", err)
	}
}

func FuzzLimiter(f *testing.F) {
	f.Add([]byte{0, 127, 255, 128, 1, 200}, uint8(2), int8(-1))
	f.Add(make([]byte, 3000), uint8(1), int8(-10))
	f.Fuzz(func(t *testing.T, data []byte, chans uint8, ceiling int8) {
		ch := int(chans%2) + 1
		fm := audio.Format{SampleRate: 44100, Channels: ch}
		n := len(data) / 2 / ch * ch
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(int16(uint16(data[2*i])|uint16(data[2*i+1])<<8)) / 8192 // up to ±4
		}
		c := -float64(uint8(ceiling)%40) - 0.5 // -0.5 to -39.5 dBTP
		s, err := NewLimiter(chunky{audio.NewSlice(fm, x), 97}, c, LimiterOptions{})
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
		if p := float64(maxAbs(y)); p > math.Pow(10, c/20) {
			t.Fatalf("sample peak %g over ceiling %g dB", p, c)
		}
		r := measureSlice(t, fm, DefaultOptions(), y)
		if r.TruePeak > c+0.01 {
			t.Fatalf("true peak %.3f over ceiling %g", r.TruePeak, c)
		}
	})
}
