package wav

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package that concerns a file
// is an *Error whose Kind is one of these, so callers can test with errors.Is
// and still print a message that names the file.
var (
	// ErrNotWAV means the input is not a RIFF/RF64 WAVE file at all.
	ErrNotWAV = errors.New("not a WAV file")
	// ErrUnsupported means a well-formed WAV file whose encoding loa does not
	// decode (ADPCM, A-law, MP3 in WAV, an unknown EXTENSIBLE sub-format,
	// 12-bit PCM, more than 8 channels, ...).
	ErrUnsupported = errors.New("unsupported WAV encoding")
	// ErrCorrupt means a header that contradicts itself or the WAV rules.
	ErrCorrupt = errors.New("corrupt WAV file")
	// ErrTruncated means the file ends before its data chunk does.
	ErrTruncated = errors.New("truncated WAV file")
	// ErrNoBEXT is returned by ReadBEXT for a file without a bext chunk.
	ErrNoBEXT = errors.New("no bext chunk")
	// ErrClosed is returned when a closed Decoder or Encoder is used.
	ErrClosed = errors.New("use of closed WAV decoder or encoder")
	// ErrOptions means invalid EncoderOptions or an unusable audio.Format.
	ErrOptions = errors.New("invalid WAV encoder options")
	// ErrTooLarge means the audio does not fit in a 4 GiB RIFF file.
	ErrTooLarge = errors.New("WAV data exceeds the 4 GiB RIFF limit")
	// ErrIO wraps a failure of the underlying reader or writer.
	ErrIO = errors.New("WAV I/O error")
)

// Error describes a problem with one WAV file or stream.
type Error struct {
	File   string // name given to NewDecoder, the path given to Open, or "" if unknown
	Offset int64  // byte offset in the file the problem was found at, or -1
	Kind   error  // one of the Err* sentinels of this package
	Detail string // what exactly is wrong
	Err    error  // underlying cause (I/O error, audio.ErrFormat, ...), may be nil
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Offset >= 0 {
		fmt.Fprintf(&b, "offset %d: ", e.Offset)
	}
	b.WriteString(e.Kind.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see both the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(file string, off int64, kind error, cause error, format string, args ...any) *Error {
	return &Error{File: file, Offset: off, Kind: kind, Detail: fmt.Sprintf(format, args...), Err: cause}
}
