package loudness

import (
	"fmt"
	"math"
	"slices"

	"loa/pkg/audio"
)

// Gating and timing constants of BS.1770-4 and EBU Tech 3341/3342.
const (
	absoluteGate  = -70.0 // LUFS, for integrated loudness and loudness range
	relativeGate  = -10.0 // LU, integrated loudness
	rangeGate     = -20.0 // LU, loudness range
	rangeLow      = 0.10  // loudness range lower percentile
	rangeHigh     = 0.95  // loudness range upper percentile
	stepsPerSec   = 10    // 100 ms steps: 75 % overlap of 400 ms blocks
	momentarySpan = 4     // steps in a 400 ms momentary block
	shortSpan     = 30    // steps in a 3 s short-term block
	histPerLU     = 100   // histogram bins per LU (0.01 LU resolution)
	chunkFrames   = 2048  // frames processed per inner pass
)

// channelWeights returns the BS.1770 weights for the supported layouts:
// 1 (mono), 2 (L R), 5 (L R C Ls Rs) and 6 (L R C LFE Ls Rs).
func channelWeights(f audio.Format, dualMono bool) ([]float64, error) {
	switch f.Channels {
	case 1:
		if dualMono {
			return []float64{2}, nil
		}
		return []float64{1}, nil
	case 2:
		return []float64{1, 1}, nil
	case 5:
		return []float64{1, 1, 1, 1.41, 1.41}, nil
	case 6:
		return []float64{1, 1, 1, 0, 1.41, 1.41}, nil
	}
	return nil, fmt.Errorf("loudness: %d channels: %w (layouts measured: 1, 2, 5 = L R C Ls Rs, 6 = L R C LFE Ls Rs)",
		f.Channels, audio.ErrFormat)
}

// histBin is one 0.01 LU bin of block history: how many blocks fell in it
// and the sum of their mean-square energies.
type histBin struct {
	count  int64
	energy float64
}

// stepEnergy is the weighted sum of squares of one 100 ms step.
type stepEnergy struct {
	sum    float64
	frames int64
}

// Meter is an ITU-R BS.1770-4 / EBU R128 loudness meter. Feed it interleaved
// samples with Write; read the running values with Momentary and ShortTerm
// and the summary with Result. A Meter is not safe for concurrent use.
//
// Its memory is fixed apart from the block histories used for gating, which
// are kept as 0.01 LU histograms (at most a few thousand bins whatever the
// length).
//
// The K-weighting filter is derived for the meter's sample rate from the
// BS.1770 analog prototype (bilinear transform, prewarped at the corners).
// It matches the Recommendation's 48 kHz coefficients; at lower rates the
// curve warps slightly (at 22.05 kHz by less than 0.1 dB up to 5 kHz, at
// 8 kHz by up to 0.4 dB). Momentary and short-term values are updated every
// 100 ms; steps follow the sample clock exactly at any rate.
type Meter struct {
	f        audio.Format
	opts     Options
	weights  []float64
	shelf    biquad
	highPass biquad
	kst      []kState

	frames  int64
	partial []float32 // incomplete frame carried to the next Write

	// 100 ms steps.
	step      int64 // index of the step in progress
	stepEnd   int64 // frame index where the step in progress ends
	stepStart int64
	acc       []float64 // per-channel sum of squares of the step in progress
	ring      [shortSpan]stepEnergy
	ringLen   int
	ringPos   int // where the next finished step goes

	momentary, shortTerm float64
	maxM, maxS           float64

	gate      map[int32]histBin // 400 ms blocks above the absolute gate
	gateSum   float64
	gateCount int64
	lra       map[int32]int64 // short-term values above the absolute gate
	lraSum    float64
	lraCount  int64

	planar     [][]float32 // per-channel samples of the chunk in progress
	samplePeak float32
	truePeak   float32
	os         *oversampler
	trackers   []peakTracker

	trace *tracer // nil unless the meter also records a Trace
}

// NewMeter returns a meter for format f. It fails (wrapping audio.ErrFormat)
// for an invalid format or a channel count without a BS.1770 layout.
func NewMeter(f audio.Format, opts Options) (*Meter, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("loudness: %w", err)
	}
	w, err := channelWeights(f, opts.DualMono)
	if err != nil {
		return nil, err
	}
	m := &Meter{
		f:         f,
		opts:      opts,
		weights:   w,
		kst:       make([]kState, f.Channels),
		acc:       make([]float64, f.Channels),
		momentary: math.Inf(-1),
		shortTerm: math.Inf(-1),
		maxM:      math.Inf(-1),
		maxS:      math.Inf(-1),
		gate:      make(map[int32]histBin),
		lra:       make(map[int32]int64),
		planar:    make([][]float32, f.Channels),
	}
	m.shelf, m.highPass = kWeighting(float64(f.SampleRate))
	m.stepEnd = m.boundary(1)
	if opts.TruePeak {
		m.os = newOversampler(meterFactor(f.SampleRate))
		m.trackers = make([]peakTracker, f.Channels)
	}
	for c := range m.planar {
		if opts.TruePeak {
			// span history samples precede the chunk.
			m.trackers[c].work = make([]float32, span+chunkFrames)
			m.planar[c] = m.trackers[c].work[span:]
		} else {
			m.planar[c] = make([]float32, chunkFrames)
		}
	}
	return m, nil
}

// boundary returns the frame index where 100 ms step k begins. Steps are as
// close to 100 ms as the sample rate allows and never drift.
func (m *Meter) boundary(k int64) int64 {
	return k * int64(m.f.SampleRate) / stepsPerSec
}

// Format returns the format the meter was made for.
func (m *Meter) Format() audio.Format { return m.f }

// Write measures interleaved samples. Any length is accepted: an incomplete
// last frame is kept until the next Write completes it. Samples that are NaN
// or infinite are measured as 0, magnitudes beyond 2^60 as ±2^60.
func (m *Meter) Write(samples []float32) {
	ch := m.f.Channels
	if len(m.partial) > 0 {
		need := ch - len(m.partial)
		if len(samples) < need {
			m.partial = append(m.partial, samples...)
			return
		}
		m.partial = append(m.partial, samples[:need]...)
		samples = samples[need:]
		m.process(m.partial)
		m.partial = m.partial[:0]
	}
	whole := len(samples) / ch * ch
	for len(samples[:whole]) > 0 {
		n := min(whole, chunkFrames*ch)
		m.process(samples[:n])
		samples = samples[n:]
		whole -= n
	}
	if len(samples) > 0 {
		m.partial = append(m.partial, samples...)
	}
}

// process measures up to chunkFrames whole interleaved frames.
func (m *Meter) process(samples []float32) {
	ch := m.f.Channels
	n := len(samples) / ch
	var peak float32
	for c := range ch {
		peak = max(peak, loadChannel(m.planar[c][:n], samples, c, ch))
	}
	m.samplePeak = max(m.samplePeak, peak)

	// Loudness, split at 100 ms step boundaries.
	off := 0
	for off < n {
		end := m.stepEnd
		if m.trace != nil {
			end = min(end, m.trace.end)
		}
		seg := int(min(int64(n-off), end-m.frames))
		var weighted float64
		for c, w := range m.weights {
			if w != 0 {
				e := m.kFilter(c, m.planar[c][off:off+seg])
				m.acc[c] += e
				weighted += w * e
			}
		}
		off += seg
		m.frames += int64(seg)
		if m.trace != nil {
			m.trace.add(weighted, m.frames)
		}
		if m.frames == m.stepEnd {
			m.finishStep()
		}
	}

	if m.os != nil {
		tp := max(m.truePeak, peak)
		if m.os.factor > 1 {
			for c := range ch {
				tp = m.trackers[c].update(m.os, n, tp)
			}
		}
		m.truePeak = tp
	}
}

// kState is one channel's K-weighting state in direct form I: the last two
// inputs and outputs of the shelf (x, y) and of the high-pass (z, whose
// input is y).
type kState struct {
	x1, x2, y1, y2, z1, z2 float64
}

// flush zeroes state too small to matter, which keeps slow subnormal
// arithmetic out of long silences.
func (s *kState) flush() {
	const tiny = 1e-30
	if math.Abs(s.y1)+math.Abs(s.y2)+math.Abs(s.z1)+math.Abs(s.z2)+math.Abs(s.x1)+math.Abs(s.x2) < tiny {
		*s = kState{}
	}
}

// kFilter K-weights x through channel c's filter state and returns the sum
// of squares of the result.
//
// Direct form I keeps the recursive dependency to one multiply and one add
// per stage: the feedback term a1·y[n-1] is added last.
func (m *Meter) kFilter(c int, x []float32) float64 {
	b0, b1, b2, a1, a2 := m.shelf.b0, m.shelf.b1, m.shelf.b2, m.shelf.a1, m.shelf.a2
	h1, h2 := m.highPass.a1, m.highPass.a2
	s := m.kst[c]
	x1, x2, y1, y2, z1, z2 := s.x1, s.x2, s.y1, s.y2, s.z1, s.z2
	sum := 0.0
	for _, v := range x {
		in := float64(v)
		y := (b0*in + b1*x1 + b2*x2 - a2*y2) - a1*y1
		// The RLB high-pass has b = (1, -2, 1).
		z := (y - 2*y1 + y2 - h2*z2) - h1*z1
		x2, x1 = x1, in
		y2, y1 = y1, y
		z2, z1 = z1, z
		sum += z * z
	}
	m.kst[c] = kState{x1, x2, y1, y2, z1, z2}
	m.kst[c].flush()
	return sum
}

// finishStep closes the 100 ms step that just ended and updates the
// momentary and short-term values and the gating histories.
func (m *Meter) finishStep() {
	e := stepEnergy{frames: m.frames - m.stepStart}
	for c, w := range m.weights {
		e.sum += w * m.acc[c]
		m.acc[c] = 0
	}
	m.pushStep(e)
}

// pushStep records a finished 100 ms step of energy e and updates the
// momentary and short-term values and the gating histories.
func (m *Meter) pushStep(e stepEnergy) {
	m.ring[m.ringPos] = e
	m.ringPos = (m.ringPos + 1) % shortSpan
	m.ringLen = min(m.ringLen+1, shortSpan)
	m.step++
	m.stepStart = m.boundary(m.step)
	m.stepEnd = m.boundary(m.step + 1)

	if m.ringLen >= momentarySpan {
		energy := m.window(momentarySpan)
		m.momentary = energyToLUFS(energy)
		m.maxM = max(m.maxM, m.momentary)
		if m.momentary > absoluteGate {
			b := lufsBin(m.momentary)
			h := m.gate[b]
			h.count++
			h.energy += energy
			m.gate[b] = h
			m.gateSum += energy
			m.gateCount++
		}
	}
	if m.ringLen >= shortSpan {
		energy := m.window(shortSpan)
		m.shortTerm = energyToLUFS(energy)
		m.maxS = max(m.maxS, m.shortTerm)
		if m.shortTerm > absoluteGate {
			m.lra[lufsBin(m.shortTerm)]++
			m.lraSum += energy
			m.lraCount++
		}
	}
}

// window returns the mean weighted energy of the last span steps.
func (m *Meter) window(span int) float64 {
	var sum float64
	var frames int64
	for i := 1; i <= span; i++ {
		e := m.ring[(m.ringPos-i+shortSpan)%shortSpan]
		sum += e.sum
		frames += e.frames
	}
	return sum / float64(frames)
}

// energyToLUFS converts a weighted mean-square energy to loudness.
func energyToLUFS(e float64) float64 { return -0.691 + 10*math.Log10(e) }

// lufsBin returns the histogram bin of a loudness above the absolute gate.
func lufsBin(l float64) int32 {
	return int32(math.Floor((l - absoluteGate) * histPerLU))
}

// binCentre returns the loudness at the middle of bin b.
func binCentre(b int32) float64 { return absoluteGate + (float64(b)+0.5)/histPerLU }

// Momentary returns the loudness of the last complete 400 ms block (updated
// every 100 ms), or −Inf before the first 400 ms.
func (m *Meter) Momentary() float64 { return m.momentary }

// ShortTerm returns the loudness of the last complete 3 s block (updated
// every 100 ms), or −Inf before the first 3 s.
func (m *Meter) ShortTerm() float64 { return m.shortTerm }

// Frames returns how many whole frames have been measured.
func (m *Meter) Frames() int64 { return m.frames }

// Result returns the summary of everything written so far. It does not
// change the meter: writing may continue afterwards.
func (m *Meter) Result() Result {
	r := Result{
		Integrated:   m.integrated(),
		Range:        m.loudnessRange(),
		SamplePeak:   linearToDB(float64(m.samplePeak)),
		TruePeak:     math.NaN(),
		MaxMomentary: m.maxM,
		MaxShortTerm: m.maxS,
		Frames:       m.frames,
		Duration:     float64(m.frames) / float64(m.f.SampleRate),
	}
	if m.os != nil {
		tp := m.truePeak
		if m.os.factor > 1 {
			for c := range m.trackers {
				tp = m.trackers[c].tail(m.os, tp)
			}
		}
		r.TruePeak = linearToDB(float64(tp))
	}
	return r
}

// integrated applies the absolute and relative gates to the 400 ms blocks.
func (m *Meter) integrated() float64 {
	if m.gateCount == 0 {
		return math.Inf(-1)
	}
	threshold := energyToLUFS(m.gateSum/float64(m.gateCount)) + relativeGate
	var sum float64
	var count int64
	// Summed in bin order: map order is random, and float addition is not
	// associative, so any other order would change the last bits from run
	// to run — and the rendered bulletin with them.
	keys := make([]int32, 0, len(m.gate))
	for b := range m.gate {
		keys = append(keys, b)
	}
	slices.Sort(keys)
	for _, b := range keys {
		h := m.gate[b]
		// A bin is judged by its mean, so bins holding equal blocks (the
		// usual case near the threshold) are gated exactly.
		if energyToLUFS(h.energy/float64(h.count)) > threshold {
			sum += h.energy
			count += h.count
		}
	}
	if count == 0 {
		return math.Inf(-1)
	}
	return energyToLUFS(sum / float64(count))
}

// loudnessRange computes LRA per EBU Tech 3342 from the short-term values.
func (m *Meter) loudnessRange() float64 {
	if m.lraCount == 0 {
		return 0
	}
	threshold := energyToLUFS(m.lraSum/float64(m.lraCount)) + rangeGate
	bins := make([]int32, 0, len(m.lra))
	var n int64
	for b, c := range m.lra {
		if binCentre(b) >= threshold {
			bins = append(bins, b)
			n += c
		}
	}
	if n == 0 {
		return 0
	}
	slices.Sort(bins)
	lowRank := int64(math.Round(rangeLow * float64(n-1)))
	highRank := int64(math.Round(rangeHigh * float64(n-1)))
	var low, high float64
	var seen int64
	lowFound := false
	for _, b := range bins {
		seen += m.lra[b]
		if !lowFound && seen > lowRank {
			low = binCentre(b)
			lowFound = true
		}
		if seen > highRank {
			high = binCentre(b)
			break
		}
	}
	return high - low
}
