package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*codeArtsPipelineDataSource)(nil)

func newCodeArtsPipelineDataSource() datasource.DataSource { return &codeArtsPipelineDataSource{} }

type codeArtsPipelineDataSource struct{ dataSourceBase }

type codeArtsPipelineDataModel struct {
	ProjectID       types.String         `tfsdk:"project_id"`
	PipelineID      types.String         `tfsdk:"pipeline_id"`
	Name            types.String         `tfsdk:"name"`
	Description     types.String         `tfsdk:"description"`
	Definition      types.String         `tfsdk:"definition"`
	IsPublish       types.Bool           `tfsdk:"is_publish"`
	ManifestVersion types.String         `tfsdk:"manifest_version"`
	GroupID         types.String         `tfsdk:"group_id"`
	VariableNames   types.List           `tfsdk:"variable_names"`
	CreatorID       types.String         `tfsdk:"creator_id"`
	CreatorName     types.String         `tfsdk:"creator_name"`
	UpdaterID       types.String         `tfsdk:"updater_id"`
	CreateTime      types.String         `tfsdk:"create_time"`
	UpdateTime      types.String         `tfsdk:"update_time"`
	DetailURL       types.String         `tfsdk:"detail_url"`
	LatestRun       *codeArtsPipelineRun `tfsdk:"latest_run"`
}

func (d *codeArtsPipelineDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline"
}

func (d *codeArtsPipelineDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One CodeArts pipeline by id (`GET /v5/{project_id}/api/pipelines/{pipeline_id}`) with its latest run " +
			"(the newest by start time, one `pipeline-runs/list` request of one run): the look-up to do before triggering it, " +
			"e.g. to see whether a run is still going. Two requests per read. A pipeline that does not exist is an error.",
		Attributes: map[string]schema.Attribute{
			"project_id":       codeArtsID("CodeArts project id (32 characters)."),
			"pipeline_id":      codeArtsID("Pipeline id (32 characters), e.g. `cicd_codearts_pipeline.x.id`."),
			"name":             str("Pipeline name."),
			"description":      str("Description."),
			"definition":       str("The orchestration JSON, as the service returns it."),
			"is_publish":       schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is a change (release) pipeline."},
			"manifest_version": str("Definition structure version."),
			"group_id":         str("Pipeline group id; null when in no group."),
			"variable_names": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Names of the custom variables, in order (what `cicd_codearts_pipeline_run.parameters` takes)."},
			"creator_id":   str("User id of the creator."),
			"creator_name": str("User name of the creator."),
			"updater_id":   str("User id of the last updater."),
			"create_time":  str("Creation time (RFC 3339)."),
			"update_time":  str("Last update time (RFC 3339)."),
			"detail_url":   str("Console page of the pipeline."),
			"latest_run": schema.SingleNestedAttribute{Computed: true, Attributes: pipelineRunAttributes(),
				MarkdownDescription: "The newest run (status, run number, start and end times, …); null when the pipeline never ran."},
		},
	}
}

func (d *codeArtsPipelineDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m codeArtsPipelineDataModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	project, id := m.ProjectID.ValueString(), m.PipelineID.ValueString()
	p, err := client.GetPipelineV5(ctx, project, id)
	if err != nil {
		addPipelineAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read CodeArts pipeline %s", id), err)
		return
	}
	latest, _, err := client.LatestPipelineRun(ctx, project, id, codearts.PipelineRunFilter{})
	if err != nil {
		addPipelineAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the latest run of CodeArts pipeline %s", id), err)
		return
	}
	m.Name, m.Description, m.Definition = types.StringValue(p.Name), types.StringValue(p.Description), types.StringValue(p.Definition)
	m.IsPublish, m.ManifestVersion, m.GroupID = types.BoolValue(p.IsPublish), types.StringValue(p.ManifestVersion), strOrNull(p.GroupID)
	m.CreatorID, m.CreatorName, m.UpdaterID = types.StringValue(p.CreatorID), types.StringValue(p.CreatorName), types.StringValue(p.UpdaterID)
	m.CreateTime, m.UpdateTime = types.StringValue(msTime(p.CreateTime)), types.StringValue(msTime(p.UpdateTime))
	m.DetailURL = types.StringValue(codearts.PipelineConsoleURL(client.Region(), project, id))
	names := []string{}
	for _, v := range sortedVariables(p.Variables) {
		names = append(names, v.Name)
	}
	l, diags := types.ListValueFrom(ctx, types.StringType, names)
	resp.Diagnostics.Append(diags...)
	m.VariableNames = l
	m.LatestRun = nil
	if latest != nil {
		r := pipelineRunModel(*latest)
		m.LatestRun = &r
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
