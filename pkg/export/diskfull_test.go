//go:build linux

package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"loa/pkg/i18n"
)

// mountTmpfs mounts a small tmpfs at dir (root only) and unmounts it at
// the end of the test.
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
}

// A disk that fills up: the bulletins that fit are written whole, the
// others fail with an error naming their file and saying the disk is full,
// and nothing half-written is left.
func TestDiskFull(t *testing.T) {
	f := newFixture(t, 2)
	out := filepath.Join(t.TempDir(), "small")
	mountTmpfs(t, out, "400k")
	o := f.options(t, out, "2024-07-08", "2024-07-12")
	sum, err := Run(context.Background(), o)
	if err != nil {
		// Even the playlists or the manifest did not fit: the error says so.
		if msg := i18n.Describe(err, i18n.EN); !strings.Contains(msg, "disk is full") {
			t.Fatalf("run error: %s", msg)
		}
	}
	if sum == nil || sum.Failed == 0 {
		t.Fatalf("nothing failed on a 400 KiB disk: %+v", sum)
	}
	ok, logged := 0, false
	for _, it := range sum.Items {
		if it.Status == StatusFailed {
			msg := i18n.Describe(it.Err, i18n.EN)
			if !logged {
				t.Logf("%s %s: %s", it.Date, it.Ward, msg)
				logged = true
			}
			if !strings.Contains(msg, "disk is full") || !strings.Contains(msg, it.Date+"/"+it.Ward) &&
				!strings.Contains(msg, filepath.Join(it.Date, it.Ward)) {
				t.Errorf("failure of %s %s: %s", it.Date, it.Ward, msg)
			}
			if vi := i18n.Describe(it.Err, i18n.VI); !strings.Contains(vi, "ổ đĩa đầy") {
				t.Errorf("Vietnamese: %s", vi)
			}
		} else {
			ok++
		}
	}
	if ok == 0 {
		t.Errorf("no bulletin fitted on the disk")
	}
	checkFolder(t, out)
}

// A folder that cannot be created: the bulletin fails naming the path.
func TestUnwritable(t *testing.T) {
	f := newFixture(t, 1)
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(filepath.Join(out, "2024-07-08"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A file where the ward's folder should be.
	if err := os.WriteFile(filepath.Join(out, "2024-07-08", "phuong-1"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), f.options(t, out, "2024-07-08", "2024-07-09"))
	if err != nil && sum == nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || len(sum.Items) != 2 {
		t.Fatalf("%+v", sum)
	}
	for _, it := range sum.Items {
		if it.Status == StatusFailed {
			if msg := i18n.Describe(it.Err, i18n.EN); !strings.Contains(msg, "cannot write") || !strings.Contains(msg, "phuong-1") {
				t.Errorf("error: %s", msg)
			}
		}
	}
}
