package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestAccCodeArtsPipelinesDataSource(t *testing.T) {
	e := newTestEnv(t)
	// A project of our own: 57 pipelines, 3 of them named "deploy-*" and failed.
	const project = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1"
	for i := 0; i < 57; i++ {
		p := simulator.Pipeline{Name: fmt.Sprintf("svc-%02d", i), ProjectID: project, ProjectName: "paging", Status: "completed", Outcome: "success"}
		if i < 3 {
			p.Name, p.Outcome = fmt.Sprintf("deploy-%d", i), "error"
		}
		e.sim.AddPipeline(p)
	}
	const ds = "data.cicd_codearts_pipelines.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Paging: 57 pipelines at 50 a page is two requests per read.
				PreConfig: e.sim.ResetCounts,
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipelines" "test" {
  project_ids = [%q]
  sort_key    = "pipeline_name"
  sort_dir    = "asc"
  limit       = 1000
}`, project),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(57)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines"), knownvalue.ListSizeExact(57)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines").AtSliceIndex(0).AtMapKey("pipeline_name"), knownvalue.StringExact("deploy-0")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines").AtSliceIndex(56).AtMapKey("pipeline_name"), knownvalue.StringExact("svc-56")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines").AtSliceIndex(0).AtMapKey("project_name"), knownvalue.StringExact("paging")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines").AtSliceIndex(0).AtMapKey("watched"), knownvalue.Bool(false)),
				},
				// The data source is read once (at plan) by the time of the check: 2 pages.
				Check: func(*terraform.State) error {
					if n := e.sim.Count("POST /v3/pipelines/list"); n != 2 {
						return fmt.Errorf("pipelines list called %d times; want exactly 2 pages for the one read (at plan)", n)
					}
					return nil
				},
			},
			{
				// Filters: name (fuzzy) and outcome.
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipelines" "test" {
  project_ids = [%q]
  name        = "deploy"
  outcomes    = ["error"]
  statuses    = ["completed"]
}`, project),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				// limit below the page minimum: one request of 10, 4 kept.
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipelines" "test" {
  project_ids = [%q]
  limit       = 4
}`, project),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines"), knownvalue.ListSizeExact(4)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(57)),
				},
			},
			{
				// Empty result is an empty list, not an error.
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipelines" "test" {
  project_ids = [%q]
  name        = "no-such-pipeline"
}`, project),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("pipelines"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}

func TestAccCodeArtsPipelinesDataSourceBadInput(t *testing.T) {
	e := newTestEnv(t)
	// Cleanup runs after the parallel subtests have finished.
	t.Cleanup(func() {
		if n := e.sim.Count("POST /v3/pipelines/list"); n != 0 {
			t.Errorf("bad input reached the API %d times; validation must stop it at plan time", n)
		}
	})
	cases := map[string]struct{ body, want string }{
		"unknown status":     {`statuses = ["done"]`, `Attribute statuses\[0\] value must be one of`},
		"unknown outcome":    {`outcomes = ["ok"]`, `value must be one of`},
		"too many ids":       {`project_ids = ["1","2","3","4","5","6","7","8","9","10","11"]`, `Attribute project_ids list must contain at least 1 elements and at most 10`},
		"bad sort key":       {`sort_key = "name"`, `Attribute sort_key value must be one of`},
		"limit out of range": {`limit = 0`, `Attribute limit value must be between 1 and 10000`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + "data \"cicd_codearts_pipelines\" \"test\" {\n  " + tc.body + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}
