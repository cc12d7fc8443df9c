package vntext

import (
	"os"
	"strings"
	"testing"
)

// benchText returns at least 1 MB of notice text: the example letter when it is
// there, with the shared cases, repeated.
func benchText(tb testing.TB) string {
	tb.Helper()
	var parts []string
	if b, err := os.ReadFile(letterPath); err == nil {
		parts = append(parts, string(b))
	} else {
		parts = append(parts, letterFallback)
	}
	for _, c := range casesTable {
		parts = append(parts, c.in)
	}
	unit := strings.Join(parts, "\n")
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString(unit)
		b.WriteByte('\n')
	}
	return b.String()
}

// BenchmarkNormalize reports MB/s by wall time (SetBytes) and by the CPU time the
// process used (MB/s-cpu): on a shared machine the second is the figure per core.
// The benchmark runs on one goroutine.
func BenchmarkNormalize(b *testing.B) {
	n := newNormalizer(b, Options{})
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		_ = n.Normalize(text)
	}
	if used := cpuTime() - cpu; used > 0 {
		b.ReportMetric(float64(len(text))*float64(b.N)/used.Seconds()/1e6, "MB/s-cpu")
	}
}

func BenchmarkSpans(b *testing.B) {
	n := newNormalizer(b, Options{})
	text := benchText(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = n.Spans(text)
	}
}

// letterMB returns the example letter repeated to at least 1 MB.
func letterMB(tb testing.TB) string {
	tb.Helper()
	letter := letterFallback
	if b, err := os.ReadFile(letterPath); err == nil {
		letter = string(b)
	}
	return strings.Repeat(letter+"\n", (1<<20)/len(letter)+1)
}

func BenchmarkDecodeTCVN3(b *testing.B) {
	enc, err := Encode(letterMB(b), TCVN3)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeVNI(b *testing.B) {
	enc, err := Encode(letterMB(b), VNI)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(enc)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Decode(enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeUTF8(b *testing.B) {
	text := []byte(letterMB(b))
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := Decode(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNormalizeAdversarial runs inputs built to hit the slow paths: long runs of
// addresses, dashes, codes and capitals without a line break. It must stay linear.
func BenchmarkNormalizeAdversarial(b *testing.B) {
	n := newNormalizer(b, Options{})
	parts := []string{
		strings.Repeat("a.", 20000), strings.Repeat("1-", 20000), strings.Repeat("5/QĐ-UBND ", 4000),
		strings.Repeat("CỘNG HOÀ ", 4000), strings.Repeat("a@", 20000), strings.Repeat("Th«ng\x93", 5000),
		strings.Repeat("0912 345 678 ", 3000), strings.Repeat("“", 20000),
	}
	text := strings.Join(parts, "\n")
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = n.Normalize(text)
	}
}
