// Package export is loa's batch runner: it renders every scheduled ward ×
// day × slot bulletin of a date range into an export folder, with the
// scripts, per-day playlists, a calendar and a manifest, and reports on
// what was exported.
//
// The export folder looks like:
//
//	DIR/<date>/<ward>/<HHMM>.mp3    (and .wav when asked)
//	DIR/<date>/<ward>/<HHMM>.txt    the announcer's script (.html, .json too)
//	DIR/<date>/<ward>/playlist.m3u  the day's bulletins, in order
//	DIR/schedule.ics                the range's schedule
//	DIR/manifest.json               every file with its sha256 and size
//
// Runs are incremental: every bulletin has an identity (Identity), a hash of
// everything that shapes its bytes, and rendered files are kept in a render
// cache under that name, so a re-run with nothing changed renders nothing
// and one changed notice re-renders only the bulletins that hold it. Files
// whose content is already right are left alone, modification time and all.
//
// Every file is written atomically (a temporary ".name.tmp-*" file in the
// same folder, synced, renamed, folder synced); a run killed at any moment
// leaves only complete files, the manifest is written last and only lists
// complete files, and running again finishes the job with the same bytes an
// uninterrupted run gives. One run at a time owns a folder (flock(2) on
// DIR/.loa-export.lock); shards of one export share it.
package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/schedule"
	"loa/pkg/script"
	"loa/pkg/vntext"
)

// Item statuses.
const (
	// StatusRendered: the audio was rendered by this run.
	StatusRendered = "rendered"
	// StatusReused: the audio came from the render cache (or from an
	// identical bulletin of this run) and some file was written.
	StatusReused = "reused"
	// StatusSkipped: every file was already there with the right content.
	StatusSkipped = "skipped"
	// StatusFailed: the bulletin could not be exported; Err says why.
	StatusFailed = "failed"
)

// Bulletin statuses in the manifest.
const (
	statusOK     = "ok"
	statusFailed = "failed"
)

// AudioFormats are the audio file types export writes.
var AudioFormats = []string{"mp3", "wav"}

// scriptFormats are the script.Write formats written beside each bulletin,
// with their file extensions.
var scriptFormats = []struct{ format, ext string }{{"text", "txt"}, {"html", "html"}, {"json", "json"}}

// Options configure a run.
type Options struct {
	Config  config.Config
	Notices *notice.Library
	Clips   *clips.Library
	// Timing measures bulletins for the scheduler; nil uses
	// script.NewTimer over the clip library, as loa render does.
	Timing schedule.Timing
	// From and To are the first and last day, inclusive; Wards the ward
	// ids (empty: all).
	From, To notice.Date
	Wards    []string
	// Out is the export folder; CacheDir the cache folder ("": Out/.loa-cache).
	Out      string
	CacheDir string
	// Jobs is the number of bulletins rendered at once (0: one per CPU).
	Jobs  int
	Shard Shard
	// Formats are the audio formats (mp3, wav); empty: Config.Export.Formats.
	Formats []string
	// Force renders again even what the cache holds.
	Force bool
	// Wait waits for the folder lock instead of failing.
	Wait bool
	// AllowDrafts exports notices that are not approved even when
	// notices.require_approval is set.
	AllowDrafts bool
	// Synth reads segments without a clip (nil: such bulletins fail).
	Synth bulletin.Synthesizer
	// Lang is the language of script labels, playlist titles, the calendar
	// and error texts in the manifest.
	Lang i18n.Lang
	// Generator names the program in the manifest and the identities
	// (e.g. "loa 1.2.0").
	Generator string
	// Progress, when set, is told about the run; it is called from one
	// goroutine at a time.
	Progress func(Event)
}

// EventKind says what an Event reports.
type EventKind int

// Event kinds.
const (
	// EventStart: the schedule is built; Total items will follow.
	EventStart EventKind = iota
	// EventItem: one bulletin is done (Item).
	EventItem
	// EventFinish: playlists, calendar and manifest are being written.
	EventFinish
)

// Event is a progress report.
type Event struct {
	Kind  EventKind
	Total int
	Done  int
	Item  *ItemResult
}

// ItemResult is what became of one bulletin.
type ItemResult struct {
	Ward    string
	Date    string
	Slot    string
	Notices []string
	Status  string
	// Files are the bulletin's files, relative to the export folder.
	Files   []string
	Seconds float64
	Hash    string
	Err     error
}

// Summary is the outcome of a run.
type Summary struct {
	Rendered, Reused, Skipped, Failed int
	Items                             []ItemResult
	// Written counts files written (new or changed); Removed lists files
	// of earlier exports that the schedule no longer has.
	Written int
	Removed []string
	// Manifest is the manifest (or part) file.
	Manifest string
	// MissingScriptFormats are script formats this build cannot write yet.
	MissingScriptFormats []string
	Elapsed              time.Duration
}

// exporter is one run's shared state.
type exporter struct {
	o       Options
	cfg     config.Config
	formats []string
	scripts []struct{ format, ext string }
	memo    *clipMemo
	norm    *vntext.Normalizer
	cache   *renderCache
	state   *state
	ro      bulletin.Options
	cfgHash string
	old     *Manifest // what the folder held before, all shards merged
	listed  map[string]bool
	scope   map[Day]bool

	interim sync.Once
	written int
	wmu     sync.Mutex
}

// Run exports the bulletins of the range. Per-bulletin failures are in the
// Summary (Failed > 0) and do not stop the others; the error is for the run
// as a whole: bad options, the folder locked (*LockedError), the context
// cancelled, or the manifest not written.
func Run(ctx context.Context, o Options) (*Summary, error) {
	start := time.Now()
	x, err := newExporter(ctx, o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, writeError(o.Out, err)
	}
	release, err := lockFolder(ctx, o.Out, o.Shard, o.Wait)
	if err != nil {
		return nil, err
	}
	defer release()
	sum, err := x.run(ctx)
	if sum != nil {
		sum.Elapsed = time.Since(start)
	}
	return sum, err
}

func newExporter(ctx context.Context, o Options) (*exporter, error) {
	if o.Out == "" {
		return nil, i18n.Errorf("export.no_out")
	}
	if o.Lang == "" {
		o.Lang = i18n.VI
	}
	if o.Shard.N == 0 {
		o.Shard = Shard{K: 1, N: 1}
	}
	if o.Shard.K < 1 || o.Shard.K > o.Shard.N {
		return nil, i18n.Errorf("export.bad_shard", o.Shard.String())
	}
	formats := o.Formats
	if len(formats) == 0 {
		formats = o.Config.Export.Formats
	}
	if len(formats) == 0 {
		formats = []string{"mp3"}
	}
	var uniq []string
	for _, f := range formats {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(AudioFormats, f) {
			return nil, i18n.Errorf("export.bad_format", f)
		}
		if !slices.Contains(uniq, f) {
			uniq = append(uniq, f)
		}
	}
	norm, err := vntext.New(script.NormalizerOptions(o.Config))
	if err != nil {
		return nil, err
	}
	ro := bulletin.OptionsFrom(o.Config)
	ro.Synth = o.Synth
	cfgJSON, err := json.Marshal(o.Config)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(cfgJSON)
	x := &exporter{o: o, cfg: o.Config, formats: uniq, norm: norm, ro: ro, cfgHash: hex.EncodeToString(sum[:]),
		memo: newClipMemo(ctx, o.Clips, ro)}
	for _, sf := range scriptFormats {
		if slices.Contains(script.Formats, sf.format) {
			x.scripts = append(x.scripts, sf)
		}
	}
	return x, nil
}

// MissingScriptFormats lists the script formats export would write that
// this build of pkg/script does not have yet.
func MissingScriptFormats() []string {
	var out []string
	for _, sf := range scriptFormats {
		if !slices.Contains(script.Formats, sf.format) {
			out = append(out, sf.format)
		}
	}
	return out
}

func (x *exporter) run(ctx context.Context) (*Summary, error) {
	o := x.o
	whole := o.Shard.Whole()
	cacheDir := o.CacheDir
	if cacheDir == "" || os.MkdirAll(cacheDir, 0o755) != nil {
		cacheDir = filepath.Join(o.Out, ".loa-cache")
	}
	x.cache = newRenderCache(cacheDir, o.Clips, o.Force)
	removeTemps(filepath.Join(cacheDir, "bulletins"), false, time.Hour)
	// One store of encoded clips for all workers: every MP3 bulletin that
	// can be joined is made from clips encoded once (see bulletin.Pieces).
	x.ro.Pieces = bulletin.NewPieces(filepath.Join(cacheDir, "pieces"))
	removeTemps(filepath.Join(cacheDir, "pieces"), true, time.Hour)

	sch, err := x.schedule()
	if err != nil {
		return nil, err
	}
	days := x.days(sch)
	x.scope = map[Day]bool{}
	for _, d := range days {
		x.scope[d] = true
	}
	// Temporary files of killed runs: a whole run owns every folder, a
	// shard only its ward-days.
	if whole {
		removeTemps(o.Out, true, 0)
	} else {
		for _, d := range days {
			removeTemps(filepath.Join(o.Out, d.Date, d.Ward), true, 0)
		}
	}
	x.old, _, _ = LoadManifests(o.Out)
	if x.old == nil {
		x.old = newManifest()
	}
	x.listed = map[string]bool{}
	for _, f := range x.old.Files {
		x.listed[f.Path] = true
	}
	x.state = loadState(o.Out, o.Shard)
	defer x.state.close()

	var items []schedule.Item
	for _, it := range sch.Bulletins() {
		if x.scope[Day{it.Date, it.Ward}] {
			items = append(items, it)
		}
	}
	sum := &Summary{MissingScriptFormats: MissingScriptFormats()}
	results := make([]itemOutcome, len(items))
	x.report(Event{Kind: EventStart, Total: len(items)})
	var pmu sync.Mutex
	done := 0
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	runPool(ctx, jobs, len(items), func(i int) {
		results[i] = x.item(ctx, items[i])
		pmu.Lock()
		done++
		r := results[i].res
		x.report(Event{Kind: EventItem, Total: len(items), Done: done, Item: &r})
		pmu.Unlock()
	})
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	x.report(Event{Kind: EventFinish, Total: len(items), Done: done})

	part := newManifest()
	part.Generator, part.Station = o.Generator, x.cfg.Station.Name
	part.Days = append(part.Days, days...)
	keepPaths := map[string]bool{}
	byDay := map[Day][]*itemOutcome{}
	for i := range results {
		r := &results[i]
		sum.Items = append(sum.Items, r.res)
		switch r.res.Status {
		case StatusRendered:
			sum.Rendered++
		case StatusReused:
			sum.Reused++
		case StatusSkipped:
			sum.Skipped++
		default:
			sum.Failed++
		}
		part.Bulletins = append(part.Bulletins, r.bulletin)
		part.Files = append(part.Files, r.files...)
		for _, p := range r.keep {
			keepPaths[p] = true
		}
		d := Day{r.res.Date, r.res.Ward}
		byDay[d] = append(byDay[d], r)
	}
	var errs []error
	for _, d := range days {
		f, err := x.playlist(sch, d, byDay[d])
		if err != nil {
			errs = append(errs, err)
		} else if f != nil {
			part.Files = append(part.Files, *f)
			keepPaths[f.Path] = true
		}
	}
	if whole || o.Shard.K == 1 {
		var buf bytes.Buffer
		if err := schedule.WriteICS(&buf, sch, o.Lang); err != nil {
			errs = append(errs, err)
		} else if f, err := x.placeBytes("schedule.ics", buf.Bytes()); err != nil {
			errs = append(errs, err)
		} else {
			part.Files = append(part.Files, f)
			keepPaths[f.Path] = true
		}
	}
	sum.Removed = x.removeStale(days, keepPaths)
	if len(errs) > 0 {
		return sum, errors.Join(errs...)
	}

	if whole {
		m := x.old.without(nil)
		m.merge(part)
		m.Shard = ""
		m.Generator, m.Station = o.Generator, x.cfg.Station.Name
		m.dropMissing(o.Out)
		sum.Manifest = filepath.Join(o.Out, ManifestName)
		if err := x.writeManifest(ManifestName, m); err != nil {
			return sum, err
		}
		for _, p := range partPaths(o.Out) {
			_ = os.Remove(p)
		}
		keep := map[string]bool{}
		for _, f := range m.Files {
			keep[f.Path] = true
		}
		x.state.compact(keep, true)
	} else {
		part.Shard = o.Shard.String()
		sum.Manifest = filepath.Join(o.Out, o.Shard.PartName())
		if err := x.writeManifest(o.Shard.PartName(), part); err != nil {
			return sum, err
		}
		x.state.compact(keepPaths, false)
	}
	sum.Written = x.written
	return sum, nil
}

func (x *exporter) report(e Event) {
	if x.o.Progress != nil {
		x.o.Progress(e)
	}
}

// schedule plans the range with the run's timing.
func (x *exporter) schedule() (*schedule.Schedule, error) {
	timing := x.o.Timing
	if timing == nil {
		t, err := script.NewTimer(x.cfg, x.o.Notices.Notices, x.memo.forWard)
		if err != nil {
			return nil, err
		}
		timing = t
	}
	return schedule.Build(schedule.Input{Config: x.cfg, Notices: x.o.Notices.Notices, Timing: timing,
		From: x.o.From, To: x.o.To, Wards: x.o.Wards})
}

// days lists this shard's ward-days: every ward of the schedule on every
// date of the range, sorted by date then ward id, dealt round-robin.
func (x *exporter) days(sch *schedule.Schedule) []Day {
	var all []Day
	for d := x.o.From.Time; !d.After(x.o.To.Time); d = d.AddDate(0, 0, 1) {
		for _, w := range sch.Wards {
			all = append(all, Day{Date: d.Format(notice.DateLayout), Ward: w.ID})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		return all[i].Date < all[j].Date || all[i].Date == all[j].Date && all[i].Ward < all[j].Ward
	})
	var mine []Day
	for i, d := range all {
		if x.o.Shard.owns(i) {
			mine = append(mine, d)
		}
	}
	return mine
}

// beforeChange is called before a file the current manifest lists is
// replaced or removed: a whole run first rewrites the manifest without the
// ward-days it is exporting (folding in any parts), so that a crash from
// here on leaves a manifest that lists only files that are still as it says.
func (x *exporter) beforeChange(rel string) {
	if !x.listed[rel] || !x.o.Shard.Whole() {
		return
	}
	x.interim.Do(func() {
		m := x.old.without(x.scope)
		m.Generator, m.Station = x.o.Generator, x.cfg.Station.Name
		if data, err := m.encode(); err == nil {
			if writeAtomic(filepath.Join(x.o.Out, ManifestName), data) == nil {
				for _, p := range partPaths(x.o.Out) {
					_ = os.Remove(p)
				}
			}
		}
	})
}

// placeBytes makes rel hold data, writing only when it differs.
func (x *exporter) placeBytes(rel string, data []byte) (File, error) {
	f, _, err := x.placeBytesChanged(rel, data)
	return f, err
}

// placeBytesChanged is placeBytes that also tells whether it wrote.
func (x *exporter) placeBytesChanged(rel string, data []byte) (File, bool, error) {
	sum := sha256.Sum256(data)
	kind, format := fileKind(rel)
	f := File{Path: rel, Kind: kind, Format: format, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}
	path := filepath.Join(x.o.Out, filepath.FromSlash(rel))
	if sameContent(path, data) {
		return f, false, nil
	}
	x.beforeChange(rel)
	if err := writeAtomic(path, data); err != nil {
		return f, false, err
	}
	x.countWrite()
	return f, true, nil
}

// placeCached makes rel a copy of the cache entry, unless it already is
// one. changed is true when it was written.
func (x *exporter) placeCached(e cacheEntry, rel string) (changed bool, err error) {
	path := filepath.Join(x.o.Out, filepath.FromSlash(rel))
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() == e.Size {
		if sha, ok := x.state.lookup(rel, fi); ok && !x.o.Force {
			if sha == e.SHA256 {
				return false, nil
			}
		} else if sha, _, err := hashFile(path); err == nil && sha == e.SHA256 {
			x.state.record(rel, sha)
			return false, nil
		}
	}
	x.beforeChange(rel)
	if err := copyAtomic(e.path, path, e.SHA256); err != nil {
		return false, err
	}
	x.state.record(rel, e.SHA256)
	x.countWrite()
	return true, nil
}

func (x *exporter) countWrite() {
	x.wmu.Lock()
	x.written++
	x.wmu.Unlock()
}

// writeManifest writes the manifest (or part) last, atomically, and only
// when its bytes change.
func (x *exporter) writeManifest(name string, m *Manifest) error {
	data, err := m.encode()
	if err != nil {
		return err
	}
	path := filepath.Join(x.o.Out, name)
	if sameContent(path, data) {
		return nil
	}
	return writeAtomic(path, data)
}

// stalePattern matches the names export writes in a ward-day folder.
func exportName(name string) bool {
	if name == "playlist.m3u" {
		return true
	}
	base, ext, ok := strings.Cut(name, ".")
	if !ok || len(base) != 4 || strings.Trim(base, "0123456789") != "" {
		return false
	}
	switch ext {
	case "mp3", "wav", "txt", "html", "json":
		return true
	}
	return false
}

// removeStale deletes, in this run's ward-day folders, files an export
// writes that this run did not produce: a slot the schedule no longer
// fills, an audio format no longer asked for. Files of failed bulletins
// are kept.
func (x *exporter) removeStale(days []Day, keep map[string]bool) []string {
	var removed []string
	for _, d := range days {
		dir := filepath.Join(x.o.Out, d.Date, d.Ward)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() || !exportName(e.Name()) {
				continue
			}
			rel := d.Date + "/" + d.Ward + "/" + e.Name()
			if keep[rel] {
				continue
			}
			x.beforeChange(rel)
			if os.Remove(filepath.Join(dir, e.Name())) == nil {
				removed = append(removed, rel)
			}
		}
		removeEmptyDirs(dir, filepath.Clean(x.o.Out))
	}
	return removed
}

// runPool calls fn(0..n-1) on up to jobs goroutines, handing out no new
// work once ctx is done.
func runPool(ctx context.Context, jobs, n int, fn func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
}

// describe renders an error for the manifest and the summary.
func describe(err error, lang i18n.Lang) string {
	return strings.ReplaceAll(i18n.Describe(err, lang), "\n", " ")
}
