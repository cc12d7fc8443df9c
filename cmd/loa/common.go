package main

import (
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/atomicfile"
	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/notice"
	"loa/pkg/schedule"
	"loa/pkg/script"
)

// bulletinOpts are the flags shared by script and render.
type bulletinOpts struct {
	ward string
	date string
	slot string
}

func (o *bulletinOpts) addFlags(cmd *cobra.Command, a *app) {
	f := cmd.Flags()
	f.StringVar(&o.ward, "ward", "", a.T("cli.flag.ward"))
	f.StringVar(&o.date, "date", "today", a.T("cli.flag.date"))
	f.StringVar(&o.slot, "slot", "", a.T("cli.flag.slot"))
}

// session is what a bulletin command works from.
type session struct {
	cfg    config.Config
	lib    *notice.Library
	clips  *clips.Library
	ward   config.Ward
	date   notice.Date
	slot   config.Slot
	script *script.Script
	// notices are the notices of the bulletin, in order.
	notices []*notice.Notice
	// renderOpts are the render options from the configuration.
	renderOpts bulletin.Options
}

// prepare loads config and notices and builds the script for the ward,
// date and slot; args are notice ids or paths.
func (a *app) prepare(cmd *cobra.Command, o *bulletinOpts, args []string) (*session, error) {
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return nil, err
	}
	if o.ward == "" {
		return nil, usage("cli.need_ward", joinIDs(cfg.WardIDs()))
	}
	ward, ok := cfg.Ward(o.ward)
	if !ok {
		return nil, usage("cli.unknown_ward", o.ward, joinIDs(cfg.WardIDs()))
	}
	loc, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	day, err := parseDay(o.date, time.Now(), loc)
	if err != nil {
		return nil, err
	}
	slot, err := pickSlot(ward, day, o.slot)
	if err != nil {
		return nil, err
	}
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	if err != nil && (len(args) == 0 || lib == nil) {
		return nil, err
	}
	var notices []*notice.Notice
	if len(args) > 0 {
		for _, arg := range args {
			n, err := lib.Resolve(arg)
			if err != nil {
				return nil, err
			}
			notices = append(notices, n)
		}
	}
	cl := clips.New(cfg.Audio.Library)
	cl.CacheDir = a.cacheDir(cfg)
	ro := bulletin.OptionsFrom(cfg)
	if len(args) == 0 {
		// What the schedule puts in that ward's slot on that day.
		timing, err := a.timing(cmd, cfg, lib, cl, ro)
		if err != nil {
			return nil, err
		}
		sch, err := schedule.Build(schedule.Input{Config: cfg, Notices: lib.Notices,
			Timing: timing, From: day, To: day, Wards: []string{ward.ID}})
		if err != nil {
			return nil, err
		}
		it, ok := sch.Slot(ward.ID, day.String(), slot.Start)
		if !ok || len(it.Notices) == 0 {
			return nil, usage("cli.no_notices", ward.ID, day.String()+" "+slot.Start)
		}
		for _, id := range it.Notices {
			n, _ := lib.Get(id)
			notices = append(notices, n)
		}
	}
	s, err := script.Build(script.Input{
		Config: cfg, Ward: ward, Date: day, Slot: slot.Start, Seconds: slot.Seconds(),
		Notices: notices, Clips: bulletin.ClipFunc(cmd.Context(), cl, ward.ID, ro),
	})
	if err != nil {
		return nil, err
	}
	return &session{cfg: cfg, lib: lib, clips: cl, ward: ward, date: day, slot: slot, script: s,
		notices: notices, renderOpts: ro}, nil
}

// pickSlot returns the slot starting at hhmm, or the ward's first slot that
// airs on day when hhmm is empty.
func pickSlot(w config.Ward, day notice.Date, hhmm string) (config.Slot, error) {
	var starts []string
	for _, s := range w.Slots {
		starts = append(starts, s.Start)
		if hhmm != "" && s.Start == hhmm {
			return s, nil
		}
	}
	if hhmm != "" {
		if !clockOK(hhmm) {
			return config.Slot{}, usage("cli.bad_slot", hhmm)
		}
		return config.Slot{}, usage("cli.unknown_slot", hhmm, w.ID, joinIDs(starts))
	}
	for _, s := range w.Slots {
		for _, d := range s.Days {
			if wd, _ := config.Weekday(d); wd == day.Weekday() {
				return s, nil
			}
		}
	}
	if len(w.Slots) > 0 {
		return w.Slots[0], nil
	}
	return config.Slot{Start: "00:00", MaxMinutes: 15}, nil
}

func clockOK(s string) bool {
	_, err := time.Parse("15:04", s)
	return err == nil && len(s) == 5
}

// dayRange parses --from and --to in the station's time zone. An empty
// fromArg is today; an empty toArg is span days from the start (span 1: the
// same day).
func dayRange(fromArg, toArg string, span int, now time.Time, loc *time.Location) (from, to notice.Date, err error) {
	if from, err = parseDay(fromArg, now, loc); err != nil {
		return from, to, err
	}
	to = notice.Date{Time: from.AddDate(0, 0, span-1)}
	if toArg != "" {
		if to, err = parseDay(toArg, now, loc); err != nil {
			return from, to, err
		}
	}
	if to.Before(from.Time) {
		return from, to, usage("cli.from_after_to", from.String(), to.String())
	}
	if days := int(to.Sub(from.Time).Hours()/24) + 1; days > schedule.MaxDays {
		return from, to, usage("cli.range_too_long", from.String(), to.String(), schedule.MaxDays)
	}
	return from, to, nil
}

// optionalDay parses a day flag that may be left empty ("" then).
func optionalDay(arg string, now time.Time, loc *time.Location) (string, error) {
	if arg == "" {
		return "", nil
	}
	d, err := parseDay(arg, now, loc)
	return d.String(), err
}

// writeOutput writes a command's output to stdout, or atomically to path
// (and says so) when -o names a file.
func (a *app) writeOutput(path string, data []byte) error {
	if path == "" || path == "-" {
		_, err := a.io.Out.Write(data)
		return err
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	a.info(a.T("cli.wrote", path))
	return nil
}

// checkWards refuses ward ids that are not in the configuration.
func checkWards(cfg config.Config, ids []string) error {
	for _, id := range ids {
		if _, ok := cfg.Ward(id); !ok {
			return usage("cli.unknown_ward", id, joinIDs(cfg.WardIDs()))
		}
	}
	return nil
}

// parseDay reads YYYY-MM-DD, today or tomorrow in the station's time zone.
func parseDay(s string, now time.Time, loc *time.Location) (notice.Date, error) {
	local := now.In(loc)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	switch s {
	case "", "today", "hom-nay", "homnay":
		return notice.Date{Time: today}, nil
	case "tomorrow", "ngay-mai", "mai":
		return notice.Date{Time: today.AddDate(0, 0, 1)}, nil
	case "yesterday", "hom-qua":
		return notice.Date{Time: today.AddDate(0, 0, -1)}, nil
	}
	d, err := notice.ParseDate(s)
	if err != nil {
		return d, usage("cli.bad_date", s)
	}
	return d, nil
}

func joinIDs(ids []string) string {
	out := ""
	for i, id := range ids {
		if i > 0 {
			out += ", "
		}
		out += id
	}
	return out
}

// cacheDir is the configured cache folder, else the user's cache folder
// ($XDG_CACHE_HOME/loa or ~/.cache/loa), else none.
func (a *app) cacheDir(cfg config.Config) string {
	if cfg.Cache.Dir != "" {
		return cfg.Cache.Dir
	}
	if x := a.getenv("XDG_CACHE_HOME"); x != "" {
		return filepath.Join(x, "loa")
	}
	if h := a.getenv("HOME"); h != "" {
		return filepath.Join(h, ".cache", "loa")
	}
	return ""
}

// timing measures bulletins for the scheduler with the script's timing
// model and the ward's real clips.
func (a *app) timing(cmd *cobra.Command, cfg config.Config, lib *notice.Library, cl *clips.Library, ro bulletin.Options) (schedule.Timing, error) {
	return script.NewTimer(cfg, lib.Notices, func(ward string) script.ClipFunc {
		return bulletin.ClipFunc(cmd.Context(), cl, ward, ro)
	})
}
