package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccActionsMissingPlatformAtPlan: `terraform plan -invoke` of an action
// whose platform the provider does not configure fails at plan, naming the
// provider attributes to set, and nothing reaches the service.
func TestAccActionsMissingPlatformAtPlan(t *testing.T) {
	tf := terraformCLI(t)
	requireActionsCLI(t, tf)
	bin := providerBinaryDir(t)
	e := newTestEnv(t)
	rainbondOnly := fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url   = %q\n    token = %q\n  }\n}\n", e.url, simulator.DemoRainbondToken)
	codeartsOnly := fmt.Sprintf("provider \"cicd\" {\n  codearts {\n    region = %q\n    %s\n    %s\n  }\n}\n", simulator.DemoRegion, mxAKSK, e.endpoints())
	rows := []struct {
		typ, provider, body string
		want                []string
	}{
		{"cicd_codearts_build_run", rainbondOnly, mxBuild, []string{"CodeArts is not configured", "codearts.access_key and codearts.secret_key"}},
		{"cicd_codearts_deploy_run", rainbondOnly, mxDeploy, []string{"CodeArts is not configured", "codearts.region"}},
		{"cicd_codearts_pipeline_run", rainbondOnly, mxRun, []string{"CodeArts is not configured", "codearts.auth_token"}},
		{"cicd_rainbond_component_build", codeartsOnly, mxRb, []string{"Rainbond is not configured", "rainbond.url and rainbond.token"}},
	}
	for _, r := range rows {
		t.Run(r.typ, func(t *testing.T) {
			dir := t.TempDir()
			work := filepath.Join(dir, "work")
			writeFile(t, filepath.Join(work, "main.tf"), "terraform {\n  required_providers {\n    cicd = { source = \"cicdlabs/cicd\" }\n  }\n}\n"+
				r.provider+fmt.Sprintf("action %q \"this\" {\n  config {\n  %s\n  }\n}\n", r.typ, r.body))
			rc := filepath.Join(dir, "cli.tfrc")
			writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", bin))
			env := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME="+dir)
			out := runTerraform(t, tf, work, env, 1, "plan", "-invoke=action."+r.typ+".this", "-input=false", "-no-color")
			if !errorPattern(r.want...).MatchString(out) || strings.Count(out, "Error: ") != 1 {
				t.Fatalf("the plan does not fail with one %q diagnostic:\n%s", r.want, out)
			}
		})
	}
	if n := len(e.sim.Requests()); n != 0 {
		t.Fatalf("%d request(s) reached the simulator: %v", n, e.sim.Requests())
	}
}
