package site

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkBuildReal measures a whole build of the real bundle: load,
// model, queries, about 4 400 pages and 12 000 files, publish.
func BenchmarkBuildReal(b *testing.B) {
	dir := realDataB(b)
	out := filepath.Join(b.TempDir(), "public")
	var s *Summary
	for b.Loop() {
		var err error
		s, err = Build(context.Background(), Config{DataDir: dir, OutDir: out})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.TotalPages()), "pages")
	b.ReportMetric(float64(s.Bytes)/1e6, "MB-out")
}

func realDataB(b *testing.B) string {
	b.Helper()
	dir := getenvDir("ORION_REAL_DATA", "tjp-pilotage/2020/constat_2020.csv")
	if dir == "" {
		b.Skip("ORION_REAL_DATA is not set")
	}
	return dir
}
