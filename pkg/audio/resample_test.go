package audio

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ratePairs are the conversions a ward clip library actually meets, plus one
// ratio whose reduced numerator is too large for an exact table.
var ratePairs = []struct{ in, out int }{
	{44100, 48000},
	{48000, 44100},
	{22050, 44100},
	{8000, 44100},
	{11025, 44100},
	{16000, 44100},
	{32000, 44100},
	{192000, 44100},
	{44100, 32000},
	{44100, 11025},
	{48000, 16000},
	{44100, 47999}, // reduced 6857/6300: interpolated phases
	{96000, 44101}, // coprime: interpolated phases, decimating
}

func lowerRate(a, b int) float64 { return float64(min(a, b)) }

// fitExpected fits y ≈ a·sin(w·i) (the expected sine, zero phase: the
// resampler must not delay the signal) and returns a and the residual RMS
// over x[skip:len-skip].
func fitExpected(x []float32, w float64, skip int) (amp, resid float64) {
	x = x[skip : len(x)-skip]
	var ss, sy float64
	for i, y := range x {
		s := math.Sin(w * float64(i+skip))
		ss += s * s
		sy += s * float64(y)
	}
	amp = sy / ss
	var e float64
	for i, y := range x {
		d := float64(y) - amp*math.Sin(w*float64(i+skip))
		e += d * d
	}
	return amp, math.Sqrt(e / float64(len(x)))
}

func resampleSlice(t testing.TB, f Format, x []float32, rate int) []float32 {
	t.Helper()
	s, err := Resample(NewSlice(f, x), rate)
	if err != nil {
		t.Fatalf("Resample: %v", err)
	}
	return readAll(t, s)
}

// TestResampleSNR checks the in-band SNR against the expected (zero-phase)
// sine for tones from 100 Hz to 0.45 of the lower rate.
func TestResampleSNR(t *testing.T) {
	worst := math.Inf(1)
	for _, rp := range ratePairs {
		low := lowerRate(rp.in, rp.out)
		for _, rel := range []float64{0, 0.05, 0.1, 0.2, 0.3, 0.35, 0.4, 0.43, 0.45} {
			freq := 100.0
			if rel > 0 {
				freq = rel * low
			}
			name := fmt.Sprintf("%d-%d/%.0fHz", rp.in, rp.out, freq)
			t.Run(name, func(t *testing.T) {
				f := Format{SampleRate: rp.in, Channels: 1}
				n := rp.in / 4
				y := resampleSlice(t, f, sine(f, freq, 0.5, n), rp.out)
				skip := len(y) / 10
				amp, resid := fitExpected(y, 2*math.Pi*freq/float64(rp.out), skip)
				snr := db(amp / math.Sqrt2 / resid)
				worst = min(worst, snr)
				if snr < 90 {
					t.Errorf("SNR %.1f dB < 90 dB (gain %.3f dB)", snr, db(amp/0.5))
				}
			})
		}
	}
	t.Logf("worst in-band SNR: %.1f dB", worst)
}

// TestResampleRipple checks the passband up to 0.4 of the lower rate.
func TestResampleRipple(t *testing.T) {
	for _, rp := range ratePairs {
		t.Run(fmt.Sprintf("%d-%d", rp.in, rp.out), func(t *testing.T) {
			f := Format{SampleRate: rp.in, Channels: 1}
			low := lowerRate(rp.in, rp.out)
			lo, hi := 0.0, 0.0
			for k := 0; k <= 40; k++ {
				freq := 20 + (0.4*low-20)*float64(k)/40
				y := resampleSlice(t, f, sine(f, freq, 0.5, rp.in/5), rp.out)
				amp, _ := fitExpected(y, 2*math.Pi*freq/float64(rp.out), len(y)/10)
				g := db(amp / 0.5)
				lo, hi = min(lo, g), max(hi, g)
			}
			if lo < -0.1 || hi > 0.1 {
				t.Errorf("passband gain %+.4f .. %+.4f dB exceeds ±0.1 dB", lo, hi)
			}
			t.Logf("passband gain %+.5f .. %+.5f dB", lo, hi)
		})
	}
}

// TestResampleAliasing feeds tones above the output Nyquist frequency: what
// comes out is aliasing and must be 80 dB below the input.
func TestResampleAliasing(t *testing.T) {
	cases := []struct{ in, out int }{
		{48000, 44100}, {192000, 44100}, {44100, 8000}, {44100, 11025}, {48000, 16000}, {96000, 44101},
	}
	worst := math.Inf(-1)
	for _, c := range cases {
		for _, rel := range []float64{0.501, 0.52, 0.55, 0.7, 1.0, 1.5} {
			freq := rel * float64(c.out)
			if freq >= 0.5*float64(c.in) {
				continue
			}
			t.Run(fmt.Sprintf("%d-%d/%.0fHz", c.in, c.out, freq), func(t *testing.T) {
				f := Format{SampleRate: c.in, Channels: 1}
				x := sine(f, freq, 0.5, c.in/4)
				y := resampleSlice(t, f, x, c.out)
				skip := len(y) / 10
				level := db(RMS(y[skip:len(y)-skip]) / RMS(x))
				worst = max(worst, level)
				if level > -80 {
					t.Errorf("alias level %.1f dB > -80 dB", level)
				}
			})
		}
	}
	t.Logf("worst alias level: %.1f dB", worst)
}

func TestResampleLength(t *testing.T) {
	lengths := []int{0, 1, 2, 3, 7, 147, 160, 1000, 4099, 44101}
	for _, rp := range ratePairs {
		for _, n := range lengths {
			for _, ch := range []int{1, 2} {
				t.Run(fmt.Sprintf("%d-%d/n%d/ch%d", rp.in, rp.out, n, ch), func(t *testing.T) {
					f := Format{SampleRate: rp.in, Channels: ch}
					x := sine(f, 440, 0.5, n)
					want := int64(math.Floor(float64(n)*float64(rp.out)/float64(rp.in) + 0.5))
					s, err := Resample(NewSlice(f, x), rp.out)
					if err != nil {
						t.Fatal(err)
					}
					if got := FramesOf(s); got != want {
						t.Errorf("Frames() = %d, want %d", got, want)
					}
					y := readAll(t, s)
					if int64(len(y)) != want*int64(ch) {
						t.Errorf("got %d frames, want %d", len(y)/ch, want)
					}
					// Same result through a source that returns a few frames at a time.
					s2, _ := Resample(&dribble{Stream: NewSlice(f, x), max: 5}, rp.out)
					y2 := readAll(t, s2)
					if len(y2) != len(y) {
						t.Fatalf("dribbled source: %d samples, want %d", len(y2), len(y))
					}
					for i := range y {
						if y[i] != y2[i] {
							t.Fatalf("dribbled source differs at %d", i)
						}
					}
				})
			}
		}
	}
}

// TestResampleChannels checks channels are resampled independently.
func TestResampleChannels(t *testing.T) {
	f2 := Format{SampleRate: 44100, Channels: 2}
	f1 := Format{SampleRate: 44100, Channels: 1}
	n := 10000
	l, r := sine(f1, 440, 0.5, n), sine(f1, 3000, 0.25, n)
	x := make([]float32, 2*n)
	for i := range n {
		x[2*i], x[2*i+1] = l[i], r[i]
	}
	y := resampleSlice(t, f2, x, 48000)
	yl, yr := resampleSlice(t, f1, l, 48000), resampleSlice(t, f1, r, 48000)
	for i := range yl {
		if y[2*i] != yl[i] || y[2*i+1] != yr[i] {
			t.Fatalf("frame %d: stereo (%g,%g) != mono (%g,%g)", i, y[2*i], y[2*i+1], yl[i], yr[i])
		}
	}
}

func TestResampleIdentityAndErrors(t *testing.T) {
	f := Format{SampleRate: 44100, Channels: 1}
	src := NewSlice(f, sine(f, 440, 0.5, 100))
	s, err := Resample(src, 44100)
	if err != nil || s != Stream(src) {
		t.Fatalf("same rate: got %v, %v; want the input itself", s, err)
	}
	for _, rate := range []int{0, -44100, 999, 768001} {
		if _, err := Resample(src, rate); !errors.Is(err, ErrFormat) {
			t.Errorf("rate %d: err = %v, want ErrFormat", rate, err)
		}
	}
	if _, err := Resample(nil, 48000); !errors.Is(err, ErrParameter) {
		t.Errorf("nil stream: err = %v, want ErrParameter", err)
	}
	// A decoder failing mid-way: its error comes out, not io.EOF.
	s, err = Resample(newFailing(f, sine(f, 440, 0.5, 5000)), 48000)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadAll(s)
	if !errors.Is(err, errBroken) {
		t.Fatalf("err = %v, want errBroken", err)
	}
	if len(got) == 0 {
		t.Error("no output before the error")
	}
	if _, err := s.Read(make([]float32, 16)); !errors.Is(err, errBroken) {
		t.Errorf("error is not sticky: %v", err)
	}
}

func TestResampleDC(t *testing.T) {
	for _, rp := range ratePairs {
		f := Format{SampleRate: rp.in, Channels: 1}
		y := resampleSlice(t, f, constant(f, 0.5, rp.in/10), rp.out)
		skip := len(y) / 5
		for i, v := range y[skip : len(y)-skip] {
			if math.Abs(float64(v)-0.5) > 0.5*1e-4 {
				t.Errorf("%d->%d: DC sample %d = %.7f, want 0.5", rp.in, rp.out, i+skip, v)
				break
			}
		}
	}
}

func TestResampleDeterministic(t *testing.T) {
	f := Format{SampleRate: 44100, Channels: 2}
	x := sine(f, 1234, 0.7, 20000)
	a := resampleSlice(t, f, x, 47999)
	b := resampleSlice(t, f, x, 47999)
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			t.Fatalf("runs differ at %d", i)
		}
	}
}

func writeRawF32(t *testing.T, path string, x []float32) {
	t.Helper()
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readRawF32(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// bandLimited is a sum of sines below 0.4 of the lower rate with fixed phases.
func bandLimited(rate int, low float64, n int) []float32 {
	x := make([]float32, n)
	freqs := []float64{97, 440, 1234.5, 0.1 * low, 0.23 * low, 0.31 * low, 0.39 * low}
	for i := range x {
		var v float64
		for k, fr := range freqs {
			v += 0.1 * math.Sin(2*math.Pi*fr*float64(i)/float64(rate)+float64(k))
		}
		x[i] = float32(v)
	}
	return x
}

// TestResampleCrossCheck compares with sox (rate -v) and with ffmpeg's soxr
// resampler on a band-limited signal: the outputs must agree sample for
// sample, which also checks that the output is not delayed.
func TestResampleCrossCheck(t *testing.T) {
	tools := []struct {
		name string
		args func(in, out string, fi, fo int) []string
	}{
		{"sox", func(in, out string, fi, fo int) []string {
			raw := func(r int) []string {
				return []string{"-t", "raw", "-e", "floating-point", "-b", "32", "-c", "1", "-r", fmt.Sprint(r)}
			}
			a := append([]string{"-D"}, raw(fi)...)
			a = append(a, in)
			a = append(a, raw(fo)...)
			return append(a, out, "rate", "-v", "-b", "99.7")
		}},
		{"ffmpeg", func(in, out string, fi, fo int) []string {
			return []string{"-nostdin", "-v", "error", "-y", "-f", "f32le", "-ar", fmt.Sprint(fi), "-ac", "1", "-i", in,
				"-af", fmt.Sprintf("aresample=%d:resampler=soxr:precision=28", fo), "-f", "f32le", out}
		}},
	}
	pairs := []struct{ in, out int }{{44100, 48000}, {48000, 44100}, {8000, 44100}, {192000, 44100}, {22050, 44100}}
	for _, tool := range tools {
		t.Run(tool.name, func(t *testing.T) {
			bin := requireTool(t, tool.name)
			for _, p := range pairs {
				t.Run(fmt.Sprintf("%d-%d", p.in, p.out), func(t *testing.T) {
					dir := t.TempDir()
					in, out := filepath.Join(dir, "in.raw"), filepath.Join(dir, "out.raw")
					x := bandLimited(p.in, lowerRate(p.in, p.out), p.in/2)
					writeRawF32(t, in, x)
					cmd := exec.Command(bin, tool.args(in, out, p.in, p.out)...)
					if b, err := cmd.CombinedOutput(); err != nil {
						t.Fatalf("%s: %v\n%s", tool.name, err, b)
					}
					ref := readRawF32(t, out)
					y := resampleSlice(t, Format{SampleRate: p.in, Channels: 1}, x, p.out)
					n := min(len(ref), len(y))
					skip := n / 10
					var e, s float64
					for i := skip; i < n-skip; i++ {
						d := float64(y[i] - ref[i])
						e += d * d
						s += float64(ref[i]) * float64(ref[i])
					}
					diff := 10 * math.Log10(e/s)
					t.Logf("lengths loa %d, %s %d; difference %.1f dB", len(y), tool.name, len(ref), diff)
					if diff > -70 {
						t.Errorf("differs from %s by %.1f dB (> -70 dB)", tool.name, diff)
					}
				})
			}
		})
	}
}

func FuzzResample(f *testing.F) {
	f.Add(uint32(44100), uint32(48000), uint16(1000), uint8(1))
	f.Add(uint32(48000), uint32(44100), uint16(3), uint8(2))
	f.Add(uint32(8000), uint32(44100), uint16(0), uint8(1))
	f.Add(uint32(768000), uint32(1000), uint16(5000), uint8(1))
	f.Add(uint32(12345), uint32(54321), uint16(777), uint8(3))
	f.Fuzz(func(t *testing.T, in, out uint32, n uint16, ch uint8) {
		fi := int(in%800000) + 500 // includes a few invalid rates
		fo := int(out%800000) + 500
		c := int(ch%8) + 1
		frames := int(n)
		// Keep the work bounded: at most 200k output frames and a few
		// million multiply-adds.
		for frames > 0 && float64(frames)*float64(fo)/float64(fi) > 200000 {
			frames /= 2
		}
		fmtIn := Format{SampleRate: fi, Channels: c}
		x := make([]float32, frames*c)
		for i := range x {
			x[i] = float32(math.Sin(float64(i) * 0.1))
		}
		s, err := Resample(NewSlice(fmtIn, x), fo)
		if fmtIn.Validate() != nil || (Format{SampleRate: fo, Channels: c}).Validate() != nil {
			if err == nil {
				t.Fatalf("%d -> %d Hz: no error for an invalid rate", fi, fo)
			}
			return
		}
		if err != nil {
			t.Fatalf("%d -> %d Hz: %v", fi, fo, err)
		}
		y, err := ReadAll(s)
		if err != nil {
			t.Fatal(err)
		}
		want := mulDivRound(int64(frames), int64(fo), int64(fi))
		if int64(len(y)) != want*int64(c) {
			t.Fatalf("%d -> %d Hz, %d frames: got %d frames, want %d", fi, fo, frames, len(y)/c, want)
		}
		for i, v := range y {
			if math.IsNaN(float64(v)) || math.Abs(float64(v)) > 2 {
				t.Fatalf("sample %d = %g", i, v)
			}
		}
	})
}
