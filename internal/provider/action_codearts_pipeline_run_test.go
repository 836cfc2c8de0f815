package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func pipelineRunActionConfig(pid string, extra map[string]any) map[string]any {
	cfg := map[string]any{"project_id": simulator.DemoCodeArtsProjectID, "pipeline_id": pid, "wait": fastActionWait}
	for k, v := range extra {
		cfg[k] = v
	}
	return cfg
}

// containsInOrder reports the first of wants missing from all, in order.
func missingInOrder(all string, wants ...string) string {
	for _, w := range wants {
		i := strings.Index(all, w)
		if i < 0 {
			return w
		}
		all = all[i+len(w):]
	}
	return ""
}

func TestCodeArtsPipelineRunAction_narratesStages(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 300 * time.Millisecond})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run",
		pipelineRunActionConfig(pid, map[string]any{"parameters": map[string]any{"release": "2.0.0"}}), nil)
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	all := strings.Join(progress, "\n")
	t.Logf("progress:\n%s", all)
	if w := missingInOrder(all,
		"Started pipeline run 1 of pipeline "+pid+" (id "+simulator.DemoCodeArtsProjectID+"/"+pid+"/",
		"stage 'Build' running",
		"stage 'Build' COMPLETED; stage 'Test' running",
		"stage 'Test' COMPLETED; stage 'Deploy' running",
		": COMPLETED after ", ": stage 'Deploy' COMPLETED",
	); w != "" {
		t.Errorf("progress lacks %q (in order); got:\n%s", w, all)
	}
	if n := len(e.sim.PipelineRunIDs(pid)); n != 1 {
		t.Fatalf("%d runs started, want 1", n)
	}
}

func TestCodeArtsPipelineRunAction_reviewIsReported(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 100 * time.Millisecond, Review: simulator.RunPaused})
	h := newProtoHarness(t, e)
	passed := false
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run", pipelineRunActionConfig(pid, nil), func(msg string) {
		if strings.Contains(msg, "waiting for review") && !passed {
			passed = true
			if err := e.sim.PassPipelineRunReview(e.sim.PipelineRunIDs(pid)[0]); err != nil {
				t.Errorf("pass: %v", err)
			}
		}
	})
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	all := strings.Join(progress, "\n")
	t.Logf("progress:\n%s", all)
	if w := missingInOrder(all,
		"stage 'Review' waiting for review (job 'Manual review')",
		"COMPLETED after ", "stage 'Review' COMPLETED",
	); w != "" {
		t.Errorf("progress lacks %q (in order); got:\n%s", w, all)
	}
}

func TestCodeArtsPipelineRunAction_queued(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 200 * time.Millisecond})
	e.sim.SetPipelineConcurrency(pid, 1)
	h := newProtoHarness(t, e)
	// The first run holds the only slot.
	if _, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run",
		pipelineRunActionConfig(pid, map[string]any{"wait": map[string]any{"enabled": false}}), nil); hasErrors(diags) {
		t.Fatalf("first run: %s", diagText(diags))
	}
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run", pipelineRunActionConfig(pid, nil), nil)
	if hasErrors(diags) {
		t.Fatalf("a queued run must not fail: %s", diagText(diags))
	}
	all := strings.Join(progress, "\n")
	if w := missingInOrder(all, "Started pipeline run 2", ": queued behind other runs (DEVPIPE.00011169)", "stage 'Build' running", "COMPLETED after"); w != "" {
		t.Errorf("progress lacks %q (in order); got:\n%s", w, all)
	}
}

func TestCodeArtsPipelineRunAction_failure(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 100 * time.Millisecond, Outcome: simulator.RunFailed,
		FailJob: "JOB_build", FailMessage: "mvn: compilation failure in OrderService.java"})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run", pipelineRunActionConfig(pid, nil), nil)
	if !hasErrors(diags) {
		t.Fatalf("a failed run must fail the action; progress:\n%s", strings.Join(progress, "\n"))
	}
	txt := diagText(diags)
	t.Logf("diagnostics:\n%s", txt)
	if w := missingInOrder(txt, "Pipeline run failed", "ended with status FAILED after ",
		"job 'Build' in stage 'Build' failed: mvn: compilation failure in OrderService.java",
		"Last lines of the log of step 'Maven build' (job 'Build')", "[ERROR]"); w != "" {
		t.Fatalf("diagnostic lacks %q: %s", w, txt)
	}
	if !strings.Contains(strings.Join(progress, "\n"), "FAILED after") {
		t.Fatalf("no progress for the failure: %q", progress)
	}
}

func TestCodeArtsPipelineRunAction_cancellationStopsTheRun(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: time.Hour})
	h := newProtoHarness(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	_, diags := h.invoke(ctx, t, "cicd_codearts_pipeline_run", pipelineRunActionConfig(pid, nil), func(msg string) {
		if strings.Contains(msg, "stage 'Build' running") {
			cancel() // Ctrl-C while the run runs
		}
	})
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancellation took %v", el)
	}
	if txt := diagText(diags); !strings.Contains(txt, "Interrupted while waiting for the pipeline run") || !strings.Contains(txt, "It was stopped") {
		t.Fatalf("want an interrupted diagnostic that says the run was stopped, got: %s", txt)
	}
	if r := lastRun(t, e, pid); r.Status != simulator.RunCanceled {
		t.Fatalf("the run was not stopped: %s", r.Status)
	}
}

func TestCodeArtsPipelineRunAction_badInputIsRefusedBeforeAnyCall(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run", map[string]any{
		"project_id": "nope", "pipeline_id": simulator.DemoPipelineID, "choose_jobs": []any{},
		"parameters": map[string]any{"token": "a"}, "secret_parameters_wo": map[string]any{"token": "b"},
	}, nil)
	txt := diagText(diags)
	for _, want := range []string{"32-character hexadecimal id", "must contain at least 1 elements", `Attribute secret_parameters_wo["token"]: parameter "token" is in both parameters and secret_parameters_wo`} {
		if !strings.Contains(txt, want) {
			t.Errorf("want %q in the diagnostics, got: %s", want, txt)
		}
	}
	if n := e.sim.Count(pipelineRunRoute); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}
