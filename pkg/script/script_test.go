package script

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

func TestEstimate(t *testing.T) {
	r := config.Default().Reading // 3.2 syl/s, comma 0.3, sentence 0.6, paragraph 1.0
	cases := []struct {
		name string
		text string
		want float64
	}{
		{"empty", "", 0},
		{"one sentence", "Xin cảm ơn bà con.", 5 / 3.2},
		{"comma and sentence", "Kính thưa bà con, hôm nay trời đẹp. Xin cảm ơn.", 11/3.2 + 0.3 + 0.6},
		{"paragraphs", "Một hai ba.\n\nBốn năm sáu bảy.", 7/3.2 + 1.0},
		{"ellipsis is one pause", "Chờ đã... Xong.", 3/3.2 + 0.6},
		{"question", "Bà con đã nghe chưa? Hãy nhớ!", 7/3.2 + 0.6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Estimate(c.text, r)
			if math.Abs(got-c.want) > 1e-9 {
				t.Errorf("Estimate(%q) = %.4f, want %.4f", c.text, got, c.want)
			}
		})
	}
}

func testInput(t *testing.T, clips ClipFunc) Input {
	t.Helper()
	cfg := config.Default()
	cfg.Station.Name = "Đài truyền thanh"
	cfg.Hotlines = []config.Hotline{{ID: "canh-sat", Number: "113"}}
	n, err := notice.Parse("n.md", []byte("---\nid: thu\ntitle: Thử\n---\nKính thưa bà con, hãy gọi {{ hotline \"canh-sat\" }} khi cần.\n"))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := notice.ParseDate("2024-07-08")
	ward := config.Ward{ID: "duc-xuan", Name: "phường Đức Xuân"}
	cfg.Wards = []config.Ward{ward}
	return Input{Config: cfg, Ward: ward, Date: d, Slot: "06:00",
		Seconds: 900, Notices: []*notice.Notice{n}, Clips: clips}
}

func TestBuildStructureAndTiming(t *testing.T) {
	s, err := Build(testInput(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range s.Segments {
		k := g.Key
		if g.Repeat {
			k += "*"
		}
		keys = append(keys, k)
	}
	if got := strings.Join(keys, " "); got != "opening greeting thu repeat thu* closing" {
		t.Errorf("segments = %s", got)
	}
	prevEnd := -1.0
	for i, g := range s.Segments {
		if g.Start <= prevEnd {
			t.Errorf("segment %d starts at %g, before the previous end %g", i, g.Start, prevEnd)
		}
		if !g.Estimated || g.Duration <= 0 || g.Syllables == 0 {
			t.Errorf("segment %d: %+v", i, g)
		}
		prevEnd = g.Start + g.Duration
	}
	last := s.Segments[len(s.Segments)-1]
	if math.Abs(s.Total-(last.Start+last.Duration)) > 1e-9 {
		t.Errorf("total %g != end of last segment %g", s.Total, last.Start+last.Duration)
	}
	if s.Over != s.Total-900 {
		t.Errorf("over = %g", s.Over)
	}
	if !strings.Contains(s.Segments[2].Spoken, "một một ba") {
		t.Errorf("hotline not in spoken form: %q", s.Segments[2].Spoken)
	}
	if s.Segments[0].Text != "Đây là Đài truyền thanh, phường Đức Xuân." {
		t.Errorf("opening = %q", s.Segments[0].Text)
	}
}

func TestBuildUsesClipDurations(t *testing.T) {
	clips := func(kind, name string) (string, float64, bool) {
		return "audio/" + kind + "/" + name + ".wav", 2.5, true
	}
	in := testInput(t, clips)
	in.Config.Audio.Gap = 0.5
	s, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	// open chime, opening, greeting, notice, repeat, notice, closing, close chime
	if len(s.Segments) != 8 || s.Segments[0].Kind != KindJingle {
		t.Fatalf("%d segments, first %s", len(s.Segments), s.Segments[0].Kind)
	}
	if want := 8*2.5 + 7*0.5; math.Abs(s.Total-want) > 1e-9 {
		t.Errorf("total = %g, want %g (clips and gaps)", s.Total, want)
	}
	for _, g := range s.Segments {
		if g.Estimated {
			t.Errorf("segment %s estimated despite a clip", g.Key)
		}
	}
}

func TestLongSentenceWarning(t *testing.T) {
	in := testInput(t, nil)
	long := strings.Repeat("bà con ", 30) + "nhé."
	n, _ := notice.Parse("l.md", []byte("---\nid: dai\ntitle: Dài\n---\n"+long+"\n"))
	in.Notices = []*notice.Notice{n}
	s, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) != 2 || s.Warnings[0].Syllables != 61 {
		t.Fatalf("warnings = %+v", s.Warnings)
	}
}

func TestWriteJSONShape(t *testing.T) {
	s, err := Build(testInput(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := Write(&b, s, "json", i18n.VI); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ward", "date", "slot", "slot_seconds", "total_seconds", "over_seconds", "segments"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("missing key %s", k)
		}
	}
	seg := doc["segments"].([]any)[0].(map[string]any)
	for _, k := range []string{"kind", "title", "text", "spoken", "syllables", "clip", "start_seconds", "duration_seconds", "estimated"} {
		if _, ok := seg[k]; !ok {
			t.Errorf("segment missing key %s", k)
		}
	}
}

func TestWriteText(t *testing.T) {
	s, err := Build(testInput(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[i18n.Lang]string{i18n.VI: "Tổng thời lượng", i18n.EN: "Total:"} {
		var b bytes.Buffer
		if err := Write(&b, s, "text", lang); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.Contains(out, want) || !strings.Contains(out, "[00:00  ~") || !strings.Contains(out, "một một ba") {
			t.Errorf("%s sheet:\n%s", lang, out)
		}
	}
}

func TestTimerMatchesBuild(t *testing.T) {
	in := testInput(t, nil)
	tm, err := NewTimer(in.Config, in.Notices, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	got := tm.Overhead(in.Ward.ID) + tm.Notice(in.Ward.ID, in.Notices[0].ID)
	// The Timer adds one trailing gap per reading; Build has none after the last segment.
	if math.Abs(got-s.Total) > 2*in.Config.Reading.PauseSegment+1e-9 || got < s.Total {
		t.Errorf("timer %.3f s, script %.3f s", got, s.Total)
	}
	// A notice whose template cannot be expanded still costs time.
	in.Config.Hotlines = nil
	tm, _ = NewTimer(in.Config, in.Notices, nil)
	if v := tm.Notice(in.Ward.ID, in.Notices[0].ID); v < 3 {
		t.Errorf("broken notice timed at %g s", v)
	}
}
