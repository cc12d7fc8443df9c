package export

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/schedule"
	"loa/pkg/script"
)

// itemOutcome is one bulletin's result with its manifest entries.
type itemOutcome struct {
	res      ItemResult
	bulletin Bulletin
	files    []File
	// keep are the paths of the bulletin that stale-file removal must not
	// touch (for a failed bulletin: whatever an earlier run left there).
	keep []string
}

// ErrDraft is matched by the error of a bulletin refused for drafts.
var ErrDraft = errors.New("notice not approved")

func hhmm(slot string) string { return strings.ReplaceAll(slot, ":", "") }

// item exports one bulletin.
func (x *exporter) item(ctx context.Context, it schedule.Item) itemOutcome {
	out := itemOutcome{
		res: ItemResult{Ward: it.Ward, Date: it.Date, Slot: it.Slot, Notices: it.Notices},
		bulletin: Bulletin{Ward: it.Ward, Date: it.Date, Slot: it.Slot, Status: statusFailed,
			Seconds: round3(it.Seconds), Notices: []NoticeRef{}, Files: []string{}},
	}
	base := path.Join(it.Date, it.Ward, hhmm(it.Slot))
	for _, f := range x.formats {
		out.keep = append(out.keep, base+"."+f)
	}
	for _, sf := range x.scripts {
		out.keep = append(out.keep, base+"."+sf.ext)
	}
	fail := func(err error) itemOutcome {
		out.res.Status = StatusFailed
		out.res.Err = err
		out.bulletin.Error = describe(err, x.o.Lang)
		return out
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	ward, _ := x.cfg.Ward(it.Ward)
	out.bulletin.WardName = ward.Name
	var notices []*notice.Notice
	var drafts []string
	for _, id := range it.Notices {
		n, ok := x.o.Notices.Get(id)
		if !ok {
			return fail(i18n.Errorf("export.unknown_notice", id))
		}
		notices = append(notices, n)
		out.bulletin.Notices = append(out.bulletin.Notices, NoticeRef{ID: n.ID, Title: n.Title,
			Priority: string(n.Priority), Approved: n.Approved(), State: string(n.State())})
		if !n.Approved() {
			drafts = append(drafts, n.ID)
		}
	}
	if len(drafts) > 0 && x.cfg.Notices.RequireApproval && !x.o.AllowDrafts {
		return fail(i18n.Wrap(fmt.Errorf("%w: %s", ErrDraft, strings.Join(drafts, ", ")), "export.draft", strings.Join(drafts, ", ")))
	}
	date, err := notice.ParseDate(it.Date)
	if err != nil {
		return fail(err)
	}
	s, err := script.Build(script.Input{Config: x.cfg, Ward: ward, Date: date, Slot: it.Slot, Seconds: it.MaxSeconds,
		Notices: notices, Clips: x.memo.forWard(ward.ID), Text: x.norm})
	if err != nil {
		return fail(err)
	}
	for i := range out.bulletin.Notices {
		out.bulletin.Notices[i].Seconds = round3(noticeAirtime(s, out.bulletin.Notices[i].ID))
	}
	plan, err := bulletin.NewPlan(s, x.o.Clips, x.o.Synth != nil)
	if err != nil {
		return fail(err)
	}
	ro := x.ro
	ro.Description = fmt.Sprintf("%s, %s %s", ward.Name, it.Date, it.Slot)

	rendered, changed := false, false
	var fileNotices []FileNotice
	for _, n := range out.bulletin.Notices {
		fileNotices = append(fileNotices, FileNotice{ID: n.ID, State: n.State})
	}
	for _, format := range x.formats {
		key, err := Identity(plan, ro, format, x.o.Generator, clips.FileHash)
		if err != nil {
			return fail(err)
		}
		rel := base + "." + format
		var e cacheEntry
		for attempt := 0; ; attempt++ {
			var r bool
			e, r, err = x.cache.get(ctx, key, format, plan, ro)
			if err != nil {
				if ctx.Err() != nil {
					return fail(ctx.Err())
				}
				var mc *bulletin.MissingClipsError
				var ie *i18n.Error
				if !errors.As(err, &mc) && !errors.As(err, &ie) {
					err = i18n.Wrap(err, "export.render_failed", it.Ward, it.Date, it.Slot, err.Error())
				}
				return fail(err)
			}
			rendered = rendered || r
			c, err := x.placeCached(e, rel)
			if errors.Is(err, errBadCopy) && attempt == 0 {
				x.cache.drop(e)
				continue
			}
			if err != nil {
				return fail(err)
			}
			changed = changed || c
			break
		}
		if out.bulletin.Hash == "" {
			out.bulletin.Hash = key
			out.bulletin.Seconds = round3(e.Seconds)
			out.bulletin.IntegratedLUFS, out.bulletin.TruePeakDBTP = e.Integrated, e.TruePeak
			out.res.Seconds = e.Seconds
			out.res.Hash = key
		}
		secs := round3(e.Seconds)
		out.files = append(out.files, File{Path: rel, Kind: "audio", Format: format, SHA256: e.SHA256, Size: e.Size,
			Ward: it.Ward, Date: it.Date, Slot: it.Slot, DurationSeconds: &secs,
			IntegratedLUFS: e.Integrated, TruePeakDBTP: e.TruePeak, Notices: fileNotices})
	}
	dump := scriptDump(s)
	for _, sf := range x.scripts {
		rel := base + "." + sf.ext
		key := x.scriptKey(dump, sf.format)
		f, ok := x.knownFile(rel, key)
		if !ok {
			var buf bytes.Buffer
			if err := script.Write(&buf, s, sf.format, x.o.Lang); err != nil {
				return fail(err)
			}
			var c bool
			f, c, err = x.placeBytesChanged(rel, buf.Bytes())
			if err != nil {
				return fail(err)
			}
			x.state.recordKey(rel, f.SHA256, key)
			changed = changed || c
		}
		f.Ward, f.Date, f.Slot = it.Ward, it.Date, it.Slot
		out.files = append(out.files, f)
	}
	for _, f := range out.files {
		out.res.Files = append(out.res.Files, f.Path)
		out.bulletin.Files = append(out.bulletin.Files, f.Path)
	}
	out.bulletin.Status = statusOK
	switch {
	case rendered:
		out.res.Status = StatusRendered
	case changed:
		out.res.Status = StatusReused
	default:
		out.res.Status = StatusSkipped
	}
	return out
}

// scriptKey identifies a script file's bytes: the script, the format and
// language, the configuration (which also decides the spoken-form spans
// left out of the dump) and the program that writes it (its executable's
// size and time, so a new build writes its scripts anew).
func (x *exporter) scriptKey(dump []byte, format string) string {
	h := sha256.New()
	fmt.Fprintf(h, "script|%s|%s|%s|%s|%s|%s\n", RenderVersion, x.o.Generator, executableID(), x.cfgHash, x.o.Lang, format)
	h.Write(dump)
	return hex.EncodeToString(h.Sum(nil))
}

// scriptDump is every field of a script that its writers read, but the
// spans, which the normalizer derives from the text.
func scriptDump(s *script.Script) []byte {
	var b bytes.Buffer
	q := func(v ...any) {
		for _, x := range v {
			fmt.Fprintf(&b, "%v\x1f", x)
		}
		b.WriteByte('\n')
	}
	q(s.Ward, s.WardName, s.Station, s.Date, s.Slot, s.SlotSeconds, s.Total, s.Over, len(s.Segments), s.Notices)
	for _, g := range s.Segments {
		q(g.Kind, g.Key, g.Title, g.Text, g.Spoken, g.Syllables, g.Clip, g.Start, g.Duration, g.Estimated, g.Repeat, g.ClipKind, g.Gap, len(g.Spans))
	}
	for _, w := range s.Warnings {
		q(w.Segment, w.Sentence, w.Syllables, w.Text.Key, w.Text.Args)
	}
	return b.Bytes()
}

// knownFile returns the manifest entry of rel without reading it when the
// state says it was made from key and it has not changed since.
func (x *exporter) knownFile(rel, key string) (File, bool) {
	if x.o.Force {
		return File{}, false
	}
	fi, err := os.Stat(filepath.Join(x.o.Out, filepath.FromSlash(rel)))
	if err != nil || !fi.Mode().IsRegular() {
		return File{}, false
	}
	e, ok := x.state.entry(rel, fi)
	if !ok || e.Key != key {
		return File{}, false
	}
	kind, format := fileKind(rel)
	return File{Path: rel, Kind: kind, Format: format, SHA256: e.SHA, Size: e.Size}, true
}

var executableID = sync.OnceValue(func() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(p)
	if err != nil {
		return p
	}
	return fmt.Sprintf("%s|%d|%d", p, fi.Size(), fi.ModTime().UnixNano())
})

// noticeAirtime is the reading time of a notice in a script (both readings).
func noticeAirtime(s *script.Script, id string) float64 {
	t := 0.0
	for _, seg := range s.Segments {
		if seg.Kind == script.KindNotice && seg.Key == id {
			t += seg.Duration
		}
	}
	return t
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// playlist writes a ward-day's playlist.m3u: its exported bulletins in slot
// order, with their real lengths. A day without any exported bulletin gets
// none.
func (x *exporter) playlist(sch *schedule.Schedule, d Day, items []*itemOutcome) (*File, error) {
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	fmt.Fprintf(w, "#EXTM3U\n#PLAYLIST:%s – %s\n", oneLine(sch.WardName(d.Ward)), d.Date)
	n := 0
	for _, r := range sortedBySlot(items) {
		if r.bulletin.Status != statusOK {
			continue
		}
		title := i18n.T(x.o.Lang, "export.m3u.title", sch.WardName(d.Ward), d.Date, r.res.Slot, len(r.res.Notices))
		fmt.Fprintf(w, "#EXTINF:%d,%s\n%s\n", int(math.Round(r.res.Seconds)), oneLine(title), hhmm(r.res.Slot)+"."+x.formats[0])
		n++
	}
	if n == 0 {
		return nil, nil
	}
	w.Flush()
	f, err := x.placeBytes(path.Join(d.Date, d.Ward, "playlist.m3u"), b.Bytes())
	if err != nil {
		return nil, err
	}
	f.Ward, f.Date = d.Ward, d.Date
	return &f, nil
}

func sortedBySlot(items []*itemOutcome) []*itemOutcome {
	out := append([]*itemOutcome(nil), items...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].res.Slot < out[j-1].res.Slot; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
