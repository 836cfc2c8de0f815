package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsBuildRecordDataSource)(nil)

func newCodeArtsBuildRecordDataSource() datasource.DataSource {
	return &codeArtsBuildRecordDataSource{}
}

type codeArtsBuildRecordDataSource struct{ dataSourceBase }

// buildStatuses are the final build statuses the history reports.
var buildStatuses = []string{codearts.BuildSuccess, codearts.BuildFailure, codearts.BuildAborted}

// buildRecordModel has no record_status: the Build API documents it only as
// "Record status" (RecordInfo2Result.record_status in the huaweicloud-sdk-go-v3
// codeartsbuild models, no values listed) and its own example response
// (https://support.huaweicloud.com/intl/en-us/api-codeci/ShowRecordInfo.html)
// sends null; `status` is the build's status.
type buildRecordModel struct {
	JobID             types.String `tfsdk:"job_id"`
	BuildNo           types.Int64  `tfsdk:"build_no"`
	Status            types.String `tfsdk:"status"`
	ID                types.String `tfsdk:"id"`
	BuildProjectID    types.String `tfsdk:"build_project_id"`
	BuildRecordID     types.String `tfsdk:"build_record_id"`
	ParentRecordID    types.String `tfsdk:"parent_record_id"`
	DevcloudProjectID types.String `tfsdk:"devcloud_project_id"`
	CodeciJobID       types.String `tfsdk:"codeci_job_id"`
	UserID            types.String `tfsdk:"user_id"`
	DailyBuildNumber  types.String `tfsdk:"daily_build_number"`
	ExecutionID       types.String `tfsdk:"execution_id"`
	RepoName          types.String `tfsdk:"repo_name"`
	RepoID            types.String `tfsdk:"repo_id"`
	Branch            types.String `tfsdk:"branch"`
	Tag               types.String `tfsdk:"tag"`
	Commit            types.String `tfsdk:"commit"`
	CommitMessage     types.String `tfsdk:"commit_message"`
	CommitCreateTime  types.String `tfsdk:"commit_create_time"`
	TriggerType       types.String `tfsdk:"trigger_type"`
	BuildType         types.String `tfsdk:"build_type"`
	DomainID          types.String `tfsdk:"domain_id"`
	CreateTime        types.String `tfsdk:"create_time"`
	ScheduleTime      types.String `tfsdk:"schedule_time"`
	QueuedTime        types.String `tfsdk:"queued_time"`
	StartTime         types.String `tfsdk:"start_time"`
	RunnableTime      types.String `tfsdk:"runnable_time"`
	EndTime           types.String `tfsdk:"end_time"`
	Duration          types.String `tfsdk:"duration"`
	UsePrivateSlave   types.Int64  `tfsdk:"use_private_slave"`
	Region            types.String `tfsdk:"region"`
	ErrMsg            types.String `tfsdk:"err_msg"`
	BuildConfigType   types.String `tfsdk:"build_config_type"`
}

func (d *codeArtsBuildRecordDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_build_record"
}

func (d *codeArtsBuildRecordDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	s := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one CodeArts build record (`GET /v1/record/{job_id}/{build_no}/record-info`, or the older `GET /v3/jobs/{job_id}/{build_no}/record-info` where a gateway lacks it): a given build, the latest build, " +
			"or the latest build with a given status — e.g. the latest successful build, whose commit and number a deploy can use. " +
			"The job's history is read newest first and paging stops as soon as the build is found: the last 30 days " +
			"(`GET /v3/jobs/{job_id}/history`, whose `interval` is at most 30 days), then 30-day windows further back " +
			"(`GET /v3/jobs/{job_id}/period-history`), up to " + strconv.Itoa(codearts.BuildLookbackDays) + " days back. " +
			"A build older than that is not found by `status` (the read fails with \"No matching build\"); give its `build_no`.\n\n" +
			"The run's common attributes use the provider's vocabulary, shared with `cicd_codearts_build_run`: `status`, `start_time`, `end_time` " +
			"(the record's `finish_time`), `duration` (a Go duration string; the record's milliseconds) and `daily_build_number` (the record's `daily_build_num`). " +
			"Every other attribute keeps the record's own field name on purpose (`GET /v1/record/{job_id}/{build_no}/record-info`), with its times as RFC 3339 (UTC).",
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{Required: true, MarkdownDescription: "Build job id (32 lowercase letters and digits).",
				Validators: []validator.String{stringvalidator.RegexMatches(buildJobIDPattern, "must be the job's id: 32 lowercase letters and digits")}},
			"build_no": schema.Int64Attribute{Optional: true, Computed: true,
				MarkdownDescription: "Build number to read. Omit it for the latest build (or the latest with `status`).",
				Validators: []validator.Int64{int64validator.AtLeast(1),
					int64validator.ConflictsWith(path.MatchRoot("status"))}},
			"status": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Without `build_no`: find the latest build that ended with this status (`SUCCESS`, `FAILURE`, `ABORTED`). Also the record's status.",
				Validators:          []validator.String{stringvalidator.OneOf(buildStatuses...)}},
			"id":                  s("Record id."),
			"build_project_id":    s("Build project id, one-to-one with the job."),
			"build_record_id":     s("Build record id."),
			"parent_record_id":    s("Parent build record id."),
			"devcloud_project_id": s("CodeArts project id."),
			"codeci_job_id":       s("Build job id, one-to-one with `build_project_id`."),
			"user_id":             s("Id of the user who ran the build."),
			"daily_build_number":  s("Daily build number, e.g. `20240612.3` (the record's `daily_build_num`)."),
			"execution_id":        s("Execution task id."),
			"repo_name":           s("Repository name."),
			"repo_id":             s("Repository id."),
			"branch":              s("Repository branch."),
			"tag":                 s("Repository tag."),
			"commit":              s("Commit id."),
			"commit_message":      s("Commit message."),
			"commit_create_time":  s("Commit time (RFC 3339)."),
			"trigger_type":        s("Trigger type, e.g. `MANUAL`."),
			"build_type":          s("Build type, e.g. `branch`."),
			"domain_id":           s("Tenant (domain) id."),
			"create_time":         s("When the build was created (RFC 3339)."),
			"schedule_time":       s("When the build was dispatched (RFC 3339)."),
			"queued_time":         s("When the build was queued (RFC 3339)."),
			"start_time":          s("When the build started (RFC 3339, UTC); null while it is queued."),
			"runnable_time":       s("When the executor really started building (RFC 3339)."),
			"end_time":            s("When the build ended (RFC 3339, UTC; the record's `finish_time`); null while it runs."),
			"duration":            s("How long the build ran, as a Go duration (e.g. `1m40s`; the record's `duration`, in milliseconds); null while it runs."),
			"use_private_slave":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Whether a custom executor was used (1) or not (0)."},
			"region":              s("Region of the tenant."),
			"err_msg":             s("Error message of a failed build."),
			"build_config_type":   s("Build configuration type: `YAML` or `ACTION`."),
		},
	}
}

func (d *codeArtsBuildRecordDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m buildRecordModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	job := m.JobID.ValueString()
	no := int(m.BuildNo.ValueInt64())
	if m.BuildNo.IsNull() || m.BuildNo.IsUnknown() {
		want := m.Status.ValueString()
		rows, stats, err := client.ListBuildHistory(ctx, job, 0, func(rows []codearts.BuildHistoryRecord) bool {
			return findBuild(rows, want) != nil
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "Cannot read the build history", err)
			return
		}
		found := findBuild(rows, want)
		if found == nil {
			what := "no builds"
			if want != "" {
				what = fmt.Sprintf("no build with status %s", want)
			}
			resp.Diagnostics.AddError("No matching build", fmt.Sprintf("Job %s has %s in the last %d days (%d builds read in %d requests). "+
				"The Build API lists a job's history at most %d days per request, and this lookup reads back %d days; "+
				"to use an older build, set build_no.", job, what, stats.Days, len(rows), stats.Requests,
				codearts.BuildHistoryIntervalMax, codearts.BuildLookbackDays))
			return
		}
		no = found.BuildNumber
	}
	rec, err := client.GetBuildRecord(ctx, job, no)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read build %d of job %s", no, job), err)
		return
	}
	m = buildRecordFrom(job, rec)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// findBuild returns the first (newest) row with the status ("" = any).
func findBuild(rows []codearts.BuildHistoryRecord, status string) *codearts.BuildHistoryRecord {
	for i := range rows {
		if status == "" || strings.EqualFold(rows[i].Result, status) {
			return &rows[i]
		}
	}
	return nil
}

func buildRecordFrom(job string, r *codearts.BuildRecord) buildRecordModel {
	str := func(s string) types.String { return optString(&s) }
	m := buildRecordModel{
		JobID: types.StringValue(job), BuildNo: types.Int64Value(int64(r.BuildNo)), Status: optString(r.Status),
		ID: str(r.ID), BuildProjectID: str(r.BuildProjectID), BuildRecordID: str(r.BuildRecordID),
		ParentRecordID: optString(r.ParentRecordID), DevcloudProjectID: str(r.DevcloudProjectID),
		CodeciJobID: str(r.CodeciJobID), UserID: str(r.UserID), DailyBuildNumber: str(r.DailyBuildNum),
		ExecutionID: str(r.ExecutionID), RepoName: optString(r.RepoName), RepoID: optString(r.RepoID),
		Branch: optString(r.Branch), Tag: optString(r.Tag), Commit: optString(r.Commit),
		CommitMessage: optString(r.CommitMessage), CommitCreateTime: optTime(r.CommitCreateTime),
		TriggerType: optString(r.TriggerType), BuildType: optString(r.BuildType), DomainID: str(r.DomainID),
		CreateTime: optTime(r.CreateTime), ScheduleTime: optTime(r.ScheduleTime), QueuedTime: optTime(r.QueuedTime),
		StartTime: optTime(r.StartTime), RunnableTime: optTime(r.RunnableTime), EndTime: optTime(r.FinishTime),
		Duration:        msDuration(r.Duration),
		UsePrivateSlave: types.Int64Null(), Region: optString(r.Region), ErrMsg: optString(r.ErrMsg),
		BuildConfigType: optString(r.BuildConfigType),
	}
	if r.UsePrivateSlave != nil {
		m.UsePrivateSlave = types.Int64Value(int64(*r.UsePrivateSlave))
	}
	return m
}
