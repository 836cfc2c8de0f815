// Command rusagewrap stands in for terraform-provider-cicd in a dev_overrides
// directory (scripts/bench installs it there under that name). It runs the
// real provider binary as a child with the same stdin, stdout, stderr and
// environment — Terraform's go-plugin handshake goes over stdout, so the
// child's line reaches Terraform untouched — forwards SIGINT/SIGTERM, and when
// the child exits writes one JSON line about it to a file in
// $CICD_BENCH_RUSAGE_DIR:
//
//	{"pid":123,"maxrss_kib":45678,"user_s":1.2,"sys_s":0.3,"wall_s":9.8,"exit":0}
//
// maxrss_kib is ProcessState.SysUsage().(*syscall.Rusage).Maxrss (KiB on
// Linux): the provider process's peak resident memory.
//
// $CICD_BENCH_PROVIDER is the real provider binary. Linux and macOS only
// (Maxrss is bytes on macOS; the bench runs on Linux).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

func main() {
	realBin, dir := os.Getenv("CICD_BENCH_PROVIDER"), os.Getenv("CICD_BENCH_RUSAGE_DIR")
	if realBin == "" || dir == "" {
		fmt.Fprintln(os.Stderr, "rusagewrap: CICD_BENCH_PROVIDER and CICD_BENCH_RUSAGE_DIR must be set")
		os.Exit(2)
	}
	cmd := exec.Command(realBin, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr, cmd.Env = os.Stdin, os.Stdout, os.Stderr, os.Environ()

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "rusagewrap: %v\n", err)
		os.Exit(1)
	}
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	_ = cmd.Wait() // a non-zero exit is reported below, not an error here
	wall := time.Since(start)
	st := cmd.ProcessState
	ru, _ := st.SysUsage().(*syscall.Rusage)
	rec := map[string]any{"pid": st.Pid(), "wall_s": wall.Seconds(), "exit": st.ExitCode(),
		"user_s": st.UserTime().Seconds(), "sys_s": st.SystemTime().Seconds()}
	if ru != nil {
		rec["maxrss_kib"] = ru.Maxrss
	}
	line, _ := json.Marshal(rec)
	name := filepath.Join(dir, "provider-"+strconv.Itoa(st.Pid())+".json")
	if err := os.WriteFile(name, append(line, '\n'), 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "rusagewrap: %v\n", err)
	}
	code := st.ExitCode()
	if code < 0 { // killed by a signal
		code = 1
	}
	os.Exit(code)
}
