package audio

import (
	"fmt"
	"io"
	"math"
	"time"
)

// TrimOptions control TrimSilence. A zero field takes its default; negative
// durations are an error.
type TrimOptions struct {
	// Threshold is the level, in dBFS RMS over Window, at or below which a
	// window counts as silence. Default -50.
	Threshold float64
	// Window is the measurement window. Default 10 ms.
	Window time.Duration
	// Margin is kept before the first and after the last window of sound,
	// so onsets and decays are never cut. Default 80 ms.
	Margin time.Duration
	// MaxHold caps the silent run held in memory while TrimSilence waits to
	// see whether sound resumes. A trailing silence longer than MaxHold is
	// shortened by MaxHold only (to the longer of Margin and its length
	// minus MaxHold); silences between sounds are always kept whole.
	// Default 10 s; must be at least Margin.
	MaxHold time.Duration
}

// Trim defaults.
const (
	DefaultTrimThreshold = -50.0
	DefaultTrimWindow    = 10 * time.Millisecond
	DefaultTrimMargin    = 80 * time.Millisecond
	DefaultTrimMaxHold   = 10 * time.Second
)

// TrimSilence removes leading and trailing silence from a clip, keeping
// opts.Margin of it on each side. The stream is cut into windows of
// opts.Window; a window whose RMS exceeds opts.Threshold is sound. Leading
// windows are dropped until the first sound, keeping the last Margin before
// it (a bounded look-ahead of Margin + Window). After the first sound every
// silent run is held until sound resumes (then it is emitted whole) or the
// stream ends (then only its first Margin is kept); a run longer than
// opts.MaxHold starts to be emitted, which bounds the memory. An all-silent
// clip yields no frames. The length is unknown until the end (Frames
// reports -1). Errors from s are passed on.
func TrimSilence(s Stream, opts TrimOptions) (Stream, error) {
	if err := checkStream("trim", s); err != nil {
		return nil, err
	}
	if opts.Window < 0 || opts.Margin < 0 || opts.MaxHold < 0 {
		return nil, fmt.Errorf("trim: negative duration (window %v, margin %v, max hold %v): %w",
			opts.Window, opts.Margin, opts.MaxHold, ErrParameter)
	}
	if math.IsNaN(opts.Threshold) || math.IsInf(opts.Threshold, 0) {
		return nil, fmt.Errorf("trim: threshold %v dBFS: %w", opts.Threshold, ErrParameter)
	}
	if opts.Threshold == 0 {
		opts.Threshold = DefaultTrimThreshold
	}
	if opts.Window == 0 {
		opts.Window = DefaultTrimWindow
	}
	if opts.Margin == 0 {
		opts.Margin = DefaultTrimMargin
	}
	if opts.MaxHold == 0 {
		opts.MaxHold = max(DefaultTrimMaxHold, opts.Margin)
	}
	if opts.MaxHold < opts.Margin {
		return nil, fmt.Errorf("trim: max hold %v is shorter than the margin %v: %w", opts.MaxHold, opts.Margin, ErrParameter)
	}
	f := s.Format()
	if err := checkBuffer("trim", "max hold", opts.MaxHold+opts.Window, f); err != nil {
		return nil, err
	}
	win := int(max(1, DurationFrames(opts.Window, f.SampleRate)))
	hold := int(DurationFrames(opts.MaxHold, f.SampleRate))
	return &trimmer{
		src:     s,
		f:       f,
		thr2:    math.Pow(10, opts.Threshold/10),
		win:     win,
		margin:  int(DurationFrames(opts.Margin, f.SampleRate)),
		maxHold: hold,
		hold:    newFrameRing(f.Channels, hold+win),
		buf:     make([]float32, win*f.Channels),
	}, nil
}

type trimmer struct {
	src     Stream
	f       Format
	thr2    float64
	win     int
	margin  int
	maxHold int

	hold    *frameRing // held frames; the first `pending` are to be emitted
	pending int
	buf     []float32 // one window
	body    bool      // sound has been seen
	emitted int       // frames of the current silent run emitted so far
	done    bool
	err     error
}

func (t *trimmer) Format() Format { return t.f }

// Frames implements Lengther: the trimmed length is unknown in advance.
func (t *trimmer) Frames() int64 { return -1 }

func (t *trimmer) Read(buf []float32) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	ch := t.f.Channels
	want := len(buf) / ch
	if want == 0 {
		return 0, nil
	}
	for {
		if t.pending > 0 {
			k := t.hold.pop(buf[:min(want, t.pending)*ch])
			t.pending -= k
			return k * ch, nil
		}
		if t.done {
			return 0, io.EOF
		}
		got, eof, err := fill(t.src, t.buf)
		if err != nil {
			t.err = err
			return 0, err
		}
		if got > 0 {
			t.window(t.buf[:got])
		}
		if eof {
			t.done = true
			if t.body {
				// Keep the first Margin of the trailing silence.
				held := t.hold.n - t.pending
				t.pending += max(0, min(held, t.margin-t.emitted))
			}
		}
	}
}

// window classifies one window and routes it.
func (t *trimmer) window(x []float32) {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	loud := s/float64(len(x)) > t.thr2
	t.hold.push(x)
	switch {
	case loud:
		t.pending = t.hold.n
		t.body = true
		t.emitted = 0
	case !t.body:
		if extra := t.hold.n - t.margin; extra > 0 {
			t.hold.drop(extra)
		}
	case t.hold.n > t.maxHold:
		extra := t.hold.n - t.maxHold
		t.pending = extra
		t.emitted += extra
	}
}
