package script

import (
	"fmt"
	"os"
	"testing"

	"go.yaml.in/yaml/v3"
	"loa/pkg/config"
	"loa/pkg/notice"
)

func TestZZDump(t *testing.T) {
	cfg := config.Default()
	b, _ := os.ReadFile("../../config.yaml")
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	n, err := notice.ParseFile("../../notices/deepfake-video-call.md")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%+v\n", n.Source)
	w, _ := cfg.Ward("duc-xuan")
	d, _ := notice.ParseDate("2024-07-08")
	s, err := Build(Input{Config: cfg, Ward: w, Date: d, Slot: "06:00", Notices: []*notice.Notice{n}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range s.Segments {
		fmt.Printf("== %s %s %.2f %.2f gap %.2f\n%q\n%q\n", g.Kind, g.Key, g.Start, g.Duration, g.Gap, g.Text, g.Spoken)
		for _, sp := range g.Spans {
			if true {
				fmt.Printf("   %q -> %q [%d,%d]\n", sp.Written, sp.Spoken, sp.Start, sp.End)
			}
		}
	}
}
