package config

import (
	"errors"
	"strings"
	"testing"

	"loa/pkg/i18n"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesEveryField(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(c *Config)
		field string
	}{
		{"time zone", func(c *Config) { c.Station.TimeZone = "Asia/Hanoi-City" }, "station.time_zone"},
		{"rate", func(c *Config) { c.Reading.Rate = 0 }, "reading.rate"},
		{"pause", func(c *Config) { c.Reading.PauseComma = -1 }, "reading.pause_comma"},
		{"sample rate", func(c *Config) { c.Audio.SampleRate = 4000 }, "audio.sample_rate"},
		{"channels", func(c *Config) { c.Audio.Channels = 6 }, "audio.channels"},
		{"bit depth", func(c *Config) { c.Audio.BitDepth = 8 }, "audio.bit_depth"},
		{"bitrate", func(c *Config) { c.Audio.MP3Bitrate = 1000 }, "audio.mp3_bitrate"},
		{"trim", func(c *Config) { c.Audio.Trim.Threshold = 0 }, "audio.trim.threshold_db"},
		{"target", func(c *Config) { c.Audio.Loudness.Target = 0 }, "audio.loudness.target_lufs"},
		{"ceiling", func(c *Config) { c.Audio.Loudness.CeilingMP3 = 3 }, "audio.loudness.true_peak_mp3_dbtp"},
		{"dialect", func(c *Config) { c.Text.Dialect = "trung" }, "text.dialect"},
		{"tone placement", func(c *Config) { c.Text.TonePlacement = "x" }, "text.tone_placement"},
		{"plays", func(c *Config) { c.Notices.PlaysPerWeek = 0 }, "notices.plays_per_week"},
		{"export formats", func(c *Config) { c.Export.Formats = []string{"ogg"} }, "export.formats"},
		{"hotline id", func(c *Config) { c.Hotlines = []Hotline{{ID: "Cảnh sát", Number: "113"}} }, "hotlines[0].id"},
		{"hotline empty", func(c *Config) { c.Hotlines = []Hotline{{ID: "x"}} }, "hotlines[0]"},
		{"hotline date", func(c *Config) { c.Hotlines = []Hotline{{ID: "x", Number: "1", Verified: "4/7/2024"}} }, "hotlines[0].verified"},
		{"template", func(c *Config) { c.Templates.Opening = "{{ .Station " }, "templates.opening"},
		{"no wards", func(c *Config) { c.Wards = nil }, "wards"},
		{"ward id", func(c *Config) { c.Wards[0].ID = "Đức Xuân" }, "wards[0].id"},
		{"slot start", func(c *Config) { c.Wards[0].Slots[0].Start = "6h" }, "wards[0].slots[0].start"},
		{"slot day", func(c *Config) { c.Wards[0].Slots[0].Days = []string{"t2"} }, "wards[0].slots[0].days"},
		{"slot length", func(c *Config) { c.Wards[0].Slots[0].MaxMinutes = 0 }, "wards[0].slots[0].max_minutes"},
		{"extra slot", func(c *Config) { c.Wards[0].ExtraSlots = []ExtraSlot{{Date: "x", Start: "06:00", MaxMinutes: 5}} }, "wards[0].extra_slots[0].date"},
		{"blackout", func(c *Config) { c.Blackouts = []Blackout{{From: "2024-09-03", To: "2024-09-02"}} }, "blackouts[0].to"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.edit(&c)
			err := c.Validate()
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("want ErrInvalid, got %v", err)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatal("not a *ValidationError")
			}
			found := false
			for _, e := range ve.Errs {
				fe := e.(*FieldError)
				if fe.Field == tc.field {
					found = true
					if vi := fe.Localize(i18n.VI); strings.Contains(vi, "config.") {
						t.Errorf("message key not in the catalog: %s", vi)
					}
				}
			}
			if !found {
				t.Errorf("no error for %s in %v", tc.field, err)
			}
		})
	}
}

func TestBlackoutCovers(t *testing.T) {
	b := Blackout{From: "2024-09-02", To: "2024-09-03"}
	for day, want := range map[string]bool{"2024-09-01": false, "2024-09-02": true, "2024-09-03": true, "2024-09-04": false} {
		if b.Covers(day) != want {
			t.Errorf("Covers(%s) = %v", day, !want)
		}
	}
	if !(Blackout{From: "2024-09-02"}).Covers("2024-09-02") {
		t.Error("a one-day blackout does not cover its day")
	}
}
