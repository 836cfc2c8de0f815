package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const buildRes = "cicd_codearts_build_run.test"

// newBuildJob adds a job with a scripted outcome and returns its id.
func newBuildJob(t *testing.T, e *testEnv, o simulator.BuildOutcome) string {
	t.Helper()
	id := strings.ReplaceAll(fmt.Sprintf("%032x", time.Now().UnixNano()), " ", "0")[:32]
	e.sim.AddBuildJob(id)
	e.sim.SetBuildOutcome(id, o)
	return id
}

// buildRunConfig renders a build run with fast polling plus extra HCL.
func buildRunConfig(e *testEnv, jobID, extra string) string {
	return e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_build_run" "test" {
  job_id = %q
  parameters = {
    codeBranch = "main"
  }
%s
}
`, jobID, extra)
}

const fastWait = `
  wait {
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }`

func buildsStarted(e *testEnv, job string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sim.BuildsStarted(job); got != want {
			return fmt.Errorf("the simulator started %d builds of job %s, want %d", got, job, want)
		}
		return nil
	}
}

func TestAccCodeArtsBuildRun_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 800 * time.Millisecond, QueueFor: 200 * time.Millisecond})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: buildRunConfig(e, job, fastWait),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("id"), knownvalue.StringExact(job+"/1")),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("status"), knownvalue.StringExact("SUCCESS")),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("build_no"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("branch"), knownvalue.StringExact("main")),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("start_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("end_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("err_msg"), knownvalue.Null()),
					sameID.AddStateValue(buildRes, tfjsonpath.New("id")),
					newID.AddStateValue(buildRes, tfjsonpath.New("id")),
				},
				Check: buildsStarted(e, job, 1),
			},
			{
				// Refreshing a finished build reads its record only: one request.
				PreConfig:    e.sim.ResetCounts,
				RefreshState: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					countIs(e, "GET /v1/job/{job_id}/{build_no}/build-info", 0),
					countIs(e, simulator.RouteBuildRecordInfoV1, 1),
				),
			},
			{
				ResourceName:            buildRes,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"parameters", "scm", "wait", "triggers", "stop_on_destroy", "timeouts"},
			},
			{
				// Only wait settings change: updated in place, no new build.
				Config: buildRunConfig(e, job, `
  wait {
    poll_interval     = "200ms"
    max_poll_interval = "400ms"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(buildRes, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(buildRes, tfjsonpath.New("id"))},
				Check:             buildsStarted(e, job, 1),
			},
			{
				// A triggers change starts exactly one new build.
				Config: buildRunConfig(e, job, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(buildRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("build_no"), knownvalue.Int64Exact(2)),
					newID.AddStateValue(buildRes, tfjsonpath.New("id")),
				},
				Check: buildsStarted(e, job, 2),
			},
			{
				// The record vanishes on the server: refresh keeps it (warning), no re-run.
				PreConfig: func() { e.sim.DeleteBuild(job, 2) },
				Config: buildRunConfig(e, job, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("status"), knownvalue.StringExact("SUCCESS")),
				},
				Check: buildsStarted(e, job, 2),
			},
		},
	})
}

func TestAccCodeArtsBuildRun_failure(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "FAILURE", Duration: 300 * time.Millisecond, ErrMsg: "unit tests failed: 3 of 120"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      buildRunConfig(e, job, fastWait),
				ExpectError: errorPattern(`Build failed`, `Build 1 of job `+job+` ended with status FAILURE`, `unit tests failed: 3 of 120`, `recorded in state`),
			},
			{
				// The failed build is in state (tainted, so the next apply would
				// replace it): its id and status survived.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(buildRes, "id", job+"/1"),
					resource.TestCheckResourceAttr(buildRes, "status", "FAILURE"),
					resource.TestCheckResourceAttr(buildRes, "err_msg", "unit tests failed: 3 of 120"),
					buildsStarted(e, job, 1),
				),
			},
		},
	})
}

func TestAccCodeArtsBuildRun_failOnErrorFalse(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "FAILURE", Duration: 200 * time.Millisecond, ErrMsg: "lint failed"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: buildRunConfig(e, job, `
  wait {
    fail_on_error     = false
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("status"), knownvalue.StringExact("FAILURE")),
				statecheck.ExpectKnownValue(buildRes, tfjsonpath.New("err_msg"), knownvalue.StringExact("lint failed")),
			},
			Check: buildsStarted(e, job, 1),
		}},
	})
}

func TestAccCodeArtsBuildRun_badInput(t *testing.T) {
	e := newTestEnv(t)
	// Cleanup runs after the parallel subtests have finished.
	t.Cleanup(func() {
		if n := e.sim.Count("POST /v3/jobs/build"); n != 0 {
			t.Errorf("bad input reached the API %d times", n)
		}
	})
	cases := map[string]struct{ hcl, want string }{
		"job id format": {`job_id = "not-a-job"`, `Attribute job_id must be the job's id: 32 lowercase letters and digits`},
		"forbidden parameter name": {`job_id = "` + simulator.DemoBuildJobID + `"
  parameters = { PATH = "/tmp" }`, `Attribute parameters\["PATH"\] value must be none of`},
		"parameter name charset": {`job_id = "` + simulator.DemoBuildJobID + `"
  parameters = { "code-branch" = "main" }`, `may contain only letters, digits and _`},
		"parameter value too long": {`job_id = "` + simulator.DemoBuildJobID + `"
  parameters = { codeBranch = "` + strings.Repeat("x", 8193) + `" }`, `UTF-8 character count must be at most 8192`},
		"wait intervals inverted": {`job_id = "` + simulator.DemoBuildJobID + `"
  wait {
    poll_interval     = "1m"
    max_poll_interval = "10s"
  }`, `max_poll_interval is below poll_interval`},
		"bad poll interval": {`job_id = "` + simulator.DemoBuildJobID + `"
  wait {
    poll_interval = "fast"
  }`, `Invalid duration`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + "resource \"cicd_codearts_build_run\" \"test\" {\n  " + tc.hcl + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

func TestAccCodeArtsBuildRun_importMissingBuildFails(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        buildRunConfig(e, job, fastWait),
				ResourceName:  buildRes,
				ImportState:   true,
				ImportStateId: job + "/99",
				ExpectError:   errorPattern(`Cannot import the build`, `Build 99 of job `+job+` does not exist`, `DEVCB\.00031006`),
			},
			{
				Config:        buildRunConfig(e, job, fastWait),
				ResourceName:  buildRes,
				ImportState:   true,
				ImportStateId: "not-an-id",
				ExpectError:   errorPattern(`Invalid build import id`, `"not-an-id" is not <job_id>/<build_no>`),
			},
		},
	})
	if n := e.sim.BuildsStarted(job); n != 0 {
		t.Fatalf("import started %d builds", n)
	}
}
