package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"loa/pkg/i18n"
)

// TestCatalog checks every message of the whole program (all packages are
// linked here): both languages present, same formatting verbs.
func TestCatalog(t *testing.T) {
	for _, p := range i18n.Problems() {
		t.Error(p)
	}
}

// TestHelpEveryCommand runs --help on every command in both languages, which
// also catches flags that clash (cobra panics on them).
func TestHelpEveryCommand(t *testing.T) {
	streams := &Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	root := newApp(streams, func(string) string { return "" }, nil).rootCmd()
	var paths [][]string
	var walk func(c *cobra.Command, path []string)
	walk = func(c *cobra.Command, path []string) {
		paths = append(paths, path)
		for _, sub := range c.Commands() {
			walk(sub, append(append([]string{}, path...), sub.Name()))
		}
	}
	walk(root, nil)
	if len(paths) < 15 {
		t.Fatalf("only %d commands", len(paths))
	}
	for _, lang := range []string{"vi", "en"} {
		for _, p := range paths {
			var out, errOut bytes.Buffer
			args := append([]string{"--lang", lang}, append(p, "--help")...)
			code := run(context.Background(), args, &Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
				func(string) string { return "" })
			if code != 0 {
				t.Errorf("loa %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
				continue
			}
			heading := map[string]string{"vi": "Cách dùng:", "en": "Usage:"}[lang]
			if !strings.Contains(out.String(), heading) {
				t.Errorf("loa %s: no %q in\n%s", strings.Join(args, " "), heading, out.String())
			}
			if lang == "vi" && strings.Contains(out.String(), "Usage:") {
				t.Errorf("loa %s: English heading in Vietnamese help", strings.Join(args, " "))
			}
		}
	}
}
