package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsPipelineStepLogDataSource)(nil)

func newCodeArtsPipelineStepLogDataSource() datasource.DataSource {
	return &codeArtsPipelineStepLogDataSource{}
}

type codeArtsPipelineStepLogDataSource struct{ dataSourceBase }

type codeArtsPipelineStepLogModel struct {
	ProjectID     types.String `tfsdk:"project_id"`
	PipelineID    types.String `tfsdk:"pipeline_id"`
	PipelineRunID types.String `tfsdk:"pipeline_run_id"`
	JobRunID      types.String `tfsdk:"job_run_id"`
	StepRunID     types.String `tfsdk:"step_run_id"`
	FromOffset    types.Int64  `tfsdk:"from_offset"`
	MaxBytes      types.Int64  `tfsdk:"max_bytes"`
	TailLines     types.Int64  `tfsdk:"tail_lines"`
	Log           types.String `tfsdk:"log"`
	StartOffset   types.Int64  `tfsdk:"start_offset"`
	EndOffset     types.Int64  `tfsdk:"end_offset"`
	HasMore       types.Bool   `tfsdk:"has_more"`
	Truncated     types.Bool   `tfsdk:"truncated"`
}

const (
	defaultStepLogMaxBytes = 1 << 20  // 1 MiB
	maxStepLogMaxBytes     = 10 << 20 // 10 MiB: the log lands in state
	maxStepLogTailLines    = 100000
)

func (d *codeArtsPipelineStepLogDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_step_log"
}

func (d *codeArtsPipelineStepLogDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the log of one step of a CodeArts pipeline run " +
			"(`POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/logs`), " +
			fmt.Sprintf("following `has_more`/`end_offset` %d lines a request until the log ends or `max_bytes` is reached. ", codearts.StepLogPageLines) +
			"`job_run_id` and `step_run_id` are the `jobs[].id` and `steps[].id` of the run's detail.",
		Attributes: map[string]schema.Attribute{
			"project_id":      codeArtsID("CodeArts project id (32 characters)."),
			"pipeline_id":     codeArtsID("Pipeline id."),
			"pipeline_run_id": codeArtsID("Run id."),
			"job_run_id":      codeArtsID("Job id within the run."),
			"step_run_id":     codeArtsID("Step id within the job."),
			"from_offset": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Offset to read from, e.g. a previous read's `end_offset` to continue where it stopped. Default `0` (the step's first line).",
				Validators:          []validator.Int64{int64validator.AtLeast(0)}},
			"max_bytes": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Most bytes of log to keep (1–%d, default %d). Without `tail_lines` reading stops once this much was read and `log` is cut at the last whole line within it; with `tail_lines` the whole log is read and only its last `max_bytes` are kept.", maxStepLogMaxBytes, defaultStepLogMaxBytes),
				Validators:          []validator.Int64{int64validator.Between(1, maxStepLogMaxBytes)}},
			"tail_lines": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Keep only the last N lines (1–%d), e.g. to show why a step failed.", maxStepLogTailLines),
				Validators:          []validator.Int64{int64validator.Between(1, maxStepLogTailLines)}},
			"log": schema.StringAttribute{Computed: true, MarkdownDescription: "The log text."},
			"start_offset": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "The service's offset of the first byte read (a step's log need not start at 0)."},
			"end_offset": schema.Int64Attribute{Computed: true,
				MarkdownDescription: "The service's offset after the last page read; use it as `from_offset` to continue."},
			"has_more": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "The service has more log after `end_offset` (reading stopped at `max_bytes`, or the step is still writing)."},
			"truncated": schema.BoolAttribute{Computed: true,
				MarkdownDescription: "`log` is not the whole log from `start_offset`: lines were dropped by `max_bytes` or `tail_lines`, or `has_more` is true."},
		},
	}
}

func (d *codeArtsPipelineStepLogDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m codeArtsPipelineStepLogModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	opt := codearts.StepLogOptions{StartOffset: m.FromOffset.ValueInt64(), MaxBytes: defaultStepLogMaxBytes, TailLines: int(m.TailLines.ValueInt64())}
	if !m.MaxBytes.IsNull() {
		opt.MaxBytes = int(m.MaxBytes.ValueInt64())
	}
	ref := codearts.StepRef{ProjectID: m.ProjectID.ValueString(), PipelineID: m.PipelineID.ValueString(),
		PipelineRunID: m.PipelineRunID.ValueString(), JobRunID: m.JobRunID.ValueString(), StepRunID: m.StepRunID.ValueString()}
	l, err := client.ReadStepLog(ctx, ref, opt)
	if err != nil {
		addPipelineAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the log of step %s of pipeline run %s", ref.StepRunID, ref.PipelineRunID), err)
		return
	}
	m.Log = types.StringValue(l.Log)
	m.StartOffset, m.EndOffset = types.Int64Value(l.StartOffset), types.Int64Value(l.EndOffset)
	m.HasMore, m.Truncated = types.BoolValue(l.HasMore), types.BoolValue(l.Truncated)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
