package provider

import (
	"fmt"
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

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const deployRes = "cicd_codearts_deploy_run.test"

// newDeployTask adds a deployment task with a scripted outcome and returns its id.
func newDeployTask(t *testing.T, e *testEnv, o simulator.DeployOutcome) string {
	t.Helper()
	id := fmt.Sprintf("%032x", time.Now().UnixNano())[:32]
	e.sim.AddDeployTask(id)
	e.sim.SetDeployOutcome(id, o)
	return id
}

// fastSteps are four quick steps (names as a real task has them).
func fastSteps(d time.Duration) []simulator.DeployStepSpec {
	return []simulator.DeployStepSpec{
		{Name: "Download software package", Duration: d}, {Name: "Stop service", Duration: d},
		{Name: "Start service", Duration: d}, {Name: "Health check", Duration: d},
	}
}

// deployRunConfig renders a deploy run with a text and a host_group parameter plus extra HCL.
func deployRunConfig(e *testEnv, taskID, extra string) string {
	return e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_deploy_run" "test" {
  task_id = %q
  parameters      = { version = "1.4.2", hosts = "web-prod" }
  parameter_types = { hosts = "host_group" }
%s
}
`, taskID, extra)
}

func deploysStarted(e *testEnv, task string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sim.DeploysStarted(task); got != want {
			return fmt.Errorf("the simulator started %d deployments of task %s, want %d", got, task, want)
		}
		return nil
	}
}

// latestDeploy returns the newest record of a task.
func latestDeploy(t *testing.T, e *testEnv, task string) simulator.DeployRecordView {
	t.Helper()
	recs := e.sim.DeployRecords(task)
	if len(recs) == 0 {
		t.Fatalf("no deployment of task %s", task)
	}
	return recs[len(recs)-1]
}

func TestAccCodeArtsDeployRun_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(200 * time.Millisecond)})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var first string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: deployRunConfig(e, task, fastWait),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^`+task+`/[0-9a-f]{32}$`))),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("job_name"), knownvalue.StringRegexp(regexp.MustCompile(`^job_[0-9a-f]{32}_\d+$`))),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("start_time"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("end_time"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("current_step"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("app_components").AtSliceIndex(0).AtMapKey("task_id"), knownvalue.StringExact(task)),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("steps"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Download software package"), "offset": knownvalue.Int64Exact(1), "status": knownvalue.StringExact("done")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Stop service"), "status": knownvalue.StringExact("done")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Start service"), "status": knownvalue.StringExact("done")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact("Health check"), "status": knownvalue.StringExact("done"), "duration": knownvalue.StringExact("200ms")}),
					})),
					sameID.AddStateValue(deployRes, tfjsonpath.New("id")),
					newID.AddStateValue(deployRes, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					deploysStarted(e, task, 1),
					func(s *terraform.State) error {
						first = s.RootModule().Resources[deployRes].Primary.Attributes["record_id"]
						v, ok := e.sim.DeployRecord(task, first)
						want := []simulator.DeployParam{{Key: "hosts", Value: "web-prod", Type: "host_group"}, {Key: "version", Value: "1.4.2", Type: "text"}}
						if !ok || len(v.Params) != 2 || v.Params[0] != want[0] || v.Params[1] != want[1] {
							return fmt.Errorf("the simulator received params %+v, want %+v", v.Params, want)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      deployRes,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"parameters", "parameter_types", "secret_parameters", "secret_parameters_wo_version", "rollback_record_id", "trigger_source",
					"wait", "triggers", "stop_on_destroy", "timeouts", "job_name", "app_components"},
			},
			{
				// Only wait settings change: updated in place, no new deployment.
				Config: deployRunConfig(e, task, `
  wait {
    poll_interval     = "200ms"
    max_poll_interval = "400ms"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deployRes, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(deployRes, tfjsonpath.New("id"))},
				Check:             deploysStarted(e, task, 1),
			},
			{
				// A triggers change starts exactly one new deployment.
				Config: deployRunConfig(e, task, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deployRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(deployRes, tfjsonpath.New("id"))},
				Check:             deploysStarted(e, task, 2),
			},
			{
				// The record vanishes on the server: refresh keeps it (warning), no re-run.
				PreConfig: func() {
					if !e.sim.DeleteDeployRecord(task, latestDeploy(t, e, task).RecordID) {
						t.Fatal("no record to delete")
					}
				},
				Config: deployRunConfig(e, task, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
				},
				Check: deploysStarted(e, task, 2),
			},
		},
	})
}

func TestAccCodeArtsDeployRun_failure(t *testing.T) {
	e := newTestEnv(t)
	faq := "https://support.huaweicloud.com/deployman_faq/deployman_faq_1020.html"
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(100 * time.Millisecond), Result: "failed", FailAt: 3, FAQURL: faq})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: deployRunConfig(e, task, fastWait),
				ExpectError: errorPattern(`Deployment failed`, `Deployment [0-9a-f]{32} of task `+task+` ended with status failed`,
					`step 3/4 'Start service' failed`, `Troubleshooting: `+regexp.QuoteMeta(faq), `recorded in state`),
			},
			{
				// The failed deployment is in state (tainted): id, status and steps survived.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(deployRes, "id", regexp.MustCompile(`^`+task+`/`)),
					resource.TestCheckResourceAttr(deployRes, "status", "failed"),
					resource.TestCheckResourceAttr(deployRes, "current_step", "3"),
					resource.TestCheckResourceAttr(deployRes, "steps.2.status", "failed"),
					resource.TestCheckResourceAttr(deployRes, "steps.2.faq_url", faq),
					resource.TestCheckResourceAttr(deployRes, "steps.3.status", "skipped"),
					deploysStarted(e, task, 1),
				),
			},
		},
	})
}

// TestAccCodeArtsDeployRun_rejectedWithHTTP200: the service refuses the start
// with an error body and HTTP 200; the apply fails with its code and message.
func TestAccCodeArtsDeployRun_rejectedWithHTTP200(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{RejectCode: "Deploy.00011101", RejectMsg: "The application is being deployed by another user"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      deployRunConfig(e, task, fastWait),
			ExpectError: errorPattern(`Cannot start the deployment`, `HTTP 200, error Deploy\.00011101: The application is being deployed by another user`),
		}},
	})
}

func TestAccCodeArtsDeployRun_failOnErrorFalse(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond), Result: "failed"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: deployRunConfig(e, task, `
  wait {
    fail_on_error     = false
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("status"), knownvalue.StringExact("failed")),
				statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("steps").AtSliceIndex(3).AtMapKey("status"), knownvalue.StringExact("failed")),
				statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("steps").AtSliceIndex(3).AtMapKey("faq_url"), knownvalue.StringExact(simulator.DefaultDeployFAQURL)),
			},
			Check: deploysStarted(e, task, 1),
		}},
	})
}

func TestAccCodeArtsDeployRun_timeoutStopsTheDeployment(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: []simulator.DeployStepSpec{{Name: "Rolling update", Duration: time.Hour}}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: deployRunConfig(e, task, fastWait+`
  timeouts {
    create = "2s"
  }`),
				ExpectError: errorPattern(`Timed out waiting for the deployment`, `did not finish within 2s`, `last status running \(step 1/1\)`, `It was stopped`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if v := latestDeploy(t, e, task); !v.Stopped || v.Status != "failed" {
							return fmt.Errorf("the simulator saw no stop: %+v", v)
						}
						return nil
					},
					resource.TestCheckResourceAttr(deployRes, "status", "failed"),
					resource.TestCheckResourceAttr(deployRes, "steps.0.status", "failed"),
				),
			},
		},
	})
}

// TestAccCodeArtsDeployRun_rollbackAndTriggerSource: the optional body
// members reach the service as documented.
func TestAccCodeArtsDeployRun_rollbackAndTriggerSource(t *testing.T) {
	e := newTestEnv(t)
	rollback := e.sim.DeployRecords(simulator.DemoDeployTaskID)[0].RecordID
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: deployRunConfig(e, simulator.DemoDeployTaskID, fmt.Sprintf(`
  rollback_record_id = %q
  trigger_source     = "1"
  wait {
    enabled = false
  }`, rollback)),
			Check: func(*terraform.State) error {
				v := latestDeploy(t, e, simulator.DemoDeployTaskID)
				if v.RollbackOf != rollback || v.TriggerSource != "1" {
					return fmt.Errorf("the simulator got record_id %q trigger_source %q", v.RollbackOf, v.TriggerSource)
				}
				return nil
			},
		}},
	})
}

func TestAccCodeArtsDeployRun_badInput(t *testing.T) {
	e := newTestEnv(t)
	task := `task_id = "` + simulator.DemoDeployTaskID + `"`
	cases := map[string]struct{ hcl, want string }{
		"task id format": {`task_id = "not-a-task"`, `Attribute task_id must be the deployment task's 32-character id`},
		"parameter type enum": {task + `
  parameters = { "a" = "b" }
  parameter_types = { "a" = "string" }`, `Invalid deployment parameter type[\s\S]*Attribute parameter_types\["a"\]: parameter type "string" is not one of text, host_group, enum`},
		"encrypt in parameter_types": {task + `
  parameters = { "db_password" = "x" }
  parameter_types = { "db_password" = "encrypt" }`, `Secret parameter type[\s\S]*secret_parameters_wo`},
		"forbidden sequence": {task + `
  parameters = { "tpl" = "a{{ b }}" }`, `Forbidden sequence in a deployment parameter[\s\S]*Attribute parameters\["tpl"\]: the value contains "\{\{"`},
		"forbidden comment sequence in a secret": {task + `
  secret_parameters = { token = "x{#y" }`, `Forbidden sequence in a deployment parameter[\s\S]*Attribute secret_parameters\["token"\]: the value contains "\{#"`},
		"key charset": {task + `
  parameters = { "my key" = "b" }`, `may contain only letters, digits, -, _ and \.`},
		"key too long": {task + `
  parameters = { "` + strings.Repeat("k", 129) + `" = "b" }`, `UTF-8 character count must be between 1 and 128`},
		"value too long": {task + `
  parameters = { "k" = "` + strings.Repeat("v", 8193) + `" }`, `UTF-8 character count must be at most 8192`},
		"secret key charset": {task + `
  secret_parameters_wo = { "bad key" = "x" }
  secret_parameters_wo_version = 1`, `may contain only letters, digits, -, _ and \.`},
		"duplicate key": {task + `
  parameters = { "token" = "b" }
  secret_parameters = { token = "s3cret" }`, `Duplicate deployment parameter[\s\S]*Attribute secret_parameters\["token"\]: parameter "token" is also set in parameters`},
		"trigger source": {task + `
  trigger_source = "2"`, `Attribute trigger_source value must be one of`},
		"rollback record id": {task + `
  rollback_record_id = "last"`, `must be a 32-character deployment record id`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + "resource \"cicd_codearts_deploy_run\" \"test\" {\n  " + tc.hcl + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
	if n := e.sim.Count(simulator.RouteDeployStart); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}

// TestAccCodeArtsDeployRun_secretsInPlanAndState: encrypt parameters reach
// the service, the sensitive map is marked sensitive in the plan, and the
// write-only map is in neither the plan nor the state.
func TestAccCodeArtsDeployRun_secretsInPlanAndState(t *testing.T) {
	e := newTestEnv(t)
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)})
	const woSecret = "wo-Secret-9f3c1a77"
	const sensSecret = "sens-Secret-4b2d88e0"
	// Secrets come from variables, as in real use (a literal in a .tf file is
	// part of the configuration, which Terraform copies into plan JSON).
	cfg := deploySecretConfig(e, task, 1)
	vars := config.Variables{"wo_secret": config.StringVariable(woSecret), "sens_secret": config.StringVariable(sensSecret)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectSensitiveValue(deployRes, tfjsonpath.New("secret_parameters")),
					planLacks(woSecret),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("secret_parameters_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("secret_parameters_wo_version"), knownvalue.Int64Exact(1)),
				},
				Check: func(s *terraform.State) error {
					// The service got both, typed encrypt, after the text parameter.
					rec := s.RootModule().Resources[deployRes].Primary.Attributes["record_id"]
					v, _ := e.sim.DeployRecord(task, rec)
					want := []simulator.DeployParam{{Key: "hosts", Value: "web-prod", Type: "host_group"}, {Key: "version", Value: "1.4.2", Type: "text"},
						{Key: "db.password", Value: sensSecret, Type: "encrypt"}, {Key: "api_token", Value: woSecret, Type: "encrypt"}}
					if fmt.Sprint(v.Params) != fmt.Sprint(want) {
						return fmt.Errorf("the simulator received %+v, want %+v", v.Params, want)
					}
					for k, val := range s.RootModule().Resources[deployRes].Primary.Attributes {
						if strings.Contains(val, woSecret) {
							return fmt.Errorf("state attribute %s holds the write-only secret", k)
						}
					}
					return nil
				},
			},
			{
				// Same config: no diff and no new deployment (write-only values are never compared).
				Config:           cfg,
				ConfigVariables:  vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            deploysStarted(e, task, 1),
			},
			{
				// Bumping the version deploys again with the new write-only value.
				Config:          deploySecretConfig(e, task, 2),
				ConfigVariables: config.Variables{"wo_secret": config.StringVariable("wo-Secret-rotated-01"), "sens_secret": config.StringVariable(sensSecret)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(deployRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if v := latestDeploy(t, e, task); v.Params[3].Value != "wo-Secret-rotated-01" || e.sim.DeploysStarted(task) != 2 {
						return fmt.Errorf("the rotated secret did not start one new deployment: %+v", v.Params)
					}
					return nil
				},
			},
		},
	})
}

// deploySecretConfig passes a sensitive variable to secret_parameters and an
// ephemeral one (never stored in a plan) to secret_parameters_wo.
func deploySecretConfig(e *testEnv, task string, version int) string {
	return `
variable "sens_secret" {
  type      = string
  sensitive = true
}

variable "wo_secret" {
  type      = string
  ephemeral = true
}
` + deployRunConfig(e, task, fastWait+fmt.Sprintf(`
  secret_parameters            = { "db.password" = var.sens_secret }
  secret_parameters_wo         = { api_token = var.wo_secret }
  secret_parameters_wo_version = %d`, version))
}

// TestAccCodeArtsDeployRun_afterBuild is the quickstart: a deployment whose
// parameter takes the build number of a build run (unknown at plan time).
func TestAccCodeArtsDeployRun_afterBuild(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 200 * time.Millisecond})
	task := newDeployTask(t, e, simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_build_run" "app" {
  job_id = %q
  wait {
    poll_interval = "100ms"
  }
}

resource "cicd_codearts_deploy_run" "test" {
  task_id = %q
  parameters = { build_no = tostring(cicd_codearts_build_run.app.build_no) }
  triggers = { build = cicd_codearts_build_run.app.id }
  wait {
    poll_interval = "100ms"
  }
}
`, job, task),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(deployRes, tfjsonpath.New("status"), knownvalue.StringExact("succeeded")),
			},
			Check: func(*terraform.State) error {
				if v := latestDeploy(t, e, task); len(v.Params) != 1 || v.Params[0].Value != "1" {
					return fmt.Errorf("the deployment got params %+v, want build_no=1", v.Params)
				}
				return nil
			},
		}},
	})
}
