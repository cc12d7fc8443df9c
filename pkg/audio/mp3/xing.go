package mp3

import (
	"encoding/binary"
)

// decoderDelay is the delay every standard Layer III decoder adds (the
// synthesis filterbank and the IMDCT overlap), which gapless players add to
// the encoder delay stored in the LAME tag: 528 + 1 samples.
const decoderDelay = 529

// Xing header flags.
const (
	xingFrames  = 1
	xingBytes   = 2
	xingTOC     = 4
	xingQuality = 8
)

// lameTagSize is the length of the LAME extension that follows the Xing
// fields.
const lameTagSize = 36

// xingInfo is what the first frame's Xing/Info or VBRI header says.
type xingInfo struct {
	tag     string // "Xing", "Info" or "VBRI"
	frames  int64  // audio frames after the tag frame; -1 if absent
	bytes   int64  // stream bytes including the tag frame; -1 if absent
	hasLAME bool   // a LAME-style tag with delay and padding follows
	encoder string // the LAME tag's version string
	delay   int    // encoder delay in samples (LAME tag)
	padding int    // padding at the end in samples (LAME tag)
}

// xingOffset is where a Xing/Info header sits in a Layer III frame: right
// after the side information (encoders never protect the tag frame with a
// CRC, and decoders look at this fixed place).
func xingOffset(h header) int { return 4 + h.sideInfoSize() }

// parseXing reads the tag frame headers from one whole frame. It returns
// nil when the frame is an ordinary audio frame.
func parseXing(frame []byte, h header) *xingInfo {
	if h.layer != 3 {
		return nil
	}
	if x := parseVBRI(frame); x != nil {
		return x
	}
	off := xingOffset(h)
	if len(frame) < off+8 {
		return nil
	}
	tag := string(frame[off : off+4])
	if tag != "Xing" && tag != "Info" {
		return nil
	}
	x := &xingInfo{tag: tag, frames: -1, bytes: -1}
	flags := binary.BigEndian.Uint32(frame[off+4:])
	p := off + 8
	field := func(flag uint32, n int) ([]byte, bool) {
		if flags&flag == 0 {
			return nil, true
		}
		if p+n > len(frame) {
			return nil, false
		}
		b := frame[p : p+n]
		p += n
		return b, true
	}
	b, ok := field(xingFrames, 4)
	if !ok {
		return x
	}
	if b != nil {
		x.frames = int64(binary.BigEndian.Uint32(b))
	}
	if b, ok = field(xingBytes, 4); !ok {
		return x
	}
	if b != nil {
		x.bytes = int64(binary.BigEndian.Uint32(b))
	}
	if _, ok = field(xingTOC, 100); !ok {
		return x
	}
	if _, ok = field(xingQuality, 4); !ok {
		return x
	}
	if p+lameTagSize > len(frame) {
		return x
	}
	lame := frame[p : p+lameTagSize]
	// ffmpeg accepts the delay fields behind these three encoder names.
	switch string(lame[:4]) {
	case "LAME", "Lavf", "Lavc":
	default:
		return x
	}
	x.hasLAME = true
	x.encoder = trimNUL(string(lame[:9]))
	x.delay = int(lame[21])<<4 | int(lame[22]>>4)
	x.padding = int(lame[22]&0x0F)<<8 | int(lame[23])
	return x
}

// parseVBRI reads a Fraunhofer VBRI header, found 32 bytes after the frame
// header.
func parseVBRI(frame []byte) *xingInfo {
	const off = 4 + 32
	if len(frame) < off+18 || string(frame[off:off+4]) != "VBRI" {
		return nil
	}
	return &xingInfo{
		tag:    "VBRI",
		bytes:  int64(binary.BigEndian.Uint32(frame[off+10:])),
		frames: int64(binary.BigEndian.Uint32(frame[off+14:])),
	}
}

func trimNUL(s string) string {
	for len(s) > 0 && (s[len(s)-1] == 0 || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// crc16 is the CRC-16 (polynomial 0x8005, reflected, initial value 0) that
// the LAME tag uses for its music and tag checksums.
func crc16(crc uint16, p []byte) uint16 {
	for _, b := range p {
		crc = crc>>8 ^ crcTable[byte(crc)^b]
	}
	return crc
}

// crcTable holds crc16 of every byte value, for a byte at a time.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0xA001
			} else {
				c >>= 1
			}
		}
		t[i] = c
	}
	return t
}()
