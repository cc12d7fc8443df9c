package schedule

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// checkICS verifies the structure of a calendar: CRLF line ends only,
// physical lines of at most 75 octets that are each valid UTF-8, balanced
// BEGIN/END, and the properties every VEVENT needs. It returns the
// unfolded content lines.
func checkICS(t *testing.T, data []byte) []string {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatal("does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var lines []string
	for i, l := range phys {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d: bare CR or LF", i+1)
		}
		if len(l) > icsMaxLine {
			t.Errorf("line %d: %d octets", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d: a UTF-8 character is split: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			if len(lines) == 0 {
				t.Fatal("continuation line first")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []string
	uids := map[string]bool{}
	var props map[string]bool
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			t.Errorf("no colon: %q", l)
			continue
		}
		base, _, _ := strings.Cut(name, ";")
		switch base {
		case "BEGIN":
			stack = append(stack, value)
			if value == "VEVENT" {
				props = map[string]bool{}
			}
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if value == "VEVENT" {
				for _, p := range []string{"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"} {
					if !props[p] {
						t.Errorf("VEVENT without %s", p)
					}
				}
			}
		case "UID":
			if uids[value] {
				t.Errorf("UID %s twice", value)
			}
			uids[value] = true
		}
		if props != nil {
			props[base] = true
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed %v", stack)
	}
	if len(lines) == 0 || lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
		t.Error("not a VCALENDAR")
	}
	return lines
}

func TestICSStructure(t *testing.T) {
	cfg, ns := fixture(t)
	s := build(t, cfg, ns, timingFor(ns), "2024-07-08", "2024-07-14")
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		var b bytes.Buffer
		if err := WriteICS(&b, s, lang); err != nil {
			t.Fatal(err)
		}
		lines := checkICS(t, b.Bytes())
		events := strings.Count(strings.Join(lines, "\n"), "BEGIN:VEVENT")
		if events != len(s.Bulletins()) {
			t.Errorf("%d events for %d bulletins", events, len(s.Bulletins()))
		}
		for _, want := range []string{
			"BEGIN:VTIMEZONE", "TZID:Asia/Ho_Chi_Minh", "TZOFFSETTO:+0700",
			"UID:20240710-0600-duc-xuan@loa", "DTSTART;TZID=Asia/Ho_Chi_Minh:20240710T060000",
			"DTSTAMP:20240708T000000Z",
		} {
			if !strings.Contains(strings.Join(lines, "\n"), want) {
				t.Errorf("%s: no %q", lang, want)
			}
		}
	}
}

// TestICSOtherZone: a schedule across a change of UTC offset gets UTC times
// instead of a VTIMEZONE that would be wrong for part of it.
func TestICSOtherZone(t *testing.T) {
	cfg := mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}, "a")
	cfg.Station.TimeZone = "Europe/Berlin"
	s := build(t, cfg, []*notice.Notice{mk("n", notice.Normal, 5)}, fixedTiming{30, 60}, "2024-03-27", "2024-04-02")
	var b bytes.Buffer
	if err := WriteICS(&b, s, i18n.VI); err != nil {
		t.Fatal(err)
	}
	lines := strings.Join(checkICS(t, b.Bytes()), "\n")
	if strings.Contains(lines, "VTIMEZONE") || !strings.Contains(lines, "DTSTART:20240327T050000Z") ||
		!strings.Contains(lines, "DTSTART:20240401T040000Z") {
		t.Errorf("summer time not in UTC:\n%s", lines)
	}
}

func TestFoldLine(t *testing.T) {
	cases := []struct {
		name string
		line string
	}{
		{"short", "SUMMARY:ngắn"},
		{"exactly 75", "X:" + strings.Repeat("a", 73)},
		{"76", "X:" + strings.Repeat("a", 74)},
		{"two-byte at the edge", "X:" + strings.Repeat("a", 72) + "ơ" + strings.Repeat("b", 10)},
		{"three-byte at the edge", "X:" + strings.Repeat("a", 72) + "ệ" + strings.Repeat("b", 10)},
		{"all Vietnamese", "DESCRIPTION:" + strings.Repeat("Nghiêm cấm chuyển tiền cho người lạ. ", 9)},
		{"four-byte", "X:" + strings.Repeat("🔊", 40)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := foldLine(c.line)
			var un strings.Builder
			for i, p := range parts {
				if len(p) > icsMaxLine {
					t.Errorf("part %d: %d octets", i, len(p))
				}
				if !utf8.ValidString(p) {
					t.Errorf("part %d splits a character", i)
				}
				if i > 0 {
					if p[0] != ' ' {
						t.Errorf("part %d does not start with a space", i)
					}
					p = p[1:]
				}
				un.WriteString(p)
			}
			if un.String() != c.line {
				t.Errorf("unfolds to %q", un.String())
			}
		})
	}
}

// unescapeICS reverses icsText.
func unescapeICS(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func FuzzICSText(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d\ne", "Cảnh giác, thủ đoạn; \"lừa đảo\"\r\nmới", strings.Repeat("ậ", 80), "\x00\x1f\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		esc := icsText(s)
		if strings.ContainsAny(esc, "\r\n") {
			t.Fatalf("escaped text has a line break: %q", esc)
		}
		var un strings.Builder
		for i, p := range foldLine("DESCRIPTION:" + esc) {
			if len(p) > icsMaxLine || !utf8.ValidString(p) {
				t.Fatalf("bad physical line %q", p)
			}
			if i > 0 {
				p = p[1:]
			}
			un.WriteString(p)
		}
		// Control characters other than tab and line breaks are dropped.
		want := strings.Map(func(r rune) rune {
			if r == '\r' || (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
				return -1
			}
			return r
		}, strings.ReplaceAll(s, "\r\n", "\n"))
		if got := unescapeICS(strings.TrimPrefix(un.String(), "DESCRIPTION:")); got != want {
			t.Fatalf("round trip %q → %q", want, got)
		}
	})
}

const icsReader = `
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for ev in cal.walk('VEVENT'):
    s, e = ev.decoded('DTSTART'), ev.decoded('DTEND')
    out.append({'uid': str(ev['UID']), 'start': s.isoformat(), 'end': e.isoformat(),
                'seconds': (e - s).total_seconds(), 'summary': str(ev['SUMMARY']),
                'description': str(ev['DESCRIPTION']), 'stamp': ev.decoded('DTSTAMP').isoformat()})
print(json.dumps({'name': str(cal.get('X-WR-CALNAME')), 'tz': [str(tz['TZID']) for tz in cal.walk('VTIMEZONE')], 'events': out}))
`

// TestICSWithPython reads the calendar with Python's icalendar module, an
// independent parser.
func TestICSWithPython(t *testing.T) {
	py := pythonWith("icalendar")
	needTool(t, py != "", "python3 with the icalendar module (Debian python3-icalendar)")
	cfg, ns := fixture(t)
	s := build(t, cfg, ns, timingFor(ns), "2024-07-08", "2024-07-14")
	var b bytes.Buffer
	if err := WriteICS(&b, s, i18n.VI); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "lich.ics")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, "-c", icsReader, path).Output()
	if err != nil {
		t.Fatalf("icalendar could not read it: %v %s", err, out)
	}
	var doc struct {
		Name   string   `json:"name"`
		TZ     []string `json:"tz"`
		Events []struct {
			UID, Start, End, Summary, Description, Stamp string
			Seconds                                      float64
		} `json:"events"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(doc.Name, "Thể thao và Truyền thông") || len(doc.TZ) != 1 || doc.TZ[0] != "Asia/Ho_Chi_Minh" {
		t.Errorf("calendar %q, zones %v", doc.Name, doc.TZ)
	}
	bulletins := s.Bulletins()
	if len(doc.Events) != len(bulletins) {
		t.Fatalf("%d events, %d bulletins", len(doc.Events), len(bulletins))
	}
	for i, ev := range doc.Events {
		it := bulletins[i]
		uid := fmt.Sprintf("%s-%s-%s@loa", strings.ReplaceAll(it.Date, "-", ""), strings.ReplaceAll(it.Slot, ":", ""), it.Ward)
		if ev.UID != uid {
			t.Errorf("event %d: UID %s, want %s", i, ev.UID, uid)
		}
		if want := it.Date + "T" + it.Slot + ":00+07:00"; ev.Start != want {
			t.Errorf("%s: start %s, want %s", uid, ev.Start, want)
		}
		if ev.Seconds < it.Seconds || ev.Seconds > it.Seconds+1 {
			t.Errorf("%s: lasts %g s, bulletin %g s", uid, ev.Seconds, it.Seconds)
		}
		if ev.Stamp != "2024-07-08T00:00:00+00:00" {
			t.Errorf("%s: DTSTAMP %s", uid, ev.Stamp)
		}
		if !strings.Contains(ev.Summary, s.WardName(it.Ward)+" "+it.Slot) {
			t.Errorf("%s: summary %q", uid, ev.Summary)
		}
		for _, id := range it.Notices {
			n, _ := s.Notice(id)
			if !strings.Contains(ev.Description, n.Title) || !strings.Contains(ev.Description, "("+id+", ") {
				t.Errorf("%s: description %q lacks %s", uid, ev.Description, id)
			}
		}
	}
}
