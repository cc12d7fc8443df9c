package vntext

import (
	"os"
	"strings"
	"testing"
)

func TestScratchProbe(t *testing.T) {
	n, _ := New(Options{})
	b, _ := os.ReadFile("/tmp/probe.txt")
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		got := n.Normalize(l)
		again := n.Normalize(got)
		mark := ""
		if again != got {
			mark = "  !!NOT IDEMPOTENT: " + again
		}
		t.Logf("%-40s → %s%s", l, got, mark)
	}
}
