package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// buildJobIDPattern: the 32 lowercase letters and digits at the end of the
// job's URL (the API documents ^[0-9a-z]{32}$).
var buildJobIDPattern = regexp.MustCompile(`^[0-9a-z]{32}$`)

var buildParamNamePattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

type buildRunInputs struct {
	JobID      types.String   `tfsdk:"job_id"`
	Parameters types.Map      `tfsdk:"parameters"`
	SCM        *buildSCMModel `tfsdk:"scm"`
}

func (in *buildRunInputs) inputs() *buildRunInputs { return in }

type buildSCMModel struct {
	BuildTag      types.String `tfsdk:"build_tag"`
	BuildCommitID types.String `tfsdk:"build_commit_id"`
}

type buildRunOutputs struct {
	BuildNo          types.Int64  `tfsdk:"build_no"`
	DailyBuildNumber types.String `tfsdk:"daily_build_number"`
	OctopusJobName   types.String `tfsdk:"octopus_job_name"`
	Status           types.String `tfsdk:"status"`
	BuildRecordID    types.String `tfsdk:"build_record_id"`
	Branch           types.String `tfsdk:"branch"`
	Commit           types.String `tfsdk:"commit"`
	TriggerType      types.String `tfsdk:"trigger_type"`
	StartTime        types.String `tfsdk:"start_time"`
	EndTime          types.String `tfsdk:"end_time"`
	Duration         types.String `tfsdk:"duration"`
	ErrMsg           types.String `tfsdk:"err_msg"`
}

func (o *buildRunOutputs) outputs() *buildRunOutputs { return o }

type buildRunResourceModel struct {
	buildRunInputs
	buildRunOutputs
	runCommon
}

func newCodeArtsBuildRunResource() resource.Resource {
	return newRunResource[buildRunResourceModel](buildRunType)
}

const buildRunLead = "Runs a CodeArts Build job (`POST /v3/jobs/build`) and waits for the build to finish, failing the apply when it fails. "

var buildRunType = &runType[buildRunInputs, buildRunOutputs]{
	name: "codearts_build_run",
	noun: "build",
	description: buildRunLead +
		"The build is started once: refresh reads its record and never starts another; change `triggers` (or any input) to run a new build.",
	actionDescription: buildRunLead + "Each invocation starts exactly one new build.",
	importID:          "`<job_id>/<build_no>`",
	progressExample:   "build 6 of job <job_id>: FAILURE after 25s: <err_msg>",
	inputs: map[string]inputSpec{
		"job_id": {kind: inString, required: true,
			desc: "Build job id: the 32 letters and digits at the end of the job's URL in the CodeArts console.",
			str:  []validator.String{stringvalidator.RegexMatches(buildJobIDPattern, "must be the job's id: 32 lowercase letters and digits")}},
		"parameters": {kind: inStringMap,
			desc: fmt.Sprintf("Custom build parameters, name to value. Names use letters, digits and `_` (at most %d characters); values at most %d characters; %s are reserved.",
				codearts.BuildParamNameMax, codearts.BuildParamValueMax, quoteList(codearts.ForbiddenBuildParams)),
			mapV: []validator.Map{
				mapvalidator.KeysAre(
					stringvalidator.UTF8LengthBetween(1, codearts.BuildParamNameMax),
					stringvalidator.RegexMatches(buildParamNamePattern, "may contain only letters, digits and _"),
					stringvalidator.NoneOf(codearts.ForbiddenBuildParams...),
				),
				mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(codearts.BuildParamValueMax)),
			}},
		"scm": {kind: inObject, desc: "Pin the code to build.",
			attrs: map[string]inputSpec{
				"build_tag":       {kind: inString, desc: "Repository tag to build.", str: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
				"build_commit_id": {kind: inString, desc: "Commit id to build.", str: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
			}},
	},
	outputs: map[string]schema.Attribute{
		"build_no":           computedInt("Build number (`actual_build_number`), counting up from 1 per job."),
		"daily_build_number": computedString("Daily build number, e.g. `20240612.3`."),
		"octopus_job_name":   computedString("Name of the build's execution task."),
		"status":             computedString("Build status as the service reports it: `SUCCESS`, `FAILURE`, `ABORTED`, or a running status."),
		"build_record_id":    computedString("Build record id (a UUID)."),
		"branch":             computedString("Repository branch built."),
		"commit":             computedString("Commit id built."),
		"trigger_type":       computedString("How the build was triggered, e.g. `MANUAL`."),
		"start_time":         computedString("When the build started (RFC 3339, UTC); null while it is queued."),
		"end_time":           computedString("When the build ended (RFC 3339, UTC; the record's `finish_time`); null while it runs."),
		"duration":           computedString("How long the build ran, as a Go duration (e.g. `1m40s`; the record's `duration`, in milliseconds); null while it runs."),
		"err_msg":            computedString("The service's error message for a failed build."),
	},
	stoppable: true,
	identity:  []string{"build_no", "octopus_job_name"},
	client:    func(pd *providerData) diag.Diagnostics { _, d := pd.CodeArts(); return d },
	start:     startBuild,
	watch: func(pd *providerData, in *buildRunInputs, out *buildRunOutputs) run.Run {
		return pd.codearts.WatchBuild(in.JobID.ValueString(), int(out.BuildNo.ValueInt64()), out.Status.ValueString(), out.StartTime.ValueString() != "")
	},
	find: func(pd *providerData, in *buildRunInputs) run.StartFinder {
		job := in.JobID.ValueString()
		return func(ctx context.Context, since time.Time) ([]run.Found, error) {
			rows, err := pd.codearts.FindStartedBuilds(ctx, job, since)
			return foundRuns(rows, err, func(r codearts.BuildHistoryRecord) run.Found {
				return run.Found{Run: pd.codearts.WatchBuild(job, r.BuildNumber, "", false), Started: optTime(&r.StartTime).ValueString()}
			})
		}
	},
	where: func(in *buildRunInputs) string { return "the build history of job " + in.JobID.ValueString() },
	record: func(_ context.Context, r run.Run, out *buildRunOutputs, diags *diag.Diagnostics) {
		w, ok := watchOf[*codearts.BuildWatch](r, diags)
		if !ok {
			return
		}
		if out.BuildNo.IsNull() || out.BuildNo.IsUnknown() {
			*out = nullBuildOutputs()
			// An adopted build (found, not started here) has neither yet.
			out.DailyBuildNumber = optStringValue(w.DailyBuildNumber)
			out.OctopusJobName = optStringValue(w.OctopusJobName)
		}
		out.BuildNo = types.Int64Value(int64(w.BuildNo))
		if w.Record != nil {
			setBuildOutputs(out, w.Record)
		}
	},
	importState: func(id string) (map[string]attr.Value, error) {
		job, no, ok := strings.Cut(id, "/")
		n, err := strconv.Atoi(no)
		if !ok || !buildJobIDPattern.MatchString(job) || err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not <job_id>/<build_no>", id)
		}
		return map[string]attr.Value{"job_id": types.StringValue(job), "build_no": types.Int64Value(int64(n))}, nil
	},
}

// startBuild converts the inputs into a RunBuildRequest and starts the build.
func startBuild(ctx context.Context, pd *providerData, in *buildRunInputs, diags *diag.Diagnostics) (run.Run, error) {
	client, d := pd.CodeArts()
	diags.Append(d...)
	req := codearts.RunBuildRequest{JobID: in.JobID.ValueString()}
	if !in.Parameters.IsNull() && !in.Parameters.IsUnknown() {
		params := map[string]string{}
		diags.Append(in.Parameters.ElementsAs(ctx, &params, false)...)
		for _, n := range sortedKeys(params) {
			req.Parameter = append(req.Parameter, codearts.BuildParameter{Name: n, Value: params[n]})
		}
	}
	if in.SCM != nil {
		req.SCM = &codearts.BuildSCM{BuildTag: in.SCM.BuildTag.ValueStringPointer(), BuildCommitID: in.SCM.BuildCommitID.ValueStringPointer()}
	}
	if diags.HasError() {
		return nil, nil
	}
	w, err := client.StartBuild(ctx, req)
	if err != nil {
		return nil, namingInputs(err, mapKeyRefs("parameters", in.Parameters))
	}
	return w, nil
}

func nullBuildOutputs() buildRunOutputs {
	n := types.StringNull()
	return buildRunOutputs{BuildNo: types.Int64Null(), DailyBuildNumber: n, OctopusJobName: n, Status: n, BuildRecordID: n,
		Branch: n, Commit: n, TriggerType: n, StartTime: n, EndTime: n, Duration: n, ErrMsg: n}
}

func setBuildOutputs(out *buildRunOutputs, r *codearts.BuildRecord) {
	if r.DailyBuildNum != "" {
		out.DailyBuildNumber = types.StringValue(r.DailyBuildNum)
	}
	if r.ExecutionID != "" && out.OctopusJobName.IsNull() {
		out.OctopusJobName = types.StringValue(r.ExecutionID)
	}
	out.Status = optString(r.Status)
	out.BuildRecordID = types.StringValue(r.BuildRecordID)
	out.Branch = optString(r.Branch)
	out.Commit = optString(r.Commit)
	out.TriggerType = optString(r.TriggerType)
	out.StartTime = optTime(r.StartTime)
	out.EndTime = optTime(r.FinishTime)
	out.ErrMsg = optString(r.ErrMsg)
	out.Duration = msDuration(r.Duration)
}

// msDuration renders the Build API's millisecond duration as a Go duration
// string (the form of every duration attribute); nil is null.
func msDuration(ms *float64) types.String {
	if ms == nil {
		return types.StringNull()
	}
	return types.StringValue(wait.FormatDuration(time.Duration(*ms * float64(time.Millisecond))))
}

// optTime converts a CodeArts time to RFC 3339 (UTC); unknown formats pass through.
func optTime(s *string) types.String {
	if s == nil {
		return types.StringNull()
	}
	return runTime(*s, codearts.ParseDeployTime)
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}

// sortedKeys returns a map's keys in order (requests are sent in a stable order).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
