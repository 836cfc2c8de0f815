package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ list.ListResourceWithConfigure = (*pipelineListResource)(nil)

func newPipelineListResource() list.ListResource { return &pipelineListResource{} }

// pipelineListResource lists CodeArts pipelines for `terraform query`, with
// the v3 pipeline list the cicd_codearts_pipelines data source uses.
type pipelineListResource struct{ listResourceBase }

type pipelineListModel struct {
	ProjectIDs types.List   `tfsdk:"project_ids"`
	Name       types.String `tfsdk:"name"`
}

func (l *pipelineListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline"
}

func (l *pipelineListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists CodeArts pipelines (`POST /v3/pipelines/list`, %d per request) with their identities, "+
			"for `terraform query`; `-generate-config-out` reads each pipeline's v5 detail to write its configuration. "+
			"The list block's `limit` (Terraform's default 100) bounds how many are returned.", codearts.PipelineListPageMax),
		Attributes: map[string]schema.Attribute{
			"project_ids": schema.ListAttribute{ElementType: types.StringType, Optional: true,
				MarkdownDescription: "CodeArts project ids (1–10, 32 hexadecimal characters each). Without it, pipelines of every project the user may see are listed.",
				Validators: []validator.List{listvalidator.SizeBetween(1, 10), listvalidator.ValueStringsAre(
					stringvalidator.RegexMatches(pipelineHexIDPattern, "must be a CodeArts project's 32-character hexadecimal id"))}},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Fuzzy match on the pipeline name.",
				Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
		},
	}
}

func (l *pipelineListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m pipelineListModel
	c := listCodeArts(ctx, l.data, req, &m, stream)
	if c == nil {
		return
	}
	var diags diag.Diagnostics
	f := codearts.PipelineFilter{Name: m.Name.ValueString(), ProjectIDs: stringsFrom(ctx, m.ProjectIDs, &diags)}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	rows, _, err := c.ListPipelines(ctx, f, listLimit(req))
	if err != nil {
		listFailed(stream, "Cannot list CodeArts pipelines", err)
		return
	}
	stream.Results = listRows(ctx, req, rows,
		func(row codearts.PipelineBasicInfo) (string, any) {
			return row.PipelineName, newPipelineIdentity(row.ProjectID, row.PipelineID)
		},
		func(row codearts.PipelineBasicInfo, diags *diag.Diagnostics) any {
			p, err := c.GetPipelineV5(ctx, row.ProjectID, row.PipelineID)
			if err != nil {
				addAPIError(diags, fmt.Sprintf("Cannot read pipeline %s (%s)", row.PipelineID, row.PipelineName), err)
				return nil
			}
			pm := pipelineModel{ProjectID: types.StringValue(row.ProjectID), SecretValues: types.MapNull(types.StringType),
				ConcurrencyControl: types.ObjectNull(pipelineConcurrencyAttrTypes)}
			pm.apply(ctx, c.Region(), p, diags)
			return &pm
		})
}
