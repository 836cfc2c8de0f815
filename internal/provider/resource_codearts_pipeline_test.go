package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const pipelineAddr = "cicd_codearts_pipeline.test"

// pipelineConfig renders a pipeline made from a definition; extra goes
// inside the block.
func pipelineConfig(name, description, extra string) string {
	return fmt.Sprintf(`
resource "cicd_codearts_pipeline" "test" {
  project_id  = %q
  name        = %q
  description = %q
  definition = jsonencode({
    stages = [
      { name = "Build", sequence = "0", jobs = [{ name = "Maven", steps = [] }] },
      { name = "Deploy", sequence = "1", jobs = [] },
    ]
  })
%s
}
`, simulator.DemoCodeArtsProjectID, name, description, extra)
}

const pipelineSettingsV1 = `
  sources = [{
    git_type       = "codehub"
    git_url        = "https://codehub.example.com/demo/backend.git"
    default_branch = "main"
    alias          = "backend"
  }]
  variables = [
    { name = "branch", type = "string", value = "main", is_runtime = true },
    { name = "env", type = "enum", value = "dev", limits = ["dev", "prod"] },
  ]
  schedules = [{ name = "nightly", days_of_week = [2, 3, 4, 5, 6], time_zone = "China Standard Time" }]
  triggers  = [{ git_url = "https://codehub.example.com/demo/backend.git", git_type = "codehub", events = [{ type = "push" }] }]
`

const pipelineSettingsV2 = `
  is_publish = true
  sources = [{
    git_type       = "codehub"
    git_url        = "https://codehub.example.com/demo/backend.git"
    default_branch = "release"
  }]
  variables = [
    { name = "env", type = "enum", value = "prod", limits = ["dev", "prod", "staging"] },
  ]
  concurrency_control = { concurrency_number = 2, exceed_action = "ABORT", enable = true }
`

var rfc3339Value = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))

func pipelineImportID(addr string) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return "", fmt.Errorf("%s not in state", addr)
		}
		return rs.Primary.Attributes["project_id"] + "/" + rs.Primary.ID, nil
	}
}

// v5Pipelines counts the pipelines the v5 API made (the seeded ones have no v5 part).
func v5Pipelines(e *testEnv) int {
	n := 0
	for _, p := range e.sim.Pipelines() {
		if p.V5 != nil {
			n++
		}
	}
	return n
}

// pipelineDriftSteps: the service re-formats the definition (empty plan);
// then the pipeline is deleted out of band with not-found over HTTP 404
// (re-create planned), and re-created with not-found over HTTP 200.
func pipelineDriftSteps(t *testing.T, e *testEnv, cfg string, id *string) []resource.TestStep {
	return []resource.TestStep{
		{
			PreConfig: func() {
				before, _ := e.sim.PipelineV5Of(*id)
				if !e.sim.ReformatPipelineDefinition(*id) {
					t.Fatal("pipeline vanished")
				}
				after, _ := e.sim.PipelineV5Of(*id)
				if after.Definition == before.Definition || !strings.Contains(after.Definition, "\n    ") {
					t.Fatalf("definition not re-formatted: %s", after.Definition)
				}
			},
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		},
		{
			PreConfig: func() { e.sim.SetPipelineNotFoundStatus(http.StatusNotFound) },
			Config:    cfg,
			Check: func(*terraform.State) error {
				if !e.sim.DeletePipeline(*id) {
					return fmt.Errorf("pipeline %s not on the server", *id)
				}
				return nil
			},
			ExpectNonEmptyPlan: true,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(pipelineAddr, plancheck.ResourceActionCreate),
			}},
		},
		{
			PreConfig: func() { e.sim.SetPipelineNotFoundStatus(http.StatusOK) },
			Config:    cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(pipelineAddr, tfjsonpath.New("id")),
			},
			Check: func(*terraform.State) error {
				if n := v5Pipelines(e); n != 1 {
					return fmt.Errorf("%d pipelines on the server, want 1", n)
				}
				return nil
			},
		},
	}
}

func noPipelinesLeft(e *testEnv) func(*terraform.State) error {
	return func(*terraform.State) error {
		if n := v5Pipelines(e); n != 0 {
			return fmt.Errorf("%d pipelines left after destroy", n)
		}
		if n := len(e.sim.Templates()); n != 0 {
			return fmt.Errorf("%d templates left after destroy", n)
		}
		return nil
	}
}

func TestAccPipeline_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	cfg1 := e.providerAKSK() + pipelineConfig("pl-acc", "first", pipelineSettingsV1)
	cfg2 := e.providerAKSK() + pipelineConfig("pl-acc-renamed", "second", pipelineSettingsV2)
	steps := []resource.TestStep{
		{ // create from a definition: one POST
			Config: cfg1,
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(pipelineAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("create_time"), rfc3339Value),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("manifest_version"), knownvalue.StringExact("3.0")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("creator_id"), knownvalue.StringExact(simulator.DemoUserID)),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("concurrency_control"), knownvalue.Null()), // the service's default, not managed
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("detail_url"),
					knownvalue.StringRegexp(regexp.MustCompile(`/cicd/project/`+simulator.DemoCodeArtsProjectID+`/pipeline/detail/[0-9a-f]{32}$`))),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("schedules").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("fixed")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				stateID(pipelineAddr, &id),
				countIs(e, simulator.RoutePipelineV5Create, 1),
				func(*terraform.State) error {
					p, _ := e.sim.GetPipeline(id)
					v, ok := e.sim.PipelineV5Of(id)
					if !ok || p.Name != "pl-acc" || v.Description != "first" || len(v.Sources) != 1 || v.Sources[0].Alias != "backend" ||
						len(v.Variables) != 2 || v.Variables[1].Sequence != 2 || len(v.Schedules) != 1 || len(v.Schedules[0].DaysOfWeek) != 5 ||
						len(v.Triggers) != 1 || v.Triggers[0].Events[0].Type != "push" || !v.Triggers[0].Events[0].Enable {
						return fmt.Errorf("server has %+v %+v", p, v)
					}
					return nil
				},
			),
		},
		{ // import <project_id>/<pipeline_id>
			ResourceName:      pipelineAddr,
			ImportState:       true,
			ImportStateIdFunc: pipelineImportID(pipelineAddr),
			ImportStateVerify: true,
		},
		{ // an import id that is not <project_id>/<pipeline_id>
			ResourceName:  pipelineAddr,
			ImportState:   true,
			ImportStateId: "00ecdeecb23e328630eba5dac26055a3",
			ExpectError:   errorPattern(`Invalid import id`, `is not <project_id>/<pipeline_id>`),
		},
		{ // update in place (one PUT): same id
			Config: cfg2,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(pipelineAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(pipelineAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("name"), knownvalue.StringExact("pl-acc-renamed")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("schedules"), knownvalue.Null()),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("update_time"), rfc3339Value),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				countIs(e, simulator.RoutePipelineV5Update, 1),
				func(*terraform.State) error {
					p, _ := e.sim.GetPipeline(id)
					v, _ := e.sim.PipelineV5Of(id)
					if p.Name != "pl-acc-renamed" || v.Description != "second" || !v.IsPublish || v.Sources[0].DefaultBranch != "release" ||
						len(v.Variables) != 1 || v.Variables[0].Limits[2] != "staging" || len(v.Schedules) != 0 || len(v.Triggers) != 0 ||
						v.Concurrency.Number != 2 || v.Concurrency.ExceedAction != "ABORT" || !v.Concurrency.Enable {
						return fmt.Errorf("server has %+v %+v", p, v)
					}
					return nil
				},
			),
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPipelinesLeft(e),
		Steps:                    append(steps, pipelineDriftSteps(t, e, cfg2, &id)...),
	})
}

const pipelineTemplateBlock = `
resource "cicd_codearts_pipeline_template" "tpl" {
  name       = "tpl-for-pipelines"
  language   = "go"
  definition = jsonencode({ stages = [{ name = %q, sequence = "0", jobs = [] }] })
  variables  = [{ name = "env", type = "string", value = "dev" }]
}
`

// fromTemplateConfig renders a template (its one stage named stage) and a
// pipeline made from it; extra goes inside the pipeline block.
func pipelineFromTemplateConfig(stage, extra string) string {
	return fmt.Sprintf(pipelineTemplateBlock, stage) + fmt.Sprintf(`
resource "cicd_codearts_pipeline" "test" {
  project_id  = %q
  template_id = cicd_codearts_pipeline_template.tpl.id
  name        = "pl-from-template"
  sources     = [{ git_type = "codehub", git_url = "https://codehub.example.com/demo/backend.git", default_branch = "main" }]
%s
}
`, simulator.DemoCodeArtsProjectID, extra)
}

func TestAccPipeline_fromTemplate(t *testing.T) {
	e := newTestEnv(t)
	var id, tplID string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	cfg1 := e.providerAKSK() + pipelineFromTemplateConfig("Build", "")
	cfg2 := e.providerAKSK() + pipelineFromTemplateConfig("Build", `  description = "from the template"
  schedules   = [{ name = "weekly", days_of_week = [2] }]`)
	cfg3 := e.providerAKSK() + pipelineFromTemplateConfig("Build and test", `  description = "from the template"
  schedules   = [{ name = "weekly", days_of_week = [2] }]`)
	steps := []resource.TestStep{
		{ // template + pipeline from it in one apply: create-pipeline, the copy read back
			Config: cfg1,
			ConfigStateChecks: []statecheck.StateCheck{
				sameID.AddStateValue(pipelineAddr, tfjsonpath.New("id")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("variables").AtSliceIndex(0).AtMapKey("value"), knownvalue.StringExact("dev")),
				statecheck.ExpectKnownValue(pipelineAddr, tfjsonpath.New("definition"), knownvalue.StringRegexp(regexp.MustCompile(`"name":"Build"`))),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				stateID(pipelineAddr, &id),
				stateID("cicd_codearts_pipeline_template.tpl", &tplID),
				countIs(e, simulator.RoutePipelineV5FromTemplate, 1),
				countIs(e, simulator.RoutePipelineV5Create, 0),
				countIs(e, simulator.RoutePipelineV5Update, 0),
				func(*terraform.State) error {
					v, _ := e.sim.PipelineV5Of(id)
					tpl, _ := e.sim.GetTemplate(tplID)
					if v.TemplateID != tplID || v.Definition != tpl.Definition || len(v.Variables) != 1 || len(v.Sources) != 1 {
						return fmt.Errorf("server has %+v", v)
					}
					return nil
				},
			),
		},
		{
			ResourceName:            pipelineAddr,
			ImportState:             true,
			ImportStateIdFunc:       pipelineImportID(pipelineAddr),
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"template_id"}, // not in the pipeline detail
		},
		{ // managed like any pipeline: update in place, the copied definition and variables kept
			Config: cfg2,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(pipelineAddr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(pipelineAddr, tfjsonpath.New("id"))},
			Check: func(*terraform.State) error {
				v, _ := e.sim.PipelineV5Of(id)
				if v.Description != "from the template" || len(v.Schedules) != 1 || len(v.Variables) != 1 || v.Variables[0].Value != "dev" ||
					!strings.Contains(v.Definition, `"Build"`) {
					return fmt.Errorf("server has %+v", v)
				}
				return nil
			},
		},
		{ // the template changes: the pipeline (a copy) does not
			Config: cfg3,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("cicd_codearts_pipeline_template.tpl", plancheck.ResourceActionUpdate),
				plancheck.ExpectResourceAction(pipelineAddr, plancheck.ResourceActionNoop),
			}},
			Check: func(*terraform.State) error {
				if v, _ := e.sim.PipelineV5Of(id); strings.Contains(v.Definition, "Build and test") {
					return fmt.Errorf("the template change reached the pipeline: %s", v.Definition)
				}
				return nil
			},
		},
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPipelinesLeft(e),
		Steps:                    append(steps, pipelineDriftSteps(t, e, cfg3, &id)...),
	})
}

// TestAccPipeline_templatePipelineRun: template → pipeline from it → run of
// that pipeline (pipeline_id = the pipeline's id) → the data source's latest
// run, in one apply; one destroy removes them.
func TestAccPipeline_templatePipelineRun(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetNewPipelineRunPlan(simulator.PipelineRunPlan{StepDuration: 50 * time.Millisecond})
	cfg := e.providerAKSK() + pipelineFromTemplateConfig("Build", `  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }], note = "own" })`) +
		fmt.Sprintf(`
resource "cicd_codearts_pipeline_run" "test" {
  project_id  = %[1]q
  pipeline_id = cicd_codearts_pipeline.test.id
%[2]s
}

data "cicd_codearts_pipeline" "test" {
  project_id  = %[1]q
  pipeline_id = cicd_codearts_pipeline_run.test.pipeline_id
}
`, simulator.DemoCodeArtsProjectID, fastWait)
	var id string
	ds := "data.cicd_codearts_pipeline.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             noPipelinesLeft(e),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.CompareValuePairs(pipelineAddr, tfjsonpath.New("id"), pipelineRunRes, tfjsonpath.New("pipeline_id"), compare.ValuesSame()),
				statecheck.CompareValuePairs(pipelineRunRes, tfjsonpath.New("pipeline_run_id"), ds, tfjsonpath.New("latest_run").AtMapKey("pipeline_run_id"), compare.ValuesSame()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest_run").AtMapKey("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest_run").AtMapKey("run_number"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest_run").AtMapKey("start_time"), rfc3339Value),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("pl-from-template")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("variable_names"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("env")})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				stateID(pipelineAddr, &id),
				// create-pipeline, then one PUT for the definition the call does not take
				countIs(e, simulator.RoutePipelineV5FromTemplate, 1),
				countIs(e, simulator.RoutePipelineV5Update, 1),
				func(s *terraform.State) error {
					if v, _ := e.sim.PipelineV5Of(id); !strings.Contains(v.Definition, `"own"`) || len(v.Variables) != 1 {
						return fmt.Errorf("server has %+v", v)
					}
					return pipelineRunsStarted(e, id, 1)(s)
				},
			),
		}},
	})
}

// TestAccPipeline_writeOnlySecret: the write-only secret reaches the
// service but is in neither the plan nor the state; a version bump sends a
// new value in place.
func TestAccPipeline_writeOnlySecret(t *testing.T) {
	e := newTestEnv(t)
	const secret1, secret2 = "pl-wo-secret-4e7a", "pl-wo-secret-rotated-09bc"
	cfg := func(version int) string {
		return e.providerAKSK() + `
variable "deploy_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
` + pipelineConfig("pl-secret", "", fmt.Sprintf(`
  variables = [
    { name = "region", type = "string", value = "cn-north-4" },
    { name = "deploy_token", type = "string", is_secret = true },
  ]
  secret_variable_values_wo         = { deploy_token = var.deploy_token }
  secret_variable_values_wo_version = %d
`, version))
	}
	var id string
	secretIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			v, _ := e.sim.PipelineV5Of(id)
			if len(v.Variables) != 2 || !v.Variables[1].IsSecret || v.Variables[1].Value != want {
				return fmt.Errorf("server variables %+v, want the configured secret", v.Variables)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:           cfg(1),
				ConfigVariables:  config.Variables{"deploy_token": config.StringVariable(secret1)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planLacks(secret1)}},
				Check:            resource.ComposeAggregateTestCheckFunc(stateID(pipelineAddr, &id), stateLacks(secret1), secretIs(secret1)),
			},
			{
				Config:          cfg(2),
				ConfigVariables: config.Variables{"deploy_token": config.StringVariable(secret2)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pipelineAddr, plancheck.ResourceActionUpdate), planLacks(secret2),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(stateLacks(secret2), secretIs(secret2)),
			},
		},
	})
}

// pipelineSecretReceived checks (secrets matrix) that a v5 pipeline on the
// server has the secret variable with the configured value.
func pipelineSecretReceived(name string) func(t *testing.T, e *testEnv, secret string) {
	return func(t *testing.T, e *testEnv, secret string) {
		for _, p := range e.sim.Pipelines() {
			v, _ := e.sim.PipelineV5Of(p.ID)
			for _, pv := range v.Variables {
				if pv.Name == name && pv.IsSecret && pv.Value == secret {
					return
				}
			}
		}
		t.Errorf("no pipeline on the server has secret variable %s with the configured value", name)
	}
}

// TestAccPipelineDataSource_neverRan: a pipeline the v5 API did not create
// (its detail shows the service's defaults) and that never ran: latest_run
// is null.
func TestAccPipelineDataSource_neverRan(t *testing.T) {
	e := newTestEnv(t)
	p := e.sim.AddPipeline(simulator.Pipeline{Name: "never-ran"})
	ds := "data.cicd_codearts_pipeline.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline" "test" {
  project_id  = %q
  pipeline_id = %q
}
`, simulator.DemoCodeArtsProjectID, p.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("name"), knownvalue.StringExact("never-ran")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest_run"), knownvalue.Null()),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("manifest_version"), knownvalue.StringExact("3.0")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("definition"), knownvalue.StringExact(simulator.PipelineDefaultDefinition)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("variable_names"), knownvalue.ListExact(nil)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("create_time"), rfc3339Value),
			},
			Check: func(*terraform.State) error { // two requests per read: the detail and one run list page
				if d, r := e.sim.Count(simulator.RoutePipelineV5Detail), e.sim.Count(runsListRoute); d == 0 || d != r {
					return fmt.Errorf("%d detail and %d run list requests, want one of each per read", d, r)
				}
				return nil
			},
		}},
	})
}

// TestAccPipeline_fromTemplateSecret: a secret variable copied from the
// template gets the pipeline's own value (one PUT after create-pipeline),
// and an update keeps sending it.
func TestAccPipeline_fromTemplateSecret(t *testing.T) {
	e := newTestEnv(t)
	cfg := func(description string) string {
		return e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_pipeline_template" "tpl" {
  name       = "tpl-with-secret"
  language   = "go"
  definition = jsonencode({ stages = [] })
  variables  = [{ name = "token", type = "string", is_secret = true }]
  secret_variable_values = { token = "template-value" }
}

resource "cicd_codearts_pipeline" "test" {
  project_id             = %q
  template_id            = cicd_codearts_pipeline_template.tpl.id
  name                   = "pl-secret-from-template"
  description            = %q
  secret_variable_values = { token = "pipeline-value" }
}
`, simulator.DemoCodeArtsProjectID, description)
	}
	var id string
	secretIs := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			v, _ := e.sim.PipelineV5Of(id)
			if len(v.Variables) != 1 || !v.Variables[0].IsSecret || v.Variables[0].Value != want {
				return fmt.Errorf("server variables %+v, want token = %q", v.Variables, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg("one"), Check: resource.ComposeAggregateTestCheckFunc(stateID(pipelineAddr, &id), secretIs("pipeline-value"),
				countIs(e, simulator.RoutePipelineV5Update, 1))},
			{Config: cfg("two"), Check: resource.ComposeAggregateTestCheckFunc(secretIs("pipeline-value"),
				resource.TestCheckResourceAttr(pipelineAddr, "description", "two"))},
		},
	})
}

// TestAccPipeline_identity: the identity (project_id, pipeline_id) is set on
// create and kept by an update; import blocks with the identity or the
// string id plan no changes; a malformed identity is refused at import.
func TestAccPipeline_identity(t *testing.T) {
	e := newTestEnv(t)
	cfg1 := e.providerAKSK() + pipelineConfig("pl-identity", "first", pipelineSettingsV2)
	cfg2 := e.providerAKSK() + pipelineConfig("pl-identity-renamed", "second", pipelineSettingsV1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_14_0)},
		Steps: append(identityCreateUpdateSteps(pipelineAddr, cfg1, cfg2, map[string]knownvalue.Check{"project_id": knownvalue.StringExact(simulator.DemoCodeArtsProjectID)}, "pipeline_id"), []resource.TestStep{
			// Plannable imports: a no-op plan against the configuration, the
			// created identity (terraform-plugin-testing refuses ImportStateVerify here).
			{Config: cfg2, ResourceName: pipelineAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			{Config: cfg2, ResourceName: pipelineAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateIdFunc: pipelineImportID(pipelineAddr)},
			{ // malformed identity
				Config: cfg2 + fmt.Sprintf(`
import {
  to       = cicd_codearts_pipeline.other
  identity = { project_id = "demo", pipeline_id = "abc" }
}
resource "cicd_codearts_pipeline" "other" {
  project_id = %q
  name       = "other"
  definition = jsonencode({ stages = [] })
}
`, simulator.DemoCodeArtsProjectID),
				PlanOnly:    true,
				ExpectError: errorPattern("Invalid import identity", `project_id "demo" must be the CodeArts project's 32-character hexadecimal id`),
			},
		}...),
	})
}
