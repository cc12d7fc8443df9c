package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"loa/pkg/script"
	"loa/pkg/vntext"
)

type normalizeOpts struct {
	dialect string
}

func (a *app) normalizeCmd() *cobra.Command {
	o := &normalizeOpts{}
	cmd := &cobra.Command{
		Use:     "normalize [--dialect bac|nam] [TEXT...]",
		Short:   a.T("cli.normalize.short"),
		Long:    a.T("cli.normalize.long"),
		Example: "  echo \"ngày 04/7/2024 gọi 113\" | loa normalize\n  loa normalize --dialect nam \"1.005 người\"",
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runNormalize(cmd, o, args)
		},
	}
	cmd.Flags().StringVar(&o.dialect, "dialect", "", a.T("cli.flag.dialect"))
	return cmd
}

func (a *app) runNormalize(cmd *cobra.Command, o *normalizeOpts, args []string) error {
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return err
	}
	opts := script.NormalizerOptions(cfg)
	if o.dialect != "" {
		if o.dialect != "bac" && o.dialect != "nam" {
			return usage("cli.bad_dialect", o.dialect)
		}
		opts.Dialect = vntext.Dialect(o.dialect)
	}
	n, err := vntext.New(opts)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(a.io.Out)
	defer w.Flush()
	if len(args) > 0 {
		for _, arg := range args {
			for _, line := range strings.Split(arg, "\n") {
				if _, err := fmt.Fprintln(w, n.Normalize(strings.TrimRight(line, "\r"))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Line by line, so a pipe sees each line as soon as it is done and
	// memory stays flat on large inputs.
	r := bufio.NewReader(a.io.In)
	first := true
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			if first {
				line = strings.TrimPrefix(line, "\ufeff")
				first = false
			}
			text := strings.TrimRight(line, "\r\n")
			if _, werr := fmt.Fprintln(w, n.Normalize(text)); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
