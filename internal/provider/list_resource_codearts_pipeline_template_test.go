package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const (
	templateListRoute   = "POST /v5/{tenant_id}/api/pipeline-templates/list"
	templateDetailRoute = "GET /v5/{tenant_id}/api/pipeline-templates/{template_id}"
)

// seedTemplates stores n custom templates, seeded-000 …: even ones java,
// odd ones go. It returns their ids by language ("" = all).
func seedTemplates(e *testEnv, n int) map[string][]string {
	ids := map[string][]string{}
	for i := range n {
		lang := map[bool]string{true: "java", false: "go"}[i%2 == 0]
		t := e.sim.AddTemplate(simulator.Template{Name: fmt.Sprintf("seeded-%03d", i), Language: lang,
			Definition: `{"stages":[{"name":"Build","sequence":"0","jobs":[]}]}`})
		ids[""] = append(ids[""], t.ID)
		ids[lang] = append(ids[lang], t.ID)
	}
	return ids
}

// TestAccPipelineTemplateList_query: terraform query lists all 250 custom
// templates with their identities, paging 50 a request (5 requests, no
// detail reads), and the data source's filters narrow the list.
func TestAccPipelineTemplateList_query(t *testing.T) {
	e := newTestEnv(t)
	ids := seedTemplates(e, 250)
	var systemNames []string // the simulator's, marked as system templates
	for _, n := range []string{"Maven build", "npm build", "Go build", "Python package", "Blank template"} {
		systemNames = append(systemNames, n+" (system template)")
	}
	provider := e.providerAKSK()
	list := func(name, body string) string { return listBlock("cicd_codearts_pipeline_template", name, body) }
	const addr = "cicd_codearts_pipeline_template.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: provider}, // the working directory's configuration: the provider block the list blocks use
			{
				PreConfig: func() { e.sim.ResetCounts() },
				Query:     true,
				Config:    list("all", ""),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(addr, 250),
					queryFinds(addr, "template_id", ids[""]),
					querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"domain_id": knownvalue.StringExact(simulator.DemoDomainID), "template_id": knownvalue.StringExact(ids[""][7])}),
					querycheck.ExpectResourceDisplayName(addr, queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"domain_id": knownvalue.StringExact(simulator.DemoDomainID), "template_id": knownvalue.StringExact(ids[""][7])}),
						knownvalue.StringExact("seeded-007")),
					requestsAre(e, map[string]int{templateListRoute: 5, templateDetailRoute: 0}),
				},
			},
			{
				Query: true,
				Config: list("go", `language = "go"`) + list("named", `name = "seeded-01"`) +
					list("system", `is_system = true`) + list("sorted", `sort_key = "name"
    sort_dir = "desc"
    language = "java"`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					queryFinds("cicd_codearts_pipeline_template.go", "template_id", ids["go"]),
					queryFinds("cicd_codearts_pipeline_template.named", "template_id", ids[""][10:20]),
					queryFinds("cicd_codearts_pipeline_template.system", "", systemNames),
					queryFinds("cicd_codearts_pipeline_template.sorted", "template_id", ids["java"]),
				},
			},
			{ // with the resources (what -generate-config-out asks for): one detail read per template
				PreConfig: func() { e.sim.ResetCounts() },
				Query:     true,
				Config: `
list "cicd_codearts_pipeline_template" "full" {
  provider         = cicd
  limit            = 1000
  include_resource = true
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("cicd_codearts_pipeline_template.full", 250),
					querycheck.ExpectResourceKnownValues("cicd_codearts_pipeline_template.full",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"domain_id": knownvalue.StringExact(simulator.DemoDomainID), "template_id": knownvalue.StringExact(ids[""][7])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("seeded-007")},
							{Path: tfjsonpath.New("language"), KnownValue: knownvalue.StringExact("go")},
							{Path: tfjsonpath.New("definition"), KnownValue: knownvalue.StringRegexp(regexp.MustCompile(`"stages"`))},
						}),
					requestsAre(e, map[string]int{templateListRoute: 5, templateDetailRoute: 250}),
				},
			},
			{ // the list block's limit bounds the result and the requests
				PreConfig: func() { e.sim.ResetCounts() },
				Query:     true,
				Config: `
list "cicd_codearts_pipeline_template" "first" {
  provider = cicd
  limit    = 60
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("cicd_codearts_pipeline_template.first", 60),
					requestsAre(e, map[string]int{templateListRoute: 2}),
				},
			},
		},
	})
}
