package loudness

import (
	"fmt"
	"math"

	"loa/pkg/audio"
)

// The "pa" voicing preset for outdoor horn loudspeakers. Horns reproduce
// little below 150–200 Hz and waste power trying; speech intelligibility
// outdoors lives around 2–4 kHz; and an even level carries further over
// traffic than a dynamic one.
const (
	PAHighPassHz  = 120.0  // 4th-order Butterworth high-pass corner
	PAThresholdDB = -24.0  // compressor threshold, dBFS RMS (a full-scale sine is -3 dBFS RMS)
	PARatio       = 3.0    // compression ratio above the threshold
	PAKneeDB      = 6.0    // soft knee width around the threshold
	PAAttack      = 0.010  // s, gain-reduction attack
	PARelease     = 0.150  // s, gain-reduction release
	PARMSWindow   = 0.005  // s, time constant of the RMS detector
	PAPresenceHz  = 3000.0 // presence peak centre
	PAPresenceDB  = 3.0    // presence peak gain
	PAPresenceQ   = 1.0    // presence peak quality factor
)

// butterworth4Q are the quality factors of the two sections of a
// 4th-order Butterworth filter.
var butterworth4Q = [2]float64{0.5411961001461971, 1.3065629648763766}

// NewPAVoicing returns s voiced for outdoor horn loudspeakers: a 120 Hz
// 4th-order Butterworth high-pass, a gentle RMS compressor (3:1 above
// −24 dBFS RMS with a 6 dB soft knee, 10 ms attack, 150 ms release, one gain
// for all channels, no make-up gain) and a +3 dB presence peak at 3 kHz
// (Q 1). Normalise loudness after this stage, not before. The sample rate
// must be at least 8 kHz.
func NewPAVoicing(s audio.Stream) (audio.Stream, error) {
	f := s.Format()
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("loudness: pa voicing: %w", err)
	}
	if f.SampleRate < 8000 {
		return nil, fmt.Errorf("loudness: pa voicing needs at least 8000 Hz, got %d Hz: %w", f.SampleRate, audio.ErrFormat)
	}
	fs := float64(f.SampleRate)
	p := &paVoicing{
		src:      s,
		f:        f,
		hp1:      highPassSection(PAHighPassHz, butterworth4Q[0], fs),
		hp2:      highPassSection(PAHighPassHz, butterworth4Q[1], fs),
		presence: peakingSection(PAPresenceHz, PAPresenceQ, PAPresenceDB, fs),
		rmsCoef:  1 - math.Exp(-1/(PARMSWindow*fs)),
		attCoef:  1 - math.Exp(-1/(PAAttack*fs)),
		relCoef:  1 - math.Exp(-1/(PARelease*fs)),
		st:       make([][3]biquadState, f.Channels),
	}
	return p, nil
}

type paVoicing struct {
	src                       audio.Stream
	f                         audio.Format
	hp1, hp2, presence        biquad
	rmsCoef, attCoef, relCoef float64
	st                        [][3]biquadState // per channel: hp1, hp2, presence
	power                     float64          // smoothed mean square
	gainDB                    float64          // current gain change (≤ 0)
	frame                     []float64
}

// Format implements audio.Stream.
func (p *paVoicing) Format() audio.Format { return p.f }

// Frames implements audio.Lengther when the source does.
func (p *paVoicing) Frames() int64 {
	if n, ok := p.src.(audio.Lengther); ok {
		return n.Frames()
	}
	return -1
}

// compressorGainDB is the static curve: the gain in dB (≤ 0) for an RMS
// level in dBFS.
func compressorGainDB(level float64) float64 {
	over := level - PAThresholdDB
	slope := 1 - 1/PARatio
	switch {
	case over <= -PAKneeDB/2:
		return 0
	case over >= PAKneeDB/2:
		return -slope * over
	default:
		k := over + PAKneeDB/2
		return -slope * k * k / (2 * PAKneeDB)
	}
}

// Read implements audio.Stream.
func (p *paVoicing) Read(buf []float32) (int, error) {
	n, err := p.src.Read(buf)
	ch := p.f.Channels
	n -= n % ch
	if cap(p.frame) < ch {
		p.frame = make([]float64, ch)
	}
	fr := p.frame[:ch]
	inv := 1 / float64(ch)
	for i := 0; i < n; i += ch {
		sq := 0.0
		for c := range ch {
			v := float64(buf[i+c])
			if v-v != 0 { // NaN or ±Inf
				v = 0
			}
			st := &p.st[c]
			v = p.hp1.process(&st[0], v)
			v = p.hp2.process(&st[1], v)
			fr[c] = v
			sq += v * v
		}
		p.power += p.rmsCoef * (sq*inv - p.power)
		target := 0.0
		if p.power > 1e-12 {
			target = compressorGainDB(10 * math.Log10(p.power))
		}
		if target < p.gainDB {
			p.gainDB += p.attCoef * (target - p.gainDB)
		} else {
			p.gainDB += p.relCoef * (target - p.gainDB)
		}
		g := 1.0
		if p.gainDB < -1e-9 {
			g = math.Exp(p.gainDB * (math.Ln10 / 20))
		}
		for c := range ch {
			buf[i+c] = float32(p.presence.process(&p.st[c][2], fr[c]*g))
		}
	}
	for c := range p.st {
		for k := range p.st[c] {
			p.st[c][k].flushDenormals()
		}
	}
	if p.power < 1e-30 {
		p.power = 0
	}
	return n, err
}
