package script

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

type parsedCue struct {
	start, end int64
	lines      []string
}

// parseSubtitles reads back what writeSRT or writeVTT wrote, strictly.
func parseSubtitles(t *testing.T, data string, vtt bool) []parsedCue {
	t.Helper()
	blocks := strings.Split(strings.TrimRight(data, "\n"), "\n\n")
	if vtt {
		if blocks[0] != "WEBVTT" {
			t.Fatalf("vtt: first block %q", blocks[0])
		}
		blocks = blocks[1:]
	}
	sep := ","
	if vtt {
		sep = "."
	}
	clock := func(s string) int64 {
		var h, m, sec, ms int64
		if _, err := fmt.Sscanf(s, "%02d:%02d:%02d"+sep+"%03d", &h, &m, &sec, &ms); err != nil || len(s) != 12 {
			t.Fatalf("bad timestamp %q", s)
		}
		return ((h*60+m)*60+sec)*1000 + ms
	}
	var out []parsedCue
	for _, b := range blocks {
		lines := strings.Split(b, "\n")
		if vtt && strings.HasPrefix(lines[0], "NOTE") {
			continue
		}
		if !vtt {
			if n, err := strconv.Atoi(lines[0]); err != nil || n != len(out)+1 {
				t.Fatalf("srt: cue number %q, want %d", lines[0], len(out)+1)
			}
			lines = lines[1:]
		}
		if len(lines) < 2 {
			t.Fatalf("cue without text: %q", b)
		}
		a, z, ok := strings.Cut(lines[0], " --> ")
		if !ok {
			t.Fatalf("bad timing line %q", lines[0])
		}
		out = append(out, parsedCue{start: clock(a), end: clock(z), lines: lines[1:]})
	}
	return out
}

// checkCues asserts the cue rules against the script: line length and
// count, 1–7 s on screen, in order, inside a segment with text, and every
// word of every such segment shown once, in order.
func checkCues(t *testing.T, name string, s *Script, cues []parsedCue, vtt bool) {
	t.Helper()
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	var segs []Segment
	for _, g := range s.Segments {
		if g.Kind != KindJingle && strings.TrimSpace(g.Text) != "" && g.Duration > 0 {
			segs = append(segs, g)
		}
	}
	shown := make([]strings.Builder, len(segs))
	si := 0
	var prevEnd int64 = -1
	for i, c := range cues {
		where := fmt.Sprintf("%s cue %d [%d–%d ms]", name, i+1, c.start, c.end)
		if len(c.lines) < 1 || len(c.lines) > subMaxLines {
			t.Errorf("%s: %d lines", where, len(c.lines))
		}
		for _, l := range c.lines {
			if vtt {
				l = unescape.Replace(l)
			}
			if n := utf8.RuneCountInString(l); n > subLineRunes || n == 0 {
				t.Errorf("%s: line of %d characters: %q", where, n, l)
			}
		}
		if c.start < prevEnd {
			t.Errorf("%s: starts before the previous cue ends (%d)", where, prevEnd)
		}
		prevEnd = c.end
		for si < len(segs) && c.start >= ms(segs[si].Start+segs[si].Duration) {
			si++
		}
		if si == len(segs) || c.start < ms(segs[si].Start) || c.end > ms(segs[si].Start+segs[si].Duration) {
			t.Errorf("%s: not inside a segment with text", where)
			continue
		}
		d := c.end - c.start
		if segs[si].Duration >= subMinSeconds && (d < 1000 || d > 7000) {
			t.Errorf("%s: on screen %d ms, want 1000–7000", where, d)
		}
		if segs[si].Duration < subMinSeconds && d > ms(segs[si].Duration)+1 {
			t.Errorf("%s: longer than its short segment", where)
		}
		for _, l := range c.lines {
			if vtt {
				l = unescape.Replace(l)
			}
			shown[si].WriteString(strings.Join(strings.Fields(l), ""))
		}
	}
	for i, g := range segs {
		want := strings.Join(strings.Fields(g.Text), "")
		if !vtt {
			want = srtText(want)
		}
		if got := shown[i].String(); got != want {
			t.Errorf("%s: segment %s: cues show %q\nwant %q", name, g.Key, got, want)
		}
	}
}

// scaledClips returns a clip library in which every phrase and notice is
// recorded and lasts factor times its estimate in s (chimes 5 s).
func scaledClips(s *Script, factor float64) ClipFunc {
	dur := map[string]float64{}
	for _, g := range s.Segments {
		dur[g.ClipKind+"/"+g.Key] = g.Duration * factor
	}
	return func(kind, name string) (string, float64, bool) {
		if kind == ClipJingles {
			return "audio/jingles/" + name + ".wav", 5, true
		}
		d, ok := dur[kind+"/"+name]
		return "audio/" + kind + "/" + name + ".mp3", d, ok
	}
}

func TestSubtitleRulesEveryNotice(t *testing.T) {
	cfg := exampleConfig(t)
	for _, n := range allNotices(t) {
		base := buildFor(t, cfg, nil, n)
		cases := []struct {
			name  string
			clips ClipFunc
		}{
			{"estimated", nil},
			{"fast clips", scaledClips(base, 0.75)},
			{"slow clips", scaledClips(base, 1.35)},
		}
		for _, c := range cases {
			t.Run(n.ID+"/"+c.name, func(t *testing.T) {
				s := buildFor(t, cfg, c.clips, n)
				for _, f := range []string{"srt", "vtt"} {
					out := render(t, s, f, i18n.VI, FormatOptions{})
					cues := parseSubtitles(t, out, f == "vtt")
					if len(cues) == 0 {
						t.Fatalf("%s: no cues", f)
					}
					checkCues(t, f, s, cues, f == "vtt")
				}
			})
		}
	}
}

func TestSubtitleLongToken(t *testing.T) {
	url := "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so-rat-dai.html"
	text := "Bà con tra cứu tại " + url + " nhé."
	s := &Script{Segments: []Segment{{Kind: KindNotice, Key: "x", Text: text, Start: 2, Duration: 6}}}
	out := render(t, s, "srt", i18n.VI, FormatOptions{})
	checkCues(t, "srt", s, parseSubtitles(t, out, false), false)
}

func TestSubtitlesSkipJingles(t *testing.T) {
	s, _ := exampleScript(t)
	cues := subtitleCues(s)
	for _, g := range s.Segments {
		if g.Kind != KindJingle {
			continue
		}
		for _, c := range cues {
			if c.Start < ms(g.Start+g.Duration) && c.End > ms(g.Start) {
				t.Errorf("cue %+v during the jingle %s", c, g.Key)
			}
		}
	}
}

func TestSocialLength(t *testing.T) {
	cfg := exampleConfig(t)
	all := allNotices(t)
	check := func(t *testing.T, s *Script, opts FormatOptions) string {
		t.Helper()
		out := strings.TrimSuffix(render(t, s, "social", i18n.VI, opts), "\n")
		if n := utf8.RuneCountInString(out); n > SocialMaxRunes {
			t.Errorf("%d characters, over %d:\n%s", n, SocialMaxRunes, out)
		}
		if !norm.NFC.IsNormalString(out) {
			t.Error("not NFC")
		}
		return out
	}
	for _, n := range all {
		t.Run(n.ID, func(t *testing.T) {
			s := buildFor(t, cfg, nil, n)
			opts := OptionsFor(cfg, []*notice.Notice{n})
			out := check(t, s, opts)
			for _, want := range []string{n.Title, SocialSite, DefaultHashtags[0]} {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q in:\n%s", want, out)
				}
			}
		})
	}
	t.Run("every notice at once", func(t *testing.T) {
		s := buildFor(t, cfg, nil, all...)
		out := check(t, s, OptionsFor(cfg, all))
		if !strings.Contains(out, all[0].Title) || !strings.Contains(out, SocialSite) {
			t.Errorf("post:\n%s", out)
		}
	})
	t.Run("too many hashtags", func(t *testing.T) {
		var tags []string
		for i := 0; i < 80; i++ {
			tags = append(tags, fmt.Sprintf("#ThẻRấtDàiSố%d", i))
		}
		opts := OptionsFor(cfg, all[:1])
		opts.Hashtags = tags
		check(t, buildFor(t, cfg, nil, all[0]), opts)
	})
}

func TestHashtags(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want string
	}{
		{"default", nil, strings.Join(DefaultHashtags, " ")},
		{"cleaned", []string{"CanhGiac", "#Lừa đảo", "##X", "", "#CanhGiac"}, "#CanhGiac #Lừađảo #X"},
		{"only blanks", []string{" ", "#"}, strings.Join(DefaultHashtags, " ")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(hashtags(c.in), " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	tok := func(words ...string) []subToken {
		var out []subToken
		for _, w := range words {
			out = append(out, cutToken(subToken{text: w, runes: utf8.RuneCountInString(w), brk: breakOf(w[len(w)-1:])})...)
		}
		return out
	}
	cases := []struct {
		name string
		toks []subToken
		want []string
	}{
		{"one line", tok("Xin", "chào."), []string{"Xin chào."}},
		{"balanced at the comma", tok("Thời", "gian", "gần", "đây,", "kẻ", "gian", "dùng", "công", "nghệ", "Deepfake,"),
			[]string{"Thời gian gần đây,", "kẻ gian dùng công nghệ Deepfake,"}},
		{"too long", tok(strings.Repeat("a", 42), strings.Repeat("b", 42), "c"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitLines(c.toks)
			if strings.Join(got, "|") != strings.Join(c.want, "|") || (got == nil) != (c.want == nil) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzSubtitleCues checks the cue rules that hold for any text and any
// duration: short lines, at most two, in order, inside the segment, at most
// 7 s, and the text shown in its order. (A cue that would last 0 ms, which
// only a silly duration gives, is left out, so text may be missing.)
func FuzzSubtitleCues(f *testing.F) {
	f.Add("Kính thưa bà con, hãy gọi 113. Truy cập khonggianmang.vn nhé!", uint32(9000))
	f.Add("Một.\n\nHai, ba, bốn năm sáu bảy tám chín mười mười một mười hai mười ba mười bốn.", uint32(400))
	f.Add(strings.Repeat("x", 100)+" y", uint32(60000))
	f.Add("– … , .", uint32(1500))
	nz, err := vntext.New(vntext.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, durMs uint32) {
		if len(text) > 4000 {
			return
		}
		dur := float64(durMs%600000) / 1000
		g := Segment{Kind: KindNotice, Key: "f", Text: text, Spans: nz.Spans(text), Start: 12.5, Duration: dur}
		cues := segmentCues(g)
		prev := ms(g.Start)
		want := strings.Join(strings.Fields(string([]rune(text))), "")
		pos := 0
		for i, c := range cues {
			if len(c.Lines) == 0 || len(c.Lines) > subMaxLines {
				t.Fatalf("cue %d: %d lines", i, len(c.Lines))
			}
			var shown strings.Builder
			for _, l := range c.Lines {
				if utf8.RuneCountInString(l) > subLineRunes {
					t.Fatalf("cue %d: line %q too long", i, l)
				}
				shown.WriteString(strings.Join(strings.Fields(l), ""))
			}
			k := strings.Index(want[pos:], shown.String())
			if k < 0 && utf8.ValidString(text) { // notices are valid UTF-8; invalid bytes only must not break the rules
				t.Fatalf("cue %d shows %q, not next in %q", i, shown.String(), want[pos:])
			}
			if k >= 0 {
				pos += k + shown.Len()
			}
			if c.Start < prev || c.End <= c.Start || c.End > ms(g.Start+g.Duration) || c.End-c.Start > 7000 {
				t.Fatalf("cue %d: %d–%d ms outside the rules (segment %g+%g s)", i, c.Start, c.End, g.Start, g.Duration)
			}
			prev = c.End
		}
	})
}

// BenchmarkSubtitleCues measures the cue breaking of the whole library.
func BenchmarkSubtitleCues(b *testing.B) {
	cfg := exampleConfig(b)
	var scripts []*Script
	for _, n := range allNotices(b) {
		scripts = append(scripts, buildFor(b, cfg, nil, n))
	}
	cues := 0
	for b.Loop() {
		cues = 0
		for _, s := range scripts {
			cues += len(subtitleCues(s))
		}
	}
	b.ReportMetric(float64(cues), "cues/library")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(cues), "µs/cue")
}

// FuzzFormats renders a segment of any text in every format: no error, no
// panic, valid NFC, and the social post within its limit.
func FuzzFormats(f *testing.F) {
	f.Add("Kính thưa bà con, gọi 113 hoặc vào khonggianmang.vn.\n\nXin cảm ơn!", "Tiêu đề <b>", 30.0)
	f.Add("1. *a* [b](c) | `d` # e\n- f", "#", 0.5)
	nz, err := vntext.New(vntext.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, title string, dur float64) {
		if len(text) > 4000 || len(title) > 500 || math.IsNaN(dur) || math.IsInf(dur, 0) {
			return // Build gives finite durations only
		}
		g := Segment{Kind: KindNotice, Key: "f", Title: title, Text: text, Spans: nz.Spans(text), Spoken: nz.Normalize(text), Start: 1, Duration: dur}
		s := &Script{Ward: "w", WardName: title, Station: title, Date: "2024-07-08", Slot: "06:00", SlotSeconds: 60,
			Total: 1 + dur, Segments: []Segment{g}, Notices: []string{"f"}}
		for _, format := range Formats {
			out := render(t, s, format, i18n.VI, FormatOptions{})
			if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
				t.Fatalf("%s: not valid NFC", format)
			}
			if format == "social" && utf8.RuneCountInString(strings.TrimSuffix(out, "\n")) > SocialMaxRunes {
				t.Fatalf("social post too long")
			}
		}
	})
}
