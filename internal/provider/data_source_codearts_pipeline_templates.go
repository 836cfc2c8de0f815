package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var _ datasource.DataSourceWithConfigure = (*pipelineTemplatesDataSource)(nil)

func newPipelineTemplatesDataSource() datasource.DataSource { return &pipelineTemplatesDataSource{} }

type pipelineTemplatesDataSource struct{ dataSourceBase }

type pipelineTemplatesModel struct {
	Name      types.String          `tfsdk:"name"`
	Language  types.String          `tfsdk:"language"`
	IsSystem  types.Bool            `tfsdk:"is_system"`
	SortKey   types.String          `tfsdk:"sort_key"`
	SortDir   types.String          `tfsdk:"sort_dir"`
	Limit     types.Int64           `tfsdk:"limit"`
	Total     types.Int64           `tfsdk:"total"`
	Templates []pipelineTemplateRow `tfsdk:"templates"`
}

type pipelineTemplateRow struct {
	ID              types.String       `tfsdk:"id"`
	Name            types.String       `tfsdk:"name"`
	Icon            types.String       `tfsdk:"icon"`
	ManifestVersion types.String       `tfsdk:"manifest_version"`
	Language        types.String       `tfsdk:"language"`
	Description     types.String       `tfsdk:"description"`
	IsSystem        types.Bool         `tfsdk:"is_system"`
	Region          types.String       `tfsdk:"region"`
	DomainID        types.String       `tfsdk:"domain_id"`
	CreatorID       types.String       `tfsdk:"creator_id"`
	CreatorName     types.String       `tfsdk:"creator_name"`
	UpdaterID       types.String       `tfsdk:"updater_id"`
	IsFavorite      types.Bool         `tfsdk:"is_favorite"`
	IsShowSource    types.Bool         `tfsdk:"is_show_source"`
	Stages          []templateStageRow `tfsdk:"stages"`
}

type templateStageRow struct {
	Name     types.String `tfsdk:"name"`
	Sequence types.Int64  `tfsdk:"sequence"`
}

// templateFilters are the string filters of POST
// /v5/{domain_id}/api/pipeline-templates/list, shared by the data source and
// the list resource: attribute name, description, validators.
var templateFilters = []struct {
	name, desc string
	validators []validator.String
}{
	{"name", "Fuzzy match on the template name.", []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
	{"language", "Only templates of this language: `java`, `python`, `nodejs`, `go`, `net`, `cpp`, `php`, `other`, `none`.",
		[]validator.String{stringvalidator.OneOfCaseInsensitive(codearts.TemplateLanguages...)}},
	{"sort_key", "Field to sort on, such as `name`, `create_time` or `update_time` (the service decides which it accepts).",
		[]validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
	{"sort_dir", "Sort direction: `asc` or `desc`.", []validator.String{stringvalidator.OneOf(codearts.SortDirections...)}},
}

// templateFilter is the list request of those filters.
func templateFilter(name, language, sortKey, sortDir types.String) codearts.TemplateFilter {
	return codearts.TemplateFilter{Name: name.ValueString(), Language: language.ValueString(),
		SortKey: sortKey.ValueString(), SortDir: sortDir.ValueString()}
}

// defaultTemplatesLimit is how many templates are read when limit is not set.
const defaultTemplatesLimit = 100

func (d *pipelineTemplatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_templates"
}

func (d *pipelineTemplatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the pipeline templates of the account (custom and system) with the filters of " +
			"`POST /v5/{domain_id}/api/pipeline-templates/list`, paging up to `limit` templates.",
		Attributes: map[string]schema.Attribute{
			"is_system": schema.BoolAttribute{Optional: true,
				MarkdownDescription: "`true`: only system templates; `false`: only custom templates; unset: both."},
			"limit": schema.Int64Attribute{Optional: true,
				MarkdownDescription: fmt.Sprintf("Most templates to return (1–5000, the per-tenant quota). Default `%d`.", defaultTemplatesLimit),
				Validators:          []validator.Int64{int64validator.Between(1, 5000)}},
			"total": schema.Int64Attribute{Computed: true, MarkdownDescription: "How many templates match, as the service counts them (may exceed `limit`)."},
			"templates": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching templates, in the service's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               computed("Template id."),
					"name":             computed("Template name."),
					"icon":             computed("Icon."),
					"manifest_version": computed("Manifest version."),
					"language":         computed("Language."),
					"description":      computed("Description."),
					"is_system":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is a system template."},
					"region":           computed("Region."),
					"domain_id":        computed("Owning account (domain) id; empty for system templates."),
					"creator_id":       computed("Creator user id."),
					"creator_name":     computed("Creator user name."),
					"updater_id":       computed("Last updater user id."),
					"is_favorite":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the calling user marked it as a favourite (`is_collect`)."},
					"is_show_source":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether pipelines created from it show the pipeline source."},
					"stages": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Stages of the template's definition.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":     computed("Stage name."),
							"sequence": schema.Int64Attribute{Computed: true, MarkdownDescription: "Stage position."},
						}}},
				}},
			},
		},
	}
	for _, f := range templateFilters {
		resp.Schema.Attributes[f.name] = schema.StringAttribute{Optional: true, MarkdownDescription: f.desc, Validators: f.validators}
	}
}

func (d *pipelineTemplatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m pipelineTemplatesModel
	client := readCodeArtsConfig(ctx, d.data, req.Config, &m, &resp.Diagnostics)
	if client == nil {
		return
	}
	f := templateFilter(m.Name, m.Language, m.SortKey, m.SortDir)
	if !m.IsSystem.IsNull() {
		v := m.IsSystem.ValueBool()
		f.IsSystem = &v
	}
	limit := defaultTemplatesLimit
	if !m.Limit.IsNull() {
		limit = int(m.Limit.ValueInt64())
	}
	rows, stats, err := client.ListTemplates(ctx, f, limit)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot list pipeline templates", err)
		return
	}
	m.Total = types.Int64Value(int64(stats.Total))
	m.Templates = make([]pipelineTemplateRow, 0, len(rows))
	for _, r := range rows {
		row := pipelineTemplateRow{
			ID: types.StringValue(r.ID), Name: types.StringValue(r.Name), Icon: types.StringValue(r.Icon),
			ManifestVersion: types.StringValue(r.ManifestVersion), Language: types.StringValue(r.Language),
			Description: types.StringValue(r.Description), IsSystem: types.BoolValue(r.IsSystem),
			Region: types.StringValue(r.Region), DomainID: types.StringValue(r.DomainID),
			CreatorID: types.StringValue(r.CreatorID), CreatorName: types.StringValue(r.CreatorName),
			UpdaterID: types.StringValue(r.UpdaterID), IsFavorite: types.BoolValue(bool(r.IsCollect)),
			IsShowSource: types.BoolValue(bool(r.IsShowSource)), Stages: make([]templateStageRow, 0, len(r.Stages)),
		}
		for _, s := range r.Stages {
			row.Stages = append(row.Stages, templateStageRow{Name: types.StringValue(s.Name), Sequence: types.Int64Value(int64(s.Sequence))})
		}
		m.Templates = append(m.Templates, row)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
