package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

var fastActionWait = map[string]any{"poll_interval": "100ms", "max_poll_interval": "200ms"}

func TestCodeArtsBuildRunAction_success(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 500 * time.Millisecond, QueueFor: 300 * time.Millisecond})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_build_run",
		map[string]any{"job_id": job, "parameters": map[string]any{"codeBranch": "main"}, "wait": fastActionWait}, nil)
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	all := strings.Join(progress, "\n")
	for _, want := range []string{
		"Started build 1 of job " + job + " (id " + job + "/1)",
		"build 1 of job " + job + ": queued",
		"build 1 of job " + job + ": running",
		"build 1 of job " + job + ": SUCCESS after ",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q; got:\n%s", want, all)
		}
	}
	if n := e.sim.BuildsStarted(job); n != 1 {
		t.Fatalf("%d builds started, want 1", n)
	}
	if b, _ := e.sim.Build(job, 1); len(b.Parameters) != 1 || b.Parameters[0].Name != "codeBranch" || b.Parameters[0].Value != "main" {
		t.Fatalf("build parameters %+v, want codeBranch=main", b.Parameters)
	}
}

func TestCodeArtsBuildRunAction_failure(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "FAILURE", Duration: 200 * time.Millisecond, ErrMsg: "compile error in main.go"})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_build_run", map[string]any{"job_id": job, "wait": fastActionWait}, nil)
	if !hasErrors(diags) {
		t.Fatalf("a failed build must fail the action; progress:\n%s", strings.Join(progress, "\n"))
	}
	if txt := diagText(diags); !strings.Contains(txt, "Build failed") || !strings.Contains(txt, "compile error in main.go") {
		t.Fatalf("diagnostic lacks status or err_msg: %s", txt)
	}
	if !strings.Contains(strings.Join(progress, "\n"), "build 1 of job "+job+": FAILURE after ") {
		t.Fatalf("no progress for the failure: %q", progress)
	}
}

func TestCodeArtsBuildRunAction_cancellationStopsTheBuild(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: time.Hour})
	h := newProtoHarness(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	_, diags := h.invoke(ctx, t, "cicd_codearts_build_run", map[string]any{"job_id": job, "wait": fastActionWait}, func(msg string) {
		if strings.Contains(msg, "running") {
			cancel() // Ctrl-C while the build runs
		}
	})
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancellation took %v", el)
	}
	if txt := diagText(diags); !strings.Contains(txt, "Interrupted while waiting for the build") || !strings.Contains(txt, "It was stopped") {
		t.Fatalf("want an interrupted diagnostic that says the build was stopped, got: %s", txt)
	}
	if b, _ := e.sim.Build(job, 1); !b.Stopped {
		t.Fatalf("the build was not stopped: %+v", b)
	}
}

func TestCodeArtsBuildRunAction_badInputIsRefusedBeforeAnyCall(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, "cicd_codearts_build_run",
		map[string]any{"job_id": "nope", "parameters": map[string]any{"PATH": "x"}}, nil)
	txt := diagText(diags)
	if !hasErrors(diags) || !strings.Contains(txt, "32 lowercase letters and digits") || !strings.Contains(txt, "must be none of") {
		t.Fatalf("want job_id and parameter name errors, got: %s", txt)
	}
	if n := e.sim.Count("POST /v3/jobs/build"); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}
