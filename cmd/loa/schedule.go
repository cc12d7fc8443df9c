package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/schedule"
)

func init() {
	i18n.Register(map[string][2]string{
		"schedule.cmd.short": {"Lập lịch phát cho từng phường, xã: thông báo nào vào khung giờ nào", "Schedule which notices go into which slot, per ward and day"},
		"schedule.cmd.long": {`Xếp các thông báo còn hiệu lực vào các khung giờ của từng phường, xã:
thông báo khẩn cấp vào mọi khung giờ và đọc trước; ưu tiên trước thường; mỗi thông báo
phát đủ plays_per_week lần mỗi tuần (thứ Hai đến Chủ nhật), rải đều các ngày, không quá
max_per_day lần một ngày; mỗi bản tin không dài quá khung giờ. Lịch luôn được lập cho cả
tuần, nên cùng một ngày luôn có cùng bản tin dù chọn --from, --to thế nào. Thông báo nào
không đủ lượt phát được liệt kê kèm lý do: slots-full, outside-dates, excluded, no-slot,
blackout.

Định dạng: table (cho người đọc), csv, json, ics (lịch), m3u (danh sách phát).`,
			`Puts the valid notices into each ward's slots: emergencies into every slot and first;
uu-tien before thuong; each notice plays_per_week times a week (Monday to Sunday), spread
over the days, at most max_per_day a day; no bulletin longer than its slot. Whole weeks are
always planned, so a day gets the same bulletins whatever --from and --to are. A notice
that misses plays is listed with a reason: slots-full, outside-dates, excluded, no-slot,
blackout.

Formats: table (for people), csv, json, ics (calendar), m3u (playlist).`},
		"schedule.cmd.flag.from":   {"ngày đầu: YYYY-MM-DD, today hoặc tomorrow (mặc định: hôm nay)", "first day: YYYY-MM-DD, today or tomorrow (default: today)"},
		"schedule.cmd.flag.to":     {"ngày cuối, tính cả ngày đó (mặc định: 6 ngày sau ngày đầu)", "last day, inclusive (default: 6 days after the first)"},
		"schedule.cmd.flag.ward":   {"chỉ lập lịch cho phường, xã này (lặp lại được; mặc định: tất cả)", "schedule only this ward (repeatable; default: all)"},
		"schedule.cmd.flag.format": {"định dạng: table, csv, json, ics hoặc m3u", "format: table, csv, json, ics or m3u"},
		"schedule.cmd.urgent": {"thông báo KHẨN CẤP %s «%s» cần phát ngay tại %s (%s đến %s)",
			"EMERGENCY notice %s «%s» needs broadcasting now in %s (%s to %s)"},
		"schedule.cmd.short_plays": {"số mục chưa xếp đủ lượt phát: %d (xem phần unscheduled)", "unscheduled entries: %d (see \"unscheduled\")"},
	})
}

type scheduleOpts struct {
	from   string
	to     string
	wards  []string
	format string
	out    string
}

// scheduleCmd is `loa schedule`.
func (a *app) scheduleCmd() *cobra.Command {
	o := &scheduleOpts{}
	cmd := &cobra.Command{
		Use:   "schedule --from D --to D [--ward ID]... [--format table|csv|json|ics|m3u] [-o FILE]",
		Short: a.T("schedule.cmd.short"),
		Long:  a.T("schedule.cmd.long"),
		Example: "  loa schedule --from 2024-07-08 --to 2024-07-14\n" +
			"  loa schedule --from 2024-07-08 --to 2024-07-14 --ward duc-xuan --format ics -o lich.ics",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runSchedule(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "today", a.T("schedule.cmd.flag.from"))
	f.StringVar(&o.to, "to", "", a.T("schedule.cmd.flag.to"))
	f.StringSliceVar(&o.wards, "ward", nil, a.T("schedule.cmd.flag.ward"))
	f.StringVar(&o.format, "format", "table", a.T("schedule.cmd.flag.format"))
	f.StringVarP(&o.out, "output", "o", "", a.T("cli.flag.output"))
	return cmd
}

func (a *app) runSchedule(cmd *cobra.Command, o *scheduleOpts) error {
	if !validFormat(o.format, schedule.Formats) {
		return usage("cli.bad_format", o.format, joinIDs(schedule.Formats))
	}
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return err
	}
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	from, to, err := dayRange(o.from, o.to, 7, time.Now(), loc)
	if err != nil {
		return err
	}
	if err := checkWards(cfg, o.wards); err != nil {
		return err
	}
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	if err != nil {
		return err
	}
	cl := clips.New(cfg.Audio.Library)
	cl.CacheDir = a.cacheDir(cfg)
	defer cl.Close()
	timing, err := a.timing(cmd, cfg, lib, cl, bulletin.OptionsFrom(cfg))
	if err != nil {
		return err
	}
	s, err := schedule.Build(schedule.Input{
		Config: cfg, Notices: lib.Notices, Timing: timing, From: from, To: to, Wards: o.wards,
	})
	if err != nil {
		if errors.Is(err, schedule.ErrRange) || errors.Is(err, schedule.ErrUnknownWard) ||
			errors.Is(err, schedule.ErrConfig) || errors.Is(err, schedule.ErrDuplicate) {
			return usageError{err}
		}
		return err
	}
	var buf bytes.Buffer
	if err := schedule.Write(&buf, s, o.format, a.lang); err != nil {
		return err
	}
	// Emergencies are announced whatever -q says: they need airing now.
	for _, u := range s.Urgent {
		fmt.Fprintf(a.io.ErrOut, "%s %s\n", a.T("cli.warning_prefix"),
			a.T("schedule.cmd.urgent", u.Notice, u.Title, strings.Join(u.Wards, ", "), u.From, u.To))
	}
	if o.format != "table" && len(s.Unscheduled) > 0 {
		a.info("%s %s", a.T("cli.warning_prefix"), a.T("schedule.cmd.short_plays", len(s.Unscheduled)))
	}
	return a.writeOutput(o.out, buf.Bytes())
}
