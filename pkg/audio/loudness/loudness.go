// Package loudness measures loudness the way ITU-R BS.1770-4 and EBU R128
// define it (momentary, short-term and integrated loudness, loudness range
// per EBU Tech 3342, sample and true peak), and provides the stream stages a
// bulletin needs to reach a loudness target: a gain stage, a look-ahead
// true-peak limiter and an optional voicing preset for outdoor horn
// loudspeakers.
//
// All stages follow the audio.Stream pull contract: they work in bounded
// memory whatever the length of the programme, are deterministic, and pass
// the first error of their input on.
package loudness

import (
	"context"
	"errors"
	"math"

	"loa/pkg/audio"
)

// ErrOption marks an invalid option value (a ceiling, a gain, a time
// constant). Errors returned by this package wrap it or audio.ErrFormat.
var ErrOption = errors.New("loudness: invalid option")

// Options selects what a Meter measures.
//
// The zero value measures without true peak; use DefaultOptions for the
// usual EBU R128 set (true peak on).
type Options struct {
	// DualMono measures a one-channel signal as if it were played on two
	// loudspeakers (left and right), which reads 3 dB louder. It is ignored
	// for other layouts. Without it, mono is measured with weight 1, as
	// BS.1770 and ffmpeg's ebur128 filter do.
	DualMono bool
	// TruePeak enables the oversampled true-peak meter. When it is off,
	// Result.TruePeak is NaN.
	TruePeak bool
}

// DefaultOptions returns the options loa uses everywhere: true peak on,
// mono measured as mono.
func DefaultOptions() Options { return Options{TruePeak: true} }

// Result is the summary of a measured programme. Loudness values are in
// LUFS, the range in LU, peaks in dBTP (true peak) or dBFS (sample peak).
//
// Values that cannot be measured are math.Inf(-1): Integrated when every
// 400 ms block is below the −70 LUFS absolute gate (silence, or a programme
// shorter than 400 ms), MaxMomentary for less than 400 ms of audio,
// MaxShortTerm for less than 3 s, and the peaks of digital silence. Range is
// 0 when no short-term value passes the gates. TruePeak is NaN
// when Options.TruePeak was off. (encoding/json cannot encode ±Inf or NaN:
// callers that emit JSON must map them, e.g. to null.)
type Result struct {
	Integrated   float64 // integrated (gated) loudness, LUFS
	Range        float64 // loudness range (EBU Tech 3342), LU
	TruePeak     float64 // maximum true peak over all channels, dBTP
	SamplePeak   float64 // maximum absolute sample over all channels, dBFS
	MaxMomentary float64 // highest momentary (400 ms) loudness, LUFS
	MaxShortTerm float64 // highest short-term (3 s) loudness, LUFS
	Duration     float64 // seconds
	Frames       int64   // frames measured
}

// Measure drains s through a new Meter and returns its result. It checks ctx
// between buffers and returns ctx.Err() (wrapped) if it is cancelled.
func Measure(ctx context.Context, s audio.Stream, opts Options) (Result, error) {
	m, err := NewMeter(s.Format(), opts)
	if err != nil {
		return Result{}, err
	}
	return drain(ctx, s, m)
}

// maxStalls is how many empty reads without error a stage tolerates from its
// input before it reports io.ErrNoProgress.
const maxStalls = 100

// GainDB returns the gain in dB that moves a programme measured at
// measuredLUFS to targetLUFS. It returns 0 when either value is not finite
// (a programme gated out as silence has nothing to normalise).
func GainDB(measuredLUFS, targetLUFS float64) float64 {
	if math.IsInf(measuredLUFS, 0) || math.IsNaN(measuredLUFS) ||
		math.IsInf(targetLUFS, 0) || math.IsNaN(targetLUFS) {
		return 0
	}
	return targetLUFS - measuredLUFS
}

// dbToLinear converts decibels to an amplitude ratio.
func dbToLinear(db float64) float64 { return math.Pow(10, db/20) }

// linearToDB converts an amplitude ratio to decibels (−Inf for 0).
func linearToDB(v float64) float64 { return 20 * math.Log10(v) }
