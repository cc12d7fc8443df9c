package bulletin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"loa/pkg/atomicfile"
	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
	"loa/pkg/audio/mp3"
	"loa/pkg/audio/wav"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/script"
)

// Options control rendering.
type Options struct {
	Format   audio.Format
	BitDepth int  // WAV: 16 or 24
	PlainWAV bool // a bare 44-byte header instead of Broadcast WAVE
	// MP3Bitrate in kbit/s for .mp3 outputs.
	MP3Bitrate int
	// EdgeFade is applied to both ends of every clip to avoid clicks.
	EdgeFade time.Duration
	// Trim removes silence at the heads and tails of speech clips; nil: off.
	Trim *audio.TrimOptions
	// Bed is an optional music bed file ducked under the whole bulletin.
	Bed  string
	Duck audio.DuckOptions
	// BedCrossfade joins the repeats of a bed shorter than the bulletin.
	BedCrossfade time.Duration
	// Loudness targets.
	Target, MusicTarget    float64 // LUFS
	CeilingWAV, CeilingMP3 float64 // dBTP
	DualMono               bool
	PA                     bool
	// Station and Description go into the BWF bext chunk and MP3 tags.
	Station     string
	Description string
	// Synth synthesizes placeholder items; nil means none are allowed.
	Synth Synthesizer
	// Pieces keeps the encoded clips MP3 bulletins are joined from; nil
	// makes a store for the call (in the clip library's cache folder).
	Pieces *Pieces `json:"-"`
	// Streaming always renders MP3 through the streaming path, as WAV is,
	// instead of joining pre-encoded clips when the plan allows it.
	Streaming bool
}

// OptionsFrom maps the configuration to render options.
func OptionsFrom(cfg config.Config) Options {
	a := cfg.Audio
	o := Options{
		Format:     audio.Format{SampleRate: a.SampleRate, Channels: a.Channels},
		BitDepth:   a.BitDepth,
		PlainWAV:   a.PlainWAV,
		MP3Bitrate: a.MP3Bitrate,
		EdgeFade:   ms(a.EdgeFade),
		Bed:        a.Bed.File,
		Duck: audio.DuckOptions{Depth: a.Bed.Duck, Attack: ms(a.Bed.FadeDown), Release: ms(a.Bed.Release),
			Hold: ms(a.Bed.Hold)},
		BedCrossfade: ms(a.Bed.Crossfade),
		Target:       a.Loudness.Target, MusicTarget: a.Loudness.MusicTarget,
		CeilingWAV: a.Loudness.CeilingWAV, CeilingMP3: a.Loudness.CeilingMP3,
		DualMono: a.Loudness.DualMono, PA: a.Loudness.PA,
		Station: cfg.Station.Name,
	}
	if a.Trim.Enabled {
		o.Trim = &audio.TrimOptions{Threshold: a.Trim.Threshold, Margin: ms(a.Trim.Margin)}
	}
	return o
}

func ms(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }

// processing is how a clip of the given kind is prepared.
func (o Options) processing(kind string) clips.Processing {
	p := clips.Processing{Format: o.Format, DualMono: o.DualMono}
	if kind != script.ClipJingles {
		p.Trim = o.Trim
	}
	return p
}

// target is the loudness a clip of the given kind is brought to.
func (o Options) target(kind string) float64 {
	if kind == script.ClipJingles {
		return o.MusicTarget
	}
	return o.Target
}

// ClipFunc adapts the clip library to the script builder: a segment's clip
// and its real duration as it will sound in the bulletin (after trimming).
// A clip that exists but cannot be read counts as absent here; rendering
// reports it.
func ClipFunc(ctx context.Context, lib *clips.Library, ward string, o Options) script.ClipFunc {
	return func(kind, name string) (string, float64, bool) {
		path, _, ok := lib.Find(ward, kind, name)
		if !ok {
			return "", 0, false
		}
		m, err := lib.Measure(ctx, path, o.processing(kind))
		if err != nil {
			return "", 0, false
		}
		return path, m.Seconds, true
	}
}

// Result describes a rendered file.
type Result struct {
	Path     string
	Frames   int64
	Seconds  float64
	Loudness loudness.Result
	// Gain is the bulletin-level correction applied before limiting, dB
	// (0 for a joined MP3, whose clips are corrected one by one).
	Gain float64
	// DecodedTruePeak is the true peak of the MP3 as decoded, dBTP (NaN
	// for WAV).
	DecodedTruePeak float64
	// Joined is true for an MP3 joined from pre-encoded clips.
	Joined bool
	// Starts is the frame where each item of the plan starts.
	Starts []int64
}

// Render writes the plan to out (.wav or .mp3) atomically: on any error
// nothing is left at out, and an existing file there is untouched.
//
// The chain: each clip is remixed, resampled, trimmed (speech), brought to
// its loudness target from its cached measurement and faded at its edges;
// clips and gaps are sequenced; an optional bed is ducked under them and
// the optional PA voicing applied. That programme is measured once, corrected
// to the target, run through the true-peak limiter and encoded, while a
// meter measures what is written for the bext chunk and the ID3 comment.
func Render(ctx context.Context, lib *clips.Library, p *Plan, out string, opts Options) (Result, error) {
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".wav" && ext != ".mp3" {
		return Result{}, i18n.Errorf("bulletin.bad_output", out)
	}
	if opts.EdgeFade <= 0 {
		opts.EdgeFade = audio.DefaultEdgeFade
	}
	if err := opts.Format.Validate(); err != nil {
		return Result{}, err
	}
	ceiling := opts.CeilingWAV
	if ext == ".mp3" {
		ceiling = opts.CeilingMP3
		if err := mp3.CheckEncodable(opts.Format, opts.MP3Bitrate); err != nil {
			return Result{}, i18n.Wrap(err, "bulletin.mp3_unsupported", opts.Format.SampleRate, opts.Format.Channels, opts.MP3Bitrate, err.Error())
		}
	}
	tmpDir, err := os.MkdirTemp("", "loa-render-*")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(tmpDir)
	items, err := synthesize(ctx, p.Items, opts.Synth, tmpDir)
	if err != nil {
		return Result{}, err
	}
	if ext == ".mp3" && !opts.Streaming && opts.joinable(items) {
		res, err := renderJoined(ctx, lib, p, items, out, opts)
		if !errors.Is(err, errNotJoinable) {
			return res, err
		}
	}
	gains := make([]float64, len(items))
	starts := make([]int64, len(items))
	var programmeFrames int64
	for i, it := range items {
		starts[i] = programmeFrames
		m, err := lib.Measure(ctx, it.Path, opts.processing(it.Kind))
		if err != nil {
			return Result{}, clipError(err, it)
		}
		programmeFrames += m.Frames
		if i < len(items)-1 {
			programmeFrames += int64(math.Round(it.GapAfter * float64(opts.Format.SampleRate)))
		}
		if loudness.Measured(m.Loudness.Integrated) {
			gains[i] = loudness.GainDB(m.Loudness.Integrated, opts.target(it.Kind))
		}
	}
	programme := func() (audio.Stream, func(), error) {
		seq := &sequence{ctx: ctx, lib: lib, items: items, gains: gains, opts: opts}
		var st audio.Stream = seq
		var closers []io.Closer
		cleanup := func() {
			seq.close()
			for _, c := range closers {
				c.Close()
			}
		}
		if opts.Bed != "" {
			bed, bcs, err := loopedBed(ctx, lib, opts, programmeFrames)
			closers = append(closers, bcs...)
			if err != nil {
				cleanup()
				return nil, nil, i18n.Wrap(err, "bulletin.clip_failed", opts.Bed, "bed", i18n.Describe(err, i18n.EN))
			}
			if st, err = audio.Duck(st, bed, opts.Duck); err != nil {
				cleanup()
				return nil, nil, err
			}
		}
		if opts.PA {
			var err error
			if st, err = loudness.NewPAVoicing(st); err != nil {
				cleanup()
				return nil, nil, err
			}
		}
		return audio.WithContext(ctx, st), cleanup, nil
	}

	// limited is the programme corrected by gain dB and true-peak limited:
	// what gets encoded.
	limitAt := ceiling
	limited := func(gain float64) (audio.Stream, func(), error) {
		st, cleanup, err := programme()
		if err != nil {
			return nil, nil, err
		}
		st, err = loudness.NewLimiter(audio.Gain(st, gain), limitAt, loudness.LimiterOptions{})
		if err != nil {
			cleanup()
			return nil, nil, err
		}
		return st, cleanup, nil
	}
	measure := func(st audio.Stream, cleanup func()) (loudness.Result, error) {
		defer cleanup()
		r, err := loudness.Measure(ctx, st, loudness.Options{DualMono: opts.DualMono})
		return r, unwrapSeq(err)
	}
	// Find the bulletin-level correction: measure the programme, then, since
	// the limiter takes some loudness off peaky speech, measure the limited
	// result and adjust until it is within 0.2 LU of the target.
	st, cleanup, err := programme()
	if err != nil {
		return Result{}, err
	}
	pre, err := measure(st, cleanup)
	if err != nil {
		return Result{}, err
	}
	correction := 0.0
	if loudness.Measured(pre.Integrated) {
		correction, err = correctLoudness(opts.Target, loudness.GainDB(pre.Integrated, opts.Target), 0, pre.Integrated,
			func(g float64) (float64, error) {
				st, cleanup, err := limited(g)
				if err != nil {
					return 0, err
				}
				r, err := measure(st, cleanup)
				return r.Integrated, err
			})
		if err != nil {
			return Result{}, err
		}
	}

	f, err := createOutput(out)
	if err != nil {
		return Result{}, err
	}
	defer f.Abort()
	var frames int64
	var meter *loudness.Meter
	decodedPeak := math.NaN()
	for attempt := 0; ; attempt++ {
		var dec *loudness.Result
		frames, meter, dec, err = encodeOnce(ctx, f, ext, p, opts, func() (audio.Stream, func(), error) { return limited(correction) })
		if err != nil {
			if e := unwrapSeq(err); e != err || ctx.Err() != nil {
				return Result{}, e
			}
			return Result{}, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
		}
		if ext != ".mp3" {
			break
		}
		decodedPeak = dec.TruePeak
		if attempt == mp3Retries {
			break
		}
		// MP3 coding changes levels and adds inter-sample peaks, so the
		// ceiling and target are checked on the decoded file and the
		// encode is redone once or twice with the limiter and gain moved.
		over := dec.TruePeak - ceiling
		off := opts.Target - dec.Integrated
		if over <= 0 && math.Abs(off) <= 0.3 {
			break
		}
		switch {
		case over > 0:
			limitAt -= over + 0.1
		case loudness.Measured(dec.Integrated):
			correction += off
		}
	}
	if err := f.Commit(); err != nil {
		return Result{}, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
	}
	return Result{Path: out, Frames: frames, Seconds: float64(frames) / float64(opts.Format.SampleRate),
		Loudness: meter.Result(), Gain: correction, DecodedTruePeak: decodedPeak, Starts: starts}, nil
}

func encodeWAV(w io.WriteSeeker, s audio.Stream, meter *loudness.Meter, p *Plan, opts Options) (int64, error) {
	bits := opts.BitDepth
	if bits == 0 {
		bits = 16
	}
	enc, err := wav.NewEncoder(w, opts.Format, wav.EncoderOptions{
		BitDepth: bits, Plain: opts.PlainWAV, Extensible: !opts.PlainWAV,
		BEXT: wav.BEXT{
			Description: opts.Description, Originator: opts.Station,
			OriginatorReference: p.Reference(), Origination: p.airTime(),
			CodingHistory: wav.CodingHistoryLine(opts.Format, bits, "loa"),
		},
	})
	if err != nil {
		return 0, err
	}
	frames, err := pump(s, enc.Write)
	if err != nil {
		return frames, err
	}
	r := meter.Result()
	enc.SetLoudness(wav.Loudness{Integrated: r.Integrated, Range: r.Range, TruePeak: r.TruePeak,
		MaxMomentary: r.MaxMomentary, MaxShortTerm: r.MaxShortTerm})
	return frames, enc.Close()
}

func encodeMP3(w io.WriteSeeker, s audio.Stream, meter *loudness.Meter, p *Plan, opts Options, monitor io.Writer) (int64, error) {
	enc, err := mp3.NewEncoder(w, opts.Format, mp3.EncoderOptions{Bitrate: opts.MP3Bitrate, Monitor: monitor, Tags: mp3.Tags{
		Title: opts.Description, Artist: opts.Station, Album: "loa", Date: p.Date,
		Comment: LoudnessComment(loudness.Result{}),
	}})
	if err != nil {
		return 0, err
	}
	frames, err := pump(s, enc.Write)
	if err != nil {
		return frames, err
	}
	if err := enc.SetComment(LoudnessComment(meter.Result())); err != nil {
		return frames, err
	}
	return frames, enc.Close()
}

// loopedBed is the music bed at its loudness target, repeated with
// equal-power crossfades until it covers frames, the programme's length (the
// ducker then ends it with the speech).
func loopedBed(ctx context.Context, lib *clips.Library, opts Options, frames int64) (audio.Stream, []io.Closer, error) {
	proc := clips.Processing{Format: opts.Format, DualMono: opts.DualMono}
	m, err := lib.Measure(ctx, opts.Bed, proc)
	if err != nil {
		return nil, nil, err
	}
	gain := loudness.GainDB(m.Loudness.Integrated, opts.MusicTarget)
	xf := opts.BedCrossfade
	xfFrames := audio.DurationFrames(xf, opts.Format.SampleRate)
	copies := int64(1)
	if step := m.Frames - xfFrames; step > 0 && m.Frames < frames {
		copies = 1 + (frames-m.Frames+step-1)/step
	}
	copies = min(copies, 1000)
	var closers []io.Closer
	var bed audio.Stream
	for range copies {
		st, c, err := lib.Processed(ctx, opts.Bed, proc)
		if err != nil {
			return nil, closers, err
		}
		closers = append(closers, c)
		st = audio.Gain(st, gain)
		if bed == nil {
			bed = st
			continue
		}
		if bed, err = audio.Crossfade(bed, st, xf); err != nil {
			return nil, closers, err
		}
	}
	return bed, closers, nil
}

// mp3Retries bounds the re-encodes that bring a decoded MP3 under the
// true-peak ceiling and to the target.
const mp3Retries = 2

// encodeOnce (re)writes the whole file from a fresh limited programme. For
// MP3 it also returns the measurement of the encoded audio, decoded from the
// encoder's monitor copy in a second goroutine while encoding goes on.
func encodeOnce(ctx context.Context, f *atomicfile.File, ext string, p *Plan, opts Options,
	source func() (audio.Stream, func(), error)) (int64, *loudness.Meter, *loudness.Result, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return 0, nil, nil, err
	}
	if err := f.Truncate(0); err != nil {
		return 0, nil, nil, err
	}
	st, cleanup, err := source()
	if err != nil {
		return 0, nil, nil, seqError{err}
	}
	defer cleanup()
	meter, err := loudness.NewMeter(opts.Format, loudness.Options{TruePeak: true, DualMono: opts.DualMono})
	if err != nil {
		return 0, nil, nil, err
	}
	metered := &tee{src: st, meter: meter}
	if ext == ".wav" {
		frames, err := encodeWAV(f, metered, meter, p, opts)
		return frames, meter, nil, err
	}
	pr, pw := newBufferedPipe(64)
	type decoded struct {
		r   loudness.Result
		err error
	}
	done := make(chan decoded, 1)
	go func() {
		var d decoded
		dec, err := mp3.NewFrameDecoder(pr, f.Target(), opts.Format)
		if err == nil {
			d.r, err = loudness.Measure(ctx, dec, loudness.Options{TruePeak: true, DualMono: opts.DualMono})
		}
		d.err = err
		// Unblock the encoder if decoding stopped early; drain otherwise.
		pr.CloseWithError(err)
		done <- d
	}()
	frames, err := encodeMP3(f, metered, meter, p, opts, pw)
	pw.CloseWithError(err)
	d := <-done
	if err != nil {
		return frames, meter, nil, err
	}
	if d.err != nil {
		return frames, meter, nil, d.err
	}
	return frames, meter, &d.r, nil
}

// bufferedPipe is an io.Pipe whose writer does not wait for the reader to
// take each chunk (up to a number of chunks), so the encoder and the
// monitoring decoder run side by side instead of taking turns.
type bufferedPipe struct {
	ch   chan []byte
	cur  []byte
	mu   sync.Mutex
	rerr error // set by the reader's CloseWithError
	werr error // set by the writer's CloseWithError (nil: io.EOF)
	done chan struct{}
	once sync.Once
}

type pipeReader struct{ p *bufferedPipe }
type pipeWriter struct{ p *bufferedPipe }

func newBufferedPipe(chunks int) (*pipeReader, *pipeWriter) {
	p := &bufferedPipe{ch: make(chan []byte, chunks), done: make(chan struct{})}
	return &pipeReader{p}, &pipeWriter{p}
}

func (w *pipeWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	rerr := w.p.rerr
	w.p.mu.Unlock()
	if rerr != nil {
		return 0, rerr
	}
	c := append([]byte(nil), b...)
	select {
	case w.p.ch <- c:
		return len(b), nil
	case <-w.p.done:
		w.p.mu.Lock()
		defer w.p.mu.Unlock()
		return 0, w.p.rerr
	}
}

// CloseWithError ends the stream; the reader sees err, or io.EOF for nil.
func (w *pipeWriter) CloseWithError(err error) {
	w.p.mu.Lock()
	w.p.werr = err
	w.p.mu.Unlock()
	close(w.p.ch)
}

func (r *pipeReader) Read(b []byte) (int, error) {
	for len(r.p.cur) == 0 {
		c, ok := <-r.p.ch
		if !ok {
			r.p.mu.Lock()
			defer r.p.mu.Unlock()
			if r.p.werr != nil {
				return 0, r.p.werr
			}
			return 0, io.EOF
		}
		r.p.cur = c
	}
	n := copy(b, r.p.cur)
	r.p.cur = r.p.cur[n:]
	return n, nil
}

// CloseWithError stops the reader; later writes fail with err.
func (r *pipeReader) CloseWithError(err error) {
	if err == nil {
		err = io.ErrClosedPipe
	}
	r.p.mu.Lock()
	if r.p.rerr == nil {
		r.p.rerr = err
	}
	r.p.mu.Unlock()
	r.p.once.Do(func() { close(r.p.done) })
}

// correctLoudness finds the gain (dB) at which measure(gain) is within
// 0.2 LU of target, starting at gain, by secant steps through the previous
// point (prevGain, prevLoud) when there is one: the limiter makes the slope
// less than one, so plain steps of the remaining difference converge
// slowly. It measures at most maxCorrectionPasses times and returns the
// last gain reached.
func correctLoudness(target, gain, prevGain, prevLoud float64, measure func(gain float64) (float64, error)) (float64, error) {
	for range maxCorrectionPasses {
		l, err := measure(gain)
		if err != nil {
			return gain, err
		}
		d := target - l
		if !loudness.Measured(l) || math.Abs(d) <= 0.2 {
			break
		}
		step := d
		if gain != prevGain {
			if slope := (l - prevLoud) / (gain - prevGain); slope > 0.1 && slope < 1.5 {
				step = d / slope
			}
		}
		prevGain, prevLoud = gain, l
		gain += step
	}
	return gain, nil
}

// createOutput makes out's folder and opens out for an atomic write.
func createOutput(out string) (*atomicfile.File, error) {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
	}
	f, err := atomicfile.Create(out, 0o644)
	if err != nil {
		return nil, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
	}
	return f, nil
}

// maxCorrectionPasses bounds the measure-and-adjust loop of the loudness
// correction; two passes are usually enough.
const maxCorrectionPasses = 4

// LoudnessComment is the ID3 comment describing the bulletin's loudness.
func LoudnessComment(r loudness.Result) string {
	return fmt.Sprintf("loudness I=%s LUFS, LRA=%s LU, TP=%s dBTP (before MP3 encoding)",
		loudness.Format(r.Integrated), loudness.Format(r.Range), loudness.Format(r.TruePeak))
}

func pump(s audio.Stream, write func([]float32) error) (int64, error) {
	ch := s.Format().Channels
	buf := make([]float32, 8192*ch)
	var frames int64
	for {
		n, err := s.Read(buf)
		if n > 0 {
			if werr := write(buf[:n]); werr != nil {
				return frames, werr
			}
			frames += int64(n / ch)
		}
		if err == io.EOF {
			return frames, nil
		}
		if err != nil {
			return frames, err
		}
	}
}

// tee meters what flows through it.
type tee struct {
	src   audio.Stream
	meter *loudness.Meter
}

func (t *tee) Format() audio.Format { return t.src.Format() }
func (t *tee) Read(buf []float32) (int, error) {
	n, err := t.src.Read(buf)
	if n > 0 {
		t.meter.Write(buf[:n])
	}
	return n, err
}

// seqError marks an error from the clips (as opposed to the encoder), so it
// is reported as is.
type seqError struct{ err error }

func (e seqError) Error() string { return e.err.Error() }
func (e seqError) Unwrap() error { return e.err }

func unwrapSeq(err error) error {
	var se seqError
	if errors.As(err, &se) {
		return se.err
	}
	return err
}

func clipError(err error, it Item) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return i18n.Wrap(err, "bulletin.clip_failed", it.Path, it.Title, i18n.Describe(err, i18n.EN))
}

// Reference is a short stable identifier of the bulletin for the bext
// OriginatorReference field.
func (p *Plan) Reference() string {
	return strings.ReplaceAll(fmt.Sprintf("%s-%s-%s", p.Ward, p.Date, p.Slot), ":", "")
}

// airTime is when the bulletin airs, from its date and slot; it stamps the
// output so that the same plan always gives the same bytes.
func (p *Plan) airTime() time.Time {
	t, err := time.Parse("2006-01-02 15:04", p.Date+" "+p.Slot)
	if err != nil {
		t, _ = time.Parse("2006-01-02", p.Date)
	}
	return t
}

// sequence streams the plan's items one after the other with their gaps,
// opening each clip only when it is reached. The first error stops it.
type sequence struct {
	ctx   context.Context
	lib   *clips.Library
	items []Item
	gains []float64
	opts  Options

	i       int
	cur     audio.Stream
	closer  io.Closer
	silence int64 // frames of gap still to emit
	err     error
}

func (s *sequence) Format() audio.Format { return s.opts.Format }

func (s *sequence) Read(buf []float32) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	if err := s.ctx.Err(); err != nil {
		s.err = err
		return 0, err
	}
	ch := s.opts.Format.Channels
	buf = buf[:len(buf)/ch*ch]
	for {
		if s.silence > 0 {
			n := int(min(s.silence, int64(len(buf)/ch))) * ch
			clear(buf[:n])
			s.silence -= int64(n / ch)
			return n, nil
		}
		if s.cur == nil {
			if s.i >= len(s.items) {
				return 0, io.EOF
			}
			if err := s.open(s.i); err != nil {
				s.err = seqError{err}
				return 0, s.err
			}
		}
		n, err := s.cur.Read(buf)
		if err == io.EOF {
			it := s.items[s.i]
			s.close()
			s.i++
			if s.i < len(s.items) {
				s.silence = int64(math.Round(it.GapAfter * float64(s.opts.Format.SampleRate)))
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		if err != nil {
			s.err = seqError{clipError(err, s.items[s.i])}
			return n, s.err
		}
		return n, nil
	}
}

func (s *sequence) open(i int) error {
	it := s.items[i]
	st, closer, err := s.lib.Processed(s.ctx, it.Path, s.opts.processing(it.Kind))
	if err != nil {
		return clipError(err, it)
	}
	st = audio.Gain(st, s.gains[i])
	if st, err = audio.Fade(st, s.opts.EdgeFade, s.opts.EdgeFade); err != nil {
		closer.Close()
		return clipError(err, it)
	}
	s.cur, s.closer = st, closer
	return nil
}

func (s *sequence) close() {
	if s.closer != nil {
		s.closer.Close()
	}
	s.cur, s.closer = nil, nil
}

// Synthesizer makes a stand-in clip from spoken text.
type Synthesizer interface {
	Synthesize(ctx context.Context, text, wavPath string) error
}

// ErrNoSynth is returned when the placeholder voice program is missing.
var ErrNoSynth = errors.New("placeholder voice not installed")

// EspeakNG synthesizes Vietnamese with the espeak-ng program.
type EspeakNG struct {
	// Voice defaults to "vi"; Speed in words per minute defaults to 175
	// (for Vietnamese a word is a syllable: about 2.9 per second).
	Voice string
	Speed int
}

// Available reports whether espeak-ng can be run.
func (e EspeakNG) Available() error {
	if _, err := exec.LookPath("espeak-ng"); err != nil {
		return i18n.Wrap(fmt.Errorf("%w: espeak-ng", ErrNoSynth), "bulletin.no_espeak")
	}
	return nil
}

// Synthesize implements Synthesizer.
func (e EspeakNG) Synthesize(ctx context.Context, text, wavPath string) error {
	if err := e.Available(); err != nil {
		return err
	}
	voice, speed := e.Voice, e.Speed
	if voice == "" {
		voice = "vi"
	}
	if speed == 0 {
		speed = 175
	}
	cmd := exec.CommandContext(ctx, "espeak-ng", "-v", voice, "-s", fmt.Sprint(speed), "-w", wavPath, "--stdin")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

func synthesize(ctx context.Context, items []Item, synth Synthesizer, dir string) ([]Item, error) {
	out := make([]Item, len(items))
	copy(out, items)
	done := map[string]string{}
	for i, it := range out {
		if it.Path != "" {
			continue
		}
		if synth == nil {
			return nil, &MissingClipsError{Missing: []Missing{{Title: it.Title, Kind: it.Kind}}}
		}
		if p, ok := done[it.Synth]; ok {
			out[i].Path = p
			continue
		}
		p := filepath.Join(dir, fmt.Sprintf("segment-%03d.wav", i))
		if err := synth.Synthesize(ctx, it.Synth, p); err != nil {
			if errors.Is(err, ErrNoSynth) || ctx.Err() != nil {
				return nil, err
			}
			return nil, i18n.Wrap(err, "bulletin.espeak_failed", it.Title, err.Error())
		}
		out[i].Path = p
		done[it.Synth] = p
	}
	return out, nil
}
