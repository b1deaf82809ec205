package site

import (
	"github.com/orion-static/orion/generator/internal/testenv"

	"context"
	"path/filepath"
	"testing"

	"github.com/orion-static/orion/generator/sample"
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
	return testenv.RealData(b)
}

// BenchmarkBuildSampleScale10 builds the fictional sample at scale 10
// (about 2 800 schools, the size of the real universe).
func BenchmarkBuildSampleScale10(b *testing.B) {
	dir := b.TempDir()
	if err := sample.Write(context.Background(), dir, sample.Options{Seed: 1, Scale: 10}); err != nil {
		b.Fatal(err)
	}
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

// BenchmarkSampleWriteScale10 measures `orion sample --scale 10`.
func BenchmarkSampleWriteScale10(b *testing.B) {
	for b.Loop() {
		if err := sample.Write(context.Background(), b.TempDir(), sample.Options{Seed: 1, Scale: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
