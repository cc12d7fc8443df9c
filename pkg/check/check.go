// Package check inspects a station's whole setup — configuration, notices,
// clips — and lists every problem with where it is and what to do, for
// `loa check`. It changes nothing.
package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"loa/pkg/audio/loudness"
	"loa/pkg/bulletin"
	"loa/pkg/clips"
	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/script"
	"loa/pkg/vntext"
)

// Severity of a finding.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	// Note is worth knowing but not a fault: e.g. a notice without a
	// recording is read live from the script.
	Note Severity = "note"
)

// Clean reports whether findings has no error or warning.
func Clean(findings []Finding) bool {
	for _, f := range findings {
		if f.Severity != Note {
			return false
		}
	}
	return true
}

// Finding is one problem.
type Finding struct {
	Severity Severity  `json:"severity"`
	Code     string    `json:"code"`
	File     string    `json:"file,omitempty"`
	Line     int       `json:"line,omitempty"`
	Field    string    `json:"field,omitempty"`
	Text     i18n.Text `json:"-"`
	Hint     i18n.Text `json:"-"`
}

// Input is what Run inspects.
type Input struct {
	Config     config.Config
	ConfigFile string
	// ConfigErr is the error of loading the configuration, if any (unknown
	// keys, wrong types); it is reported and the rest still checked with
	// the defaults.
	ConfigErr error
	Today     time.Time
	// Clips enables the audio checks (decoding every clip).
	Clips bool
	// Feasibility, when set, reports schedule problems (from pkg/schedule).
	Feasibility func(cfg config.Config, lib *notice.Library) []Finding
}

// Run performs every check and returns the findings sorted by file and line.
func Run(ctx context.Context, in Input) []Finding {
	var out []Finding
	add := func(f Finding) { out = append(out, f) }
	cfg := in.Config
	if in.ConfigErr != nil {
		add(Finding{Severity: Error, Code: "config-invalid", File: in.ConfigFile,
			Text: i18n.Msg("check.config_invalid", i18n.Describe(in.ConfigErr, i18n.EN)), Hint: i18n.Msg("check.hint.config")})
	}
	checkConfig(cfg, in, add)

	lib, err := notice.LoadDir(cfg.Notices.Dir)
	for _, e := range flatten(err) {
		var pe *notice.ParseError
		if errors.As(e, &pe) {
			add(Finding{Severity: Error, Code: "notice-invalid", File: pe.File, Line: pe.Line, Field: pe.Field,
				Text: pe.Msg, Hint: i18n.Msg("check.hint.notice_format")})
		} else {
			add(Finding{Severity: Error, Code: "notice-invalid", File: cfg.Notices.Dir, Text: i18n.Msg("check.raw", e.Error())})
		}
	}
	if lib != nil {
		checkNotices(cfg, lib, in, add)
		if in.Clips {
			checkClips(ctx, cfg, lib, add)
		}
		if in.Feasibility != nil {
			out = append(out, in.Feasibility(cfg, lib)...)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func checkConfig(cfg config.Config, in Input, add func(Finding)) {
	file := in.ConfigFile
	if err := cfg.Validate(); err != nil {
		for _, e := range flatten(err) {
			var fe *config.FieldError
			if errors.As(e, &fe) {
				add(Finding{Severity: Error, Code: "config-value", File: file, Field: fe.Field, Text: fe.Msg, Hint: i18n.Msg("check.hint.config")})
			}
		}
	}
	for i, h := range cfg.Hotlines {
		if h.Verified == "" {
			add(Finding{Severity: Warning, Code: "hotline-unverified", File: file, Field: fmt.Sprintf("hotlines[%d].verified", i),
				Text: i18n.Msg("check.hotline_unverified", h.ID), Hint: i18n.Msg("check.hint.hotline")})
			continue
		}
		d, err := time.Parse("2006-01-02", h.Verified)
		if err == nil && in.Today.Sub(d) > 183*24*time.Hour {
			add(Finding{Severity: Warning, Code: "hotline-stale", File: file, Field: fmt.Sprintf("hotlines[%d].verified", i),
				Text: i18n.Msg("check.hotline_stale", h.ID, h.Value(), h.Verified), Hint: i18n.Msg("check.hint.hotline")})
		}
	}
	for i, w := range cfg.Wards {
		type span struct {
			start, end int
			days       map[string]bool
			idx        int
		}
		var spans []span
		for j, s := range w.Slots {
			t, err := time.Parse("15:04", s.Start)
			if err != nil {
				continue
			}
			st := t.Hour()*60 + t.Minute()
			days := map[string]bool{}
			for _, d := range s.Days {
				days[strings.ToLower(d)] = true
			}
			sp := span{st, st + int(math.Ceil(s.MaxMinutes)), days, j}
			for _, o := range spans {
				if sp.start < o.end && o.start < sp.end && shareDay(sp.days, o.days) {
					add(Finding{Severity: Error, Code: "slot-overlap", File: file, Field: fmt.Sprintf("wards[%d].slots[%d]", i, j),
						Text: i18n.Msg("check.slot_overlap", w.ID, s.Start, w.Slots[o.idx].Start), Hint: i18n.Msg("check.hint.slots")})
				}
			}
			spans = append(spans, sp)
		}
	}
	if st, err := os.Stat(cfg.Audio.Library); err != nil || !st.IsDir() {
		add(Finding{Severity: Error, Code: "library-missing", File: file, Field: "audio.library",
			Text: i18n.Msg("check.library_missing", cfg.Audio.Library)})
	}
}

func shareDay(a, b map[string]bool) bool {
	for d := range a {
		if b[d] {
			return true
		}
	}
	return false
}

func checkNotices(cfg config.Config, lib *notice.Library, in Input, add func(Finding)) {
	norm, err := vntext.New(script.NormalizerOptions(cfg))
	if err != nil {
		return
	}
	today := notice.Date{Time: time.Date(in.Today.Year(), in.Today.Month(), in.Today.Day(), 0, 0, 0, 0, time.UTC)}
	known := map[string]bool{"all": true}
	for _, w := range cfg.Wards {
		known[w.ID] = true
	}
	for _, n := range lib.Notices {
		if !n.ValidUntil.IsZero() && n.ValidUntil.Before(today.Time) {
			add(Finding{Severity: Warning, Code: "notice-expired", File: n.Path, Line: 0, Field: "valid_until",
				Text: i18n.Msg("check.notice_expired", n.ID, n.ValidUntil.String()), Hint: i18n.Msg("check.hint.expired")})
		}
		switch {
		case n.Stale():
			add(Finding{Severity: Warning, Code: "notice-changed", File: n.Path, Field: "approved_hash",
				Text: i18n.Msg("check.notice_changed", n.ID), Hint: i18n.Msg("check.hint.approve", n.ID)})
		case !n.Approved():
			add(Finding{Severity: Warning, Code: "notice-draft", File: n.Path, Field: "approved_by",
				Text: i18n.Msg("check.notice_draft", n.ID), Hint: i18n.Msg("check.hint.approve", n.ID)})
		}
		for _, w := range append(append([]string{}, n.Wards...), n.ExcludeWards...) {
			if !known[w] {
				add(Finding{Severity: Error, Code: "notice-unknown-ward", File: n.Path, Field: "wards",
					Text: i18n.Msg("check.unknown_ward", w)})
			}
		}
		text, err := n.Text(cfg.Hotlines)
		if err != nil {
			var pe *notice.ParseError
			if errors.As(err, &pe) {
				add(Finding{Severity: Error, Code: "notice-template", File: pe.File, Line: pe.Line, Field: "body", Text: pe.Msg,
					Hint: i18n.Msg("check.hint.template")})
			}
			continue
		}
		spoken := norm.Normalize(text)
		for _, s := range vntext.Sentences(spoken) {
			if s.Syllables > cfg.Reading.MaxSentenceSyllables {
				add(Finding{Severity: Warning, Code: "sentence-long", File: n.Path, Line: n.BodyLine, Field: "body",
					Text: i18n.Msg("check.sentence_long", s.Syllables, cfg.Reading.MaxSentenceSyllables, excerpt(s.Text)),
					Hint: i18n.Msg("check.hint.sentence")})
			}
		}
	}
}

func excerpt(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// checkClips decodes every clip the bulletins use: missing, unreadable,
// clipping, far from the loudness target, long silences inside.
func checkClips(ctx context.Context, cfg config.Config, lib *notice.Library, add func(Finding)) {
	cl := clips.New(cfg.Audio.Library)
	type want struct{ kind, name string }
	wants := []want{{script.ClipPhrases, "greeting"}, {script.ClipPhrases, "repeat"}, {script.ClipPhrases, "closing"}}
	for _, n := range lib.Notices {
		wants = append(wants, want{script.ClipNotices, n.ID})
	}
	opts := bulletin.OptionsFrom(cfg)
	seen := map[string]bool{}
	for _, w := range cfg.Wards {
		list := append([]want{{script.ClipPhrases, "opening"}}, wants...)
		for _, wt := range list {
			path, tried, ok := cl.Find(w.ID, wt.kind, wt.name)
			if !ok {
				key := wt.kind + "/" + wt.name
				if wt.name == "opening" {
					key += "@" + w.ID
				}
				if !seen[key] {
					seen[key] = true
					add(Finding{Severity: Note, Code: "clip-missing", File: tried[len(tried)-2], Text: i18n.Msg("check.clip_missing", wt.kind, wt.name, w.ID),
						Hint: i18n.Msg("check.hint.clip_missing")})
				}
				continue
			}
			if seen[path] {
				continue
			}
			seen[path] = true
			inspectClip(ctx, path, wt.kind, opts, add)
		}
	}
	// Files in the library that nothing uses are worth knowing about too,
	// but unsupported formats are errors: an operator expects them to play.
	_ = filepath.WalkDir(cfg.Audio.Library, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if ext != ".wav" && ext != ".mp3" && !strings.HasPrefix(d.Name(), ".") {
			add(Finding{Severity: Error, Code: "clip-unsupported", File: p, Text: i18n.Msg("check.clip_unsupported"),
				Hint: i18n.Msg("check.hint.convert", p)})
		}
		return nil
	})
}

func inspectClip(ctx context.Context, path, kind string, opts bulletin.Options, add func(Finding)) {
	s, _, err := clips.Open(path)
	if err != nil {
		add(Finding{Severity: Error, Code: "clip-unreadable", File: path, Text: i18n.Msg("check.raw", i18n.Describe(err, i18n.EN)),
			Hint: i18n.Msg("check.hint.convert", path)})
		return
	}
	defer s.Close()
	f := s.Format()
	meter, err := loudness.NewMeter(f, loudness.Options{TruePeak: true, DualMono: opts.DualMono})
	if err != nil {
		add(Finding{Severity: Error, Code: "clip-unreadable", File: path, Text: i18n.Msg("check.raw", err.Error())})
		return
	}
	buf := make([]float32, 4096*f.Channels)
	var clipped, silentRun, longest, frames int64
	win := int64(f.SampleRate / 100) // 10 ms windows
	var acc float64
	var n64 int64
	for {
		n, err := s.Read(buf)
		meter.Write(buf[:n])
		for i := 0; i < n; i += f.Channels {
			peak := float32(0)
			for c := 0; c < f.Channels; c++ {
				v := buf[i+c]
				if v < 0 {
					v = -v
				}
				peak = max(peak, v)
				acc += float64(v) * float64(v)
			}
			if peak >= 0.999 {
				clipped++
			}
			n64++
			if n64 == win {
				rms := math.Sqrt(acc / float64(win*int64(f.Channels)))
				if rms < math.Pow(10, -60.0/20) {
					silentRun += win
					longest = max(longest, silentRun)
				} else {
					silentRun = 0
				}
				acc, n64 = 0, 0
			}
		}
		frames += int64(n / f.Channels)
		if err != nil {
			if err != io.EOF {
				add(Finding{Severity: Error, Code: "clip-unreadable", File: path, Text: i18n.Msg("check.raw", i18n.Describe(err, i18n.EN)),
					Hint: i18n.Msg("check.hint.convert", path)})
				return
			}
			break
		}
		if ctx.Err() != nil {
			return
		}
	}
	r := meter.Result()
	if clipped >= 3 {
		add(Finding{Severity: Warning, Code: "clip-clipping", File: path, Text: i18n.Msg("check.clip_clipping", clipped),
			Hint: i18n.Msg("check.hint.rerecord")})
	}
	target := opts.Target
	if kind == script.ClipJingles {
		target = opts.MusicTarget
	}
	if !math.IsInf(r.Integrated, 0) && math.Abs(r.Integrated-target) > 6 {
		add(Finding{Severity: Warning, Code: "clip-loudness", File: path, Text: i18n.Msg("check.clip_loudness", r.Integrated, target),
			Hint: i18n.Msg("check.hint.loudness")})
	}
	if math.IsInf(r.Integrated, -1) && frames > 0 {
		add(Finding{Severity: Error, Code: "clip-silent", File: path, Text: i18n.Msg("check.clip_silent")})
	}
	if sec := float64(longest) / float64(f.SampleRate); sec >= 3 {
		add(Finding{Severity: Warning, Code: "clip-silence", File: path, Text: i18n.Msg("check.clip_silence", sec),
			Hint: i18n.Msg("check.hint.rerecord")})
	}
}
