package script

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// Formats lists the output formats of Write, in the order of DESIGN.md.
var Formats = []string{"text", "md", "html", "json", "srt", "vtt", "article", "social"}

// DefaultHashtags end the social post when FormatOptions.Hashtags is empty.
var DefaultHashtags = []string{"#LuaDaoTrucTuyen", "#KhongGianMang", "#CanhGiac"}

// FormatOptions carries what a Script does not hold but some formats show.
// The zero value is valid: every format renders, with DefaultHashtags, no
// hotline box and no source reference.
type FormatOptions struct {
	// Hashtags end the social post (config text.hashtags); a missing "#" is
	// added and spaces are removed.
	Hashtags []string
	// Hotlines are listed, in this order, in the article's box; the social
	// post names those whose number its notices mention.
	Hotlines []config.Hotline
	// Sources maps a notice id to the document it comes from, cited by the
	// article.
	Sources map[string]notice.Source
}

// OptionsFor fills FormatOptions from the configuration and the notices of a
// script: every configured hotline and each notice's source. Hashtags are
// left to the caller (config text.hashtags).
func OptionsFor(cfg config.Config, notices []*notice.Notice) FormatOptions {
	o := FormatOptions{Hotlines: cfg.Hotlines, Sources: map[string]notice.Source{}}
	for _, n := range notices {
		if n != nil {
			o.Sources[n.ID] = n.Source
		}
	}
	return o
}

// Write renders the script in format to w with the default FormatOptions.
// Labels are in lang; the text to be read is always Vietnamese.
func Write(w io.Writer, s *Script, format string, lang i18n.Lang) error {
	return WriteWith(w, s, format, lang, FormatOptions{})
}

// WriteWith renders the script in format to w. The labels of the text, md
// and html sheets are in lang; the text to be read is always Vietnamese. The
// article and the social post are publications for residents and are
// Vietnamese whatever lang is; srt, vtt and json have no labels. Every
// format is written in NFC.
func WriteWith(w io.Writer, s *Script, format string, lang i18n.Lang, opts FormatOptions) error {
	if s == nil {
		return ErrNilScript
	}
	switch format {
	case "text", "":
		return writeNFC(w, func(b *strings.Builder) error { return writeText(b, s, lang) })
	case "json":
		return writeNFC(w, func(b *strings.Builder) error { return writeJSON(b, s) })
	case "md":
		return writeNFC(w, func(b *strings.Builder) error { return writeMarkdown(b, s, lang) })
	case "html":
		return writeNFC(w, func(b *strings.Builder) error { return writeSheetHTML(b, s, lang) })
	case "srt":
		return writeNFC(w, func(b *strings.Builder) error { return writeSRT(b, s) })
	case "vtt":
		return writeNFC(w, func(b *strings.Builder) error { return writeVTT(b, s) })
	case "article":
		return writeNFC(w, func(b *strings.Builder) error { return writeArticle(b, s, opts) })
	case "social":
		return writeNFC(w, func(b *strings.Builder) error { return writeSocial(b, s, opts) })
	}
	return i18n.Errorf("script.unknown_format", format, strings.Join(Formats, ", "))
}

// ErrNilScript is returned when there is no script to render.
var ErrNilScript = errors.New("script: nil script")

// writeNFC renders into a buffer and writes it in NFC, so that text from
// the configuration or a notice in another normalization form comes out
// composed.
func writeNFC(w io.Writer, render func(*strings.Builder) error) error {
	var b strings.Builder
	if err := render(&b); err != nil {
		return err
	}
	_, err := io.WriteString(w, vntext.NFC(b.String()))
	return err
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
