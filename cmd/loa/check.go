package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/bulletin"
	"loa/pkg/check"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/schedule"
)

type checkOpts struct {
	json    bool
	date    string
	noAudio bool
}

func (a *app) checkCmd() *cobra.Command {
	o := &checkOpts{}
	cmd := &cobra.Command{
		Use:   "check [--json]",
		Short: a.T("cli.check.short"),
		Long:  a.T("cli.check.long"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runCheck(cmd, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, a.T("cli.flag.json"))
	cmd.Flags().StringVar(&o.date, "date", "today", a.T("cli.flag.check_date"))
	cmd.Flags().BoolVar(&o.noAudio, "no-audio", false, a.T("cli.flag.no_audio"))
	return cmd
}

func (a *app) runCheck(cmd *cobra.Command, o *checkOpts) error {
	cfg, err := a.loadConfig(cmd)
	var cfgErr error
	if err != nil {
		var ve *config.ValidationError
		if !errors.As(err, &ve) {
			cfgErr = err
		}
		// Validation problems are listed by the check itself.
	}
	loc, lerr := cfg.Location()
	if lerr != nil {
		loc = time.UTC
	}
	day, err := parseDay(o.date, time.Now(), loc)
	if err != nil {
		return err
	}
	file := a.configPath()
	findings := check.Run(cmd.Context(), check.Input{
		Config: cfg, ConfigFile: file, ConfigErr: cfgErr, Today: day.Time, Clips: !o.noAudio,
		Feasibility: a.feasibility(cmd, day),
	})
	if o.json {
		type row struct {
			check.Finding
			Message string `json:"message"`
			Hint    string `json:"hint,omitempty"`
		}
		rows := make([]row, 0, len(findings))
		for _, f := range findings {
			r := row{Finding: f, Message: f.Text.In(a.lang)}
			if f.Hint.Key != "" {
				r.Hint = f.Hint.In(a.lang)
			}
			rows = append(rows, r)
		}
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rows); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			loc := f.File
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", f.File, f.Line)
			}
			if f.Field != "" {
				loc += " [" + f.Field + "]"
			}
			fmt.Fprintf(a.io.Out, "%s: %s: %s\n", loc, a.T("cli.check."+string(f.Severity)), f.Text.In(a.lang))
			if f.Hint.Key != "" {
				fmt.Fprintf(a.io.Out, "    → %s\n", f.Hint.In(a.lang))
			}
		}
	}
	if !check.Clean(findings) {
		a.info(a.T("cli.check.found", len(findings)))
		return silentError{usageError{fmt.Errorf("%d findings", len(findings))}}
	}
	a.info(a.T("cli.check.clean", len(findings)))
	return nil
}

// configPath is the configuration file in use, for messages.
func (a *app) configPath() string {
	if f := a.v.ConfigFileUsed(); f != "" {
		return f
	}
	return "config.yaml"
}

// feasibility plans the week from the check's day and reports every notice
// that cannot get its plays, with the reason.
func (a *app) feasibility(cmd *cobra.Command, day notice.Date) func(cfg config.Config, lib *notice.Library) []check.Finding {
	return func(cfg config.Config, lib *notice.Library) []check.Finding {
		cl := clips.New(cfg.Audio.Library)
		cl.CacheDir = a.cacheDir(cfg)
		defer cl.Close()
		timing, err := a.timing(cmd, cfg, lib, cl, bulletin.OptionsFrom(cfg))
		if err != nil {
			return nil
		}
		var valid []*notice.Notice
		for _, n := range lib.Notices {
			if _, err := n.Text(cfg.Hotlines); err == nil {
				valid = append(valid, n)
			}
		}
		to := notice.Date{Time: day.AddDate(0, 0, 6)}
		sch, err := schedule.Build(schedule.Input{Config: cfg, Notices: valid, Timing: timing, From: day, To: to})
		if err != nil {
			return []check.Finding{{Severity: check.Error, Code: "schedule", File: a.configPath(),
				Text: i18n.Msg("check.raw", i18n.Describe(err, i18n.EN))}}
		}
		var out []check.Finding
		seen := map[string]bool{}
		for _, u := range sch.Unscheduled {
			if u.Reason == schedule.ReasonExcluded || seen[u.Ward+u.Notice] {
				continue
			}
			seen[u.Ward+u.Notice] = true
			n, _ := lib.Get(u.Notice)
			path := ""
			if n != nil {
				path = n.Path
			}
			out = append(out, check.Finding{Severity: check.Warning, Code: "schedule-" + u.Reason, File: path,
				Text: i18n.Msg("cli.check.unscheduled", u.Notice, u.Ward, u.Week, u.Message.In(a.lang)),
				Hint: i18n.Msg("cli.check.hint.unscheduled")})
		}
		return out
	}
}
