package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsBuildRecordsDataSource)(nil)

func newCodeArtsBuildRecordsDataSource() datasource.DataSource {
	return &codeArtsBuildRecordsDataSource{}
}

type codeArtsBuildRecordsDataSource struct{ dataSourceBase }

const defaultBuildRecordsLimit = 20

type buildRecordsModel struct {
	JobID   types.String      `tfsdk:"job_id"`
	Status  types.String      `tfsdk:"status"`
	Limit   types.Int64       `tfsdk:"limit"`
	Total   types.Int64       `tfsdk:"total"`
	Records []buildHistoryRow `tfsdk:"records"`
}

type buildHistoryRow struct {
	BuildRecordID types.String `tfsdk:"build_record_id"`
	BuildNo       types.Int64  `tfsdk:"build_no"`
	Status        types.String `tfsdk:"status"`
	StartTime     types.String `tfsdk:"start_time"`
	EndTime       types.String `tfsdk:"end_time"`
	Duration      types.String `tfsdk:"duration"`
}

func (d *codeArtsBuildRecordsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_build_records"
}

func (d *codeArtsBuildRecordsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	c := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("A CodeArts build job's history, newest first, %d per page: the last %d days "+
			"(`GET /v3/jobs/{job_id}/history`, whose `interval` is at most %d days), then %d-day windows further back "+
			"(`GET /v3/jobs/{job_id}/period-history`), at most %d days back in all; older builds are not listed. "+
			"Use `cicd_codearts_build_record` for every detail of one build.", codearts.BuildHistoryPage,
			codearts.BuildHistoryIntervalMax, codearts.BuildHistoryIntervalMax, codearts.BuildHistoryIntervalMax, codearts.BuildLookbackDays),
		Attributes: map[string]schema.Attribute{
			"job_id": schema.StringAttribute{Required: true, MarkdownDescription: "Build job id (32 lowercase letters and digits).",
				Validators: []validator.String{stringvalidator.RegexMatches(buildJobIDPattern, "must be the job's id: 32 lowercase letters and digits")}},
			"status": schema.StringAttribute{Optional: true, MarkdownDescription: "Only builds that ended with this status: `SUCCESS`, `FAILURE` or `ABORTED`.",
				Validators: []validator.String{stringvalidator.OneOf(buildStatuses...)}},
			"limit": schema.Int64Attribute{Optional: true, MarkdownDescription: fmt.Sprintf("Most records to return (1–10000). Default `%d`.", defaultBuildRecordsLimit),
				Validators: []validator.Int64{int64validator.Between(1, 10000)}},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many builds the job ran in the last 30 days (any status), as the history reports it."},
			"records": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Matching builds, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"build_record_id": c("Build record id (the history's `record_id`; the `build_record_id` of `cicd_codearts_build_record` and `cicd_codearts_build_run`)."),
					"build_no":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Build number (the history's `build_number`)."},
					"status":          c("Result: `SUCCESS`, `FAILURE`, `ABORTED`; null while running."),
					"start_time":      c("When the build started (RFC 3339, UTC); null while it is queued."),
					"end_time":        c("When the build ended (RFC 3339, UTC); null while it runs."),
					"duration":        c("How long the build ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null while it runs."),
				}}},
		},
	}
}

func (d *codeArtsBuildRecordsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m buildRecordsModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	limit := defaultBuildRecordsLimit
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	status := m.Status.ValueString()
	matching := func(rows []codearts.BuildHistoryRecord) []codearts.BuildHistoryRecord {
		var out []codearts.BuildHistoryRecord
		for _, r := range rows {
			if status == "" || strings.EqualFold(r.Result, status) {
				out = append(out, r)
			}
		}
		return out
	}
	maxItems := limit // without a filter the API pages straight to the limit
	if status != "" {
		maxItems = 0 // filtered client-side: read until enough rows match
	}
	rows, stats, err := client.ListBuildHistory(ctx, m.JobID.ValueString(), maxItems, func(rows []codearts.BuildHistoryRecord) bool {
		return len(matching(rows)) >= limit
	})
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read the build history", err)
		return
	}
	rows = matching(rows)
	if len(rows) > limit {
		rows = rows[:limit]
	}
	m.Total = types.Int64Value(int64(stats.Total))
	m.Records = make([]buildHistoryRow, 0, len(rows))
	for _, r := range rows {
		m.Records = append(m.Records, buildHistoryRow{
			BuildRecordID: optString(&r.RecordID), BuildNo: types.Int64Value(int64(r.BuildNumber)), Status: optString(&r.Result),
			StartTime: runTime(r.StartTime, codearts.ParseDeployTime), EndTime: runTime(r.EndTime, codearts.ParseDeployTime),
			Duration: runSpanOf(r.StartTime, r.EndTime, codearts.ParseDeployTime),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
