package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsPipelineRunsDataSource)(nil)
var _ datasource.DataSourceWithValidateConfig = (*codeArtsPipelineRunsDataSource)(nil)

func newCodeArtsPipelineRunsDataSource() datasource.DataSource {
	return &codeArtsPipelineRunsDataSource{}
}

type codeArtsPipelineRunsDataSource struct{ dataSourceBase }

type codeArtsPipelineRunsModel struct {
	ProjectID  types.String          `tfsdk:"project_id"`
	PipelineID types.String          `tfsdk:"pipeline_id"`
	Statuses   types.List            `tfsdk:"statuses"`
	StartTime  types.String          `tfsdk:"start_time"`
	EndTime    types.String          `tfsdk:"end_time"`
	SortKey    types.String          `tfsdk:"sort_key"`
	SortDir    types.String          `tfsdk:"sort_dir"`
	Limit      types.Int64           `tfsdk:"limit"`
	Total      types.Int64           `tfsdk:"total"`
	Runs       []codeArtsPipelineRun `tfsdk:"runs"`
	Latest     *codeArtsPipelineRun  `tfsdk:"latest"`
}

type codeArtsPipelineRun struct {
	PipelineRunID   types.String               `tfsdk:"pipeline_run_id"`
	RunNumber       types.Int64                `tfsdk:"run_number"`
	Status          types.String               `tfsdk:"status"`
	TriggerType     types.String               `tfsdk:"trigger_type"`
	ExecutorID      types.String               `tfsdk:"executor_id"`
	ExecutorName    types.String               `tfsdk:"executor_name"`
	StartTime       types.String               `tfsdk:"start_time"`
	EndTime         types.String               `tfsdk:"end_time"`
	Duration        types.String               `tfsdk:"duration"`
	DetailURL       types.String               `tfsdk:"detail_url"`
	ModifyURL       types.String               `tfsdk:"modify_url"`
	StageStatusList []codeArtsRunStage         `tfsdk:"stage_status_list"`
	BuildParams     *codeArtsRunBuildParams    `tfsdk:"build_params"`
	ArtifactParams  *codeArtsRunArtifactParams `tfsdk:"artifact_params"`
}

type codeArtsRunStage struct {
	ID        types.String `tfsdk:"id"`
	Name      types.String `tfsdk:"name"`
	Sequence  types.Int64  `tfsdk:"sequence"`
	Status    types.String `tfsdk:"status"`
	StartTime types.String `tfsdk:"start_time"`
	EndTime   types.String `tfsdk:"end_time"`
}

type codeArtsRunBuildParams struct {
	Action               types.String `tfsdk:"action"`
	BuildType            types.String `tfsdk:"build_type"`
	CommitID             types.String `tfsdk:"commit_id"`
	EventType            types.String `tfsdk:"event_type"`
	MergeID              types.String `tfsdk:"merge_id"`
	Message              types.String `tfsdk:"message"`
	SourceBranch         types.String `tfsdk:"source_branch"`
	Tag                  types.String `tfsdk:"tag"`
	TargetBranch         types.String `tfsdk:"target_branch"`
	CodehubID            types.String `tfsdk:"codehub_id"`
	GitURL               types.String `tfsdk:"git_url"`
	SourceCodehubID      types.String `tfsdk:"source_codehub_id"`
	SourceCodehubURL     types.String `tfsdk:"source_codehub_url"`
	SourceCodehubHTTPURL types.String `tfsdk:"source_codehub_http_url"`
}

type codeArtsRunArtifactParams struct {
	Version      types.String `tfsdk:"version"`
	BranchFilter types.String `tfsdk:"branch_filter"`
	PackageName  types.String `tfsdk:"package_name"`
	Organization types.String `tfsdk:"organization"`
}

const (
	defaultPipelineRunsLimit = 100
	maxPipelineRunsLimit     = 10000
)

// codeArtsIDPattern: CodeArts project, pipeline, run, job and step ids are
// 32 characters of digits and letters (API docs, path parameters).
var codeArtsIDPattern = regexp.MustCompile(`^[0-9A-Za-z]{32}$`)

func codeArtsID(desc string) schema.StringAttribute {
	return schema.StringAttribute{Required: true, MarkdownDescription: desc,
		Validators: []validator.String{stringvalidator.RegexMatches(codeArtsIDPattern, "must be a 32-character id of digits and letters")}}
}

func (d *codeArtsPipelineRunsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_runs"
}

// pipelineRunAttributes is the run object of `runs` and `latest`.
func pipelineRunAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	buildParams := map[string]schema.Attribute{
		"action":                  str("Merge-request event: `open`, `reopen`, `update` or `merge`."),
		"build_type":              str("What the run built from: `branch` or `tag`."),
		"commit_id":               str("Commit id."),
		"event_type":              str("Event that ran the pipeline, e.g. `Manual`, `Scheduler`, `MR`, `Push`."),
		"merge_id":                str("Merge request id."),
		"message":                 str("Commit message."),
		"source_branch":           str("Source branch (merge requests)."),
		"tag":                     str("Tag."),
		"target_branch":           str("Branch the run built."),
		"codehub_id":              str("CodeArts Repo repository id."),
		"git_url":                 str("Repository HTTPS address."),
		"source_codehub_id":       str("Source repository id (merge requests)."),
		"source_codehub_url":      str("Source repository address (merge requests)."),
		"source_codehub_http_url": str("Source repository HTTP address (merge requests)."),
	}
	return map[string]schema.Attribute{
		"pipeline_run_id": str("Run id."),
		"run_number":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Run number (1, 2, …) within the pipeline."},
		"status":          str("Run status: `COMPLETED`, `RUNNING`, `FAILED`, `CANCELED`, `PAUSED`, `SUSPEND`, `IGNORED` or `QUEUED`."),
		"trigger_type":    str("What started the run, e.g. `Manual`, `Scheduler`."),
		"executor_id":     str("User id of who ran it."),
		"executor_name":   str("User name of who ran it."),
		"start_time":      str("When the run started, RFC 3339 (UTC); null if the service reports none."),
		"end_time":        str("When the run ended, RFC 3339 (UTC); null while it has not ended."),
		"duration":        str("How long the run ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null while it has not ended."),
		"detail_url":      str("The run's page in the CodeArts console (empty if the service returns none)."),
		"modify_url":      str("The pipeline's edit page in the console (empty if the service returns none)."),
		"stage_status_list": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The run's stages, in order.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":         str("Stage id."),
				"name":       str("Stage name."),
				"sequence":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the stage (from 0)."},
				"status":     str("Stage status, e.g. `INIT`, `RUNNING`, `COMPLETED`, `FAILED`, `PAUSED`, `UNSELECTED`."),
				"start_time": str("When the stage started, RFC 3339 (UTC; the service's `YYYY-MM-DD HH:MM:SS` read as China Standard Time, the CodeArts console's zone); null if not started."),
				"end_time":   str("When the stage ended, RFC 3339 (UTC); null if not ended."),
			}}},
		"build_params": schema.SingleNestedAttribute{Computed: true, Attributes: buildParams,
			MarkdownDescription: "Code-source parameters of the run (null for runs without a code source)."},
		"artifact_params": schema.SingleNestedAttribute{Computed: true,
			MarkdownDescription: "Artifact-source parameters of the run (null for runs without an artifact source).",
			Attributes: map[string]schema.Attribute{
				"version":       str("Package version."),
				"branch_filter": str("Branch filter."),
				"package_name":  str("Package name."),
				"organization":  str("Docker organization."),
			}},
	}
}

func (d *codeArtsPipelineRunsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the runs of a CodeArts pipeline, newest first unless sorted otherwise " +
			"(`POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list`), and the newest matching run as `latest`. " +
			fmt.Sprintf("Pages through the API, %d runs a request, up to `limit` runs.", codearts.PipelineRunsPageMax),
		Attributes: map[string]schema.Attribute{
			"project_id":  codeArtsID("CodeArts project id (32 characters; the project the pipeline belongs to, not the IAM project)."),
			"pipeline_id": codeArtsID("Pipeline id (32 characters)."),
			"statuses": schema.ListAttribute{ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Run statuses to match: " + backticked(codearts.PipelineRunStatuses) + ".",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(codearts.PipelineRunStatuses...))}},
			"start_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only runs started at or after this time, RFC 3339 (e.g. `2026-03-01T00:00:00Z`). Sent to the API as epoch milliseconds.",
				Validators:          []validator.String{rfc3339String()}},
			"end_time": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only runs up to this time, RFC 3339. Sent to the API as epoch milliseconds; must not be before `start_time`.",
				Validators:          []validator.String{rfc3339String()}},
			"sort_key": schema.StringAttribute{Optional: true, MarkdownDescription: "Sort field: `start_time` (the default).",
				Validators: []validator.String{stringvalidator.OneOf(codearts.PipelineRunSortKeys...)}},
			"sort_dir": schema.StringAttribute{Optional: true, MarkdownDescription: "Sort direction: `desc` (newest first, the default) or `asc`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(codearts.SortDirections...)}},
			"limit": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Most runs to return (1–%d). Default `%d`. CodeArts keeps runs for 90 days.", maxPipelineRunsLimit, defaultPipelineRunsLimit),
				Validators:          []validator.Int64{int64validator.Between(1, maxPipelineRunsLimit)}},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many runs match, as the service counts them (may exceed `limit`)."},
			"runs": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching runs, in the requested order.",
				NestedObject: schema.NestedAttributeObject{Attributes: pipelineRunAttributes()}},
			"latest": schema.SingleNestedAttribute{Computed: true, Attributes: pipelineRunAttributes(),
				MarkdownDescription: "The newest matching run (by start time), whatever `sort_dir` and `limit` say; null when no run matches."},
		},
	}
}

func backticked(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "`" + v + "`"
	}
	return strings.Join(out, ", ")
}

func (d *codeArtsPipelineRunsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m codeArtsPipelineRunsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.StartTime.IsNull() || m.StartTime.IsUnknown() || m.EndTime.IsNull() || m.EndTime.IsUnknown() {
		return
	}
	from, err1 := time.Parse(time.RFC3339, m.StartTime.ValueString())
	to, err2 := time.Parse(time.RFC3339, m.EndTime.ValueString())
	if err1 == nil && err2 == nil && to.Before(from) {
		resp.Diagnostics.AddAttributeError(path.Root("end_time"), "Invalid time window",
			fmt.Sprintf("end_time %s is before start_time %s.", m.EndTime.ValueString(), m.StartTime.ValueString()))
	}
}

func (d *codeArtsPipelineRunsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m codeArtsPipelineRunsModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	f := codearts.PipelineRunFilter{
		Statuses: stringsFrom(ctx, m.Statuses, &resp.Diagnostics),
		SortKey:  m.SortKey.ValueString(),
		SortDir:  strings.ToLower(m.SortDir.ValueString()),
	}
	f.StartTime, _ = time.Parse(time.RFC3339, m.StartTime.ValueString())
	f.EndTime, _ = time.Parse(time.RFC3339, m.EndTime.ValueString())
	limit := defaultPipelineRunsLimit
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	project, pipeline := m.ProjectID.ValueString(), m.PipelineID.ValueString()
	runs, stats, err := client.ListPipelineRuns(ctx, project, pipeline, f, limit)
	if err != nil {
		addPipelineAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot list the runs of CodeArts pipeline %s", pipeline), err)
		return
	}
	m.Total = types.Int64Value(int64(stats.Total))
	m.Runs = make([]codeArtsPipelineRun, 0, len(runs))
	for _, r := range runs {
		m.Runs = append(m.Runs, pipelineRunModel(r))
	}
	// latest: the first run when the listing is newest-first; otherwise one
	// more request for the newest run alone.
	m.Latest = nil
	if f.NewestFirst() {
		if len(m.Runs) > 0 {
			m.Latest = &m.Runs[0]
		}
	} else if stats.Total > 0 {
		latest, _, err := client.LatestPipelineRun(ctx, project, pipeline, f)
		if err != nil {
			addPipelineAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the latest run of CodeArts pipeline %s", pipeline), err)
			return
		}
		if latest != nil {
			l := pipelineRunModel(*latest)
			m.Latest = &l
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// addPipelineAPIError adds an API error, explaining which project id a
// project-not-found refers to.
func addPipelineAPIError(diags interface{ AddError(string, string) }, summary string, err error) {
	detail := apiErrorDetail(err)
	if codearts.HasCode(err, codearts.ProjectNotFoundCodes...) {
		detail += "\n\nproject_id must be the CodeArts project id (32 characters, shown in the CodeArts project settings), not the IAM project id of the region."
	}
	diags.AddError(summary, detail)
}

func pipelineRunModel(r codearts.PipelineRun) codeArtsPipelineRun {
	out := codeArtsPipelineRun{
		PipelineRunID: types.StringValue(r.PipelineRunID), RunNumber: types.Int64Value(int64(r.RunNumber)),
		Status: types.StringValue(r.Status), TriggerType: types.StringValue(r.TriggerType),
		ExecutorID: types.StringValue(r.ExecutorID), ExecutorName: types.StringValue(r.ExecutorName),
		StartTime: epochString(r.StartTime), EndTime: epochString(r.EndTime),
		Duration:  runSpan(codearts.EpochMillis(r.StartTime), codearts.EpochMillis(r.EndTime)),
		DetailURL: types.StringValue(r.DetailURL), ModifyURL: types.StringValue(r.ModifyURL),
		StageStatusList: make([]codeArtsRunStage, 0, len(r.StageStatusList)),
	}
	for _, s := range r.StageStatusList {
		out.StageStatusList = append(out.StageStatusList, codeArtsRunStage{
			ID: types.StringValue(s.ID), Name: types.StringValue(s.Name), Sequence: types.Int64Value(int64(s.Sequence)),
			Status: types.StringValue(s.Status), StartTime: runTime(s.StartTime, codearts.ParseDeployTime), EndTime: runTime(s.EndTime, codearts.ParseDeployTime),
		})
	}
	if b := r.BuildParams; b != nil {
		out.BuildParams = &codeArtsRunBuildParams{
			Action: optString(b.Action), BuildType: optString(b.BuildType), CommitID: optString(b.CommitID),
			EventType: optString(b.EventType), MergeID: optString(b.MergeID), Message: optString(b.Message),
			SourceBranch: optString(b.SourceBranch), Tag: optString(b.Tag), TargetBranch: optString(b.TargetBranch),
			CodehubID: optString(b.CodehubID), GitURL: optString(b.GitURL), SourceCodehubID: optString(b.SourceCodehubID),
			SourceCodehubURL: optString(b.SourceCodehubURL), SourceCodehubHTTPURL: optString(b.SourceCodehubHTTPURL),
		}
	}
	if a := r.ArtifactParams; a != nil {
		out.ArtifactParams = &codeArtsRunArtifactParams{Version: optString(a.Version), BranchFilter: optString(a.BranchFilter),
			PackageName: optString(a.PackageName), Organization: optString(a.Organization)}
	}
	return out
}

// rfc3339String validates an RFC 3339 time such as 2026-03-01T00:00:00Z.
func rfc3339String() validator.String { return rfc3339Validator{} }

type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "must be an RFC 3339 time such as 2026-03-01T00:00:00Z"
}
func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid RFC 3339 time",
			fmt.Sprintf("%q is not an RFC 3339 time; use a date, time and zone such as 2026-03-01T00:00:00Z or 2026-03-01T08:00:00+08:00.", req.ConfigValue.ValueString()))
	}
}
