package cap

import "testing"

func BenchmarkExport(b *testing.B) {
	n := deepfake()
	text, err := n.Text(hotlines)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Export(n, text, testOpts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}

func BenchmarkParse(b *testing.B) {
	data := []byte(foreign)
	opts := ImportOptions{Areas: ImportAreas(testAreas)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Parse("a.xml", data, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}
