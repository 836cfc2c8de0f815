package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestAccCodeArtsBuildRecordDataSource(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	// Oldest to newest: builds 1..6; the newest SUCCESS is build 4.
	e.sim.AddBuildHistory(job, []string{"SUCCESS", "FAILURE", "SUCCESS", "SUCCESS", "FAILURE", "ABORTED"})
	const ds = "data.cicd_codearts_build_record.test"
	cfg := func(body string) string {
		return e.providerAKSK() + fmt.Sprintf("data \"cicd_codearts_build_record\" \"test\" {\n  job_id = %q\n  %s\n}\n", job, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			// Errors first: the post-test destroy uses the last step's config.
			{Config: cfg(`build_no = 99`), ExpectError: errorPattern(`Cannot read build 99 of job`, `DEVCB\.00031006`)},
			{Config: cfg(`build_no = 2
  status = "SUCCESS"`), ExpectError: errorPattern(`Attribute "status" cannot be specified when "build_no" is specified`)},
			{Config: cfg(`status = "GREEN"`), ExpectError: errorPattern(`Attribute status value must be one of`)},
			{
				Config: cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("build_no"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("ABORTED")),
				},
			},
			{
				Config: cfg(`status = "SUCCESS"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("build_no"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("SUCCESS")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("codeci_job_id"), knownvalue.StringExact(job)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("end_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("daily_build_number"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{8}\.\d+$`))),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("build_record_id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("err_msg"), knownvalue.Null()),
				},
			},
			{
				Config: cfg(`build_no = 2`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("FAILURE")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("err_msg"), knownvalue.NotNull()),
				},
			},
		},
	})
}

func TestAccCodeArtsBuildRecordDataSource_noMatch(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	e.sim.AddBuildHistory(job, []string{"FAILURE", "FAILURE"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      e.providerAKSK() + fmt.Sprintf("data \"cicd_codearts_build_record\" \"test\" {\n  job_id = %q\n  status = \"SUCCESS\"\n}\n", job),
			ExpectError: errorPattern(`No matching build`, `no build with status SUCCESS in the last 180 days \(2 builds read in 7 requests\)`, `set build_no`),
		}},
	})
}

func TestAccCodeArtsBuildRecordsDataSource(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	results := make([]string, 250)
	for i := range results {
		results[i] = "SUCCESS"
		if i%10 == 0 {
			results[i] = "FAILURE" // builds 1, 11, ..., 241: 25 failures
		}
	}
	e.sim.AddBuildHistory(job, results)
	empty := newBuildJob(t, e, simulator.BuildOutcome{})
	const ds = "data.cicd_codearts_build_records.test"
	cfg := func(j, body string) string {
		return e.providerAKSK() + fmt.Sprintf("data \"cicd_codearts_build_records\" \"test\" {\n  job_id = %q\n  %s\n}\n", j, body)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(job, "limit = 0"), ExpectError: errorPattern(`Attribute limit value must be between 1 and 10000`)},
			{
				Config: cfg(job, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(250)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records"), knownvalue.ListSizeExact(20)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("build_no"), knownvalue.Int64Exact(250)),
					// The same vocabulary as the build record: RFC 3339 in UTC, a Go duration, build_record_id.
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("start_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("end_time"), knownvalue.StringRegexp(rfc3339UTC)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("build_record_id"), knownvalue.NotNull()),
				},
			},
			{
				// 25 failures spread over 3 pages of history.
				Config: cfg(job, "status = \"FAILURE\"\n  limit = 100"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records"), knownvalue.ListSizeExact(25)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("build_no"), knownvalue.Int64Exact(241)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(24).AtMapKey("build_no"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("FAILURE")),
				},
			},
			{
				Config: cfg(job, "limit = 150"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records"), knownvalue.ListSizeExact(150)),
				},
			},
			{
				Config: cfg(empty, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("records"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
		},
	})
}
