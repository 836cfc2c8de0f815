package provider

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

// The custom variables (CustomVariable) of pipeline templates and
// pipelines, and their secret values: one schema, one validation, one
// conversion, shared by cicd_codearts_pipeline_template and
// cicd_codearts_pipeline.

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

// secretVariablesDoc is the "Secret variables" paragraph of a type's page.
const secretVariablesDoc = "**Secret variables.** A variable with `is_secret = true` takes its value from `secret_variable_values_wo` " +
	"(write-only, Terraform 1.11 and later: never stored in the plan or state; bump `secret_variable_values_wo_version` " +
	"to send new values) or from `secret_variable_values` (sensitive: hidden in plan output but stored in the state). " +
	"Its `value` must stay unset. Secret values are masked in the provider's logs. The service does not return secret values, " +
	"so a change made outside Terraform is not detected, and every update sends the whole variable list: keep the secret values configured."

// variableAttributes returns the variables list and the secret value maps.
// owner names the type in descriptions ("template", "pipeline"); extra
// plan modifiers go on the list (pipelines copy a template's variables).
func variableAttributes(owner string, computed bool, listModifiers ...planmodifier.List) map[string]schema.Attribute {
	// A computed list (copied from a template when not configured) cannot
	// have nested defaults: the framework would apply them to the copied
	// elements too. Its plan modifier fills them instead (variableDefaults).
	strDefault := func(a schema.StringAttribute) schema.StringAttribute {
		if !computed {
			a.Default = stringdefault.StaticString("")
		}
		return a
	}
	boolDefault := func(a schema.BoolAttribute) schema.BoolAttribute {
		if !computed {
			a.Default = booldefault.StaticBool(false)
		}
		return a
	}
	return map[string]schema.Attribute{
		"variables": schema.ListNestedAttribute{Optional: true, Computed: computed, PlanModifiers: listModifiers,
			MarkdownDescription: "Custom variables, in order (their `sequence` is their position, from 1).",
			Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name": schema.StringAttribute{Required: true,
					MarkdownDescription: fmt.Sprintf("Variable name: 1–128 letters, digits or underscores, unique in the %s.", owner),
					Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, codearts.TemplateVariableNameMax),
						stringvalidator.RegexMatches(templateVariableNameRegexp, "must contain only letters, digits and underscores")}},
				"type": schema.StringAttribute{Required: true,
					MarkdownDescription: "Type: `string`, `enum` or `autoIncrement`.",
					Validators:          []validator.String{stringvalidator.OneOf(codearts.TemplateVariableTypes...)}},
				"value": strDefault(schema.StringAttribute{Optional: true, Computed: true,
					MarkdownDescription: "Default value (at most 8192 characters). Must not be set when `is_secret` is true: " +
						"use `secret_variable_values_wo` or `secret_variable_values`.",
					Validators: []validator.String{stringvalidator.UTF8LengthAtMost(codearts.TemplateVariableValueMax)}}),
				"description": strDefault(schema.StringAttribute{Optional: true, Computed: true,
					MarkdownDescription: "Description (at most 1024 characters).",
					Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(codearts.TemplateVariableDescriptionMax)}}),
				"is_runtime": boolDefault(schema.BoolAttribute{Optional: true, Computed: true,
					MarkdownDescription: "Whether the value can be set when a run starts. Default `false`."}),
				"is_secret": boolDefault(schema.BoolAttribute{Optional: true, Computed: true,
					MarkdownDescription: "Whether the value is secret. Default `false`. See the secret variables note above."}),
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
	}
}

// attributeGetter is tfsdk.Config (and Plan, State).
type attributeGetter interface {
	GetAttribute(context.Context, path.Path, any) diag.Diagnostics
}

// validateVariables checks what single-attribute validators cannot: unique
// variable names, secret variables without a plain value, and (when
// checkKeys) secret value keys naming secret variables of the list.
func validateVariables(ctx context.Context, config attributeGetter, l types.List, checkKeys bool, diags *diag.Diagnostics) {
	if l.IsUnknown() {
		return
	}
	vars := variablesFrom(ctx, l, diags)
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
			addElementError(diags, p.AtName("name"), "Duplicate variable name",
				fmt.Sprintf("variable %q is also declared at variables[%d]; names must be unique.", name, j))
		}
		seen[name] = i
		if v.IsSecret.ValueBool() {
			secret[name] = true
			if !v.Value.IsNull() {
				addElementError(diags, p.AtName("value"), "Secret variable with a plain value",
					fmt.Sprintf("variable %q is secret, so its value must not be written in variables (it would show in plans). "+
						"Set it in secret_variable_values_wo (write-only) or secret_variable_values (sensitive) instead.", name))
			}
		}
	}
	if !known || !checkKeys {
		return
	}
	for _, attrName := range []string{"secret_variable_values", "secret_variable_values_wo"} {
		var mv types.Map
		diags.Append(config.GetAttribute(ctx, path.Root(attrName), &mv)...)
		if mv.IsNull() || mv.IsUnknown() {
			continue
		}
		for k := range mv.Elements() {
			if !secret[k] {
				addElementError(diags, path.Root(attrName).AtMapKey(k), "Not a secret variable",
					fmt.Sprintf("%q is not the name of a variable with is_secret = true.", k))
			}
		}
	}
}

func variablesFrom(ctx context.Context, l types.List, diags *diag.Diagnostics) []templateVariableModel {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []templateVariableModel
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

// variablesInput builds the request's variables from the plan's list plus
// the secret values (see secretValuesFor).
func variablesInput(ctx context.Context, l types.List, secrets map[string]string, diags *diag.Diagnostics) []codearts.TemplateVariable {
	var out []codearts.TemplateVariable
	for i, v := range variablesFrom(ctx, l, diags) {
		tv := codearts.TemplateVariable{
			Name: v.Name.ValueString(), Sequence: i + 1, Type: v.Type.ValueString(), Value: v.Value.ValueString(),
			IsSecret: v.IsSecret.ValueBool(), Description: v.Description.ValueString(), IsRuntime: v.IsRuntime.ValueBool(),
			Limits: stringsFrom(ctx, v.Limits, diags),
		}
		if tv.IsSecret {
			tv.Value = secrets[tv.Name]
		}
		out = append(out, tv)
	}
	return out
}

// secretValuesFor returns the secret values to send: the write-only map
// from the configuration, else the sensitive map of the plan.
func secretValuesFor(ctx context.Context, config attributeGetter, planned types.Map, diags *diag.Diagnostics) map[string]string {
	var wo types.Map
	diags.Append(config.GetAttribute(ctx, path.Root("secret_variable_values_wo"), &wo)...)
	src := planned
	if !wo.IsNull() && !wo.IsUnknown() {
		src = wo
	}
	out := map[string]string{}
	if !src.IsNull() && !src.IsUnknown() {
		diags.Append(src.ElementsAs(ctx, &out, false)...)
	}
	return out
}

// variablesValue renders the service's variables (sorted by sequence) as
// the list attribute; none is null. Secret values are never read back.
func variablesValue(ctx context.Context, vs []codearts.TemplateVariable, diags *diag.Diagnostics) types.List {
	if len(vs) == 0 {
		return types.ListNull(types.ObjectType{AttrTypes: templateVariableAttrTypes})
	}
	vars := make([]templateVariableModel, 0, len(vs))
	for _, v := range sortedVariables(vs) {
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
	return l
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

// msTime renders the service's epoch-millisecond times as RFC 3339 ("" for 0).
func msTime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// variableDefaults fills the unknown (unset) fields of configured variables
// with their defaults: "" and false.
func variableDefaults(ctx context.Context, l types.List, diags *diag.Diagnostics) types.List {
	vars := variablesFrom(ctx, l, diags)
	for i := range vars {
		for _, s := range []*types.String{&vars[i].Value, &vars[i].Description} {
			if s.IsUnknown() || s.IsNull() {
				*s = types.StringValue("")
			}
		}
		for _, b := range []*types.Bool{&vars[i].IsRuntime, &vars[i].IsSecret} {
			if b.IsUnknown() || b.IsNull() {
				*b = types.BoolValue(false)
			}
		}
	}
	out, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: templateVariableAttrTypes}, vars)
	diags.Append(d...)
	return out
}
