package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The run engine's behaviour, written once and run over every run type
// (runKinds, the fault matrix's table): timeout → stop and what state
// records, wait disabled, wait-only changes, stop_on_destroy, and a run
// whose status cannot be read (outcome unknown, resumed by the next apply).
// The per-type test files keep only what is specific to their type.

// kindFacts are what the engine tests expect of each run type.
type kindFacts struct {
	// running is the status of a running run right after its start
	// ("" = null: a Rainbond event's status is null until it ends).
	running string
	// stopped is the status after a stop ("" = the type cannot stop).
	stopped string
}

var engineFacts = map[string]kindFacts{
	"cicd_codearts_build_run":       {running: "RUNNING", stopped: "ABORTED"},
	"cicd_codearts_deploy_run":      {running: "running", stopped: "failed"},
	"cicd_codearts_pipeline_run":    {running: "RUNNING", stopped: "CANCELED"},
	"cicd_rainbond_component_build": {running: ""},
}

func forEachKind(t *testing.T, f func(t *testing.T, k runKind, facts kindFacts)) {
	for _, k := range runKinds() {
		t.Run(k.typ, func(t *testing.T) {
			facts, ok := engineFacts[k.typ]
			if !ok {
				t.Fatalf("no engine facts for %s", k.typ)
			}
			f(t, k, facts)
		})
	}
}

// setupLong makes a job/task/pipeline/component whose runs take an hour.
func setupLong(e *matrixEnv, k runKind) string {
	id := k.setup(e, runsLong)
	if k.typ == "cicd_rainbond_component_build" {
		e.sim.SetRainbondBuildOutcome(id, simulator.RainbondBuildOutcome{Duration: time.Hour})
	}
	return id
}

// runsStarted checks how many runs the service started for id.
func runsStarted(e *matrixEnv, k runKind, id string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := k.started(e, id); got != n {
			return fmt.Errorf("%d runs started, want %d", got, n)
		}
		return nil
	}
}

func statusIs(facts string) knownvalue.Check {
	if facts == "" {
		return knownvalue.Null()
	}
	return knownvalue.StringExact(facts)
}

// priorState checks an attribute of the plan's prior state: with a plan
// that does not refresh, what the last apply saved.
type priorState struct {
	addr, attr string
	want       any
}

func (c priorState) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	var res []*tfjson.StateResource
	if ps := req.Plan.PriorState; ps != nil && ps.Values != nil && ps.Values.RootModule != nil {
		res = ps.Values.RootModule.Resources
	}
	for _, r := range res {
		if r.Address == c.addr {
			if got := r.AttributeValues[c.attr]; got != c.want {
				resp.Error = fmt.Errorf("saved %s.%s = %v, want %v", c.addr, c.attr, got, c.want)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the saved state", c.addr)
}

// TestAccRunEngine_timeoutStopsAndStateSaysSo: a run that outlives the
// create timeout is stopped (where the API can), and the state saved by that
// apply already records what the stop did (not the status before it).
func TestAccRunEngine_timeoutStopsAndStateSaysSo(t *testing.T) {
	forEachKind(t, func(t *testing.T, k runKind, facts kindFacts) {
		e := newMatrixEnv(t)
		id := setupLong(e, k)
		cfg := func(extra string) string { return e.provider(tokenAuth) + k.block(id, extra) }
		stop := `It was stopped`
		var saved any = facts.stopped
		if facts.stopped == "" {
			stop, saved = `The API has no stop call, so the `+k.noun+` keeps running; it is recorded in state`, nil
		}
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: matrixFactories,
			AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
			Steps: []resource.TestStep{
				{
					Config:      cfg(fastWait + "\n  timeouts {\n    create = \"2s\"\n  }\n"),
					ExpectError: oneError(`Timed out waiting for the `+k.noun, `did not finish within 2s`, stop),
				},
				{
					// A plan without refresh shows what the timed-out apply saved.
					Config:             cfg(fastWait + "\n  timeouts {\n    create = \"2s\"\n  }\n"),
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{
						priorState{k.addr(), "outcome", outcomeTimedOut},
						priorState{k.addr(), "status", saved},
					}},
				},
			},
		})
		if facts.stopped != "" && !k.stopped(e, id, 1) {
			t.Errorf("the timed-out %s was not stopped", k.noun)
		}
	})
}

// TestAccRunEngine_noWaitWaitChangesAndStopOnDestroy: with wait disabled
// the apply returns once the run started, state says it runs; changing only
// wait settings is an update in place that starts nothing; destroy with
// stop_on_destroy stops a run still going.
func TestAccRunEngine_noWaitWaitChangesAndStopOnDestroy(t *testing.T) {
	forEachKind(t, func(t *testing.T, k runKind, facts kindFacts) {
		e := newMatrixEnv(t)
		id := setupLong(e, k)
		cfg := func(extra string) string {
			return e.provider(tokenAuth) + k.block(id, "  stop_on_destroy = true\n  wait {\n    enabled = false\n"+extra+"  }\n")
		}
		started := func(n int) resource.TestCheckFunc { return runsStarted(e, k, id, n) }
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: matrixFactories,
			CheckDestroy: func(*terraform.State) error {
				if k.stopped != nil && facts.stopped != "" && !k.stopped(e, id, 1) {
					return fmt.Errorf("destroy with stop_on_destroy did not stop the running %s", k.noun)
				}
				return nil
			},
			Steps: []resource.TestStep{
				{
					Config: cfg(""),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(k.addr(), tfjsonpath.New("outcome"), knownvalue.StringExact(outcomeNotWaited)),
						statecheck.ExpectKnownValue(k.addr(), tfjsonpath.New("status"), statusIs(facts.running)),
					},
					Check: started(1),
				},
				{
					Config: cfg("    poll_interval = \"2s\"\n    fail_on_error = false\n"),
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(k.addr(), plancheck.ResourceActionUpdate),
					}},
					Check: started(1),
				},
			},
		})
	})
}

// TestAccRunEngine_lostTrackIsResumedNotReplaced: when the run's status
// cannot be read (here: the credentials stop working for one poll), the
// apply warns and keeps the run with outcome "unknown" instead of failing
// and tainting it; the next plan truthfully shows an update in place, and
// that apply waits for the same run and records its outcome. One run in all.
func TestAccRunEngine_lostTrackIsResumedNotReplaced(t *testing.T) {
	forEachKind(t, func(t *testing.T, k runKind, facts kindFacts) {
		e := newMatrixEnv(t)
		id := k.setup(e, quickSuccess)
		cfg := e.provider(tokenAuth) + k.block(id, fastWait+"\n")
		times := 1
		if k.bestEffortRead {
			times = 2 // the start's own best-effort read, then the first poll
		}
		started := func(n int) resource.TestCheckFunc { return runsStarted(e, k, id, n) }
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: matrixFactories,
			AdditionalCLIOptions:     &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}},
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						e.sim.InjectFault(k.polls[0], simulator.Fault{Kind: simulator.FaultExpiredToken, Times: times})
					},
					Config: cfg,
					// The run whose status was lost has its identity.
					ConfigStateChecks: append([]statecheck.StateCheck{
						statecheck.ExpectKnownValue(k.addr(), tfjsonpath.New("outcome"), knownvalue.StringExact(outcomeUnknown)),
						statecheck.ExpectKnownValue(k.addr(), tfjsonpath.New("id"), knownvalue.NotNull()),
					}, identityMatchesState(k.typ, k.addr())...),
					ExpectNonEmptyPlan: true,
					Check:              started(1),
				},
				{
					Config: cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(k.addr(), plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(k.addr(), tfjsonpath.New("outcome")),
					}},
					// The resumed wait keeps it.
					ConfigStateChecks: append([]statecheck.StateCheck{
						statecheck.ExpectKnownValue(k.addr(), tfjsonpath.New("outcome"), knownvalue.StringExact(outcomeSucceeded)),
					}, identityMatchesState(k.typ, k.addr())...),
					Check: started(1),
				},
			},
		})
	})
}
