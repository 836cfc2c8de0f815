//go:build benchprofile

// Profiling for scripts/bench -profile (never in release builds: only a
// binary built with -tags benchprofile has it). With CICD_BENCH_PPROF_DIR
// set, the provider writes CPU profiles in 2-second windows, and a heap
// profile after each window, as cpu-<pid>-<n>.pprof / heap-<pid>-<n>.pprof,
// so that nothing depends on how the process ends; the last partial window
// is lost. Merge them with `go tool pprof -top <binary> cpu-*.pprof`.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"
)

func init() {
	dir := os.Getenv("CICD_BENCH_PPROF_DIR")
	if dir == "" {
		return
	}
	go func() {
		for n := 0; ; n++ {
			name := func(kind string) string {
				return filepath.Join(dir, fmt.Sprintf("%s-%d-%03d.pprof", kind, os.Getpid(), n))
			}
			f, err := os.Create(name("cpu"))
			if err != nil {
				return
			}
			if err := pprof.StartCPUProfile(f); err != nil {
				f.Close()
				return
			}
			time.Sleep(2 * time.Second)
			pprof.StopCPUProfile()
			f.Close()
			if h, err := os.Create(name("heap")); err == nil {
				_ = pprof.WriteHeapProfile(h)
				h.Close()
			}
		}
	}()
}
