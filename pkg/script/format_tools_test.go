package script

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"loa/pkg/i18n"
)

// Tests with outside programs: headless Chromium prints the sheet to PDF,
// poppler reads the PDF back, ffmpeg and ffprobe read the subtitles. Each is
// skipped when its program is missing, except under CI=true.

// toolTimeout only keeps a hung browser from blocking the test run; no
// speed is asserted.
const toolTimeout = 3 * time.Minute

// chromiumPDF prints an HTML file to PDF with headless Chromium.
func chromiumPDF(t *testing.T, chromium, htmlPath string) []byte {
	t.Helper()
	dir := t.TempDir()
	pdf := filepath.Join(dir, "out.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdf, "--no-pdf-header-footer",
		"file://"+filepath.ToSlash(htmlPath))
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatalf("chromium wrote no PDF: %v\n%s", err, out)
	}
	return data
}

var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// pdfPages counts the pages of a PDF with pdfinfo, or by its page objects
// when poppler is not installed; size is pdfinfo's "Page size" ("" then).
func pdfPages(t *testing.T, pdf []byte) (pages int, size string) {
	t.Helper()
	if pdfinfo, err := exec.LookPath("pdfinfo"); err == nil {
		path := filepath.Join(t.TempDir(), "x.pdf")
		if err := os.WriteFile(path, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(pdfinfo, path).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		for _, l := range strings.Split(string(out), "\n") {
			k, v, _ := strings.Cut(l, ":")
			switch strings.TrimSpace(k) {
			case "Pages":
				pages, _ = strconv.Atoi(strings.TrimSpace(v))
			case "Page size":
				size = strings.TrimSpace(v)
			}
		}
		return pages, size
	}
	return len(pageObject.FindAll(pdf, -1)), ""
}

func TestSheetPrintsInChromium(t *testing.T) {
	chromium := needTool(t, "chromium")
	example, _ := exampleScript(t)
	short := buildFor(t, exampleConfig(t), nil) // no notice: the fixed parts only
	cases := []struct {
		name               string
		s                  *Script
		lang               i18n.Lang
		minPages, maxPages int
		want               []string
	}{
		{"example", example, i18n.VI, 2, 6, []string{"Đức Xuân", "Tổng thời lượng", "một một ba", "khonggianmang.vn", "Chú giải"}},
		{"english labels", example, i18n.EN, 2, 6, []string{"Đức Xuân", "Total", "Legend", "Kính thưa bà con"}},
		{"fixed parts fit one page", short, i18n.VI, 1, 1, []string{"Đức Xuân", "Lời kết"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			html := filepath.Join(t.TempDir(), "sheet.html")
			if err := os.WriteFile(html, []byte(render(t, c.s, "html", c.lang, FormatOptions{})), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := chromiumPDF(t, chromium, html)
			pages, size := pdfPages(t, pdf)
			if pages < c.minPages || pages > c.maxPages {
				t.Errorf("%d pages, want %d–%d", pages, c.minPages, c.maxPages)
			}
			if size != "" && !strings.Contains(size, "(A4)") {
				t.Errorf("page size %q, want A4", size)
			}
			t.Logf("%d pages, %s", pages, size)
			pdftotext := needTool(t, "pdftotext")
			path := filepath.Join(t.TempDir(), "x.pdf")
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := strings.Join(strings.Fields(norm.NFC.String(string(out))), " ")
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// TestSheetSelfContained: nothing in the sheet or the article loads from
// elsewhere.
func TestSheetSelfContained(t *testing.T) {
	s, opts := exampleScript(t)
	for _, f := range []string{"html", "article"} {
		out := render(t, s, f, i18n.VI, opts)
		for _, bad := range []string{"<script", "<link", "src=", "@import", "url("} {
			if strings.Contains(out, bad) {
				t.Errorf("%s contains %q", f, bad)
			}
		}
		if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, `<meta charset="utf-8">`) {
			t.Errorf("%s is not a complete UTF-8 page", f)
		}
	}
	sheet := render(t, s, "html", i18n.VI, opts)
	for _, want := range []string{"size: A4", `<html lang="vi">`, "<ruby>một một ba<rp>(</rp><rt>113</rt>",
		`<b class="m1">/</b>`, `<b class="m2">//</b>`, `<b class="m3">‖</b>`, "Còn trống", "phường Đức Xuân"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	en := render(t, s, "html", i18n.EN, opts)
	if !strings.Contains(en, `<html lang="en">`) || !strings.Contains(en, `<div class="read" lang="vi">`) || !strings.Contains(en, "Left in the slot") {
		t.Error("English sheet: labels or language marks missing")
	}
}

func TestSubtitlesReadByFFmpeg(t *testing.T) {
	ffmpeg := needTool(t, "ffmpeg")
	s, _ := exampleScript(t)
	want := len(subtitleCues(s))
	for _, f := range []string{"srt", "vtt"} {
		t.Run(f, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x."+f)
			if err := os.WriteFile(path, []byte(render(t, s, f, i18n.VI, FormatOptions{})), 0o644); err != nil {
				t.Fatal(err)
			}
			// "-f null -" alone fails on any subtitle file (the null muxer
			// has no subtitle encoder); decoding into ASS reads every cue.
			out, err := exec.Command(ffmpeg, "-v", "error", "-i", path, "-map", "0", "-c:s", "ass", "-f", "null", "-").CombinedOutput()
			if err != nil || len(out) > 0 {
				t.Fatalf("ffmpeg: %v\n%s", err, out)
			}
			ffprobe := needTool(t, "ffprobe")
			out, err = exec.Command(ffprobe, "-v", "error", "-count_packets", "-show_entries", "stream=nb_read_packets",
				"-of", "csv=p=0", path).Output()
			if err != nil {
				t.Fatalf("ffprobe: %v", err)
			}
			if got, _ := strconv.Atoi(strings.TrimSpace(string(out))); got != want {
				t.Errorf("ffprobe reads %d cues, wrote %d", got, want)
			}
		})
	}
}
