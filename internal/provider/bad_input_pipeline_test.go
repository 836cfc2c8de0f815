package provider

import (
	"fmt"
	"strings"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The bad-input matrix rows of cicd_codearts_pipeline and the
// cicd_codearts_pipeline data source (bad_input_matrix_test.go runs them).

// mxPipeline is a valid pipeline body; extra adds one attribute.
func mxPipeline(name, extra string) string {
	return fmt.Sprintf("project_id = %q\n  name = %q\n  definition = jsonencode({ stages = [] })\n  %s", simulator.DemoCodeArtsProjectID, name, extra)
}

const mxSource = `git_type = "codehub", git_url = "https://codehub.example.com/a/b.git"`

func pipelinePlanRows() []matrixRow {
	pl := func(body string) string { return res("codearts_pipeline", body) }
	return []matrixRow{
		{"project_id format", pl(`project_id = "ABC"
  name = "x"
  definition = jsonencode({ stages = [] })`),
			[]string{valueMatch, "Attribute project_id must be the CodeArts project's 32-character hexadecimal id"}, nil},
		{"name empty", pl(mxPipeline("", "")),
			[]string{valueLength, fmt.Sprintf("Attribute name UTF-8 character count must be between 1 and %d, got: 0", codearts.PipelineNameMax)}, nil},
		{"name too long", pl(mxPipeline(long(codearts.PipelineNameMax+1), "")),
			[]string{valueLength, fmt.Sprintf("Attribute name UTF-8 character count must be between 1 and %d", codearts.PipelineNameMax)}, nil},
		{"name charset", pl(mxPipeline("my pipeline", "")),
			[]string{valueMatch, "Attribute name must contain only Chinese characters, letters, digits, '-' and '_'"}, nil},
		{"description too long", pl(mxPipeline("x", fmt.Sprintf("description = %q", long(codearts.PipelineDescriptionMax+1)))),
			[]string{valueLength, fmt.Sprintf("Attribute description UTF-8 character count must be at most %d", codearts.PipelineDescriptionMax)}, nil},
		{"definition missing without template_id", pl(fmt.Sprintf("project_id = %q\n  name = \"x\"", simulator.DemoCodeArtsProjectID)),
			[]string{"Missing definition", "Set definition", "or template_id"}, nil},
		{"definition not JSON", pl(fmt.Sprintf("project_id = %q\n  name = \"x\"\n  definition = \"{\\\"stages\\\": [\"", simulator.DemoCodeArtsProjectID)),
			[]string{"Invalid JSON String Value", "definition"}, nil},
		{"definition not an object", pl(fmt.Sprintf("project_id = %q\n  name = \"x\"\n  definition = jsonencode([\"stages\"])", simulator.DemoCodeArtsProjectID)),
			[]string{"Invalid JSON object", "definition"}, nil},
		{"template_id empty", pl(mxPipeline("x", `template_id = ""`)),
			[]string{valueLength, "Attribute template_id UTF-8 character count must be at least 1"}, nil},
		{"sources empty list", pl(mxPipeline("x", `sources = []`)),
			[]string{value, "Attribute sources list must contain at least 1 elements"}, nil},
		{"code source without a repository", pl(mxPipeline("x", `sources = [{ git_type = "codehub" }]`)),
			[]string{"Incomplete code source", `Attribute sources[0]: a source of type "code" needs git_type and git_url`}, nil},
		{"source git_type enum", pl(mxPipeline("x", `sources = [{ git_type = "svn", git_url = "x" }]`)),
			[]string{valueMatch, "Attribute sources[0].git_type value must be one of", `got: "svn"`}, nil},
		{"source type empty", pl(mxPipeline("x", `sources = [{ type = "", `+mxSource+` }]`)),
			[]string{valueLength, "Attribute sources[0].type UTF-8 character count must be at least 1"}, nil},
		{"source git_url empty", pl(mxPipeline("x", `sources = [{ git_type = "codehub", git_url = "" }]`)),
			[]string{valueLength, "Attribute sources[0].git_url UTF-8 character count must be at least 1"}, nil},
		{"source alias charset", pl(mxPipeline("x", `sources = [{ `+mxSource+`, alias = "my-repo" }]`)),
			[]string{valueMatch, "Attribute sources[0].alias must contain only letters, digits and underscores"}, nil},
		{"source alias too long", pl(mxPipeline("x", fmt.Sprintf(`sources = [{ %s, alias = %q }]`, mxSource, long(codearts.PipelineSourceAliasMax+1)))),
			[]string{valueLength, fmt.Sprintf("Attribute sources[0].alias UTF-8 character count must be at most %d", codearts.PipelineSourceAliasMax)}, nil},
		{"variables empty list", pl(mxPipeline("x", `variables = []`)),
			[]string{value, "Attribute variables list must contain at least 1 elements"}, nil},
		{"variable type enum", pl(mxPipeline("x", `variables = [{ name = "n", type = "number" }]`)),
			[]string{valueMatch, "Attribute variables[0].type value must be one of", `got: "number"`}, nil},
		{"duplicate variable name", pl(mxPipeline("x", `variables = [{ name = "a", type = "string" }, { name = "a", type = "enum" }]`)),
			[]string{"Duplicate variable name", `Attribute variables[1].name: variable "a" is also declared at variables[0]`}, nil},
		{"secret variable with a plain value", pl(mxPipeline("x", `variables = [{ name = "pw", type = "string", is_secret = true, value = "hunter2" }]`)),
			[]string{"Secret variable with a plain value", `Attribute variables[0].value: variable "pw" is secret`}, nil},
		{"secret value for a non-secret variable", pl(mxPipeline("x", "variables = [{ name = \"pw\", type = \"string\" }]\n  secret_variable_values_wo = { pw = \"x\" }")),
			[]string{"Not a secret variable", `Attribute secret_variable_values_wo["pw"]: "pw" is not the name of a variable with is_secret = true`}, nil},
		{"secret_variable_values_wo_version without secret_variable_values_wo", pl(mxPipeline("x", `secret_variable_values_wo_version = 1`)),
			[]string{combination, `Attribute "secret_variable_values_wo" must be specified when "secret_variable_values_wo_version" is specified`}, nil},
		{"schedules empty list", pl(mxPipeline("x", `schedules = []`)),
			[]string{value, "Attribute schedules list must contain at least 1 elements"}, nil},
		{"schedule name empty", pl(mxPipeline("x", `schedules = [{ name = "", days_of_week = [1] }]`)),
			[]string{valueLength, "Attribute schedules[0].name UTF-8 character count must be at least 1"}, nil},
		{"schedule type enum", pl(mxPipeline("x", `schedules = [{ name = "n", type = "cron", days_of_week = [1] }]`)),
			[]string{valueMatch, "Attribute schedules[0].type value must be one of", `got: "cron"`}, nil},
		{"schedule day out of range", pl(mxPipeline("x", `schedules = [{ name = "n", days_of_week = [8] }]`)),
			[]string{value, "Attribute schedules[0].days_of_week[0] value must be between 1 and 7, got: 8"}, nil},
		{"schedule days empty", pl(mxPipeline("x", `schedules = [{ name = "n", days_of_week = [] }]`)),
			[]string{value, "Attribute schedules[0].days_of_week list must contain at least 1 elements"}, nil},
		{"schedule time_zone enum", pl(mxPipeline("x", `schedules = [{ name = "n", days_of_week = [1], time_zone = "UTC" }]`)),
			[]string{valueMatch, "Attribute schedules[0].time_zone value must be one of", `got: "UTC"`}, nil},
		{"triggers empty list", pl(mxPipeline("x", `triggers = []`)),
			[]string{value, "Attribute triggers list must contain at least 1 elements"}, nil},
		{"trigger git_type enum", pl(mxPipeline("x", `triggers = [{ git_url = "x", git_type = "svn" }]`)),
			[]string{valueMatch, "Attribute triggers[0].git_type value must be one of", `got: "svn"`}, nil},
		{"trigger git_url empty", pl(mxPipeline("x", `triggers = [{ git_url = "", git_type = "codehub" }]`)),
			[]string{valueLength, "Attribute triggers[0].git_url UTF-8 character count must be at least 1"}, nil},
		{"trigger events empty list", pl(mxPipeline("x", `triggers = [{ git_url = "x", git_type = "codehub", events = [] }]`)),
			[]string{value, "Attribute triggers[0].events list must contain at least 1 elements"}, nil},
		{"trigger event type empty", pl(mxPipeline("x", `triggers = [{ git_url = "x", git_type = "codehub", events = [{ type = "" }] }]`)),
			[]string{valueLength, "Attribute triggers[0].events[0].type UTF-8 character count must be at least 1"}, nil},
		{"concurrency_number below 1", pl(mxPipeline("x", `concurrency_control = { concurrency_number = 0, exceed_action = "QUEUE", enable = true }`)),
			[]string{value, "Attribute concurrency_control.concurrency_number value must be at least 1, got: 0"}, nil},
		{"exceed_action enum", pl(mxPipeline("x", `concurrency_control = { concurrency_number = 1, exceed_action = "DROP", enable = true }`)),
			[]string{valueMatch, "Attribute concurrency_control.exceed_action value must be one of", `got: "DROP"`}, nil},
		{"group_id format", pl(mxPipeline("x", `group_id = "g1"`)),
			[]string{valueMatch, "Attribute group_id must be the pipeline group's 32-character id"}, nil},
		{"manifest_version empty", pl(mxPipeline("x", `manifest_version = ""`)),
			[]string{valueLength, "Attribute manifest_version UTF-8 character count must be at least 1"}, nil},
		{"data source pipeline_id format", ds("codearts_pipeline", fmt.Sprintf("project_id = %q\n  pipeline_id = \"p-1\"", simulator.DemoCodeArtsProjectID)),
			[]string{valueMatch, "Attribute pipeline_id must be a 32-character id of digits and letters"}, nil},
		{"data source project_id format", ds("codearts_pipeline", fmt.Sprintf("project_id = \"x\"\n  pipeline_id = %q", simulator.DemoPipelineID)),
			[]string{valueMatch, "Attribute project_id must be a 32-character id of digits and letters"}, nil},
	}
}

// pipelineApplyRows: rejections of the v5 pipeline routes a configuration
// can reach. (The provider checks every field the simulator validates, also
// for values known only at apply, so only unknown ids reach the service.)
func pipelineApplyRows() []matrixRow {
	unknownID := strings.Repeat("a", 32)
	return []matrixRow{
		{"unknown project: DEVPIPE.00011412", res("codearts_pipeline", fmt.Sprintf("project_id = %q\n  name = \"x\"\n  definition = jsonencode({ stages = [] })", unknownID)),
			[]string{"Cannot create the pipeline", "HTTP 200, error DEVPIPE.00011412: The project does not exist: " + unknownID}, nil},
		{"unknown template: DEVPIPE.00011203", res("codearts_pipeline", mxPipeline("x", fmt.Sprintf("template_id = %q", unknownID))),
			[]string{"Cannot create the pipeline", "HTTP 200, error DEVPIPE.00011203: The pipeline template does not exist: " + unknownID}, nil},
		{"unknown pipeline: DEVPIPE.00011401", ds("codearts_pipeline", fmt.Sprintf("project_id = %q\n  pipeline_id = %q", simulator.DemoCodeArtsProjectID, unknownID)),
			[]string{"Cannot read CodeArts pipeline " + unknownID, "HTTP 200, error DEVPIPE.00011401: The pipeline does not exist: " + unknownID}, nil},
	}
}
