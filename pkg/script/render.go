package script

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"loa/pkg/i18n"
)

// Formats lists the output formats of Write.
var Formats = []string{"text", "json"}

// Write renders the script in format to w. Labels are in lang; the text
// to be read is always Vietnamese.
func Write(w io.Writer, s *Script, format string, lang i18n.Lang) error {
	switch format {
	case "text", "":
		return writeText(w, s, lang)
	case "json":
		return writeJSON(w, s)
	}
	return i18n.Errorf("script.unknown_format", format, strings.Join(Formats, ", "))
}

func writeJSON(w io.Writer, s *Script) error {
	type seg struct {
		Kind      string  `json:"kind"`
		Key       string  `json:"key"`
		Title     string  `json:"title"`
		Text      string  `json:"text"`
		Spoken    string  `json:"spoken"`
		Syllables int     `json:"syllables"`
		Clip      string  `json:"clip"`
		Start     float64 `json:"start_seconds"`
		Duration  float64 `json:"duration_seconds"`
		Estimated bool    `json:"estimated"`
		Repeat    bool    `json:"repeat"`
	}
	type warning struct {
		Segment   int    `json:"segment"`
		Sentence  string `json:"sentence"`
		Syllables int    `json:"syllables"`
	}
	out := struct {
		Ward     string    `json:"ward"`
		Date     string    `json:"date"`
		Slot     string    `json:"slot"`
		SlotSecs float64   `json:"slot_seconds"`
		Total    float64   `json:"total_seconds"`
		Over     float64   `json:"over_seconds"`
		Notices  []string  `json:"notices"`
		Segments []seg     `json:"segments"`
		Warnings []warning `json:"warnings"`
	}{Ward: s.Ward, Date: s.Date, Slot: s.Slot, SlotSecs: s.SlotSeconds, Total: round3(s.Total), Over: round3(s.Over),
		Notices: nonNil(s.Notices), Segments: []seg{}, Warnings: []warning{}}
	for _, g := range s.Segments {
		out.Segments = append(out.Segments, seg{g.Kind, g.Key, g.Title, g.Text, g.Spoken, g.Syllables, g.Clip, round3(g.Start), round3(g.Duration), g.Estimated, g.Repeat})
	}
	for _, wn := range s.Warnings {
		out.Warnings = append(out.Warnings, warning{wn.Segment, wn.Sentence, wn.Syllables})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func writeText(w io.Writer, s *Script, lang i18n.Lang) error {
	var b strings.Builder
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	title := strings.ToUpper(s.Station + " — " + s.WardName)
	fmt.Fprintf(&b, "%s\n", title)
	fmt.Fprintf(&b, "%s\n", T("script.sheet.header", s.Date, s.Slot, Clock(s.SlotSeconds)))
	b.WriteString(strings.Repeat("=", 72) + "\n\n")
	for i, g := range s.Segments {
		est := ""
		if g.Estimated {
			est = "~"
		}
		label := g.Title
		if g.Repeat {
			label = T("script.sheet.repeat_of", g.Title)
		}
		fmt.Fprintf(&b, "[%s  %s%s]  %s\n", Clock(g.Start), est, Clock(g.Duration), label)
		if g.Clip != "" {
			fmt.Fprintf(&b, "    %s\n", T("script.sheet.clip", g.Clip))
		}
		if g.Spoken != "" {
			for _, para := range strings.Split(g.Spoken, "\n") {
				if strings.TrimSpace(para) == "" {
					b.WriteString("\n")
					continue
				}
				for _, line := range wrap(para, 68) {
					fmt.Fprintf(&b, "    %s\n", line)
				}
			}
			fmt.Fprintf(&b, "    (%s)\n", T("script.sheet.syllables", g.Syllables))
		}
		for _, wn := range s.Warnings {
			if wn.Segment == i {
				fmt.Fprintf(&b, "    ! %s: «%s»\n", wn.Text.In(lang), wn.Sentence)
			}
		}
		b.WriteString("\n")
	}
	b.WriteString(strings.Repeat("=", 72) + "\n")
	fmt.Fprintf(&b, "%s\n", T("script.sheet.total", Clock(s.Total), Clock(s.SlotSeconds)))
	if s.Over > 0 {
		fmt.Fprintf(&b, "%s\n", T("script.sheet.over", Clock(s.Over)))
	} else {
		fmt.Fprintf(&b, "%s\n", T("script.sheet.under", Clock(-s.Over)))
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(&b, "%s\n", T("script.sheet.warnings", len(s.Warnings)))
	}
	b.WriteString(T("script.sheet.legend") + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap breaks text at spaces into lines of at most width runes.
func wrap(text string, width int) []string {
	var lines []string
	var cur []string
	n := 0
	for _, word := range strings.Fields(text) {
		l := len([]rune(word))
		if n > 0 && n+1+l > width {
			lines = append(lines, strings.Join(cur, " "))
			cur, n = nil, 0
		}
		if n > 0 {
			n++
		}
		cur = append(cur, word)
		n += l
	}
	if len(cur) > 0 {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}
