package script

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// exampleConfig is the bundled config.yaml over the defaults, as cmd/loa
// reads it (yaml instead of viper: keys keep their case).
func exampleConfig(t testing.TB) config.Config {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("config.yaml: %v", err)
	}
	return cfg
}

func exampleNotice(t testing.TB, id string) *notice.Notice {
	t.Helper()
	n, err := notice.ParseFile(filepath.Join("..", "..", "notices", id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// allNotices parses every notice of the library, sorted by file name.
func allNotices(t testing.TB) []*notice.Notice {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "notices", "*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notices: %v", err)
	}
	sort.Strings(paths)
	var out []*notice.Notice
	for _, p := range paths {
		n, err := notice.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// fakeClips is a fixed clip library: chimes, the ward's opening and the
// example notice are recorded; the other phrases are read live.
func fakeClips(kind, name string) (string, float64, bool) {
	switch kind + "/" + name {
	case "jingles/open":
		return "audio/jingles/open.wav", 6.25, true
	case "jingles/close":
		return "audio/jingles/close.wav", 5.5, true
	case "phrases/opening":
		return "audio/wards/duc-xuan/opening.mp3", 4.4, true
	case "notices/deepfake-video-call":
		return "audio/notices/deepfake-video-call.mp3", 86.75, true
	}
	return "", 0, false
}

func buildFor(t testing.TB, cfg config.Config, clips ClipFunc, notices ...*notice.Notice) *Script {
	t.Helper()
	w, ok := cfg.Ward("duc-xuan")
	if !ok {
		t.Fatal("no ward duc-xuan in config.yaml")
	}
	d, _ := notice.ParseDate("2024-07-08")
	s, err := Build(Input{Config: cfg, Ward: w, Date: d, Slot: "06:00", Notices: notices, Clips: clips})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exampleScript is the fixed script of the golden files: the example
// notice for phường Đức Xuân on 2024-07-08 at 06:00, with fakeClips.
func exampleScript(t testing.TB) (*Script, FormatOptions) {
	t.Helper()
	cfg := exampleConfig(t)
	n := exampleNotice(t, "deepfake-video-call")
	opts := OptionsFor(cfg, []*notice.Notice{n})
	opts.Hashtags = []string{"#CanhGiacLuaDao", "KhongGianMang", "#Lua Dao Truc Tuyen", "#BacKan", "#KhongGianMang"}
	return buildFor(t, cfg, fakeClips, n), opts
}

func render(t testing.TB, s *Script, format string, lang i18n.Lang, opts FormatOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteWith(&b, s, format, lang, opts); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.String()
}

func TestGolden(t *testing.T) {
	s, opts := exampleScript(t)
	type golden struct {
		name, format string
		lang         i18n.Lang
	}
	var cases []golden
	for _, f := range Formats {
		cases = append(cases, golden{f, f, i18n.VI})
	}
	cases = append(cases, golden{"html.en", "html", i18n.EN}, golden{"md.en", "md", i18n.EN})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, s, c.format, c.lang, opts)
			path := filepath.Join("testdata", "golden", c.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./pkg/script -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (run with -update after checking):\n%s", c.name, path, firstDiff(got, string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestFormatsListed(t *testing.T) {
	s, _ := exampleScript(t)
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Write(&b, s, f, i18n.VI); err != nil {
			t.Errorf("Write %s with default options: %v", f, err)
		}
		if b.Len() == 0 {
			t.Errorf("%s: empty output", f)
		}
	}
	if err := Write(&bytes.Buffer{}, s, "pdf", i18n.VI); err == nil || !strings.Contains(err.Error(), "pdf") {
		t.Errorf("unknown format: err = %v", err)
	}
	if err := Write(&bytes.Buffer{}, nil, "html", i18n.VI); err != ErrNilScript {
		t.Errorf("nil script: err = %v", err)
	}
}

// TestFormatsNFC feeds decomposed text (NFD) and expects composed output.
func TestFormatsNFC(t *testing.T) {
	s, opts := exampleScript(t)
	s.Station = norm.NFD.String(s.Station)
	s.WardName = norm.NFD.String(s.WardName)
	for i := range s.Segments {
		s.Segments[i].Title = norm.NFD.String(s.Segments[i].Title)
		s.Segments[i].Text = norm.NFD.String(s.Segments[i].Text)
		s.Segments[i].Spans = nil // offsets no longer match
	}
	for _, f := range Formats {
		out := render(t, s, f, i18n.VI, opts)
		if !utf8.ValidString(out) || !norm.NFC.IsNormalString(out) {
			t.Errorf("%s: output is not valid NFC UTF-8", f)
		}
	}
}

// TestFormatsEscape puts markup into every field a format shows.
func TestFormatsEscape(t *testing.T) {
	s, opts := exampleScript(t)
	evil := `<script>alert("x")</script> & <b>`
	s.Station = evil
	s.WardName = evil
	for i := range s.Segments {
		s.Segments[i].Title = evil
		if s.Segments[i].Kind == KindNotice {
			s.Segments[i].Text = "Bà con chú ý " + evil + " nhé.\n\n*đậm* [liên kết](x) | ô"
			s.Segments[i].Spans = nil
			s.Segments[i].Spoken = s.Segments[i].Text
		}
	}
	opts.Hotlines = append(opts.Hotlines, config.Hotline{Name: evil, Site: `javascript:alert(1)`})
	opts.Sources = map[string]notice.Source{"deepfake-video-call": {Issuer: evil, Number: "1/<x>", Date: "2024-07-03"}}
	for _, f := range []string{"html", "article"} {
		out := render(t, s, f, i18n.VI, opts)
		if strings.Contains(out, "<script>") || strings.Contains(out, "&lt;/script&gt; & <b>") {
			t.Errorf("%s: markup not escaped", f)
		}
		if !strings.Contains(out, "&lt;script&gt;") || !strings.Contains(out, "&amp; &lt;b&gt;") {
			t.Errorf("%s: escaped text missing", f)
		}
		if strings.Contains(out, `href="javascript:`) {
			t.Errorf("%s: javascript: link", f)
		}
	}
	md := render(t, s, "md", i18n.VI, opts)
	for _, bad := range []string{"<script>", "*đậm*", "[liên kết]"} {
		if strings.Contains(md, bad) {
			t.Errorf("md: %q not escaped", bad)
		}
	}
	vtt := render(t, s, "vtt", i18n.VI, opts)
	if strings.Contains(vtt, "<script>") || !strings.Contains(vtt, "&lt;script&gt;") {
		t.Errorf("vtt: cue text not escaped")
	}
	srt := render(t, s, "srt", i18n.VI, opts)
	if strings.Contains(srt, "<script>") {
		t.Errorf("srt: tag left in cue text")
	}
}

func TestReadingOf(t *testing.T) {
	nz, err := vntext.New(vntext.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seg := func(text string) Segment {
		return Segment{Text: text, Spans: nz.Spans(text), Spoken: nz.Normalize(text)}
	}
	cases := []struct {
		name string
		seg  Segment
		want string // words as spoken[written]punct+mark, paragraphs split by " ¶ "
	}{
		{"comma and sentence", seg("Gọi 113, rồi chờ."), "Gọi một một ba[113],/ rồi chờ.//"},
		{"case only is not shown", seg("CẢNH BÁO (khẩn)"), "Cảnh báo (khẩn)"},
		{"paragraphs", seg("Một câu.\n\nHai câu."), "Một câu.‖ ¶ Hai câu.//"},
		{"line break is a stop", seg("Dòng một\nDòng hai"), "Dòng một// ¶ Dòng hai"},
		{"no spans", Segment{Spoken: "một, hai.\n\nba"}, "một,/ hai.‖ ¶ ba"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var parts []string
			for _, p := range readingOf(c.seg) {
				var ws []string
				for _, w := range p.Words {
					s := w.Prefix + w.Spoken
					if w.Written != "" {
						s += "[" + w.Written + "]"
					}
					ws = append(ws, s+w.Punct+pauseMark(w.Pause))
				}
				parts = append(parts, strings.Join(ws, " "))
			}
			if got := strings.Join(parts, " ¶ "); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// needTool returns the path of an outside program, or skips the test when
// it is missing; under CI=true a missing tool fails the test instead.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true but not installed", name)
		}
		t.Skipf("%s not installed: skipping (CI=true turns this into a failure)", name)
	}
	return path
}

func TestOverTheSlotAndWarnings(t *testing.T) {
	s, opts := exampleScript(t)
	s.SlotSeconds = 120
	s.Over = s.Total - s.SlotSeconds
	s.Warnings = []Warning{{Segment: 3, Sentence: "một câu rất dài", Syllables: 61, Text: i18n.Msg("script.long_sentence", 61, 50)}}
	cases := []struct{ format, want string }{
		{"html", `<tr class="alert"><td>VƯỢT QUÁ khung giờ — cần rút bớt</td><td class="v">` + Clock(s.Over) + `</td></tr>`},
		{"html", `<div class="warn">⚠ câu dài 61 âm tiết (quá 50), người nghe khó theo dõi: «một câu rất dài»</div>`},
		{"md", "| **" + Clock(s.Over) + "** |"},
		{"md", "> ⚠ câu dài 61 âm tiết (quá 50), người nghe khó theo dõi: «một câu rất dài»"},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			if out := render(t, s, c.format, i18n.VI, opts); !strings.Contains(out, c.want) {
				t.Errorf("no %q in:\n%s", c.want, out)
			}
		})
	}
}

func BenchmarkWriteWith(b *testing.B) {
	s, opts := exampleScript(b)
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			var n int
			for b.Loop() {
				var buf bytes.Buffer
				if err := WriteWith(&buf, s, f, i18n.VI, opts); err != nil {
					b.Fatal(err)
				}
				n = buf.Len()
			}
			b.ReportMetric(float64(n), "bytes/script")
		})
	}
}
