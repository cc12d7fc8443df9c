package notice

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
)

const good = `---
id: test-notice
title: Cảnh giác lừa đảo
tactic: deepfake
priority: uu-tien
valid_from: 2024-07-04
valid_until: 2024-12-31
plays_per_week: 3
wards: [duc-xuan, song-cau]
exclude_wards: [xuat-hoa]
source: {issuer: "UBND thành phố Bắc Kạn", number: "907/STTTT-CNTT-BCVT", date: 2024-07-03}
approved_by: ""
---
Kính thưa bà con, gọi {{ hotline "canh-sat" }}.

Vào trang {{ site "web" }}.
`

var hotlines = []config.Hotline{
	{ID: "canh-sat", Number: "113"},
	{ID: "web", Site: "khonggianmang.vn"},
}

func TestParseGood(t *testing.T) {
	n, err := Parse("a.md", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if n.ID != "test-notice" || n.Priority != High || n.PlaysPerWeek != 3 || n.Tactic != "deepfake" {
		t.Errorf("fields: %+v", n)
	}
	if n.ValidFrom.String() != "2024-07-04" || n.ValidUntil.String() != "2024-12-31" {
		t.Errorf("dates: %s %s", n.ValidFrom, n.ValidUntil)
	}
	if n.Source.Number != "907/STTTT-CNTT-BCVT" || n.Source.Date != "2024-07-03" {
		t.Errorf("source: %+v", n.Source)
	}
	if n.BodyLine != 14 {
		t.Errorf("body line = %d, want 14", n.BodyLine)
	}
	text, err := n.Text(hotlines)
	if err != nil {
		t.Fatal(err)
	}
	want := "Kính thưa bà con, gọi 113.\n\nVào trang khonggianmang.vn."
	if text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	d, _ := ParseDate("2024-07-08")
	if !n.ValidOn(d) || !n.ForWard("duc-xuan") || n.ForWard("xuat-hoa") || n.ForWard("huyen-tung") {
		t.Error("validity or ward selection wrong")
	}
	late, _ := ParseDate("2025-01-01")
	if n.ValidOn(late) {
		t.Error("valid after valid_until")
	}
}

func TestParseErrors(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	cases := []struct {
		name  string
		input string
		line  int
		field string
		key   string
	}{
		{"no front matter", "Kính thưa bà con", 1, "", "notice.no_front_matter"},
		{"unclosed", "---\nid: x\ntitle: y\n", 4, "", "notice.unclosed_front_matter"},
		{"bad yaml", replace("tactic: deepfake", "tactic: deep: fake"), 4, "", "notice.bad_yaml"},
		{"bad priority", replace("priority: uu-tien", "priority: gap"), 5, "priority", "notice.bad_priority"},
		{"bad date", replace("valid_from: 2024-07-04", "valid_from: 04/07/2024"), 6, "valid_from", "notice.bad_date"},
		{"until before from", replace("valid_until: 2024-12-31", "valid_until: 2024-01-01"), 7, "valid_until", "notice.until_before_from"},
		{"bad count", replace("plays_per_week: 3", "plays_per_week: ba"), 8, "plays_per_week", "notice.bad_count"},
		{"bad ward", replace("song-cau]", "Sông Cầu]"), 9, "wards", "notice.bad_ward"},
		{"unknown field", replace("tactic: deepfake", "tatic: deepfake"), 4, "tatic", "notice.unknown_field"},
		{"duplicate field", replace("tactic: deepfake", "title: lặp"), 4, "title", "notice.duplicate_field"},
		{"bad id", replace("id: test-notice", "id: Test Notice"), 2, "id", "notice.bad_id"},
		{"missing id", replace("id: test-notice\n", ""), 2, "id", "notice.missing_field"},
		{"source unknown", replace("date: 2024-07-03}", "ngay: 2024-07-03}"), 11, "source.ngay", "notice.unknown_field"},
		{"empty body", good[:strings.Index(good, "Kính")], 14, "body", "notice.empty_body"},
		{"not utf8", "---\nid: \xff\n---\n", 0, "", "notice.not_utf8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.md", []byte(c.input))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.File != "bad.md" || pe.Line != c.line || pe.Field != c.field || pe.Msg.Key != c.key {
				t.Errorf("got %s:%d field %q key %q (%v); want line %d field %q key %q",
					pe.File, pe.Line, pe.Field, pe.Msg.Key, err, c.line, c.field, c.key)
			}
			vi := pe.Localize(i18n.VI)
			if !strings.HasPrefix(vi, "bad.md") || strings.Contains(vi, "notice.") {
				t.Errorf("Vietnamese message not rendered: %q", vi)
			}
		})
	}
}

func TestTemplateErrors(t *testing.T) {
	for name, body := range map[string]string{
		"unknown hotline": `gọi {{ hotline "khong-co" }}`,
		"no site":         `vào {{ site "canh-sat" }}`,
		"bad syntax":      `gọi {{ hotline "canh-sat" `,
	} {
		t.Run(name, func(t *testing.T) {
			n, err := Parse("t.md", []byte("---\nid: t\ntitle: T\n---\n"+body+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = n.Text(hotlines)
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Field != "body" || pe.Line != 5 {
				t.Fatalf("want a body ParseError at line 5, got %v", err)
			}
		})
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", good)
	write("b.md", strings.Replace(good, "id: test-notice", "id: khan", 1)+"")
	write("c.md", strings.Replace(good, "priority: uu-tien", "priority: sai", 1))
	lib, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), "c.md:5") {
		t.Errorf("want the broken c.md reported with its line, got %v", err)
	}
	if len(lib.Notices) != 2 {
		t.Fatalf("want 2 good notices, got %d", len(lib.Notices))
	}
	if _, err := lib.Resolve("khong-co"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Resolve unknown: %v", err)
	}
	if n, err := lib.Resolve(filepath.Join(dir, "a.md")); err != nil || n.ID != "test-notice" {
		t.Errorf("Resolve path: %v %v", n, err)
	}
	d, _ := ParseDate("2024-07-08")
	if got := lib.Active(d, "duc-xuan"); len(got) != 2 {
		t.Errorf("Active = %d notices", len(got))
	}
}

func TestApprovalHash(t *testing.T) {
	n, err := Parse("a.md", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	n.ApprovedBy, n.ApprovedHash = "Nguyễn Văn A", n.ContentHash()
	if !n.Approved() {
		t.Fatal("fresh approval not valid")
	}
	n.Body += " Thêm một câu."
	if n.Approved() {
		t.Error("approval survived a body change")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nsource: [1, 2]\n---\nx"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Parse("f.md", data)
		if err == nil {
			_, _ = n.Text(hotlines)
			if n.ID == "" || n.Body == "" {
				t.Fatal("parsed a notice without id or body")
			}
		}
	})
}

func TestApproveRewritesOnlyApprovalFields(t *testing.T) {
	n, err := Parse("a.md", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 5, 8, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	out, err := Approve([]byte(good), n, "Nguyễn Thị Hoa", at)
	if err != nil {
		t.Fatal(err)
	}
	m, err := Parse("a.md", out)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Approved() || m.ApprovedBy != "Nguyễn Thị Hoa" || m.ApprovedAt != "2024-07-05T08:30:00+07:00" {
		t.Errorf("approval not recorded: %+v", m)
	}
	if m.Body != n.Body || m.Title != n.Title {
		t.Error("content changed")
	}
	// Editing the body afterwards makes it a draft again.
	edited := strings.Replace(string(out), "Kính thưa", "Thưa", 1)
	e, err := Parse("a.md", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if e.State() != Draft || !e.Stale() {
		t.Errorf("edited notice still %s", e.State())
	}
	if _, err := Approve([]byte(good), n, "  ", at); err == nil {
		t.Error("approved without a name")
	}
}
