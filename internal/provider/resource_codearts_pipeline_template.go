package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var (
	_ resource.ResourceWithConfigure      = (*pipelineTemplateResource)(nil)
	_ resource.ResourceWithImportState    = (*pipelineTemplateResource)(nil)
	_ resource.ResourceWithValidateConfig = (*pipelineTemplateResource)(nil)
	_ resource.ResourceWithIdentity       = (*pipelineTemplateResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*pipelineTemplateResource)(nil)
)

func newPipelineTemplateResource() resource.Resource { return &pipelineTemplateResource{} }

type pipelineTemplateResource struct{ data *providerData }

type pipelineTemplateModel struct {
	ID                    types.String         `tfsdk:"id"`
	Name                  types.String         `tfsdk:"name"`
	Language              types.String         `tfsdk:"language"`
	Description           types.String         `tfsdk:"description"`
	Definition            jsontypes.Normalized `tfsdk:"definition"`
	Variables             types.List           `tfsdk:"variables"`
	SecretValues          types.Map            `tfsdk:"secret_variable_values"`
	SecretValuesWO        types.Map            `tfsdk:"secret_variable_values_wo"`
	SecretValuesWOVersion types.Int64          `tfsdk:"secret_variable_values_wo_version"`
	IsShowSource          types.Bool           `tfsdk:"is_show_source"`
	IsFavorite            types.Bool           `tfsdk:"is_favorite"`
	CreateTime            types.String         `tfsdk:"create_time"`
	UpdateTime            types.String         `tfsdk:"update_time"`
	CreatorID             types.String         `tfsdk:"creator_id"`
	UpdaterID             types.String         `tfsdk:"updater_id"`
	ManifestVersion       types.String         `tfsdk:"manifest_version"`
	Icon                  types.String         `tfsdk:"icon"`
	IsSystem              types.Bool           `tfsdk:"is_system"`
}

// pipelineTemplateIdentity names a template: the account that owns it and
// its id, the two path parameters of
// /v5/{tenant_id}/api/pipeline-templates/{template_id} (SDK
// ShowPipelineTemplateDetailRequest: TenantId, TemplateId). The tenant is the
// account's domain id, so the attribute is domain_id as in the provider's
// codearts.domain_id.
type pipelineTemplateIdentity struct {
	DomainID   types.String `tfsdk:"domain_id"`
	TemplateID types.String `tfsdk:"template_id"`
}

// templateNameMax: the docs give no template name limit; 128 is the
// pipeline name limit (open question).
const templateNameMax = 128

func (r *pipelineTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_template"
}

func (r *pipelineTemplateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computedStr := func(desc string, stable bool) schema.StringAttribute {
		a := schema.StringAttribute{Computed: true, MarkdownDescription: desc}
		if stable {
			a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
		}
		return a
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A custom CodeArts pipeline template of the account (tenant-level; the tenant is the account's domain id, " +
			"`codearts.domain_id` or looked up once). Managed with the v5 API `/v5/{domain_id}/api/pipeline-templates`: " +
			"updates replace the whole template with one `PUT`.\n\n" +
			secretVariablesDoc + "\n\n" +
			"Import with the template id (`terraform import cicd_codearts_pipeline_template.example <template_id>`), or, with Terraform 1.12 or later, " +
			"an `import` block whose `identity` sets `domain_id` and `template_id`. The `cicd_codearts_pipeline_template` list resource " +
			"finds existing templates for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"id": computedStr("Template id.", true),
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: fmt.Sprintf("Template name (1–%d characters).", templateNameMax),
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, templateNameMax), notBlank}},
			"language": schema.StringAttribute{Required: true,
				MarkdownDescription: "Language: one of `java`, `python`, `nodejs`, `go`, `net`, `cpp`, `php`, `other`, `none`.",
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(codearts.TemplateLanguages...)}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Description (at most 1024 characters).",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(1024)}},
			"definition": schema.StringAttribute{Required: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "The orchestration as a JSON object with a `stages` array of stage objects (use `jsonencode`); `null`, arrays, strings and numbers are refused at plan. Compared semantically: " +
					"the service re-formatting or re-ordering it does not show a diff.",
				Validators: []validator.String{pipelineDefinition()}},
			"is_show_source": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether pipelines created from the template show the pipeline source. Default `false`."},
			"is_favorite": schema.BoolAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Whether the template is a favourite of the calling user. Read back from the service (`is_collect`).",
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
			"create_time":      computedStr("Creation time (RFC 3339).", true),
			"update_time":      computedStr("Last update time (RFC 3339).", false),
			"creator_id":       computedStr("User id of the creator.", true),
			"updater_id":       computedStr("User id of the last updater.", false),
			"manifest_version": computedStr("Manifest version (e.g. `3.0`).", true),
			"icon":             computedStr("Template icon.", true),
			"is_system": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is a system template (always `false` for templates created here).",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
		},
	}
	for k, a := range variableAttributes("template", false) {
		resp.Schema.Attributes[k] = a
	}
}

func (r *pipelineTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"domain_id":   identityString("Account (domain) id owning the template, the API's tenant id: the provider's `codearts.domain_id`."),
		"template_id": identityString("Template id."),
	}}
}

// templateIdentity is the identity of template id of the account c works in.
func templateIdentity(ctx context.Context, c *codearts.Client, id string, diags *diag.Diagnostics) pipelineTemplateIdentity {
	domain, err := c.DomainID(ctx)
	if err != nil {
		addAPIError(diags, "Cannot look up the account (domain) id of the pipeline template", err)
	}
	return pipelineTemplateIdentity{DomainID: types.StringValue(domain), TemplateID: types.StringValue(id)}
}

// ValidateConfig checks what single-attribute validators cannot: unique
// variable names, secret variables without a plain value, and secret value
// keys naming secret variables.
func (r *pipelineTemplateResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m pipelineTemplateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	validateVariables(ctx, req.Config, m.Variables, true, &resp.Diagnostics)
}

// ModifyPlan reports a missing CodeArts configuration before apply.
func (r *pipelineTemplateResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.platformMissingAtPlan(platformCodeArts)...)
	}
}

func (r *pipelineTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *pipelineTemplateResource) client(diags *diag.Diagnostics) *codearts.Client {
	c, d := r.data.CodeArts()
	diags.Append(d...)
	return c
}

// templateInput builds the request from the plan plus the secret values
// (write-only ones come from the configuration).
func templateInput(ctx context.Context, m pipelineTemplateModel, secrets map[string]string, diags *diag.Diagnostics) codearts.TemplateInput {
	in := codearts.TemplateInput{
		Name: m.Name.ValueString(), Description: m.Description.ValueString(), Language: m.Language.ValueString(),
		Definition: m.Definition.ValueString(), IsShowSource: m.IsShowSource.ValueBool(),
	}
	in.Variables = variablesInput(ctx, m.Variables, secrets, diags)
	return in
}

// applyTemplate copies a template detail into the model. Secret values and
// the write-only version are not readable and keep their prior values.
func applyTemplate(ctx context.Context, t *codearts.Template, m *pipelineTemplateModel, diags *diag.Diagnostics) {
	m.ID = types.StringValue(t.ID)
	m.Name = types.StringValue(t.Name)
	m.Language = types.StringValue(t.Language)
	m.Description = types.StringValue(t.Description)
	m.Definition = jsontypes.NewNormalizedValue(t.Definition)
	m.IsShowSource = types.BoolValue(t.IsShowSource)
	m.IsFavorite = types.BoolValue(bool(t.IsCollect))
	m.CreateTime = types.StringValue(msTime(t.CreateTime))
	m.UpdateTime = types.StringValue(msTime(t.UpdateTime))
	m.CreatorID = types.StringValue(t.CreatorID)
	m.UpdaterID = types.StringValue(t.UpdaterID)
	m.ManifestVersion = types.StringValue(t.ManifestVersion)
	m.Icon = types.StringValue(t.Icon)
	m.IsSystem = types.BoolValue(t.IsSystem)
	m.SecretValuesWO = types.MapNull(types.StringType)
	m.Variables = variablesValue(ctx, t.Variables, diags)
}

// nullUnknowns replaces unknown computed values with nulls, for the state
// saved when a create fails half-way.
func (m *pipelineTemplateModel) nullUnknowns() {
	for _, s := range []*types.String{&m.CreateTime, &m.UpdateTime, &m.CreatorID, &m.UpdaterID, &m.ManifestVersion, &m.Icon} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	for _, b := range []*types.Bool{&m.IsFavorite, &m.IsSystem} {
		if b.IsUnknown() {
			*b = types.BoolNull()
		}
	}
}

func (r *pipelineTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pipelineTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := templateInput(ctx, plan, secretValuesFor(ctx, req.Config, plan.SecretValues, &resp.Diagnostics), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.CreateTemplate(ctx, in)
	if err != nil {
		err = namingInputs(err, variableRefs(plan.Variables))
		addCreateError(&resp.Diagnostics, "Cannot create the pipeline template", err, "template", in.Name, "CodeArts", "<id>")
		return
	}
	plan.ID = types.StringValue(id)
	plan.SecretValuesWO = types.MapNull(types.StringType)
	t, err := finishTemplateWrite(ctx, c, id, plan.IsFavorite, false)
	if err != nil {
		// The template exists: keep it in the state (tainted) so it is not orphaned.
		plan.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, templateIdentity(ctx, c, id, &resp.Diagnostics), &resp.Diagnostics)
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Pipeline template %s was created but could not be read back", id), err)
		return
	}
	applyTemplate(ctx, t, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, templateIdentity(ctx, c, id, &resp.Diagnostics), &resp.Diagnostics)
}

// finishTemplateWrite sets the favourite flag when asked (and not already
// so) and reads the template back.
func finishTemplateWrite(ctx context.Context, c *codearts.Client, id string, want types.Bool, current bool) (*codearts.Template, error) {
	if !want.IsNull() && !want.IsUnknown() && want.ValueBool() != current {
		if err := c.SetTemplateFavorite(ctx, id, want.ValueBool()); err != nil {
			return nil, err
		}
	}
	return c.GetTemplate(ctx, id)
}

func (r *pipelineTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pipelineTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	t, err := c.GetTemplate(ctx, state.ID.ValueString())
	if codearts.IsTemplateNotFound(err) {
		removeGone(ctx, resp, templateIdentity(ctx, c, state.ID.ValueString(), &resp.Diagnostics))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read the pipeline template", err)
		return
	}
	applyTemplate(ctx, t, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, templateIdentity(ctx, c, t.ID, &resp.Diagnostics), &resp.Diagnostics)
}

func (r *pipelineTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pipelineTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if templateBodyChanged(plan, state) {
		in := templateInput(ctx, plan, secretValuesFor(ctx, req.Config, plan.SecretValues, &resp.Diagnostics), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if err := c.UpdateTemplate(ctx, id, in); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot update the pipeline template", namingInputs(err, variableRefs(plan.Variables)))
			return
		}
	}
	t, err := finishTemplateWrite(ctx, c, id, plan.IsFavorite, state.IsFavorite.ValueBool())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot update the pipeline template", err)
		return
	}
	applyTemplate(ctx, t, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, templateIdentity(ctx, c, id, &resp.Diagnostics), &resp.Diagnostics)
}

// templateBodyChanged reports whether anything the PUT body carries changed.
func templateBodyChanged(plan, state pipelineTemplateModel) bool {
	return !plan.Name.Equal(state.Name) || !plan.Language.Equal(state.Language) ||
		!plan.Description.Equal(state.Description) || !definitionEqual(plan.Definition, state.Definition) ||
		!plan.Variables.Equal(state.Variables) || !plan.SecretValues.Equal(state.SecretValues) ||
		!plan.SecretValuesWOVersion.Equal(state.SecretValuesWOVersion) || !plan.IsShowSource.Equal(state.IsShowSource)
}

func definitionEqual(a, b jsontypes.Normalized) bool {
	if a.Equal(b) {
		return true
	}
	eq, d := a.StringSemanticEquals(context.Background(), b)
	return !d.HasError() && eq
}

func (r *pipelineTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pipelineTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if err := deleteIdempotent(func() error { return c.DeleteTemplate(ctx, id) }, codearts.IsTemplateNotFound); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot delete the pipeline template", err)
	}
}

// ImportState takes the template id, or an identity naming the account the
// provider works in (templates are read through that account's domain).
func (r *pipelineTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	parseID := func(id string) (pipelineTemplateIdentity, diag.Diagnostic) {
		return templateIdentity(ctx, c, id, &resp.Diagnostics), nil
	}
	check := func(t pipelineTemplateIdentity) diag.Diagnostic {
		if strings.TrimSpace(t.TemplateID.ValueString()) == "" {
			return diag.NewErrorDiagnostic("Invalid import identity", "template_id is empty: set it to the id of the pipeline template to import.")
		}
		if resp.Diagnostics.HasError() {
			return nil // the domain look-up failed and said why
		}
		domain, err := c.DomainID(ctx)
		if err != nil {
			return diag.NewErrorDiagnostic("Cannot look up the account (domain) id", apiErrorDetail(err))
		}
		if t.DomainID.ValueString() != domain {
			return diag.NewErrorDiagnostic("Pipeline template of another account",
				fmt.Sprintf("The identity's domain_id is %q, but the provider works in account %q: pipeline templates are read through "+
					"the account that owns them. Configure the provider for account %q (codearts.domain_id and its credentials), or fix domain_id.",
					t.DomainID.ValueString(), domain, t.DomainID.ValueString()))
		}
		return nil
	}
	t, ok := importTarget(ctx, req, &resp.Diagnostics, parseID, check)
	if !ok || resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), t.TemplateID)...)
	setIdentity(ctx, resp.Identity, t, &resp.Diagnostics)
}

// pipelineDefinition validates a template's definition: a JSON object
// (not null, an array, a string or a number) whose "stages" is an array of
// stage objects, the orchestration shape the v5 template API documents.
// Invalid JSON is reported by the JSON type.
func pipelineDefinition() validator.String { return pipelineDefinitionValidator{} }

type pipelineDefinitionValidator struct{}

func (pipelineDefinitionValidator) Description(context.Context) string {
	return `must be a JSON object with a "stages" array of stage objects`
}
func (v pipelineDefinitionValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (pipelineDefinitionValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if !json.Valid([]byte(s)) {
		return // reported by the JSON type
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(s), &m) != nil || m == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON object",
			fmt.Sprintf("The value must be a JSON object such as jsonencode({ stages = [...] }), not %s.", jsonKind(s)))
		return
	}
	var stages []map[string]json.RawMessage
	if raw, ok := m["stages"]; !ok || json.Unmarshal(raw, &stages) != nil || stages == nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid pipeline definition",
			`The definition must have a "stages" member: an array of stage objects (it may be empty), such as jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] }).`)
	}
}

// jsonKind names the kind of a valid JSON text, for diagnostics.
func jsonKind(s string) string {
	t := strings.TrimSpace(s)
	switch {
	case t == "null":
		return "null"
	case strings.HasPrefix(t, "["):
		return "an array"
	case strings.HasPrefix(t, `"`):
		return "a string"
	case t == "true" || t == "false":
		return "a boolean"
	}
	return "a number"
}
