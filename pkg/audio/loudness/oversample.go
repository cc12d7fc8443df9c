package loudness

import "math"

// The true-peak estimators interpolate between input samples with a cascade
// of half-band stages, each doubling the rate by computing the midpoints of
// the sequence before it:
//
//   - stage 1 (2×): a 24-tap Kaiser-windowed sinc (β = 6) over the input;
//     within 0.11 % of the band-limited value up to 0.4·fs, −1 dB at
//     0.45·fs;
//   - stage 2 (4×): an 8-tap windowed sinc (β = 6) over the 2× sequence,
//     whose content lies below a quarter of its rate: within 0.14 %;
//   - stage 3 (8×): a 6-tap windowed sinc (β = 5) over the 4× sequence:
//     within 0.09 %.
//
// Every stage is symmetric, so a midpoint costs half its taps in
// multiplications (w_j + w_{T−1−j} first). The cascade takes about two
// thirds of the time of a direct 24-tap polyphase filter at 4× (half at 8×),
// and the 4× values are the same whether or not stage 3 follows: the
// limiter's 8× grid holds the meter's 4× grid exactly.
//
// An interval (between x[n] and x[n+1]) depends on the span samples
// x[n-halfSpan+1 … n+halfSpan].
const (
	taps     = 24 // stage 1 length
	halfTaps = taps / 2
	span     = 32 // input samples one interval depends on, rounded up
	halfSpan = span / 2
	// margin is how many neighbouring intervals' midpoints stage 3 needs on
	// each side (stage 2 needs 2, stage 3 one more).
	margin = 3
)

// half is the folded coefficients of stage 1.
type half [halfTaps]float32

// oversampler holds the cascade for one factor and its scratch space.
type oversampler struct {
	factor int
	h1     half       // stage 1, folded
	h2     [4]float32 // stage 2, folded
	h3     [3]float32 // stage 3, folded
	// bound is the largest sum of |effective coefficient| over the
	// interpolated positions: no interpolated value can exceed
	// bound × max|x| over its span. It lets the meters skip stretches that
	// cannot raise the peak.
	bound float64

	mid, peaks []float32 // scratch, per interval
}

// meterFactor returns the oversampling factor the true-peak meter uses at
// sample rate fs: 8× up to 24 kHz, 4× below 96 kHz, 2× below 192 kHz.
// Above that the samples are dense enough and no interpolation is done.
func meterFactor(fs int) int {
	switch {
	case fs <= 24000:
		return 8
	case fs < 96000:
		return 4
	case fs < 192000:
		return 2
	default:
		return 1
	}
}

// midpointCoefficients returns the folded taps of a Kaiser-windowed sinc
// that interpolates the midpoint of a sequence from n samples on each side:
// c[t] weighs the two samples t+½ away. They sum to ½ (unity DC gain).
func midpointCoefficients(n int, beta float64) []float64 {
	c := make([]float64, n)
	norm := besselI0(beta)
	sum := 0.0
	for t := range c {
		u := float64(t) + 0.5
		r := u / float64(n)
		c[t] = math.Sin(math.Pi*u) / (math.Pi * u) * besselI0(beta*math.Sqrt(1-r*r)) / norm
		sum += 2 * c[t]
	}
	for t := range c {
		c[t] /= sum
	}
	return c
}

// newOversampler builds the cascade for factor l: 1 (no interpolation), 2,
// 4 or 8.
func newOversampler(l int) *oversampler {
	o := &oversampler{factor: l}
	if l < 2 {
		return o
	}
	for t, v := range midpointCoefficients(halfTaps, 6) {
		o.h1[t] = float32(v)
	}
	for t, v := range midpointCoefficients(4, 6) {
		o.h2[t] = float32(v)
	}
	for t, v := range midpointCoefficients(3, 5) {
		o.h3[t] = float32(v)
	}
	// Effective coefficients: interpolate unit impulses at every position
	// of a span and sum the magnitudes per interpolated point.
	abs := make([]float64, 8)
	w := make([]float32, 1+span-1)
	for k := range w {
		clear(w)
		w[k] = 1
		for i, v := range o.values(w) {
			abs[i] += math.Abs(float64(v))
		}
	}
	for _, a := range abs {
		o.bound = math.Max(o.bound, a)
	}
	// Leave room for float32 rounding in the bound.
	o.bound *= 1 + 1e-4
	return o
}

// besselI0 is the modified Bessel function of the first kind, order 0.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	for k := 1; k < 100; k++ {
		term *= x / 2 / float64(k)
		t2 := term * term
		sum += t2
		if t2 < sum*1e-17 {
			break
		}
	}
	return sum
}

// grow returns s with length n, reusing its storage when it can.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// run interpolates the n intervals of w (which holds n+span-1 samples;
// interval i lies between w[halfSpan-1+i] and w[halfSpan+i]) and leaves in
// o.peaks[i] the largest magnitude interpolated inside interval i. With
// vals non-nil it also stores the interpolated values in order (factor-1 per
// interval; used by tests and the bound).
func (o *oversampler) run(w []float32, n int, vals []float32) {
	w = w[:n+span-1]
	o.peaks = grow(o.peaks, n)
	m := n + 2*margin
	o.mid = grow(o.mid, m)
	h := &o.h1
	// Stage 1: midpoints of intervals -margin … n+margin-1.
	for i := range m {
		c := halfSpan - 1 - margin + i // index of the interval's left sample
		x := (*[taps]float32)(w[c-halfTaps+1 : c+halfTaps+1])
		a := h[0]*(x[11]+x[12]) + h[2]*(x[9]+x[14]) + h[4]*(x[7]+x[16]) +
			h[6]*(x[5]+x[18]) + h[8]*(x[3]+x[20]) + h[10]*(x[1]+x[22])
		b := h[1]*(x[10]+x[13]) + h[3]*(x[8]+x[15]) + h[5]*(x[6]+x[17]) +
			h[7]*(x[4]+x[19]) + h[9]*(x[2]+x[21]) + h[11]*(x[0]+x[23])
		o.mid[i] = a + b
	}
	if o.factor == 2 {
		for i := range n {
			o.peaks[i] = abs32(o.mid[i+margin])
			if vals != nil {
				vals[i] = o.mid[i+margin]
			}
		}
		return
	}
	// Stage 2: quarter points. The 2× sequence around interval j is
	// … x[j-1] M[j-1] x[j] M[j] x[j+1] M[j+1] x[j+2] …, so
	//   Q1[j] = g0(x[j]+M[j]) + g1(M[j-1]+x[j+1]) + g2(x[j-1]+M[j+1]) + g3(M[j-2]+x[j+2])
	//   Q3[j] = g0(M[j]+x[j+1]) + g1(x[j]+M[j+1]) + g2(M[j-1]+x[j+2]) + g3(x[j-1]+M[j+2])
	g0, g1, g2, g3 := o.h2[0], o.h2[1], o.h2[2], o.h2[3]
	mid := o.mid[:m]
	if o.factor == 4 {
		for i := range n {
			x := w[halfSpan-2+i : halfSpan+2+i : halfSpan+2+i] // x[j-1 … j+2]
			mm := mid[i+margin-2 : i+margin+3 : i+margin+3]    // M[j-2 … j+2]
			q1 := g0*(x[1]+mm[2]) + g1*(mm[1]+x[2]) + g2*(x[0]+mm[3]) + g3*(mm[0]+x[3])
			q3 := g0*(mm[2]+x[2]) + g1*(x[1]+mm[3]) + g2*(mm[1]+x[3]) + g3*(x[0]+mm[4])
			o.peaks[i] = max(abs32(q1), abs32(mm[2]), abs32(q3))
			if vals != nil {
				vals[3*i], vals[3*i+1], vals[3*i+2] = q1, mm[2], q3
			}
		}
		return
	}
	// Stage 3: eighth points. The 4× sequence around interval j is
	// … M[j-1] Q3[j-1] x[j] Q1[j] M[j] Q3[j] x[j+1] Q1[j+1] M[j+1] …
	// Each pass computes Q3[j] and Q1[j+1]; Q1[j] and Q3[j-1] carry over.
	f0, f1, f2 := o.h3[0], o.h3[1], o.h3[2]
	var q1j, q3p float32
	{
		// Q1[0] and Q3[-1].
		x := w[halfSpan-3 : halfSpan+2 : halfSpan+2] // x[-2 … 2]
		mm := mid[margin-3 : margin+3 : margin+3]    // M[-3 … 2]
		q1j = g0*(x[2]+mm[3]) + g1*(mm[2]+x[3]) + g2*(x[1]+mm[4]) + g3*(mm[1]+x[4])
		q3p = g0*(mm[2]+x[2]) + g1*(x[1]+mm[3]) + g2*(mm[1]+x[3]) + g3*(x[0]+mm[4])
	}
	for i := range n {
		x := w[halfSpan-2+i : halfSpan+3+i : halfSpan+3+i] // x[j-1 … j+3]
		mm := mid[i+margin-2 : i+margin+4 : i+margin+4]    // M[j-2 … j+3]
		x0, x1 := x[1], x[2]
		mp, m0, mn := mm[1], mm[2], mm[3]
		q3j := g0*(m0+x1) + g1*(x0+mn) + g2*(mp+x[3]) + g3*(x[0]+mm[4])
		q1n := g0*(x1+mn) + g1*(m0+x[3]) + g2*(x0+mm[4]) + g3*(mp+x[4])
		e1 := f0*(x0+q1j) + f1*(q3p+m0) + f2*(mp+q3j)
		e3 := f0*(q1j+m0) + f1*(x0+q3j) + f2*(q3p+x1)
		e5 := f0*(m0+q3j) + f1*(q1j+x1) + f2*(x0+q1n)
		e7 := f0*(q3j+x1) + f1*(m0+q1n) + f2*(q1j+mn)
		o.peaks[i] = max(abs32(e1), abs32(q1j), abs32(e3), abs32(m0), abs32(e5), abs32(q3j), abs32(e7))
		if vals != nil {
			v := vals[7*i : 7*i+7]
			v[0], v[1], v[2], v[3], v[4], v[5], v[6] = e1, q1j, e3, m0, e5, q3j, e7
		}
		q1j, q3p = q1n, q3j
	}
}

// values returns the factor-1 interpolated values of the single interval
// of w (span samples; the interval lies between w[halfSpan-1] and
// w[halfSpan]).
func (o *oversampler) values(w []float32) []float32 {
	v := make([]float32, o.factor-1)
	o.run(w, 1, v)
	return v
}

// maxPeak returns the larger of peak and the largest magnitude interpolated
// in the n intervals of w (see run).
func (o *oversampler) maxPeak(w []float32, n int, peak float32) float32 {
	o.run(w, n, nil)
	for _, v := range o.peaks[:n] {
		peak = max(peak, v)
	}
	return peak
}

// abs32 returns |v| without a branch (signs of audio are unpredictable).
func abs32(v float32) float32 {
	return math.Float32frombits(math.Float32bits(v) &^ (1 << 31))
}

// maxAbs returns the largest |v| in x (0 for an empty slice). x must hold
// no NaN (the stages replace non-finite input with 0).
func maxAbs(x []float32) float32 {
	return math.Float32frombits(maxAbsBits(x))
}

// absMask clears the sign bit of a float32.
const absMask = 1<<31 - 1

// maxAbsBits returns the bits of the largest |v| in x. Without their sign,
// the bit patterns of non-NaN floats order like the values, so integer
// compares (branch-free) do the work.
func maxAbsBits(x []float32) uint32 {
	var m0, m1, m2, m3 uint32
	i := 0
	for ; i+3 < len(x); i += 4 {
		m0 = max(m0, math.Float32bits(x[i])&absMask)
		m1 = max(m1, math.Float32bits(x[i+1])&absMask)
		m2 = max(m2, math.Float32bits(x[i+2])&absMask)
		m3 = max(m3, math.Float32bits(x[i+3])&absMask)
	}
	for ; i < len(x); i++ {
		m0 = max(m0, math.Float32bits(x[i])&absMask)
	}
	return max(max(m0, m1), max(m2, m3))
}

// hugeBits is the bit pattern of 2^60: larger magnitudes are no audio, and
// the stages clamp them so that no interpolation or energy can overflow.
const hugeBits = (127 + 60) << 23

// nonFinite is the smallest |v| bit pattern of ±Inf and NaN.
const nonFinite = 0x7f800000

// loadChannel copies channel c of interleaved frames into dst, replacing
// NaN and ±Inf with 0 and clamping magnitudes beyond 2^60, and returns the
// largest |sample|.
func loadChannel(dst, interleaved []float32, c, ch int) float32 {
	var m uint32
	if ch == 1 {
		copy(dst, interleaved)
		m = maxAbsBits(dst)
	} else {
		j := c
		for i := range dst {
			v := interleaved[j]
			j += ch
			dst[i] = v
			m = max(m, math.Float32bits(v)&absMask)
		}
	}
	if m > hugeBits {
		for i, v := range dst {
			switch b := math.Float32bits(v); {
			case b&absMask >= nonFinite:
				dst[i] = 0
			case b&absMask > hugeBits:
				dst[i] = math.Float32frombits(b&^absMask | hugeBits)
			}
		}
		m = maxAbsBits(dst)
	}
	return math.Float32frombits(m)
}

// peakTracker follows the true peak of one channel across writes. It keeps
// the last span samples so that intervals near a write boundary are
// interpolated once every sample they depend on is known.
type peakTracker struct {
	// work holds span history samples followed by the samples of the
	// current write. After each write the last span samples move to the
	// front; the intervals starting at work[halfSpan-1] and earlier have
	// been measured.
	work []float32
}

// peakBlock is how many intervals share one pruning decision.
const peakBlock = 128

// update measures the intervals that the new samples in
// work[span:span+n] complete and returns the updated peak. peak must already
// include the samples themselves.
func (t *peakTracker) update(o *oversampler, n int, peak float32) float32 {
	w := t.work
	bound := float32(o.bound)
	// Intervals starting at halfSpan … halfSpan+n-1; interval i depends on
	// w[i-halfSpan+1 … i+halfSpan].
	for a := halfSpan; a < halfSpan+n; a += peakBlock {
		b := min(a+peakBlock, halfSpan+n)
		x := w[a-halfSpan+1 : b+halfSpan]
		if maxAbs(x)*bound <= peak {
			continue
		}
		peak = o.maxPeak(x, b-a, peak)
	}
	copy(w, w[n:n+span])
	return peak
}

// tail returns the peak of the intervals still pending after the last write,
// as if the signal were followed by silence. It does not change t.
func (t *peakTracker) tail(o *oversampler, peak float32) float32 {
	var w [span + halfSpan]float32
	copy(w[:], t.work[:span])
	// Pending intervals start at halfSpan … span-2 (the one starting at
	// span-1 lies after the last sample).
	return o.maxPeak(w[1:], halfSpan-1, peak)
}
