package schedule

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// randomCase is a randomized configuration, notice set and timing.
type randomCase struct {
	cfg     config.Config
	notices []*notice.Notice
	timing  *fakeTiming
	from    notice.Date // a Monday
	weeks   int
}

var dayCodes = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func randomDate(r *rand.Rand, base time.Time, spread int) string {
	return base.AddDate(0, 0, r.IntN(spread)).Format(notice.DateLayout)
}

func newRandomCase(seed uint64) randomCase {
	r := rand.New(rand.NewPCG(seed, seed*7919+1))
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*r.IntN(100)) // a Monday
	weeks := 1 + r.IntN(5)
	span := 7 * weeks
	cfg := config.Default()
	cfg.Notices.PlaysPerWeek = 1 + r.IntN(4)
	cfg.Notices.MaxPerDay = 1 + r.IntN(2)
	cfg.Wards = nil
	nw := 1 + r.IntN(5)
	var ids []string
	for w := range nw {
		id := fmt.Sprintf("w%d", w)
		ids = append(ids, id)
		ward := config.Ward{ID: id, Name: "phường " + id}
		starts := r.Perm(24)[:r.IntN(4)]
		for _, h := range starts {
			var days []string
			for _, d := range dayCodes {
				if r.IntN(3) > 0 {
					days = append(days, d)
				}
			}
			if len(days) == 0 {
				days = []string{dayCodes[r.IntN(7)]}
			}
			ward.Slots = append(ward.Slots, config.Slot{Start: fmt.Sprintf("%02d:%02d", h, 15*r.IntN(4)), Days: days,
				MaxMinutes: float64(1 + r.IntN(15))})
		}
		for range r.IntN(3) {
			ward.ExtraSlots = append(ward.ExtraSlots, config.ExtraSlot{Date: randomDate(r, base, span),
				Start: fmt.Sprintf("%02d:%02d", r.IntN(24), 5*r.IntN(12)), MaxMinutes: float64(1 + r.IntN(10))})
		}
		// Extra slots must not repeat a date and start.
		seen := map[string]bool{}
		ward.ExtraSlots = slices.DeleteFunc(ward.ExtraSlots, func(e config.ExtraSlot) bool {
			dup := seen[e.Date+e.Start]
			seen[e.Date+e.Start] = true
			return dup
		})
		for range r.IntN(2) {
			f := randomDate(r, base, span)
			ward.Blackouts = append(ward.Blackouts, config.Blackout{From: f, To: f, Reason: "bảo trì"})
		}
		cfg.Wards = append(cfg.Wards, ward)
	}
	for range r.IntN(2) {
		f := base.AddDate(0, 0, r.IntN(span))
		cfg.Blackouts = append(cfg.Blackouts, config.Blackout{From: f.Format(notice.DateLayout),
			To: f.AddDate(0, 0, r.IntN(4)).Format(notice.DateLayout), Reason: "nghỉ lễ"})
	}
	tm := &fakeTiming{overhead: float64(10 + r.IntN(90)), rate: 1, fixed: map[string]float64{}}
	var ns []*notice.Notice
	for i := range 1 + r.IntN(15) {
		n := &notice.Notice{ID: fmt.Sprintf("n%02d", i), Title: fmt.Sprintf("Thông báo %d", i), Body: "x",
			Priority:     []notice.Priority{notice.Normal, notice.Normal, notice.High, notice.Emergency}[r.IntN(4)],
			PlaysPerWeek: r.IntN(7), MaxPerDay: r.IntN(3), Wards: []string{"all"}}
		if n.Priority == notice.Emergency && r.IntN(2) == 0 {
			n.Priority = notice.High
		}
		if r.IntN(3) == 0 {
			n.ValidFrom, _ = notice.ParseDate(randomDate(r, base.AddDate(0, 0, -7), span+7))
		}
		if r.IntN(3) == 0 {
			n.ValidUntil, _ = notice.ParseDate(randomDate(r, base, span+7))
			if !n.ValidFrom.IsZero() && n.ValidUntil.Before(n.ValidFrom.Time) {
				n.ValidUntil = n.ValidFrom
			}
		}
		if r.IntN(3) == 0 {
			n.Wards = nil
			for _, id := range ids {
				if r.IntN(2) == 0 {
					n.Wards = append(n.Wards, id)
				}
			}
		}
		if r.IntN(4) == 0 {
			n.ExcludeWards = []string{ids[r.IntN(len(ids))]}
		}
		tm.fixed[n.ID] = float64(10 + r.IntN(300))
		ns = append(ns, n)
	}
	// Shuffle: Build must not depend on the order of its input.
	r.Shuffle(len(ns), func(i, j int) { ns[i], ns[j] = ns[j], ns[i] })
	return randomCase{cfg: cfg, notices: ns, timing: tm, from: notice.Date{Time: base}, weeks: weeks}
}

func (c randomCase) build(t *testing.T, from, to notice.Date) *Schedule {
	t.Helper()
	s, err := Build(Input{Config: c.cfg, Notices: c.notices, Timing: c.timing, From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return s
}

func renderAll(t *testing.T, s *Schedule) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, f := range Formats {
		for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
			var b bytes.Buffer
			if err := Write(&b, s, f, lang); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out[f+"/"+string(lang)] = b.Bytes()
		}
	}
	return out
}

// occurrence is a slot on a day, as the configuration describes it.
type occurrence struct {
	start string
	cap   float64
}

// configured lists a ward's slots on a day, worked out from the
// configuration independently of the planner.
func configured(w config.Ward, d time.Time) []occurrence {
	code := dayCodes[(int(d.Weekday())+6)%7]
	date := d.Format(notice.DateLayout)
	m := map[string]float64{}
	for _, s := range w.Slots {
		if slices.Contains(s.Days, code) {
			m[s.Start] = s.MaxMinutes * 60
		}
	}
	for _, e := range w.ExtraSlots {
		if e.Date == date {
			m[e.Start] = e.MaxMinutes * 60
		}
	}
	var out []occurrence
	for s, c := range m {
		out = append(out, occurrence{s, c})
	}
	return out
}

func blackedOut(cfg config.Config, w config.Ward, date string) bool {
	for _, b := range append(slices.Clone(cfg.Blackouts), w.Blackouts...) {
		if b.Covers(date) {
			return true
		}
	}
	return false
}

func TestProperties(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			c := newRandomCase(seed)
			to := notice.Date{Time: c.from.AddDate(0, 0, 7*c.weeks-1)}
			s := c.build(t, c.from, to)
			checkSchedule(t, c, s)

			// Determinism: the same input twice, and in another order, gives
			// the same bytes in every format and language.
			first := renderAll(t, s)
			slices.Reverse(c.notices)
			again := renderAll(t, c.build(t, c.from, to))
			for k, v := range first {
				if !bytes.Equal(v, again[k]) {
					t.Errorf("%s differs between two runs", k)
				}
			}

			// A day's bulletins do not depend on the range.
			r := rand.New(rand.NewPCG(seed, 99))
			a := c.from.AddDate(0, 0, r.IntN(7*c.weeks))
			b := a.AddDate(0, 0, r.IntN(7*c.weeks-int(a.Sub(c.from.Time).Hours()/24)))
			part := c.build(t, notice.Date{Time: a}, notice.Date{Time: b})
			for _, it := range part.Items {
				want, ok := s.Slot(it.Ward, it.Date, it.Slot)
				if !ok || !slices.Equal(want.Notices, it.Notices) {
					t.Errorf("%s %s %s: %v in %s..%s, %v over the whole weeks", it.Ward, it.Date, it.Slot, it.Notices,
						a.Format(notice.DateLayout), b.Format(notice.DateLayout), want.Notices)
				}
			}
		})
	}
}

// checkSchedule verifies the rules on a schedule of whole weeks.
func checkSchedule(t *testing.T, c randomCase, s *Schedule) {
	t.Helper()
	byID := map[string]*notice.Notice{}
	for _, n := range c.notices {
		byID[n.ID] = n
	}
	maxDay := func(n *notice.Notice) int {
		if n.MaxPerDay > 0 {
			return n.MaxPerDay
		}
		return c.cfg.Notices.MaxPerDay
	}
	plays := func(n *notice.Notice) int {
		if n.PlaysPerWeek > 0 {
			return n.PlaysPerWeek
		}
		return c.cfg.Notices.PlaysPerWeek
	}
	items := map[string]Item{}
	perDay := map[string]int{} // ward|notice|date → plays
	for _, it := range s.Items {
		key := it.Ward + "|" + it.Date + "|" + it.Slot
		if _, dup := items[key]; dup {
			t.Errorf("%s twice", key)
		}
		items[key] = it
		w, _ := c.cfg.Ward(it.Ward)
		d, _ := notice.ParseDate(it.Date)
		if blackedOut(c.cfg, w, it.Date) {
			t.Errorf("%s: airs on a blackout day", key)
		}
		if !slices.ContainsFunc(configured(w, d.Time), func(o occurrence) bool { return o.start == it.Slot && o.cap == it.MaxSeconds }) {
			t.Errorf("%s: not a configured slot of %g s", key, it.MaxSeconds)
		}
		sum := 0.0
		prevRank := 3
		for k, id := range it.Notices {
			n := byID[id]
			if !n.ValidOn(d) || !n.ForWard(it.Ward) {
				t.Errorf("%s: %s is not valid there", key, id)
			}
			if r := n.Priority.Rank(); r > prevRank {
				t.Errorf("%s: priorities out of order: %v", key, it.Notices)
			} else {
				prevRank = r
			}
			if slices.Index(it.Notices, id) != k {
				t.Errorf("%s: %s twice", key, id)
			}
			if it.NoticeSeconds[k] != c.timing.fixed[id] {
				t.Errorf("%s: %s lasts %g", key, id, it.NoticeSeconds[k])
			}
			sum += c.timing.fixed[id]
			perDay[it.Ward+"|"+id+"|"+it.Date]++
		}
		if len(it.Notices) > 0 {
			sum += c.timing.overhead
		}
		if d := it.Seconds - sum; d > 1e-6 || d < -1e-6 {
			t.Errorf("%s: %g s, notices add up to %g", key, it.Seconds, sum)
		}
		if it.Seconds > it.MaxSeconds+1e-9 {
			t.Errorf("%s: %g s in a slot of %g", key, it.Seconds, it.MaxSeconds)
		}
	}
	for k, v := range perDay {
		parts := strings.Split(k, "|")
		w, id, date := parts[0], parts[1], parts[2]
		if n := byID[id]; n.Priority != notice.Emergency && v > maxDay(n) {
			t.Errorf("%s %s %s: %d plays, max_per_day %d", w, id, date, v, maxDay(n))
		}
	}
	short := map[string]Unscheduled{}
	for _, u := range s.Unscheduled {
		key := u.Ward + "|" + u.Notice + "|" + u.Week
		if _, dup := short[key]; dup {
			t.Errorf("%s listed twice", key)
		}
		short[key] = u
	}

	// Every notice reaches its plays in every ward and week, or is listed
	// with a reason that holds.
	for _, w := range c.cfg.Wards {
		for wk := range c.weeks {
			ws := c.from.AddDate(0, 0, 7*wk)
			y, isoW := ws.ISOWeek()
			week := fmt.Sprintf("%04d-W%02d", y, isoW)
			for _, n := range c.notices {
				var validAny bool
				var slotDays, validDays, placed, liveValid, cfgValid int
				for d := range 7 {
					dt := ws.AddDate(0, 0, d)
					date := dt.Format(notice.DateLayout)
					v := n.ValidOn(notice.Date{Time: dt})
					validAny = validAny || v
					occ := configured(w, dt)
					if len(occ) > 0 {
						slotDays++
						if v {
							validDays++
							cfgValid += len(occ)
							if !blackedOut(c.cfg, w, date) {
								liveValid += len(occ)
							}
						}
					}
					placed += perDay[w.ID+"|"+n.ID+"|"+date]
				}
				excluded := slices.Contains(n.ExcludeWards, w.ID) && (slices.Contains(n.Wards, "all") || slices.Contains(n.Wards, w.ID))
				if !validAny || (!n.ForWard(w.ID) && !excluded) {
					if placed > 0 {
						t.Errorf("%s %s %s: %d plays of a notice not for it", w.ID, week, n.ID, placed)
					}
					continue
				}
				var want int
				if n.Priority == notice.Emergency {
					want = max(cfgValid, 1)
				} else if validDays == slotDays {
					want = plays(n)
				} else {
					want = max(1, (plays(n)*validDays+slotDays-1)/slotDays)
				}
				// No two plays in one day while another day it could air on
				// still has room for it.
				if n.Priority != notice.Emergency {
					twice := false
					for d := range 7 {
						twice = twice || perDay[w.ID+"|"+n.ID+"|"+ws.AddDate(0, 0, d).Format(notice.DateLayout)] > 1
					}
					for d := 0; twice && d < 7; d++ {
						dt := ws.AddDate(0, 0, d)
						date := dt.Format(notice.DateLayout)
						if perDay[w.ID+"|"+n.ID+"|"+date] > 0 || !n.ValidOn(notice.Date{Time: dt}) || blackedOut(c.cfg, w, date) {
							continue
						}
						for _, o := range configured(w, dt) {
							it := items[w.ID+"|"+date+"|"+o.start]
							used := c.timing.overhead
							if len(it.Notices) > 0 {
								used = it.Seconds
							}
							if used+c.timing.fixed[n.ID] <= it.MaxSeconds {
								t.Errorf("%s %s %s: twice in a day while %s %s has room", w.ID, week, n.ID, date, o.start)
							}
						}
					}
				}
				u, listed := short[w.ID+"|"+n.ID+"|"+week]
				delete(short, w.ID+"|"+n.ID+"|"+week)
				switch {
				case excluded:
					if !listed || u.Reason != ReasonExcluded {
						t.Errorf("%s %s %s: excluded but listed as %+v", w.ID, week, n.ID, u)
					}
					continue
				case placed >= want && n.Priority != notice.Emergency:
					if placed > want {
						t.Errorf("%s %s %s: %d plays, wanted %d", w.ID, week, n.ID, placed, want)
					}
					if listed {
						t.Errorf("%s %s %s: listed though it has all %d plays: %+v", w.ID, week, n.ID, want, u)
					}
					continue
				case n.Priority == notice.Emergency && placed == cfgValid && cfgValid > 0:
					if listed {
						t.Errorf("%s %s %s: emergency in every slot but listed: %+v", w.ID, week, n.ID, u)
					}
					continue
				}
				if !listed {
					t.Errorf("%s %s %s: %d of %d plays and not listed", w.ID, week, n.ID, placed, want)
					continue
				}
				if u.Scheduled != placed || u.Wanted != want {
					t.Errorf("%s %s %s: listed %d/%d, counted %d/%d", w.ID, week, n.ID, u.Scheduled, u.Wanted, placed, want)
				}
				// slots-full must be true: every live slot on a valid day
				// where it could still go has no room for it.
				if u.Reason == ReasonSlotsFull {
					dur := c.timing.fixed[n.ID]
					for d := range 7 {
						dt := ws.AddDate(0, 0, d)
						date := dt.Format(notice.DateLayout)
						if !n.ValidOn(notice.Date{Time: dt}) || blackedOut(c.cfg, w, date) {
							continue
						}
						if n.Priority != notice.Emergency && perDay[w.ID+"|"+n.ID+"|"+date] >= maxDay(n) {
							continue
						}
						for _, o := range configured(w, dt) {
							it := items[w.ID+"|"+date+"|"+o.start]
							if slices.Contains(it.Notices, n.ID) {
								continue
							}
							over := c.timing.overhead
							if len(it.Notices) > 0 {
								over = it.Seconds
							}
							if over+dur <= it.MaxSeconds {
								t.Errorf("%s %s %s: slots-full, but %s %s has room (%g + %g ≤ %g)", w.ID, week, n.ID, date, o.start, over, dur, it.MaxSeconds)
							}
						}
					}
				}
				if u.Reason == ReasonBlackout && liveValid == cfgValid {
					t.Errorf("%s %s %s: blackout, but no slot was blacked out", w.ID, week, n.ID)
				}
			}
		}
	}
	for k, u := range short {
		t.Errorf("unexpected unscheduled entry %s: %+v", k, u)
	}
}
