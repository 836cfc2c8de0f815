package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ list.ListResourceWithConfigure = (*pipelineTemplateListResource)(nil)

func newPipelineTemplateListResource() list.ListResource { return &pipelineTemplateListResource{} }

// pipelineTemplateListResource lists the account's pipeline templates for
// `terraform query`, with the filters of cicd_codearts_pipeline_templates.
type pipelineTemplateListResource struct{ listResourceBase }

type pipelineTemplateListModel struct {
	Name     types.String `tfsdk:"name"`
	Language types.String `tfsdk:"language"`
	IsSystem types.Bool   `tfsdk:"is_system"`
	SortKey  types.String `tfsdk:"sort_key"`
	SortDir  types.String `tfsdk:"sort_dir"`
}

func (l *pipelineTemplateListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_template"
}

func (l *pipelineTemplateListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's pipeline templates (`POST /v5/{domain_id}/api/pipeline-templates/list`, " +
			fmt.Sprintf("%d per request) with their identities, for `terraform query`; ", codearts.TemplateListPageMax) +
			"`-generate-config-out` reads each template's detail to write its configuration. " +
			"The filters are those of the `cicd_codearts_pipeline_templates` data source. " +
			"The list block's `limit` (Terraform's default 100) bounds how many are returned.",
		Attributes: map[string]schema.Attribute{
			"is_system": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`false` (the default): only the account's custom templates, the ones `cicd_codearts_pipeline_template` manages; " +
					"`true`: only system templates (CodeArts' own, listed for audit, their display names marked \"(system template)\": CodeArts refuses changes to them)."},
		},
	}
	for _, f := range templateFilters {
		resp.Schema.Attributes[f.name] = schema.StringAttribute{Optional: true, MarkdownDescription: f.desc, Validators: f.validators}
	}
}

func (l *pipelineTemplateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m pipelineTemplateListModel
	c := listCodeArts(ctx, l.data, req, &m, stream)
	if c == nil {
		return
	}
	system := m.IsSystem.ValueBool() // unset: custom templates only
	f := templateFilter(m.Name, m.Language, m.SortKey, m.SortDir)
	f.IsSystem = &system
	rows, _, err := c.ListTemplates(ctx, f, listLimit(req))
	if err != nil {
		listFailed(stream, "Cannot list pipeline templates", err)
		return
	}
	domain, err := c.DomainID(ctx) // known by now: the listing's path has it
	if err != nil {
		listFailed(stream, "Cannot look up the account (domain) id of the pipeline templates", err)
		return
	}
	stream.Results = listRows(ctx, req, rows,
		func(row codearts.TemplateSummary) (string, any) {
			name := row.Name
			if row.IsSystem {
				name += " (system template)" // listed for audit; CodeArts refuses changes to it
			}
			return name, pipelineTemplateIdentity{DomainID: types.StringValue(domain), TemplateID: types.StringValue(row.ID)}
		},
		func(row codearts.TemplateSummary, diags *diag.Diagnostics) any {
			// The list rows lack the definition and variables: read the detail.
			t, err := c.GetTemplate(ctx, row.ID)
			if err != nil {
				addAPIError(diags, fmt.Sprintf("Cannot read pipeline template %s (%s)", row.ID, row.Name), err)
				return nil
			}
			tm := pipelineTemplateModel{SecretValues: types.MapNull(types.StringType)}
			applyTemplate(ctx, t, &tm, diags)
			return &tm
		})
}
