package export

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkExportUnchanged measures a re-run with nothing changed (what a
// nightly cron job mostly does): no render, no write; reports bulletins
// checked per second.
func BenchmarkExportUnchanged(b *testing.B) {
	f := newFixture(b, 4)
	out := filepath.Join(b.TempDir(), "out")
	o := f.options(b, out, "2024-07-01", "2024-07-28")
	first, err := Run(context.Background(), o)
	if err != nil || first.Failed != 0 {
		b.Fatalf("first run: %v %+v", err, first)
	}
	b.ResetTimer()
	n := 0
	for b.Loop() {
		sum, err := Run(context.Background(), o)
		if err != nil || sum.Rendered != 0 || sum.Written != 0 {
			b.Fatalf("re-run: %v %+v", err, sum)
		}
		n += len(sum.Items)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "bulletins/s")
}
