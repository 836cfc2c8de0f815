package provider

import (
	"context"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// An action stores nothing and has no triggers: its page must not talk about
// Terraform state, refresh, import, replacement or tainting, nor have an
// import section. Examples are checked too: an example may show a resource
// whose lifecycle runs the action (`action_trigger`), never `triggers`.
var actionPageForbidden = regexp.MustCompile(`(?i)\b(triggers|state|refresh(es|ed)?|import(s|ed|ing)?|replaced|tainted)\b`)

// TestDocsActionPagesHaveNoResourceText reads every page under docs/actions
// (and wants one per action, and an action per page).
func TestDocsActionPagesHaveNoResourceText(t *testing.T) {
	p := New("test")().(provider.ProviderWithActions)
	want := map[string]bool{}
	for _, f := range p.Actions(context.Background()) {
		var md action.MetadataResponse
		f().Metadata(context.Background(), action.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		want[filepath.Join("..", "..", "docs", "actions", strings.TrimPrefix(md.TypeName, providerTypeName+"_")+".md")] = true
	}
	if len(want) == 0 {
		t.Fatal("the provider lists no actions")
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "docs", "actions", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if !want[file] {
			t.Errorf("%s: a page for an action the provider does not have", file)
		}
		delete(want, file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(b), "\n") {
			if m := actionPageForbidden.FindString(l); m != "" {
				t.Errorf("%s:%d: an action page mentions %q (actions have no state, refresh, import or triggers): %s", file, i+1, m, l)
			}
			if strings.HasPrefix(l, "#") && strings.Contains(strings.ToLower(l), "import") {
				t.Errorf("%s:%d: an action page has an import section: %s", file, i+1, l)
			}
		}
	}
	for file := range want {
		t.Errorf("%s: no page for this action", file)
	}
}

// A resource page documents import exactly when the resource implements
// ImportState: "Import is supported" and a `terraform import` command, or
// else that it cannot be imported.
func TestDocsImportSectionsMatchImportState(t *testing.T) {
	for _, f := range New("test")().Resources(context.Background()) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		file := filepath.Join("..", "..", "docs", "resources", strings.TrimPrefix(md.TypeName, providerTypeName+"_")+".md")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		_, importable := r.(resource.ResourceWithImportState)
		supported := strings.Contains(page, "Import is supported")
		command := strings.Contains(page, "\nterraform import "+md.TypeName+".")
		cannot := strings.Contains(page, "cannot be imported")
		switch {
		case importable && (!supported || !command):
			t.Errorf("%s: %s implements ImportState, but its page has no import section with a `terraform import %s.<name> <id>` command", file, md.TypeName, md.TypeName)
		case importable && cannot:
			t.Errorf("%s: %s implements ImportState, but its page says it cannot be imported", file, md.TypeName)
		case importable && !importSaysWhatToWrite.MatchString(page[strings.Index(page, "## Import"):]):
			t.Errorf("%s: the import section must say what is read back (\"Read back: ...\") and what to write after the import", file)
		case !importable && (supported || command):
			for i, l := range strings.Split(page, "\n") {
				if strings.Contains(l, "Import is supported") || strings.HasPrefix(l, "terraform import") {
					t.Errorf("%s:%d: %s does not implement ImportState, but its page says: %s", file, i+1, md.TypeName, l)
				}
			}
		case !importable && !cannot:
			t.Errorf("%s: %s does not implement ImportState; its page must say it cannot be imported", file, md.TypeName)
		}
	}
}

// importSaysWhatToWrite: an import section names what is read back, then
// what the user writes (or sets) after the import.
var importSaysWhatToWrite = regexp.MustCompile(`(?s)Read back:.*\b(write|Write|set|Set)\b`)

// importCommand is the `terraform import <type>.<name> <id>` line of a page.
var importCommand = regexp.MustCompile(`(?m)^terraform import (cicd_[a-z_]+)\.[A-Za-z0-9_-]+ (\S+)$`)

// TestDocsImportIDsAreWhatImportStateParses drives each resource's
// ImportState, through the provider's protocol server as Terraform does,
// with the id its page shows: it must be accepted and fill the attributes
// the id names, and the same id without its last part must be refused (so
// the check is not vacuous).
func TestDocsImportIDsAreWhatImportStateParses(t *testing.T) {
	h := newProtoHarness(t, newTestEnv(t))
	ctx := context.Background()
	for _, f := range New("test")().Resources(ctx) {
		r := f()
		if _, ok := r.(resource.ResourceWithImportState); !ok {
			continue
		}
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		t.Run(md.TypeName, func(t *testing.T) {
			file := filepath.Join("..", "..", "docs", "resources", strings.TrimPrefix(md.TypeName, providerTypeName+"_")+".md")
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			m := importCommand.FindStringSubmatch(string(b))
			if m == nil || m[1] != md.TypeName {
				t.Fatalf("%s: no `terraform import %s.<name> <id>` line", file, md.TypeName)
			}
			id := m[2]
			resp, err := h.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: md.TypeName, ID: id})
			if err != nil {
				t.Fatal(err)
			}
			if hasErrors(resp.Diagnostics) || len(resp.ImportedResources) != 1 {
				t.Fatalf("%s: ImportState refuses the documented id %q: %s", file, id, diagText(resp.Diagnostics))
			}
			typ := h.schema.ResourceSchemas[md.TypeName].ValueType()
			v, err := resp.ImportedResources[0].State.Unmarshal(typ)
			if err != nil {
				t.Fatal(err)
			}
			// Every part of the id lands in some attribute of the imported
			// state (nested ones too: pipeline_from_template keeps the
			// project in workflow.project_id).
			for _, part := range strings.Split(id, "/") {
				found := false
				_ = tftypes.Walk(v, func(_ *tftypes.AttributePath, a tftypes.Value) (bool, error) {
					var s string
					var n *big.Float
					switch {
					case !a.IsKnown() || a.IsNull():
					case a.Type().Is(tftypes.String) && a.As(&s) == nil && s == part:
						found = true
					case a.Type().Is(tftypes.Number) && a.As(&n) == nil && n.Text('f', -1) == part:
						found = true
					}
					return !found, nil
				})
				if !found {
					t.Errorf("%s: the documented id %q: its part %q is in no attribute of the imported state", file, id, part)
				}
			}
			if i := strings.LastIndex(id, "/"); i > 0 {
				short, err := h.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: md.TypeName, ID: id[:i]})
				if err != nil {
					t.Fatal(err)
				}
				if !hasErrors(short.Diagnostics) {
					t.Errorf("%s: ImportState accepts %q, the documented id without its last part", file, id[:i])
				}
			}
		})
	}
}

// TestAccDocsPipelineImportAdvice: what the cicd_codearts_pipeline page
// says to write after an import is what gives an empty plan, and what it
// says not to write (template_id) would replace the pipeline. Through the
// CLI: apply from a template, forget the pipeline, import it, plan.
func TestAccDocsPipelineImportAdvice(t *testing.T) {
	tf := terraformCLI(t)
	bin := providerBinaryDir(t)
	e := newTestEnv(t)
	dir := t.TempDir()
	work := filepath.Join(dir, "work")
	head := "terraform {\n  required_providers {\n    cicd = { source = \"cicdlabs/cicd\" }\n  }\n}\n" + e.providerAKSK()
	imp := "output \"import_id\" {\n  value = \"${cicd_codearts_pipeline.test.project_id}/${cicd_codearts_pipeline.test.id}\"\n}\n"
	writeFile(t, filepath.Join(work, "main.tf"), head+pipelineFromTemplateConfig("Build", "")+imp)
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"cicdlabs/cicd\" = %q\n  }\n  direct {}\n}\n", bin))
	env := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "HOME="+dir)
	runTerraform(t, tf, work, env, 0, "apply", "-auto-approve", "-input=false", "-no-color")
	id := runTerraform(t, tf, work, env, 0, "output", "-raw", "import_id")
	runTerraform(t, tf, work, env, 0, "state", "rm", pipelineAddr)
	runTerraform(t, tf, work, env, 0, "import", "-input=false", "-no-color", pipelineAddr, id)

	// As the page says: definition and variables as read back, no template_id.
	writeFile(t, filepath.Join(work, "main.tf"), head+fmt.Sprintf(pipelineTemplateBlock, "Build")+fmt.Sprintf(`
resource "cicd_codearts_pipeline" "test" {
  project_id = %q
  name       = "pl-from-template"
  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  variables  = [{ name = "env", type = "string", value = "dev" }]
  sources    = [{ git_type = "codehub", git_url = "https://codehub.example.com/demo/backend.git", default_branch = "main" }]
}
`, simulator.DemoCodeArtsProjectID)+imp)
	if out := runTerraform(t, tf, work, env, 0, "plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(out, "No changes.") {
		t.Fatalf("the configuration the page advises after import does not plan empty:\n%s", out)
	}
	// What the page warns against: template_id forces a replacement.
	writeFile(t, filepath.Join(work, "main.tf"), head+pipelineFromTemplateConfig("Build", "")+imp)
	out := runTerraform(t, tf, work, env, 2, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if !strings.Contains(out, "cicd_codearts_pipeline.test must be replaced") || !errorPattern(`template_id`, `# forces replacement`).MatchString(out) {
		t.Fatalf("template_id after import does not replace the pipeline, as the page says it does:\n%s", out)
	}
}
