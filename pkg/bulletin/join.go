package bulletin

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"runtime"
	"sync"

	"loa/pkg/audio/loudness"
	"loa/pkg/audio/mp3"
	"loa/pkg/clips"
	"loa/pkg/i18n"
)

// MP3 bulletins are joined from pieces (see piece) when they can be: every
// clip is encoded once and reused by every bulletin that plays it, so an
// export of hundreds of bulletins encodes a few dozen clips. Each clip then
// starts on an MP3 frame boundary, within half a frame (13 ms at 44.1 kHz)
// of where the script puts it; the gaps absorb the difference.
//
// The streaming path (measure, correct, limit and encode the whole
// programme) remains for what joining cannot do: a music bed or the PA
// voicing (they run across clip boundaries), sample rates without a whole
// number of frames per 100 ms (11025 Hz), gaps too short for a clip's
// silent tail and a frame of slack, and the rare bulletin whose joined
// loudness would land more than 0.5 LU from the target (e.g. one made of
// jingles only).

// errNotJoinable sends a plan down the streaming path.
var errNotJoinable = errors.New("bulletin cannot be joined")

// minJoinGap is the shortest gap, in frames, that joining accepts: a
// piece's silent tail, and two frames so that rounding each clip's start to
// a frame never moves it by more than half a frame.
func minJoinGap(rate int) int64 {
	return int64(mp3.SilentTail(rate) + 2*mp3.SamplesPerFrame(rate))
}

// joinable reports whether a plan's MP3 can be joined from pieces.
func (o Options) joinable(items []Item) bool {
	rate := o.Format.SampleRate
	if o.Bed != "" || o.PA || rate%10 != 0 || len(items) == 0 {
		return false
	}
	for _, it := range items[:len(items)-1] {
		if int64(math.Round(it.GapAfter*float64(rate))) < minJoinGap(rate) {
			return false
		}
	}
	return true
}

// renderJoined writes the plan's MP3 from pieces. It returns
// errNotJoinable, having written nothing, when the result would be off
// target.
func renderJoined(ctx context.Context, lib *clips.Library, p *Plan, items []Item, out string, opts Options) (Result, error) {
	store := opts.Pieces
	if store == nil {
		dir := ""
		if lib.CacheDir != "" {
			dir = filepath.Join(lib.CacheDir, "pieces")
		}
		store = NewPieces(dir)
	}
	pieces := make([]*piece, len(items))
	errs := make([]error, len(items))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			spec := pieceSpec{path: it.Path, proc: opts.processing(it.Kind),
				target: opts.target(it.Kind), ceiling: opts.CeilingMP3, opts: opts}
			pc, err := store.get(ctx, lib, spec)
			if err != nil {
				err = clipError(err, it)
			}
			pieces[i], errs[i] = pc, err
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	for _, err := range errs {
		if err != nil {
			return Result{}, err
		}
	}

	rate := opts.Format.SampleRate
	spf := int64(mp3.SamplesPerFrame(rate))
	j, err := mp3.NewJoiner(opts.Format, opts.MP3Bitrate, mp3.Tags{
		Title: opts.Description, Artist: opts.Station, Album: "loa", Date: p.Date})
	if err != nil {
		return Result{}, i18n.Wrap(err, "bulletin.mp3_unsupported", rate, opts.Format.Channels, opts.MP3Bitrate, err.Error())
	}
	// Each clip starts at the frame nearest to where the script has it.
	var nominal, total int64
	placed := make([]loudness.Placed, len(items))
	starts := make([]int64, len(items))
	decodedPeak := math.Inf(-1)
	for i, pc := range pieces {
		frame := j.Frames()
		if i > 0 {
			frame = max(frame, (nominal+spf/2)/spf)
			j.Silence(int(frame - j.Frames()))
		}
		keep := pc.Run.Frames()
		if i == len(pieces)-1 {
			// Enough frames for the last samples and the decoder's flush.
			keep = int((pc.Clip + mp3.Delay + mp3.DecoderDelay + spf - 1) / spf)
			total = frame*spf + pc.Clip
		}
		if err := j.Add(pc.Run, keep); err != nil {
			return Result{}, err
		}
		placed[i] = loudness.Placed{Trace: &pc.Trace, At: frame * spf}
		starts[i] = frame * spf
		decodedPeak = max(decodedPeak, pc.Decoded)
		nominal += pc.Clip + int64(math.Round(items[i].GapAfter*float64(rate)))
	}
	res, err := loudness.Assemble(opts.Format, loudness.Options{TruePeak: true, DualMono: opts.DualMono}, total, placed)
	if err != nil {
		return Result{}, err
	}
	if loudness.Measured(res.Integrated) && math.Abs(res.Integrated-opts.Target) > 0.5 {
		return Result{}, errNotJoinable
	}
	if err := j.SetComment(LoudnessComment(res)); err != nil {
		return Result{}, err
	}
	f, err := createOutput(out)
	if err != nil {
		return Result{}, err
	}
	defer f.Abort()
	if err := j.WriteTo(f, total); err != nil {
		return Result{}, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
	}
	if err := f.Commit(); err != nil {
		return Result{}, i18n.Wrap(err, "bulletin.write_failed", out, err.Error())
	}
	return Result{Path: out, Frames: total, Seconds: float64(total) / float64(rate), Loudness: res,
		DecodedTruePeak: decodedPeak, Joined: true, Starts: starts}, nil
}
