package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestAccPipelineTemplatesDataSource(t *testing.T) {
	e := newTestEnv(t)
	def := `{"stages":[{"name":"Build","sequence":0},{"name":"Deploy","sequence":1},{"name":"Verify","sequence":2}]}`
	for i := 0; i < 60; i++ {
		e.sim.AddTemplate(simulator.Template{Name: fmt.Sprintf("svc-%02d-build", i), Language: "go", Definition: def, IsCollect: i == 7})
	}
	e.sim.AddTemplate(simulator.Template{Name: "web-build", Language: "nodejs", Definition: def, IsShowSource: true})
	cfg := e.providerAKSK() + `
data "cicd_codearts_pipeline_templates" "go" {
  language  = "go"
  is_system = false
  sort_key  = "name"
  sort_dir  = "asc"
  limit     = 55
}
data "cicd_codearts_pipeline_templates" "web" {
  name = "WEB-"
}
data "cicd_codearts_pipeline_templates" "system" {
  is_system = true
}
data "cicd_codearts_pipeline_templates" "none" {
  name = "no-such-template"
}
`
	goDS, web, sys, none := "data.cicd_codearts_pipeline_templates.go", "data.cicd_codearts_pipeline_templates.web",
		"data.cicd_codearts_pipeline_templates.system", "data.cicd_codearts_pipeline_templates.none"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				// limit 55 of 60 matching, read in two pages (50 + 5), sorted by name
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("total"), knownvalue.Int64Exact(60)),
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("templates"), knownvalue.ListSizeExact(55)),
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("svc-00-build")),
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("templates").AtSliceIndex(7).AtMapKey("is_favorite"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("stages"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Build"), "sequence": knownvalue.Int64Exact(0)}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Deploy"), "sequence": knownvalue.Int64Exact(1)}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("Verify"), "sequence": knownvalue.Int64Exact(2)}),
				})),
				statecheck.ExpectKnownValue(goDS, tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("domain_id"), knownvalue.StringExact(simulator.DemoDomainID)),
				// fuzzy, case-insensitive name filter; is_show_source decoded from the list's string
				statecheck.ExpectKnownValue(web, tfjsonpath.New("templates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name": knownvalue.StringExact("web-build"), "language": knownvalue.StringExact("nodejs"),
						"is_show_source": knownvalue.Bool(true), "is_system": knownvalue.Bool(false), "is_favorite": knownvalue.Bool(false),
					}),
				})),
				statecheck.ExpectKnownValue(sys, tfjsonpath.New("total"), knownvalue.Int64Exact(5)),
				statecheck.ExpectKnownValue(sys, tfjsonpath.New("templates").AtSliceIndex(0).AtMapKey("is_system"), knownvalue.Bool(true)),
				// empty result: an empty list, not an error
				statecheck.ExpectKnownValue(none, tfjsonpath.New("templates"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue(none, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}

func TestAccPipelineTemplatesDataSource_badInput(t *testing.T) {
	e := newTestEnv(t)
	for name, tc := range map[string]struct{ cfg, want string }{
		"language": {`language = "golang"`, `Attribute language value must be one of`},
		"sort_dir": {`sort_dir = "up"`, `Attribute sort_dir value must be one of`},
		"limit":    {`limit = 0`, `Attribute limit value must be between 1 and 5000`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + "data \"cicd_codearts_pipeline_templates\" \"x\" {\n  " + tc.cfg + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}
