package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccListGenerateConfigCLI drives the terraform CLI the way the guide
// "Bringing existing CodeArts pipelines under Terraform" does: a template and
// a pipeline made elsewhere (another configuration) are found with
// `terraform query`, `-generate-config-out` writes their configuration and
// import blocks (by identity), the import applies, and the next plan shows
// no changes.
func TestAccListGenerateConfigCLI(t *testing.T) {
	tf := terraformCLI(t)
	requireActionsCLI(t, tf) // list blocks need Terraform >= 1.14 too
	bin := providerBinaryDir(t)
	e := newTestEnv(t)
	header := `terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
` + e.providerAKSK()

	// Made elsewhere: a template with variables and a pipeline with sources,
	// variables, a schedule and a trigger.
	owner := filepath.Join(t.TempDir(), "owner")
	// The template has a secret variable too: the service never returns its
	// value, and the generated configuration must not hold it either.
	const secret = "owner-secret-4f1d"
	tplVars := strings.Replace(templateVarsV1, `description = "target" },`, `description = "target" },
    { name = "token", type = "string", is_secret = true },`, 1) + `
  secret_variable_values = { token = "` + secret + `" }
`
	writeFile(t, filepath.Join(owner, "main.tf"), header+templateConfig("adopt-me", "made elsewhere", tplVars)+
		pipelineConfig("adopt-me-too", "made elsewhere", pipelineSettingsV1))
	env := cliEnv(t, filepath.Dir(owner), bin)
	runTerraform(t, tf, owner, env, 0, "apply", "-auto-approve", "-input=false", "-no-color")
	tpls, pls := e.sim.Templates(), pipelinesNamed(e, "adopt-me-too")
	if len(tpls) != 1 || len(pls) != 1 {
		t.Fatalf("setup: %d templates, %d pipelines", len(tpls), len(pls))
	}
	e.sim.AddTemplate(simulator.Template{Name: "someone-else", Language: "go", Definition: `{"stages":[]}`}) // filtered out

	// Adopting them: a new configuration with only the provider, and the query.
	adopt := filepath.Join(t.TempDir(), "adopt")
	writeFile(t, filepath.Join(adopt, "main.tf"), header)
	writeFile(t, filepath.Join(adopt, "existing.tfquery.hcl"), fmt.Sprintf(`
list "cicd_codearts_pipeline_template" "existing" {
  provider = cicd
  config {
    name = "adopt-me"
  }
}

list "cicd_codearts_pipeline" "existing" {
  provider = cicd
  config {
    project_ids = [%q]
    name        = "adopt-me-too"
  }
}
`, simulator.DemoCodeArtsProjectID))
	env = cliEnv(t, filepath.Dir(adopt), bin)
	out := runTerraform(t, tf, adopt, env, 0, "query", "-no-color")
	for _, want := range []string{"list.cicd_codearts_pipeline_template.existing", "template_id=" + tpls[0].ID, "adopt-me",
		"list.cicd_codearts_pipeline.existing", "pipeline_id=" + pls[0].ID, "adopt-me-too"} {
		if !strings.Contains(out, want) {
			t.Fatalf("terraform query does not show %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "someone-else") {
		t.Fatalf("the name filter let another template through:\n%s", out)
	}

	runTerraform(t, tf, adopt, env, 0, "query", "-generate-config-out=generated.tf", "-no-color")
	gen, err := os.ReadFile(filepath.Join(adopt, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`resource "cicd_codearts_pipeline_template"`, `resource "cicd_codearts_pipeline"`, "import {", "identity = {",
		`template_id = "` + tpls[0].ID + `"`, `pipeline_id = "` + pls[0].ID + `"`, `domain_id   = "` + simulator.DemoDomainID + `"`} {
		if !strings.Contains(string(gen), want) {
			t.Fatalf("generated.tf lacks %q:\n%s", want, gen)
		}
	}

	if strings.Contains(string(gen), secret) {
		t.Fatalf("generated.tf holds the secret variable's value:\n%s", gen)
	}
	plan := runTerraform(t, tf, adopt, env, 0, "plan", "-input=false", "-no-color")
	if !strings.Contains(plan, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy.") {
		t.Fatalf("the plan of the generated configuration is not a pure import:\n%s\ngenerated.tf:\n%s", plan, gen)
	}
	if out := runTerraform(t, tf, adopt, env, 0, "apply", "-auto-approve", "-input=false", "-no-color"); !strings.Contains(out, "Apply complete! Resources: 2 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("the import apply did not import exactly the two objects:\n%s", out)
	}
	// After the import the plan is empty (exit 0 with -detailed-exitcode), and
	// nothing was created: still one template named adopt-me, one pipeline.
	plan = runTerraform(t, tf, adopt, env, 0, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if !strings.Contains(plan, "No changes. Your infrastructure matches the configuration.") {
		t.Fatalf("after the import the plan is not empty:\n%s", plan)
	}
	if n := len(e.sim.Templates()); n != 2 {
		t.Fatalf("%d templates on the server, want the 2 there were", n)
	}
	if n := len(pipelinesNamed(e, "adopt-me-too")); n != 1 {
		t.Fatalf("%d pipelines named adopt-me-too, want 1", n)
	}
}
