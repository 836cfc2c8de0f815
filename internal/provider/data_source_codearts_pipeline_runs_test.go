package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const runsListRoute = "POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list"

// requestsPerRead checks that every terraform command's read of the data
// source made exactly n list requests.
func requestsPerRead(e *testEnv, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sim.Count(runsListRoute); got == 0 || got%n != 0 {
			return fmt.Errorf("run list called %d times; want %d per read", got, n)
		}
		return nil
	}
}

var rfc3339UTC = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// goDuration is a Go duration string as every duration attribute has it, e.g. 1m40s or 200ms.
var goDuration = regexp.MustCompile(`^(\d+h(\d+m)?(\d+s)?|\d+m(\d+s)?|\d+(ms|s))$`)

func TestAccCodeArtsPipelineRunsDataSource(t *testing.T) {
	e := newTestEnv(t)
	p := e.sim.AddPipeline(simulator.Pipeline{Name: "runs-acc", ProjectID: simulator.DemoCodeArtsProjectID}).ID
	if _, err := e.sim.AddPipelineRuns(p, 230, "COMPLETED"); err != nil {
		t.Fatal(err)
	}
	failed, _ := e.sim.AddPipelineRuns(p, 4, "FAILED")
	canceled, _ := e.sim.AddPipelineRuns(p, 1, "CANCELED")
	first, _ := e.sim.PipelineRun(failed[0])
	last, _ := e.sim.PipelineRun(failed[3])
	from := first.Start.UTC().Truncate(time.Second).Format(time.RFC3339)
	to := last.Start.UTC().Add(time.Second).Truncate(time.Second).Format(time.RFC3339)

	const ds = "data.cicd_codearts_pipeline_runs.test"
	cfg := func(body string) string {
		return e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "test" {
  project_id  = %q
  pipeline_id = %q
  %s
}`, simulator.DemoCodeArtsProjectID, p, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Paging: 235 runs at 100 a request is 3 requests a read; latest = newest.
				PreConfig: e.sim.ResetCounts,
				Config:    cfg(`limit = 1000`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(235)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs"), knownvalue.ListSizeExact(235)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("run_number"), knownvalue.Int64Exact(235)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(234).AtMapKey("run_number"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("pipeline_run_id"), knownvalue.StringExact(canceled[0])),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("status"), knownvalue.StringExact("CANCELED")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("start_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("end_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("stage_status_list").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("CANCELED")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("stage_status_list").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("INIT")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("stage_status_list").AtSliceIndex(0).AtMapKey("start_time"),
						knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("build_params").AtMapKey("build_type"), knownvalue.StringExact("branch")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("build_params").AtMapKey("action"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("artifact_params"), knownvalue.Null()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(1).AtMapKey("detail_url"), knownvalue.StringRegexp(regexp.MustCompile(`^https://.*`+failed[3]))),
				},
				Check: requestsPerRead(e, 3),
			},
			{
				// Status filter with a small limit: one request; latest is the newest FAILED run.
				PreConfig: e.sim.ResetCounts,
				Config: cfg(`statuses = ["FAILED"]
  limit    = 2`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("pipeline_run_id"), knownvalue.StringExact(failed[3])),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("run_number"), knownvalue.Int64Exact(234)),
				},
				Check: requestsPerRead(e, 1),
			},
			{
				// RFC 3339 window, sent as epoch milliseconds.
				PreConfig: func() { e.sim.ResetCounts(); e.sim.ResetRequests() },
				Config: cfg(fmt.Sprintf(`start_time = %q
  end_time   = %q`, from, to)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("status"), knownvalue.StringExact("FAILED")),
				},
				Check: func(*terraform.State) error {
					fromT, _ := time.Parse(time.RFC3339, from)
					want := fmt.Sprintf(`"start_time":"%d"`, fromT.UnixMilli()) // epoch ms as a string (SDK ListPipelineRunsQuery)
					for _, r := range e.sim.Requests() {
						if strings.HasSuffix(r.Path, "/pipeline-runs/list") {
							if !strings.Contains(string(r.Body), want) {
								return fmt.Errorf("list body %s does not carry %s", r.Body, want)
							}
							return nil
						}
					}
					return fmt.Errorf("no list request recorded")
				},
			},
			{
				// Oldest first: runs start at run 1; latest still the newest run (one extra request).
				PreConfig: e.sim.ResetCounts,
				Config: cfg(`sort_key = "start_time"
  sort_dir = "asc"
  limit    = 3`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(0).AtMapKey("run_number"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs").AtSliceIndex(2).AtMapKey("run_number"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest").AtMapKey("run_number"), knownvalue.Int64Exact(235)),
				},
				Check: requestsPerRead(e, 2),
			},
			{
				// Empty result: empty list, null latest, not an error.
				Config: cfg(`statuses = ["PAUSED", "SUSPEND"]`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("runs"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("latest"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccCodeArtsPipelineRunsDataSourceDemoAndErrors(t *testing.T) {
	e := newTestEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The seeded demo pipeline: its newest run is the demo run.
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "demo" {
  project_id  = %q
  pipeline_id = %q
  statuses    = ["COMPLETED"]
  limit       = 1
}`, simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.cicd_codearts_pipeline_runs.demo", tfjsonpath.New("latest").AtMapKey("pipeline_run_id"), knownvalue.StringExact(simulator.DemoPipelineRunID)),
					statecheck.ExpectKnownValue("data.cicd_codearts_pipeline_runs.demo", tfjsonpath.New("latest").AtMapKey("stage_status_list"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "missing" {
  project_id  = %q
  pipeline_id = "ffffffffffffffffffffffffffffffff"
}`, simulator.DemoCodeArtsProjectID),
				ExpectError: errorPattern(`Cannot list the runs of CodeArts pipeline`, `DEVPIPE\.00011401`),
			},
			{
				Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "iam_project" {
  project_id  = %q
  pipeline_id = %q
}`, simulator.DemoIAMProjectID, simulator.DemoPipelineID),
				ExpectError: errorPattern(`DEVPIPE\.00011412`, `project_id must be the CodeArts project id`),
			},
		},
	})
}

func TestAccCodeArtsPipelineRunsDataSourceBadInput(t *testing.T) {
	e := newTestEnv(t)
	cases := map[string]struct{ body, want string }{
		"unknown status":   {`statuses = ["DONE"]`, `Attribute statuses\[0\] value must be one of`},
		"lowercase status": {`statuses = ["completed"]`, `Attribute statuses\[0\] value must be one of`},
		"bad start_time":   {`start_time = "2026-03-01 00:00:00"`, `Invalid RFC 3339 time`},
		"bad end_time":     {`end_time = "yesterday"`, `Invalid RFC 3339 time`},
		"end before start": {"start_time = \"2026-03-02T00:00:00Z\"\n  end_time = \"2026-03-01T00:00:00Z\"", `Invalid time window`},
		"limit zero":       {`limit = 0`, `Attribute limit value must be between 1 and 10000`},
		"limit too big":    {`limit = 10001`, `Attribute limit value must be between 1 and 10000`},
		"bad sort_dir":     {`sort_dir = "newest"`, `Attribute sort_dir value must be one of`},
		"bad sort_key":     {`sort_key = "run_number"`, `Attribute sort_key value must be one of`},
	}
	// The group waits for its parallel subtests, so the request count below sees them all.
	t.Run("group", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "test" {
  project_id  = %q
  pipeline_id = %q
  %s
}`, simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID, tc.body),
						ExpectError: errorPattern(tc.want),
					}},
				})
			})
		}
		t.Run("bad pipeline id", func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.providerAKSK() + fmt.Sprintf(`
data "cicd_codearts_pipeline_runs" "test" {
  project_id  = %q
  pipeline_id = "my-pipeline"
}`, simulator.DemoCodeArtsProjectID),
					ExpectError: errorPattern(`Attribute pipeline_id must be a 32-character id of digits and letters`),
				}},
			})
		})
	})
	if n := e.sim.Count(runsListRoute); n != 0 {
		t.Fatalf("bad input reached the API %d times; validation must stop it at plan time", n)
	}
}
