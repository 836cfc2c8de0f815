package rainbond_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The calls the build run resource makes, end to end against the simulator:
// trigger, wait for the (late) row, poll to the end, read the log tail.
func TestBuildFlowAgainstSimulator(t *testing.T) {
	clock := simulator.NewManualClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	sim := simulator.New(simulator.Options{Clock: clock})
	base := sim.Start()
	t.Cleanup(sim.Close)
	c, err := rainbond.New(rainbond.Config{URL: base, Token: simulator.DemoRainbondToken, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ref := rainbond.ComponentRef{TeamID: simulator.DemoRainbondTeamID, RegionName: simulator.DemoRainbondRegion, AppID: simulator.DemoRainbondAppID, ServiceID: simulator.DemoRainbondServiceID}
	sim.SetRainbondBuildOutcome(ref.ServiceID, simulator.RainbondBuildOutcome{
		Status: "failure", Duration: 5 * time.Minute, TimeoutAfter: 3 * time.Minute, RowDelayPolls: 2,
		LogLines: []string{"Start", "mvn package", "ERROR: tests failed", "Build failed"},
	})

	id, err := c.BuildComponent(ctx, ref, rainbond.BuildRequest{RepoURL: "https://git.example.com/a.git", Branch: "main", Username: "ci", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	// A second trigger right away is refused, recognisably, and not accepted.
	_, err = c.BuildComponent(ctx, ref, rainbond.BuildRequest{})
	if !rainbond.IsTooFrequent(err) || sim.RainbondBuildsAccepted(ref.ServiceID) != 1 {
		t.Fatalf("second trigger: %v (accepted %d)", err, sim.RainbondBuildsAccepted(ref.ServiceID))
	}

	e, err := c.FindComponentEvent(ctx, ref, id, 0)
	if err != nil || e != nil || rainbond.BuildRunStatus(e) != rainbond.RunStatusNotListed {
		t.Fatalf("late row listed at once: %+v %v", e, err)
	}
	e, err = c.WaitForComponentEvent(ctx, ref, id, 5*time.Second, time.Millisecond)
	if err != nil || rainbond.BuildRunStatus(e) != rainbond.RunStatusRunning {
		t.Fatalf("%+v %v", e, err)
	}
	clock.Advance(3 * time.Minute)
	e, _ = c.FindComponentEvent(ctx, ref, id, 0)
	if rainbond.BuildRunStatus(e) != rainbond.RunStatusStale || rainbond.BuildPhases.Of(rainbond.BuildRunStatus(e)).Terminal() {
		t.Fatalf("timeout phase: %+v", e)
	}
	clock.Advance(2 * time.Minute)
	e, _ = c.FindComponentEvent(ctx, ref, id, 0)
	if rainbond.BuildRunStatus(e) != rainbond.RunStatusFailure || e.Message != "build failed" || e.EndTime == "" {
		t.Fatalf("end: %+v", e)
	}
	tail, err := c.EventLogTail(ctx, ref, id, 2)
	if err != nil || strings.Join(tail, "|") != "ERROR: tests failed|Build failed" {
		t.Fatalf("tail %q %v", tail, err)
	}

	// Pre-6.0 consoles: the same through CamelCase rows.
	sim.UseCamelCaseEvents(true)
	e, err = c.FindComponentEvent(ctx, ref, id, 0)
	if err != nil || e == nil || e.FinalStatus != "complete" || e.Status != "failure" || e.ID == "" {
		t.Fatalf("camel: %+v %v", e, err)
	}

	// Errors through the client.
	bad := ref
	bad.RegionName = simulator.DemoRainbondOtherRegion
	if _, err := c.BuildComponent(ctx, bad, rainbond.BuildRequest{}); !rainbond.IsTeamNotInRegion(err) || rainbond.IsTooFrequent(err) {
		t.Errorf("unopened region: %v", err)
	}
	bad = ref
	bad.AppID = simulator.DemoRainbondImageAppID
	if _, _, err := c.ListComponentEvents(ctx, bad, rainbond.EventFilter{}, 0); rainbond.NotFoundKind(err) != rainbond.NotFoundComponentInApp {
		t.Errorf("other app: %v", err)
	}
	_, err = c.BuildComponent(ctx, ref, rainbond.BuildRequest{BuildType: "jar"})
	var ae *rainbond.APIError
	if !errors.As(err, &ae) || ae.Code != rainbond.CodeValidation || len(ae.FieldErrors["build_type"]) != 1 {
		t.Errorf("validation: %v", err)
	}
	sim.InjectRainbondBuildError(ref.ServiceID, 412, 1)
	clock.Advance(time.Hour)
	if _, err := c.BuildComponent(ctx, ref, rainbond.BuildRequest{}); !errors.As(err, &ae) || ae.HTTPStatus != 412 || !strings.Contains(err.Error(), "lacks resources") {
		t.Errorf("412: %v", err)
	}
}
