package script

import (
	"html/template"
	"strconv"
	"strings"

	"loa/pkg/i18n"
)

// The announcer's printable sheet (format "html"): one self-contained A4
// page (or more) with inline CSS, no fonts, scripts or images from outside.
// On top the station, the ward, the day and the slot, and a box with the
// total, the slot length and what is over or under; then every segment with
// its start and duration and the text to read in spoken form. Where a word
// is read differently from how it is written (numbers, codes, addresses)
// the written original is printed small above it (HTML ruby). Pause marks
// follow the punctuation: "/" a short breath at a comma, "//" a stop at a
// sentence end, "‖" the long stop between paragraphs; a legend explains them.

type sheetData struct {
	lang      i18n.Lang
	Lang      string
	DocTitle  string
	Station   string
	Ward      string
	When      string
	Summary   []sheetRow
	Segments  []sheetSeg
	HasLegend bool
}

type sheetRow struct {
	Label, Value string
	Alert        bool
}

type sheetSeg struct {
	N         int
	Kind      string
	Start     string
	Duration  string
	Estimated bool
	Title     string
	Clip      string
	Syllables int
	Paras     []readPara
	Warnings  []string
}

func writeSheetHTML(b *strings.Builder, s *Script, lang i18n.Lang) error {
	T := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	d := sheetData{
		lang:    lang,
		Lang:    string(lang),
		Station: s.Station,
		Ward:    s.WardName,
		When:    T("script.fmt.sheet.when", longDate(s.Date, lang), s.Slot, Clock(s.SlotSeconds)),
	}
	if d.Lang == "" {
		d.Lang = string(i18n.VI)
	}
	if d.Ward == "" {
		d.Ward = s.Ward
	}
	d.DocTitle = strings.TrimSpace(T("script.fmt.sheet.doc_title", d.Ward, s.Date, s.Slot))
	d.Summary = append(d.Summary,
		sheetRow{Label: T("script.fmt.sheet.total"), Value: Clock(s.Total)},
		sheetRow{Label: T("script.fmt.sheet.slot_length"), Value: Clock(s.SlotSeconds)})
	if s.Over > 0 {
		d.Summary = append(d.Summary, sheetRow{Label: T("script.fmt.sheet.over"), Value: Clock(s.Over), Alert: true})
	} else {
		d.Summary = append(d.Summary, sheetRow{Label: T("script.fmt.sheet.under"), Value: Clock(-s.Over)})
	}
	if end := endClock(s.Slot, s.Total); end != "" {
		d.Summary = append(d.Summary, sheetRow{Label: T("script.fmt.sheet.ends"), Value: end})
	}
	if len(s.Warnings) > 0 {
		d.Summary = append(d.Summary, sheetRow{Label: T("script.fmt.sheet.long_sentences"), Value: strconv.Itoa(len(s.Warnings)), Alert: true})
	}
	for i, g := range s.Segments {
		sg := sheetSeg{N: i + 1, Kind: g.Kind, Start: Clock(g.Start), Duration: Clock(g.Duration), Estimated: g.Estimated,
			Title: g.Title, Clip: g.Clip, Syllables: g.Syllables}
		if g.Repeat {
			sg.Title = T("script.sheet.repeat_of", g.Title)
		}
		if g.Kind != KindJingle {
			sg.Paras = readingOf(g)
			if len(sg.Paras) > 0 {
				d.HasLegend = true
			}
		}
		for _, wn := range s.Warnings {
			if wn.Segment == i {
				sg.Warnings = append(sg.Warnings, wn.Text.In(lang)+": «"+wn.Sentence+"»")
			}
		}
		d.Segments = append(d.Segments, sg)
	}
	return sheetTemplate.Execute(b, d)
}

// T is a label in the sheet's language.
func (d sheetData) T(key string, args ...any) string { return i18n.T(d.lang, key, args...) }

// pauseMark is the mark printed after a word for its pause.
func pauseMark(p pause) string {
	switch p {
	case pauseComma:
		return "/"
	case pauseSentence:
		return "//"
	case pauseParagraph:
		return "‖"
	}
	return ""
}

var sheetTemplate = template.Must(template.New("sheet").Funcs(template.FuncMap{"pause": pauseMark}).Parse(sheetSource))

const sheetSource = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.DocTitle}}</title>
<style>
@page { size: A4; margin: 14mm 15mm 16mm 15mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt sans-serif; color: #444; } }
* { box-sizing: border-box; }
html { background: #fff; color: #000; font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
body { margin: 0 auto; max-width: 180mm; font-size: 12pt; line-height: 1.35; }
header { border-bottom: 2pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.station { font-size: 11pt; text-transform: uppercase; letter-spacing: .02em; }
h1 { font-size: 24pt; margin: 1mm 0; }
.when { font-size: 14pt; font-weight: bold; }
.box { border: 1.5pt solid #000; padding: 2mm 4mm; margin: 0 0 4mm; break-inside: avoid; }
.box table { border-collapse: collapse; }
.box td { padding: .5mm 6mm .5mm 0; font-size: 13pt; }
.box td.v { font-weight: bold; font-variant-numeric: tabular-nums; }
.alert td { color: #b00000; }
.legend { margin: 1.5mm 0 0; padding-top: 1.5mm; border-top: .75pt solid #888; font-size: 10pt; }
.legend span { margin-right: 4mm; white-space: nowrap; }
section { margin: 0 0 4mm; }
.head { display: flex; gap: 4mm; align-items: baseline; border-top: .75pt solid #000; padding-top: 1.5mm;
  break-after: avoid; page-break-after: avoid; break-inside: avoid; }
.n { font-size: 11pt; color: #444; min-width: 6mm; }
.time { font-size: 13pt; font-weight: bold; font-variant-numeric: tabular-nums; white-space: nowrap; }
.dur { font-size: 11pt; white-space: nowrap; }
h2 { font-size: 13pt; margin: 0; }
.clip { font-size: 11pt; margin: 1mm 0 0 10mm; break-after: avoid; }
.read { font-size: 17pt; line-height: 2.1; margin: 0 0 0 10mm; }
.read p { margin: 0 0 1mm; orphans: 2; widows: 2; }
.w { white-space: nowrap; }
ruby { ruby-position: over; border-bottom: 1pt dotted #000; }
rt { font-size: 9pt; color: #333; letter-spacing: 0; }
.m1, .m2, .m3 { color: #555; padding-left: .15em; }
.m1 { font-size: 13pt; }
.m2 { font-size: 15pt; font-weight: bold; }
.m3 { font-size: 18pt; font-weight: bold; color: #000; }
.syl { font-size: 10pt; color: #444; margin: 0 0 0 10mm; }
.warn { font-size: 11pt; color: #b00000; margin: .5mm 0 0 10mm; }
@media screen { body { padding: 10mm 0; } }
@media print { a { color: #000; text-decoration: none; } }
</style>
</head>
<body>
<header>
<div class="station">{{.Station}}</div>
<h1>{{.Ward}}</h1>
<div class="when">{{.When}}</div>
</header>
<div class="box">
<table>
{{- range .Summary}}
<tr{{if .Alert}} class="alert"{{end}}><td>{{.Label}}</td><td class="v">{{.Value}}</td></tr>
{{- end}}
</table>
<div class="legend"><b>{{$.T "script.fmt.sheet.legend"}}:</b> {{if .HasLegend}}<span><b class="m1">/</b> {{$.T "script.fmt.sheet.legend_comma"}}</span> <span><b class="m2">//</b> {{$.T "script.fmt.sheet.legend_sentence"}}</span> <span><b class="m3">‖</b> {{$.T "script.fmt.sheet.legend_paragraph"}}</span> <span><ruby>một một ba<rp>(</rp><rt>113</rt><rp>)</rp></ruby> {{$.T "script.fmt.sheet.legend_ruby"}}</span> {{end}}<span>~ {{$.T "script.fmt.sheet.legend_estimated"}}</span></div>
</div>
<main>
{{- range .Segments}}
<section class="seg {{.Kind}}">
<div class="head"><span class="n">{{.N}}.</span><span class="time">{{.Start}}</span><span class="dur">{{if .Estimated}}~{{end}}{{.Duration}}</span><h2>{{if eq .Kind "jingle"}}♪ {{end}}{{.Title}}</h2></div>
{{- if .Clip}}
<div class="clip">▶ {{$.T "script.fmt.sheet.play_file"}}: <code>{{.Clip}}</code></div>
{{- end}}
{{- if .Paras}}
<div class="read" lang="vi">
{{- range .Paras}}
<p>{{range .Words}}<span class="w">{{.Prefix}}{{if .Written}}<ruby>{{.Spoken}}<rp>(</rp><rt>{{.Written}}</rt><rp>)</rp></ruby>{{else}}{{.Spoken}}{{end}}{{.Punct}}{{with pause .Pause}}<b class="{{if eq . "/"}}m1{{else if eq . "//"}}m2{{else}}m3{{end}}">{{.}}</b>{{end}}</span> {{end}}</p>
{{- end}}
</div>
<div class="syl">{{$.T "script.sheet.syllables" .Syllables}}</div>
{{- end}}
{{- range .Warnings}}
<div class="warn">⚠ {{.}}</div>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`
