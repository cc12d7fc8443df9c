package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/export"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

func init() {
	i18n.Register(map[string][2]string{
		"cli.export.short": {"Xuất hàng loạt bản tin của mọi phường, xã cho nhiều ngày", "Export every ward's bulletins for a range of days"},
		"cli.export.long": {`Dựng mọi bản tin theo lịch (phường, xã × ngày × khung giờ) vào thư mục xuất:
  <ngày>/<phường>/<HHMM>.mp3 (và .wav), kịch bản .txt .html .json, playlist.m3u mỗi ngày;
  schedule.ics; manifest.json kê mọi tệp kèm sha256, kích thước, thời lượng, độ to,
  các thông báo và trạng thái duyệt.
Chạy lại chỉ dựng những gì đã thay đổi (bộ nhớ đệm theo mã nhận dạng của bản tin) và không
ghi lại tệp không đổi. Mọi tệp được ghi nguyên vẹn hoặc không ghi; bị ngắt (Ctrl-C, kill -9)
thì chạy lại là xong. Mỗi thư mục chỉ một lượt xuất chạy một lúc (--wait để chờ).
--shard K/N chia việc cho N máy; sau đó "loa export --merge --out DIR" gộp các phần kê khai.

Mã thoát: 0 xong; 3 có bản tin lỗi (các bản tin khác vẫn được ghi); 4 thư mục đang bị khóa;
130 bị ngắt; 1 lỗi khác; 2 sai cách dùng.`,
			`Renders every scheduled bulletin (ward × day × slot) into the export folder:
  <date>/<ward>/<HHMM>.mp3 (and .wav), scripts .txt .html .json, a playlist.m3u per day;
  schedule.ics; manifest.json listing every file with sha256, size, length, loudness,
  its notices and their approval state.
Re-runs render only what changed (a cache keyed by each bulletin's identity) and leave
unchanged files alone. Every file is written whole or not at all; after an interruption
(Ctrl-C, kill -9) running again finishes the job. One export runs in a folder at a time
(--wait to wait). --shard K/N splits the work over N machines; then
"loa export --merge --out DIR" merges the manifest parts.

Exit codes: 0 done; 3 some bulletins failed (the others are written); 4 the folder is
locked; 130 interrupted; 1 other failures; 2 bad usage.`},
		"cli.export.flag.from":         {"ngày đầu: YYYY-MM-DD, today hoặc tomorrow", "first day: YYYY-MM-DD, today or tomorrow"},
		"cli.export.flag.to":           {"ngày cuối, tính cả ngày đó (mặc định: bằng --from)", "last day, inclusive (default: --from)"},
		"cli.export.flag.ward":         {"chỉ xuất phường, xã này (lặp lại được; mặc định: tất cả)", "export only this ward (repeatable; default: all)"},
		"cli.export.flag.out":          {"thư mục xuất (mặc định: export.out trong cấu hình)", "export folder (default: export.out from the configuration)"},
		"cli.export.flag.jobs":         {"số bản tin dựng cùng lúc (mặc định: số CPU)", "bulletins rendered at once (default: number of CPUs)"},
		"cli.export.flag.shard":        {"chỉ làm phần K trong N phần (ví dụ 2/4) để chia cho nhiều máy", "do only part K of N (e.g. 2/4), to share the work between machines"},
		"cli.export.flag.json":         {"in mỗi bản tin một dòng JSON ra stdout, cuối cùng là dòng tổng kết", "print one JSON line per bulletin on stdout, then a summary line"},
		"cli.export.flag.force":        {"dựng lại cả những bản tin đã có trong bộ nhớ đệm", "render again even bulletins the cache holds"},
		"cli.export.flag.wait":         {"thư mục đang bị khóa thì chờ thay vì thoát", "wait for a locked folder instead of exiting"},
		"cli.export.flag.formats":      {"định dạng âm thanh: mp3, wav hoặc mp3,wav (mặc định: export.formats)", "audio formats: mp3, wav or mp3,wav (default: export.formats)"},
		"cli.export.flag.merge":        {"gộp các phần kê khai của các máy (manifest.part-*.json) thành manifest.json", "merge the shards' manifest parts (manifest.part-*.json) into manifest.json"},
		"cli.export.need_from":         {"cần --from (ví dụ --from tomorrow)", "--from is required (e.g. --from tomorrow)"},
		"cli.export.bad_jobs":          {"--jobs phải từ 1 trở lên", "--jobs must be at least 1"},
		"cli.export.partial":           {"%d bản tin không xuất được (xem ở trên); các bản tin khác đã được ghi", "%d bulletins could not be exported (see above); the others were written"},
		"cli.export.no_html":           {"chưa có định dạng kịch bản %s trong bản loa này: bỏ qua các tệp đó", "script format %s is not in this build of loa yet: those files are skipped"},
		"cli.export.item.rendered":     {"dựng mới", "rendered"},
		"cli.export.item.reused":       {"dùng lại", "reused"},
		"cli.export.item.skipped":      {"không đổi", "unchanged"},
		"cli.export.item.failed":       {"LỖI", "FAILED"},
		"cli.export.item":              {"%s %s %s %s", "%s %s %s %s"},
		"cli.export.item_failed":       {"%s %s %s: %s", "%s %s %s: %s"},
		"cli.export.bar":               {"xuất bản tin", "exporting"},
		"cli.export.start":             {"xuất %d bản tin vào %s", "exporting %d bulletins into %s"},
		"cli.export.finishing":         {"ghi danh sách phát, lịch và tệp kê khai…", "writing playlists, calendar and manifest…"},
		"cli.export.done":              {"xong: %d dựng mới, %d dùng lại, %d không đổi, %d lỗi; %d tệp được ghi; kê khai: %s (%.1f giây)", "done: %d rendered, %d reused, %d unchanged, %d failed; %d files written; manifest: %s (%.1f s)"},
		"cli.export.removed":           {"đã xóa %d tệp cũ không còn trong lịch", "removed %d old files no longer scheduled"},
		"cli.export.merged":            {"đã gộp %d phần kê khai vào %s: %d bản tin, %d tệp", "merged %d manifest parts into %s: %d bulletins, %d files"},
		"cli.export.nothing_to_merge":  {"không có phần kê khai nào để gộp; %s đã đủ: %d bản tin, %d tệp", "no manifest part to merge; %s is up to date: %d bulletins, %d files"},
		"cli.export.merge_extra_flags": {"--merge chỉ dùng với --out và --wait", "--merge takes only --out and --wait"},
	})
}

type exportOpts struct {
	from, to    string
	wards       []string
	out         string
	jobs        int
	shard       string
	json        bool
	force       bool
	wait        bool
	allowDrafts bool
	formats     []string
	placeholder string
	merge       bool
}

// exportCmd is `loa export`.
func (a *app) exportCmd() *cobra.Command {
	o := &exportOpts{}
	cmd := &cobra.Command{
		Use:   "export --from D --to D [--ward ID]... [--out DIR] [--jobs N] [--shard K/N] [--json]",
		Short: a.T("cli.export.short"),
		Long:  a.T("cli.export.long"),
		Example: "  loa export --from 2024-07-08 --to 2024-07-14 --out xuat\n" +
			"  loa export --from tomorrow --out /srv/loa --quiet\n" +
			"  loa export --from 2024-07-08 --to 2024-08-06 --out /srv/loa --shard 2/4\n" +
			"  loa export --merge --out /srv/loa",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runExport(cmd, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.from, "from", "", a.T("cli.export.flag.from"))
	f.StringVar(&o.to, "to", "", a.T("cli.export.flag.to"))
	f.StringSliceVar(&o.wards, "ward", nil, a.T("cli.export.flag.ward"))
	f.StringVar(&o.out, "out", "", a.T("cli.export.flag.out"))
	f.IntVar(&o.jobs, "jobs", 0, a.T("cli.export.flag.jobs"))
	f.StringVar(&o.shard, "shard", "", a.T("cli.export.flag.shard"))
	f.BoolVar(&o.json, "json", false, a.T("cli.export.flag.json"))
	f.BoolVar(&o.force, "force", false, a.T("cli.export.flag.force"))
	f.BoolVar(&o.wait, "wait", false, a.T("cli.export.flag.wait"))
	f.BoolVar(&o.allowDrafts, "allow-drafts", false, a.T("cli.flag.allow_drafts"))
	f.StringSliceVar(&o.formats, "formats", nil, a.T("cli.export.flag.formats"))
	f.StringVar(&o.placeholder, "placeholder-voice", "", a.T("cli.flag.placeholder"))
	f.BoolVar(&o.merge, "merge", false, a.T("cli.export.flag.merge"))
	return cmd
}

func (a *app) runExport(cmd *cobra.Command, o *exportOpts) error {
	cfg, err := a.loadConfig(cmd)
	if err != nil {
		return err
	}
	out := o.out
	if out == "" {
		out = cfg.Export.Out
	}
	if o.merge {
		for _, name := range []string{"from", "to", "ward", "jobs", "shard", "force", "formats", "placeholder-voice", "allow-drafts"} {
			if isSet(cmd, name) {
				return usage("cli.export.merge_extra_flags")
			}
		}
		return a.runMerge(cmd, out, o.wait)
	}
	if o.from == "" {
		return usage("cli.export.need_from")
	}
	if isSet(cmd, "jobs") && o.jobs < 1 {
		return usage("cli.export.bad_jobs")
	}
	loc, err := cfg.Location()
	if err != nil {
		return err
	}
	from, to, err := dayRange(o.from, o.to, 1, time.Now(), loc)
	if err != nil {
		return err
	}
	if err := checkWards(cfg, o.wards); err != nil {
		return err
	}
	var shard export.Shard
	if o.shard != "" {
		if shard, err = export.ParseShard(o.shard); err != nil {
			return usageError{err}
		}
	}
	formats := cfg.Export.Formats
	if len(o.formats) > 0 {
		formats = o.formats
	}
	for _, f := range formats {
		if !validFormat(strings.ToLower(f), export.AudioFormats) {
			return usage("cli.bad_format", f, joinIDs(export.AudioFormats))
		}
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
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	if err != nil {
		return err
	}
	cl := clips.New(cfg.Audio.Library)
	cl.CacheDir = a.cacheDir(cfg)
	defer cl.Close()
	for _, f := range export.MissingScriptFormats() {
		a.info("%s %s", a.T("cli.warning_prefix"), a.T("cli.export.no_html", f))
	}
	p := a.newExportProgress(o, out)
	sum, err := export.Run(cmd.Context(), export.Options{
		Config: cfg, Notices: lib, Clips: cl, From: from, To: to, Wards: o.wards,
		Out: out, CacheDir: cl.CacheDir, Jobs: o.jobs, Shard: shard, Formats: formats,
		Force: o.force, Wait: o.wait, AllowDrafts: o.allowDrafts, Synth: synth,
		Lang: a.lang, Generator: "loa " + version, Progress: p.event,
	})
	p.close()
	if err != nil {
		if errors.Is(err, export.ErrLocked) {
			return exitError{exitLocked, err}
		}
		if cmd.Context().Err() != nil {
			return cmd.Context().Err()
		}
		if sum != nil && sum.Failed < len(sum.Items) {
			// Some bulletins were written, but not everything around them
			// (a playlist, the manifest): that is a partial failure too.
			p.summary(sum)
			return exitError{exitPartial, err}
		}
		return err
	}
	p.summary(sum)
	if sum.Failed > 0 {
		return exitError{exitPartial, i18n.Errorf("cli.export.partial", sum.Failed)}
	}
	return nil
}

func (a *app) runMerge(cmd *cobra.Command, out string, wait bool) error {
	res, err := export.Merge(cmd.Context(), out, wait, "loa "+version)
	if err != nil {
		if errors.Is(err, export.ErrLocked) {
			return exitError{exitLocked, err}
		}
		return err
	}
	if len(res.Parts) == 0 {
		a.info(a.T("cli.export.nothing_to_merge", res.Manifest, res.Bulletins, res.Files))
	} else {
		a.info(a.T("cli.export.merged", len(res.Parts), res.Manifest, res.Bulletins, res.Files))
	}
	return nil
}

// exportProgress shows a run: a bar on a terminal, a line per bulletin
// otherwise, JSON lines with --json, nothing but failures with --quiet.
type exportProgress struct {
	a    *app
	o    *exportOpts
	out  string
	bar  *progressbar.ProgressBar
	jenc *json.Encoder
}

func (a *app) newExportProgress(o *exportOpts, out string) *exportProgress {
	p := &exportProgress{a: a, o: o, out: out}
	if o.json {
		p.jenc = json.NewEncoder(a.io.Out)
		p.jenc.SetEscapeHTML(false)
	}
	return p
}

type jsonItem struct {
	Type    string   `json:"type"`
	Ward    string   `json:"ward"`
	Date    string   `json:"date"`
	Slot    string   `json:"slot"`
	Status  string   `json:"status"`
	Notices []string `json:"notices"`
	Files   []string `json:"files"`
	Seconds float64  `json:"seconds"`
	Hash    string   `json:"hash,omitempty"`
	Error   string   `json:"error,omitempty"`
}

type jsonSummary struct {
	Type     string  `json:"type"`
	Rendered int     `json:"rendered"`
	Reused   int     `json:"reused"`
	Skipped  int     `json:"skipped"`
	Failed   int     `json:"failed"`
	Written  int     `json:"written"`
	Removed  int     `json:"removed"`
	Manifest string  `json:"manifest"`
	Seconds  float64 `json:"seconds"`
}

func (p *exportProgress) event(e export.Event) {
	a := p.a
	switch e.Kind {
	case export.EventStart:
		if a.quiet || p.o.json {
			return
		}
		if a.io.Progress() && e.Total > 0 {
			p.bar = progressbar.NewOptions(e.Total,
				progressbar.OptionSetWriter(a.io.ErrOut),
				progressbar.OptionSetDescription(a.T("cli.export.bar")),
				progressbar.OptionShowCount(),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetPredictTime(true),
			)
			_ = p.bar.RenderBlank()
			return
		}
		a.info(a.T("cli.export.start", e.Total, p.out))
	case export.EventItem:
		it := e.Item
		if p.jenc != nil {
			j := jsonItem{Type: "item", Ward: it.Ward, Date: it.Date, Slot: it.Slot, Status: it.Status,
				Notices: nonNilStrings(it.Notices), Files: nonNilStrings(it.Files), Seconds: round1s(it.Seconds), Hash: it.Hash}
			if it.Err != nil {
				j.Error = describeOneLine(it.Err, a.lang)
			}
			_ = p.jenc.Encode(j)
		}
		if it.Status == export.StatusFailed {
			// Failures are shown whatever --quiet and --json say.
			p.clearBar()
			fmt.Fprintf(a.io.ErrOut, "%s %s\n", a.T("cli.error_prefix"),
				a.T("cli.export.item_failed", it.Date, it.Slot, it.Ward, describeOneLine(it.Err, a.lang)))
		}
		if p.bar != nil {
			_ = p.bar.Add(1)
			return
		}
		if a.quiet || p.o.json || it.Status == export.StatusFailed {
			return
		}
		a.info(a.T("cli.export.item", a.T("cli.export.item."+it.Status), it.Date, it.Slot, it.Ward))
	case export.EventFinish:
		p.close()
		if !a.quiet && !p.o.json {
			a.info(a.T("cli.export.finishing"))
		}
	}
}

func (p *exportProgress) clearBar() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

func (p *exportProgress) close() {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
}

func (p *exportProgress) summary(s *export.Summary) {
	a := p.a
	if p.jenc != nil {
		_ = p.jenc.Encode(jsonSummary{Type: "summary", Rendered: s.Rendered, Reused: s.Reused, Skipped: s.Skipped,
			Failed: s.Failed, Written: s.Written, Removed: len(s.Removed), Manifest: s.Manifest,
			Seconds: round1s(s.Elapsed.Seconds())})
	}
	if len(s.Removed) > 0 {
		a.info(a.T("cli.export.removed", len(s.Removed)))
	}
	a.info(a.T("cli.export.done", s.Rendered, s.Reused, s.Skipped, s.Failed, s.Written, s.Manifest, s.Elapsed.Seconds()))
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func round1s(x float64) float64 { return float64(int64(x*10+0.5)) / 10 }

func describeOneLine(err error, lang i18n.Lang) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(i18n.Describe(err, lang)), " ")
}
