package mp3

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"

	"loa/pkg/audio"
)

// Joining. shine writes every frame with main_data_begin = 0 (it has no bit
// reservoir), so a frame's bits never live in another frame. What does join
// frames is the decoder's state: the second half of each granule's IMDCT
// overlaps the next granule, and the synthesis filterbank keeps the last
// 512 subband samples. When a run of frames ends in silent granules
// (part2_3_length 0: no scalefactors, no spectral data), both are zero at
// its end, which is the state a decoder starts in. So runs that each start
// from a fresh encoder and end in silence can be put one after another, or
// with silent frames between them, and a decoder plays the join exactly as
// it plays each run alone: a bulletin can be made of clips encoded once.

// ErrRun marks a run that cannot be joined.
var ErrRun = errors.New("mp3: not a joinable run")

// Run is a stretch of bare MPEG audio frames (no tag, no Info frame),
// encoded from a fresh encoder state, whose last two granules are silent.
// Decoded, frame i holds the input samples from i·spf − Delay on.
type Run struct {
	Format  audio.Format
	Bitrate int      // kbit/s
	Data    []byte   // the frames, back to back
	Sizes   []uint16 // the size of each frame
}

// Frames returns the number of frames in the run.
func (r *Run) Frames() int { return len(r.Sizes) }

// Bytes returns how many bytes the first n frames take.
func (r *Run) Bytes(n int) int {
	b := 0
	for _, s := range r.Sizes[:n] {
		b += int(s)
	}
	return b
}

// DecoderDelay is how many samples a decoder's output lags its input: a
// stream must carry that many samples of padding after its last sample.
const DecoderDelay = decoderDelay

// Delay is how many samples late a run's input comes out of a decoder that
// does not trim it (shine's encoder delay).
const Delay = shineDelay

// SamplesPerFrame returns the frame length of MPEG audio at rate Hz: 1152
// for MPEG-1 rates, 576 for MPEG-2 and 2.5.
func SamplesPerFrame(rate int) int {
	if rate >= 32000 {
		return 1152
	}
	return 576
}

// EncodeRun encodes s, which must be a whole number of frames long and
// end in at least SilentTail(rate) frames of digital silence, into a Run of
// exactly as many frames. The frames that would only carry the delayed
// silence are not kept; the run's last two granules are checked to be
// silent.
func EncodeRun(s audio.Stream, kbps int) (*Run, error) {
	f := s.Format()
	l, err := encodableLayout(f, kbps)
	if err != nil {
		return nil, fmt.Errorf("mp3 run: %w", err)
	}
	sink := &memSink{}
	e := &Encoder{w: sink, f: f, kbps: l.kbps, l: l, limit: math.MaxInt64, raw: true}
	if err := e.newShine(); err != nil {
		return nil, err
	}
	e.pending = make([]int16, l.spf*f.Channels, l.spf*f.Channels+64)
	tail := &silentTail{Stream: s}
	if err := e.consume(tail); err != nil {
		return nil, err
	}
	if e.fill != 0 || e.encoded == 0 {
		return nil, fmt.Errorf("%w: %d samples is not a whole number of %d-sample frames", ErrRun, e.in, l.spf)
	}
	if tail.frames < int64(SilentTail(f.SampleRate)) {
		return nil, fmt.Errorf("%w: it ends in %d samples of digital silence, not %d", ErrRun, tail.frames, SilentTail(f.SampleRate))
	}
	// Keep the frames encoded so far; one more pushes the last one's tail
	// out of shine's bit cache.
	e.limit = e.encoded
	if err := e.encodeFrame(); err != nil {
		return nil, err
	}
	if err := e.flush(); err != nil {
		return nil, err
	}
	if e.written != e.limit {
		return nil, fmt.Errorf("mp3 run: %d of %d frames complete: %w", e.written, e.limit, ErrNotEncodable)
	}
	r := &Run{Format: f, Bitrate: l.kbps, Data: sink.b, Sizes: e.runSizes}
	if !r.endsSilent(l) {
		return nil, fmt.Errorf("%w: its last granules carry spectral data", ErrRun)
	}
	return r, nil
}

// silentTail counts the frames of digital silence its stream has ended
// with so far.
type silentTail struct {
	audio.Stream
	frames int64
}

func (t *silentTail) Read(buf []float32) (int, error) {
	n, err := t.Stream.Read(buf)
	ch := t.Format().Channels
	z := n
	for z > 0 && buf[z-1] == 0 {
		z--
	}
	if z == 0 {
		t.frames += int64(n / ch)
	} else {
		t.frames = int64((n - (z+ch-1)/ch*ch) / ch)
	}
	return n, err
}

// SilentTail is the digital silence, in samples, that the input of a run
// must end with: the encoder delay, the two granules that must be silent,
// the granule before them that their MDCT windows reach into, and one
// granule to spare. The rate does not matter: granules are 576 samples in
// every MPEG version.
func SilentTail(rate int) int { return shineDelay + 4*576 }

// endsSilent reports whether the last two granules of every channel carry
// no spectral values: big_values is 0 and the rest of the granule's bits
// are shine's stuffing of ones, which decoders read as quadruples of zeros
// (codeword 1 in count1 table A, 1111 in table B).
func (r *Run) endsSilent(l layout) bool {
	need := 2 // granules
	off := len(r.Data)
	for i := len(r.Sizes) - 1; i >= 0 && need > 0; i-- {
		off -= int(r.Sizes[i])
		bigValues := granuleField(r.Data[off:off+int(r.Sizes[i])], l, 12, 9)
		for g := len(bigValues) - 1; g >= 0 && need > 0; g-- {
			for _, n := range bigValues[g] {
				if n != 0 {
					return false
				}
			}
			need--
		}
	}
	return need == 0
}

// granuleField reads a field of each granule and channel's side
// information (at skip bits from its start, width bits wide) from a Layer
// III frame without CRC, as shine writes it: skip 0, width 12 is
// part2_3_length; skip 12, width 9 is big_values.
func granuleField(fr []byte, l layout, skip, width int) [][]int {
	bits := func(pos, n int) int {
		v := 0
		for i := range n {
			p := pos + i
			if fr[4+p/8]&(0x80>>(p%8)) != 0 {
				v |= 1 << (n - 1 - i)
			}
		}
		return v
	}
	var pos, per int
	switch {
	case l.version == mpeg1 && l.channels == 1:
		pos, per = 9+5+4, 59
	case l.version == mpeg1:
		pos, per = 9+3+8, 59
	case l.channels == 1:
		pos, per = 8+1, 63
	default:
		pos, per = 8+2, 63
	}
	out := make([][]int, l.granules)
	for g := range out {
		out[g] = make([]int, l.channels)
		for c := range out[g] {
			out[g][c] = bits(pos+skip, width)
			pos += per
		}
	}
	return out
}

// memSink collects a raw encoder's frames.
type memSink struct{ b []byte }

func (m *memSink) Write(p []byte) (int, error) {
	m.b = append(m.b, p...)
	return len(p), nil
}

func (m *memSink) Seek(off int64, whence int) (int64, error) {
	if off == 0 && whence == io.SeekCurrent {
		return int64(len(m.b)), nil
	}
	return 0, errors.New("mp3 run: not seekable")
}

// Joiner writes an MP3 file made of runs and silent frames, laid out as the
// Encoder lays out its files: an ID3v2.4 tag, an Info frame with a LAME tag
// (whose delay and padding make gapless decoders return exactly the
// requested samples), then the frames.
type Joiner struct {
	e      Encoder // the layout, tags and counts for the Info frame
	chunks [][]byte
	silent [2][]byte // silent frames without and with the padding byte
}

// NewJoiner returns a Joiner for runs of format f at kbps kbit/s (0: the
// default), with tags.
func NewJoiner(f audio.Format, kbps int, tags Tags) (*Joiner, error) {
	l, err := encodableLayout(f, kbps)
	if err == nil {
		err = tags.validate()
	}
	if err != nil {
		return nil, fmt.Errorf("mp3 joiner: %w", err)
	}
	j := &Joiner{e: Encoder{f: f, kbps: l.kbps, l: l, tags: tags}}
	j.e.infoBr, j.e.infoSize = j.e.infoFrameSize()
	for pad := range 2 {
		fr := make([]byte, l.whole+pad) // side information and main data all zero
		l.putHeader(fr, l.brIndex, pad)
		j.silent[pad] = fr
	}
	return j, nil
}

// SetComment sets the COMM text of the ID3 tag.
func (j *Joiner) SetComment(c string) error {
	t := j.e.tags
	t.Comment = c
	if err := t.validate(); err != nil {
		return fmt.Errorf("mp3 joiner: %w", err)
	}
	j.e.tags = t
	return nil
}

// Frames returns the number of audio frames added so far.
func (j *Joiner) Frames() int64 { return j.e.written }

// Add appends the first n frames of r (all of them for n < 0).
func (j *Joiner) Add(r *Run, n int) error {
	if r.Format != j.e.f || r.Bitrate != j.e.kbps {
		return fmt.Errorf("%w: %v at %d kbit/s in a stream of %v at %d kbit/s", ErrRun, r.Format, r.Bitrate, j.e.f, j.e.kbps)
	}
	if n < 0 || n > r.Frames() {
		n = r.Frames()
	}
	b := r.Data[:r.Bytes(n)]
	j.chunks = append(j.chunks, b)
	j.e.crc = crc16(j.e.crc, b)
	j.e.bytes += int64(len(b))
	j.e.written += int64(n)
	return nil
}

// Silence appends n silent frames.
func (j *Joiner) Silence(n int) {
	for range n {
		fr := j.silent[j.e.nextPadding()]
		j.chunks = append(j.chunks, fr)
		j.e.crc = crc16(j.e.crc, fr)
		j.e.bytes += int64(len(fr))
		j.e.written++
	}
}

// WriteTo writes the file to w. Gapless decoders return samples samples:
// the frames' audio from the first run's first input sample on. The frames
// added must hold them and the decoder's flush (529 samples), and leave at
// most 4095 samples of padding (the LAME tag's field is 12 bits).
func (j *Joiner) WriteTo(w io.Writer, samples int64) error {
	e := &j.e
	padding := e.written*int64(e.l.spf) - int64(shineDelay) - samples
	if samples <= 0 || padding < decoderDelay || padding > 0xFFF {
		return fmt.Errorf("%w: %d frames cannot hold %d samples with %d to %d of padding",
			ErrRun, e.written, samples, decoderDelay, 0xFFF)
	}
	e.in = samples
	tag, err := buildID3(e.tags, 0)
	if err != nil {
		return fmt.Errorf("mp3 joiner: %v: %w", err, ErrNotEncodable)
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.Write(tag)
	bw.Write(e.infoFrame())
	for _, c := range j.chunks {
		bw.Write(c)
	}
	return bw.Flush()
}
