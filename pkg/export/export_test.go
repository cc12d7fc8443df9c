package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"loa/pkg/bulletin"
	"loa/pkg/i18n"
)

func TestParseShard(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want Shard
		ok   bool
	}{
		{"first of four", "1/4", Shard{1, 4}, true},
		{"last of four", "4/4", Shard{4, 4}, true},
		{"whole", "1/1", Shard{1, 1}, true},
		{"spaces", " 2/3 ", Shard{2, 3}, true},
		{"zero index", "0/4", Shard{}, false},
		{"past the end", "5/4", Shard{}, false},
		{"no slash", "2", Shard{}, false},
		{"words", "a/b", Shard{}, false},
		{"zero parts", "1/0", Shard{}, false},
		{"negative", "-1/3", Shard{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ParseShard(c.in)
			if (err == nil) != c.ok || got != c.want {
				t.Fatalf("ParseShard(%q) = %v, %v; want %v, ok=%v", c.in, got, err, c.want, c.ok)
			}
		})
	}
}

// Every ward-day belongs to exactly one shard, and shares differ by at
// most one.
func TestShardsPartitionTheWork(t *testing.T) {
	f := newFixture(t, 3)
	for _, n := range []int{1, 2, 3, 7} {
		seen := map[Day]int{}
		var sizes []int
		for k := 1; k <= n; k++ {
			o := f.options(t, t.TempDir(), "2024-07-01", "2024-07-14")
			o.Shard = Shard{k, n}
			x, err := newExporter(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			sch, err := x.schedule()
			if err != nil {
				t.Fatal(err)
			}
			days := x.days(sch)
			sizes = append(sizes, len(days))
			for _, d := range days {
				seen[d]++
			}
		}
		if len(seen) != 3*14 {
			t.Errorf("N=%d: %d ward-days covered, want 42", n, len(seen))
		}
		for d, c := range seen {
			if c != 1 {
				t.Errorf("N=%d: %v in %d shards", n, d, c)
			}
		}
		if slices.Max(sizes)-slices.Min(sizes) > 1 {
			t.Errorf("N=%d: unbalanced shares %v", n, sizes)
		}
	}
}

func run(t testing.TB, o Options) *Summary {
	t.Helper()
	sum, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return sum
}

func mtimes(t testing.TB, out string) map[string]time.Time {
	t.Helper()
	m := map[string]time.Time{}
	for p := range snapshot(t, out) {
		fi, err := os.Stat(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		m[p] = fi.ModTime()
	}
	return m
}

// The whole incremental story: a first run renders everything and writes
// a consistent folder; a second renders and writes nothing; a changed clip
// re-renders only the bulletins that use it; touching a file changes nothing.
func TestExportIncremental(t *testing.T) {
	f := newFixture(t, 2)
	out := filepath.Join(t.TempDir(), "out")
	o := f.options(t, out, "2024-07-08", "2024-07-12")

	sum := run(t, o)
	if sum.Failed != 0 || sum.Rendered != 10 || len(sum.Items) != 10 {
		t.Fatalf("first run: %+v", sum)
	}
	checkFolder(t, out)
	for _, rel := range []string{"schedule.ics", "manifest.json", "2024-07-08/phuong-1/0600.mp3",
		"2024-07-08/phuong-1/0600.txt", "2024-07-08/phuong-1/0600.json", "2024-07-12/phuong-2/playlist.m3u"} {
		if _, err := os.Stat(filepath.Join(out, rel)); err != nil {
			t.Errorf("missing %s", rel)
		}
	}
	m, err := ReadManifest(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Bulletins) != 10 || len(m.Days) != 10 {
		t.Fatalf("manifest: %d bulletins, %d days", len(m.Bulletins), len(m.Days))
	}
	for _, b := range m.Bulletins {
		if b.Status != statusOK || b.Seconds <= 0 || b.IntegratedLUFS == nil || len(b.Notices) == 0 {
			t.Errorf("bulletin %+v", b)
		}
		for _, n := range b.Notices {
			if n.State != "approved" || !n.Approved || n.Seconds <= 0 {
				t.Errorf("notice %+v", n)
			}
		}
	}
	pl, _ := os.ReadFile(filepath.Join(out, "2024-07-08", "phuong-1", "playlist.m3u"))
	if !bytes.HasPrefix(pl, []byte("#EXTM3U\n")) || !bytes.Contains(pl, []byte("\n0600.mp3\n")) {
		t.Errorf("playlist:\n%s", pl)
	}
	before := snapshot(t, out)
	times := mtimes(t, out)

	// Nothing changed: nothing rendered, nothing written, mtimes kept.
	sum = run(t, o)
	if sum.Rendered != 0 || sum.Reused != 0 || sum.Skipped != 10 || sum.Written != 0 {
		t.Fatalf("unchanged re-run: rendered %d reused %d skipped %d written %d", sum.Rendered, sum.Reused, sum.Skipped, sum.Written)
	}
	sameSnapshots(t, snapshot(t, out), before)
	for p, mt := range mtimes(t, out) {
		if !mt.Equal(times[p]) {
			t.Errorf("%s rewritten", p)
		}
	}

	// A new recording of one notice: only its bulletins are rendered.
	holding := 0
	for _, b := range m.Bulletins {
		for _, n := range b.Notices {
			if n.ID == "canh-bao-c" {
				holding++
			}
		}
	}
	if holding == 0 || holding == 10 {
		t.Fatalf("canh-bao-c is in %d of 10 bulletins; the test needs some", holding)
	}
	writeTone(t, filepath.Join(f.root, "audio", "notices", "canh-bao-c.wav"), 1234, 0.8)
	o = f.options(t, out, "2024-07-08", "2024-07-12")
	sum = run(t, o)
	if sum.Rendered != holding || sum.Skipped != 10-holding {
		t.Fatalf("after a changed clip: rendered %d skipped %d; want %d and %d", sum.Rendered, sum.Skipped, holding, 10-holding)
	}
	checkFolder(t, out)

	// A changed text read by the placeholder voice: the same.
	f.writeNotice(t, "canh-bao-giong-may", 1, "Một nội dung mới hẳn, đọc bằng giọng máy.", true)
	o = f.options(t, out, "2024-07-08", "2024-07-12")
	sum = run(t, o)
	if sum.Rendered == 0 || sum.Rendered == 10 || sum.Failed != 0 {
		t.Fatalf("after a changed text: %+v", sum)
	}
	checkFolder(t, out)

	// Touching a clip (same content) changes nothing.
	now := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(f.root, "audio", "notices", "canh-bao-a.wav"), now, now); err != nil {
		t.Fatal(err)
	}
	sum = run(t, f.options(t, out, "2024-07-08", "2024-07-12"))
	if sum.Rendered != 0 || sum.Written != 0 {
		t.Fatalf("after touching a clip: %+v", sum)
	}

	// A damaged file in the folder is put right from the cache.
	victim := filepath.Join(out, "2024-07-09", "phuong-2", "0600.mp3")
	data, _ := os.ReadFile(victim)
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(victim, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum = run(t, f.options(t, out, "2024-07-08", "2024-07-12"))
	if sum.Rendered != 0 || sum.Reused != 1 || sum.Written != 1 {
		t.Fatalf("after damaging a file: %+v", sum)
	}
	checkFolder(t, out)
}

// A whole export into a fresh folder with a warm cache renders nothing and
// gives the same bytes; a fresh cache gives the same bytes too.
func TestExportRepeatable(t *testing.T) {
	f := newFixture(t, 1)
	a := filepath.Join(t.TempDir(), "a")
	run(t, f.options(t, a, "2024-07-08", "2024-07-10"))
	b := filepath.Join(t.TempDir(), "b")
	sum := run(t, f.options(t, b, "2024-07-08", "2024-07-10"))
	if sum.Rendered != 0 || sum.Reused != 3 {
		t.Fatalf("warm cache: %+v", sum)
	}
	sameSnapshots(t, snapshot(t, b), snapshot(t, a))
	c := filepath.Join(t.TempDir(), "c")
	o := f.options(t, c, "2024-07-08", "2024-07-10")
	o.CacheDir = filepath.Join(t.TempDir(), "other-cache")
	if sum := run(t, o); sum.Rendered != 3 {
		t.Fatalf("cold cache: %+v", sum)
	}
	sameSnapshots(t, snapshot(t, c), snapshot(t, a))
}

func TestExportDrafts(t *testing.T) {
	f := newFixture(t, 1)
	f.writeNotice(t, "canh-bao-a", 5, "Bản nháp chưa duyệt.", false)
	out := filepath.Join(t.TempDir(), "out")
	sum, err := Run(context.Background(), f.options(t, out, "2024-07-08", "2024-07-12"))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 5 {
		t.Fatalf("drafts: %d failed, want 5 (canh-bao-a airs every day)", sum.Failed)
	}
	for _, it := range sum.Items {
		if !errors.Is(it.Err, ErrDraft) || !strings.Contains(i18n.Describe(it.Err, i18n.EN), "canh-bao-a") {
			t.Errorf("item error %v", it.Err)
		}
	}
	m, _ := ReadManifest(filepath.Join(out, ManifestName))
	if m == nil || len(m.Files) != 1 || m.Files[0].Path != "schedule.ics" || m.Bulletins[0].Status != statusFailed {
		t.Fatalf("manifest of a refused run: %+v", m)
	}
	checkFolder(t, out)

	o := f.options(t, out, "2024-07-08", "2024-07-12")
	o.AllowDrafts = true
	sum = run(t, o)
	if sum.Failed != 0 || sum.Rendered != 5 {
		t.Fatalf("--allow-drafts: %+v", sum)
	}
	m, _ = ReadManifest(filepath.Join(out, ManifestName))
	states := map[string]string{}
	for _, fl := range m.Files {
		for _, n := range fl.Notices {
			states[n.ID] = n.State
		}
	}
	if states["canh-bao-a"] != "draft" || states["canh-bao-b"] != "approved" {
		t.Errorf("approval states in the manifest: %v", states)
	}

	// Without require_approval, drafts go out.
	f.cfg.Notices.RequireApproval = false
	if sum := run(t, f.options(t, filepath.Join(t.TempDir(), "x"), "2024-07-08", "2024-07-08")); sum.Failed != 0 {
		t.Fatalf("require_approval false: %+v", sum)
	}
}

// A missing clip fails only its bulletins, naming the clip; the others
// are written and the summary counts the failures.
func TestExportMissingClip(t *testing.T) {
	f := newFixture(t, 1)
	if err := os.Remove(filepath.Join(f.root, "audio", "notices", "canh-bao-b.wav")); err != nil {
		t.Fatal(err)
	}
	o := f.options(t, filepath.Join(t.TempDir(), "out"), "2024-07-08", "2024-07-12")
	o.Synth = nil
	sum := run(t, o)
	if sum.Failed == 0 || sum.Failed == 5 {
		t.Fatalf("missing clip: %+v", sum)
	}
	for _, it := range sum.Items {
		if it.Status != StatusFailed {
			continue
		}
		var mc *bulletin.MissingClipsError
		if !errors.As(it.Err, &mc) {
			t.Errorf("error %v is not a MissingClipsError", it.Err)
		}
	}
	checkFolder(t, o.Out)
}

func TestExportWAVAndStale(t *testing.T) {
	f := newFixture(t, 1)
	out := filepath.Join(t.TempDir(), "out")
	o := f.options(t, out, "2024-07-08", "2024-07-09")
	o.Formats = []string{"mp3", "wav"}
	run(t, o)
	wav := filepath.Join(out, "2024-07-08", "phuong-1", "0600.wav")
	if _, err := os.Stat(wav); err != nil {
		t.Fatal(err)
	}
	checkFolder(t, out)
	// WAV no longer asked for: the files go, and the manifest forgets them.
	o = f.options(t, out, "2024-07-08", "2024-07-09")
	sum := run(t, o)
	if len(sum.Removed) != 2 {
		t.Errorf("removed %v", sum.Removed)
	}
	if _, err := os.Stat(wav); !os.IsNotExist(err) {
		t.Errorf("%s still there", wav)
	}
	checkFolder(t, out)
	// A file that is not an export's is never touched.
	keep := filepath.Join(out, "2024-07-08", "phuong-1", "ghi-chu.txt")
	if err := os.WriteFile(keep, []byte("của tôi"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, o)
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a user's file was removed: %v", err)
	}
}

// Nightly runs of one day each build up one manifest.
func TestManifestAccumulates(t *testing.T) {
	f := newFixture(t, 1)
	out := filepath.Join(t.TempDir(), "out")
	for _, d := range []string{"2024-07-08", "2024-07-09", "2024-07-10"} {
		run(t, f.options(t, out, d, d))
	}
	m, err := ReadManifest(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Bulletins) != 3 {
		t.Fatalf("%d bulletins after three nightly runs", len(m.Bulletins))
	}
	// A pruned day folder drops out at the next run.
	if err := os.RemoveAll(filepath.Join(out, "2024-07-08")); err != nil {
		t.Fatal(err)
	}
	run(t, f.options(t, out, "2024-07-11", "2024-07-11"))
	m, _ = ReadManifest(filepath.Join(out, ManifestName))
	if len(m.Bulletins) != 3 || m.Bulletins[0].Date != "2024-07-09" {
		t.Fatalf("after pruning: %+v", m.Bulletins)
	}
	checkFolder(t, out)
}

// Ctrl-C: the run stops, says so, and leaves no partial file.
func TestExportCancel(t *testing.T) {
	f := newFixture(t, 2)
	out := filepath.Join(t.TempDir(), "out")
	o := f.options(t, out, "2024-07-08", "2024-07-19")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o.Jobs = 1
	o.Progress = func(e Event) {
		if e.Kind == EventItem && e.Done == 2 {
			cancel()
		}
	}
	sum, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if sum == nil || sum.Rendered+sum.Reused+sum.Skipped != 0 {
		// Items are only counted once the run is through.
		t.Logf("summary %+v", sum)
	}
	checkFolder(t, out)
	// Running again finishes the job.
	sum = run(t, f.options(t, out, "2024-07-08", "2024-07-19"))
	if sum.Failed != 0 || sum.Rendered+sum.Reused+sum.Skipped != 20 {
		t.Fatalf("re-run: %+v", sum)
	}
	checkFolder(t, out)
}

func TestLock(t *testing.T) {
	f := newFixture(t, 1)
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	release, err := lockFolder(ctx, out, Shard{1, 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(ctx, f.options(t, out, "2024-07-08", "2024-07-08"))
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) || le.Holder.PID != os.Getpid() {
		t.Fatalf("err = %v, want a LockedError naming PID %d", err, os.Getpid())
	}
	for _, lang := range []i18n.Lang{i18n.VI, i18n.EN} {
		if msg := le.Localize(lang); !strings.Contains(msg, "PID") || !strings.Contains(msg, "--wait") {
			t.Errorf("%s message: %s", lang, msg)
		}
	}
	// Shards cannot start either, nor a merge.
	o := f.options(t, out, "2024-07-08", "2024-07-08")
	o.Shard = Shard{1, 2}
	if _, err := Run(ctx, o); !errors.Is(err, ErrLocked) {
		t.Fatalf("shard while locked: %v", err)
	}
	if _, err := Merge(ctx, out, false, ""); !errors.Is(err, ErrLocked) {
		t.Fatalf("merge while locked: %v", err)
	}
	// --wait waits for the holder.
	go func() {
		time.Sleep(300 * time.Millisecond)
		release()
	}()
	o = f.options(t, out, "2024-07-08", "2024-07-08")
	o.Wait = true
	if _, err := Run(ctx, o); err != nil {
		t.Fatalf("--wait: %v", err)
	}
	// A lock file left by a dead process (no flock held) is taken over.
	if err := os.WriteFile(filepath.Join(out, LockName), []byte(`{"pid":999999,"host":"x","started":"2024-01-01T00:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, f.options(t, out, "2024-07-08", "2024-07-08")); err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	// Two shards share the folder; a whole run waits for both.
	r1, err := lockFolder(ctx, out, Shard{1, 2}, false)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := lockFolder(ctx, out, Shard{2, 2}, false)
	if err != nil {
		t.Fatalf("second shard: %v", err)
	}
	if _, err := lockFolder(ctx, out, Shard{2, 2}, false); !errors.Is(err, ErrLocked) {
		t.Fatalf("the same shard twice: %v", err)
	}
	_, err = Run(ctx, f.options(t, out, "2024-07-08", "2024-07-08"))
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || le.Holder.Shard == "" {
		t.Fatalf("whole run while shards run: %v (%+v)", err, le)
	}
	r1()
	r2()
}

// Shards write parts; merging them gives the manifest a whole run gives.
func TestShardsAndMerge(t *testing.T) {
	f := newFixture(t, 2)
	whole := filepath.Join(t.TempDir(), "whole")
	run(t, f.options(t, whole, "2024-07-08", "2024-07-12"))

	out := filepath.Join(t.TempDir(), "sharded")
	total := 0
	for k := 1; k <= 3; k++ {
		o := f.options(t, out, "2024-07-08", "2024-07-12")
		o.Shard = Shard{k, 3}
		sum := run(t, o)
		total += len(sum.Items)
		if _, err := os.Stat(filepath.Join(out, o.Shard.PartName())); err != nil {
			t.Fatal(err)
		}
	}
	if total != 10 {
		t.Fatalf("shards did %d bulletins, want 10", total)
	}
	// The report reads unmerged parts too.
	m, sources, err := LoadManifests(out)
	if err != nil || len(sources) != 3 || len(m.Bulletins) != 10 {
		t.Fatalf("LoadManifests: %v, %v, %d bulletins", err, sources, len(m.Bulletins))
	}
	res, err := Merge(context.Background(), out, false, "loa test")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Parts) != 3 || len(partPaths(out)) != 0 {
		t.Fatalf("merge: %+v", res)
	}
	sameSnapshots(t, snapshot(t, out), snapshot(t, whole))
	// Merging again changes nothing.
	if res, err := Merge(context.Background(), out, false, "loa test"); err != nil || len(res.Parts) != 0 {
		t.Fatalf("second merge: %+v %v", res, err)
	}
	sameSnapshots(t, snapshot(t, out), snapshot(t, whole))
	checkFolder(t, out)
}

func TestReport(t *testing.T) {
	f := newFixture(t, 2)
	out := filepath.Join(t.TempDir(), "out")
	run(t, f.options(t, out, "2024-07-08", "2024-07-12"))
	m, sources, err := LoadManifests(out)
	if err != nil {
		t.Fatal(err)
	}
	r := BuildReport(m, "2024-07-08", "2024-07-10", sources)
	if len(r.Wards) != 2 || r.Total.Bulletins != 6 || r.Total.Exported != 6 || r.Total.Failed != 0 {
		t.Fatalf("report totals %+v", r.Total)
	}
	var plays, airtime float64
	for _, n := range r.Notices {
		plays += float64(n.Planned)
		airtime += n.Airtime
		if n.Wards != 2 && n.ID == "canh-bao-a" {
			t.Errorf("%s in %d wards", n.ID, n.Wards)
		}
	}
	if int(plays) != r.Total.Plays || airtime <= 0 || airtime >= r.Total.Airtime {
		t.Errorf("plays %v (total %d), notice airtime %v of %v", plays, r.Total.Plays, airtime, r.Total.Airtime)
	}
	a := r.Notices[0]
	if a.ID != "canh-bao-a" || a.Planned != 6 || a.Files != 6 {
		t.Errorf("canh-bao-a: %+v (airs every day in both wards)", a)
	}
	cases := []struct {
		format string
		lang   i18n.Lang
		want   []string
	}{
		{"table", i18n.VI, []string{"Báo cáo kết quả tuyên truyền", "Từ 2024-07-08 đến 2024-07-10", "phường Thử 1", "Tổng cộng", "canh-bao-a"}},
		{"table", i18n.EN, []string{"Report on scam-warning broadcasts", "Total"}},
		{"csv", i18n.VI, []string{"scope,ward,ward_name,notice,title,bulletins,exported,failed,planned_plays,exported_plays,files,wards,airtime_seconds\r\n", "\r\nward,phuong-1,phường Thử 1,,,3,3,0,", "\r\nnotice,,,canh-bao-a,Cảnh báo canh-bao-a,,,,6,6,6,2,", "\r\ntotal,,,,,6,6,0,"}},
		{"html", i18n.VI, []string{`<html lang="vi">`, "<svg", "<rect", "Lượt phát theo phường, xã", "phường Thử 2"}},
		{"html", i18n.EN, []string{`<html lang="en">`, "Plays per ward"}},
	}
	for _, c := range cases {
		t.Run(c.format+"-"+string(c.lang), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteReport(&buf, r, c.format, c.lang); err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(buf.String(), w) {
					t.Errorf("missing %q in:\n%s", w, buf.String())
				}
			}
		})
	}
	if err := WriteReport(&bytes.Buffer{}, r, "pdf", i18n.VI); err == nil {
		t.Error("pdf accepted")
	}
}

func TestManifestMerge(t *testing.T) {
	base := newManifest()
	base.Days = []Day{{"2024-07-08", "a"}, {"2024-07-09", "a"}}
	base.Bulletins = []Bulletin{{Ward: "a", Date: "2024-07-08", Slot: "06:00"}, {Ward: "a", Date: "2024-07-09", Slot: "06:00"}}
	base.Files = []File{{Path: "2024-07-08/a/0600.mp3", Ward: "a", Date: "2024-07-08"}, {Path: "2024-07-09/a/0600.mp3", Ward: "a", Date: "2024-07-09"}, {Path: "schedule.ics"}}
	part := newManifest()
	part.Days = []Day{{"2024-07-09", "a"}}
	part.Bulletins = []Bulletin{{Ward: "a", Date: "2024-07-09", Slot: "17:30"}}
	part.Files = []File{{Path: "2024-07-09/a/1730.mp3", Ward: "a", Date: "2024-07-09"}, {Path: "schedule.ics", SHA256: "new"}}
	base.merge(part)
	base.sort()
	var paths []string
	for _, f := range base.Files {
		paths = append(paths, f.Path+f.SHA256)
	}
	want := []string{"2024-07-08/a/0600.mp3", "2024-07-09/a/1730.mp3", "schedule.icsnew"}
	if !slices.Equal(paths, want) {
		t.Errorf("files %v, want %v", paths, want)
	}
	if len(base.Bulletins) != 2 || base.Bulletins[1].Slot != "17:30" || len(base.Days) != 2 {
		t.Errorf("bulletins %+v days %+v", base.Bulletins, base.Days)
	}
}

func FuzzReadManifest(f *testing.F) {
	m := newManifest()
	m.Bulletins = append(m.Bulletins, Bulletin{Ward: "a", Date: "2024-07-08", Slot: "06:00", Notices: []NoticeRef{{ID: "x"}}})
	data, _ := m.encode()
	f.Add(data)
	f.Add([]byte(`{"format":"loa-export-manifest","version":1}`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "m.json")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := ReadManifest(p)
		if err != nil {
			return
		}
		r := BuildReport(m, "", "", nil)
		for _, format := range ReportFormats {
			if err := WriteReport(&bytes.Buffer{}, r, format, i18n.VI); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzParseShard(f *testing.F) {
	for _, s := range []string{"1/4", "0/0", "9999/10000", "a/b", "/", "3/2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sh, err := ParseShard(s)
		if err != nil {
			return
		}
		if sh.K < 1 || sh.K > sh.N {
			t.Fatalf("ParseShard(%q) = %+v", s, sh)
		}
		if back, err := ParseShard(sh.String()); err != nil || back != sh {
			t.Fatalf("round trip of %+v: %+v %v", sh, back, err)
		}
	})
}
