package cap

import (
	"errors"

	"loa/pkg/i18n"
)

// Sentinel errors; every error this package returns is an *Error wrapping one.
var (
	// ErrTooLarge: the document is over MaxSize.
	ErrTooLarge = errors.New("cap: too large")
	// ErrDTD: the XML has a DOCTYPE or entity declarations, which are refused.
	ErrDTD = errors.New("cap: doctype refused")
	// ErrXML: the document is not well-formed XML, or nested too deeply.
	ErrXML = errors.New("cap: invalid xml")
	// ErrNotCAP: the root element is not a CAP 1.2 alert.
	ErrNotCAP = errors.New("cap: not a CAP 1.2 alert")
	// ErrNotAlert: the message cancels, acknowledges or reports an error
	// instead of alerting; there is nothing to import.
	ErrNotAlert = errors.New("cap: not an alert message")
	// ErrNoInfo: the alert has no info block, or no text in it.
	ErrNoInfo = errors.New("cap: no info")
	// ErrField: a field has a value that cannot be used.
	ErrField = errors.New("cap: invalid field")
	// ErrRead: the file could not be read.
	ErrRead = errors.New("cap: read failed")
	// ErrExport: the notice or the options cannot make a valid alert.
	ErrExport = errors.New("cap: cannot export")
)

// Error is a problem with one CAP document: the file, the CAP element or
// option concerned, and a message from the catalog.
type Error struct {
	File  string
	Field string
	Text  i18n.Text
	Err   error
}

// Error renders the message in English, for logs.
func (e *Error) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localizer.
func (e *Error) Localize(lang i18n.Lang) string {
	switch {
	case e.Field != "" && e.File != "":
		return i18n.T(lang, "cap.error_field", e.File, e.Field, e.Text.In(lang))
	case e.Field != "":
		return i18n.T(lang, "cap.error", e.Field, e.Text.In(lang))
	case e.File != "":
		return i18n.T(lang, "cap.error", e.File, e.Text.In(lang))
	}
	return e.Text.In(lang)
}

// Unwrap returns the sentinel (and through it the cause).
func (e *Error) Unwrap() error { return e.Err }

type causeError struct{ sentinel, cause error }

func (c *causeError) Error() string   { return c.sentinel.Error() + ": " + c.cause.Error() }
func (c *causeError) Unwrap() []error { return []error{c.sentinel, c.cause} }

func newError(file, field string, sentinel, cause error, key string, args ...any) *Error {
	err := sentinel
	if cause != nil {
		err = &causeError{sentinel: sentinel, cause: cause}
	}
	return &Error{File: file, Field: field, Text: i18n.Msg(key, args...), Err: err}
}
