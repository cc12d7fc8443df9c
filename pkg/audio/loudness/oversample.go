package loudness

import "math"

// The true-peak estimators interpolate between input samples with a
// polyphase windowed-sinc FIR: for an oversampling factor L, phase p
// (1 ≤ p < L) computes the band-limited value at n + p/L from the T input
// samples x[n-T/2+1 … n+T/2]. Phase 0 is the input sample itself (the
// prototype is a Nyquist filter: a sinc with zeros at every multiple of L),
// so it costs nothing.
//
// Both the meter and the limiter use T = 24 with a Kaiser window (β = 6):
// every phase is within ±0.01 dB of unity up to 0.4·fs and −1 dB at
// 0.45·fs. The continuous kernel is the same at every factor, so the
// limiter's 8× grid holds the meter's 4× values.
//
// Phases p and L−p are mirror images, which halves the work: with
// s_j = w_j + w_{T−1−j} and d_j = w_j − w_{T−1−j} (j < T/2), the pair is
// A ± B where A = Σ a_j s_j and B = Σ b_j d_j, and the larger magnitude of
// the two is |A| + |B|. The middle phase (p = L/2) is symmetric: Σ a_j s_j.
const (
	taps     = 24 // taps per phase
	halfTaps = taps / 2
	// kaiserBeta trades pass-band flatness against image rejection.
	kaiserBeta = 6.0
)

// half is one half-length coefficient vector.
type half [halfTaps]float32

// oversampler holds the interpolation phases for one factor.
type oversampler struct {
	factor int
	// sym[i] and anti[i] are a and b of the phase pair (i+1, L−i−1).
	sym, anti []half
	// mid is a of the middle phase when L is even.
	mid    half
	hasMid bool
	// bound is the largest sum of |coefficient| over the phases: no
	// interpolated value can exceed bound × max|x| over its taps. It lets
	// the meters skip stretches that cannot raise the peak.
	bound float64
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

// phaseCoefficients returns the taps of phase p of the factor-l
// interpolator, normalised to unity gain at DC.
func phaseCoefficients(l, p int) [taps]float64 {
	var c [taps]float64
	span := float64(l*taps) / 2
	norm := besselI0(kaiserBeta)
	sum := 0.0
	for j := range taps {
		// Offset of tap j from the interval start, in input samples.
		d := j - halfTaps + 1
		u := float64(p - l*d) // position on the oversampled grid
		x := u / float64(l)
		sinc := math.Sin(math.Pi*x) / (math.Pi * x) // x is never 0 for 0 < p < l
		r := u / span
		w := 0.0
		if r*r < 1 {
			w = besselI0(kaiserBeta*math.Sqrt(1-r*r)) / norm
		}
		c[j] = sinc * w
		sum += c[j]
	}
	for j := range c {
		c[j] /= sum
	}
	return c
}

// newOversampler designs the polyphase interpolator for factor l: 1 (no
// interpolation), 2, 4 or 8.
func newOversampler(l int) *oversampler {
	o := &oversampler{factor: l}
	for p := 1; 2*p <= l; p++ {
		c := phaseCoefficients(l, p)
		abs := 0.0
		for _, v := range c {
			abs += math.Abs(v)
		}
		o.bound = math.Max(o.bound, abs)
		var a, b half
		for j := range halfTaps {
			a[j] = float32((c[j] + c[taps-1-j]) / 2)
			b[j] = float32((c[j] - c[taps-1-j]) / 2)
		}
		if 2*p == l {
			o.mid, o.hasMid = a, true
		} else {
			o.sym = append(o.sym, a)
			o.anti = append(o.anti, b)
		}
	}
	// Leave room for float32 rounding in the bound.
	o.bound *= 1 + 1e-5
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

// abs32 returns |v| without a branch (signs of audio are unpredictable).
func abs32(v float32) float32 {
	return math.Float32frombits(math.Float32bits(v) &^ (1 << 31))
}

// The evaluators below are unrolled by hand: the compiler then keeps the
// sums in registers and drops every bounds check. s_j and d_j are the folded
// window (see the comment on taps).

// peak2 evaluates the 2× interpolator (the middle phase only) on one
// window.
func (o *oversampler) peak2(w *[taps]float32) float32 {
	m := &o.mid
	s0 := w[0] + w[23]
	s1 := w[1] + w[22]
	s2 := w[2] + w[21]
	s3 := w[3] + w[20]
	s4 := w[4] + w[19]
	s5 := w[5] + w[18]
	s6 := w[6] + w[17]
	s7 := w[7] + w[16]
	s8 := w[8] + w[15]
	s9 := w[9] + w[14]
	s10 := w[10] + w[13]
	s11 := w[11] + w[12]
	m0 := m[0]*s0 + m[2]*s2 + m[4]*s4 + m[6]*s6 + m[8]*s8 + m[10]*s10
	m1 := m[1]*s1 + m[3]*s3 + m[5]*s5 + m[7]*s7 + m[9]*s9 + m[11]*s11
	return abs32(m0 + m1)
}

// peak4 evaluates the 4× interpolator (phases 1 and 3 as a pair, phase 2
// as the middle) on one window.
func (o *oversampler) peak4(w *[taps]float32) float32 {
	a, b, m := &o.sym[0], &o.anti[0], &o.mid
	s0, d0 := w[0]+w[23], w[0]-w[23]
	s1, d1 := w[1]+w[22], w[1]-w[22]
	s2, d2 := w[2]+w[21], w[2]-w[21]
	s3, d3 := w[3]+w[20], w[3]-w[20]
	s4, d4 := w[4]+w[19], w[4]-w[19]
	s5, d5 := w[5]+w[18], w[5]-w[18]
	s6, d6 := w[6]+w[17], w[6]-w[17]
	s7, d7 := w[7]+w[16], w[7]-w[16]
	s8, d8 := w[8]+w[15], w[8]-w[15]
	s9, d9 := w[9]+w[14], w[9]-w[14]
	s10, d10 := w[10]+w[13], w[10]-w[13]
	s11, d11 := w[11]+w[12], w[11]-w[12]
	a0 := a[0]*s0 + a[2]*s2 + a[4]*s4 + a[6]*s6 + a[8]*s8 + a[10]*s10
	a1 := a[1]*s1 + a[3]*s3 + a[5]*s5 + a[7]*s7 + a[9]*s9 + a[11]*s11
	b0 := b[0]*d0 + b[2]*d2 + b[4]*d4 + b[6]*d6 + b[8]*d8 + b[10]*d10
	b1 := b[1]*d1 + b[3]*d3 + b[5]*d5 + b[7]*d7 + b[9]*d9 + b[11]*d11
	m0 := m[0]*s0 + m[2]*s2 + m[4]*s4 + m[6]*s6 + m[8]*s8 + m[10]*s10
	m1 := m[1]*s1 + m[3]*s3 + m[5]*s5 + m[7]*s7 + m[9]*s9 + m[11]*s11
	return max(abs32(a0+a1)+abs32(b0+b1), abs32(m0+m1))
}

// peak8 evaluates the 8× interpolator (three phase pairs and the middle)
// on one window.
func (o *oversampler) peak8(w *[taps]float32) float32 {
	p, q, r := &o.sym[0], &o.sym[1], &o.sym[2]
	u, v, x := &o.anti[0], &o.anti[1], &o.anti[2]
	m := &o.mid
	s0, d0 := w[0]+w[23], w[0]-w[23]
	s1, d1 := w[1]+w[22], w[1]-w[22]
	s2, d2 := w[2]+w[21], w[2]-w[21]
	s3, d3 := w[3]+w[20], w[3]-w[20]
	s4, d4 := w[4]+w[19], w[4]-w[19]
	s5, d5 := w[5]+w[18], w[5]-w[18]
	s6, d6 := w[6]+w[17], w[6]-w[17]
	s7, d7 := w[7]+w[16], w[7]-w[16]
	s8, d8 := w[8]+w[15], w[8]-w[15]
	s9, d9 := w[9]+w[14], w[9]-w[14]
	s10, d10 := w[10]+w[13], w[10]-w[13]
	s11, d11 := w[11]+w[12], w[11]-w[12]
	ap := (p[0]*s0 + p[2]*s2 + p[4]*s4 + p[6]*s6 + p[8]*s8 + p[10]*s10) +
		(p[1]*s1 + p[3]*s3 + p[5]*s5 + p[7]*s7 + p[9]*s9 + p[11]*s11)
	aq := (q[0]*s0 + q[2]*s2 + q[4]*s4 + q[6]*s6 + q[8]*s8 + q[10]*s10) +
		(q[1]*s1 + q[3]*s3 + q[5]*s5 + q[7]*s7 + q[9]*s9 + q[11]*s11)
	ar := (r[0]*s0 + r[2]*s2 + r[4]*s4 + r[6]*s6 + r[8]*s8 + r[10]*s10) +
		(r[1]*s1 + r[3]*s3 + r[5]*s5 + r[7]*s7 + r[9]*s9 + r[11]*s11)
	am := (m[0]*s0 + m[2]*s2 + m[4]*s4 + m[6]*s6 + m[8]*s8 + m[10]*s10) +
		(m[1]*s1 + m[3]*s3 + m[5]*s5 + m[7]*s7 + m[9]*s9 + m[11]*s11)
	bu := (u[0]*d0 + u[2]*d2 + u[4]*d4 + u[6]*d6 + u[8]*d8 + u[10]*d10) +
		(u[1]*d1 + u[3]*d3 + u[5]*d5 + u[7]*d7 + u[9]*d9 + u[11]*d11)
	bv := (v[0]*d0 + v[2]*d2 + v[4]*d4 + v[6]*d6 + v[8]*d8 + v[10]*d10) +
		(v[1]*d1 + v[3]*d3 + v[5]*d5 + v[7]*d7 + v[9]*d9 + v[11]*d11)
	bx := (x[0]*d0 + x[2]*d2 + x[4]*d4 + x[6]*d6 + x[8]*d8 + x[10]*d10) +
		(x[1]*d1 + x[3]*d3 + x[5]*d5 + x[7]*d7 + x[9]*d9 + x[11]*d11)
	return max(abs32(ap)+abs32(bu), abs32(aq)+abs32(bv), abs32(ar)+abs32(bx), abs32(am))
}

// intervalPeak returns the largest |value| interpolated strictly between
// x[n] and x[n+1], where w starts at x[n-halfTaps+1] and holds at least taps
// samples. It returns 0 when the factor is 1.
func (o *oversampler) intervalPeak(w []float32) float32 {
	win := (*[taps]float32)(w[:taps])
	switch o.factor {
	case 2:
		return o.peak2(win)
	case 4:
		return o.peak4(win)
	case 8:
		return o.peak8(win)
	}
	return 0
}

// rangePeak returns the largest of peak and the interval peaks of the n
// windows starting at w[0], w[1], … w[n-1] (w holds n+taps-1 samples).
func (o *oversampler) rangePeak(w []float32, n int, peak float32) float32 {
	w = w[:n+taps-1]
	switch o.factor {
	case 2:
		for i := range n {
			peak = max(peak, o.peak2((*[taps]float32)(w[i:i+taps])))
		}
	case 4:
		for i := range n {
			peak = max(peak, o.peak4((*[taps]float32)(w[i:i+taps])))
		}
	case 8:
		for i := range n {
			peak = max(peak, o.peak8((*[taps]float32)(w[i:i+taps])))
		}
	}
	return peak
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
// the last taps samples so that intervals near a write boundary are
// interpolated once every tap is known.
type peakTracker struct {
	// work holds taps history samples followed by the samples of the
	// current write. After each write the last taps samples move to the
	// front; the intervals starting at work[halfTaps-1] and earlier have
	// been measured.
	work []float32
}

// peakBlock is how many intervals share one pruning decision.
const peakBlock = 64

// update measures the intervals that the new samples in
// work[taps:taps+n] complete and returns the updated peak. peak must already
// include the samples themselves.
func (t *peakTracker) update(o *oversampler, n int, peak float32) float32 {
	w := t.work
	bound := float32(o.bound)
	// Intervals starting at halfTaps … halfTaps+n-1; interval i uses
	// w[i-halfTaps+1 … i+halfTaps].
	for a := halfTaps; a < halfTaps+n; a += peakBlock {
		b := min(a+peakBlock, halfTaps+n)
		if maxAbs(w[a-halfTaps+1:b+halfTaps])*bound <= peak {
			continue
		}
		peak = o.rangePeak(w[a-halfTaps+1:], b-a, peak)
	}
	copy(w, w[n:n+taps])
	return peak
}

// tail returns the peak of the intervals still pending after the last write,
// as if the signal were followed by silence. It does not change t.
func (t *peakTracker) tail(o *oversampler, peak float32) float32 {
	var w [taps + halfTaps]float32
	copy(w[:], t.work[:taps])
	// Pending intervals start at halfTaps … taps-2 (the one starting at
	// taps-1 lies after the last sample).
	for i := halfTaps; i <= taps-2; i++ {
		if v := o.intervalPeak(w[i-halfTaps+1:]); v > peak {
			peak = v
		}
	}
	return peak
}
