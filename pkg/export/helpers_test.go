package export

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// needTool skips (or, under CI=true, fails) when an outside program is missing.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true but not installed", name)
		}
		t.Skipf("%s not installed", name)
	}
}

// fixture is a small station made in a temporary folder: wards with one
// slot a weekday, short tone clips for every segment, and notices.
type fixture struct {
	root string
	cfg  config.Config
}

// testNotices are the fixture's notices: id → plays per week.
var testNotices = []struct {
	id    string
	plays int
	clip  bool
}{
	{"canh-bao-a", 5, true},
	{"canh-bao-b", 2, true},
	{"canh-bao-c", 1, true},
	{"canh-bao-giong-may", 1, false},
}

func newFixture(t testing.TB, wards int) *fixture {
	t.Helper()
	root := t.TempDir()
	f := &fixture{root: root, cfg: fixtureConfig(root, wards)}
	freq := 300.0
	clip := func(rel string, secs float64) {
		freq += 37
		writeTone(t, filepath.Join(root, "audio", rel), freq, secs)
	}
	clip("jingles/open.wav", 0.4)
	clip("jingles/close.wav", 0.4)
	for _, p := range []string{"opening", "greeting", "repeat", "closing"} {
		clip("phrases/"+p+".wav", 0.5)
	}
	for _, n := range testNotices {
		if n.clip {
			clip("notices/"+n.id+".wav", 0.8)
		}
		f.writeNotice(t, n.id, n.plays, "Bà con cảnh giác với thủ đoạn "+n.id+".", true)
	}
	return f
}

// fixtureConfig is the fixture's configuration.
func fixtureConfig(root string, wards int) config.Config {
	cfg := config.Default()
	cfg.Station.Name = "Đài thử"
	cfg.Notices.Dir = filepath.Join(root, "notices")
	cfg.Audio.Library = filepath.Join(root, "audio")
	cfg.Cache.Dir = filepath.Join(root, "cache")
	cfg.Wards = nil
	for i := range wards {
		id := fmt.Sprintf("phuong-%d", i+1)
		cfg.Wards = append(cfg.Wards, config.Ward{ID: id, Name: fmt.Sprintf("phường Thử %d", i+1),
			Slots: []config.Slot{{Start: "06:00", Days: []string{"mon", "tue", "wed", "thu", "fri"}, MaxMinutes: 10}}})
	}
	return cfg
}

// writeNotice writes a notice file, approved or not.
func (f *fixture) writeNotice(t testing.TB, id string, plays int, body string, approve bool) {
	t.Helper()
	path := filepath.Join(f.root, "notices", id+".md")
	data := []byte(fmt.Sprintf("---\nid: %s\ntitle: Cảnh báo %s\ntactic: thu\npriority: thuong\nvalid_from: 2024-01-01\nvalid_until: 2025-12-31\nplays_per_week: %d\nwards: [all]\napproved_by: \"\"\napproved_hash: \"\"\n---\n%s\n", id, id, plays, body))
	if approve {
		n, err := notice.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		data, err = notice.Approve(data, n, "Tổ thử", time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeTone writes a 16-bit mono 44.1 kHz WAV of a tone with soft edges.
func writeTone(t testing.TB, path string, freq, secs float64) {
	t.Helper()
	if err := toneWAV(path, freq, secs); err != nil {
		t.Fatal(err)
	}
}

func toneWAV(path string, freq, secs float64) error {
	const rate = 44100
	n := int(secs * rate)
	data := make([]byte, 44+2*n)
	copy(data, "RIFF")
	binary.LittleEndian.PutUint32(data[4:], uint32(36+2*n))
	copy(data[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(data[16:], 16)
	binary.LittleEndian.PutUint16(data[20:], 1)
	binary.LittleEndian.PutUint16(data[22:], 1)
	binary.LittleEndian.PutUint32(data[24:], rate)
	binary.LittleEndian.PutUint32(data[28:], rate*2)
	binary.LittleEndian.PutUint16(data[32:], 2)
	binary.LittleEndian.PutUint16(data[34:], 16)
	copy(data[36:], "data")
	binary.LittleEndian.PutUint32(data[40:], uint32(2*n))
	for i := range n {
		env := math.Min(1, math.Min(float64(i), float64(n-i))/2000)
		v := 0.3 * env * math.Sin(2*math.Pi*freq*float64(i)/rate) * (1 + 0.3*math.Sin(2*math.Pi*3*float64(i)/rate))
		binary.LittleEndian.PutUint16(data[44+2*i:], uint16(int16(v*32767)))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// toneSynth is a placeholder voice for tests: a tone whose pitch and length
// follow the text, so changed text gives changed audio.
type toneSynth struct{ Name string }

func (s toneSynth) Synthesize(_ context.Context, text, wavPath string) error {
	h := 0
	for _, r := range text {
		h = (h*31 + int(r)) % 1000
	}
	return toneWAV(wavPath, 200+float64(h), 0.3+float64(len([]rune(text))%20)/20)
}

// options are the run options for the fixture over the days from..to.
func (f *fixture) options(t testing.TB, out, from, to string) Options {
	t.Helper()
	lib, err := notice.LoadDir(f.cfg.Notices.Dir)
	if err != nil {
		t.Fatal(err)
	}
	cl := clips.New(f.cfg.Audio.Library)
	cl.CacheDir = f.cfg.Cache.Dir
	t.Cleanup(func() { cl.Close() })
	fd, err := notice.ParseDate(from)
	if err != nil {
		t.Fatal(err)
	}
	td, err := notice.ParseDate(to)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Config: f.cfg, Notices: lib, Clips: cl, From: fd, To: td, Out: out,
		CacheDir: f.cfg.Cache.Dir, Jobs: 2, Lang: i18n.VI, Generator: "loa test", Synth: toneSynth{"tone"}}
}

// checkFolder checks the crash-safety invariants of an export folder: no
// temporary file is visible, every audio file decodes to its end, and the
// manifest (when there is one) parses and lists only existing files with
// the right size and sha256.
func checkFolder(t testing.TB, out string) { checkFolderAfter(t, out, false) }

// checkFolderAfter is checkFolder that, after a kill, allows the killed
// run's temporary files (dot-files the next run removes).
func checkFolderAfter(t testing.TB, out string, killed bool) {
	t.Helper()
	err := filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		name := fi.Name()
		if fi.IsDir() {
			if name == ".loa-cache" {
				return filepath.SkipDir
			}
			return nil
		}
		if isTemp(name) {
			if !killed {
				t.Errorf("temporary file left: %s", p)
			}
			return nil
		}
		if ext := filepath.Ext(name); ext == ".mp3" || ext == ".wav" {
			decodeAll(t, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadManifest(filepath.Join(out, ManifestName))
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatalf("manifest: %v", err)
	}
	for _, f := range m.Files {
		sha, size, err := hashFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("manifest lists %s: %v", f.Path, err)
			continue
		}
		if sha != f.SHA256 || size != f.Size {
			t.Errorf("manifest says %s has %d bytes sha256 %s; it has %d bytes %s", f.Path, f.Size, f.SHA256, size, sha)
		}
	}
}

// decodeAll decodes an audio file to its end and checks its length.
func decodeAll(t testing.TB, path string) {
	t.Helper()
	s, info, err := clips.Open(path)
	if err != nil {
		t.Errorf("%s does not open: %v", path, err)
		return
	}
	defer s.Close()
	buf := make([]float32, 8192)
	var frames int64
	for {
		n, err := s.Read(buf)
		frames += int64(n / info.Format.Channels)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Errorf("%s: decode failed after %d frames: %v", path, frames, err)
			return
		}
	}
	if frames == 0 || (info.Frames >= 0 && frames != info.Frames) {
		t.Errorf("%s: decoded %d frames, header says %d", path, frames, info.Frames)
	}
}

// snapshot maps every visible file under out (not the cache, lock or
// state) to its content.
func snapshot(t testing.TB, out string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.Walk(out, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.IsDir() {
			if fi.Name() == ".loa-cache" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(fi.Name(), ".") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[relPath(out, p)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameSnapshots(t testing.TB, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("missing %s", p)
		case g != w:
			t.Errorf("%s differs (%d vs %d bytes)%s", p, len(g), len(w), firstDifference(g, w))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("unexpected %s", p)
		}
	}
}

// firstDifference shows where two texts part, for failure messages.
func firstDifference(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	if i == len(got) && i == len(want) {
		return ""
	}
	from := max(0, i-80)
	return fmt.Sprintf(":\n got: …%s\nwant: …%s", got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}
