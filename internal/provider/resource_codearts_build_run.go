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
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
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
	FinishTime       types.String `tfsdk:"finish_time"`
	Duration         types.String `tfsdk:"duration"`
	ErrMsg           types.String `tfsdk:"err_msg"`
}

func (o *buildRunOutputs) importAttributes() map[string]any {
	return map[string]any{"build_no": o.BuildNo}
}

func (in *buildRunInputs) importAttributes() map[string]any {
	return map[string]any{"job_id": in.JobID}
}

type buildRunResourceModel struct {
	buildRunInputs
	buildRunOutputs
	runCommon
	ID types.String `tfsdk:"id"`
}

type buildRunActionModel struct {
	buildRunInputs
	actionCommon
}

func newCodeArtsBuildRunResource() resource.Resource {
	return &runResource[buildRunResourceModel, buildRunInputs, buildRunOutputs]{
		rt: buildRunType,
		parts: func(m *buildRunResourceModel) (*buildRunInputs, *buildRunOutputs, *runCommon, *types.String) {
			return &m.buildRunInputs, &m.buildRunOutputs, &m.runCommon, &m.ID
		},
	}
}

var buildRunType = &runType[buildRunInputs, buildRunOutputs]{
	name: "codearts_build_run",
	noun: "build",
	description: "Runs a CodeArts Build job (`POST /v3/jobs/build`) and waits for the build to finish, failing the apply when it fails. " +
		"The build is started once: refresh reads its record and never starts another; change `triggers` (or any input) to run a new build.",
	importID: "`<job_id>/<build_no>`",
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
		"start_time":         computedString("When the build started (RFC 3339)."),
		"finish_time":        computedString("When the build finished (RFC 3339)."),
		"duration":           computedString("How long the build ran, e.g. `1m40s`."),
		"err_msg":            computedString("The service's error message for a failed build."),
	},
	client: func(pd *providerData) diag.Diagnostics { _, d := pd.CodeArts(); return d },
	start: func(ctx context.Context, pd *providerData, in *buildRunInputs, out *buildRunOutputs) (string, error) {
		client, _ := pd.CodeArts()
		req := codearts.RunBuildRequest{JobID: in.JobID.ValueString()}
		if !in.Parameters.IsNull() {
			params := map[string]string{}
			in.Parameters.ElementsAs(ctx, &params, false)
			names := make([]string, 0, len(params))
			for n := range params {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				req.Parameter = append(req.Parameter, codearts.BuildParameter{Name: n, Value: params[n]})
			}
		}
		if in.SCM != nil {
			req.SCM = &codearts.BuildSCM{BuildTag: in.SCM.BuildTag.ValueStringPointer(), BuildCommitID: in.SCM.BuildCommitID.ValueStringPointer()}
		}
		resp, err := client.RunBuild(ctx, req)
		if err != nil {
			return "", err
		}
		no, err := resp.BuildNo()
		if err != nil {
			return "", err
		}
		*out = nullBuildOutputs()
		out.BuildNo = types.Int64Value(int64(no))
		out.DailyBuildNumber = types.StringValue(resp.DailyBuildNumber)
		out.OctopusJobName = types.StringValue(resp.OctopusJobName)
		return fmt.Sprintf("%s/%d", req.JobID, no), nil
	},
	observe: observeBuild,
	stop: func(ctx context.Context, pd *providerData, in *buildRunInputs, out *buildRunOutputs) error {
		client, _ := pd.CodeArts()
		return client.StopBuild(ctx, in.JobID.ValueString(), int(out.BuildNo.ValueInt64()))
	},
	importState: func(id string, in *buildRunInputs, out *buildRunOutputs) error {
		job, no, ok := strings.Cut(id, "/")
		n, err := strconv.Atoi(no)
		if !ok || !buildJobIDPattern.MatchString(job) || err != nil || n <= 0 {
			return fmt.Errorf("%q is not <job_id>/<build_no>", id)
		}
		*in = buildRunInputs{JobID: types.StringValue(job), Parameters: types.MapNull(types.StringType)}
		*out = nullBuildOutputs()
		out.BuildNo = types.Int64Value(int64(n))
		return nil
	},
	label: func(in *buildRunInputs, out *buildRunOutputs) string {
		return fmt.Sprintf("build %d of job %s", out.BuildNo.ValueInt64(), in.JobID.ValueString())
	},
	notFound: func(err error) bool { return codearts.IsNotFound(err, codearts.BuildRecordNotFoundCodes...) },
	findStarted: &startLookup[buildRunInputs, buildRunOutputs]{
		where: func(in *buildRunInputs) string { return "the build history of job " + in.JobID.ValueString() },
		find: func(ctx context.Context, pd *providerData, in *buildRunInputs, since time.Time) ([]startCandidate[buildRunOutputs], error) {
			client, _ := pd.CodeArts()
			rows, err := client.FindStartedBuilds(ctx, in.JobID.ValueString(), since)
			var out []startCandidate[buildRunOutputs]
			for _, r := range rows {
				o := nullBuildOutputs()
				o.BuildNo = types.Int64Value(int64(r.BuildNumber))
				out = append(out, startCandidate[buildRunOutputs]{id: fmt.Sprintf("%s/%d", in.JobID.ValueString(), r.BuildNumber),
					started: optTime(&r.StartTime).ValueString(), out: o})
			}
			return out, err
		},
	},
}

func nullBuildOutputs() buildRunOutputs {
	n := types.StringNull()
	return buildRunOutputs{BuildNo: types.Int64Null(), DailyBuildNumber: n, OctopusJobName: n, Status: n, BuildRecordID: n,
		Branch: n, Commit: n, TriggerType: n, StartTime: n, FinishTime: n, Duration: n, ErrMsg: n}
}

// Build statuses that end a build (the build record API pages: Jenkins-style words, plus
// the terminal words seen in sub-task and build-info-record vocabularies).
var buildPhases = wait.Phases{
	codearts.BuildSuccess: wait.Succeeded,
	codearts.BuildFailure: wait.Failed,
	"FAILED":              wait.Failed,
	"SCHEDULE_FAILURE":    wait.Failed,
	"TIMEOUT":             wait.Failed,
	"UNKNOWN":             wait.Failed,
	codearts.BuildAborted: wait.Cancelled,
}

// observeBuild polls a build. build-info's `building` flag is the authority
// on completion (the record's status vocabulary is not documented); the
// record is read while the build is queued, when it ends, and on refresh.
func observeBuild(ctx context.Context, pd *providerData, in *buildRunInputs, out *buildRunOutputs) (wait.Observation[struct{}], error) {
	client, _ := pd.CodeArts()
	job, no := in.JobID.ValueString(), int(out.BuildNo.ValueInt64())
	label := fmt.Sprintf("build %d", no)
	if buildPhases.Of(out.Status.ValueString()).Terminal() {
		// Already finished (a refresh): the record alone says everything.
		rec, err := client.GetBuildRecord(ctx, job, no)
		if err != nil {
			return wait.Observation[struct{}]{}, err
		}
		setBuildOutputs(out, rec)
		status := rec.StatusWord()
		return wait.Observation[struct{}]{Status: status, Phase: buildPhases.Of(status), Message: label + " " + status}, nil
	}
	info, err := client.GetBuildInfo(ctx, job, no)
	if err != nil {
		return wait.Observation[struct{}]{}, err
	}
	started := out.StartTime.ValueString() != ""
	if info.Building && started && out.Status.ValueString() != "" {
		return wait.Observation[struct{}]{Status: out.Status.ValueString(), Phase: wait.Running, Message: label + " running"}, nil
	}
	rec, err := client.GetBuildRecord(ctx, job, no)
	if err != nil {
		return wait.Observation[struct{}]{}, err
	}
	setBuildOutputs(out, rec)
	status := rec.StatusWord()
	if info.Building {
		if rec.StartTime == nil {
			return wait.Observation[struct{}]{Status: orDefault(status, "QUEUED"), Phase: wait.Pending, Message: label + " queued"}, nil
		}
		return wait.Observation[struct{}]{Status: orDefault(status, "RUNNING"), Phase: wait.Running, Message: label + " running"}, nil
	}
	phase := buildPhases.Of(status)
	if !phase.Terminal() {
		// The record lags behind build-info: trust build_result.
		status = info.BuildResult
		phase = buildPhases.Of(status)
		if !phase.Terminal() {
			phase = wait.Failed
		}
		out.Status = types.StringValue(status)
	}
	msg := fmt.Sprintf("%s %s", label, status)
	if d := out.Duration.ValueString(); d != "" {
		msg += " after " + d
	}
	if e := out.ErrMsg.ValueString(); e != "" && phase != wait.Succeeded {
		msg += ": " + e
	}
	return wait.Observation[struct{}]{Status: status, Phase: phase, Message: msg}, nil
}

// setBuildOutputs records what a read says. The build's identity
// (build_no) is never taken from a read: the client refuses a record that
// does not name the build asked for.
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
	out.FinishTime = optTime(r.FinishTime)
	out.ErrMsg = optString(r.ErrMsg)
	out.Duration = types.StringNull()
	if r.Duration != nil {
		out.Duration = types.StringValue(wait.FormatDuration(time.Duration(*r.Duration) * time.Millisecond))
	}
}

// apiTimeLayouts are the time formats the CodeArts APIs use.
var apiTimeLayouts = []string{"2006-01-02T15:04:05.000-07:00", "2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, time.RFC3339}

// optTime converts an API time to RFC 3339 (UTC); unknown formats pass through.
func optTime(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	for _, l := range apiTimeLayouts {
		if t, err := time.Parse(l, *s); err == nil {
			return types.StringValue(t.UTC().Format(time.RFC3339))
		}
	}
	return types.StringValue(*s)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "`" + v + "`"
	}
	return strings.Join(q, ", ")
}
