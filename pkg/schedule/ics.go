package schedule

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"loa/pkg/i18n"
)

// icsMaxLine is the longest content line of RFC 5545 §3.1, in octets,
// without the CRLF.
const icsMaxLine = 75

// WriteICS writes an RFC 5545 calendar: one VEVENT per bulletin, with
// DTSTART/DTEND in the station's time zone and a VTIMEZONE for it when the
// zone keeps one UTC offset over the schedule (Asia/Ho_Chi_Minh: UTC+07:00,
// no daylight saving), otherwise in UTC. UIDs are <date>-<HHMM>-<ward>@loa,
// so importing a new schedule updates events rather than duplicating them;
// DTSTAMP is the first day of the schedule at 00:00 UTC, so that output is
// byte-stable. Lines end in CRLF and are folded at 75 octets without
// splitting a UTF-8 character.
func WriteICS(w io.Writer, s *Schedule, lang i18n.Lang) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name, value) }

	loc := s.loc
	if loc == nil {
		loc = time.UTC
	}
	first, _ := time.Parse("2006-01-02", s.From)
	last, _ := time.Parse("2006-01-02", s.To)
	t0 := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	t1 := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, 2)
	_, offset := t0.Zone()
	_, zoneEnd := t0.ZoneBounds()
	fixed := zoneEnd.IsZero() || !zoneEnd.Before(t1)
	tzid := s.TimeZone
	if tzid == "" || loc == time.UTC {
		fixed, tzid, offset = false, "", 0
	}

	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//loa//schedule//"+strings.ToUpper(string(lang)))
	line("CALSCALE", "GREGORIAN")
	line("X-WR-CALNAME", icsText(i18n.T(lang, "schedule.ics.calname", s.Station)))
	if fixed {
		line("X-WR-TIMEZONE", tzid)
		line("BEGIN", "VTIMEZONE")
		line("TZID", tzid)
		line("BEGIN", "STANDARD")
		line("DTSTART", "19700101T000000")
		line("TZOFFSETFROM", utcOffset(offset, false))
		line("TZOFFSETTO", utcOffset(offset, false))
		line("TZNAME", utcOffset(offset, true))
		line("END", "STANDARD")
		line("END", "VTIMEZONE")
	}
	stamp := first.Format("20060102") + "T000000Z"
	for _, it := range s.Items {
		if len(it.Notices) == 0 {
			continue
		}
		day, _ := time.Parse("2006-01-02", it.Date)
		minute, _ := clock(it.Slot)
		start := day.Add(time.Duration(minute) * time.Minute)
		end := start.Add(time.Duration(math.Ceil(it.Seconds)) * time.Second)
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("%s-%s-%s@loa", day.Format("20060102"), strings.ReplaceAll(it.Slot, ":", ""), it.Ward))
		line("DTSTAMP", stamp)
		if fixed {
			line("DTSTART;TZID="+tzid, start.Format("20060102T150405"))
			line("DTEND;TZID="+tzid, end.Format("20060102T150405"))
		} else {
			// Wall-clock time in the station's zone, written in UTC.
			ls := time.Date(start.Year(), start.Month(), start.Day(), start.Hour(), start.Minute(), 0, 0, loc)
			le := ls.Add(end.Sub(start))
			line("DTSTART", ls.UTC().Format("20060102T150405Z"))
			line("DTEND", le.UTC().Format("20060102T150405Z"))
		}
		ward := s.WardName(it.Ward)
		line("SUMMARY", icsText(i18n.T(lang, "schedule.ics.summary", ward, it.Slot, len(it.Notices))))
		line("LOCATION", icsText(ward))
		var desc []string
		for k, id := range it.Notices {
			n := s.notices[id]
			desc = append(desc, i18n.T(lang, "schedule.ics.line", k+1, priorityLabel(n.Priority, lang), n.Title, id,
				minutes(it.NoticeSeconds[k])))
		}
		desc = append(desc, i18n.T(lang, "schedule.ics.length", minutes(it.Seconds), minutes(it.MaxSeconds)))
		line("DESCRIPTION", icsText(strings.Join(desc, "\n")))
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// utcOffset formats seconds east of UTC as +HHMM, or as +HH[:MM] for a
// zone name.
func utcOffset(sec int, name bool) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	h, m := sec/3600, (sec%3600)/60
	if name {
		if m == 0 {
			return fmt.Sprintf("%s%02d", sign, h)
		}
		return fmt.Sprintf("%s%02d:%02d", sign, h, m)
	}
	return fmt.Sprintf("%s%02d%02d", sign, h, m)
}

// icsText escapes a TEXT value (RFC 5545 §3.3.11).
func icsText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			if r < 0x20 && r != '\t' || r == 0x7f {
				continue // control characters are not allowed in TEXT
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldLine splits a content line into physical lines of at most 75 octets,
// continuation lines starting with a space, never inside a UTF-8 sequence.
func foldLine(line string) []string {
	var out []string
	for len(line) > icsMaxLine {
		cut := icsMaxLine
		for cut > 1 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		out = append(out, line[:cut])
		line = " " + line[cut:]
	}
	return append(out, line)
}

// writeFolded writes the content line name:value folded as foldLine does,
// with CRLF line ends.
func writeFolded(w *bufio.Writer, name, value string) {
	if len(name)+1+len(value) <= icsMaxLine {
		w.WriteString(name)
		w.WriteByte(':')
		w.WriteString(value)
		w.WriteString("\r\n")
		return
	}
	for _, l := range foldLine(name + ":" + value) {
		w.WriteString(l)
		w.WriteString("\r\n")
	}
}
