package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

type templateVariableModel struct {
	Name        types.String `tfsdk:"name"`
	Type        types.String `tfsdk:"type"`
	Value       types.String `tfsdk:"value"`
	Description types.String `tfsdk:"description"`
	IsRuntime   types.Bool   `tfsdk:"is_runtime"`
	IsSecret    types.Bool   `tfsdk:"is_secret"`
	Limits      types.List   `tfsdk:"limits"`
}

var templateVariableAttrTypes = map[string]attr.Type{
	"name": types.StringType, "type": types.StringType, "value": types.StringType, "description": types.StringType,
	"is_runtime": types.BoolType, "is_secret": types.BoolType, "limits": types.ListType{ElemType: types.StringType},
}

var templateVariableNameRegexp = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

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
			"**Secret variables.** A variable with `is_secret = true` takes its value from `secret_variable_values_wo` " +
			"(write-only, Terraform 1.11 and later: never stored in the plan or state; bump `secret_variable_values_wo_version` " +
			"to send new values) or from `secret_variable_values` (sensitive: hidden in plan output but stored in the state). " +
			"Its `value` must stay unset. Secret values are masked in the provider's logs. The service does not return secret values, " +
			"so a change made outside Terraform is not detected.\n\n" +
			"Import with the template id: `terraform import cicd_codearts_pipeline_template.example <template_id>`.",
		Attributes: map[string]schema.Attribute{
			"id": computedStr("Template id.", true),
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: fmt.Sprintf("Template name (1–%d characters).", templateNameMax),
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, templateNameMax), notBlank}},
			"language": schema.StringAttribute{Required: true,
				MarkdownDescription: "Language: one of `java`, `python`, `nodejs`, `go`, `net`, `cpp`, `php`, `other`, `none`.",
				Validators:          []validator.String{stringvalidator.OneOf(codearts.TemplateLanguages...)}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: "Description (at most 1024 characters).",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(1024)}},
			"definition": schema.StringAttribute{Required: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "The orchestration as a JSON object with a `stages` array of stage objects (use `jsonencode`); `null`, arrays, strings and numbers are refused at plan. Compared semantically: " +
					"the service re-formatting or re-ordering it does not show a diff.",
				Validators: []validator.String{pipelineDefinition()}},
			"variables": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "Custom variables, in order (their `sequence` is their position, from 1).",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Required: true,
						MarkdownDescription: "Variable name: 1–128 letters, digits or underscores, unique in the template.",
						Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, codearts.TemplateVariableNameMax),
							stringvalidator.RegexMatches(templateVariableNameRegexp, "must contain only letters, digits and underscores")}},
					"type": schema.StringAttribute{Required: true,
						MarkdownDescription: "Type: `string`, `enum` or `autoIncrement`.",
						Validators:          []validator.String{stringvalidator.OneOf(codearts.TemplateVariableTypes...)}},
					"value": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
						MarkdownDescription: "Default value (at most 8192 characters). Must not be set when `is_secret` is true: " +
							"use `secret_variable_values_wo` or `secret_variable_values`.",
						Validators: []validator.String{stringvalidator.UTF8LengthAtMost(codearts.TemplateVariableValueMax)}},
					"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
						MarkdownDescription: "Description (at most 1024 characters).",
						Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(codearts.TemplateVariableDescriptionMax)}},
					"is_runtime": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Whether the value can be set when a run starts. Default `false`."},
					"is_secret": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Whether the value is secret. Default `false`. See the secret variables note above."},
					"limits": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Allowed values of an `enum` variable (each at most 1024 characters).",
						Validators: []validator.List{listvalidator.SizeAtLeast(1),
							listvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(codearts.TemplateVariableLimitMax))}},
				}},
			},
			"secret_variable_values": schema.MapAttribute{Optional: true, Sensitive: true, ElementType: types.StringType,
				MarkdownDescription: "Values of secret variables, by variable name. Sensitive: hidden in plan output, but stored in the state. " +
					"Prefer `secret_variable_values_wo`. Conflicts with it.",
				Validators: []validator.Map{mapvalidator.ConflictsWith(path.MatchRoot("secret_variable_values_wo"))}},
			"secret_variable_values_wo": schema.MapAttribute{Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType,
				MarkdownDescription: "Values of secret variables, by variable name. Write-only (Terraform 1.11+): sent to the service " +
					"but never stored in the plan or state. Terraform cannot see changes to it: change `secret_variable_values_wo_version` " +
					"to send new values."},
			"secret_variable_values_wo_version": schema.Int64Attribute{Optional: true,
				MarkdownDescription: "Any number; change it to send `secret_variable_values_wo` again (an in-place update).",
				Validators:          []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_variable_values_wo"))}},
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
	if m.Variables.IsUnknown() {
		return
	}
	vars := variablesFrom(ctx, m.Variables, &resp.Diagnostics)
	secret := map[string]bool{}
	known := true
	seen := map[string]int{}
	for i, v := range vars {
		p := path.Root("variables").AtListIndex(i)
		if v.Name.IsUnknown() || v.IsSecret.IsUnknown() {
			known = false
			continue
		}
		name := v.Name.ValueString()
		if j, dup := seen[name]; dup {
			resp.Diagnostics.AddAttributeError(p.AtName("name"), "Duplicate variable name",
				fmt.Sprintf("Variable %q is also declared at variables[%d]; names must be unique.", name, j))
		}
		seen[name] = i
		if v.IsSecret.ValueBool() {
			secret[name] = true
			if !v.Value.IsNull() {
				resp.Diagnostics.AddAttributeError(p.AtName("value"), "Secret variable with a plain value",
					fmt.Sprintf("Variable %q is secret, so its value must not be written in variables (it would show in plans). "+
						"Set it in secret_variable_values_wo (write-only) or secret_variable_values (sensitive) instead.", name))
			}
		}
	}
	if !known {
		return
	}
	for _, attrName := range []string{"secret_variable_values", "secret_variable_values_wo"} {
		var mv types.Map
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(attrName), &mv)...)
		if mv.IsNull() || mv.IsUnknown() {
			continue
		}
		for k := range mv.Elements() {
			if !secret[k] {
				resp.Diagnostics.AddAttributeError(path.Root(attrName).AtMapKey(k), "Not a secret variable",
					fmt.Sprintf("%q is not the name of a variable with is_secret = true.", k))
			}
		}
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

func variablesFrom(ctx context.Context, l types.List, diags *diag.Diagnostics) []templateVariableModel {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []templateVariableModel
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

// templateInput builds the request from the plan plus the secret values
// (write-only ones come from the configuration).
func templateInput(ctx context.Context, m pipelineTemplateModel, secrets map[string]string, diags *diag.Diagnostics) codearts.TemplateInput {
	in := codearts.TemplateInput{
		Name: m.Name.ValueString(), Description: m.Description.ValueString(), Language: m.Language.ValueString(),
		Definition: m.Definition.ValueString(), IsShowSource: m.IsShowSource.ValueBool(),
	}
	for i, v := range variablesFrom(ctx, m.Variables, diags) {
		tv := codearts.TemplateVariable{
			Name: v.Name.ValueString(), Sequence: i + 1, Type: v.Type.ValueString(), Value: v.Value.ValueString(),
			IsSecret: v.IsSecret.ValueBool(), Description: v.Description.ValueString(), IsRuntime: v.IsRuntime.ValueBool(),
			Limits: stringsFrom(ctx, v.Limits, diags),
		}
		if tv.IsSecret {
			tv.Value = secrets[tv.Name]
		}
		in.Variables = append(in.Variables, tv)
	}
	return in
}

// secretValuesFor returns the secret values to send: the write-only map
// from the configuration, else the sensitive map from the plan.
func secretValuesFor(ctx context.Context, config interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}, plan pipelineTemplateModel, diags *diag.Diagnostics) map[string]string {
	var wo types.Map
	diags.Append(config.GetAttribute(ctx, path.Root("secret_variable_values_wo"), &wo)...)
	src := plan.SecretValues
	if !wo.IsNull() && !wo.IsUnknown() {
		src = wo
	}
	out := map[string]string{}
	if !src.IsNull() && !src.IsUnknown() {
		diags.Append(src.ElementsAs(ctx, &out, false)...)
	}
	return out
}

// msTime renders the service's epoch-millisecond times as RFC 3339 ("" for 0).
func msTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
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
	if len(t.Variables) == 0 {
		m.Variables = types.ListNull(types.ObjectType{AttrTypes: templateVariableAttrTypes})
		return
	}
	vars := make([]templateVariableModel, 0, len(t.Variables))
	for _, v := range sortedVariables(t.Variables) {
		vm := templateVariableModel{
			Name: types.StringValue(v.Name), Type: types.StringValue(v.Type), Value: types.StringValue(v.Value),
			Description: types.StringValue(v.Description), IsRuntime: types.BoolValue(v.IsRuntime),
			IsSecret: types.BoolValue(v.IsSecret), Limits: types.ListNull(types.StringType),
		}
		if v.IsSecret {
			vm.Value = types.StringValue("") // never read back (the service masks it)
		}
		if len(v.Limits) > 0 {
			l, d := types.ListValueFrom(ctx, types.StringType, v.Limits)
			diags.Append(d...)
			vm.Limits = l
		}
		vars = append(vars, vm)
	}
	l, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: templateVariableAttrTypes}, vars)
	diags.Append(d...)
	m.Variables = l
}

func sortedVariables(vs []codearts.TemplateVariable) []codearts.TemplateVariable {
	out := append([]codearts.TemplateVariable(nil), vs...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Sequence < out[j-1].Sequence; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
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
	in := templateInput(ctx, plan, secretValuesFor(ctx, req.Config, plan, &resp.Diagnostics), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := c.CreateTemplate(ctx, in)
	if err != nil {
		detail := apiErrorDetail(err)
		if mayHaveStarted(err) {
			detail += fmt.Sprintf("\n\nThe template may have been created anyway (its id never arrived, so it is not in state). "+
				"Look for a template named %q in CodeArts before applying again: import it (terraform import <address> <id>) or delete it.", in.Name)
		}
		resp.Diagnostics.AddError("Cannot create the pipeline template", detail)
		return
	}
	plan.ID = types.StringValue(id)
	plan.SecretValuesWO = types.MapNull(types.StringType)
	t, err := finishTemplateWrite(ctx, c, id, plan.IsFavorite, false)
	if err != nil {
		// The template exists: keep it in the state (tainted) so it is not orphaned.
		plan.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Pipeline template %s was created but could not be read back", id), err)
		return
	}
	applyTemplate(ctx, t, &plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
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
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read the pipeline template", err)
		return
	}
	applyTemplate(ctx, t, &state, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
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
		in := templateInput(ctx, plan, secretValuesFor(ctx, req.Config, plan, &resp.Diagnostics), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		if err := c.UpdateTemplate(ctx, id, in); err != nil {
			addAPIError(&resp.Diagnostics, "Cannot update the pipeline template", err)
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
	err := c.DeleteTemplate(ctx, state.ID.ValueString())
	if unreadable(err) {
		// The DELETE took effect or not; sending it again is safe and a
		// not-found answer proves it did.
		err = c.DeleteTemplate(ctx, state.ID.ValueString())
	}
	if err != nil && !codearts.IsTemplateNotFound(err) {
		addAPIError(&resp.Diagnostics, "Cannot delete the pipeline template", err)
	}
}

func (r *pipelineTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
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
