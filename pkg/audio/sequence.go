package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"
)

// sameFormat checks that every stream is valid and shares the first one's
// format.
func sameFormat(op string, streams ...Stream) error {
	if len(streams) == 0 {
		return fmt.Errorf("%s: no streams: %w", op, ErrParameter)
	}
	for i, s := range streams {
		if err := checkStream(fmt.Sprintf("%s: stream %d", op, i), s); err != nil {
			return err
		}
		if f, f0 := s.Format(), streams[0].Format(); f != f0 {
			return fmt.Errorf("%s: stream %d is %v, stream 0 is %v: %w", op, i, f, f0, ErrFormatMismatch)
		}
	}
	return nil
}

// Concat plays the streams one after the other. They must share one format
// (resample and remix first); otherwise Concat returns ErrFormatMismatch.
// The first error from any input ends the sequence and is returned, wrapped
// with the input's index and frame position, instead of io.EOF.
func Concat(streams ...Stream) (Stream, error) {
	if err := sameFormat("concat", streams...); err != nil {
		return nil, err
	}
	if len(streams) == 1 {
		return streams[0], nil
	}
	return &concat{f: streams[0].Format(), streams: append([]Stream(nil), streams...)}, nil
}

type concat struct {
	f       Format
	streams []Stream
	cur     int
	pos     int64 // frames read from the current stream
	err     error
}

func (c *concat) Format() Format { return c.f }

// Frames implements Lengther: the sum of the inputs' lengths, if all known.
func (c *concat) Frames() int64 {
	var sum int64
	for _, s := range c.streams {
		n := FramesOf(s)
		if n < 0 {
			return -1
		}
		sum += n
	}
	return sum
}

func (c *concat) Read(buf []float32) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	ch := c.f.Channels
	buf = buf[:len(buf)/ch*ch]
	got, zero := 0, 0
	for got < len(buf) && c.cur < len(c.streams) {
		n, err := c.streams[c.cur].Read(buf[got:])
		got += n
		c.pos += int64(n / ch)
		switch {
		case errors.Is(err, io.EOF):
			c.cur++
			c.pos = 0
			zero = 0
		case err != nil:
			c.err = fmt.Errorf("concat: stream %d at frame %d: %w", c.cur, c.pos, err)
			return got, c.err
		case n == 0:
			if zero++; zero >= maxZeroReads {
				c.err = fmt.Errorf("concat: stream %d at frame %d: %w", c.cur, c.pos, io.ErrNoProgress)
				return got, c.err
			}
		default:
			zero = 0
		}
	}
	if got == 0 && len(buf) > 0 {
		return 0, io.EOF
	}
	return got, nil
}

// Crossfade plays a then b, overlapping the last d of a with the first d of
// b under an equal-power law (a·cos, b·sin of a quarter period), for music.
// The output holds len(a) + len(b) - overlap frames, where the overlap is d
// rounded to frames, shortened to the shorter input if needed. a's tail is
// held in a buffer of d frames, so lengths need not be known in advance.
// Errors from either input are passed on.
func Crossfade(a, b Stream, d time.Duration) (Stream, error) {
	if err := sameFormat("crossfade", a, b); err != nil {
		return nil, err
	}
	if d < 0 {
		return nil, fmt.Errorf("crossfade: negative duration %v: %w", d, ErrParameter)
	}
	f := a.Format()
	if err := checkBuffer("crossfade", "overlap", d, f); err != nil {
		return nil, err
	}
	n := int(DurationFrames(d, f.SampleRate))
	if n == 0 {
		return Concat(a, b)
	}
	return &crossfade{
		a: a, b: b, f: f, d: n,
		ring:    newFrameRing(f.Channels, n+chunkFrames),
		head:    make([]float32, n*f.Channels),
		scratch: make([]float32, chunkFrames*f.Channels),
	}, nil
}

type crossfade struct {
	a, b    Stream
	f       Format
	d       int
	ring    *frameRing // a's latest frames
	head    []float32  // b's first frames
	scratch []float32
	state   int // 0: playing a; 1: overlap; 2: playing b; 3: done
	overlap int // overlap frames
	q       int // overlap frames emitted
	err     error
}

func (x *crossfade) Format() Format { return x.f }

// Frames implements Lengther.
func (x *crossfade) Frames() int64 {
	la, lb := FramesOf(x.a), FramesOf(x.b)
	if la < 0 || lb < 0 {
		return -1
	}
	return la + lb - min(int64(x.d), la, lb)
}

func (x *crossfade) fail(which string, err error) (int, error) {
	x.err = fmt.Errorf("crossfade: input %s: %w", which, err)
	return 0, x.err
}

func (x *crossfade) Read(buf []float32) (int, error) {
	if x.err != nil {
		return 0, x.err
	}
	ch := x.f.Channels
	want := len(buf) / ch
	if want == 0 {
		return 0, nil
	}
	for {
		switch x.state {
		case 0:
			if ready := x.ring.n - x.d; ready > 0 {
				return x.ring.pop(buf[:min(want, ready)*ch]) * ch, nil
			}
			m := min(x.ring.free(), chunkFrames)
			got, eof, err := fill(x.a, x.scratch[:m*ch])
			x.ring.push(x.scratch[:got])
			if err != nil {
				return x.fail("a", err)
			}
			if !eof {
				continue
			}
			r := min(x.ring.n, x.d)
			got, eof, err = fill(x.b, x.head[:r*ch])
			if err != nil {
				return x.fail("b", err)
			}
			x.overlap = got / ch
			x.state = 1
			if eof {
				x.b = nil
			}
		case 1:
			if solo := x.ring.n - x.overlap; solo > 0 {
				return x.ring.pop(buf[:min(want, solo)*ch]) * ch, nil
			}
			if x.ring.n == 0 {
				x.state = 2
				continue
			}
			k := x.ring.pop(buf[:want*ch])
			for i := range k {
				t := (float64(x.q) + 0.5) / float64(x.overlap) * math.Pi / 2
				ga, gb := float32(math.Cos(t)), float32(math.Sin(t))
				for c := range ch {
					j := i*ch + c
					buf[j] = float32(buf[j]*ga) + float32(x.head[x.q*ch+c]*gb)
				}
				x.q++
			}
			return k * ch, nil
		case 2:
			if x.b == nil {
				x.state = 3
				continue
			}
			n, err := x.b.Read(buf[:want*ch])
			if err != nil && !errors.Is(err, io.EOF) {
				x.err = fmt.Errorf("crossfade: input b: %w", err)
				return n, x.err
			}
			return n, err
		default:
			return 0, io.EOF
		}
	}
}

// Mix sums a and b sample by sample; the output is as long as the longer
// input (the shorter one counts as silence after its end). The formats must
// match, otherwise the stream fails with ErrFormatMismatch on its first Read.
// The sum is not clipped: keep the inputs' headroom in mind (a Gain before
// mixing) and limit before encoding. The first error from either input is
// returned.
func Mix(a, b Stream) Stream {
	if err := sameFormat("mix", a, b); err != nil {
		return &errStream{f: formatOf(a), err: err}
	}
	return &mixer{a: a, b: b, f: a.Format(), scratch: make([]float32, chunkFrames*a.Format().Channels)}
}

type mixer struct {
	a, b    Stream // nil once ended
	f       Format
	scratch []float32
	la, lb  int64 // frames taken from each input
	err     error
}

func (m *mixer) Format() Format { return m.f }

// Frames implements Lengther: the longer input's length, if both are known.
func (m *mixer) Frames() int64 {
	la, lb := m.la, m.lb
	if m.a != nil {
		if la = FramesOf(m.a); la < 0 {
			return -1
		}
	}
	if m.b != nil {
		if lb = FramesOf(m.b); lb < 0 {
			return -1
		}
	}
	return max(la, lb)
}

func (m *mixer) Read(buf []float32) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	ch := m.f.Channels
	want := min(len(buf)/ch, chunkFrames) * ch
	if want == 0 {
		return 0, nil
	}
	if m.a == nil && m.b == nil {
		return 0, io.EOF
	}
	na, nb := 0, 0
	if m.a != nil {
		n, eof, err := fill(m.a, buf[:want])
		if err != nil {
			m.err = fmt.Errorf("mix: input a: %w", err)
			return 0, m.err
		}
		na = n
		m.la += int64(n / ch)
		if eof {
			m.a = nil
		}
	}
	if m.b != nil {
		n, eof, err := fill(m.b, m.scratch[:want])
		if err != nil {
			m.err = fmt.Errorf("mix: input b: %w", err)
			return 0, m.err
		}
		nb = n
		m.lb += int64(n / ch)
		if eof {
			m.b = nil
		}
	}
	n := max(na, nb)
	clear(buf[na:n])
	for i, v := range m.scratch[:nb] {
		buf[i] += v
	}
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}
