package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

var (
	_ resource.ResourceWithConfigure      = (*pipelineResource)(nil)
	_ resource.ResourceWithImportState    = (*pipelineResource)(nil)
	_ resource.ResourceWithValidateConfig = (*pipelineResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*pipelineResource)(nil)
	_ resource.ResourceWithIdentity       = (*pipelineResource)(nil)
)

func newPipelineResource() resource.Resource { return &pipelineResource{} }

type pipelineResource struct{ data *providerData }

type pipelineModel struct {
	ID                    types.String         `tfsdk:"id"`
	ProjectID             types.String         `tfsdk:"project_id"`
	TemplateID            types.String         `tfsdk:"template_id"`
	Name                  types.String         `tfsdk:"name"`
	Description           types.String         `tfsdk:"description"`
	Definition            jsontypes.Normalized `tfsdk:"definition"`
	IsPublish             types.Bool           `tfsdk:"is_publish"`
	Sources               types.List           `tfsdk:"sources"`
	Variables             types.List           `tfsdk:"variables"`
	SecretValues          types.Map            `tfsdk:"secret_variable_values"`
	SecretValuesWO        types.Map            `tfsdk:"secret_variable_values_wo"`
	SecretValuesWOVersion types.Int64          `tfsdk:"secret_variable_values_wo_version"`
	Schedules             types.List           `tfsdk:"schedules"`
	Triggers              types.List           `tfsdk:"triggers"`
	ConcurrencyControl    types.Object         `tfsdk:"concurrency_control"`
	GroupID               types.String         `tfsdk:"group_id"`
	ManifestVersion       types.String         `tfsdk:"manifest_version"`
	CreateTime            types.String         `tfsdk:"create_time"`
	UpdateTime            types.String         `tfsdk:"update_time"`
	CreatorID             types.String         `tfsdk:"creator_id"`
	CreatorName           types.String         `tfsdk:"creator_name"`
	UpdaterID             types.String         `tfsdk:"updater_id"`
	DetailURL             types.String         `tfsdk:"detail_url"`
}

// pipelineIdentity names a pipeline: its CodeArts project and its id, the
// path parameters of /v5/{project_id}/api/pipelines/{pipeline_id}. Pipelines
// made by cicd_codearts_pipeline_from_template have the same identity.
type pipelineIdentity struct {
	ProjectID  types.String `tfsdk:"project_id"`
	PipelineID types.String `tfsdk:"pipeline_id"`
}

func pipelineIdentitySchema(resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"project_id":  identityString("CodeArts project id (32 hexadecimal characters)."),
		"pipeline_id": identityString("Pipeline id."),
	}}
}

func newPipelineIdentity(project, id string) pipelineIdentity {
	return pipelineIdentity{ProjectID: types.StringValue(project), PipelineID: types.StringValue(id)}
}

// importPipeline reads what a pipeline import names: "<project_id>/<pipeline_id>"
// or an identity.
func importPipeline(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (pipelineIdentity, bool) {
	parseID := func(id string) (pipelineIdentity, diag.Diagnostic) {
		parts := strings.Split(id, "/")
		if len(parts) != 2 || !pipelineHexIDPattern.MatchString(parts[0]) || parts[1] == "" {
			return pipelineIdentity{}, diag.NewErrorDiagnostic("Invalid import id",
				fmt.Sprintf("%q is not <project_id>/<pipeline_id> (the CodeArts project's 32-character id, a slash, the pipeline id).", id))
		}
		return newPipelineIdentity(parts[0], parts[1]), nil
	}
	check := func(p pipelineIdentity) diag.Diagnostic {
		if !pipelineHexIDPattern.MatchString(p.ProjectID.ValueString()) || strings.TrimSpace(p.PipelineID.ValueString()) == "" {
			return diag.NewErrorDiagnostic("Invalid import identity",
				fmt.Sprintf("project_id %q must be the CodeArts project's 32-character hexadecimal id and pipeline_id %q a pipeline id.",
					p.ProjectID.ValueString(), p.PipelineID.ValueString()))
		}
		return nil
	}
	return importTarget(ctx, req, diags, parseID, check)
}

type pipelineSourceModel struct {
	Type          types.String `tfsdk:"type"`
	GitType       types.String `tfsdk:"git_type"`
	GitURL        types.String `tfsdk:"git_url"`
	CodehubID     types.String `tfsdk:"codehub_id"`
	EndpointID    types.String `tfsdk:"endpoint_id"`
	DefaultBranch types.String `tfsdk:"default_branch"`
	SSHGitURL     types.String `tfsdk:"ssh_git_url"`
	WebURL        types.String `tfsdk:"web_url"`
	RepoName      types.String `tfsdk:"repo_name"`
	Alias         types.String `tfsdk:"alias"`
}

type pipelineScheduleModel struct {
	Name       types.String `tfsdk:"name"`
	Type       types.String `tfsdk:"type"`
	Enable     types.Bool   `tfsdk:"enable"`
	DaysOfWeek types.List   `tfsdk:"days_of_week"`
	TimeZone   types.String `tfsdk:"time_zone"`
}

type pipelineTriggerModel struct {
	GitURL       types.String `tfsdk:"git_url"`
	GitType      types.String `tfsdk:"git_type"`
	IsAutoCommit types.Bool   `tfsdk:"is_auto_commit"`
	RepoID       types.String `tfsdk:"repo_id"`
	EndpointID   types.String `tfsdk:"endpoint_id"`
	Events       types.List   `tfsdk:"events"`
}

type pipelineEventModel struct {
	Type   types.String `tfsdk:"type"`
	Enable types.Bool   `tfsdk:"enable"`
}

type pipelineConcurrencyModel struct {
	ConcurrencyNumber types.Int64  `tfsdk:"concurrency_number"`
	ExceedAction      types.String `tfsdk:"exceed_action"`
	Enable            types.Bool   `tfsdk:"enable"`
}

var (
	pipelineSourceAttrTypes = map[string]attr.Type{"type": types.StringType, "git_type": types.StringType, "git_url": types.StringType,
		"codehub_id": types.StringType, "endpoint_id": types.StringType, "default_branch": types.StringType,
		"ssh_git_url": types.StringType, "web_url": types.StringType, "repo_name": types.StringType, "alias": types.StringType}
	pipelineScheduleAttrTypes = map[string]attr.Type{"name": types.StringType, "type": types.StringType, "enable": types.BoolType,
		"days_of_week": types.ListType{ElemType: types.Int64Type}, "time_zone": types.StringType}
	pipelineEventAttrTypes   = map[string]attr.Type{"type": types.StringType, "enable": types.BoolType}
	pipelineTriggerAttrTypes = map[string]attr.Type{"git_url": types.StringType, "git_type": types.StringType,
		"is_auto_commit": types.BoolType, "repo_id": types.StringType, "endpoint_id": types.StringType,
		"events": types.ListType{ElemType: types.ObjectType{AttrTypes: pipelineEventAttrTypes}}}
	pipelineConcurrencyAttrTypes = map[string]attr.Type{"concurrency_number": types.Int64Type, "exceed_action": types.StringType,
		"enable": types.BoolType}
)

var (
	// pipelineNameRegexp: PipelineDto.name takes Chinese characters,
	// letters, digits, '-' and '_'.
	pipelineNameRegexp    = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]*$`)
	pipelineAliasRegexp   = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	pipelineGroupIDRegexp = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
)

func (r *pipelineResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline"
}

func (r *pipelineResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pipelineIdentitySchema(resp)
}

func optStr(desc string, v ...validator.String) schema.StringAttribute {
	return schema.StringAttribute{Optional: true, MarkdownDescription: desc, Validators: v}
}

func (r *pipelineResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	fromTemplate := "From a template: copied from the template when not set."
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CodeArts pipeline, managed with the v5 pipeline API (`/v5/{project_id}/api/pipelines`): " +
			"created with one `POST`, updated in place with one `PUT` of the whole pipeline, deleted with `DELETE`. " +
			"A pipeline deleted outside Terraform is removed from the state on refresh (and planned for re-creation); " +
			"deleting one that is already gone is not an error.\n\n" +
			"**From a template.** With `template_id` the pipeline is created from a pipeline template " +
			"(`POST /v5/{project_id}/api/pipeline-templates/{template_id}/create-pipeline`, which takes the name, description, " +
			"`is_publish`, sources and variables), typically `template_id = cicd_codearts_pipeline_template.x.id`; " +
			"`definition` and `variables` then default to the template's. Settings that call does not take (`definition`, `schedules`, " +
			"`triggers`, `concurrency_control`, `group_id`, `manifest_version`, secret values for copied variables) are applied with one `PUT` right after. " +
			"Secret variables copied from the template need their values in `secret_variable_values_wo` or `secret_variable_values` " +
			"(by name) like any other: an update sends the whole variable list, and the service never returns secret values. " +
			"The service **copies** the template: changing the template later does not change pipelines already made from it " +
			"(change `template_id` to make a new pipeline from another template; it replaces this one). " +
			"Prefer this resource over `cicd_codearts_pipeline_from_template`, which uses the older v3 template task API.\n\n" +
			secretVariablesDoc + "\n\n" +
			"The pipeline's `id` is what `cicd_codearts_pipeline_run` takes as `pipeline_id`.\n\n" +
			"Import with `<project_id>/<pipeline_id>`: `terraform import cicd_codearts_pipeline.example <project_id>/<pipeline_id>` or, " +
			"with Terraform 1.12 or later, an `import` block whose `identity` sets `project_id` and `pipeline_id`. " +
			"Everything but `template_id`, `concurrency_control` and secret values is read back. After import, write `definition` and `variables` as the " +
			"service returns them (without `template_id`, `definition` is required) and leave `template_id` out: it is not readable, " +
			"and setting it would replace the pipeline. Give secret variables their values again (`secret_variable_values_wo` with its " +
			"version, or `secret_variable_values`) and write `concurrency_control` if you manage it: an in-place update. The `cicd_codearts_pipeline` list resource " +
			"finds existing pipelines for `terraform query`.",
		Attributes: map[string]schema.Attribute{
			"id": computedString("Pipeline id (32 characters)."),
			"project_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "CodeArts project id: the 32 hexadecimal characters after `/project/` in the console URL. Changing it replaces the pipeline.",
				Validators:          []validator.String{stringvalidator.RegexMatches(pipelineHexIDPattern, "must be the CodeArts project's 32-character hexadecimal id")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"template_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Pipeline template to create the pipeline from (a copy: later template changes do not reach the pipeline). " +
					"Changing it replaces the pipeline. Not read back: leave it unset after an import (setting it replaces the pipeline).",
				Validators:    []validator.String{stringvalidator.UTF8LengthAtLeast(1)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"name": schema.StringAttribute{Required: true,
				MarkdownDescription: fmt.Sprintf("Pipeline name: 1–%d Chinese characters, letters, digits, `-` or `_`.", codearts.PipelineNameMax),
				Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, codearts.PipelineNameMax),
					stringvalidator.RegexMatches(pipelineNameRegexp, "must contain only Chinese characters, letters, digits, '-' and '_'")}},
			"description": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(""),
				MarkdownDescription: fmt.Sprintf("Description (at most %d characters).", codearts.PipelineDescriptionMax),
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(codearts.PipelineDescriptionMax)}},
			"definition": schema.StringAttribute{Optional: true, Computed: true, CustomType: jsontypes.NormalizedType{},
				MarkdownDescription: "The orchestration as a JSON object with `stages` (use `jsonencode`). Required unless `template_id` is set. " +
					"Compared semantically: the service re-formatting or re-ordering it does not show a diff. " + fromTemplate,
				Validators:    []validator.String{pipelineDefinition()},
				PlanModifiers: []planmodifier.String{copiedFromTemplate{}}},
			"is_publish": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Whether this is a change (release) pipeline. Default `false`."},
			"sources": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "Pipeline sources (`CodeSource`): the code repositories the pipeline builds.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("code"),
						MarkdownDescription: "Source type, e.g. `code` (default) or `artifact`. A `code` source needs `git_type` and `git_url`.",
						Validators:          []validator.String{stringvalidator.UTF8LengthAtLeast(1)}},
					"git_type": optStr("Repository type: "+backticked(codearts.PipelineGitTypes)+".",
						stringvalidator.OneOf(codearts.PipelineGitTypes...)),
					"git_url":        optStr("HTTPS clone URL of the repository.", stringvalidator.UTF8LengthAtLeast(1)),
					"codehub_id":     optStr("CodeArts Repo repository id.", stringvalidator.UTF8LengthAtLeast(1)),
					"endpoint_id":    optStr("Code source endpoint (service extension) id, for repositories outside CodeArts Repo.", stringvalidator.UTF8LengthAtLeast(1)),
					"default_branch": optStr("Default branch.", stringvalidator.UTF8LengthAtLeast(1)),
					"ssh_git_url":    optStr("SSH clone URL.", stringvalidator.UTF8LengthAtLeast(1)),
					"web_url":        optStr("Web page of the repository.", stringvalidator.UTF8LengthAtLeast(1)),
					"repo_name":      optStr("Repository name.", stringvalidator.UTF8LengthAtLeast(1)),
					"alias": optStr(fmt.Sprintf("Repository alias: letters, digits and `_`, at most %d characters.", codearts.PipelineSourceAliasMax),
						stringvalidator.UTF8LengthAtMost(codearts.PipelineSourceAliasMax),
						stringvalidator.RegexMatches(pipelineAliasRegexp, "must contain only letters, digits and underscores")),
				}},
			},
			"schedules": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "Scheduled runs (`PipelineSchedule`).",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Required: true, MarkdownDescription: "Schedule name.",
						Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1)}},
					"type": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString("fixed"),
						MarkdownDescription: "Schedule type: only `fixed` (the default).",
						Validators:          []validator.String{stringvalidator.OneOf(codearts.PipelineScheduleTypes...)}},
					"enable": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
						MarkdownDescription: "Whether the schedule is on. Default `true`."},
					"days_of_week": schema.ListAttribute{Required: true, ElementType: types.Int64Type,
						MarkdownDescription: "Days to run on: 1 (Sunday) to 7 (Saturday).",
						Validators: []validator.List{listvalidator.SizeAtLeast(1),
							listvalidator.ValueInt64sAre(int64validator.Between(1, 7))}},
					"time_zone": optStr("Time zone: "+backticked(codearts.PipelineTimeZones)+".",
						stringvalidator.OneOf(codearts.PipelineTimeZones...)),
				}},
			},
			"triggers": schema.ListNestedAttribute{Optional: true,
				MarkdownDescription: "Code event triggers (`PipelineTrigger`). The webhook the service registers (its callback URL and token) " +
					"is not read into the state.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"git_url": schema.StringAttribute{Required: true, MarkdownDescription: "Clone URL of the repository.",
						Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1)}},
					"git_type": schema.StringAttribute{Required: true, MarkdownDescription: "Repository type: " + backticked(codearts.PipelineGitTypes) + ".",
						Validators: []validator.String{stringvalidator.OneOf(codearts.PipelineGitTypes...)}},
					"is_auto_commit": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(false),
						MarkdownDescription: "Gitee only: comment on the commit when the webhook triggers the pipeline. Default `false`."},
					"repo_id":     optStr("Repository id.", stringvalidator.UTF8LengthAtLeast(1)),
					"endpoint_id": optStr("Code source endpoint id.", stringvalidator.UTF8LengthAtLeast(1)),
					"events": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Events that trigger a run.",
						Validators: []validator.List{listvalidator.SizeAtLeast(1)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"type": schema.StringAttribute{Required: true, MarkdownDescription: "Event type, e.g. `push`, `merge_request`, `tag_push`.",
								Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1)}},
							"enable": schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true),
								MarkdownDescription: "Whether the event triggers runs. Default `true`."},
						}}},
				}},
			},
			"concurrency_control": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "Concurrent runs (`PipelineConcurrencyMgmt`). When not set the service's default applies " +
					"(not read into the state); read back only while it is set here, so not by an import.",
				Attributes: map[string]schema.Attribute{
					"concurrency_number": schema.Int64Attribute{Required: true, MarkdownDescription: "Runs allowed at once (at least 1; the package bounds it).",
						Validators: []validator.Int64{int64validator.AtLeast(1)}},
					"exceed_action": schema.StringAttribute{Required: true,
						MarkdownDescription: "What happens to a run beyond the limit: `QUEUE` (wait) or `ABORT` (not run).",
						Validators:          []validator.String{stringvalidator.OneOf(codearts.PipelineExceedActions...)}},
					"enable": schema.BoolAttribute{Required: true, MarkdownDescription: "Whether the limit applies."},
				}},
			"group_id": optStr("Pipeline group id (32 letters and digits).",
				stringvalidator.RegexMatches(pipelineGroupIDRegexp, "must be the pipeline group's 32-character id")),
			"manifest_version": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "Definition structure version; the service's default is `3.0`.",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"create_time":  computedString("Creation time (RFC 3339)."),
			"update_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "Last update time (RFC 3339)."},
			"creator_id":   computedString("User id of the creator."),
			"creator_name": computedString("User name of the creator."),
			"updater_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "User id of the last updater."},
			"detail_url":   computedString("Console page of the pipeline."),
		},
	}
	for k, a := range variableAttributes("pipeline", true, copiedFromTemplate{}) {
		resp.Schema.Attributes[k] = a
	}
}

// copiedFromTemplate plans definition and variables: set in the
// configuration, they are what is planned; unset on a pipeline made from a
// template, they keep the copy read back (unknown until created); unset
// otherwise, variables are null (definition is then required).
type copiedFromTemplate struct{}

func (copiedFromTemplate) Description(context.Context) string {
	return "copied from the template when not set"
}
func (m copiedFromTemplate) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func templateSet(ctx context.Context, config attributeGetter, diags *diag.Diagnostics) bool {
	var tpl types.String
	diags.Append(config.GetAttribute(ctx, path.Root("template_id"), &tpl)...)
	return !tpl.IsNull()
}

func (copiedFromTemplate) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if !req.ConfigValue.IsNull() || !templateSet(ctx, req.Config, &resp.Diagnostics) {
		return
	}
	if !req.StateValue.IsNull() {
		resp.PlanValue = req.StateValue
	}
}

func (copiedFromTemplate) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	if !req.ConfigValue.IsNull() {
		if !req.PlanValue.IsUnknown() {
			resp.PlanValue = variableDefaults(ctx, req.PlanValue, &resp.Diagnostics)
		}
		return
	}
	switch {
	case !templateSet(ctx, req.Config, &resp.Diagnostics):
		resp.PlanValue = types.ListNull(req.PlanValue.ElementType(ctx))
	case !req.StateValue.IsNull():
		resp.PlanValue = req.StateValue
	}
}

// ModifyPlan keeps update_time and updater_id when nothing else changes.
// Terraform proposes null for an unset computed nested attribute
// (concurrency_control, variables copied from a template), so the framework
// sees a change and marks them unknown before the plan modifiers restore
// the prior values: without this every plan would be an empty update.
// It also reports a missing CodeArts configuration before apply.
func (r *pipelineResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.platformMissingAtPlan(platformCodeArts)...)
	}
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var plan, state pipelineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !plan.UpdateTime.IsUnknown() {
		return
	}
	original := resp.Plan.Raw
	plan.UpdateTime, plan.UpdaterID = state.UpdateTime, state.UpdaterID
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	if !resp.Plan.Raw.Equal(req.State.Raw) {
		resp.Plan.Raw = original // a real change: the service sets both
	}
}

// ValidateConfig: definition unless from a template, code sources with a
// repository, and the variable rules shared with templates.
func (r *pipelineResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m pipelineModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Definition.IsNull() && m.TemplateID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("definition"), "Missing definition",
			"Set definition (the orchestration as JSON, e.g. jsonencode({ stages = [...] })), or template_id to create the pipeline from a template.")
	}
	if !m.Sources.IsUnknown() {
		var srcs []pipelineSourceModel
		resp.Diagnostics.Append(m.Sources.ElementsAs(ctx, &srcs, true)...)
		for i, s := range srcs {
			// A code source without a repository cannot be built: the
			// simulator refuses it too (the SDK marks no param required).
			if (s.Type.IsNull() || s.Type.ValueString() == "code") && (s.GitType.IsNull() || s.GitURL.IsNull()) {
				addElementError(&resp.Diagnostics, path.Root("sources").AtListIndex(i), "Incomplete code source",
					"a source of type \"code\" needs git_type and git_url (the repository to build).")
			}
		}
	}
	validateVariables(ctx, req.Config, m.Variables, m.TemplateID.IsNull() || !m.Variables.IsNull(), &resp.Diagnostics)
}

func (r *pipelineResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *pipelineResource) client(diags *diag.Diagnostics) *codearts.Client {
	c, d := r.data.CodeArts()
	diags.Append(d...)
	return c
}

// ---- model <-> API ----

func listOf[T any](ctx context.Context, l types.List, diags *diag.Diagnostics) []T {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []T
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

func (m pipelineModel) sources(ctx context.Context, diags *diag.Diagnostics) []codearts.PipelineSource {
	var out []codearts.PipelineSource
	for _, s := range listOf[pipelineSourceModel](ctx, m.Sources, diags) {
		out = append(out, codearts.PipelineSource{Type: s.Type.ValueString(), Params: &codearts.PipelineSourceParams{
			GitType: s.GitType.ValueString(), CodehubID: s.CodehubID.ValueString(), EndpointID: s.EndpointID.ValueString(),
			DefaultBranch: s.DefaultBranch.ValueString(), GitURL: s.GitURL.ValueString(), SSHGitURL: s.SSHGitURL.ValueString(),
			WebURL: s.WebURL.ValueString(), RepoName: s.RepoName.ValueString(), Alias: s.Alias.ValueString()}})
	}
	return out
}

// spec builds the PipelineDto of a create or update.
func (m pipelineModel) spec(ctx context.Context, secrets map[string]string, diags *diag.Diagnostics) codearts.PipelineSpec {
	in := codearts.PipelineSpec{Name: m.Name.ValueString(), Description: m.Description.ValueString(), IsPublish: m.IsPublish.ValueBool(),
		Definition: m.Definition.ValueString(), GroupID: m.GroupID.ValueString(), Sources: m.sources(ctx, diags),
		Variables: variablesInput(ctx, m.Variables, secrets, diags)}
	if !m.ManifestVersion.IsUnknown() {
		in.ManifestVersion = m.ManifestVersion.ValueString()
	}
	for _, s := range listOf[pipelineScheduleModel](ctx, m.Schedules, diags) {
		sc := codearts.PipelineSchedule{Type: s.Type.ValueString(), Name: s.Name.ValueString(), Enable: s.Enable.ValueBool(),
			TimeZone: s.TimeZone.ValueString()}
		for _, d := range listOf[types.Int64](ctx, s.DaysOfWeek, diags) {
			sc.DaysOfWeek = append(sc.DaysOfWeek, int(d.ValueInt64()))
		}
		in.Schedules = append(in.Schedules, sc)
	}
	for _, t := range listOf[pipelineTriggerModel](ctx, m.Triggers, diags) {
		tr := codearts.PipelineTrigger{GitURL: t.GitURL.ValueString(), GitType: t.GitType.ValueString(),
			IsAutoCommit: t.IsAutoCommit.ValueBool(), RepoID: t.RepoID.ValueString(), EndpointID: t.EndpointID.ValueString()}
		for _, e := range listOf[pipelineEventModel](ctx, t.Events, diags) {
			tr.Events = append(tr.Events, codearts.PipelineCodeEvent{Type: e.Type.ValueString(), Enable: e.Enable.ValueBool()})
		}
		in.Triggers = append(in.Triggers, tr)
	}
	if !m.ConcurrencyControl.IsNull() && !m.ConcurrencyControl.IsUnknown() {
		var cc pipelineConcurrencyModel
		diags.Append(m.ConcurrencyControl.As(ctx, &cc, basetypes.ObjectAsOptions{})...)
		in.ConcurrencyControl = &codearts.PipelineConcurrency{ConcurrencyNumber: int(cc.ConcurrencyNumber.ValueInt64()),
			ExceedAction: cc.ExceedAction.ValueString(), Enable: cc.Enable.ValueBool()}
	}
	return in
}

// needsPutAfterTemplate: settings create-pipeline does not take.
func needsPutAfterTemplate(config pipelineModel) bool {
	return !config.Definition.IsNull() || !config.Schedules.IsNull() || !config.Triggers.IsNull() ||
		!config.ConcurrencyControl.IsNull() || !config.GroupID.IsNull() || !config.ManifestVersion.IsNull() ||
		// secret values for the copied variables (create-pipeline takes only configured ones)
		config.Variables.IsNull() && (!config.SecretValues.IsNull() || !config.SecretValuesWO.IsNull())
}

func strOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func listValue[T any](ctx context.Context, attrs map[string]attr.Type, items []T, diags *diag.Diagnostics) types.List {
	if len(items) == 0 {
		return types.ListNull(types.ObjectType{AttrTypes: attrs})
	}
	l, d := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: attrs}, items)
	diags.Append(d...)
	return l
}

// apply copies a pipeline detail into the model. project_id and
// template_id (not in the detail), secret values and the write-only
// version keep their prior values; so does concurrency_control when the
// detail leaves it out.
func (m *pipelineModel) apply(ctx context.Context, region string, p *codearts.PipelineDetail, diags *diag.Diagnostics) {
	m.ID = types.StringValue(p.ID)
	m.Name = types.StringValue(p.Name)
	m.Description = types.StringValue(p.Description)
	m.Definition = jsontypes.NewNormalizedValue(p.Definition)
	m.IsPublish = types.BoolValue(p.IsPublish)
	m.ManifestVersion = types.StringValue(p.ManifestVersion)
	m.GroupID = strOrNull(p.GroupID)
	m.CreateTime = types.StringValue(msTime(p.CreateTime))
	m.UpdateTime = types.StringValue(msTime(p.UpdateTime))
	m.CreatorID = types.StringValue(p.CreatorID)
	m.CreatorName = types.StringValue(p.CreatorName)
	m.UpdaterID = types.StringValue(p.UpdaterID)
	m.DetailURL = types.StringValue(codearts.PipelineConsoleURL(region, m.ProjectID.ValueString(), p.ID))
	m.SecretValuesWO = types.MapNull(types.StringType)
	m.Variables = variablesValue(ctx, p.Variables, diags)

	var srcs []pipelineSourceModel
	for _, s := range p.Sources {
		sm := pipelineSourceModel{Type: types.StringValue(s.Type)}
		var prm codearts.PipelineSourceParams
		if s.Params != nil {
			prm = *s.Params
		}
		sm.GitType, sm.GitURL, sm.CodehubID, sm.EndpointID = strOrNull(prm.GitType), strOrNull(prm.GitURL), strOrNull(prm.CodehubID), strOrNull(prm.EndpointID)
		sm.DefaultBranch, sm.SSHGitURL, sm.WebURL = strOrNull(prm.DefaultBranch), strOrNull(prm.SSHGitURL), strOrNull(prm.WebURL)
		sm.RepoName, sm.Alias = strOrNull(prm.RepoName), strOrNull(prm.Alias)
		srcs = append(srcs, sm)
	}
	m.Sources = listValue(ctx, pipelineSourceAttrTypes, srcs, diags)

	var scheds []pipelineScheduleModel
	for _, s := range p.Schedules {
		days := make([]int64, 0, len(s.DaysOfWeek))
		for _, d := range s.DaysOfWeek {
			days = append(days, int64(d))
		}
		dl, d := types.ListValueFrom(ctx, types.Int64Type, days)
		diags.Append(d...)
		scheds = append(scheds, pipelineScheduleModel{Name: types.StringValue(s.Name), Type: types.StringValue(s.Type),
			Enable: types.BoolValue(s.Enable), DaysOfWeek: dl, TimeZone: strOrNull(s.TimeZone)})
	}
	m.Schedules = listValue(ctx, pipelineScheduleAttrTypes, scheds, diags)

	var trigs []pipelineTriggerModel
	for _, t := range p.Triggers {
		var events []pipelineEventModel
		for _, e := range t.Events {
			events = append(events, pipelineEventModel{Type: types.StringValue(e.Type), Enable: types.BoolValue(e.Enable)})
		}
		trigs = append(trigs, pipelineTriggerModel{GitURL: types.StringValue(t.GitURL), GitType: types.StringValue(t.GitType),
			IsAutoCommit: types.BoolValue(t.IsAutoCommit), RepoID: strOrNull(t.RepoID), EndpointID: strOrNull(t.EndpointID),
			Events: listValue(ctx, pipelineEventAttrTypes, events, diags)})
	}
	m.Triggers = listValue(ctx, pipelineTriggerAttrTypes, trigs, diags)

	// concurrency_control is read back only when managed here (the
	// service fills a default otherwise).
	if cc := p.ConcurrencyControl; cc != nil && !m.ConcurrencyControl.IsNull() {
		o, d := types.ObjectValueFrom(ctx, pipelineConcurrencyAttrTypes, pipelineConcurrencyModel{
			ConcurrencyNumber: types.Int64Value(int64(cc.ConcurrencyNumber)), ExceedAction: types.StringValue(cc.ExceedAction),
			Enable: types.BoolValue(cc.Enable)})
		diags.Append(d...)
		m.ConcurrencyControl = o
	}
}

// nullUnknowns replaces unknown values with nulls, for the state saved
// when a create fails half-way.
func (m *pipelineModel) nullUnknowns() {
	for _, s := range []*types.String{&m.CreateTime, &m.UpdateTime, &m.CreatorID, &m.CreatorName, &m.UpdaterID, &m.DetailURL, &m.ManifestVersion} {
		if s.IsUnknown() {
			*s = types.StringNull()
		}
	}
	if m.Definition.IsUnknown() {
		m.Definition = jsontypes.NewNormalizedNull()
	}
	if m.Variables.IsUnknown() {
		m.Variables = types.ListNull(types.ObjectType{AttrTypes: templateVariableAttrTypes})
	}
}

// ---- CRUD ----

func (r *pipelineResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan, config pipelineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	secrets := secretValuesFor(ctx, req.Config, plan.SecretValues, &resp.Diagnostics)
	project := plan.ProjectID.ValueString()
	var id string
	var err error
	if plan.TemplateID.IsNull() {
		in := plan.spec(ctx, secrets, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
		id, err = c.CreatePipelineV5(ctx, project, in)
	} else {
		in := codearts.PipelineFromTemplate{Name: plan.Name.ValueString(), Description: plan.Description.ValueString(),
			IsPublish: plan.IsPublish.ValueBool(), Sources: plan.sources(ctx, &resp.Diagnostics),
			Variables: variablesInput(ctx, plan.Variables, secrets, &resp.Diagnostics)}
		if resp.Diagnostics.HasError() {
			return
		}
		id, err = c.CreatePipelineFromTemplateV5(ctx, project, plan.TemplateID.ValueString(), in)
	}
	if err != nil {
		err = namingInputs(err, variableRefs(plan.Variables), listIndexRefs("sources", listLen(plan.Sources)))
		addCreateError(&resp.Diagnostics, "Cannot create the pipeline", err, "pipeline", plan.Name.ValueString(), "the CodeArts project",
			project+"/<pipeline_id>")
		return
	}
	plan.ID = types.StringValue(id)
	plan.SecretValuesWO = types.MapNull(types.StringType)
	p, err := r.finishCreate(ctx, c, &plan, config, secrets, &resp.Diagnostics)
	if err != nil {
		// The pipeline exists: keep it in the state (tainted) so it is not orphaned.
		plan.nullUnknowns()
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		setIdentity(ctx, resp.Identity, newPipelineIdentity(project, id), &resp.Diagnostics)
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Pipeline %s was created but could not be set up or read back", id), err)
		return
	}
	plan.apply(ctx, c.Region(), p, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newPipelineIdentity(project, id), &resp.Diagnostics)
}

// finishCreate applies, for a pipeline made from a template, the settings
// create-pipeline does not take (one PUT; the template's variables are read
// first when the configuration has none), then reads the pipeline back.
func (r *pipelineResource) finishCreate(ctx context.Context, c *codearts.Client, plan *pipelineModel, config pipelineModel,
	secrets map[string]string, diags *diag.Diagnostics) (*codearts.PipelineDetail, error) {
	project, id := plan.ProjectID.ValueString(), plan.ID.ValueString()
	if plan.TemplateID.IsNull() || !needsPutAfterTemplate(config) {
		return c.GetPipelineV5(ctx, project, id)
	}
	in := plan.spec(ctx, secrets, diags)
	if config.Variables.IsNull() || config.Definition.IsNull() {
		copied, err := c.GetPipelineV5(ctx, project, id)
		if err != nil {
			return nil, err
		}
		if config.Variables.IsNull() {
			in.Variables = copied.Variables
			for i := range in.Variables {
				if in.Variables[i].IsSecret {
					in.Variables[i].Value = secrets[in.Variables[i].Name]
				}
			}
		}
		if config.Definition.IsNull() {
			in.Definition = copied.Definition
		}
	}
	if err := c.UpdatePipelineV5(ctx, project, id, in); err != nil {
		return nil, err
	}
	return c.GetPipelineV5(ctx, project, id)
}

func (r *pipelineResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pipelineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	p, err := c.GetPipelineV5(ctx, state.ProjectID.ValueString(), state.ID.ValueString())
	if codearts.IsPipelineNotFound(err) {
		removeGone(ctx, resp, newPipelineIdentity(state.ProjectID.ValueString(), state.ID.ValueString()))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot read the pipeline", err)
		return
	}
	state.apply(ctx, c.Region(), p, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	setIdentity(ctx, resp.Identity, newPipelineIdentity(state.ProjectID.ValueString(), state.ID.ValueString()), &resp.Diagnostics)
}

func (r *pipelineResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state pipelineModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	project, id := state.ProjectID.ValueString(), state.ID.ValueString()
	in := plan.spec(ctx, secretValuesFor(ctx, req.Config, plan.SecretValues, &resp.Diagnostics), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := c.UpdatePipelineV5(ctx, project, id, in); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot update the pipeline", namingInputs(err, variableRefs(plan.Variables), listIndexRefs("sources", listLen(plan.Sources))))
		return
	}
	p, err := c.GetPipelineV5(ctx, project, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Pipeline %s was updated but could not be read back", id), err)
		return
	}
	plan.SecretValuesWO = types.MapNull(types.StringType)
	plan.apply(ctx, c.Region(), p, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, newPipelineIdentity(project, id), &resp.Diagnostics)
}

func (r *pipelineResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pipelineModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	project, id := state.ProjectID.ValueString(), state.ID.ValueString()
	if err := deleteIdempotent(func() error { return c.DeletePipeline(ctx, project, id) }, codearts.IsPipelineGone); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot delete the pipeline", err)
	}
}

func (r *pipelineResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importPipeline(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("project_id"), p.ProjectID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), p.PipelineID)...)
	setIdentity(ctx, resp.Identity, p, &resp.Diagnostics)
}
