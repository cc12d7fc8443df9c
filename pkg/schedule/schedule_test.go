package schedule

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// mini builds a small configuration: one ward per id, each with the given
// slots.
func mini(slots []config.Slot, wards ...string) config.Config {
	cfg := config.Default()
	cfg.Wards = nil
	for _, id := range wards {
		cfg.Wards = append(cfg.Wards, config.Ward{ID: id, Name: "phường " + id, Slots: slots})
	}
	return cfg
}

var weekdays = []string{"mon", "tue", "wed", "thu", "fri"}

func mk(id string, p notice.Priority, plays int, mod ...func(*notice.Notice)) *notice.Notice {
	n := &notice.Notice{ID: id, Title: "Tiêu đề " + id, Priority: p, PlaysPerWeek: plays, Wards: []string{"all"}, Body: "a b c"}
	for _, m := range mod {
		m(n)
	}
	return n
}

func valid(from, until string) func(*notice.Notice) {
	return func(n *notice.Notice) {
		if from != "" {
			n.ValidFrom, _ = notice.ParseDate(from)
		}
		if until != "" {
			n.ValidUntil, _ = notice.ParseDate(until)
		}
	}
}

func build(t *testing.T, cfg config.Config, ns []*notice.Notice, tm Timing, from, to string, wards ...string) *Schedule {
	t.Helper()
	s, err := Build(Input{Config: cfg, Notices: ns, Timing: tm, From: day(t, from), To: day(t, to), Wards: wards})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return s
}

// fixedTiming gives every notice the same length.
type fixedTiming struct{ over, each float64 }

func (f fixedTiming) Overhead(string) float64       { return f.over }
func (f fixedTiming) Notice(string, string) float64 { return f.each }

func TestBuildErrors(t *testing.T) {
	cfg := mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}, "a")
	ok := fixedTiming{30, 60}
	ns := []*notice.Notice{mk("n1", notice.Normal, 3)}
	badSlot := mini([]config.Slot{{Start: "6h", Days: weekdays, MaxMinutes: 15}}, "a")
	twice := mini([]config.Slot{{Start: "06:00", Days: []string{"mon"}, MaxMinutes: 5}, {Start: "06:00", Days: []string{"mon", "tue"}, MaxMinutes: 5}}, "a")
	badBlackout := mini(cfg.Wards[0].Slots, "a")
	badBlackout.Blackouts = []config.Blackout{{From: "2024-13-01"}}
	badZone := mini(cfg.Wards[0].Slots, "a")
	badZone.Station.TimeZone = "Mars/Olympus"
	cases := []struct {
		name     string
		in       Input
		sentinel error
		text     string
	}{
		{"from after to", Input{Config: cfg, Notices: ns, Timing: ok, From: day(t, "2024-07-10"), To: day(t, "2024-07-09")}, ErrRange, "after"},
		{"no range", Input{Config: cfg, Notices: ns, Timing: ok}, ErrRange, "first and a last day"},
		{"too long", Input{Config: cfg, Notices: ns, Timing: ok, From: day(t, "2024-01-01"), To: day(t, "2040-01-01")}, ErrRange, "too long"},
		{"unknown ward", Input{Config: cfg, Notices: ns, Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08"), Wards: []string{"zz"}}, ErrUnknownWard, `"zz"`},
		{"no timing", Input{Config: cfg, Notices: ns, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrTiming, "timing"},
		{"NaN notice", Input{Config: cfg, Notices: ns, Timing: fixedTiming{30, math.NaN()}, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrTiming, "n1"},
		{"negative overhead", Input{Config: cfg, Notices: ns, Timing: fixedTiming{-1, 5}, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrTiming, "fixed bulletin"},
		{"duplicate notice", Input{Config: cfg, Notices: append(ns, mk("n1", notice.High, 1)), Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrDuplicate, "n1"},
		{"bad slot start", Input{Config: badSlot, Notices: ns, Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrConfig, "wards[0].slots[0].start"},
		{"same start twice", Input{Config: twice, Notices: ns, Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrConfig, "06:00"},
		{"bad blackout", Input{Config: badBlackout, Notices: ns, Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrConfig, "blackouts[0].from"},
		{"bad zone", Input{Config: badZone, Notices: ns, Timing: ok, From: day(t, "2024-07-08"), To: day(t, "2024-07-08")}, ErrConfig, "Mars"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build(c.in)
			if !errors.Is(err, c.sentinel) {
				t.Fatalf("err = %v, want %v", err, c.sentinel)
			}
			var ie *i18n.Error
			if !errors.As(err, &ie) {
				t.Fatalf("%v is not an *i18n.Error", err)
			}
			if !strings.Contains(ie.Localize(i18n.EN), c.text) {
				t.Errorf("message %q does not mention %q", ie.Localize(i18n.EN), c.text)
			}
			if vi := ie.Localize(i18n.VI); vi == ie.Text.Key {
				t.Errorf("no Vietnamese text for %s", ie.Text.Key)
			}
		})
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	s := build(t, mini(nil, "a"), nil, fixedTiming{1, 1}, "2024-07-08", "2024-07-08")
	if err := Write(&strings.Builder{}, s, "pdf", i18n.VI); !errors.Is(err, ErrUnknownFormat) {
		t.Fatalf("err = %v", err)
	}
}

// count returns how often id airs per date in ward.
func count(s *Schedule, ward, id string) map[string]int {
	m := map[string]int{}
	for _, it := range s.Items {
		if it.Ward == ward && slices.Contains(it.Notices, id) {
			m[it.Date]++
		}
	}
	return m
}

func TestRules(t *testing.T) {
	two := []config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}, {Start: "17:30", Days: weekdays, MaxMinutes: 15}}

	t.Run("emergency in every slot and first", func(t *testing.T) {
		ns := []*notice.Notice{
			mk("a-thuong", notice.Normal, 5), mk("b-uu-tien", notice.High, 5),
			mk("z-khan", notice.Emergency, 0, valid("2024-07-09", "2024-07-10")),
		}
		s := build(t, mini(two, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		for _, it := range s.Items {
			in := it.Date == "2024-07-09" || it.Date == "2024-07-10"
			if in != slices.Contains(it.Notices, "z-khan") {
				t.Errorf("%s %s: %v", it.Date, it.Slot, it.Notices)
			}
			if in && it.Notices[0] != "z-khan" {
				t.Errorf("%s %s: emergency not first: %v", it.Date, it.Slot, it.Notices)
			}
		}
		if len(s.Urgent) != 1 || s.Urgent[0].From != "2024-07-09" || s.Urgent[0].To != "2024-07-10" || s.Urgent[0].Wards[0] != "w" {
			t.Errorf("urgent = %+v", s.Urgent)
		}
	})

	t.Run("uu-tien before thuong", func(t *testing.T) {
		ns := []*notice.Notice{mk("a", notice.Normal, 5), mk("b", notice.Normal, 5), mk("z", notice.High, 5)}
		s := build(t, mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-12")
		for _, it := range s.Items {
			if it.Notices[0] != "z" {
				t.Errorf("%s: %v", it.Date, it.Notices)
			}
		}
	})

	t.Run("uu-tien wins the room", func(t *testing.T) {
		// One slot a day that holds one notice: the priority one gets all 5.
		ns := []*notice.Notice{mk("a", notice.Normal, 5), mk("z", notice.High, 5)}
		s := build(t, mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 1.5}}, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		if got := len(count(s, "w", "z")); got != 5 {
			t.Errorf("z airs %d days", got)
		}
		if len(s.Unscheduled) != 1 || s.Unscheduled[0].Notice != "a" || s.Unscheduled[0].Reason != ReasonSlotsFull ||
			s.Unscheduled[0].Scheduled != 0 || s.Unscheduled[0].Wanted != 5 {
			t.Errorf("unscheduled = %+v", s.Unscheduled)
		}
	})

	t.Run("spread across the week", func(t *testing.T) {
		ns := []*notice.Notice{mk("n", notice.Normal, 3)}
		s := build(t, mini(two, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		days := count(s, "w", "n")
		if len(days) != 3 {
			t.Fatalf("days = %v", days)
		}
		var ds []string
		for d := range days {
			ds = append(ds, d)
		}
		slices.Sort(ds)
		// Mon–Fri, three plays on distinct days, not three days running.
		if a, b := day(t, ds[0]), day(t, ds[2]); b.Sub(a.Time).Hours() < 72 {
			t.Errorf("plays on %v: bunched", ds)
		}
	})

	t.Run("max per day", func(t *testing.T) {
		// 8 plays over 5 days of 2 slots: some days twice, never three times.
		ns := []*notice.Notice{mk("n", notice.Normal, 8, func(n *notice.Notice) { n.MaxPerDay = 2 })}
		three := append(slices.Clone(two), config.Slot{Start: "12:00", Days: weekdays, MaxMinutes: 15})
		s := build(t, mini(three, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		total := 0
		for d, c := range count(s, "w", "n") {
			if c > 2 {
				t.Errorf("%s: %d plays", d, c)
			}
			total += c
		}
		if total != 8 || len(s.Unscheduled) != 0 {
			t.Errorf("total %d, unscheduled %+v", total, s.Unscheduled)
		}
	})

	t.Run("default max per day is one", func(t *testing.T) {
		ns := []*notice.Notice{mk("n", notice.Normal, 7)}
		s := build(t, mini(two, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		if got := count(s, "w", "n"); len(got) != 5 {
			t.Errorf("days %v", got)
		}
		if len(s.Unscheduled) != 1 || s.Unscheduled[0].Reason != ReasonNoSlot || s.Unscheduled[0].Scheduled != 5 || s.Unscheduled[0].Wanted != 7 {
			t.Errorf("unscheduled = %+v", s.Unscheduled)
		}
	})

	t.Run("rotation within slots", func(t *testing.T) {
		ns := []*notice.Notice{mk("a", notice.Normal, 5), mk("b", notice.Normal, 5), mk("c", notice.Normal, 5)}
		s := build(t, mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-12")
		firsts := map[string]int{}
		for _, it := range s.Items {
			firsts[it.Notices[0]]++
		}
		for _, id := range []string{"a", "b", "c"} {
			if firsts[id] == 0 || firsts[id] > 2 {
				t.Errorf("first counts %v", firsts)
			}
		}
	})

	t.Run("wards offset", func(t *testing.T) {
		ids := []string{"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7"}
		ns := []*notice.Notice{mk("n", notice.Normal, 1)}
		s := build(t, mini(two, ids...), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		days := map[string]bool{}
		for _, w := range ids {
			for d := range count(s, w, "n") {
				days[d] = true
			}
		}
		if len(days) < 4 {
			t.Errorf("8 wards air it on only %d distinct days", len(days))
		}
	})

	t.Run("slot full", func(t *testing.T) {
		ns := []*notice.Notice{mk("n", notice.Normal, 3)}
		s := build(t, mini([]config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 1}}, "w"), ns, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		if len(s.Bulletins()) != 0 {
			t.Errorf("bulletins %+v", s.Bulletins())
		}
		if len(s.Unscheduled) != 1 || s.Unscheduled[0].Reason != ReasonSlotsFull || s.Unscheduled[0].Week != "2024-W28" {
			t.Errorf("unscheduled = %+v", s.Unscheduled)
		}
		if msg := s.Unscheduled[0].Message.In(i18n.EN); !strings.Contains(msg, "0 of 3 plays in week 2024-W28") {
			t.Errorf("message %q", msg)
		}
	})

	t.Run("extra slot replaces and adds", func(t *testing.T) {
		cfg := mini(two, "w")
		cfg.Wards[0].ExtraSlots = []config.ExtraSlot{{Date: "2024-07-08", Start: "06:00", MaxMinutes: 30}, {Date: "2024-07-13", Start: "19:00", MaxMinutes: 10}}
		s := build(t, cfg, nil, fixedTiming{30, 60}, "2024-07-08", "2024-07-14")
		it, ok := s.Slot("w", "2024-07-08", "06:00")
		if !ok || it.MaxSeconds != 1800 || !it.Extra {
			t.Errorf("Mon 06:00 = %+v, %v", it, ok)
		}
		if it, ok := s.Slot("w", "2024-07-13", "19:00"); !ok || it.MaxSeconds != 600 {
			t.Errorf("Sat 19:00 = %+v, %v", it, ok)
		}
		if _, ok := s.Slot("w", "2024-07-14", "06:00"); ok {
			t.Error("Sunday has no slot")
		}
		if n := len(s.Day("w", "2024-07-08")); n != 2 {
			t.Errorf("Monday has %d slots", n)
		}
	})
}

func TestReasons(t *testing.T) {
	slot := []config.Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}
	tm := fixedTiming{30, 60}
	cases := []struct {
		name   string
		cfg    func(*config.Config)
		n      *notice.Notice
		reason string // "" when it reaches its plays
		sched  int
		want   int
	}{
		{"fits", nil, mk("n", notice.Normal, 3), "", 0, 0},
		{"excluded", nil, mk("n", notice.Normal, 3, func(n *notice.Notice) { n.ExcludeWards = []string{"w"} }), ReasonExcluded, 0, 3},
		{"not addressed", nil, mk("n", notice.Normal, 3, func(n *notice.Notice) { n.Wards = []string{"other"} }), "", 0, 0},
		{"valid on a weekend only", nil, mk("n", notice.Normal, 3, valid("2024-07-13", "2024-07-14")), ReasonNoSlot, 0, 1},
		{"not valid this week", nil, mk("n", notice.Normal, 3, valid("2024-08-01", "")), "", 0, 0},
		{"pro-rated partial week", nil, mk("n", notice.Normal, 3, valid("2024-07-11", "")), "", 0, 0},
		{"outside dates", nil, mk("n", notice.Normal, 7, valid("2024-07-12", "")), ReasonOutsideDates, 1, 2},
		{"blackout", func(c *config.Config) {
			c.Blackouts = []config.Blackout{{From: "2024-07-09", To: "2024-07-11", Reason: "lễ"}}
		}, mk("n", notice.Normal, 3), ReasonBlackout, 2, 3},
		{"ward blackout all week", func(c *config.Config) {
			c.Wards[0].Blackouts = []config.Blackout{{From: "2024-07-08", To: "2024-07-14"}}
		}, mk("n", notice.Normal, 1), ReasonBlackout, 0, 1},
		{"no slot at all", func(c *config.Config) { c.Wards[0].Slots = nil }, mk("n", notice.Normal, 2), ReasonNoSlot, 0, 2},
		{"too long for the slot", nil, mk("n", notice.Normal, 1, func(n *notice.Notice) { n.ID = "long" }), ReasonSlotsFull, 0, 1},
		{"emergency fits", nil, mk("n", notice.Emergency, 0), "", 0, 0},
		{"emergency blackout", func(c *config.Config) {
			c.Blackouts = []config.Blackout{{From: "2024-07-08"}}
		}, mk("n", notice.Emergency, 0), ReasonBlackout, 4, 5},
		{"emergency too long", nil, mk("long", notice.Emergency, 0), ReasonSlotsFull, 0, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := mini(slot, "w")
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			timing := &fakeTiming{overhead: tm.over, fixed: map[string]float64{c.n.ID: tm.each}}
			timing.fixed["long"] = 2000
			s := build(t, cfg, []*notice.Notice{c.n}, timing, "2024-07-08", "2024-07-14")
			if c.reason == "" {
				if len(s.Unscheduled) != 0 {
					t.Fatalf("unscheduled = %+v", s.Unscheduled)
				}
				return
			}
			if len(s.Unscheduled) != 1 {
				t.Fatalf("unscheduled = %+v", s.Unscheduled)
			}
			u := s.Unscheduled[0]
			if u.Reason != c.reason || u.Scheduled != c.sched || u.Wanted != c.want || u.Ward != "w" || u.Notice != c.n.ID {
				t.Errorf("got %+v, want %s %d/%d", u, c.reason, c.sched, c.want)
			}
			for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
				if msg := u.Message.In(lang); msg == "" || strings.HasPrefix(msg, "schedule.") || strings.Contains(msg, "%!") {
					t.Errorf("%s message %q", lang, msg)
				}
			}
		})
	}
}

// TestRangeIndependence: a day's bulletins do not depend on the range asked for.
func TestRangeIndependence(t *testing.T) {
	cfg, ns := fixture(t)
	tm := timingFor(ns)
	full := build(t, cfg, ns, tm, "2024-07-01", "2024-07-28")
	for _, r := range [][2]string{{"2024-07-10", "2024-07-10"}, {"2024-07-03", "2024-07-17"}, {"2024-07-14", "2024-07-22"}} {
		part := build(t, cfg, ns, tm, r[0], r[1], "song-cau", "duc-xuan")
		for _, it := range part.Items {
			want, ok := full.Slot(it.Ward, it.Date, it.Slot)
			if !ok || !slices.Equal(want.Notices, it.Notices) || want.Seconds != it.Seconds {
				t.Errorf("%v: %s %s %s = %v, full range has %v", r, it.Ward, it.Date, it.Slot, it.Notices, want.Notices)
			}
		}
		if len(part.Items) == 0 {
			t.Errorf("%v: no items", r)
		}
	}
}

func TestSlotLookup(t *testing.T) {
	cfg, ns := fixture(t)
	s := build(t, cfg, ns, timingFor(ns), "2024-07-08", "2024-07-14")
	it, ok := s.Slot("duc-xuan", "2024-07-10", "06:00")
	if !ok || len(it.Notices) == 0 || it.Notices[0] != "cap-nhat-dinh-danh" {
		t.Errorf("duc-xuan Wed 06:00 = %+v %v", it, ok)
	}
	for _, c := range []struct{ ward, date, slot string }{
		{"duc-xuan", "2024-07-14", "06:00"}, // Sunday
		{"song-cau", "2024-07-11", "06:00"}, // ward blackout
		{"duc-xuan", "2024-07-15", "06:00"}, // outside the range
		{"duc-xuan", "2024-07-10", "07:00"}, // no such slot
		{"khong-co", "2024-07-10", "06:00"},
	} {
		if _, ok := s.Slot(c.ward, c.date, c.slot); ok {
			t.Errorf("%v: found", c)
		}
	}
	if got := fmt.Sprint(s.Blackouts); !strings.Contains(got, "song-cau 2024-07-11 bảo trì cụm loa") {
		t.Errorf("blackouts %s", got)
	}
}

func TestMessagesComplete(t *testing.T) {
	verbs := func(s string) []string {
		var out []string
		for i := 0; i < len(s)-1; i++ {
			if s[i] == '%' {
				out = append(out, s[i:i+2])
				i++
			}
		}
		return out
	}
	n := 0
	for _, k := range i18n.Keys() {
		if !strings.HasPrefix(k, "schedule.") {
			continue
		}
		n++
		vi, en, _ := i18n.Pair(k)
		if vi == "" || en == "" {
			t.Errorf("%s: empty text", k)
		}
		if !slices.Equal(verbs(vi), verbs(en)) {
			t.Errorf("%s: verbs differ: %q / %q", k, vi, en)
		}
	}
	if n < 30 {
		t.Errorf("only %d schedule messages registered", n)
	}
}
