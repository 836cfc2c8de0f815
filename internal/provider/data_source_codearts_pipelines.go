package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsPipelinesDataSource)(nil)

func newCodeArtsPipelinesDataSource() datasource.DataSource { return &codeArtsPipelinesDataSource{} }

type codeArtsPipelinesDataSource struct{ dataSourceBase }

type codeArtsPipelinesModel struct {
	Name        types.String          `tfsdk:"name"`
	ProjectIDs  types.List            `tfsdk:"project_ids"`
	CreatorIDs  types.List            `tfsdk:"creator_ids"`
	ExecutorIDs types.List            `tfsdk:"executor_ids"`
	Statuses    types.List            `tfsdk:"statuses"`
	Outcomes    types.List            `tfsdk:"outcomes"`
	GitURL      types.String          `tfsdk:"git_url"`
	SortKey     types.String          `tfsdk:"sort_key"`
	SortDir     types.String          `tfsdk:"sort_dir"`
	Limit       types.Int64           `tfsdk:"limit"`
	Total       types.Int64           `tfsdk:"total"`
	Pipelines   []codeArtsPipelineRow `tfsdk:"pipelines"`
}

type codeArtsPipelineRow struct {
	ProjectID    types.String `tfsdk:"project_id"`
	ProjectName  types.String `tfsdk:"project_name"`
	PipelineID   types.String `tfsdk:"pipeline_id"`
	PipelineName types.String `tfsdk:"pipeline_name"`
	CreatorID    types.String `tfsdk:"creator_id"`
	CreatorName  types.String `tfsdk:"creator_name"`
	ExecutorID   types.String `tfsdk:"executor_id"`
	ExecutorName types.String `tfsdk:"executor_name"`
	StartTime    types.String `tfsdk:"start_time"`
	CreateTime   types.String `tfsdk:"create_time"`
	Watched      types.Bool   `tfsdk:"watched"`
}

// defaultPipelinesLimit is how many pipelines are read when limit is not set.
const defaultPipelinesLimit = 100

func (d *codeArtsPipelinesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipelines"
}

func idList(desc string) schema.ListAttribute {
	return schema.ListAttribute{
		ElementType: types.StringType, Optional: true, MarkdownDescription: desc,
		Validators: []validator.List{
			listvalidator.SizeBetween(1, 10),
			listvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtLeast(1), notBlank),
		},
	}
}

func (d *codeArtsPipelinesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists CodeArts pipelines the credentials can see, with the filters of `POST /v3/pipelines/list`. " +
			"Pages through the API (at most 50 per request) up to `limit` pipelines.",
		Attributes: map[string]schema.Attribute{
			"name":         schema.StringAttribute{Optional: true, MarkdownDescription: "Fuzzy match on the pipeline name."},
			"project_ids":  idList("CodeArts project ids (1–10). Without it, pipelines of every project the user may see are listed."),
			"creator_ids":  idList("Creator user ids (1–10)."),
			"executor_ids": idList("Executor user ids (1–10)."),
			"statuses": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Run statuses to match: `waiting`, `running`, `verifying`, `suspending`, `completed`.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(codearts.PipelineStatuses...))},
			},
			"outcomes": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Run outcomes to match: `success`, `error`, `aborted`.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(codearts.PipelineOutcomes...))},
			},
			"git_url": schema.StringAttribute{Optional: true, MarkdownDescription: "Code repository address (CodeArts Repo only), e.g. `git@codehub.example.com:group/repo.git`."},
			"sort_key": schema.StringAttribute{Optional: true, MarkdownDescription: "Sort field: `pipeline_name`, `create_time` or `start_time`.",
				Validators: []validator.String{stringvalidator.OneOf(codearts.PipelineSortKeys...)}},
			"sort_dir": schema.StringAttribute{Optional: true, MarkdownDescription: "Sort direction: `asc` or `desc`.",
				Validators: []validator.String{stringvalidator.OneOf(codearts.SortDirections...)}},
			"limit": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Most pipelines to return (1–10000). Default `%d`.", defaultPipelinesLimit),
				Validators:          []validator.Int64{int64validator.Between(1, 10000)}},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many pipelines match, as the service counts them (may exceed `limit`)."},
			"pipelines": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching pipelines, in the service's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"project_id":    computed("CodeArts project id."),
					"project_name":  computed("CodeArts project name."),
					"pipeline_id":   computed("Pipeline id."),
					"pipeline_name": computed("Pipeline name."),
					"creator_id":    computed("Creator user id."),
					"creator_name":  computed("Creator user name."),
					"executor_id":   computed("User id of the last executor."),
					"executor_name": computed("User name of the last executor."),
					"start_time":    computed("Start of the last run, as the service reports it (`YYYY-MM-DD HH:MM:SS`)."),
					"create_time":   computed("Creation time, as the service reports it (`YYYY-MM-DD HH:MM:SS`)."),
					"watched":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the calling user follows the pipeline."},
				}},
			},
		},
	}
}

func (d *codeArtsPipelinesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m codeArtsPipelinesModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	f := codearts.PipelineFilter{
		Name:        m.Name.ValueString(),
		ProjectIDs:  stringsFrom(ctx, m.ProjectIDs, &resp.Diagnostics),
		CreatorIDs:  stringsFrom(ctx, m.CreatorIDs, &resp.Diagnostics),
		ExecutorIDs: stringsFrom(ctx, m.ExecutorIDs, &resp.Diagnostics),
		Statuses:    stringsFrom(ctx, m.Statuses, &resp.Diagnostics),
		Outcomes:    stringsFrom(ctx, m.Outcomes, &resp.Diagnostics),
		GitURL:      m.GitURL.ValueString(),
		SortKey:     m.SortKey.ValueString(),
		SortDir:     m.SortDir.ValueString(),
	}
	limit := defaultPipelinesLimit
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	rows, stats, err := client.ListPipelines(ctx, f, limit)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list CodeArts pipelines", err)
		return
	}
	m.Total = types.Int64Value(int64(stats.Total))
	m.Pipelines = make([]codeArtsPipelineRow, 0, len(rows))
	for _, r := range rows {
		m.Pipelines = append(m.Pipelines, codeArtsPipelineRow{
			ProjectID: types.StringValue(r.ProjectID), ProjectName: types.StringValue(r.ProjectName),
			PipelineID: types.StringValue(r.PipelineID), PipelineName: types.StringValue(r.PipelineName),
			CreatorID: types.StringValue(r.CreatorID), CreatorName: types.StringValue(r.CreatorName),
			ExecutorID: types.StringValue(r.ExecutorID), ExecutorName: types.StringValue(r.ExecutorName),
			StartTime: types.StringValue(r.StartTime), CreateTime: types.StringValue(r.CreateTime),
			Watched: types.BoolValue(r.Watched == "true"),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
