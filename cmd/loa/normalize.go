package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

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
	// Official letters still arrive in TCVN3, VNI, VIQR or Windows-1258:
	// the input is decoded (and the encoding reported) before normalizing.
	data, err := io.ReadAll(a.io.In)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return nil
	}
	// Valid UTF-8 is taken as it is: Normalize itself repairs single lines
	// pasted from legacy fonts, and a mix of such lines must not make the
	// whole input look like another encoding.
	text := strings.TrimPrefix(string(data), "\ufeff")
	if !utf8.Valid(data) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		var enc vntext.Encoding
		if text, enc, err = vntext.Decode(data); err != nil {
			return usage("cli.normalize.not_text", err.Error())
		}
		a.info(a.T("cli.normalize.encoding", string(enc)))
	}
	text = strings.TrimSuffix(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for _, line := range strings.Split(text, "\n") {
		if _, err := fmt.Fprintln(w, n.Normalize(line)); err != nil {
			return err
		}
	}
	return nil
}
