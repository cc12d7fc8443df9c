package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"loa/pkg/audio/loudness"
	"loa/pkg/clips"
	"loa/pkg/i18n"
)

type measureOpts struct {
	json     bool
	dualMono bool
}

// measurement is one row of `loa measure --json` (the shape in DESIGN.md).
type measurement struct {
	File         string   `json:"file"`
	Format       string   `json:"format"`
	SampleRate   int      `json:"sample_rate"`
	Channels     int      `json:"channels"`
	Duration     float64  `json:"duration_seconds"`
	Integrated   *float64 `json:"integrated_lufs"`
	Range        *float64 `json:"loudness_range_lu"`
	TruePeak     *float64 `json:"true_peak_dbtp"`
	MaxMomentary *float64 `json:"max_momentary_lufs"`
	MaxShortTerm *float64 `json:"max_short_term_lufs"`
	SamplePeak   *float64 `json:"sample_peak_dbfs"`
	Error        string   `json:"error,omitempty"`
}

func (a *app) measureCmd() *cobra.Command {
	o := &measureOpts{}
	cmd := &cobra.Command{
		Use:     "measure [--json] FILE...",
		Short:   a.T("cli.measure.short"),
		Long:    a.T("cli.measure.long"),
		Example: "  loa measure ban-tin.wav\n  loa measure --json audio/notices/*.mp3",
		Args:    minArgs(a, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runMeasure(cmd, o, args)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, a.T("cli.flag.json"))
	cmd.Flags().BoolVar(&o.dualMono, "dual-mono", false, a.T("cli.flag.dual_mono"))
	return cmd
}

func (a *app) runMeasure(cmd *cobra.Command, o *measureOpts, files []string) error {
	rows := make([]measurement, 0, len(files))
	var errs []error
	for _, f := range files {
		row, err := measureFile(cmd, f, o.dualMono)
		if err != nil {
			row.Error = i18n.Describe(err, a.lang)
			errs = append(errs, err)
			if !o.json {
				fmt.Fprintf(a.io.ErrOut, "%s %s\n", a.T("cli.error_prefix"), row.Error)
			}
		}
		rows = append(rows, row)
		if cmd.Context().Err() != nil {
			return cmd.Context().Err()
		}
	}
	if o.json {
		enc := json.NewEncoder(a.io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(a.io.Out, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\t\n", a.T("cli.measure.header"))
		for _, r := range rows {
			if r.Error != "" {
				continue
			}
			f := loudness.FromJSON
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.2f\t%s\t%s\t%s\t%s\t%s\t\n", r.File, r.Format, r.SampleRate, r.Channels,
				r.Duration, loudness.Format(f(r.Integrated)), loudness.Format(f(r.Range)), loudness.Format(f(r.TruePeak)),
				loudness.Format(f(r.MaxMomentary)), loudness.Format(f(r.MaxShortTerm)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return silentError{errors.Join(errs...)}
	}
	return nil
}

func measureFile(cmd *cobra.Command, path string, dualMono bool) (measurement, error) {
	row := measurement{File: path}
	s, info, err := clips.Open(path)
	if err != nil {
		return row, err
	}
	defer s.Close()
	row.Format, row.SampleRate, row.Channels = info.Kind, info.Format.SampleRate, info.Format.Channels
	res, err := loudness.Measure(cmd.Context(), s, loudness.Options{TruePeak: true, DualMono: dualMono})
	if err != nil {
		return row, i18n.Wrap(err, "clips.unreadable", path, err.Error())
	}
	row.Duration = math.Round(float64(res.Frames)/float64(info.Format.SampleRate)*1000) / 1000
	// Hundredths are all a meter's reading is good for.
	v := func(x float64) *float64 { return loudness.JSONValue(loudness.Rounded(x)) }
	row.Integrated, row.Range, row.TruePeak = v(res.Integrated), v(res.Range), v(res.TruePeak)
	row.MaxMomentary, row.MaxShortTerm, row.SamplePeak = v(res.MaxMomentary), v(res.MaxShortTerm), v(res.SamplePeak)
	return row, nil
}

// silentError is a failure already reported to the user.
type silentError struct{ err error }

func (e silentError) Error() string { return e.err.Error() }
func (e silentError) Unwrap() error { return e.err }
