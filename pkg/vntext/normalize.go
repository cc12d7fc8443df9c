package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Span maps one spoken piece back to the written text it comes from.
type Span struct {
	Written    string // the input bytes Start:End
	Spoken     string // what is read for them; "" when they are not read (quotes, bullets)
	Start, End int    // byte offsets into the input
	Changed    bool   // Spoken differs from Written
}

// piece is a span being built, with offsets into the whole input.
type piece struct {
	start, end int
	spoken     string
}

// Normalize returns the spoken form of text: one output line for each input line,
// words separated by single spaces, punctuation kept where it marks a pause.
// The result is valid UTF-8 in NFC, and Normalize(Normalize(x)) == Normalize(x).
func (n *Normalizer) Normalize(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/3)
	first := true
	n.eachLine(text, func(_ []piece, line string) {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		b.WriteString(line)
	})
	return b.String()
}

// Spans returns the alignment of text and its spoken form: one Span for every
// written piece that is not white space, in order (a piece read together with its
// neighbours, like "907/STTTT-CNTT-BCVT", is one span). Joining the non-empty spoken
// forms of a line's spans with single spaces, except before , . ; : ! ? ) and after
// (, gives that line of Normalize.
func (n *Normalizer) Spans(text string) []Span {
	var out []Span
	n.eachLine(text, func(ps []piece, _ string) {
		for _, p := range ps {
			w := text[p.start:p.end]
			out = append(out, Span{Written: w, Spoken: p.spoken, Start: p.start, End: p.end, Changed: w != p.spoken})
		}
	})
	return out
}

// eachLine calls fn with the pieces and the spoken form of every line of text
// ("\n" or "\r\n" ends a line).
func (n *Normalizer) eachLine(text string, fn func([]piece, string)) {
	e := &engine{n: n}
	start := 0
	for {
		i := strings.IndexByte(text[start:], '\n')
		end := len(text)
		if i >= 0 {
			end = start + i
		}
		lineEnd := end
		if lineEnd > start && text[lineEnd-1] == '\r' {
			lineEnd--
		}
		fn(n.stableLine(e, text[start:lineEnd], start))
		if e.repaired != "" || strings.TrimSpace(text[start:lineEnd]) != "" {
			e.prefer = e.repaired // an empty line keeps the encoding of the one before
		}
		if i < 0 {
			return
		}
		start = end + 1
	}
}

// maxPasses bounds the re-reading of a line's spoken form.
const maxPasses = 4

// stableLine reads one line, then reads its spoken form again until nothing changes,
// so that Normalize is idempotent even where a rule depends on context that the first
// reading removed. The pieces of a later reading are mapped back onto the input.
func (n *Normalizer) stableLine(e *engine, raw string, base int) ([]piece, string) {
	ps := append([]piece(nil), e.line(raw, base, e.prefer)...)
	repaired := e.repaired
	defer func() { e.repaired = repaired }()
	line, ranges := renderRanges(ps)
	if line == raw {
		return ps, line // nothing changed: reading it again gives the same
	}
	for pass := 1; pass < maxPasses; pass++ {
		ps2 := e.line(line, 0, "")
		line2, _ := renderRanges(ps2)
		if line2 == line {
			return ps, line
		}
		ps = compose(ps, ranges, ps2)
		line, ranges = renderRanges(ps)
	}
	return ps, line
}

// renderRanges renders pieces and returns, for each, the byte range of its spoken
// form in the rendered line ({-1,-1} when it is not there).
func renderRanges(ps []piece) (string, [][2]int) {
	var b strings.Builder
	ranges := make([][2]int, len(ps))
	var last byte
	for k, p := range ps {
		ranges[k] = [2]int{-1, -1}
		s := p.spoken
		if s == "" {
			continue
		}
		if b.Len() > 0 {
			if s[0] == ',' && isPauseByte(last) {
				s = strings.TrimLeft(s[1:], " ")
				if s == "" {
					continue
				}
			}
			if !isClosingByte(s[0]) && last != '(' {
				b.WriteByte(' ')
			}
		}
		ranges[k] = [2]int{b.Len(), b.Len() + len(s)}
		b.WriteString(s)
		last = s[len(s)-1]
	}
	return b.String(), ranges
}

// compose maps the pieces ps2 of a reading of the rendered line back onto the pieces
// ps1 it was rendered from (whose spoken forms sit at ranges1 in that line). Pieces
// of ps1 that one piece of ps2 spans are merged.
func compose(ps1 []piece, ranges1 [][2]int, ps2 []piece) []piece {
	out := make([]piece, 0, len(ps1))
	j := 0
	for k := 0; k < len(ps1); {
		if ranges1[k][0] < 0 {
			out = append(out, piece{start: ps1[k].start, end: ps1[k].end})
			k++
			continue
		}
		// The group starts at piece k and grows while a piece of ps2 crosses its end.
		first, last := k, k
		groupEnd := ranges1[k][1]
		var spoken []piece
		for j < len(ps2) && ps2[j].start < groupEnd {
			for ps2[j].end > groupEnd && last+1 < len(ps1) {
				last++
				if ranges1[last][1] > groupEnd {
					groupEnd = ranges1[last][1]
				}
			}
			spoken = append(spoken, ps2[j])
			j++
		}
		text, _ := renderRanges(spoken)
		out = append(out, piece{start: ps1[first].start, end: ps1[last].end, spoken: text})
		k = last + 1
	}
	return out
}

// render writes the spoken pieces of one line with canonical spacing.
func render(b *strings.Builder, ps []piece) {
	line, _ := renderRanges(ps)
	b.WriteString(line)
}

func isPauseByte(c byte) bool {
	return strings.IndexByte(",.;:!?", c) >= 0
}

func isClosingByte(c byte) bool {
	return strings.IndexByte(",.;:!?)", c) >= 0
}

// --- preparing a line: valid UTF-8, no control characters, NFC, legacy repair ---

// offsetMap maps byte offsets of a prepared line back to the input.
type offsetMap struct {
	base int
	offs []int // nil: identity
}

func (m offsetMap) at(i int) int {
	if m.offs == nil {
		return m.base + i
	}
	return m.offs[i]
}

// mapped accumulates text with, for every byte, the offset it comes from.
type mapped struct {
	buf  []byte
	offs []int
}

func (m *mapped) add(s string, src int) {
	m.buf = append(m.buf, s...)
	for range len(s) {
		m.offs = append(m.offs, src)
	}
}

func (m *mapped) addRune(r rune, src int) {
	var tmp [utf8.UTFMax]byte
	k := utf8.EncodeRune(tmp[:], r)
	m.buf = append(m.buf, tmp[:k]...)
	for range k {
		m.offs = append(m.offs, src)
	}
}

func (m *mapped) finish(end int) (string, []int) {
	m.offs = append(m.offs, end)
	return string(m.buf), m.offs
}

// prepare returns the line as valid NFC text with its offset map, and the legacy
// encoding it was repaired from, if any. prefer is that of the line before.
func prepare(raw string, base int, prefer Encoding) (string, offsetMap, Encoding) {
	if isSimpleLine(raw) {
		text, om := raw, offsetMap{base: base}
		if looksLikeVIQR(text) {
			if t, offs, enc, ok := repairLine(text, om, prefer); ok {
				return t, offsetMap{offs: offs}, enc
			}
		}
		return text, om, ""
	}
	s1, om := raw, offsetMap{base: base}
	if needsCleaning(raw) {
		s1, om = clean(raw, base)
	}
	// NFC, segment by segment, keeping offsets.
	s2, om2 := s1, om
	if !norm.NFC.IsNormalString(s1) {
		var offs []int
		s2, offs, _ = nfcMapped(s1, om.materialize(len(s1)))
		om2 = offsetMap{offs: offs}
	}
	if looksLegacy(s2) || looksLikeVIQR(s2) || ((prefer == TCVN3 || prefer == VNI) && hasLatin1(s2)) {
		if t, offs, enc, ok := repairLine(s2, om2, prefer); ok {
			return t, offsetMap{offs: offs}, enc
		}
	}
	if strings.ContainsRune(s2, 0xAD) {
		// not TCVN3 after all: a soft hyphen is invisible
		var m3 mapped
		for i, r := range s2 {
			if r != 0xAD {
				m3.addRune(r, om2.at(i))
			}
		}
		s3, offs3 := m3.finish(om2.at(len(s2)))
		return s3, offsetMap{offs: offs3}, ""
	}
	return s2, om2, ""
}

// materialize returns the offsets of bytes 0..n as a slice.
func (m offsetMap) materialize(n int) []int {
	if m.offs != nil {
		return m.offs
	}
	offs := make([]int, n+1)
	for i := range offs {
		offs[i] = m.base + i
	}
	return offs
}

// needsCleaning reports whether clean would change s.
func needsCleaning(s string) bool {
	prevSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return true
		case r == ' ':
			if prevSpace {
				return true
			}
		case r < 0x20 || r == 0x7F:
			return true
		case r >= 0x80 && (isInvisible(r) && r != 0xAD || unicode.IsSpace(r)):
			return true
		}
		prevSpace = r == ' '
		i += size
	}
	return false
}

// clean turns invalid bytes into U+FFFD, drops invisible characters, and turns
// every run of white space and control characters into one space.
func clean(raw string, base int) (string, offsetMap) {
	var m mapped
	m.buf = make([]byte, 0, len(raw))
	m.offs = make([]int, 0, len(raw)+1)
	for i := 0; i < len(raw); {
		r, size := utf8.DecodeRuneInString(raw[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			m.addRune(utf8.RuneError, base+i)
		case r == 0xAD:
			// a soft hyphen stays until the legacy repair (it is ư in TCVN3)
			m.add(raw[i:i+size], base+i)
		case isInvisible(r):
		case unicode.IsSpace(r) || r < 0x20 || r == 0x7F:
			// every run of white space (no-break space included) becomes one space
			if len(m.buf) == 0 || m.buf[len(m.buf)-1] != ' ' {
				m.add(" ", base+i)
			}
		default:
			// C1 controls stay for now: they may be TCVN3 capitals pasted as text
			// (0x8F is Ĩ); unread, they are dropped later.
			m.add(raw[i:i+size], base+i)
		}
		i += size
	}
	s, offs := m.finish(base + len(raw))
	return s, offsetMap{offs: offs}
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < 0x20 || c == 0x7F {
			return false
		}
	}
	return true
}

// isSimpleLine reports whether a line needs no preparation: printable ASCII
// without runs of spaces.
func isSimpleLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < 0x20 || c == 0x7F || (c == ' ' && i > 0 && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

func isInvisible(r rune) bool {
	switch r {
	case 0xAD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x180E,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069:
		return true
	}
	return false
}

// --- tokens ---

type tokKind uint8

const (
	tkWord  tokKind = iota // letters (with combining marks and inner apostrophes)
	tkNum                  // ASCII digits
	tkSpace                // white space
	tkPunct                // one other character
)

type token struct {
	kind       tokKind
	start, end int // byte offsets into the prepared line
}

func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc)
}

func tokenize(s string, toks []token) []token {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		start := i
		var kind tokKind
		switch {
		case r >= '0' && r <= '9':
			kind = tkNum
			i += size
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
		case unicode.IsSpace(r):
			kind = tkSpace
			i += size
			for i < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r2) {
					break
				}
				i += n2
			}
		case unicode.IsLetter(r):
			kind = tkWord
			i += size
			for i < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[i:])
				if unicode.IsLetter(r2) || isMark(r2) {
					i += n2
					continue
				}
				if r2 == '\'' || r2 == '’' {
					// an apostrophe between letters belongs to the word (don't)
					r3, _ := utf8.DecodeRuneInString(s[i+n2:])
					if i+n2 < len(s) && unicode.IsLetter(r3) {
						i += n2
						continue
					}
				}
				break
			}
		default:
			kind = tkPunct
			i += size
		}
		// Combining marks stay with the word or symbol before them; after digits or
		// spaces they form a symbol token of their own.
		for kind == tkPunct && i < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[i:])
			if !isMark(r2) {
				break
			}
			i += n2
		}
		toks = append(toks, token{kind: kind, start: start, end: i})
	}
	return toks
}
