package vntext

import (
	"strings"
	"testing"
	"time"
)

func TestScratchPathological(t *testing.T) {
	n, _ := New(Options{})
	inputs := map[string]string{
		"words":   strings.Repeat("xin chào ", 50000),
		"dots":    strings.Repeat("a.", 100000),
		"digits":  strings.Repeat("1.", 100000),
		"caps":    strings.Repeat("CỘNG HOÀ ", 50000),
		"dashes":  strings.Repeat("1-", 100000),
		"codes":   strings.Repeat("5/QĐ-UBND ", 30000),
		"tcvn":    strings.Repeat("Th«ng\x93", 50000),
		"viqr":    strings.Repeat("Tho^ng ", 50000),
		"spaces":  strings.Repeat(" \u00a0", 100000),
		"marks":   strings.Repeat("a\u0301\u0302\u0303", 50000),
		"phones":  strings.Repeat("0912 345 678 ", 30000),
		"slash":   strings.Repeat("/", 200000),
		"letters": strings.Repeat("B ", 100000),
		"url":     "http://" + strings.Repeat("a", 200000),
		"email":   strings.Repeat("a@", 100000),
	}
	names := []string{"words", "digits", "caps", "dashes", "codes", "tcvn", "viqr", "spaces", "marks", "phones", "slash", "url", "email", "dots", "letters"}
	for _, name := range names {
		in := inputs[name]
		if len(in) > 400000 {
			in = in[:40000]
		}
		start := time.Now()
		out := n.Normalize(in)
		t.Logf("%-8s %7d bytes → %7d in %v", name, len(in), len(out), time.Since(start))
	}
}
