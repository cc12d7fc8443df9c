// Package audio defines the streaming PCM contract every loa audio stage
// shares, and the operations built on it (resampling, gain, fades, mixing,
// sequencing, trimming).
//
// A Stream yields interleaved float32 frames at a fixed Format. Stages wrap a
// Stream and return a Stream, so a bulletin is one pull pipeline whose memory
// does not grow with its length. Unlike beep, every stage passes the first
// error from its inputs on instead of turning it into silence.
package audio

import (
	"errors"
	"fmt"
	"io"
)

// Format is what a stream carries: sample rate in Hz and interleaved channels.
type Format struct {
	SampleRate int
	Channels   int
}

// Validate reports whether the format is one loa can process.
func (f Format) Validate() error {
	if f.SampleRate < 1000 || f.SampleRate > 768000 {
		return fmt.Errorf("%w: sample rate %d Hz", ErrFormat, f.SampleRate)
	}
	if f.Channels < 1 || f.Channels > 8 {
		return fmt.Errorf("%w: %d channels", ErrFormat, f.Channels)
	}
	return nil
}

func (f Format) String() string { return fmt.Sprintf("%d Hz, %d ch", f.SampleRate, f.Channels) }

// ErrFormat marks a sample rate or channel layout loa cannot process.
var ErrFormat = errors.New("unsupported audio format")

// Stream is a source of interleaved float32 samples in [-1, 1] (values
// outside are allowed between stages; encoders limit before writing).
//
// Read fills buf with whole frames (len(buf) must be a multiple of
// Format().Channels) and returns the number of samples written, always a
// multiple of the channel count. At the end it returns io.EOF, possibly with
// n > 0, exactly like io.Reader. Any other error is final.
type Stream interface {
	Format() Format
	Read(buf []float32) (n int, err error)
}

// Lengther is implemented by streams that know how many frames they hold.
type Lengther interface {
	// Frames returns the total number of frames, or -1 if unknown.
	Frames() int64
}

// ReadFull reads until buf is full or the stream ends. It returns io.EOF only
// when no sample was read.
func ReadFull(s Stream, buf []float32) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := s.Read(buf[n:])
		n += m
		if err == io.EOF {
			if n == 0 {
				return 0, io.EOF
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if m == 0 {
			return n, io.ErrNoProgress
		}
	}
	return n, nil
}

// ReadAll drains s into memory. It is meant for tests and short clips only.
// A stream that knows its length (FramesOf) is read into one allocation.
func ReadAll(s Stream) ([]float32, error) {
	ch := s.Format().Channels
	var out []float32
	if n := FramesOf(s); n > 0 && n < 1<<28 {
		out = make([]float32, 0, int(n)*ch)
	}
	buf := make([]float32, 4096*ch)
	for {
		n, err := s.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
	}
}

// Slice is an in-memory Stream, handy for tests and generated signals.
type Slice struct {
	F       Format
	Samples []float32
	pos     int
}

// NewSlice returns a Stream over interleaved samples.
func NewSlice(f Format, samples []float32) *Slice { return &Slice{F: f, Samples: samples} }

// Format implements Stream.
func (s *Slice) Format() Format { return s.F }

// Frames implements Lengther.
func (s *Slice) Frames() int64 { return int64(len(s.Samples) / s.F.Channels) }

// Read implements Stream.
func (s *Slice) Read(buf []float32) (int, error) {
	if s.pos >= len(s.Samples) {
		return 0, io.EOF
	}
	n := copy(buf[:len(buf)/s.F.Channels*s.F.Channels], s.Samples[s.pos:])
	s.pos += n
	return n, nil
}
