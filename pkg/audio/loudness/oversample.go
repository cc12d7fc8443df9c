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

// newOversampler designs the polyphase interpolator for factor l.
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

// dot12 returns the dot product of two 12-vectors.
func dot12(k, w *half) float32 {
	s0 := k[0]*w[0] + k[4]*w[4] + k[8]*w[8]
	s1 := k[1]*w[1] + k[5]*w[5] + k[9]*w[9]
	s2 := k[2]*w[2] + k[6]*w[6] + k[10]*w[10]
	s3 := k[3]*w[3] + k[7]*w[7] + k[11]*w[11]
	return (s0 + s1) + (s2 + s3)
}

// abs32 returns |v| without a branch (signs of audio are unpredictable).
func abs32(v float32) float32 {
	return math.Float32frombits(math.Float32bits(v) &^ (1 << 31))
}

// intervalPeak returns the largest |value| interpolated strictly between
// x[n] and x[n+1], where w starts at x[n-halfTaps+1] and holds at least taps
// samples.
func (o *oversampler) intervalPeak(w []float32) float32 {
	win := (*[taps]float32)(w[:taps])
	var s, d half
	for j := range halfTaps {
		a, b := win[j], win[taps-1-j]
		s[j] = a + b
		d[j] = a - b
	}
	var peak float32
	if o.hasMid {
		peak = abs32(dot12(&o.mid, &s))
	}
	for i := range o.sym {
		v := abs32(dot12(&o.sym[i], &s)) + abs32(dot12(&o.anti[i], &d))
		if v > peak {
			peak = v
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

// nonFinite is the smallest |v| bit pattern of ±Inf and NaN.
const nonFinite = 0x7f800000

// loadChannel copies channel c of interleaved frames into dst, replacing
// NaN and ±Inf with 0, and returns the largest |sample|.
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
	if m >= nonFinite {
		for i, v := range dst {
			if math.Float32bits(v)&absMask >= nonFinite {
				dst[i] = 0
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
		for i := a; i < b; i++ {
			if v := o.intervalPeak(w[i-halfTaps+1:]); v > peak {
				peak = v
			}
		}
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
