package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// The state file remembers, for every file the export wrote, its sha256
// and the stat data it had then. When a file still has that stat data, its
// content is known without reading it: that is what makes an unchanged
// re-run fast. It is a journal: one JSON line appended after each file is
// committed, so that a run killed half-way still saves the next one the
// hashing; a torn last line is ignored. It is only ever a hint: a file
// whose stat data differs is hashed again.

// stateName is the journal of a whole run; shards keep their own.
const stateName = ".loa-export.state"

type fileStamp struct {
	Size  int64  `json:"size"`
	MTime int64  `json:"mtime"`
	CTime int64  `json:"ctime,omitempty"`
	Ino   uint64 `json:"ino,omitempty"`
}

type stateEntry struct {
	Path string `json:"path"` // relative to the export folder, with /
	SHA  string `json:"sha256"`
	// Key is the identity of what the file was made from, when known: a
	// file with the same key and stat data needs neither making nor reading.
	Key string `json:"key,omitempty"`
	fileStamp
}

type state struct {
	dir  string
	file string

	mu      sync.Mutex
	known   map[string]stateEntry
	journal *os.File
}

func stateFile(dir string, shard Shard) string {
	if shard.N > 1 {
		return filepath.Join(dir, stateName+"-"+shard.fileTag())
	}
	return filepath.Join(dir, stateName)
}

// loadState reads every state journal in dir (those of shards too).
func loadState(dir string, shard Shard) *state {
	s := &state{dir: dir, file: stateFile(dir, shard), known: map[string]stateEntry{}}
	paths, _ := filepath.Glob(filepath.Join(dir, stateName+"*"))
	sort.Strings(paths)
	for _, p := range paths {
		if isTemp(filepath.Base(p)) {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var e stateEntry
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.Path != "" && e.SHA != "" {
				s.known[e.Path] = e
			}
		}
	}
	return s
}

// lookup returns the sha256 of rel when the file on disk still has the
// recorded stat data; ok is false when it must be hashed.
func (s *state) lookup(rel string, fi os.FileInfo) (string, bool) {
	s.mu.Lock()
	e, ok := s.known[rel]
	s.mu.Unlock()
	if !ok || e.fileStamp != statKey(fi) {
		return "", false
	}
	return e.SHA, true
}

// entry returns what is known of rel when the file on disk still has the
// recorded stat data.
func (s *state) entry(rel string, fi os.FileInfo) (stateEntry, bool) {
	s.mu.Lock()
	e, ok := s.known[rel]
	s.mu.Unlock()
	if !ok || e.fileStamp != statKey(fi) {
		return stateEntry{}, false
	}
	return e, true
}

// record notes that rel (just written or verified) has sha.
func (s *state) record(rel, sha string) { s.recordKey(rel, sha, "") }

// recordKey notes that rel has sha and was made from key.
func (s *state) recordKey(rel, sha, key string) {
	fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err != nil {
		return
	}
	e := stateEntry{Path: rel, SHA: sha, Key: key, fileStamp: statKey(fi)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.known[rel]; ok && old == e {
		return
	}
	s.known[rel] = e
	if s.journal == nil {
		f, err := os.OpenFile(s.file, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return
		}
		s.journal = f
	}
	line, _ := json.Marshal(e)
	_, _ = s.journal.Write(append(line, '\n'))
}

// compact rewrites the journal with one line per file in keep (the files
// the export now holds) and closes it. Whole runs also fold in and remove
// the shards' journals.
func (s *state) compact(keep map[string]bool, whole bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
	var paths []string
	for p := range s.known {
		if keep[p] {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	for _, p := range paths {
		line, _ := json.Marshal(s.known[p])
		buf.Write(line)
		buf.WriteByte('\n')
	}
	if err := writeAtomic(s.file, buf.Bytes()); err != nil {
		return
	}
	if whole {
		others, _ := filepath.Glob(filepath.Join(s.dir, stateName+"-*"))
		for _, p := range others {
			if !isTemp(filepath.Base(p)) {
				_ = os.Remove(p)
			}
		}
	}
}

func (s *state) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
}
