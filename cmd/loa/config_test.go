package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"loa/pkg/config"
)

// loadWith runs the config loading of a command the way a real run does,
// with the given arguments, environment and working directory.
func loadWith(t *testing.T, dir string, env map[string]string, args ...string) (config.Config, error) {
	t.Helper()
	t.Chdir(dir)
	streams := &Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, ErrOut: &bytes.Buffer{}}
	a := newApp(streams, func(k string) string { return env[k] }, args)
	root := a.rootCmd()
	var cfg config.Config
	var loadErr error
	probe := &cobra.Command{Use: "probe", RunE: func(cmd *cobra.Command, _ []string) error {
		cfg, loadErr = a.loadConfig(cmd)
		return nil
	}}
	root.AddCommand(probe)
	// Environment variables are read by viper from the process.
	for k, v := range env {
		t.Setenv(k, v)
	}
	root.SetArgs(append([]string{"probe"}, args...))
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	return cfg, loadErr
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := "audio:\n  sample_rate: 32000\n  library: clips\nnotices:\n  dir: thong-bao\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := t.TempDir()

	t.Run("defaults without a file", func(t *testing.T) {
		cfg, err := loadWith(t, empty, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Audio.SampleRate != 44100 || cfg.Notices.Dir != "notices" || cfg.Reading.Rate != 3.2 {
			t.Errorf("defaults not applied: %+v", cfg.Audio)
		}
	})
	t.Run("file over defaults", func(t *testing.T) {
		cfg, err := loadWith(t, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Audio.SampleRate != 32000 || cfg.Audio.Channels != 1 {
			t.Errorf("file value not used: %+v", cfg.Audio)
		}
		if cfg.Notices.Dir != "thong-bao" {
			t.Errorf("notices.dir = %q", cfg.Notices.Dir)
		}
	})
	t.Run("env over file", func(t *testing.T) {
		cfg, err := loadWith(t, dir, map[string]string{"LOA_AUDIO_SAMPLE_RATE": "48000", "LOA_READING_RATE": "3.9"})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Audio.SampleRate != 48000 || cfg.Reading.Rate != 3.9 {
			t.Errorf("env not used: rate %d, reading %g", cfg.Audio.SampleRate, cfg.Reading.Rate)
		}
	})
	t.Run("flag over env", func(t *testing.T) {
		cfg, err := loadWith(t, dir, map[string]string{"LOA_NOTICES_DIR": "tu-env"}, "--notices", "tu-co")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Notices.Dir != "tu-co" {
			t.Errorf("notices.dir = %q, want the flag's value", cfg.Notices.Dir)
		}
	})
	t.Run("env over file for dirs", func(t *testing.T) {
		cfg, err := loadWith(t, dir, map[string]string{"LOA_NOTICES_DIR": "tu-env"})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Notices.Dir != "tu-env" {
			t.Errorf("notices.dir = %q, want the env value", cfg.Notices.Dir)
		}
	})
	t.Run("LOA_CONFIG names the file; paths relative to it", func(t *testing.T) {
		cfg, err := loadWith(t, empty, map[string]string{"LOA_CONFIG": filepath.Join(dir, "config.yaml")})
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Audio.SampleRate != 32000 || cfg.Audio.Library != filepath.Join(dir, "clips") {
			t.Errorf("LOA_CONFIG not used: %+v", cfg.Audio)
		}
	})
	t.Run("invalid value is a usage error", func(t *testing.T) {
		_, err := loadWith(t, dir, map[string]string{"LOA_AUDIO_CHANNELS": "7"})
		if err == nil || exitCode(context.Background(), err) != exitUsage {
			t.Errorf("want a usage error, got %v", err)
		}
	})
	t.Run("unknown key is a usage error", func(t *testing.T) {
		bad := t.TempDir()
		os.WriteFile(filepath.Join(bad, "config.yaml"), []byte("audio:\n  sample_rat: 32000\n"), 0o644)
		_, err := loadWith(t, bad, nil)
		if err == nil || !strings.Contains(err.Error(), "sample_rat") || exitCode(context.Background(), err) != exitUsage {
			t.Errorf("want an error naming sample_rat, got %v", err)
		}
	})
	t.Run("missing explicit file", func(t *testing.T) {
		_, err := loadWith(t, empty, nil, "--config", "khong-co.yaml")
		if err == nil || exitCode(context.Background(), err) != exitUsage {
			t.Errorf("want a usage error, got %v", err)
		}
	})
}

func TestBundledConfigIsValid(t *testing.T) {
	cfg, err := loadWith(t, "../..", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Wards) != 8 || len(cfg.Hotlines) < 5 {
		t.Errorf("example config: %d wards, %d hotlines", len(cfg.Wards), len(cfg.Hotlines))
	}
	for _, w := range cfg.Wards {
		if len(w.Slots) != 2 || w.Slots[0].Start != "06:00" || w.Slots[1].Start != "17:30" || w.Slots[0].MaxMinutes != 15 {
			t.Errorf("ward %s slots: %+v", w.ID, w.Slots)
		}
	}
}
