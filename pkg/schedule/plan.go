package schedule

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"loa/pkg/config"
	"loa/pkg/i18n"
)

// slotDef is a slot as the planner uses it.
type slotDef struct {
	start  string
	minute int
	days   [7]bool // Monday first
	cap    float64
	extra  bool
}

// wardPlan is one ward prepared for planning.
type wardPlan struct {
	idx      int // position in the configuration: the ward's rotation offset
	id       string
	slots    []slotDef
	extras   map[int][]slotDef // by epoch day
	dark     []span            // station and ward blackouts
	overhead float64
	forWard  []bool // by notice index
	excluded []bool // ward named in exclude_wards of a notice that would otherwise air here
	dur      []float64

	// Scratch space reused from week to week.
	defs   []slotDef
	states []nstate
	order  []*nstate
	rank   []ranked
	leads  []int
}

// ranked is a notice being ordered within a slot.
type ranked struct{ i, rank, lead, pos int }

func prepareWard(idx int, w config.Ward, station []span, notices []*nrec, t Timing) (*wardPlan, error) {
	field := fmt.Sprintf("wards[%d]", idx)
	wp := &wardPlan{idx: idx, id: w.ID, extras: map[int][]slotDef{}}
	bad := func(f, value string) error {
		return i18n.Wrap(fmt.Errorf("%w: %s: %q", ErrConfig, f, value), "schedule.err.bad_field", f, value)
	}
	for j, s := range w.Slots {
		f := fmt.Sprintf("%s.slots[%d]", field, j)
		min, ok := clock(s.Start)
		if !ok {
			return nil, bad(f+".start", s.Start)
		}
		if !(s.MaxMinutes > 0) || math.IsInf(s.MaxMinutes, 0) {
			return nil, bad(f+".max_minutes", fmt.Sprint(s.MaxMinutes))
		}
		d := slotDef{start: s.Start, minute: min, cap: s.Seconds()}
		for _, code := range s.Days {
			wd, ok := config.Weekday(code)
			if !ok {
				return nil, bad(f+".days", code)
			}
			d.days[(int(wd)+6)%7] = true
		}
		for _, prev := range wp.slots {
			if prev.start == d.start {
				for k := range 7 {
					if prev.days[k] && d.days[k] {
						return nil, i18n.Wrap(fmt.Errorf("%w: %s.start: %s twice", ErrConfig, f, s.Start), "schedule.err.same_start", f, s.Start)
					}
				}
			}
		}
		wp.slots = append(wp.slots, d)
	}
	slices.SortStableFunc(wp.slots, func(a, b slotDef) int { return a.minute - b.minute })
	for j, s := range w.ExtraSlots {
		f := fmt.Sprintf("%s.extra_slots[%d]", field, j)
		date, err := parseDay(s.Date)
		if err != nil {
			return nil, bad(f+".date", s.Date)
		}
		min, ok := clock(s.Start)
		if !ok {
			return nil, bad(f+".start", s.Start)
		}
		if !(s.MaxMinutes > 0) || math.IsInf(s.MaxMinutes, 0) {
			return nil, bad(f+".max_minutes", fmt.Sprint(s.MaxMinutes))
		}
		for _, prev := range wp.extras[date] {
			if prev.start == s.Start {
				return nil, i18n.Wrap(fmt.Errorf("%w: %s.start: %s twice on %s", ErrConfig, f, s.Start, s.Date), "schedule.err.same_start", f, s.Start)
			}
		}
		wp.extras[date] = append(wp.extras[date], slotDef{start: s.Start, minute: min, cap: s.MaxMinutes * 60, extra: true})
	}
	own, err := parseBlackouts(field+".blackouts", w.Blackouts)
	if err != nil {
		return nil, err
	}
	wp.dark = append(slices.Clone(station), own...)

	wp.overhead = t.Overhead(w.ID)
	if math.IsNaN(wp.overhead) || math.IsInf(wp.overhead, 0) || wp.overhead < 0 {
		return nil, i18n.Wrap(fmt.Errorf("%w: overhead of %s is %v", ErrTiming, w.ID, wp.overhead), "schedule.err.bad_overhead", w.ID, wp.overhead)
	}
	wp.forWard = make([]bool, len(notices))
	wp.excluded = make([]bool, len(notices))
	wp.dur = make([]float64, len(notices))
	for i, n := range notices {
		wp.forWard[i] = n.n.ForWard(w.ID)
		if !wp.forWard[i] && slices.Contains(n.n.ExcludeWards, w.ID) &&
			(slices.Contains(n.n.Wards, "all") || slices.Contains(n.n.Wards, w.ID)) {
			wp.excluded[i] = true
		}
		if wp.forWard[i] {
			d := t.Notice(w.ID, n.id)
			if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
				return nil, i18n.Wrap(fmt.Errorf("%w: notice %s in %s is %v", ErrTiming, n.id, w.ID, d), "schedule.err.bad_notice_time", n.id, w.ID, d)
			}
			wp.dur[i] = d
		}
	}
	return wp, nil
}

// clock parses HH:MM into minutes after midnight.
func clock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, m := 0, 0
	for _, c := range []byte{s[0], s[1], s[3], s[4]} {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	h = int(s[0]-'0')*10 + int(s[1]-'0')
	m = int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, false
	}
	return h*60 + m, true
}

func parseDay(s string) (int, error) {
	sp, err := parseBlackouts("", []config.Blackout{{From: s}})
	if err != nil {
		return 0, err
	}
	return sp[0].from, nil
}

// darkWhy tells whether day is a blackout, and why.
func (wp *wardPlan) darkOn(day int) (bool, string) {
	var whys []string
	dark := false
	for _, b := range wp.dark {
		if day >= b.from && day <= b.to {
			dark = true
			if b.why != "" && !slices.Contains(whys, b.why) {
				whys = append(whys, b.why)
			}
		}
	}
	return dark, strings.Join(whys, "; ")
}

// occ is one slot on one day.
type occ struct {
	day, dow int
	start    string
	minute   int
	inDay    int // index among the day's slots
	perDay   int // number of slots that day
	cap      float64
	extra    bool
	dark     bool
	darkWhy  string
	used     float64 // overhead + the notices' time
	notices  []int   // notice indices, in reading order once ordered
}

func (o *occ) has(i int) bool { return slices.Contains(o.notices, i) }

// week is one ward's plan for one ISO week.
type week struct {
	occs  []occ
	short []Unscheduled
	// dayCap is the length of the live slots of each day; load what is
	// placed or planned there (notices only, without the overhead).
	dayCap, load [7]float64
}

// nstate tracks one notice while its plays are placed.
type nstate struct {
	i        int
	target   int
	placed   int
	dayCount [7]int
	failed   bool
	planned  bool
	pattern  [7]bool // the days its plays should go to
}

// planWeek plans the week starting on Monday ws.
func (wp *wardPlan) planWeek(ws int, notices []*nrec) *week {
	wk := &week{occs: make([]occ, 0, 7*len(wp.slots)+1)}
	weekNo := floorDiv(ws+3, 7)
	var cfgCount, liveCount [7]int
	var whys []string
	for d := range 7 {
		day := ws + d
		dark, why := wp.darkOn(day)
		defs := wp.defs[:0]
		for _, s := range wp.slots {
			if s.days[d] {
				defs = append(defs, s)
			}
		}
		for _, e := range wp.extras[day] {
			if k := slices.IndexFunc(defs, func(s slotDef) bool { return s.start == e.start }); k >= 0 {
				defs[k] = e
			} else {
				defs = append(defs, e)
			}
		}
		slices.SortStableFunc(defs, func(a, b slotDef) int { return a.minute - b.minute })
		for k, s := range defs {
			wk.occs = append(wk.occs, occ{day: day, dow: d, start: s.start, minute: s.minute, inDay: k, perDay: len(defs),
				cap: s.cap, extra: s.extra, dark: dark, darkWhy: why, used: wp.overhead})
		}
		wp.defs = defs
		cfgCount[d] = len(defs)
		if !dark {
			liveCount[d] = len(defs)
		} else if len(defs) > 0 && why != "" && !slices.Contains(whys, why) {
			whys = append(whys, why)
		}
	}
	for _, o := range wk.occs {
		if !o.dark {
			wk.dayCap[o.dow] += o.cap
		}
	}
	slotDays := 0
	for d := range 7 {
		if cfgCount[d] > 0 {
			slotDays++
		}
	}
	validWeek := func(n *nrec) bool { return n.from <= ws+6 && n.until >= ws }
	fits := func(o *occ, i int) bool { return o.used+wp.dur[i] <= o.cap+1e-9 }
	add := func(o *occ, i int) {
		o.notices = append(o.notices, i)
		o.used += wp.dur[i]
		wk.load[o.dow] += wp.dur[i]
	}

	// Emergencies: every slot they are valid in, first, while they fit.
	var emerg []int
	for i, n := range notices {
		if n.rank == rankEmergency && wp.forWard[i] && validWeek(n) {
			emerg = append(emerg, i)
		}
	}
	if len(emerg) > 0 {
		for oi := range wk.occs {
			o := &wk.occs[oi]
			if o.dark {
				continue
			}
			var cands []int
			for _, i := range emerg {
				if notices[i].valid(o.day) {
					cands = append(cands, i)
				}
			}
			for k := range cands {
				i := cands[mod(k+oi+weekNo+wp.idx, len(cands))]
				if fits(o, i) {
					add(o, i)
				}
			}
		}
	}

	// The others, uu-tien before thuong: plays placed round-robin so that a
	// shortage is shared, spread across the week.
	if cap(wp.states) < len(notices) {
		wp.states = make([]nstate, 0, len(notices))
	}
	for _, rank := range []int{rankHigh, rankNormal} {
		// states never grows past its capacity, so pointers into it hold.
		states := wp.states[:0]
		for i, n := range notices {
			if n.rank != rank || !wp.forWard[i] || !validWeek(n) {
				continue
			}
			states = append(states, nstate{i: i, target: target(n, ws, cfgCount, slotDays)})
		}
		if len(states) == 0 {
			continue
		}
		rot := mod(weekNo+wp.idx, len(states))
		order := wp.order[:0]
		for k := range states {
			order = append(order, &states[(k+rot)%len(states)])
		}
		wp.order = order
		for {
			progress := false
			for _, st := range order {
				if st.failed || st.placed >= st.target {
					continue
				}
				if !st.planned {
					wp.choosePattern(wk, st, notices[st.i], ws, weekNo)
				}
				if wp.place(wk, st, notices[st.i], weekNo) {
					st.placed++
					progress = true
				} else {
					st.failed = true
				}
			}
			if !progress {
				break
			}
		}
	}

	// Shortfalls, by notice id.
	for i, n := range notices {
		if !validWeek(n) || (!wp.forWard[i] && !wp.excluded[i]) {
			continue
		}
		var placed, want, cfgValid, liveValid, possibleCfg, possibleLive, validDays int
		for d := range 7 {
			if n.valid(ws+d) && cfgCount[d] > 0 {
				validDays++
				cfgValid += cfgCount[d]
				liveValid += liveCount[d]
				possibleCfg += min(n.maxDay, cfgCount[d])
				possibleLive += min(n.maxDay, liveCount[d])
			}
		}
		for _, o := range wk.occs {
			if o.has(i) {
				placed++
			}
		}
		reason := ""
		if n.rank == rankEmergency {
			want = max(cfgValid, 1)
			switch {
			case wp.excluded[i]:
				reason = ReasonExcluded
			case cfgValid == 0:
				reason = ReasonNoSlot
			case placed < liveValid:
				reason = ReasonSlotsFull
			case liveValid < cfgValid:
				reason = ReasonBlackout
			}
		} else {
			want = target(n, ws, cfgCount, slotDays)
			switch {
			case wp.excluded[i]:
				reason = ReasonExcluded
			case placed >= want:
			case possibleCfg < want && (validDays == 0 || validDays == slotDays):
				reason = ReasonNoSlot
			case possibleCfg < want:
				reason = ReasonOutsideDates
			case possibleLive < want:
				reason = ReasonBlackout
			default:
				reason = ReasonSlotsFull
			}
		}
		if reason == "" {
			continue
		}
		wname := isoWeek(ws)
		u := Unscheduled{Ward: wp.id, Notice: n.id, Reason: reason, Week: wname, Scheduled: placed, Wanted: want}
		switch reason {
		case ReasonExcluded:
			u.Message = i18n.Msg("schedule.why.excluded", wname)
		case ReasonNoSlot:
			u.Message = i18n.Msg("schedule.why.no-slot", placed, want, wname, validDays, n.maxDay)
		case ReasonOutsideDates:
			u.Message = i18n.Msg("schedule.why.outside-dates", placed, want, wname, validDays)
		case ReasonBlackout:
			if len(whys) > 0 {
				u.Message = i18n.Msg("schedule.why.blackout", placed, want, wname, strings.Join(whys, "; "))
			} else {
				u.Message = i18n.Msg("schedule.why.blackout_plain", placed, want, wname)
			}
		default:
			u.Message = i18n.Msg("schedule.why.slots-full", placed, want, wname)
		}
		wk.short = append(wk.short, u)
	}

	// Order within each slot: priority first; among equals, whoever has led
	// least this week leads, ties rotating with the slot.
	if cap(wp.leads) < len(notices) {
		wp.leads = make([]int, len(notices))
	}
	leads := wp.leads[:len(notices)]
	clear(leads)
	for oi := range wk.occs {
		o := &wk.occs[oi]
		if len(o.notices) < 2 {
			if len(o.notices) == 1 {
				leads[o.notices[0]]++
			}
			continue
		}
		// By priority, then id; then each priority group rotated.
		rs := wp.rank[:0]
		for _, i := range o.notices {
			rs = append(rs, ranked{i: i, rank: notices[i].rank})
		}
		slices.SortFunc(rs, func(a, b ranked) int {
			if a.rank != b.rank {
				return b.rank - a.rank
			}
			return a.i - b.i
		})
		off := oi + weekNo + wp.idx
		for a := 0; a < len(rs); {
			b := a + 1
			for b < len(rs) && rs[b].rank == rs[a].rank {
				b++
			}
			g := rs[a:b]
			for k := range g {
				g[k].lead, g[k].pos = leads[g[k].i], mod(k-off, len(g))
			}
			slices.SortFunc(g, func(x, y ranked) int {
				if x.lead != y.lead {
					return x.lead - y.lead
				}
				return x.pos - y.pos
			})
			leads[g[0].i]++
			a = b
		}
		for k, r := range rs {
			o.notices[k] = r.i
		}
		wp.rank = rs
	}
	return wk
}

// target is how many plays a non-emergency notice is owed in the week:
// plays_per_week when it is valid on every day of the week that has a slot,
// else that share of the days, rounded up, and at least one.
func target(n *nrec, ws int, cfgCount [7]int, slotDays int) int {
	valid := 0
	for d := range 7 {
		if cfgCount[d] > 0 && n.valid(ws+d) {
			valid++
		}
	}
	if valid == slotDays {
		return n.plays
	}
	return max(1, ceilDiv(n.plays*valid, slotDays))
}

// choosePattern picks the days a notice's plays should go to this week:
// its target spread as evenly as the days it can air on allow (circularly,
// e.g. 3 of Mon–Fri gives Mon Wed Thu, Tue Thu Fri, Mon Wed Fri, …), the
// phase being the one whose days are least loaded so far (counting the
// patterns of notices before it), ties rotating with ward, notice and week.
func (wp *wardPlan) choosePattern(wk *week, st *nstate, n *nrec, ws, weekNo int) {
	st.planned = true
	var days []int
	for d := range 7 {
		if wk.dayCap[d] > 0 && n.valid(ws+d) {
			days = append(days, d)
		}
	}
	m, p := len(days), st.target
	if m == 0 || p <= 0 {
		return
	}
	if p >= m {
		for _, d := range days {
			st.pattern[d] = true
			wk.load[d] += wp.dur[st.i]
		}
		return
	}
	offsets := make([]int, p)
	for j := range offsets {
		offsets[j] = int(math.Round(float64(j*m) / float64(p)))
	}
	rot := weekNo + wp.idx + n.salt
	bestR, bestScore, bestRot := -1, 0.0, 0
	for r := range m {
		score := 0.0
		for _, off := range offsets {
			d := days[(r+off)%m]
			score += wk.load[d] / wk.dayCap[d]
		}
		rr := mod(r-rot, m)
		if bestR < 0 || score < bestScore || (score == bestScore && rr < bestRot) {
			bestR, bestScore, bestRot = r, score, rr
		}
	}
	for _, off := range offsets {
		d := days[(bestR+off)%m]
		st.pattern[d] = true
		wk.load[d] += wp.dur[st.i]
	}
}

// place puts one play of notice st.i into the best slot of the week.
func (wp *wardPlan) place(wk *week, st *nstate, n *nrec, weekNo int) bool {
	dur := wp.dur[st.i]
	rot := weekNo + wp.idx + n.salt
	best := -1
	var bk [6]float64
	for oi := range wk.occs {
		o := &wk.occs[oi]
		if o.dark || !n.valid(o.day) || st.dayCount[o.dow] >= n.maxDay || o.used+dur > o.cap+1e-9 || o.has(st.i) {
			continue
		}
		// 1: fewest plays that day; 2: a day of its pattern; 3: far from
		// its other plays; 4: emptiest slot; 5, 6: rotation by ward, notice
		// and week among the days, then among the day's slots.
		dist := 7
		for d := range 7 {
			if st.dayCount[d] > 0 {
				dist = min(dist, abs(d-o.dow))
			}
		}
		off := 1.0
		if st.pattern[o.dow] {
			off = 0
		}
		k := [6]float64{
			float64(st.dayCount[o.dow]),
			off,
			float64(-dist),
			o.used / o.cap,
			float64(mod(o.dow-rot, 7)),
			float64(mod(o.inDay+rot, o.perDay)),
		}
		if best < 0 || less(k, bk) {
			best, bk = oi, k
		}
	}
	if best < 0 {
		return false
	}
	o := &wk.occs[best]
	o.notices = append(o.notices, st.i)
	o.used += dur
	if !st.pattern[o.dow] {
		wk.load[o.dow] += dur
	}
	st.dayCount[o.dow]++
	return true
}

func less(a, b [6]float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return a
	}
	return (a + b - 1) / b
}

// mod is a modulo that is never negative.
func mod(a, b int) int { return ((a % b) + b) % b }

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
