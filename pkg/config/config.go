// Package config holds loa's typed configuration, its built-in defaults and
// its validation. It knows nothing of viper or flags: cmd/loa fills a Config
// and packages below receive it as a plain value.
package config

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"text/template"
	"time"

	"loa/pkg/i18n"
)

// Config is the whole configuration of a station.
type Config struct {
	Station   Station   `mapstructure:"station" yaml:"station"`
	Reading   Reading   `mapstructure:"reading" yaml:"reading"`
	Audio     Audio     `mapstructure:"audio" yaml:"audio"`
	Text      Text      `mapstructure:"text" yaml:"text"`
	Notices   Notices   `mapstructure:"notices" yaml:"notices"`
	Cache     Cache     `mapstructure:"cache" yaml:"cache"`
	Export    Export    `mapstructure:"export" yaml:"export"`
	CAP       CAP       `mapstructure:"cap" yaml:"cap"`
	Hotlines  []Hotline `mapstructure:"hotlines" yaml:"hotlines"`
	Templates Templates `mapstructure:"templates" yaml:"templates"`
	Wards     []Ward    `mapstructure:"wards" yaml:"wards"`
	// Blackouts are days without broadcasts at every ward (holidays, Tết).
	Blackouts []Blackout `mapstructure:"blackouts" yaml:"blackouts"`
}

// Blackout is a range of days, inclusive, with no broadcasts.
type Blackout struct {
	From   string `mapstructure:"from" yaml:"from"`
	To     string `mapstructure:"to" yaml:"to"` // empty: the From day only
	Reason string `mapstructure:"reason" yaml:"reason"`
}

// Covers reports whether the blackout includes day (YYYY-MM-DD).
func (b Blackout) Covers(day string) bool {
	to := b.To
	if to == "" {
		to = b.From
	}
	return day >= b.From && day <= to
}

// ExtraSlot is a one-off slot on a given date.
type ExtraSlot struct {
	Date       string  `mapstructure:"date" yaml:"date"`
	Start      string  `mapstructure:"start" yaml:"start"`
	MaxMinutes float64 `mapstructure:"max_minutes" yaml:"max_minutes"`
}

// Station names the broadcaster.
type Station struct {
	Name     string `mapstructure:"name" yaml:"name"`
	TimeZone string `mapstructure:"time_zone" yaml:"time_zone"`
}

// Reading is the timing model for read-aloud text.
type Reading struct {
	// Rate in syllables per second.
	Rate float64 `mapstructure:"rate" yaml:"rate"`
	// Pauses in seconds.
	PauseComma     float64 `mapstructure:"pause_comma" yaml:"pause_comma"`
	PauseSentence  float64 `mapstructure:"pause_sentence" yaml:"pause_sentence"`
	PauseParagraph float64 `mapstructure:"pause_paragraph" yaml:"pause_paragraph"`
	PauseSegment   float64 `mapstructure:"pause_segment" yaml:"pause_segment"`
	// MaxSentenceSyllables flags longer sentences.
	MaxSentenceSyllables int `mapstructure:"max_sentence_syllables" yaml:"max_sentence_syllables"`
}

// Audio holds the clip library and output settings.
type Audio struct {
	Library    string  `mapstructure:"library" yaml:"library"`
	SampleRate int     `mapstructure:"sample_rate" yaml:"sample_rate"`
	Channels   int     `mapstructure:"channels" yaml:"channels"`
	Gap        float64 `mapstructure:"gap" yaml:"gap"`
	BitDepth   int     `mapstructure:"bit_depth" yaml:"bit_depth"`
	// PlainWAV writes a bare 44-byte-header WAV instead of Broadcast WAVE.
	PlainWAV bool `mapstructure:"plain_wav" yaml:"plain_wav"`
	// MP3Bitrate in kbit/s.
	MP3Bitrate int `mapstructure:"mp3_bitrate" yaml:"mp3_bitrate"`
	// EdgeFade in milliseconds at both ends of every clip.
	EdgeFade float64  `mapstructure:"edge_fade_ms" yaml:"edge_fade_ms"`
	Trim     Trim     `mapstructure:"trim" yaml:"trim"`
	Bed      Bed      `mapstructure:"bed" yaml:"bed"`
	Loudness Loudness `mapstructure:"loudness" yaml:"loudness"`
}

// Trim removes silence at the heads and tails of speech clips.
type Trim struct {
	Enabled   bool    `mapstructure:"enabled" yaml:"enabled"`
	Threshold float64 `mapstructure:"threshold_db" yaml:"threshold_db"`
	Margin    float64 `mapstructure:"margin_ms" yaml:"margin_ms"`
}

// Bed is an optional music bed under the speech, ducked while words play.
type Bed struct {
	File     string  `mapstructure:"file" yaml:"file"`
	Duck     float64 `mapstructure:"duck_db" yaml:"duck_db"`
	FadeDown float64 `mapstructure:"fade_down_ms" yaml:"fade_down_ms"`
	Release  float64 `mapstructure:"release_ms" yaml:"release_ms"`
	Hold     float64 `mapstructure:"hold_ms" yaml:"hold_ms"`
	// Crossfade joins the repeats of a bed shorter than the bulletin, ms.
	Crossfade float64 `mapstructure:"crossfade_ms" yaml:"crossfade_ms"`
}

// Loudness holds the normalization targets (EBU R128 / BS.1770).
type Loudness struct {
	// Target integrated loudness of speech and of the finished bulletin, LUFS.
	Target float64 `mapstructure:"target_lufs" yaml:"target_lufs"`
	// MusicTarget for chimes, jingles and beds, LUFS.
	MusicTarget float64 `mapstructure:"music_target_lufs" yaml:"music_target_lufs"`
	// True-peak ceilings, dBTP.
	CeilingWAV float64 `mapstructure:"true_peak_wav_dbtp" yaml:"true_peak_wav_dbtp"`
	CeilingMP3 float64 `mapstructure:"true_peak_mp3_dbtp" yaml:"true_peak_mp3_dbtp"`
	// DualMono measures mono as played on two speakers (+3 dB).
	DualMono bool `mapstructure:"dual_mono" yaml:"dual_mono"`
	// PA applies the outdoor horn voicing preset.
	PA bool `mapstructure:"pa_voicing" yaml:"pa_voicing"`
}

// Export configures `loa export`.
type Export struct {
	// Formats of the audio files written per bulletin: mp3, wav.
	Formats []string `mapstructure:"formats" yaml:"formats"`
	// Out is the default export folder.
	Out string `mapstructure:"out" yaml:"out"`
}

// CAP configures Common Alerting Protocol import and export.
type CAP struct {
	// Sender identifies this station in exported alerts (e.g. an e-mail or domain).
	Sender string `mapstructure:"sender" yaml:"sender"`
	// Areas map an alert's areaDesc or geocode to ward ids, both ways.
	Areas []CAPArea `mapstructure:"areas" yaml:"areas"`
}

// CAPArea is one area of CAP alerts and the wards it covers ("all" for every ward).
type CAPArea struct {
	Desc    string   `mapstructure:"desc" yaml:"desc"`
	Geocode string   `mapstructure:"geocode" yaml:"geocode"`
	Wards   []string `mapstructure:"wards" yaml:"wards"`
}

// Cache locates the render and measurement cache.
type Cache struct {
	// Dir is the cache folder; empty means the user's cache folder.
	Dir string `mapstructure:"dir" yaml:"dir"`
}

// Text configures the spoken-form normalizer.
type Text struct {
	// Dialect is "bac" (northern standard) or "nam".
	Dialect string `mapstructure:"dialect" yaml:"dialect"`
	// Abbreviations extend or override the built-in abbreviation table. A
	// list, not a map, because configuration map keys lose their case.
	Abbreviations []Abbreviation `mapstructure:"abbreviations" yaml:"abbreviations"`
	// Words restore tones of domain words: "khonggianmang" → "không gian mạng".
	Words map[string]string `mapstructure:"words" yaml:"words"`
	// TonePlacement is "traditional" (hòa, thủy: the default) or "new" (hoà, thuỷ).
	TonePlacement string `mapstructure:"tone_placement" yaml:"tone_placement"`
	// DayPrefix is the word before days 1–10 of a date: "mùng" or "mồng".
	DayPrefix string `mapstructure:"day_prefix" yaml:"day_prefix"`
	// PlainFour reads 24 as "hai mươi bốn" instead of "hai mươi tư".
	PlainFour bool `mapstructure:"plain_four" yaml:"plain_four"`
	// Hashtags end social media posts.
	Hashtags []string `mapstructure:"hashtags" yaml:"hashtags"`
}

// Abbreviation is a written form and how it is read.
type Abbreviation struct {
	Written string `mapstructure:"written" yaml:"written"`
	Spoken  string `mapstructure:"spoken" yaml:"spoken"`
}

// Notices locates the notice library.
type Notices struct {
	Dir          string `mapstructure:"dir" yaml:"dir"`
	PlaysPerWeek int    `mapstructure:"plays_per_week" yaml:"plays_per_week"`
	// MaxPerDay is how often a notice may air in one ward on one day, when
	// the notice does not say.
	MaxPerDay int `mapstructure:"max_per_day" yaml:"max_per_day"`
	// RequireApproval makes render and export refuse drafts.
	RequireApproval bool `mapstructure:"require_approval" yaml:"require_approval"`
}

// Hotline is a number or site that notices mention through templates.
type Hotline struct {
	ID       string `mapstructure:"id" yaml:"id"`
	Name     string `mapstructure:"name" yaml:"name"`
	Number   string `mapstructure:"number" yaml:"number"`
	Site     string `mapstructure:"site" yaml:"site"`
	Purpose  string `mapstructure:"purpose" yaml:"purpose"`
	Verified string `mapstructure:"verified" yaml:"verified"`
}

// Value returns the number, or the site when there is no number.
func (h Hotline) Value() string {
	if h.Number != "" {
		return h.Number
	}
	return h.Site
}

// Templates are Go text/template texts for the fixed parts of a bulletin.
type Templates struct {
	Opening  string `mapstructure:"opening" yaml:"opening"`
	Greeting string `mapstructure:"greeting" yaml:"greeting"`
	Repeat   string `mapstructure:"repeat" yaml:"repeat"`
	Closing  string `mapstructure:"closing" yaml:"closing"`
}

// Ward is one ward or commune with its broadcast slots.
type Ward struct {
	ID    string `mapstructure:"id" yaml:"id"`
	Name  string `mapstructure:"name" yaml:"name"`
	Slots []Slot `mapstructure:"slots" yaml:"slots"`
	// ExtraSlots are one-off slots on given dates.
	ExtraSlots []ExtraSlot `mapstructure:"extra_slots" yaml:"extra_slots"`
	// Blackouts are days without broadcasts in this ward only.
	Blackouts []Blackout `mapstructure:"blackouts" yaml:"blackouts"`
}

// Slot is a recurring broadcast slot.
type Slot struct {
	// Start is "HH:MM" local time.
	Start string `mapstructure:"start" yaml:"start"`
	// Days are weekday codes: mon tue wed thu fri sat sun.
	Days []string `mapstructure:"days" yaml:"days"`
	// MaxMinutes is the longest bulletin the slot takes.
	MaxMinutes float64 `mapstructure:"max_minutes" yaml:"max_minutes"`
}

// Seconds is the slot length in seconds.
func (s Slot) Seconds() float64 { return s.MaxMinutes * 60 }

// Default returns the built-in configuration, used when no file is given and
// as the base every file and environment variable overrides.
func Default() Config {
	weekdays := []string{"mon", "tue", "wed", "thu", "fri"}
	return Config{
		Station: Station{Name: "Đài truyền thanh", TimeZone: "Asia/Ho_Chi_Minh"},
		Reading: Reading{
			Rate: 3.2, PauseComma: 0.3, PauseSentence: 0.6, PauseParagraph: 1.0, PauseSegment: 1.0,
			MaxSentenceSyllables: 50,
		},
		Audio: Audio{Library: "audio", SampleRate: 44100, Channels: 1, Gap: 1.0, BitDepth: 16,
			MP3Bitrate: 64, EdgeFade: 10,
			Trim:     Trim{Enabled: true, Threshold: -50, Margin: 80},
			Bed:      Bed{Duck: -20, FadeDown: 200, Release: 800, Hold: 1000},
			Loudness: Loudness{Target: -16, MusicTarget: -20, CeilingWAV: -1, CeilingMP3: -2},
		},
		Text:    Text{Dialect: "bac", TonePlacement: "traditional", DayPrefix: "mùng", Hashtags: []string{"#CanhGiacLuaDao", "#KhongGianMang", "#LuaDaoTrucTuyen"}},
		Export:  Export{Formats: []string{"mp3"}, Out: "out"},
		CAP:     CAP{Sender: "loa@localhost"},
		Notices: Notices{Dir: "notices", PlaysPerWeek: 3, MaxPerDay: 1, RequireApproval: true},
		Templates: Templates{
			Opening:  "Đây là {{ .Station }}, {{ .WardName }}.",
			Greeting: "Kính thưa bà con nhân dân, sau đây là thông tin tuyên truyền phòng, chống lừa đảo trên không gian mạng.",
			Repeat:   "Xin nhắc lại.",
			Closing:  "Vừa rồi là thông tin tuyên truyền của {{ .Station }}. Cảm ơn bà con đã chú ý lắng nghe.",
		},
		Wards: []Ward{{ID: "mau", Name: "phường Mẫu", Slots: []Slot{{Start: "06:00", Days: weekdays, MaxMinutes: 15}}}},
	}
}

// Location loads the station's time zone.
func (c Config) Location() (*time.Location, error) {
	return time.LoadLocation(c.Station.TimeZone)
}

// Ward returns the ward with the given id.
func (c Config) Ward(id string) (Ward, bool) {
	for _, w := range c.Wards {
		if w.ID == id {
			return w, true
		}
	}
	return Ward{}, false
}

// WardIDs lists the ward ids in configuration order.
func (c Config) WardIDs() []string {
	ids := make([]string, len(c.Wards))
	for i, w := range c.Wards {
		ids[i] = w.ID
	}
	return ids
}

// Hotline returns the hotline with the given id.
func (c Config) Hotline(id string) (Hotline, bool) {
	for _, h := range c.Hotlines {
		if h.ID == id {
			return h, true
		}
	}
	return Hotline{}, false
}

// FieldError is a validation failure for one configuration key.
type FieldError struct {
	Field string
	Msg   i18n.Text
}

func (e *FieldError) Error() string { return e.Localize(i18n.EN) }

// Localize implements i18n.Localizer.
func (e *FieldError) Localize(lang i18n.Lang) string {
	return i18n.T(lang, "config.field_error", e.Field, e.Msg.In(lang))
}

// ErrInvalid wraps every validation failure.
var ErrInvalid = errors.New("invalid configuration")

var (
	idRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	clockRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
	dayCode = map[string]time.Weekday{
		"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
		"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	}
)

// Weekday parses a weekday code (mon … sun).
func Weekday(code string) (time.Weekday, bool) {
	d, ok := dayCode[strings.ToLower(code)]
	return d, ok
}

// ValidID reports whether s is a valid ward, notice or hotline id.
func ValidID(s string) bool { return idRe.MatchString(s) }

// Validate checks every field and returns all problems found, joined.
func (c Config) Validate() error {
	var errs []error
	bad := func(field, key string, a ...any) {
		errs = append(errs, &FieldError{Field: field, Msg: i18n.Msg(key, a...)})
	}
	if _, err := c.Location(); err != nil {
		bad("station.time_zone", "config.unknown_time_zone", c.Station.TimeZone)
	}
	if c.Reading.Rate < 1 || c.Reading.Rate > 8 {
		bad("reading.rate", "config.range_rate", c.Reading.Rate)
	}
	for name, v := range map[string]float64{
		"reading.pause_comma": c.Reading.PauseComma, "reading.pause_sentence": c.Reading.PauseSentence,
		"reading.pause_paragraph": c.Reading.PauseParagraph, "reading.pause_segment": c.Reading.PauseSegment,
		"audio.gap": c.Audio.Gap,
	} {
		if v < 0 || v > 10 {
			bad(name, "config.range_seconds", 0.0, 10.0, v)
		}
	}
	if c.Reading.MaxSentenceSyllables < 5 {
		bad("reading.max_sentence_syllables", "config.at_least", 5, c.Reading.MaxSentenceSyllables)
	}
	if c.Audio.SampleRate < 8000 || c.Audio.SampleRate > 192000 {
		bad("audio.sample_rate", "config.range_rate_hz", c.Audio.SampleRate)
	}
	if c.Audio.Channels != 1 && c.Audio.Channels != 2 {
		bad("audio.channels", "config.channels", c.Audio.Channels)
	}
	if c.Audio.BitDepth != 16 && c.Audio.BitDepth != 24 {
		bad("audio.bit_depth", "config.bit_depth", c.Audio.BitDepth)
	}
	if c.Audio.MP3Bitrate < 8 || c.Audio.MP3Bitrate > 320 {
		bad("audio.mp3_bitrate", "config.range_kbps", c.Audio.MP3Bitrate)
	}
	if c.Audio.EdgeFade < 0 || c.Audio.EdgeFade > 100 {
		bad("audio.edge_fade_ms", "config.range_ms", 0, 100, c.Audio.EdgeFade)
	}
	if c.Audio.Trim.Threshold > -20 || c.Audio.Trim.Threshold < -90 {
		bad("audio.trim.threshold_db", "config.range_db", -90.0, -20.0, c.Audio.Trim.Threshold)
	}
	if c.Audio.Trim.Margin < 0 || c.Audio.Trim.Margin > 2000 {
		bad("audio.trim.margin_ms", "config.range_ms", 0, 2000, c.Audio.Trim.Margin)
	}
	if c.Audio.Bed.Duck > 0 || c.Audio.Bed.Duck < -60 {
		bad("audio.bed.duck_db", "config.range_db", -60.0, 0.0, c.Audio.Bed.Duck)
	}
	for name, v := range map[string]float64{"audio.bed.fade_down_ms": c.Audio.Bed.FadeDown, "audio.bed.release_ms": c.Audio.Bed.Release,
		"audio.bed.hold_ms": c.Audio.Bed.Hold, "audio.bed.crossfade_ms": c.Audio.Bed.Crossfade} {
		if v < 0 || v > 10000 {
			bad(name, "config.range_ms", 0, 10000, v)
		}
	}
	l := c.Audio.Loudness
	for name, v := range map[string]float64{"audio.loudness.target_lufs": l.Target, "audio.loudness.music_target_lufs": l.MusicTarget} {
		if v < -40 || v > -5 {
			bad(name, "config.range_db", -40.0, -5.0, v)
		}
	}
	for name, v := range map[string]float64{"audio.loudness.true_peak_wav_dbtp": l.CeilingWAV, "audio.loudness.true_peak_mp3_dbtp": l.CeilingMP3} {
		if v < -20 || v > 0 {
			bad(name, "config.range_db", -20.0, 0.0, v)
		}
	}
	if c.Audio.Library == "" {
		bad("audio.library", "config.need_folder")
	}
	if c.Text.Dialect != "bac" && c.Text.Dialect != "nam" {
		bad("text.dialect", "config.dialect", c.Text.Dialect)
	}
	if len(c.Export.Formats) == 0 {
		bad("export.formats", "config.export_formats")
	}
	for _, f := range c.Export.Formats {
		if f != "mp3" && f != "wav" {
			bad("export.formats", "config.export_formats")
		}
	}
	if c.Text.TonePlacement != "traditional" && c.Text.TonePlacement != "new" {
		bad("text.tone_placement", "config.tone_placement", c.Text.TonePlacement)
	}
	if c.Text.DayPrefix != "mùng" && c.Text.DayPrefix != "mồng" {
		bad("text.day_prefix", "config.day_prefix", c.Text.DayPrefix)
	}
	if c.Notices.Dir == "" {
		bad("notices.dir", "config.need_folder")
	}
	if c.Notices.PlaysPerWeek < 1 {
		bad("notices.plays_per_week", "config.at_least", 1, c.Notices.PlaysPerWeek)
	}
	if c.Notices.MaxPerDay < 1 {
		bad("notices.max_per_day", "config.at_least", 1, c.Notices.MaxPerDay)
	}
	checkBlackouts := func(field string, bs []Blackout) {
		for i, b := range bs {
			f := fmt.Sprintf("%s[%d]", field, i)
			if _, err := time.Parse("2006-01-02", b.From); err != nil {
				bad(f+".from", "config.bad_date", b.From)
			}
			if b.To != "" {
				if _, err := time.Parse("2006-01-02", b.To); err != nil {
					bad(f+".to", "config.bad_date", b.To)
				} else if b.To < b.From {
					bad(f+".to", "config.to_before_from")
				}
			}
		}
	}
	checkBlackouts("blackouts", c.Blackouts)
	seen := map[string]bool{}
	for i, h := range c.Hotlines {
		f := fmt.Sprintf("hotlines[%d]", i)
		if !ValidID(h.ID) {
			bad(f+".id", "config.bad_id", h.ID)
		} else if seen[h.ID] {
			bad(f+".id", "config.duplicate_id", h.ID)
		}
		seen[h.ID] = true
		if h.Number == "" && h.Site == "" {
			bad(f, "config.hotline_empty")
		}
		if h.Verified != "" {
			if _, err := time.Parse("2006-01-02", h.Verified); err != nil {
				bad(f+".verified", "config.bad_date", h.Verified)
			}
		}
	}
	for name, text := range map[string]string{
		"templates.opening": c.Templates.Opening, "templates.greeting": c.Templates.Greeting,
		"templates.repeat": c.Templates.Repeat, "templates.closing": c.Templates.Closing,
	} {
		if _, err := template.New(name).Funcs(TemplateFuncStubs()).Parse(text); err != nil {
			bad(name, "config.bad_template", err.Error())
		}
	}
	if len(c.Wards) == 0 {
		bad("wards", "config.no_wards")
	}
	seen = map[string]bool{}
	for i, w := range c.Wards {
		f := fmt.Sprintf("wards[%d]", i)
		if !ValidID(w.ID) {
			bad(f+".id", "config.bad_id", w.ID)
		} else if seen[w.ID] {
			bad(f+".id", "config.duplicate_id", w.ID)
		}
		seen[w.ID] = true
		if w.Name == "" {
			bad(f+".name", "config.empty")
		}
		for j, s := range w.Slots {
			sf := fmt.Sprintf("%s.slots[%d]", f, j)
			if !clockRe.MatchString(s.Start) {
				bad(sf+".start", "config.bad_clock", s.Start)
			}
			if len(s.Days) == 0 {
				bad(sf+".days", "config.no_days")
			}
			for _, d := range s.Days {
				if _, ok := Weekday(d); !ok {
					bad(sf+".days", "config.bad_day", d)
				}
			}
			if s.MaxMinutes <= 0 || s.MaxMinutes > 180 {
				bad(sf+".max_minutes", "config.range_minutes", s.MaxMinutes)
			}
		}
		for j, s := range w.ExtraSlots {
			sf := fmt.Sprintf("%s.extra_slots[%d]", f, j)
			if _, err := time.Parse("2006-01-02", s.Date); err != nil {
				bad(sf+".date", "config.bad_date", s.Date)
			}
			if !clockRe.MatchString(s.Start) {
				bad(sf+".start", "config.bad_clock", s.Start)
			}
			if s.MaxMinutes <= 0 || s.MaxMinutes > 180 {
				bad(sf+".max_minutes", "config.range_minutes", s.MaxMinutes)
			}
		}
		checkBlackouts(f+".blackouts", w.Blackouts)
	}
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		return errs[i].(*FieldError).Field < errs[j].(*FieldError).Field
	})
	return &ValidationError{Errs: errs}
}

// ValidationError holds every problem Validate found. errors.Is(err,
// ErrInvalid) is true for it.
type ValidationError struct{ Errs []error }

func (e *ValidationError) Error() string { return errors.Join(e.Errs...).Error() }

// Unwrap returns the individual problems.
func (e *ValidationError) Unwrap() []error { return e.Errs }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// TemplateFuncStubs lists the functions templates may call, so that a
// template can be parsed before real values exist.
func TemplateFuncStubs() template.FuncMap {
	return template.FuncMap{
		"hotline": func(string) string { return "" },
		"site":    func(string) string { return "" },
	}
}
