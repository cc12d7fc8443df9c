package loudness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"loa/pkg/audio"
)

// A Trace is what the loudness of a programme needs to know of one piece
// of it: the K-weighted, channel-weighted energy of every chunk of Chunk
// frames, and the piece's peaks. A programme made of pieces placed at
// chunk-aligned offsets with digital silence between them is then measured
// by Assemble exactly as a Meter would measure its samples (to float32
// rounding of the chunk sums), without the samples.
//
// This is how a bulletin joined from pre-encoded clips knows its loudness
// without decoding or re-filtering the whole programme.
type Trace struct {
	Chunk  int       // frames per chunk
	Frames int64     // frames traced
	Energy []float32 // weighted sum of squares of each chunk; the last may be partial
	// TruePeak and SamplePeak of the piece, dBTP and dBFS (−Inf for silence;
	// TruePeak is NaN when it was not measured).
	TruePeak, SamplePeak float64
}

// tracer collects a Trace inside a Meter.
type tracer struct {
	chunk  int64
	end    int64 // frame index where the chunk in progress ends
	cur    float64
	energy []float32
}

// add accounts weighted energy ending at frame index at (never past end).
func (t *tracer) add(e float64, at int64) {
	t.cur += e
	if at == t.end {
		t.energy = append(t.energy, float32(t.cur))
		t.cur = 0
		t.end += t.chunk
	}
}

// TraceStream measures s like Measure and also returns its Trace at chunk
// frames per chunk.
func TraceStream(ctx context.Context, s audio.Stream, opts Options, chunk int) (Result, Trace, error) {
	if chunk < 1 {
		return Result{}, Trace{}, fmt.Errorf("%w: trace chunk of %d frames", ErrOption, chunk)
	}
	m, err := NewMeter(s.Format(), opts)
	if err != nil {
		return Result{}, Trace{}, err
	}
	m.trace = &tracer{chunk: int64(chunk), end: int64(chunk)}
	r, err := drain(ctx, s, m)
	if err != nil {
		return Result{}, Trace{}, err
	}
	t := Trace{Chunk: chunk, Frames: m.frames, Energy: m.trace.energy, TruePeak: r.TruePeak, SamplePeak: r.SamplePeak}
	if m.frames%int64(chunk) != 0 {
		t.Energy = append(t.Energy, float32(m.trace.cur))
	}
	return r, t, nil
}

// Placed is a Trace at a frame offset of a programme.
type Placed struct {
	Trace *Trace
	At    int64
}

// ErrPlacement marks traces that Assemble cannot combine.
var ErrPlacement = errors.New("loudness: traces cannot be assembled")

// Assemble returns the Result a Meter with opts would give for a programme
// of total frames of format f made of the placed traces, with digital
// silence wherever no trace is. The traces must share one chunk size that
// divides the 100 ms step (so f.SampleRate must be a multiple of 10), be
// placed at multiples of it, in order and without overlapping. What a trace
// holds past total is not part of the programme.
//
// The pieces are assumed independent: each trace was filtered from silence
// and the K-weighting filter's ringing past a trace's end is part of it, as
// it is when every trace ends in enough silence (tens of milliseconds).
func Assemble(f audio.Format, opts Options, total int64, parts []Placed) (Result, error) {
	m, err := NewMeter(f, Options{DualMono: opts.DualMono})
	if err != nil {
		return Result{}, err
	}
	if f.SampleRate%stepsPerSec != 0 {
		return Result{}, fmt.Errorf("%w: %d Hz is not a whole number of frames per 100 ms", ErrPlacement, f.SampleRate)
	}
	step := int64(f.SampleRate / stepsPerSec)
	steps := total / step
	sums := make([]float64, steps)
	tp, sp := math.Inf(-1), math.Inf(-1)
	var prevEnd int64
	chunk := 0
	for i, p := range parts {
		t := p.Trace
		if chunk == 0 {
			chunk = t.Chunk
		}
		switch {
		case t.Chunk != chunk || chunk < 1 || step%int64(chunk) != 0:
			return Result{}, fmt.Errorf("%w: piece %d has chunks of %d frames (want one size dividing %d)", ErrPlacement, i, t.Chunk, step)
		case p.At%int64(chunk) != 0 || p.At < prevEnd || p.At < 0:
			return Result{}, fmt.Errorf("%w: piece %d at frame %d (after %d, on a multiple of %d)", ErrPlacement, i, p.At, prevEnd, chunk)
		}
		prevEnd = p.At + t.Frames
		for j, e := range t.Energy {
			if k := (p.At + int64(j*chunk)) / step; k < steps {
				sums[k] += float64(e)
			}
		}
		sp = max(sp, t.SamplePeak)
		if opts.TruePeak {
			tp = max(tp, t.TruePeak)
		}
	}
	for k, s := range sums {
		m.pushStep(stepEnergy{sum: s, frames: m.boundary(int64(k)+1) - m.boundary(int64(k))})
	}
	m.frames = total
	r := m.Result()
	r.SamplePeak = sp
	r.TruePeak = math.NaN()
	if opts.TruePeak {
		r.TruePeak = tp
	}
	return r, nil
}

// drain measures s through m to its end.
func drain(ctx context.Context, s audio.Stream, m *Meter) (Result, error) {
	f := s.Format()
	buf := make([]float32, 8192*f.Channels)
	stalls := 0
	for {
		if err := ctx.Err(); err != nil {
			return Result{}, fmt.Errorf("loudness: measuring stopped after %d frames: %w", m.frames, err)
		}
		n, err := s.Read(buf)
		n -= n % f.Channels
		m.Write(buf[:n])
		if errors.Is(err, io.EOF) {
			return m.Result(), nil
		}
		if err != nil {
			return Result{}, fmt.Errorf("loudness: reading frame %d: %w", m.frames, err)
		}
		if n == 0 {
			if stalls++; stalls > maxStalls {
				return Result{}, fmt.Errorf("loudness: reading frame %d: %w", m.frames, io.ErrNoProgress)
			}
		} else {
			stalls = 0
		}
	}
}
