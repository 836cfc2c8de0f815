// Command cicd-simulator serves the local Huawei Cloud IAM + CodeArts and
// Rainbond OpenAPI simulator on one port.
//
//	go run ./internal/simulator/cmd/cicd-simulator -addr 127.0.0.1:0 -print-env
//
// When ready it prints exactly one line "listening on http://HOST:PORT" to
// stdout (preceded, with -print-env, by `export NAME=value` lines) and serves
// until SIGINT or SIGTERM.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.SetFlags(0)
		log.Fatalf("cicd-simulator: %v", err)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("cicd-simulator", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	printEnv := fs.Bool("print-env", false, "print `export NAME=value` lines for the provider before serving")
	latency := fs.Duration("latency", 0, "latency added to every response")
	if err := fs.Parse(args); err != nil {
		return err
	}

	sim := simulator.New(simulator.Options{Latency: *latency})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	baseURL := "http://" + ln.Addr().String()

	out := bufio.NewWriter(os.Stdout)
	emit := func(line string) error {
		if _, err := fmt.Fprintln(out, line); err != nil {
			return err
		}
		return out.Flush()
	}
	if *printEnv {
		for _, v := range sim.EnvVars(baseURL) {
			if err := emit("export " + v.Name + "=" + shellQuote(v.Value)); err != nil {
				return err
			}
		}
	}

	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if err := emit("listening on " + baseURL); err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// shellQuote quotes v for a POSIX shell when it holds anything but safe
// characters, so `eval "$(cicd-simulator -print-env)"` works.
func shellQuote(v string) string {
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || safeShellChar(c)) {
			return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
		}
	}
	return v
}

func safeShellChar(c rune) bool {
	switch c {
	case '-', '_', '.', '/', ':', '@', '%', '+', ',', '=':
		return true
	}
	return false
}
