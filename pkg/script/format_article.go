package script

import (
	"html/template"
	"strings"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// The article for the city portal (format "article"): a complete HTML page
// with a little inline CSS, whose <article> element is what the portal's
// editor pastes into the CMS (it carries no class the page's CSS must
// know). It has the title (the notice's, or a common one for several), a
// lead paragraph naming the station, the ward and the issuer of the source
// document, the body of each notice in written form, a box with the hotlines
// and sites of the configuration (name, number or site, purpose) and the
// reference of each source document (issuer, number, date). It is a
// publication for residents, so it is in Vietnamese whatever the language
// of the labels.

type articleData struct {
	Title    string
	Station  string
	Date     string
	Lead     string
	Notices  []articleNotice
	Hotlines []articleHotline
	Sources  []string
}

type articleNotice struct {
	Title   string // shown when there are several notices
	Paras   []string
	Heading bool
}

type articleHotline struct {
	Value   string
	Href    string // the site's address, checked by html/template; "" for numbers
	Name    string
	Purpose string
}

// publication is the language of the article and the social post.
const publication = i18n.VI

func pubT(key string, args ...any) string { return i18n.T(publication, key, args...) }

// scriptNotices returns the notice segments of s, each notice once.
func scriptNotices(s *Script) []Segment {
	var out []Segment
	seen := map[string]bool{}
	for _, g := range s.Segments {
		if g.Kind != KindNotice || g.Repeat || seen[g.Key] {
			continue
		}
		seen[g.Key] = true
		out = append(out, g)
	}
	return out
}

func writeArticle(b *strings.Builder, s *Script, opts FormatOptions) error {
	notices := scriptNotices(s)
	station := s.Station
	if station == "" {
		station = pubT("script.fmt.article.station_default")
	}
	d := articleData{Station: station, Date: shortDate(s.Date)}
	if len(notices) == 1 {
		d.Title = notices[0].Title
	} else {
		d.Title = pubT("script.fmt.article.title_many")
	}
	var issuers []string
	for _, g := range notices {
		src, ok := opts.Sources[g.Key]
		if !ok {
			continue
		}
		if ref := sourceRef(src); ref != "" && !contains(d.Sources, ref) {
			d.Sources = append(d.Sources, ref)
		}
		if iss := strings.TrimSpace(src.Issuer); iss != "" && !contains(issuers, iss) {
			issuers = append(issuers, iss)
		}
	}
	if len(issuers) > 0 {
		d.Lead = pubT("script.fmt.article.lead_source", strings.Join(issuers, ", "), station, s.WardName)
	} else {
		d.Lead = pubT("script.fmt.article.lead", station, s.WardName)
	}
	d.Lead = strings.Join(strings.Fields(d.Lead), " ")
	for _, g := range notices {
		an := articleNotice{Title: g.Title, Heading: len(notices) > 1}
		for _, p := range strings.Split(g.Text, "\n\n") {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				an.Paras = append(an.Paras, p)
			}
		}
		d.Notices = append(d.Notices, an)
	}
	for _, h := range opts.Hotlines {
		if ah, ok := articleHotlineOf(h); ok {
			d.Hotlines = append(d.Hotlines, ah)
		}
	}
	return articleTemplate.Execute(b, d)
}

// articleHotlineOf is one line of the hotline box; a site is linked.
func articleHotlineOf(h config.Hotline) (articleHotline, bool) {
	ah := articleHotline{Name: strings.TrimSpace(h.Name), Purpose: strings.TrimSpace(h.Purpose)}
	switch {
	case strings.TrimSpace(h.Number) != "":
		// Numbers are not linked: some are for text messages (5656), and
		// phones recognize numbers anyway.
		ah.Value = strings.TrimSpace(h.Number)
	case strings.TrimSpace(h.Site) != "":
		ah.Value = strings.TrimSpace(h.Site)
		ah.Href = siteURL(ah.Value)
	default:
		return ah, false
	}
	return ah, true
}

// siteURL is the address of a site given as "khonggianmang.vn" or with its
// scheme.
func siteURL(site string) string {
	l := strings.ToLower(site)
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return site
	}
	return "https://" + site
}

// sourceRef cites a source document: "Văn bản số 907/STTTT-CNTT-BCVT ngày
// 03/07/2024 của Sở Thông tin và Truyền thông", with the parts it has.
func sourceRef(src notice.Source) string {
	num, date, iss := strings.TrimSpace(src.Number), strings.TrimSpace(src.Date), strings.TrimSpace(src.Issuer)
	if num == "" && date == "" && iss == "" {
		return ""
	}
	ref := pubT("script.fmt.article.source_doc")
	if num != "" {
		ref += " " + pubT("script.fmt.article.source_number", num)
	}
	if date != "" {
		key := "script.fmt.article.source_day"
		if len(date) == len("2006-01") {
			key = "script.fmt.article.source_month"
		}
		ref += " " + pubT(key, shortDate(date))
	}
	if iss != "" {
		ref += " " + pubT("script.fmt.article.source_issuer", iss)
	}
	return ref
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var articleTemplate = template.Must(template.New("article").Funcs(template.FuncMap{"t": pubT}).Parse(articleSource))

const articleSource = `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { margin: 0 auto; padding: 1rem; max-width: 42rem; font: 1.05rem/1.6 "Noto Serif", "DejaVu Serif", Georgia, serif; color: #111; background: #fff; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.meta { color: #555; font-size: .9rem; }
.lead { font-weight: bold; }
aside { border: 1px solid #999; border-left: 4px solid #b00000; padding: .5rem 1rem; margin: 1.5rem 0; background: #fafafa; }
aside h2 { margin-top: .5rem; }
aside ul { padding-left: 1.2rem; }
.source { color: #444; font-size: .9rem; }
</style>
</head>
<body>
<article>
<h1>{{.Title}}</h1>
<p class="meta">{{.Station}}{{if .Date}} · {{.Date}}{{end}}</p>
<p class="lead">{{.Lead}}</p>
{{- range .Notices}}
{{- if .Heading}}
<h2>{{.Title}}</h2>
{{- end}}
{{- range .Paras}}
<p>{{.}}</p>
{{- end}}
{{- end}}
{{- if .Hotlines}}
<aside>
<h2>{{t "script.fmt.article.hotlines"}}</h2>
<ul>
{{- range .Hotlines}}
<li>{{if .Href}}<a href="{{.Href}}"><strong>{{.Value}}</strong></a>{{else}}<strong>{{.Value}}</strong>{{end}}{{if .Name}} — {{.Name}}{{end}}{{if .Purpose}}: {{.Purpose}}{{end}}</li>
{{- end}}
</ul>
</aside>
{{- end}}
{{- range .Sources}}
<p class="source">{{t "script.fmt.article.source"}}: {{.}}.</p>
{{- end}}
</article>
</body>
</html>
`
