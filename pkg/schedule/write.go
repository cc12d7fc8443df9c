package schedule

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"loa/pkg/i18n"
)

// Formats lists the output formats Write knows, the default first.
var Formats = []string{"table", "csv", "json", "ics", "m3u"}

// Write renders the schedule in format (one of Formats); lang picks the
// language of labels and messages (notice titles and ward names are as
// written).
func Write(w io.Writer, s *Schedule, format string, lang i18n.Lang) error {
	switch format {
	case "", "table":
		return WriteTable(w, s, lang)
	case "csv":
		return WriteCSV(w, s)
	case "json":
		return WriteJSON(w, s, lang)
	case "ics":
		return WriteICS(w, s, lang)
	case "m3u":
		return WriteM3U(w, s, lang)
	}
	return i18n.Wrap(fmt.Errorf("%w: %q", ErrUnknownFormat, format), "schedule.err.unknown_format", format, strings.Join(Formats, ", "))
}

// round1 rounds seconds to a tenth, so that output does not carry the noise
// of float sums.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

type jsonItem struct {
	Ward       string   `json:"ward"`
	Date       string   `json:"date"`
	Slot       string   `json:"slot"`
	Notices    []string `json:"notices"`
	Seconds    float64  `json:"seconds"`
	MaxSeconds float64  `json:"max_seconds"`
	Extra      bool     `json:"extra,omitempty"`
}

type jsonUnscheduled struct {
	Ward      string `json:"ward"`
	Notice    string `json:"notice"`
	Reason    string `json:"reason"`
	Week      string `json:"week"`
	Scheduled int    `json:"scheduled"`
	Wanted    int    `json:"wanted"`
	Message   string `json:"message"`
}

type jsonUrgent struct {
	Notice string   `json:"notice"`
	Title  string   `json:"title"`
	Wards  []string `json:"wards"`
	From   string   `json:"from"`
	To     string   `json:"to"`
}

type jsonDoc struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Items       []jsonItem        `json:"items"`
	Unscheduled []jsonUnscheduled `json:"unscheduled"`
	Urgent      []jsonUrgent      `json:"urgent"`
	Blackouts   []Blackout        `json:"blackouts"`
}

// WriteJSON writes {"from","to","items","unscheduled","urgent","blackouts"}.
// items are the bulletins (slots with at least one notice); seconds are
// rounded to a tenth.
func WriteJSON(w io.Writer, s *Schedule, lang i18n.Lang) error {
	doc := jsonDoc{From: s.From, To: s.To, Items: []jsonItem{}, Unscheduled: []jsonUnscheduled{},
		Urgent: []jsonUrgent{}, Blackouts: s.Blackouts}
	if doc.Blackouts == nil {
		doc.Blackouts = []Blackout{}
	}
	for _, it := range s.Items {
		if len(it.Notices) == 0 {
			continue
		}
		doc.Items = append(doc.Items, jsonItem{Ward: it.Ward, Date: it.Date, Slot: it.Slot, Notices: it.Notices,
			Seconds: round1(it.Seconds), MaxSeconds: round1(it.MaxSeconds), Extra: it.Extra})
	}
	for _, u := range s.Unscheduled {
		doc.Unscheduled = append(doc.Unscheduled, jsonUnscheduled{Ward: u.Ward, Notice: u.Notice, Reason: u.Reason,
			Week: u.Week, Scheduled: u.Scheduled, Wanted: u.Wanted, Message: u.Message.In(lang)})
	}
	for _, u := range s.Urgent {
		doc.Urgent = append(doc.Urgent, jsonUrgent(u))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// WriteCSV writes RFC 4180 CSV (CRLF line ends), one row per notice in a
// slot: ward,date,slot,position,notice,priority,seconds. seconds is what the
// notice adds to the bulletin.
func WriteCSV(w io.Writer, s *Schedule) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write([]string{"ward", "date", "slot", "position", "notice", "priority", "seconds"}); err != nil {
		return err
	}
	for _, it := range s.Items {
		for k, id := range it.Notices {
			pri := string(s.notices[id].Priority)
			secs := strconv.FormatFloat(round1(it.NoticeSeconds[k]), 'f', 1, 64)
			if err := cw.Write([]string{it.Ward, it.Date, it.Slot, strconv.Itoa(k + 1), id, pri, secs}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// BulletinPath is where `loa export` writes an item's bulletin, relative to
// the export folder: <date>/<ward>/<HHMM>.mp3.
func BulletinPath(it Item) string {
	return it.Date + "/" + it.Ward + "/" + strings.ReplaceAll(it.Slot, ":", "") + ".mp3"
}

// WriteM3U writes an extended M3U playlist (UTF-8): per ward and day, the
// bulletin files in order, with their length and a title.
func WriteM3U(w io.Writer, s *Schedule, lang i18n.Lang) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "#EXTM3U\n#PLAYLIST:%s\n", oneLine(i18n.T(lang, "schedule.table.title", s.From, s.To)))
	for _, it := range s.Items {
		if len(it.Notices) == 0 {
			continue
		}
		title := i18n.T(lang, "schedule.m3u.title", s.WardName(it.Ward), it.Date, it.Slot, len(it.Notices))
		fmt.Fprintf(bw, "#EXTINF:%d,%s\n%s\n", int(math.Round(it.Seconds)), oneLine(title), BulletinPath(it))
	}
	return bw.Flush()
}

// oneLine keeps a text on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
