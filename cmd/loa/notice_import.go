package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/atomicfile"
	"loa/pkg/cap"
	"loa/pkg/config"
	"loa/pkg/letter"
	"loa/pkg/notice"
)

// noticeImportCmds are the import and export subcommands (letters, CAP).
func (a *app) noticeImportCmds() []*cobra.Command {
	return []*cobra.Command{a.noticeImportCmd(), a.noticeExportCmd()}
}

func (a *app) noticeImportCmd() *cobra.Command {
	var id string
	var force bool
	cmd := &cobra.Command{
		Use:     "import FILE",
		Short:   a.T("cli.notice.import.short"),
		Long:    a.T("cli.notice.import.long"),
		Example: "  loa notice import cong-van.docx\n  loa notice import canh-bao.xml --id canh-bao-lu",
		Args:    exactArgs(a, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := a.loadConfig(cmd)
			if err != nil {
				return err
			}
			path := args[0]
			var n *notice.Notice
			switch strings.ToLower(filepath.Ext(path)) {
			case ".xml", ".cap":
				loc, _ := cfg.Location()
				var findings []cap.Finding
				n, findings, err = cap.ReadFile(path, cap.ImportOptions{Areas: importAreas(cfg), Location: loc, ID: id})
				if err != nil {
					return usageError{err}
				}
				for _, f := range findings {
					mark := "✓"
					if f.Warning {
						mark = "!"
					}
					fmt.Fprintf(a.io.ErrOut, "  %s %s\n", mark, f.Text.In(a.lang))
				}
			default:
				l, err := letter.ReadFile(path)
				if err != nil && l == nil {
					return usageError{err}
				}
				for _, f := range l.Report() {
					mark := "✓"
					if f.Missing {
						mark = "–"
					}
					fmt.Fprintf(a.io.ErrOut, "  %s %s\n", mark, f.Text.In(a.lang))
				}
				if err != nil {
					return usageError{err}
				}
				n = l.Notice(id)
			}
			if !config.ValidID(n.ID) {
				return usage("cli.notice.bad_id", n.ID)
			}
			target := filepath.Join(cfg.Notices.Dir, n.ID+".md")
			if _, err := os.Stat(target); err == nil && !force {
				return usage("cli.notice.import_exists", target)
			}
			data := letter.Format(n)
			if _, err := notice.Parse(target, data); err != nil {
				return err
			}
			if err := os.MkdirAll(cfg.Notices.Dir, 0o755); err != nil {
				return err
			}
			if err := atomicfile.WriteFile(target, data, 0o644); err != nil {
				return err
			}
			fmt.Fprintln(a.io.Out, target)
			a.info(a.T("cli.notice.imported", target, n.ID))
			return nil
		},
	}
	cmd.Flags().StringVar(&id, "id", "", a.T("cli.flag.import_id"))
	cmd.Flags().BoolVar(&force, "force", false, a.T("cli.flag.force"))
	return cmd
}

func (a *app) noticeExportCmd() *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "export ID --format cap [-o FILE]",
		Short: a.T("cli.notice.export.short"),
		Args:  exactArgs(a, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "cap" {
				return usage("cli.bad_format", format, "cap")
			}
			cfg, lib, err := a.loadLibrary(cmd)
			if lib == nil {
				return err
			}
			n, err := lib.Resolve(args[0])
			if err != nil {
				return err
			}
			text, err := n.Text(cfg.Hotlines)
			if err != nil {
				return err
			}
			loc, err := cfg.Location()
			if err != nil {
				return err
			}
			data, err := cap.Export(n, text, cap.ExportOptions{
				Sender: cfg.CAP.Sender, SenderName: cfg.Station.Name, Now: time.Now().In(loc).Truncate(time.Second),
				Location: loc, Areas: exportAreas(cfg), AllWards: cfg.WardIDs(),
			})
			if err != nil {
				return err
			}
			return a.writeOutput(out, data)
		},
	}
	cmd.Flags().StringVar(&format, "format", "cap", a.T("cli.flag.export_format"))
	cmd.Flags().StringVarP(&out, "output", "o", "", a.T("cli.flag.output"))
	return cmd
}

// importAreas maps each configured areaDesc and geocode to its wards, plus
// every ward's own name.
func importAreas(cfg config.Config) map[string][]string {
	m := map[string][]string{}
	for _, w := range cfg.Wards {
		m[w.Name] = []string{w.ID}
	}
	for _, ar := range cfg.CAP.Areas {
		if ar.Desc != "" {
			m[ar.Desc] = ar.Wards
		}
		if ar.Geocode != "" {
			m[ar.Geocode] = ar.Wards
		}
	}
	return m
}

// exportAreas gives each ward (and "all") the area written into alerts.
func exportAreas(cfg config.Config) map[string]cap.Area {
	m := map[string]cap.Area{}
	for _, w := range cfg.Wards {
		m[w.ID] = cap.Area{Desc: w.Name}
	}
	for _, ar := range cfg.CAP.Areas {
		if len(ar.Wards) != 1 {
			continue
		}
		area := cap.Area{Desc: ar.Desc}
		if ar.Geocode != "" {
			area.Geocodes = []cap.Geocode{{Name: "loa", Value: ar.Geocode}}
		}
		m[ar.Wards[0]] = area
	}
	return m
}
