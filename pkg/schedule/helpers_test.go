package schedule

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"loa/pkg/config"
	"loa/pkg/notice"
)

// fakeTiming is a bulletin timing for tests: a fixed overhead and a length
// per notice, given or estimated from the body's word count (each word is
// one syllable, read twice).
type fakeTiming struct {
	overhead float64
	rate     float64
	words    map[string]int
	fixed    map[string]float64 // "ward/id" or "id" → seconds
	calls    int
}

func (f *fakeTiming) Overhead(string) float64 { return f.overhead }

func (f *fakeTiming) Notice(ward, id string) float64 {
	f.calls++
	if s, ok := f.fixed[ward+"/"+id]; ok {
		return s
	}
	if s, ok := f.fixed[id]; ok {
		return s
	}
	return float64(f.words[id])*2/f.rate + 3
}

func timingFor(lib []*notice.Notice) *fakeTiming {
	t := &fakeTiming{overhead: 60, rate: 3.2, words: map[string]int{}, fixed: map[string]float64{}}
	for _, n := range lib {
		t.words[n.ID] = len(strings.Fields(n.Body))
	}
	return t
}

// loadConfig reads a configuration file over the built-in defaults, as
// cmd/loa does (without the environment).
func loadConfig(t testing.TB, path string) config.Config {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Wards = nil
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cfg
}

// fixture is the example configuration's wards and slots with the notices
// of testdata/notices.
func fixture(t testing.TB) (config.Config, []*notice.Notice) {
	t.Helper()
	cfg := loadConfig(t, filepath.Join("testdata", "config.yaml"))
	lib, err := notice.LoadDir(filepath.Join("testdata", "notices"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg, lib.Notices
}

func day(t testing.TB, s string) notice.Date {
	t.Helper()
	d, err := notice.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// needTool skips the test when an outside tool is missing, except under
// CI=true, where that is a failure.
func needTool(t *testing.T, ok bool, what string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required under CI=true but not available", what)
	}
	t.Skipf("%s not available; skipping", what)
}

// pythonWith finds a python3 on PATH that can import module; "" if none.
func pythonWith(module string) string {
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		p := filepath.Join(dir, "python3")
		if fi, err := os.Stat(p); err != nil || fi.IsDir() {
			continue
		}
		if exec.Command(p, "-c", "import "+module).Run() == nil {
			return p
		}
	}
	return ""
}
