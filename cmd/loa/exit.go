package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"loa/pkg/bulletin"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// Exit codes, as in DESIGN.md.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitPartial     = 3
	exitLocked      = 4
	exitInterrupted = 130
)

// usageError marks bad usage, configuration or input: exit 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }
func usage(key string, args ...any) error {
	return usageError{i18n.Errorf(key, args...)}
}

// exitError makes a command end with a chosen exit code; exit.go's
// exitCode honours ExitCode().
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
func (e exitError) ExitCode() int { return e.code }

// Main runs loa with the process's arguments and streams and returns the
// exit code. It is the only place that decides exit codes.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], systemStreams(), os.Getenv)
}

func run(ctx context.Context, args []string, io *Streams, getenv func(string) string) int {
	app := newApp(io, getenv, args)
	root := app.rootCmd()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	code := exitCode(ctx, err)
	if code == exitInterrupted {
		fmt.Fprintln(io.ErrOut, i18n.T(app.lang, "cli.interrupted"))
		return code
	}
	var se silentError
	if !errors.As(err, &se) {
		printError(io.ErrOut, app.lang, err)
	}
	return code
}

func printError(w io.Writer, lang i18n.Lang, err error) {
	prefix := i18n.T(lang, "cli.error_prefix")
	desc := i18n.Describe(err, lang)
	fmt.Fprintf(w, "%s %s\n", prefix, desc)
}

func exitCode(ctx context.Context, err error) int {
	var ue usageError
	var ve *config.ValidationError
	var pe *notice.ParseError
	var mc *bulletin.MissingClipsError
	var coded interface{ ExitCode() int }
	switch {
	case errors.As(err, &coded):
		return coded.ExitCode()
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		return exitInterrupted
	case errors.As(err, &ue), errors.As(err, &ve), errors.As(err, &pe), errors.As(err, &mc),
		errors.Is(err, notice.ErrNotFound), isCobraUsage(err):
		return exitUsage
	}
	return exitFailure
}

// isCobraUsage recognizes cobra's own usage errors (unknown command,
// wrong number of arguments), which it returns as plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "invalid argument",
		"accepts ", "requires at least", "requires at most", "flag needs an argument", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
