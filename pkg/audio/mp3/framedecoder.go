package mp3

import (
	"errors"
	"fmt"
	"io"

	gomp3 "github.com/hajimehoshi/go-mp3"

	"loa/pkg/audio"
)

// FrameDecoder decodes a plain stream of MPEG audio frames — such as an
// Encoder's Monitor copy — as it arrives, from any io.Reader. Unlike Decoder
// it does not walk the file first, so it knows no length and does not trim
// the encoder delay and padding: it is meant for checking levels (loudness,
// true peak), where a few hundred samples of leading and trailing silence do
// not matter. go-mp3 panics are recovered into errors.
type FrameDecoder struct {
	r    io.Reader
	name string
	f    audio.Format
	dec  *gomp3.Decoder
	raw  []byte
	pcm  []byte
	err  error
}

// NewFrameDecoder returns a decoder of the frames read from r, which must
// hold audio of format f (as the encoder that made them was given).
func NewFrameDecoder(r io.Reader, name string, f audio.Format) (*FrameDecoder, error) {
	if f.Channels != 1 && f.Channels != 2 {
		return nil, fmt.Errorf("mp3 %s: %d channels: %w", name, f.Channels, ErrUnsupported)
	}
	return &FrameDecoder{r: r, name: name, f: f}, nil
}

// Format implements audio.Stream.
func (d *FrameDecoder) Format() audio.Format { return d.f }

// Read implements audio.Stream.
func (d *FrameDecoder) Read(buf []float32) (int, error) {
	ch := d.f.Channels
	n := 0
	for n+ch <= len(buf) {
		if len(d.pcm) < 4 {
			if d.err != nil {
				break
			}
			d.err = d.fill()
			continue
		}
		// go-mp3 always gives 16-bit stereo; mono files carry the same
		// sample twice.
		if ch == 1 {
			buf[n] = float32(int16(uint16(d.pcm[0])|uint16(d.pcm[1])<<8)) / 32767
		} else {
			buf[n] = float32(int16(uint16(d.pcm[0])|uint16(d.pcm[1])<<8)) / 32767
			buf[n+1] = float32(int16(uint16(d.pcm[2])|uint16(d.pcm[3])<<8)) / 32767
		}
		n += ch
		d.pcm = d.pcm[4:]
	}
	if n > 0 {
		return n, nil
	}
	if d.err == nil {
		return 0, nil
	}
	return 0, d.err
}

func (d *FrameDecoder) fill() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("mp3 %s: the decoder panicked: %v: %w", d.name, r, ErrCorrupt)
		}
	}()
	if d.dec == nil {
		dec, err := gomp3.NewDecoder(d.r)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return io.EOF
			}
			return fmt.Errorf("mp3 %s: %v: %w", d.name, err, ErrCorrupt)
		}
		d.dec = dec
		d.raw = make([]byte, 4*1152*2)
	}
	m, err := d.dec.Read(d.raw)
	d.pcm = d.raw[:m]
	switch {
	case m > 0:
		return nil
	case err == nil || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return io.EOF
	}
	return fmt.Errorf("mp3 %s: %v: %w", d.name, err, ErrCorrupt)
}
