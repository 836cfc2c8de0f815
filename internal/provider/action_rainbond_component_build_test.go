package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const rbAction = "cicd_rainbond_component_build"

// rbActionConfig is the action config for the demo component plus extra attributes.
func rbActionConfig(extra map[string]any) map[string]any {
	cfg := map[string]any{
		"team_id": simulator.DemoRainbondTeamID, "region_name": simulator.DemoRainbondRegion,
		"app_id": simulator.DemoRainbondAppID, "service_id": rbService, "wait": fastActionWait,
	}
	for k, v := range extra {
		cfg[k] = v
	}
	return cfg
}

func wantProgress(t *testing.T, progress []string, wants ...string) {
	t.Helper()
	all := strings.Join(progress, "\n")
	for _, want := range wants {
		if !strings.Contains(all, want) {
			t.Errorf("progress lacks %q; got:\n%s", want, all)
		}
	}
}

func TestRainbondComponentBuildAction_success(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 600 * time.Millisecond})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, rbAction, rbActionConfig(map[string]any{
		"repo_url": "https://git.example.com/team/app.git", "branch": "main",
	}), nil)
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s", diagText(diags))
	}
	ev := e.sim.RainbondEvents(rbService)
	var id string
	for _, x := range ev {
		if x.OptType == "build-service" {
			id = x.EventID
			break
		}
	}
	wantProgress(t, progress,
		fmt.Sprintf("Started build %s of component %s (id %s%s)", id, rbService, rbIDPrefix, id),
		fmt.Sprintf("build %s of component %s: running", id, rbService),
		fmt.Sprintf("build %s of component %s: success after ", id, rbService))
	if n := e.sim.RainbondBuildsAccepted(rbService); n != 1 {
		t.Fatalf("%d builds accepted, want 1", n)
	}
	if src, _ := e.sim.RainbondComponentSource(rbService); src.GitURL != "https://git.example.com/team/app.git" || src.CodeVersion != "main" {
		t.Fatalf("the source did not reach the console: %+v", src)
	}
}

// TestRainbondComponentBuildAction_passwordReachesTheConsole: the action
// takes a repository password (action inputs are plain attributes: the
// framework refuses write-only ones in actions, and actions store nothing),
// passes validation, and the console saves it as the build source credential.
func TestRainbondComponentBuildAction_passwordReachesTheConsole(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 300 * time.Millisecond})
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, rbAction, rbActionConfig(map[string]any{
		"repo_url": "https://git.example.com/team/app.git", "username": "ci", "password": "act-secret-pw",
	}), nil)
	if hasErrors(diags) {
		t.Fatalf("the action refused a password: %s", diagText(diags))
	}
	src, _ := e.sim.RainbondComponentSource(rbService)
	if src.Password == nil || *src.Password != "act-secret-pw" {
		t.Fatalf("the console did not receive the password: %+v", src)
	}
	if n := e.sim.RainbondBuildsAccepted(rbService); n != 1 {
		t.Fatalf("%d builds accepted, want 1", n)
	}
}

// TestRainbondComponentBuildAction_lateRowAndStaleEvent: the progress says
// why the action is waiting while the row is not listed yet, and that a
// final_status "timeout" is not the end.
func TestRainbondComponentBuildAction_lateRowAndStaleEvent(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 1500 * time.Millisecond, RowDelayPolls: 3, TimeoutAfter: 600 * time.Millisecond})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, rbAction, rbActionConfig(nil), nil)
	if hasErrors(diags) {
		t.Fatalf("invoke failed: %s\nprogress:\n%s", diagText(diags), strings.Join(progress, "\n"))
	}
	wantProgress(t, progress,
		": waiting for the event to appear in the component's events list",
		`: running; the console marked its event final_status "timeout" (stale), which is not final: still waiting for it to complete`,
		"success after")
	if n := e.sim.RainbondBuildsAccepted(rbService); n != 1 {
		t.Fatalf("%d builds accepted, want 1", n)
	}
}

func TestRainbondComponentBuildAction_failureShowsTheLogTail(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Status: "failure", Duration: 300 * time.Millisecond,
		LogLines: rbLogLines("ERROR: npm ERR! missing script: build")})
	h := newProtoHarness(t, e)
	progress, diags := h.invoke(context.Background(), t, rbAction, rbActionConfig(nil), nil)
	if !hasErrors(diags) {
		t.Fatalf("a failed build must fail the action; progress:\n%s", strings.Join(progress, "\n"))
	}
	txt := diagText(diags)
	for _, want := range []string{"Build failed", "ended with status failure after ", "\n\nbuild failed\n\n",
		"Last lines of the build log", "log line 06", "ERROR: npm ERR! missing script: build"} {
		if !strings.Contains(txt, want) {
			t.Errorf("diagnostic lacks %q: %s", want, txt)
		}
	}
	if strings.Contains(txt, "log line 05") {
		t.Errorf("diagnostic carries more than the last 20 lines: %s", txt)
	}
	wantProgress(t, progress, "failure after")
}

func TestRainbondComponentBuildAction_cancellationLeavesItRunning(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: time.Hour})
	h := newProtoHarness(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	start := time.Now()
	progress, diags := h.invoke(ctx, t, rbAction, rbActionConfig(nil), func(msg string) {
		if strings.HasSuffix(msg, ": running") {
			cancel() // Ctrl-C while the build runs
		}
	})
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("cancellation took %v", el)
	}
	txt := diagText(diags)
	if !strings.Contains(txt, "Interrupted while waiting for the build") || !strings.Contains(txt, "The API has no stop call, so the build keeps running") {
		t.Fatalf("want an interrupted diagnostic that says the build keeps running, got: %s\nprogress:\n%s", txt, strings.Join(progress, "\n"))
	}
	if ev := e.sim.RainbondEvents(rbService)[0]; ev.OptType != "build-service" || ev.FinalStatus != "" {
		t.Fatalf("the build is not running any more: %+v", ev)
	}
}

func TestRainbondComponentBuildAction_badInputIsRefusedBeforeAnyCall(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, rbAction, rbActionConfig(map[string]any{
		"build_type": "zip", "app_id": 0, "password": "a", "password_wo": "b", "repo_url": "https://git.example.com/a.git",
	}), nil)
	txt := diagText(diags)
	for _, want := range []string{"value must be one of", "value must be at least 1", "Invalid Attribute Combination"} {
		if !hasErrors(diags) || !strings.Contains(txt, want) {
			t.Errorf("want %q, got: %s", want, txt)
		}
	}
	if n := e.sim.Count(rbBuildRoute); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}
