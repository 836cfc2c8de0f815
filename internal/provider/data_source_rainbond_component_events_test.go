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

const rainbondEventsRoute = "GET /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/events"

// providerRainbond is a provider block with only Rainbond configured.
func (e *testEnv) providerRainbond() string {
	return fmt.Sprintf(`
provider "cicd" {
  max_retries     = 2
  request_timeout = "5s"
  rainbond {
    url   = %q
    token = %q
  }
}
`, e.url, simulator.DemoRainbondToken)
}

// eventsConfig renders the data source for the demo component with extra attributes.
func eventsConfig(extra string) string {
	return fmt.Sprintf(`
data "cicd_rainbond_component_events" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
  %s
}
`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID, extra)
}

func TestAccRainbondComponentEventsDataSource(t *testing.T) {
	e := newTestEnv(t)
	// 57 events on top of the 3 seeded ones (2 builds, 1 upgrade): every
	// third an upgrade, every fifth build a failure, the newest one running.
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	failedBuilds := 1
	for i := 0; i < 57; i++ {
		ev := simulator.RainbondEvent{EventID: fmt.Sprintf("e%031d", i), OptType: "build-service", Status: "success", FinalStatus: "complete",
			UserName: "admin", StartTime: start.Add(time.Duration(i) * time.Minute), EndTime: start.Add(time.Duration(i)*time.Minute + 40*time.Second)}
		switch {
		case i == 56:
			ev.Status, ev.FinalStatus, ev.EndTime = "", "", time.Time{}
		case i%3 == 0:
			ev.OptType, ev.UserName = "upgrade", ""
		case i%5 == 0:
			ev.Status, ev.Message = "failure", "build failed"
			failedBuilds++
		}
		e.sim.AddRainbondEvent(simulator.DemoRainbondServiceID, ev)
	}
	const ds = "data.cicd_rainbond_component_events.test"
	events := tfjsonpath.New("events")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// All 60 events: two pages of 50 per read.
				PreConfig: e.sim.ResetCounts,
				Config:    e.providerRainbond() + eventsConfig(`limit = 1000`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(60)),
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListSizeExact(60)),
					// Newest first: the running build, then older ones; the oldest is the seeded failed build.
					statecheck.ExpectKnownValue(ds, events.AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"event_id":     knownvalue.StringExact(fmt.Sprintf("e%031d", 56)),
						"opt_type":     knownvalue.StringExact("build-service"),
						"status":       knownvalue.StringExact(""),
						"final_status": knownvalue.StringExact(""),
						"finished":     knownvalue.Bool(false),
						"end_time":     knownvalue.Null(),
						"duration":     knownvalue.Null(),
						"start_time":   knownvalue.StringExact("2025-01-01T08:56:00Z"), // the console's +08:00, in UTC
						"user_name":    knownvalue.StringExact("admin"),
						"target":       knownvalue.StringExact("service"),
						"target_id":    knownvalue.StringExact(simulator.DemoRainbondServiceID),
						"tenant_id":    knownvalue.StringExact(simulator.DemoRainbondTeamID),
						"syn_type":     knownvalue.Int64Exact(0),
					})),
					statecheck.ExpectKnownValue(ds, events.AtSliceIndex(59), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"event_id": knownvalue.StringExact("9b0c5a4e2f3d4c1b8a7e6d5c4b3a2910"),
						"status":   knownvalue.StringExact("failure"),
						"message":  knownvalue.StringExact("build failed"),
						"finished": knownvalue.Bool(true),
						"end_time": knownvalue.StringExact("2024-05-01T02:01:35Z"),
					})),
				},
				Check: func(*terraform.State) error {
					if n := e.sim.Count(rainbondEventsRoute); n != 2 {
						return fmt.Errorf("events listed %d times; want exactly 2 pages for the one read (at plan)", n)
					}
					return nil
				},
			},
			{
				// Default limit: 20 events from one request per read.
				PreConfig: e.sim.ResetCounts,
				Config:    e.providerRainbond() + eventsConfig(``),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListSizeExact(20)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(60)),
				},
				Check: func(*terraform.State) error {
					if n, reads := e.sim.Count(rainbondEventsRoute), 3; n > reads {
						return fmt.Errorf("events listed %d times for at most %d reads; want one page per read", n, reads)
					}
					return nil
				},
			},
			{
				// Filters across pages: failed builds only.
				Config: e.providerRainbond() + eventsConfig(`opt_type = "build-service"
  status   = "failure"
  limit    = 1000`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListSizeExact(failedBuilds)),
					statecheck.ExpectKnownValue(ds, events.AtSliceIndex(failedBuilds-1).AtMapKey("event_id"), knownvalue.StringExact("9b0c5a4e2f3d4c1b8a7e6d5c4b3a2910")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(60)),
				},
			},
			{
				// The latest successful build, as users look it up; rows from a pre-6.0 (CamelCase) console.
				PreConfig: func() { e.sim.UseCamelCaseEvents(true) },
				Config: e.providerRainbond() + eventsConfig(`opt_type = "build-service"
  status   = "success"
  limit    = 1`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(ds, events.AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"event_id":     knownvalue.StringExact(fmt.Sprintf("e%031d", 53)),
						"status":       knownvalue.StringExact("success"),
						"final_status": knownvalue.StringExact("complete"),
						"end_time":     knownvalue.StringExact("2025-01-01T08:53:40Z"),
						"duration":     knownvalue.StringRegexp(goDuration),
						"syn_type":     knownvalue.Int64Exact(0),
					})),
				},
			},
			{
				// Still running.
				PreConfig: func() { e.sim.UseCamelCaseEvents(false) },
				Config:    e.providerRainbond() + eventsConfig(`status = "running"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListSizeExact(1)),
					statecheck.ExpectKnownValue(ds, events.AtSliceIndex(0).AtMapKey("event_id"), knownvalue.StringExact(fmt.Sprintf("e%031d", 56))),
				},
			},
			{
				// No match is an empty list, not an error.
				Config: e.providerRainbond() + eventsConfig(`opt_type = "restart-service"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, events, knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(60)),
				},
			},
		},
	})
}

func TestAccRainbondComponentEventsDataSourceEmptyAndByName(t *testing.T) {
	e := newTestEnv(t)
	const ds = "data.cicd_rainbond_component_events.test"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A component without any event.
				Config: e.providerRainbond() + fmt.Sprintf(`
data "cicd_rainbond_component_events" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
}`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondImageAppID, simulator.DemoRainbondImageServiceID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				// Team by tenant_name, component by service_alias.
				Config: e.providerRainbond() + fmt.Sprintf(`
data "cicd_rainbond_component_events" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
}`, simulator.DemoRainbondTeamName, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceAlias),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("total"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("opt_type"), knownvalue.StringExact("upgrade")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("events").AtSliceIndex(0).AtMapKey("user_name"), knownvalue.StringExact("")),
				},
			},
		},
	})
}

func TestAccRainbondComponentEventsDataSourceAPIErrors(t *testing.T) {
	e := newTestEnv(t)
	cfg := func(team, region string, app int, svc string) string {
		return e.providerRainbond() + fmt.Sprintf(`
data "cicd_rainbond_component_events" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
}`, team, region, app, svc)
	}
	cases := map[string]struct {
		config string
		want   []string
	}{
		"team not opened in region": {cfg(simulator.DemoRainbondTeamID, simulator.DemoRainbondOtherRegion, 1, simulator.DemoRainbondServiceID),
			[]string{`Cannot list the Rainbond component's events`, `HTTP 409, code 2001`, `has not been opened in this region`}},
		"unknown team": {cfg("nosuchteam", simulator.DemoRainbondRegion, 1, simulator.DemoRainbondServiceID),
			[]string{`HTTP 404: no found team`, `team_id must be a team's tenant_id or tenant_name`}},
		"unknown region": {cfg(simulator.DemoRainbondTeamID, "mars", 1, simulator.DemoRainbondServiceID),
			[]string{`HTTP 404, code 3000`, `region_name must be`}},
		"unknown app": {cfg(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, 99, simulator.DemoRainbondServiceID),
			[]string{`no found app`, `check app_id`}},
		"component of another app": {cfg(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondImageAppID, simulator.DemoRainbondServiceID),
			[]string{`component not belong to this app`, `does not belong to this application`}},
		"wrong token": {fmt.Sprintf(`
provider "cicd" {
  max_retries = 0
  rainbond {
    url   = %q
    token = "not-a-token"
  }
}`, e.url) + eventsConfig(``), []string{`HTTP 401: No such user`, `RAINBOND_TOKEN`}},
		"rainbond not configured": {`
provider "cicd" {}
` + eventsConfig(``), []string{`Rainbond is not configured`, `RAINBOND_URL`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, ExpectError: errorPattern(tc.want...)}},
			})
		})
	}
}

func TestAccRainbondComponentEventsDataSourceBadInput(t *testing.T) {
	e := newTestEnv(t)
	ids := fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = 1\n  service_id = %q", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondServiceID)
	cases := map[string]struct{ body, want string }{
		"unknown status":     {ids + "\n  status = \"done\"", `Attribute status value must be one of`},
		"limit out of range": {ids + "\n  limit = 0", `Attribute limit value must be between 1 and 1000`},
		"opt_type with caps": {ids + "\n  opt_type = \"Build Service\"", `Attribute opt_type must be an operation type such as build-service`},
		"app_id zero":        {fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = 0\n  service_id = \"s\"", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion), `Attribute app_id value must be at least 1`},
		"team_id with slash": {fmt.Sprintf("team_id = \"a/b\"\n  region_name = %q\n  app_id = 1\n  service_id = \"s\"", simulator.DemoRainbondRegion), `Attribute team_id must be non-empty and use only letters, digits`},
		"empty service_id":   {fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = 1\n  service_id = \"\"", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion), `Attribute service_id must be non-empty`},
		"missing service_id": {fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = 1", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion), `The argument "service_id" is required`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      e.providerRainbond() + "data \"cicd_rainbond_component_events\" \"test\" {\n  " + tc.body + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
	// Parallel subtests finish after this function returns: check in Cleanup.
	t.Cleanup(func() {
		if n := e.sim.Count(rainbondEventsRoute); n != 0 {
			t.Errorf("bad input reached the API %d times; validation must stop it at plan time", n)
		}
	})
}
