package wav

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"loa/pkg/audio"
)

// Info describes a WAV file's audio.
type Info struct {
	Format        audio.Format
	BitsPerSample int    // bits per sample in the file: 8, 16, 24, 32 (integer) or 32, 64 (float)
	Float         bool   // IEEE float samples
	Frames        int64  // frames in the data chunk, or -1 if unknown (size not in the header, input not seekable)
	Extensible    bool   // the fmt chunk is WAVE_FORMAT_EXTENSIBLE
	ValidBits     int    // significant bits per sample (EXTENSIBLE wValidBitsPerSample), else BitsPerSample
	ChannelMask   uint32 // EXTENSIBLE speaker positions (bit 0 front left, ...), 0 if not given
	RF64          bool   // the file is RF64/BW64 (sizes in a ds64 chunk)
}

// Duration is the length of the audio, or -1 if Frames is unknown.
func (i Info) Duration() time.Duration {
	if i.Frames < 0 || i.Format.SampleRate <= 0 {
		return -1
	}
	r := int64(i.Format.SampleRate)
	return time.Duration(i.Frames/r)*time.Second + time.Duration(i.Frames%r)*time.Second/time.Duration(r)
}

// String describes the encoding, e.g. "PCM 16-bit, 44100 Hz, 2 ch".
func (i Info) String() string {
	kind := "PCM"
	if i.Float {
		kind = "float"
	}
	return fmt.Sprintf("%s %d-bit, %s", kind, i.BitsPerSample, i.Format)
}

// Decoder streams the audio of one WAV file as float32 samples. It
// implements audio.Stream and audio.Lengther.
type Decoder struct {
	name      string
	br        *reader
	h         *header
	file      *os.File // set by Open, closed by Close
	remaining int64    // bytes of audio left, or -1: until the end of the file
	err       error    // sticky: io.EOF or the first error
	closed    bool
}

// Open opens a WAV file for decoding. Close releases it. Errors name path.
func Open(path string) (*Decoder, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already in the message
		}
		return nil, newError(path, -1, ErrIO, err, "open")
	}
	d, err := NewDecoder(f, path)
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	d.file = f
	return d, nil
}

// NewDecoder reads the WAV header from r, which must be positioned at the
// start of the file, and returns a Decoder positioned at the first sample.
// name is used in error messages. Close does not close r.
func NewDecoder(r io.ReadSeeker, name string) (*Decoder, error) {
	br, err := newReader(r, readBufSize)
	if err != nil {
		return nil, newError(name, -1, ErrIO, err, "finding the read position")
	}
	h, err := parseHeader(br, name)
	if err != nil {
		return nil, err
	}
	return &Decoder{name: name, br: br, h: h, remaining: h.dataSize}, nil
}

// Probe reads only the header of a WAV file and returns its Info. The read
// position of r is restored afterwards when possible. Errors name the file if
// r has a Name method (like *os.File).
func Probe(r io.ReadSeeker) (Info, error) {
	name := ""
	if n, ok := r.(interface{ Name() string }); ok {
		name = n.Name()
	}
	br, err := newReader(r, 512)
	if err != nil {
		return Info{}, newError(name, -1, ErrIO, err, "finding the read position")
	}
	h, err := parseHeader(br, name)
	_, _ = r.Seek(br.base, io.SeekStart)
	if err != nil {
		return Info{}, err
	}
	return h.info, nil
}

// Info describes the file's audio.
func (d *Decoder) Info() Info { return d.h.info }

// Format implements audio.Stream.
func (d *Decoder) Format() audio.Format { return d.h.info.Format }

// Frames implements audio.Lengther: the frames in the file, or -1 if unknown.
func (d *Decoder) Frames() int64 { return d.h.info.Frames }

// Read implements audio.Stream. It fills buf with whole frames, converted to
// float32: integer samples are divided by 2^(bits-1) (8-bit is unsigned),
// float samples are passed through, except NaN, which becomes 0, and ±Inf,
// which becomes ±1. A file that ends before its data chunk does gives an
// ErrTruncated error naming the file, after the last whole frame.
func (d *Decoder) Read(buf []float32) (int, error) {
	if d.closed {
		return 0, newError(d.name, -1, ErrClosed, nil, "read")
	}
	if d.err != nil {
		return 0, d.err
	}
	ch := d.h.info.Format.Channels
	if len(buf) < ch {
		if len(buf) == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("%s: buffer of %d samples for %d channels: %w", d.name, len(buf), ch, io.ErrShortBuffer)
	}
	ba := d.h.blockAlign
	bps := ba / ch
	n := 0
	for len(buf)-n >= ch && d.remaining != 0 {
		got, err := d.br.fill(ba)
		frames := min(len(got)/ba, (len(buf)-n)/ch)
		if d.remaining > 0 {
			frames = int(min(int64(frames), d.remaining/int64(ba)))
		}
		if frames > 0 {
			samples := frames * ch
			d.h.convert(buf[n:n+samples], got[:samples*bps])
			d.br.consume(frames * ba)
			n += samples
			if d.remaining > 0 {
				d.remaining -= int64(frames * ba)
			}
			continue
		}
		if err == nil {
			break // cannot happen: fill returned at least one frame
		}
		if errors.Is(err, io.EOF) && d.remaining < 0 {
			d.remaining = 0 // to the end of the file; a partial last frame is dropped
			break
		}
		if errors.Is(err, io.EOF) {
			done := d.h.dataSize - d.remaining
			d.err = newError(d.name, d.h.dataOff+done, ErrTruncated, nil,
				"data chunk declares %d bytes (%d frames) but the file ends after %d bytes (%d frames)",
				d.h.dataSize, d.h.info.Frames, done+int64(len(got)), done/int64(ba))
		} else {
			d.err = newError(d.name, d.br.pos(), ErrIO, err, "reading audio data")
		}
		return n, d.err
	}
	if n == 0 {
		d.err = io.EOF
		return 0, io.EOF
	}
	return n, nil
}

// Close releases the file opened by Open. It is safe to call more than once.
func (d *Decoder) Close() error {
	if d.closed {
		return nil
	}
	d.closed = true
	if d.file != nil {
		if err := d.file.Close(); err != nil {
			return newError(d.name, -1, ErrIO, err, "close")
		}
	}
	return nil
}

// converter returns the function turning little-endian samples into float32.
func converter(bits int, float bool) func(dst []float32, src []byte) {
	switch {
	case float && bits == 32:
		return convertF32
	case float && bits == 64:
		return convertF64
	case bits == 8:
		return convertU8
	case bits == 16:
		return convertS16
	case bits == 24:
		return convertS24
	default:
		return convertS32
	}
}

func convertU8(dst []float32, src []byte) {
	src = src[:len(dst)]
	for i, v := range src {
		dst[i] = float32(int(v)-128) * (1.0 / 128)
	}
}

func convertS16(dst []float32, src []byte) {
	src = src[:2*len(dst)]
	for i := range dst {
		dst[i] = float32(int16(binary.LittleEndian.Uint16(src[2*i:]))) * (1.0 / 32768)
	}
}

func convertS24(dst []float32, src []byte) {
	src = src[:3*len(dst)]
	for i := range dst {
		s := src[3*i : 3*i+3]
		v := int32(uint32(s[0])<<8|uint32(s[1])<<16|uint32(s[2])<<24) >> 8
		dst[i] = float32(v) * (1.0 / 8388608)
	}
}

func convertS32(dst []float32, src []byte) {
	src = src[:4*len(dst)]
	for i := range dst {
		v := int32(binary.LittleEndian.Uint32(src[4*i:]))
		dst[i] = float32(float64(v) * (1.0 / 2147483648))
	}
}

func convertF32(dst []float32, src []byte) {
	src = src[:4*len(dst)]
	for i := range dst {
		dst[i] = finite(math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:])))
	}
}

func convertF64(dst []float32, src []byte) {
	src = src[:8*len(dst)]
	for i := range dst {
		dst[i] = finite(float32(math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))))
	}
}

// finite maps NaN to 0 and ±Inf to ±1, so a damaged float file cannot
// poison loudness measurement or mixing downstream.
func finite(v float32) float32 {
	switch {
	case v != v:
		return 0
	case v > math.MaxFloat32:
		return 1
	case v < -math.MaxFloat32:
		return -1
	}
	return v
}
