package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

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

const templateAddr = "cicd_codearts_pipeline_template.test"

// templateConfig renders a template resource; extra goes inside the block.
func templateConfig(name, description, extra string) string {
	return fmt.Sprintf(`
resource "cicd_codearts_pipeline_template" "test" {
  name        = %q
  language    = "java"
  description = %q
  definition = jsonencode({
    stages = [
      { name = "Build", sequence = "0", jobs = [{ name = "Maven", steps = [] }] },
      { name = "Check", sequence = "1", jobs = [] },
    ]
  })
%s
}
`, name, description, extra)
}

const templateVarsV1 = `
  variables = [
    { name = "branch", type = "string", value = "main", is_runtime = true },
    { name = "env", type = "enum", value = "dev", limits = ["dev", "prod"], description = "target" },
  ]
  is_favorite = true
`

const templateVarsV2 = `
  variables = [
    { name = "env", type = "enum", value = "prod", limits = ["dev", "prod", "staging"] },
    { name = "build_no", type = "autoIncrement", value = "1" },
  ]
  is_show_source = true
  is_favorite    = false
`

// stateID reads a resource's id from the state in a Check.
func stateID(addr string, dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s not in state", addr)
		}
		*dst = rs.Primary.ID
		return nil
	}
}

func TestAccPipelineTemplate_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	rfc3339 := knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))
	cfg1 := e.providerAKSK() + templateConfig("tpl-acc", "first", templateVarsV1)
	cfg2 := e.providerAKSK() + templateConfig("tpl-acc-renamed", "second", templateVarsV2)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if n := len(e.sim.Templates()); n != 0 {
				return fmt.Errorf("%d templates left after destroy", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{ // create
				Config: cfg1,
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("create_time"), rfc3339),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("is_favorite"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("is_system"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("manifest_version"), knownvalue.StringExact("3.0")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("creator_id"), knownvalue.StringExact(simulator.DemoUserID)),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("variables").AtSliceIndex(1).AtMapKey("limits"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("dev"), knownvalue.StringExact("prod")})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateID(templateAddr, &id),
					func(*terraform.State) error {
						tpl, ok := e.sim.GetTemplate(id)
						if !ok || tpl.Name != "tpl-acc" || !tpl.IsCollect || len(tpl.Variables) != 2 ||
							tpl.Variables[0].Sequence != 1 || tpl.Variables[1].Name != "env" || !tpl.Variables[0].IsRuntime {
							return fmt.Errorf("server has %+v", tpl)
						}
						return nil
					},
				),
			},
			{ // import
				ResourceName:      templateAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // update in place: same id
				Config: cfg2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("name"), knownvalue.StringExact("tpl-acc-renamed")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("is_favorite"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("update_time"), rfc3339),
				},
				Check: func(*terraform.State) error {
					tpl, _ := e.sim.GetTemplate(id)
					if tpl.Name != "tpl-acc-renamed" || tpl.Description != "second" || tpl.IsCollect || !tpl.IsShowSource ||
						len(tpl.Variables) != 2 || tpl.Variables[1].Type != "autoIncrement" || tpl.Variables[0].Limits[2] != "staging" {
						return fmt.Errorf("server has %+v", tpl)
					}
					return nil
				},
			},
			{ // the service re-formats the definition: no diff
				PreConfig: func() {
					before, _ := e.sim.GetTemplate(id)
					if !e.sim.ReformatTemplateDefinition(id) {
						t.Fatal("template vanished")
					}
					after, _ := e.sim.GetTemplate(id)
					if after.Definition == before.Definition || !strings.Contains(after.Definition, "\n    ") {
						t.Fatalf("definition not re-formatted: %s", after.Definition)
					}
				},
				Config: cfg2,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{ // deleted out of band (not-found with HTTP 404): re-create planned
				PreConfig: func() { e.sim.SetTemplateNotFoundStatus(http.StatusNotFound) },
				Config:    cfg2,
				Check: func(*terraform.State) error {
					if !e.sim.DeleteTemplate(id) {
						return fmt.Errorf("template %s not on the server", id)
					}
					return nil
				},
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionCreate),
				}},
			},
			{ // re-created (not-found with HTTP 200 from here on)
				PreConfig: func() { e.sim.SetTemplateNotFoundStatus(http.StatusOK) },
				Config:    cfg2,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValue(compare.ValuesDiffer()).AddStateValue(templateAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if n := len(e.sim.Templates()); n != 1 {
						return fmt.Errorf("%d templates on the server, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// TestAccPipelineTemplate_writeOnlySecret: with the write-only map the
// secret reaches the service but is in neither the plan nor the state.
func TestAccPipelineTemplate_writeOnlySecret(t *testing.T) {
	e := newTestEnv(t)
	const secret1, secret2 = "wo-secret-value-5b1c", "wo-secret-value-rotated-77d0"
	// The value comes from an ephemeral variable, as the docs advise: a
	// literal would be kept in the saved plan's copy of the configuration.
	cfg := func(version int) string {
		return e.providerAKSK() + `
variable "api_token" {
  type      = string
  sensitive = true
  ephemeral = true
}
` + templateConfig("tpl-secret", "", fmt.Sprintf(`
  variables = [
    { name = "region", type = "string", value = "cn-north-4" },
    { name = "api_token", type = "string", is_secret = true },
  ]
  secret_variable_values_wo         = { api_token = var.api_token }
  secret_variable_values_wo_version = %d
`, version))
	}
	var id string
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:          cfg(1),
				ConfigVariables: config.Variables{"api_token": config.StringVariable(secret1)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					planLacks(secret1),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameID.AddStateValue(templateAddr, tfjsonpath.New("id")),
					statecheck.ExpectKnownValue(templateAddr, tfjsonpath.New("secret_variable_values_wo"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					stateID(templateAddr, &id),
					stateLacks(secret1),
					serverSecretIs(e, &id, "api_token", secret1),
				),
			},
			{ // rotate: new value + version bump is an in-place update
				Config:          cfg(2),
				ConfigVariables: config.Variables{"api_token": config.StringVariable(secret2)},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(templateAddr, plancheck.ResourceActionUpdate),
					planLacks(secret2),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(templateAddr, tfjsonpath.New("id"))},
				Check:             resource.ComposeAggregateTestCheckFunc(stateLacks(secret2), serverSecretIs(e, &id, "api_token", secret2)),
			},
			{
				ResourceName:            templateAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret_variable_values_wo_version"},
				ConfigVariables:         config.Variables{"api_token": config.StringVariable(secret2)},
			},
		},
	})
}

// TestAccPipelineTemplate_sensitiveSecret: the sensitive map is hidden in
// plans (and sent), for Terraform versions without write-only attributes.
func TestAccPipelineTemplate_sensitiveSecret(t *testing.T) {
	e := newTestEnv(t)
	const secret = "sensitive-secret-value-31aa"
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: e.providerAKSK() + templateConfig("tpl-sensitive", "", fmt.Sprintf(`
  variables              = [{ name = "db_password", type = "string", is_secret = true }]
  secret_variable_values = { db_password = %q }
`, secret)),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectSensitiveValue(templateAddr, tfjsonpath.New("secret_variable_values")),
			}},
			Check: resource.ComposeAggregateTestCheckFunc(
				stateID(templateAddr, &id),
				serverSecretIs(e, &id, "db_password", secret),
				resource.TestCheckResourceAttr(templateAddr, "variables.0.value", ""),
			),
		}},
	})
}

// stateLacks fails when any attribute of any resource holds the secret.
func stateLacks(secret string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("%s.%s holds the secret value", addr, k)
				}
			}
		}
		return nil
	}
}

func serverSecretIs(e *testEnv, id *string, name, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		tpl, ok := e.sim.GetTemplate(*id)
		if !ok {
			return fmt.Errorf("template %s not on the server", *id)
		}
		for _, v := range tpl.Variables {
			if v.Name == name {
				if !v.IsSecret || v.Value != want {
					return fmt.Errorf("server variable %s: secret=%v value=%q, want the configured secret", name, v.IsSecret, v.Value)
				}
				return nil
			}
		}
		return fmt.Errorf("no variable %s on the server", name)
	}
}

func TestAccPipelineTemplate_badInput(t *testing.T) {
	e := newTestEnv(t)
	cases := []struct {
		name   string
		config string
		want   *regexp.Regexp
	}{
		{"unknown language", strings.Replace(templateConfig("x", "", ""), `"java"`, `"Golang"`, 1),
			errorPattern(`Attribute language value must be one of`, `"Golang"`)},
		{"unknown variable type", templateConfig("x", "", `  variables = [{ name = "n", type = "number" }]`),
			errorPattern(`variables\[0\]\.type`, `value must be one of`, `"number"`)},
		{"invalid JSON definition", `
resource "cicd_codearts_pipeline_template" "test" {
  name       = "x"
  language   = "go"
  definition = "{\"stages\": ["
}`, errorPattern(`Invalid JSON String Value`, `definition`)},
		{"definition not an object", `
resource "cicd_codearts_pipeline_template" "test" {
  name       = "x"
  language   = "go"
  definition = jsonencode(["stages"])
}`, errorPattern(`Invalid JSON object`, `definition`)},
		{"empty name", templateConfig("", "", ""), errorPattern(`Attribute name UTF-8 character count must be between 1 and 128`)},
		{"bad variable name", templateConfig("x", "", `  variables = [{ name = "my-var", type = "string" }]`),
			errorPattern(`variables\[0\]\.name`, `letters, digits and underscores`)},
		{"duplicate variable", templateConfig("x", "", `  variables = [{ name = "a", type = "string" }, { name = "a", type = "enum" }]`),
			errorPattern(`Duplicate variable name`, `Attribute variables\[1\]\.name: variable "a" is also declared at variables\[0\]`)},
		{"secret with plain value", templateConfig("x", "", `  variables = [{ name = "pw", type = "string", is_secret = true, value = "hunter2" }]`),
			errorPattern(`Secret variable with a plain value`, `Attribute variables\[0\]\.value: variable "pw" is secret`, `secret_variable_values_wo`)},
		{"secret value for a non-secret variable", templateConfig("x", "", `  variables = [{ name = "pw", type = "string" }]
  secret_variable_values_wo = { pw = "x" }`),
			errorPattern(`Not a secret variable`, `secret_variable_values_wo = { pw = "x" }`, `"pw" is not the name of a variable with is_secret = true`)},
		{"both secret maps", templateConfig("x", "", `  variables = [{ name = "pw", type = "string", is_secret = true }]
  secret_variable_values_wo = { pw = "x" }
  secret_variable_values    = { pw = "x" }`),
			errorPattern(`Invalid Attribute Combination`)},
	}
	// Runs after the parallel subtests: none may have reached the service.
	t.Cleanup(func() {
		if n := e.sim.Count("POST /v5/{tenant_id}/api/pipeline-templates"); n != 0 {
			t.Errorf("bad input reached the service %d times", n)
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + tc.config,
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

// TestAccPipelineTemplate_identity: the identity (domain_id, template_id) is
// set on create, kept by an update, and an import block with it (Terraform
// >= 1.12) imports the template as the string id does; an identity of
// another account is refused before any template request.
func TestAccPipelineTemplate_identity(t *testing.T) {
	e := newTestEnv(t)
	cfg1 := e.providerAKSK() + templateConfig("tpl-identity", "first", templateVarsV1)
	cfg2 := e.providerAKSK() + templateConfig("tpl-identity-renamed", "second", templateVarsV2)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_14_0)},
		Steps: append(identityCreateUpdateSteps(templateAddr, cfg1, cfg2, map[string]knownvalue.Check{"domain_id": knownvalue.StringExact(simulator.DemoDomainID)}, "template_id"), []resource.TestStep{
			// Plannable imports (terraform-plugin-testing refuses ImportStateVerify
			// with them): the import plan must be a no-op against the configuration
			// and the imported identity equal the created one.
			{ // import block with the identity
				Config:          cfg2,
				ResourceName:    templateAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{ // import block with the string id
				Config:          cfg2,
				ResourceName:    templateAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{ // terraform import with the string id, every attribute compared
				Config:            cfg2,
				ResourceName:      templateAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // an identity of another account
				Config: cfg2 + `
import {
  to       = cicd_codearts_pipeline_template.other
  identity = { domain_id = "0123456789abcdef0123456789abcdef", template_id = "abc" }
}
` + strings.Replace(templateConfig("other", "", ""), `"test"`, `"other"`, 1),
				PlanOnly:    true,
				ExpectError: errorPattern("Pipeline template of another account", `domain_id is "0123456789abcdef0123456789abcdef"`, "Configure the provider for account"),
			},
		}...),
	})
}
