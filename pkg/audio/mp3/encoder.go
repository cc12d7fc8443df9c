package mp3

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	shine "github.com/braheezy/shine-mp3/pkg/mp3"

	"loa/pkg/audio"
)

// shineDelay is shine's encoder delay in samples, measured: its output
// decodes (in ffmpeg, mpg123 and go-mp3 alike) 528 + 529 samples late.
const shineDelay = 528

// shineGain undoes shine's level error: its decoded output is 9/8 of its
// input (+1.02 dB, measured at every rate, bitrate and frequency), so the
// input is scaled by 8/9 first.
const shineGain = 8.0 / 9.0

// commentReserve is the room kept in the ID3 tag for a comment set with
// SetComment after encoding started.
const commentReserve = 1024

// minKbpsPerChannel is the lowest bitrate accepted: below it shine's
// output is poor (no low-pass, no psychoacoustics), and go-mp3 decodes it
// measurably differently from ffmpeg and mpg123 (45 dB apart at 16 kbit/s,
// 58 dB at 24 kbit/s; 78 dB from 32 kbit/s on).
const minKbpsPerChannel = 32

// leadSamples of silence start every MPEG-2 and 2.5 stream, so that the
// samples gapless decoders skip (encoder delay + 529) end exactly at the
// second frame boundary: ffmpeg 5.1 mis-trims a file whose skip ends in
// the same 576-sample frame as its output (inputs under 95 samples).
const leadSamples = 2*576 - shineDelay - decoderDelay

// minFrames is the fewest audio frames written: ffmpeg refuses a file
// with a single frame after the Info frame, and miscounts short ones.
const minFrames = 3

// DefaultBitrate is the bitrate used for mono when EncoderOptions.Bitrate
// is 0; stereo gets twice as much.
const DefaultBitrate = 64

// EncoderOptions configure an Encoder.
type EncoderOptions struct {
	Bitrate int  // kbit/s, constant; 0 means DefaultBitrate per channel
	Tags    Tags // written as an ID3v2.4 tag at the start of the file
	// Monitor, if set, receives a copy of every audio frame as it is
	// written, in order (no tag, no Info frame): a FrameDecoder reading it
	// in another goroutine checks the encoded audio while encoding goes on.
	Monitor io.Writer
}

// layout is the frame layout of one rate, channel count and bitrate.
type layout struct {
	rate     int
	channels int
	kbps     int
	version  int // mpeg1, mpeg2 or mpeg25
	rateIdx  int
	spf      int // samples per frame
	granules int
	sideInfo int // bytes
	brIndex  int
	whole    int  // bytes per frame without padding
	rem      int  // fractional slots, in units of 1/rate
	noPad    bool // never set the padding bit (see newLayout)
}

// newLayout works out the frame layout for f at kbps and checks the
// format and bitrate table; limits then checks what shine can encode.
func newLayout(f audio.Format, kbps int) (layout, error) {
	if f.Channels != 1 && f.Channels != 2 {
		return layout{}, layoutError(f, kbps, "shine encodes mono or stereo only")
	}
	l := layout{version: -1, channels: f.Channels, rate: f.SampleRate, kbps: kbps}
	for v, rates := range rateTable {
		for i, r := range rates {
			if r != 0 && r == f.SampleRate {
				l.version, l.rateIdx = v, i
			}
		}
	}
	if l.version < 0 {
		return layout{}, layoutError(f, kbps, "the sample rate must be one of 32000, 44100, 48000 (MPEG-1), 16000, 22050, 24000 (MPEG-2) or 8000, 11025, 12000 Hz (MPEG-2.5); resample first")
	}
	h := l.header(0)
	l.spf = h.samplesPerFrame()
	l.granules = l.spf / 576
	l.sideInfo = h.sideInfoSize()
	table := bitrateTable[h.lsf()][2]
	for i := 1; i < len(table); i++ {
		if table[i] == kbps {
			l.brIndex = i
		}
	}
	if l.brIndex == 0 || (l.version == mpeg25 && kbps > 64) {
		var valid []int
		for _, b := range table[1:] {
			if l.version != mpeg25 || b <= 64 {
				valid = append(valid, b)
			}
		}
		return layout{}, layoutError(f, kbps, fmt.Sprintf("MPEG-%s bitrates are %v kbit/s", h.versionString(), valid))
	}
	num := l.spf / 8 * kbps * 1000
	l.whole, l.rem = num/f.SampleRate, num%f.SampleRate
	// go-mp3 misreads padded MPEG-2 frames at some bitrates (22.05 kHz at
	// 8, 16, 24, 32, 80, 96, 144, 160 kbit/s). Those streams are written
	// without padding: every frame is whole bytes, the real bitrate is up
	// to 0.5 % under the nominal one, and every decoder, ours included,
	// plays them.
	if p := l.header(1); p.goMP3FrameSize() != p.frameSize() {
		l.noPad = true
	}
	return l, nil
}

func layoutError(f audio.Format, kbps int, why string) error {
	return fmt.Errorf("%v at %d kbit/s: %s: %w", f, kbps, why, ErrNotEncodable)
}

// header is the frame header of this layout's frames.
func (l layout) header(padding int) header {
	h := header{version: l.version, layer: 3, brIndex: l.brIndex, rateIndex: l.rateIdx,
		sampleRate: l.rate, padding: padding, bitrate: l.kbps}
	if l.channels == 1 {
		h.mode = modeMono
	}
	return h
}

// limits refuses what shine encodes badly or not at all.
func (l layout) limits() error {
	f := audio.Format{SampleRate: l.rate, Channels: l.channels}
	if l.kbps < minKbpsPerChannel*l.channels {
		return layoutError(f, l.kbps, fmt.Sprintf("below %d kbit/s per channel shine's output is unusable", minKbpsPerChannel))
	}
	maxBytes := l.whole
	if l.rem > 0 && !l.noPad {
		maxBytes++
	}
	// shine has no bit reservoir: each granule and channel must hold its
	// share of the frame in a 12-bit part2_3_length, or the excess is
	// silently dropped and the frame comes out short.
	if bits := maxBytes*8 - 8*(4+l.sideInfo); bits > 4095*l.granules*l.channels {
		return layoutError(f, l.kbps, fmt.Sprintf("too high for shine, which has no bit reservoir (%d bits per frame, at most %d)",
			bits, 4095*l.granules*l.channels))
	}
	return nil
}

// CheckEncodable reports whether the encoder can write f at kbps kbit/s
// (0 means the default). It refuses what shine cannot encode correctly:
// other channel counts, sample rates other than the nine MPEG-1/2/2.5
// rates, bitrates not in the version's table, bitrates below 32 kbit/s per
// channel, and bitrates whose frames overflow shine's per-granule limit
// (without a bit reservoir): mono MPEG-1 above 224 kbit/s at 32 kHz and
// at 320 kbit/s at 44.1 kHz, mono MPEG-2 above 112 kbit/s at 16 kHz, mono
// MPEG-2.5 at 64 kbit/s at 8 kHz.
func CheckEncodable(f audio.Format, kbps int) error {
	_, err := encodableLayout(f, kbps)
	return err
}

// Encoder writes a constant-bitrate MP3 file: an ID3v2.4 tag, an Info frame
// with a LAME tag (encoder delay, padding, frame and byte counts, CRCs),
// then the audio frames.
//
// The ID3 tag is written when the encoder is created, with commentReserve
// (1 KiB) of padding so that SetComment can replace the comment before
// Close; Close rewrites the tag and the Info frame in place, so w must be
// seekable. Nothing is written past the audio frames.
//
// The LAME tag's encoder delay is shine's 528 samples (MPEG-1) or 623
// (MPEG-2/2.5, which start with 95 samples of silence, see leadSamples);
// the padding is at least 529 samples, so gapless decoders (ffmpeg,
// mpg123, this package) return exactly the samples written. At the MPEG-2
// bitrates whose padded frames go-mp3 misreads (22.05 kHz at 32, 80, 96,
// 144 and 160 kbit/s) frames are written unpadded, up to 0.5 % under the
// nominal bitrate, so this package can read back all it writes except
// MPEG-2.5.
type Encoder struct {
	w        io.WriteSeeker
	f        audio.Format
	kbps     int
	l        layout
	enc      *shine.Encoder
	tags     Tags
	base     int64 // w's offset where the tag starts
	tagSize  int
	infoSize int
	infoBr   int // bitrate index of the Info frame

	monitor io.Writer
	pending []int16 // one frame of interleaved samples, with spare capacity
	fill    int     // samples in pending
	out     []byte  // shine output not yet cut into frames
	ready   []byte  // complete frames not yet written to w
	sizes   []int   // sizes of frames encoded but not yet written
	lag     int     // padding accumulator, in 1/rate slots
	encoded int64   // frames handed to shine
	written int64   // audio frames written to w
	bytes   int64   // audio bytes written to w
	crc     uint16  // CRC-16 of the audio frames
	in      int64   // PCM frames received
	limit   int64   // frames to write; the rest are flush frames
	lead    int     // silent samples encoded before the input (see leadSamples)
	// raw encoders (EncodeRun) write bare frames and record their sizes.
	raw      bool
	runSizes []uint16
	err      error
	closed   bool
}

// NewEncoder checks the format and options, writes the ID3 tag and a
// placeholder Info frame at w's current offset, and returns an encoder for
// interleaved float32 samples at f.
func NewEncoder(w io.WriteSeeker, f audio.Format, opts EncoderOptions) (*Encoder, error) {
	l, err := encodableLayout(f, opts.Bitrate)
	if err != nil {
		return nil, fmt.Errorf("mp3 encoder: %w", err)
	}
	e, err := newEncoder(w, l, opts.Tags)
	if err == nil {
		e.monitor = opts.Monitor
	}
	return e, err
}

// encodableLayout is the layout of f at kbps (0: the default), if shine
// can encode it.
func encodableLayout(f audio.Format, kbps int) (layout, error) {
	if kbps == 0 {
		kbps = DefaultBitrate * f.Channels
	}
	l, err := newLayout(f, kbps)
	if err == nil {
		err = l.limits()
	}
	return l, err
}

// newEncoder is NewEncoder after the checks (tests use it to show that the
// limits are real).
func newEncoder(w io.WriteSeeker, l layout, tags Tags) (*Encoder, error) {
	if err := tags.validate(); err != nil {
		return nil, fmt.Errorf("mp3 encoder: %w", err)
	}
	initial, err := buildID3(tags, 0)
	if err != nil {
		return nil, fmt.Errorf("mp3 encoder: %w", err)
	}
	f := audio.Format{SampleRate: l.rate, Channels: l.channels}
	e := &Encoder{w: w, f: f, kbps: l.kbps, l: l, tags: tags, limit: math.MaxInt64}
	e.tagSize = len(initial) + commentReserve
	e.infoBr, e.infoSize = e.infoFrameSize()
	e.base, err = w.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, fmt.Errorf("mp3 encoder: %w", err)
	}
	if err := e.writeHead(); err != nil {
		return nil, err
	}
	if err := e.newShine(); err != nil {
		return nil, err
	}
	e.pending = make([]int16, l.spf*f.Channels, l.spf*f.Channels+64)
	if l.spf == 576 {
		e.lead = leadSamples
		e.fill = e.lead * f.Channels // zeros
	}
	return e, nil
}

// newShine sets up shine with our own frame size arithmetic: shine's float
// formula picks wrong padding bits for some rate/bitrate pairs, so the
// fractional part is zeroed and Padding is set before each frame.
func (e *Encoder) newShine() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("mp3 encoder: shine panicked: %v: %w", r, ErrNotEncodable)
		}
	}()
	enc := shine.NewEncoder(e.f.SampleRate, e.f.Channels)
	enc.Mpeg.Bitrate = int64(e.kbps)
	enc.Mpeg.BitrateIndex = int64(e.l.brIndex)
	enc.Mpeg.WholeSlotsPerFrame = int64(e.l.whole)
	enc.Mpeg.FracSlotsPerFrame = 0
	enc.Mpeg.Slot_lag = 0
	enc.Mpeg.Padding = 0
	e.enc = enc
	return nil
}

// SetComment replaces the COMM text of the ID3 tag. It may be called any
// time before Close, e.g. once the loudness is measured; the tag must
// still fit in the space reserved when the encoder was created (the
// initial tag plus 1 KiB).
func (e *Encoder) SetComment(c string) error {
	if e.closed {
		return fmt.Errorf("mp3 encoder: %w", ErrClosed)
	}
	t := e.tags
	t.Comment = c
	if err := t.validate(); err != nil {
		return fmt.Errorf("mp3 encoder: %w", err)
	}
	if _, err := buildID3(t, e.tagSize); err != nil {
		return fmt.Errorf("mp3 encoder: comment of %d bytes does not fit the %d bytes reserved for the ID3 tag: %w",
			len(c), e.tagSize, ErrNotEncodable)
	}
	e.tags = t
	return nil
}

// Write encodes interleaved samples; len(samples) must be a multiple of the
// channel count. Values are limited to [-1, 1].
func (e *Encoder) Write(samples []float32) error {
	if e.closed {
		return fmt.Errorf("mp3 encoder: %w", ErrClosed)
	}
	if e.err != nil {
		return e.err
	}
	ch := e.f.Channels
	if len(samples)%ch != 0 {
		return fmt.Errorf("mp3 encoder: %d samples is not a whole number of %d-channel frames: %w", len(samples), ch, ErrNotEncodable)
	}
	full := e.l.spf * ch
	for len(samples) > 0 {
		n := min(len(samples), full-e.fill)
		for i, v := range samples[:n] {
			e.pending[e.fill+i] = toInt16(v)
		}
		e.fill += n
		samples = samples[n:]
		e.in += int64(n / ch)
		if e.fill == full {
			if err := e.encodeFrame(); err != nil {
				e.err = err
				return err
			}
		}
	}
	return nil
}

// delay is the encoder delay written to the LAME tag: shine's own plus the
// lead-in.
func (e *Encoder) delay() int { return shineDelay + e.lead }

// toInt16 limits v to [-1, 1], applies the gain compensation and rounds.
func toInt16(v float32) int16 {
	x := float64(v)
	switch {
	case x > 1:
		x = 1
	case x < -1:
		x = -1
	case x != x: // NaN
		x = 0
	}
	return int16(math.Round(x * 32767 * shineGain))
}

// encodeFrame encodes the pending frame and writes whatever frames are
// complete.
func (e *Encoder) encodeFrame() (err error) {
	pad := e.nextPadding()
	e.enc.Mpeg.Padding = int64(pad)
	e.sizes = append(e.sizes, e.l.whole+pad)
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("mp3 encoder: frame %d: shine panicked: %v: %w", e.encoded, r, ErrNotEncodable)
			}
		}()
		// Exactly one frame per call: shine's Write skips every other
		// frame of a longer mono buffer and reads past a partial one.
		err = e.enc.Write(outBuffer{e}, e.pending[:e.l.spf*e.f.Channels])
	}()
	if err != nil {
		return err
	}
	e.encoded++
	e.fill = 0
	clear(e.pending)
	return e.drain()
}

// nextPadding returns the padding bit of the next frame: 1 whenever the
// fractional slots add up to a whole byte.
func (e *Encoder) nextPadding() int {
	e.lag += e.l.rem
	if e.lag >= e.f.SampleRate && !e.l.noPad {
		e.lag -= e.f.SampleRate
		return 1
	}
	return 0
}

// outBuffer collects shine's output. shine emits whole 32-bit words, so a
// frame's last bytes arrive with the next frame.
type outBuffer struct{ e *Encoder }

func (o outBuffer) Write(p []byte) (int, error) {
	o.e.out = append(o.e.out, p...)
	return len(p), nil
}

// writeChunk is how many bytes of frames are collected per write to w.
const writeChunk = 32 << 10

// drain moves every complete frame to the write buffer, and writes that
// out once it is large.
func (e *Encoder) drain() error {
	off := 0
	for len(e.sizes) > 0 && len(e.out)-off >= e.sizes[0] && e.written < e.limit {
		fr := e.out[off : off+e.sizes[0]]
		e.ready = append(e.ready, fr...)
		if e.raw {
			e.runSizes = append(e.runSizes, uint16(len(fr)))
		} else {
			e.crc = crc16(e.crc, fr)
		}
		e.bytes += int64(len(fr))
		e.written++
		off += e.sizes[0]
		e.sizes = e.sizes[1:]
	}
	e.out = append(e.out[:0], e.out[off:]...)
	if len(e.ready) >= writeChunk {
		return e.flush()
	}
	return nil
}

// flush writes the collected frames to w.
func (e *Encoder) flush() error {
	if len(e.ready) == 0 {
		return nil
	}
	if _, err := e.w.Write(e.ready); err != nil {
		return fmt.Errorf("mp3 encoder: writing frames before frame %d: %w", e.written, err)
	}
	if e.monitor != nil {
		if _, err := e.monitor.Write(e.ready); err != nil {
			return fmt.Errorf("mp3 encoder: monitor: %w", err)
		}
	}
	e.ready = e.ready[:0]
	return nil
}

// Close encodes the last samples and enough silence for decoders to flush
// them, rewrites the ID3 tag (with the comment from SetComment) and the
// Info frame, and leaves w positioned after the last frame. It does not
// close w.
func (e *Encoder) Close() error {
	if e.closed {
		return nil
	}
	if e.err != nil {
		e.closed = true
		return e.err
	}
	err := e.finish()
	e.closed = true
	if err != nil {
		e.err = err
	}
	return err
}

func (e *Encoder) finish() error {
	spf := int64(e.l.spf)
	// Frames so that padding >= 529: every input sample is then decoded
	// before a gapless decoder stops.
	total := (e.in + int64(e.delay()) + decoderDelay + spf - 1) / spf
	total = max(total, int64(minFrames))
	e.limit = total
	for e.encoded < total {
		if err := e.encodeFrame(); err != nil {
			return err
		}
	}
	// One more frame pushes the last real frame's tail out of shine's bit
	// cache; its own incomplete bytes are dropped.
	if err := e.encodeFrame(); err != nil {
		return err
	}
	if err := e.flush(); err != nil {
		return err
	}
	if e.written != total {
		return fmt.Errorf("mp3 encoder: %d of %d frames complete after the flush: %w", e.written, total, ErrNotEncodable)
	}
	e.sizes, e.out = nil, nil
	end, err := e.w.Seek(0, io.SeekCurrent)
	if err != nil {
		return fmt.Errorf("mp3 encoder: %w", err)
	}
	if _, err := e.w.Seek(e.base, io.SeekStart); err != nil {
		return fmt.Errorf("mp3 encoder: %w", err)
	}
	if err := e.writeHead(); err != nil {
		return err
	}
	if _, err := e.w.Seek(end, io.SeekStart); err != nil {
		return fmt.Errorf("mp3 encoder: %w", err)
	}
	return nil
}

// writeHead writes the ID3 tag and the Info frame at the current offset.
func (e *Encoder) writeHead() error {
	tag, err := buildID3(e.tags, e.tagSize)
	if err != nil {
		return fmt.Errorf("mp3 encoder: %v: %w", err, ErrNotEncodable)
	}
	if _, err := e.w.Write(tag); err != nil {
		return fmt.Errorf("mp3 encoder: ID3 tag: %w", err)
	}
	if _, err := e.w.Write(e.infoFrame()); err != nil {
		return fmt.Errorf("mp3 encoder: Info frame: %w", err)
	}
	return nil
}

// putHeader writes the four header bytes of a frame of this layout at
// bitrate index brIndex, with the padding bit pad, as shine writes them:
// Layer III, no CRC, "original", mono or (joint-free) stereo.
func (l layout) putHeader(b []byte, brIndex, pad int) {
	mode := byte(0)
	if l.channels == 1 {
		mode = modeMono
	}
	b[0] = 0xFF
	b[1] = 0xE0 | byte(l.version)<<3 | 1<<1 | 1
	b[2] = byte(brIndex)<<4 | byte(l.rateIdx)<<2 | byte(pad)<<1
	b[3] = mode<<6 | 1<<2
}

// infoTagBytes is what the Info frame carries after the side information:
// "Info", flags, frames, bytes, TOC, quality, then the LAME tag.
const infoTagBytes = 4 + 4 + 4 + 4 + 100 + 4 + lameTagSize

// infoFrameSize picks the Info frame's bitrate: the stream's when the tag
// fits in an unpadded frame, else the lowest that fits.
func (e *Encoder) infoFrameSize() (brIndex, size int) {
	need := 4 + e.l.sideInfo + infoTagBytes
	lsf := 0
	if e.l.version != mpeg1 {
		lsf = 1
	}
	table := bitrateTable[lsf][2]
	size = e.l.whole
	if size >= need {
		return e.l.brIndex, size
	}
	for i := 1; i < len(table); i++ {
		if s := e.l.spf / 8 * table[i] * 1000 / e.f.SampleRate; s >= need {
			return i, s
		}
	}
	// Unreachable for the accepted layouts: the largest MPEG-2.5 frame is
	// far bigger than the tag.
	return e.l.brIndex, need
}

// infoFrame renders the Info frame for the current counts.
func (e *Encoder) infoFrame() []byte {
	b := make([]byte, e.infoSize)
	e.l.putHeader(b, e.infoBr, 0)
	p := 4 + e.l.sideInfo
	copy(b[p:], "Info")
	binary.BigEndian.PutUint32(b[p+4:], xingFrames|xingBytes|xingTOC|xingQuality)
	streamBytes := int64(e.infoSize) + e.bytes
	binary.BigEndian.PutUint32(b[p+8:], uint32(e.written))
	binary.BigEndian.PutUint32(b[p+12:], uint32(streamBytes))
	for i := 0; i < 100; i++ {
		b[p+16+i] = byte(i * 256 / 100)
	}
	binary.BigEndian.PutUint32(b[p+116:], 0) // quality: unknown
	t := b[p+120 : p+120+lameTagSize]
	copy(t, "LAMEshine")
	t[9] = 0x01 // tag revision 0, CBR
	// lowpass, peak, replay gains, flags and ATH: unknown (0)
	t[20] = byte(min(e.kbps, 255))
	delay := e.delay()
	padding := e.written*int64(e.l.spf) - int64(delay) - e.in
	if e.written == 0 {
		padding = 0
	}
	t[21] = byte(delay >> 4)
	t[22] = byte(delay&0x0F)<<4 | byte(padding>>8)&0x0F
	t[23] = byte(padding)
	var misc byte
	if e.f.Channels == 2 {
		misc |= 1 << 2 // stereo mode: simple stereo
	}
	switch {
	case e.f.SampleRate == 44100:
		misc |= 1 << 6
	case e.f.SampleRate == 48000:
		misc |= 2 << 6
	}
	t[24] = misc
	binary.BigEndian.PutUint32(t[28:], uint32(streamBytes))
	binary.BigEndian.PutUint16(t[32:], e.crc)
	binary.BigEndian.PutUint16(t[34:], crc16(0, b[:p+120+34]))
	return b
}

// Encode encodes the whole stream s to w with the options and returns the
// number of PCM frames encoded.
func Encode(w io.WriteSeeker, s audio.Stream, opts EncoderOptions) (frames int64, err error) {
	e, err := NewEncoder(w, s.Format(), opts)
	if err != nil {
		return 0, err
	}
	if err := e.consume(s); err != nil {
		return e.in, err
	}
	if err := e.Close(); err != nil {
		return e.in, err
	}
	return e.in, nil
}

// consume writes all of s to the encoder.
func (e *Encoder) consume(s audio.Stream) error {
	ch := s.Format().Channels
	buf := make([]float32, 4608*ch)
	idle := 0
	for {
		n, rerr := s.Read(buf)
		n -= n % ch
		if n > 0 {
			idle = 0
			if err := e.Write(buf[:n]); err != nil {
				return err
			}
		} else if rerr == nil {
			if idle++; idle > 100 {
				return fmt.Errorf("mp3 encoder: reading the input: %w", io.ErrNoProgress)
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
		if rerr != nil {
			return fmt.Errorf("mp3 encoder: reading the input: %w", rerr)
		}
	}
}
