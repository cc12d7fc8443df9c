package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runLoa runs loa in dir with args as Main does, making sure the schedule
// command is there, and returns stdout, stderr and the exit code.
func runLoa(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	a := newApp(&Streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}, func(string) string { return "" }, args)
	root := a.rootCmd()
	if c, _, err := root.Find([]string{"schedule"}); err != nil || c == root {
		root.AddCommand(a.scheduleCmd())
	}
	root.SetArgs(args)
	ctx := context.Background()
	if err := root.ExecuteContext(ctx); err != nil {
		printError(&errOut, a.lang, err)
		return out.String(), errOut.String(), exitCode(ctx, err)
	}
	return out.String(), errOut.String(), exitOK
}

// exampleDir is a copy of the bundled example configuration and notices.
func exampleDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"config.yaml", "notices"} {
		if err := copyTree(filepath.Join("..", "..", name), filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScheduleUsageErrors(t *testing.T) {
	dir := exampleDir(t)
	cases := []struct {
		name string
		args []string
		msg  string
	}{
		{"unknown ward", []string{"schedule", "--from", "2024-07-08", "--ward", "khong-co", "-o", "x.json"}, `không có phường, xã "khong-co"`},
		{"bad date", []string{"schedule", "--from", "8/7/2024"}, `ngày "8/7/2024" không hợp lệ`},
		{"bad to", []string{"schedule", "--from", "2024-07-08", "--to", "2024-02-30"}, `ngày "2024-02-30" không hợp lệ`},
		{"from after to", []string{"schedule", "--from", "2024-07-09", "--to", "2024-07-08"}, "ngày đầu --from 2024-07-09 sau ngày cuối --to 2024-07-08"},
		{"from after to, English", []string{"--lang", "en", "schedule", "--from", "2024-07-09", "--to", "2024-07-08"}, "error: --from 2024-07-09 is after --to 2024-07-08"},
		{"too long", []string{"schedule", "--from", "2024-07-08", "--to", "2099-01-01"}, "quá dài"},
		{"bad format", []string{"schedule", "--from", "2024-07-08", "--format", "xlsx"}, `định dạng "xlsx"`},
		{"argument", []string{"schedule", "--from", "2024-07-08", "duc-xuan"}, "unknown command"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runLoa(t, dir, c.args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr %s", code, exitUsage, errOut)
			}
			if !strings.Contains(errOut, c.msg) {
				t.Errorf("stderr %q lacks %q", errOut, c.msg)
			}
			if out != "" {
				t.Errorf("stdout %q", out)
			}
			if _, err := os.Stat(filepath.Join(dir, "x.json")); err == nil {
				t.Error("x.json written")
			}
		})
	}
}

func TestScheduleOutputFile(t *testing.T) {
	dir := exampleDir(t)
	args := []string{"schedule", "--from", "2024-07-08", "--to", "2024-07-14", "--format", "json", "--ward", "duc-xuan,song-cau"}
	stdout, _, code := runLoa(t, dir, args...)
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	_, errOut, code := runLoa(t, dir, append(args, "-o", "lich.json")...)
	if code != exitOK || !strings.Contains(errOut, "đã ghi lich.json") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	file, err := os.ReadFile(filepath.Join(dir, "lich.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != stdout {
		t.Error("-o and stdout differ")
	}
	var doc struct {
		From, To string
		Items    []struct {
			Ward, Date, Slot string
			Notices          []string
			Seconds          *float64
		}
		Unscheduled []struct{ Ward, Notice, Reason string }
	}
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.From != "2024-07-08" || doc.To != "2024-07-14" || len(doc.Items) == 0 || doc.Unscheduled == nil {
		t.Fatalf("doc %+v", doc)
	}
	wards := map[string]bool{}
	for _, it := range doc.Items {
		wards[it.Ward] = true
		if it.Seconds == nil || len(it.Notices) == 0 || it.Date < doc.From || it.Date > doc.To {
			t.Errorf("item %+v", it)
		}
	}
	if len(wards) != 2 || !wards["duc-xuan"] || !wards["song-cau"] {
		t.Errorf("wards %v", wards)
	}
	// No temporary file left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("left %s", e.Name())
		}
	}
}
