package main

import (
	"bytes"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/export"
	"loa/pkg/i18n"
)

func init() {
	i18n.Register(map[string][2]string{
		"cli.report.short": {"Báo cáo kết quả tuyên truyền: lượt phát, tệp đã xuất, thời lượng theo phường, xã và thông báo",
			"Report what went out: plays, exported files and airtime per ward and notice"},
		"cli.report.long": {`Đọc các tệp kê khai của thư mục xuất (manifest.json và các phần manifest.part-*.json chưa gộp)
và tổng hợp, cho mỗi phường, xã và mỗi thông báo: số lượt phát theo lịch, số tệp đã xuất,
tổng thời lượng phát; cùng tổng của mỗi thông báo trên mọi phường, xã — số liệu để báo cáo
kết quả tuyên truyền lên cấp trên.

Định dạng: table (cho người đọc), csv, html (có biểu đồ lượt phát theo phường, xã; tiếng Việt,
hoặc tiếng Anh với --lang en).`,
			`Reads the export folder's manifests (manifest.json and any unmerged manifest.part-*.json)
and sums, per ward and per notice: planned plays, exported files, total airtime; and each
notice's totals across wards — the figures a culture centre reports upward.

Formats: table (for people), csv, html (with a chart of plays per ward; Vietnamese, or
English with --lang en).`},
		"cli.report.flag.from":   {"ngày đầu (mặc định: mọi ngày trong tệp kê khai)", "first day (default: every day in the manifests)"},
		"cli.report.flag.to":     {"ngày cuối, tính cả ngày đó (mặc định: mọi ngày)", "last day, inclusive (default: every day)"},
		"cli.report.flag.out":    {"thư mục xuất cần báo cáo (mặc định: export.out trong cấu hình)", "export folder to report on (default: export.out from the configuration)"},
		"cli.report.flag.format": {"định dạng: table, csv hoặc html", "format: table, csv or html"},
		"cli.report.damaged":     {"bỏ qua tệp kê khai hỏng: %s", "skipping a damaged manifest: %s"},
	})
}

type reportOpts struct {
	from, to string
	out      string
	format   string
	output   string
}

// reportCmd is `loa report`.
func (a *app) reportCmd() *cobra.Command {
	o := &reportOpts{}
	cmd := &cobra.Command{
		Use:   "report [--from D] [--to D] [--out DIR] [--format table|csv|html] [-o FILE]",
		Short: a.T("cli.report.short"),
		Long:  a.T("cli.report.long"),
		Example: "  loa report --from 2024-07-01 --to 2024-07-31 --out xuat\n" +
			"  loa report --from 2024-07-01 --to 2024-07-31 --format html -o bao-cao-thang-7.html",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runReport(cmd, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", a.T("cli.report.flag.from"))
	f.StringVar(&o.to, "to", "", a.T("cli.report.flag.to"))
	f.StringVar(&o.out, "out", "", a.T("cli.report.flag.out"))
	f.StringVar(&o.format, "format", "table", a.T("cli.report.flag.format"))
	f.StringVarP(&o.output, "output", "o", "", a.T("cli.flag.output"))
	return cmd
}

func (a *app) runReport(cmd *cobra.Command, o *reportOpts) error {
	if !validFormat(o.format, export.ReportFormats) {
		return usage("cli.bad_format", o.format, joinIDs(export.ReportFormats))
	}
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return err
	}
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	now := time.Now()
	from, err := optionalDay(o.from, now, loc)
	if err != nil {
		return err
	}
	to, err := optionalDay(o.to, now, loc)
	if err != nil {
		return err
	}
	if from != "" && to != "" && to < from {
		return usage("cli.from_after_to", from, to)
	}
	dir := o.out
	if dir == "" {
		dir = cfg.Export.Out
	}
	m, sources, err := export.LoadManifests(dir)
	if m == nil {
		return usageError{err}
	}
	if err != nil {
		a.info("%s %s", a.T("cli.warning_prefix"), a.T("cli.report.damaged", describeOneLine(err, a.lang)))
	}
	r := export.BuildReport(m, from, to, sources)
	var buf bytes.Buffer
	if err := export.WriteReport(&buf, r, o.format, a.lang); err != nil {
		return err
	}
	return a.writeOutput(o.output, buf.Bytes())
}
