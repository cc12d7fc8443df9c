package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"loa/pkg/notice"
	"loa/pkg/script"
	"loa/pkg/vntext"
)

// TestLibraryNotices checks every notice shipped in notices/: it parses and
// expands with the example configuration, is approved, lasts 45–90 s at the
// configured reading rate, has no sentence over 35 syllables, and types no
// hotline or site that should come from the configuration.
func TestLibraryNotices(t *testing.T) {
	cfg, err := loadWith(t, "../..", nil)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(lib.Notices) < 25 {
		t.Fatalf("%d notices in the library, want at least 25", len(lib.Notices))
	}
	norm, err := vntext.New(script.NormalizerOptions(cfg))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range lib.Notices {
		t.Run(n.ID, func(t *testing.T) {
			if !n.Approved() {
				t.Error("not approved")
			}
			if n.Tactic == "" || n.Source.Issuer == "" || n.ValidFrom.IsZero() || n.ValidUntil.IsZero() {
				t.Errorf("incomplete front matter: tactic %q, source %+v, validity %s…%s", n.Tactic, n.Source, n.ValidFrom, n.ValidUntil)
			}
			for _, typed := range []string{"113", "156", "5656", "khonggianmang", "tinnhiemmang"} {
				if strings.Contains(n.Body, typed) {
					t.Errorf("body types %q instead of using the hotline template", typed)
				}
			}
			text, err := n.Text(cfg.Hotlines)
			if err != nil {
				t.Fatal(err)
			}
			spoken := norm.Normalize(text)
			secs := script.Estimate(spoken, cfg.Reading)
			if secs < 45 || secs > 90 {
				t.Errorf("lasts %.1f s at %.1f syllables/s, want 45–90 s", secs, cfg.Reading.Rate)
			}
			for _, s := range vntext.Sentences(spoken) {
				if s.Syllables > 35 {
					t.Errorf("sentence of %d syllables: %q", s.Syllables, s.Text)
				}
			}
			if vntext.NFC(n.Body) != n.Body {
				t.Error("body is not NFC")
			}
		})
	}
}

// TestNormalizeSharedCases runs every row of the shared example cases through
// `loa normalize`, one line in, one line out.
func TestNormalizeSharedCases(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "examples", "vntext-cases.tsv"))
	if err != nil {
		t.Skip("shared/examples/vntext-cases.tsv not beside the repository")
	}
	defer f.Close()
	var in bytes.Buffer
	var want []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			continue
		}
		in.WriteString(cols[0] + "\n")
		want = append(want, cols[1])
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"normalize"}, &Streams{In: &in, Out: &out, ErrOut: &errOut},
		func(string) string { return "" })
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines out for %d in", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: got %q, want %q", i+1, got[i], want[i])
		}
	}
}

// TestNormalizeLegacyLetter feeds `loa normalize` the example letter in
// UTF-8, TCVN3 and VNI: all three read the same.
func TestNormalizeLegacyLetter(t *testing.T) {
	letter, err := os.ReadFile(filepath.Join("..", "..", "pkg", "letter", "testdata", "cong-van-ubnd-tp-bac-kan-2024-07.txt"))
	if err != nil {
		t.Fatal(err)
	}
	normalize := func(in []byte) (string, string) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"normalize"}, &Streams{In: bytes.NewReader(in), Out: &out, ErrOut: &errOut},
			func(string) string { return "" })
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		return out.String(), errOut.String()
	}
	want, _ := normalize(letter)
	if !strings.Contains(want, "Công văn số chín trăm linh bảy") || !strings.Contains(want, "không gian mạng chấm vê en") {
		t.Fatalf("UTF-8 letter normalized to:\n%s", want)
	}
	if n := strings.Count(want, "\n"); n != strings.Count(strings.TrimSuffix(string(letter), "\n"), "\n")+1 {
		t.Errorf("%d lines out", n)
	}
	for _, enc := range []vntext.Encoding{vntext.TCVN3, vntext.VNI} {
		data, err := vntext.Encode(string(letter), enc)
		if err != nil {
			t.Fatal(err)
		}
		got, msg := normalize(data)
		if got != want {
			t.Errorf("%s copy normalizes differently", enc)
		}
		if !strings.Contains(msg, string(enc)) {
			t.Errorf("%s not reported: %q", enc, msg)
		}
	}
}
