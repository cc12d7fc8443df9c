package script

import (
	"strings"
	"time"
	"unicode"

	"loa/pkg/i18n"
)

// pause is the stop an announcer makes after a word, as marked on the
// printed sheets.
type pause int

const (
	pauseNone      pause = iota
	pauseComma           // , ; : and dashes: a short breath
	pauseSentence        // . ! ? …
	pauseParagraph       // between two paragraphs: the longest stop
)

// readWord is one word of the text to read, in spoken form, with the
// punctuation around it and the written original where it differs.
type readWord struct {
	Prefix  string // opening punctuation read before the word, e.g. "("
	Spoken  string
	Written string // the written original when it is read differently; "" otherwise
	Punct   string // punctuation after the word, e.g. ","
	Pause   pause
}

// readPara is one paragraph of the text to read.
type readPara struct {
	Words []readWord
}

// readingOf turns a segment into paragraphs of spoken words, using the
// alignment of its Spans: a span that is read differently from how it is
// written (a number, a code, an address, an abbreviation) keeps its written
// form beside the spoken one. A difference of letter case only is not
// shown. A segment without Spans falls back to its Spoken text.
func readingOf(g Segment) []readPara {
	if len(g.Spans) == 0 {
		return readingOfSpoken(g.Spoken)
	}
	var paras []readPara
	var cur readPara
	prefix := ""
	closePara := func(blank bool) {
		if len(cur.Words) == 0 {
			return
		}
		last := &cur.Words[len(cur.Words)-1]
		switch {
		case blank:
			last.Pause = pauseParagraph
		case last.Pause < pauseSentence:
			last.Pause = pauseSentence
		}
		paras = append(paras, cur)
		cur = readPara{}
	}
	prevEnd := -1
	for _, sp := range g.Spans {
		if prevEnd >= 0 && sp.Start >= prevEnd && sp.Start <= len(g.Text) {
			if n := strings.Count(g.Text[prevEnd:sp.Start], "\n"); n > 0 {
				closePara(n >= 2)
			}
		}
		prevEnd = sp.End
		if sp.Spoken == "" {
			continue // not read: quotes, bullets
		}
		if !hasWordChar(sp.Spoken) {
			switch {
			case isOpening(sp.Spoken) || len(cur.Words) == 0:
				if p := pauseOf(sp.Spoken); p == pauseNone {
					prefix += sp.Spoken
				}
			default:
				last := &cur.Words[len(cur.Words)-1]
				last.Punct += sp.Spoken
				if p := pauseOf(sp.Spoken); p > last.Pause {
					last.Pause = p
				}
			}
			continue
		}
		w := readWord{Prefix: prefix, Spoken: sp.Spoken}
		prefix = ""
		if sp.Changed && !strings.EqualFold(sp.Written, sp.Spoken) {
			w.Written = sp.Written
		}
		cur.Words = append(cur.Words, w)
	}
	if len(cur.Words) > 0 {
		paras = append(paras, cur)
	}
	return paras
}

// readingOfSpoken splits a spoken form without alignment: words at spaces,
// trailing punctuation split off, paragraphs at blank lines.
func readingOfSpoken(spoken string) []readPara {
	var paras []readPara
	for _, block := range strings.Split(strings.TrimSpace(spoken), "\n\n") {
		var p readPara
		for _, line := range strings.Split(block, "\n") {
			for _, f := range strings.Fields(line) {
				body := strings.TrimRightFunc(f, func(r rune) bool { return !isWordRune(r) && r != ')' })
				punct := f[len(body):]
				if body == "" && len(p.Words) > 0 {
					last := &p.Words[len(p.Words)-1]
					last.Punct += f
					if q := pauseOf(f); q > last.Pause {
						last.Pause = q
					}
					continue
				}
				if body == "" {
					continue
				}
				p.Words = append(p.Words, readWord{Spoken: body, Punct: punct, Pause: pauseOf(punct)})
			}
		}
		if len(p.Words) > 0 {
			paras = append(paras, p)
		}
	}
	for i := range paras {
		if i < len(paras)-1 {
			paras[i].Words[len(paras[i].Words)-1].Pause = pauseParagraph
		}
	}
	return paras
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func hasWordChar(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }

func isOpening(s string) bool {
	return strings.Trim(s, "([{“‘«\"'") == ""
}

// pauseOf is the pause a punctuation mark asks for.
func pauseOf(punct string) pause {
	switch {
	case strings.ContainsAny(punct, ".!?…"):
		return pauseSentence
	case strings.ContainsAny(punct, ",;:–—-"):
		return pauseComma
	}
	return pauseNone
}

// longDate is the script's date for people: "thứ Hai, 08/07/2024" or
// "Monday, 8 July 2024". A date that does not parse is returned as it is.
func longDate(date string, lang i18n.Lang) string {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		return date
	}
	wd := i18n.T(lang, "script.fmt.weekday."+strings.ToLower(d.Weekday().String()[:3]))
	if lang == i18n.EN {
		return wd + ", " + d.Format("2 January 2006")
	}
	return wd + ", " + d.Format("02/01/2006")
}

// shortDate writes a YYYY-MM-DD or YYYY-MM date the Vietnamese way:
// 03/07/2024, 07/2024. Anything else is returned as it is.
func shortDate(date string) string {
	if d, err := time.Parse("2006-01-02", date); err == nil {
		return d.Format("02/01/2006")
	}
	if d, err := time.Parse("2006-01", date); err == nil {
		return d.Format("01/2006")
	}
	return date
}

// endClock is the wall-clock time slot + seconds ("06:00" + 200 s →
// "06:03"), or "" when the slot is not HH:MM.
func endClock(slot string, secs float64) string {
	t, err := time.Parse("15:04", slot)
	if err != nil {
		return ""
	}
	return t.Add(time.Duration(secs * float64(time.Second))).Round(time.Minute).Format("15:04")
}
