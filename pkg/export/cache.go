package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"loa/pkg/audio/loudness"
	"loa/pkg/bulletin"
	"loa/pkg/clips"
)

// The render cache keeps every rendered bulletin as <cache>/bulletins/<id>.<ext>
// beside <id>.<ext>.json, which records its checksum, size, length and
// loudness. The audio file is written first and the record second, both
// atomically, so a record always describes a complete file. The export
// folder gets copies, not links: a player or tag editor that changes a file
// in place cannot then damage the cache or other days' files.

// cacheEntry is a rendered file in the cache.
type cacheEntry struct {
	path       string
	SHA256     string   `json:"sha256"`
	Size       int64    `json:"size"`
	Seconds    float64  `json:"seconds"`
	Frames     int64    `json:"frames"`
	Integrated *float64 `json:"integrated_lufs"`
	TruePeak   *float64 `json:"true_peak_dbtp"`
	Range      *float64 `json:"loudness_range_lu"`
}

type renderCache struct {
	dir   string
	lib   *clips.Library
	force bool

	locks sync.Map // key → *sync.Mutex: one render per identity at a time
	mu    sync.Mutex
	fresh map[string]bool // rendered by this run
}

func newRenderCache(dir string, lib *clips.Library, force bool) *renderCache {
	return &renderCache{dir: filepath.Join(dir, "bulletins"), lib: lib, force: force, fresh: map[string]bool{}}
}

// get returns the cached file of key, rendering it when needed. rendered
// is true when this call rendered it.
func (c *renderCache) get(ctx context.Context, key, ext string, plan *bulletin.Plan, ro bulletin.Options) (cacheEntry, bool, error) {
	mu, _ := c.locks.LoadOrStore(key+ext, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	path := filepath.Join(c.dir, key+"."+ext)
	c.mu.Lock()
	fresh := c.fresh[key+ext]
	c.mu.Unlock()
	if !c.force || fresh {
		if e, ok := c.lookup(path); ok {
			return e, false, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return cacheEntry{}, false, err
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return cacheEntry{}, false, writeError(c.dir, err)
	}
	res, err := bulletin.Render(ctx, c.lib, plan, path, ro)
	if err != nil {
		return cacheEntry{}, false, err
	}
	sha, size, err := hashFile(path)
	if err != nil {
		return cacheEntry{}, false, writeError(path, err)
	}
	e := cacheEntry{path: path, SHA256: sha, Size: size, Seconds: res.Seconds, Frames: res.Frames,
		Integrated: loudness.JSONValue(loudness.Rounded(res.Loudness.Integrated)),
		TruePeak:   loudness.JSONValue(loudness.Rounded(res.Loudness.TruePeak)),
		Range:      loudness.JSONValue(loudness.Rounded(res.Loudness.Range))}
	data, _ := json.Marshal(e)
	if err := writeAtomic(path+".json", data); err != nil {
		return cacheEntry{}, false, err
	}
	c.mu.Lock()
	c.fresh[key+ext] = true
	c.mu.Unlock()
	return e, true, nil
}

// lookup returns a complete cache entry: its record parses and the file
// has the recorded size. (Its checksum is verified while it is copied.)
func (c *renderCache) lookup(path string) (cacheEntry, bool) {
	data, err := os.ReadFile(path + ".json")
	if err != nil {
		return cacheEntry{}, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.SHA256 == "" {
		return cacheEntry{}, false
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != e.Size {
		return cacheEntry{}, false
	}
	e.path = path
	return e, true
}

// drop forgets a damaged entry.
func (c *renderCache) drop(e cacheEntry) {
	_ = os.Remove(e.path + ".json")
	_ = os.Remove(e.path)
}
