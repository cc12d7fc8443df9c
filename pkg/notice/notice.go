// Package notice is the model of a broadcast notice and its Markdown + YAML
// front matter format: parsing with errors that name file, line and field,
// the notice library folder, and expansion of hotline templates in the body.
package notice

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
)

// Priority is one of the three levels of Thông tư 39/2020/TT-BTTTT.
type Priority string

// The priorities, lowest first.
const (
	Normal    Priority = "thuong"
	High      Priority = "uu-tien"
	Emergency Priority = "khan-cap"
)

// Rank orders priorities: higher is more urgent.
func (p Priority) Rank() int {
	switch p {
	case Emergency:
		return 2
	case High:
		return 1
	}
	return 0
}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return p == Normal || p == High || p == Emergency }

// Date is a calendar day without a time zone.
type Date struct{ time.Time }

// DateLayout is the written form of a Date.
const DateLayout = "2006-01-02"

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, err
	}
	return Date{t}, nil
}

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(DateLayout)
}

// Source is the official document a notice comes from.
type Source struct {
	Issuer string
	Number string
	Date   string
}

// Notice is one warning to be read aloud.
type Notice struct {
	ID           string
	Title        string
	Tactic       string
	Priority     Priority
	ValidFrom    Date // zero: no start
	ValidUntil   Date // zero: no end
	PlaysPerWeek int  // 0: the configured default
	MaxPerDay    int  // 0: one
	Wards        []string
	ExcludeWards []string
	Source       Source
	ApprovedBy   string
	ApprovedAt   string
	ApprovedHash string

	// Body is the Markdown body as written (templates not yet expanded).
	Body string
	// Path is the file the notice was read from; BodyLine the line its body starts on.
	Path     string
	BodyLine int
}

// ValidOn reports whether the notice may be broadcast on day d.
func (n *Notice) ValidOn(d Date) bool {
	if !n.ValidFrom.IsZero() && d.Before(n.ValidFrom.Time) {
		return false
	}
	if !n.ValidUntil.IsZero() && d.After(n.ValidUntil.Time) {
		return false
	}
	return true
}

// ForWard reports whether the notice addresses the ward.
func (n *Notice) ForWard(ward string) bool {
	for _, w := range n.ExcludeWards {
		if w == ward {
			return false
		}
	}
	for _, w := range n.Wards {
		if w == "all" || w == ward {
			return true
		}
	}
	return false
}

// ContentHash is a hash of everything that is read aloud or shapes the
// schedule; approval records it, and any change to these makes the notice a
// draft again.
func (n *Notice) ContentHash() string {
	h := sha256.New()
	fmt.Fprintf(h, "id=%s\ntitle=%s\npriority=%s\nfrom=%s\nuntil=%s\nplays=%d\nmaxday=%d\nwards=%s\nexclude=%s\nbody=%s",
		n.ID, n.Title, n.Priority, n.ValidFrom, n.ValidUntil, n.PlaysPerWeek, n.MaxPerDay,
		strings.Join(n.Wards, ","), strings.Join(n.ExcludeWards, ","), n.Body)
	return hex.EncodeToString(h.Sum(nil))
}

// Approved reports whether the notice carries a valid approval: an approver
// and a hash that still matches its content.
func (n *Notice) Approved() bool {
	return n.ApprovedBy != "" && n.ApprovedHash == n.ContentHash()
}

// Text expands the body's templates ({{ hotline "id" }}, {{ site "id" }})
// with the configured hotlines and returns the text to be read, paragraphs
// separated by a blank line.
func (n *Notice) Text(hotlines []config.Hotline) (string, error) {
	return ExpandTemplate(n.Path, n.BodyLine, n.Body, hotlines, nil)
}

// ExpandTemplate runs a text/template with the hotline functions. name and
// line locate the template for errors; data is passed as the dot.
func ExpandTemplate(name string, line int, text string, hotlines []config.Hotline, data any) (string, error) {
	lookup := func(id string) (config.Hotline, error) {
		for _, h := range hotlines {
			if h.ID == id {
				return h, nil
			}
		}
		ids := make([]string, len(hotlines))
		for i, h := range hotlines {
			ids[i] = h.ID
		}
		return config.Hotline{}, i18n.Errorf("notice.unknown_hotline", id, strings.Join(ids, ", "))
	}
	funcs := template.FuncMap{
		"hotline": func(id string) (string, error) {
			h, err := lookup(id)
			return h.Value(), err
		},
		"site": func(id string) (string, error) {
			h, err := lookup(id)
			if err == nil && h.Site == "" {
				return "", i18n.Errorf("notice.hotline_no_site", id)
			}
			return h.Site, err
		},
	}
	t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", &ParseError{File: name, Line: line, Field: "body", Msg: i18n.Msg("notice.bad_template", err.Error())}
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		msg := i18n.Msg("notice.bad_template", err.Error())
		var ie *i18n.Error
		if errors.As(err, &ie) {
			msg = ie.Text
		}
		return "", &ParseError{File: name, Line: line, Field: "body", Msg: msg}
	}
	return cleanText(b.String()), nil
}

// cleanText trims lines, collapses runs of blank lines into one paragraph
// break, and drops leading and trailing blank lines.
func cleanText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	blank := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// ParseError locates a problem in a notice file.
type ParseError struct {
	File  string
	Line  int
	Field string
	Msg   i18n.Text
}

func (e *ParseError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localizer.
func (e *ParseError) Localize(lang i18n.Lang) string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Field != "" {
		return i18n.T(lang, "notice.error_field", loc, e.Field, e.Msg.In(lang))
	}
	return i18n.T(lang, "notice.error", loc, e.Msg.In(lang))
}
