package audio

import (
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"testing"
)

// requireTool skips the test when an outside tool is missing, except under
// CI=true where a missing tool is a failure.
func requireTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true but was not found: %v", name, err)
		}
		t.Skipf("%s not installed; skipping the cross-check", name)
	}
	return p
}

// sine returns n frames of a sine of amplitude a at freq Hz, duplicated on
// every channel.
func sine(f Format, freq, a float64, n int) []float32 {
	out := make([]float32, n*f.Channels)
	w := 2 * math.Pi * freq / float64(f.SampleRate)
	for i := range n {
		v := float32(a * math.Sin(w*float64(i)))
		for c := range f.Channels {
			out[i*f.Channels+c] = v
		}
	}
	return out
}

// constant returns n frames of the value v on every channel.
func constant(f Format, v float32, n int) []float32 {
	out := make([]float32, n*f.Channels)
	for i := range out {
		out[i] = v
	}
	return out
}

// channel extracts one channel of interleaved samples.
func channel(x []float32, ch, c int) []float32 {
	out := make([]float32, len(x)/ch)
	for i := range out {
		out[i] = x[i*ch+c]
	}
	return out
}

// fitSine fits a·sin + b·cos + dc at the known normalized frequency w
// (radians per sample, x[i] at index i+offset) by least squares and returns
// the fitted amplitude and the RMS of the residual.
func fitSine(x []float32, w float64, offset int) (amp, resid float64) {
	// Normal equations for basis s, c, 1.
	var m [3][3]float64
	var v [3]float64
	for i, y := range x {
		ph := w * float64(i+offset)
		b := [3]float64{math.Sin(ph), math.Cos(ph), 1}
		for r := range 3 {
			for c := range 3 {
				m[r][c] += b[r] * b[c]
			}
			v[r] += b[r] * float64(y)
		}
	}
	sol := solve3(m, v)
	var e float64
	for i, y := range x {
		ph := w * float64(i+offset)
		d := float64(y) - (sol[0]*math.Sin(ph) + sol[1]*math.Cos(ph) + sol[2])
		e += d * d
	}
	return math.Hypot(sol[0], sol[1]), math.Sqrt(e / float64(len(x)))
}

func solve3(m [3][3]float64, v [3]float64) [3]float64 {
	for c := range 3 {
		p := c
		for r := c + 1; r < 3; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[p][c]) {
				p = r
			}
		}
		m[c], m[p] = m[p], m[c]
		v[c], v[p] = v[p], v[c]
		for r := range 3 {
			if r == c || m[c][c] == 0 {
				continue
			}
			f := m[r][c] / m[c][c]
			for k := range 3 {
				m[r][k] -= f * m[c][k]
			}
			v[r] -= f * v[c]
		}
	}
	var out [3]float64
	for i := range 3 {
		if m[i][i] != 0 {
			out[i] = v[i] / m[i][i]
		}
	}
	return out
}

func db(x float64) float64 { return 20 * math.Log10(x) }

var errBroken = errors.New("broken decoder")

// failing yields the samples of an in-memory stream, then errBroken instead
// of io.EOF.
type failing struct {
	*Slice
}

func newFailing(f Format, samples []float32) *failing {
	return &failing{NewSlice(f, samples)}
}

func (s *failing) Read(buf []float32) (int, error) {
	n, err := s.Slice.Read(buf)
	if errors.Is(err, io.EOF) {
		return n, errBroken
	}
	return n, err
}

// Frames hides the length: a broken decoder does not know it.
func (s *failing) Frames() int64 { return -1 }

// dribble returns at most a few frames per Read, to exercise buffering.
type dribble struct {
	Stream
	max int
	i   int
}

func (d *dribble) Read(buf []float32) (int, error) {
	ch := d.Format().Channels
	d.i++
	n := 1 + d.i%d.max
	if n*ch < len(buf) {
		buf = buf[:n*ch]
	}
	return d.Stream.Read(buf)
}

// endless repeats a precomputed block forever without allocating.
type endless struct {
	f     Format
	block []float32
	pos   int
}

func newEndless(f Format, block []float32) *endless { return &endless{f: f, block: block} }

func (e *endless) Format() Format { return e.f }

func (e *endless) Read(buf []float32) (int, error) {
	n := len(buf) / e.f.Channels * e.f.Channels
	for i := range n {
		buf[i] = e.block[e.pos]
		e.pos++
		if e.pos == len(e.block) {
			e.pos = 0
		}
	}
	return n, nil
}

// limited ends an endless stream after n frames (without allocating).
type limited struct {
	Stream
	left int
}

func (l *limited) Read(buf []float32) (int, error) {
	ch := l.Format().Channels
	if l.left == 0 {
		return 0, io.EOF
	}
	if len(buf)/ch > l.left {
		buf = buf[:l.left*ch]
	}
	n, err := l.Stream.Read(buf)
	l.left -= n / ch
	return n, err
}

func (l *limited) Frames() int64 { return -1 }

func readAll(t testing.TB, s Stream) []float32 {
	t.Helper()
	out, err := ReadAll(s)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return out
}
