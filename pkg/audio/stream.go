package audio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"time"
)

// ErrFormatMismatch marks streams that must share a format but do not.
var ErrFormatMismatch = errors.New("audio formats differ")

// ErrParameter marks an invalid argument to an audio operation (a negative
// duration, a non-finite gain, a nil stream, ...).
var ErrParameter = errors.New("invalid audio parameter")

// chunkFrames is the block size stages use for their internal buffers. It
// bounds the memory of every stage independently of the caller's buffers.
const chunkFrames = 1024

// MaxBufferSamples bounds the buffer a stage may allocate for a duration
// it must hold (a fade-out, a crossfade, the ducker's look-ahead, the
// trimmer's silence hold): 2^25 samples (128 MiB), e.g. 380 s of 44.1 kHz
// stereo. Longer durations are an ErrParameter.
const MaxBufferSamples = 1 << 25

// checkBuffer reports an ErrParameter when holding d at format f would need
// more than MaxBufferSamples.
func checkBuffer(op, what string, d time.Duration, f Format) error {
	// A negative d here is an overflowed sum of valid durations.
	if n := DurationFrames(d, f.SampleRate); d < 0 || n > MaxBufferSamples/int64(f.Channels) {
		return fmt.Errorf("%s: %s of %v at %v needs more than %d samples of buffer: %w",
			op, what, d, f, MaxBufferSamples, ErrParameter)
	}
	return nil
}

// maxZeroReads is how many consecutive (0, nil) reads a stage tolerates from
// its source before it reports io.ErrNoProgress instead of spinning.
const maxZeroReads = 100

// FramesOf returns the length of s in frames when s implements Lengther, and
// -1 otherwise.
func FramesOf(s Stream) int64 {
	if l, ok := s.(Lengther); ok {
		return l.Frames()
	}
	return -1
}

// DurationFrames converts a duration to a frame count at rate Hz, rounded to
// the nearest frame (halves away from zero). Negative durations give 0.
func DurationFrames(d time.Duration, rate int) int64 {
	if d <= 0 || rate <= 0 {
		return 0
	}
	return mulDivRound(int64(d), int64(rate), int64(time.Second))
}

// mulDivRound returns round(n*num/den) for non-negative n, num and positive
// den, computed in 128 bits; it saturates at math.MaxInt64.
func mulDivRound(n, num, den int64) int64 {
	if n <= 0 || num <= 0 || den <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(n), uint64(num))
	// round(x/den) = floor((2x + den) / (2den)).
	hi = hi<<1 | lo>>63
	lo <<= 1
	var carry uint64
	lo, carry = bits.Add64(lo, uint64(den), 0)
	hi += carry
	d2 := uint64(den) << 1
	if hi >= d2 {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, d2)
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q)
}

// fill reads from s until buf (whole frames) is full or s ends. It returns
// the samples read, whether the end was reached, and any error other than
// io.EOF. A source that keeps returning (0, nil) yields io.ErrNoProgress.
func fill(s Stream, buf []float32) (n int, eof bool, err error) {
	zero := 0
	for n < len(buf) {
		m, err := s.Read(buf[n:])
		n += m
		if errors.Is(err, io.EOF) {
			return n, true, nil
		}
		if err != nil {
			return n, false, err
		}
		if m == 0 {
			zero++
			if zero >= maxZeroReads {
				return n, false, io.ErrNoProgress
			}
			continue
		}
		zero = 0
	}
	return n, false, nil
}

// errStream is a Stream that fails on every Read. Constructors that cannot
// return an error use it to report a bad argument at the first Read.
type errStream struct {
	f   Format
	err error
}

func (e *errStream) Format() Format              { return e.f }
func (e *errStream) Read([]float32) (int, error) { return 0, e.err }
func (e *errStream) Frames() int64               { return -1 }

// checkStream validates a stream argument of an operation.
func checkStream(op string, s Stream) error {
	if s == nil {
		return fmt.Errorf("%s: nil stream: %w", op, ErrParameter)
	}
	if err := s.Format().Validate(); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// frameRing is a FIFO of interleaved frames with a fixed capacity.
type frameRing struct {
	ch   int
	buf  []float32
	size int // capacity in frames
	head int // frame index of the oldest frame
	n    int // frames held
}

func newFrameRing(ch, capFrames int) *frameRing {
	return &frameRing{ch: ch, buf: make([]float32, capFrames*ch), size: capFrames}
}

func (r *frameRing) free() int { return r.size - r.n }

// push appends the whole frames of src; the caller ensures they fit.
func (r *frameRing) push(src []float32) {
	frames := len(src) / r.ch
	tail := (r.head + r.n) % r.size
	first := min(frames, r.size-tail)
	copy(r.buf[tail*r.ch:], src[:first*r.ch])
	copy(r.buf, src[first*r.ch:frames*r.ch])
	r.n += frames
}

// pop moves up to len(dst)/ch of the oldest frames into dst and returns the
// number of frames moved.
func (r *frameRing) pop(dst []float32) int {
	frames := min(len(dst)/r.ch, r.n)
	first := min(frames, r.size-r.head)
	copy(dst, r.buf[r.head*r.ch:(r.head+first)*r.ch])
	copy(dst[first*r.ch:], r.buf[:(frames-first)*r.ch])
	r.drop(frames)
	return frames
}

// drop discards the k oldest frames.
func (r *frameRing) drop(k int) {
	k = min(k, r.n)
	r.head = (r.head + k) % r.size
	r.n -= k
	if r.n == 0 {
		r.head = 0
	}
}
