package provider

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The sequence suite's machinery: one work directory per scenario, driven
// through the real terraform CLI with the provider built from this tree (a
// dev override), against a simulator; after every step the scenario checks
// the runs the service has, what state holds and what a fresh plan says.

// seqEnv is one scenario's simulator, work directory and CLI environment.
type seqEnv struct {
	*matrixEnv
	tf, work string
	env      []string
	logs     strings.Builder // every command's output, for failure messages
}

func newSeqEnv(t *testing.T) *seqEnv {
	t.Helper()
	tf := terraformCLI(t)
	bin := providerBinaryDir(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", bin))
	e := &seqEnv{matrixEnv: newMatrixEnv(t), tf: tf, work: filepath.Join(dir, "work"),
		// The provider binary polls the simulator at the suite's lowered floor
		// (run_wait.go), said explicitly rather than left to cleanEnv.
		env: append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME="+dir,
			envTestMinPollInterval+"="+minPollInterval.String())}
	return e
}

// configure writes main.tf: the provider (no transport retries, so a fault
// window is not hidden by the transport's backoff) and body.
func (e *seqEnv) configure(body string) {
	provider := strings.Replace(e.provider(tokenAuth), "max_retries     = 2", "max_retries     = 0", 1)
	writeFile(e.t, filepath.Join(e.work, "main.tf"), "terraform {\n  required_providers {\n    cicd = { source = \"cicdlabs/cicd\" }\n  }\n}\n"+provider+body)
}

// cmdResult is what one terraform command did.
type cmdResult struct {
	out  string
	code int
}

// run runs terraform with args in the work directory.
func (e *seqEnv) run(args ...string) cmdResult {
	e.t.Helper()
	cmd := e.command(args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return e.finish(cmd, cmd.Run(), &out, args)
}

func (e *seqEnv) command(args ...string) *exec.Cmd {
	n := 1 // -no-color goes after the (sub)command
	if args[0] == "state" {
		n = 2
	}
	cmd := exec.Command(e.tf, append(args[:n:n], append([]string{"-no-color"}, args[n:]...)...)...)
	cmd.Dir = e.work
	cmd.Env = e.env
	return cmd
}

func (e *seqEnv) finish(cmd *exec.Cmd, err error, out *bytes.Buffer, args []string) cmdResult {
	e.t.Helper()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	fmt.Fprintf(&e.logs, "$ terraform %s (exit %d)\n%s\n", strings.Join(args, " "), code, out.String())
	return cmdResult{out: out.String(), code: code}
}

// interrupt starts `terraform apply`, waits until the provider is waiting
// for the run (the service started it and has seen a status poll since),
// then sends sig. It returns what terraform did.
func (e *seqEnv) interrupt(sig syscall.Signal, k seqKind, id string) cmdResult {
	e.t.Helper()
	return e.interruptCmd(sig, k, id, "apply", "-input=false", "-auto-approve")
}

func (e *seqEnv) interruptCmd(sig syscall.Signal, k seqKind, id string, args ...string) cmdResult {
	e.t.Helper()
	cmd := e.command(args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// Its own process group, so that SIGKILL reaches terraform and the
	// provider plugin at once, as when a CI runner kills the job.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	before := e.sim.Count(k.polls[0])
	started := k.started(e.matrixEnv, id)
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for (k.started(e.matrixEnv, id) == started || e.sim.Count(k.polls[0]) <= before) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if sig == syscall.SIGKILL {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	} else {
		_ = cmd.Process.Signal(sig)
	}
	return e.finish(cmd, cmd.Wait(), &out, append([]string{args[0] + " (" + sig.String() + " mid-wait)"}, args[1:]...))
}

func envSet(name string) bool { return os.Getenv(name) != "" }

// planSays runs a plan (with refresh, as a user would) and returns what it
// plans for addr: "no-op", "create", "update", "replace", "delete" — or
// "error: <output>" when the plan fails.
func (e *seqEnv) planSays(addr string) string {
	e.t.Helper()
	r := e.run("plan", "-input=false", "-json")
	if r.code != 0 {
		return "error: " + planErrors(r.out)
	}
	action := "no-op"
	sc := bufio.NewScanner(strings.NewReader(r.out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var msg struct {
			Type   string `json:"type"`
			Change struct {
				Resource struct {
					Addr string `json:"addr"`
				} `json:"resource"`
				Action string `json:"action"`
			} `json:"change"`
		}
		if json.Unmarshal(sc.Bytes(), &msg) == nil && msg.Type == "planned_change" && msg.Change.Resource.Addr == addr {
			action = msg.Change.Action
		}
	}
	return action
}

// planErrors extracts the diagnostics' summaries and details from plan -json.
func planErrors(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Severity, Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) == nil && msg.Type == "diagnostic" && msg.Diagnostic.Severity == "error" {
			fmt.Fprintf(&b, "%s: %s; ", msg.Diagnostic.Summary, msg.Diagnostic.Detail)
		}
	}
	return b.String()
}

// stateOf reads addr's attributes and taint from terraform.tfstate (nil when
// state has no such resource).
func (e *seqEnv) stateOf(addr string) (attrs map[string]any, tainted bool) {
	e.t.Helper()
	data, err := os.ReadFile(filepath.Join(e.work, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(bytes.TrimSpace(data)) == 0) {
		return nil, false // never written, or emptied by a killed terraform
	}
	if err != nil {
		e.t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(data, &st); err != nil {
		e.t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Type+"."+r.Name == addr && len(r.Instances) > 0 {
			return r.Instances[0].Attributes, r.Instances[0].Status == "tainted"
		}
	}
	return nil, false
}

// tfVersion returns the CLI's major and minor version.
func tfVersion(t *testing.T, tf string) (major, minor int, text string) {
	out, _ := exec.Command(tf, "version").Output()
	text = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	if m := regexp.MustCompile(`v(\d+)\.(\d+)`).FindStringSubmatch(text); m != nil {
		major, _ = strconv.Atoi(m[1])
		minor, _ = strconv.Atoi(m[2])
	}
	return major, minor, text
}

// seqKind is a run type as the sequence suite drives it: the fault matrix's
// adapter plus how to name a run for import.
type seqKind struct {
	runKind
	short string // scenario name prefix: build, deploy, pipeline_run, rainbond_build
	// importID is the import id of run n (1-based, in start order) of id.
	importID func(e *seqEnv, id string, n int) string
	// blankID is the start reply's run-id field, for FaultEditField.
	blankID string
	// statusField is the status word in the poll reply, for FaultEditField.
	statusPoll, statusField string
	// params renders a run input holding a map, e.g. `parameters = {…}`.
	inputAttr string
}

func seqKinds() []seqKind {
	kinds := runKinds()
	by := map[string]runKind{}
	for _, k := range kinds {
		by[k.typ] = k
	}
	return []seqKind{
		{runKind: by["cicd_codearts_build_run"], short: "build",
			importID: func(_ *seqEnv, id string, n int) string { return fmt.Sprintf("%s/%d", id, n) },
			blankID:  "actual_build_number", statusPoll: simulator.RouteBuildRecordInfo, statusField: "result.status",
			inputAttr: "parameters"},
		{runKind: by["cicd_codearts_deploy_run"], short: "deploy",
			importID: func(e *seqEnv, id string, n int) string {
				recs := e.sim.DeployRecords(id)
				if len(recs) < n {
					return "no-such-record"
				}
				return id + "/" + recs[n-1].RecordID
			},
			blankID: "id", statusPoll: simulator.RouteDeployState, statusField: "result.status",
			inputAttr: "parameters"},
		{runKind: by["cicd_codearts_pipeline_run"], short: "pipeline_run",
			importID: func(e *seqEnv, id string, n int) string {
				ids := e.sim.PipelineRunIDs(id)
				if len(ids) < n {
					return "no-such-run"
				}
				return simulator.DemoCodeArtsProjectID + "/" + id + "/" + ids[n-1]
			},
			blankID: "pipeline_run_id", statusPoll: pipelineRunPoll, statusField: "status",
			inputAttr: "parameters"},
		{runKind: by["cicd_rainbond_component_build"], short: "rainbond_build",
			importID: func(e *seqEnv, id string, n int) string {
				// The component's newest builds are the ones the scenario started.
				var builds []simulator.RainbondEvent // newest first
				for _, ev := range e.sim.RainbondEvents(id) {
					if ev.OptType == "build-service" {
						builds = append(builds, ev)
					}
				}
				i := e.sim.RainbondBuildsAccepted(id) - n
				if n < 1 || i < 0 || i >= len(builds) {
					return "no-such-event"
				}
				b := builds[i]
				return fmt.Sprintf("%s/%s/%d/%s/%s", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, id, b.EventID)
			},
			blankID: "event_id", statusPoll: rainbondEventsRoute, statusField: "events.*.status"},
	}
}
