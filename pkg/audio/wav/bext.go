package wav

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"loa/pkg/audio"
)

// BEXT is the Broadcast Wave Format broadcast extension chunk (EBU Tech 3285,
// version 2). Text fields are ASCII: the encoder folds other text to ASCII
// (Vietnamese diacritics are dropped, "đ" becomes "d") and truncates it to the
// field's width.
type BEXT struct {
	Description         string    // up to 256 characters; put a summary in the first 64
	Originator          string    // up to 32 characters
	OriginatorReference string    // up to 32 characters
	Origination         time.Time // date and wall-clock time written as yyyy-mm-dd and hh:mm:ss in the time's own location; zero: left empty. Read back in UTC, since the chunk carries no zone.
	TimeReference       uint64    // first sample's count since midnight
	CodingHistory       string    // lines; the encoder terminates each with CR LF
	Loudness            *Loudness // nil: not measured (fields written as 0x7FFF)

	// Version is the bext version found by ReadBEXT. The encoder always writes 2.
	Version int
	// UMID is the SMPTE 330M UMID, all zero when absent.
	UMID [64]byte
}

// Loudness holds the EBU R128 figures of bext version 2, stored in the file
// as int16 hundredths. A field read back as 0x7FFF (not given) is NaN.
type Loudness struct {
	Integrated   float64 // LUFS
	Range        float64 // LU
	TruePeak     float64 // dBTP
	MaxMomentary float64 // LUFS
	MaxShortTerm float64 // LUFS
}

// Layout of the fixed part of a bext chunk.
const (
	bextFixedSize   = 602
	bextDescription = 0
	bextOriginator  = 256
	bextOrigRef     = 288
	bextDate        = 320
	bextTime        = 330
	bextTimeRef     = 338
	bextVersion     = 346
	bextUMID        = 348
	bextLoudness    = 412 // five int16, then 180 reserved bytes
	bextLoudnessLen = 10
	bextMaxSize     = 1 << 20 // larger bext chunks are refused as corrupt
	loudnessUnknown = 0x7FFF
)

// marshal returns the chunk body: the 602 fixed bytes and the coding history.
func (b *BEXT) marshal() []byte {
	hist := normalizeHistory(b.CodingHistory)
	p := make([]byte, bextFixedSize+len(hist))
	putText(p[bextDescription:bextOriginator], b.Description)
	putText(p[bextOriginator:bextOrigRef], b.Originator)
	putText(p[bextOrigRef:bextDate], b.OriginatorReference)
	if t := b.Origination; !t.IsZero() && t.Year() >= 0 && t.Year() <= 9999 {
		copy(p[bextDate:bextTime], t.Format("2006-01-02"))
		copy(p[bextTime:bextTimeRef], t.Format("15:04:05"))
	}
	binary.LittleEndian.PutUint64(p[bextTimeRef:], b.TimeReference)
	binary.LittleEndian.PutUint16(p[bextVersion:], 2)
	copy(p[bextUMID:bextLoudness], b.UMID[:])
	putLoudness(p[bextLoudness:bextLoudness+bextLoudnessLen], b.Loudness)
	copy(p[bextFixedSize:], hist)
	return p
}

func putText(dst []byte, s string) {
	copy(dst, asciiFold(s, false)) // the rest stays NUL
}

func putLoudness(dst []byte, l *Loudness) {
	v := [5]float64{math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()}
	if l != nil {
		v = [5]float64{l.Integrated, l.Range, l.TruePeak, l.MaxMomentary, l.MaxShortTerm}
	}
	for i, x := range v {
		binary.LittleEndian.PutUint16(dst[2*i:], uint16(loudnessField(x)))
	}
}

// loudnessField converts a level to hundredths, keeping 0x7FFF for "unknown"
// (NaN, ±Inf such as the integrated loudness of silence).
func loudnessField(x float64) int16 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return loudnessUnknown
	}
	r := math.Round(x * 100)
	return int16(max(min(r, loudnessUnknown-1), math.MinInt16))
}

// normalizeHistory folds the coding history to ASCII and ends every line
// with CR LF, as Tech 3285 asks.
func normalizeHistory(s string) string {
	s = asciiFold(s, true)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return strings.ReplaceAll(s, "\n", "\r\n") + "\r\n"
}

var asciiSubst = map[rune]string{
	'đ': "d", 'Đ': "D", 'ß': "ss", 'Æ': "AE", 'æ': "ae", 'Ø': "O", 'ø': "o", 'Ł': "L", 'ł': "l",
	'‐': "-", '‑': "-", '–': "-", '—': "-", '‘': "'", '’': "'", '“': "\"", '”': "\"",
	'…': "...", '\u00a0': " ", '€': "EUR", '₫': "VND",
}

// asciiFold turns text into printable ASCII: letters lose their diacritics,
// a few symbols get ASCII spellings, anything else becomes '?'. Control
// characters become spaces, except CR and LF when keepNewlines is set.
func asciiFold(s string, keepNewlines bool) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == '\r' || r == '\n':
			if keepNewlines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// combining mark: dropped
		default:
			if sub, ok := asciiSubst[r]; ok {
				b.WriteString(sub)
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// CodingHistoryLine formats one EBU R 98 coding history line for PCM audio,
// e.g. "A=PCM,F=44100,W=16,M=mono,T=loa" (without the CR LF, which the
// encoder adds).
func CodingHistoryLine(f audio.Format, bitDepth int, text string) string {
	mode := "multitrack"
	switch f.Channels {
	case 1:
		mode = "mono"
	case 2:
		mode = "stereo"
	}
	line := fmt.Sprintf("A=PCM,F=%d,W=%d,M=%s", f.SampleRate, bitDepth, mode)
	if text != "" {
		line += ",T=" + asciiFold(text, false)
	}
	return line
}

// parseBEXT decodes a bext chunk body.
func parseBEXT(p []byte) *BEXT {
	b := &BEXT{
		Description:         cString(p[bextDescription:bextOriginator]),
		Originator:          cString(p[bextOriginator:bextOrigRef]),
		OriginatorReference: cString(p[bextOrigRef:bextDate]),
		Origination:         parseOrigination(p[bextDate:bextTime], p[bextTime:bextTimeRef]),
		TimeReference:       binary.LittleEndian.Uint64(p[bextTimeRef:]),
		Version:             int(binary.LittleEndian.Uint16(p[bextVersion:])),
		CodingHistory:       cString(p[bextFixedSize:]),
	}
	copy(b.UMID[:], p[bextUMID:bextLoudness])
	if b.Version >= 2 {
		var v [5]float64
		known := false
		for i := range v {
			x := int16(binary.LittleEndian.Uint16(p[bextLoudness+2*i:]))
			if x == loudnessUnknown {
				v[i] = math.NaN()
			} else {
				v[i] = float64(x) / 100
				known = true
			}
		}
		if known {
			b.Loudness = &Loudness{Integrated: v[0], Range: v[1], TruePeak: v[2], MaxMomentary: v[3], MaxShortTerm: v[4]}
		}
	}
	return b
}

// cString returns the text up to the first NUL.
func cString(p []byte) string {
	for i, c := range p {
		if c == 0 {
			return string(p[:i])
		}
	}
	return string(p)
}

// parseOrigination reads "yyyy-mm-dd" and "hh:mm:ss"; Tech 3285 allows any
// separator. An unreadable date gives the zero time, an unreadable time
// midnight.
func parseOrigination(date, clock []byte) time.Time {
	num := func(p []byte, i, n int) (int, bool) {
		v, err := strconv.Atoi(string(p[i : i+n]))
		return v, err == nil && v >= 0
	}
	y, ok1 := num(date, 0, 4)
	mo, ok2 := num(date, 5, 2)
	d, ok3 := num(date, 8, 2)
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}
	}
	h, ok1 := num(clock, 0, 2)
	mi, ok2 := num(clock, 3, 2)
	s, ok3 := num(clock, 6, 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 59 {
		h, mi, s = 0, 0, 0
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
}

// ReadBEXT returns the bext chunk of a WAV file, or ErrNoBEXT if it has none.
// The whole chunk list is searched (the bext chunk may follow the audio).
// The read position of r is restored afterwards when possible.
func ReadBEXT(r io.ReadSeeker) (*BEXT, error) {
	name := ""
	if n, ok := r.(interface{ Name() string }); ok {
		name = n.Name()
	}
	br, err := newReader(r, 4096)
	if err != nil {
		return nil, newError(name, -1, ErrIO, err, "finding the read position")
	}
	defer func() { _, _ = r.Seek(br.base, io.SeekStart) }()
	rh, err := readRIFFHeader(br, name)
	if err != nil {
		return nil, err
	}
	for i := 0; i < maxChunks; i++ {
		c, ok, err := nextChunk(br, name)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		switch string(c.id[:]) {
		case "bext":
			if c.size < bextFixedSize || c.size > bextMaxSize {
				return nil, newError(name, c.off-4, ErrCorrupt, nil, "bext chunk of %d bytes (expected %d to %d)", c.size, bextFixedSize, bextMaxSize)
			}
			p := make([]byte, c.size)
			if _, err := br.readFull(p); err != nil {
				return nil, readErr(name, c.off, err, "bext chunk")
			}
			return parseBEXT(p), nil
		case "data":
			size, toEOF := dataSize(rh, c)
			if toEOF {
				return nil, newError(name, -1, ErrNoBEXT, nil, "none before the audio data, which runs to the end of the file")
			}
			if err := br.seek(c.off + size + size%2); err != nil {
				return nil, newError(name, c.off, ErrIO, err, "skipping the data chunk")
			}
			continue
		}
		if err := skipBody(br, c, 0); err != nil {
			return nil, newError(name, c.off, ErrIO, err, "skipping chunk %s", c.name())
		}
	}
	return nil, newError(name, -1, ErrNoBEXT, nil, "")
}
