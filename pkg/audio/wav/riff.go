package wav

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"loa/pkg/audio"
)

// readBufSize is the decoder's read buffer: large enough for few system
// calls, small enough that memory does not depend on the file.
const readBufSize = 32 << 10

// reader is a buffered reader over an io.ReadSeeker that knows its position
// relative to where the WAV file starts, and skips large chunks by seeking.
type reader struct {
	rs   io.ReadSeeker
	base int64 // absolute offset of the first byte of the WAV file in rs
	buf  []byte
	r, w int   // buf[r:w] holds unread bytes
	off  int64 // offset (relative to base) of the next byte rs will return
}

func newReader(rs io.ReadSeeker, size int) (*reader, error) {
	base, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	return &reader{rs: rs, base: base, buf: make([]byte, size)}, nil
}

// pos is the offset of the next unread byte, relative to the start of the file.
func (b *reader) pos() int64 { return b.off - int64(b.w-b.r) }

// consume marks n buffered bytes as read.
func (b *reader) consume(n int) { b.r += n }

// fill tries to have at least n (<= len(buf)) bytes buffered. It returns the
// buffered bytes, and an error (io.EOF at the end) only if fewer than n are
// available.
func (b *reader) fill(n int) ([]byte, error) {
	if b.w-b.r >= n {
		return b.buf[b.r:b.w], nil
	}
	if b.r > 0 {
		copy(b.buf, b.buf[b.r:b.w])
		b.w -= b.r
		b.r = 0
	}
	idle := 0
	for b.w < n {
		m, err := b.rs.Read(b.buf[b.w:])
		if m < 0 || m > len(b.buf)-b.w {
			return b.buf[:b.w], fmt.Errorf("reader returned an invalid count %d", m)
		}
		b.w += m
		b.off += int64(m)
		if b.w >= n {
			break
		}
		if err != nil {
			return b.buf[:b.w], err
		}
		if m == 0 {
			if idle++; idle >= 100 {
				return b.buf[:b.w], io.ErrNoProgress
			}
		} else {
			idle = 0
		}
	}
	return b.buf[:b.w], nil
}

// readFull reads exactly len(p) bytes. At the end of the input it returns the
// count read with io.EOF (nothing read) or io.ErrUnexpectedEOF.
func (b *reader) readFull(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		want := min(len(p)-n, len(b.buf))
		got, err := b.fill(want)
		c := copy(p[n:], got)
		b.consume(c)
		n += c
		if err != nil && n < len(p) {
			if errors.Is(err, io.EOF) {
				if n == 0 {
					return 0, io.EOF
				}
				return n, io.ErrUnexpectedEOF
			}
			return n, err
		}
	}
	return n, nil
}

// skip advances n bytes, seeking when they are not buffered. Skipping past the
// end of the input is not an error here; the next read reports io.EOF.
func (b *reader) skip(n int64) error {
	if n <= int64(b.w-b.r) {
		b.r += int(n)
		return nil
	}
	return b.seek(b.pos() + n)
}

// seek moves to offset off relative to the start of the file.
func (b *reader) seek(off int64) error {
	if off >= b.pos() && off <= b.off {
		b.r += int(off - b.pos())
		return nil
	}
	if _, err := b.rs.Seek(b.base+off, io.SeekStart); err != nil {
		return err
	}
	b.r, b.w, b.off = 0, 0, off
	return nil
}

// end returns the length of the file from its start, or ok=false if the
// underlying reader cannot tell. The read position is preserved.
func (b *reader) end() (n int64, ok bool) {
	endAbs, err := b.rs.Seek(0, io.SeekEnd)
	if err != nil {
		return 0, false
	}
	if _, err := b.rs.Seek(b.base+b.off, io.SeekStart); err != nil {
		return 0, false
	}
	return endAbs - b.base, true
}

// riffHeader is what the first 12 bytes (and an RF64 ds64 chunk) say.
type riffHeader struct {
	riffSize uint32 // as declared; often wrong, used only to spot unpatched headers
	rf64     bool
	ds64Data int64 // data chunk size from ds64, or -1
}

// chunk is one chunk header; off is where its body starts.
type chunk struct {
	id   [4]byte
	size uint32
	off  int64
}

func (c chunk) name() string { return fmt.Sprintf("%q", string(c.id[:])) }

const (
	sizeUnknown = 0xFFFFFFFF
	maxChunks   = 1 << 20 // chunks scanned before giving up on a file
)

func readRIFFHeader(b *reader, name string) (riffHeader, error) {
	h := riffHeader{ds64Data: -1}
	var hdr [12]byte
	n, err := b.readFull(hdr[:])
	if err != nil {
		if n < len(hdr) && (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
			return h, newError(name, 0, ErrNotWAV, nil, "%d bytes, shorter than a RIFF header", n)
		}
		return h, newError(name, 0, ErrIO, err, "reading the RIFF header")
	}
	switch string(hdr[:4]) {
	case "RIFF":
	case "RF64", "BW64":
		h.rf64 = true
	case "RIFX", "FFIR":
		return h, newError(name, 0, ErrUnsupported, nil, "big-endian RIFX WAV files are not supported")
	default:
		return h, newError(name, 0, ErrNotWAV, nil, "starts with %q, not RIFF", hdr[:4])
	}
	if string(hdr[8:12]) != "WAVE" {
		return h, newError(name, 8, ErrNotWAV, nil, "RIFF form type %q, not WAVE", hdr[8:12])
	}
	h.riffSize = binary.LittleEndian.Uint32(hdr[4:8])
	if !h.rf64 {
		return h, nil
	}
	c, ok, err := nextChunk(b, name)
	if err != nil {
		return h, err
	}
	if !ok || string(c.id[:]) != "ds64" {
		return h, newError(name, 12, ErrCorrupt, nil, "RF64 file without a ds64 chunk first")
	}
	if c.size < 24 {
		return h, newError(name, c.off-4, ErrCorrupt, nil, "ds64 chunk of %d bytes, need at least 24", c.size)
	}
	var ds [24]byte
	if _, err := b.readFull(ds[:]); err != nil {
		return h, readErr(name, c.off, err, "ds64 chunk")
	}
	data := binary.LittleEndian.Uint64(ds[8:16])
	if data > 1<<62 {
		return h, newError(name, c.off+8, ErrCorrupt, nil, "ds64 data size %d is impossible", data)
	}
	h.ds64Data = int64(data)
	if err := skipBody(b, c, 24); err != nil {
		return h, newError(name, c.off, ErrIO, err, "skipping the ds64 chunk")
	}
	return h, nil
}

// readErr turns a failed read of a header structure into an error.
func readErr(name string, off int64, err error, what string) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return newError(name, off, ErrTruncated, nil, "file ends inside the %s", what)
	}
	return newError(name, off, ErrIO, err, "reading the %s", what)
}

// nextChunk reads the next chunk header. ok is false at the end of the file
// (including a partial header there, which some writers leave behind).
func nextChunk(b *reader, name string) (c chunk, ok bool, err error) {
	start := b.pos()
	var h [8]byte
	if _, err := b.readFull(h[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return c, false, nil
		}
		return c, false, newError(name, start, ErrIO, err, "reading a chunk header")
	}
	copy(c.id[:], h[:4])
	c.size = binary.LittleEndian.Uint32(h[4:])
	c.off = start + 8
	return c, true, nil
}

// skipBody skips the rest of chunk c, of which done bytes were read, and
// its pad byte. Some writers forget the pad byte after an odd-sized chunk.
// Pad bytes are zero, so a non-zero byte there that starts a known chunk ID,
// or a plausible one where the byte after it would not, is taken as the next
// chunk and the pad as missing.
func skipBody(b *reader, c chunk, done int64) error {
	if err := b.skip(int64(c.size) - done); err != nil {
		return err
	}
	if c.size%2 == 0 {
		return nil
	}
	if got, _ := b.fill(5); len(got) >= 5 && got[0] != 0 && isFourCC(got[:4]) &&
		(knownChunks[string(got[:4])] || !isFourCC(got[1:5])) {
		return nil // pad byte missing
	}
	return b.skip(1)
}

func isFourCC(p []byte) bool {
	for _, c := range p[:4] {
		if c < 0x20 || c > 0x7e {
			return false
		}
	}
	return true
}

// knownChunks are chunk IDs found in WAV files in the wild.
var knownChunks = map[string]bool{
	"data": true, "fmt ": true, "fact": true, "LIST": true, "JUNK": true, "junk": true, "PAD ": true,
	"FLLR": true, "bext": true, "iXML": true, "axml": true, "chna": true, "cart": true, "id3 ": true,
	"ID3 ": true, "cue ": true, "smpl": true, "inst": true, "acid": true, "PEAK": true, "levl": true,
	"umid": true, "plst": true, "DISP": true, "afsp": true, "minf": true, "elm1": true, "regn": true,
}

// header is everything the decoder needs from the chunks before the audio.
type header struct {
	info       Info
	blockAlign int
	dataOff    int64 // offset of the first audio byte
	dataSize   int64 // bytes of whole frames to decode, or -1: until the file ends
	declared   int64 // data size the header declares (for messages)
	toEOF      bool  // the header gives no size; decode to the end of the file
	convert    func(dst []float32, src []byte)
}

// parseHeader reads chunks up to the start of the audio data.
func parseHeader(b *reader, name string) (*header, error) {
	rh, err := readRIFFHeader(b, name)
	if err != nil {
		return nil, err
	}
	h := &header{}
	h.info.RF64 = rh.rf64
	var (
		haveFmt, haveData bool
		data              chunk
	)
	for i := 0; ; i++ {
		if i >= maxChunks {
			return nil, newError(name, b.pos(), ErrCorrupt, nil, "more than %d chunks before the audio data", maxChunks)
		}
		c, ok, err := nextChunk(b, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch string(c.id[:]) {
		case "fmt ":
			if haveFmt {
				break // a second fmt chunk is ignored
			}
			if err := parseFmt(b, name, c, h); err != nil {
				return nil, err
			}
			haveFmt = true
			if err := skipBody(b, c, min(int64(c.size), fmtReadMax)); err != nil {
				return nil, newError(name, c.off, ErrIO, err, "skipping the rest of the fmt chunk")
			}
			if haveData {
				if err := b.seek(data.off); err != nil {
					return nil, newError(name, data.off, ErrIO, err, "seeking back to the data chunk")
				}
				return finishHeader(b, name, rh, data, h)
			}
			continue
		case "data":
			if haveFmt {
				return finishHeader(b, name, rh, c, h)
			}
			if haveData {
				break
			}
			// The fmt chunk comes after the data: remember where the data is
			// and look further, if the data chunk's size lets us skip it.
			haveData, data = true, c
			if size, toEOF := dataSize(rh, c); !toEOF {
				if err := b.seek(c.off + size + size%2); err != nil {
					return nil, newError(name, c.off, ErrIO, err, "skipping the data chunk")
				}
				continue
			}
			return nil, newError(name, c.off-8, ErrCorrupt, nil, "data chunk of unknown size before the fmt chunk")
		}
		if err := skipBody(b, c, 0); err != nil {
			return nil, newError(name, c.off, ErrIO, err, "skipping chunk %s", c.name())
		}
	}
	if !haveFmt {
		return nil, newError(name, b.pos(), ErrCorrupt, nil, "no fmt chunk")
	}
	return nil, newError(name, b.pos(), ErrCorrupt, nil, "no data chunk")
}

// dataSize interprets a data chunk's declared size. Streaming recorders that
// cannot seek back write 0xFFFFFFFF, or leave 0 in both the data size and the
// RIFF size; both mean "until the end of the file".
func dataSize(rh riffHeader, c chunk) (size int64, toEOF bool) {
	switch {
	case rh.rf64 && c.size == sizeUnknown && rh.ds64Data >= 0:
		return rh.ds64Data, false
	case c.size == sizeUnknown:
		return -1, true
	case c.size == 0 && (rh.riffSize == sizeUnknown || int64(rh.riffSize)+8 <= c.off):
		return -1, true
	}
	return int64(c.size), false
}

func finishHeader(b *reader, name string, rh riffHeader, c chunk, h *header) (*header, error) {
	h.dataOff = c.off
	size, toEOF := dataSize(rh, c)
	h.declared, h.toEOF = size, toEOF
	ba := int64(h.blockAlign)
	if toEOF {
		if end, ok := b.end(); ok {
			size = max(end-c.off, 0)
		}
	}
	if size >= 0 {
		h.dataSize = size / ba * ba // a partial last frame is not audio
		h.info.Frames = size / ba
	} else {
		h.dataSize, h.info.Frames = -1, -1
	}
	return h, nil
}

// fmtReadMax is how much of a fmt chunk is read: WAVE_FORMAT_EXTENSIBLE is 40.
const fmtReadMax = 40

const (
	tagPCM        = 0x0001
	tagFloat      = 0x0003
	tagExtensible = 0xFFFE
)

// guidSuffix is the common tail of the KSDATAFORMAT_SUBTYPE_* GUIDs whose
// first two bytes are a WAVE format tag (PCM 0x0001, IEEE float 0x0003).
var guidSuffix = [14]byte{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71}

var tagNames = map[uint16]string{
	0x0002: "Microsoft ADPCM",
	0x0006: "A-law",
	0x0007: "mu-law",
	0x0011: "IMA ADPCM",
	0x0031: "GSM 6.10",
	0x0050: "MPEG audio",
	0x0055: "MPEG layer 3",
	0x00FF: "AAC",
	0x2000: "AC-3",
	0xF1AC: "FLAC",
}

func tagName(tag uint16) string {
	if n, ok := tagNames[tag]; ok {
		return fmt.Sprintf("format tag 0x%04X (%s)", tag, n)
	}
	return fmt.Sprintf("format tag 0x%04X", tag)
}

func guidString(g []byte) string {
	return fmt.Sprintf("%08X-%04X-%04X-%X-%X",
		binary.LittleEndian.Uint32(g[0:4]), binary.LittleEndian.Uint16(g[4:6]),
		binary.LittleEndian.Uint16(g[6:8]), g[8:10], g[10:16])
}

// parseFmt reads the fmt chunk body (at most fmtReadMax bytes) into h.
func parseFmt(b *reader, name string, c chunk, h *header) error {
	if c.size < 16 {
		return newError(name, c.off-4, ErrCorrupt, nil, "fmt chunk of %d bytes, need at least 16", c.size)
	}
	var p [fmtReadMax]byte
	n := int(min(int64(c.size), fmtReadMax))
	if _, err := b.readFull(p[:n]); err != nil {
		return readErr(name, c.off, err, "fmt chunk")
	}
	tag := binary.LittleEndian.Uint16(p[0:])
	channels := int(binary.LittleEndian.Uint16(p[2:]))
	rate := int64(binary.LittleEndian.Uint32(p[4:]))
	blockAlign := int(binary.LittleEndian.Uint16(p[12:]))
	bits := int(binary.LittleEndian.Uint16(p[14:]))
	valid := bits
	code := tag
	if tag == tagExtensible {
		if n < 40 {
			return newError(name, c.off-4, ErrCorrupt, nil, "WAVE_FORMAT_EXTENSIBLE fmt chunk of %d bytes, need 40", c.size)
		}
		if cb := binary.LittleEndian.Uint16(p[16:]); cb < 22 {
			return newError(name, c.off+16, ErrCorrupt, nil, "WAVE_FORMAT_EXTENSIBLE with cbSize %d, need 22", cb)
		}
		h.info.Extensible = true
		if v := int(binary.LittleEndian.Uint16(p[18:])); v != 0 {
			valid = v
		}
		h.info.ChannelMask = binary.LittleEndian.Uint32(p[20:])
		guid := p[24:40]
		if [14]byte(guid[2:]) != guidSuffix {
			return newError(name, c.off+24, ErrUnsupported, nil, "WAVE_FORMAT_EXTENSIBLE sub-format {%s} is neither PCM nor IEEE float", guidString(guid))
		}
		code = binary.LittleEndian.Uint16(guid[0:2])
		if code != tagPCM && code != tagFloat {
			return newError(name, c.off+24, ErrUnsupported, nil, "WAVE_FORMAT_EXTENSIBLE sub-format {%s}: %s", guidString(guid), tagName(code))
		}
	}
	switch code {
	case tagPCM:
		if bits != 8 && bits != 16 && bits != 24 && bits != 32 {
			return newError(name, c.off+14, ErrUnsupported, nil, "%d-bit integer PCM (8, 16, 24 or 32 bits are supported)", bits)
		}
	case tagFloat:
		h.info.Float = true
		if bits != 32 && bits != 64 {
			return newError(name, c.off+14, ErrUnsupported, nil, "%d-bit IEEE float (32 or 64 bits are supported)", bits)
		}
	default:
		return newError(name, c.off, ErrUnsupported, nil, "%s (only PCM and IEEE float are supported)", tagName(tag))
	}
	if valid > bits {
		return newError(name, c.off+18, ErrCorrupt, nil, "%d valid bits in a %d-bit sample", valid, bits)
	}
	if rate > 1<<30 {
		rate = 1 << 30 // still rejected below, without overflowing int on 32-bit systems
	}
	f := audio.Format{SampleRate: int(rate), Channels: channels}
	if err := f.Validate(); err != nil {
		return newError(name, c.off, ErrUnsupported, err, "fmt chunk")
	}
	if want := channels * bits / 8; blockAlign != want {
		return newError(name, c.off+12, ErrCorrupt, nil, "block align %d, expected %d for %d channels of %d bits", blockAlign, want, channels, bits)
	}
	h.info.Format = f
	h.info.BitsPerSample = bits
	h.info.ValidBits = valid
	h.blockAlign = blockAlign
	h.convert = converter(bits, h.info.Float)
	return nil
}
