package audio

import (
	"fmt"
	"io"
	"math"
	"sync"
)

// Resampler design. The filter is a Kaiser-windowed sinc whose -6 dB cutoff
// sits at 0.9 of the lower Nyquist frequency (0.45 of the lower rate), with
// its transition band between 0.4 and 0.5 of the lower rate:
//
//   - the passband up to 0.4·fs_lower is flat (the tests measure ±0.0001 dB),
//   - content above the lower Nyquist frequency (aliases when decimating,
//     images when interpolating) is attenuated by about 100 dB (the tests
//     measure -102 dB or better from 0.501·fs_out up),
//   - a tone at 0.45·fs_lower comes out 6 dB down, and its image or alias
//     (at 0.55·fs_lower) lies in the stopband. That is why the stopband is
//     ~100 dB deep rather than 80: the in-band SNR stays above 90 dB (the
//     tests measure 104 dB or better from 100 Hz to 0.45·fs_lower).
//
// β = 10 (a little above the usual 7-9) gives ~100 dB side lobes; 32 zero
// crossings per side make the transition narrower than 0.1·fs_lower at that
// β. That is 72 taps per output sample when interpolating, and about
// 72·fs_in/fs_out when decimating.
const (
	resampleZeroCrossings = 32
	resampleBeta          = 10.0
	resampleCutoff        = 0.45 // -6 dB point, fraction of the lower rate
	// resampleMaxTable bounds the coefficients of an exact polyphase table.
	// Ratios whose reduced numerator would need more use phase interpolation.
	resampleMaxTable = 1 << 18
	// resampleDensity is the number of prototype samples per zero crossing
	// for phase interpolation (linear interpolation error below -120 dB).
	resampleDensity = 512
)

// Resample converts s to the given sample rate with a polyphase
// Kaiser-windowed sinc filter (see the constants above for its figures).
//
// The output is aligned with the input (the filter delay is compensated;
// samples before the start and after the end count as zero) and holds exactly
// round(n·rate/inRate) frames for an input of n frames. Any rational ratio
// between 1 kHz and 768 kHz works: the ratio is reduced by the gcd and small
// numerators use exact per-phase tables, large ones interpolate the phase.
// When the rates already match, s itself is returned. Memory is bounded by the
// filter length; errors from s are passed on unchanged.
func Resample(s Stream, rate int) (Stream, error) {
	if err := checkStream("resample", s); err != nil {
		return nil, err
	}
	in := s.Format()
	out := Format{SampleRate: rate, Channels: in.Channels}
	if err := out.Validate(); err != nil {
		return nil, fmt.Errorf("resample: output: %w", err)
	}
	if rate == in.SampleRate {
		return s, nil
	}
	g := gcd(in.SampleRate, rate)
	up, down := int64(rate/g), int64(in.SampleRate/g)
	k := newResampleKernel(up, down)
	r := &resampler{
		src:     s,
		f:       out,
		up:      up,
		down:    down,
		stepInt: down / up,
		stepRem: down % up,
		kern:    k,
		inCh:    in.Channels,
		total:   -1,
	}
	if k.table == nil {
		r.coef = make([]float32, k.taps)
	}
	capFrames := k.taps + chunkFrames
	r.hist = make([][]float32, in.Channels)
	for c := range r.hist {
		r.hist[c] = make([]float32, capFrames)
	}
	r.scratch = make([]float32, chunkFrames*in.Channels)
	// Input indices -(K-1) .. -1 are zeros already in place.
	r.histStart = -int64(k.half - 1)
	r.histLen = k.half - 1
	return r, nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// resampleKernel holds the filter for one reduced ratio up/down.
type resampleKernel struct {
	taps  int     // 2·half taps per output sample
	half  int     // K: taps cover input i-K+1 .. i+K around output time i+frac
	twoFc float64 // 2·cutoff in cycles per input sample
	// Exact mode: table[p*taps+j] for phase p in [0, up).
	table []float32
	// Interpolated mode: proto[k] = sinc(u)·kaiser(u/Z) at u = k/resampleDensity.
	proto []float64
}

// kernelCache shares kernels between streams of the same ratio (a bulletin
// resamples many clips at the same rates). Its size is bounded.
var kernelCache = struct {
	sync.Mutex
	m     map[[2]int64]*resampleKernel
	coefs int
}{m: map[[2]int64]*resampleKernel{}}

const kernelCacheMax = 1 << 21 // coefficients held by the cache

// protoTable is the prototype for interpolated phases, shared by all ratios.
var protoTable = sync.OnceValue(func() []float64 {
	i0b := besselI0(resampleBeta)
	p := make([]float64, resampleZeroCrossings*resampleDensity+2)
	for i := range p {
		p[i] = sincKaiser(float64(i)/resampleDensity, i0b)
	}
	return p
})

// newResampleKernel returns the (shared, read-only) kernel for up/down.
func newResampleKernel(up, down int64) *resampleKernel {
	key := [2]int64{up, down}
	kernelCache.Lock()
	defer kernelCache.Unlock()
	if k, ok := kernelCache.m[key]; ok {
		return k
	}
	fc := resampleCutoff
	if up < down {
		fc = resampleCutoff * float64(up) / float64(down)
	}
	halfWidth := resampleZeroCrossings / (2 * fc) // in input samples
	half := int(math.Ceil(halfWidth))
	k := &resampleKernel{taps: 2 * half, half: half, twoFc: 2 * fc}
	i0b := besselI0(resampleBeta)
	if up*int64(k.taps) <= resampleMaxTable {
		k.table = make([]float32, int(up)*k.taps)
		for p := range int(up) {
			frac := float64(p) / float64(up)
			row := k.table[p*k.taps : (p+1)*k.taps]
			for j := range row {
				t := frac - float64(j-half+1)
				u := k.twoFc * t
				row[j] = float32(k.twoFc * sincKaiser(u, i0b))
			}
		}
	} else {
		k.proto = protoTable()
	}
	if kernelCache.coefs+len(k.table) > kernelCacheMax {
		clear(kernelCache.m)
		kernelCache.coefs = 0
	}
	kernelCache.m[key] = k
	kernelCache.coefs += len(k.table)
	return k
}

// sincKaiser is the prototype: sinc(u) windowed by a Kaiser window reaching
// zero at |u| = resampleZeroCrossings. i0b is I0(β).
func sincKaiser(u, i0b float64) float64 {
	x := u / resampleZeroCrossings
	if x <= -1 || x >= 1 {
		return 0
	}
	w := besselI0(resampleBeta*math.Sqrt(1-x*x)) / i0b
	if u == 0 {
		return w
	}
	return math.Sin(math.Pi*u) / (math.Pi * u) * w
}

// besselI0 is the modified Bessel function of the first kind, order 0.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 500; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-17 {
			break
		}
	}
	return sum
}

// coefficients fills c with the taps for output time i + p/up (interpolated
// mode only).
func (k *resampleKernel) coefficients(c []float32, p, up int64) {
	frac := float64(p) / float64(up)
	last := len(k.proto) - 2
	for j := range c {
		u := k.twoFc * (frac - float64(j-k.half+1))
		if u < 0 {
			u = -u
		}
		u *= resampleDensity
		idx := int(u)
		if idx >= last {
			c[j] = 0
			continue
		}
		f := u - float64(idx)
		a, b := k.proto[idx], k.proto[idx+1]
		c[j] = float32(k.twoFc * (a + f*(b-a)))
	}
}

type resampler struct {
	src  Stream
	f    Format
	inCh int
	kern *resampleKernel
	coef []float32 // interpolated mode scratch

	up, down         int64
	stepInt, stepRem int64
	i, p             int64 // time of the next output: i + p/up input samples
	outPos           int64

	hist      [][]float32 // per channel input history
	histStart int64       // input index of hist[c][0]
	histLen   int
	scratch   []float32

	eof     bool
	inCount int64
	total   int64 // output frames, known once the input ended
	err     error
}

func (r *resampler) Format() Format { return r.f }

// Frames implements Lengther: round(n·rate/inRate) when the input length is
// known.
func (r *resampler) Frames() int64 {
	if r.total >= 0 {
		return r.total
	}
	n := FramesOf(r.src)
	if n < 0 {
		return -1
	}
	return mulDivRound(n, r.up, r.down)
}

func (r *resampler) Read(buf []float32) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	ch := r.inCh
	want := len(buf) / ch
	if want == 0 {
		return 0, nil
	}
	k := r.kern
	out := 0
	for out < want {
		if r.total >= 0 && r.outPos >= r.total {
			break
		}
		need := r.i + int64(k.half) // highest input index this output uses
		if need >= r.histStart+int64(r.histLen) {
			if err := r.more(); err != nil {
				r.err = err
				return out * ch, err
			}
			continue
		}
		base := int(r.i - int64(k.half) + 1 - r.histStart)
		var c []float32
		if k.table != nil {
			c = k.table[int(r.p)*k.taps : int(r.p+1)*k.taps]
		} else {
			k.coefficients(r.coef, r.p, r.up)
			c = r.coef
		}
		o := buf[out*ch : out*ch+ch]
		for j := range o {
			o[j] = dot(r.hist[j][base:base+k.taps], c)
		}
		out++
		r.outPos++
		r.i += r.stepInt
		r.p += r.stepRem
		if r.p >= r.up {
			r.p -= r.up
			r.i++
		}
	}
	if out == 0 {
		return 0, io.EOF
	}
	return out * ch, nil
}

// more compacts the history and appends input (or zeros past the end).
func (r *resampler) more() error {
	k := r.kern
	keep := r.i - int64(k.half) + 1 // lowest index still needed
	if drop := int(keep - r.histStart); drop > 0 {
		drop = min(drop, r.histLen)
		for c := range r.hist {
			copy(r.hist[c], r.hist[c][drop:r.histLen])
		}
		r.histLen -= drop
		r.histStart += int64(drop)
	}
	room := len(r.hist[0]) - r.histLen
	if r.eof {
		for c := range r.hist {
			clear(r.hist[c][r.histLen:])
		}
		r.histLen += room
		return nil
	}
	n := min(room, chunkFrames)
	got, eof, err := fill(r.src, r.scratch[:n*r.inCh])
	frames := got / r.inCh
	for c, h := range r.hist {
		dst := h[r.histLen : r.histLen+frames]
		for j := range dst {
			dst[j] = r.scratch[j*r.inCh+c]
		}
	}
	r.histLen += frames
	r.inCount += int64(frames)
	if err != nil {
		return err
	}
	if eof {
		r.eof = true
		r.total = mulDivRound(r.inCount, r.up, r.down)
	}
	return nil
}

// dot is an 8-way unrolled float32 inner product (independent accumulators
// hide the latency of the additions). The explicit conversions keep the
// compiler from fusing multiply-adds, so the output is bit-identical on every
// architecture.
func dot(x, c []float32) float32 {
	x = x[:len(c)]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= len(c); i += 8 {
		xx, cc := x[i:i+8:i+8], c[i:i+8:i+8]
		s0 += float32(xx[0] * cc[0])
		s1 += float32(xx[1] * cc[1])
		s2 += float32(xx[2] * cc[2])
		s3 += float32(xx[3] * cc[3])
		s4 += float32(xx[4] * cc[4])
		s5 += float32(xx[5] * cc[5])
		s6 += float32(xx[6] * cc[6])
		s7 += float32(xx[7] * cc[7])
	}
	for ; i < len(c); i++ {
		s0 += float32(x[i] * c[i])
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}
