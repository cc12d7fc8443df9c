// Package script builds a timed loudspeaker script from notices: the fixed
// parts from the configured templates, each notice, a "xin nhắc lại" repeat,
// the spoken form of every text and the timing model of DESIGN.md. It also
// renders scripts for people and programs.
package script

import (
	"fmt"
	"math"
	"strings"

	"loa/pkg/config"
	"loa/pkg/i18n"
	"loa/pkg/notice"
	"loa/pkg/vntext"
)

// Segment kinds.
const (
	KindJingle = "jingle"
	KindPhrase = "phrase"
	KindNotice = "notice"
)

// Clip kinds as folders of the clip library.
const (
	ClipJingles = "jingles"
	ClipPhrases = "phrases"
	ClipNotices = "notices"
)

// Segment is one part of a bulletin.
type Segment struct {
	Kind  string `json:"kind"`
	Key   string `json:"key"`
	Title string `json:"title"`
	// Text is the written form; Spoken what is read aloud.
	Text      string  `json:"text"`
	Spoken    string  `json:"spoken"`
	Syllables int     `json:"syllables"`
	Clip      string  `json:"clip"`
	Start     float64 `json:"start_seconds"`
	Duration  float64 `json:"duration_seconds"`
	Estimated bool    `json:"estimated"`
	// Repeat marks the second reading of a notice after "xin nhắc lại".
	Repeat bool `json:"repeat,omitempty"`
	// ClipKind is the library folder the clip is looked up in.
	ClipKind string `json:"-"`
	// Spans align spoken and written text, for the printable sheet.
	Spans []vntext.Span `json:"-"`
	// Gap is the silence after this segment.
	Gap float64 `json:"-"`
}

// Warning is a problem found while building, e.g. a sentence too long to follow.
type Warning struct {
	Segment   int
	Sentence  string
	Syllables int
	Text      i18n.Text
}

// Script is a timed bulletin for one ward and slot.
type Script struct {
	Ward        string    `json:"ward"`
	WardName    string    `json:"-"`
	Station     string    `json:"-"`
	Date        string    `json:"date"`
	Slot        string    `json:"slot"`
	SlotSeconds float64   `json:"slot_seconds"`
	Total       float64   `json:"total_seconds"`
	Over        float64   `json:"over_seconds"`
	Segments    []Segment `json:"segments"`
	Warnings    []Warning `json:"-"`
	Notices     []string  `json:"-"`
}

// ClipFunc tells whether the clip library has a clip for a segment and how
// long it is. ok is false when there is none.
type ClipFunc func(kind, name string) (path string, seconds float64, ok bool)

// Input is everything a script is built from.
type Input struct {
	Config  config.Config
	Ward    config.Ward
	Date    notice.Date
	Slot    string
	Seconds float64 // slot length; 0 means the ward's slot or 15 minutes
	Notices []*notice.Notice
	Clips   ClipFunc // nil: no clips, every duration is estimated
	Text    *vntext.Normalizer
}

// Build assembles the segments, their spoken forms and timing.
func Build(in Input) (*Script, error) {
	cfg := in.Config
	norm := in.Text
	if norm == nil {
		var err error
		norm, err = vntext.New(NormalizerOptions(cfg))
		if err != nil {
			return nil, err
		}
	}
	clips := in.Clips
	if clips == nil {
		clips = func(string, string) (string, float64, bool) { return "", 0, false }
	}
	s := &Script{
		Ward: in.Ward.ID, WardName: in.Ward.Name, Station: cfg.Station.Name,
		Date: in.Date.String(), Slot: in.Slot, SlotSeconds: in.Seconds,
	}
	if s.SlotSeconds == 0 {
		s.SlotSeconds = 15 * 60
		for _, sl := range in.Ward.Slots {
			if sl.Start == in.Slot || in.Slot == "" {
				s.SlotSeconds = sl.Seconds()
				break
			}
		}
	}
	data := templateData{Station: cfg.Station.Name, WardName: in.Ward.Name, WardID: in.Ward.ID, Date: s.Date, Slot: in.Slot}
	phrase := func(key, tmpl string) (Segment, error) {
		text, err := notice.ExpandTemplate("templates."+key, 0, tmpl, cfg.Hotlines, data)
		if err != nil {
			return Segment{}, err
		}
		return Segment{Kind: KindPhrase, Key: key, ClipKind: ClipPhrases, Title: i18n.T(i18n.VI, "script.seg."+key), Text: text}, nil
	}
	var segs []Segment
	addJingle := func(key string) {
		if _, _, ok := clips(ClipJingles, key); ok {
			segs = append(segs, Segment{Kind: KindJingle, Key: key, ClipKind: ClipJingles, Title: i18n.T(i18n.VI, "script.seg."+key)})
		}
	}
	addJingle("open")
	for _, p := range []struct{ key, tmpl string }{{"opening", cfg.Templates.Opening}, {"greeting", cfg.Templates.Greeting}} {
		seg, err := phrase(p.key, p.tmpl)
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
	}
	var noticeSegs []Segment
	for _, n := range in.Notices {
		text, err := n.Text(cfg.Hotlines)
		if err != nil {
			return nil, err
		}
		noticeSegs = append(noticeSegs, Segment{Kind: KindNotice, Key: n.ID, ClipKind: ClipNotices, Title: n.Title, Text: text})
		s.Notices = append(s.Notices, n.ID)
	}
	segs = append(segs, noticeSegs...)
	if len(noticeSegs) > 0 && strings.TrimSpace(cfg.Templates.Repeat) != "" {
		seg, err := phrase("repeat", cfg.Templates.Repeat)
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
		for _, ns := range noticeSegs {
			ns.Repeat = true
			segs = append(segs, ns)
		}
	}
	seg, err := phrase("closing", cfg.Templates.Closing)
	if err != nil {
		return nil, err
	}
	segs = append(segs, seg)
	addJingle("close")

	for i := range segs {
		sg := &segs[i]
		if sg.Text != "" {
			sg.Spans = norm.Spans(sg.Text)
			sg.Spoken = norm.Normalize(sg.Text)
			sg.Syllables = vntext.Syllables(sg.Spoken)
			for _, sent := range vntext.Sentences(sg.Spoken) {
				if sent.Syllables > cfg.Reading.MaxSentenceSyllables {
					s.Warnings = append(s.Warnings, Warning{Segment: i, Sentence: sent.Text, Syllables: sent.Syllables,
						Text: i18n.Msg("script.long_sentence", sent.Syllables, cfg.Reading.MaxSentenceSyllables)})
				}
			}
		}
		if path, secs, ok := clips(sg.ClipKind, sg.Key); ok {
			sg.Clip, sg.Duration = path, secs
		} else {
			sg.Estimated = true
			sg.Duration = Estimate(sg.Spoken, cfg.Reading)
		}
	}
	t := 0.0
	for i := range segs {
		segs[i].Start = t
		t += segs[i].Duration
		if i < len(segs)-1 {
			segs[i].Gap = Gap(cfg, !segs[i].Estimated && !segs[i+1].Estimated)
			t += segs[i].Gap
		}
	}
	s.Segments = segs
	s.Total = t
	s.Over = s.Total - s.SlotSeconds
	return s, nil
}

// Gap is the silence between two segments: the rendered gap (audio.gap)
// between two recorded clips, the reading pause otherwise, since then the
// announcer reads at least one of them live.
func Gap(cfg config.Config, bothRecorded bool) float64 {
	if bothRecorded {
		return cfg.Audio.Gap
	}
	return cfg.Reading.PauseSegment
}

type templateData struct {
	Station, WardName, WardID, Date, Slot string
}

// NormalizerOptions maps the configuration to vntext options.
func NormalizerOptions(cfg config.Config) vntext.Options {
	words := map[string]string{}
	for k, v := range cfg.Text.Words {
		words[k] = v
	}
	abbr := map[string]string{}
	for _, a := range cfg.Text.Abbreviations {
		abbr[a.Written] = a.Spoken
	}
	return vntext.Options{Dialect: vntext.Dialect(cfg.Text.Dialect), Abbreviations: abbr, Words: words,
		TonePlacement: vntext.TonePlacement(cfg.Text.TonePlacement), DayPrefix: cfg.Text.DayPrefix, PlainFour: cfg.Text.PlainFour}
}

// Estimate is the reading time of a spoken text: syllables at the configured
// rate plus pauses at commas, sentence ends and paragraph breaks. The pause
// after the last sentence is left to the gap between segments.
func Estimate(spoken string, r config.Reading) float64 {
	if strings.TrimSpace(spoken) == "" {
		return 0
	}
	secs := float64(vntext.Syllables(spoken)) / r.Rate
	paras := strings.Split(strings.TrimSpace(spoken), "\n\n")
	for pi, p := range paras {
		p = strings.TrimSpace(p)
		for i, c := range p {
			switch c {
			case ',', ';', ':':
				secs += r.PauseComma
			case '.', '!', '?', '…':
				// A sentence end inside the paragraph (not "..." runs, not the last char).
				if i+len(string(c)) < len(p) && !strings.ContainsRune(".!?…", nextRune(p, i+len(string(c)))) {
					secs += r.PauseSentence
				}
			}
		}
		if pi < len(paras)-1 {
			secs += r.PauseParagraph
		}
	}
	return secs
}

func nextRune(s string, i int) rune {
	for _, r := range s[i:] {
		return r
	}
	return 0
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Clock formats seconds as m:ss (or h:mm:ss).
func Clock(secs float64) string {
	neg := secs < 0
	if neg {
		secs = -secs
	}
	total := int(math.Round(secs))
	h, m, sec := total/3600, total/60%60, total%60
	out := fmt.Sprintf("%02d:%02d", m, sec)
	if h > 0 {
		out = fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	if neg {
		return "-" + out
	}
	return out
}
