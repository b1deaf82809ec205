package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/orion-static/orion/generator/site"
)

// startProfiles starts what orion build --cpuprofile and --memprofile ask
// for and returns what to call once the build is over. The heap is written
// twice: mem+".assembled" when every page is assembled and none rendered
// (what the build holds at its largest), mem at the end (every allocation
// of the build, -sample_index=alloc_space).
func startProfiles(cpu, mem string, cfg *site.Config) (stop func() error, err error) {
	var f *os.File
	if cpu != "" {
		if f, err = os.Create(cpu); err != nil {
			return nil, fmt.Errorf("cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("cpuprofile: %w", err)
		}
	}
	var heapErr error
	if mem != "" {
		cfg.AfterStage = func(stage string) {
			if stage == "assembled" {
				heapErr = writeHeap(mem + ".assembled")
			}
		}
	}
	return func() error {
		if f != nil {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				return fmt.Errorf("cpuprofile: %w", err)
			}
		}
		if mem == "" {
			return nil
		}
		if heapErr != nil {
			return heapErr
		}
		return writeHeap(mem)
	}, nil
}

func writeHeap(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	runtime.GC() // up-to-date in-use figures
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("memprofile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("memprofile: %w", err)
	}
	return nil
}
