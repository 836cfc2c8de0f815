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
// period-history page (the window 58 to 29 days back), 1 v1 record-info.
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
				want := map[string]int{simulator.RouteBuildHistory: 2, simulator.RouteBuildPeriodHistory: 1, simulator.RouteBuildRecordInfoV1: 1}
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

// Where the gateway has no v1 record endpoint (404 APIGW.0101), the provider
// reads the v3 one: one v1 attempt per provider process, then v3 only.
func TestAccCodeArtsBuildRecordDataSource_v3Fallback(t *testing.T) {
	e := newTestEnv(t)
	job := newBuildJob(t, e, simulator.BuildOutcome{})
	e.sim.AddBuildHistory(job, []string{"SUCCESS", "FAILURE"})
	e.sim.HideRoute(simulator.RouteBuildRecordInfoV1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() { e.sim.ResetCounts() },
			Config: e.providerAKSK() + fmt.Sprintf(`data "cicd_codearts_build_record" "a" {
  job_id   = %[1]q
  build_no = 1
}
data "cicd_codearts_build_record" "b" {
  job_id   = %[1]q
  build_no = 2
}
`, job),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cicd_codearts_build_record.a", tfjsonpath.New("status"), knownvalue.StringExact("SUCCESS")),
				statecheck.ExpectKnownValue("data.cicd_codearts_build_record.b", tfjsonpath.New("status"), knownvalue.StringExact("FAILURE")),
			},
			Check: func(*terraform.State) error {
				// Read once each (at plan). The two reads may race for the
				// first v1 attempt, so v1 is tried at most twice, v3 read twice.
				if v1, v3 := e.sim.Count(simulator.RouteBuildRecordInfoV1), e.sim.Count(simulator.RouteBuildRecordInfo); v1 < 1 || v1 > 2 || v3 != 2 {
					return fmt.Errorf("v1 record-info %d requests, v3 %d; want 1-2 and 2", v1, v3)
				}
				return nil
			},
		}},
	})
}
