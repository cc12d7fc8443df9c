package script

import (
	"fmt"
	"strings"

	"loa/pkg/i18n"
)

// The editors' sheet (format "md"): the same content as the printable html
// sheet in CommonMark with GitHub tables. The summary and the running order
// are tables; each segment is a level-2 heading with its start and
// duration, and its text in spoken form with the pause marks of the sheet.
// A word read differently from how it is written is bold, followed by its
// written original in a code span: **một một ba** (`113`).

func writeMarkdown(b *strings.Builder, s *Script, lang i18n.Lang) error {
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	ward := s.WardName
	if ward == "" {
		ward = s.Ward
	}
	title := ward
	if s.Station != "" {
		title = s.Station + " — " + ward
	}
	fmt.Fprintf(b, "# %s\n\n", mdEscape(title))
	fmt.Fprintf(b, "**%s**\n\n", mdEscape(T("script.fmt.sheet.when", longDate(s.Date, lang), s.Slot, Clock(s.SlotSeconds))))

	// Summary.
	heads := []string{T("script.fmt.sheet.total"), T("script.fmt.sheet.slot_length")}
	vals := []string{Clock(s.Total), Clock(s.SlotSeconds)}
	if s.Over > 0 {
		heads = append(heads, T("script.fmt.sheet.over"))
		vals = append(vals, "**"+Clock(s.Over)+"**")
	} else {
		heads = append(heads, T("script.fmt.sheet.under"))
		vals = append(vals, Clock(-s.Over))
	}
	if end := endClock(s.Slot, s.Total); end != "" {
		heads = append(heads, T("script.fmt.sheet.ends"))
		vals = append(vals, end)
	}
	if len(s.Warnings) > 0 {
		heads = append(heads, T("script.fmt.sheet.long_sentences"))
		vals = append(vals, fmt.Sprint(len(s.Warnings)))
	}
	mdTable(b, heads, strings.Repeat("r", len(heads)), [][]string{vals})
	b.WriteString("\n")

	// Running order.
	var rows [][]string
	for i, g := range s.Segments {
		clip := ""
		if g.Clip != "" {
			clip = strings.ReplaceAll(mdCode(g.Clip), "|", `\|`)
		}
		rows = append(rows, []string{fmt.Sprint(i + 1), Clock(g.Start), mdDuration(g), mdEscape(segLabel(g, lang)), clip})
	}
	fmt.Fprintf(b, "## %s\n\n", mdEscape(T("script.fmt.sheet.order")))
	mdTable(b, []string{"#", T("script.fmt.sheet.start"), T("script.fmt.sheet.duration"), T("script.fmt.sheet.part"), T("script.fmt.sheet.file")},
		"rrrll", rows)
	b.WriteString("\n")

	legend := false
	for i, g := range s.Segments {
		fmt.Fprintf(b, "## %d. %s — %s, %s\n\n", i+1, mdEscape(segLabel(g, lang)), Clock(g.Start), mdDuration(g))
		if g.Clip != "" {
			fmt.Fprintf(b, "▶ %s: %s\n\n", mdEscape(T("script.fmt.sheet.play_file")), mdCode(g.Clip))
		}
		if g.Kind != KindJingle {
			paras := readingOf(g)
			for _, p := range paras {
				legend = true
				b.WriteString(mdParagraph(p))
				b.WriteString("\n\n")
			}
			if len(paras) > 0 {
				fmt.Fprintf(b, "_(%s)_\n\n", mdEscape(T("script.sheet.syllables", g.Syllables)))
			}
		}
		for _, wn := range s.Warnings {
			if wn.Segment == i {
				fmt.Fprintf(b, "> ⚠ %s: «%s»\n\n", mdEscape(wn.Text.In(lang)), mdEscape(wn.Sentence))
			}
		}
	}
	b.WriteString("---\n\n")
	var parts []string
	if legend {
		parts = append(parts,
			"/ "+mdEscape(T("script.fmt.sheet.legend_comma")),
			"// "+mdEscape(T("script.fmt.sheet.legend_sentence")),
			"‖ "+mdEscape(T("script.fmt.sheet.legend_paragraph")),
			"**"+mdEscape(T("script.fmt.sheet.legend_spoken"))+"** ("+mdCode(T("script.fmt.sheet.legend_written"))+"): "+
				mdEscape(T("script.fmt.sheet.legend_md")))
	}
	parts = append(parts, `\~ `+mdEscape(T("script.fmt.sheet.legend_estimated")))
	fmt.Fprintf(b, "%s: %s\n", mdEscape(T("script.fmt.sheet.legend")), strings.Join(parts, " · "))
	return nil
}

// segLabel is a segment's title as listed: the chime sign for jingles,
// "Nhắc lại: …" for the second reading of a notice.
func segLabel(g Segment, lang i18n.Lang) string {
	t := g.Title
	if g.Repeat {
		t = i18n.T(lang, "script.sheet.repeat_of", g.Title)
	}
	if g.Kind == KindJingle {
		t = "♪ " + t
	}
	return t
}

func mdDuration(g Segment) string {
	if g.Estimated {
		return `\~` + Clock(g.Duration)
	}
	return Clock(g.Duration)
}

// mdParagraph writes one paragraph of spoken words with pause marks.
func mdParagraph(p readPara) string {
	var b strings.Builder
	for i, w := range p.Words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(mdEscape(w.Prefix))
		if w.Written != "" {
			b.WriteString("**" + mdEscape(w.Spoken) + "** (" + mdCode(w.Written) + ")")
		} else {
			b.WriteString(mdEscape(w.Spoken))
		}
		b.WriteString(mdEscape(w.Punct))
		if m := pauseMark(w.Pause); m != "" {
			b.WriteString(" " + m)
		}
	}
	return mdEscapeLineStart(b.String())
}

// mdTable writes a GitHub table; align has one letter per column, l or r.
// Row cells are already escaped.
func mdTable(b *strings.Builder, heads []string, align string, rows [][]string) {
	b.WriteString("|")
	for _, h := range heads {
		b.WriteString(" " + mdEscape(h) + " |")
	}
	b.WriteString("\n|")
	for i := range heads {
		if i < len(align) && align[i] == 'r' {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
}

// mdEscape backslash-escapes the characters that would start Markdown or
// HTML syntax inside running text.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '&', '~', '#':
			b.WriteByte('\\')
		case '\n', '\r':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdEscapeLineStart keeps a paragraph from starting a list, heading or
// quote: "1." "-" "+" "=" at the start are escaped.
func mdEscapeLineStart(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '-', '+', '=':
		return `\` + s
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return s[:i] + `\` + s[i:]
	}
	return s
}

// mdCode is a code span that holds s whatever backticks it contains.
func mdCode(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
