package loudness

import "math"

// biquad holds normalised second-order IIR coefficients (a0 = 1):
//
//	y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]
type biquad struct {
	b0, b1, b2, a1, a2 float64
}

// biquadState is the transposed direct form II state of one biquad.
type biquadState struct{ z1, z2 float64 }

// flushDenormals zeroes state too small to matter, which keeps slow
// subnormal arithmetic out of long silences.
func (s *biquadState) flushDenormals() {
	const tiny = 1e-30
	if math.Abs(s.z1) < tiny {
		s.z1 = 0
	}
	if math.Abs(s.z2) < tiny {
		s.z2 = 0
	}
}

// process filters one sample.
func (q *biquad) process(s *biquadState, x float64) float64 {
	y := q.b0*x + s.z1
	s.z1 = q.b1*x - q.a1*y + s.z2
	s.z2 = q.b2*x - q.a2*y
	return y
}

// response returns the magnitude of the biquad's frequency response at f Hz.
func (q *biquad) response(f, fs float64) float64 {
	w := 2 * math.Pi * f / fs
	c1, s1 := math.Cos(w), math.Sin(w)
	c2, s2 := math.Cos(2*w), math.Sin(2*w)
	nr := q.b0 + q.b1*c1 + q.b2*c2
	ni := -q.b1*s1 - q.b2*s2
	dr := 1 + q.a1*c1 + q.a2*c2
	di := -q.a1*s1 - q.a2*s2
	return math.Hypot(nr, ni) / math.Hypot(dr, di)
}

// Analog prototype of the BS.1770 K-weighting pre-filter. The 48 kHz
// coefficients published in the Recommendation are the bilinear transform
// (with prewarping at f0) of these two second-order sections; deriving them
// from the prototype gives the same filter at any sample rate.
const (
	shelfF0 = 1681.974450955533  // Hz, high-shelf corner
	shelfG  = 3.999843853973347  // dB, high-shelf gain
	shelfQ  = 0.7071752369554196 // high-shelf quality factor
	// shelfVbExp is the exponent that turns the shelf's high-frequency gain
	// Vh into the gain of the band-pass term Vb = Vh^shelfVbExp.
	shelfVbExp = 0.4996667741545416
	hpF0       = 38.13547087602444  // Hz, RLB high-pass corner
	hpQ        = 0.5003270373238773 // RLB high-pass quality factor
)

// kWeighting returns the two K-weighting stages (high shelf, then RLB
// high-pass) for sample rate fs.
func kWeighting(fs float64) (shelf, highPass biquad) {
	k := math.Tan(math.Pi * shelfF0 / fs)
	vh := math.Pow(10, shelfG/20)
	vb := math.Pow(vh, shelfVbExp)
	a0 := 1 + k/shelfQ + k*k
	shelf = biquad{
		b0: (vh + vb*k/shelfQ + k*k) / a0,
		b1: 2 * (k*k - vh) / a0,
		b2: (vh - vb*k/shelfQ + k*k) / a0,
		a1: 2 * (k*k - 1) / a0,
		a2: (1 - k/shelfQ + k*k) / a0,
	}
	k = math.Tan(math.Pi * hpF0 / fs)
	a0 = 1 + k/hpQ + k*k
	highPass = biquad{
		b0: 1,
		b1: -2,
		b2: 1,
		a1: 2 * (k*k - 1) / a0,
		a2: (1 - k/hpQ + k*k) / a0,
	}
	return shelf, highPass
}

// highPassSection returns a second-order high-pass section with corner f0
// and quality factor q (bilinear transform with prewarping, unity gain in the
// pass band).
func highPassSection(f0, q, fs float64) biquad {
	w := 2 * math.Pi * f0 / fs
	alpha := math.Sin(w) / (2 * q)
	c := math.Cos(w)
	a0 := 1 + alpha
	return biquad{
		b0: (1 + c) / 2 / a0,
		b1: -(1 + c) / a0,
		b2: (1 + c) / 2 / a0,
		a1: -2 * c / a0,
		a2: (1 - alpha) / a0,
	}
}

// peakingSection returns a peaking equaliser section: gainDB at f0, bandwidth
// set by q, unity gain far from f0.
func peakingSection(f0, q, gainDB, fs float64) biquad {
	a := math.Pow(10, gainDB/40)
	w := 2 * math.Pi * f0 / fs
	alpha := math.Sin(w) / (2 * q)
	c := math.Cos(w)
	a0 := 1 + alpha/a
	return biquad{
		b0: (1 + alpha*a) / a0,
		b1: -2 * c / a0,
		b2: (1 - alpha*a) / a0,
		a1: -2 * c / a0,
		a2: (1 - alpha/a) / a0,
	}
}
