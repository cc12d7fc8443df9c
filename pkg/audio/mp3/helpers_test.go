package mp3

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"loa/pkg/audio"
)

// needTool returns the path of an outside tool, skipping the test when it
// is missing, except under CI=true where a missing tool fails the test.
func needTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required when CI=true: %v", name, err)
		}
		t.Skipf("%s is not installed; skipping", name)
	}
	return p
}

// runTool runs an outside tool and fails the test when it fails.
func runTool(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	out, errOut, err := runToolErr(t, name, args...)
	if err != nil {
		t.Fatalf("%s %q: %v\n%s", name, args, err, errOut)
	}
	return out
}

func runToolErr(t testing.TB, name string, args ...string) (stdout, stderr []byte, err error) {
	t.Helper()
	cmd := exec.Command(needTool(t, name), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.Bytes(), e.Bytes(), err
}

// ffmpegDecode decodes path with ffmpeg to float32 at the file's own rate
// and channel count (ffmpeg trims with the LAME tag, like our decoder).
func ffmpegDecode(t testing.TB, path string) []float32 {
	t.Helper()
	out := runTool(t, "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "f32le", "-")
	return f32le(out)
}

// mpg123Decode decodes path with mpg123 to float32 (gapless with the LAME
// tag, at the file's own rate and channel count).
func mpg123Decode(t testing.TB, path string) []float32 {
	t.Helper()
	return f32le(runTool(t, "mpg123", "-q", "-e", "f32", "-s", path))
}

func f32le(b []byte) []float32 {
	s := make([]float32, len(b)/4)
	for i := range s {
		s[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return s
}

// testSignal is a deterministic programme-like signal: three tones per
// channel, a little noise and a slow envelope, peaking near 0.5.
func testSignal(rate, ch, n int) []float32 {
	out := make([]float32, n*ch)
	seed := uint32(12345)
	for i := 0; i < n; i++ {
		t := float64(i) / float64(rate)
		env := 0.55 + 0.45*math.Sin(2*math.Pi*1.3*t)
		for c := 0; c < ch; c++ {
			seed = seed*1664525 + 1013904223
			noise := (float64(seed>>8)/float64(1<<24) - 0.5) * 0.02
			v := 0.25*math.Sin(2*math.Pi*330*t*float64(c+1)) +
				0.15*math.Sin(2*math.Pi*1234*t) +
				0.08*math.Sin(2*math.Pi*2900*t+float64(c)) + noise
			out[i*ch+c] = float32(v * env)
		}
	}
	return out
}

// writeWAV writes 16-bit PCM WAV for the outside encoders.
func writeWAV(t testing.TB, path string, rate, ch int, s []float32) {
	t.Helper()
	var b bytes.Buffer
	data := len(s) * 2
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, uint32(36+data))
	b.WriteString("WAVEfmt ")
	for _, v := range []any{uint32(16), uint16(1), uint16(ch), uint32(rate),
		uint32(rate * ch * 2), uint16(ch * 2), uint16(16)} {
		_ = binary.Write(&b, binary.LittleEndian, v)
	}
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, uint32(data))
	for _, v := range s {
		_ = binary.Write(&b, binary.LittleEndian, int16(math.Round(float64(v)*32767)))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snrDB compares x with the reference over their common length.
func snrDB(ref, x []float32) float64 {
	n := min(len(ref), len(x))
	var sig, noise float64
	for i := 0; i < n; i++ {
		d := float64(ref[i]) - float64(x[i])
		sig += float64(ref[i]) * float64(ref[i])
		noise += d * d
	}
	if noise == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(sig/noise)
}

// bestLag finds the shift (in frames, x later than ref when positive) that
// best aligns x with ref on channel 0, within ±maxLag. It is for failure
// messages only.
func bestLag(ref, x []float32, ch, maxLag int) int {
	na, nb := len(ref)/ch, len(x)/ch
	best, lag := math.Inf(-1), 0
	for l := -maxLag; l <= maxLag; l++ {
		var s, ea, eb float64
		for i := 0; i < na; i += 3 {
			j := i + l
			if j < 0 || j >= nb {
				continue
			}
			a, b := float64(ref[i*ch]), float64(x[j*ch])
			s += a * b
			ea += a * a
			eb += b * b
		}
		if ea > 0 && eb > 0 {
			if c := s / math.Sqrt(ea*eb); c > best {
				best, lag = c, l
			}
		}
	}
	return lag
}

// rms of a signal.
func rms(s []float32) float64 {
	var e float64
	for _, v := range s {
		e += float64(v) * float64(v)
	}
	return math.Sqrt(e / float64(max(len(s), 1)))
}

// memFile is an in-memory io.ReadWriteSeeker.
type memFile struct {
	b   []byte
	pos int64
}

func (m *memFile) Write(p []byte) (int, error) {
	end := m.pos + int64(len(p))
	if end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	copy(m.b[m.pos:], p)
	m.pos = end
	return len(p), nil
}

func (m *memFile) Read(p []byte) (int, error) {
	if m.pos >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[m.pos:])
	m.pos += int64(n)
	return n, nil
}

func (m *memFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		off += m.pos
	case io.SeekEnd:
		off += int64(len(m.b))
	}
	if off < 0 {
		return 0, errors.New("memFile: negative position")
	}
	m.pos = off
	return off, nil
}

// decodeAll decodes a whole file with this package.
func decodeAll(t testing.TB, path string) ([]float32, *Decoder, error) {
	t.Helper()
	d, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer d.Close()
	var out []float32
	buf := make([]float32, 1000*d.Format().Channels)
	for {
		n, err := d.Read(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			return out, d, nil
		}
		if err != nil {
			return out, d, err
		}
	}
}

// encodeFile encodes samples with this package into dir/name.
func encodeFile(t testing.TB, dir, name string, rate, ch int, s []float32, opts EncoderOptions) string {
	t.Helper()
	p := filepath.Join(dir, name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := Encode(f, newSliceStream(rate, ch, s), opts); err != nil {
		t.Fatalf("encode %s: %v", name, err)
	}
	return p
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return fmt.Sprintf("%q", err.Error())
}

func newSliceStream(rate, ch int, s []float32) *audio.Slice {
	return audio.NewSlice(audio.Format{SampleRate: rate, Channels: ch}, s)
}
