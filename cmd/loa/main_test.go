package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"loa/pkg/clips"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"loa": func() { os.Exit(Main()) },
	})
}

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Every script starts in a copy of the bundled example data.
			for _, name := range []string{"config.yaml", "notices", "audio"} {
				if err := copyTree(filepath.Join("..", "..", name), filepath.Join(env.WorkDir, name)); err != nil {
					return err
				}
			}
			// The CAP schema from shared/ beside the repository, for xmllint
			// in the scripts ([exists CAP-v1.2.xsd]); required under CI=true.
			xsd, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "schemas", "CAP-v1.2.xsd"))
			switch {
			case err == nil:
				if err := os.WriteFile(filepath.Join(env.WorkDir, "CAP-v1.2.xsd"), xsd, 0o644); err != nil {
					return err
				}
			case os.Getenv("CI") == "true":
				return fmt.Errorf("CAP schema missing under CI=true: %w", err)
			}
			env.Setenv("CI", os.Getenv("CI"))
			env.Setenv("LOA_LANG", "")
			return nil
		},
		Condition: toolCondition,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"audioinfo":   cmdAudioInfo,
			"checkscript": cmdCheckScript,
			"matchlength": cmdMatchLength,
			"probeagrees": cmdProbeAgrees,
			"slotmatches": cmdSlotMatches,
		},
	})
}

// toolCondition implements [tool:NAME]: whether an outside program is
// installed. Scripts skip on [!tool:NAME]; under CI=true a missing tool is an
// error instead, so CI cannot pass by skipping.
func toolCondition(cond string) (bool, error) {
	if cond == "capschema" { // the CAP schema in shared/, copied in by Setup
		_, err := os.Stat(filepath.Join("..", "..", "..", "shared", "schemas", "CAP-v1.2.xsd"))
		return err == nil, nil
	}
	name, ok := strings.CutPrefix(cond, "tool:")
	if !ok {
		return false, fmt.Errorf("unknown condition %q", cond)
	}
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			return false, fmt.Errorf("%s is required under CI=true but not installed", name)
		}
		return false, nil
	}
	return true, nil
}

// audioinfo FILE prints "rate=R channels=C frames=N seconds=S" as loa
// decodes the file.
func cmdAudioInfo(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: audioinfo FILE")
	}
	s, info, err := clips.Open(ts.MkAbs(args[0]))
	if neg {
		if err == nil {
			s.Close()
			ts.Fatalf("audioinfo: %s decoded, expected a failure", args[0])
		}
		return
	}
	ts.Check(err)
	defer s.Close()
	// Decode it all, to prove the data is there and count the real frames.
	buf := make([]float32, 4096*info.Format.Channels)
	var frames int64
	for {
		n, err := s.Read(buf)
		frames += int64(n / info.Format.Channels)
		if err == io.EOF {
			break
		}
		ts.Check(err)
	}
	if info.Frames >= 0 && frames != info.Frames {
		ts.Fatalf("header says %d frames, decoded %d", info.Frames, frames)
	}
	fmt.Fprintf(ts.Stdout(), "rate=%d channels=%d frames=%d seconds=%.3f\n",
		info.Format.SampleRate, info.Format.Channels, frames, float64(frames)/float64(info.Format.SampleRate))
}

type scriptDoc struct {
	Ward     string   `json:"ward"`
	Date     string   `json:"date"`
	Slot     string   `json:"slot"`
	SlotSecs *float64 `json:"slot_seconds"`
	Total    *float64 `json:"total_seconds"`
	Over     *float64 `json:"over_seconds"`
	Segments []struct {
		Kind      *string  `json:"kind"`
		Title     *string  `json:"title"`
		Text      *string  `json:"text"`
		Spoken    *string  `json:"spoken"`
		Syllables *int     `json:"syllables"`
		Clip      *string  `json:"clip"`
		Start     *float64 `json:"start_seconds"`
		Duration  *float64 `json:"duration_seconds"`
		Estimated *bool    `json:"estimated"`
	} `json:"segments"`
}

func readScriptDoc(ts *testscript.TestScript, path string) scriptDoc {
	var doc scriptDoc
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(path)), &doc))
	return doc
}

// checkscript FILE checks a `script --format json` document: every key of
// DESIGN.md present, starts increasing, total = end of the last segment.
func cmdCheckScript(ts *testscript.TestScript, neg bool, args []string) {
	doc := readScriptDoc(ts, args[0])
	if doc.Ward == "" || doc.Date == "" || doc.Slot == "" || doc.SlotSecs == nil || doc.Total == nil || doc.Over == nil {
		ts.Fatalf("top-level keys missing: %+v", doc)
	}
	if len(doc.Segments) == 0 {
		ts.Fatalf("no segments")
	}
	prev := -1.0
	for i, s := range doc.Segments {
		if s.Kind == nil || s.Title == nil || s.Text == nil || s.Spoken == nil || s.Syllables == nil ||
			s.Clip == nil || s.Start == nil || s.Duration == nil || s.Estimated == nil {
			ts.Fatalf("segment %d misses a key", i)
		}
		if *s.Start <= prev {
			ts.Fatalf("segment %d starts at %g, not after %g", i, *s.Start, prev)
		}
		prev = *s.Start
	}
	last := doc.Segments[len(doc.Segments)-1]
	if math.Abs(*doc.Total-(*last.Start+*last.Duration)) > 0.0015 {
		ts.Fatalf("total_seconds %g != end of last segment %g", *doc.Total, *last.Start+*last.Duration)
	}
	if math.Abs(*doc.Over-(*doc.Total-*doc.SlotSecs)) > 0.0015 {
		ts.Fatalf("over_seconds %g != total - slot", *doc.Over)
	}
}

// matchlength AUDIO SCRIPT.json MS checks that the audio lasts the script's
// total within MS milliseconds.
func cmdMatchLength(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: matchlength AUDIO SCRIPT.json MS")
	}
	doc := readScriptDoc(ts, args[1])
	tol, err := strconv.ParseFloat(args[2], 64)
	ts.Check(err)
	s, info, err := clips.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	s.Close()
	diff := math.Abs(info.Seconds-*doc.Total) * 1000
	if diff > tol {
		ts.Fatalf("audio lasts %.4f s, script total %.4f s: %.1f ms apart (limit %g)", info.Seconds, *doc.Total, diff, tol)
	}
}

// probeagrees FILE MS checks that ffprobe's duration of FILE is within MS
// milliseconds of loa's own decode.
func cmdProbeAgrees(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: probeagrees FILE MS")
	}
	tol, err := strconv.ParseFloat(args[1], 64)
	ts.Check(err)
	out, err := exec.Command("ffprobe", "-v", "error", "-show_entries", "format=duration",
		"-of", "default=nw=1:nk=1", ts.MkAbs(args[0])).Output()
	ts.Check(err)
	probed, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	ts.Check(err)
	s, info, err := clips.Open(ts.MkAbs(args[0]))
	ts.Check(err)
	s.Close()
	if d := math.Abs(probed-info.Seconds) * 1000; d > tol {
		ts.Fatalf("ffprobe says %.4f s, loa %.4f s: %.1f ms apart", probed, info.Seconds, d)
	}
}

// slotmatches SCRIPT.json SCHEDULE.json checks that a script holds the
// notices the schedule put in its ward, date and slot, in that order.
func cmdSlotMatches(ts *testscript.TestScript, neg bool, args []string) {
	var sc struct {
		Ward, Date, Slot string
		Notices          []string
	}
	var sch struct {
		Items []struct {
			Ward, Date, Slot string
			Notices          []string
		}
	}
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[0])), &sc))
	ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[1])), &sch))
	for _, it := range sch.Items {
		if it.Ward == sc.Ward && it.Date == sc.Date && it.Slot == sc.Slot {
			if strings.Join(it.Notices, ",") != strings.Join(sc.Notices, ",") {
				ts.Fatalf("script has %v, schedule %v", sc.Notices, it.Notices)
			}
			return
		}
	}
	ts.Fatalf("the schedule has no item for %s %s %s", sc.Ward, sc.Date, sc.Slot)
}

func copyTree(src, dst string) error {
	return filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
