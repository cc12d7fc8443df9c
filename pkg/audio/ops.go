package audio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// DefaultEdgeFade is the fade applied at clip edges to avoid clicks.
const DefaultEdgeFade = 10 * time.Millisecond

// Gain scales s by db decibels. db = -Inf mutes; NaN or +Inf make the
// returned stream fail with ErrParameter on its first Read. A gain of 0 dB
// returns s itself. Samples are not clipped.
func Gain(s Stream, db float64) Stream {
	if err := checkStream("gain", s); err != nil {
		return &errStream{f: formatOf(s), err: err}
	}
	if math.IsNaN(db) || math.IsInf(db, 1) {
		return &errStream{f: s.Format(), err: fmt.Errorf("gain: %v dB: %w", db, ErrParameter)}
	}
	if db == 0 {
		return s
	}
	return &gainer{src: s, g: float32(math.Pow(10, db/20))}
}

func formatOf(s Stream) Format {
	if s == nil {
		return Format{}
	}
	return s.Format()
}

type gainer struct {
	src Stream
	g   float32
}

func (g *gainer) Format() Format { return g.src.Format() }

// Frames implements Lengther.
func (g *gainer) Frames() int64 { return FramesOf(g.src) }

func (g *gainer) Read(buf []float32) (int, error) {
	n, err := g.src.Read(buf)
	for i := range buf[:n] {
		buf[i] *= g.g
	}
	return n, err
}

// raisedCosine maps x in [0, 1] to a gain rising smoothly from 0 to 1.
func raisedCosine(x float64) float32 {
	return float32(0.5 - 0.5*math.Cos(math.Pi*x))
}

// EdgeFade applies DefaultEdgeFade at both ends of s.
func EdgeFade(s Stream) (Stream, error) { return Fade(s, DefaultEdgeFade, DefaultEdgeFade) }

// Fade applies a raised-cosine fade-in over the first `in` and a fade-out
// over the last `out` of s (both rounded to whole frames; the first and last
// frames come out at exactly zero). Fades longer than the stream overlap and
// multiply.
//
// The fade-out does not need the stream's length: Fade holds the latest
// `out` worth of frames in a ring buffer and fades them once s ends, so the
// memory is bounded by the fade length and s may be of unknown length.
// Zero durations return s itself; negative ones are an ErrParameter.
func Fade(s Stream, in, out time.Duration) (Stream, error) {
	if err := checkStream("fade", s); err != nil {
		return nil, err
	}
	if in < 0 || out < 0 {
		return nil, fmt.Errorf("fade: negative duration (in %v, out %v): %w", in, out, ErrParameter)
	}
	f := s.Format()
	if err := checkBuffer("fade", "fade-out", out, f); err != nil {
		return nil, err
	}
	nIn, nOut := DurationFrames(in, f.SampleRate), DurationFrames(out, f.SampleRate)
	if nIn == 0 && nOut == 0 {
		return s, nil
	}
	fd := &fader{src: s, f: f, nIn: nIn, nOut: int(nOut)}
	if nOut > 0 {
		fd.ring = newFrameRing(f.Channels, int(nOut)+chunkFrames)
		fd.scratch = make([]float32, chunkFrames*f.Channels)
	}
	return fd, nil
}

type fader struct {
	src     Stream
	f       Format
	nIn     int64
	nOut    int
	pos     int64 // frames taken from src
	ring    *frameRing
	scratch []float32
	eof     bool
	err     error
}

func (d *fader) Format() Format { return d.f }

// Frames implements Lengther.
func (d *fader) Frames() int64 { return FramesOf(d.src) }

func (d *fader) Read(buf []float32) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	ch := d.f.Channels
	want := len(buf) / ch
	if want == 0 {
		return 0, nil
	}
	if d.ring == nil {
		n, err := d.src.Read(buf[:want*ch])
		d.applyIn(buf[:n])
		if err != nil && !errors.Is(err, io.EOF) {
			d.err = err
		}
		return n, err
	}
	for {
		if d.eof {
			left := d.ring.n
			if left == 0 {
				return 0, io.EOF
			}
			k := d.ring.pop(buf[:want*ch])
			for q := range k {
				j := left - 1 - q // frames after this one
				if j < d.nOut {
					g := raisedCosine(float64(j) / float64(d.nOut))
					for c := range ch {
						buf[q*ch+c] *= g
					}
				}
			}
			return k * ch, nil
		}
		if ready := d.ring.n - d.nOut; ready > 0 {
			k := d.ring.pop(buf[:min(want, ready)*ch])
			return k * ch, nil
		}
		m := min(d.ring.free(), chunkFrames)
		got, eof, err := fill(d.src, d.scratch[:m*ch])
		d.applyIn(d.scratch[:got])
		d.ring.push(d.scratch[:got])
		if err != nil {
			d.err = err
			return 0, err
		}
		d.eof = eof
	}
}

// applyIn applies the fade-in to frames just taken from the source and
// advances the source position.
func (d *fader) applyIn(x []float32) {
	ch := d.f.Channels
	frames := int64(len(x) / ch)
	for i := int64(0); i < frames && d.pos+i < d.nIn; i++ {
		g := raisedCosine(float64(d.pos+i) / float64(d.nIn))
		for c := range ch {
			x[int(i)*ch+c] *= g
		}
	}
	d.pos += frames
}

// Silence returns round(d·rate) frames of digital silence in format f. An
// invalid format or a negative duration makes the stream fail on its first
// Read.
func Silence(f Format, d time.Duration) Stream {
	if d < 0 {
		return &errStream{f: f, err: fmt.Errorf("silence: negative duration %v: %w", d, ErrParameter)}
	}
	return SilenceFrames(f, DurationFrames(d, f.SampleRate))
}

// SilenceFrames returns n frames of digital silence in format f.
func SilenceFrames(f Format, n int64) Stream {
	if err := f.Validate(); err != nil {
		return &errStream{f: f, err: fmt.Errorf("silence: %w", err)}
	}
	if n < 0 {
		return &errStream{f: f, err: fmt.Errorf("silence: %d frames: %w", n, ErrParameter)}
	}
	return &silence{f: f, total: n, left: n}
}

type silence struct {
	f           Format
	total, left int64
}

func (s *silence) Format() Format { return s.f }

// Frames implements Lengther.
func (s *silence) Frames() int64 { return s.total }

func (s *silence) Read(buf []float32) (int, error) {
	if s.left == 0 {
		return 0, io.EOF
	}
	ch := s.f.Channels
	n := int(min(int64(len(buf)/ch), s.left))
	clear(buf[:n*ch])
	s.left -= int64(n)
	return n * ch, nil
}

// WithContext returns a stream whose Read fails with ctx.Err() once ctx is
// cancelled, so a long render stops at the next block.
func WithContext(ctx context.Context, s Stream) Stream {
	if err := checkStream("context", s); err != nil {
		return &errStream{f: formatOf(s), err: err}
	}
	if ctx == nil {
		return &errStream{f: s.Format(), err: fmt.Errorf("context: nil context: %w", ErrParameter)}
	}
	return &ctxStream{ctx: ctx, src: s}
}

type ctxStream struct {
	ctx context.Context
	src Stream
}

func (c *ctxStream) Format() Format { return c.src.Format() }

// Frames implements Lengther.
func (c *ctxStream) Frames() int64 { return FramesOf(c.src) }

func (c *ctxStream) Read(buf []float32) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.src.Read(buf)
}

// Peak returns the largest absolute sample value of x (0 for an empty slice;
// NaN if x holds one).
func Peak(x []float32) float32 {
	var p float32
	for _, v := range x {
		if math.IsNaN(float64(v)) {
			return v
		}
		if v < 0 {
			v = -v
		}
		p = max(p, v)
	}
	return p
}

// RMS returns the root mean square of x over all samples (0 when empty).
func RMS(x []float32) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(len(x)))
}

// RMSdB returns the RMS of x in dBFS (a full-scale sine reads -3.01 dB, a
// full-scale square 0 dB); silence and empty slices give -Inf.
func RMSdB(x []float32) float64 {
	return 20 * math.Log10(RMS(x))
}

// PeakdB returns Peak(x) in dBFS (-Inf for silence).
func PeakdB(x []float32) float64 {
	return 20 * math.Log10(float64(Peak(x)))
}
