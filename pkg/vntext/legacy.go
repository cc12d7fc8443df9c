package vntext

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// srcRune is a decoded character and the offset of the input it comes from.
type srcRune struct {
	r   rune
	src int
}

// unit is one input element of a legacy decoder: a byte (v < 256) or, when text
// already decoded as Unicode is repaired, a character with no byte meaning (v >= 256).
type unit struct {
	v   rune
	src int
}

// cp1252 maps the bytes 0x80–0x9F to the Windows-1252 punctuation at those positions
// (0 where Windows-1252 leaves the byte undefined); cp1252Rev is its inverse.
var cp1252, cp1252Rev = func() ([32]rune, map[rune]byte) {
	var t [32]rune
	rev := map[rune]byte{}
	for b := 0x80; b < 0xA0; b++ {
		r := charmap.Windows1252.DecodeByte(byte(b))
		if r == utf8.RuneError || r == rune(b) {
			continue
		}
		t[b-0x80] = r
		rev[r] = byte(b)
	}
	return t, rev
}()

// --- TCVN3 (TCVN 5712:1993) ---

// tcvn3High is the TCVN 5712:1993 table for 0x80–0xFF: the VN3 lower-case letters
// used by the ABC fonts (.VnTime), with the upper-case toned letters of VN1 in the
// positions VN3 leaves free (0x80–0x9F and a few gaps), and the five combining tone
// marks at 0xB0–0xB4.
var tcvn3High = []rune("" +
	"ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ" + // 0x80–0x9F
	"\u00A0ĂÂÊÔƠƯĐăâêôơưđẰ" + // 0xA0–0xAF
	"\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ" + // 0xB0–0xBF
	"ẮẦẨẪẤỀặầẩẫấậèỂẻẽ" + // 0xC0–0xCF
	"éẹềểễếệìỉỄẾỒĩíịò" + // 0xD0–0xDF
	"Ổỏõóọồổỗốộờởỡớợù" + // 0xE0–0xEF
	"ỖủũúụừửữứựỳỷỹýỵỐ") // 0xF0–0xFF

// tcvn3Low holds the upper-case letters VN1 puts among the C0 control codes.
var tcvn3Low = map[byte]rune{
	0x01: 'Ú', 0x02: 'Ụ', 0x04: 'Ừ', 0x05: 'Ử', 0x06: 'Ữ', 0x11: 'Ứ', 0x12: 'Ự',
	0x13: 'Ỳ', 0x14: 'Ỷ', 0x15: 'Ỹ', 0x16: 'Ý', 0x17: 'Ỵ',
}

var tcvn3Enc = func() map[rune]byte {
	m := map[rune]byte{}
	for i, r := range tcvn3High {
		m[r] = byte(0x80 + i)
	}
	for b, r := range tcvn3Low {
		m[r] = b
	}
	return m
}()

// decodeTCVN3 decodes TCVN3 units. A byte in 0x80–0x9F is an upper-case letter (VN1)
// when the word it stands in is then a Vietnamese syllable, and otherwise the
// Windows-1252 punctuation Word processors put there (“ ” – …).
func decodeTCVN3(us []unit) []srcRune {
	out := make([]srcRune, 0, len(us))
	var amb []int
	for _, u := range us {
		v := u.v
		switch {
		case v >= 256:
			out = append(out, srcRune{v, u.src})
		case v < 0x80:
			if r, ok := tcvn3Low[byte(v)]; ok {
				out = append(out, srcRune{r, u.src})
			} else {
				out = append(out, srcRune{v, u.src})
			}
		default:
			if v < 0xA0 && cp1252[v-0x80] != 0 {
				amb = append(amb, len(out))
			}
			out = append(out, srcRune{tcvn3High[v-0x80], u.src})
		}
	}
	if len(amb) > 0 {
		resolveTCVN3(out, amb)
	}
	return out
}

func isLetterOrMark(r rune) bool { return unicode.IsLetter(r) || isMark(r) }

// resolveTCVN3 decides, word by word, which of the ambiguous bytes (positions amb of
// out, decoded as capitals) are letters. Quotes and dashes stand at the edges of a
// word, so the edges are given up first: the reading whose remaining core is a
// Vietnamese syllable with the most letters wins; with none, all are punctuation.
func resolveTCVN3(out []srcRune, amb []int) {
	isAmb := make(map[int]bool, len(amb))
	for _, k := range amb {
		isAmb[k] = true
	}
	done := map[int]bool{}
	for _, k := range amb {
		if done[k] {
			continue
		}
		a, b := k, k+1
		for a > 0 && k-a <= 2*maxSyllableRunes && isLetterOrMark(out[a-1].r) {
			a--
		}
		for b < len(out) && b-k <= 2*maxSyllableRunes && isLetterOrMark(out[b].r) {
			b++
		}
		lead, trail := 0, 0
		for a+lead < b && isAmb[a+lead] {
			lead++
		}
		for b-1-trail >= a+lead && isAmb[b-1-trail] {
			trail++
		}
		bestK, bestM := lead, trail // default: every edge byte is punctuation
		found := false
		for total := 0; total <= lead+trail && !found; total++ {
			for kk := 0; kk <= total && kk <= lead; kk++ {
				m := total - kk
				if m > trail || a+kk >= b-m {
					continue
				}
				rs := make([]rune, 0, b-a)
				for _, sr := range out[a+kk : b-m] {
					rs = append(rs, sr.r)
				}
				if isSyllable(NFC(string(rs))) {
					bestK, bestM, found = kk, m, true
					break
				}
			}
		}
		for p := a; p < b; p++ {
			if !isAmb[p] {
				continue
			}
			done[p] = true
			letterHere := found && p >= a+bestK && p < b-bestM
			if !letterHere {
				if enc, ok := tcvn3Enc[out[p].r]; ok {
					out[p].r = cp1252[enc-0x80]
				}
			}
		}
	}
}

// --- VNI (VNI-Windows fonts) ---

// VNI writes a vowel as its base letter followed by one byte carrying its marks.
// vniMods gives, for each such byte, the quality mark (0 none, '^' circumflex,
// '(' breve) and the tone; the upper-case bytes follow upper-case letters.
var vniMods = func() map[byte][2]int {
	m := map[byte][2]int{}
	lower := []byte{0xF9, 0xF8, 0xFB, 0xF5, 0xEF, 0xE2, 0xE1, 0xE0, 0xE5, 0xE3, 0xE4, 0xEA, 0xE9, 0xE8, 0xFA, 0xFC, 0xEB}
	upper := []byte{0xD9, 0xD8, 0xDB, 0xD5, 0xCF, 0xC2, 0xC1, 0xC0, 0xC5, 0xC3, 0xC4, 0xCA, 0xC9, 0xC8, 0xDA, 0xDC, 0xCB}
	marks := [][2]int{
		{0, toneAcute}, {0, toneGrave}, {0, toneHook}, {0, toneTilde}, {0, toneDot},
		{'^', 0}, {'^', toneAcute}, {'^', toneGrave}, {'^', toneHook}, {'^', toneTilde}, {'^', toneDot},
		{'(', 0}, {'(', toneAcute}, {'(', toneGrave}, {'(', toneHook}, {'(', toneTilde}, {'(', toneDot},
	}
	for i := range lower {
		m[lower[i]] = marks[i]
		m[upper[i]] = marks[i]
	}
	return m
}()

// vniSingles are the letters VNI writes as one byte.
var vniSingles = map[byte]rune{
	0xF1: 'đ', 0xD1: 'Đ', 0xF4: 'ơ', 0xD4: 'Ơ', 0xF6: 'ư', 0xD6: 'Ư',
	0xED: 'í', 0xEC: 'ì', 0xE6: 'ỉ', 0xF3: 'ĩ', 0xF2: 'ị', 0xEE: 'ỵ',
	0xCD: 'Í', 0xCC: 'Ì', 0xC6: 'Ỉ', 0xD3: 'Ĩ', 0xD2: 'Ị', 0xCE: 'Ỵ',
}

var vniSingleEnc = func() map[rune]byte {
	m := map[rune]byte{}
	for b, r := range vniSingles {
		m[r] = b
	}
	return m
}()

// vniBase returns the base vowel of a VNI byte that can take a mark byte.
func vniBase(v rune) (rune, bool, bool) {
	switch v {
	case 'a', 'e', 'o', 'u', 'y':
		return v, false, true
	case 'A', 'E', 'O', 'U', 'Y':
		return unicode.ToLower(v), true, true
	case 0xF4:
		return 'ơ', false, true
	case 0xD4:
		return 'ơ', true, true
	case 0xF6:
		return 'ư', false, true
	case 0xD6:
		return 'ư', true, true
	}
	return 0, false, false
}

func applyQuality(base rune, q int) (rune, bool) {
	switch {
	case q == 0:
		return base, true
	case q == '^' && base == 'a':
		return 'â', true
	case q == '^' && base == 'e':
		return 'ê', true
	case q == '^' && base == 'o':
		return 'ô', true
	case q == '(' && base == 'a':
		return 'ă', true
	case q == '+' && base == 'o':
		return 'ơ', true
	case q == '+' && base == 'u':
		return 'ư', true
	}
	return 0, false
}

func decodeVNI(us []unit) []srcRune {
	out := make([]srcRune, 0, len(us))
	for k := 0; k < len(us); k++ {
		v := us[k].v
		if v >= 256 {
			out = append(out, srcRune{v, us[k].src})
			continue
		}
		if base, upper, ok := vniBase(v); ok && k+1 < len(us) && us[k+1].v < 256 {
			if m, ok := vniMods[byte(us[k+1].v)]; ok {
				if q, ok := applyQuality(base, m[0]); ok {
					out = append(out, srcRune{withTone(q, m[1], upper), us[k].src})
					k++
					continue
				}
			}
		}
		if v >= 0x80 {
			if r, ok := vniSingles[byte(v)]; ok {
				out = append(out, srcRune{r, us[k].src})
				continue
			}
			if v < 0xA0 && cp1252[v-0x80] != 0 {
				out = append(out, srcRune{cp1252[v-0x80], us[k].src})
				continue
			}
		}
		out = append(out, srcRune{v, us[k].src})
	}
	return out
}

// --- VIQR (RFC 1456) ---

func isASCIIVowel(c byte) bool {
	switch c | 0x20 {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func viqrTone(c byte) int {
	switch c {
	case '\'':
		return toneAcute
	case '`':
		return toneGrave
	case '?':
		return toneHook
	case '~':
		return toneTilde
	case '.':
		return toneDot
	}
	return 0
}

func isLowerASCIIByte(c byte) bool { return c >= 'a' && c <= 'z' }

// viqrIsPunct reports whether the '.' or '?' at s[i], written right after a vowel,
// ends a sentence rather than marking a tone: it is followed by the end of the
// text, by white space and then no lower-case letter, or by another mark.
func viqrIsPunct(s string, i int) bool {
	j := i + 1
	if j >= len(s) {
		return true
	}
	c := s[j]
	if c == '\\' {
		return false
	}
	if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		return j >= len(s) || !isLowerASCIIByte(s[j]) && s[j] < 0x80
	}
	if isAlnumByte(c) || c >= 0x80 {
		return false
	}
	return true
}

// decodeVIQR decodes VIQR text (marks written after the vowel: a^' = ấ, u+o+ = ươ,
// dd = đ, a backslash makes the next character literal).
func decodeVIQR(s string) []srcRune {
	out := make([]srcRune, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 < len(s) {
				r, size := utf8.DecodeRuneInString(s[i+1:])
				out = append(out, srcRune{r, i})
				i += 1 + size
			} else {
				i++
			}
		case (c == 'd' || c == 'D') && i+1 < len(s) && (s[i+1] == 'd' || s[i+1] == 'D') &&
			(i == 0 || !isASCIILetter(s[i-1]) || (c == 'D' && s[i+1] == 'D' && s[i-1] >= 'A' && s[i-1] <= 'Z')):
			// đ starts a syllable; inside a word only in capitals (HDDND = HĐND)
			if c == 'D' {
				out = append(out, srcRune{'Đ', i})
			} else {
				out = append(out, srcRune{'đ', i})
			}
			i += 2
		case isASCIIVowel(c):
			base := rune(c | 0x20)
			upper := c < 'a'
			start := i
			i++
			q, tone := 0, 0
			for i < len(s) {
				m := s[i]
				if (m == '^' || m == '(' || m == '+') && q == 0 {
					if nb, ok := applyQuality(base, int(m)); ok {
						base, q = nb, int(m)
						i++
						continue
					}
					break
				}
				if t := viqrTone(m); t != 0 && tone == 0 {
					if (m == '.' || m == '?') && viqrIsPunct(s, i) {
						break
					}
					tone = t
					i++
					continue
				}
				break
			}
			out = append(out, srcRune{withTone(base, tone, upper), start})
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			out = append(out, srcRune{r, i})
			i += size
		}
	}
	return out
}

// --- encoders ---

// ErrUnencodable is wrapped by Encode when a character has no place in the encoding.
var ErrUnencodable = errors.New("character cannot be encoded")

// Encode writes s (any normalization form) in enc: the inverse of Decode, for
// producing test files and for systems that still want a legacy encoding.
// UTF-16 output starts with a byte-order mark. VIQR keeps characters outside
// Vietnamese as they are (in UTF-8).
func Encode(s string, enc Encoding) ([]byte, error) {
	s = NFC(s)
	switch enc {
	case UTF8:
		return []byte(s), nil
	case UTF16LE, UTF16BE:
		return encodeUTF16(s, enc == UTF16BE), nil
	case Windows1258:
		return encodeCP1258(s)
	case TCVN3:
		return encodeTCVN3(s)
	case VNI:
		return encodeVNI(s)
	case VIQR:
		return []byte(encodeVIQR(s)), nil
	}
	return nil, fmt.Errorf("vntext: encode: unknown encoding %q: %w", enc, ErrUnencodable)
}

func unencodable(enc Encoding, s string, off int) error {
	r, _ := utf8.DecodeRuneInString(s[off:])
	return fmt.Errorf("vntext: encode %s: byte %d: %q (U+%04X): %w", enc, off, r, r, ErrUnencodable)
}

func encodeTCVN3(s string) ([]byte, error) {
	out := make([]byte, 0, len(s))
	for i, r := range s {
		switch {
		case r < 0x80:
			if _, clash := tcvn3Low[byte(r)]; clash {
				return nil, unencodable(TCVN3, s, i)
			}
			out = append(out, byte(r))
		default:
			if b, ok := tcvn3Enc[r]; ok {
				out = append(out, b)
			} else if b, ok := cp1252Rev[r]; ok {
				out = append(out, b)
			} else {
				return nil, unencodable(TCVN3, s, i)
			}
		}
	}
	return out, nil
}

func encodeVNI(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)+len(s)/4)
	for i, r := range s {
		if r < 0x80 {
			out = append(out, byte(r))
			continue
		}
		if b, ok := vniSingleEnc[r]; ok {
			out = append(out, b)
			continue
		}
		li := letter(r)
		if li.ok && li.vowel {
			q, base := 0, li.base
			switch li.base {
			case 'â':
				q, base = '^', 'a'
			case 'ê':
				q, base = '^', 'e'
			case 'ô':
				q, base = '^', 'o'
			case 'ă':
				q, base = '(', 'a'
			}
			switch base {
			case 'ơ':
				out = append(out, map[bool]byte{false: 0xF4, true: 0xD4}[li.upper])
			case 'ư':
				out = append(out, map[bool]byte{false: 0xF6, true: 0xD6}[li.upper])
			default:
				if li.upper {
					out = append(out, byte(unicode.ToUpper(base)))
				} else {
					out = append(out, byte(base))
				}
			}
			if q != 0 || li.tone != toneNone {
				b, ok := vniModByte(q, int(li.tone), li.upper)
				if !ok {
					return nil, unencodable(VNI, s, i)
				}
				out = append(out, b)
			}
			continue
		}
		if r < 0x100 || cp1252Rev[r] != 0 {
			var b byte
			if r < 0x100 {
				b = byte(r)
			} else {
				b = cp1252Rev[r]
			}
			if _, clash := vniMods[b]; clash {
				return nil, unencodable(VNI, s, i)
			}
			if _, clash := vniSingles[b]; clash {
				return nil, unencodable(VNI, s, i)
			}
			if b >= 0x80 && b < 0xA0 && cp1252[b-0x80] != r {
				return nil, unencodable(VNI, s, i)
			}
			out = append(out, b)
			continue
		}
		return nil, unencodable(VNI, s, i)
	}
	return out, nil
}

func vniModByte(q, tone int, upper bool) (byte, bool) {
	for b, m := range vniMods {
		if m[0] == q && m[1] == tone && (b >= 0xE0) == !upper {
			return b, true
		}
	}
	return 0, false
}

// encodeVIQR writes Vietnamese letters in VIQR and escapes with a backslash every
// character the decoder would otherwise read as a mark.
func encodeVIQR(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/3)
	afterVowel := false // the last output was a vowel (with its marks)
	pendingEnd := false // the last vowel ended with a '.' or '?' tone
	wordStartD := false // the last output was a word-initial d or D
	for _, r := range s {
		li := letter(r)
		escape := false
		switch {
		case r == '\\':
			escape = true
		case strings.ContainsRune("'`?~.^(+", r) && afterVowel:
			escape = true
		case (r == 'd' || r == 'D') && wordStartD:
			escape = true
		case pendingEnd && !(r < 0x80 && isAlnumByte(byte(r))) && r < 0x80:
			escape = true // keep a final dot/hook tone from reading as punctuation
		}
		if escape {
			b.WriteByte('\\')
		}
		afterVowel, pendingEnd, wordStartD = false, false, false
		switch {
		case li.ok && li.vowel:
			base, q := li.base, byte(0)
			switch li.base {
			case 'â':
				base, q = 'a', '^'
			case 'ê':
				base, q = 'e', '^'
			case 'ô':
				base, q = 'o', '^'
			case 'ă':
				base, q = 'a', '('
			case 'ơ':
				base, q = 'o', '+'
			case 'ư':
				base, q = 'u', '+'
			}
			if li.upper {
				base = unicode.ToUpper(base)
			}
			b.WriteRune(base)
			if q != 0 {
				b.WriteByte(q)
			}
			if li.tone != toneNone {
				t := "'`?~."[li.tone-1]
				b.WriteByte(t)
				pendingEnd = t == '.' || t == '?'
			}
			afterVowel = true
		case r == 'đ':
			b.WriteString("dd")
		case r == 'Đ':
			b.WriteString("DD")
		default:
			b.WriteRune(r)
			wordStartD = r == 'd' || r == 'D' // a d right after it must not make "dd"
		}
	}
	if pendingEnd {
		b.WriteByte('\\')
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func encodeCP1258(s string) ([]byte, error) {
	enc := charmap.Windows1258.NewEncoder()
	combining := [6]rune{0, 0x0301, 0x0300, 0x0309, 0x0303, 0x0323}
	var b strings.Builder
	for _, r := range s {
		if li := letter(r); li.ok && li.vowel && li.tone != toneNone {
			b.WriteRune(withTone(li.base, 0, li.upper))
			b.WriteRune(combining[li.tone])
			continue
		}
		b.WriteRune(r)
	}
	out, err := enc.String(b.String())
	if err != nil {
		return nil, fmt.Errorf("vntext: encode %s: %w: %w", Windows1258, ErrUnencodable, err)
	}
	return []byte(out), nil
}
