package script

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"loa/pkg/vntext"
)

// Subtitles (formats "srt" and "vtt") for the rendered bulletin, e.g. a
// video of it on the ward's social media page.
//
// Cues show the WRITTEN form of each segment (Segment.Text), not the spoken
// one: subtitles are read by viewers, who expect "113" and
// "khonggianmang.vn" rather than "một một ba" and "không gian mạng chấm vê
// en". The timing follows the speech, though: each segment's duration (the
// real clip length where a clip exists) is shared among its words in
// proportion to the syllables of their spoken forms, a pause counting as the
// syllables read in it at the default rate (comma 1, sentence end 2,
// paragraph 3: 0.3, 0.6 and 1.0 s at 3.2 syllables per second).
//
// Cue rules, in the spirit of common broadcast subtitle guidelines: at most
// subMaxLines lines of at most subLineRunes characters, each cue on screen
// between subMinSeconds and subMaxSeconds. Cues break preferably at
// sentence ends, then at commas, and lines within a cue are balanced,
// preferably at a comma. Jingles and segments without text get no cue. A
// segment shorter than subMinSeconds gets one cue as long as the segment,
// and a cue that would stay longer than subMaxSeconds (a slow clip with few
// words) is cut short, leaving the screen empty until the next one.

const (
	subLineRunes  = 42
	subMaxLines   = 2
	subMinSeconds = 1.0
	subMaxSeconds = 7.0
)

// cue is one subtitle: times in milliseconds from the start of the bulletin.
type cue struct {
	Start, End int64
	Lines      []string
}

type breakKind int

const (
	brkNone breakKind = iota
	brkPhrase
	brkSentence
	brkParagraph
)

// pauseWeight is a pause in syllables, see above.
var pauseWeight = [...]float64{brkNone: 0, brkPhrase: 1, brkSentence: 2, brkParagraph: 3}

type subToken struct {
	text   string
	runes  int
	weight float64   // spoken syllables, plus the pause after the token
	brk    breakKind // the boundary after the token
}

// subtitleCues splits every segment with text into cues.
func subtitleCues(s *Script) []cue {
	var out []cue
	for _, g := range s.Segments {
		if g.Kind == KindJingle || strings.TrimSpace(g.Text) == "" || !(g.Duration > 0) {
			continue
		}
		out = append(out, segmentCues(g)...)
	}
	return out
}

// segmentCues chooses the cue breaks of one segment by dynamic programming
// over the word boundaries: the cheapest sequence of cues that fit on two
// lines, where a cue costs a little, a break anywhere but a sentence end
// costs more, and a cue outside 1–7 s costs much more.
func segmentCues(g Segment) []cue {
	toks := subTokens(g)
	n := len(toks)
	if n == 0 {
		return nil
	}
	cum := make([]float64, n+1)
	for i, t := range toks {
		w := t.weight
		if i == n-1 {
			w -= pauseWeight[t.brk] // the pause after the last word is the gap
		}
		cum[i+1] = cum[i] + w
	}
	total := cum[n]
	if !(total > 0) {
		return nil
	}
	at := func(k int) float64 { return g.Start + g.Duration*cum[k]/total }

	const eps = 0.002 // keeps rounded milliseconds inside the limits
	inf := math.Inf(1)
	best := make([]float64, n+1)
	from := make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = inf
		runes := -1
		inner := 0.0 // cost of sentence ends inside the chunk
		for i := j - 1; i >= 0; i-- {
			runes += toks[i].runes + 1
			if runes > subMaxLines*subLineRunes+subMaxLines-1 {
				break
			}
			if i < j-1 && toks[i].brk >= brkSentence {
				inner += 4
			}
			if best[i] == inf || lineBreak(toks[i:j]) < 0 {
				continue
			}
			c := best[i] + 1 + inner
			if j < n {
				switch toks[j-1].brk {
				case brkNone:
					c += 10
				case brkPhrase:
					c += 3
				}
			}
			d := at(j) - at(i)
			if d < subMinSeconds+eps {
				c += 100 + 1000*(subMinSeconds+eps-d)
			} else if d < 1.5 {
				c += 2
			}
			if d > subMaxSeconds-eps {
				c += 100 + 1000*(d-subMaxSeconds+eps)
			}
			if c < best[j] {
				best[j], from[j] = c, i
			}
		}
	}
	if best[n] == inf {
		return nil // cannot happen: every token fits a line
	}
	var bounds []int
	for j := n; j > 0; j = from[j] {
		bounds = append(bounds, j)
	}
	bounds = append(bounds, 0)
	var out []cue
	for k := len(bounds) - 1; k > 0; k-- {
		i, j := bounds[k], bounds[k-1]
		start, end := ms(at(i)), ms(at(j))
		if j == n {
			end = ms(g.Start + g.Duration)
		}
		if end-start > int64(subMaxSeconds*1000) {
			end = start + int64(subMaxSeconds*1000)
		}
		if end <= start {
			continue
		}
		out = append(out, cue{Start: start, End: end, Lines: splitLines(toks[i:j])})
	}
	return out
}

func ms(secs float64) int64 { return int64(math.Round(secs * 1000)) }

// subTokens splits the written text of a segment at white space. Each token
// weighs the syllables of its spoken form (from the Spans) and the pause
// after it; the boundary after it is a paragraph, a sentence end, a phrase
// end (, ; : or a dash) or nothing. Abbreviations such as "TP." are read as
// words and do not end a sentence. Tokens longer than a line are cut.
func subTokens(g Segment) []subToken {
	var out []subToken
	for _, t := range wordTokens(g) {
		out = append(out, cutToken(t)...)
	}
	return out
}

// wordTokens is subTokens without the cutting of long tokens.
func wordTokens(g Segment) []subToken {
	text := g.Text
	type field struct{ start, end int }
	var fields []field
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		fields = append(fields, field{i, j})
		i = j
	}
	var toks []subToken
	si := 0
	for fi, f := range fields {
		t := subToken{text: text[f.start:f.end]}
		var last *vntext.Span
		if len(g.Spans) > 0 {
			for si < len(g.Spans) && g.Spans[si].Start < f.end {
				sp := &g.Spans[si]
				if sp.Start >= f.start {
					t.weight += float64(vntext.Syllables(sp.Spoken))
					last = sp
				}
				si++
			}
		} else {
			t.weight = float64(vntext.Syllables(t.text))
		}
		switch {
		case fi+1 < len(fields) && strings.Count(text[f.end:fields[fi+1].start], "\n") >= 2:
			t.brk = brkParagraph
		case fi+1 < len(fields) && strings.Contains(text[f.end:fields[fi+1].start], "\n"):
			t.brk = brkSentence
		case last != nil:
			if last.End == f.end && !hasWordChar(last.Written) {
				t.brk = breakOf(last.Written)
			}
		case len(g.Spans) == 0:
			body := strings.TrimRightFunc(t.text, func(r rune) bool { return !isWordRune(r) })
			t.brk = breakOf(t.text[len(body):])
		}
		t.weight += pauseWeight[t.brk]
		t.runes = utf8.RuneCountInString(t.text)
		toks = append(toks, t)
	}
	return toks
}

func breakOf(punct string) breakKind {
	switch pauseOf(punct) {
	case pauseSentence:
		return brkSentence
	case pauseComma:
		return brkPhrase
	}
	return brkNone
}

// cutToken cuts a token longer than a line (a long web address) into
// pieces of a line each, sharing its syllables by length; the last piece
// keeps the pause.
func cutToken(t subToken) []subToken {
	r := []rune(t.text)
	if len(r) <= subLineRunes {
		return []subToken{t}
	}
	var out []subToken
	syllables := t.weight - pauseWeight[t.brk]
	for len(r) > 0 {
		k := min(len(r), subLineRunes)
		p := subToken{text: string(r[:k]), runes: k, weight: syllables * float64(k) / float64(t.runes)}
		r = r[k:]
		if len(r) == 0 {
			p.brk = t.brk
			p.weight += pauseWeight[t.brk]
		}
		out = append(out, p)
	}
	return out
}

// splitLines sets tokens on one line, or on two balanced lines of at most
// subLineRunes characters, breaking preferably after punctuation. It
// returns nil when they do not fit.
func splitLines(toks []subToken) []string {
	k := lineBreak(toks)
	switch {
	case k < 0:
		return nil
	case k == 0:
		return []string{joinTokens(toks)}
	}
	return []string{joinTokens(toks[:k]), joinTokens(toks[k:])}
}

// lineBreak is where splitLines breaks: 0 for one line, the index of the
// second line's first token, or -1 when the tokens do not fit.
func lineBreak(toks []subToken) int {
	total := -1
	for _, t := range toks {
		total += t.runes + 1
	}
	if total <= subLineRunes {
		return 0
	}
	bestK, bestScore := -1, math.Inf(1)
	first := -1
	for k := 1; k < len(toks); k++ {
		first += toks[k-1].runes + 1
		second := total - first - 1
		if first > subLineRunes {
			break
		}
		if second > subLineRunes {
			continue
		}
		score := math.Abs(float64(first - second))
		if toks[k-1].brk >= brkPhrase {
			score -= 12
		}
		if score < bestScore {
			bestK, bestScore = k, score
		}
	}
	return bestK
}

func joinTokens(ts []subToken) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.text
	}
	return strings.Join(parts, " ")
}

func writeSRT(b *strings.Builder, s *Script) error {
	for i, c := range subtitleCues(s) {
		fmt.Fprintf(b, "%d\n%s --> %s\n", i+1, subClock(c.Start, ','), subClock(c.End, ','))
		for _, l := range c.Lines {
			b.WriteString(srtText(l) + "\n")
		}
		b.WriteString("\n")
	}
	return nil
}

func writeVTT(b *strings.Builder, s *Script) error {
	b.WriteString("WEBVTT\n\n")
	var parts []string
	for _, p := range []string{s.Station, s.WardName, strings.TrimSpace(s.Date + " " + s.Slot)} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	if note := strings.Join(parts, " — "); note != "" {
		// A NOTE block may hold no "-->" and no blank line.
		note = vttText(strings.Join(strings.Fields(note), " "))
		b.WriteString("NOTE " + note + "\n\n")
	}
	for _, c := range subtitleCues(s) {
		fmt.Fprintf(b, "%s --> %s\n", subClock(c.Start, '.'), subClock(c.End, '.'))
		for _, l := range c.Lines {
			b.WriteString(vttText(l) + "\n")
		}
		b.WriteString("\n")
	}
	return nil
}

// subClock writes milliseconds as HH:MM:SS,mmm (SubRip) or HH:MM:SS.mmm
// (WebVTT).
func subClock(ms int64, sep byte) string {
	if ms < 0 {
		ms = 0
	}
	return fmt.Sprintf("%02d:%02d:%02d%c%03d", ms/3600000, ms/60000%60, ms/1000%60, sep, ms%1000)
}

// srtText keeps a line from being read as something else. SubRip has no
// escapes: players read <…> as a tag, {…} as a style override and a line
// with "-->" as a timing line, so these become look-alike characters.
func srtText(l string) string {
	return strings.NewReplacer("-->", "→", "{", "(", "}", ")", "<", "‹", ">", "›").Replace(l)
}

// vttText escapes the characters WebVTT cue text reserves; with ">"
// escaped, no "-->" is left either.
func vttText(l string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(l)
}
