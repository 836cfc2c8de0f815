package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The bad-input matrix: the one place a reviewer reads to see what every
// type does with bad input.
//
//   - Plan time (TestAccBadInputMatrix_plan): one row per validator of every
//     type (id formats, enums, lengths, charsets, forbidden names and
//     sequences, conflicting attributes, list sizes, durations, URLs, limits).
//     Each row is one plan-only step; it must fail with exactly one
//     diagnostic that names the block (`with <address>`) and the attribute
//     (Terraform's source line, and the framework's `Attribute <path>` where
//     the validator writes one), and the simulator must receive no request
//     at all while the whole group plans. Provider rows point every service
//     at the simulator too, and each group ends with a control step (a valid
//     configuration of the same kind) that must reach it, so the zero count
//     is an observation, not the absence of anywhere to send.
//   - Apply time (TestAccBadInputMatrix_apply): one row per rejection the
//     service documents and the simulator implements. Each row is one apply
//     step that must fail with exactly one diagnostic naming the service's
//     code and message (and what to check); nothing panics. Rows titled
//     "refused before any request" (values known only at apply) must add no
//     request to the simulator's count.
//
// Rows are grouped into one TestCase per type, so a group shares one working
// directory and `terraform init`; the groups run in parallel.

// matrixRow is one bad input and the one diagnostic it must produce.
type matrixRow struct {
	name string
	// hcl is the block under test, named "test" (plus any helper blocks).
	hcl string
	// want are literal fragments of the diagnostic, in order: its summary
	// first, then the attribute and the detail. `with <address>` is checked
	// right after the summary.
	want []string
	// setup arranges the simulator before an apply row (nil: nothing).
	setup func(e *testEnv)
}

var matrixAddr = regexp.MustCompile(`(resource|data) "(cicd_[a-z_]+)" "test"`)

// noError matches text holding no "Error:", so a row's pattern can demand
// that the output carries exactly one error diagnostic.
const noError = `(?:[^E]|E[^r]|Er[^r]|Err[^o]|Erro[^r]|Error[^:])*(?:E|Er|Err|Erro|Error)?`

// oneDiagnostic matches output with exactly one error diagnostic, whose text
// holds the fragments in order, and which is attributed to addr (or the
// provider block when addr is "").
func oneDiagnostic(addr string, want []string) *regexp.Regexp {
	lit := func(s string) string {
		return strings.Join(strings.Fields(regexp.QuoteMeta(s)), `\s+`)
	}
	parts := []string{lit(want[0])}
	if addr != "" {
		parts = append(parts, lit("with "+addr+","))
	} else {
		parts = append(parts, lit(`with provider["registry.terraform.io/hashicorp/cicd"]`))
	}
	for _, w := range want[1:] {
		parts = append(parts, lit(w))
	}
	return regexp.MustCompile(`(?s)\A` + noError + `Error:\s+` + strings.Join(parts, noError) + noError + `\z`)
}

func rowAddr(hcl string) string {
	m := matrixAddr.FindStringSubmatch(hcl)
	if m == nil || strings.HasPrefix(hcl, "provider ") {
		return "" // a provider row
	}
	if m[1] == "data" {
		return "data." + m[2] + ".test"
	}
	return m[2] + ".test"
}

func res(typ, body string) string {
	return fmt.Sprintf("resource %q \"test\" {\n  %s\n}\n", "cicd_"+typ, body)
}

func ds(typ, body string) string {
	return fmt.Sprintf("data %q \"test\" {\n  %s\n}\n", "cicd_"+typ, body)
}

func long(n int) string { return strings.Repeat("x", n) }

// emoji is n four-byte characters: limits count characters, as the APIs do.
func emoji(n int) string { return strings.Repeat("😀", n) }

// Bodies of valid blocks, to which rows add one bad attribute.
var (
	mxBuild  = fmt.Sprintf("job_id = %q\n  ", simulator.DemoBuildJobID)
	mxDeploy = fmt.Sprintf("task_id = %q\n  ", simulator.DemoDeployTaskID)
	mxRun    = fmt.Sprintf("project_id = %q\n  pipeline_id = %q\n  ", simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID)
	mxRb     = fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = %d\n  service_id = %q\n  ",
		simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID)
	mxRbIDs = func(team, region string, app int, service string) string {
		return fmt.Sprintf("team_id = %q\n  region_name = %q\n  app_id = %d\n  service_id = %q\n  ", team, region, app, service)
	}
	mxTpl = func(name, extra string) string {
		return fmt.Sprintf("name = %q\n  language = \"java\"\n  definition = jsonencode({ stages = [] })\n  %s", name, extra)
	}
	mxFromTpl = func(flow, states, workflow string) string {
		return fmt.Sprintf("flow = %s\n  states = %s\n  workflow = %s\n", flow, states, workflow)
	}
	mxFlow     = `jsonencode({ initial = { state_1 = "always" }, state_1 = { final = "always" } })`
	mxStates   = `jsonencode({ initial = { type = "stage", name = "start" }, state_1 = { type = "stage", name = "Build" }, final = { type = "stage", name = "end" } })`
	mxWorkflow = func(extra string) string {
		return fmt.Sprintf("{\n    name = \"mx\"\n    project_id = %q\n    %s\n  }", simulator.DemoCodeArtsProjectID, extra)
	}
	mxPipelines = fmt.Sprintf("project_ids = [%q]\n  ", simulator.DemoCodeArtsProjectID)
	mxRuns      = fmt.Sprintf("project_id = %q\n  pipeline_id = %q\n  ", simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID)
	mxStepLog   = fmt.Sprintf("project_id = %q\n  pipeline_id = %q\n  pipeline_run_id = %q\n  job_run_id = %q\n  step_run_id = %q\n  ",
		simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID, simulator.DemoPipelineRunID, simulator.DemoJobRunID, simulator.DemoStepRunID)
	mxEvents = mxRb
)

// Provider rows point every service at the test's simulator: the test
// replaces mxSimURL with its URL and mxSimEndpoints with an endpoints block,
// so that "no request reached the simulator" is a real observation (a row
// that wrongly passed would send its requests there, not to a public
// endpoint, and be counted).
const (
	mxSimURL       = "http://simulator.invalid"
	mxSimEndpoints = "# endpoints: the simulator"
	mxAKSK         = `access_key = "` + simulator.DemoAK + `"
    secret_key = "` + simulator.DemoSK + `"`
)

// mxProvider is a provider block with top-level settings and CodeArts
// credentials, pointing at the simulator.
func mxProvider(top, creds string) string {
	return fmt.Sprintf("provider \"cicd\" {\n  %s\n  codearts {\n    region = %q\n    %s\n    %s\n  }\n}\n", top, simulator.DemoRegion, creds, mxSimEndpoints)
}

// The framework validators' diagnostic summaries.
const (
	valueMatch  = "Invalid Attribute Value Match"
	valueLength = "Invalid Attribute Value Length"
	value       = "Invalid Attribute Value"
	combination = "Invalid Attribute Combination"
)

// planMatrix is every plan-time row, by type.
func planMatrix() map[string][]matrixRow {
	build := func(body string) string { return res("codearts_build_run", body) }
	deploy := func(body string) string { return res("codearts_deploy_run", body) }
	run := func(body string) string { return res("codearts_pipeline_run", body) }
	rb := func(body string) string { return res("rainbond_component_build", body) }
	tpl := func(body string) string { return res("codearts_pipeline_template", body) }
	fromTpl := func(body string) string { return res("codearts_pipeline_from_template", body) }
	waitRows := func(render func(string) string, ok string) []matrixRow {
		return []matrixRow{
			{"wait.poll_interval not a duration", render(ok + "wait {\n    poll_interval = \"fast\"\n  }"),
				[]string{"Invalid duration", `poll_interval = "fast"`, `"fast" is not a positive duration`}, nil},
			{"wait.max_poll_interval not positive", render(ok + "wait {\n    max_poll_interval = \"-1s\"\n  }"),
				[]string{"Invalid duration", `max_poll_interval = "-1s"`, `"-1s" is not a positive duration`}, nil},
			{"wait.max_poll_interval below poll_interval", render(ok + "wait {\n    poll_interval = \"1m\"\n    max_poll_interval = \"10s\"\n  }"),
				[]string{"max_poll_interval is below poll_interval", `max_poll_interval = "10s"`, "max_poll_interval (10s) must be at least poll_interval (1m0s)"}, nil},
			{"timeouts.create not a duration", render(ok + "timeouts {\n    create = \"soon\"\n  }"),
				[]string{"Invalid Attribute Value Time Duration", `create = "soon"`, `"soon" must be a string containing a sequence of decimal numbers`}, nil},
		}
	}
	return map[string][]matrixRow{
		"provider": {
			{"max_retries above 20", mxProvider("max_retries = 21", mxAKSK) + ds("codearts_pipelines", mxPipelines),
				[]string{value, "max_retries = 21", "Attribute max_retries value must be between 0 and 20, got: 21"}, nil},
			{"max_retries negative", mxProvider("max_retries = -1", mxAKSK) + ds("codearts_pipelines", mxPipelines),
				[]string{value, "max_retries = -1", "Attribute max_retries value must be between 0 and 20, got: -1"}, nil},
			{"request_timeout not a duration", mxProvider(`request_timeout = "soon"`, mxAKSK) + ds("codearts_pipelines", mxPipelines),
				[]string{"Invalid duration", `request_timeout = "soon"`, `"soon" is not a positive duration`}, nil},
			{"request_timeout zero", mxProvider(`request_timeout = "0s"`, mxAKSK) + ds("codearts_pipelines", mxPipelines),
				[]string{"Invalid duration", `request_timeout = "0s"`, `"0s" is not a positive duration`}, nil},
			{"codearts endpoint not a URL", fmt.Sprintf("provider \"cicd\" {\n  codearts {\n    region = %q\n    %s\n    endpoints {\n      build = \"cloudbuild.example.com\"\n      pipeline = %q\n      iam = %q\n    }\n  }\n}\n",
				simulator.DemoRegion, mxAKSK, mxSimURL, mxSimURL) + ds("codearts_pipelines", mxPipelines),
				[]string{"Invalid URL", `build = "cloudbuild.example.com"`, `"cloudbuild.example.com" is not an absolute http(s) URL`}, nil},
			{"codearts endpoint blank", fmt.Sprintf("provider \"cicd\" {\n  codearts {\n    region = %q\n    %s\n    endpoints {\n      pipeline = \"  \"\n      iam = %q\n    }\n  }\n}\n",
				simulator.DemoRegion, mxAKSK, mxSimURL) + ds("codearts_pipelines", mxPipelines),
				[]string{"Invalid URL", `pipeline = "  "`, `is not an absolute http(s) URL`}, nil},
			{"codearts endpoint empty (would fall back to the public endpoint)", fmt.Sprintf("provider \"cicd\" {\n  codearts {\n    region = %q\n    %s\n    endpoints {\n      pipeline = \"\"\n      iam = %q\n    }\n  }\n}\n",
				simulator.DemoRegion, mxAKSK, mxSimURL) + ds("codearts_pipelines", mxPipelines),
				[]string{"Invalid URL", `pipeline = ""`, "The URL is empty"}, nil},
			{"rainbond url with credentials", fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url = %q\n    token = \"t\"\n  }\n}\n", strings.Replace(mxSimURL, "http://", "http://admin:pw@", 1)) + ds("rainbond_component_events", mxEvents),
				[]string{"Invalid URL", "url = ", "contains a user name or password"}, nil},
			{"rainbond url with a query", fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url = %q\n    token = \"t\"\n  }\n}\n", mxSimURL+"/?team=a") + ds("rainbond_component_events", mxEvents),
				[]string{"Invalid URL", "url = ", "has a query or fragment"}, nil},
			{"rainbond url not a URL", "provider \"cicd\" {\n  rainbond {\n    url = \"ftp://console\"\n    token = \"t\"\n  }\n}\n" + ds("rainbond_component_events", mxEvents),
				[]string{"Invalid URL", `url = "ftp://console"`, `"ftp://console" is not an absolute http(s) URL`}, nil},
			{"rainbond token blank", fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url = %q\n    token = \"  \"\n  }\n}\n", mxSimURL) + ds("rainbond_component_events", mxEvents),
				[]string{valueMatch, `token = "  "`, "Attribute rainbond.token must not be blank"}, nil},
			{"two CodeArts auth modes", mxProvider("", "access_key = \"ak\"\n    secret_key = \"sk\"\n    auth_token = \"tok\"") + ds("codearts_pipelines", mxPipelines),
				[]string{"Conflicting CodeArts authentication modes", "AK/SK (codearts.access_key, codearts.secret_key, codearts.security_token) and token (codearts.auth_token)"}, nil},
			{"AK without SK", mxProvider("", "access_key = \"ak\"") + ds("codearts_pipelines", mxPipelines),
				[]string{"Incomplete CodeArts AK/SK credentials", "AK/SK authentication needs secret_key, but it is not set: set codearts.secret_key"}, nil},
			{"auth_token blank", mxProvider("", "auth_token = \"   \"") + ds("codearts_pipelines", mxPipelines),
				[]string{valueMatch, `auth_token = "   "`, "Attribute codearts.auth_token must not be blank"}, nil},
			{"access_key blank", mxProvider("", "access_key = \" \"\n    secret_key = \"sk\"") + ds("codearts_pipelines", mxPipelines),
				[]string{valueMatch, `access_key = " "`, "Attribute codearts.access_key must not be blank"}, nil},
			{"password mode without domain_name", mxProvider("", "user_name = \"u\"\n    password = \"p\"") + ds("codearts_pipelines", mxPipelines),
				[]string{"Incomplete CodeArts IAM password credentials", "needs domain_name"}, nil},
			{"security_token without AK/SK", mxProvider("", "security_token = \"sts\"") + ds("codearts_pipelines", mxPipelines),
				[]string{"Security token without AK/SK", "set access_key and secret_key"}, nil},
			{"no region", strings.Replace(mxProvider("", mxAKSK), fmt.Sprintf("region = %q", simulator.DemoRegion), "", 1) + ds("codearts_pipelines", mxPipelines),
				[]string{"Missing CodeArts region", "Set codearts.region or the environment variable HW_REGION_NAME"}, nil},
			{"region blank", strings.Replace(mxProvider("", mxAKSK), fmt.Sprintf("region = %q", simulator.DemoRegion), `region = "  "`, 1) + ds("codearts_pipelines", mxPipelines),
				[]string{valueMatch, `region = "  "`, "Attribute codearts.region must not be blank"}, nil},
			{"ca_cert_file missing", mxProvider("", mxAKSK+"\n    ca_cert_file = \"/nonexistent/ca.pem\"") + ds("codearts_pipelines", mxPipelines),
				[]string{"Cannot read the CA bundle", "/nonexistent/ca.pem"}, nil},
			{"rainbond without token", fmt.Sprintf("provider \"cicd\" {\n  rainbond {\n    url = %q\n  }\n}\n", mxSimURL) + ds("rainbond_component_events", mxEvents),
				[]string{"Missing Rainbond token", "Set rainbond.token or the environment variable RAINBOND_TOKEN"}, nil},
			{"rainbond without url", "provider \"cicd\" {\n  rainbond {\n    token = \"t\"\n  }\n}\n" + ds("rainbond_component_events", mxEvents),
				[]string{"Missing Rainbond URL", "Set rainbond.url or the environment variable RAINBOND_URL"}, nil},
		},
		"cicd_codearts_build_run": append([]matrixRow{
			{"job_id format", build(`job_id = "not-a-job"`),
				[]string{valueMatch, `job_id = "not-a-job"`, "Attribute job_id must be the job's id: 32 lowercase letters and digits"}, nil},
			{"parameter name reserved", build(mxBuild + `parameters = { PATH = "/tmp" }`),
				[]string{valueMatch, `Attribute parameters["PATH"] value must be none of`}, nil},
			{"parameter name charset", build(mxBuild + `parameters = { "code-branch" = "main" }`),
				[]string{valueMatch, `Attribute parameters["code-branch"] may contain only letters, digits and _`}, nil},
			{"parameter name too long", build(mxBuild + fmt.Sprintf(`parameters = { %s = "v" }`, long(codearts.BuildParamNameMax+1))),
				[]string{valueLength, fmt.Sprintf("UTF-8 character count must be between 1 and %d", codearts.BuildParamNameMax)}, nil},
			{"parameter value too long", build(mxBuild + fmt.Sprintf(`parameters = { codeBranch = %q }`, long(codearts.BuildParamValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute parameters["codeBranch"] UTF-8 character count must be at most %d`, codearts.BuildParamValueMax)}, nil},
			{"scm.build_tag empty", build(mxBuild + `scm = { build_tag = "" }`),
				[]string{valueLength, "Attribute scm.build_tag UTF-8 character count must be at least 1"}, nil},
			{"scm.build_commit_id empty", build(mxBuild + `scm = { build_commit_id = "" }`),
				[]string{valueLength, "Attribute scm.build_commit_id UTF-8 character count must be at least 1"}, nil},
			{"scm.build_commit_id blank", build(mxBuild + `scm = { build_commit_id = " " }`),
				[]string{valueMatch, "Attribute scm.build_commit_id must not be blank"}, nil},
			{"scm.build_tag blank", build(mxBuild + `scm = { build_tag = "  " }`),
				[]string{valueMatch, "Attribute scm.build_tag must not be blank"}, nil},
			{"parameter value too long in characters", build(mxBuild + fmt.Sprintf(`parameters = { codeBranch = %q }`, emoji(codearts.BuildParamValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute parameters["codeBranch"] UTF-8 character count must be at most %d, got: %d`, codearts.BuildParamValueMax, codearts.BuildParamValueMax+1)}, nil},
		}, append(waitRows(build, mxBuild), durationBoundRows(build, mxBuild)...)...),
		"cicd_codearts_deploy_run": {
			{"task_id format", deploy(`task_id = "not-a-task"`),
				[]string{valueMatch, "Attribute task_id must be the deployment task's 32-character id"}, nil},
			{"parameters key charset", deploy(mxDeploy + `parameters = { "a b" = "v" }`),
				[]string{valueMatch, `Attribute parameters["a b"] may contain only letters, digits, -, _ and .`}, nil},
			{"parameters key too long", deploy(mxDeploy + fmt.Sprintf(`parameters = { %q = "v" }`, long(codearts.DeployParamKeyMax+1))),
				[]string{valueLength, fmt.Sprintf("UTF-8 character count must be between 1 and %d", codearts.DeployParamKeyMax)}, nil},
			{"parameters value too long", deploy(mxDeploy + fmt.Sprintf(`parameters = { "k" = %q }`, long(codearts.DeployParamValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute parameters["k"] UTF-8 character count must be at most %d`, codearts.DeployParamValueMax)}, nil},
			{"parameters value too long in characters", deploy(mxDeploy + fmt.Sprintf(`parameters = { "k" = %q }`, emoji(codearts.DeployParamValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute parameters["k"] UTF-8 character count must be at most %d, got: %d`, codearts.DeployParamValueMax, codearts.DeployParamValueMax+1)}, nil},
			{"parameters value forbidden sequence", deploy(mxDeploy + `parameters = { "k" = "a {{ b" }`),
				[]string{"Forbidden sequence in a deployment parameter", `Attribute parameters["k"]: the value contains "{{"`}, nil},
			{"parameter_types enum", deploy(mxDeploy + `parameters = { "k" = "v" }
  parameter_types = { "k" = "string" }`),
				[]string{"Invalid deployment parameter type", `Attribute parameter_types["k"]: parameter type "string" is not one of text, host_group, enum`}, nil},
			{"parameter_types encrypt", deploy(mxDeploy + `parameters = { "db_password" = "x" }
  parameter_types = { "db_password" = "encrypt" }`),
				[]string{"Secret parameter type", `Attribute parameter_types["db_password"]: parameters of type encrypt are secrets`, "secret_parameters_wo"}, nil},
			{"parameter_types of an unknown parameter", deploy(mxDeploy + `parameter_types = { hosts = "host_group" }`),
				[]string{"Type of an unknown parameter", `Attribute parameter_types["hosts"]: parameter_types names "hosts", which is not in parameters`}, nil},
			{"secret_parameters key charset", deploy(mxDeploy + `secret_parameters = { "a b" = "v" }`),
				[]string{valueMatch, `Attribute secret_parameters["a b"] may contain only letters, digits, -, _ and .`}, nil},
			{"secret_parameters value forbidden sequence", deploy(mxDeploy + `secret_parameters = { k = "{% x" }`),
				[]string{"Forbidden sequence in a deployment parameter", `Attribute secret_parameters["k"]: the value contains "{%"`}, nil},
			{"secret_parameters_wo value too long", deploy(mxDeploy + fmt.Sprintf(`secret_parameters_wo = { k = %q }`, long(codearts.DeployParamValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute secret_parameters_wo["k"] UTF-8 character count must be at most %d`, codearts.DeployParamValueMax)}, nil},
			{"secret_parameters_wo_version without secret_parameters_wo", deploy(mxDeploy + `secret_parameters_wo_version = 1`),
				[]string{combination, `Attribute "secret_parameters_wo" must be specified when "secret_parameters_wo_version" is specified`}, nil},
			{"parameter set twice", deploy(mxDeploy + "parameters = { k = \"v\" }\n  secret_parameters = { k = \"s\" }"),
				[]string{"Duplicate deployment parameter", `Attribute secret_parameters["k"]: parameter "k" is also set in parameters`}, nil},
			{"rollback_record_id format", deploy(mxDeploy + `rollback_record_id = "r-1"`),
				[]string{valueMatch, "Attribute rollback_record_id must be a 32-character deployment record id"}, nil},
			{"trigger_source enum", deploy(mxDeploy + `trigger_source = "2"`),
				[]string{valueMatch, `Attribute trigger_source value must be one of: ["0" "1"], got: "2"`}, nil},
		},
		"cicd_codearts_pipeline_run": {
			{"project_id format", run(fmt.Sprintf("project_id = \"my-project\"\n  pipeline_id = %q", simulator.DemoPipelineID)),
				[]string{valueMatch, "Attribute project_id must be the CodeArts project's 32-character hexadecimal id"}, nil},
			{"pipeline_id format", run(fmt.Sprintf("project_id = %q\n  pipeline_id = %q", simulator.DemoCodeArtsProjectID, strings.Repeat("z", 32))),
				[]string{valueMatch, "Attribute pipeline_id must be the pipeline's 32-character hexadecimal id"}, nil},
			{"sources empty list", run(mxRun + `sources = []`),
				[]string{value, "Attribute sources list must contain at least 1 elements"}, nil},
			{"sources git_type enum", run(mxRun + `sources = [{ git_type = "svn", git_url = "https://x/y.git", build_type = "branch" }]`),
				[]string{valueMatch, "Attribute sources[0].git_type value must be one of"}, nil},
			{"sources git_url empty", run(mxRun + `sources = [{ git_type = "codehub", git_url = "", build_type = "branch" }]`),
				[]string{valueLength, "Attribute sources[0].git_url UTF-8 character count must be at least 1"}, nil},
			{"sources git_url blank", run(mxRun + `sources = [{ git_type = "codehub", git_url = " ", build_type = "branch" }]`),
				[]string{valueMatch, "Attribute sources[0].git_url must not be blank"}, nil},
			{"sources build_type enum", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "commit" }]`),
				[]string{valueMatch, "Attribute sources[0].build_type value must be one of"}, nil},
			{"sources target_branch empty", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", target_branch = "" }]`),
				[]string{valueLength, "Attribute sources[0].target_branch UTF-8 character count must be at least 1"}, nil},
			{"sources target_branch blank", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", target_branch = " " }]`),
				[]string{valueMatch, "Attribute sources[0].target_branch must not be blank"}, nil},
			{"sources codehub_id empty", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", codehub_id = "" }]`),
				[]string{valueLength, "Attribute sources[0].codehub_id UTF-8 character count must be at least 1"}, nil},
			{"sources alias blank", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", alias = "  " }]`),
				[]string{valueMatch, "Attribute sources[0].alias must not be blank"}, nil},
			{"sources event_type enum", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", event_type = "manual" }]`),
				[]string{valueMatch, "Attribute sources[0].event_type value must be one of"}, nil},
			{"sources tag run without tag", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "tag" }]`),
				[]string{"Missing tag", `Attribute sources[0].tag: a source with build_type = "tag" needs the tag`}, nil},
			{"sources tag on a branch run", run(mxRun + `sources = [{ git_type = "codehub", git_url = "https://x/y.git", build_type = "branch", tag = "v1" }]`),
				[]string{"Tag on a branch run", `Attribute sources[0].tag: tag is only used with build_type = "tag"`}, nil},
			{"parameters name charset", run(mxRun + `parameters = { "my-var" = "x" }`),
				[]string{valueMatch, `Attribute parameters["my-var"] must contain only letters, digits and underscores`}, nil},
			{"parameters name too long", run(mxRun + fmt.Sprintf(`parameters = { %s = "x" }`, long(codearts.TemplateVariableNameMax+1))),
				[]string{valueLength, fmt.Sprintf("UTF-8 character count must be between 1 and %d", codearts.TemplateVariableNameMax)}, nil},
			{"parameters value too long", run(mxRun + fmt.Sprintf(`parameters = { v = %q }`, long(codearts.RunVariableValueMax+1))),
				[]string{valueLength, fmt.Sprintf(`Attribute parameters["v"] UTF-8 character count must be at most %d`, codearts.RunVariableValueMax)}, nil},
			{"secret_parameters name charset", run(mxRun + `secret_parameters = { "a.b" = "x" }`),
				[]string{valueMatch, `Attribute secret_parameters["a.b"] must contain only letters, digits and underscores`}, nil},
			{"secret_parameters and secret_parameters_wo", run(mxRun + "secret_parameters = { a = \"x\" }\n  secret_parameters_wo = { b = \"y\" }"),
				[]string{combination, `Attribute "secret_parameters_wo" cannot be specified when "secret_parameters" is specified`}, nil},
			{"secret_parameters_wo_version without secret_parameters_wo", run(mxRun + `secret_parameters_wo_version = 2`),
				[]string{combination, `Attribute "secret_parameters_wo" must be specified when "secret_parameters_wo_version" is specified`}, nil},
			{"parameter set twice", run(mxRun + "parameters = { token = \"a\" }\n  secret_parameters = { token = \"b\" }"),
				[]string{"Parameter set twice", `Attribute secret_parameters["token"]: parameter "token" is in both parameters and secret_parameters`}, nil},
			{"choose_stages empty list", run(mxRun + `choose_stages = []`),
				[]string{value, "Attribute choose_stages list must contain at least 1 elements"}, nil},
			{"choose_stages duplicate", run(mxRun + `choose_stages = ["a", "a"]`),
				[]string{"Duplicate List Value", `This attribute contains duplicate values of: "a"`}, nil},
			{"choose_stages empty identifier", run(mxRun + `choose_stages = [""]`),
				[]string{valueLength, "Attribute choose_stages[0] UTF-8 character count must be at least 1"}, nil},
			{"choose_stages blank identifier", run(mxRun + `choose_stages = ["  "]`),
				[]string{valueMatch, "Attribute choose_stages[0] must not be blank"}, nil},
			{"choose_stages and choose_jobs", run(mxRun + "choose_stages = [\"stage_build\"]\n  choose_jobs = [\"JOB_build\"]"),
				[]string{combination, `Attribute "choose_jobs" cannot be specified when "choose_stages" is specified`}, nil},
			{"choose_jobs empty list", run(mxRun + `choose_jobs = []`),
				[]string{value, "Attribute choose_jobs list must contain at least 1 elements"}, nil},
			{"description too long", run(mxRun + fmt.Sprintf(`description = %q`, long(codearts.RunDescriptionMax+1))),
				[]string{valueLength, fmt.Sprintf("Attribute description UTF-8 character count must be at most %d", codearts.RunDescriptionMax)}, nil},
			{"description too long in characters", run(mxRun + fmt.Sprintf(`description = %q`, emoji(codearts.RunDescriptionMax+1))),
				[]string{valueLength, fmt.Sprintf("Attribute description UTF-8 character count must be at most %d, got: %d", codearts.RunDescriptionMax, codearts.RunDescriptionMax+1)}, nil},
		},
		"cicd_rainbond_component_build": {
			{"team_id charset", rb(mxRbIDs("team one", simulator.DemoRainbondRegion, 1, simulator.DemoRainbondServiceID)),
				[]string{valueMatch, "Attribute team_id must be non-empty and use only letters, digits, '_' and '-'"}, nil},
			{"region_name empty", rb(mxRbIDs(simulator.DemoRainbondTeamID, "", 1, simulator.DemoRainbondServiceID)),
				[]string{valueMatch, "Attribute region_name must be non-empty"}, nil},
			{"service_id charset", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, 1, "svc/1")),
				[]string{valueMatch, "Attribute service_id must be non-empty and use only letters"}, nil},
			{"app_id below 1", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, 0, simulator.DemoRainbondServiceID)),
				[]string{value, "Attribute app_id value must be at least 1, got: 0"}, nil},
			{"build_type enum", rb(mxRb + `build_type = "zip"`),
				[]string{valueMatch, "Attribute build_type value must be one of", `got: "zip"`}, nil},
			{"server_type enum", rb(mxRb + `server_type = "hg"`),
				[]string{valueMatch, "Attribute server_type value must be one of", `got: "hg"`}, nil},
			{"branch blank", rb(mxRb + `branch = "   "`),
				[]string{valueMatch, "Attribute branch must not be blank"}, nil},
			{"branch too long", rb(mxRb + fmt.Sprintf(`branch = %q`, long(rainbond.MaxBranchLen+1))),
				[]string{valueLength, fmt.Sprintf("Attribute branch UTF-8 character count must be between 1 and %d", rainbond.MaxBranchLen)}, nil},
			{"branch too long in characters", rb(mxRb + fmt.Sprintf(`branch = %q`, emoji(rainbond.MaxBranchLen+1))),
				[]string{valueLength, fmt.Sprintf("Attribute branch UTF-8 character count must be between 1 and %d, got: %d", rainbond.MaxBranchLen, rainbond.MaxBranchLen+1)}, nil},
			{"username blank", rb(mxRb + "repo_url = \"https://git.example.com/a.git\"\n  username = \"\t\""),
				[]string{valueMatch, "Attribute username must not be blank"}, nil},
			{"repo_url too long", rb(mxRb + fmt.Sprintf(`repo_url = %q`, long(rainbond.MaxRepoURLLen+1))),
				[]string{valueLength, fmt.Sprintf("Attribute repo_url UTF-8 character count must be between 1 and %d", rainbond.MaxRepoURLLen)}, nil},
			{"repo_url blank", rb(mxRb + `repo_url = " "`),
				[]string{valueMatch, "Attribute repo_url must not be blank"}, nil},
			{"username too long", rb(mxRb + fmt.Sprintf(`username = %q`, long(rainbond.MaxUsernameLen+1))),
				[]string{valueLength, fmt.Sprintf("Attribute username UTF-8 character count must be between 1 and %d", rainbond.MaxUsernameLen)}, nil},
			{"password empty", rb(mxRb + `password = ""`),
				[]string{valueLength, fmt.Sprintf("Attribute password UTF-8 character count must be between 1 and %d", rainbond.MaxPasswordLen)}, nil},
			{"password_wo blank", rb(mxRb + `password_wo = "  "`),
				[]string{valueMatch, "Attribute password_wo must not be blank"}, nil},
			{"password_wo too long", rb(mxRb + fmt.Sprintf(`password_wo = %q`, long(rainbond.MaxPasswordLen+1))),
				[]string{valueLength, fmt.Sprintf("Attribute password_wo UTF-8 character count must be between 1 and %d", rainbond.MaxPasswordLen)}, nil},
			{"password and password_wo", rb(mxRb + "password = \"one\"\n  password_wo = \"two\""),
				[]string{combination, `password = "one"`, `Attribute "password_wo" cannot be specified when "password" is specified`}, nil},
			{"password_wo_version without password_wo", rb(mxRb + `password_wo_version = 1`),
				[]string{combination, `Attribute "password_wo" must be specified when "password_wo_version" is specified`}, nil},
		},
		"cicd_codearts_pipeline_template": {
			{"name empty", tpl(mxTpl("", "")),
				[]string{valueLength, fmt.Sprintf("Attribute name UTF-8 character count must be between 1 and %d, got: 0", templateNameMax)}, nil},
			{"name too long", tpl(mxTpl(long(templateNameMax+1), "")),
				[]string{valueLength, fmt.Sprintf("Attribute name UTF-8 character count must be between 1 and %d", templateNameMax)}, nil},
			{"name too long in characters", tpl(mxTpl(emoji(templateNameMax+1), "")),
				[]string{valueLength, fmt.Sprintf("Attribute name UTF-8 character count must be between 1 and %d, got: %d", templateNameMax, templateNameMax+1)}, nil},
			{"name blank", tpl(mxTpl("   ", "")),
				[]string{valueMatch, "Attribute name must not be blank"}, nil},
			{"name whitespace only (tab and newline)", tpl(mxTpl("\t\n", "")),
				[]string{valueMatch, "Attribute name must not be blank"}, nil},
			{"description too long in characters", tpl(mxTpl("x", fmt.Sprintf(`description = %q`, emoji(1025)))),
				[]string{valueLength, "Attribute description UTF-8 character count must be at most 1024, got: 1025"}, nil},
			{"language enum", tpl(`name = "x"
  language = "Golang"
  definition = jsonencode({ stages = [] })`),
				[]string{valueMatch, "Attribute language value must be one of", `got: "Golang"`}, nil},
			{"description too long", tpl(mxTpl("x", fmt.Sprintf(`description = %q`, long(1025)))),
				[]string{valueLength, "Attribute description UTF-8 character count must be at most 1024"}, nil},
			{"definition not JSON", tpl(`name = "x"
  language = "go"
  definition = "{\"stages\": ["`),
				[]string{"Invalid JSON String Value", "definition"}, nil},
			{"definition not an object", tpl(`name = "x"
  language = "go"
  definition = jsonencode(["stages"])`),
				[]string{"Invalid JSON object", "definition"}, nil},
			{"definition null", tpl(`name = "x"
  language = "go"
  definition = "null"`),
				[]string{"Invalid JSON object", "definition", "not null"}, nil},
			{"definition an empty array", tpl(`name = "x"
  language = "go"
  definition = "[]"`),
				[]string{"Invalid JSON object", "definition", "not an array"}, nil},
			{"definition a number", tpl(`name = "x"
  language = "go"
  definition = "1"`),
				[]string{"Invalid JSON object", "definition", "not a number"}, nil},
			{"definition a JSON string", tpl(`name = "x"
  language = "go"
  definition = "\"x\""`),
				[]string{"Invalid JSON object", "definition", "not a string"}, nil},
			{"definition without stages", tpl(`name = "x"
  language = "go"
  definition = jsonencode({ name = "x" })`),
				[]string{"Invalid pipeline definition", "definition", "must have a \"stages\" member"}, nil},
			{"definition stages not an array", tpl(`name = "x"
  language = "go"
  definition = jsonencode({ stages = { a = 1 } })`),
				[]string{"Invalid pipeline definition", "definition", "an array of stage objects"}, nil},
			{"definition stages of non-objects", tpl(`name = "x"
  language = "go"
  definition = jsonencode({ stages = ["Build"] })`),
				[]string{"Invalid pipeline definition", "definition", "an array of stage objects"}, nil},
			{"variables empty list", tpl(mxTpl("x", `variables = []`)),
				[]string{value, "Attribute variables list must contain at least 1 elements"}, nil},
			{"variable name charset", tpl(mxTpl("x", `variables = [{ name = "my-var", type = "string" }]`)),
				[]string{valueMatch, "Attribute variables[0].name must contain only letters, digits and underscores"}, nil},
			{"variable name too long", tpl(mxTpl("x", fmt.Sprintf(`variables = [{ name = %q, type = "string" }]`, long(codearts.TemplateVariableNameMax+1)))),
				[]string{valueLength, fmt.Sprintf("Attribute variables[0].name UTF-8 character count must be between 1 and %d", codearts.TemplateVariableNameMax)}, nil},
			{"variable type enum", tpl(mxTpl("x", `variables = [{ name = "n", type = "number" }]`)),
				[]string{valueMatch, "Attribute variables[0].type value must be one of", `got: "number"`}, nil},
			{"variable value too long", tpl(mxTpl("x", fmt.Sprintf(`variables = [{ name = "n", type = "string", value = %q }]`, long(codearts.TemplateVariableValueMax+1)))),
				[]string{valueLength, fmt.Sprintf("Attribute variables[0].value UTF-8 character count must be at most %d", codearts.TemplateVariableValueMax)}, nil},
			{"variable value too long in characters", tpl(mxTpl("x", fmt.Sprintf(`variables = [{ name = "n", type = "string", value = %q }]`, emoji(codearts.TemplateVariableValueMax+1)))),
				[]string{valueLength, fmt.Sprintf("Attribute variables[0].value UTF-8 character count must be at most %d, got: %d", codearts.TemplateVariableValueMax, codearts.TemplateVariableValueMax+1)}, nil},
			{"variable description too long", tpl(mxTpl("x", fmt.Sprintf(`variables = [{ name = "n", type = "string", description = %q }]`, long(codearts.TemplateVariableDescriptionMax+1)))),
				[]string{valueLength, fmt.Sprintf("Attribute variables[0].description UTF-8 character count must be at most %d", codearts.TemplateVariableDescriptionMax)}, nil},
			{"variable limits empty list", tpl(mxTpl("x", `variables = [{ name = "n", type = "enum", limits = [] }]`)),
				[]string{value, "Attribute variables[0].limits list must contain at least 1 elements"}, nil},
			{"variable limit too long", tpl(mxTpl("x", fmt.Sprintf(`variables = [{ name = "n", type = "enum", limits = [%q] }]`, long(codearts.TemplateVariableLimitMax+1)))),
				[]string{valueLength, fmt.Sprintf("Attribute variables[0].limits[0] UTF-8 character count must be at most %d", codearts.TemplateVariableLimitMax)}, nil},
			{"duplicate variable name", tpl(mxTpl("x", `variables = [{ name = "a", type = "string" }, { name = "a", type = "enum" }]`)),
				[]string{"Duplicate variable name", `Attribute variables[1].name: variable "a" is also declared at variables[0]`}, nil},
			{"secret variable with a plain value", tpl(mxTpl("x", `variables = [{ name = "pw", type = "string", is_secret = true, value = "hunter2" }]`)),
				[]string{"Secret variable with a plain value", `Attribute variables[0].value: variable "pw" is secret`, "secret_variable_values_wo"}, nil},
			{"secret value for a non-secret variable", tpl(mxTpl("x", "variables = [{ name = \"pw\", type = \"string\" }]\n  secret_variable_values_wo = { pw = \"x\" }")),
				[]string{"Not a secret variable", `Attribute secret_variable_values_wo["pw"]: "pw" is not the name of a variable with is_secret = true`}, nil},
			{"secret_variable_values and secret_variable_values_wo", tpl(mxTpl("x", "variables = [{ name = \"pw\", type = \"string\", is_secret = true }]\n  secret_variable_values_wo = { pw = \"x\" }\n  secret_variable_values = { pw = \"x\" }")),
				[]string{combination, `cannot be specified when`}, nil},
			{"secret_variable_values_wo_version without secret_variable_values_wo", tpl(mxTpl("x", `secret_variable_values_wo_version = 1`)),
				[]string{combination, `Attribute "secret_variable_values_wo" must be specified when "secret_variable_values_wo_version" is specified`}, nil},
		},
		"cicd_codearts_pipeline_from_template": {
			{"flow not an object of strings", fromTpl(mxFromTpl(`jsonencode({ initial = { state_1 = 1 } })`, mxStates, mxWorkflow(""))),
				[]string{"Invalid JSON structure", "flow", "an object of strings"}, nil},
			{"states not an object", fromTpl(mxFromTpl(mxFlow, `jsonencode(["stage"])`, mxWorkflow(""))),
				[]string{"Invalid JSON structure", "states", "an object"}, nil},
			{"workflow.name empty", fromTpl(mxFromTpl(mxFlow, mxStates, fmt.Sprintf("{\n    name = \"\"\n    project_id = %q\n  }", simulator.DemoCodeArtsProjectID))),
				[]string{valueLength, "Attribute workflow.name UTF-8 character count must be between 1 and 128"}, nil},
			{"workflow.name blank", fromTpl(mxFromTpl(mxFlow, mxStates, fmt.Sprintf("{\n    name = \"  \"\n    project_id = %q\n  }", simulator.DemoCodeArtsProjectID))),
				[]string{valueMatch, "Attribute workflow.name must not be blank"}, nil},
			{"workflow.name too long in characters", fromTpl(mxFromTpl(mxFlow, mxStates, fmt.Sprintf("{\n    name = %q\n    project_id = %q\n  }", emoji(129), simulator.DemoCodeArtsProjectID))),
				[]string{valueLength, "Attribute workflow.name UTF-8 character count must be between 1 and 128, got: 129"}, nil},
			{"flow null", fromTpl(mxFromTpl(`"null"`, mxStates, mxWorkflow(""))),
				[]string{"Invalid JSON structure", "flow"}, nil},
			{"workflow.project_id format", fromTpl(mxFromTpl(mxFlow, mxStates, "{\n    name = \"mx\"\n    project_id = \"ABC\"\n  }")),
				[]string{valueMatch, "Attribute workflow.project_id must be a 32-character CodeArts project id"}, nil},
			{"workflow.parameters empty list", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow("parameters = []"))),
				[]string{value, "Attribute workflow.parameters list must contain at least 1 elements"}, nil},
			{"workflow.parameters name empty", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`parameters = [{ name = "" }]`))),
				[]string{valueLength, "Attribute workflow.parameters[0].name UTF-8 character count must be at least 1"}, nil},
			{"workflow.parameters name blank", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`parameters = [{ name = " " }]`))),
				[]string{valueMatch, "Attribute workflow.parameters[0].name must not be blank"}, nil},
			{"workflow.sources empty list", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow("sources = []"))),
				[]string{value, "Attribute workflow.sources list must contain at least 1 elements"}, nil},
			{"workflow.sources scm_type empty", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`sources = [{ scm_type = "", git_url = "https://x/y.git" }]`))),
				[]string{valueLength, "Attribute workflow.sources[0].scm_type UTF-8 character count must be at least 1"}, nil},
			{"workflow.sources scm_type blank", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`sources = [{ scm_type = " ", git_url = "https://x/y.git" }]`))),
				[]string{valueMatch, "Attribute workflow.sources[0].scm_type must not be blank"}, nil},
			{"workflow.sources branch blank", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`sources = [{ scm_type = "codehub", git_url = "https://x/y.git", branch = "  " }]`))),
				[]string{valueMatch, "Attribute workflow.sources[0].branch must not be blank"}, nil},
			{"workflow.project_name empty", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`project_name = ""`))),
				[]string{valueLength, "Attribute workflow.project_name UTF-8 character count must be at least 1"}, nil},
			{"workflow.sources git_url empty", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`sources = [{ scm_type = "codehub", git_url = "" }]`))),
				[]string{valueLength, "Attribute workflow.sources[0].git_url UTF-8 character count must be at least 1"}, nil},
			{"workflow.sources git_url blank", fromTpl(mxFromTpl(mxFlow, mxStates, mxWorkflow(`sources = [{ scm_type = "codehub", git_url = "  " }]`))),
				[]string{valueMatch, "Attribute workflow.sources[0].git_url must not be blank"}, nil},
		},
		"data sources": {
			{"pipelines project_ids empty", ds("codearts_pipelines", `project_ids = []`),
				[]string{value, "Attribute project_ids list must contain at least 1 elements and at most 10 elements, got: 0"}, nil},
			{"pipelines creator_ids above 10", ds("codearts_pipelines", `creator_ids = ["1","2","3","4","5","6","7","8","9","10","11"]`),
				[]string{value, "Attribute creator_ids list must contain at least 1 elements and at most 10 elements, got: 11"}, nil},
			{"pipelines executor_ids empty id", ds("codearts_pipelines", `executor_ids = [""]`),
				[]string{valueLength, "Attribute executor_ids[0] UTF-8 character count must be at least 1"}, nil},
			{"pipelines executor_ids blank id", ds("codearts_pipelines", `executor_ids = [" "]`),
				[]string{valueMatch, "Attribute executor_ids[0] must not be blank"}, nil},
			{"pipelines statuses enum", ds("codearts_pipelines", `statuses = ["done"]`),
				[]string{valueMatch, "Attribute statuses[0] value must be one of", `got: "done"`}, nil},
			{"pipelines statuses duplicate", ds("codearts_pipelines", `statuses = ["running", "running"]`),
				[]string{"Duplicate List Value", `duplicate values of: "running"`}, nil},
			{"pipelines outcomes empty list", ds("codearts_pipelines", `outcomes = []`),
				[]string{value, "Attribute outcomes list must contain at least 1 elements"}, nil},
			{"pipelines outcomes enum", ds("codearts_pipelines", `outcomes = ["failed"]`),
				[]string{valueMatch, "Attribute outcomes[0] value must be one of", `got: "failed"`}, nil},
			{"pipelines sort_key enum", ds("codearts_pipelines", `sort_key = "name"`),
				[]string{valueMatch, "Attribute sort_key value must be one of"}, nil},
			{"pipelines sort_dir enum", ds("codearts_pipelines", `sort_dir = "up"`),
				[]string{valueMatch, "Attribute sort_dir value must be one of"}, nil},
			{"pipelines limit above 10000", ds("codearts_pipelines", `limit = 10001`),
				[]string{value, "Attribute limit value must be between 1 and 10000, got: 10001"}, nil},
			{"build_record job_id format", ds("codearts_build_record", `job_id = "JOB"`),
				[]string{valueMatch, "Attribute job_id must be the job's id: 32 lowercase letters and digits"}, nil},
			{"build_record build_no below 1", ds("codearts_build_record", mxBuild+`build_no = 0`),
				[]string{value, "Attribute build_no value must be at least 1, got: 0"}, nil},
			{"build_record build_no and status", ds("codearts_build_record", mxBuild+"build_no = 1\n  status = \"SUCCESS\""),
				[]string{combination, `Attribute "status" cannot be specified when "build_no" is specified`}, nil},
			{"build_record status enum", ds("codearts_build_record", mxBuild+`status = "success"`),
				[]string{valueMatch, "Attribute status value must be one of", `got: "success"`}, nil},
			{"build_records job_id format", ds("codearts_build_records", `job_id = "JOB"`),
				[]string{valueMatch, "Attribute job_id must be the job's id"}, nil},
			{"build_records status enum", ds("codearts_build_records", mxBuild+`status = "GREEN"`),
				[]string{valueMatch, "Attribute status value must be one of"}, nil},
			{"build_records limit above 10000", ds("codearts_build_records", mxBuild+`limit = 10001`),
				[]string{value, "Attribute limit value must be between 1 and 10000"}, nil},
			{"pipeline_runs project_id format", ds("codearts_pipeline_runs", fmt.Sprintf("project_id = \"p\"\n  pipeline_id = %q", simulator.DemoPipelineID)),
				[]string{valueMatch, "Attribute project_id must be a 32-character id of digits and letters"}, nil},
			{"pipeline_runs pipeline_id format", ds("codearts_pipeline_runs", fmt.Sprintf("project_id = %q\n  pipeline_id = \"p-1\"", simulator.DemoCodeArtsProjectID)),
				[]string{valueMatch, "Attribute pipeline_id must be a 32-character id of digits and letters"}, nil},
			{"pipeline_runs statuses enum", ds("codearts_pipeline_runs", mxRuns+`statuses = ["completed"]`),
				[]string{valueMatch, "Attribute statuses[0] value must be one of", `got: "completed"`}, nil},
			{"pipeline_runs start_time format", ds("codearts_pipeline_runs", mxRuns+`start_time = "2026-03-01"`),
				[]string{"Invalid RFC 3339 time", `start_time = "2026-03-01"`}, nil},
			{"pipeline_runs end_time before start_time", ds("codearts_pipeline_runs", mxRuns+"start_time = \"2026-03-02T00:00:00Z\"\n  end_time = \"2026-03-01T00:00:00Z\""),
				[]string{"Invalid time window", "end_time 2026-03-01T00:00:00Z is before start_time 2026-03-02T00:00:00Z"}, nil},
			{"pipeline_runs sort_key enum", ds("codearts_pipeline_runs", mxRuns+`sort_key = "end_time"`),
				[]string{valueMatch, "Attribute sort_key value must be one of"}, nil},
			{"pipeline_runs sort_dir enum", ds("codearts_pipeline_runs", mxRuns+`sort_dir = "newest"`),
				[]string{valueMatch, "Attribute sort_dir value must be one of"}, nil},
			{"pipeline_runs limit 0", ds("codearts_pipeline_runs", mxRuns+`limit = 0`),
				[]string{value, "Attribute limit value must be between 1 and 10000, got: 0"}, nil},
			{"pipeline_step_log step_run_id format", ds("codearts_pipeline_step_log", strings.Replace(mxStepLog, simulator.DemoStepRunID, "step-1", 1)),
				[]string{valueMatch, "Attribute step_run_id must be a 32-character id of digits and letters"}, nil},
			{"pipeline_step_log from_offset negative", ds("codearts_pipeline_step_log", mxStepLog+`from_offset = -1`),
				[]string{value, "Attribute from_offset value must be at least 0, got: -1"}, nil},
			{"pipeline_step_log max_bytes above the cap", ds("codearts_pipeline_step_log", mxStepLog+fmt.Sprintf(`max_bytes = %d`, maxStepLogMaxBytes+1)),
				[]string{value, fmt.Sprintf("Attribute max_bytes value must be between 1 and %d", maxStepLogMaxBytes)}, nil},
			{"pipeline_step_log tail_lines 0", ds("codearts_pipeline_step_log", mxStepLog+`tail_lines = 0`),
				[]string{value, fmt.Sprintf("Attribute tail_lines value must be between 1 and %d, got: 0", maxStepLogTailLines)}, nil},
			{"pipeline_templates name empty", ds("codearts_pipeline_templates", `name = ""`),
				[]string{valueLength, "Attribute name UTF-8 character count must be at least 1"}, nil},
			{"pipeline_templates name blank", ds("codearts_pipeline_templates", `name = "  "`),
				[]string{valueMatch, "Attribute name must not be blank"}, nil},
			{"pipeline_templates language enum", ds("codearts_pipeline_templates", `language = "rust"`),
				[]string{valueMatch, "Attribute language value must be one of", `got: "rust"`}, nil},
			{"pipeline_templates sort_key empty", ds("codearts_pipeline_templates", `sort_key = ""`),
				[]string{valueLength, "Attribute sort_key UTF-8 character count must be at least 1"}, nil},
			{"pipeline_templates sort_key blank", ds("codearts_pipeline_templates", `sort_key = " "`),
				[]string{valueMatch, "Attribute sort_key must not be blank"}, nil},
			{"pipeline_templates sort_dir enum", ds("codearts_pipeline_templates", `sort_dir = "DESC"`),
				[]string{valueMatch, "Attribute sort_dir value must be one of"}, nil},
			{"pipeline_templates limit above 5000", ds("codearts_pipeline_templates", `limit = 5001`),
				[]string{value, "Attribute limit value must be between 1 and 5000, got: 5001"}, nil},
			{"rainbond_component_events team_id charset", ds("rainbond_component_events", mxRbIDs("a/b", simulator.DemoRainbondRegion, 1, simulator.DemoRainbondServiceID)),
				[]string{valueMatch, "Attribute team_id must be non-empty and use only letters, digits, '_' and '-'"}, nil},
			{"rainbond_component_events app_id below 1", ds("rainbond_component_events", mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, -1, simulator.DemoRainbondServiceID)),
				[]string{value, "Attribute app_id value must be at least 1, got: -1"}, nil},
			{"rainbond_component_events opt_type format", ds("rainbond_component_events", mxEvents+`opt_type = "Build Service"`),
				[]string{valueMatch, "Attribute opt_type must be an operation type such as build-service or upgrade"}, nil},
			{"rainbond_component_events status enum", ds("rainbond_component_events", mxEvents+`status = "complete"`),
				[]string{valueMatch, "Attribute status value must be one of", `got: "complete"`}, nil},
			{"rainbond_component_events limit above 1000", ds("rainbond_component_events", mxEvents+`limit = 1001`),
				[]string{value, "Attribute limit value must be between 1 and 1000, got: 1001"}, nil},
		},

		// ---- v5 pipelines (rows in bad_input_pipeline_test.go) ----
		"cicd_codearts_pipeline": pipelinePlanRows(),
	}
}

// TestAccBadInputMatrix_plan: every validator, one plan-only step each; no
// request reaches the simulator.
func TestAccBadInputMatrix_plan(t *testing.T) {
	for group, rows := range planMatrix() {
		t.Run(group, func(t *testing.T) {
			e := newTestEnv(t)
			var steps []resource.TestStep
			for _, r := range rows {
				cfg := e.providerAKSK() + r.hcl
				if strings.HasPrefix(r.hcl, "provider ") {
					cfg = e.simulated(r.hcl) // a provider row brings its own provider block
				}
				steps = append(steps, resource.TestStep{
					PreConfig:   func() { t.Logf("row: %s", r.name) },
					Config:      cfg,
					PlanOnly:    true,
					ExpectError: oneDiagnostic(rowAddr(r.hcl), r.want),
				})
			}
			// The control: the same kind of configuration without the bad
			// input does reach the simulator, so zero requests above is a
			// real observation.
			var before int
			control := e.simulated(mxProvider("", mxAKSK)) + ds("codearts_pipelines", mxPipelines)
			if group != "provider" {
				control = e.providerAKSK() + ds("codearts_pipelines", mxPipelines)
			}
			steps = append(steps, resource.TestStep{
				PreConfig: func() { before = len(e.sim.Requests()) },
				Config:    control,
			})
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
			if reqs := e.sim.Requests(); before != 0 {
				t.Errorf("plan-time bad input reached the simulator %d times (%s %s first)", before, reqs[0].Method, reqs[0].Path)
			} else if len(reqs) == 0 {
				t.Errorf("the control configuration made no request either: the zero count above proves nothing")
			}
		})
	}
}

// applyMatrix is every server-side rejection the simulator implements that a
// configuration can reach (values pass the provider's checks; some are known
// only at apply, as a real configuration's would be).
func applyMatrix() map[string][]matrixRow {
	unknownJob := strings.Repeat("0", 32)
	unknownID := strings.Repeat("a", 32)
	build := func(body string) string { return res("codearts_build_run", body+"\n"+fastWait) }
	deploy := func(body string) string { return res("codearts_deploy_run", body+"\n"+fastWait) }
	run := func(body string) string { return res("codearts_pipeline_run", body+"\n"+fastWait) }
	rb := func(body string) string { return res("rainbond_component_build", body+"\n"+fastWait) }
	// later renders a string known only at apply (another resource's output),
	// so plan-time validation cannot see it, as with a real upstream value.
	later := func(v string) string {
		return fmt.Sprintf("resource \"terraform_data\" \"later\" {\n  input = %q\n}\n", v)
	}
	return map[string][]matrixRow{
		"CodeArts Build": {
			{"unknown job: 404 DEVCB.00031006", build(fmt.Sprintf("job_id = %q", unknownJob)),
				[]string{"Cannot start the build", "HTTP 404, error DEVCB.00031006: The build task " + unknownJob + " does not exist"}, nil},
			{"reserved parameter name known only at apply: refused before any request", later("PATH") + build(mxBuild+"parameters = { (terraform_data.later.output) = \"/tmp\" }"),
				[]string{valueMatch, `Attribute parameters["PATH"] value must be none of`}, nil},
			{"blank build_tag known only at apply: refused before any request", later(" ") + build(mxBuild+"scm = { build_tag = terraform_data.later.output }"),
				[]string{valueMatch, "Attribute scm.build_tag must not be blank"}, nil},
			{"invalid input refused by the service: 400 CB.00060200 (injected)", build(mxBuild),
				[]string{"Cannot start the build", "HTTP 200, error CB.00060200: Invalid param: parameter[0] needs a name and a value"},
				func(e *testEnv) {
					e.sim.InjectFault(simulator.RouteBuildRun, simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "CB.00060200", Message: "Invalid param: parameter[0] needs a name and a value"})
				}},
			{"build record not found: 404 DEVCB.00031006", ds("codearts_build_record", mxBuild+"build_no = 999"),
				[]string{"Cannot read build 999 of job " + simulator.DemoBuildJobID, "HTTP 404, error DEVCB.00031006: Build 999 of build task " + simulator.DemoBuildJobID + " does not exist"}, nil},
		},
		"CodeArts Deploy": {
			{"unknown task: Deploy.00011020", deploy(fmt.Sprintf("task_id = %q", unknownID)),
				[]string{"Cannot start the deployment", "HTTP 400, error Deploy.00011020: The application of deployment task " + unknownID + " does not exist"}, nil},
			{"forbidden sequence known only at apply: refused before any request", later("{{ x }}") + deploy(mxDeploy+"parameters = { k = terraform_data.later.output }"),
				[]string{"Forbidden sequence in a deployment parameter", `Attribute parameters["k"]: the value contains "{{"`}, nil},
			{"invalid input refused by the service: Deploy.00011002 (injected)", deploy(mxDeploy),
				[]string{"Cannot start the deployment", "HTTP 200, error Deploy.00011002: Invalid parameter: params[0] needs a key, a value and a type"},
				func(e *testEnv) {
					e.sim.InjectFault(simulator.RouteDeployStart, simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "Deploy.00011002", Message: "Invalid parameter: params[0] needs a key, a value and a type"})
				}},
			{"unknown rollback record: Deploy.00011303", deploy(mxDeploy + fmt.Sprintf("rollback_record_id = %q", unknownID)),
				[]string{"Cannot start the deployment", "Deploy.00011303: The deployment record " + unknownID + " does not exist"}, nil},
			{"rejected with HTTP 200: Deploy.00011101", deploy(mxDeploy),
				[]string{"Cannot start the deployment", "HTTP 200, error Deploy.00011101: The application is being deployed by another user"},
				func(e *testEnv) {
					e.sim.SetDeployOutcome(simulator.DemoDeployTaskID, simulator.DeployOutcome{RejectCode: "Deploy.00011101", RejectMsg: "The application is being deployed by another user"})
				}},
		},
		"CodeArts Pipeline": {
			{"blank template name known only at apply: refused before any request", later("   ") + res("codearts_pipeline_template",
				"name = terraform_data.later.output\n  language = \"java\"\n  definition = jsonencode({ stages = [] })"),
				[]string{valueMatch, "name = terraform_data.later.output", "Attribute name must not be blank"}, nil},
			{"null definition known only at apply: refused before any request", later("null") + res("codearts_pipeline_template",
				"name = \"x\"\n  language = \"java\"\n  definition = terraform_data.later.output"),
				[]string{"Invalid JSON object", "definition = terraform_data.later.output", "not null"}, nil},
			{"invalid template refused by the service: DEVPIPE.00011103 (injected)", res("codearts_pipeline_template", mxTpl("x", "")),
				[]string{"Cannot create the pipeline template", "HTTP 200, error DEVPIPE.00011103: name is required"},
				func(e *testEnv) {
					e.sim.InjectFault("POST /v5/{tenant_id}/api/pipeline-templates", simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "DEVPIPE.00011103", Message: "name is required"})
				}},
			{"flow names a missing state: DEVPIPE.00011103", res("codearts_pipeline_from_template",
				mxFromTpl(`jsonencode({ initial = { state_9 = "always" } })`, mxStates, mxWorkflow(""))),
				[]string{"Cannot start creating the pipeline from the template", `HTTP 400, error DEVPIPE.00011103: flow refers to state "state_9", which is not in states`}, nil},
			{"unknown project for a template task: DEVPIPE.00011412", res("codearts_pipeline_from_template",
				mxFromTpl(mxFlow, mxStates, fmt.Sprintf("{\n    name = \"mx\"\n    project_id = %q\n  }", unknownID))),
				[]string{"Cannot start creating the pipeline from the template", "HTTP 200, error DEVPIPE.00011412: The project does not exist: " + unknownID}, nil},
			{"blank source git_url known only at apply: refused before any request", later("  ") + run(mxRun+"sources = [{ git_type = \"codehub\", git_url = terraform_data.later.output, build_type = \"branch\" }]"),
				[]string{valueMatch, "Attribute sources[0].git_url must not be blank"}, nil},
			{"129-emoji workflow name known only at apply: refused before any request", later(emoji(129)) + res("codearts_pipeline_from_template",
				mxFromTpl(mxFlow, mxStates, fmt.Sprintf("{\n    name = terraform_data.later.output\n    project_id = %q\n  }", simulator.DemoCodeArtsProjectID))),
				[]string{valueLength, "Attribute workflow.name UTF-8 character count must be between 1 and 128, got: 129"}, nil},
			{"a stage the pipeline does not have: the diagnostic is on that choose_stages entry", run(mxRun + `choose_stages = ["stage_build", "no_such_stage"]`),
				[]string{"Cannot start the pipeline run", `Attribute choose_stages[1]:`, `choose_stages: the pipeline has no stage "no_such_stage"`}, nil},
			{"unknown pipeline: 404 DEVPIPE.00011401", run(fmt.Sprintf("project_id = %q\n  pipeline_id = %q", simulator.DemoCodeArtsProjectID, unknownID)),
				[]string{"Cannot start the pipeline run", "HTTP 404, error DEVPIPE.00011401: The pipeline does not exist: " + unknownID}, nil},
			{"unknown project: 404 DEVPIPE.00011412", run(fmt.Sprintf("project_id = %q\n  pipeline_id = %q", unknownID, simulator.DemoPipelineID)),
				[]string{"Cannot start the pipeline run", "HTTP 404, error DEVPIPE.00011412: The project does not exist: " + unknownID}, nil},
			{"runs of an unknown pipeline: DEVPIPE.00011401", ds("codearts_pipeline_runs", fmt.Sprintf("project_id = %q\n  pipeline_id = %q", simulator.DemoCodeArtsProjectID, unknownID)),
				[]string{"Cannot list the runs of CodeArts pipeline", "DEVPIPE.00011401"}, nil},
		},
		"Rainbond": {
			{"blank branch known only at apply: refused before any request", later("   ") + rb(mxRb+"branch = terraform_data.later.output"),
				[]string{valueMatch, "branch = terraform_data.later.output", "Attribute branch must not be blank"}, nil},
			{"team not opened in the region: 409 code 2001", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondOtherRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID)),
				[]string{"Cannot start the build", "HTTP 409, code 2001", "not been opened in this region"}, nil},
			{"unknown team: 404", rb(mxRbIDs("no-such-team", simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID)),
				[]string{"Cannot start the build", "HTTP 404", "no found team", "team_id must be"}, nil},
			{"unknown region: 404 code 3000", rb(mxRbIDs(simulator.DemoRainbondTeamID, "no-such-region", simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID)),
				[]string{"Cannot start the build", "HTTP 404, code 3000", "region_name must be"}, nil},
			{"unknown app: 404", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, 99, simulator.DemoRainbondServiceID)),
				[]string{"Cannot start the build", "HTTP 404", "no found app", "check app_id"}, nil},
			{"unknown component: 404", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, "gr000000")),
				[]string{"Cannot start the build", "HTTP 404", "no found component", "check service_id"}, nil},
			{"component of another app: 404", rb(mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondImageServiceID)),
				[]string{"Cannot start the build", "component not belong to this app", "does not belong to this application"}, nil},
			{"cluster lacks resources: 412", rb(mxRb),
				[]string{"Cannot start the build", "HTTP 412", "lacks resources", "nothing was started"},
				func(e *testEnv) { e.sim.InjectRainbondBuildError(simulator.DemoRainbondServiceID, 412, 1) }},
			{"region refused the build: 507", rb(mxRb),
				[]string{"Cannot start the build", "HTTP 507", "构建异常", "check the cluster's health"},
				func(e *testEnv) { e.sim.InjectRainbondBuildError(simulator.DemoRainbondServiceID, 507, 1) }},
			{"events of a team not opened in the region: 409 code 2001", ds("rainbond_component_events", mxRbIDs(simulator.DemoRainbondTeamID, simulator.DemoRainbondOtherRegion, simulator.DemoRainbondAppID, simulator.DemoRainbondServiceID)),
				[]string{"Cannot list the Rainbond component's events", "HTTP 409, code 2001", "has not been opened in this region"}, nil},
		},

		// ---- v5 pipelines (rows in bad_input_pipeline_test.go) ----
		"CodeArts Pipeline v5": pipelineApplyRows(),
	}
}

// TestAccBadInputMatrix_apply: every documented server-side rejection the
// simulator implements, one apply step each: one diagnostic with the
// service's code and message.
func TestAccBadInputMatrix_apply(t *testing.T) {
	for group, rows := range applyMatrix() {
		t.Run(group, func(t *testing.T) {
			e := newTestEnv(t)
			e.sim.SetRainbondBuildOutcome(simulator.DemoRainbondServiceID, simulator.RainbondBuildOutcome{Duration: 100 * time.Millisecond})
			var steps []resource.TestStep
			// starts[i] is the simulator's request count when row i began;
			// a row titled "refused before any request" must add none.
			starts := make([]int, len(rows))
			for i, r := range rows {
				steps = append(steps, resource.TestStep{
					PreConfig: func() {
						t.Logf("row: %s", r.name)
						starts[i] = len(e.sim.Requests())
						if r.setup != nil {
							r.setup(e)
						}
					},
					Config:      e.providerAKSK() + r.hcl,
					ExpectError: oneDiagnostic(rowAddr(r.hcl), r.want),
				})
			}
			resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
			for i, r := range rows {
				if !strings.Contains(r.name, "refused before any request") {
					continue
				}
				end := len(e.sim.Requests())
				if i+1 < len(rows) {
					end = starts[i+1]
				}
				if n := end - starts[i]; n != 0 {
					t.Errorf("row %q: %d request(s) reached the simulator", r.name, n)
				}
			}
		})
	}
}

// simulated points a row's provider block at the test's simulator.
func (e *testEnv) simulated(hcl string) string {
	return strings.ReplaceAll(strings.ReplaceAll(hcl, mxSimEndpoints, e.endpoints()), mxSimURL, e.url)
}

// durationBoundRows are the documented bounds of the wait durations and the
// timeouts (poll_interval at least the floor, max_poll_interval at least
// poll_interval, every timeout positive), refused at plan time. The run
// engine is shared, so one run type's rows cover every run type's schema
// check. (The in-process provider's floor is lowered for speed, see
// TestMain; these values are below both floors.)
func durationBoundRows(render func(string) string, ok string) []matrixRow {
	return []matrixRow{
		{"wait.poll_interval below the floor", render(ok + "wait {\n    poll_interval = \"1ns\"\n  }"),
			[]string{"poll_interval is too short", `poll_interval = "1ns"`, "poll_interval (1ns) must be at least"}, nil},
		{"wait.poll_interval zero", render(ok + "wait {\n    poll_interval = \"0s\"\n  }"),
			[]string{"Invalid duration", `poll_interval = "0s"`, `"0s" is not a positive duration`}, nil},
		{"wait.max_poll_interval below the floor", render(ok + "wait {\n    max_poll_interval = \"1ms\"\n  }"),
			[]string{"max_poll_interval is too short", `max_poll_interval = "1ms"`, "max_poll_interval (1ms) must be at least"}, nil},
		{"timeouts.create zero", render(ok + "timeouts {\n    create = \"0s\"\n  }"),
			[]string{"Timeout must be positive", `create = "0s"`, `timeouts.create is "0s"`}, nil},
		{"timeouts.create negative", render(ok + "timeouts {\n    create = \"-1m\"\n  }"),
			[]string{"Timeout must be positive", `create = "-1m"`, `timeouts.create is "-1m"`}, nil},
		{"timeouts.delete zero", render(ok + "timeouts {\n    delete = \"0s\"\n  }"),
			[]string{"Timeout must be positive", `delete = "0s"`, `timeouts.delete is "0s"`}, nil},
	}
}
