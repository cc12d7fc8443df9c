package wav

import (
	"encoding/binary"
	"errors"
	"io"
	"math"

	"loa/pkg/audio"
)

// EncoderOptions choose the output encoding.
type EncoderOptions struct {
	// BitDepth is 16 (the default when 0) or 24 for integer PCM, or 32 for
	// IEEE float.
	BitDepth int
	// Plain writes the canonical 44-byte header (RIFF, fmt, data) and no other
	// chunk, for PA hardware that reads nothing else. BEXT is then ignored.
	// Only for 16 and 24 bits.
	Plain bool
	// BEXT is written as a version 2 bext chunk unless Plain is set.
	BEXT BEXT
	// NoDither turns off the TPDF dither of 16-bit output: samples are just
	// rounded, so a 16-bit source is re-encoded bit for bit.
	NoDither bool
	// Extensible writes a WAVE_FORMAT_EXTENSIBLE fmt chunk with a channel
	// mask even for mono and stereo (it is always used for more than two
	// channels, except with Plain). Without a mask, ffmpeg prints "Guessed
	// Channel Layout" for every file, its own included; with one, some older
	// broadcast tools and PA players refuse the file, so the default is the
	// plain PCM format tag that EBU Tech 3285 describes.
	Extensible bool
}

// Encoder writes interleaved float32 samples as a WAV file. The header is
// written by NewEncoder with placeholder sizes that Close fills in, so the
// file is valid only after Close.
type Encoder struct {
	w        io.WriteSeeker
	name     string
	base     int64 // position of the RIFF header in w
	f        audio.Format
	bits     int
	float    bool
	ext      bool // WAVE_FORMAT_EXTENSIBLE
	dither   bool
	rng      uint64
	buf      []byte
	n        int   // bytes pending in buf
	data     int64 // audio bytes written so far (including pending)
	maxData  int64
	header   int64 // header length
	dataPos  int64 // offset of the data chunk size field
	factPos  int64 // offset of the fact chunk sample count, or 0
	loudPos  int64 // offset of the bext loudness fields, or 0
	loudness *Loudness
	err      error
	closed   bool
}

const (
	writeBufSize = 32 << 10
	ditherSeed   = 0x6c6f612077617621 // fixed: the same input gives the same bytes
)

// NewEncoder writes a WAV header for format f to w and returns an Encoder
// for the samples. Broadcast Wave (fmt, bext, data) is the default. Samples
// are clamped to [-1, 1] (NaN becomes 0) and scaled by 2^(bits-1); 16-bit
// output gets deterministic TPDF dither of ±1 LSB from a fixed-seed
// generator, 24-bit output is rounded to the nearest code (ties to even, so
// float32 input, whose values often fall exactly half-way between 24-bit
// codes, is not biased).
func NewEncoder(w io.WriteSeeker, f audio.Format, opts EncoderOptions) (*Encoder, error) {
	name := ""
	if n, ok := w.(interface{ Name() string }); ok {
		name = n.Name()
	}
	if err := f.Validate(); err != nil {
		return nil, newError(name, -1, ErrOptions, err, "format")
	}
	bits := opts.BitDepth
	if bits == 0 {
		bits = 16
	}
	if bits != 16 && bits != 24 && bits != 32 {
		return nil, newError(name, -1, ErrOptions, nil, "bit depth %d (16, 24 or 32 for float)", opts.BitDepth)
	}
	e := &Encoder{
		w: w, name: name, f: f, bits: bits, float: bits == 32,
		dither: bits == 16 && !opts.NoDither, rng: ditherSeed,
		buf: make([]byte, writeBufSize/(f.Channels*bits/8)*(f.Channels*bits/8)),
	}
	if e.float && opts.Plain {
		return nil, newError(name, -1, ErrOptions, nil, "the plain 44-byte header is for 16- and 24-bit PCM only")
	}
	if opts.Extensible && opts.Plain {
		return nil, newError(name, -1, ErrOptions, nil, "the plain 44-byte header cannot be WAVE_FORMAT_EXTENSIBLE")
	}
	e.ext = !opts.Plain && (opts.Extensible || f.Channels > 2)
	base, err := w.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, newError(name, -1, ErrIO, err, "finding the write position")
	}
	e.base = base
	var b *BEXT
	if !opts.Plain {
		b = &opts.BEXT
		e.loudness = b.Loudness
	}
	h := e.buildHeader(b)
	e.header = int64(len(h))
	e.maxData = sizeUnknown - (e.header - 8) - 1 // room for a pad byte
	if err := e.writeAll(h); err != nil {
		return nil, err
	}
	return e, nil
}

// buildHeader lays out RIFF, fmt, fact (float), bext (if b != nil) and the
// data chunk header, remembering where the sizes to patch are.
func (e *Encoder) buildHeader(b *BEXT) []byte {
	le16 := binary.LittleEndian.AppendUint16
	le32 := binary.LittleEndian.AppendUint32
	ch := e.f.Channels
	blockAlign := ch * e.bits / 8
	h := make([]byte, 0, 128)
	h = append(h, "RIFF\x00\x00\x00\x00WAVE"...)
	h = append(h, "fmt "...)
	code := uint16(tagPCM)
	if e.float {
		code = tagFloat
	}
	tag := code
	switch {
	case e.ext:
		tag = tagExtensible
		h = le32(h, 40)
	case e.float:
		h = le32(h, 18)
	default:
		h = le32(h, 16)
	}
	h = le16(h, tag)
	h = le16(h, uint16(ch))
	h = le32(h, uint32(e.f.SampleRate))
	h = le32(h, uint32(e.f.SampleRate*blockAlign))
	h = le16(h, uint16(blockAlign))
	h = le16(h, uint16(e.bits))
	switch {
	case e.ext:
		h = le16(h, 22) // cbSize
		h = le16(h, uint16(e.bits))
		h = le32(h, channelMasks[ch])
		h = le16(h, code)
		h = append(h, guidSuffix[:]...)
	case e.float:
		h = le16(h, 0) // cbSize
	}
	if e.float {
		h = append(h, "fact"...)
		h = le32(h, 4)
		e.factPos = int64(len(h))
		h = le32(h, 0)
	}
	if b != nil {
		body := b.marshal()
		h = append(h, "bext"...)
		h = le32(h, uint32(len(body)))
		e.loudPos = int64(len(h)) + bextLoudness
		h = append(h, body...)
		if len(body)%2 == 1 {
			h = append(h, 0)
		}
	}
	h = append(h, "data"...)
	e.dataPos = int64(len(h))
	h = le32(h, 0)
	return h
}

// channelMasks are the speaker positions written for each channel count:
// mono FC; stereo FL FR; FL FR FC; quad FL FR BL BR; FL FR FC BL BR;
// 5.1 FL FR FC LFE BL BR; 6.1 FL FR FC LFE BC SL SR; 7.1 FL FR FC LFE BL BR SL SR.
var channelMasks = [9]uint32{0, 0x4, 0x3, 0x7, 0x33, 0x37, 0x3F, 0x70F, 0x63F}

// SetLoudness sets the bext loudness fields that Close writes. It may be
// called at any time before Close; it has no effect on a plain WAV.
func (e *Encoder) SetLoudness(l Loudness) { e.loudness = &l }

// Write encodes interleaved samples; len(samples) must be a whole number of
// frames.
func (e *Encoder) Write(samples []float32) error {
	if e.closed {
		return newError(e.name, -1, ErrClosed, nil, "write")
	}
	if e.err != nil {
		return e.err
	}
	ch := e.f.Channels
	if len(samples)%ch != 0 {
		return newError(e.name, -1, ErrOptions, nil, "write of %d samples is not a whole number of %d-channel frames", len(samples), ch)
	}
	bps := e.bits / 8
	if e.data+int64(len(samples)*bps) > e.maxData {
		e.err = newError(e.name, -1, ErrTooLarge, nil, "%d bytes of audio", e.data+int64(len(samples)*bps))
		return e.err
	}
	for len(samples) > 0 {
		k := min(len(samples), (len(e.buf)-e.n)/bps)
		dst := e.buf[e.n : e.n+k*bps]
		switch {
		case e.float:
			encodeF32(dst, samples[:k])
		case e.bits == 24:
			encodeS24(dst, samples[:k])
		case e.dither:
			e.encodeS16Dither(dst, samples[:k])
		default:
			encodeS16(dst, samples[:k])
		}
		e.n += k * bps
		e.data += int64(k * bps)
		samples = samples[k:]
		if e.n == len(e.buf) {
			if err := e.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *Encoder) flush() error {
	if e.n == 0 {
		return nil
	}
	err := e.writeAll(e.buf[:e.n])
	e.n = 0
	return err
}

func (e *Encoder) writeAll(p []byte) error {
	if _, err := e.w.Write(p); err != nil {
		e.err = newError(e.name, -1, ErrIO, err, "write")
		return e.err
	}
	return nil
}

// Close writes the pending samples and the pad byte an odd data chunk needs,
// then goes back to fill in the RIFF and data sizes (and the fact count of
// float files, and the bext loudness fields). It leaves w positioned at the
// end of the file and does not close it. Calling Close again does nothing.
func (e *Encoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.err != nil {
		return e.err
	}
	if err := e.flush(); err != nil {
		return err
	}
	end := e.header + e.data
	if e.data%2 == 1 {
		if err := e.writeAll([]byte{0}); err != nil {
			return err
		}
		end++
	}
	var p [4]byte
	binary.LittleEndian.PutUint32(p[:], uint32(end-8))
	if err := e.patch(4, p[:]); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(p[:], uint32(e.data))
	if err := e.patch(e.dataPos, p[:]); err != nil {
		return err
	}
	if e.factPos != 0 {
		binary.LittleEndian.PutUint32(p[:], uint32(e.data/int64(e.f.Channels*e.bits/8)))
		if err := e.patch(e.factPos, p[:]); err != nil {
			return err
		}
	}
	if e.loudPos != 0 {
		var l [bextLoudnessLen]byte
		putLoudness(l[:], e.loudness)
		if err := e.patch(e.loudPos, l[:]); err != nil {
			return err
		}
	}
	if _, err := e.w.Seek(e.base+end, io.SeekStart); err != nil {
		e.err = newError(e.name, -1, ErrIO, err, "seeking to the end")
		return e.err
	}
	return nil
}

func (e *Encoder) patch(off int64, p []byte) error {
	if _, err := e.w.Seek(e.base+off, io.SeekStart); err != nil {
		e.err = newError(e.name, off, ErrIO, err, "seeking back to patch the header")
		return e.err
	}
	return e.writeAll(p)
}

// Frames returns the number of frames written so far.
func (e *Encoder) Frames() int64 { return e.data / int64(e.f.Channels*e.bits/8) }

// Encode writes all of s to w as a WAV file and returns the frames written.
// It does not close w.
func Encode(w io.WriteSeeker, s audio.Stream, opts EncoderOptions) (frames int64, err error) {
	e, err := NewEncoder(w, s.Format(), opts)
	if err != nil {
		return 0, err
	}
	buf := make([]float32, 4096*s.Format().Channels)
	idle := 0
	for {
		n, rerr := s.Read(buf)
		if n > 0 {
			idle = 0
			if err := e.Write(buf[:n]); err != nil {
				return e.Frames(), err
			}
		} else if rerr == nil {
			if idle++; idle >= 100 {
				rerr = io.ErrNoProgress
			}
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return e.Frames(), newError(e.name, -1, ErrIO, rerr, "reading the audio to encode")
		}
	}
	return e.Frames(), e.Close()
}

// clamp limits x to [-1, 1] and maps NaN to 0.
func clamp(x float32) float64 {
	switch {
	case x > 1:
		return 1
	case x >= -1:
		return float64(x)
	case x < -1:
		return -1
	}
	return 0 // NaN
}

func encodeS16(dst []byte, src []float32) {
	for i, s := range src {
		v := math.RoundToEven(clamp(s) * 32768)
		binary.LittleEndian.PutUint16(dst[2*i:], uint16(int16(min(v, 32767))))
	}
}

// encodeS16Dither adds triangular (TPDF) dither of ±1 LSB before rounding:
// the sum of two uniform values, both taken from one splitmix64 output.
func (e *Encoder) encodeS16Dither(dst []byte, src []float32) {
	state := e.rng
	for i, s := range src {
		state += 0x9E3779B97F4A7C15
		z := state
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
		d := float64(z>>32)*(1.0/(1<<32)) + float64(uint32(z))*(1.0/(1<<32)) - 1
		v := math.Floor(clamp(s)*32768 + d + 0.5)
		binary.LittleEndian.PutUint16(dst[2*i:], uint16(int16(max(min(v, 32767), -32768))))
	}
	e.rng = state
}

func encodeS24(dst []byte, src []float32) {
	for i, s := range src {
		v := int32(min(math.RoundToEven(clamp(s)*8388608), 8388607))
		dst[3*i] = byte(v)
		dst[3*i+1] = byte(v >> 8)
		dst[3*i+2] = byte(v >> 16)
	}
}

func encodeF32(dst []byte, src []float32) {
	for i, s := range src {
		binary.LittleEndian.PutUint32(dst[4*i:], math.Float32bits(float32(clamp(s))))
	}
}
