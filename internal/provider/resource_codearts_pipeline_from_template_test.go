package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func init() {
	// The simulator's tasks take about a second: poll often in tests.
	templateTaskPollInterval = 200 * time.Millisecond
	templateTaskMaxPollInterval = 500 * time.Millisecond
}

const fromTemplateAddr = "cicd_codearts_pipeline_from_template.test"

// fromTemplateConfig is the template task API page's example request as configuration.
func fromTemplateConfig(name, extra string) string {
	return fmt.Sprintf(`
resource "cicd_codearts_pipeline_from_template" "test" {
  flow = jsonencode({
    initial = { state_3 = "always" }
    state_3 = { state_4 = "always" }
    state_4 = { state_5 = "always", Task_1 = "always" }
    state_5 = { final = "always" }
  })
  states = jsonencode({
    initial = { type = "stage", name = "initial", display_name = "Initial", dsl_method = "initial", parameters = { display = "hidden" }, execution_mode = "parallel" }
    state_3 = { type = "stage", name = "state_3", display_name = "Source", dsl_method = "source", execution_mode = "parallel" }
    state_4 = { type = "stage", name = "state_4", display_name = "Build_and_Check", dsl_method = "build", execution_mode = "parallel" }
    Task_1 = {
      type = "task", name = "Task_1", module_or_template_id = "00012", module_or_template_name = "Maven"
      display_name = "Build_Task", dsl_method = "buildJob", is_execute = true, job_id = "00012", job_name = "Maven"
      project_id = %[2]q
      parameters = { __repository__ = { repo_name = "demo", url = "git@example.com:demo/demo.git" } }
    }
    state_5 = { type = "stage", name = "state_5", display_name = "Release", dsl_method = "release", execution_mode = "parallel" }
    final   = { type = "stage", name = "final", display_name = "Final", dsl_method = "final", execution_mode = "parallel" }
  })
  workflow = {
    name         = %[1]q
    project_id   = %[2]q
    project_name = %[3]q
    parameters = [
      { name = "serviceName", value = "demo", description = "a text param", paramtype = "normalparam", is_static = true, is_default = true },
      { name = "releaseVersion", value = "1.0.0", paramtype = "growthparam", is_default = true },
    ]
    sources = [{
      scm_type       = "codehub"
      codehub_name   = "demo"
      codehub_id     = "5224040"
      git_url        = "git@example.com:demo/demo.git"
      web_url        = "https://example.com/codehub/demo"
      default_branch = "master"
      branch_list    = ["master"]
    }]
  }
%[4]s
}
`, name, simulator.DemoCodeArtsProjectID, simulator.DemoCodeArtsProjectName, extra)
}

// pipelineNamed reports the simulator's pipelines with a name.
func pipelinesNamed(e *testEnv, name string) []simulator.Pipeline {
	var out []simulator.Pipeline
	for _, p := range e.sim.Pipelines() {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}

func TestAccPipelineFromTemplate_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: time.Second})
	var firstPipeline string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for _, n := range []string{"from-tpl-a", "from-tpl-b"} {
				if ps := pipelinesNamed(e, n); len(ps) != 0 {
					return fmt.Errorf("pipeline %s left after destroy", n)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: e.providerAKSK() + fromTemplateConfig("from-tpl-a", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fromTemplateAddr, tfjsonpath.New("task_status"), knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue(fromTemplateAddr, tfjsonpath.New("pipeline_name"), knownvalue.StringExact("from-tpl-a")),
					statecheck.ExpectKnownValue(fromTemplateAddr, tfjsonpath.New("pipeline_url"), knownvalue.StringRegexp(regexp.MustCompile(`/pipeline/detail/[0-9a-f]{32}$`))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						ps := pipelinesNamed(e, "from-tpl-a")
						if len(ps) != 1 || ps[0].ProjectID != simulator.DemoCodeArtsProjectID {
							return fmt.Errorf("want one pipeline from-tpl-a in the demo project, got %+v", ps)
						}
						firstPipeline = ps[0].ID
						return resource.TestCheckResourceAttr(fromTemplateAddr, "pipeline_id", ps[0].ID)(s)
					},
					countIs(e, "POST /v3/templates/task", 1),
					func(*terraform.State) error {
						body := string(e.sim.TemplateTasks()[0].Request)
						for _, f := range []string{`"scmType":"codehub"`, `"codeHubId":"5224040"`, `"branchList":["master"]`, `"isStatic":true`, `"paramtype":"growthparam"`} {
							if !strings.Contains(body, f) {
								return fmt.Errorf("request lacks %s: %s", f, body)
							}
						}
						return nil
					},
				),
			},
			{ // any change replaces: the old pipeline is deleted, a new one created
				Config: e.providerAKSK() + fromTemplateConfig("from-tpl-b", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(fromTemplateAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if _, ok := e.sim.GetPipeline(firstPipeline); ok {
						return fmt.Errorf("the replaced pipeline %s still exists", firstPipeline)
					}
					if n := len(pipelinesNamed(e, "from-tpl-b")); n != 1 {
						return fmt.Errorf("%d pipelines from-tpl-b, want 1", n)
					}
					return nil
				},
			},
			{ // the pipeline is deleted out of band: re-creation is planned
				Config: e.providerAKSK() + fromTemplateConfig("from-tpl-b", ""),
				Check: func(*terraform.State) error {
					for _, p := range pipelinesNamed(e, "from-tpl-b") {
						e.sim.DeletePipeline(p.ID)
					}
					return nil
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(fromTemplateAddr, plancheck.ResourceActionCreate),
				}},
			},
			{ // applied again: re-created
				Config: e.providerAKSK() + fromTemplateConfig("from-tpl-b", ""),
				Check: func(*terraform.State) error {
					if n := len(pipelinesNamed(e, "from-tpl-b")); n != 1 {
						return fmt.Errorf("%d pipelines from-tpl-b, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPipelineFromTemplate_failure(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskFailed, After: 500 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.providerAKSK() + fromTemplateConfig("from-tpl-fail", ""),
			ExpectError: errorPattern(`Creating the pipeline from the template failed`, `run failed with status failed`),
			Check:       countIs(e, "POST /v3/templates/task", 1),
		}},
	})
	if n := len(pipelinesNamed(e, "from-tpl-fail")); n != 0 {
		t.Fatalf("a failed task left %d pipelines", n)
	}
}

func TestAccPipelineFromTemplate_timeout(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: time.Hour})
	slow := e.providerAKSK() + fromTemplateConfig("from-tpl-slow", `
  timeouts {
    create = "2s"
  }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      slow,
				ExpectError: errorPattern(`Timed out waiting for the pipeline to be created from the template`, `timed out after 2s`, `saved as tainted`),
			},
			{ // the tainted resource is replaced once tasks are fast again
				PreConfig: func() {
					e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: 300 * time.Millisecond})
				},
				Config: slow,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(fromTemplateAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fromTemplateAddr, tfjsonpath.New("task_status"), knownvalue.StringExact("succeeded")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					countIs(e, "POST /v3/templates/task", 2),
					func(*terraform.State) error {
						if n := len(pipelinesNamed(e, "from-tpl-slow")); n != 1 {
							return fmt.Errorf("%d pipelines, want 1", n)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccPipelineFromTemplate_badInput(t *testing.T) {
	e := newTestEnv(t)
	good := fromTemplateConfig("x", "")
	cases := map[string]struct{ cfg, want string }{
		"flow values not objects of strings": {strings.Replace(good, `initial = { state_3 = "always" }`, `initial = ["state_3"]`, 1),
			`Invalid JSON structure`},
		"project id": {strings.Replace(good, `project_id   = "`+simulator.DemoCodeArtsProjectID+`"`, `project_id   = "my-project"`, 1), `must be a 32-character CodeArts project id`},
		"empty name": {fromTemplateConfig("", ""), `Attribute workflow.name UTF-8 character count must be between 1 and 128`},
		"source without git_url": {strings.Replace(good, `git_url        = "git@example.com:demo/demo.git"`, ``, 1),
			`Incorrect attribute value type|attribute "git_url" is required`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.providerAKSK() + tc.cfg, PlanOnly: true,
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
	t.Cleanup(func() {
		if n := e.sim.Count("POST /v3/templates/task"); n != 0 {
			t.Errorf("bad input reached the service %d times", n)
		}
	})
}

// TestAccPipelineFromTemplate_identity: the created pipeline's identity
// (project_id, pipeline_id); importing it by identity or string id plans an
// in-place update that adopts flow, states and workflow (never a new task);
// after that apply the plan is empty.
func TestAccPipelineFromTemplate_identity(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.providerAKSK() + fromTemplateConfig("pft-identity", "")
	// The import block's identity comes from the pipelines data source, as
	// a user adopting an existing pipeline would write it.
	adopt := e.providerAKSK() + fromTemplateConfig("pft-identity", "") + fmt.Sprintf(`
data "cicd_codearts_pipelines" "existing" {
  project_ids = [%q]
  name        = "pft-identity"
}

import {
  to = cicd_codearts_pipeline_from_template.test
  identity = {
    project_id  = %[1]q
    pipeline_id = data.cicd_codearts_pipelines.existing.pipelines[0].pipeline_id
  }
}
`, simulator.DemoCodeArtsProjectID)
	updateNotReplace := []plancheck.PlanCheck{plancheck.ExpectResourceAction(fromTemplateAddr, plancheck.ResourceActionUpdate)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(fromTemplateAddr, map[string]knownvalue.Check{
						"project_id": knownvalue.StringExact(simulator.DemoCodeArtsProjectID), "pipeline_id": knownvalue.NotNull()}),
					statecheck.ExpectIdentityValueMatchesStateAtPath(fromTemplateAddr, tfjsonpath.New("pipeline_id"), tfjsonpath.New("pipeline_id")),
				},
			},
			{ // import block with the identity: adopts in place
				Config: cfg, ResourceName: fromTemplateAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
				ExpectNonEmptyPlan: true, ImportPlanChecks: resource.ImportPlanChecks{PreApply: updateNotReplace},
			},
			{ // terraform import with the string id: what the v3 list tells
				Config: cfg, ResourceName: fromTemplateAddr, ImportState: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					rs := s.RootModule().Resources[fromTemplateAddr]
					return simulator.DemoCodeArtsProjectID + "/" + rs.Primary.Attributes["pipeline_id"], nil
				},
				ImportStateVerify: true, ImportStateVerifyIdentifierAttribute: "pipeline_id",
				// Not readable through the template task API; adopted from the configuration.
				ImportStateVerifyIgnore: []string{"id", "flow", "states", "task_id", "task_status", "pipeline_url",
					"workflow.description", "workflow.project_name", "workflow.parameters", "workflow.sources"},
			},
			{ // forget it, keep the pipeline
				Config: e.providerAKSK() + `
removed {
  from = cicd_codearts_pipeline_from_template.test
  lifecycle {
    destroy = false
  }
}
`,
				Check: func(*terraform.State) error {
					if n := len(pipelinesNamed(e, "pft-identity")); n != 1 {
						return fmt.Errorf("%d pipelines named pft-identity, want the one kept", n)
					}
					return nil
				},
			},
			{ // adopt it again with an import block: an update, no new task
				Config:           adopt,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: updateNotReplace},
				Check:            countIs(e, "POST /v3/templates/task", 1),
			},
			{
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					if n := len(pipelinesNamed(e, "pft-identity")); n != 1 {
						return fmt.Errorf("%d pipelines named pft-identity, want 1", n)
					}
					return nil
				},
			},
		},
	})
}
