package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestRunActionProgressReadsOnce: every action's progress, on a run whose
// looks repeat (the poll is faster than the run's stages and steps), is one
// line per change — no line twice, no part of a line twice, the run's label
// once per line, at most one duration — and a failed run's diagnostic names
// the run (label and id) once, says how long it ran once, and carries the
// service's status word and message.
func TestRunActionProgressReadsOnce(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	type invocation struct {
		name, action string
		cfg          func() map[string]any
		fails        bool
		status, msg  string // a failure's status word and service message
		maxLines     int    // one per change at most (0: not counted)
	}
	pipeline := func(p simulator.PipelineRunPlan) func() map[string]any {
		return func() map[string]any { return pipelineRunActionConfig(newRunPipeline(t, e, p), nil) }
	}
	build := func(o simulator.BuildOutcome) func() map[string]any {
		return func() map[string]any { return map[string]any{"job_id": newBuildJob(t, e, o), "wait": fastActionWait} }
	}
	deploy := func(o simulator.DeployOutcome) func() map[string]any {
		return func() map[string]any {
			return map[string]any{"task_id": newDeployTask(t, e, o), "wait": fastActionWait}
		}
	}
	rainbond := func(o simulator.RainbondBuildOutcome) func() map[string]any {
		return func() map[string]any { e.sim.SetRainbondBuildOutcome(rbService, o); return rbActionConfig(nil) }
	}
	for _, inv := range []invocation{
		{name: "build", action: "cicd_codearts_build_run", cfg: build(simulator.BuildOutcome{Result: "SUCCESS", Duration: time.Second, QueueFor: 300 * time.Millisecond})},
		{name: "build fails", action: "cicd_codearts_build_run", cfg: build(simulator.BuildOutcome{Result: "FAILURE", Duration: time.Second, ErrMsg: "compile error in main.go"}),
			fails: true, status: "FAILURE", msg: "compile error in main.go"},
		// Started, step 1 running, steps 2-4 running (each after the one before
		// was done), succeeded.
		{name: "deployment", action: "cicd_codearts_deploy_run", cfg: deploy(simulator.DeployOutcome{Steps: fastSteps(400 * time.Millisecond)}), maxLines: 6},
		{name: "deployment fails", action: "cicd_codearts_deploy_run", cfg: deploy(simulator.DeployOutcome{Steps: fastSteps(300 * time.Millisecond), Result: "failed", FailAt: 2}),
			fails: true, status: "failed", msg: "step 2/4 'Stop service' failed"},
		// Started, Build running, Test running, Deploy running, completed.
		{name: "pipeline run", action: "cicd_codearts_pipeline_run", cfg: pipeline(simulator.PipelineRunPlan{StepDuration: 300 * time.Millisecond}), maxLines: 5},
		{name: "pipeline run fails", action: "cicd_codearts_pipeline_run", cfg: pipeline(simulator.PipelineRunPlan{StepDuration: 300 * time.Millisecond, Outcome: simulator.RunFailed,
			FailJob: "JOB_build", FailMessage: "mvn: compilation failure in OrderService.java"}),
			fails: true, status: "FAILED", msg: "mvn: compilation failure in OrderService.java"},
		{name: "rainbond build", action: rbAction, cfg: rainbond(simulator.RainbondBuildOutcome{Duration: time.Second})},
		{name: "rainbond build fails", action: rbAction, cfg: rainbond(simulator.RainbondBuildOutcome{Status: "failure", Duration: time.Second, LogLines: rbLogLines("ERROR: npm ERR! missing script: build")}),
			fails: true, status: "failure", msg: "build failed"},
	} {
		t.Run(inv.name, func(t *testing.T) {
			progress, diags := h.invoke(context.Background(), t, inv.action, inv.cfg(), nil)
			all := strings.Join(progress, "\n")
			if hasErrors(diags) != inv.fails {
				t.Fatalf("failed %v, want %v: %s\nprogress:\n%s", hasErrors(diags), inv.fails, diagText(diags), all)
			}
			// "Started <label> (id <id>)"
			started := progress[0]
			label, id, ok := strings.Cut(strings.TrimPrefix(started, "Started "), " (id ")
			if !ok || !strings.HasPrefix(started, "Started ") {
				t.Fatalf("first line %q, want Started <label> (id <id>)", started)
			}
			id = strings.TrimSuffix(id, ")")
			if len(progress) < 3 {
				t.Fatalf("progress:\n%s\nwant the start, the run going, and its end", all)
			}
			seen := map[string]bool{}
			for _, line := range progress[1:] {
				first := strings.SplitN(line, "\n", 2)[0]
				if seen[first] {
					t.Errorf("line %q written twice; progress:\n%s", first, all)
				}
				seen[first] = true
				body, ok := strings.CutPrefix(first, label+": ")
				if !ok || strings.Contains(body, label) || strings.Contains(body, strings.SplitN(label, " of ", 2)[0]+" ") {
					t.Errorf("line %q does not name the run once, in front", first)
				}
				if n := strings.Count(body, " after "); n > 1 {
					t.Errorf("line %q has %d durations", first, n)
				}
				parts := strings.Split(strings.SplitN(body, ": ", 2)[len(strings.SplitN(body, ": ", 2))-1], "; ")
				for i, p := range parts {
					for _, q := range parts[:i] {
						if p == q {
							t.Errorf("line %q says %q twice", first, p)
						}
					}
				}
			}
			if inv.maxLines > 0 && len(progress) > inv.maxLines {
				t.Errorf("%d progress lines, want at most %d (one per change):\n%s", len(progress), inv.maxLines, all)
			}
			end := progress[len(progress)-1]
			if strings.Count(end, " after ") != 1 {
				t.Errorf("the last line %q does not say once how long the run ran", end)
			}
			if !inv.fails {
				return
			}
			d := errorDiag(t, diags)
			txt := d.Summary + "\n" + d.Detail
			lower := strings.ToLower(txt)
			for what, n := range map[string]int{
				"the label":   strings.Count(lower, strings.ToLower(label)),
				"the run id":  strings.Count(txt, id),
				"a duration":  strings.Count(d.Detail, " after "),
				"the status":  strings.Count(d.Detail, "status "+inv.status),
				"the message": strings.Count(d.Detail, inv.msg),
			} {
				// A pipeline's failed step log may quote the job's message again.
				if n != 1 && !(what == "the message" && n > 1 && inv.action == "cicd_codearts_pipeline_run") {
					t.Errorf("the diagnostic carries %s %d times, want once:\n%s", what, n, txt)
				}
			}
		})
	}
}

func errorDiag(t *testing.T, diags []*tfprotov6.Diagnostic) *tfprotov6.Diagnostic {
	t.Helper()
	var errs []*tfprotov6.Diagnostic
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			errs = append(errs, d)
		}
	}
	if len(errs) != 1 {
		t.Fatalf("%d errors, want 1: %s", len(errs), diagText(diags))
	}
	return errs[0]
}
