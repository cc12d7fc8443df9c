package letter

import (
	"strings"
	"testing"
	"time"
)

func TestSlowInputs(t *testing.T) {
	for name, s := range map[string]string{
		"lower paras": "Nội dung\n\n" + strings.Repeat("abc\n\n", 1_000_000),
		"recipients":  "Kính gửi:\n- a\n" + strings.Repeat("abc\n", 1_000_000),
		"long line":   strings.Repeat("Số: ", 1_000_000),
		"spaces":      "a" + strings.Repeat(" ", 5_000_000) + "b",
		"bullets":     strings.Repeat("- a\n", 1_000_000),
		"names":       strings.Repeat("GIÁM ĐỐC\nNguyễn Văn A\n", 300_000),
	} {
		start := time.Now()
		l, _ := Parse("x", []byte(s))
		if l != nil {
			l.Notice("")
		}
		t.Logf("%s: %v", name, time.Since(start))
	}
}
