package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccSecretsNotEchoed: a service that quotes a secret back (an error
// reply repeating the rejected value, a build or step log printing it) does
// not make the provider leak it. Each row sends one secret (from an
// ephemeral TF_VAR_secret, to a write-only attribute), has the
// simulator echo it, and runs the built provider through plan -out and apply
// at TF_LOG=TRACE; then:
//
//   - the echo happened and was masked: the output holds the row's marker
//     with *** where the secret stood;
//   - no command's output, no TRACE log (terraform core's ERROR lines of the
//     diagnostic included), neither state view nor the plan holds the secret
//     in any form the secrets suite checks (raw, JSON-escaped once or twice,
//     its plain prefix).
func TestAccSecretsNotEchoed(t *testing.T) {
	tf := terraformCLI(t)
	bin := providerBinaryDir(t)

	type row struct {
		name   string
		secret string
		// config arranges the simulator and renders the resources.
		config func(t *testing.T, e *testEnv, secret string) string
		// applyExit is terraform apply's exit code (1: the apply fails).
		applyExit int
		// masked is a fragment of the output with the secret masked.
		masked string
	}
	rbBuild := func(t *testing.T, e *testEnv, outcome simulator.RainbondBuildOutcome, extra string) string {
		e.sim.SetRainbondBuildOutcome(rbService, outcome)
		return fmt.Sprintf(`
resource "cicd_rainbond_component_build" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
  repo_url    = "https://git.example.com/team/private-app.git"
  username    = "ci-bot"
%s
%s
}
`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService, fastWait, extra)
	}
	pipelineRun := func(t *testing.T, e *testEnv, plan simulator.PipelineRunPlan, extra string) string {
		p := e.sim.AddPipeline(simulator.Pipeline{Name: "tf-" + rowName(t)})
		plan.StepDuration = 30 * time.Millisecond
		e.sim.SetPipelineRunOutcome(p.ID, plan)
		return fmt.Sprintf(`
resource "cicd_codearts_pipeline_run" "test" {
  project_id  = %q
  pipeline_id = %q
%s
%s
}
`, simulator.DemoCodeArtsProjectID, p.ID, fastWait, extra)
	}
	const runRoute = "POST /v5/{project_id}/api/pipelines/{pipeline_id}/run"
	const templateRoute = "POST /v5/{tenant_id}/api/pipeline-templates"
	const rbBuildRoute = "POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build"

	rows := []row{
		{name: "deploy secret_parameters_wo quoted by a start error", secret: `depEchoMarker4b1c-<&>"\-wo`, applyExit: 1,
			masked: "api_token value='***' is not allowed",
			config: func(t *testing.T, e *testEnv, secret string) string {
				task := newDeployTask(t, e, simulator.DeployOutcome{RejectMsg: "Invalid parameter: api_token value='" + secret + "' is not allowed"})
				return fmt.Sprintf(`
resource "cicd_codearts_deploy_run" "test" {
  task_id = %q
  parameters = { "version" = "1.4.2" }
  secret_parameters_wo         = { api_token = var.secret }
  secret_parameters_wo_version = 1
%s
}
`, task, fastWait)
			}},
		{name: "template secret_variable_values_wo quoted by a create error", secret: `tplEchoMarker9e2a-<&>"\-wo`, applyExit: 1,
			masked: "db_password value '***' is too weak",
			config: func(t *testing.T, e *testEnv, secret string) string {
				e.sim.InjectFault(templateRoute, simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "DEVPIPE.00011103",
					Message: "variable db_password value '" + secret + "' is too weak"})
				return templateConfig("tpl-"+rowName(t), "", `
  variables                         = [{ name = "db_password", type = "string", is_secret = true }]
  secret_variable_values_wo         = { db_password = var.secret }
  secret_variable_values_wo_version = 1`)
			}},
		{name: "pipeline run secret_parameters_wo quoted by a start error", secret: `runEchoMarker7c3d-<&>"\-wo`, applyExit: 1,
			masked: "variable token='***' is invalid",
			config: func(t *testing.T, e *testEnv, secret string) string {
				e.sim.InjectFault(runRoute, simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "DEVPIPE.00011103",
					Message: "variable token='" + secret + "' is invalid"})
				return pipelineRun(t, e, simulator.PipelineRunPlan{}, `
  secret_parameters_wo         = { token = var.secret }
  secret_parameters_wo_version = 1`)
			}},
		{name: "pipeline run secret_parameters_wo printed by the failed step's log", secret: `runLogMarker5a8e-<&>"\-wo`, applyExit: 1,
			masked: "curl -H token:*** failed",
			config: func(t *testing.T, e *testEnv, secret string) string {
				return pipelineRun(t, e, simulator.PipelineRunPlan{Outcome: simulator.RunFailed, FailMessage: "curl -H token:" + secret + " failed"}, `
  secret_parameters_wo         = { token = var.secret }
  secret_parameters_wo_version = 1`)
			}},
		{name: "rainbond password_wo quoted by a build error", secret: `rbEchoMarker2f6b-<&>"\-wo`, applyExit: 1,
			masked: "authentication failed for ci-bot:***@git.example.com",
			config: func(t *testing.T, e *testEnv, secret string) string {
				e.sim.InjectFault(rbBuildRoute, simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "400",
					Message: "authentication failed for ci-bot:" + secret + "@git.example.com"})
				return rbBuild(t, e, simulator.RainbondBuildOutcome{Duration: 100 * time.Millisecond}, `
  password_wo         = var.secret
  password_wo_version = 1`)
			}},
		{name: "rainbond password_wo printed by a successful build's log (log_tail in state)", secret: `rbLogMarker0d9c-<&>"\-wo`,
			masked: "git clone https://ci-bot:***@git.example.com",
			config: func(t *testing.T, e *testEnv, secret string) string {
				return rbBuild(t, e, simulator.RainbondBuildOutcome{Duration: 100 * time.Millisecond,
					LogLines: []string{"Start", "git clone https://ci-bot:" + secret + "@git.example.com/team/private-app.git", "Build success"}}, `
  password_wo         = var.secret
  password_wo_version = 1`)
			}},
		{name: "rainbond password_wo printed by a failed build's log and message", secret: `rbFailMarker3e7a-<&>"\-wo`, applyExit: 1,
			masked: "fatal: could not read ***",
			config: func(t *testing.T, e *testEnv, secret string) string {
				return rbBuild(t, e, simulator.RainbondBuildOutcome{Duration: 100 * time.Millisecond, Status: "failure",
					Message:  "clone failed with password " + secret,
					LogLines: []string{"Start", "fatal: could not read " + secret, "Build failed"}}, `
  password_wo         = var.secret
  password_wo_version = 1`)
			}},
	}

	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			e := newTestEnv(t)
			cli := newTraceCLI(t, tf, bin, "variable \"secret\" {\n  type = string\n  ephemeral = true\n}\n"+e.providerAKSK()+r.config(t, e, r.secret),
				map[string]string{"secret": r.secret})
			cli.run(0, "plan", "-no-color", "-input=false", "-out=tfplan")
			cli.run(r.applyExit, "apply", "-no-color", "-input=false", "-auto-approve", "tfplan")
			cli.run(0, "show", "-json")
			cli.run(0, "show", "-no-color")
			seen := map[string]string{"the plan file": unzipText(t, filepath.Join(cli.work, "tfplan"))}
			var outputs strings.Builder
			for cmd, out := range cli.outputs {
				seen[cmd] = out
				outputs.WriteString(out)
			}
			for _, p := range cli.logs {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				seen["the TRACE log of "+filepath.Base(p)] = string(b)
			}
			if b, err := os.ReadFile(filepath.Join(cli.work, "terraform.tfstate")); err == nil {
				seen["terraform.tfstate"] = string(b)
			}

			if !strings.Contains(strings.Join(strings.Fields(outputs.String()), " "), r.masked) {
				t.Errorf("the output lacks %q: the echo did not happen or was not masked\n%s", r.masked, outputs.String())
			}
			for where, text := range seen {
				if containsAny(text, r.secret) {
					t.Errorf("%s contains the secret%s", where, leakContext(text, r.secret))
				}
			}
		})
	}
}
