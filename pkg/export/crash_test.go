//go:build unix

package export

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"loa/pkg/clips"
	"loa/pkg/i18n"
	"loa/pkg/notice"
)

// The crash test runs real export processes: this test binary, started
// again with LOA_EXPORT_CHILD set, exports the fixture in LOA_EXPORT_CHILD
// into LOA_EXPORT_CHILD_OUT.
func TestMain(m *testing.M) {
	if root := os.Getenv("LOA_EXPORT_CHILD"); root != "" {
		os.Exit(childExport(root, os.Getenv("LOA_EXPORT_CHILD_OUT"), os.Getenv("LOA_EXPORT_CHILD_WARDS")))
	}
	os.Exit(m.Run())
}

const crashFrom, crashTo = "2024-07-08", "2024-07-12"

func childExport(root, out, wards string) int {
	n, _ := strconv.Atoi(wards)
	cfg := fixtureConfig(root, n)
	lib, err := notice.LoadDir(cfg.Notices.Dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cl := clips.New(cfg.Audio.Library)
	cl.CacheDir = cfg.Cache.Dir
	defer cl.Close()
	from, _ := notice.ParseDate(crashFrom)
	to, _ := notice.ParseDate(crashTo)
	sum, err := Run(context.Background(), Options{Config: cfg, Notices: lib, Clips: cl, From: from, To: to,
		Out: out, CacheDir: cfg.Cache.Dir, Jobs: 2, Lang: i18n.VI, Generator: "loa test", Synth: toneSynth{"tone"}})
	switch {
	case errors.Is(err, ErrLocked):
		return 4
	case err != nil:
		fmt.Fprintln(os.Stderr, err)
		return 1
	case sum.Failed > 0:
		return 3
	}
	return 0
}

func startChild(t *testing.T, root, out string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "LOA_EXPORT_CHILD="+root, "LOA_EXPORT_CHILD_OUT="+out, "LOA_EXPORT_CHILD_WARDS=2")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// TestKill9 kills export processes with SIGKILL at random moments, over
// and over, and checks each time that the folder shows no partial file:
// every visible audio file decodes to its end, the manifest parses and
// lists only existing files with the sha256 it gives. Killed runs leave
// render-cache and folder progress behind, and a final run must finish the
// export with the bytes of an uninterrupted one.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes for a while; skipped with -short")
	}
	f := newFixture(t, 2)
	ref := filepath.Join(t.TempDir(), "ref")
	o := f.options(t, ref, crashFrom, crashTo)
	o.CacheDir = filepath.Join(t.TempDir(), "ref-cache")
	start := time.Now()
	if sum := run(t, o); sum.Failed != 0 || len(sum.Items) != 10 {
		t.Fatalf("reference run: %+v", sum)
	}
	full := time.Since(start)
	want := snapshot(t, ref)

	out := filepath.Join(t.TempDir(), "out")
	rng := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	budget := time.Now().Add(90 * time.Second)
	kills, finished := 0, 0
	// Kill within the time a run takes: a cold run (renders) or a warm one
	// (copies and checks), learnt from the runs that finished.
	warm := full / 4
	for i := 0; i < 20 && time.Now().Before(budget); i++ {
		span := warm
		if i%3 == 2 {
			// Every third run starts from a cold cache, so kills also land
			// in the middle of renders.
			_ = os.RemoveAll(f.cfg.Cache.Dir)
			span = full
		}
		began := time.Now()
		cmd := startChild(t, f.root, out)
		delay := time.Duration(rng.Int64N(int64(span) + int64(50*time.Millisecond)))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("iteration %d: export failed: %v", i, err)
			}
			finished++
			if span == warm {
				warm = time.Since(began)
			}
		case <-time.After(delay):
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-done
			kills++
			if span == warm {
				// Not done yet: aim a little later next time.
				warm = min(full, warm*5/4)
			}
		}
		checkFolderAfter(t, out, true)
		if t.Failed() {
			t.Fatalf("iteration %d (killed after %v): the folder is inconsistent", i, delay)
		}
	}
	t.Logf("%d runs killed, %d finished before the kill (a full run takes %v)", kills, finished, full.Round(time.Millisecond))
	if kills == 0 {
		t.Errorf("no run was killed")
	}
	cmd := startChild(t, f.root, out)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("final run: %v", err)
	}
	checkFolder(t, out)
	sameSnapshots(t, snapshot(t, out), want)
}

// A second process on the same folder exits with the lock error while the
// first runs.
func TestLockAcrossProcesses(t *testing.T) {
	f := newFixture(t, 2)
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	release, err := lockFolder(context.Background(), out, Shard{1, 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	cmd := startChild(t, f.root, out)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 4 {
		t.Fatalf("second process: %v, want exit 4", err)
	}
	release()
	// A holder killed with SIGKILL leaves its lock file; the kernel has
	// dropped the lock, so the next run takes over.
	cmd = startChild(t, f.root, out)
	time.Sleep(200 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	cmd = startChild(t, f.root, out)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("run after a killed holder: %v", err)
	}
	checkFolder(t, out)
}
