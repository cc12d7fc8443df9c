package main

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// Streams are the standard streams of a run, with whether each is a
// terminal. Data goes to Out; messages and progress go to ErrOut.
type Streams struct {
	In       io.Reader
	Out      io.Writer
	ErrOut   io.Writer
	InTTY    bool
	OutTTY   bool
	ErrTTY   bool
	TermDumb bool
}

func systemStreams() *Streams {
	tty := func(f *os.File) bool { return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) }
	return &Streams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: tty(os.Stdin), OutTTY: tty(os.Stdout), ErrTTY: tty(os.Stderr),
		TermDumb: os.Getenv("TERM") == "dumb",
	}
}

// Progress reports whether progress bars may be drawn on ErrOut.
func (s *Streams) Progress() bool { return s.ErrTTY && !s.TermDumb }
