package main

import (
	"bytes"

	"github.com/spf13/cobra"

	"loa/pkg/script"
)

type scriptOpts struct {
	bulletinOpts
	format string
	out    string
}

func (a *app) scriptCmd() *cobra.Command {
	o := &scriptOpts{}
	cmd := &cobra.Command{
		Use:     "script --ward ID [NOTICE...]",
		Short:   a.T("cli.script.short"),
		Long:    a.T("cli.script.long"),
		Example: "  loa script --ward duc-xuan\n  loa script --ward duc-xuan --date 2024-07-08 --format json deepfake-video-call",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runScript(cmd, o, args)
		},
	}
	o.addFlags(cmd, a)
	cmd.Flags().StringVar(&o.format, "format", "text", a.T("cli.flag.script_format"))
	cmd.Flags().StringVarP(&o.out, "output", "o", "", a.T("cli.flag.output"))
	return cmd
}

func (a *app) runScript(cmd *cobra.Command, o *scriptOpts, args []string) error {
	if !validFormat(o.format, script.Formats) {
		return usage("cli.bad_format", o.format, joinIDs(script.Formats))
	}
	s, err := a.prepare(cmd, &o.bulletinOpts, args)
	if err != nil {
		return err
	}
	defer s.clips.Close()
	var buf bytes.Buffer
	opts := script.OptionsFor(s.cfg, s.notices)
	opts.Hashtags = s.cfg.Text.Hashtags
	if err := script.WriteWith(&buf, s.script, o.format, a.lang, opts); err != nil {
		return err
	}
	for _, w := range s.script.Warnings {
		a.info("%s %s: «%s»", a.T("cli.warning_prefix"), w.Text.In(a.lang), w.Sentence)
	}
	return a.writeOutput(o.out, buf.Bytes())
}

func validFormat(f string, list []string) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}
