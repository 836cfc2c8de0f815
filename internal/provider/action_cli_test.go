package provider

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The actions through the terraform CLI itself (Terraform >= 1.14; make test
// uses 1.15.9 unless PATH has a newer one), with the provider binary built
// from this tree (dev_overrides), one row per action:
//
//   - `terraform apply -invoke=action.<type>.<name>` runs one run to success:
//     the CLI shows the progress lines and the final status, and apply returns
//     only once the run has ended (the final line comes from the provider's
//     poller seeing the end, and apply took at least the run's duration);
//   - an `action_trigger` on after_create and after_update runs it once per
//     create and once per update, and not on a plan with no change;
//   - a failed run fails the apply with the service's message;
//   - Ctrl-C (SIGINT to terraform) while the run is going ends the apply
//     promptly; the run is stopped where the API has a stop call, and for
//     Rainbond, which has none, the message says that the build keeps running.
//
// These replace the old per-action TestAcc*_cli tests, which only checked one
// action_trigger each and were skipped on the Terraform 1.11 of CI.

// actionCLIRow is one action type.
type actionCLIRow struct {
	typ string // action type, e.g. cicd_codearts_build_run
	// setup scripts a run of the given kind in the simulator and returns the
	// body of the action's config block and the target (job, task, pipeline
	// or component id).
	setup func(t *testing.T, e *testEnv, kind cliRunKind) (body, target string)
	// runs is how many runs the simulator started for the target.
	runs func(e *testEnv, target string) int
	// ended reports whether the target's newest run has ended, its status,
	// and whether it was stopped through the API.
	ended func(t *testing.T, e *testEnv, target string) (done bool, status string, stopped bool)

	progress      []string // in the CLI output of a successful run, in order
	success       string   // the final status line of a successful run
	okStatus      string   // the simulator's status of the run after success
	failure       []string // in the CLI output of a failed run
	runningLine   string   // the progress line after which Ctrl-C is sent
	interrupted   []string // in the CLI output after Ctrl-C
	stoppable     bool     // the API can stop the run (Rainbond: no)
	stoppedStatus string   // the simulator's status after a stop ("" = not checked)
}

type cliRunKind int

const (
	cliRunOK    cliRunKind = iota // ends successfully after cliRunFor
	cliRunFails                   // ends in failure
	cliRunLong                    // runs for an hour
)

// cliRunFor is how long a successful run takes on the simulator clock: long
// enough that an apply returning before the run ended would be seen.
const cliRunFor = 2 * time.Second

func actionCLIRows() []actionCLIRow {
	const cliWait = `
    wait {
      poll_interval     = "200ms"
      max_poll_interval = "300ms"
    }`
	return []actionCLIRow{
		{
			typ: "cicd_codearts_build_run",
			setup: func(t *testing.T, e *testEnv, kind cliRunKind) (string, string) {
				o := simulator.BuildOutcome{Result: "SUCCESS", Duration: cliRunFor, QueueFor: 300 * time.Millisecond}
				switch kind {
				case cliRunFails:
					o = simulator.BuildOutcome{Result: "FAILURE", Duration: 300 * time.Millisecond, ErrMsg: "compile error in main.go"}
				case cliRunLong:
					o = simulator.BuildOutcome{Result: "SUCCESS", Duration: time.Hour}
				}
				job := newBuildJob(t, e, o)
				return fmt.Sprintf(`    job_id = %q
    parameters = {
      codeBranch = "main"
    }`, job) + cliWait, job
			},
			runs: func(e *testEnv, target string) int { return e.sim.BuildsStarted(target) },
			ended: func(t *testing.T, e *testEnv, target string) (bool, string, bool) {
				b, ok := e.sim.Build(target, e.sim.BuildsStarted(target))
				if !ok {
					t.Fatalf("job %s has no build", target)
				}
				return b.Result != "", b.Result, b.Stopped
			},
			progress:    []string{"Started build 1 of job ", ": queued", ": running"},
			success:     "SUCCESS after",
			okStatus:    "SUCCESS",
			failure:     []string{"Build failed", "compile error in main.go"},
			runningLine: ": running",
			interrupted: []string{"Interrupted while waiting for the build", "It was stopped"},
			stoppable:   true,
		},
		{
			typ: "cicd_codearts_deploy_run",
			setup: func(t *testing.T, e *testEnv, kind cliRunKind) (string, string) {
				o := simulator.DeployOutcome{Steps: fastSteps(cliRunFor / 4)}
				switch kind {
				case cliRunFails:
					o = simulator.DeployOutcome{Steps: fastSteps(100 * time.Millisecond), Result: "failed", FailAt: 2}
				case cliRunLong:
					o = simulator.DeployOutcome{Steps: []simulator.DeployStepSpec{{Name: "Rolling update", Duration: time.Hour}}}
				}
				task := newDeployTask(t, e, o)
				return fmt.Sprintf(`    task_id = %q
    parameters = { version = "2.0.0" }`, task) + cliWait, task
			},
			runs: func(e *testEnv, target string) int { return e.sim.DeploysStarted(target) },
			ended: func(t *testing.T, e *testEnv, target string) (bool, string, bool) {
				v := latestDeploy(t, e, target)
				return v.Status != "running", v.Status, v.Stopped
			},
			progress:      []string{"Started deployment ", "step 1/4 'Download software package' done", "step 3/4 'Start service' done"},
			success:       "succeeded after ", // then the last step done
			okStatus:      "succeeded",
			failure:       []string{"Deployment failed", "ended with status failed", "step 2/4 'Stop service' failed"},
			runningLine:   "'Rolling update' running",
			interrupted:   []string{"Interrupted while waiting for the deployment", "It was stopped"},
			stoppable:     true,
			stoppedStatus: "failed",
		},
		{
			typ: "cicd_codearts_pipeline_run",
			setup: func(t *testing.T, e *testEnv, kind cliRunKind) (string, string) {
				plan := simulator.PipelineRunPlan{StepDuration: cliRunFor / 3}
				switch kind {
				case cliRunFails:
					plan = simulator.PipelineRunPlan{StepDuration: 100 * time.Millisecond, Outcome: simulator.RunFailed,
						FailJob: "JOB_build", FailMessage: "mvn: compilation failure in OrderService.java"}
				case cliRunLong:
					plan = simulator.PipelineRunPlan{StepDuration: time.Hour}
				}
				pid := newRunPipeline(t, e, plan)
				return fmt.Sprintf(`    project_id  = %q
    pipeline_id = %q
    description = "from the CLI"`, simulator.DemoCodeArtsProjectID, pid) + cliWait, pid
			},
			runs: func(e *testEnv, target string) int { return len(e.sim.PipelineRunIDs(target)) },
			ended: func(t *testing.T, e *testEnv, target string) (bool, string, bool) {
				r := lastRun(t, e, target)
				done := r.Status == simulator.RunCompleted || r.Status == simulator.RunFailed || r.Status == simulator.RunCanceled
				return done, r.Status, r.Status == simulator.RunCanceled
			},
			progress:    []string{"Started pipeline run 1 of pipeline ", "stage 'Build' running", "stage 'Build' COMPLETED; stage 'Test' running"},
			success:     "COMPLETED after",
			okStatus:    simulator.RunCompleted,
			failure:     []string{"Pipeline run failed", "ended with status FAILED", "mvn: compilation failure in OrderService.java"},
			runningLine: "stage 'Build' running",
			interrupted: []string{"Interrupted while waiting for the pipeline run", "It was stopped"},
			stoppable:   true,
		},
		{
			typ: "cicd_rainbond_component_build",
			setup: func(t *testing.T, e *testEnv, kind cliRunKind) (string, string) {
				// A short rollout, so that the update's build is not refused as too frequent.
				o := simulator.RainbondBuildOutcome{Duration: cliRunFor, RolloutDuration: 50 * time.Millisecond}
				switch kind {
				case cliRunFails:
					o = simulator.RainbondBuildOutcome{Status: "failure", Duration: 300 * time.Millisecond,
						LogLines: rbLogLines("ERROR: npm ERR! missing script: build")}
				case cliRunLong:
					o = simulator.RainbondBuildOutcome{Duration: time.Hour}
				}
				e.sim.SetRainbondBuildOutcome(rbService, o)
				return fmt.Sprintf(`    team_id     = %q
    region_name = %q
    app_id      = %d
    service_id  = %q`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService) + cliWait, rbService
			},
			runs: func(e *testEnv, target string) int { return e.sim.RainbondBuildsAccepted(rbService) },
			ended: func(t *testing.T, e *testEnv, target string) (bool, string, bool) {
				for _, ev := range e.sim.RainbondEvents(rbService) { // newest first
					if ev.OptType == "build-service" {
						return ev.FinalStatus == "complete", ev.Status, false
					}
				}
				t.Fatalf("component %s has no build event", rbService)
				return false, "", false
			},
			progress:    []string{"Started build ", ": running"},
			success:     "success after",
			okStatus:    "success",
			failure:     []string{"Build failed", "ended with status failure", "ERROR: npm ERR! missing script: build"},
			runningLine: ": running",
			interrupted: []string{"Interrupted while waiting for the build", "The API has no stop call, so the build keeps running"},
			stoppable:   false,
		},
	}
}

func TestAccActionsCLI(t *testing.T) {
	tf := terraformCLI(t)
	requireActionsCLI(t, tf)
	bin := providerBinaryDir(t)
	for _, row := range actionCLIRows() {
		t.Run(row.typ, func(t *testing.T) {
			t.Parallel()
			addr := "action." + row.typ + ".this"

			t.Run("invoke", func(t *testing.T) {
				e := newTestEnv(t)
				body, target := row.setup(t, e, cliRunOK)
				w := newCLIWork(t, tf, bin, e, row.typ, body, "")
				start := time.Now()
				out := w.run(t, 0, "apply", "-invoke="+addr, "-auto-approve", "-input=false", "-no-color")
				took := time.Since(start)
				lines := actionLines(out, addr)
				if w := missingInOrder(lines, append(append([]string{}, row.progress...), row.success)...); w != "" {
					t.Fatalf("the CLI output lacks the progress line %q (in order); action lines:\n%s\nfull output:\n%s", w, lines, out)
				}
				if !strings.Contains(out, "Action complete: "+addr+" (triggered by CLI)") || !strings.Contains(out, "Actions: 1 invoked.") {
					t.Fatalf("the CLI does not report the action as complete:\n%s", out)
				}
				// Waited: the run had ended when apply returned, and apply took at
				// least the run's duration (the simulator finishes runs only on time).
				if done, status, _ := row.ended(t, e, target); !done || status != row.okStatus {
					t.Fatalf("apply returned while the run was not over: ended=%v status=%q", done, status)
				}
				if took < cliRunFor {
					t.Fatalf("apply took %v, less than the run's %v: it did not wait", took, cliRunFor)
				}
				if n := row.runs(e, target); n != 1 {
					t.Fatalf("%d runs started, want 1", n)
				}
			})

			t.Run("action_trigger", func(t *testing.T) {
				e := newTestEnv(t)
				cfg, target := row.setup(t, e, cliRunOK)
				trigger := fmt.Sprintf(`
variable "release" {
  type = string
}

resource "terraform_data" "release" {
  input = var.release
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }
}
`, addr)
				w := newCLIWork(t, tf, bin, e, row.typ, cfg, trigger)
				for i, release := range []string{"v1", "v2"} {
					out := w.run(t, 0, "apply", "-auto-approve", "-input=false", "-no-color", "-var=release="+release)
					by := addr + " (triggered by terraform_data.release)"
					if !strings.Contains(out, "Action started: "+by) || !strings.Contains(out, "Action complete: "+by) {
						t.Fatalf("apply %d (%s) did not run the action from the trigger:\n%s", i+1, release, out)
					}
					if !strings.Contains(actionLines(out, addr), row.success) {
						t.Fatalf("apply %d: no final status line %q in:\n%s", i+1, row.success, out)
					}
					if done, status, _ := row.ended(t, e, target); !done || status != row.okStatus {
						t.Fatalf("apply %d returned while the run was not over: ended=%v status=%q", i+1, done, status)
					}
					if n := row.runs(e, target); n != i+1 {
						t.Fatalf("after apply %d (%s, after_%s): %d runs started, want %d", i+1, release,
							map[int]string{0: "create", 1: "update"}[i], n, i+1)
					}
				}
				// Nothing changes: no event, no run.
				out := w.run(t, 0, "apply", "-auto-approve", "-input=false", "-no-color", "-var=release=v2")
				if strings.Contains(out, "Action started") || row.runs(e, target) != 2 {
					t.Fatalf("an apply without changes ran the action (%d runs):\n%s", row.runs(e, target), out)
				}
			})

			t.Run("failure", func(t *testing.T) {
				e := newTestEnv(t)
				body, target := row.setup(t, e, cliRunFails)
				w := newCLIWork(t, tf, bin, e, row.typ, body, "")
				out := w.run(t, 1, "apply", "-invoke="+addr, "-auto-approve", "-input=false", "-no-color")
				if !errorPattern(row.failure...).MatchString(out) {
					t.Fatalf("the failed apply does not say %q (in order):\n%s", row.failure, out)
				}
				if done, _, _ := row.ended(t, e, target); !done || row.runs(e, target) != 1 {
					t.Fatalf("want one ended run, got ended=%v runs=%d", done, row.runs(e, target))
				}
			})

			t.Run("interrupt", func(t *testing.T) {
				e := newTestEnv(t)
				body, target := row.setup(t, e, cliRunLong)
				w := newCLIWork(t, tf, bin, e, row.typ, body, "")
				logPath := filepath.Join(t.TempDir(), "provider.log")
				w.env = append(w.env, "TF_LOG=WARN", "TF_LOG_PATH="+logPath)
				out, code, took := w.interrupt(t, row.runningLine, "apply", "-invoke="+addr, "-auto-approve", "-input=false", "-no-color")
				if took > 30*time.Second {
					t.Fatalf("terraform took %v to stop after Ctrl-C", took)
				}
				if !strings.Contains(out, "Interrupt received.") || !strings.Contains(out, "Stopping operation...") {
					t.Fatalf("terraform did not report the interrupt:\n%s", out)
				}
				// What happened to the run. terraform-plugin-go drops an action's
				// events once Terraform stops the provider, so the CLI does not
				// show it: Terraform exits 0 ("Apply complete!") or, when its walk
				// notices the stop first, 1 ("execution halted"). The provider log
				// carries it; should the CLI ever show it, that counts too.
				logData, err := os.ReadFile(logPath)
				if err != nil {
					t.Fatal(err)
				}
				if !errorPattern(row.interrupted...).MatchString(out) && !errorPattern(row.interrupted...).MatchString(string(logData)) {
					t.Fatalf("after Ctrl-C (exit %d) neither the CLI output nor the provider log says %q (in order):\noutput:\n%s", code, row.interrupted, out)
				}
				done, status, stopped := row.ended(t, e, target)
				switch {
				case row.stoppable && !stopped:
					t.Fatalf("Ctrl-C did not stop the run through the API (ended=%v status=%q)", done, status)
				case row.stoppable && row.stoppedStatus != "" && status != row.stoppedStatus:
					t.Fatalf("the stopped run has status %q, want %q", status, row.stoppedStatus)
				case !row.stoppable && done:
					t.Fatalf("the run ended (%q), but this API cannot stop it: the test proves nothing", status)
				}
				if n := row.runs(e, target); n != 1 {
					t.Fatalf("%d runs started, want 1", n)
				}
			})
		})
	}
}

// requireActionsCLI fails (not skips) when the CLI cannot run actions: make
// test always provides one that can, and a skip here would hide the tests.
func requireActionsCLI(t *testing.T, tf string) {
	t.Helper()
	out, err := exec.Command(tf, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", tf, err)
	}
	var major, minor int
	if i := bytes.Index(out, []byte(`"terraform_version"`)); i >= 0 {
		rest := string(out[i:])
		rest = rest[strings.Index(rest, `:`)+1:]
		rest = strings.TrimLeft(rest, ` "`)
		_, _ = fmt.Sscanf(rest, "%d.%d", &major, &minor)
	}
	if major < 1 || major == 1 && minor < 14 {
		t.Fatalf("actions need Terraform >= 1.14; TF_ACC_TERRAFORM_PATH=%s is %d.%d (scripts/terraform.sh picks one that can)", tf, major, minor)
	}
}

// actionLines is the progress of one action in the CLI output, one message a
// line ("Action <addr> (triggered by ...): <message>" with the prefix cut).
func actionLines(out, addr string) string {
	var b strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(l, "Action "+addr+" ("); ok {
			if _, msg, ok := strings.Cut(rest, "): "); ok {
				b.WriteString(msg + "\n")
			}
		}
	}
	return b.String()
}

// cliWork is a working directory with a configuration for one test's
// simulator and a CLI config that installs the built provider.
type cliWork struct {
	tf, dir string
	env     []string
}

func newCLIWork(t *testing.T, tf, bin string, e *testEnv, typ, actionBody, extra string) *cliWork {
	t.Helper()
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
`+e.providerAKSK()+fmt.Sprintf(`
action %q "this" {
  config {
%s
  }
}
`, typ, actionBody)+extra)
	return &cliWork{tf: tf, dir: work, env: cliEnv(t, dir, bin)}
}

// cliEnv writes, in dir, a CLI configuration that installs the built
// provider (bin) and returns the environment terraform runs with.
func cliEnv(t *testing.T, dir, bin string) []string {
	t.Helper()
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", bin))
	return append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME="+dir)
}

// run runs terraform to the end and wants the exit code.
func (w *cliWork) run(t *testing.T, wantExit int, args ...string) string {
	t.Helper()
	return runTerraform(t, w.tf, w.dir, w.env, wantExit, args...)
}

// interrupt runs terraform, sends it SIGINT (Ctrl-C) once a line containing
// after appears, and returns the whole output, the exit code and how long
// terraform took to exit after the signal.
func (w *cliWork) interrupt(t *testing.T, after string, args ...string) (string, int, time.Duration) {
	t.Helper()
	cmd := exec.Command(w.tf, args...)
	cmd.Dir, cmd.Env = w.dir, w.env
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		out      strings.Builder
		signaled time.Time
		seen     = make(chan struct{})
		readDone = make(chan struct{})
	)
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		sent := false
		for sc.Scan() {
			mu.Lock()
			out.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if !sent && strings.Contains(sc.Text(), after) {
				sent = true
				close(seen)
			}
		}
		_, _ = io.Copy(io.Discard, pr)
	}()
	waitErr := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		pw.Close()
		waitErr <- err
	}()
	var err error
	select {
	case <-seen:
		signaled = time.Now()
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatalf("SIGINT: %v", err)
		}
		select {
		case err = <-waitErr:
		case <-time.After(60 * time.Second):
			_ = cmd.Process.Kill()
			t.Logf("terraform killed: %v", <-waitErr)
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("terraform did not exit within 60s of Ctrl-C:\n%s", out.String())
		}
	case err = <-waitErr:
		<-readDone
		t.Fatalf("terraform exited (%v) before printing %q:\n%s", err, after, out.String())
	case <-time.After(90 * time.Second):
		_ = cmd.Process.Kill()
		t.Logf("terraform killed: %v", <-waitErr)
		<-readDone
		t.Fatalf("no line with %q within 90s:\n%s", after, out.String())
	}
	took := time.Since(signaled)
	<-readDone
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), code, took
}
