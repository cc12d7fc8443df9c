package mp3

import "fmt"

// MPEG audio versions as coded in the frame header.
const (
	mpeg25 = 0
	mpeg2  = 2
	mpeg1  = 3
)

// Channel modes as coded in the frame header.
const modeMono = 3

var (
	// bitrates in kbit/s by [lsf][layer-1][index]; lsf is 1 for MPEG-2
	// and MPEG-2.5.
	bitrateTable = [2][3][15]int{
		{
			{0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
			{0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
		},
		{
			{0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
			{0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
		},
	}
	// sample rates in Hz by version code and index.
	rateTable = [4][3]int{
		mpeg25: {11025, 12000, 8000},
		mpeg2:  {22050, 24000, 16000},
		mpeg1:  {44100, 48000, 32000},
	}
)

// header is one decoded MPEG audio frame header.
type header struct {
	version    int // mpeg1, mpeg2 or mpeg25
	layer      int // 1, 2 or 3
	crc        bool
	brIndex    int
	bitrate    int // kbit/s; 0 for free format
	rateIndex  int
	sampleRate int
	padding    int
	mode       int
	emphasis   int
}

// parseHeader decodes the four bytes of a frame header. It reports false
// when they are not a syntactically valid header.
func parseHeader(b []byte) (header, bool) {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return header{}, false
	}
	h := header{
		version:   int(b[1]>>3) & 3,
		layer:     4 - int(b[1]>>1)&3,
		crc:       b[1]&1 == 0,
		brIndex:   int(b[2] >> 4),
		rateIndex: int(b[2]>>2) & 3,
		padding:   int(b[2]>>1) & 1,
		mode:      int(b[3] >> 6),
		emphasis:  int(b[3] & 3),
	}
	if h.version == 1 || h.layer == 4 || h.brIndex == 15 || h.rateIndex == 3 || h.emphasis == 2 {
		return header{}, false
	}
	h.bitrate = bitrateTable[h.lsf()][h.layer-1][h.brIndex]
	h.sampleRate = rateTable[h.version][h.rateIndex]
	return h, true
}

// lsf is 1 for the low sampling frequency versions (MPEG-2 and 2.5).
func (h header) lsf() int {
	if h.version == mpeg1 {
		return 0
	}
	return 1
}

func (h header) channels() int {
	if h.mode == modeMono {
		return 1
	}
	return 2
}

// samplesPerFrame is the number of PCM frames one MPEG frame carries.
func (h header) samplesPerFrame() int {
	switch {
	case h.layer == 1:
		return 384
	case h.layer == 3 && h.version != mpeg1:
		return 576
	default:
		return 1152
	}
}

// frameSize is the frame's length in bytes, header included; 0 for free
// format.
func (h header) frameSize() int {
	br := h.bitrate * 1000
	switch {
	case br == 0:
		return 0
	case h.layer == 1:
		return (12*br/h.sampleRate + h.padding) * 4
	case h.layer == 3 && h.version != mpeg1:
		return 72*br/h.sampleRate + h.padding
	default:
		return 144*br/h.sampleRate + h.padding
	}
}

// goMP3FrameSize is the frame length go-mp3 v0.3.4 computes for a Layer III
// frame. For MPEG-2 it halves after adding the padding byte, so it comes
// out one byte short whenever the frame is padded and 144*bitrate/rate is
// even (at 22.05 kHz: 8, 16, 24, 32, 80, 96, 144 and 160 kbit/s).
func (h header) goMP3FrameSize() int {
	return (144*h.bitrate*1000/h.sampleRate + h.padding) >> uint(h.lsf())
}

// sideInfoSize is the Layer III side information length in bytes.
func (h header) sideInfoSize() int {
	switch {
	case h.version == mpeg1 && h.mode == modeMono:
		return 17
	case h.version == mpeg1:
		return 32
	case h.mode == modeMono:
		return 9
	default:
		return 17
	}
}

// sameStream reports whether o can follow h in one stream: same version,
// layer, sample rate and channel count. Bitrate, padding and stereo mode
// may change from frame to frame.
func (h header) sameStream(o header) bool {
	return h.version == o.version && h.layer == o.layer && h.rateIndex == o.rateIndex &&
		h.channels() == o.channels()
}

func (h header) versionString() string {
	switch h.version {
	case mpeg1:
		return "1"
	case mpeg2:
		return "2"
	default:
		return "2.5"
	}
}

func (h header) String() string {
	br := "free format"
	if h.bitrate > 0 {
		br = fmt.Sprintf("%d kbit/s", h.bitrate)
	}
	return fmt.Sprintf("MPEG-%s Layer %s, %d Hz, %s, %d ch", h.versionString(),
		[4]string{"", "I", "II", "III"}[h.layer], h.sampleRate, br, h.channels())
}

// unsupportedReason says why go-mp3 cannot decode frames like h at all, or
// returns "" when it can. scan also refuses the individual padded MPEG-2
// frames go-mp3 would cut one byte short (see goMP3FrameSize).
func (h header) unsupportedReason() string {
	switch {
	case h.layer != 3:
		return fmt.Sprintf("Layer %s is not supported (only Layer III)", [4]string{"", "I", "II", "III"}[h.layer])
	case h.version == mpeg25:
		return "MPEG-2.5 (8, 11.025 and 12 kHz) is not supported"
	case h.bitrate == 0:
		return "free-format bitrate is not supported"
	}
	return ""
}
