package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const stepLogRoute = "POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/logs"

func stepLogConfig(e *testEnv, name, body string) string {
	return fmt.Sprintf(`
data "cicd_codearts_pipeline_step_log" %q {
  project_id      = %q
  pipeline_id     = %q
  pipeline_run_id = %q
  job_run_id      = %q
  step_run_id     = %q
  %s
}`, name, simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID, simulator.DemoPipelineRunID, simulator.DemoJobRunID, simulator.DemoStepRunID, body)
}

func TestAccCodeArtsPipelineStepLogDataSource(t *testing.T) {
	e := newTestEnv(t)
	var text strings.Builder
	for i := 1; i <= 1200; i++ {
		fmt.Fprintf(&text, "[2026/03/06 10:00:00.000 GMT+08:00] [INFO] line %04d\n", i)
	}
	if err := e.sim.SetStepLog(simulator.DemoPipelineRunID, simulator.DemoStepRunID, text.String()); err != nil {
		t.Fatal(err)
	}
	lineLen := len(strings.SplitAfter(text.String(), "\n")[0])
	lines := strings.SplitAfter(text.String(), "\n")
	const ds = "data.cicd_codearts_pipeline_step_log."
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The whole log: 1200 lines at 500 a request is 3 requests a read.
				PreConfig: e.sim.ResetCounts,
				Config:    e.providerAKSK() + stepLogConfig(e, "all", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("log"), knownvalue.StringExact(text.String())),
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("has_more"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds+"all", tfjsonpath.New("truncated"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					// The step's log does not start at offset 0 (job preamble + checkout step).
					resource.TestMatchResourceAttr(ds+"all", "start_offset", regexp.MustCompile(`^[1-9]\d*$`)),
					func(*terraform.State) error {
						if n := e.sim.Count(stepLogRoute); n != 3 {
							return fmt.Errorf("log route called %d times; want exactly 3 for the one read (at plan)", n)
						}
						return nil
					},
				),
			},
			{
				// max_bytes stops after the first page and cuts at a whole line;
				// a second read continues from end_offset (line 501).
				PreConfig: e.sim.ResetCounts,
				Config: e.providerAKSK() + stepLogConfig(e, "head", fmt.Sprintf("max_bytes = %d", 10*lineLen+7)) + stepLogConfig(e, "next",
					"from_offset = data.cicd_codearts_pipeline_step_log.head.end_offset\n  max_bytes = "+fmt.Sprint(lineLen)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"head", tfjsonpath.New("log"), knownvalue.StringExact(strings.Join(lines[:10], ""))),
					statecheck.ExpectKnownValue(ds+"head", tfjsonpath.New("has_more"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds+"head", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds+"next", tfjsonpath.New("log"), knownvalue.StringExact(lines[500])),
				},
			},
			{
				// tail_lines reads to the end and keeps the last lines.
				Config: e.providerAKSK() + stepLogConfig(e, "tail", "tail_lines = 3"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"tail", tfjsonpath.New("log"), knownvalue.StringExact(strings.Join(lines[1197:], ""))),
					statecheck.ExpectKnownValue(ds+"tail", tfjsonpath.New("has_more"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(ds+"tail", tfjsonpath.New("truncated"), knownvalue.Bool(true)),
				},
			},
			{
				// tail_lines within a max_bytes smaller than the tail: whole lines only.
				Config: e.providerAKSK() + stepLogConfig(e, "tail", fmt.Sprintf("tail_lines = 100\n  max_bytes = %d", 2*lineLen+3)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds+"tail", tfjsonpath.New("log"), knownvalue.StringExact(strings.Join(lines[1198:], ""))),
				},
			},
			{
				// An unknown step is the service's not-found error.
				Config:      e.providerAKSK() + strings.Replace(stepLogConfig(e, "missing", ""), simulator.DemoStepRunID, "ffffffffffffffffffffffffffffffff", 1),
				ExpectError: errorPattern(`Cannot read the log of step ffffffffffffffffffffffffffffffff`, simulator.ErrCodePipelineRunNotFound),
			},
		},
	})
}

func TestAccCodeArtsPipelineStepLogDataSourceBadInput(t *testing.T) {
	e := newTestEnv(t)
	cases := map[string]struct{ body, want string }{
		"max_bytes zero":    {`max_bytes = 0`, `Attribute max_bytes value must be between 1 and 10485760`},
		"max_bytes too big": {`max_bytes = 20000000`, `Attribute max_bytes value must be between 1 and 10485760`},
		"tail_lines zero":   {`tail_lines = 0`, `Attribute tail_lines value must be between 1 and 100000`},
		"negative offset":   {`from_offset = -1`, `Attribute from_offset value must be at least 0`},
	}
	t.Run("group", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
					Steps:                    []resource.TestStep{{Config: e.providerAKSK() + stepLogConfig(e, "bad", tc.body), ExpectError: errorPattern(tc.want)}},
				})
			})
		}
		t.Run("bad step id", func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerAKSK() + strings.Replace(stepLogConfig(e, "bad", ""), simulator.DemoStepRunID, "step-1", 1),
					ExpectError: errorPattern(`Attribute step_run_id must be a 32-character id`),
				}},
			})
		})
	})
	if n := e.sim.Count(stepLogRoute); n != 0 {
		t.Fatalf("bad input reached the API %d times", n)
	}
}
