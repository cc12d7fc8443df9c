package vntext

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Encoding names a character encoding of Vietnamese text.
type Encoding string

// The encodings Decode recognizes and Encode writes.
const (
	UTF8        Encoding = "utf-8"
	UTF16LE     Encoding = "utf-16le"
	UTF16BE     Encoding = "utf-16be"
	Windows1258 Encoding = "windows-1258"
	TCVN3       Encoding = "tcvn3" // TCVN 5712:1993 (ABC, .VnTime fonts)
	VNI         Encoding = "vni"   // VNI-Windows fonts
	VIQR        Encoding = "viqr"  // RFC 1456: Vie^.t Nam
)

// ErrNotText is wrapped by Decode when the input is not text.
var ErrNotText = errors.New("not text")

// Decode detects the encoding of b, converts it to UTF-8 in NFC and reports the
// encoding found. UTF-8 and UTF-16 are recognized by their byte-order mark or their
// structure; the single-byte encodings (Windows-1258, TCVN3, VNI) and VIQR are
// chosen by scoring each candidate decoding by the share of valid Vietnamese
// syllables. Text already decoded with the wrong table (TCVN3 or VNI read as
// Windows-1252, as when copied out of a .VnTime document: "Th«ng b¸o") is repaired
// and reported under its real encoding.
func Decode(b []byte) (string, Encoding, error) {
	switch {
	case len(b) == 0:
		return "", UTF8, nil
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		s, enc := decodeUnicode(string(b[3:]))
		return s, enc, nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeUTF16(b[2:], false, UTF16LE)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], true, UTF16BE)
	}
	if err := binarySignature(b); err != nil {
		return "", "", err
	}
	if bytes.IndexByte(b, 0) >= 0 {
		if be, ok := utf16Guess(b); ok {
			enc := UTF16LE
			if be {
				enc = UTF16BE
			}
			return decodeUTF16(b, be, enc)
		}
		return "", "", fmt.Errorf("vntext: decode: byte %d is NUL: %w", bytes.IndexByte(b, 0), ErrNotText)
	}
	if utf8.Valid(b) {
		s, enc := decodeUnicode(string(b))
		if err := checkControls(s); err != nil {
			return "", "", err
		}
		return s, enc, nil
	}
	if err := checkControls(string(b)); err != nil {
		return "", "", err
	}
	// A single-byte encoding: try each and keep the one that reads best.
	us := make([]unit, len(b))
	for i, c := range b {
		us[i] = unit{rune(c), i}
	}
	best, bestEnc := "", Encoding("")
	bestScore := 0
	for _, enc := range []Encoding{Windows1258, TCVN3, VNI} {
		var s string
		switch enc {
		case Windows1258:
			d, err := charmap.Windows1258.NewDecoder().Bytes(b)
			if err != nil {
				continue
			}
			s = NFC(string(d))
		case TCVN3:
			s = NFC(runesString(decodeTCVN3(us)))
		case VNI:
			s = NFC(runesString(decodeVNI(us)))
		}
		good, bad, _ := vietScore(s)
		if sc := good - bad; bestEnc == "" || sc > bestScore {
			best, bestEnc, bestScore = s, enc, sc
		}
	}
	return best, bestEnc, nil
}

// decodeUnicode finishes UTF-8 text: NFC, then the repair of legacy text that was
// decoded with the wrong table, or written in VIQR.
func decodeUnicode(s string) (string, Encoding) {
	s = NFC(s)
	if t, enc, ok := repairText(s); ok {
		return t, enc
	}
	return s, UTF8
}

func decodeUTF16(b []byte, be bool, enc Encoding) (string, Encoding, error) {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if be {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			u = append(u, uint16(b[i+1])<<8|uint16(b[i]))
		}
	}
	s := string(utf16.Decode(u))
	if len(b)%2 == 1 {
		s += "\uFFFD"
	}
	if strings.ContainsRune(s, 0) {
		return "", "", fmt.Errorf("vntext: decode %s: NUL character: %w", enc, ErrNotText)
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	if err := checkControls(s); err != nil {
		return "", "", err
	}
	return NFC(s), enc, nil
}

// utf16Guess recognizes UTF-16 without a byte-order mark by its zero bytes.
func utf16Guess(b []byte) (bigEndian, ok bool) {
	if len(b) < 4 || len(b)%2 != 0 {
		return false, false
	}
	var zeroEven, zeroOdd int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				zeroEven++
			} else {
				zeroOdd++
			}
		}
	}
	half := len(b) / 2
	switch {
	case zeroOdd*10 >= half*3 && zeroEven*20 < half:
		return false, true
	case zeroEven*10 >= half*3 && zeroOdd*20 < half:
		return true, true
	}
	return false, false
}

func encodeUTF16(s string, be bool) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(u))
	if be {
		out = append(out, 0xFE, 0xFF)
	} else {
		out = append(out, 0xFF, 0xFE)
	}
	for _, v := range u {
		if be {
			out = append(out, byte(v>>8), byte(v))
		} else {
			out = append(out, byte(v), byte(v>>8))
		}
	}
	return out
}

// binarySignature rejects common binary formats by their magic numbers.
func binarySignature(b []byte) error {
	sigs := []struct {
		magic, name string
	}{
		{"%PDF-", "PDF"}, {"PK\x03\x04", "ZIP/DOCX"}, {"\x89PNG", "PNG"}, {"GIF8", "GIF"},
		{"\xFF\xD8\xFF", "JPEG"}, {"ID3", "MP3"}, {"RIFF", "RIFF/WAV"}, {"\x7FELF", "ELF"},
		{"\xD0\xCF\x11\xE0", "OLE2/DOC"}, {"\x1F\x8B", "gzip"}, {"OggS", "Ogg"}, {"fLaC", "FLAC"},
	}
	for _, s := range sigs {
		if bytes.HasPrefix(b, []byte(s.magic)) {
			return fmt.Errorf("vntext: decode: %s file: %w", s.name, ErrNotText)
		}
	}
	return nil
}

// checkControls rejects text with too many control characters (TCVN3's capitals in
// the C0 range are allowed).
func checkControls(s string) error {
	n, total, first := 0, 0, -1
	for i, r := range s {
		total++
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1A {
			if _, ok := tcvn3Low[byte(r)]; ok {
				continue
			}
			n++
			if first < 0 {
				first = i
			}
		}
	}
	if n > 0 && (n*20 > total || n > 64) {
		return fmt.Errorf("vntext: decode: control character at byte %d (%d in all): %w", first, n, ErrNotText)
	}
	return nil
}

func runesString(rs []srcRune) string {
	var b strings.Builder
	b.Grow(len(rs) + len(rs)/2)
	for _, r := range rs {
		b.WriteRune(r.r)
	}
	return b.String()
}

// --- scoring and repair ---

// isWordSeparator splits words for scoring: white space, ASCII punctuation and digits,
// and the common typographic punctuation. Other symbols stay inside words, so that
// mis-decoded text ("Th«ng") counts as a bad word.
func isWordSeparator(r rune) bool {
	if r < 0x80 {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}
	switch r {
	case '“', '”', '‘', '’', '–', '—', '…', '•', '\u00A0':
		return true
	}
	return unicode.IsSpace(r)
}

// vietScore counts the words of s that contain a non-ASCII letter and are Vietnamese
// syllables (good) or are not (bad).
func vietScore(s string) (good, bad, words int) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		start = -1
		words++
		if isPlainASCII(w) {
			return
		}
		if isSyllable(strings.ToLower(w)) {
			good++
		} else {
			bad++
		}
	}
	for i, r := range s {
		if isWordSeparator(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(s))
	return good, bad, words
}

// looksLegacy is a cheap test for text that may be TCVN3 or VNI read as
// Windows-1252: Latin-1 symbols or letters that Vietnamese never uses, or a vowel
// followed by a marked vowel where Vietnamese never writes one ("oâ", "aù").
func looksLegacy(s string) bool {
	prev, prevLetter := rune(0), false
	for i, r := range s {
		if r >= 0x100 {
			if isCP1252Special(r) {
				switch r {
				case '“', '”', '‘', '’', '–', '—', '…', '•':
					// typographic marks are legacy capitals only inside a word: C—NG
					next, _ := utf8.DecodeRuneInString(s[i+len(string(r)):])
					if prevLetter && unicode.IsLetter(next) {
						return true
					}
				default:
					return true // € ‚ ƒ „ † ‡ ˆ ‰ Š ‹ Œ Ž ˜ ™ š › œ ž Ÿ
				}
			}
		}
		prevLetter = unicode.IsLetter(r)
		switch {
		case r >= 0x80 && r < 0xC0 && r != 0xA0:
			return true
		case r >= 0xC0 && r < 0x100 && !vietLatin1(r):
			return true
		case r >= 0xC0 && r < 0x100:
			switch prev {
			case 'a', 'A', 'e', 'E':
				return true
			case 'o', 'O':
				if r == 'â' || r == 'Â' || r == 'ê' || r == 'Ê' || r == 'ô' || r == 'Ô' {
					return true
				}
			}
		}
		prev = r
	}
	return false
}

// vietLatin1 reports whether r, in U+00C0–U+00FF, is a letter of Vietnamese.
func vietLatin1(r rune) bool {
	return strings.ContainsRune("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý", r)
}

// looksLikeVIQR tests for VIQR marks that plain text does not have: ^ ( + ` ~ or '
// right after a vowel, . or ? between a vowel and a letter (ho.c), or dd starting a
// word. A full stop or question mark after a vowel alone is not enough.
func looksLikeVIQR(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		c, m := s[i], s[i+1]
		if isASCIIVowel(c) {
			switch m {
			case '^', '(', '+', '`', '~':
				return true
			case '\'':
				// not an English contraction: we're, we'll, she's, I'd, we've
				if i+2 >= len(s) || !strings.ContainsRune("rlsdvRLSDV", rune(s[i+2])) {
					return true
				}
			case '.', '?':
				if i+2 < len(s) && isAlnumByte(s[i+2]) && s[i+2] > '9' {
					return true
				}
			}
		}
		if (c == 'd' || c == 'D') && (m == 'd' || m == 'D') && (i == 0 || !isAlnumByte(s[i-1])) && i+2 < len(s) && isASCIIVowel(s[i+2]) {
			return true
		}
	}
	return false
}

// candidate is a repaired reading of a text, with the source offset of every rune.
type candidate struct {
	enc   Encoding
	runes []srcRune
	text  string
}

// repairCandidates decodes s (already Unicode) as the legacy encodings it may be.
func repairCandidates(s string, prefer Encoding) []candidate {
	var out []candidate
	legacy := looksLegacy(s) || ((prefer == TCVN3 || prefer == VNI) && hasLatin1(s))
	if !legacy && looksLikeVIQR(s) {
		out = append(out, candidate{enc: VIQR, runes: decodeVIQR(s)})
	}
	if legacy {
		us := make([]unit, 0, len(s))
		for i, r := range s {
			switch {
			case r < 0x100:
				us = append(us, unit{r, i})
			default:
				if b, ok := cp1252Rev[r]; ok {
					us = append(us, unit{rune(b), i})
				} else {
					us = append(us, unit{r, i})
				}
			}
		}
		out = append(out, candidate{enc: TCVN3, runes: decodeTCVN3(us)}, candidate{enc: VNI, runes: decodeVNI(us)})
	}
	for k := range out {
		out[k].text = NFC(runesString(out[k].runes))
	}
	return out
}

// bestRepair picks the candidate that reads clearly better than s, if any. A
// candidate in the encoding prefer (that of the line before) needs only to read at
// least as well and change something: a short line such as "Soá:" (VNI for "Số:")
// is also a valid spelling and cannot decide alone.
func bestRepair(s string, cands []candidate, prefer Encoding) (int, bool) {
	good, bad, words := vietScore(s)
	base := good - bad
	best, bestGain := -1, 0
	for k, c := range cands {
		g, b, _ := vietScore(c.text)
		gain := (g - b) - base
		need := 2
		if words <= 3 && b == 0 {
			need = 1
		}
		if gain >= need && g > 2*b && (gain > bestGain || (gain == bestGain && c.enc == prefer)) {
			best, bestGain = k, gain
		}
	}
	if best < 0 && prefer != "" {
		for k, c := range cands {
			g, b, _ := vietScore(c.text)
			if c.enc == prefer && c.text != s && g-b >= base && b <= bad && g >= 1 {
				return k, true
			}
		}
	}
	return best, best >= 0
}

// repairText repairs a whole text (see Decode).
func repairText(s string) (string, Encoding, bool) {
	cands := repairCandidates(s, "")
	if len(cands) == 0 {
		return "", "", false
	}
	k, ok := bestRepair(s, cands, "")
	if !ok {
		return "", "", false
	}
	return cands[k].text, cands[k].enc, true
}

// repairLine repairs one line for Normalize, keeping the offset map. prefer is the
// encoding the line before was repaired from, if any.
func repairLine(s string, om offsetMap, prefer Encoding) (string, []int, Encoding, bool) {
	cands := repairCandidates(s, prefer)
	if len(cands) == 0 {
		return "", nil, "", false
	}
	k, ok := bestRepair(s, cands, prefer)
	if !ok {
		return "", nil, "", false
	}
	var m mapped
	for _, sr := range cands[k].runes {
		m.addRune(sr.r, om.at(sr.src))
	}
	t, offs := m.finish(om.at(len(s)))
	t, offs, _ = nfcMapped(t, offs)
	return t, offs, cands[k].enc, true
}

// nfcMapped normalizes s to NFC, carrying the offset map along.
func nfcMapped(s string, offs []int) (string, []int, bool) {
	if norm.NFC.IsNormalString(s) {
		return s, offs, true
	}
	var m mapped
	m.buf = make([]byte, 0, len(s))
	m.offs = make([]int, 0, len(s)+1)
	var it norm.Iter
	it.InitString(norm.NFC, s)
	for !it.Done() {
		pos := it.Pos()
		seg := it.Next()
		if end := it.Pos(); string(seg) == s[pos:end] {
			// unchanged: keep the offset of every byte ("0" + U+0302 stays two tokens)
			m.buf = append(m.buf, seg...)
			m.offs = append(m.offs, offs[pos:end]...)
			continue
		}
		m.add(string(seg), offs[pos])
	}
	t, o := m.finish(offs[len(s)])
	return t, o, true
}

// DecodeAs converts b from the given encoding to UTF-8 in NFC, without detection.
// For UTF-8 input it only normalizes (no legacy repair).
func DecodeAs(b []byte, enc Encoding) (string, error) {
	us := func() []unit {
		out := make([]unit, len(b))
		for i, c := range b {
			out[i] = unit{rune(c), i}
		}
		return out
	}
	switch enc {
	case UTF8:
		return NFC(strings.TrimPrefix(string(b), "\uFEFF")), nil
	case UTF16LE, UTF16BE:
		be := enc == UTF16BE
		if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
			b = b[2:]
		}
		s, _, err := decodeUTF16(b, be, enc)
		return s, err
	case Windows1258:
		d, err := charmap.Windows1258.NewDecoder().Bytes(b)
		if err != nil {
			return "", fmt.Errorf("vntext: decode %s: %w", enc, err)
		}
		return NFC(string(d)), nil
	case TCVN3:
		return NFC(runesString(decodeTCVN3(us()))), nil
	case VNI:
		return NFC(runesString(decodeVNI(us()))), nil
	case VIQR:
		return NFC(runesString(decodeVIQR(NFC(string(b))))), nil
	}
	return "", fmt.Errorf("vntext: decode: unknown encoding %q: %w", enc, ErrNotText)
}

// hasLatin1 reports whether s has a character of U+0080–U+00FF or Windows-1252 punctuation.
func hasLatin1(s string) bool {
	for _, r := range s {
		if (r >= 0x80 && r < 0x100) || isCP1252Special(r) {
			return true
		}
	}
	return false
}

// isCP1252Special reports whether r is one of the characters Windows-1252 puts at
// 0x80–0x9F (€ ‚ ƒ „ … “ ” – — ™ …).
func isCP1252Special(r rune) bool {
	switch {
	case r < 0x152:
		return false
	case r >= 0x2013 && r <= 0x2122:
		_, ok := cp1252Rev[r]
		return ok
	}
	switch r {
	case 0x152, 0x153, 0x160, 0x161, 0x178, 0x17D, 0x17E, 0x192, 0x2C6, 0x2DC:
		return true
	}
	return false
}
