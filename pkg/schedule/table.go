package schedule

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// WriteTable writes the schedule for people: per ward, every slot of every
// day with its notices (priority, title, id, length), blackout days, and a
// summary of how full each slot is; then the emergencies and what could not
// be scheduled.
func WriteTable(w io.Writer, s *Schedule, lang i18n.Lang) error {
	bw := bufio.NewWriter(w)
	T := func(key string, a ...any) string { return i18n.T(lang, key, a...) }
	bulletins, empty := 0, 0
	for _, it := range s.Items {
		if len(it.Notices) > 0 {
			bulletins++
		} else {
			empty++
		}
	}
	fmt.Fprintln(bw, T("schedule.table.title", s.From, s.To))
	if s.Station != "" {
		fmt.Fprintln(bw, s.Station)
	}
	fmt.Fprintln(bw, T("schedule.table.counts", len(s.Wards), bulletins, empty))
	if len(s.Urgent) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "!! "+T("schedule.table.urgent"))
		for _, u := range s.Urgent {
			fmt.Fprintln(bw, "   "+T("schedule.table.urgent_line", u.Title, u.Notice, u.From, u.To, strings.Join(u.Wards, ", ")))
		}
	}

	items, dark := 0, 0
	for _, wd := range s.Wards {
		fmt.Fprintln(bw)
		fmt.Fprintf(bw, "%s (%s)\n", wd.Name, wd.ID)
		type stat struct {
			start         string
			count, filled int
			sum, top      float64
		}
		var stats []*stat
		find := func(start string) *stat {
			for _, st := range stats {
				if st.start == start {
					return st
				}
			}
			st := &stat{start: start}
			stats = append(stats, st)
			return st
		}
		for {
			var it *Item
			if items < len(s.Items) && s.Items[items].Ward == wd.ID {
				it = &s.Items[items]
			}
			var b *Blackout
			if dark < len(s.Blackouts) && s.Blackouts[dark].Ward == wd.ID {
				b = &s.Blackouts[dark]
			}
			if it == nil && b == nil {
				break
			}
			if b != nil && (it == nil || b.Date <= it.Date) {
				line := fmt.Sprintf("  %s %s        %s", weekdayLabel(b.Date, lang), b.Date, T("schedule.table.blackout"))
				if b.Reason != "" {
					line += ": " + b.Reason
				}
				fmt.Fprintln(bw, line)
				dark++
				continue
			}
			items++
			fill := 0.0
			if it.MaxSeconds > 0 {
				fill = it.Seconds / it.MaxSeconds
			}
			st := find(it.Slot)
			st.count++
			st.sum += fill
			st.top = math.Max(st.top, fill)
			head := fmt.Sprintf("  %s %s %s", weekdayLabel(it.Date, lang), it.Date, it.Slot)
			extra := ""
			if it.Extra {
				extra = "  (" + T("schedule.table.extra") + ")"
			}
			if len(it.Notices) == 0 {
				fmt.Fprintf(bw, "%s  %s / %s%s\n", head, T("schedule.table.empty"), minutes(it.MaxSeconds), extra)
				continue
			}
			st.filled++
			fmt.Fprintf(bw, "%s  %s / %s  %3d%%%s\n", head, minutes(it.Seconds), minutes(it.MaxSeconds), percent(fill), extra)
			for k, id := range it.Notices {
				n := s.notices[id]
				fmt.Fprintln(bw, "        "+T("schedule.table.notice", k+1, priorityLabel(n.Priority, lang), n.Title, id, minutes(it.NoticeSeconds[k])))
			}
		}
		fmt.Fprintln(bw, "  "+T("schedule.table.summary"))
		if len(stats) == 0 {
			fmt.Fprintln(bw, "    "+T("schedule.table.no_slots"))
		}
		for _, st := range stats {
			fmt.Fprintln(bw, "    "+T("schedule.table.slot_summary", st.start, st.count, st.filled,
				percent(st.sum/float64(st.count)), percent(st.top)))
		}
	}

	fmt.Fprintln(bw)
	if len(s.Unscheduled) == 0 {
		fmt.Fprintln(bw, T("schedule.table.all_fit"))
		return bw.Flush()
	}
	fmt.Fprintln(bw, T("schedule.table.unscheduled", len(s.Unscheduled)))
	for _, u := range s.Unscheduled {
		title := u.Notice
		if n, ok := s.notices[u.Notice]; ok && n.Title != "" {
			title = n.Title + " (" + u.Notice + ")"
		}
		fmt.Fprintf(bw, "  %s, %s: %s\n", s.WardName(u.Ward), u.Week, title)
		fmt.Fprintf(bw, "      %s: %s\n", u.Reason, u.Message.In(lang))
	}
	return bw.Flush()
}

// weekdayLabel is T2…CN (vi) or Mon…Sun (en) for a YYYY-MM-DD date.
func weekdayLabel(date string, lang i18n.Lang) string {
	t, err := time.Parse(notice.DateLayout, date)
	if err != nil {
		return "  "
	}
	return i18n.T(lang, fmt.Sprintf("schedule.wd.%d", (int(t.Weekday())+6)%7))
}

// priorityLabel names a priority in lang.
func priorityLabel(p notice.Priority, lang i18n.Lang) string {
	if !p.Valid() {
		p = notice.Normal
	}
	return i18n.T(lang, "schedule.priority."+string(p))
}

// minutes formats seconds as m:ss, or h:mm:ss from an hour, rounding to the
// second.
func minutes(sec float64) string {
	t := int(math.Round(sec))
	if t < 0 {
		t = 0
	}
	if t >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", t/3600, t%3600/60, t%60)
	}
	return fmt.Sprintf("%d:%02d", t/60, t%60)
}

func percent(f float64) int { return int(math.Round(f * 100)) }
