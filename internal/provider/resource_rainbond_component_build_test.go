package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const (
	rbBuildRes   = "cicd_rainbond_component_build.test"
	rbBuildRoute = "POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build"
	rbService    = simulator.DemoRainbondServiceID
)

// rbIDPrefix is the id of a build of the demo component, without the event id.
var rbIDPrefix = fmt.Sprintf("%s/%s/%d/%s/", simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService)

// rbBuildConfig renders a build of the demo component plus extra HCL.
func rbBuildConfig(e *testEnv, extra string) string {
	return e.providerRainbond() + fmt.Sprintf(`
resource "cicd_rainbond_component_build" "test" {
  team_id     = %q
  region_name = %q
  app_id      = %d
  service_id  = %q
%s
}
`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService, extra)
}

func rbAccepted(e *testEnv, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sim.RainbondBuildsAccepted(rbService); got != want {
			return fmt.Errorf("the simulator accepted %d builds of the component, want %d", got, want)
		}
		return nil
	}
}

// rbEventID copies the state's event_id into *dst.
func rbEventID(dst *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		r, ok := s.RootModule().Resources[rbBuildRes]
		if !ok {
			return errors.New("no build in state")
		}
		*dst = r.Primary.Attributes["event_id"]
		return nil
	}
}

// rbBuildBodies returns the bodies of the build requests the simulator received.
func rbBuildBodies(t *testing.T, e *testEnv) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range e.sim.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/build") && strings.HasPrefix(r.Path, "/openapi/") {
			m := map[string]any{}
			if err := json.Unmarshal(r.Body, &m); err != nil {
				t.Fatalf("build body %q: %v", r.Body, err)
			}
			out = append(out, m)
		}
	}
	return out
}

// rbStateTime: the console's times (+08:00 in the simulator) are stored in UTC.
var rbStateTime = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))

func TestAccRainbondComponentBuild_lifecycle(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 600 * time.Millisecond})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	var second string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: rbBuildConfig(e, fastWait),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(rbIDPrefix)+`[0-9a-f]{32}$`))),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("final_status"), knownvalue.StringExact("complete")),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("start_time"), rbStateTime),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("end_time"), rbStateTime),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("duration"), knownvalue.StringRegexp(goDuration)),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("message"), knownvalue.Null()),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("log_tail"), knownvalue.StringRegexp(regexp.MustCompile(`(?s)^Start build .*Build success$`))),
					sameID.AddStateValue(rbBuildRes, tfjsonpath.New("id")),
					newID.AddStateValue(rbBuildRes, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					rbAccepted(e, 1),
					func(*terraform.State) error {
						// Nothing set: nothing sent (the console rejects "" and would save nulls).
						if b := rbBuildBodies(t, e); len(b) != 1 || len(b[0]) != 0 {
							return fmt.Errorf("build bodies %v, want one empty object", b)
						}
						return nil
					},
				),
			},
			{
				ResourceName:      rbBuildRes,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"build_type", "server_type", "branch", "repo_url", "username", "password",
					"password_wo", "password_wo_version", "wait", "triggers", "stop_on_destroy", "timeouts"},
			},
			{
				// Only wait settings change: updated in place, no new build.
				Config: rbBuildConfig(e, `
  wait {
    poll_interval     = "200ms"
    max_poll_interval = "400ms"
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbBuildRes, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(rbBuildRes, tfjsonpath.New("id"))},
				Check:             rbAccepted(e, 1),
			},
			{
				// A triggers change starts exactly one new build.
				Config: rbBuildConfig(e, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbBuildRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
					newID.AddStateValue(rbBuildRes, tfjsonpath.New("id")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(rbAccepted(e, 2), rbEventID(&second)),
			},
			{
				// The event falls off the history: refresh keeps the record (a
				// warning, see TestRainbondComponentBuild_vanishedEventWarns), no re-run.
				PreConfig: func() {
					if !e.sim.DeleteRainbondEvent(second) {
						t.Fatalf("event %q not in the simulator", second)
					}
				},
				Config: rbBuildConfig(e, fastWait+`
  triggers = { release = "2" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("event_id"), knownvalue.StringFunc(func(v string) error {
						if v != second {
							return fmt.Errorf("event_id %s, want %s", v, second)
						}
						return nil
					})),
				},
				Check: rbAccepted(e, 2),
			},
		},
	})
}

// rbLogLines is a 25-line build log, so the 20-line tail is visible.
func rbLogLines(last string) []string {
	var l []string
	for i := 1; i <= 24; i++ {
		l = append(l, fmt.Sprintf("log line %02d", i))
	}
	return append(l, last)
}

func TestAccRainbondComponentBuild_failure(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Status: "failure", Duration: 300 * time.Millisecond,
		Message: "maven compile failed", LogLines: rbLogLines("ERROR: [main.java:12] cannot find symbol")})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: rbBuildConfig(e, fastWait),
				ExpectError: errorPattern(`Build failed`, `Build [0-9a-f]{32} of component `+rbService+` ended with status failure after [0-9.]+m?s \(id `+regexp.QuoteMeta(rbIDPrefix),
					`maven compile failed`, `Last lines of the build log`,
					`log line 06`, `log line 24`, `ERROR: \[main\.java:12\] cannot find symbol`, `recorded in state`),
			},
			{
				// The failed build is in state (tainted): its id, status and log tail survived.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(rbBuildRes, "id", regexp.MustCompile(`^`+regexp.QuoteMeta(rbIDPrefix))),
					resource.TestCheckResourceAttr(rbBuildRes, "status", "failure"),
					resource.TestCheckResourceAttr(rbBuildRes, "final_status", "complete"),
					resource.TestCheckResourceAttr(rbBuildRes, "message", "maven compile failed"),
					resource.TestCheckResourceAttrWith(rbBuildRes, "log_tail", func(v string) error {
						lines := strings.Split(v, "\n")
						if len(lines) != 20 || lines[0] != "log line 06" || !strings.HasPrefix(lines[19], "ERROR:") {
							return fmt.Errorf("log_tail is not the last 20 lines: %q", v)
						}
						return nil
					}),
					rbAccepted(e, 1),
				),
			},
		},
	})
}

func TestAccRainbondComponentBuild_failOnErrorFalse(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Status: "failure", Duration: 200 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: rbBuildConfig(e, `
  wait {
    fail_on_error     = false
    poll_interval     = "100ms"
    max_poll_interval = "300ms"
  }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("failure")),
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("message"), knownvalue.StringExact("build failed")),
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("log_tail"), knownvalue.StringRegexp(regexp.MustCompile(`ERROR: compilation failed\nBuild failed$`))),
			},
			Check: rbAccepted(e, 1),
		}},
	})
}

// TestAccRainbondComponentBuild_tooFrequentIsRetried: a 409 "too frequent"
// refusal started nothing; the trigger is retried (after ~5s) and exactly
// one build is accepted.
func TestAccRainbondComponentBuild_tooFrequentIsRetried(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 300 * time.Millisecond})
	e.sim.SetRainbondTooFrequent(1)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: rbBuildConfig(e, fastWait),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(rbAccepted(e, 1), countIs(e, rbBuildRoute, 2)),
		}},
	})
}

// TestAccRainbondComponentBuild_writeOnlyPassword: password_wo reaches the
// console and is never stored; changing it alone starts nothing, bumping
// password_wo_version starts one new build.
func TestAccRainbondComponentBuild_writeOnlyPassword(t *testing.T) {
	e := newTestEnv(t)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 200 * time.Millisecond})
	cfg := func(password string, version int) string {
		return rbBuildConfig(e, fastWait+fmt.Sprintf(`
  repo_url            = "https://git.example.com/team/private-app.git"
  branch              = "release-1.2"
  username            = "ci-bot"
  password_wo         = %q
  password_wo_version = %d`, password, version))
	}
	source := func(password string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			src, _ := e.sim.RainbondComponentSource(rbService)
			if src.GitURL != "https://git.example.com/team/private-app.git" || src.CodeVersion != "release-1.2" ||
				src.UserName == nil || *src.UserName != "ci-bot" || src.Password == nil || *src.Password != password {
				return fmt.Errorf("the component's saved source is %+v (password %v)", src, src.Password)
			}
			return nil
		}
	}
	notInState := func(secret string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			for k, v := range s.RootModule().Resources[rbBuildRes].Primary.Attributes {
				if strings.Contains(v, secret) {
					return fmt.Errorf("the password is in state as %s", k)
				}
			}
			return nil
		}
	}
	nullPasswords := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("password"), knownvalue.Null()),
		statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("password_wo"), knownvalue.Null()),
		statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config:            cfg("s3cret-one", 1),
				ConfigStateChecks: nullPasswords,
				Check:             resource.ComposeAggregateTestCheckFunc(rbAccepted(e, 1), source("s3cret-one"), notInState("s3cret-one")),
			},
			{
				Config:           cfg("s3cret-two", 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:            resource.ComposeAggregateTestCheckFunc(rbAccepted(e, 1), source("s3cret-one")),
			},
			{
				Config: cfg("s3cret-two", 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(rbBuildRes, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: nullPasswords,
				Check:             resource.ComposeAggregateTestCheckFunc(rbAccepted(e, 2), source("s3cret-two"), notInState("s3cret-two")),
			},
		},
	})
	// The request carried exactly the fields that were set. A build refused
	// with 409 "too frequent" (the first build's rollout event may still be
	// running when the replacement starts) is sent again with the same body,
	// so repeats in a row are one build request.
	var bodies []map[string]any
	for _, b := range rbBuildBodies(t, e) {
		if n := len(bodies); n > 0 && fmt.Sprint(bodies[n-1]) == fmt.Sprint(b) {
			continue
		}
		bodies = append(bodies, b)
	}
	if len(bodies) != 2 || len(bodies[0]) != 4 || bodies[0]["password"] != "s3cret-one" || bodies[0]["branch"] != "release-1.2" || bodies[1]["password"] != "s3cret-two" {
		t.Fatalf("build bodies: %v", bodies)
	}
}

// TestAccRainbondComponentBuild_oldConsoleLateRowsAndStale: a pre-6.0
// console (CamelCase event keys), a row listed only after a few polls and an
// event marked final_status "timeout" before it completes.
func TestAccRainbondComponentBuild_oldConsoleLateRowsAndStale(t *testing.T) {
	e := newTestEnv(t)
	e.sim.UseCamelCaseEvents(true)
	e.sim.SetRainbondBuildOutcome(rbService, simulator.RainbondBuildOutcome{Duration: 1500 * time.Millisecond, RowDelayPolls: 3, TimeoutAfter: 700 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: rbBuildConfig(e, fastWait),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("final_status"), knownvalue.StringExact("complete")),
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("start_time"), rbStateTime),
				statecheck.ExpectKnownValue(rbBuildRes, tfjsonpath.New("end_time"), rbStateTime),
			},
			Check: rbAccepted(e, 1),
		}},
	})
}

func TestAccRainbondComponentBuild_apiErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(e *testEnv)
		hcl   string // replaces the ids
		want  *regexp.Regexp
	}{
		{"team not opened in the region", nil, fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = %d
  service_id = %q`, simulator.DemoRainbondTeamID, simulator.DemoRainbondOtherRegion, simulator.DemoRainbondAppID, rbService),
			errorPattern(`Cannot start the build`, `HTTP 409, code 2001`, `not been opened in this region`)},
		{"no resources", func(e *testEnv) { e.sim.InjectRainbondBuildError(rbService, 412, 1) }, "",
			errorPattern(`Cannot start the build`, `HTTP 412`, `lacks resources`, `nothing was started`)},
		{"region refused", func(e *testEnv) { e.sim.InjectRainbondBuildError(rbService, 507, 1) }, "",
			errorPattern(`Cannot start the build`, `HTTP 507`, `构建异常`, `check the cluster's health`)},
		{"version exists", func(e *testEnv) { e.sim.InjectRainbondBuildError(rbService, 500, 1) }, "",
			errorPattern(`Cannot start the build`, `HTTP 500, code 10401: version already exists`, `retry the build in a moment`)},
		{"unknown team", nil, fmt.Sprintf(`team_id = "no-such-team"
  region_name = %q
  app_id = %d
  service_id = %q`, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService),
			errorPattern(`Cannot start the build`, `HTTP 404`, `no found team`, `team_id must be`)},
		{"unknown app", nil, fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = 99
  service_id = %q`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, rbService),
			errorPattern(`Cannot start the build`, `HTTP 404`, `no found app`, `check app_id`)},
		{"unknown component", nil, fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = %d
  service_id = "gr000000"`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID),
			errorPattern(`Cannot start the build`, `HTTP 404`, `no found component`, `check service_id`)},
		{"component of another app", nil, fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = %d
  service_id = %q`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondImageServiceID),
			errorPattern(`Cannot start the build`, `component not belong to this app`, `does not belong to this application`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEnv(t)
			if tc.setup != nil {
				tc.setup(e)
			}
			cfg := rbBuildConfig(e, fastWait)
			if tc.hcl != "" {
				cfg = e.providerRainbond() + "resource \"cicd_rainbond_component_build\" \"test\" {\n  " + tc.hcl + "\n}\n"
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, ExpectError: tc.want}},
			})
			if n := e.sim.Count(rbBuildRoute); n != 1 {
				t.Fatalf("the build was requested %d times, want 1 (errors other than 'too frequent' are not retried)", n)
			}
			if n := e.sim.RainbondBuildsAccepted(rbService) + e.sim.RainbondBuildsAccepted(simulator.DemoRainbondImageServiceID); n != 0 {
				t.Fatalf("%d builds accepted", n)
			}
		})
	}
}

func TestAccRainbondComponentBuild_badInput(t *testing.T) {
	e := newTestEnv(t)
	t.Cleanup(func() {
		if n := e.sim.Count(rbBuildRoute); n != 0 {
			t.Errorf("bad input reached the API %d times", n)
		}
	})
	ids := fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = %d
  service_id = %q
  `, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService)
	cases := map[string]struct{ hcl, want string }{
		"build_type enum":  {ids + `build_type = "zip"`, `Attribute build_type value must be one of: \["source_code" "docker_image" "market"\]`},
		"server_type enum": {ids + `server_type = "ftp"`, `Attribute server_type value must be one of: \["svn" "git" "oss"\]`},
		"empty branch":     {ids + `branch = ""`, `Attribute branch UTF-8 character count must be between 1 and 255`},
		"blank repo_url":   {ids + `repo_url = "   "`, `Attribute repo_url must not be blank`},
		"empty username": {ids + `repo_url = "https://git.example.com/a.git"
  username = ""`, `Attribute username UTF-8 character count must be between 1 and 255`},
		"repo_url too long": {ids + `repo_url = "https://git.example.com/` + strings.Repeat("a", 1024) + `"`, `UTF-8 character count must be between 1 and 1024`},
		"app_id below 1": {fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = 0
  service_id = %q`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, rbService), `Attribute app_id value must be at least 1`},
		"empty team_id": {fmt.Sprintf(`team_id = ""
  region_name = %q
  app_id = 1
  service_id = %q`, simulator.DemoRainbondRegion, rbService), `Attribute team_id must be non-empty and use only letters, digits`},
		"service_id with a slash": {fmt.Sprintf(`team_id = %q
  region_name = %q
  app_id = 1
  service_id = "a/b"`, simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion), `Attribute service_id must be non-empty`},
		"password and password_wo": {ids + `repo_url = "https://git.example.com/a.git"
  password = "one"
  password_wo = "two"`, `Invalid Attribute Combination`},
		"password_wo_version without password_wo": {ids + `password_wo_version = 1`, `Attribute "password_wo" must be specified when "password_wo_version" is`},
		"wait intervals inverted": {ids + `wait {
    poll_interval     = "1m"
    max_poll_interval = "10s"
  }`, `max_poll_interval is below poll_interval`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
				Steps: []resource.TestStep{{
					Config:      e.providerRainbond() + "resource \"cicd_rainbond_component_build\" \"test\" {\n  " + tc.hcl + "\n}\n",
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
}

// TestRainbondComponentBuild_vanishedEventWarns reads a build whose event is
// gone through the protocol, as `terraform refresh` does: a warning, the
// record kept as it was, no request that could start a build.
func TestRainbondComponentBuild_vanishedEventWarns(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	const typ = "cicd_rainbond_component_build"
	sch := h.schema.ResourceSchemas[typ].ValueType()
	state := map[string]any{
		"team_id": simulator.DemoRainbondTeamID, "region_name": simulator.DemoRainbondRegion, "app_id": simulator.DemoRainbondAppID,
		"service_id": rbService, "event_id": "0123456789abcdef0123456789abcdef", "id": rbIDPrefix + "0123456789abcdef0123456789abcdef",
		"status": "success", "final_status": "complete", "start_time": "2025-01-01T08:00:00+08:00", "end_time": "2025-01-01T08:02:00+08:00",
	}
	dv, err := tfprotov6.NewDynamicValue(sch, toValue(t, sch, state))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.srv.ReadResource(context.Background(), &tfprotov6.ReadResourceRequest{TypeName: typ, CurrentState: &dv})
	if err != nil {
		t.Fatal(err)
	}
	txt := diagText(resp.Diagnostics)
	if hasErrors(resp.Diagnostics) || !strings.Contains(txt, "[WARNING] The build is no longer returned by the service") ||
		!strings.Contains(txt, "is no longer in the first 150 events of component") || !strings.Contains(txt, "change triggers to start a new build") {
		t.Fatalf("want a warning that the event is gone, got: %s", txt)
	}
	got, err := resp.NewState.Unmarshal(sch)
	if err != nil || !got.Equal(toValue(t, sch, state)) {
		t.Fatalf("the record was not kept as it was: %v %v", got, err)
	}
	if n := e.sim.Count(rbBuildRoute); n != 0 {
		t.Fatalf("refresh requested %d builds", n)
	}
}

// TestRainbondComponentBuild_validationErrorNamesTheAttribute calls the
// adapter's start directly with values the plan-time validators would have
// refused, to see the console's 400 code 20400 mapped to attributes.
func TestRainbondComponentBuild_validationErrorNamesTheAttribute(t *testing.T) {
	e := newTestEnv(t)
	client, err := rainbond.New(rainbond.Config{URL: e.url, Token: simulator.DemoRainbondToken, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	in := nullRainbondBuildInputs()
	in.TeamID, in.RegionName, in.AppID, in.ServiceID = types.StringValue(simulator.DemoRainbondTeamID), types.StringValue(simulator.DemoRainbondRegion),
		types.Int64Value(simulator.DemoRainbondAppID), types.StringValue(rbService)
	in.BuildType, in.PasswordWO = types.StringValue("zip"), types.StringValue("   ")
	var diags diag.Diagnostics
	_, err = startRainbondBuild(context.Background(), &providerData{rainbond: client}, &in, &diags)
	if diags.HasError() {
		t.Fatalf("conversion: %v", diags)
	}
	var fe *rainbondFieldError
	if !errors.As(err, &fe) {
		t.Fatalf("want a field error, got %T %v", err, err)
	}
	paths := fe.AttributePaths()
	if len(paths) != 2 || !paths[0].Equal(path.Root("build_type")) || !paths[1].Equal(path.Root("password_wo")) {
		t.Fatalf("attribute paths %v", paths)
	}
	for _, want := range []string{"HTTP 400, code 20400", `build_type: "zip" is not a valid choice.`, "password: This field may not be blank.",
		"The console rejected the value of build_type, password_wo. No build was started."} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if d := apiErrorDetail(err); !strings.Contains(d, "failed validation") {
		t.Errorf("detail lacks the hint: %s", d)
	}
	// The diagnostic is on the first rejected attribute.
	addStartError(&diags, "build", err)
	if len(diags) != 1 {
		t.Fatalf("want one diagnostic, got %v", diags)
	}
	if wp, ok := diags[0].(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(path.Root("build_type")) {
		t.Fatalf("diagnostic not on build_type: %#v", diags[0])
	}
}
