// Package schedule decides, for every ward and day, which notices go into
// which broadcast slot, and writes the result as a table, CSV, JSON, ICS or
// M3U. The same inputs give the same schedule and the same bytes.
//
// The rules, per ward and ISO week (Monday to Sunday):
//
//   - khan-cap notices go into every slot of their wards while valid, first,
//     as long as they fit;
//   - then uu-tien notices, then thuong ones, one play at a time round-robin
//     (so a shortage is shared, and who goes first rotates by week and ward);
//     each notice's plays go to distinct days when it can (never more than
//     max_per_day a day), on an evenly spread pattern of days whose phase is
//     the least loaded one (ties rotating by ward, notice and week, so that
//     wards do not all air the same notice the same day);
//   - no bulletin is longer than its slot: Overhead + Σ Notice ≤ max_minutes;
//   - within a slot, priority first; among equals, the notice that has led
//     least this week leads.
//
// A notice is owed plays_per_week plays in a week it is valid throughout;
// in a week it is valid only partly, the share of the week's broadcast days
// (days with a slot) it is valid on, rounded up, and at least one. Blackouts
// do not lower what is owed. A shortfall is listed with one reason:
// excluded, no-slot (no or too few slots on the days it is valid),
// outside-dates (its validity leaves too few broadcast days), blackout, or
// slots-full (slots were there but had no room).
//
// Weeks are always planned whole, whatever --from and --to are: a day's
// bulletins never depend on the range asked for, so a weekly schedule and
// tomorrow's export agree. Items are reported for the days in the range;
// unscheduled entries for every week that overlaps it, counted over that
// whole week.
package schedule

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// Timing gives the length of a bulletin. Overhead(ward) is the length of a
// bulletin with no notices (chimes, opening, greeting, repeat phrase, closing
// and the gaps between them); Notice(ward, id) is what one notice adds (it
// is read twice, once and again after "xin nhắc lại", plus its gaps). A
// slot's bulletin lasts Overhead + Σ Notice.
type Timing interface {
	Overhead(ward string) float64
	Notice(ward, id string) float64
}

// Reason codes of unscheduled entries.
const (
	// ReasonSlotsFull: there were slots on the notice's days, but no room left.
	ReasonSlotsFull = "slots-full"
	// ReasonOutsideDates: the notice's validity leaves too few broadcast days.
	ReasonOutsideDates = "outside-dates"
	// ReasonExcluded: the ward is in the notice's exclude_wards.
	ReasonExcluded = "excluded"
	// ReasonNoSlot: the ward has no (or too few) slots on the days the notice is valid.
	ReasonNoSlot = "no-slot"
	// ReasonBlackout: blackout days took the slots the notice needed.
	ReasonBlackout = "blackout"
)

// MaxDays is the longest range Build accepts, in days.
const MaxDays = 3660

// Errors returned by Build; they arrive wrapped in an *i18n.Error that
// describes them in the user's language.
var (
	ErrRange         = errors.New("schedule: bad date range")
	ErrUnknownWard   = errors.New("schedule: unknown ward")
	ErrConfig        = errors.New("schedule: bad configuration")
	ErrTiming        = errors.New("schedule: bad timing")
	ErrDuplicate     = errors.New("schedule: duplicate notice id")
	ErrUnknownFormat = errors.New("schedule: unknown format")
)

// Input is everything a schedule is built from.
type Input struct {
	Config config.Config
	// Notices are the candidates, in any order; ids must be unique.
	Notices []*notice.Notice
	// Timing measures bulletins; required.
	Timing Timing
	// From and To are the first and last day reported, inclusive.
	From, To notice.Date
	// Wards are the ward ids to schedule; empty means every ward. Order and
	// repeats do not matter: wards come out in configuration order.
	Wards []string
}

// Item is one slot of one ward on one day.
type Item struct {
	Ward string `json:"ward"`
	Date string `json:"date"`
	// Slot is the start time, HH:MM.
	Slot string `json:"slot"`
	// Notices are the notice ids in the order they are read.
	Notices []string `json:"notices"`
	// Seconds is the bulletin's length: Overhead + Σ Notice, or 0 when the
	// slot has no notice (and so no bulletin).
	Seconds float64 `json:"seconds"`
	// MaxSeconds is the slot's length.
	MaxSeconds float64 `json:"max_seconds"`
	// Extra marks a one-off slot from the ward's extra_slots.
	Extra bool `json:"extra,omitempty"`
	// NoticeSeconds is what each notice adds, parallel to Notices.
	NoticeSeconds []float64 `json:"-"`
}

// Unscheduled is a notice that did not reach its plays in a ward in a week.
type Unscheduled struct {
	Ward   string `json:"ward"`
	Notice string `json:"notice"`
	Reason string `json:"reason"`
	// Week is the ISO week, e.g. 2024-W28.
	Week string `json:"week"`
	// Scheduled and Wanted count the plays that week.
	Scheduled int `json:"scheduled"`
	Wanted    int `json:"wanted"`
	// Message explains the reason.
	Message i18n.Text `json:"-"`
}

// Urgent is a khan-cap notice valid in the range: it needs broadcasting now.
type Urgent struct {
	Notice string
	Title  string
	Wards  []string
	// From and To are the days of the range it is valid on.
	From, To string
}

// Blackout is a day without broadcasts in a ward, within the range.
type Blackout struct {
	Ward   string `json:"ward"`
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// NoticeInfo is what the writers show of a notice.
type NoticeInfo struct {
	ID       string
	Title    string
	Priority notice.Priority
}

// Ward is a scheduled ward.
type Ward struct {
	ID   string
	Name string
}

// Schedule is the plan for the range.
type Schedule struct {
	From, To string
	// Wards are the scheduled wards, in configuration order.
	Wards []Ward
	// Items are every slot that airs in the range, empty ones included,
	// ordered by ward (configuration order), date and start.
	Items []Item
	// Unscheduled are the shortfalls, by ward, week and notice id.
	Unscheduled []Unscheduled
	// Urgent are the khan-cap notices valid in the range, by id.
	Urgent []Urgent
	// Blackouts are the days without broadcasts, by ward and date.
	Blackouts []Blackout
	// Station is the station's name; TimeZone its IANA zone.
	Station  string
	TimeZone string

	notices map[string]NoticeInfo
	index   map[string]int
	loc     *time.Location
}

// Bulletins returns the items that have at least one notice.
func (s *Schedule) Bulletins() []Item {
	var out []Item
	for _, it := range s.Items {
		if len(it.Notices) > 0 {
			out = append(out, it)
		}
	}
	return out
}

// Slot returns the item of a ward's slot starting at start (HH:MM) on date
// (YYYY-MM-DD). ok is false when that slot does not air that day (no such
// slot, a blackout, or a day outside the range); an item with no notices is
// a slot that airs but got nothing.
func (s *Schedule) Slot(ward, date, start string) (Item, bool) {
	i, ok := s.index[ward+"|"+date+"|"+start]
	if !ok {
		return Item{}, false
	}
	return s.Items[i], true
}

// Day returns a ward's items on date, by start time.
func (s *Schedule) Day(ward, date string) []Item {
	var out []Item
	for _, it := range s.Items {
		if it.Ward == ward && it.Date == date {
			out = append(out, it)
		}
	}
	return out
}

// Notice returns what the schedule knows of a notice id.
func (s *Schedule) Notice(id string) (NoticeInfo, bool) {
	n, ok := s.notices[id]
	return n, ok
}

// WardName returns the ward's name, or its id when unknown.
func (s *Schedule) WardName(id string) string {
	for _, w := range s.Wards {
		if w.ID == id {
			return w.Name
		}
	}
	return id
}

// Build plans the schedule.
func Build(in Input) (*Schedule, error) {
	if in.From.IsZero() || in.To.IsZero() {
		return nil, i18n.Wrap(ErrRange, "schedule.err.no_range")
	}
	from, to := epochDay(in.From.Time), epochDay(in.To.Time)
	if from > to {
		return nil, i18n.Wrap(fmt.Errorf("%w: %s after %s", ErrRange, in.From, in.To), "schedule.err.from_after_to", in.From.String(), in.To.String())
	}
	if to-from+1 > MaxDays {
		return nil, i18n.Wrap(fmt.Errorf("%w: %d days", ErrRange, to-from+1), "schedule.err.too_long", to-from+1, MaxDays)
	}
	if in.Timing == nil {
		return nil, i18n.Wrap(fmt.Errorf("%w: no timing", ErrTiming), "schedule.err.no_timing")
	}
	cfg := in.Config
	loc, err := cfg.Location()
	if err != nil {
		return nil, i18n.Wrap(fmt.Errorf("%w: station.time_zone: %w", ErrConfig, err), "schedule.err.time_zone", cfg.Station.TimeZone)
	}
	wardIdx, err := selectWards(cfg, in.Wards)
	if err != nil {
		return nil, err
	}
	notices, err := prepareNotices(in.Notices, cfg.Notices)
	if err != nil {
		return nil, err
	}
	station, err := parseBlackouts("blackouts", cfg.Blackouts)
	if err != nil {
		return nil, err
	}
	s := &Schedule{
		From: in.From.String(), To: in.To.String(),
		Station: cfg.Station.Name, TimeZone: cfg.Station.TimeZone,
		notices: map[string]NoticeInfo{}, index: map[string]int{}, loc: loc,
		Items: []Item{}, Unscheduled: []Unscheduled{}, Urgent: []Urgent{}, Blackouts: []Blackout{},
	}
	for _, n := range notices {
		s.notices[n.id] = NoticeInfo{ID: n.id, Title: n.n.Title, Priority: n.n.Priority}
	}
	size := 0
	for _, wi := range wardIdx {
		size += (to-from+1)*len(cfg.Wards[wi].Slots) + len(cfg.Wards[wi].ExtraSlots)
	}
	s.Items = make([]Item, 0, min(size, 1<<22))
	dates := newDateCache()
	firstWeek, lastWeek := monday(from), monday(to)
	urgentWards := make([][]string, len(notices))
	for _, wi := range wardIdx {
		w := cfg.Wards[wi]
		s.Wards = append(s.Wards, Ward{ID: w.ID, Name: w.Name})
		wp, err := prepareWard(wi, w, station, notices, in.Timing)
		if err != nil {
			return nil, err
		}
		for i, n := range notices {
			if n.rank == rankEmergency && wp.forWard[i] && n.from <= to && n.until >= from {
				urgentWards[i] = append(urgentWards[i], w.ID)
			}
		}
		for ws := firstWeek; ws <= lastWeek; ws += 7 {
			wk := wp.planWeek(ws, notices)
			s.collect(wp, wk, notices, from, to, dates)
		}
	}
	for i, n := range notices {
		if len(urgentWards[i]) > 0 {
			s.Urgent = append(s.Urgent, Urgent{
				Notice: n.id, Title: n.n.Title, Wards: urgentWards[i],
				From: dates.get(max(n.from, from)), To: dates.get(min(n.until, to)),
			})
		}
	}
	for i, it := range s.Items {
		s.index[it.Ward+"|"+it.Date+"|"+it.Slot] = i
	}
	return s, nil
}

// collect turns a planned week into items, blackouts and unscheduled
// entries.
func (s *Schedule) collect(wp *wardPlan, wk *week, notices []*nrec, from, to int, dates *dateCache) {
	lastDark := -1
	for _, o := range wk.occs {
		if o.day < from || o.day > to {
			continue
		}
		if o.dark {
			if o.day != lastDark {
				s.Blackouts = append(s.Blackouts, Blackout{Ward: wp.id, Date: dates.get(o.day), Reason: o.darkWhy})
				lastDark = o.day
			}
			continue
		}
		it := Item{Ward: wp.id, Date: dates.get(o.day), Slot: o.start, MaxSeconds: o.cap, Extra: o.extra,
			Notices: make([]string, len(o.notices)), NoticeSeconds: make([]float64, len(o.notices))}
		for k, ni := range o.notices {
			it.Notices[k] = notices[ni].id
			it.NoticeSeconds[k] = wp.dur[ni]
		}
		if len(o.notices) > 0 {
			it.Seconds = o.used
		}
		s.Items = append(s.Items, it)
	}
	s.Unscheduled = append(s.Unscheduled, wk.short...)
}

func selectWards(cfg config.Config, ids []string) ([]int, error) {
	if len(ids) == 0 {
		out := make([]int, len(cfg.Wards))
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	pick := make([]bool, len(cfg.Wards))
	for _, id := range ids {
		found := false
		for i, w := range cfg.Wards {
			if w.ID == id {
				pick[i], found = true, true
				break
			}
		}
		if !found {
			return nil, i18n.Wrap(fmt.Errorf("%w: %s", ErrUnknownWard, id), "schedule.err.unknown_ward", id, strings.Join(cfg.WardIDs(), ", "))
		}
	}
	var out []int
	for i, p := range pick {
		if p {
			out = append(out, i)
		}
	}
	return out, nil
}

// Priority ranks.
const (
	rankNormal    = 0
	rankHigh      = 1
	rankEmergency = 2
)

// nrec is a notice prepared for planning.
type nrec struct {
	n      *notice.Notice
	id     string
	rank   int
	plays  int
	maxDay int
	from   int // first valid epoch day
	until  int // last valid epoch day
	salt   int // a stable per-notice rotation offset
}

func (n *nrec) valid(day int) bool { return day >= n.from && day <= n.until }

func prepareNotices(in []*notice.Notice, def config.Notices) ([]*nrec, error) {
	out := make([]*nrec, 0, len(in))
	seen := map[string]bool{}
	for _, n := range in {
		if n == nil {
			continue
		}
		if seen[n.ID] {
			return nil, i18n.Wrap(fmt.Errorf("%w: %s", ErrDuplicate, n.ID), "schedule.err.duplicate", n.ID)
		}
		seen[n.ID] = true
		r := &nrec{n: n, id: n.ID, rank: n.Priority.Rank(), plays: n.PlaysPerWeek, maxDay: n.MaxPerDay,
			from: math.MinInt32, until: math.MaxInt32, salt: salt(n.ID)}
		if r.plays <= 0 {
			r.plays = max(def.PlaysPerWeek, 1)
		}
		if r.maxDay <= 0 {
			r.maxDay = max(def.MaxPerDay, 1)
		}
		if !n.ValidFrom.IsZero() {
			r.from = epochDay(n.ValidFrom.Time)
		}
		if !n.ValidUntil.IsZero() {
			r.until = epochDay(n.ValidUntil.Time)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *nrec) int { return strings.Compare(a.id, b.id) })
	return out, nil
}

// salt is FNV-1a of the id: a rotation offset that does not change when
// other notices come and go.
func salt(id string) int {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h ^= uint32(id[i])
		h *= 16777619
	}
	return int(h % 7919)
}

// span is a blackout as epoch days.
type span struct {
	from, to int
	why      string
}

func parseBlackouts(field string, bs []config.Blackout) ([]span, error) {
	out := make([]span, 0, len(bs))
	for i, b := range bs {
		f, err := time.Parse(notice.DateLayout, b.From)
		if err != nil {
			return nil, i18n.Wrap(fmt.Errorf("%w: %s[%d].from: %w", ErrConfig, field, i, err), "schedule.err.bad_date", fmt.Sprintf("%s[%d].from", field, i), b.From)
		}
		t := f
		if b.To != "" {
			t, err = time.Parse(notice.DateLayout, b.To)
			if err != nil {
				return nil, i18n.Wrap(fmt.Errorf("%w: %s[%d].to: %w", ErrConfig, field, i, err), "schedule.err.bad_date", fmt.Sprintf("%s[%d].to", field, i), b.To)
			}
		}
		out = append(out, span{from: epochDay(f), to: epochDay(t), why: b.Reason})
	}
	return out, nil
}

// epochDay is the number of days since 1970-01-01 of t's calendar date.
func epochDay(t time.Time) int {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return int(math.Floor(float64(u) / 86400))
}

// dayTime is the UTC midnight of an epoch day.
func dayTime(day int) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

// weekday of an epoch day, Monday = 0 (1970-01-01 was a Thursday).
func weekday(day int) int { return ((day+3)%7 + 7) % 7 }

// monday on or before day.
func monday(day int) int { return day - weekday(day) }

// isoWeek names the ISO week that starts on the Monday ws.
func isoWeek(ws int) string {
	y, w := dayTime(ws).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

type dateCache struct{ m map[int]string }

func newDateCache() *dateCache { return &dateCache{m: map[int]string{}} }

func (c *dateCache) get(day int) string {
	s, ok := c.m[day]
	if !ok {
		s = dayTime(day).Format(notice.DateLayout)
		c.m[day] = s
	}
	return s
}
