// Command cicd-simulator serves the local Huawei Cloud IAM + CodeArts and
// Rainbond OpenAPI simulator on one port.
//
//	go run ./internal/simulator/cmd/cicd-simulator -addr 127.0.0.1:0 -print-env
//
// When ready it prints exactly one line "listening on http://HOST:PORT" to
// stdout (preceded, with -print-env, by `export NAME=value` lines) and serves
// until SIGINT or SIGTERM.
//
// The repeatable flags -outcome, -duration and -queue script how runs go
// (simulator.ScriptRule); the control endpoint /_simulator/outcomes changes
// them while it serves. Bad flags exit with status 2 and the usage.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func main() {
	cfg, err := parseArgs(os.Args[1:], os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case err != nil:
		// parseArgs has printed the error and the usage.
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		log.SetFlags(0)
		log.Fatalf("cicd-simulator: %v", err)
	}
}

// config is the parsed command line.
type config struct {
	addr     string
	printEnv bool
	latency  time.Duration
	rules    []simulator.ScriptRule // in flag order
}

const usageText = `Usage: cicd-simulator [flags]

Serves a local simulator of Huawei Cloud IAM, CodeArts Pipeline, Build and
Deploy and the Rainbond console OpenAPI on one port, for local development
and tests. It is not a real service.

Script how runs go (repeatable; later flags for a target add to or override
earlier ones):
  -outcome TARGET=OUTCOME[:MESSAGE]  success, fail (with an optional message)
                                     or review (pipelines wait for a manual review)
  -duration TARGET=DURATION          how long a run takes once started (90s, 2m)
  -queue TARGET=DURATION             how long a run waits before it starts
                                     (build jobs and pipelines)
TARGET is build:JOB_ID, deploy:TASK_ID, pipeline:PIPELINE_ID,
pipeline:PIPELINE_ID/STAGE (STAGE build, test or deploy) or
component:SERVICE_ID (Rainbond); ID * is every one without a rule of its own.
A failure ends with the status the service reports for one: FAILURE (Build),
failed (Deploy), FAILED (Pipeline), failure (Rainbond).

While it serves, the control endpoint (no real API uses /_simulator/, and it
needs no credentials) changes the script and decides reviews:
  GET    http://HOST:PORT/_simulator/outcomes   the rules
  POST   http://HOST:PORT/_simulator/outcomes   {"target":"build:*","outcome":"fail"}
  DELETE http://HOST:PORT/_simulator/outcomes   reset all (?target=TARGET: one)
  POST   http://HOST:PORT/_simulator/reviews/pass   (or /refuse) the runs waiting
                                                for a review (?pipeline_id=ID: one pipeline's)

Examples:
  cicd-simulator -print-env -outcome 'build:*=fail:unit tests failed'
  cicd-simulator -duration 'deploy:*=2m' -outcome 'pipeline:*=review'
  cicd-simulator -outcome 'pipeline:*/deploy=fail' -queue 'build:*=30s'

Flags:
`

// parseArgs parses the command line. On a bad flag or rule it prints the
// error and the usage to stderr and returns the error.
func parseArgs(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("cicd-simulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
	}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
	fs.BoolVar(&cfg.printEnv, "print-env", false, "print export NAME=value lines for the provider before serving")
	fs.DurationVar(&cfg.latency, "latency", 0, "latency added to every response")
	rule := func(name, value, example, what string, set func(r *simulator.ScriptRule, value string)) {
		fs.Func(name, what+": `TARGET="+value+"` (repeatable; see above)", func(v string) error {
			target, val, ok := strings.Cut(v, "=")
			if !ok || target == "" || val == "" {
				return fmt.Errorf("want TARGET=%s, e.g. -%s 'build:*=%s'", value, name, example)
			}
			r := simulator.ScriptRule{Target: target}
			set(&r, val)
			if err := simulator.CheckScriptRules(append(cfg.rules, r)...); err != nil {
				return err
			}
			cfg.rules = append(cfg.rules, r)
			return nil
		})
	}
	rule("outcome", "OUTCOME[:MESSAGE]", "fail", "how runs end",
		func(r *simulator.ScriptRule, v string) { r.Outcome, r.Message, _ = strings.Cut(v, ":") })
	rule("duration", "DURATION", "2m", "how long runs take", func(r *simulator.ScriptRule, v string) { r.Duration = v })
	rule("queue", "DURATION", "30s", "how long runs wait before they start", func(r *simulator.ScriptRule, v string) { r.Queue = v })
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q: every setting is a flag", fs.Arg(0))
		fmt.Fprintln(stderr, err)
		fs.Usage()
		return config{}, err
	}
	return cfg, nil
}

func run(cfg config) error {
	sim := simulator.New(simulator.Options{Latency: cfg.latency})
	if err := sim.SetScripts(cfg.rules...); err != nil {
		return err // parseArgs checked them
	}
	for _, o := range sim.Scripts() {
		fmt.Fprintf(os.Stderr, "cicd-simulator: scripted %s\n", describeScript(o))
	}
	ln, err := net.Listen("tcp", cfg.addr)
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
	if cfg.printEnv {
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

// describeScript renders a scripted outcome for the startup log.
func describeScript(o simulator.ScriptedOutcome) string {
	parts := []string{o.Target + ": " + o.Outcome + " (" + o.Status + ")"}
	if o.Message != "" {
		parts = append(parts, "message "+strconv.Quote(o.Message))
	}
	if o.Duration != "" {
		parts = append(parts, "duration "+o.Duration)
	}
	if o.Queue != "" {
		parts = append(parts, "queue "+o.Queue)
	}
	return strings.Join(parts, ", ")
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
