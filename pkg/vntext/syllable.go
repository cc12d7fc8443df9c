package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tones of Vietnamese, in the order used by the tables below.
const (
	toneNone  = 0
	toneAcute = 1 // sắc
	toneGrave = 2 // huyền
	toneHook  = 3 // hỏi
	toneTilde = 4 // ngã
	toneDot   = 5 // nặng
)

// vowelRows lists each of the twelve vowel letters followed by its five toned forms
// (sắc, huyền, hỏi, ngã, nặng).
var vowelRows = [12]string{
	"aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
	"oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
}

// letterInfo describes one letter of the Vietnamese alphabet.
type letterInfo struct {
	base  rune // lower-case letter without tone (quality marks kept: â, ơ, đ …)
	tone  int8
	upper bool
	vowel bool
	ok    bool
}

// Two dense tables cover every code point a Vietnamese letter can have.
var (
	lowLetters  [0x200]letterInfo // U+0000–U+01FF
	highLetters [0x60]letterInfo  // U+1EA0–U+1EFF
	toned       = map[rune][6]rune{}
)

func init() {
	for _, row := range vowelRows {
		rs := []rune(row)
		var lower, upperRow [6]rune
		for t, r := range rs {
			lower[t] = r
			upperRow[t] = unicode.ToUpper(r)
			setLetter(r, letterInfo{base: rs[0], tone: int8(t), vowel: true, ok: true})
			setLetter(unicode.ToUpper(r), letterInfo{base: rs[0], tone: int8(t), upper: true, vowel: true, ok: true})
		}
		toned[rs[0]] = lower
		toned[unicode.ToUpper(rs[0])] = upperRow
	}
	for r := 'a'; r <= 'z'; r++ {
		if lowLetters[r].ok {
			continue
		}
		setLetter(r, letterInfo{base: r, ok: true})
		setLetter(unicode.ToUpper(r), letterInfo{base: r, upper: true, ok: true})
	}
	setLetter('đ', letterInfo{base: 'đ', ok: true})
	setLetter('Đ', letterInfo{base: 'đ', upper: true, ok: true})
}

func setLetter(r rune, li letterInfo) {
	switch {
	case r < 0x200:
		lowLetters[r] = li
	case r >= 0x1EA0 && r < 0x1F00:
		highLetters[r-0x1EA0] = li
	}
}

// letter returns what is known about r as a Vietnamese letter.
func letter(r rune) letterInfo {
	switch {
	case r < 0x200:
		return lowLetters[r]
	case r >= 0x1EA0 && r < 0x1F00:
		return highLetters[r-0x1EA0]
	}
	return letterInfo{}
}

// withTone returns the letter base (lower case, no tone) carrying tone t, in upper case if upper.
func withTone(base rune, t int, upper bool) rune {
	row, ok := toned[base]
	if !ok {
		if upper {
			return unicode.ToUpper(base)
		}
		return base
	}
	r := row[t]
	if upper {
		return unicode.ToUpper(r)
	}
	return r
}

var onsets = []string{
	"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
	"b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
}

// rimes lists every rime (vowel nucleus plus final) of standard Vietnamese, without tone.
var rimes = func() map[string]bool {
	list := `a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
oc oi om on ong oong ooc op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc uê uêch uênh ui um un ung uôc uôi uôm uôn uông uôt up ut
uy uya uych uyên uyêt uyn uynh uyp uyt uyu uơ
ư ưa ưc ưi ưm ưn ưng ươc ươi ươm ươn ương ươp ươt ươu ưt ưu
y yêm yên yêng yêt yêu yt ynh ych`
	m := map[string]bool{}
	for _, f := range strings.Fields(list) {
		m[f] = true
	}
	return m
}()

// syllable is the analysis of one written word as a Vietnamese syllable.
type syllable struct {
	runes []rune // the word as written
	bases []rune // lower case, tone removed
	tone  int
	onset int  // number of runes of the initial consonant
	shape bool // onset and rime are Vietnamese (the tone may still not fit)
	ok    bool
}

// maxSyllableRunes is the length of the longest Vietnamese syllable ("nghiêng").
const maxSyllableRunes = 7

// parseSyllable analyses w. ok is false when w is not a well-formed Vietnamese syllable.
func parseSyllable(w string) syllable {
	var s syllable
	if w == "" || utf8.RuneCountInString(w) > maxSyllableRunes {
		return s
	}
	s.runes = []rune(w)
	s.bases = make([]rune, len(s.runes))
	tones := 0
	for i, r := range s.runes {
		li := letter(r)
		if !li.ok {
			return s
		}
		s.bases[i] = li.base
		if li.tone != toneNone {
			tones++
			s.tone = int(li.tone)
		}
	}
	if tones > 1 {
		return s
	}
	s.onset, s.ok = splitOnset(s.bases)
	if !s.ok {
		return s
	}
	s.shape = true
	// Syllables closed by a stop (p, t, c, ch) take only the sắc or nặng tone.
	n := len(s.bases)
	last := s.bases[n-1]
	if last == 'p' || last == 't' || last == 'c' || (last == 'h' && n >= 2 && s.bases[n-2] == 'c') {
		if s.tone != toneAcute && s.tone != toneDot {
			s.ok = false
		}
	}
	return s
}

func hasRunePrefix(rs []rune, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// splitOnset finds the initial consonant of bases such that the rest is a known rime.
func splitOnset(bases []rune) (int, bool) {
	for _, on := range onsets {
		if !hasRunePrefix(bases, on) {
			continue
		}
		n := runeLen(on)
		rest := string(bases[n:])
		if on == "gi" {
			// gi + rime (gia, giữ) or g + rime starting with i (gì, giếng).
			if rest != "" && rimes[rest] {
				return n, true
			}
			if rimes["i"+rest] {
				return 1, true
			}
			return 0, false
		}
		if rest == "" || !rimes[rest] {
			return 0, false
		}
		return n, true
	}
	if rimes[string(bases)] {
		return 0, true
	}
	return 0, false
}

// isSyllable reports whether w (any case) is a well-formed Vietnamese syllable.
func isSyllable(w string) bool { return parseSyllable(w).ok }

func isVowelBase(r rune) bool {
	switch r {
	case 'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y':
		return true
	}
	return false
}

func hasQuality(r rune) bool {
	switch r {
	case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
		return true
	}
	return false
}

// tonePosition returns the index (into s.runes) of the vowel that carries the tone.
func (s syllable) tonePosition(p TonePlacement) int {
	start := s.onset
	end := start
	for end < len(s.bases) && isVowelBase(s.bases[end]) {
		end++
	}
	if end == start {
		return -1
	}
	for i := end - 1; i >= start; i-- {
		if hasQuality(s.bases[i]) {
			return i
		}
	}
	if end < len(s.bases) { // closed syllable: last vowel (hoàn, thuyền, xoóng)
		return end - 1
	}
	switch end - start {
	case 1:
		return start
	case 2:
		pair := string(s.bases[start:end])
		if pair == "oa" || pair == "oe" || pair == "uy" {
			if p == ToneNew {
				return start + 1 // hoà, khoẻ, thuỷ
			}
			return start // hòa, khỏe, thủy
		}
		return start
	default:
		return start + 1 // oai, oay, uya, uyu, oeo
	}
}

// placeTone returns w with its tone mark moved to the vowel that placement p requires.
// Words that are not Vietnamese syllables, or carry no tone, are returned unchanged.
func placeTone(w string, p TonePlacement) string {
	if w == "" || !mayHaveTone(w) {
		return w
	}
	s := parseSyllable(w)
	if !s.ok || s.tone == toneNone {
		return w
	}
	want := s.tonePosition(p)
	if want < 0 {
		return w
	}
	if li := letter(s.runes[want]); int(li.tone) == s.tone {
		return w
	}
	out := make([]rune, len(s.runes))
	for i, r := range s.runes {
		li := letter(r)
		t := 0
		if i == want {
			t = s.tone
		}
		out[i] = withTone(li.base, t, li.upper)
		if li.base == 'đ' || !li.vowel {
			out[i] = r
		}
	}
	return string(out)
}

// mayHaveTone is a cheap filter for placeTone: only a toned o or u next to a, e
// or y (oa, oe, uy) can be placed two ways; whatever else carries a tone has it in
// the one right place, or is not a syllable.
func mayHaveTone(w string) bool {
	var prev letterInfo
	for _, r := range w {
		li := letter(r)
		if prev.vowel && li.vowel && (prev.tone != toneNone || li.tone != toneNone) {
			switch prev.base {
			case 'o':
				if li.base == 'a' || li.base == 'e' {
					return true
				}
			case 'u':
				if li.base == 'y' {
					return true
				}
			}
		}
		prev = li
	}
	return false
}

// hasVietnameseMark reports whether w has a letter with a tone or quality mark, or đ.
func hasVietnameseMark(w string) bool {
	for _, r := range w {
		if r < 0x80 {
			continue
		}
		li := letter(r)
		if li.ok && (li.tone != toneNone || li.base == 'đ' || hasQuality(li.base)) {
			return true
		}
	}
	return false
}
