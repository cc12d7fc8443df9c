package audio

import (
	"fmt"
	"io"
	"math"
	"time"
)

// DuckOptions control Duck. A zero field takes its default; negative
// durations are an error (use time.Nanosecond to get "no hold" and the like).
type DuckOptions struct {
	// Threshold is the level, in dBFS RMS over Window, above which speech
	// counts as active. Default -45.
	Threshold float64
	// Depth is the bed's gain while ducked, in dB; it must be negative.
	// Default -20.
	Depth float64
	// Attack is how long the bed takes to go down from full level to Depth.
	// Default 200 ms.
	Attack time.Duration
	// Release is how long the bed takes to come back up. Default 800 ms.
	Release time.Duration
	// Hold bridges pauses: a pause in speech shorter than Hold keeps the bed
	// ducked; after a longer pause the bed is released as soon as the speech
	// stops. Default 1 s.
	Hold time.Duration
	// LookAhead is how long before detected speech the bed starts going
	// down. Default: Attack, so the bed is fully down at the first word.
	LookAhead time.Duration
	// Window is the detector's RMS window. Default 20 ms.
	Window time.Duration
	// EndFade is the fade-out that ends the bed with the speech. Default
	// 500 ms.
	EndFade time.Duration
}

// Duck defaults.
const (
	DefaultDuckThreshold = -45.0
	DefaultDuckDepth     = -20.0
	DefaultDuckAttack    = 200 * time.Millisecond
	DefaultDuckRelease   = 800 * time.Millisecond
	DefaultDuckHold      = time.Second
	DefaultDuckWindow    = 20 * time.Millisecond
	DefaultDuckEndFade   = 500 * time.Millisecond
)

func (o DuckOptions) withDefaults() (DuckOptions, error) {
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"Attack", o.Attack}, {"Release", o.Release}, {"Hold", o.Hold}, {"LookAhead", o.LookAhead}, {"Window", o.Window}, {"EndFade", o.EndFade}} {
		if d.v < 0 {
			return o, fmt.Errorf("duck: %s %v is negative: %w", d.name, d.v, ErrParameter)
		}
	}
	if math.IsNaN(o.Threshold) || math.IsInf(o.Threshold, 0) {
		return o, fmt.Errorf("duck: Threshold %v dBFS: %w", o.Threshold, ErrParameter)
	}
	if math.IsNaN(o.Depth) || math.IsInf(o.Depth, 0) || o.Depth > 0 {
		return o, fmt.Errorf("duck: Depth %v dB must be negative: %w", o.Depth, ErrParameter)
	}
	if o.Threshold == 0 {
		o.Threshold = DefaultDuckThreshold
	}
	if o.Depth == 0 {
		o.Depth = DefaultDuckDepth
	}
	if o.Attack == 0 {
		o.Attack = DefaultDuckAttack
	}
	if o.Release == 0 {
		o.Release = DefaultDuckRelease
	}
	if o.Hold == 0 {
		o.Hold = DefaultDuckHold
	}
	if o.LookAhead == 0 {
		o.LookAhead = o.Attack
	}
	if o.Window == 0 {
		o.Window = DefaultDuckWindow
	}
	if o.EndFade == 0 {
		o.EndFade = DefaultDuckEndFade
	}
	return o, nil
}

// Duck mixes a music bed under speech and lowers the bed while the speech is
// active. Both streams must share one format (resample and remix first).
//
// Speech is active where its RMS over opts.Window exceeds opts.Threshold. The
// bed goes down to opts.Depth, linearly in dB over opts.Attack, starting
// opts.LookAhead before the speech (the detector runs ahead of the output,
// so the duck is in place at the first word). A pause shorter than opts.Hold
// keeps the bed down; after a longer pause the bed comes back up over
// opts.Release from the moment the speech stopped, and goes down again in
// time for the next word.
//
// The output has exactly the speech's length: the bed is stopped with a
// raised-cosine fade over the last opts.EndFade of the speech, and a bed
// shorter than the speech simply ends (loop a short bed with Concat or
// Crossfade of fresh streams if it must cover the speech). The speech passes
// through unchanged. Memory is bounded by the detector's look-ahead
// (max(LookAhead, Hold, EndFade) + Window). Errors from either input are
// passed on.
func Duck(speech, bed Stream, opts DuckOptions) (Stream, error) {
	if err := sameFormat("duck", speech, bed); err != nil {
		return nil, err
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	f := speech.Format()
	if err := checkBuffer("duck", "look-ahead", max(o.LookAhead, o.Hold, o.EndFade)+o.Window, f); err != nil {
		return nil, err
	}
	fr := func(d time.Duration) int64 { return DurationFrames(d, f.SampleRate) }
	d := &ducker{
		speech:  speech,
		bed:     bed,
		f:       f,
		thr2:    math.Pow(10, o.Threshold/10),
		depth:   o.Depth,
		hold:    fr(o.Hold),
		look:    fr(o.LookAhead),
		win:     max(1, fr(o.Window)),
		endFade: fr(o.EndFade),
		lastAct: -1,
		gLin:    1,
	}
	d.attack = stepPerFrame(-o.Depth, fr(o.Attack))
	d.release = stepPerFrame(-o.Depth, fr(o.Release))
	d.attackMul = math.Pow(10, -d.attack/20)
	d.releaseMul = math.Pow(10, d.release/20)
	d.depthLin = math.Pow(10, o.Depth/20)
	d.delay = max(d.look, d.hold, d.endFade) + d.win
	d.size = d.delay + chunkFrames
	d.ring = make([]float32, d.size*int64(f.Channels))
	d.mark = make([]bool, d.size)
	d.in = make([]float32, chunkFrames*f.Channels)
	d.bedBuf = make([]float32, chunkFrames*f.Channels)
	return d, nil
}

func stepPerFrame(db float64, frames int64) float64 {
	if frames <= 0 {
		return math.Inf(1)
	}
	return db / float64(frames)
}

type ducker struct {
	speech, bed Stream // bed is nil once it ended
	f           Format

	thr2            float64 // threshold as mean square
	depth           float64 // dB
	attack, release float64 // dB per frame
	hold, look, win int64
	endFade         int64
	delay           int64 // output lags input by this many frames

	ring []float32 // speech, frame t at slot t % size
	mark []bool    // whether frame t is to be ducked
	size int64

	inPos, outPos int64
	// detector
	winStart  int64
	winSum    float64
	lastAct   int64 // end of the last active window, -1 before any
	markedEnd int64
	// gain, in dB and as a factor
	gdB                   float64
	gLin                  float64
	depthLin              float64
	attackMul, releaseMul float64 // per-frame factors during ramps

	in, bedBuf []float32
	eof        bool
	err        error
}

func (d *ducker) Format() Format { return d.f }

// Frames implements Lengther: the speech's length.
func (d *ducker) Frames() int64 { return FramesOf(d.speech) }

func (d *ducker) Read(buf []float32) (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	ch := d.f.Channels
	want := min(int64(len(buf)/ch), chunkFrames)
	if want == 0 {
		return 0, nil
	}
	for {
		avail := d.inPos - d.outPos
		if !d.eof {
			avail -= d.delay
		}
		if avail > 0 {
			return d.emit(buf, min(want, avail))
		}
		if d.eof {
			return 0, io.EOF
		}
		if err := d.take(); err != nil {
			d.err = fmt.Errorf("duck: speech: %w", err)
			return 0, d.err
		}
	}
}

// take reads speech into the ring and runs the detector on it.
func (d *ducker) take() error {
	ch := d.f.Channels
	m := min(d.size-(d.inPos-d.outPos), chunkFrames)
	got, eof, err := fill(d.speech, d.in[:m*int64(ch)])
	frames := int64(got / ch)
	slot := d.inPos % d.size
	for i := range frames {
		copy(d.ring[slot*int64(ch):(slot+1)*int64(ch)], d.in[i*int64(ch):(i+1)*int64(ch)])
		d.mark[slot] = false
		if slot++; slot == d.size {
			slot = 0
		}
	}
	for i := range frames {
		var s float64
		for _, v := range d.in[i*int64(ch) : (i+1)*int64(ch)] {
			s += float64(v) * float64(v)
		}
		d.winSum += s
		if end := d.inPos + i + 1; end-d.winStart == d.win {
			d.closeWindow(end)
		}
	}
	d.inPos += frames
	if err != nil {
		return err
	}
	if eof {
		if d.inPos > d.winStart {
			d.closeWindow(d.inPos)
		}
		d.eof = true
	}
	return nil
}

// closeWindow evaluates the detector window [winStart, end).
func (d *ducker) closeWindow(end int64) {
	w0 := d.winStart
	ms := d.winSum / float64((end-w0)*int64(d.f.Channels))
	d.winStart, d.winSum = end, 0
	if ms <= d.thr2 {
		return
	}
	start := w0 - d.look
	if d.lastAct >= 0 && w0-d.lastAct < d.hold {
		start = min(start, d.lastAct) // bridge a short pause
	}
	start = max(start, d.markedEnd, d.outPos)
	slot := start % d.size
	for t := start; t < end; t++ {
		d.mark[slot] = true
		if slot++; slot == d.size {
			slot = 0
		}
	}
	d.markedEnd = max(d.markedEnd, end)
	d.lastAct = end
}

// emit writes n frames of speech plus the ducked bed.
func (d *ducker) emit(buf []float32, n int64) (int, error) {
	ch := int64(d.f.Channels)
	nb := int64(0)
	if d.bed != nil {
		got, eof, err := fill(d.bed, d.bedBuf[:n*ch])
		if err != nil {
			d.err = fmt.Errorf("duck: bed: %w", err)
			return 0, d.err
		}
		nb = int64(got) / ch
		if eof {
			d.bed = nil
		}
	}
	clear(d.bedBuf[nb*ch : n*ch])
	fadeFrom := int64(math.MaxInt64)
	if d.eof {
		fadeFrom = d.inPos - d.endFade
	}
	slot := d.outPos % d.size
	for i := range n {
		t := d.outPos + i
		target := 0.0
		if d.mark[slot] {
			target = d.depth
		}
		if d.gdB != target {
			// Linear in dB: a constant factor per frame, exact at the ends.
			if d.gdB > target {
				d.gdB -= d.attack
				d.gLin *= d.attackMul
				if d.gdB <= target {
					d.gdB, d.gLin = target, d.depthLin
				}
			} else {
				d.gdB += d.release
				d.gLin *= d.releaseMul
				if d.gdB >= target {
					d.gdB, d.gLin = target, 1
				}
			}
		}
		g := float32(d.gLin)
		if t >= fadeFrom {
			g *= raisedCosine(float64(d.inPos-1-t) / float64(d.endFade))
		}
		o := buf[i*ch : (i+1)*ch]
		s := d.ring[slot*ch : (slot+1)*ch]
		b := d.bedBuf[i*ch : (i+1)*ch]
		for c := range o {
			o[c] = s[c] + float32(b[c]*g)
		}
		if slot++; slot == d.size {
			slot = 0
		}
	}
	d.outPos += n
	return int(n * ch), nil
}
