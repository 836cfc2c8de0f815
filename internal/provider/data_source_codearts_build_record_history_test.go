package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The latest SUCCESS is build 1, 250 builds back and 40 days old: past the
// 30 days one history request can cover (interval <= 30), so the lookup has
// to page the 30-day history and then a dated window of the period history.
// Request counts: 2 history pages (100 + 87 rows of the last 30 days), 1
// period-history page (the window 58 to 29 days back), 1 record-info.
func TestAccCodeArtsBuildRecordDataSource_250Back40Days(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	results := make([]string, 251)
	results[0] = "SUCCESS"
	for i := 1; i < len(results); i++ {
		results[i] = "FAILURE"
	}
	// 251 builds 3h50m apart: build 1 was created 251*3h50m ≈ 40.1 days ago.
	e.sim.AddBuildHistoryEvery(job, results, 230*time.Minute)
	const ds = "data.cicd_codearts_build_record.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { e.sim.ResetCounts() },
			Config:    e.providerAKSK() + fmt.Sprintf("data \"cicd_codearts_build_record\" \"test\" {\n  job_id = %q\n  status = \"SUCCESS\"\n}\n", job),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("build_no"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("SUCCESS")),
			},
			Check: func(*terraform.State) error {
				// The data source is read once (at plan).
				want := map[string]int{simulator.RouteBuildHistory: 2, simulator.RouteBuildPeriodHistory: 1, simulator.RouteBuildRecordInfo: 1}
				got := map[string]int{}
				for k := range want {
					got[k] = e.sim.Count(k)
				}
				for k, v := range want {
					if got[k] != v {
						return fmt.Errorf("%s: %d requests, want %d (all: %v)", k, got[k], v, e.sim.Counts())
					}
				}
				return nil
			},
		}},
	})
}
