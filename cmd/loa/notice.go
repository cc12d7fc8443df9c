package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/atomicfile"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/notice"
	"loa/pkg/script"
)

func (a *app) noticeCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "notice",
		Short: a.T("cli.notice.short"),
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.noticeListCmd(), a.noticeShowCmd(), a.noticeNewCmd(), a.noticeApproveCmd())
	cmd.AddCommand(a.noticeImportCmds()...)
	return cmd
}

// loadLibrary loads config and notices; a broken notice is an error.
func (a *app) loadLibrary(cmd *cobra.Command) (config.Config, *notice.Library, error) {
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return cfg, nil, err
	}
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	return cfg, lib, err
}

func (a *app) noticeListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: a.T("cli.notice.list.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, lib, err := a.loadLibrary(cmd)
			if err != nil {
				return err
			}
			cl := clips.New(cfg.Audio.Library)
			tw := tabwriter.NewWriter(a.io.Out, 2, 4, 2, ' ', 0)
			fmt.Fprintf(tw, "%s\n", a.T("cli.notice.list.header"))
			for _, n := range lib.Notices {
				state := a.T("cli.notice.state." + string(n.State()))
				if n.Stale() {
					state = a.T("cli.notice.state.stale")
				}
				_, _, hasClip := cl.Find("", script.ClipNotices, n.ID)
				clip := a.T("cli.no")
				if hasClip {
					clip = a.T("cli.yes")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s…%s\t%s\t%s\n", n.ID, truncate(n.Title, 48), n.Priority,
					n.ValidFrom, n.ValidUntil, state, clip)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			a.info(a.T("cli.notice.list.count", len(lib.Notices)))
			return nil
		},
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (a *app) noticeShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: a.T("cli.notice.show.short"),
		Args:  exactArgs(a, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, lib, err := a.loadLibrary(cmd)
			if lib == nil {
				return err
			}
			n, rerr := lib.Resolve(args[0])
			if rerr != nil {
				return rerr
			}
			text, err := n.Text(cfg.Hotlines)
			if err != nil {
				return err
			}
			w := a.io.Out
			fmt.Fprintf(w, "%s\n%s\n\n", n.Title, n.Path)
			fmt.Fprintf(w, "%s: %s\n%s: %s\n%s: %s … %s\n%s: %v\n", a.T("cli.notice.tactic"), n.Tactic,
				a.T("cli.notice.priority"), n.Priority, a.T("cli.notice.validity"), n.ValidFrom, n.ValidUntil,
				a.T("cli.notice.wards"), n.Wards)
			state := a.T("cli.notice.state." + string(n.State()))
			if n.Approved() {
				state += fmt.Sprintf(" (%s, %s)", n.ApprovedBy, n.ApprovedAt)
			} else if n.Stale() {
				state = a.T("cli.notice.state.stale")
			}
			fmt.Fprintf(w, "%s: %s\n\n%s\n", a.T("cli.notice.approval"), state, text)
			return nil
		},
	}
}

func (a *app) noticeNewCmd() *cobra.Command {
	var tactic, title, id string
	var edit bool
	cmd := &cobra.Command{
		Use:   "new --tactic T [--id ID] [--title TITLE]",
		Short: a.T("cli.notice.new.short"),
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := a.loadConfig(cmd)
			if err != nil {
				return err
			}
			if !config.ValidID(tactic) {
				return usage("cli.notice.bad_tactic", tactic)
			}
			if id == "" {
				id = tactic
			}
			if !config.ValidID(id) {
				return usage("cli.notice.bad_id", id)
			}
			path := filepath.Join(cfg.Notices.Dir, id+".md")
			if _, err := os.Stat(path); err == nil {
				return usage("cli.notice.exists", path)
			}
			if err := os.MkdirAll(cfg.Notices.Dir, 0o755); err != nil {
				return err
			}
			data := notice.NewFile(id, tactic, title, time.Now(), cfg.Notices.PlaysPerWeek)
			if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
				return err
			}
			fmt.Fprintln(a.io.Out, path)
			if editor := a.getenv("EDITOR"); edit && editor != "" && a.io.InTTY {
				c := exec.CommandContext(cmd.Context(), editor, path)
				c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
				return c.Run()
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&tactic, "tactic", "", a.T("cli.flag.tactic"))
	cmd.Flags().StringVar(&id, "id", "", a.T("cli.flag.notice_id"))
	cmd.Flags().StringVar(&title, "title", "", a.T("cli.flag.title"))
	cmd.Flags().BoolVar(&edit, "edit", true, a.T("cli.flag.edit"))
	return cmd
}

func (a *app) noticeApproveCmd() *cobra.Command {
	var by string
	cmd := &cobra.Command{
		Use:   "approve ID... --by NAME",
		Short: a.T("cli.notice.approve.short"),
		Args:  minArgs(a, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, lib, err := a.loadLibrary(cmd)
			if lib == nil {
				return err
			}
			if by == "" {
				return usage("notice.approver_required")
			}
			loc, err := cfg.Location()
			if err != nil {
				return err
			}
			now := time.Now().In(loc).Truncate(time.Second)
			for _, id := range args {
				n, err := lib.Resolve(id)
				if err != nil {
					return err
				}
				data, err := os.ReadFile(n.Path)
				if err != nil {
					return err
				}
				out, err := notice.Approve(data, n, by, now)
				if err != nil {
					return err
				}
				if err := atomicfile.WriteFile(n.Path, out, 0o644); err != nil {
					return err
				}
				a.info(a.T("cli.notice.approved", n.ID, by))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", "", a.T("cli.flag.by"))
	return cmd
}

func exactArgs(a *app, n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usage("cli.args_exact", n, len(args))
		}
		return nil
	}
}

func minArgs(a *app, n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return usage("cli.args_min", n, len(args))
		}
		return nil
	}
}
