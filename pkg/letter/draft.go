package letter

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// MaxIDLength is the longest id SuggestID returns.
const MaxIDLength = 48

// Notice returns a draft notice made from the letter: the subject as title,
// the letter's issuer, reference and date as source, the date of issue as
// valid_from when the letter gives it in full (empty otherwise: a blank day
// is not guessed), priority thuong, every ward, and the body cleaned for
// reading aloud (see ReadAloud). An empty id is replaced by SuggestID of the
// title. The notice is not approved.
func (l *Letter) Notice(id string) *notice.Notice {
	title := vntext.NFC(upperFirst(l.Subject))
	if title == "" {
		title = i18n.T(i18n.VI, "letter.default_title", l.Issuer)
		if l.Issuer == "" {
			title = i18n.T(i18n.VI, "letter.default_title_bare")
		}
	}
	if id == "" {
		id = SuggestID(title)
	}
	n := &notice.Notice{
		ID:       id,
		Title:    title,
		Priority: notice.Normal,
		Wards:    []string{"all"},
		Source:   notice.Source{Issuer: vntext.NFC(l.Issuer), Number: vntext.NFC(l.Reference()), Date: l.DateString()},
		Body:     vntext.NFC(ReadAloud(l.Body)),
	}
	if l.Day != 0 && l.Month != 0 && l.Year != 0 {
		if d, err := notice.ParseDate(l.DateString()); err == nil {
			n.ValidFrom = d
		}
	}
	if n.Body == "" {
		n.Body = title
	}
	return n
}

// SuggestID makes a notice id from a title: its words folded to ASCII
// (vntext.Fold), joined with dashes, cut at a word boundary to at most
// MaxIDLength characters. A title without any letter or digit gives
// "cong-van".
func SuggestID(title string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range vntext.Fold(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			w.WriteRune(r)
		} else {
			flush()
		}
	}
	flush()
	var b strings.Builder
	for _, word := range words {
		if len(word) > MaxIDLength {
			word = word[:MaxIDLength]
		}
		extra := len(word)
		if b.Len() > 0 {
			extra++
		}
		if b.Len()+extra > MaxIDLength {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(word)
	}
	id := b.String()
	if !config.ValidID(id) {
		return "cong-van"
	}
	return id
}

var (
	reAngleURL   = regexp.MustCompile(`<((?:https?|ftp)://[^<>\s]+|www\.[^<>\s]+|mailto:[^<>\s]+)>`)
	reMDLink     = regexp.MustCompile(`\[([^\[\]\n]+)\]\(((?:https?|ftp)://[^()\s]+|mailto:[^()\s]+)\)`)
	reMDHeading  = regexp.MustCompile(`^#{1,6}\s+`)
	reEmphasis   = regexp.MustCompile(`\*\*|__`)
	reListMarker = regexp.MustCompile(`^(?:[-–—+•*·●▪◦]+|\(?(?:[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[a-zđ]|[IVXLC]{1,6})[.)])\s+`)
	reSpaces     = regexp.MustCompile(`[ \t]+`)
	reEndMark    = regexp.MustCompile(`\s*\./\.?$`)
)

// ReadAloud cleans a letter body for reading aloud and for a notice body:
// list numbering and bullets at paragraph starts are removed (a numbered
// heading without final punctuation gets a colon or a full stop), hard line
// breaks inside a paragraph are joined, a paragraph broken in two (text
// converted from PDF often breaks one in the middle of a sentence) is joined
// when the first part does not end a sentence and the second starts in lower
// case, <URL> and [text](URL) are unwrapped, the closing mark "./." becomes a
// full stop, and "{{" is escaped so that the body stays a valid template.
func ReadAloud(body string) string {
	type para struct {
		text   string
		listed bool // started with a number or bullet
	}
	var paras []para
	var cur []string
	curListed := false
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, para{text: strings.Join(cur, " "), listed: curListed})
			cur, curListed = nil, false
		}
	}
	for _, ln := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(ln)
		if t == "" {
			flush()
			continue
		}
		t = reMDHeading.ReplaceAllString(t, "")
		if m := reListMarker.FindString(t); m != "" && len(m) < len(t) {
			flush()
			t = strings.TrimSpace(t[len(m):])
			curListed = true
		}
		cur = append(cur, t)
	}
	flush()

	// Join a paragraph broken in the middle of a sentence.
	type group struct {
		parts  []string
		listed bool
	}
	var joined []group
	for _, p := range paras {
		if k := len(joined) - 1; k >= 0 && !p.listed && startsLower(p.text) &&
			!endsClause(joined[k].parts[len(joined[k].parts)-1]) {
			joined[k].parts = append(joined[k].parts, p.text)
			continue
		}
		joined = append(joined, group{parts: []string{p.text}, listed: p.listed})
	}

	out := make([]string, 0, len(joined))
	for k, p := range joined {
		t := strings.Join(p.parts, " ")
		if strings.Contains(t, "](") {
			t = reMDLink.ReplaceAllString(t, "$1")
		}
		if strings.Contains(t, "<") {
			t = reAngleURL.ReplaceAllString(t, "$1")
		}
		if strings.Contains(t, "**") || strings.Contains(t, "__") {
			t = reEmphasis.ReplaceAllString(t, "")
		}
		if strings.Contains(t, "./") {
			t = reEndMark.ReplaceAllString(t, ".")
			t = strings.ReplaceAll(t, "./.", ".")
		}
		if strings.Contains(t, "  ") || strings.Contains(t, "\t") {
			t = reSpaces.ReplaceAllString(t, " ")
		}
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if p.listed {
			t = upperFirst(t)
			if !endsClause(t) {
				if k+1 < len(joined) && !joined[k+1].listed {
					t += ":"
				} else {
					t += "."
				}
			} else if strings.HasSuffix(t, ";") || strings.HasSuffix(t, ",") {
				t = t[:len(t)-1] + "."
			}
		}
		out = append(out, t)
	}
	s := strings.Join(out, "\n\n")
	return strings.ReplaceAll(s, "{{", `{{"{{"}}`)
}

// endsClause reports text that ends a sentence or clause, closing quotes
// and brackets aside.
func endsClause(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return r == '"' || r == '”' || r == '’' || r == '\'' || r == ')' || r == '»' || unicode.IsSpace(r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…:;,", r)
}
