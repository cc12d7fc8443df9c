package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"loa/pkg/i18n"
)

// ManifestName is the manifest of an export folder.
const ManifestName = "manifest.json"

// ManifestFormat and ManifestVersion identify the manifest's JSON shape;
// keys may be added within a version, none removed.
const (
	ManifestFormat  = "loa-export-manifest"
	ManifestVersion = 1
)

// Manifest lists what an export folder holds. It is cumulative: a run
// replaces the entries of the ward-days it exported and keeps the others
// (so nightly runs of one day each build up the month), dropping entries
// whose files are gone.
type Manifest struct {
	Format    string `json:"format"`
	Version   int    `json:"version"`
	Generator string `json:"generator,omitempty"`
	Station   string `json:"station,omitempty"`
	// Shard is set in a manifest part ("2/4").
	Shard string `json:"shard,omitempty"`
	// Days are the ward-days the manifest speaks for, by date then ward.
	Days      []Day      `json:"days"`
	Bulletins []Bulletin `json:"bulletins"`
	Files     []File     `json:"files"`
}

// Day is one ward on one date.
type Day struct {
	Date string `json:"date"`
	Ward string `json:"ward"`
}

// Bulletin is one scheduled slot's bulletin and what became of it.
type Bulletin struct {
	Ward     string `json:"ward"`
	WardName string `json:"ward_name,omitempty"`
	Date     string `json:"date"`
	Slot     string `json:"slot"`
	// Status is "ok" or "failed".
	Status string `json:"status"`
	// Hash is the bulletin's identity (see Identity) for its first audio format.
	Hash           string      `json:"hash,omitempty"`
	Seconds        float64     `json:"seconds"`
	IntegratedLUFS *float64    `json:"integrated_lufs,omitempty"`
	TruePeakDBTP   *float64    `json:"true_peak_dbtp,omitempty"`
	Notices        []NoticeRef `json:"notices"`
	Files          []string    `json:"files"`
	Error          string      `json:"error,omitempty"`
}

// NoticeRef is a notice in a bulletin.
type NoticeRef struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Priority string `json:"priority,omitempty"`
	Approved bool   `json:"approved"`
	// State is "approved" or "draft".
	State string `json:"state"`
	// Seconds is the notice's airtime in the bulletin (both readings).
	Seconds float64 `json:"seconds"`
}

// File is one file of the export.
type File struct {
	Path string `json:"path"` // relative, with /
	// Kind is audio, script, playlist or calendar; Format the file type.
	Kind   string `json:"kind"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Ward   string `json:"ward,omitempty"`
	Date   string `json:"date,omitempty"`
	Slot   string `json:"slot,omitempty"`
	// Audio only.
	DurationSeconds *float64     `json:"duration_seconds,omitempty"`
	IntegratedLUFS  *float64     `json:"integrated_lufs,omitempty"`
	TruePeakDBTP    *float64     `json:"true_peak_dbtp,omitempty"`
	Notices         []FileNotice `json:"notices,omitempty"`
}

// FileNotice is a notice held by an audio file, with its approval state.
type FileNotice struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

func newManifest() *Manifest {
	return &Manifest{Format: ManifestFormat, Version: ManifestVersion, Days: []Day{}, Bulletins: []Bulletin{}, Files: []File{}}
}

// ReadManifest reads and checks a manifest file.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := newManifest()
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(m); err != nil {
		return nil, i18n.Wrap(err, "export.bad_manifest", path, err.Error())
	}
	if m.Format != ManifestFormat || m.Version < 1 {
		err := fmt.Errorf("format %q version %d", m.Format, m.Version)
		return nil, i18n.Wrap(err, "export.bad_manifest", path, err.Error())
	}
	return m, nil
}

// encode is the manifest's bytes: sorted, indented, newline-terminated, and
// free of times, so the same export gives the same bytes.
func (m *Manifest) encode() ([]byte, error) {
	m.sort()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (m *Manifest) sort() {
	sort.Slice(m.Days, func(i, j int) bool {
		a, b := m.Days[i], m.Days[j]
		return a.Date < b.Date || a.Date == b.Date && a.Ward < b.Ward
	})
	m.Days = compactDays(m.Days)
	sort.Slice(m.Bulletins, func(i, j int) bool {
		a, b := m.Bulletins[i], m.Bulletins[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Ward != b.Ward {
			return a.Ward < b.Ward
		}
		return a.Slot < b.Slot
	})
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
}

func compactDays(days []Day) []Day {
	out := days[:0]
	for i, d := range days {
		if i == 0 || d != days[i-1] {
			out = append(out, d)
		}
	}
	return out
}

// merge replaces in m everything part speaks for (its ward-days and its
// files) with part's entries.
func (m *Manifest) merge(part *Manifest) {
	scope := map[Day]bool{}
	for _, d := range part.Days {
		scope[d] = true
	}
	paths := map[string]bool{}
	for _, f := range part.Files {
		paths[f.Path] = true
	}
	keepDays := m.Days[:0]
	for _, d := range m.Days {
		if !scope[d] {
			keepDays = append(keepDays, d)
		}
	}
	m.Days = append(keepDays, part.Days...)
	keepB := m.Bulletins[:0]
	for _, b := range m.Bulletins {
		if !scope[Day{b.Date, b.Ward}] {
			keepB = append(keepB, b)
		}
	}
	m.Bulletins = append(keepB, part.Bulletins...)
	keepF := m.Files[:0]
	for _, f := range m.Files {
		if !paths[f.Path] && (f.Date == "" || !scope[Day{f.Date, f.Ward}]) {
			keepF = append(keepF, f)
		}
	}
	m.Files = append(keepF, part.Files...)
	if m.Generator == "" {
		m.Generator = part.Generator
	}
	if part.Station != "" {
		m.Station = part.Station
	}
}

// dropMissing removes entries whose files no longer exist in dir (a day
// folder pruned by the nightly script, a file deleted by hand), and the
// bulletins and days left without files.
func (m *Manifest) dropMissing(dir string) {
	gone := map[string]bool{}
	keep := m.Files[:0]
	for _, f := range m.Files {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path))); errors.Is(err, fs.ErrNotExist) {
			gone[f.Path] = true
			continue
		}
		keep = append(keep, f)
	}
	m.Files = keep
	if len(gone) == 0 {
		return
	}
	live := map[Day]bool{}
	for _, f := range m.Files {
		if f.Date != "" {
			live[Day{f.Date, f.Ward}] = true
		}
	}
	keepB := m.Bulletins[:0]
	for _, b := range m.Bulletins {
		if b.Status == statusOK && allGone(b.Files, gone) {
			continue
		}
		keepB = append(keepB, b)
	}
	m.Bulletins = keepB
	keepD := m.Days[:0]
	for _, d := range m.Days {
		if live[d] || !dayFolderGone(dir, d) {
			keepD = append(keepD, d)
		}
	}
	m.Days = keepD
}

func allGone(files []string, gone map[string]bool) bool {
	for _, f := range files {
		if !gone[f] {
			return false
		}
	}
	return true
}

func dayFolderGone(dir string, d Day) bool {
	_, err := os.Stat(filepath.Join(dir, d.Date))
	return errors.Is(err, fs.ErrNotExist)
}

// without returns a copy of m without the entries of the ward-days in scope.
func (m *Manifest) without(scope map[Day]bool) *Manifest {
	out := *m
	out.Days, out.Bulletins, out.Files = nil, nil, nil
	for _, d := range m.Days {
		if !scope[d] {
			out.Days = append(out.Days, d)
		}
	}
	for _, b := range m.Bulletins {
		if !scope[Day{b.Date, b.Ward}] {
			out.Bulletins = append(out.Bulletins, b)
		}
	}
	for _, f := range m.Files {
		if f.Date == "" || !scope[Day{f.Date, f.Ward}] {
			out.Files = append(out.Files, f)
		}
	}
	if out.Days == nil {
		out.Days = []Day{}
	}
	if out.Bulletins == nil {
		out.Bulletins = []Bulletin{}
	}
	if out.Files == nil {
		out.Files = []File{}
	}
	return &out
}

// partPaths lists the manifest parts in dir, sorted.
func partPaths(dir string) []string {
	paths, _ := filepath.Glob(filepath.Join(dir, "manifest.part-*-of-*.json"))
	sort.Strings(paths)
	return paths
}

// LoadManifests reads dir's manifest.json and any parts not merged yet
// (shards still running, or no --merge), parts overriding the ward-days
// they speak for, and returns the combined view and the files read. It is
// an error only when nothing can be read.
func LoadManifests(dir string) (*Manifest, []string, error) {
	m := newManifest()
	var read []string
	var errs []error
	main := filepath.Join(dir, ManifestName)
	if base, err := ReadManifest(main); err == nil {
		m = base
		read = append(read, main)
	} else if !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	for _, p := range partPaths(dir) {
		part, err := ReadManifest(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m.merge(part)
		read = append(read, p)
	}
	if len(read) == 0 {
		if len(errs) > 0 {
			return nil, nil, errors.Join(errs...)
		}
		return nil, nil, i18n.Wrap(fs.ErrNotExist, "export.no_manifest", dir)
	}
	m.sort()
	return m, read, errors.Join(errs...)
}

// relPath turns a path under dir into the manifest's form.
func relPath(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

func fileKind(rel string) (kind, format string) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(rel)), ".")
	switch ext {
	case "mp3", "wav":
		return "audio", ext
	case "m3u":
		return "playlist", ext
	case "ics":
		return "calendar", ext
	case "txt":
		return "script", "text"
	}
	return "script", ext
}
