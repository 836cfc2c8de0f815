package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Fuzzy match on the template name.",
				Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
			"language": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Only templates of this language: `java`, `python`, `nodejs`, `go`, `net`, `cpp`, `php`, `other`, `none`.",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(codearts.TemplateLanguages...)}},
			"is_system": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`false` (the default): only the account's custom templates, the ones `cicd_codearts_pipeline_template` manages; " +
					"`true`: only system templates (CodeArts' own, listed for audit: they cannot be managed)."},
			"sort_key": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Field to sort on, such as `name`, `create_time` or `update_time` (the service decides which it accepts).",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
			"sort_dir": schema.StringAttribute{Optional: true, MarkdownDescription: "Sort direction: `asc` or `desc`.",
				Validators: []validator.String{stringvalidator.OneOf(codearts.SortDirections...)}},
		},
	}
}

func (l *pipelineTemplateListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m pipelineTemplateListModel
	c := listCodeArts(ctx, l.data, req, &m, stream)
	if c == nil {
		return
	}
	system := m.IsSystem.ValueBool() // unset: custom templates only
	f := codearts.TemplateFilter{Name: m.Name.ValueString(), Language: m.Language.ValueString(), IsSystem: &system,
		SortKey: m.SortKey.ValueString(), SortDir: m.SortDir.ValueString()}
	rows, _, err := c.ListTemplates(ctx, f, listLimit(req))
	if err != nil {
		var diags diag.Diagnostics
		addAPIError(&diags, "Cannot list pipeline templates", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		var diags diag.Diagnostics
		domain := templateIdentity(ctx, c, "", &diags).DomainID
		if diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
			return
		}
		for _, row := range rows {
			res := req.NewListResult(ctx)
			res.DisplayName = row.Name
			res.Diagnostics.Append(res.Identity.Set(ctx, pipelineTemplateIdentity{DomainID: domain, TemplateID: types.StringValue(row.ID)})...)
			if req.IncludeResource && !res.Diagnostics.HasError() {
				// The list rows lack the definition and variables: read the detail.
				t, err := c.GetTemplate(ctx, row.ID)
				if err != nil {
					addAPIError(&res.Diagnostics, fmt.Sprintf("Cannot read pipeline template %s (%s)", row.ID, row.Name), err)
				} else {
					var tm pipelineTemplateModel
					applyTemplate(ctx, t, &tm, &res.Diagnostics)
					tm.SecretValues = types.MapNull(types.StringType)
					res.Diagnostics.Append(res.Resource.Set(ctx, &tm)...)
				}
			}
			if !push(res) {
				return
			}
		}
	}
}
