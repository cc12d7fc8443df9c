package clips

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"loa/pkg/atomicfile"
	"loa/pkg/audio"
	"loa/pkg/audio/loudness"
)

// Processing is what happens to a clip before it joins a bulletin: remixed
// and resampled to the output format, and (for speech) silence-trimmed.
type Processing struct {
	Format audio.Format
	// Trim is nil for no trimming.
	Trim *audio.TrimOptions
	// DualMono measures mono as two speakers (+3 dB).
	DualMono bool
}

// Key identifies the processing in cache keys.
func (p Processing) Key() string {
	t := "none"
	if p.Trim != nil {
		t = fmt.Sprintf("%g/%s/%s/%s", p.Trim.Threshold, p.Trim.Window, p.Trim.Margin, p.Trim.MaxHold)
	}
	return fmt.Sprintf("v1|%d|%d|%s|%t", p.Format.SampleRate, p.Format.Channels, t, p.DualMono)
}

// OpenProcessed opens a clip and applies p. Close the returned closer.
func OpenProcessed(path string, p Processing) (audio.Stream, io.Closer, error) {
	cs, _, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := audio.Remix(cs, p.Format.Channels)
	if err == nil {
		st, err = audio.Resample(st, p.Format.SampleRate)
	}
	if err == nil && p.Trim != nil {
		st, err = audio.TrimSilence(st, *p.Trim)
	}
	if err != nil {
		cs.Close()
		return nil, nil, err
	}
	return st, cs, nil
}

// Measurement is a processed clip's length and loudness.
type Measurement struct {
	Frames   int64
	Seconds  float64
	Loudness loudness.Result
}

// Measure returns the length and loudness of the processed clip, from the
// cache when the same content was measured with the same processing before.
// The cache key is a hash of the file's content, so renaming or touching a
// clip does not invalidate it, and changing one does.
func (l *Library) Measure(ctx context.Context, path string, p Processing) (Measurement, error) {
	sum, err := fileHash(path)
	if err != nil {
		return Measurement{}, err
	}
	key := sha256.Sum256([]byte(sum + "|" + p.Key()))
	name := hex.EncodeToString(key[:])
	l.mu.Lock()
	m, ok := l.measured[name]
	l.mu.Unlock()
	if ok {
		return m, nil
	}
	if l.CacheDir != "" {
		if m, err := readMeasurement(filepath.Join(l.CacheDir, "measure", name+".json")); err == nil {
			l.remember(name, m)
			return m, nil
		}
	}
	st, closer, err := l.Processed(ctx, path, p)
	if err != nil {
		return Measurement{}, err
	}
	defer closer.Close()
	res, err := loudness.Measure(ctx, st, loudness.Options{TruePeak: true, DualMono: p.DualMono})
	if err != nil {
		return Measurement{}, fmt.Errorf("%s: %w", path, err)
	}
	m = Measurement{Frames: res.Frames, Seconds: float64(res.Frames) / float64(p.Format.SampleRate), Loudness: res}
	l.remember(name, m)
	if l.CacheDir != "" {
		// A cache that cannot be written only costs time.
		_ = writeMeasurement(filepath.Join(l.CacheDir, "measure", name+".json"), m)
	}
	return m, nil
}

func (l *Library) remember(name string, m Measurement) {
	l.mu.Lock()
	l.measured[name] = m
	l.mu.Unlock()
}

// fileHash hashes a file's content, remembering the answer for the same
// path, size, modification and change time within this process (an export
// asks for the same clips in every bulletin).
func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", err
	}
	id := fmt.Sprintf("%s|%d|%d|%s", path, fi.Size(), fi.ModTime().UnixNano(), changeTime(fi))
	if h, ok := hashMemo.Load(id); ok {
		return h.(string), nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	hashMemo.Store(id, sum)
	return sum, nil
}

// hashMemo maps a file's identity (see fileHash) to its content hash.
var hashMemo sync.Map

// FileHash is the hex sha256 of a file's content.
func FileHash(path string) (string, error) { return fileHash(path) }

type storedMeasurement struct {
	Frames       int64    `json:"frames"`
	Seconds      float64  `json:"seconds"`
	Integrated   *float64 `json:"integrated_lufs"`
	Range        *float64 `json:"loudness_range_lu"`
	TruePeak     *float64 `json:"true_peak_dbtp"`
	SamplePeak   *float64 `json:"sample_peak_dbfs"`
	MaxMomentary *float64 `json:"max_momentary_lufs"`
	MaxShortTerm *float64 `json:"max_short_term_lufs"`
	Written      string   `json:"written"`
}

func writeMeasurement(path string, m Measurement) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	r := m.Loudness
	data, err := json.Marshal(storedMeasurement{
		Frames: m.Frames, Seconds: m.Seconds, Integrated: loudness.JSONValue(r.Integrated), Range: loudness.JSONValue(r.Range),
		TruePeak: loudness.JSONValue(r.TruePeak), SamplePeak: loudness.JSONValue(r.SamplePeak), MaxMomentary: loudness.JSONValue(r.MaxMomentary),
		MaxShortTerm: loudness.JSONValue(r.MaxShortTerm), Written: time.Now().UTC().Format(time.RFC3339),
	})
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o644)
}

func readMeasurement(path string) (Measurement, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Measurement{}, err
	}
	var s storedMeasurement
	if err := json.Unmarshal(data, &s); err != nil {
		return Measurement{}, err
	}
	if s.Frames < 0 {
		return Measurement{}, errors.New("bad cache entry")
	}
	return Measurement{Frames: s.Frames, Seconds: s.Seconds, Loudness: loudness.Result{
		Integrated: loudness.FromJSON(s.Integrated), Range: loudness.FromJSON(s.Range), TruePeak: loudness.FromJSON(s.TruePeak), SamplePeak: loudness.FromJSON(s.SamplePeak),
		MaxMomentary: loudness.FromJSON(s.MaxMomentary), MaxShortTerm: loudness.FromJSON(s.MaxShortTerm), Frames: s.Frames, Duration: s.Seconds,
	}}, nil
}
