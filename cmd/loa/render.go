package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"loa/pkg/audio/loudness"
	"loa/pkg/bulletin"
)

type renderOpts struct {
	bulletinOpts
	out         string
	placeholder string
	bitrate     int
	allowDrafts bool
}

func (a *app) renderCmd() *cobra.Command {
	o := &renderOpts{}
	cmd := &cobra.Command{
		Use:     "render --ward ID -o FILE.wav|FILE.mp3 [NOTICE...]",
		Short:   a.T("cli.render.short"),
		Long:    a.T("cli.render.long"),
		Example: "  loa render --ward duc-xuan -o ban-tin.wav\n  loa render --ward duc-xuan --date 2024-07-08 --slot 06:00 -o ban-tin.mp3 deepfake-video-call",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runRender(cmd, o, args)
		},
	}
	o.addFlags(cmd, a)
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", a.T("cli.flag.render_output"))
	f.StringVar(&o.placeholder, "placeholder-voice", "", a.T("cli.flag.placeholder"))
	f.IntVar(&o.bitrate, "bitrate", 64, a.T("cli.flag.bitrate"))
	f.BoolVar(&o.allowDrafts, "allow-drafts", false, a.T("cli.flag.allow_drafts"))
	return cmd
}

func (a *app) runRender(cmd *cobra.Command, o *renderOpts, args []string) error {
	if o.out == "" {
		return usage("cli.need_output")
	}
	if ext := strings.ToLower(filepath.Ext(o.out)); ext != ".wav" && ext != ".mp3" {
		return usage("bulletin.bad_output", o.out)
	}
	var synth bulletin.Synthesizer
	switch o.placeholder {
	case "":
	case "espeak-ng":
		e := bulletin.EspeakNG{}
		if err := e.Available(); err != nil {
			return err
		}
		synth = e
	default:
		return usage("cli.bad_placeholder", o.placeholder)
	}
	s, err := a.prepare(cmd, &o.bulletinOpts, args)
	if err != nil {
		return err
	}
	defer s.clips.Close()
	if err := checkApproved(s, o.allowDrafts); err != nil {
		return err
	}
	plan, err := bulletin.NewPlan(s.script, s.clips, synth != nil)
	if err != nil {
		return err
	}
	for _, it := range plan.Items {
		if it.Synth != "" {
			a.info(a.T("cli.render.synth", it.Title))
		}
	}
	ro := s.renderOpts
	ro.Description = fmt.Sprintf("%s, %s %s", s.ward.Name, s.date, s.slot.Start)
	ro.Synth = synth
	if cmd.Flags().Changed("bitrate") {
		ro.MP3Bitrate = o.bitrate
	}
	res, err := bulletin.Render(cmd.Context(), s.clips, plan, o.out, ro)
	if err != nil {
		return err
	}
	a.info(a.T("cli.render.done", res.Path, res.Seconds, len(plan.Items)))
	a.info(a.T("cli.render.loudness", loudness.Format(res.Loudness.Integrated), loudness.Format(res.Loudness.TruePeak)))
	return nil
}

// checkApproved refuses drafts when the configuration requires approval.
func checkApproved(s *session, allow bool) error {
	if allow || !s.cfg.Notices.RequireApproval {
		return nil
	}
	var drafts []string
	for _, n := range s.notices {
		if !n.Approved() {
			drafts = append(drafts, n.ID)
		}
	}
	if len(drafts) > 0 {
		return usage("cli.drafts_refused", joinIDs(drafts))
	}
	return nil
}
