package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const pipelineListRoute = "POST /v3/pipelines/list"

// listProjectID is a CodeArts project only the list tests fill.
const listProjectID = "5e1f0c0ffee0000000000000000000aa"

// TestAccPipelineList_query: terraform query lists all 250 pipelines of a
// project with their identities, paging 50 a request (5 requests, no detail
// reads); the project and name filters narrow the list.
func TestAccPipelineList_query(t *testing.T) {
	e := newTestEnv(t)
	var ids, named []string
	for i := range 250 {
		p := e.sim.AddPipeline(simulator.Pipeline{Name: fmt.Sprintf("svc-%03d", i), ProjectID: listProjectID, ProjectName: "list-tests"})
		ids = append(ids, p.ID)
		if i >= 10 && i < 20 {
			named = append(named, p.ID)
		}
	}
	var demo []string
	for _, p := range e.sim.Pipelines() {
		if p.ProjectID == simulator.DemoCodeArtsProjectID {
			demo = append(demo, p.ID)
		}
	}
	list := func(name, body string) string { return listBlock("cicd_codearts_pipeline", name, body) }
	const addr = "cicd_codearts_pipeline.project"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.RequireAbove(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: e.providerAKSK()}, // the provider block the list blocks use
			{
				PreConfig: func() { e.sim.ResetCounts() },
				Query:     true,
				Config:    list("project", fmt.Sprintf(`project_ids = [%q]`, listProjectID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength(addr, 250),
					queryFinds(addr, "pipeline_id", ids),
					querycheck.ExpectIdentity(addr, map[string]knownvalue.Check{
						"project_id": knownvalue.StringExact(listProjectID), "pipeline_id": knownvalue.StringExact(ids[42])}),
					querycheck.ExpectResourceDisplayName(addr, queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
						"project_id": knownvalue.StringExact(listProjectID), "pipeline_id": knownvalue.StringExact(ids[42])}),
						knownvalue.StringExact("svc-042")),
					requestsAre(e, map[string]int{pipelineListRoute: 5, "GET /v5/{project_id}/api/pipelines/{pipeline_id}": 0}),
				},
			},
			{
				Query: true,
				Config: list("named", fmt.Sprintf(`project_ids = [%q]
    name        = "svc-01"`, listProjectID)) + list("demo", fmt.Sprintf(`project_ids = [%q]`, simulator.DemoCodeArtsProjectID)) +
					list("both", fmt.Sprintf(`project_ids = [%q, %q]`, listProjectID, simulator.DemoCodeArtsProjectID)),
				QueryResultChecks: []querycheck.QueryResultCheck{
					queryFinds("cicd_codearts_pipeline.named", "pipeline_id", named),
					queryFinds("cicd_codearts_pipeline.demo", "pipeline_id", demo),
					queryFinds("cicd_codearts_pipeline.both", "pipeline_id", append(append([]string(nil), ids...), demo...)),
				},
			},
			{ // with the resources (what -generate-config-out asks for): one v5 detail read per pipeline
				PreConfig: func() { e.sim.ResetCounts() },
				Query:     true,
				Config: fmt.Sprintf(`
list "cicd_codearts_pipeline" "full" {
  provider         = cicd
  limit            = 1000
  include_resource = true
  config {
    project_ids = [%q]
  }
}
`, listProjectID),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("cicd_codearts_pipeline.full", 250),
					querycheck.ExpectResourceKnownValues("cicd_codearts_pipeline.full",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"project_id": knownvalue.StringExact(listProjectID), "pipeline_id": knownvalue.StringExact(ids[42])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("svc-042")},
							{Path: tfjsonpath.New("project_id"), KnownValue: knownvalue.StringExact(listProjectID)},
							{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(ids[42])},
						}),
					requestsAre(e, map[string]int{pipelineListRoute: 5, "GET /v5/{project_id}/api/pipelines/{pipeline_id}": 250}),
				},
			},
			{ // a malformed project id is refused before any request
				PreConfig:   func() { e.sim.ResetCounts() },
				Query:       true,
				Config:      list("bad", `project_ids = ["demo"]`),
				ExpectError: errorPattern(`project_ids\[0\] must be a CodeArts project's 32-character hexadecimal id, got: demo`),
			},
			{ // (the refused query sent nothing)
				Query:             true,
				Config:            list("named", `name = "svc-000"`),
				QueryResultChecks: []querycheck.QueryResultCheck{requestsAre(e, map[string]int{pipelineListRoute: 1})},
			},
		},
	})
}
