// Package i18n is loa's one catalog of user-facing text. Every message a user
// can see has a key here with a Vietnamese text (the default) and an English
// one. Packages under pkg/ return typed errors carrying a Text, and cmd/loa
// renders them in the user's language.
package i18n

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Lang is a user interface language.
type Lang string

// The supported languages. Vietnamese is the default everywhere.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang accepts vi, en and common spellings (vi_VN.UTF-8, en-US).
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "" || strings.HasPrefix(s, "vi"):
		return VI, true
	case strings.HasPrefix(s, "en"):
		return EN, true
	}
	return VI, false
}

type entry struct{ vi, en string }

var catalog = map[string]entry{}

// Register adds messages to the catalog; each value is {vietnamese, english}.
// It panics on a duplicate key, which is a programming error found by tests.
func Register(msgs map[string][2]string) {
	for k, v := range msgs {
		if _, dup := catalog[k]; dup {
			panic("i18n: duplicate key " + k)
		}
		catalog[k] = entry{vi: v[0], en: v[1]}
	}
}

// T formats the message key in lang. An unknown key is returned as is, so a
// missing entry is visible rather than silent.
func T(lang Lang, key string, args ...any) string {
	e, ok := catalog[key]
	if !ok {
		if len(args) > 0 {
			return key + fmt.Sprint(args...)
		}
		return key
	}
	format := e.vi
	if lang == EN {
		format = e.en
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(format, args...)
}

// Keys lists every registered key, sorted; tests use it to check the catalog.
func Keys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Pair returns both texts of a key.
func Pair(key string) (vi, en string, ok bool) {
	e, ok := catalog[key]
	return e.vi, e.en, ok
}

// Text is a message not yet rendered: a catalog key and its arguments.
type Text struct {
	Key  string
	Args []any
}

// Msg builds a Text.
func Msg(key string, args ...any) Text { return Text{Key: key, Args: args} }

// In renders the text in lang.
func (t Text) In(lang Lang) string { return T(lang, t.Key, t.Args...) }

// String renders the text in English, for logs and Error() methods.
func (t Text) String() string { return t.In(EN) }

// Localizer is implemented by errors that can describe themselves in a
// user's language.
type Localizer interface {
	Localize(lang Lang) string
}

// Error is an error whose message is a catalog Text, optionally wrapping a
// cause (which is not shown again when the Text already says it all).
type Error struct {
	Text Text
	Err  error
}

// Errorf returns an *Error for key with args, wrapping the first error among
// args if there is one.
func Errorf(key string, args ...any) *Error {
	e := &Error{Text: Msg(key, args...)}
	for _, a := range args {
		if err, ok := a.(error); ok {
			e.Err = err
			break
		}
	}
	return e
}

// Wrap returns an *Error for key that wraps err without showing it.
func Wrap(err error, key string, args ...any) *Error {
	return &Error{Text: Msg(key, args...), Err: err}
}

func (e *Error) Error() string { return e.Text.String() }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Localize implements Localizer.
func (e *Error) Localize(lang Lang) string { return e.Text.In(lang) }

// Describe renders an error tree in lang: localizable errors in the user's
// language, joined errors one per line, others as their Error() text.
func Describe(err error, lang Lang) string {
	var lines []string
	describe(err, lang, &lines)
	return strings.Join(lines, "\n")
}

func describe(err error, lang Lang, lines *[]string) {
	if err == nil {
		return
	}
	if l, ok := err.(Localizer); ok {
		*lines = append(*lines, l.Localize(lang))
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			describe(e, lang, lines)
		}
		return
	}
	// A plain wrapper: if something below is localizable, show the wrapper's
	// own prefix only when it adds context (fmt.Errorf("%w: ...")).
	var l Localizer
	if errors.As(err, &l) {
		if w := errors.Unwrap(err); w != nil {
			describe(w, lang, lines)
			return
		}
	}
	*lines = append(*lines, err.Error())
}

// Problems lists catalog entries with an empty text, or whose Vietnamese
// and English texts take different formatting verbs (a sure sign that one
// of them prints the wrong thing).
func Problems() []string {
	var out []string
	for _, k := range Keys() {
		e := catalog[k]
		if strings.TrimSpace(e.vi) == "" || strings.TrimSpace(e.en) == "" {
			out = append(out, k+": empty text")
		}
		if verbs(e.vi) != verbs(e.en) {
			out = append(out, fmt.Sprintf("%s: verbs differ: %q vs %q", k, e.vi, e.en))
		}
	}
	return out
}

// verbs returns the formatting verbs of a format string, in order.
func verbs(s string) string {
	var out []byte
	for i := 0; i < len(s)-1; i++ {
		if s[i] != '%' {
			continue
		}
		if s[i+1] == '%' {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && strings.IndexByte("+-# 0123456789.[]*", s[j]) >= 0 {
			j++
		}
		if j < len(s) {
			out = append(out, s[j])
		}
		i = j
	}
	return string(out)
}
