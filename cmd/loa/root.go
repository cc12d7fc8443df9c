package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"loa/pkg/config"
	"loa/pkg/i18n"
)

// app is the state shared by every command of one run.
type app struct {
	io     *Streams
	getenv func(string) string
	lang   i18n.Lang
	quiet  bool
	cfgArg string
	// cpuProfile is a hidden flag for benchmarking.
	cpuProfile  string
	profileFile *os.File
	v           *viper.Viper
	// configFlags maps flag names to the config keys they set.
	configFlags map[string]string
}

func newApp(io *Streams, getenv func(string) string, args []string) *app {
	a := &app{io: io, getenv: getenv, v: viper.New(), configFlags: map[string]string{}}
	// The language must be known before the commands (and their help) are
	// built, so it is read from the arguments and environment first.
	a.lang, _ = i18n.ParseLang(getenv("LOA_LANG"))
	for i, arg := range args {
		if arg == "--" {
			break
		}
		if v, ok := strings.CutPrefix(arg, "--lang="); ok {
			a.lang, _ = i18n.ParseLang(v)
		} else if arg == "--lang" && i+1 < len(args) {
			a.lang, _ = i18n.ParseLang(args[i+1])
		}
	}
	return a
}

func (a *app) T(key string, args ...any) string { return i18n.T(a.lang, key, args...) }

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:               "loa",
		Short:             a.T("cli.root.short"),
		Long:              a.T("cli.root.long"),
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPostRun: func(*cobra.Command, []string) { a.stopProfile() },
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.startProfile(); err != nil {
				return err
			}
			if l := cmd.Flag("lang"); l != nil && l.Changed {
				lang, ok := i18n.ParseLang(l.Value.String())
				if !ok {
					return usage("cli.bad_lang", l.Value.String())
				}
				a.lang = lang
			}
			return nil
		},
	}
	pf := root.PersistentFlags()
	var lang string
	pf.StringVar(&a.cfgArg, "config", "", a.T("cli.flag.config"))
	pf.StringVar(&lang, "lang", "vi", a.T("cli.flag.lang"))
	pf.BoolVarP(&a.quiet, "quiet", "q", false, a.T("cli.flag.quiet"))
	a.configFlag(pf, "notices", "notices.dir", "", a.T("cli.flag.notices"))
	a.configFlag(pf, "audio-dir", "audio.library", "", a.T("cli.flag.audio_dir"))
	pf.StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile to this file")
	_ = pf.MarkHidden("cpuprofile")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetOut(a.io.Out)
	root.SetErr(a.io.ErrOut)
	root.SetIn(a.io.In)
	root.AddCommand(
		a.scriptCmd(),
		a.renderCmd(),
		a.normalizeCmd(),
		a.noticeCmd(),
		a.measureCmd(),
		a.checkCmd(),
		a.scheduleCmd(),
		a.exportCmd(),
		a.reportCmd(),
		a.versionCmd(),
	)
	localizeHelp(root, a)
	return root
}

// configFlag defines a string flag that, when set, overrides a config key.
func (a *app) configFlag(fs *pflag.FlagSet, name, key, def, help string) {
	fs.String(name, def, help)
	a.configFlags[name] = key
}

// loadConfig builds the configuration: flag > LOA_* environment > file >
// built-in defaults. It uses the one viper instance of the run.
func (a *app) loadConfig(cmd *cobra.Command) (config.Config, error) {
	v := a.v
	def := config.Default()
	defaults, err := toMap(def)
	if err != nil {
		return def, err
	}
	setDefaults(v, "", defaults)
	v.SetEnvPrefix("LOA")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()

	path := a.cfgArg
	explicit := path != ""
	if !explicit {
		path = a.getenv("LOA_CONFIG")
		explicit = path != ""
	}
	if !explicit {
		if _, err := os.Stat("config.yaml"); err == nil {
			path = "config.yaml"
		}
	}
	base := ""
	if path != "" {
		v.SetConfigFile(path)
		v.SetConfigType("yaml")
		if err := v.ReadInConfig(); err != nil {
			if os.IsNotExist(err) || isNotFound(err) {
				return def, usage("cli.config_missing", path)
			}
			return def, usage("cli.config_unreadable", path, err.Error())
		}
		base = filepath.Dir(path)
	}
	for name, key := range a.configFlags {
		if f := cmd.Flag(name); f != nil && f.Changed {
			v.Set(key, f.Value.String())
		}
	}
	var cfg config.Config
	err = v.UnmarshalExact(&cfg, func(dc *mapstructure.DecoderConfig) {
		dc.WeaklyTypedInput = true
		dc.DecodeHook = mapstructure.ComposeDecodeHookFunc(dateToString, dc.DecodeHook)
	})
	if err != nil {
		return cfg, usage("cli.config_invalid", path, err.Error())
	}
	// Paths in a config file are relative to the file.
	if base != "" {
		if !isSet(cmd, "notices") && !filepath.IsAbs(cfg.Notices.Dir) && a.getenv("LOA_NOTICES_DIR") == "" {
			cfg.Notices.Dir = filepath.Join(base, cfg.Notices.Dir)
		}
		if !isSet(cmd, "audio-dir") && !filepath.IsAbs(cfg.Audio.Library) && a.getenv("LOA_AUDIO_LIBRARY") == "" {
			cfg.Audio.Library = filepath.Join(base, cfg.Audio.Library)
		}
		if cfg.Export.Out != "" && !filepath.IsAbs(cfg.Export.Out) && a.getenv("LOA_EXPORT_OUT") == "" {
			cfg.Export.Out = filepath.Join(base, cfg.Export.Out)
		}
		if cfg.Cache.Dir != "" && !filepath.IsAbs(cfg.Cache.Dir) && a.getenv("LOA_CACHE_DIR") == "" {
			cfg.Cache.Dir = filepath.Join(base, cfg.Cache.Dir)
		}
		if cfg.Audio.Bed.File != "" && !filepath.IsAbs(cfg.Audio.Bed.File) && a.getenv("LOA_AUDIO_BED_FILE") == "" {
			cfg.Audio.Bed.File = filepath.Join(base, cfg.Audio.Bed.File)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func isSet(cmd *cobra.Command, name string) bool {
	f := cmd.Flag(name)
	return f != nil && f.Changed
}

func isNotFound(err error) bool {
	_, ok := err.(viper.ConfigFileNotFoundError)
	return ok || strings.Contains(err.Error(), "no such file")
}

func setDefaults(v *viper.Viper, prefix string, m map[string]any) {
	for k, val := range m {
		key := strings.ToLower(k)
		if prefix != "" {
			key = prefix + "." + key
		}
		if sub, ok := val.(map[string]any); ok && reflect.ValueOf(val).Len() > 0 && !isFreeMap(key) {
			setDefaults(v, key, sub)
			continue
		}
		v.SetDefault(key, val)
	}
}

// isFreeMap lists keys whose values are maps of user-chosen keys.
func isFreeMap(key string) bool {
	return key == "text.words"
}

func (a *app) info(format string, args ...any) {
	if a.quiet {
		return
	}
	fmt.Fprintf(a.io.ErrOut, format+"\n", args...)
}

// toMap turns the defaults into the nested map viper takes, keyed like the
// config file.
func toMap(c config.Config) (map[string]any, error) {
	b, err := yaml.Marshal(c)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	err = yaml.Unmarshal(b, &m)
	return m, err
}

// dateToString keeps YAML dates (which the YAML reader turns into times) as
// the YYYY-MM-DD text the configuration holds.
func dateToString(from, to reflect.Type, data any) (any, error) {
	if t, ok := data.(time.Time); ok && to.Kind() == reflect.String {
		return t.Format("2006-01-02"), nil
	}
	return data, nil
}

func (a *app) startProfile() error {
	if a.cpuProfile == "" {
		return nil
	}
	f, err := os.Create(a.cpuProfile)
	if err != nil {
		return err
	}
	a.profileFile = f
	return pprof.StartCPUProfile(f)
}

func (a *app) stopProfile() {
	if a.profileFile != nil {
		pprof.StopCPUProfile()
		a.profileFile.Close()
		a.profileFile = nil
	}
}
