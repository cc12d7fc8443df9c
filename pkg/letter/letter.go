// Package letter imports official letters (công văn) of Vietnamese state
// bodies, as plain text (.txt, .md, in any encoding pkg/vntext detects) or as
// Word documents (.docx), and turns them into draft notices.
//
// A letter laid out after Nghị định 30/2020/NĐ-CP has a header (issuing body,
// national motto, "Số:" number and code, "V/v" subject, place and date), the
// "Kính gửi:" recipients, the body, and a footer ("Nơi nhận:" list, signer's
// role lines such as "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" and name). Text
// extracted from PDFs or Word tables puts the two header and footer columns
// either one after the other or side by side on one line separated by tabs or
// runs of spaces; Parse reads both.
//
// Nothing is invented: a number or day left blank in the original (as is
// common for letters circulated before they are numbered) stays empty and is
// listed in Letter.Missing, and Report says so.
//
// Format writes a notice as the Markdown + YAML file that notice.Parse reads.
package letter

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"loa/pkg/vntext"
)

// MaxTextSize is the largest letter text accepted, in bytes.
const MaxTextSize = 10 << 20

// Letter is what was read from an official letter. Empty strings and zero
// numbers mean "not found or blank in the original"; Missing lists which.
type Letter struct {
	// Issuer is the issuing body in normal case: "Ủy ban nhân dân thành phố Bắc Kạn".
	Issuer string
	// IssuerRaw is the issuer as written, one line per header line.
	IssuerRaw string
	// Number is the document number before the slash ("907" in
	// "907/STTTT-CNTT-BCVT"), empty when left blank.
	Number string
	// NumberCode is the code after the first slash that starts the letters
	// part: "STTTT-CNTT-BCVT", "UBND-VHTT".
	NumberCode string
	// Place is the place before the date: "TP. Bắc Kạn".
	Place string
	// Day, Month and Year of issue; 0 when blank or not found.
	Day, Month, Year int
	// Subject is the "V/v" (về việc) line(s), without the prefix.
	Subject string
	// Recipients are the "Kính gửi:" entries, without bullets and final ';' or '.'.
	Recipients []string
	// Body is the text between the recipients and the footer, lines trimmed,
	// paragraphs separated by one blank line, as written.
	Body string
	// SignerRole are the role lines above the signature, as written.
	SignerRole []string
	// SignerName is the name under the signature.
	SignerName string
	// CC are the "Nơi nhận:" entries.
	CC []string
	// Encoding is the text encoding vntext detected ("utf-8", "tcvn3", …);
	// for .docx, "utf-8" or the legacy font encoding the text was recovered from.
	Encoding string
	// Missing lists the fields not found or left blank, by name: issuer,
	// number, number_code, place, day, month, year, subject, recipients,
	// body, signer_role, signer_name, cc.
	Missing []string
}

// Reference is the number and code as written on a letter: "907/STTTT-CNTT-BCVT",
// "/UBND-VHTT" when the number is blank, "" when neither was found.
func (l *Letter) Reference() string {
	switch {
	case l.NumberCode != "":
		return l.Number + "/" + l.NumberCode
	default:
		return l.Number
	}
}

// DateString is the date of issue as far as it is known: "2024-07-04",
// "2024-07" when the day is blank, "2024" when only the year is, "" otherwise.
func (l *Letter) DateString() string {
	switch {
	case l.Year == 0:
		return ""
	case l.Month == 0:
		return strconv.Itoa(l.Year)
	case l.Day == 0:
		return strconv.Itoa(l.Year) + "-" + pad2(l.Month)
	}
	return strconv.Itoa(l.Year) + "-" + pad2(l.Month) + "-" + pad2(l.Day)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// IsMissing reports whether field is in Missing.
func (l *Letter) IsMissing(field string) bool {
	for _, m := range l.Missing {
		if m == field {
			return true
		}
	}
	return false
}

// Parse reads a letter from the content of a .txt or .md file in any
// encoding vntext.Decode detects. name is used in errors. When no body is
// found, the letter is returned together with an error wrapping ErrNoBody,
// so that its Report can still show what was found.
func Parse(name string, data []byte) (*Letter, error) {
	if len(data) > MaxTextSize {
		return nil, newError(name, ErrTooLarge, nil, "letter.too_large", MaxTextSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, newError(name, ErrEmpty, nil, "letter.empty")
	}
	text, enc, err := vntext.Decode(data)
	if err != nil {
		return nil, newError(name, ErrEncoding, err, "letter.decode", err.Error())
	}
	return parseText(name, text, string(enc))
}

// ReadFile reads a letter file, choosing the reader by extension: .txt, .text
// and .md as text, .docx as a Word document.
func ReadFile(path string) (*Letter, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".txt", ".text", ".md", ".markdown", ".docx":
	default:
		return nil, newError(path, ErrUnsupported, nil, "letter.unsupported", ext)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, newError(path, ErrRead, err, "letter.read_failed", err.Error())
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, newError(path, ErrRead, err, "letter.read_failed", err.Error())
	}
	if ext == ".docx" {
		return ParseDOCX(path, f, st.Size())
	}
	if st.Size() > MaxTextSize {
		return nil, newError(path, ErrTooLarge, nil, "letter.too_large", MaxTextSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxTextSize+1))
	if err != nil {
		return nil, newError(path, ErrRead, err, "letter.read_failed", err.Error())
	}
	return Parse(path, data)
}

// Patterns of the parts of a letter. Text is NFC, so the Vietnamese letters
// here match as written; (?i) folds case for them too.
var (
	reNumber     = regexp.MustCompile(`(?i)^số\s*:\s*(.*)$`)
	reNumberBare = regexp.MustCompile(`(?i)^số\s+([0-9._…\s]*/\S.*)$`)
	reSubject    = regexp.MustCompile(`(?i)^(?:v/v|về\s+việc)\s*[:.]?\s*(.*)$`)
	reDate       = regexp.MustCompile(`(?i)^(?:(.*?)[,\s]\s*)?ngày\s*(.*?)\s*tháng\s*(.*?)\s*năm\s*(.*?)\s*\.?$`)
	reKinhGui    = regexp.MustCompile(`(?i)^kính\s+gửi\s*:?\s*(.*)$`)
	reNoiNhan    = regexp.MustCompile(`(?i)^nơi\s+nhận\s*:?\s*(.*)$`)
	reRole       = regexp.MustCompile(`^(?:TM|KT|TL|TUQ|Q|PT|T/M|K/T|T/L)\.?\s+\S|^(?:TM|KT|TL|TUQ|Q|PT)\.\S`)
	reBullet     = regexp.MustCompile(`^[-–—+•*·●▪◦]+\s*`)
	reBlankPart  = regexp.MustCompile(`^[\s._…\-–]*$`)
	reDigits     = regexp.MustCompile(`^[0-9]{1,4}$`)
)

// maxHeaderItem is the longest text, in bytes, that can be one item of the
// header or footer (an issuer line, the subject, a date, a signer's role);
// anything longer is body text.
const maxHeaderItem = 600

// maxSubjectLine is the longest line, in characters, taken as a
// continuation of the subject; the subject sits in a narrow column, so a
// longer line is body text.
const maxSubjectLine = 120

// line is one trimmed line of the letter with its segments: the parts of a
// line that two columns share, split at tabs or runs of spaces.
type line struct {
	text string
	segs []string
}

func splitLines(text string) []line {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u2007', '\u202f', '\u3000':
			return ' '
		case '\u200b', '\ufeff', '\u00ad':
			return -1
		case '\v', '\f':
			return '\n'
		}
		return r
	}, text)
	raw := strings.Split(text, "\n")
	out := make([]line, 0, len(raw))
	for _, r := range raw {
		t := strings.TrimSpace(r)
		out = append(out, line{text: t, segs: joinDateParts(splitSegments(t))})
	}
	return out
}

// splitSegments splits a trimmed line at tabs and at runs of three or more
// spaces: the gaps between columns in extracted text.
func splitSegments(t string) []string {
	var segs []string
	start, spaces, spaceStart := 0, 0, 0
	cut := func(end, next int) {
		if s := strings.TrimSpace(t[start:end]); s != "" {
			segs = append(segs, s)
		}
		start = next
	}
	for i, r := range t {
		switch {
		case r == '\t':
			if spaces == 0 {
				spaceStart = i
			}
			spaces = 3 // a tab always separates
		case unicode.IsSpace(r):
			if spaces == 0 {
				spaceStart = i
			}
			spaces++
		default:
			if spaces >= 3 {
				cut(spaceStart, i)
			}
			spaces = 0
		}
	}
	cut(len(t), len(t))
	return segs
}

// joinDateParts undoes a split where a blank was left with spaces: inside
// a date ("Bắc Kạn, ngày      tháng 7 năm 2024") or after "Số:" ("Số:    /UBND").
func joinDateParts(segs []string) []string {
	for k := 0; k+1 < len(segs); k++ {
		a, b := strings.ToLower(segs[k]), strings.ToLower(segs[k+1])
		if strings.HasSuffix(a, "ngày") || strings.HasSuffix(a, "tháng") ||
			strings.HasPrefix(b, "tháng ") || strings.HasPrefix(b, "năm ") || a == "số:" || a == "số" {
			segs[k] += " " + segs[k+1]
			segs = append(segs[:k+1], segs[k+2:]...)
			k--
		}
	}
	return segs
}

// parseText does the work of Parse on decoded NFC text.
func parseText(name, text, enc string) (*Letter, error) {
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, ErrEmpty, nil, "letter.empty")
	}
	lines := splitLines(text)
	l := &Letter{Encoding: enc}
	p := &parser{l: l, lines: lines}
	i := p.header()
	i = p.recipients(i)
	end := p.body(i)
	p.footer(end)
	p.finish()
	if l.Body == "" {
		return l, newError(name, ErrNoBody, nil, "letter.no_body")
	}
	return l, nil
}

type parser struct {
	l       *Letter
	lines   []line
	issuer  []string
	subject []string
	// what the header has seen so far
	seenNumber, seenDate, seenSubject bool
}

// header reads the header and returns the index of the first line after it:
// the "Kính gửi" line, or the first line of the body.
func (p *parser) header() int {
	subjectOpen := false
	subjectLine := -1 // the last line that added to the subject
	issuerOpen := true
	closeSubject := func(i int) {
		// A date or number beside the subject, in the other column, does
		// not end it.
		if i != subjectLine {
			subjectOpen = false
		}
	}
	for i, ln := range p.lines {
		if ln.text == "" {
			subjectOpen = false
			continue
		}
		if isSeparator(ln.text) {
			continue
		}
		if reKinhGui.MatchString(ln.text) {
			return i
		}
		for _, seg := range ln.segs {
			switch {
			case len(seg) > maxHeaderItem:
				return i // a paragraph: the body
			case isSeparator(seg):
			case isMotto(seg):
				closeSubject(i)
			case !p.seenNumber && p.number(seg):
				closeSubject(i)
				issuerOpen = false
			case !p.seenDate && p.date(seg):
				closeSubject(i)
				issuerOpen = false
			case !p.seenSubject && reSubject.MatchString(seg):
				m := reSubject.FindStringSubmatch(seg)
				p.seenSubject = true
				if m[1] != "" {
					p.subject = append(p.subject, m[1])
				}
				subjectOpen, subjectLine = true, i
				issuerOpen = false
			case subjectOpen && !isUpper(seg) && utf8.RuneCountInString(seg) <= maxSubjectLine:
				p.subject = append(p.subject, seg)
				subjectLine = i
			case isUpper(seg):
				if issuerOpen {
					p.issuer = append(p.issuer, seg)
				}
				// else: the kind of document ("THÔNG BÁO", "KẾ HOẠCH"): not needed.
			default:
				// The first line that is no part of the header starts the body.
				return i
			}
		}
	}
	return len(p.lines)
}

// number reads a "Số: …" segment.
func (p *parser) number(seg string) bool {
	m := reNumber.FindStringSubmatch(seg)
	if m == nil {
		m = reNumberBare.FindStringSubmatch(seg)
	}
	if m == nil {
		return false
	}
	ref := strings.Join(strings.Fields(m[1]), "")
	if ref == "" || len(ref) > 80 {
		return false
	}
	p.seenNumber = true
	parts := strings.Split(ref, "/")
	codeAt := len(parts)
	for k, part := range parts {
		if k > 0 && strings.IndexFunc(part, unicode.IsLetter) >= 0 {
			codeAt = k
			break
		}
	}
	num := strings.Join(parts[:codeAt], "/")
	if reBlankPart.MatchString(num) {
		num = ""
	}
	p.l.Number = num
	if codeAt < len(parts) {
		p.l.NumberCode = strings.Join(parts[codeAt:], "/")
	}
	if len(parts) == 1 && strings.IndexFunc(parts[0], unicode.IsLetter) >= 0 && strings.IndexFunc(parts[0], unicode.IsDigit) < 0 {
		// "Số: UBND-VHTT" with no slash at all: a code with a blank number.
		p.l.Number, p.l.NumberCode = "", parts[0]
	}
	return true
}

// date reads a "<place>, ngày … tháng … năm …" segment.
func (p *parser) date(seg string) bool {
	m := reDate.FindStringSubmatch(seg)
	if m == nil {
		return false
	}
	place := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(m[1]), ","))
	if utf8.RuneCountInString(place) > 60 {
		return false
	}
	day, okD := datePart(m[2], 31)
	month, okM := datePart(m[3], 12)
	year, okY := datePart(m[4], 2200)
	if !okD || !okM || !okY || (year != 0 && year < 1900) {
		return false
	}
	p.seenDate = true
	p.l.Place, p.l.Day, p.l.Month, p.l.Year = place, day, month, year
	return true
}

// datePart reads a day, month or year: digits, or blank (dots, spaces).
func datePart(s string, max int) (int, bool) {
	s = strings.TrimSpace(s)
	if reBlankPart.MatchString(s) {
		return 0, true
	}
	if !reDigits.MatchString(s) {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	if n < 1 || n > max {
		return 0, false
	}
	return n, true
}

// recipients reads "Kính gửi:" and its list, starting at line i, and
// returns the index of the first body line.
func (p *parser) recipients(i int) int {
	if i >= len(p.lines) {
		return i
	}
	m := reKinhGui.FindStringSubmatch(p.lines[i].text)
	if m == nil {
		return i
	}
	var items [][]string // each item in parts, joined at the end
	add := func(s string) {
		if s = cleanItem(s); s != "" {
			items = append(items, []string{s})
		}
	}
	done := func() {
		for _, parts := range items {
			p.l.Recipients = append(p.l.Recipients, strings.Join(parts, " "))
		}
	}
	if rest := strings.TrimSpace(m[1]); rest != "" {
		add(rest)
	}
	i++
	blankBefore := false
	for ; i < len(p.lines); i++ {
		t := p.lines[i].text
		switch {
		case t == "":
			blankBefore = true
			continue
		case isSeparator(t):
			continue
		case reBullet.MatchString(t):
			add(t)
		case len(items) == 0 && utf8.RuneCountInString(t) <= 200:
			// "Kính gửi:" alone, then a single recipient without a bullet.
			add(t)
		case len(items) > 0 && !blankBefore && !endsItem(p.lines[i-1].text) && startsLower(t):
			last := &items[len(items)-1]
			if s := cleanItem(t); s != "" {
				*last = append(*last, s)
			}
		default:
			done()
			return i
		}
		blankBefore = false
	}
	done()
	return i
}

// body finds the end of the body starting at line i, stores the body and
// returns the index where the footer starts.
func (p *parser) body(i int) int {
	start := i
	end := len(p.lines)
	for j := i; j < len(p.lines); j++ {
		t := p.lines[j].text
		first := t
		if len(p.lines[j].segs) > 0 {
			first = p.lines[j].segs[0]
		}
		if len(first) <= maxHeaderItem && mayEndBody(first) && (reNoiNhan.MatchString(first) || reRole.MatchString(first)) {
			end = j
			break
		}
		if strings.HasSuffix(t, "./.") || strings.HasSuffix(t, "./") {
			end = j + 1
			break
		}
	}
	if end == len(p.lines) {
		end = trailingSignature(p.lines[start:end]) + start
	}
	var out []string
	blank := false
	for _, ln := range p.lines[start:end] {
		if ln.text == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, ln.text)
	}
	p.l.Body = strings.Join(out, "\n")
	return end
}

// mayEndBody is a quick test before the patterns of "Nơi nhận" and of the
// signer's role lines ("TM.", "KT.", "TL.", "TUQ.", "Q.", "PT.").
func mayEndBody(s string) bool {
	return s != "" && strings.IndexByte("NnTKQP", s[0]) >= 0
}

// trailingSignature returns where a signature without any "Nơi nhận" or
// "TM." marker starts at the end of lines: a name line preceded by role lines
// in capitals. It returns len(lines) when there is none.
func trailingSignature(lines []line) int {
	k := len(lines) - 1
	for k >= 0 && (lines[k].text == "" || isParenNote(lines[k].text)) {
		k--
	}
	if k < 0 || !isName(lines[k].text) {
		return len(lines)
	}
	name := k
	k--
	roles := 0
	for k >= 0 {
		t := lines[k].text
		if t == "" || isParenNote(t) {
			k--
			continue
		}
		if !isUpper(t) {
			break
		}
		roles++
		k--
	}
	if roles == 0 {
		return len(lines)
	}
	start := k + 1
	for start < name && lines[start].text == "" {
		start++
	}
	return start
}

// footer reads the "Nơi nhận" list and the signature from line i on.
func (p *parser) footer(i int) {
	ccOpen := false
	for ; i < len(p.lines); i++ {
		for _, seg := range p.lines[i].segs {
			switch {
			case isSeparator(seg) || isParenNote(seg):
			case reNoiNhan.MatchString(seg):
				ccOpen = true
				if rest := reNoiNhan.FindStringSubmatch(seg)[1]; rest != "" {
					p.addCC(rest)
				}
			case reBullet.MatchString(seg):
				p.addCC(seg)
			case reRole.MatchString(seg) || isUpper(seg):
				p.l.SignerRole = append(p.l.SignerRole, seg)
			case isName(seg) && len(p.l.SignerRole) > 0 && p.l.SignerName == "":
				p.l.SignerName = seg
			case isName(seg) && p.l.SignerName == "" && !ccOpen:
				p.l.SignerName = seg
			case strings.HasSuffix(seg, ":"):
				// A sub-heading of the list, such as "Gửi bản điện tử:".
			case ccOpen:
				p.addCC(seg)
			}
		}
	}
}

func (p *parser) addCC(s string) {
	if s = cleanItem(s); s != "" {
		p.l.CC = append(p.l.CC, s)
	}
}

// finish computes the issuer and subject and the list of missing fields.
func (p *parser) finish() {
	l := p.l
	if len(p.issuer) > 0 {
		l.IssuerRaw = strings.Join(p.issuer, "\n")
		l.Issuer = properIssuer(p.issuer)
	}
	l.Subject = strings.Join(strings.Fields(strings.Join(p.subject, " ")), " ")
	missing := func(field string, empty bool) {
		if empty {
			l.Missing = append(l.Missing, field)
		}
	}
	missing("issuer", l.Issuer == "")
	missing("number", l.Number == "")
	missing("number_code", l.NumberCode == "")
	missing("place", l.Place == "")
	missing("day", l.Day == 0)
	missing("month", l.Month == 0)
	missing("year", l.Year == 0)
	missing("subject", l.Subject == "")
	missing("recipients", len(l.Recipients) == 0)
	missing("body", l.Body == "")
	missing("signer_role", len(l.SignerRole) == 0)
	missing("signer_name", l.SignerName == "")
	missing("cc", len(l.CC) == 0)
}

// isMotto reports the national motto lines, which belong to no field.
func isMotto(s string) bool {
	f := vntext.Fold(s)
	if strings.Contains(f, "cong hoa xa hoi chu ngh") {
		return true
	}
	return strings.Contains(f, "doc lap") && strings.Contains(f, "tu do") && strings.Contains(f, "hanh phuc")
}

// isSeparator reports a line of rule characters (the underlines under the
// issuer and the motto).
func isSeparator(s string) bool {
	if utf8.RuneCountInString(s) < 3 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("-–—_=*~.·… ", r) {
			return false
		}
	}
	return true
}

// isUpper reports a text with at least two letters and no lower-case one.
func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// namePrefixes are ranks and degrees written before a signer's name, folded.
var namePrefixes = [][]string{
	{"dai", "ta"}, {"thuong", "ta"}, {"trung", "ta"}, {"thieu", "ta"},
	{"dai", "uy"}, {"thuong", "uy"}, {"trung", "uy"}, {"thieu", "uy"},
	{"dai", "tuong"}, {"thuong", "tuong"}, {"trung", "tuong"}, {"thieu", "tuong"},
	{"ts."}, {"ths."}, {"pgs."}, {"gs."}, {"bs."}, {"ks."}, {"pgs.ts."}, {"gs.ts."}, {"bsck"}, {"bsckii"},
}

// isName reports a personal name: two to six words, each a capital letter
// followed by lower-case letters, after an optional rank or degree
// ("Đại tá", "TS.").
func isName(s string) bool {
	words := strings.Fields(s)
	if n := kindLen(strings.Fields(vntext.Fold(s)), 0, namePrefixes); n > 0 && n < len(words) {
		words = words[n:]
	}
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	for _, w := range words {
		for k, r := range w {
			if !unicode.IsLetter(r) {
				return false
			}
			if k == 0 && !unicode.IsUpper(r) || k > 0 && !unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// isParenNote reports "(Đã ký)", "(ký, ghi rõ họ tên)" and similar notes.
func isParenNote(s string) bool {
	return (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) ||
		(strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"))
}

// cleanItem strips a list bullet and the final ';', ',' or '.' of an item.
func cleanItem(s string) string {
	s = strings.TrimSpace(reBullet.ReplaceAllString(strings.TrimSpace(s), ""))
	s = strings.TrimRight(s, ";,. ")
	if strings.HasSuffix(s, "./") {
		s = strings.TrimSuffix(s, "./")
	}
	return strings.TrimSpace(s)
}

// endsItem reports whether a raw line closed its item.
func endsItem(raw string) bool {
	return strings.HasSuffix(raw, ";") || strings.HasSuffix(raw, ".") || strings.HasSuffix(raw, ",")
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}
