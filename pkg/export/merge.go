package export

import (
	"context"
	"os"
	"path/filepath"
)

// MergeResult says what Merge did.
type MergeResult struct {
	// Parts are the manifest parts merged (and removed).
	Parts     []string
	Manifest  string
	Bulletins int
	Files     int
}

// Merge folds the manifest parts written by the shards of an export
// (manifest.part-K-of-N.json) into dir's manifest.json, then removes them.
// It takes the folder lock exclusively, so it waits for (with wait) or
// refuses while shards are running. Merging again changes nothing.
func Merge(ctx context.Context, dir string, wait bool, generator string) (*MergeResult, error) {
	release, err := lockFolder(ctx, dir, Shard{K: 1, N: 1}, wait)
	if err != nil {
		return nil, err
	}
	defer release()
	m, read, err := LoadManifests(dir)
	if m == nil {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if generator != "" {
		m.Generator = generator
	}
	m.Shard = ""
	m.dropMissing(dir)
	data, err := m.encode()
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, ManifestName)
	if !sameContent(path, data) {
		if err := writeAtomic(path, data); err != nil {
			return nil, err
		}
	}
	res := &MergeResult{Manifest: path, Bulletins: len(m.Bulletins), Files: len(m.Files)}
	for _, p := range read {
		if p != path {
			res.Parts = append(res.Parts, p)
			_ = os.Remove(p)
		}
	}
	// Fold the shards' state journals into the folder's.
	st := loadState(dir, Shard{K: 1, N: 1})
	keep := map[string]bool{}
	for _, f := range m.Files {
		keep[f.Path] = true
	}
	st.compact(keep, true)
	return res, nil
}
