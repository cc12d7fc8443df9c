package schedule

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// province is a province-sized case: 100 wards with 2 slots every day, 50
// notices of mixed priorities and validity, a year.
func province() Input {
	r := rand.New(rand.NewPCG(2024, 7))
	cfg := config.Default()
	cfg.Wards = nil
	all := []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	for w := range 100 {
		cfg.Wards = append(cfg.Wards, config.Ward{ID: fmt.Sprintf("xa-%03d", w), Name: fmt.Sprintf("xã %d", w),
			Slots: []config.Slot{{Start: "06:00", Days: all, MaxMinutes: 15}, {Start: "17:30", Days: all, MaxMinutes: 10}}})
	}
	cfg.Blackouts = []config.Blackout{{From: "2024-09-02", To: "2024-09-03"}, {From: "2025-01-28", To: "2025-02-01"}}
	tm := &fakeTiming{overhead: 75, rate: 1, fixed: map[string]float64{}}
	start := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)
	var ns []*notice.Notice
	for i := range 50 {
		n := &notice.Notice{ID: fmt.Sprintf("tb-%02d", i), Title: fmt.Sprintf("Thông báo %d", i), Body: "x",
			Priority:     []notice.Priority{notice.Normal, notice.Normal, notice.Normal, notice.High}[r.IntN(4)],
			PlaysPerWeek: 2 + r.IntN(4), Wards: []string{"all"}}
		if i%25 == 0 {
			n.Priority = notice.Emergency
			n.ValidFrom = notice.Date{Time: start.AddDate(0, 0, r.IntN(300))}
			n.ValidUntil = notice.Date{Time: n.ValidFrom.AddDate(0, 0, 3)}
		} else {
			n.ValidFrom = notice.Date{Time: start.AddDate(0, 0, r.IntN(200))}
			n.ValidUntil = notice.Date{Time: n.ValidFrom.AddDate(0, 0, 30+r.IntN(200))}
		}
		if r.IntN(5) == 0 {
			n.ExcludeWards = []string{cfg.Wards[r.IntN(100)].ID}
		}
		tm.fixed[n.ID] = float64(40 + r.IntN(120))
		ns = append(ns, n)
	}
	return Input{Config: cfg, Notices: ns, Timing: tm,
		From: notice.Date{Time: start}, To: notice.Date{Time: start.AddDate(0, 0, 364)}}
}

func BenchmarkBuildProvince(b *testing.B) {
	in := province()
	var s *Schedule
	for b.Loop() {
		var err error
		if s, err = Build(in); err != nil {
			b.Fatal(err)
		}
	}
	perOp := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perOp*1000, "ms/schedule")
	b.ReportMetric(float64(len(s.Items))/perOp, "slots/s")
	b.ReportMetric(float64(len(s.Items)), "slots")
	b.ReportMetric(float64(len(s.Unscheduled)), "unscheduled")
}

func BenchmarkWriteProvince(b *testing.B) {
	s, err := Build(province())
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range Formats {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, s, f, i18n.VI); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1000, "ms/write")
		})
	}
}
