package letter

import (
	"bytes"
	"strings"
	"testing"
)

func BenchmarkParseExample(b *testing.B) {
	data := readExample(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse("example.txt", data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
}

func BenchmarkParseDOCXExample(b *testing.B) {
	data := exampleDOCX(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseDOCX("example.docx", bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
}

func BenchmarkDraftAndFormat(b *testing.B) {
	l, err := Parse("example.txt", readExample(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Format(l.Notice(""))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "notices/s")
}

// BenchmarkParseLarge measures a 1 MB letter body of short list lines, the
// slowest shape found: the cost per byte bounds what a hostile file costs.
func BenchmarkParseLarge(b *testing.B) {
	data := []byte("Kính gửi: A\n\nNội dung:\n" + strings.Repeat("- một dòng danh sách ngắn;\n", 1<<20/30))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		l, err := Parse("large.txt", data)
		if err != nil {
			b.Fatal(err)
		}
		l.Notice("")
	}
}
