package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// numResult is a number-led expression: its spoken form and the token after it.
type numResult struct {
	end       int
	spoken    string
	rangeable bool // may be joined with another by a dash: "3 - 5 ngày", "7h30-11h30"
}

// cluster is a run of digit groups joined by separators without spaces: 0912.345.678,
// 03/7/2024, 25-26/12, 5,3.
type cluster struct {
	parts []string
	seps  []byte
	end   int // token after the last group
}

func (c cluster) sepsAre(s string) bool { return string(c.seps) == s }

// maxClusterParts bounds a cluster: no pattern has more groups (31/7/2024-01/8/2024 has six).
const maxClusterParts = 8

func (e *engine) gather(i int) cluster {
	c := cluster{parts: []string{e.s(i)}}
	k := i + 1
	for k+1 < len(e.toks) && e.toks[k].kind == tkPunct && e.toks[k+1].kind == tkNum && len(c.parts) < maxClusterParts {
		var sep byte
		switch e.s(k) {
		case ".", ",", "/", "-", ":":
			sep = e.s(k)[0]
		case "–", "‑", "‐":
			sep = '-'
		default:
			c.end = k
			return c
		}
		c.parts = append(c.parts, e.s(k+1))
		c.seps = append(c.seps, sep)
		k += 2
	}
	c.end = k
	return c
}

func (e *engine) numberAt(i int) int {
	ex := e.numExpr(i)
	spoken, end := ex.spoken, ex.end
	if ex.rangeable {
		if k, ok := e.rangeDash(end); ok {
			ex2 := e.numExpr(k)
			if ex2.rangeable {
				joiner := " đến "
				if e.scoreContext() {
					joiner = " "
				}
				spoken += joiner + ex2.spoken
				end = ex2.end
			}
		}
	}
	e.emit(i, end, spoken)
	return end
}

// rangeDash finds "-", "–" or "~" (spaces around allowed) followed by a number at j.
func (e *engine) rangeDash(j int) (int, bool) {
	k := e.skipSpace(j)
	if e.kind(k) != tkPunct || k >= len(e.toks) {
		return 0, false
	}
	switch e.s(k) {
	case "-", "–", "—", "~", "‑", "‐":
	default:
		return 0, false
	}
	k = e.skipSpace(k + 1)
	if e.kind(k) != tkNum || k >= len(e.toks) {
		return 0, false
	}
	return k, true
}

func (e *engine) scoreContext() bool {
	p := e.prev(1)
	if scoreContext[p] {
		return true
	}
	return p == "số" && (e.prev(2) == "tỷ" || e.prev(2) == "tỉ")
}

func (e *engine) phoneContext() bool {
	for k := 1; k <= 3; k++ {
		if phoneContext[e.prev(k)] {
			return true
		}
	}
	return false
}

func (e *engine) codeContext() bool {
	for k := 1; k <= 5; k++ {
		if e.prev(k) == "mã" {
			return true
		}
	}
	if e.histEndsWith("ô", "tê", "pê") || e.histEndsWith("pin") {
		return true
	}
	if codeContext[e.prev(1)] {
		return true
	}
	for k := 1; k <= 3; k++ {
		if e.prev(k) == "khoản" && e.prev(k+1) == "tài" {
			return true
		}
	}
	return e.histEndsWith("căn", "cước", "công", "dân") ||
		e.histEndsWith("chứng", "minh", "nhân", "dân") || e.histEndsWith("biển", "số") ||
		e.histEndsWith("mật", "khẩu")
}

// numExpr reads the number-led expression at token i (a number token).
func (e *engine) numExpr(i int) numResult {
	c := e.gather(i)
	if r, ok := e.clusterExpr(i, c); ok {
		return r
	}
	// 08:00-11:30, 15/7-20/7: read the part before the dash; numberAt reads the range.
	for k, sep := range c.seps {
		if sep == '-' {
			left := cluster{parts: c.parts[:k+1], seps: c.seps[:k], end: i + 2*k + 1}
			if r, ok := e.clusterExpr(i, left); ok {
				return r
			}
			break
		}
	}
	return e.fallback(c)
}

// clusterExpr reads a cluster as one expression; ok is false when no rule fits.
func (e *engine) clusterExpr(i int, c cluster) (numResult, bool) {
	if r, ok := e.docCode(c); ok {
		return r, true
	}
	if r, ok := e.phoneLike(c, false); ok {
		return r, true
	}
	if len(c.parts) == 1 {
		return e.single(i, c), true
	}
	if r, ok := e.dateOrTime(c); ok {
		return r, true
	}
	if r, ok := e.quantity(c); ok {
		return e.withUnit(r), true
	}
	return numResult{}, false
}

// fallback reads each group of a cluster, joined by its separator. A dot that does
// not group thousands is "chấm" (Điều 5.3 → Điều năm chấm ba; an English-style
// decimal 5.3 is read the same way, since Vietnamese writes decimals with a comma).
func (e *engine) fallback(c cluster) numResult {
	var b strings.Builder
	b.WriteString(e.plainNumber(c.parts[0]))
	for k, sep := range c.seps {
		switch sep {
		case '.':
			b.WriteString(" chấm ")
		case ',':
			b.WriteString(" phẩy ")
		case '/', ':':
			b.WriteString(" trên ")
		default:
			b.WriteString(" ")
		}
		b.WriteString(e.plainNumber(c.parts[k+1]))
	}
	return numResult{end: c.end, spoken: b.String()}
}

// plainNumber reads one group of digits: digit by digit when it has a leading zero
// and three or more digits (007), or is too long to be a quantity.
func (e *engine) plainNumber(d string) string {
	if len(d) > 15 || (len(d) >= 3 && d[0] == '0') || (len(d) == 2 && d == "00") {
		return digitsSpoken(d)
	}
	return e.n.cardinal(d)
}

// single reads one group of digits using the words before it.
func (e *engine) single(i int, c cluster) numResult {
	d := c.parts[0]
	v, small := atoi(d)
	if r, ok := e.clockTime(c); ok {
		return r
	}
	spoken := ""
	p := e.prev(1)
	switch {
	case len(d) > 15 || (len(d) >= 3 && d[0] == '0'):
		spoken = digitsSpoken(d)
	case small && v >= 1 && v <= 31 && e.dayFollows(c.end) &&
		(p == "ngày" || ((p == "và" || p == "đến" || p == "hoặc" || p == "tới") && e.lastDay == e.pieceCount()-2)):
		spoken = e.n.day(v)
		e.lastDay = e.pieceCount()
	case small && p == "tháng" && v >= 1 && v <= 12:
		spoken = e.n.month(v)
	case p == "thứ":
		spoken = e.n.ordinal(d)
	case small && (p == "hạng" || p == "giải") && (v == 1 || v == 4):
		spoken = e.n.ordinal(d)
	default:
		spoken = e.plainNumber(d)
		if small && v <= 59 && e.afterHour(i) && !e.nextWordIs(c.end, "phút") {
			return numResult{end: c.end, spoken: spoken + " phút"}
		}
	}
	return e.withUnit(numResult{end: c.end, spoken: spoken, rangeable: true})
}

// dayFollows reports whether what follows a number after "ngày" fits a date:
// "ngày 04 tháng 7", "ngày 5 và 6", "ngày 5," or the end of the line.
func (e *engine) dayFollows(j int) bool {
	k := e.skipSpace(j)
	if k >= len(e.toks) {
		return true
	}
	switch e.kind(k) {
	case tkPunct:
		return true
	case tkWord:
		switch strings.ToLower(e.s(k)) {
		case "tháng", "và", "đến", "tới", "hoặc", "hằng", "này", "nay":
			return true
		}
	}
	return false
}

// afterHour reports whether token i follows "<number> giờ ".
func (e *engine) afterHour(i int) bool {
	return e.kind(i-1) == tkSpace && e.kind(i-2) == tkWord && strings.EqualFold(e.s(i-2), "giờ") &&
		e.kind(i-3) == tkSpace && e.kind(i-4) == tkNum && i >= 4
}

func (e *engine) nextWordIs(j int, w string) bool {
	k := e.skipSpace(j)
	return k < len(e.toks) && e.kind(k) == tkWord && strings.EqualFold(e.s(k), w)
}

// clockTime reads 7h30, 7h, 07g30, 7h30'. Minutes are read as a number with "phút"
// (7h05 → bảy giờ năm phút, not "không năm"); a whole hour has no minutes (7h00 →
// bảy giờ), as news readers say it.
func (e *engine) clockTime(c cluster) (numResult, bool) {
	h, ok := atoi(c.parts[0])
	if !ok || h > 24 || len(c.parts[0]) > 2 || e.kind(c.end) != tkWord || c.end >= len(e.toks) {
		return numResult{}, false
	}
	w := e.s(c.end)
	if w != "h" && w != "g" && w != "H" {
		return numResult{}, false
	}
	j := c.end + 1
	mins := -1
	if e.kind(j) == tkNum && j < len(e.toks) && len(e.s(j)) <= 2 {
		if m, ok := atoi(e.s(j)); ok && m <= 59 {
			mins = m
			j++
			switch {
			case e.isPunct(j, "'") || e.isPunct(j, "’"):
				j++
			case e.kind(j) == tkWord && (e.s(j) == "p" || e.s(j) == "ph" || e.s(j) == "phút"):
				j++
			}
		}
	}
	if w == "g" && mins < 0 {
		return numResult{}, false // 500g is grams
	}
	if e.attachedWordOrNum(j) {
		return numResult{}, false
	}
	spoken := e.n.cardinal(c.parts[0]) + " giờ"
	if mins > 0 {
		spoken += " " + e.n.cardinal(itoa(mins)) + " phút"
	}
	return numResult{end: j, spoken: spoken, rangeable: true}, true
}

func dayOf(s string) (int, bool) {
	v, ok := atoi(s)
	return v, ok && len(s) <= 2 && v >= 1 && v <= 31
}

func monthOf(s string) (int, bool) {
	v, ok := atoi(s)
	return v, ok && len(s) <= 2 && v >= 1 && v <= 12
}

func yearOf(s string) bool { return len(s) == 4 && s[0] >= '1' && s[0] <= '2' }

// dateOrTime reads times (07:30), dates (03/7/2024, 21-10-2024), date ranges
// (25-26/12), months (12/2024), bare days and months (ngày 15/7), fractions (10/10)
// and plain ranges (2024-2025, 3-5).
func (e *engine) dateOrTime(c cluster) (numResult, bool) {
	p := c.parts
	res := func(s string) (numResult, bool) { return numResult{end: c.end, spoken: s, rangeable: true}, true }
	if s, ok := e.colonTime(c); ok {
		return res(s)
	}
	switch {
	case len(p) == 3 && c.seps[0] == c.seps[1] && (c.seps[0] == '/' || c.seps[0] == '-' || c.seps[0] == '.'):
		if s, ok := e.fullDate(p[0], p[1], p[2]); ok {
			return res(s)
		}
	case c.sepsAre("-/"):
		d1, ok1 := dayOf(p[0])
		d2, ok2 := dayOf(p[1])
		m, ok3 := monthOf(p[2])
		if ok1 && ok2 && ok3 {
			return res(e.n.day(d1) + " đến " + e.n.day(d2) + " tháng " + e.n.month(m))
		}
	case c.sepsAre("-//"):
		d1, ok1 := dayOf(p[0])
		if s, ok := e.fullDate(p[1], p[2], p[3]); ok && ok1 {
			return res(e.n.day(d1) + " đến " + s)
		}
	case c.sepsAre("/-/"):
		if s1, ok := e.dayMonth(p[0], p[1]); ok {
			if s2, ok := e.dayMonth(p[2], p[3]); ok {
				return res(s1 + " đến " + s2)
			}
		}
	case c.sepsAre("/-//"):
		if s1, ok := e.dayMonth(p[0], p[1]); ok {
			if s2, ok := e.fullDate(p[2], p[3], p[4]); ok {
				return res(s1 + " đến " + s2)
			}
		}
	case c.sepsAre("//-//"):
		if s1, ok := e.fullDate(p[0], p[1], p[2]); ok {
			if s2, ok := e.fullDate(p[3], p[4], p[5]); ok {
				return res(s1 + " đến " + s2)
			}
		}
	case c.sepsAre("/"):
		// A day and month: after a word of time (ngày, sáng, từ …) or a weekday
		// (Thứ 3 (23/7)), or when the "fraction" would be improper (25/12).
		if len(p[1]) <= 2 && (dateContext[e.prev(1)] || e.afterWeekdayParen() || improper(p[0], p[1])) {
			if s, ok := e.dayMonth(p[0], p[1]); ok {
				return res(s)
			}
		}
		if m, ok := monthOf(p[0]); ok && yearOf(p[1]) {
			s := e.n.month(m) + " năm " + e.n.cardinal(p[1])
			if e.prev(1) != "tháng" {
				s = "tháng " + s
			}
			return res(s)
		}
		if len(p[0]) <= 15 && len(p[1]) <= 15 {
			return numResult{end: c.end, spoken: e.plainNumber(p[0]) + " trên " + e.plainNumber(p[1])}, true
		}
	case c.sepsAre(":"):
		if e.scoreContext() {
			return res(e.plainNumber(p[0]) + " " + e.plainNumber(p[1]))
		}
		return numResult{end: c.end, spoken: e.plainNumber(p[0]) + " trên " + e.plainNumber(p[1])}, true
	case c.sepsAre("-"):
		if e.scoreContext() {
			return numResult{end: c.end, spoken: e.plainNumber(p[0]) + " " + e.plainNumber(p[1])}, true
		}
		a, b := e.plainNumber(p[0]), e.plainNumber(p[1])
		if e.prev(1) == "ngày" {
			if d1, ok := dayOf(p[0]); ok {
				if d2, ok := dayOf(p[1]); ok {
					a, b = e.n.day(d1), e.n.day(d2)
				}
			}
		}
		r := e.withUnit(numResult{end: c.end, spoken: a + " đến " + b})
		return r, true
	}
	return numResult{}, false
}

// colonTime reads 07:30 and 07:30:15.
func (e *engine) colonTime(c cluster) (string, bool) {
	p := c.parts
	if !(c.sepsAre(":") || c.sepsAre("::")) || len(p[0]) > 2 {
		return "", false
	}
	h, _ := atoi(p[0])
	m, _ := atoi(p[1])
	if h > 24 || len(p[1]) != 2 || m > 59 {
		return "", false
	}
	s := e.n.cardinal(p[0]) + " giờ"
	if m > 0 || len(p) == 3 {
		s += " " + e.n.cardinal(p[1]) + " phút"
	}
	if len(p) == 3 {
		sec, _ := atoi(p[2])
		if len(p[2]) != 2 || sec > 59 {
			return "", false
		}
		if sec > 0 {
			s += " " + e.n.cardinal(p[2]) + " giây"
		}
	}
	return s, true
}

func (e *engine) fullDate(ds, ms, ys string) (string, bool) {
	d, ok1 := dayOf(ds)
	m, ok2 := monthOf(ms)
	if !ok1 || !ok2 || (len(ys) != 4 && len(ys) != 2) {
		return "", false
	}
	return e.n.day(d) + " tháng " + e.n.month(m) + " năm " + e.n.cardinal(ys), true
}

func (e *engine) dayMonth(ds, ms string) (string, bool) {
	d, ok1 := dayOf(ds)
	m, ok2 := monthOf(ms)
	if !ok1 || !ok2 {
		return "", false
	}
	return e.n.day(d) + " tháng " + e.n.month(m), true
}

// quantity reads 1.000.000, 1.234,5 and 5,3 ("." groups thousands, "," is the decimal mark).
func (e *engine) quantity(c cluster) (numResult, bool) {
	p := c.parts
	intEnd := len(p)
	frac := ""
	if c.seps[len(c.seps)-1] == ',' {
		intEnd = len(p) - 1
		frac = p[len(p)-1]
	}
	for k := 0; k < intEnd-1; k++ {
		if c.seps[k] != '.' {
			return numResult{}, false
		}
	}
	intDigits := p[0]
	if intEnd > 1 {
		if len(p[0]) > 3 || (p[0][0] == '0') {
			return numResult{}, false
		}
		for k := 1; k < intEnd; k++ {
			if len(p[k]) != 3 {
				return numResult{}, false
			}
			intDigits += p[k]
		}
	}
	if len(intDigits) > maxCardinalDigits {
		return numResult{}, false
	}
	if frac == "" {
		return numResult{end: c.end, spoken: e.n.cardinal(intDigits), rangeable: true}, true
	}
	return numResult{end: c.end, spoken: e.n.decimal(intDigits, frac), rangeable: true}, true
}

// withUnit appends the unit, currency or percent sign written after a quantity.
func (e *engine) withUnit(r numResult) numResult {
	if sp, end, ok := e.unitAt(r.end); ok {
		r.spoken += " " + sp
		r.end = end
	}
	return r
}

// unitAt reads a unit at token k (directly after the digits, or after one space).
func (e *engine) unitAt(k int) (string, int, bool) {
	j := k
	spaced := false
	if e.isOneSpace(j) {
		spaced = true
		j++
	}
	if j >= len(e.toks) {
		return "", 0, false
	}
	s := e.s(j)
	switch e.kind(j) {
	case tkPunct:
		switch s {
		case "%":
			return e.perUnit("phần trăm", "%", j+1)
		case "‰":
			return "phần nghìn", j + 1, true
		case "°", "º":
			if e.kind(j+1) == tkWord && (e.s(j+1) == "C" || e.s(j+1) == "F") && !e.attachedWordOrNum(j+2) {
				return "độ " + letterNames[unicode.ToLower(rune(e.s(j + 1)[0]))], j + 2, true
			}
			return "độ", j + 1, true
		case "℃":
			return "độ xê", j + 1, true
		case "₫", "€", "$":
			if !spaced || s != "$" {
				return e.perUnit(units[s], s, j+1)
			}
		}
	case tkWord:
		u, ok := units[s]
		if !ok || (spaced && !spacedUnits[s]) {
			return "", 0, false
		}
		end := j + 1
		switch s {
		case "m", "km", "cm", "mm", "dm":
			switch {
			case e.kind(end) == tkNum && end < len(e.toks) && (e.s(end) == "2" || e.s(end) == "3") && !e.attachedWordOrNum(end+1):
				if e.s(end) == "2" {
					u += " vuông"
				} else {
					u += " khối"
				}
				end++
			case e.isPunct(end, "²"):
				u += " vuông"
				end++
			case e.isPunct(end, "³"):
				u += " khối"
				end++
			}
		}
		if e.attachedWordOrNum(end) {
			return "", 0, false // 5mm2x, 3kgs: not a unit we know
		}
		return e.perUnit(u, s, end)
	}
	return "", 0, false
}

// perUnit adds "/tháng", "/kg", "/h" after a unit: "đồng một ki lô gam", "ki lô mét trên giờ".
func (e *engine) perUnit(spoken, written string, end int) (string, int, bool) {
	if e.isPunct(end, "/") && e.kind(end+1) == tkWord && end+1 < len(e.toks) {
		if w, ok := perWords[e.s(end+1)]; ok && !e.attachedWordOrNum(end+2) {
			if currencyUnits[written] {
				return spoken + " một " + w, end + 2, true
			}
			return spoken + " trên " + w, end + 2, true
		}
	}
	return spoken, end, true
}

// phoneLike reads telephone numbers, hotlines and codes digit by digit, with a pause
// (comma) at each written group: 0912.345.678, 1900 1234, gọi 113, mã bưu chính 23000.
// force is set after "+" (country code).
func (e *engine) phoneLike(c cluster, force bool) (numResult, bool) {
	for _, s := range c.seps {
		if s != '.' && s != '-' {
			return numResult{}, false
		}
	}
	groups := append([]string(nil), c.parts...)
	end := c.end
	total := 0
	for _, g := range groups {
		total += len(g)
	}
	first := groups[0]
	startsPhone := (len(first) >= 2 && first[0] == '0' && first[1] != '0') || strings.HasPrefix(first, "1800") || strings.HasPrefix(first, "1900") || force
	phoneCtx := e.phoneContext()
	codeCtx := e.codeContext()
	service := len(groups) == 1 && serviceNumbers[first] && (e.phoneSeen || e.prev(1) == "số")
	if !startsPhone && !phoneCtx && !codeCtx && !service {
		return numResult{}, false
	}
	// Groups written with single spaces: 0912 345 678, 1900 1234, +84 912 345 678,
	// and account numbers: 1234 5678 9012.
	if startsPhone || phoneCtx || codeCtx {
		limit := 12
		if codeCtx {
			limit = 20
		}
		g2, end2, total2 := groups, end, total
		for e.isOneSpace(end2) && e.kind(end2+1) == tkNum && end2+1 < len(e.toks) {
			g := e.s(end2 + 1)
			if len(g) < 2 || len(g) > 4 || total2+len(g) > limit {
				break
			}
			// the group must end the number: not 0912 345,5 or a date after it
			if nx := end2 + 2; e.kind(nx) == tkPunct && nx+1 < len(e.toks) && e.kind(nx+1) == tkNum {
				break
			}
			g2 = append(g2, g)
			total2 += len(g)
			end2 += 2
		}
		if validPhoneLength(g2[0], total2, force) || (codeCtx && len(g2) > 1 && total2 >= 8) {
			groups, end, total = g2, end2, total2
		}
	}
	switch {
	case force && total >= 3:
	case codeCtx && len(groups) > 1 && total >= 8:
	case startsPhone && validPhoneLength(first, total, false):
	case service:
	case (phoneCtx || codeCtx) && len(groups) == 1 && total >= 3 && total <= 12:
	case (phoneCtx || codeCtx) && startsPhone && total >= 3:
	case codeCtx && total >= 3 && len(c.seps) == 0:
	default:
		return numResult{}, false
	}
	if len(groups) == 1 && !codeCtx {
		groups = splitPhone(groups[0])
	}
	words := make([]string, len(groups))
	for k, g := range groups {
		words[k] = digitsSpoken(g)
	}
	e.phoneSeen = true
	return numResult{end: end, spoken: strings.Join(words, ", ")}, true
}

// serviceNumbers are the short numbers that are dialled, read digit by digit after
// "số" (đầu số 5656) or when a telephone number came before on the line
// ("Tổng đài 156 (ATTT), 5656 (tin nhắn rác)"). Elsewhere 113 may be a quantity.
var serviceNumbers = map[string]bool{
	"111": true, "112": true, "113": true, "114": true, "115": true, "116": true,
	"117": true, "119": true, "156": true, "5656": true, "1022": true, "1080": true,
	"1088": true, "18001567": true,
}

func validPhoneLength(first string, total int, force bool) bool {
	switch {
	case force:
		return total >= 8 && total <= 13
	case first == "1800" || first == "1900" || (len(first) == 8 && (strings.HasPrefix(first, "1800") || strings.HasPrefix(first, "1900"))):
		return total == 8 || total == 10
	case len(first) >= 2 && first[0] == '0':
		return total >= 9 && total <= 11
	}
	return false
}

// splitPhone groups an unbroken number the way it is read: 10-digit mobiles 4-3-3,
// 11-digit landlines 4-4-3, 8-digit hotlines 4-4, 9 digits 3-3-3; short numbers whole.
func splitPhone(d string) []string {
	var sizes []int
	switch len(d) {
	case 8:
		sizes = []int{4, 4}
	case 9:
		sizes = []int{3, 3, 3}
	case 10:
		sizes = []int{4, 3, 3}
	case 11:
		sizes = []int{4, 4, 3}
	default:
		return []string{d}
	}
	out := make([]string, 0, len(sizes))
	k := 0
	for _, s := range sizes {
		out = append(out, d[k:k+s])
		k += s
	}
	return out
}

// --- document codes: 907/STTTT-CNTT-BCVT, 13/2023/NĐ-CP, 57-NQ/TW ---

// codeList reads document-code parts from token k: words starting with a capital,
// each optionally followed by digits (QH14), joined by "-" or "/".
func (e *engine) codeList(k int) ([]string, int, bool) {
	var codes []string
	for {
		if e.kind(k) != tkWord || k >= len(e.toks) {
			break
		}
		w := e.s(k)
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			break
		}
		code := w
		k++
		if e.kind(k) == tkNum && k < len(e.toks) {
			code += e.s(k)
			k++
		}
		codes = append(codes, code)
		if (e.isPunct(k, "-") || e.isPunct(k, "/") || e.isPunct(k, "–")) && e.kind(k+1) == tkWord && k+1 < len(e.toks) {
			r2, _ := utf8.DecodeRuneInString(e.s(k + 1))
			if unicode.IsUpper(r2) {
				k++
				continue
			}
		}
		break
	}
	return codes, k, len(codes) > 0
}

// issuerOf returns the issuing body among the parts: the first that is not a document type.
func (e *engine) issuerOf(codes []string) string {
	for _, c := range codes {
		if !docTypes[c] {
			return c
		}
	}
	return ""
}

func (e *engine) docCode(c cluster) (numResult, bool) {
	var number, year string
	switch {
	case len(c.parts) == 1:
		number = c.parts[0]
	case len(c.parts) == 2 && c.seps[0] == '/' && yearOf(c.parts[1]):
		number, year = c.parts[0], c.parts[1]
	default:
		return numResult{}, false
	}
	j := c.end
	var codes []string
	end := 0
	switch {
	case e.isPunct(j, "/") && e.kind(j+1) == tkWord:
		cs, k, ok := e.codeList(j + 1)
		if !ok {
			return numResult{}, false
		}
		codes, end = cs, k
	case year == "" && (e.isPunct(j, "-") || e.isPunct(j, "–")) && e.kind(j+1) == tkWord:
		// Party documents: 57-NQ/TW
		cs, k, ok := e.codeList(j + 1)
		if !ok || len(cs) < 2 || !docTypes[cs[0]] {
			return numResult{}, false
		}
		codes, end = cs, k
	default:
		return numResult{}, false
	}
	if len(codes) == 1 && len([]rune(codes[0])) == 1 {
		return numResult{}, false // 5/A is not a document code
	}
	spoken := e.n.cardinal(number)
	if year != "" {
		spoken += " năm " + e.n.cardinal(year)
	}
	if is := e.issuerOf(codes); is != "" {
		name := e.issuerName(is)
		// Say the issuer unless the sentence names it right after ("… ngày 03/7/2024
		// của Sở Thông tin và Truyền thông tỉnh Bắc Kạn").
		if !e.sentenceMentions(end, "của "+name) && !e.sentenceMentions(end, "của "+is) {
			spoken += " của " + name
		}
	}
	return numResult{end: end, spoken: spoken}, true
}

// sentenceMentions reports whether the rest of the sentence from token k contains phrase
// (compared folded).
func (e *engine) sentenceMentions(k int, phrase string) bool {
	if k >= len(e.toks) {
		return false
	}
	rest := e.text[e.toks[k].start:]
	if len(rest) > 400 {
		rest = rest[:400]
	}
	if i := strings.IndexAny(rest, ".!?;"); i >= 0 {
		rest = rest[:i]
	}
	return strings.Contains(Fold(rest), Fold(phrase))
}

// improper reports whether a/b is more than one (a fraction read so is rare).
func improper(a, b string) bool {
	x, ok1 := atoi(a)
	y, ok2 := atoi(b)
	return ok1 && ok2 && x > y
}

// afterWeekdayParen reports whether the number follows "Thứ 3 (" or "T3, ".
func (e *engine) afterWeekdayParen() bool {
	n := len(e.out)
	if n < 2 {
		return false
	}
	last := e.out[n-1].spoken
	if last != "(" && last != "," {
		return false
	}
	for p := n - 2; p >= 0; p-- {
		s := strings.ToLower(e.out[p].spoken)
		if s == "" {
			continue
		}
		return strings.HasPrefix(s, "thứ ") || s == "chủ nhật" || (strings.HasPrefix(s, "thứ") && p > 0)
	}
	return false
}
