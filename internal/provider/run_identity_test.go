package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// runIdentityRow is one run resource for the identity tests.
type runIdentityRow struct {
	typ string
	// setup prepares the simulator and returns the configuration that
	// starts one run, the configuration import generation writes (the
	// parent inputs only), the identity expected after create (the run's
	// own id as a pattern) and the count of runs started.
	setup func(t *testing.T, e *testEnv) (full, minimal string, identity map[string]knownvalue.Check, runs func() int)
}

// identityMatchesState checks that every identity attribute of the run
// resource typ equals the state attribute of that name.
func identityMatchesState(typ, addr string) []statecheck.StateCheck {
	keys := map[string][]string{"cicd_" + buildRunType.name: buildRunType.key, "cicd_" + deployRunType.name: deployRunType.key,
		"cicd_" + pipelineRunType.name: pipelineRunType.key, "cicd_" + rainbondBuildType.name: rainbondBuildType.key}
	var checks []statecheck.StateCheck
	for _, name := range keys[typ] {
		checks = append(checks, statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New(name)))
	}
	if len(checks) == 0 {
		panic("identityMatchesState: no run type " + typ)
	}
	return checks
}

var hexID32 = knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{32}$`))

func runIdentityRows() []runIdentityRow {
	return []runIdentityRow{
		{typ: "cicd_codearts_build_run", setup: func(t *testing.T, e *testEnv) (string, string, map[string]knownvalue.Check, func() int) {
			job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 300 * time.Millisecond})
			return buildRunConfig(e, job, fastWait),
				e.providerAKSK() + fmt.Sprintf("resource \"cicd_codearts_build_run\" \"test\" {\n  job_id = %q\n}\n", job),
				map[string]knownvalue.Check{"job_id": knownvalue.StringExact(job), "build_no": knownvalue.Int64Exact(1)},
				func() int { return e.sim.BuildsStarted(job) }
		}},
		{typ: "cicd_codearts_deploy_run", setup: func(t *testing.T, e *testEnv) (string, string, map[string]knownvalue.Check, func() int) {
			task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(100 * time.Millisecond)})
			return deployRunConfig(e, task, fastWait),
				e.providerAKSK() + fmt.Sprintf("resource \"cicd_codearts_deploy_run\" \"test\" {\n  task_id = %q\n}\n", task),
				map[string]knownvalue.Check{"task_id": knownvalue.StringExact(task), "record_id": knownvalue.NotNull()},
				func() int { return e.sim.DeploysStarted(task) }
		}},
		{typ: "cicd_codearts_pipeline_run", setup: func(t *testing.T, e *testEnv) (string, string, map[string]knownvalue.Check, func() int) {
			pid := newRunPipeline(t, e, simulator.PipelineRunPlan{})
			return pipelineRunConfig(e, pid, fastWait),
				e.providerAKSK() + fmt.Sprintf("resource \"cicd_codearts_pipeline_run\" \"test\" {\n  project_id  = %q\n  pipeline_id = %q\n}\n", simulator.DemoCodeArtsProjectID, pid),
				map[string]knownvalue.Check{"project_id": knownvalue.StringExact(simulator.DemoCodeArtsProjectID),
					"pipeline_id": knownvalue.StringExact(pid), "pipeline_run_id": hexID32},
				func() int { return len(e.sim.PipelineRunIDs(pid)) }
		}},
		{typ: "cicd_rainbond_component_build", setup: func(t *testing.T, e *testEnv) (string, string, map[string]knownvalue.Check, func() int) {
			e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 300 * time.Millisecond})
			return rbBuildConfig(e, fastWait), rbBuildConfig(e, ""),
				map[string]knownvalue.Check{"team_id": knownvalue.StringExact(simulator.DemoRainbondTeamID),
					"region_name": knownvalue.StringExact(simulator.DemoRainbondRegion), "app_id": knownvalue.Int64Exact(simulator.DemoRainbondAppID),
					"service_id": knownvalue.StringExact(rbService), "event_id": hexID32},
				func() int { return e.sim.RainbondBuildsAccepted(rbService) }
		}},
	}
}

// TestAccRunResources_identity: through Terraform >= 1.12, every run
// resource has its identity in state after create (the same after a
// refresh), an import block with `identity = { … }` imports the run with a
// no-op plan and the same identity, and importing starts no run. (The
// framework's plannable import has no ImportStateVerify; the no-op plan
// against the parent-only configuration is the comparison.)
func TestAccRunResources_identity(t *testing.T) {
	requireTerraform(t, terraformCLI(t), 12, "import by identity")
	for _, row := range runIdentityRows() {
		t.Run(row.typ, func(t *testing.T) {
			e := newTestEnv(t)
			full, minimal, identity, runs := row.setup(t, e)
			addr := row.typ + ".test"
			startsAre := func(want int) resource.TestCheckFunc {
				return func(*terraform.State) error {
					if got := runs(); got != want {
						return fmt.Errorf("%d runs started, want %d", got, want)
					}
					return nil
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:            full,
						ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)},
						Check:             startsAre(1),
					},
					{
						// A refresh keeps the identity as it was.
						Config:            full,
						ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, identity)},
						Check:             startsAre(1),
					},
					{
						Config:          minimal,
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
						ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
							plancheck.ExpectKnownValue(addr, tfjsonpath.New("outcome"), knownvalue.StringExact(outcomeSucceeded)),
						}},
					},
					{
						// The import planned above started nothing.
						RefreshState: true,
						Check:        startsAre(1),
					},
				},
			})
		})
	}
}

// TestAccRunResources_identityBadInput: an import block whose identity is
// not a run's (a build number below 1, a part with "/") fails at plan with
// the import id format, and sends no request to the services.
func TestAccRunResources_identityBadInput(t *testing.T) {
	requireTerraform(t, terraformCLI(t), 12, "import by identity")
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS"})
	noRequests := func(*terraform.State) error {
		if n := len(e.sim.Requests()); n != 0 {
			return fmt.Errorf("%d requests sent, want 0", n)
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: e.sim.ResetCounts,
				Config: e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_build_run" "test" {
  job_id = %[1]q
}
import {
  to       = cicd_codearts_build_run.test
  identity = { job_id = %[1]q, build_no = 0 }
}
`, job),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid build import id`, `is not <job_id>/<build_no>`),
			},
			{
				Config: rbBuildConfig(e, "") + fmt.Sprintf(`
import {
  to = cicd_rainbond_component_build.test
  identity = {
    team_id = %q, region_name = %q, app_id = %d, service_id = "a/b", event_id = "e1"
  }
}
`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID),
				PlanOnly:    true,
				ExpectError: errorPattern(`Invalid build identity`, `service_id must be a non-empty value without "/"`),
			},
			{
				// Nothing above reached a service.
				Config: e.providerAKSK(),
				Check:  noRequests,
			},
		},
	})
}
