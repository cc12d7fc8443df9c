// Package bulletin turns a timed script into an audio plan (the clip of each
// segment, with the gaps between them) and renders that plan through the
// streaming audio pipeline into a WAV or MP3 file.
package bulletin

import (
	"fmt"
	"strings"

	"loa/pkg/clips"
	"loa/pkg/i18n"
	"loa/pkg/script"
)

// Item is one entry of a plan: a clip file, or text to synthesize when the
// clip is missing and a placeholder voice is allowed.
type Item struct {
	Segment int
	Title   string
	// Kind is the clip library folder: jingles, phrases or notices.
	Kind string
	Path string
	// Synth is the spoken text for a placeholder voice ("" when Path is set).
	Synth string
	// GapAfter is the silence after the item, in seconds.
	GapAfter float64
}

// Plan is the ordered list of items of one bulletin.
type Plan struct {
	Ward  string
	Date  string
	Slot  string
	Items []Item
}

// Missing is a segment without a clip.
type Missing struct {
	Title string
	Kind  string
	Key   string
	Tried []string
}

// MissingClipsError lists every segment without a clip.
type MissingClipsError struct{ Missing []Missing }

func (e *MissingClipsError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localizer.
func (e *MissingClipsError) Localize(lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(i18n.T(lang, "bulletin.missing_clips", len(e.Missing)))
	for _, m := range e.Missing {
		fmt.Fprintf(&b, "\n  - %s (%s/%s): %s", m.Title, m.Kind, m.Key, i18n.T(lang, "bulletin.tried", strings.Join(m.Tried, ", ")))
	}
	b.WriteString("\n" + i18n.T(lang, "bulletin.missing_hint"))
	return b.String()
}

// NewPlan finds the clip of every segment of s. Segments without a clip are
// synthesized when placeholder is true, otherwise they are all reported in a
// *MissingClipsError.
func NewPlan(s *script.Script, lib *clips.Library, placeholder bool) (*Plan, error) {
	p := &Plan{Ward: s.Ward, Date: s.Date, Slot: s.Slot}
	var missing []Missing
	seen := map[string]bool{}
	for i, seg := range s.Segments {
		it := Item{Segment: i, Title: seg.Title, Kind: seg.ClipKind, GapAfter: seg.Gap}
		path, tried, ok := lib.Find(s.Ward, seg.ClipKind, seg.Key)
		switch {
		case ok:
			it.Path = path
		case placeholder && seg.Spoken != "":
			it.Synth = seg.Spoken
		default:
			if !seen[seg.ClipKind+"/"+seg.Key] {
				seen[seg.ClipKind+"/"+seg.Key] = true
				missing = append(missing, Missing{Title: seg.Title, Kind: seg.ClipKind, Key: seg.Key, Tried: tried})
			}
			continue
		}
		p.Items = append(p.Items, it)
	}
	if len(missing) > 0 {
		return nil, &MissingClipsError{Missing: missing}
	}
	return p, nil
}

func init() {
	i18n.Register(map[string][2]string{
		"bulletin.missing_clips":   {"thiếu %d tệp âm thanh:", "%d clips are missing:"},
		"bulletin.tried":           {"đã tìm %s", "tried %s"},
		"bulletin.missing_hint":    {"Hãy thu âm các tệp này, hoặc dùng --placeholder-voice espeak-ng để tạm đọc bằng giọng máy.", "Record these clips, or use --placeholder-voice espeak-ng for a synthetic stand-in voice."},
		"bulletin.no_espeak":       {"không tìm thấy chương trình espeak-ng (cài bằng: apt-get install espeak-ng)", "espeak-ng is not installed (install it with: apt-get install espeak-ng)"},
		"bulletin.espeak_failed":   {"espeak-ng không tổng hợp được đoạn %q: %s", "espeak-ng failed on segment %q: %s"},
		"bulletin.clip_failed":     {"tệp %s (đoạn %q): %s", "clip %s (segment %q): %s"},
		"bulletin.bad_output":      {"tệp đầu ra %s phải có đuôi .wav hoặc .mp3", "output %s must end in .wav or .mp3"},
		"bulletin.mp3_unsupported": {"không mã hóa MP3 được với %d Hz, %d kênh, %d kbit/s: %s", "cannot encode MP3 at %d Hz, %d channels, %d kbit/s: %s"},
		"bulletin.write_failed":    {"không ghi được %s: %s", "cannot write %s: %s"},
	})
}
