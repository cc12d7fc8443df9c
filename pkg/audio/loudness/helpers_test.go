package loudness

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"loa/pkg/audio"
)

// requireTool skips the test when an outside tool is missing, except under
// CI=true where a missing tool is a failure.
func requireTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is required under CI=true: %v", name, err)
		}
		tb.Skipf("%s not installed; skipping (set CI=true to make this a failure)", name)
	}
	return p
}

// segment is one stretch of a generated test signal.
type segment struct {
	seconds float64
	levels  []float64 // dBFS per channel (sine amplitude); -Inf for silence
}

// toneSegments generates a sine of freq Hz made of segments, phase
// continuous across them.
func toneSegments(fs int, freq float64, segs ...segment) (audio.Format, []float32) {
	ch := len(segs[0].levels)
	f := audio.Format{SampleRate: fs, Channels: ch}
	var out []float32
	var n int64
	for _, s := range segs {
		frames := int64(math.Round(s.seconds * float64(fs)))
		amps := make([]float64, ch)
		for c, l := range s.levels {
			amps[c] = math.Pow(10, l/20)
		}
		for i := int64(0); i < frames; i++ {
			v := math.Sin(2 * math.Pi * freq * float64(n) / float64(fs))
			for c := range ch {
				out = append(out, float32(amps[c]*v))
			}
			n++
		}
	}
	return f, out
}

// levels returns the same level for ch channels.
func levels(ch int, db float64) []float64 {
	l := make([]float64, ch)
	for i := range l {
		l[i] = db
	}
	return l
}

// phasedSine generates amp·sin(2π f n/fs + phase) on ch channels.
func phasedSine(fs, ch int, freq, amp, phaseDeg, seconds float64) []float32 {
	frames := int(math.Round(seconds * float64(fs)))
	out := make([]float32, 0, frames*ch)
	ph := phaseDeg * math.Pi / 180
	for i := range frames {
		v := float32(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(fs)+ph))
		for range ch {
			out = append(out, v)
		}
	}
	return out
}

// fade applies raised-cosine fades of n frames to both ends of x.
func fade(x []float32, ch, n int) {
	frames := len(x) / ch
	for i := 0; i < n && i < frames; i++ {
		g := float32(0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(n)))
		for c := range ch {
			x[i*ch+c] *= g
			x[(frames-1-i)*ch+c] *= g
		}
	}
}

// fadeIn applies a raised-cosine fade of n frames to the start of x.
func fadeIn(x []float32, ch, n int) {
	for i := 0; i < n && i < len(x)/ch; i++ {
		g := float32(0.5 - 0.5*math.Cos(math.Pi*float64(i)/float64(n)))
		for c := range ch {
			x[i*ch+c] *= g
		}
	}
}

// measureSlice runs a fresh meter over samples.
func measureSlice(tb testing.TB, f audio.Format, opts Options, samples []float32) Result {
	tb.Helper()
	m, err := NewMeter(f, opts)
	if err != nil {
		tb.Fatal(err)
	}
	m.Write(samples)
	return m.Result()
}

// writeWAV writes interleaved samples as a WAV file: 16-bit PCM (rounded,
// clamped) when bits is 16, IEEE float when bits is 32.
func writeWAV(tb testing.TB, path string, f audio.Format, samples []float32, bits int) {
	tb.Helper()
	var data bytes.Buffer
	switch bits {
	case 16:
		for _, v := range samples {
			x := math.Round(float64(v) * 32768)
			x = math.Max(-32768, math.Min(32767, x))
			_ = binary.Write(&data, binary.LittleEndian, int16(x))
		}
	case 32:
		for _, v := range samples {
			_ = binary.Write(&data, binary.LittleEndian, math.Float32bits(v))
		}
	default:
		tb.Fatalf("writeWAV: %d bits", bits)
	}
	format := uint16(1)
	if bits == 32 {
		format = 3
	}
	var h bytes.Buffer
	h.WriteString("RIFF")
	_ = binary.Write(&h, binary.LittleEndian, uint32(36+data.Len()))
	h.WriteString("WAVEfmt ")
	for _, v := range []any{
		uint32(16), format, uint16(f.Channels), uint32(f.SampleRate),
		uint32(f.SampleRate * f.Channels * bits / 8), uint16(f.Channels * bits / 8), uint16(bits),
	} {
		_ = binary.Write(&h, binary.LittleEndian, v)
	}
	h.WriteString("data")
	_ = binary.Write(&h, binary.LittleEndian, uint32(data.Len()))
	h.Write(data.Bytes())
	if err := os.WriteFile(path, h.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// readWAV16 decodes a 16-bit PCM WAV file (as sox and espeak-ng write it).
func readWAV16(tb testing.TB, path string) (audio.Format, []float32) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	f, samples, err := decodeWAV16(b)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return f, samples
}

func decodeWAV16(b []byte) (audio.Format, []float32, error) {
	if len(b) < 12 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return audio.Format{}, nil, errors.New("not a RIFF/WAVE file")
	}
	var f audio.Format
	for p := 12; p+8 <= len(b); {
		id := string(b[p : p+4])
		size := int(binary.LittleEndian.Uint32(b[p+4:]))
		body := b[p+8 : min(len(b), p+8+size)]
		switch id {
		case "fmt ":
			if len(body) < 16 {
				return f, nil, errors.New("short fmt chunk")
			}
			f.Channels = int(binary.LittleEndian.Uint16(body[2:]))
			f.SampleRate = int(binary.LittleEndian.Uint32(body[4:]))
			if bits := binary.LittleEndian.Uint16(body[14:]); bits != 16 {
				return f, nil, fmt.Errorf("%d-bit samples, want 16", bits)
			}
		case "data":
			out := make([]float32, len(body)/2)
			for i := range out {
				out[i] = float32(int16(binary.LittleEndian.Uint16(body[2*i:]))) / 32768
			}
			return f, out, nil
		}
		p += 8 + size + size%2
	}
	return f, nil, errors.New("no data chunk")
}

// ffmpegR128 is what ffmpeg's ebur128 filter reports: its summary (one
// decimal) and, from the metadata of its last frame, the integrated
// loudness to three decimals.
type ffmpegR128 struct {
	Integrated, Range, TruePeak float64
	// LastI is lavfi.r128.I on the last frame; it may miss the final
	// 100 ms step but carries three decimals.
	LastI float64
	// MetaTruePeak is the largest lavfi.r128.true_peak (linear, three
	// decimals) in dBTP.
	MetaTruePeak float64
}

var (
	reI      = regexp.MustCompile(`(?m)^\s*I:\s+(-?[0-9.]+|-inf|nan) LUFS`)
	reLRA    = regexp.MustCompile(`(?m)^\s*LRA:\s+(-?[0-9.]+) LU`)
	reMetaI  = regexp.MustCompile(`lavfi\.r128\.I=(-?[0-9.]+)`)
	reMetaTP = regexp.MustCompile(`lavfi\.r128\.true_peak=([0-9.]+)`)
	rePeak   = regexp.MustCompile(`(?s)True peak:\s*\n\s*Peak:\s+(-?[0-9.]+|-inf) dBFS`)
)

// ffmpegMeasure runs ffmpeg -af ebur128=peak=true on a file and parses the
// summary it prints on stderr.
func ffmpegMeasure(tb testing.TB, path string) ffmpegR128 {
	tb.Helper()
	bin := requireTool(tb, "ffmpeg")
	meta := filepath.Join(tb.TempDir(), "meta.txt")
	out, err := exec.Command(bin, "-nostats", "-hide_banner", "-i", path,
		"-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:file="+meta,
		"-f", "null", "-").CombinedOutput()
	if err != nil {
		tb.Fatalf("ffmpeg on %s: %v\n%s", filepath.Base(path), err, out)
	}
	r := ffmpegR128{LastI: math.NaN(), MetaTruePeak: math.Inf(-1)}
	if b, err := os.ReadFile(meta); err == nil {
		all := reMetaI.FindAllSubmatch(b, -1)
		if len(all) > 0 {
			r.LastI, _ = strconv.ParseFloat(string(all[len(all)-1][1]), 64)
		}
		for _, m := range reMetaTP.FindAllSubmatch(b, -1) {
			if v, err := strconv.ParseFloat(string(m[1]), 64); err == nil {
				r.MetaTruePeak = max(r.MetaTruePeak, 20*math.Log10(v))
			}
		}
	}
	s := string(out)
	if i := bytes.LastIndex(out, []byte("Summary:")); i >= 0 {
		s = s[i:]
	}
	for _, x := range []struct {
		re  *regexp.Regexp
		dst *float64
	}{{reI, &r.Integrated}, {reLRA, &r.Range}, {rePeak, &r.TruePeak}} {
		m := x.re.FindStringSubmatch(s)
		if m == nil {
			tb.Fatalf("ffmpeg summary for %s: no match for %s in\n%s", filepath.Base(path), x.re, s)
		}
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			tb.Fatalf("ffmpeg summary value %q: %v", m[1], err)
		}
		*x.dst = v
	}
	return r
}

// runTool runs an outside command and fails the test with its output on
// error.
func runTool(tb testing.TB, name string, args ...string) {
	tb.Helper()
	bin := requireTool(tb, name)
	if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		tb.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// within reports whether got is within [want-lo, want+hi].
func within(got, want, lo, hi float64) bool {
	return got >= want-lo && got <= want+hi
}
