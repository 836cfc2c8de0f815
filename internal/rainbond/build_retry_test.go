package rainbond_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
)

const buildRoute = "POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build"

func retrySetup(t *testing.T) (*simulator.Server, *simulator.ManualClock, *rainbond.Client, rainbond.ComponentRef) {
	t.Helper()
	clock := simulator.NewManualClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	sim := simulator.New(simulator.Options{Clock: clock})
	base := sim.Start()
	t.Cleanup(sim.Close)
	c, err := rainbond.New(rainbond.Config{URL: base, Token: simulator.DemoRainbondToken, MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ref := rainbond.ComponentRef{TeamID: simulator.DemoRainbondTeamID, RegionName: simulator.DemoRainbondRegion, AppID: simulator.DemoRainbondAppID, ServiceID: simulator.DemoRainbondServiceID}
	return sim, clock, c, ref
}

func noJitter() float64 { return 1 }

func TestBuildComponentRetrying_backsOffUntilAccepted(t *testing.T) {
	sim, _, c, ref := retrySetup(t)
	sim.SetRainbondTooFrequent(4)
	var waits []time.Duration
	fc := waittest.NewAutoClock(time.Unix(0, 0))
	id, refusals, err := c.BuildComponentRetrying(context.Background(), ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{
		Clock: fc, Jitter: noJitter, Max: 10 * time.Second,
		OnRetry: func(_ int, d time.Duration, err error) {
			if !rainbond.IsTooFrequent(err) {
				t.Errorf("OnRetry got %v", err)
			}
			waits = append(waits, d)
		},
	})
	if err != nil || id == "" || refusals != 4 {
		t.Fatalf("id %q refusals %d err %v", id, refusals, err)
	}
	want := []time.Duration{5 * time.Second, 7500 * time.Millisecond, 10 * time.Second, 10 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("waits %v, want %v", waits, want)
		}
	}
	if n := sim.RainbondBuildsAccepted(ref.ServiceID); n != 1 {
		t.Fatalf("%d builds accepted, want 1", n)
	}
	if n := sim.Count(buildRoute); n != 5 {
		t.Fatalf("%d build requests, want 5 (4 refused + 1 accepted)", n)
	}
}

// A running build blocks the next one until it finishes; the retry then
// starts exactly one more.
func TestBuildComponentRetrying_waitsOutARunningBuild(t *testing.T) {
	sim, simClock, c, ref := retrySetup(t)
	sim.SetRainbondBuildOutcome(ref.ServiceID, simulator.RainbondBuildOutcome{Duration: 40 * time.Second, NoRollout: true})
	first, err := c.BuildComponent(context.Background(), ref, rainbond.BuildRequest{})
	if err != nil {
		t.Fatal(err)
	}
	fc := waittest.NewAutoClock(time.Unix(0, 0))
	second, refusals, err := c.BuildComponentRetrying(context.Background(), ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{
		Clock: fc, Jitter: noJitter,
		OnRetry: func(_ int, d time.Duration, _ error) { simClock.Advance(d) }, // the region's time passes too
	})
	if err != nil || second == "" || second == first {
		t.Fatalf("second build %q (first %q): %v", second, first, err)
	}
	// 5s + 7.5s + 11.25s + 16.9s = 40.6s >= 40s: four refusals.
	if refusals != 4 {
		t.Fatalf("refusals %d, want 4", refusals)
	}
	if n := sim.RainbondBuildsAccepted(ref.ServiceID); n != 2 {
		t.Fatalf("%d builds accepted, want 2", n)
	}
}

func TestBuildComponentRetrying_givesUpAfterTheWindow(t *testing.T) {
	sim, _, c, ref := retrySetup(t)
	sim.SetRainbondTooFrequent(1000)
	fc := waittest.NewAutoClock(time.Unix(0, 0))
	_, refusals, err := c.BuildComponentRetrying(context.Background(), ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{Clock: fc, Jitter: noJitter, Window: 2 * time.Minute})
	var te *rainbond.TooFrequentError
	if !errors.As(err, &te) || !rainbond.IsTooFrequent(err) || te.Interrupted != nil {
		t.Fatalf("want *TooFrequentError wrapping the refusal, got %T %v", err, err)
	}
	// 5 + 7.5 + 11.25 + 16.875 + 25.3 + 30 + 24.07 (shortened to the window) = 120s.
	if refusals != 8 || te.Elapsed != 2*time.Minute {
		t.Fatalf("refusals %d elapsed %s", refusals, te.Elapsed)
	}
	for _, want := range []string{"refused the build as too frequent 8 times for 2m0s", "No build was started", "HTTP 409"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if n := sim.RainbondBuildsAccepted(ref.ServiceID); n != 0 {
		t.Fatalf("%d builds accepted", n)
	}
}

func TestBuildComponentRetrying_stopsWhenCancelled(t *testing.T) {
	sim, _, c, ref := retrySetup(t)
	sim.SetRainbondTooFrequent(1000)
	ctx, cancel := context.WithCancel(context.Background())
	_, _, err := c.BuildComponentRetrying(ctx, ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{
		Initial: time.Hour, OnRetry: func(int, time.Duration, error) { cancel() },
	})
	var te *rainbond.TooFrequentError
	if !errors.As(err, &te) || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "until the wait was interrupted") {
		t.Fatalf("got %T %v", err, err)
	}
}

func TestBuildComponentRetrying_otherErrorsAreNotRetried(t *testing.T) {
	for _, status := range []int{http.StatusPreconditionFailed, http.StatusInsufficientStorage, http.StatusInternalServerError} {
		sim, _, c, ref := retrySetup(t)
		sim.InjectRainbondBuildError(ref.ServiceID, status, 1)
		_, refusals, err := c.BuildComponentRetrying(context.Background(), ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{Clock: waittest.NewAutoClock(time.Unix(0, 0))})
		var ae *rainbond.APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != status || refusals != 0 {
			t.Fatalf("HTTP %d: %v (refusals %d)", status, err, refusals)
		}
		if n := sim.Count(buildRoute); n != 1 {
			t.Fatalf("HTTP %d: sent %d times", status, n)
		}
	}
	// 409 code 2001 (team not opened in the region) is not "too frequent".
	sim, _, c, ref := retrySetup(t)
	ref.RegionName = simulator.DemoRainbondOtherRegion
	_, refusals, err := c.BuildComponentRetrying(context.Background(), ref, rainbond.BuildRequest{}, rainbond.TooFrequentRetry{Clock: waittest.NewAutoClock(time.Unix(0, 0))})
	if !rainbond.IsTeamNotInRegion(err) || refusals != 0 || sim.Count(buildRoute) != 1 {
		t.Fatalf("%v (refusals %d)", err, refusals)
	}
}
