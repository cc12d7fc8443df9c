package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Invalid UTF-8 bytes become U+FFFD,
// so the result is always valid UTF-8.
func NFC(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return norm.NFC.String(s)
}

// Fold returns s in lower case without diacritics, with đ as d: "Bắc Kạn" → "bac kan".
// It is meant for identifiers and loose look-ups, never for display.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		if li := letter(r); li.ok {
			switch li.base {
			case 'đ':
				b.WriteByte('d')
			case 'ă', 'â':
				b.WriteByte('a')
			case 'ê':
				b.WriteByte('e')
			case 'ô', 'ơ':
				b.WriteByte('o')
			case 'ư':
				b.WriteByte('u')
			default:
				b.WriteRune(li.base)
			}
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue // a combining mark of decomposed text
		}
		d := norm.NFD.String(string(r))
		for _, c := range d {
			if !unicode.Is(unicode.Mn, c) {
				b.WriteRune(unicode.ToLower(c))
			}
		}
	}
	return b.String()
}

// Syllables counts the syllables of a spoken form: the space-separated tokens
// that contain a letter or a digit.
func Syllables(spoken string) int {
	n := 0
	counted := false
	for _, r := range spoken {
		if unicode.IsSpace(r) {
			counted = false
			continue
		}
		if !counted && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			n++
			counted = true
		}
	}
	return n
}

// DefaultSentenceLimit is the syllable count above which listeners lose a sentence.
const DefaultSentenceLimit = 50

// Sentence is one sentence of a spoken form.
type Sentence struct {
	Text      string // the sentence, trimmed, with its closing punctuation
	Syllables int
	Start     int // byte offsets into the spoken form
	End       int
}

// Sentences splits a spoken form on . ! ? … and line ends. Pieces without any
// syllable (a lone punctuation mark) are left out.
func Sentences(spoken string) []Sentence {
	var out []Sentence
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e {
			r, n := utf8.DecodeRuneInString(spoken[s:])
			if !unicode.IsSpace(r) {
				break
			}
			s += n
		}
		for e > s {
			r, n := utf8.DecodeLastRuneInString(spoken[s:e])
			if !unicode.IsSpace(r) {
				break
			}
			e -= n
		}
		if e > s {
			text := spoken[s:e]
			if syl := Syllables(text); syl > 0 {
				out = append(out, Sentence{Text: text, Syllables: syl, Start: s, End: e})
			}
		}
		start = end
	}
	for i := 0; i < len(spoken); {
		r, n := utf8.DecodeRuneInString(spoken[i:])
		switch {
		case r == '\n':
			flush(i)
			start = i + n
			i += n
		case isSentenceEnd(r):
			j := i + n
			for j < len(spoken) {
				r2, n2 := utf8.DecodeRuneInString(spoken[j:])
				if !isSentenceEnd(r2) && r2 != ')' && r2 != '"' && r2 != '”' {
					break
				}
				j += n2
			}
			flush(j)
			i = j
		default:
			i += n
		}
	}
	flush(len(spoken))
	return out
}

func isSentenceEnd(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// LongSentences returns the sentences of spoken that have more than limit syllables
// (DefaultSentenceLimit when limit <= 0).
func LongSentences(spoken string, limit int) []Sentence {
	if limit <= 0 {
		limit = DefaultSentenceLimit
	}
	var out []Sentence
	for _, s := range Sentences(spoken) {
		if s.Syllables > limit {
			out = append(out, s)
		}
	}
	return out
}
