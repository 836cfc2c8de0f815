// Command bench measures the provider at scale with the real terraform
// binary against the in-process simulator (make bench-scale):
//
//	go run ./scripts/bench [-templates 500] [-builds 100] [-parallelism 10] [-latency 20ms] [-baseline]
//
// It builds the provider, installs scripts/bench/rusagewrap under the name
// terraform-provider-cicd in a dev_overrides directory (so every provider
// process Terraform starts is measured: peak RSS, CPU), starts the simulator
// with the given latency on every response, and runs `terraform apply` then
// `terraform destroy` of a configuration with -templates
// cicd_codearts_pipeline_template and -builds cicd_codearts_build_run
// resources (one build job each, every build lasting -build-duration of
// simulated time, wait { poll_interval = -poll-interval }), at
// -parallelism. -baseline first runs the same plan at 0 ms latency, which
// measures Terraform's own overhead (plugin start, graph walks, state
// writes) plus the build durations.
//
// The report gives, per phase: wall time; the requests the simulator
// counted, per route; the API-bound time
//
//	T_api = Σ_routes requests(route) × latency ÷ parallelism
//
// (every request costs `latency` and at most `parallelism` run at once) and
// wall ÷ T_api; for apply also the slot-bound time
//
//	T_slot = T_api + builds × t_seen ÷ parallelism
//
// (a build run holds its parallelism slot until a poll sees the build ended;
// t_seen is the first poll at or after build-duration on the wait schedule
// 0, i, i+1.5i, … with i = poll-interval, growth 1.5, capped at 30 s) and
// wall ÷ T_slot; requests per operation; polls per build run; IAM calls
// against provider processes; the provider processes' peak RSS; and the
// CPU seconds of terraform and of the provider processes, with T_cpu = their
// sum ÷ CPUs (a floor for the wall time on this machine, whatever the latency).
//
// -profile DIR builds the provider with -tags benchprofile (main_benchprofile.go)
// and keeps its CPU and heap profiles under DIR.
//
// Everything runs in a temporary directory that is removed afterwards
// (-keep keeps it). Nothing is downloaded; terraform comes from -terraform
// (default: scripts/terraform.sh's choice via $TERRAFORM, else PATH).
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

type options struct {
	templates, builds, parallelism int
	latency, buildDuration         time.Duration
	pollInterval                   string
	baseline, keep, verbose        bool
	terraform, root, profile       string
}

func main() {
	var o options
	flag.IntVar(&o.templates, "templates", 500, "cicd_codearts_pipeline_template resources")
	flag.IntVar(&o.builds, "builds", 100, "cicd_codearts_build_run resources (one build job each)")
	flag.IntVar(&o.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "latency the simulator adds to every response")
	flag.DurationVar(&o.buildDuration, "build-duration", 3*time.Second, "how long each build runs (simulated)")
	flag.StringVar(&o.pollInterval, "poll-interval", "1s", "wait.poll_interval of the build runs")
	flag.BoolVar(&o.baseline, "baseline", false, "first run the same plan at 0 ms latency (Terraform's own overhead)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (config, logs, state)")
	flag.BoolVar(&o.verbose, "v", false, "print every route's request count")
	flag.StringVar(&o.profile, "profile", "", "build the provider with -tags benchprofile and write its CPU and heap profiles under this directory, one subdirectory per phase")
	flag.StringVar(&o.terraform, "terraform", os.Getenv("TERRAFORM"), "terraform binary (default: terraform on PATH)")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// phase is one terraform command's measurements.
type phase struct {
	name      string
	latency   time.Duration
	wall      time.Duration
	counts    map[string]int
	providers []procUsage
	// cpu is the terraform command's CPU time including its reaped
	// children (the provider processes): wait4's rusage.
	cpu time.Duration
}

// providerCPU is the provider processes' CPU time (user + sys).
func (p *phase) providerCPU() time.Duration {
	var s float64
	for _, u := range p.providers {
		s += u.UserS + u.SysS
	}
	return time.Duration(s * float64(time.Second))
}

type procUsage struct {
	PID       int     `json:"pid"`
	MaxRSSKiB int64   `json:"maxrss_kib"`
	UserS     float64 `json:"user_s"`
	SysS      float64 `json:"sys_s"`
	WallS     float64 `json:"wall_s"`
	Exit      int     `json:"exit"`
}

func (p *phase) total() int {
	n := 0
	for _, c := range p.counts {
		n += c
	}
	return n
}

func (p *phase) sum(routes ...string) int {
	n := 0
	for _, r := range routes {
		n += p.counts[r]
	}
	return n
}

func (p *phase) apiBound(par int) time.Duration {
	return time.Duration(p.total()) * p.latency / time.Duration(par)
}

func (p *phase) peakRSS() (kib int64) {
	for _, u := range p.providers {
		kib = max(kib, u.MaxRSSKiB)
	}
	return kib
}

// Routes the plan uses.
const (
	routeTplCreate = "POST /v5/{tenant_id}/api/pipeline-templates"
	routeTplGet    = "GET /v5/{tenant_id}/api/pipeline-templates/{template_id}"
	routeTplDelete = "DELETE /v5/{tenant_id}/api/pipeline-templates/{template_id}"
	routeBuildRun  = simulator.RouteBuildRun
	routeBuildInfo = simulator.RouteBuildInfo
	routeRecord    = simulator.RouteBuildRecordInfo
)

var iamRoutes = []string{"POST /v3/auth/tokens", "GET /v3/projects", "GET /v3/auth/domains"}

func run(o options) error {
	if o.templates < 0 || o.builds < 0 || o.parallelism < 1 || o.templates+o.builds == 0 {
		return fmt.Errorf("need -templates/-builds >= 0 (not both 0) and -parallelism >= 1")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	o.root = root
	if o.terraform == "" {
		if o.terraform, err = exec.LookPath("terraform"); err != nil {
			return fmt.Errorf("terraform not found: set -terraform or TERRAFORM")
		}
	}
	tmp, err := os.MkdirTemp("", "cicd-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "bench: keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	// The real provider, and the wrapper in the dev_overrides directory.
	realBin := filepath.Join(tmp, "real", "terraform-provider-cicd")
	plugins := filepath.Join(tmp, "plugins")
	rusage := filepath.Join(tmp, "rusage")
	tags := ""
	if o.profile != "" {
		tags = "benchprofile"
		if o.profile, err = filepath.Abs(o.profile); err != nil {
			return err
		}
	}
	for _, b := range [][2]string{{realBin, "."}, {filepath.Join(plugins, "terraform-provider-cicd"), "./scripts/bench/rusagewrap"}} {
		cmd := exec.Command("go", "build", "-trimpath", "-tags", tags, "-ldflags", "-X main.version=0.0.0-bench", "-o", b[0], b[1])
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	cli := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(cli, []byte(fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", plugins)), 0o600); err != nil {
		return err
	}

	sim := simulator.New(simulator.Options{})
	url := sim.Start()
	defer sim.Close()
	jobs := make([]string, o.builds)
	for i := range jobs {
		jobs[i] = fmt.Sprintf("%032x", 0xbe9c0000+i)
		sim.AddBuildJob(jobs[i])
		sim.SetBuildOutcome(jobs[i], simulator.BuildOutcome{Result: "SUCCESS", Duration: o.buildDuration})
	}
	work := filepath.Join(tmp, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config(o, url, jobs)), 0o644); err != nil {
		return err
	}

	tf := func(p *phase, args ...string) error {
		if err := os.RemoveAll(rusage); err != nil {
			return err
		}
		if err := os.MkdirAll(rusage, 0o755); err != nil {
			return err
		}
		sim.ResetCounts()
		sim.ResetRequests()
		logName := filepath.Join(tmp, fmt.Sprintf("%s-%s.log", p.name, p.latency))
		logf, err := os.Create(logName)
		if err != nil {
			return err
		}
		defer logf.Close()
		cmd := exec.Command(o.terraform, append(args, "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", o.parallelism))...)
		cmd.Dir = work
		cmd.Stdout, cmd.Stderr = logf, logf
		cmd.Env = append(cleanEnv(), "TF_CLI_CONFIG_FILE="+cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
			"CICD_BENCH_PROVIDER="+realBin, "CICD_BENCH_RUSAGE_DIR="+rusage)
		if o.profile != "" {
			dir := filepath.Join(o.profile, fmt.Sprintf("%s-%s", p.name, p.latency))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			cmd.Env = append(cmd.Env, "CICD_BENCH_PPROF_DIR="+dir)
		}
		start := time.Now()
		err = cmd.Run()
		p.wall = time.Since(start)
		p.counts = sim.Counts()
		if cmd.ProcessState != nil {
			p.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		if err != nil {
			return fmt.Errorf("terraform %s at %s latency: %v; last lines of %s:\n%s", strings.Join(args, " "), p.latency, err, logName, tail(logName, 40))
		}
		p.providers, err = readUsage(rusage)
		return err
	}

	latencies := []time.Duration{o.latency}
	if o.baseline && o.latency != 0 {
		latencies = []time.Duration{0, o.latency}
	}
	var phases []*phase
	for _, lat := range latencies {
		sim.SetLatency(lat)
		apply := &phase{name: "apply", latency: lat}
		if err := tf(apply, "apply"); err != nil {
			return err
		}
		if n := len(sim.Templates()); n != o.templates {
			return fmt.Errorf("%d templates after apply, want %d", n, o.templates)
		}
		destroy := &phase{name: "destroy", latency: lat}
		if err := tf(destroy, "destroy"); err != nil {
			return err
		}
		if n := len(sim.Templates()); n != 0 {
			return fmt.Errorf("%d templates after destroy", n)
		}
		phases = append(phases, apply, destroy)
	}
	report(os.Stdout, o, phases)
	if o.profile != "" {
		bin := filepath.Join(o.profile, "terraform-provider-cicd")
		if data, err := os.ReadFile(realBin); err == nil {
			_ = os.WriteFile(bin, data, 0o755)
		}
		fmt.Printf("\nprofiles: %s/<phase>/{cpu,heap}-<pid>-<n>.pprof; e.g. go tool pprof -top %s %s/apply-%s/cpu-*.pprof\n", o.profile, bin, o.profile, o.latency)
	}
	return nil
}

func config(o options, url string, jobs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}

provider "cicd" {
  codearts {
    region     = %[1]q
    access_key = %[2]q
    secret_key = %[3]q
    endpoints {
      pipeline = %[4]q
      build    = %[4]q
      iam      = %[4]q
    }
  }
}

resource "cicd_codearts_pipeline_template" "bulk" {
  count      = %[5]d
  name       = "bench-${count.index}"
  language   = "go"
  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  variables  = [{ name = "branch", type = "string", value = "main" }]
}
`, simulator.DemoRegion, simulator.DemoAK, simulator.DemoSK, url, o.templates)
	q := make([]string, len(jobs))
	for i, j := range jobs {
		q[i] = fmt.Sprintf("%q", j)
	}
	fmt.Fprintf(&b, `
locals {
  build_jobs = [%s]
}

resource "cicd_codearts_build_run" "bulk" {
  count  = %d
  job_id = local.build_jobs[count.index]
  wait {
    poll_interval = %q
  }
}
`, strings.Join(q, ", "), len(jobs), o.pollInterval)
	return b.String()
}

func report(w io.Writer, o options, phases []*phase) {
	host, _ := os.Hostname()
	fmt.Fprintf(w, "cicd provider scale benchmark (scripts/bench)\n")
	fmt.Fprintf(w, "plan: %d cicd_codearts_pipeline_template + %d cicd_codearts_build_run (build %s simulated, wait.poll_interval %s), -parallelism=%d\n",
		o.templates, o.builds, o.buildDuration, o.pollInterval, o.parallelism)
	fmt.Fprintf(w, "machine: %s, %s/%s, %d CPUs, %s; %s\n", host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), tfVersion(o.terraform))
	fmt.Fprintf(w, "T_api = Σ_routes requests × latency ÷ parallelism; T_slot = T_api + builds × t_seen ÷ parallelism (apply), t_seen = %s:\n", secs(seenAt(o)))
	fmt.Fprintf(w, "  the first poll at or after the %s build's end on the wait schedule (poll_interval %s, ×%.1f while unchanged, ≤ %s)\n",
		o.buildDuration, o.pollInterval, wait.DefaultBackoff, wait.DefaultMaxPollInterval)
	fmt.Fprintf(w, "CPU = user + sys seconds: terraform's own (its rusage minus its provider children's) and the provider processes' together;\n")
	fmt.Fprintf(w, "  T_cpu = (CPU terraform + CPU provider) ÷ %d CPUs, the wall time this work needs with the machine to itself\n", runtime.NumCPU())
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Fprintf(w, "load average at the end: %s", l)
	}
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "phase\tlatency\twall\trequests\tT_api\twall/T_api\tT_slot\twall/T_slot\tproviders\tpeak RSS\tCPU terraform\tCPU provider\tT_cpu\t")
	par := time.Duration(o.parallelism)
	for _, p := range phases {
		api := p.apiBound(o.parallelism)
		slot, slotRatio := "-", "-"
		if p.name == "apply" {
			s := api + time.Duration(o.builds)*seenAt(o)/par
			slot, slotRatio = secs(s), ratio(p.wall, s)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%.1f MiB\t%s\t%s\t%s\t\n", p.name, p.latency, secs(p.wall), p.total(),
			secs(api), ratio(p.wall, api), slot, slotRatio, len(p.providers), float64(p.peakRSS())/1024,
			secs(p.cpu-p.providerCPU()), secs(p.providerCPU()), secs(p.cpu/time.Duration(runtime.NumCPU())))
	}
	tw.Flush()

	// Per-operation figures from the run at the target latency (the last two phases).
	apply, destroy := phases[len(phases)-2], phases[len(phases)-1]
	per := func(n, of int) string {
		if of == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f", float64(n)/float64(of))
	}
	fmt.Fprintf(w, "\nrequests per operation (latency %s):\n", apply.latency)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "  template create (POST + GET)\t%s\n", per(apply.sum(routeTplCreate, routeTplGet), o.templates))
	fmt.Fprintf(tw, "  template refresh (GET, destroy's plan)\t%s\n", per(destroy.sum(routeTplGet), o.templates))
	fmt.Fprintf(tw, "  template delete (DELETE)\t%s\n", per(destroy.sum(routeTplDelete), o.templates))
	fmt.Fprintf(tw, "  build run create (POST /v3/jobs/build)\t%s\n", per(apply.sum(routeBuildRun), o.builds))
	fmt.Fprintf(tw, "  build run polls (build-info + record-info)\t%s  (%s build-info, %s record-info)\n",
		per(apply.sum(routeBuildInfo, routeRecord), o.builds), per(apply.sum(routeBuildInfo), o.builds), per(apply.sum(routeRecord), o.builds))
	fmt.Fprintf(tw, "  build run refresh (build-info + record-info)\t%s\n", per(destroy.sum(routeBuildInfo, routeRecord), o.builds))
	fmt.Fprintf(tw, "  build run delete\t%s  (destroy forgets the run; stop_on_destroy is off)\n", per(destroy.sum(routeBuildRun, simulator.RouteBuildStop), o.builds))
	tw.Flush()

	fmt.Fprintf(w, "\nIAM calls and provider processes:\n")
	for _, p := range phases {
		fmt.Fprintf(w, "  %-7s %-5s IAM %d (%s), provider processes %d (peak RSS each: %s)\n", p.name, p.latency, p.sum(iamRoutes...),
			routeList(p, iamRoutes), len(p.providers), rssList(p.providers))
	}

	if o.verbose {
		for _, p := range phases {
			fmt.Fprintf(w, "\nrequests, %s at %s:\n", p.name, p.latency)
			routes := make([]string, 0, len(p.counts))
			for r := range p.counts {
				routes = append(routes, r)
			}
			sort.Strings(routes)
			for _, r := range routes {
				fmt.Fprintf(w, "  %6d  %s\n", p.counts[r], r)
			}
		}
	}
}

func routeList(p *phase, routes []string) string {
	var parts []string
	for _, r := range routes {
		if n := p.counts[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d× %s", n, r))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func rssList(us []procUsage) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = fmt.Sprintf("%.1f MiB/%.1fs CPU", float64(u.MaxRSSKiB)/1024, u.UserS+u.SysS)
	}
	return strings.Join(parts, ", ")
}

// seenAt is when the wait's poll schedule first looks at or after the build's
// end (the build starts as its POST returns; the first poll is immediate).
func seenAt(o options) time.Duration {
	interval, err := time.ParseDuration(o.pollInterval)
	if err != nil || interval <= 0 {
		interval = wait.DefaultPollInterval
	}
	t := time.Duration(0)
	for t < o.buildDuration {
		t += interval
		interval = min(time.Duration(float64(interval)*wait.DefaultBackoff), max(wait.DefaultMaxPollInterval, interval))
	}
	return t
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", a.Seconds()/b.Seconds())
}

// readUsage reads the wrapper's files, in start order (by wall time is not
// known; pid order is close enough for a report).
func readUsage(dir string) ([]procUsage, error) {
	names, err := filepath.Glob(filepath.Join(dir, "provider-*.json"))
	if err != nil {
		return nil, err
	}
	var out []procUsage
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var u procUsage
		if err := json.Unmarshal(data, &u); err != nil {
			return nil, fmt.Errorf("%s: %v", n, err)
		}
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	if len(out) == 0 {
		return nil, fmt.Errorf("no provider process reported its resource usage (is the dev_overrides wrapper in use?)")
	}
	return out, nil
}

// cleanEnv drops settings of the user's own Terraform that would change what is measured.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_CLI_ARGS"), name == "TF_DATA_DIR", name == "TF_PLUGIN_CACHE_DIR", name == "TF_WORKSPACE",
			name == "TF_LOG", name == "TF_LOG_PATH", name == "TF_LOG_PROVIDER", name == "TF_CLI_CONFIG_FILE",
			strings.HasPrefix(name, "HW_"), strings.HasPrefix(name, "CLOUD_SDK_"), strings.HasPrefix(name, "CICD_"), strings.HasPrefix(name, "RAINBOND_"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run from inside the provider's module")
	}
	return filepath.Dir(mod), nil
}

func tail(name string, n int) string {
	f, err := os.Open(name)
	if err != nil {
		return err.Error()
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if len(lines) > n {
			lines = lines[1:]
		}
	}
	return strings.Join(lines, "\n")
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func tfVersion(tf string) string {
	out, err := exec.Command(tf, "version").Output()
	if err != nil {
		return "terraform ?"
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return first
}
