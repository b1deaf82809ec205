package site

import (
	"context"
	"path/filepath"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/orion-static/orion/generator/internal/testenv"
	"github.com/orion-static/orion/generator/sample"
)

// The targets of issue 13 (wall time against Hugo, peak RSS, linearity, a
// rebuild that touches nothing) are measured from outside the process by
// .ci/bench (make bench); these benchmarks add what only the process sees:
// the Go memory at its peak and the allocations.

// benchBuild runs the build of data into out b.N times and reports pages,
// output size, ms per page, the peak of the memory the Go runtime holds
// (heap, stacks, runtime; DuckDB's own memory is not in it) and how many
// files the last build wrote rather than kept from the previous output.
func benchBuild(b *testing.B, data, out string) {
	b.Helper()
	var s *Summary
	peak := peakMemory()
	start := time.Now()
	n := 0
	for b.Loop() {
		var err error
		if s, err = Build(context.Background(), Config{DataDir: data, OutDir: out}); err != nil {
			b.Fatal(err)
		}
		n++
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(s.TotalPages()), "pages")
	b.ReportMetric(float64(s.Bytes)/1e6, "MB-out")
	b.ReportMetric(float64(elapsed.Milliseconds())/float64(n*s.TotalPages()), "ms/page")
	b.ReportMetric(float64(peak())/(1<<20), "peak-Go-MiB")
	b.ReportMetric(float64(s.Files-s.Kept), "files-touched")
}

// peakMemory samples the memory mapped by the Go runtime every 10 ms until
// the returned function is called, which returns the largest value seen.
func peakMemory() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/total:bytes"}}
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-stopped
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func sampleData(b *testing.B, scale int) string {
	b.Helper()
	dir := b.TempDir()
	if err := sample.Write(context.Background(), dir, sample.Options{Seed: 1, Scale: scale}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkBuildReal measures a whole build of the real bundle: load,
// model, queries, about 4 400 pages and 18 000 files, publish.
func BenchmarkBuildReal(b *testing.B) {
	benchBuild(b, testenv.RealData(b), filepath.Join(b.TempDir(), "public"))
}

// BenchmarkBuildSampleScale1 builds the fictional sample of make site.
func BenchmarkBuildSampleScale1(b *testing.B) {
	benchBuild(b, sampleData(b, 1), filepath.Join(b.TempDir(), "public"))
}

// BenchmarkBuildSampleScale10 builds the fictional sample at scale 10
// (about 2 800 schools, the size of the real universe).
func BenchmarkBuildSampleScale10(b *testing.B) {
	benchBuild(b, sampleData(b, 10), filepath.Join(b.TempDir(), "public"))
}

// BenchmarkRebuildSampleScale10 measures a rebuild with the same inputs
// over the previous output: everything is computed again, nothing written
// (files-touched: the target is 0).
func BenchmarkRebuildSampleScale10(b *testing.B) {
	data := sampleData(b, 10)
	out := filepath.Join(b.TempDir(), "public")
	if _, err := Build(context.Background(), Config{DataDir: data, OutDir: out}); err != nil {
		b.Fatal(err)
	}
	benchBuild(b, data, out)
}

// BenchmarkSampleWriteScale10 measures `orion sample --scale 10`.
func BenchmarkSampleWriteScale10(b *testing.B) {
	for b.Loop() {
		if err := sample.Write(context.Background(), b.TempDir(), sample.Options{Seed: 1, Scale: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
