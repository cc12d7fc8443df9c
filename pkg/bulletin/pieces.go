package bulletin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"loa/pkg/atomicfile"
	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
	"loa/pkg/audio/mp3"
	"loa/pkg/clips"
)

// A piece is one clip made ready to be joined into MP3 bulletins: processed,
// brought to its loudness target, faded, followed by silence to a whole
// number of frames, true-peak limited, encoded once as an mp3.Run and
// checked decoded. With its loudness trace, every bulletin that uses the
// clip is then assembled from frames, with no audio work at all.
type piece struct {
	Clip     int64 // frames of the clip itself; the rest of the run is silence
	Run      *mp3.Run
	Trace    loudness.Trace
	Decoded  float64 // true peak of the decoded run, dBTP
	Integral float64 // loudness of the limited piece alone, LUFS
}

// pieceVersion is part of every piece's key: bump it when the way pieces
// are made changes.
const pieceVersion = "1"

// Pieces makes and keeps pieces: in memory for the process, and on disk
// when it has a folder, so later runs start warm. It is safe for
// concurrent use; a piece wanted by several bulletins at once is made once,
// and at most GOMAXPROCS pieces are made at a time.
type Pieces struct {
	dir  string
	sem  chan struct{}
	mu   sync.Mutex
	made map[string]*pieceSlot
	// encoded counts the pieces made (not loaded) by this store.
	encoded atomic.Int64
}

type pieceSlot struct {
	done chan struct{}
	p    *piece
	err  error
}

// NewPieces returns a piece store keeping its files in dir ("" for memory
// only).
func NewPieces(dir string) *Pieces {
	return &Pieces{dir: dir, sem: make(chan struct{}, runtime.GOMAXPROCS(0)), made: map[string]*pieceSlot{}}
}

// pieceSpec is everything a piece is made from.
type pieceSpec struct {
	path    string
	proc    clips.Processing
	target  float64
	ceiling float64
	opts    Options
}

// key identifies the piece's bytes.
func (s pieceSpec) key(clipHash string, gain float64) string {
	h := sha256.Sum256(fmt.Appendf(nil, "piece|%s|%s|%s|%g|%g|%g|%s|%d", pieceVersion, clipHash, s.proc.Key(),
		s.target, s.ceiling, gain, s.opts.EdgeFade, s.opts.MP3Bitrate))
	return hex.EncodeToString(h[:])
}

// get returns the piece of spec, from memory, from disk or made now.
func (ps *Pieces) get(ctx context.Context, lib *clips.Library, spec pieceSpec) (*piece, error) {
	m, err := lib.Measure(ctx, spec.path, spec.proc)
	if err != nil {
		return nil, err
	}
	sum, err := clips.FileHash(spec.path)
	if err != nil {
		return nil, err
	}
	gain := 0.0
	if loudness.Measured(m.Loudness.Integrated) {
		gain = loudness.GainDB(m.Loudness.Integrated, spec.target)
	}
	key := spec.key(sum, gain)
	for {
		ps.mu.Lock()
		slot, ok := ps.made[key]
		if !ok {
			slot = &pieceSlot{done: make(chan struct{})}
			ps.made[key] = slot
		}
		ps.mu.Unlock()
		if !ok {
			return ps.fill(ctx, lib, spec, m, gain, key, slot)
		}
		select {
		case <-slot.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		// The maker was stopped by its own context, not ours: try again.
		if errors.Is(slot.err, context.Canceled) || errors.Is(slot.err, context.DeadlineExceeded) {
			continue
		}
		return slot.p, slot.err
	}
}

// fill loads or makes the piece of a slot this call owns.
func (ps *Pieces) fill(ctx context.Context, lib *clips.Library, spec pieceSpec, m clips.Measurement, gain float64, key string, slot *pieceSlot) (*piece, error) {
	slot.p, slot.err = ps.load(key, m.Frames)
	if slot.err != nil {
		select {
		case ps.sem <- struct{}{}:
			slot.p, slot.err = makePiece(ctx, lib, spec, m, gain)
			<-ps.sem
			ps.encoded.Add(1)
		case <-ctx.Done():
			slot.err = ctx.Err()
		}
		if slot.err == nil && ps.dir != "" {
			// A cache that cannot be written only costs time.
			_ = ps.store(key, slot.p)
		}
	}
	if slot.err != nil {
		// Not remembered: a later bulletin (or a cancelled one's
		// retry) tries again.
		ps.mu.Lock()
		delete(ps.made, key)
		ps.mu.Unlock()
	}
	close(slot.done)
	return slot.p, slot.err
}

// makePiece renders, limits, encodes and checks one piece.
func makePiece(ctx context.Context, lib *clips.Library, spec pieceSpec, m clips.Measurement, gain float64) (*piece, error) {
	f := spec.proc.Format
	spf := mp3.SamplesPerFrame(f.SampleRate)
	total := (m.Frames + int64(mp3.SilentTail(f.SampleRate)) + int64(spf) - 1) / int64(spf) * int64(spf)
	st, closer, err := lib.Processed(ctx, spec.path, spec.proc)
	if err != nil {
		return nil, err
	}
	st, err = audio.Fade(audio.Gain(st, gain), spec.opts.EdgeFade, spec.opts.EdgeFade)
	if err == nil {
		st, err = audio.Concat(st, audio.SilenceFrames(f, total-m.Frames))
	}
	var raw []float32
	if err == nil {
		raw, err = readFrames(ctx, st, total)
	}
	closer.Close()
	if err != nil {
		return nil, err
	}
	limitAt := spec.ceiling
	var out []float32
	outGain := math.NaN()
	limited := func(corr float64) error {
		l, err := loudness.NewLimiter(audio.Gain(audio.NewSlice(f, raw), corr), limitAt, loudness.LimiterOptions{})
		if err == nil {
			out, err = readFrames(ctx, l, total)
		}
		outGain = corr
		return err
	}
	// The limiter takes some loudness off peaky speech: correct it as a
	// whole bulletin is corrected on the streaming path.
	corr := 0.0
	if loudness.Measured(m.Loudness.Integrated) {
		corr, err = correctLoudness(spec.target, 0, 0, math.NaN(), func(g float64) (float64, error) {
			if err := limited(g); err != nil {
				return 0, err
			}
			r, err := loudness.Measure(ctx, audio.NewSlice(f, out), loudness.Options{DualMono: spec.opts.DualMono})
			return r.Integrated, err
		})
		if err != nil {
			return nil, err
		}
	}
	if corr != outGain {
		if err := limited(corr); err != nil {
			return nil, err
		}
	}
	// Encode, and check the decoded run: MP3 coding changes levels and
	// adds inter-sample peaks, so the ceiling and the target are checked on
	// what a player hears, and the piece is redone with the limiter and the
	// gain moved (a few times at most: a piece is made once and used by
	// many bulletins).
	chunk := gcd(spf, f.SampleRate/10)
	for attempt := 0; ; attempt++ {
		run, err := mp3.EncodeRun(audio.NewSlice(f, out), spec.opts.MP3Bitrate)
		if err != nil {
			return nil, err
		}
		dec, err := mp3.NewFrameDecoder(bytes.NewReader(run.Data), spec.path, f)
		if err != nil {
			return nil, err
		}
		d, err := loudness.Measure(ctx, dec, loudness.Options{TruePeak: true, DualMono: spec.opts.DualMono})
		if err != nil {
			return nil, err
		}
		over := d.TruePeak - spec.ceiling
		off := spec.target - d.Integrated
		offTarget := loudness.Measured(d.Integrated) && math.Abs(off) > 0.3
		if attempt == pieceRetries || (over <= 0 && !offTarget) {
			r, tr, err := loudness.TraceStream(ctx, audio.NewSlice(f, out), loudness.Options{TruePeak: true, DualMono: spec.opts.DualMono}, chunk)
			if err != nil {
				return nil, err
			}
			return &piece{Clip: m.Frames, Run: run, Trace: tr, Decoded: d.TruePeak, Integral: r.Integrated}, nil
		}
		if over > 0 {
			limitAt -= over + 0.1
		}
		if offTarget {
			corr += off
		}
		if err := limited(corr); err != nil {
			return nil, err
		}
	}
}

// readFrames reads all of s, which must be frames long, into memory.
func readFrames(ctx context.Context, s audio.Stream, frames int64) ([]float32, error) {
	ch := s.Format().Channels
	out := make([]float32, frames*int64(ch))
	n := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		k, err := audio.ReadFull(s, out[n:min(len(out), n+65536*ch)])
		n += k
		if n == len(out) {
			// The stream must end here.
			var one [8]float32
			if k, _ := s.Read(one[:ch]); k > 0 {
				err = fmt.Errorf("longer than the %d frames measured", frames)
			} else {
				return out, nil
			}
		}
		if err == io.EOF {
			err = fmt.Errorf("%d frames where %d were measured", n/ch, frames)
		}
		if err != nil {
			return nil, err
		}
	}
}

// pieceRetries bounds the re-encodes of a piece.
const pieceRetries = 4

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// A piece file is a header line of JSON, the frame sizes (uint16), the
// frames, the trace (float32), all little-endian, then the sha256 of all
// that: a damaged or partial file is never used.
type pieceHeader struct {
	Version    string   `json:"version"`
	Clip       int64    `json:"clip"`
	Rate       int      `json:"rate"`
	Channels   int      `json:"channels"`
	Bitrate    int      `json:"bitrate"`
	Frames     int      `json:"frames"`
	DataBytes  int      `json:"data_bytes"`
	Chunk      int      `json:"chunk"`
	Traced     int64    `json:"traced"`
	Chunks     int      `json:"chunks"`
	TruePeak   *float64 `json:"true_peak"`
	SamplePeak *float64 `json:"sample_peak"`
	Decoded    *float64 `json:"decoded_true_peak"`
	Integral   *float64 `json:"integrated"`
}

var errBadPiece = errors.New("piece file damaged")

func (ps *Pieces) path(key string) string { return filepath.Join(ps.dir, key[:2], key+".piece") }

func (ps *Pieces) store(key string, p *piece) error {
	h := pieceHeader{Version: pieceVersion, Clip: p.Clip, Rate: p.Run.Format.SampleRate, Channels: p.Run.Format.Channels,
		Bitrate: p.Run.Bitrate, Frames: p.Run.Frames(), DataBytes: len(p.Run.Data), Chunk: p.Trace.Chunk,
		Traced: p.Trace.Frames, Chunks: len(p.Trace.Energy), TruePeak: loudness.JSONValue(p.Trace.TruePeak),
		SamplePeak: loudness.JSONValue(p.Trace.SamplePeak), Decoded: loudness.JSONValue(p.Decoded),
		Integral: loudness.JSONValue(p.Integral)}
	head, err := json.Marshal(h)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.Write(head)
	b.WriteByte('\n')
	binary.Write(&b, binary.LittleEndian, p.Run.Sizes)
	b.Write(p.Run.Data)
	binary.Write(&b, binary.LittleEndian, p.Trace.Energy)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	path := ps.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := atomicfile.Create(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(b.Bytes()); err != nil {
		return err
	}
	return f.Commit()
}

func (ps *Pieces) load(key string, clip int64) (*piece, error) {
	if ps.dir == "" {
		return nil, os.ErrNotExist
	}
	data, err := os.ReadFile(ps.path(key))
	if err != nil {
		return nil, err
	}
	if len(data) < sha256.Size {
		return nil, errBadPiece
	}
	body, sum := data[:len(data)-sha256.Size], data[len(data)-sha256.Size:]
	if s := sha256.Sum256(body); !bytes.Equal(s[:], sum) {
		return nil, errBadPiece
	}
	nl := bytes.IndexByte(body, '\n')
	var h pieceHeader
	if nl < 0 || json.Unmarshal(body[:nl], &h) != nil || h.Version != pieceVersion || h.Clip != clip {
		return nil, errBadPiece
	}
	rest := body[nl+1:]
	if len(rest) != 2*h.Frames+h.DataBytes+4*h.Chunks {
		return nil, errBadPiece
	}
	run := &mp3.Run{Format: audio.Format{SampleRate: h.Rate, Channels: h.Channels}, Bitrate: h.Bitrate,
		Sizes: make([]uint16, h.Frames)}
	binary.Read(bytes.NewReader(rest[:2*h.Frames]), binary.LittleEndian, run.Sizes)
	run.Data = rest[2*h.Frames : 2*h.Frames+h.DataBytes]
	if run.Bytes(h.Frames) != h.DataBytes {
		return nil, errBadPiece
	}
	tr := loudness.Trace{Chunk: h.Chunk, Frames: h.Traced, Energy: make([]float32, h.Chunks),
		TruePeak: loudness.FromJSON(h.TruePeak), SamplePeak: loudness.FromJSON(h.SamplePeak)}
	binary.Read(bytes.NewReader(rest[2*h.Frames+h.DataBytes:]), binary.LittleEndian, tr.Energy)
	return &piece{Clip: h.Clip, Run: run, Trace: tr, Decoded: loudness.FromJSON(h.Decoded), Integral: loudness.FromJSON(h.Integral)}, nil
}
