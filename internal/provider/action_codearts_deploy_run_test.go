package provider

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestCodeArtsDeployRunAction_stepNarration(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(400 * time.Millisecond)})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_deploy_run", map[string]any{
		"task_id":    task,
		"parameters": map[string]any{"version": "2.0.0"},
		"wait":       fastActionWait,
	}, nil)
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	rec := latestDeploy(t, e, task)
	all := strings.Join(progress, "\n")
	for _, want := range []string{
		"Started deployment " + rec.RecordID + " of task " + task + " (id " + task + "/" + rec.RecordID + ")",
		"step 1/4 'Download software package' running",
		"step 1/4 'Download software package' done",
		"step 2/4 'Stop service' done",
		"step 3/4 'Start service' done",
		"step 3/4 'Start service' running",
		"step 4/4 'Health check' done",
		"succeeded after ", "4/4 steps done",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q; got:\n%s", want, all)
		}
	}
	// Each step is narrated done exactly once.
	if n := strings.Count(all, "'Stop service' done"); n != 1 {
		t.Errorf("'Stop service' done narrated %d times:\n%s", n, all)
	}
	if n := e.sim.DeploysStarted(task); n != 1 || rec.Params[0].Value != "2.0.0" {
		t.Fatalf("%d deployments started with %+v, want 1 with version=2.0.0", n, rec.Params)
	}
}

func TestCodeArtsDeployRunAction_failure(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(100 * time.Millisecond), Result: "failed", FailAt: 2,
		FAQURL: "https://support.huaweicloud.com/deployman_faq/deployman_faq_1016.html"})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, "cicd_codearts_deploy_run", map[string]any{"task_id": task, "wait": fastActionWait}, nil)
	if !hasErrors(diags) {
		t.Fatalf("a failed deployment must fail the action; progress:\n%s", strings.Join(progress, "\n"))
	}
	txt := diagText(diags)
	for _, want := range []string{"Deployment failed", "ended with status failed", "step 2/4 'Stop service' failed", "deployman_faq_1016.html"} {
		if !strings.Contains(txt, want) {
			t.Errorf("diagnostic lacks %q: %s", want, txt)
		}
	}
	if !strings.Contains(strings.Join(progress, "\n"), "step 2/4 'Stop service' failed") {
		t.Fatalf("no progress for the failure: %q", progress)
	}
}

func TestCodeArtsDeployRunAction_cancellationStopsTheDeployment(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: []simulator.DeployStepSpec{{Name: "Rolling update", Duration: time.Hour}}})
	h := newProtoHarness(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	_, diags := h.invoke(ctx, t, "cicd_codearts_deploy_run", map[string]any{"task_id": task, "wait": fastActionWait}, func(msg string) {
		if strings.Contains(msg, "'Rolling update' running") {
			cancel() // Ctrl-C while the deployment runs
		}
	})
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancellation took %v", el)
	}
	if txt := diagText(diags); !strings.Contains(txt, "Interrupted while waiting for the deployment") || !strings.Contains(txt, "It was stopped") {
		t.Fatalf("want an interrupted diagnostic that says the deployment was stopped, got: %s", txt)
	}
	if v := latestDeploy(t, e, task); !v.Stopped || v.Status != "failed" {
		t.Fatalf("the deployment was not stopped: %+v", v)
	}
}

// TestCodeArtsDeployRunAction_secretsNotLogged: the action's secret
// parameters pass validation, reach the service, and no log line (provider
// logs at TRACE, captured by a root logger) holds them. (Action attributes
// cannot be write-only: terraform-plugin-framework v1.19 validates action
// configs with WriteOnlyAttributesAllowed = false; actions store nothing anyway.)
func TestCodeArtsDeployRunAction_secretsNotLogged(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)})
	h := newProtoHarness(t, e)
	const s1, s2 = `act-Secret-"quoted"-<html>&1`, "act-Secret-plain-77aa"
	cfg := map[string]any{
		"task_id":              task,
		"secret_parameters":    map[string]any{"db_password": s1},
		"secret_parameters_wo": map[string]any{"api.token": s2},
		"wait":                 fastActionWait,
	}
	typ := h.schema.ActionSchemas["cicd_codearts_deploy_run"].Schema.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, toValue(t, typ, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if v := h.validateAction(t, "cicd_codearts_deploy_run", dv); hasErrors(v) {
		t.Fatalf("the action refuses its secret parameters: %s", diagText(v))
	}

	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	stream, err := h.srv.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: "cicd_codearts_deploy_run", Config: &dv})
	if err != nil {
		t.Fatal(err)
	}
	var diags []*tfprotov6.Diagnostic
	for ev := range stream.Events {
		if c, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			diags = c.Diagnostics
		}
	}
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	v := latestDeploy(t, e, task)
	if fmt.Sprint(v.Params) != fmt.Sprint([]simulator.DeployParam{{Key: "db_password", Value: s1, Type: "encrypt"}, {Key: "api.token", Value: s2, Type: "encrypt"}}) {
		t.Fatalf("the simulator received %+v", v.Params)
	}
	out := logs.String()
	if !strings.Contains(out, "HTTP request body") || !strings.Contains(out, "/v2/tasks/"+task+"/start") || strings.Count(out, `\"value\":\"***\",\"type\":\"encrypt\"`) != 2 {
		t.Fatalf("no start request body was logged, so the check proves nothing:\n%s", out)
	}
	for _, s := range []string{s1, s2, "act-Secret"} {
		if strings.Contains(out, s) {
			t.Fatalf("a secret (%q) appears in the logs", s)
		}
	}
}

func TestCodeArtsDeployRunAction_badInputIsRefusedBeforeAnyCall(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, "cicd_codearts_deploy_run", map[string]any{
		"task_id":         "nope",
		"parameters":      map[string]any{"a b": "{% x %}"},
		"parameter_types": map[string]any{"a b": "secret"},
	}, nil)
	txt := diagText(diags)
	for _, want := range []string{"32-character id", "may contain only letters, digits, -, _ and .", "Forbidden sequence", "is not one of text, host_group, enum"} {
		if !strings.Contains(txt, want) {
			t.Errorf("diagnostics lack %q: %s", want, txt)
		}
	}
	if n := e.sim.Count(simulator.RouteDeployStart); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}
