package script

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// The social post (format "social"): a short plain-text post for the
// ward's Zalo or Facebook page, at most SocialMaxRunes Unicode characters
// (code points of the NFC text): the notice's title, its opening sentences
// as many as fit, the hotlines it mentions, a pointer to khonggianmang.vn
// and the hashtags. With several notices it lists their titles instead of a
// summary. It is a publication for residents, so it is in Vietnamese.

// SocialMaxRunes is the longest social post, in Unicode characters.
const SocialMaxRunes = 500

// SocialSite is the national portal every post points to for the latest
// scam tactics (the letter of the example asks for it).
const SocialSite = "https://khonggianmang.vn"

func writeSocial(b *strings.Builder, s *Script, opts FormatOptions) error {
	b.WriteString(socialPost(s, opts))
	b.WriteString("\n")
	return nil
}

// socialPost builds the post, dropping what does not fit in order: summary
// sentences from the end, the hotline line, titles from the end of a list;
// as a last resort it is cut at a word.
func socialPost(s *Script, opts FormatOptions) string {
	notices := scriptNotices(s)
	tags := strings.Join(hashtags(opts.Hashtags), " ")
	site := "🔎 " + pubT("script.fmt.social.more", SocialSite)
	hot := hotlineLine(notices, opts)

	var titles []string
	var summary []string
	switch len(notices) {
	case 0:
		titles = []string{pubT("script.fmt.article.title_many")}
	case 1:
		titles = []string{notices[0].Title}
		summary = writtenSentences(notices[0])
	default:
		for _, g := range notices {
			titles = append(titles, g.Title)
		}
	}
	compose := func(titles []string, more int, summary []string, hot string) string {
		var head string
		if len(titles) == 1 && more == 0 && len(notices) <= 1 {
			head = "📢 " + titles[0]
		} else {
			head = "📢 " + pubT("script.fmt.article.title_many") + ":"
			for _, t := range titles {
				head += "\n• " + t
			}
			if more > 0 {
				head += "\n• " + pubT("script.fmt.social.others", more)
			}
		}
		parts := []string{head}
		if len(summary) > 0 {
			parts = append(parts, strings.Join(summary, " "))
		}
		links := site
		if hot != "" {
			links = hot + "\n" + site
		}
		parts = append(parts, links)
		if tags != "" {
			parts = append(parts, tags)
		}
		return strings.Join(parts, "\n\n")
	}
	fits := func(p string) bool { return utf8.RuneCountInString(p) <= SocialMaxRunes }

	// The longest summary that fits, whole sentences only.
	for k := len(summary); k >= 0; k-- {
		if p := compose(titles, 0, summary[:k], hot); fits(p) {
			return p
		}
	}
	if p := compose(titles, 0, nil, ""); fits(p) {
		return p
	}
	for k := len(titles) - 1; k >= 1; k-- {
		if p := compose(titles[:k], len(titles)-k, nil, ""); fits(p) {
			return p
		}
	}
	return cutAtWord(compose(titles[:1], len(titles)-1, nil, ""), SocialMaxRunes)
}

// cutAtWord shortens s to at most max characters, at a space, with "…".
func cutAtWord(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	r = r[:max-1]
	if i := strings.LastIndexAny(string(r), " \n"); i > 0 {
		return strings.TrimSpace(string(r)[:i]) + "…"
	}
	return string(r) + "…"
}

// hashtags cleans the configured hashtags: "#" added where missing, spaces
// removed, duplicates dropped; DefaultHashtags when there are none.
func hashtags(list []string) []string {
	var out []string
	for _, h := range list {
		h = strings.Join(strings.Fields(h), "")
		h = strings.TrimLeft(h, "#")
		if h == "" {
			continue
		}
		h = "#" + h
		if !contains(out, h) {
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return append([]string(nil), DefaultHashtags...)
	}
	return out
}

// hotlineLine lists the configured numbers the notices mention:
// "☎ 113 (Cảnh sát) · 156 (…)". Sites are left to the link line.
func hotlineLine(notices []Segment, opts FormatOptions) string {
	var items []string
	for _, h := range opts.Hotlines {
		num := strings.TrimSpace(h.Number)
		if num == "" {
			continue
		}
		re, err := regexp.Compile(`(^|[^0-9])` + regexp.QuoteMeta(num) + `([^0-9]|$)`)
		if err != nil {
			continue
		}
		for _, g := range notices {
			if re.MatchString(g.Text) {
				item := num
				if name := strings.TrimSpace(h.Name); name != "" {
					item += " (" + name + ")"
				}
				items = append(items, item)
				break
			}
		}
	}
	if len(items) == 0 {
		return ""
	}
	return "☎ " + strings.Join(items, " · ")
}

// writtenSentences splits a segment's written text into sentences, at the
// sentence ends the subtitles use (so "TP." or "khonggianmang.vn" do not end
// one).
func writtenSentences(g Segment) []string {
	var out []string
	var cur []string
	for _, t := range wordTokens(g) {
		cur = append(cur, t.text)
		if t.brk >= brkSentence {
			out = append(out, strings.Join(cur, " "))
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, " "))
	}
	return out
}
