package loudness

import (
	"fmt"
	"math"

	"loa/pkg/audio"
)

// NewGain returns s amplified by db decibels. It does not limit: follow it
// with NewLimiter when the result may exceed full scale. A db that is NaN or
// infinite makes every Read fail with an error wrapping ErrOption.
func NewGain(s audio.Stream, db float64) audio.Stream {
	g := &gainStage{src: s, gain: float32(dbToLinear(db))}
	if math.IsNaN(db) || math.IsInf(db, 0) {
		g.err = fmt.Errorf("%w: gain %v dB", ErrOption, db)
	}
	return g
}

type gainStage struct {
	src  audio.Stream
	gain float32
	err  error
}

// Format implements audio.Stream.
func (g *gainStage) Format() audio.Format { return g.src.Format() }

// Frames implements audio.Lengther when the source does.
func (g *gainStage) Frames() int64 {
	if n, ok := g.src.(audio.Lengther); ok {
		return n.Frames()
	}
	return -1
}

// Read implements audio.Stream.
func (g *gainStage) Read(buf []float32) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.src.Read(buf)
	if g.gain != 1 {
		for i := range buf[:n] {
			buf[i] *= g.gain
		}
	}
	return n, err
}
