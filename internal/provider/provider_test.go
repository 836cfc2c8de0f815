package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// providerEnvVars is every variable the provider reads; tests start without them.
var providerEnvVars = append([]string{EnvRegion, EnvSecurityToken, EnvAuthToken, EnvUserName, EnvPassword,
	EnvDomainName, EnvProjectID, EnvDomainID, EnvEndpoint, EnvRainbondURL, EnvRainbondToken}, append(envAccessKey, envSecretKey...)...)

func TestMain(m *testing.M) {
	// Hermetic: a developer's own credentials must never reach the tests.
	for _, e := range providerEnvVars {
		os.Unsetenv(e)
	}
	// The provider polls the simulator faster than the documented floor
	// (run.MinPollInterval), so that runs of a few hundred milliseconds do
	// not take seconds: in process, and in the binaries the CLI tests build
	// (they inherit the variable). The bad-input matrix checks the floor.
	minPollInterval = 50 * time.Millisecond
	os.Setenv(envTestMinPollInterval, minPollInterval.String())
	code := m.Run()
	removeBuiltProvider()
	os.Exit(code)
}

var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"cicd": providerserver.NewProtocol6WithError(New("test")()),
}

// testEnv is a simulator started for one test.
type testEnv struct {
	sim *simulator.Server
	url string
}

func newTestEnv(t *testing.T) *testEnv {
	t.Helper()
	sim := simulator.New(simulator.Options{})
	url := sim.Start()
	t.Cleanup(sim.Close)
	return &testEnv{sim: sim, url: url}
}

// endpoints renders an endpoints block pointing every service at the simulator.
func (e *testEnv) endpoints() string {
	return fmt.Sprintf(`
    endpoints {
      pipeline = %[1]q
      build    = %[1]q
      deploy   = %[1]q
      iam      = %[1]q
    }`, e.url)
}

// providerAKSK is a provider block using AK/SK signing against the simulator.
func (e *testEnv) providerAKSK() string {
	return e.providerWith(fmt.Sprintf(`access_key = %q
    secret_key = %q`, simulator.DemoAK, simulator.DemoSK))
}

// providerWith renders a provider block with the given codearts credentials.
func (e *testEnv) providerWith(creds string) string {
	return fmt.Sprintf(`
provider "cicd" {
  max_retries     = 2
  request_timeout = "5s"
  codearts {
    region = %[1]q
    %[2]s
    %[3]s
  }
  rainbond {
    url   = %[4]q
    token = %[5]q
  }
}
`, simulator.DemoRegion, creds, e.endpoints(), e.url, simulator.DemoRainbondToken)
}

// issueToken gets a project-scoped IAM token from the simulator, as a user would.
func (e *testEnv) issueToken(t testing.TB) string {
	t.Helper()
	body := fmt.Sprintf(`{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":%q,"password":%q,"domain":{"name":%q}}}},"scope":{"project":{"name":%q}}}}`,
		simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName, simulator.DemoRegion)
	resp, err := http.Post(e.url+"/v3/auth/tokens", "application/json;charset=utf8", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	tok := resp.Header.Get("X-Subject-Token")
	if resp.StatusCode != http.StatusCreated || tok == "" {
		t.Fatalf("token issue: HTTP %d, token %q", resp.StatusCode, tok)
	}
	return tok
}

// errorPattern matches diagnostics whatever Terraform's line wrapping: the
// words of each part may be split across lines, and parts appear in order.
func errorPattern(parts ...string) *regexp.Regexp {
	for i, p := range parts {
		parts[i] = strings.Join(strings.Fields(p), `\s+`)
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\S]*`))
}

// countIs checks a simulator route counter from inside a test step.
func countIs(e *testEnv, route string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := e.sim.Count(route); got != want {
			return fmt.Errorf("%s was called %d times, want %d", route, got, want)
		}
		return nil
	}
}

// inBackground calls try every interval from now on, until it reports done
// (or fails) or the test ends: for what someone does while apply waits. The
// returned check fails with try's error, or when it was never done.
func inBackground(t *testing.T, every time.Duration, what string, try func() (done bool, err error)) resource.TestCheckFunc {
	result := make(chan error, 1)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(every):
			}
			if done, err := try(); done || err != nil {
				result <- err
				return
			}
		}
	}()
	return func(*terraform.State) error {
		select {
		case err := <-result:
			return err
		default:
			return fmt.Errorf("%s never happened", what)
		}
	}
}

const pipelinesInDemoProject = `
data "cicd_codearts_pipelines" "test" {
  project_ids = [%q]
  limit       = 5
}
`

func TestAccProviderBadConfiguration(t *testing.T) {
	e := newTestEnv(t)
	ds := fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID)
	withoutRegion := strings.Replace(e.providerAKSK(), fmt.Sprintf("region = %q", simulator.DemoRegion), "", 1)
	cases := []struct {
		name   string
		config string
		want   *regexp.Regexp
	}{
		{"no region", withoutRegion, errorPattern(`Missing CodeArts region`, `HW_REGION_NAME`)},
		{"two auth modes", e.providerWith(fmt.Sprintf(`access_key = %q
    secret_key = %q
    auth_token = "tok"`, simulator.DemoAK, simulator.DemoSK)),
			errorPattern(`Conflicting CodeArts authentication modes`, `codearts\.access_key`, `codearts\.auth_token`)},
		{"AK without SK", e.providerWith(fmt.Sprintf(`access_key = %q`, simulator.DemoAK)),
			errorPattern(`Incomplete CodeArts AK/SK credentials`, `needs secret_key`)},
		{"wrong secret key", e.providerWith(fmt.Sprintf(`access_key = %q
    secret_key = "not-the-secret-key"`, simulator.DemoAK)),
			errorPattern(`HTTP 401`, `signature does not match`, `Check codearts\.access_key and codearts\.secret_key`)},
		{"unknown token", e.providerWith(`auth_token = "MIInot-a-token"`), errorPattern(`HTTP 401, error APIGW\.0301`, `token was rejected`, `HW_AUTH_TOKEN`)},
		{"wrong IAM password", e.providerWith(fmt.Sprintf(`user_name = %q
    password = "wrong-password"
    domain_name = %q`, simulator.DemoUserName, simulator.DemoDomainName)),
			errorPattern(`IAM POST /v3/auth/tokens: HTTP 401`, `username or password is wrong`, `Check codearts\.user_name, codearts\.password`)},
		{"unreachable endpoint", strings.ReplaceAll(e.providerAKSK(), e.url, "http://127.0.0.1:1"),
			errorPattern(`no response from http://127\.0\.0\.1:1`, `connection refused`, `Check the endpoint`)},
		{"no CodeArts settings", fmt.Sprintf(`provider "cicd" {
  rainbond {
    url   = %q
    token = "x"
  }
}`, e.url), errorPattern(`CodeArts is not configured`, `CLOUD_SDK_AK`)},
		{"endpoint not a URL", strings.Replace(e.providerAKSK(), fmt.Sprintf("build    = %q", e.url), `build = "cloudbuild.example.com"`, 1),
			errorPattern(`Invalid URL`, `cloudbuild\.example\.com`)},
		{"bad request_timeout", strings.Replace(e.providerAKSK(), `request_timeout = "5s"`, `request_timeout = "soon"`, 1),
			errorPattern(`Invalid duration`, `"soon" is not a positive duration`)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config + ds,
					ExpectError: tc.want,
				}},
			})
		})
	}
}

func TestAccProviderExpiredToken(t *testing.T) {
	e := newTestEnv(t)
	tok := e.issueToken(t)
	ds := fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID)
	cfg := e.providerWith(fmt.Sprintf("auth_token = %q", tok)) + ds
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.TestCheckResourceAttr("data.cicd_codearts_pipelines.test", "pipelines.#", "5")},
			{PreConfig: e.sim.ExpireTokens, Config: cfg, ExpectError: errorPattern(`token has expired`, `IAM tokens expire after 24 hours`)},
		},
	})
}

func TestAccProviderPasswordAuthFetchesOneToken(t *testing.T) {
	e := newTestEnv(t)
	cfg := e.providerWith(fmt.Sprintf(`user_name   = %q
    password    = %q
    domain_name = %q`, simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName)) + fmt.Sprintf(`
data "cicd_codearts_pipelines" "a" {
  project_ids = [%[1]q]
  limit       = 3
}
data "cicd_codearts_pipelines" "b" {
  project_ids = [%[1]q]
  statuses    = ["completed"]
}
`, simulator.DemoCodeArtsProjectID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.cicd_codearts_pipelines.a", tfjsonpath.New("pipelines"), knownvalue.ListSizeExact(3)),
			},
			// One token for the provider's life, shared by both data sources,
			// not one per data source: by the time of this check only the plan
			// has read them (the apply uses the planned values), so exactly one
			// token; without the client's token cache it would be two.
			Check: func(*terraform.State) error {
				if n := e.sim.Count("POST /v3/auth/tokens"); n != 1 {
					return fmt.Errorf("IAM token requested %d times for one plan reading 2 data sources, want exactly 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccProviderFromEnvironment(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv(EnvRegion, simulator.DemoRegion)
	t.Setenv("HW_ACCESS_KEY", simulator.DemoAK) // the second accepted name
	t.Setenv("CLOUD_SDK_SK", simulator.DemoSK)
	t.Setenv(EnvEndpoint, e.url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `provider "cicd" {
  codearts {}
}
` + fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.cicd_codearts_pipelines.test", "pipelines.#", "5"),
				resource.TestCheckResourceAttr("data.cicd_codearts_pipelines.test", "total", "25"),
			),
		}},
	})
}

func TestAccProviderConflictingEnvironment(t *testing.T) {
	e := newTestEnv(t)
	t.Setenv(EnvRegion, simulator.DemoRegion)
	t.Setenv("CLOUD_SDK_AK", simulator.DemoAK)
	t.Setenv("CLOUD_SDK_SK", simulator.DemoSK)
	t.Setenv(EnvAuthToken, "tok")
	t.Setenv(EnvEndpoint, e.url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      "provider \"cicd\" {}\n" + fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID),
			ExpectError: errorPattern(`Conflicting CodeArts authentication modes`, `environment variables set AK/SK`, `CLOUD_SDK_AK/HW_ACCESS_KEY`, `HW_AUTH_TOKEN`),
		}},
	})
}

// planLacks fails when any value appears anywhere in the JSON plan
// (write-only values must not be in it at all).
func planLacks(values ...string) plancheck.PlanCheck { return planLacksCheck{values} }

type planLacksCheck struct{ values []string }

func (c planLacksCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	for _, v := range c.values {
		if i := strings.Index(string(raw), v); i >= 0 {
			resp.Error = fmt.Errorf("the plan holds a write-only value: %s", string(raw)[max(0, i-400):i])
			return
		}
	}
}

// TestAccProviderMissingPlatformAtPlan: a resource of a platform the
// provider does not configure fails the plan (not only the apply), with
// the provider attributes to set in the text, and nothing reaches the
// service. A provider setting not known until apply does not fail the plan.
func TestAccProviderMissingPlatformAtPlan(t *testing.T) {
	e := newTestEnv(t)
	rainbondOnly := fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url   = %q\n    token = %q\n  }\n}\n", e.url, simulator.DemoRainbondToken)
	codeartsOnly := fmt.Sprintf("provider \"cicd\" {\n  codearts {\n    region = %q\n    %s\n    %s\n  }\n}\n", simulator.DemoRegion, mxAKSK, e.endpoints())
	noCodeArts := []string{"CodeArts is not configured", `codearts.access_key and codearts.secret_key`, "codearts.auth_token", "CLOUD_SDK_AK", "codearts.region"}
	noRainbond := []string{"Rainbond is not configured", "rainbond.url and rainbond.token", "RAINBOND_URL"}
	cases := []struct {
		name, provider, block string
		want                  []string
	}{
		{"build run", rainbondOnly, res("codearts_build_run", mxBuild), noCodeArts},
		{"deploy run", rainbondOnly, res("codearts_deploy_run", mxDeploy), noCodeArts},
		{"pipeline run", rainbondOnly, res("codearts_pipeline_run", mxRun), noCodeArts},
		{"pipeline template", rainbondOnly, res("codearts_pipeline_template", mxTpl("x", "")), noCodeArts},
		{"pipeline", rainbondOnly, res("codearts_pipeline", mxPipeline("x", "")), noCodeArts},
		{"pipeline from template", rainbondOnly, res("codearts_pipeline_from_template", mxFromTpl(mxFlow, mxStates, mxWorkflow(""))), noCodeArts},
		{"pipelines data source", rainbondOnly, ds("codearts_pipelines", mxPipelines), noCodeArts},
		{"component build", codeartsOnly, res("rainbond_component_build", mxRb), noRainbond},
		{"component events data source", codeartsOnly, ds("rainbond_component_events", mxEvents), noRainbond},
		{"nothing configured", "provider \"cicd\" {}\n", res("codearts_pipeline_template", mxTpl("x", "")), noCodeArts},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			PreConfig:   func() { t.Logf("case: %s", tc.name) },
			Config:      tc.provider + tc.block,
			PlanOnly:    true,
			ExpectError: oneDiagnostic(rowAddr(tc.block), tc.want),
		})
	}
	// A credential only known at apply: the plan cannot tell, so it passes.
	steps = append(steps, resource.TestStep{
		Config: `resource "terraform_data" "token" {
  input = "tok"
}
provider "cicd" {
  codearts {
    region     = "` + simulator.DemoRegion + `"
    auth_token = terraform_data.token.output
  }
}
` + res("codearts_pipeline_template", mxTpl("x", "")),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		ExternalProviders:        map[string]resource.ExternalProvider{"terraform": {Source: "terraform.io/builtin/terraform"}},
		Steps:                    steps,
	})
	if n := len(e.sim.Requests()); n != 0 {
		t.Fatalf("%d request(s) reached the simulator for plans that must fail first: %v", n, e.sim.Requests())
	}
}
