// Package clips is the prerecorded clip library: lookup of a segment's clip
// by ward, kind and name, opening any supported file as an audio stream,
// and probing durations.
//
// Lookup order (first match wins): <root>/wards/<ward>/<name>.<ext>, then
// <root>/<kind>/<name>.<ext>, with ext tried in the order of Extensions.
package clips

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"loa/pkg/audio"
	"loa/pkg/audio/mp3"
	"loa/pkg/audio/wav"
	"loa/pkg/i18n"
)

// Extensions are the clip file types, in lookup order.
var Extensions = []string{".wav", ".mp3"}

// ErrUnsupported is returned for a file type loa cannot read.
var ErrUnsupported = errors.New("unsupported clip format")

// Library looks clips up under a root folder.
type Library struct {
	Root string
	// CacheDir keeps clip measurements between runs; "" keeps them in memory only.
	CacheDir string

	mu       sync.Mutex
	tmpDir   string
	infos    map[string]Info
	measured map[string]Measurement
}

// New returns a library rooted at root.
func New(root string) *Library {
	return &Library{Root: root, infos: map[string]Info{}, measured: map[string]Measurement{}}
}

// Candidates lists the paths tried for a clip, in order.
func (l *Library) Candidates(ward, kind, name string) []string {
	var out []string
	for _, base := range []string{filepath.Join(l.Root, "wards", ward, name), filepath.Join(l.Root, kind, name)} {
		if ward == "" && strings.Contains(base, string(filepath.Separator)+"wards"+string(filepath.Separator)) {
			continue
		}
		for _, ext := range Extensions {
			out = append(out, base+ext)
		}
	}
	return out
}

// Find returns the first existing clip and every path tried.
func (l *Library) Find(ward, kind, name string) (path string, tried []string, ok bool) {
	tried = l.Candidates(ward, kind, name)
	for _, p := range tried {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, tried, true
		}
	}
	return "", tried, false
}

// Info describes a clip file.
type Info struct {
	Path    string
	Kind    string // "wav" or "mp3"
	Format  audio.Format
	Frames  int64
	Seconds float64
}

// Probe reads a clip's header (and for MP3 its frame chain) and caches the
// answer by path, size and modification time.
func (l *Library) Probe(path string) (Info, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Info{}, err
	}
	key := fmt.Sprintf("%s|%d|%d", path, st.Size(), st.ModTime().UnixNano())
	l.mu.Lock()
	info, ok := l.infos[key]
	l.mu.Unlock()
	if ok {
		return info, nil
	}
	s, info, err := Open(path)
	if err != nil {
		return Info{}, err
	}
	s.Close()
	l.mu.Lock()
	l.infos[key] = info
	l.mu.Unlock()
	return info, nil
}

// Stream is an open clip.
type Stream interface {
	audio.Stream
	Frames() int64
	Close() error
}

// Open opens a WAV or MP3 clip as a stream.
func Open(path string) (Stream, Info, error) {
	ext := strings.ToLower(filepath.Ext(path))
	var s Stream
	var err error
	switch ext {
	case ".wav", ".wave":
		s, err = wav.Open(path)
	case ".mp3":
		s, err = mp3.Open(path)
	default:
		return nil, Info{}, i18n.Wrap(fmt.Errorf("%w: %s", ErrUnsupported, path), "clips.unsupported", path)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, Info{}, i18n.Wrap(err, "clips.missing_file", path)
		}
		return nil, Info{}, i18n.Wrap(err, "clips.unreadable", path, err.Error())
	}
	f := s.Format()
	info := Info{Path: path, Kind: strings.TrimPrefix(ext, "."), Format: f, Frames: s.Frames()}
	if info.Frames >= 0 && f.SampleRate > 0 {
		info.Seconds = float64(info.Frames) / float64(f.SampleRate)
	}
	return s, info, nil
}

func init() {
	i18n.Register(map[string][2]string{
		"clips.unsupported":  {"không đọc được %s: chỉ hỗ trợ tệp .wav và .mp3", "cannot read %s: only .wav and .mp3 clips are supported"},
		"clips.missing_file": {"không có tệp %s", "file %s does not exist"},
		"clips.unreadable":   {"không đọc được tệp âm thanh %s: %s", "cannot read audio file %s: %s"},
	})
}
