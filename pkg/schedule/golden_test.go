package schedule

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"loa/pkg/i18n"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders the fixture (the example configuration's wards and
// slots, testdata/notices) in every format and compares with the files in
// testdata/golden; go test -update rewrites them.
func TestGolden(t *testing.T) {
	cfg, ns := fixture(t)
	tm := timingFor(ns)
	cases := []struct {
		name, from, to, format string
		lang                   i18n.Lang
	}{
		{"week.txt", "2024-07-08", "2024-07-14", "table", i18n.VI},
		{"week.en.txt", "2024-07-08", "2024-07-14", "table", i18n.EN},
		{"week.csv", "2024-07-08", "2024-07-14", "csv", i18n.VI},
		{"week.json", "2024-07-08", "2024-07-14", "json", i18n.VI},
		{"week.ics", "2024-07-08", "2024-07-14", "ics", i18n.VI},
		{"week.m3u", "2024-07-08", "2024-07-14", "m3u", i18n.VI},
		// Partial weeks at both ends and the National Day blackout.
		{"quoc-khanh.en.json", "2024-08-29", "2024-09-04", "json", i18n.EN},
		{"quoc-khanh.txt", "2024-08-29", "2024-09-04", "table", i18n.VI},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := build(t, cfg, ns, tm, c.from, c.to)
			var b bytes.Buffer
			if err := Write(&b, s, c.format, c.lang); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", c.name)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				got := filepath.Join(t.TempDir(), c.name)
				os.WriteFile(got, b.Bytes(), 0o644)
				t.Errorf("%s differs from the golden file; output in %s (go test -update rewrites it)", path, got)
			}
		})
	}
}
