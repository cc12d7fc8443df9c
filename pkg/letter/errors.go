package letter

import (
	"errors"

	"loa/pkg/i18n"
)

// Sentinel errors; every error this package returns is an *Error that wraps
// one of them, so callers can test with errors.Is.
var (
	// ErrEmpty: the file holds no text.
	ErrEmpty = errors.New("letter: empty")
	// ErrNoBody: no body text was found between the header and the footer.
	ErrNoBody = errors.New("letter: no body")
	// ErrTooLarge: the file or its text is over the size limit.
	ErrTooLarge = errors.New("letter: too large")
	// ErrUnsupported: the file type is not .txt, .md or .docx.
	ErrUnsupported = errors.New("letter: unsupported file type")
	// ErrEncoding: the text could not be decoded.
	ErrEncoding = errors.New("letter: undecodable text")
	// ErrRead: the file could not be read.
	ErrRead = errors.New("letter: read failed")
	// ErrDOCX: the .docx is not a valid Word document.
	ErrDOCX = errors.New("letter: invalid docx")
	// ErrZipBomb: the .docx would decompress to too much data, has too many
	// entries, or compresses too well to be a real document.
	ErrZipBomb = errors.New("letter: docx refused as a zip bomb")
	// ErrTooDeep: the document XML is nested deeper than MaxXMLDepth.
	ErrTooDeep = errors.New("letter: xml nested too deeply")
)

// Error is a problem with one letter file. It names the file and carries a
// message from the catalog; Err is one of the sentinel errors above, possibly
// wrapping the cause.
type Error struct {
	File string
	Text i18n.Text
	Err  error
}

// Error renders the message in English, for logs.
func (e *Error) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localizer.
func (e *Error) Localize(lang i18n.Lang) string {
	if e.File == "" {
		return e.Text.In(lang)
	}
	return i18n.T(lang, "letter.error", e.File, e.Text.In(lang))
}

// Unwrap returns the sentinel (and through it the cause).
func (e *Error) Unwrap() error { return e.Err }

// causeError joins a sentinel with the underlying cause so that errors.Is
// finds both.
type causeError struct {
	sentinel error
	cause    error
}

func (c *causeError) Error() string   { return c.sentinel.Error() + ": " + c.cause.Error() }
func (c *causeError) Unwrap() []error { return []error{c.sentinel, c.cause} }

func newError(file string, sentinel, cause error, key string, args ...any) *Error {
	err := sentinel
	if cause != nil {
		err = &causeError{sentinel: sentinel, cause: cause}
	}
	return &Error{File: file, Text: i18n.Msg(key, args...), Err: err}
}
