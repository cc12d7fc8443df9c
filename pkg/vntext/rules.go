package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// engine reads one prepared line token by token and emits spoken pieces.
type engine struct {
	n    *Normalizer
	text string
	om   offsetMap
	toks []token
	out  []piece
	// dropped holds the symbol tokens that are never read (see neverRead).
	dropped []token
	// spokeAny is set once a piece of the line has been read.
	spokeAny bool
	// phoneSeen is set once a telephone number has been read on the line.
	phoneSeen bool
	// prefer is the legacy encoding the line before was repaired from; repaired is
	// that of the current line.
	prefer, repaired Encoding
	// lastDay is the piece count when a day of the month was last read, so that
	// "ngày 5 và 6 tháng 7" reads both days alike.
	lastDay int
}

// pieceCount is the number of pieces emitted so far on the line.
func (e *engine) pieceCount() int { return len(e.out) }

func (e *engine) line(raw string, base int, prefer Encoding) []piece {
	text, om, repaired := prepare(raw, base, prefer)
	e.text, e.om, e.repaired = text, om, repaired
	e.toks = tokenize(text, e.toks[:0])
	// Symbols that are never read are set aside first, so that the rules see the
	// same neighbours as they will in the spoken form (where those symbols are gone).
	kept := e.toks[:0]
	e.dropped = e.dropped[:0]
	for _, t := range e.toks {
		if t.kind == tkPunct && neverRead(text[t.start:t.end]) {
			e.dropped = append(e.dropped, t)
			continue
		}
		if t.kind == tkSpace && len(kept) > 0 && kept[len(kept)-1].kind == tkSpace {
			kept[len(kept)-1].end = t.end
			continue
		}
		kept = append(kept, t)
	}
	e.toks = kept
	e.out = e.out[:0]
	e.spokeAny = false
	e.phoneSeen = false
	e.lastDay = -10
	for i := 0; i < len(e.toks); {
		if e.toks[i].kind == tkSpace {
			i++
			continue
		}
		j := e.step(i)
		if j <= i { // every rule consumes at least one token
			j = i + 1
		}
		i = j
	}
	if len(e.dropped) > 0 {
		e.mergeDropped()
	}
	return e.out
}

// mergeDropped puts the symbols set aside back among the pieces, in input order,
// each read as nothing.
func (e *engine) mergeDropped() {
	merged := make([]piece, 0, len(e.out)+len(e.dropped))
	k := 0
	for _, t := range e.dropped {
		start := e.om.at(t.start)
		for k < len(e.out) && e.out[k].start < start {
			merged = append(merged, e.out[k])
			k++
		}
		if len(merged) > 0 && merged[len(merged)-1].end > start {
			continue // inside a piece that was read across it ("$“5")
		}
		end := e.om.at(t.end)
		if k < len(e.out) && end > e.out[k].start {
			end = e.out[k].start
		}
		if end < start {
			end = start
		}
		merged = append(merged, piece{start: start, end: end})
	}
	merged = append(merged, e.out[k:]...)
	e.out = merged
}

// neverRead reports whether a symbol token is never spoken: quotes, bullets,
// pictographs, stray combining marks, U+FFFD.
func neverRead(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	if r < 0x80 {
		return !strings.ContainsRune(",;:!?()[]{}.-&%+=@#~/<>$", r)
	}
	switch r {
	case '…', '–', '—', '−', '‒', '―', '‐', '‑', '＆', '‰', '≈', '°', 'º', '℃', '≥', '≤', '×', '€', '£', '¥', '₫', '²', '³':
		return false
	}
	return true
}

func (e *engine) step(i int) int {
	if e.isFirst() {
		if j, ok := e.listMarker(i); ok {
			return j
		}
	}
	k := e.toks[i].kind
	if k == tkWord || k == tkNum {
		if j, ok := e.address(i); ok {
			return j
		}
	}
	switch k {
	case tkNum:
		return e.numberAt(i)
	case tkWord:
		return e.wordAt(i)
	}
	return e.punctAt(i)
}

// --- token helpers ---

func (e *engine) s(i int) string {
	if i < 0 || i >= len(e.toks) {
		return ""
	}
	return e.text[e.toks[i].start:e.toks[i].end]
}

// kind returns the kind of token i, or tkSpace outside the line.
func (e *engine) kind(i int) tokKind {
	if i < 0 || i >= len(e.toks) {
		return tkSpace
	}
	return e.toks[i].kind
}

func (e *engine) isPunct(i int, s string) bool {
	return e.kind(i) == tkPunct && e.s(i) == s
}

// isOneSpace reports whether token i is the white space between two words (any
// run of spaces counts as one, as it does in the spoken form).
func (e *engine) isOneSpace(i int) bool {
	return i >= 0 && i < len(e.toks) && e.toks[i].kind == tkSpace
}

// skipSpace returns i, or the token after it when token i is white space.
func (e *engine) skipSpace(i int) int {
	if i < len(e.toks) && e.toks[i].kind == tkSpace {
		return i + 1
	}
	return i
}

// attachedWordOrNum reports whether token i is a word or number touching the token before it.
func (e *engine) attachedWordOrNum(i int) bool {
	k := e.kind(i)
	return i < len(e.toks) && (k == tkWord || k == tkNum)
}

// isFirst reports whether nothing has been read yet on the line.
func (e *engine) isFirst() bool { return !e.spokeAny }

// --- output ---

func (e *engine) emit(i, j int, spoken string) {
	if j <= i {
		j = i + 1
	}
	if j > len(e.toks) {
		j = len(e.toks)
	}
	if e.n.placement == ToneNew {
		spoken = e.n.retone(spoken) // the fixed words of the rules are written hòa, khóa
	}
	start, end := e.om.at(e.toks[i].start), e.om.at(e.toks[j-1].end)
	// Offsets inside a character that NFC composed are approximate: keep them in order.
	if n := len(e.out); n > 0 && start < e.out[n-1].end {
		start = e.out[n-1].end
	}
	if end < start {
		end = start
	}
	e.out = append(e.out, piece{start: start, end: end, spoken: spoken})
	if spoken != "" {
		e.spokeAny = true
	}
}

func isPunctPiece(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// prev returns the k-th previous spoken word (1 = the last) in lower case, or ""
// when a pause (punctuation) comes first.
func (e *engine) prev(k int) string {
	for p := len(e.out) - 1; p >= 0; p-- {
		s := e.out[p].spoken
		if s == "" {
			continue
		}
		end := len(s)
		for end > 0 {
			// the last word of s[:end]
			start := strings.LastIndexByte(s[:end], ' ') + 1
			w := s[start:end]
			if w == "" {
				end = start - 1
				continue
			}
			if isPauseByte(w[len(w)-1]) || isPunctPiece(w) {
				return ""
			}
			k--
			if k == 0 {
				return strings.ToLower(w)
			}
			end = start - 1
			if end < 0 {
				end = 0
			}
		}
	}
	return ""
}

// histEndsWith reports whether the last spoken words are ws.
func (e *engine) histEndsWith(ws ...string) bool {
	for k := range ws {
		if e.prev(k+1) != ws[len(ws)-1-k] {
			return false
		}
	}
	return true
}

// --- list markers: "1. ", "II. " at the start of a line ---
//
// A numbered point is read as its number with a capital and a full stop ("1. Văn
// phòng" → "Một. Văn phòng"): the announcer pauses after it.

func (e *engine) listMarker(i int) (int, bool) {
	var v int
	switch e.kind(i) {
	case tkNum:
		d := e.s(i)
		if len(d) > 2 {
			return 0, false
		}
		v, _ = atoi(d)
	case tkWord:
		rv, ok := romanValue(e.s(i))
		if !ok || rv > 20 {
			return 0, false
		}
		if _, _, abbr := e.abbrevAt(i); abbr {
			return 0, false // X. Dương Quang is a commune, not point ten
		}
		v = rv
	default:
		return 0, false
	}
	if v < 1 || !(e.isPunct(i+1, ".") || e.isPunct(i+1, ")")) || e.kind(i+2) != tkSpace || i+3 >= len(e.toks) || e.kind(i+3) == tkNum {
		return 0, false
	}
	e.emit(i, i+2, capitalize(e.n.cardinal(itoa(v)))+".")
	return i + 2, true
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// --- words ---

func (e *engine) wordAt(i int) int {
	w := e.s(i)
	if j, sp, ok := e.abbrevAt(i); ok {
		e.emit(i, j, sp)
		return j
	}
	// Weekdays written T2 … T7.
	if w == "T" && e.kind(i+1) == tkNum && len(e.s(i+1)) == 1 && e.s(i+1) >= "2" && e.s(i+1) <= "7" && !e.attachedWordOrNum(i+2) {
		d := e.s(i + 1)
		e.emit(i, i+2, "thứ "+e.n.ordinal(d))
		return i + 2
	}
	// Roman numerals after Chương, Khóa, lần thứ, thế kỷ …
	if isRomanLetters(w) {
		if v, ok := romanValue(w); ok && romanContext[e.prev(1)] {
			if e.prev(1) == "thứ" {
				e.emit(i, i+1, e.n.ordinal(itoa(v)))
			} else {
				e.emit(i, i+1, e.n.cardinal(itoa(v)))
			}
			return i + 1
		}
	}
	if isAllUpper(w) {
		if j, ok := e.capitals(i); ok {
			return j
		}
	}
	if isLowerASCIIWord(w) {
		if v, ok := e.n.words[w]; ok && !isSyllable(w) {
			e.emit(i, i+1, v)
			return i + 1
		}
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) {
		li := letter(r)
		if li.ok && !li.vowel {
			e.emit(i, i+1, letterNames[li.base])
			return i + 1
		}
	}
	e.emit(i, i+1, placeTone(w, e.n.placement))
	return i + 1
}

// isRomanLetters reports whether w can be a Roman numeral after a word like Chương
// or Khóa: made of I, V, X and L (up to 89). C, D and M are left out, and a single
// letter must be I, V or X, since "lớp C" or "số D" name a letter, not 100 or 500.
func isRomanLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		switch w[i] {
		case 'I', 'V', 'X':
		case 'L':
			if len(w) == 1 {
				return false
			}
		default:
			return false
		}
	}
	return w != ""
}

func isAllUpper(w string) bool {
	has := false
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			has = true
		}
	}
	return has
}

func isLowerASCIIWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// capsSyllable reports whether token k is a word in capitals that is a Vietnamese syllable.
func (e *engine) capsSyllable(k int) bool {
	if e.kind(k) != tkWord || k >= len(e.toks) {
		return false
	}
	w := e.s(k)
	return isAllUpper(w) && isSyllable(w)
}

// capitals reads a word written in capitals: a heading (CỘNG HÒA XÃ HỘI …) is read in
// sentence case, an acronym (OTP, VTV) letter by letter, a long foreign word in
// capitals (DEEPFAKE) as a word.
func (e *engine) capitals(i int) (int, bool) {
	w := e.s(i)
	nr := utf8.RuneCountInString(w)
	if nr >= 2 && e.capsSyllable(i) {
		run := []int{i}
		k := i
		for e.isOneSpace(k+1) && e.capsSyllable(k+2) {
			if utf8.RuneCountInString(e.s(k+2)) < 2 {
				// a one-letter word (Ở, A) only inside a run: ĐI Ở ĐÂU
				if !(e.isOneSpace(k+3) && e.capsSyllable(k+4) && utf8.RuneCountInString(e.s(k+4)) >= 2) {
					break
				}
			}
			run = append(run, k+2)
			k += 2
		}
		if len(run) >= 2 || (nr >= 2 && (hasVietnameseMark(w) || nr >= 4)) {
			e.headingRun(run)
			return run[len(run)-1] + 1, true
		}
	}
	if nr < 2 {
		return 0, false
	}
	if spellable(w) {
		e.emit(i, i+1, spell(w))
	} else {
		e.emit(i, i+1, placeTone(strings.ToLower(w), e.n.placement))
	}
	return i + 1, true
}

// headingRun emits the words of a run of capitals in sentence case, with known
// place names capitalized.
func (e *engine) headingRun(run []int) {
	ws := make([]string, len(run))
	for k, t := range run {
		ws[k] = placeTone(strings.ToLower(e.s(t)), e.n.placement)
	}
	for p := 0; p < len(ws); {
		matched := 0
		for l := min(e.n.placeMax, len(ws)-p); l >= 1; l-- {
			if _, ok := e.n.places[Fold(strings.Join(ws[p:p+l], " "))]; ok {
				matched = l
				break
			}
		}
		if matched == 0 {
			p++
			continue
		}
		for q := p; q < p+matched; q++ {
			ws[q] = capitalize(ws[q])
		}
		p += matched
	}
	// Capitalize the first word, unless the heading goes on from an acronym in
	// capitals (UBND TỈNH → Ủy ban nhân dân tỉnh).
	first := run[0]
	if !(e.isOneSpace(first-1) && e.kind(first-2) == tkWord && isAllUpper(e.s(first-2))) {
		ws[0] = capitalize(ws[0])
	}
	for k, t := range run {
		e.emit(t, t+1, ws[k])
	}
}

// spellable reports whether an acronym is read letter by letter: short ones, and
// those without a vowel.
func spellable(w string) bool {
	if utf8.RuneCountInString(w) <= 4 {
		return true
	}
	for _, r := range w {
		if li := letter(r); li.ok && li.vowel {
			return false
		}
	}
	return true
}

// spell reads every letter of w by its name: "OTP" → "ô tê pê".
func spell(w string) string {
	var parts []string
	for _, r := range w {
		if !unicode.IsLetter(r) {
			continue
		}
		lr := unicode.ToLower(r)
		li := letter(lr)
		if li.ok && li.tone == toneNone {
			if name, ok := letterNames[li.base]; ok {
				parts = append(parts, name)
				continue
			}
		}
		if name, ok := letterNames[lr]; ok {
			parts = append(parts, name)
			continue
		}
		parts = append(parts, string(lr))
	}
	return strings.Join(parts, " ")
}

// --- abbreviations ---

func (e *engine) abbrevAt(i int) (int, string, bool) {
	list := e.n.abbr[e.s(i)]
	if len(list) == 0 {
		return 0, "", false
	}
	start := e.toks[i].start
	rest := e.text[start:]
	for _, ent := range list {
		if ent.when == condIssuer || !strings.HasPrefix(rest, ent.key) {
			continue
		}
		j := e.tokenEndingAt(i, start+len(ent.key))
		if j < 0 {
			continue
		}
		if !strings.HasSuffix(ent.key, ".") && e.attachedWordOrNum(j) && e.kind(j-1) == e.kind(j) {
			continue
		}
		if !e.condHolds(ent.when, j) {
			continue
		}
		sp := ent.spoken
		if strings.HasSuffix(ent.key, ".") && e.skipSpace(j) >= len(e.toks) && sp != "" {
			sp += "." // the abbreviation's dot also ended the line
		}
		return j, sp, true
	}
	return 0, "", false
}

// tokenEndingAt returns the index after the token (from i on) that ends at byte end, or -1.
func (e *engine) tokenEndingAt(i, end int) int {
	for k := i; k < len(e.toks); k++ {
		if e.toks[k].end == end {
			return k + 1
		}
		if e.toks[k].end > end {
			return -1
		}
	}
	return -1
}

func (e *engine) condHolds(c abbrCond, j int) bool {
	switch c {
	case condBeforeNumber:
		return e.kind(e.skipSpace(j)) == tkNum && e.skipSpace(j) < len(e.toks)
	case condBeforeTitle:
		k := e.skipSpace(j)
		return e.kind(k) == tkWord && titleWords[strings.ToLower(e.s(k))]
	case condBeforeName:
		if !e.isOneSpace(j) || e.kind(j+1) != tkWord {
			return false
		}
		r, _ := utf8.DecodeRuneInString(e.s(j + 1))
		return unicode.IsUpper(r)
	}
	return true
}

// issuerName names the issuing body of a document code.
func (e *engine) issuerName(code string) string {
	if strings.HasPrefix(code, "QH") && len(code) > 2 {
		if _, ok := atoi(code[2:]); ok {
			return "Quốc hội khóa " + e.n.cardinal(code[2:])
		}
	}
	list := e.n.abbr[firstWord(code)]
	for _, ent := range list {
		if ent.key == code && ent.when == condIssuer {
			return ent.spoken
		}
	}
	for _, ent := range list {
		if ent.key == code && ent.when == condAlways {
			return ent.spoken
		}
	}
	return spell(code)
}

// --- punctuation and symbols ---

func (e *engine) punctAt(i int) int {
	s := e.s(i)
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case ',', ';', ':', '!', '?', '(', ')':
		e.emit(i, i+1, string(r))
	case '[', '{':
		e.emit(i, i+1, "(")
	case ']', '}':
		e.emit(i, i+1, ")")
	case '.':
		if e.isPunct(i+1, "/") && e.isPunct(i+2, ".") { // "./." closes a letter
			e.emit(i, i+3, ".")
			return i + 3
		}
		j := i + 1
		for e.isPunct(j, ".") {
			j++
		}
		if j-i >= 2 {
			e.emit(i, j, "...")
		} else {
			e.emit(i, j, ".")
		}
		return j
	case '…':
		e.emit(i, i+1, "...")
	case '-', '–', '—', '−', '‒', '―', '‐', '‑':
		return e.dash(i)
	case '&', '＆':
		e.emit(i, i+1, "và")
	case '%':
		e.emit(i, i+1, "phần trăm")
	case '‰':
		e.emit(i, i+1, "phần nghìn")
	case '+':
		return e.plus(i)
	case '=':
		e.emit(i, i+1, "bằng")
	case '@':
		e.emit(i, i+1, "a còng")
	case '#':
		if e.kind(i+1) == tkNum && i+1 < len(e.toks) {
			e.emit(i, i+1, "số")
		} else {
			e.emit(i, i+1, "")
		}
	case '~', '≈':
		if k := e.skipSpace(i + 1); e.kind(k) == tkNum && k < len(e.toks) {
			e.emit(i, i+1, "khoảng")
		} else {
			e.emit(i, i+1, "")
		}
	case '°', 'º':
		if e.kind(i+1) == tkWord && (e.s(i+1) == "C" || e.s(i+1) == "F") {
			e.emit(i, i+2, "độ "+letterNames[unicode.ToLower(rune(e.s(i + 1)[0]))])
			return i + 2
		}
		e.emit(i, i+1, "độ")
	case '℃':
		e.emit(i, i+1, "độ xê")
	case '/':
		return e.slash(i)
	case '>', '<', '≥', '≤', '×':
		if e.kind(i-1) == tkSpace && e.kind(i+1) == tkSpace && i > 0 && i+1 < len(e.toks) {
			e.emit(i, i+1, map[rune]string{'>': "lớn hơn", '<': "nhỏ hơn", '≥': "lớn hơn hoặc bằng", '≤': "nhỏ hơn hoặc bằng", '×': "nhân"}[r])
		} else {
			e.emit(i, i+1, "")
		}
	case '$', '€', '£', '¥':
		if e.kind(i+1) == tkNum && i+1 < len(e.toks) {
			ex := e.numExpr(i + 1)
			name := map[rune]string{'$': "đô la", '€': "ơ rô", '£': "bảng Anh", '¥': "yên"}[r]
			e.emit(i, ex.end, ex.spoken+" "+name)
			return ex.end
		}
		e.emit(i, i+1, "")
	default:
		e.emit(i, i+1, "")
	}
	return i + 1
}

// dash handles - – —: a minus sign before a number (âm), a bullet at the start of a
// line (not read), "đến" between days of the week (T2-CN), a pause (comma) when
// spaced between words (Độc lập - Tự do - Hạnh phúc), and nothing when it joins two
// words (video-call). Ranges of numbers are read by numberAt.
func (e *engine) dash(i int) int {
	r, _ := utf8.DecodeRuneInString(e.s(i))
	if e.kind(i+1) == tkNum && i+1 < len(e.toks) && r != '—' &&
		(i == 0 || e.kind(i-1) == tkSpace || e.isPunct(i-1, "(")) {
		ex := e.numExpr(i + 1)
		e.emit(i, ex.end, "âm "+ex.spoken)
		return ex.end
	}
	if e.isFirst() {
		e.emit(i, i+1, "") // a bullet
		return i + 1
	}
	if e.afterWeekday() && e.weekdayAt(e.skipSpace(i+1)) {
		e.emit(i, i+1, "đến") // T2-CN, Thứ 2 - Thứ 6
		return i + 1
	}
	if e.kind(i-1) == tkSpace && (e.kind(i+1) == tkSpace) {
		e.emit(i, i+1, ",")
		return i + 1
	}
	e.emit(i, i+1, "")
	return i + 1
}

// afterWeekday reports whether the last words spoken name a day of the week.
func (e *engine) afterWeekday() bool {
	if e.histEndsWith("chủ", "nhật") {
		return true
	}
	switch e.prev(1) {
	case "hai", "ba", "tư", "năm", "sáu", "bảy":
		return e.prev(2) == "thứ"
	}
	return false
}

// weekdayAt reports whether token k starts a day of the week: T2 … T7, CN, Thứ, Chủ nhật.
func (e *engine) weekdayAt(k int) bool {
	switch e.s(k) {
	case "T":
		return e.kind(k+1) == tkNum && len(e.s(k+1)) == 1 && e.s(k+1) >= "2" && e.s(k+1) <= "7"
	case "CN", "Thứ", "thứ", "Chủ", "chủ":
		return true
	}
	return false
}

// plus handles "+": a country code (+84 …), a sum, or nothing.
func (e *engine) plus(i int) int {
	if e.kind(i+1) == tkNum && i+1 < len(e.toks) {
		c := e.gather(i + 1)
		if r, ok := e.phoneLike(c, true); ok {
			e.emit(i, r.end, "cộng "+r.spoken)
			return r.end
		}
		ex := e.numExpr(i + 1)
		e.emit(i, ex.end, "cộng "+ex.spoken)
		return ex.end
	}
	if e.kind(i-1) == tkSpace && e.kind(i+1) == tkSpace && i > 0 {
		e.emit(i, i+1, "cộng")
		return i + 1
	}
	e.emit(i, i+1, "")
	return i + 1
}

// perHeads are the words before "/" that make it "per" (đồng/tháng).
var perHeads = map[string]bool{
	"đồng": true, "mỹ": true, "la": true, "rô": true, "lượt": true, "suất": true,
	"lần": true, "tấn": true, "lít": true, "gam": true, "cân": true, "chuyến": true,
}

// slash handles "/": a document code without its number (Số: /UBND-VHTT), "per"
// between words (đồng/tháng → đồng một tháng), or nothing: "ban/ngành" is read
// "ban ngành", as announcers do (saying "hoặc" or "gạch chéo" would change the text).
func (e *engine) slash(i int) int {
	if e.kind(i-1) == tkWord && e.kind(i+1) == tkWord && i+1 < len(e.toks) && !e.attachedWordOrNum(i+2) {
		if w, ok := perWords[e.s(i+1)]; ok && perHeads[e.prev(1)] {
			e.emit(i, i+2, "một "+w)
			return i + 2
		}
	}
	prevTok := i - 1
	if e.kind(prevTok) == tkSpace {
		prevTok--
	}
	if e.kind(i+1) == tkWord && (e.isPunct(prevTok, ":") || e.prev(1) == "số") {
		if codes, end, ok := e.codeList(i + 1); ok {
			if is := e.issuerOf(codes); is != "" {
				e.emit(i, end, e.issuerName(is))
				return end
			}
		}
	}
	e.emit(i, i+1, "")
	return i + 1
}
