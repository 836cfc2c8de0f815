package provider

import (
	"encoding/json"
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

const (
	pipelineRunRes   = "cicd_codearts_pipeline_run.test"
	pipelineRunRoute = "POST /v5/{project_id}/api/pipelines/{pipeline_id}/run"
	pipelineRunPoll  = "GET /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/detail"
)

// newRunPipeline adds a pipeline to the demo project whose runs go as plan says.
func newRunPipeline(t *testing.T, e *testEnv, plan simulator.PipelineRunPlan) string {
	t.Helper()
	p := e.sim.AddPipeline(simulator.Pipeline{Name: "tf-" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))})
	e.sim.SetPipelineRunOutcome(p.ID, plan)
	return p.ID
}

// pipelineRunConfig renders a run of pipelineID with extra HCL in the body.
func pipelineRunConfig(e *testEnv, pipelineID, extra string) string {
	return e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_pipeline_run" "test" {
  project_id  = %q
  pipeline_id = %q
  parameters = {
    release = "1.4.2"
  }
%s
}
`, simulator.DemoCodeArtsProjectID, pipelineID, extra)
}

func pipelineRunsStarted(e *testEnv, pipelineID string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(e.sim.PipelineRunIDs(pipelineID)); got != want {
			return fmt.Errorf("the simulator has %d runs of pipeline %s, want %d", got, pipelineID, want)
		}
		return nil
	}
}

// lastRun is the newest run of a pipeline as the simulator sees it.
func lastRun(t *testing.T, e *testEnv, pipelineID string) simulator.PipelineRunSnapshot {
	t.Helper()
	ids := e.sim.PipelineRunIDs(pipelineID)
	if len(ids) == 0 {
		t.Fatalf("pipeline %s has no runs", pipelineID)
	}
	r, _ := e.sim.PipelineRun(ids[len(ids)-1])
	return r
}

const fastStep = 150 * time.Millisecond

func TestAccCodeArtsPipelineRun_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: fastStep})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	stage := func(i int, name, status string) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages").AtSliceIndex(i), knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name": knownvalue.StringExact(name), "sequence": knownvalue.Int64Exact(int64(i)), "status": knownvalue.StringExact(status),
			"start_time": knownvalue.StringRegexp(rfc3339UTC), "end_time": knownvalue.StringRegexp(rfc3339UTC),
		}))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: pipelineRunConfig(e, pid, fastWait+`
  description = "release 1.4.2"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("run_number"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("queued"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("pipeline_run_id"), knownvalue.StringRegexp(pipelineHexIDPattern)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("id"),
						knownvalue.StringRegexp(regexp.MustCompile(`^`+simulator.DemoCodeArtsProjectID+`/`+pid+`/[0-9a-f]{32}$`))),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("start_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("end_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("detail_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://.*/pipeline/detail/`+pid+`/`))),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages"), knownvalue.ListSizeExact(3)),
					stage(0, "Build", "COMPLETED"), stage(1, "Test", "COMPLETED"), stage(2, "Deploy", "COMPLETED"),
					sameID.AddStateValue(pipelineRunRes, tfjsonpath.New("id")),
					newID.AddStateValue(pipelineRunRes, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					pipelineRunsStarted(e, pid, 1),
					func(*terraform.State) error {
						if r := lastRun(t, e, pid); r.Status != "COMPLETED" {
							return fmt.Errorf("the simulator's run is %s", r.Status)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      pipelineRunRes,
				ImportState:       true,
				ImportStateVerify: true,
				// Run inputs are not readable back; queued is only known at start.
				ImportStateVerifyIgnore: []string{"parameters", "description", "queued", "wait", "triggers", "stop_on_destroy", "timeouts"},
			},
			{
				// Only wait settings change: updated in place, no new run.
				Config: pipelineRunConfig(e, pid, `
  description = "release 1.4.2"
  wait {
    poll_interval     = "200ms"
    max_poll_interval = "400ms"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pipelineRunRes, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(pipelineRunRes, tfjsonpath.New("id"))},
				Check:             pipelineRunsStarted(e, pid, 1),
			},
			{
				// A triggers change starts exactly one new run.
				Config: pipelineRunConfig(e, pid, fastWait+`
  description = "release 1.4.2"
  triggers = { commit = "b2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(pipelineRunRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("run_number"), knownvalue.Int64Exact(2)),
					newID.AddStateValue(pipelineRunRes, tfjsonpath.New("id")),
				},
				Check: pipelineRunsStarted(e, pid, 2),
			},
			{
				// The run vanishes on the server: refresh keeps it (warning), no re-run.
				PreConfig: func() {
					ids := e.sim.PipelineRunIDs(pid)
					if !e.sim.DeletePipelineRun(ids[len(ids)-1]) {
						t.Fatal("DeletePipelineRun failed")
					}
				},
				Config: pipelineRunConfig(e, pid, fastWait+`
  description = "release 1.4.2"
  triggers = { commit = "b2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
					statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("run_number"), knownvalue.Int64Exact(2)),
				},
				Check: pipelineRunsStarted(e, pid, 1), // the simulator forgot run 2; nothing new started
			},
		},
	})
	if n := e.sim.Count(pipelineRunRoute); n != 2 {
		t.Fatalf("the run route was called %d times, want 2", n)
	}
}

func TestAccCodeArtsPipelineRun_failure(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: fastStep, Outcome: simulator.RunFailed,
		FailJob: "JOB_unit_test", FailMessage: "3 of 120 unit tests failed"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: pipelineRunConfig(e, pid, fastWait),
				ExpectError: errorPattern(`Pipeline run failed`, `Pipeline run 1 of pipeline `+pid+` ended with status FAILED`,
					`job 'Unit test' in stage 'Test' failed: 3 of 120 unit tests failed`,
					`Last lines of the log of step 'Run tests' \(job 'Unit test'\)`, `\[ERROR\]`, `3 of 120 unit tests failed`,
					`recorded in state`),
			},
			{
				// The failed run is in state (tainted): its id and status survived.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(pipelineRunRes, "status", "FAILED"),
					resource.TestCheckResourceAttr(pipelineRunRes, "run_number", "1"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.1.name", "Test"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.1.status", "FAILED"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.2.status", "INIT"),
					pipelineRunsStarted(e, pid, 1),
				),
			},
		},
	})
}

func TestAccCodeArtsPipelineRun_failOnErrorFalse(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: fastStep, Outcome: simulator.RunFailed, FailMessage: "lint failed"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: pipelineRunConfig(e, pid, `
  wait {
    fail_on_error     = false
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("FAILED")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("FAILED")),
			},
			Check: pipelineRunsStarted(e, pid, 1),
		}},
	})
}

func TestAccCodeArtsPipelineRun_timeoutStopsTheRun(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: time.Hour})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: pipelineRunConfig(e, pid, fastWait+`
  timeouts {
    create = "2s"
  }`),
				ExpectError: errorPattern(`Timed out waiting for the pipeline run`, `did not finish within 2s`,
					`last status RUNNING`, `Last seen: .*stage 'Build'`, `It was stopped`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if r := lastRun(t, e, pid); r.Status != "CANCELED" {
							return fmt.Errorf("the simulator saw no stop: run is %s", r.Status)
						}
						return nil
					},
					resource.TestCheckResourceAttr(pipelineRunRes, "status", "CANCELED"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.0.status", "CANCELED"),
				),
			},
		},
	})
	if n := e.sim.Count("POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/stop"); n != 1 {
		t.Fatalf("stop was called %d times, want 1", n)
	}
}

// TestAccCodeArtsPipelineRun_queued: concurrency 1 and a run already going:
// the second run is queued (DEVPIPE.00011169), tracked and run to success.
func TestAccCodeArtsPipelineRun_queued(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 250 * time.Millisecond})
	e.sim.SetPipelineConcurrency(pid, 1)
	cfg := e.providerAKSK() + fmt.Sprintf(`
resource "cicd_codearts_pipeline_run" "first" {
  project_id  = %[1]q
  pipeline_id = %[2]q
  wait {
    enabled = false
  }
}

resource "cicd_codearts_pipeline_run" "test" {
  project_id  = %[1]q
  pipeline_id = %[2]q
  depends_on  = [cicd_codearts_pipeline_run.first]
  wait {
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }
}
`, simulator.DemoCodeArtsProjectID, pid)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("cicd_codearts_pipeline_run.first", tfjsonpath.New("queued"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("queued"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("run_number"), knownvalue.Int64Exact(2)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				pipelineRunsStarted(e, pid, 2),
				func(*terraform.State) error {
					// The queued run started only after the first one ended.
					ids := e.sim.PipelineRunIDs(pid)
					first, _ := e.sim.PipelineRun(ids[0])
					second, _ := e.sim.PipelineRun(ids[1])
					if first.Status != "COMPLETED" || second.Status != "COMPLETED" || second.End.Before(first.End) {
						return fmt.Errorf("runs: first %s ended %v, second %s ended %v", first.Status, first.End, second.Status, second.End)
					}
					return nil
				},
			),
		}},
	})
}

// TestAccCodeArtsPipelineRun_reviewTimesOut: a run waiting for a manual
// review is not spun on silently: the timeout names the stage and job that
// wait, and the run is stopped.
func TestAccCodeArtsPipelineRun_reviewTimesOut(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 100 * time.Millisecond, Review: simulator.RunPaused})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: pipelineRunConfig(e, pid, fastWait+`
  timeouts {
    create = "3s"
  }`),
				ExpectError: errorPattern(`Timed out waiting for the pipeline run`, `did not finish within 3s`,
					`last status PAUSED`, `Last seen: stage 'Review' waiting for review \(job 'Manual review'\)`, `It was stopped`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(pipelineRunRes, "status", "CANCELED"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.2.name", "Review"),
					resource.TestCheckResourceAttr(pipelineRunRes, "stages.2.status", "CANCELED"),
				),
			},
		},
	})
}

// TestAccCodeArtsPipelineRun_reviewPassed: someone passes the review while
// apply waits; the run goes on to success.
func TestAccCodeArtsPipelineRun_reviewPassed(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 100 * time.Millisecond, Review: simulator.RunPaused})
	passed := inBackground(t, 50*time.Millisecond, "passing the review", func() (bool, error) {
		ids := e.sim.PipelineRunIDs(pid)
		if len(ids) == 0 {
			return false, nil
		}
		if r, _ := e.sim.PipelineRun(ids[0]); r.Status == simulator.RunPaused {
			time.Sleep(500 * time.Millisecond) // let apply see the pause
			return true, e.sim.PassPipelineRunReview(ids[0])
		}
		return false, nil
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: pipelineRunConfig(e, pid, fastWait+`
  timeouts {
    create = "30s"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages").AtSliceIndex(2).AtMapKey("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages"), knownvalue.ListSizeExact(4)),
			},
			Check: passed,
		}},
	})
}

// TestAccCodeArtsPipelineRun_inputsReachTheService: sources, variables,
// secret variables (write-only ones never in state), stage choice and
// description are sent as the API documents.
func TestAccCodeArtsPipelineRun_inputsReachTheService(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 50 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: pipelineRunConfig(e, pid, fastWait+`
  description                 = "hotfix"
  secret_parameters_wo         = { token = "s3cr3t-wo" }
  secret_parameters_wo_version = 1
  choose_stages               = ["stage_build", "stage_deploy"]
  sources = [{
    git_type      = "codehub"
    git_url       = "https://codehub.example.com/demo/app.git"
    codehub_id    = "2111699716"
    build_type    = "branch"
    target_branch = "hotfix/42"
    event_type    = "Manual"
  }]`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("secret_parameters_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("stages").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("UNSELECTED")),
			},
			Check: func(s *terraform.State) error {
				var body struct {
					Sources []struct {
						Type   string         `json:"type"`
						Params map[string]any `json:"params"`
					} `json:"sources"`
					Description  string              `json:"description"`
					Variables    []map[string]string `json:"variables"`
					ChooseStages []string            `json:"choose_stages"`
				}
				found := false
				for _, r := range e.sim.Requests() {
					if r.Method == "POST" && strings.HasSuffix(r.Path, "/pipelines/"+pid+"/run") {
						if err := json.Unmarshal(r.Body, &body); err != nil {
							return err
						}
						found = true
					}
				}
				if !found {
					return fmt.Errorf("no run request recorded")
				}
				wantVars := `[map[name:release value:1.4.2] map[name:token value:s3cr3t-wo]]`
				if got := fmt.Sprint(body.Variables); got != wantVars {
					return fmt.Errorf("variables %s, want %s", got, wantVars)
				}
				if body.Description != "hotfix" || fmt.Sprint(body.ChooseStages) != "[stage_build stage_deploy]" || len(body.Sources) != 1 ||
					body.Sources[0].Type != "code" || fmt.Sprint(body.Sources[0].Params["build_params"]) != "map[build_type:branch event_type:Manual target_branch:hotfix/42]" {
					return fmt.Errorf("run request %+v", body)
				}
				for _, attrs := range s.RootModule().Resources[pipelineRunRes].Primary.Attributes {
					if strings.Contains(attrs, "s3cr3t-wo") {
						return fmt.Errorf("the write-only secret is in the state")
					}
				}
				return nil
			},
		}},
	})
}

// TestAccCodeArtsPipelineRun_unknownInputsAtPlan: values known only at apply
// (another resource's output) pass plan-time validation and reach the run.
func TestAccCodeArtsPipelineRun_unknownInputsAtPlan(t *testing.T) {
	e := newTestEnv(t)
	pid := newRunPipeline(t, e, simulator.PipelineRunPlan{StepDuration: 50 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerAKSK() + fmt.Sprintf(`
resource "terraform_data" "commit" {
  input = "b2"
}

resource "cicd_codearts_pipeline_run" "test" {
  project_id       = %q
  pipeline_id      = %q
  parameters       = { commit = terraform_data.commit.output, build = terraform_data.commit.id }
  secret_parameters = { token = terraform_data.commit.id }
  wait {
    poll_interval = "100ms"
  }
}
`, simulator.DemoCodeArtsProjectID, pid),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("parameters").AtMapKey("commit"), knownvalue.StringExact("b2")),
				statecheck.ExpectKnownValue(pipelineRunRes, tfjsonpath.New("status"), knownvalue.StringExact("COMPLETED")),
			},
			Check: pipelineRunsStarted(e, pid, 1),
		}},
	})
}

func TestAccCodeArtsPipelineRun_badInput(t *testing.T) {
	e := newTestEnv(t)
	t.Cleanup(func() {
		if n := e.sim.Count(pipelineRunRoute); n != 0 {
			t.Errorf("bad input reached the API %d times", n)
		}
	})
	ids := `project_id  = "` + simulator.DemoCodeArtsProjectID + `"
  pipeline_id = "` + simulator.DemoPipelineID + `"
  `
	cases := map[string]struct{ hcl, want string }{
		"project id format": {`project_id = "my-project"
  pipeline_id = "` + simulator.DemoPipelineID + `"`, `Attribute project_id must be the CodeArts project's 32-character hexadecimal id`},
		"pipeline id format": {`project_id = "` + simulator.DemoCodeArtsProjectID + `"
  pipeline_id = "` + strings.Repeat("z", 32) + `"`, `Attribute pipeline_id must be the pipeline's 32-character hexadecimal id`},
		"empty choose_stages":      {ids + `choose_stages = []`, `Attribute choose_stages list must contain at least 1 elements`},
		"empty choose_jobs":        {ids + `choose_jobs = []`, `Attribute choose_jobs list must contain at least 1 elements`},
		"empty stage identifier":   {ids + `choose_stages = [""]`, `UTF-8 character count must be at least 1`},
		"stages and jobs":          {ids + "choose_stages = [\"stage_build\"]\n  choose_jobs = [\"JOB_build\"]", `Invalid Attribute Combination`},
		"parameter name charset":   {ids + `parameters = { "my-var" = "x" }`, `must contain only letters, digits and underscores`},
		"parameter value too long": {ids + `parameters = { v = "` + strings.Repeat("x", 8193) + `" }`, `UTF-8 character count must be at most 8192`},
		"parameter set twice": {ids + "parameters = { token = \"a\" }\n  secret_parameters = { token = \"b\" }",
			`Attribute secret_parameters\["token"\]: parameter "token" is in both parameters and secret_parameters`},
		"description too long": {ids + `description = "` + strings.Repeat("d", 1025) + `"`, `UTF-8 character count must be at most 1024`},
		"git type": {ids + `sources = [{ git_type = "svn", git_url = "https://x/y.git", build_type = "branch" }]`,
			`Attribute sources\[0\].git_type value must be one of`},
		"tag run without tag": {ids + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "tag" }]`,
			`build_type = "tag" needs the tag`},
		"wo version without wo": {ids + `secret_parameters_wo_version = 2`, `must be specified when "secret_parameters_wo_version" is specified`},
		"wait intervals inverted": {ids + `wait {
    poll_interval     = "1m"
    max_poll_interval = "10s"
  }`, `max_poll_interval is below poll_interval`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + "resource \"cicd_codearts_pipeline_run\" \"test\" {\n  " + tc.hcl + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
	t.Run("import id", func(t *testing.T) {
		resource.ParallelTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:        e.providerAKSK() + "resource \"cicd_codearts_pipeline_run\" \"test\" {\n  " + ids + "\n}\n",
				ResourceName:  pipelineRunRes,
				ImportState:   true,
				ImportStateId: simulator.DemoPipelineID + "/" + simulator.DemoPipelineRunID,
				ExpectError:   errorPattern(`Invalid pipeline run import id`, `is not <project_id>/<pipeline_id>/<pipeline_run_id>`),
			}},
		})
	})
}
