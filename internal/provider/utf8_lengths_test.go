package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccLimitsCountCharacters: a value of exactly the documented number of
// characters plans, however many bytes they take (four per emoji here); one
// more character is refused (the bad-input matrix has those rows). Before,
// the limits counted bytes: 128 emoji were "between 1 and 128, got: 512".
func TestAccLimitsCountCharacters(t *testing.T) {
	e := newTestEnv(t)
	configs := map[string]string{
		"template name and description": res("codearts_pipeline_template", mxTpl(emoji(templateNameMax), fmt.Sprintf("description = %q", emoji(1024)))),
		"template variable value": res("codearts_pipeline_template", mxTpl("x",
			fmt.Sprintf(`variables = [{ name = "n", type = "string", value = %q }]`, emoji(codearts.TemplateVariableValueMax)))),
		"workflow.name": res("codearts_pipeline_from_template", mxFromTpl(mxFlow, mxStates,
			fmt.Sprintf("{\n    name = %q\n    project_id = %q\n  }", emoji(128), simulator.DemoCodeArtsProjectID))),
		"pipeline run description": res("codearts_pipeline_run", mxRun+fmt.Sprintf("description = %q", emoji(codearts.RunDescriptionMax))),
		"deploy parameter value":   res("codearts_deploy_run", mxDeploy+fmt.Sprintf(`parameters = { "k" = %q }`, emoji(codearts.DeployParamValueMax))),
		"build parameter value":    res("codearts_build_run", mxBuild+fmt.Sprintf(`parameters = { codeBranch = %q }`, emoji(codearts.BuildParamValueMax))),
		"rainbond branch":          res("rainbond_component_build", mxRb+fmt.Sprintf("repo_url = \"https://git.example.com/a.git\"\n  branch = %q", emoji(rainbond.MaxBranchLen))),
	}
	var steps []resource.TestStep
	for name, cfg := range configs {
		steps = append(steps, resource.TestStep{
			PreConfig:          func() { t.Logf("case: %s", name) },
			Config:             e.providerAKSK() + cfg,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}
