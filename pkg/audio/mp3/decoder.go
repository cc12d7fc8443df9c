package mp3

import (
	"errors"
	"fmt"
	"io"
	"os"

	gomp3 "github.com/hajimehoshi/go-mp3"

	"loa/pkg/audio"
)

// Info describes an MP3 file as Probe and Decoder.Info see it.
type Info struct {
	Format       audio.Format // sample rate and the file's real channel count
	Version      string       // MPEG version: "1", "2" or "2.5"
	Layer        int          // 1, 2 or 3
	Bitrate      int          // kbit/s; the average for VBR
	VBR          bool         // bitrate varies (or a Xing/VBRI header says so)
	Frames       int64        // PCM frames after gapless trimming; -1 if unknown
	EncoderDelay int          // encoder delay from the LAME tag, in samples
	Padding      int          // end padding from the LAME tag, in samples
	HasLAME      bool         // a LAME-style tag gave delay and padding
}

// Decoder streams the PCM of one MP3 file. It implements audio.Stream and
// audio.Lengther. It is not safe for concurrent use.
type Decoder struct {
	name   string
	r      io.ReadSeeker
	file   *os.File // owned when opened by Open
	s      *stream
	info   Info
	src    *frameSource
	dec    *gomp3.Decoder
	raw    []byte // go-mp3 output: 16-bit little-endian stereo
	pcm    []byte // unread part of raw
	skip   int64  // decoded frames still to drop at the start
	remain int64  // frames still to hand out
	err    error  // sticky
	closed bool
}

// Open opens and validates the MP3 file at path. The decoder owns the file
// and closes it in Close.
func Open(path string) (*Decoder, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("mp3 %s: %w", path, err)
	}
	d, err := NewDecoder(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	d.file = f
	return d, nil
}

// NewDecoder validates the MP3 data in r and prepares to decode it. name
// identifies the clip in errors. It reads the file once, in 32 KiB chunks,
// to walk every frame header, so that a broken or unsupported file is
// refused before the first sample and the exact length is known; decoding
// then reads it a second time, frame by frame. Close does not close r.
func NewDecoder(r io.ReadSeeker, name string) (*Decoder, error) {
	s, err := scan(r, name)
	if err != nil {
		return nil, err
	}
	d := &Decoder{name: name, r: r, s: s, info: s.info()}
	if s.xing != nil && s.xing.hasLAME {
		d.skip = int64(s.xing.delay) + decoderDelay
	}
	d.remain = d.info.Frames
	return d, nil
}

// Probe reads what NewDecoder reads, without decoding. When the file is
// valid MPEG audio that the decoder refuses (ErrUnsupported), the returned
// Info still describes its first frame.
func Probe(r io.ReadSeeker, name string) (Info, error) {
	s, err := scan(r, name)
	if s == nil {
		return Info{Frames: -1}, err
	}
	if err != nil {
		return s.headerInfo(), err
	}
	return s.info(), nil
}

// headerInfo describes the first frame only.
func (s *stream) headerInfo() Info {
	h := s.first
	if h.layer == 0 {
		return Info{Frames: -1}
	}
	return Info{
		Format:  audio.Format{SampleRate: h.sampleRate, Channels: h.channels()},
		Version: h.versionString(),
		Layer:   h.layer,
		Bitrate: h.bitrate,
		Frames:  -1,
	}
}

// info computes the trimmed length the way ffmpeg does: with a LAME tag,
// the first delay+529 decoded samples are dropped, and the output ends at
// frames*spf - padding + 529 (never past the decoded end).
func (s *stream) info() Info {
	in := s.headerInfo()
	spf := int64(s.first.samplesPerFrame())
	decoded := s.frames * spf
	in.VBR = s.vbr
	if s.vbr {
		in.Bitrate = int((s.bytes*8*int64(s.first.sampleRate) + decoded*500) / (decoded * 1000))
	}
	start, end := int64(0), decoded
	if x := s.xing; x != nil && x.hasLAME {
		in.HasLAME = true
		in.EncoderDelay, in.Padding = x.delay, x.padding
		start = int64(x.delay) + decoderDelay
		nominal := s.frames
		if x.frames > 0 {
			nominal = x.frames
		}
		if e := nominal*spf - int64(x.padding) + decoderDelay; e < end {
			end = e
		}
	}
	in.Frames = end - start
	if in.Frames < 0 {
		in.Frames = 0
	}
	return in
}

// Info returns what the headers say about the file.
func (d *Decoder) Info() Info { return d.info }

// Format implements audio.Stream.
func (d *Decoder) Format() audio.Format { return d.info.Format }

// Frames implements audio.Lengther: the exact number of frames Read will
// return.
func (d *Decoder) Frames() int64 { return d.info.Frames }

// Close releases the file opened by Open. It does not close a reader given
// to NewDecoder.
func (d *Decoder) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	d.dec, d.src, d.raw, d.pcm = nil, nil, nil, nil
	if d.file != nil {
		if err := d.file.Close(); err != nil {
			return fmt.Errorf("mp3 %s: %w", d.name, err)
		}
	}
	return nil
}

// Read implements audio.Stream: it fills buf with interleaved float32
// samples in [-1, 1] at the file's channel count.
func (d *Decoder) Read(buf []float32) (int, error) {
	if d.closed {
		return 0, fmt.Errorf("mp3 %s: %w", d.name, ErrClosed)
	}
	if d.err != nil {
		return 0, d.err
	}
	ch := d.info.Format.Channels
	want := int64(len(buf) / ch)
	if want == 0 {
		if d.remain == 0 {
			return 0, io.EOF
		}
		return 0, nil
	}
	n := 0
	for int64(n/ch) < want && d.remain > 0 {
		if len(d.pcm) < 4 {
			if err := d.fill(); err != nil {
				d.err = err
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
			continue
		}
		avail := int64(len(d.pcm) / 4)
		if d.skip > 0 {
			k := min(d.skip, avail)
			d.pcm = d.pcm[k*4:]
			d.skip -= k
			continue
		}
		k := min(avail, want-int64(n/ch), d.remain)
		p := d.pcm
		if ch == 1 {
			for i := int64(0); i < k; i++ {
				buf[n] = float32(int16(uint16(p[4*i])|uint16(p[4*i+1])<<8)) / 32767
				n++
			}
		} else {
			for i := int64(0); i < 2*k; i++ {
				buf[n] = float32(int16(uint16(p[2*i])|uint16(p[2*i+1])<<8)) / 32767
				n++
			}
		}
		d.pcm = d.pcm[k*4:]
		d.remain -= k
	}
	if d.remain == 0 {
		return n, io.EOF
	}
	return n, nil
}

// fill decodes more PCM from go-mp3 into d.pcm.
func (d *Decoder) fill() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = d.src.errorf(ErrCorrupt, "the decoder panicked: %v", r)
		}
	}()
	if d.dec == nil {
		d.src = &frameSource{
			w:      walker{br: byteReader{r: d.r, end: d.s.end}, name: d.name, ref: d.s.ref, pos: d.s.audioOff},
			frames: d.s.frames,
		}
		dec, err := gomp3.NewDecoder(d.src)
		if err != nil {
			return d.src.wrap(err)
		}
		d.dec = dec
		d.raw = make([]byte, 4*1152*2)
	}
	m, err := d.dec.Read(d.raw)
	d.pcm = d.raw[:m]
	if m > 0 {
		return nil
	}
	if errors.Is(err, io.EOF) || err == nil {
		return fmt.Errorf("mp3 %s: the decoder stopped %d frames short of the %d announced: %w",
			d.name, d.remain, d.info.Frames, ErrTruncated)
	}
	return d.src.wrap(err)
}

// frameSource hands go-mp3 the bytes of the validated audio frames only:
// no tags, no tag frame, no junk. go-mp3 sees a plain io.Reader, so it does
// not pre-scan the file.
type frameSource struct {
	w      walker
	frames int64  // audio frames to hand out
	buf    []byte // one frame
	cur    []byte // unread part of buf
	last   frame
	err    error
}

func (f *frameSource) Read(p []byte) (int, error) {
	for len(f.cur) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		if f.w.index >= f.frames {
			return 0, io.EOF
		}
		fr, err := f.w.next()
		if errors.Is(err, io.EOF) {
			err = f.errorf(ErrTruncated, "the file changed since it was opened")
		}
		if err != nil {
			f.err = err
			return 0, err
		}
		b, err := f.w.br.peek(fr.off, fr.size)
		if err != nil {
			f.err = f.w.errorf(fr.off, ErrTruncated, "%v", err)
			return 0, f.err
		}
		f.buf = append(f.buf[:0], b...)
		f.cur = f.buf
		f.last = fr
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}

func (f *frameSource) errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("mp3 %s: frame %d (byte %d): %s: %w", f.w.name, f.last.index, f.last.off,
		fmt.Sprintf(format, args...), sentinel)
}

// wrap names the clip and frame in a go-mp3 error, keeping our own errors
// (which already do) as they are.
func (f *frameSource) wrap(err error) error {
	for _, s := range []error{ErrTruncated, ErrCorrupt, ErrUnsupported, ErrNotMP3} {
		if errors.Is(err, s) {
			return err
		}
	}
	return f.errorf(ErrCorrupt, "%v", err)
}
