package loudness

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"loa/pkg/audio"
)

// LimiterOptions tunes NewLimiter. Zero values select the defaults.
type LimiterOptions struct {
	// Lookahead is how far ahead the limiter looks, and also its attack
	// time: gain reduction ramps down linearly over this window so that it
	// is complete when the peak arrives. Default 3 ms; 0.5 ms to 20 ms.
	Lookahead time.Duration
	// Release is the time constant of the exponential recovery after a
	// peak. Default 100 ms; 1 ms to 2 s.
	Release time.Duration
}

// Limiter defaults and bounds.
const (
	DefaultLookahead = 3 * time.Millisecond
	DefaultRelease   = 100 * time.Millisecond
	// limiterMarginDB is how far below the ceiling the limiter aims. Other
	// true-peak meters interpolate differently: ffmpeg's ebur128 resamples
	// 44.1 and 22.05 kHz input to 48 kHz first and reads broadband signals
	// (white noise, clicks) up to 0.09 dB higher than this limiter's
	// detector; the margin covers that and a 16-bit write.
	limiterMarginDB = 0.12
)

// limiterFactor is the detection oversampling factor. The detector uses the
// meter's interpolator at twice the meter's factor, so its grid contains the
// meter's and is fine enough for other meters' grids.
func limiterFactor(fs int) int {
	switch {
	case fs < 96000:
		return 8
	case fs < 192000:
		return 4
	default:
		return 2
	}
}

// NewLimiter returns a look-ahead true-peak limiter: its output, as measured
// by an oversampling true-peak meter, stays at or below ceilingDBTP. Peaks
// are detected on the 8× oversampled input (4× at 96 kHz and above) and
// held 0.12 dB under the ceiling, so that meters interpolating differently
// (ffmpeg's ebur128 resamples to 48 kHz first) agree. Gain is reduced
// smoothly (a linear ramp over the look-ahead window, never a hard clip)
// and recovers exponentially. The output has exactly as many
// frames as the input and is not delayed. NaN and infinite input samples
// are treated as silence (magnitudes beyond 2^60 as ±2^60). The stage is
// deterministic.
func NewLimiter(s audio.Stream, ceilingDBTP float64, opts LimiterOptions) (audio.Stream, error) {
	f := s.Format()
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("loudness: limiter: %w", err)
	}
	if math.IsNaN(ceilingDBTP) || ceilingDBTP < -60 || ceilingDBTP > 6 {
		return nil, fmt.Errorf("%w: limiter ceiling %v dBTP (want -60 to +6)", ErrOption, ceilingDBTP)
	}
	if opts.Lookahead == 0 {
		opts.Lookahead = DefaultLookahead
	}
	if opts.Release == 0 {
		opts.Release = DefaultRelease
	}
	if opts.Lookahead < 500*time.Microsecond || opts.Lookahead > 20*time.Millisecond {
		return nil, fmt.Errorf("%w: limiter look-ahead %v (want 0.5ms to 20ms)", ErrOption, opts.Lookahead)
	}
	if opts.Release < time.Millisecond || opts.Release > 2*time.Second {
		return nil, fmt.Errorf("%w: limiter release %v (want 1ms to 2s)", ErrOption, opts.Release)
	}
	fs := float64(f.SampleRate)
	d := max(1, int(math.Round(opts.Lookahead.Seconds()*fs)))
	l := &limiter{
		src:     s,
		f:       f,
		thr:     float32(dbToLinear(ceilingDBTP - limiterMarginDB)),
		os:      newOversampler(limiterFactor(f.SampleRate)),
		look:    d,
		hold:    2*halfSpan + d,
		relCoef: 1 - math.Exp(-1/(opts.Release.Seconds()*fs)),
		x:       make([][]float32, f.Channels),
		base:    -halfSpan,
		avail:   0,
		env:     1,
		box:     make([]float64, d+1),
		boxSum:  float64(d + 1),
		deque:   make([]minEntry, 0, 1024+2*halfSpan+d+2),
	}
	for c := range l.x {
		l.x[c] = make([]float32, halfSpan, halfSpan+4096)
	}
	for i := range l.box {
		l.box[i] = 1
	}
	return l, nil
}

// minEntry is one candidate of the sliding-minimum window.
type minEntry struct {
	at   int64
	gain float64
}

// limiter implements NewLimiter.
//
// Indices are absolute input frame numbers. For frame m, r[m] is the gain
// that brings the largest of |x[m]| and the interpolated values between
// x[m-1] and x[m] down to the threshold; it needs x up to m+halfSpan-1. The
// gain is held at the minimum of r over the last hold+1 frames, released
// exponentially, then averaged over look+1 frames, giving s[m]. Output frame
// q is x[q]·s[q+halfSpan+look]: every frame within halfSpan of a peak (the
// span of the interpolation kernel) gets a gain no higher than that peak's
// r, constant across the kernel.
type limiter struct {
	src     audio.Stream
	f       audio.Format
	thr     float32
	os      *oversampler
	look    int // D, frames
	hold    int // 2·halfSpan + D, frames
	relCoef float64

	x     [][]float32 // planar input; x[c][i] is frame base+i
	base  int64
	avail int64 // frames of input (plus zero padding after the end) held up to this index
	eof   bool
	total int64 // input length, known once eof
	err   error // final error of the source
	tmp   []float32
	r     []float32
	stall int

	m      int64      // next frame whose r is computed
	out    int64      // next output frame
	deque  []minEntry // sliding-minimum candidates from deque[head]
	head   int
	env    float64
	box    []float64
	boxSum float64
	boxPos int
}

// Format implements audio.Stream.
func (l *limiter) Format() audio.Format { return l.f }

// Frames implements audio.Lengther when the source does.
func (l *limiter) Frames() int64 {
	if n, ok := l.src.(audio.Lengther); ok {
		return n.Frames()
	}
	return -1
}

// delay is how many frames of look-ahead separate r from the output.
func (l *limiter) delay() int64 { return int64(halfSpan + l.look) }

// Read implements audio.Stream.
func (l *limiter) Read(buf []float32) (int, error) {
	ch := l.f.Channels
	want := len(buf) / ch
	done := 0
	for done < want {
		if l.eof && l.out >= l.total {
			break
		}
		// Frames m we may process now: r needs input up to m+halfSpan-1,
		// and output frame m-delay must fit in buf.
		limit := min(l.avail-halfSpan+1, l.out+int64(want-done)+l.delay())
		if l.eof {
			limit = min(limit, l.total+l.delay())
		}
		if limit <= l.m {
			if l.eof {
				break // unreachable: after the end every r is available
			}
			if l.err != nil {
				return done * ch, l.err
			}
			if err := l.fill(); err != nil {
				l.err = err
				return done * ch, err
			}
			continue
		}
		done += l.step(l.m, limit, buf[done*ch:])
	}
	if done == 0 && l.eof && l.out >= l.total {
		return 0, io.EOF
	}
	return done * ch, nil
}

// fill reads the next buffer of input (deinterleaved) and, at the end of the
// input, appends the zero padding the last peaks need.
func (l *limiter) fill() error {
	ch := l.f.Channels
	// Drop frames no longer needed: the output needs x[out…], the
	// detector x[m-halfSpan…].
	keep := min(l.out, l.m-halfSpan)
	if drop := int(keep - l.base); drop > 2048 {
		for c := range l.x {
			n := copy(l.x[c], l.x[c][drop:])
			l.x[c] = l.x[c][:n]
		}
		l.base = keep
	}
	if l.tmp == nil {
		l.tmp = make([]float32, 2048*ch)
	}
	n, err := l.src.Read(l.tmp)
	n -= n % ch
	for c := range l.x {
		k := len(l.x[c])
		l.x[c] = slices.Grow(l.x[c], n/ch)[:k+n/ch]
		loadChannel(l.x[c][k:], l.tmp[:n], c, ch)
	}
	l.avail += int64(n / ch)
	switch {
	case errors.Is(err, io.EOF):
		l.eof = true
		l.total = l.avail
		// Silence after the end: enough for the last r values.
		pad := int(l.delay()) + halfSpan
		for c := range l.x {
			l.x[c] = append(l.x[c], make([]float32, pad)...)
		}
		l.avail += int64(pad)
		return nil
	case err != nil:
		return fmt.Errorf("loudness: limiter input at frame %d: %w", l.avail, err)
	case n == 0:
		if l.stall++; l.stall > maxStalls {
			return fmt.Errorf("loudness: limiter input at frame %d: %w", l.avail, io.ErrNoProgress)
		}
	default:
		l.stall = 0
	}
	return nil
}

// step computes r for frames [m0, m1), runs the gain envelope over them and
// writes the output frames that become ready into out (interleaved). It
// returns the number of frames written.
func (l *limiter) step(m0, m1 int64, out []float32) int {
	n := int(m1 - m0)
	if cap(l.r) < n {
		l.r = make([]float32, n)
	}
	r := l.r[:n]
	l.detect(m0, r)

	ch := l.f.Channels
	written := 0
	dl := l.delay()
	inv := 1 / float64(l.look+1)
	for i, g := range r {
		m := m0 + int64(i)
		// Sliding minimum over r[m-hold … m].
		gain := float64(g)
		for len(l.deque) > l.head && l.deque[len(l.deque)-1].gain >= gain {
			l.deque = l.deque[:len(l.deque)-1]
		}
		l.deque = append(l.deque, minEntry{m, gain})
		if l.deque[l.head].at < m-int64(l.hold) {
			// At most one entry leaves per frame.
			l.head++
			if l.head >= 1024 {
				n := copy(l.deque, l.deque[l.head:])
				l.deque = l.deque[:n]
				l.head = 0
			}
		}
		h := l.deque[l.head].gain
		// Instant attack (the averaging below shapes it), exponential
		// release.
		if h < l.env {
			l.env = h
		} else {
			l.env += l.relCoef * (h - l.env)
		}
		// Moving average over look+1 frames.
		l.boxSum += l.env - l.box[l.boxPos]
		l.box[l.boxPos] = l.env
		if l.boxPos++; l.boxPos == len(l.box) {
			l.boxPos = 0
			// Recompute to keep rounding from accumulating.
			sum := 0.0
			for _, v := range l.box {
				sum += v
			}
			l.boxSum = sum
		}
		q := m - dl
		if q < 0 {
			continue
		}
		s := l.boxSum * inv
		xi := int(q - l.base)
		o := out[written*ch : written*ch+ch]
		for c := range ch {
			o[c] = float32(float64(l.x[c][xi]) * s)
		}
		written++
		l.out = q + 1
	}
	l.m = m1
	return written
}

// detect fills r with the gains frames m0… need: 1 where the oversampled
// peak around the frame is under the threshold, thr/peak elsewhere.
func (l *limiter) detect(m0 int64, r []float32) {
	for i := range r {
		r[i] = 1
	}
	thr := l.thr
	bound := float32(l.os.bound)
	for c := range l.x {
		x := l.x[c]
		for a := 0; a < len(r); a += peakBlock {
			b := min(a+peakBlock, len(r))
			// Frame m covers x[m] and the interval between x[m-1] and
			// x[m], which depends on x[m-halfSpan … m+halfSpan-1].
			lo := int(m0-l.base) + a - halfSpan
			hi := int(m0-l.base) + b + halfSpan - 1
			if maxAbs(x[lo:hi])*bound <= thr {
				continue
			}
			l.os.run(x[lo:hi], b-a, nil)
			for i, p := range l.os.peaks[:b-a] {
				p = max(p, abs32(x[lo+halfSpan+i]))
				if p > thr {
					r[a+i] = min(r[a+i], thr/p)
				}
			}
		}
	}
}
