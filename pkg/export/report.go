package export

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"loa/pkg/i18n"
)

// ReportFormats are the formats of WriteReport, the default first.
var ReportFormats = []string{"table", "csv", "html"}

// Report is what a culture centre reports upward (báo cáo kết quả tuyên
// truyền): per ward and per notice, the plays planned, the files exported
// and the airtime, and the totals per notice across wards.
type Report struct {
	From, To string
	Station  string
	// Sources are the manifest files read.
	Sources []string
	Wards   []WardReport
	// Notices are the totals per notice across wards, by id.
	Notices []NoticeLine
	Total   WardReport
}

// WardReport is one ward's figures.
type WardReport struct {
	Ward string
	Name string
	// Bulletins are the scheduled bulletins in the manifests; Exported those
	// exported, Failed those that failed.
	Bulletins, Exported, Failed int
	// Files are the files of the exported bulletins (audio and scripts).
	Files int
	// Plays are the notice plays of the exported bulletins.
	Plays int
	// Airtime is the length of the exported bulletins, seconds.
	Airtime float64
	// Notices are the ward's figures per notice, by id.
	Notices []NoticeLine
}

// NoticeLine is one notice's figures (in a ward, or across wards).
type NoticeLine struct {
	ID    string
	Title string
	// Planned counts scheduled bulletins holding the notice; Exported the
	// exported ones; Files their audio files.
	Planned, Exported, Files int
	// Airtime is the notice's reading time in the exported bulletins, seconds.
	Airtime float64
	// Wards counts the wards (totals only).
	Wards int
}

// BuildReport sums the manifest's bulletins dated from..to (inclusive,
// YYYY-MM-DD; empty means open).
func BuildReport(m *Manifest, from, to string, sources []string) *Report {
	r := &Report{From: from, To: to, Station: m.Station, Sources: sources}
	wards := map[string]*WardReport{}
	perWard := map[string]map[string]*NoticeLine{}
	totals := map[string]*NoticeLine{}
	noticeWards := map[string]map[string]bool{}
	audio := map[string]bool{}
	for _, f := range m.Files {
		if f.Kind == "audio" {
			audio[f.Path] = true
		}
	}
	for _, b := range m.Bulletins {
		if (from != "" && b.Date < from) || (to != "" && b.Date > to) {
			continue
		}
		w := wards[b.Ward]
		if w == nil {
			w = &WardReport{Ward: b.Ward, Name: b.WardName}
			if w.Name == "" {
				w.Name = b.Ward
			}
			wards[b.Ward] = w
			perWard[b.Ward] = map[string]*NoticeLine{}
		}
		ok := b.Status == statusOK
		audioFiles := 0
		w.Bulletins++
		if ok {
			w.Exported++
			w.Files += len(b.Files)
			w.Airtime += b.Seconds
			w.Plays += len(b.Notices)
			for _, f := range b.Files {
				if audio[f] {
					audioFiles++
				}
			}
		} else {
			w.Failed++
		}
		for _, n := range b.Notices {
			for _, line := range []*NoticeLine{lineOf(perWard[b.Ward], n), lineOf(totals, n)} {
				line.Planned++
				if ok {
					line.Exported++
					line.Files += audioFiles
					line.Airtime += n.Seconds
				}
			}
			if noticeWards[n.ID] == nil {
				noticeWards[n.ID] = map[string]bool{}
			}
			noticeWards[n.ID][b.Ward] = true
		}
	}
	ids := make([]string, 0, len(wards))
	for id := range wards {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	r.Total = WardReport{Ward: "", Name: ""}
	for _, id := range ids {
		w := wards[id]
		w.Notices = sortedLines(perWard[id])
		r.Wards = append(r.Wards, *w)
		r.Total.Bulletins += w.Bulletins
		r.Total.Exported += w.Exported
		r.Total.Failed += w.Failed
		r.Total.Files += w.Files
		r.Total.Plays += w.Plays
		r.Total.Airtime += w.Airtime
	}
	r.Notices = sortedLines(totals)
	for i := range r.Notices {
		r.Notices[i].Wards = len(noticeWards[r.Notices[i].ID])
	}
	return r
}

func lineOf(m map[string]*NoticeLine, n NoticeRef) *NoticeLine {
	l := m[n.ID]
	if l == nil {
		l = &NoticeLine{ID: n.ID, Title: n.Title}
		m[n.ID] = l
	}
	return l
}

func sortedLines(m map[string]*NoticeLine) []NoticeLine {
	out := make([]NoticeLine, 0, len(m))
	for _, l := range m {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// WriteReport writes the report as table (for people), csv or html.
func WriteReport(w io.Writer, r *Report, format string, lang i18n.Lang) error {
	switch format {
	case "", "table":
		return writeReportTable(w, r, lang)
	case "csv":
		return writeReportCSV(w, r)
	case "html":
		return writeReportHTML(w, r, lang)
	}
	return i18n.Errorf("export.report.bad_format", format)
}

// clock formats seconds as H:MM:SS.
func clock(secs float64) string {
	s := int(math.Round(secs))
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}

func writeReportTable(w io.Writer, r *Report, lang i18n.Lang) error {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	fmt.Fprintln(w, t("export.report.title"))
	if r.Station != "" {
		fmt.Fprintln(w, t("export.report.station", r.Station))
	}
	fmt.Fprintln(w, t("export.report.range", orDash(r.From), orDash(r.To)))
	if len(r.Wards) == 0 {
		fmt.Fprintln(w, t("export.report.empty", strings.Join(r.Sources, ", ")))
		return nil
	}
	fmt.Fprintf(w, "\n%s\n", t("export.report.by_ward"))
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", t("export.report.ward"), t("export.report.bulletins"),
		t("export.report.exported"), t("export.report.failed"), t("export.report.plays"), t("export.report.files"), t("export.report.airtime"))
	for _, wr := range append(r.Wards, withName(r.Total, t("export.report.total"))) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", wr.Name, wr.Bulletins, wr.Exported, wr.Failed, wr.Plays, wr.Files, clock(wr.Airtime))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s\n", t("export.report.by_notice"))
	tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t("export.report.notice"), t("export.report.wards"),
		t("export.report.plays"), t("export.report.files"), t("export.report.airtime"))
	for _, n := range r.Notices {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t\n", n.ID, n.Wards, n.Planned, n.Files, clock(n.Airtime))
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s\n", t("export.report.detail"))
	tw = tabwriter.NewWriter(w, 2, 8, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", t("export.report.ward"), t("export.report.notice"),
		t("export.report.plays"), t("export.report.files"), t("export.report.airtime"))
	for _, wr := range r.Wards {
		for _, n := range wr.Notices {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t\n", wr.Ward, n.ID, n.Planned, n.Files, clock(n.Airtime))
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s\n%s\n", t("export.report.footer"), t("export.report.sources", strings.Join(r.Sources, ", ")))
	return nil
}

func withName(w WardReport, name string) WardReport {
	w.Name = name
	return w
}

func orDash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// writeReportCSV writes one row per figure set (RFC 4180, CRLF):
// scope is ward, notice (totals across wards), ward-notice or total.
func writeReportCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	f := func(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64) }
	d := strconv.Itoa
	_ = cw.Write([]string{"scope", "ward", "ward_name", "notice", "title", "bulletins", "exported", "failed",
		"planned_plays", "exported_plays", "files", "wards", "airtime_seconds"})
	for _, wr := range r.Wards {
		_ = cw.Write([]string{"ward", wr.Ward, wr.Name, "", "", d(wr.Bulletins), d(wr.Exported), d(wr.Failed),
			"", d(wr.Plays), d(wr.Files), "", f(wr.Airtime)})
	}
	for _, wr := range r.Wards {
		for _, n := range wr.Notices {
			_ = cw.Write([]string{"ward-notice", wr.Ward, wr.Name, n.ID, n.Title, "", "", "",
				d(n.Planned), d(n.Exported), d(n.Files), "", f(n.Airtime)})
		}
	}
	for _, n := range r.Notices {
		_ = cw.Write([]string{"notice", "", "", n.ID, n.Title, "", "", "",
			d(n.Planned), d(n.Exported), d(n.Files), d(n.Wards), f(n.Airtime)})
	}
	t := r.Total
	_ = cw.Write([]string{"total", "", "", "", "", d(t.Bulletins), d(t.Exported), d(t.Failed),
		"", d(t.Plays), d(t.Files), d(len(r.Wards)), f(t.Airtime)})
	cw.Flush()
	return cw.Error()
}

// chartBar is one bar of the HTML report's chart.
type chartBar struct {
	Label       string
	Value       int
	Y, W, TextY int
	ValueX      int
}

func writeReportHTML(w io.Writer, r *Report, lang i18n.Lang) error {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	const labelW, barMax, rowH = 220, 420, 26
	maxPlays := 1
	for _, wr := range r.Wards {
		maxPlays = max(maxPlays, wr.Plays)
	}
	var bars []chartBar
	for i, wr := range r.Wards {
		bw := int(math.Round(float64(wr.Plays) / float64(maxPlays) * barMax))
		bars = append(bars, chartBar{Label: wr.Name, Value: wr.Plays, Y: 10 + i*rowH, W: bw, TextY: 10 + i*rowH + 15,
			ValueX: labelW + bw + 6})
	}
	data := map[string]any{
		"Lang": string(lang), "R": r, "Bars": bars,
		"LabelW": labelW, "ChartW": labelW + barMax + 60, "ChartH": 20 + len(bars)*rowH,
		"T":     func(key string, args ...any) string { return t(key, args...) },
		"Clock": clock, "Range": t("export.report.range", orDash(r.From), orDash(r.To)),
		"Sources": strings.Join(r.Sources, ", "),
	}
	return reportHTML.Execute(w, data)
}

var reportHTML = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{call .T "export.report.title"}}</title>
<style>
body { font-family: "Noto Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #bbb; padding: .3em .5em; } th { background: #eee; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; background: #f6f6f6; }
.note { color: #555; font-size: .9em; }
@media print { body { margin: 0; max-width: none; } }
</style>
</head>
<body>
<h1>{{call .T "export.report.title"}}</h1>
{{if .R.Station}}<p>{{call .T "export.report.station" .R.Station}}</p>{{end}}
<p>{{.Range}}</p>
{{if not .R.Wards}}<p>{{call .T "export.report.empty" .Sources}}</p>{{else}}
<h2>{{call .T "export.report.chart"}}</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="{{.ChartW}}" height="{{.ChartH}}" role="img" aria-label="{{call .T "export.report.chart"}}">
<title>{{call .T "export.report.chart"}}: {{call .T "export.report.chart_legend"}}</title>
{{range .Bars}}<text x="{{$.LabelW}}" dx="-8" y="{{.TextY}}" text-anchor="end" font-size="13">{{.Label}}</text>
<rect x="{{$.LabelW}}" y="{{.Y}}" width="{{.W}}" height="20" fill="#2b6cb0"></rect>
<text x="{{.ValueX}}" y="{{.TextY}}" font-size="13">{{.Value}}</text>
{{end}}</svg>
<h2>{{call .T "export.report.by_ward"}}</h2>
<table>
<tr><th>{{call .T "export.report.ward"}}</th><th>{{call .T "export.report.bulletins"}}</th><th>{{call .T "export.report.exported"}}</th><th>{{call .T "export.report.failed"}}</th><th>{{call .T "export.report.plays"}}</th><th>{{call .T "export.report.files"}}</th><th>{{call .T "export.report.airtime"}}</th></tr>
{{range .R.Wards}}<tr><td>{{.Name}}</td><td class="n">{{.Bulletins}}</td><td class="n">{{.Exported}}</td><td class="n">{{.Failed}}</td><td class="n">{{.Plays}}</td><td class="n">{{.Files}}</td><td class="n">{{call $.Clock .Airtime}}</td></tr>
{{end}}{{with .R.Total}}<tr class="total"><td>{{call $.T "export.report.total"}}</td><td class="n">{{.Bulletins}}</td><td class="n">{{.Exported}}</td><td class="n">{{.Failed}}</td><td class="n">{{.Plays}}</td><td class="n">{{.Files}}</td><td class="n">{{call $.Clock .Airtime}}</td></tr>{{end}}
</table>
<h2>{{call .T "export.report.by_notice"}}</h2>
<table>
<tr><th>{{call .T "export.report.notice"}}</th><th>{{call .T "export.report.wards"}}</th><th>{{call .T "export.report.plays"}}</th><th>{{call .T "export.report.files"}}</th><th>{{call .T "export.report.airtime"}}</th></tr>
{{range .R.Notices}}<tr><td>{{.Title}}<br><small>{{.ID}}</small></td><td class="n">{{.Wards}}</td><td class="n">{{.Planned}}</td><td class="n">{{.Files}}</td><td class="n">{{call $.Clock .Airtime}}</td></tr>
{{end}}</table>
<h2>{{call .T "export.report.detail"}}</h2>
<table>
<tr><th>{{call .T "export.report.ward"}}</th><th>{{call .T "export.report.notice"}}</th><th>{{call .T "export.report.plays"}}</th><th>{{call .T "export.report.files"}}</th><th>{{call .T "export.report.airtime"}}</th></tr>
{{range $w := .R.Wards}}{{range .Notices}}<tr><td>{{$w.Name}}</td><td>{{.Title}}</td><td class="n">{{.Planned}}</td><td class="n">{{.Files}}</td><td class="n">{{call $.Clock .Airtime}}</td></tr>
{{end}}{{end}}</table>
{{end}}
<p class="note">{{call .T "export.report.footer"}}</p>
<p class="note">{{call .T "export.report.sources" .Sources}}</p>
</body>
</html>
`))
