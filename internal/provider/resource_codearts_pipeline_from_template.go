package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

var (
	_ resource.ResourceWithConfigure   = (*pipelineFromTemplateResource)(nil)
	_ resource.ResourceWithIdentity    = (*pipelineFromTemplateResource)(nil)
	_ resource.ResourceWithImportState = (*pipelineFromTemplateResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*pipelineFromTemplateResource)(nil)
)

func newPipelineFromTemplateResource() resource.Resource { return &pipelineFromTemplateResource{} }

type pipelineFromTemplateResource struct{ data *providerData }

// Poll settings of the template task (package variables so tests can
// shorten them).
var (
	templateTaskPollInterval    = 2 * time.Second
	templateTaskMaxPollInterval = 10 * time.Second
)

// defaultTemplateTaskTimeout bounds the wait when timeouts.create is unset.
const defaultTemplateTaskTimeout = 10 * time.Minute

type pipelineFromTemplateModel struct {
	ID           types.String         `tfsdk:"id"`
	Flow         jsontypes.Normalized `tfsdk:"flow"`
	States       jsontypes.Normalized `tfsdk:"states"`
	Workflow     *workflowModel       `tfsdk:"workflow"`
	TaskID       types.String         `tfsdk:"task_id"`
	TaskStatus   types.String         `tfsdk:"task_status"`
	PipelineID   types.String         `tfsdk:"pipeline_id"`
	PipelineName types.String         `tfsdk:"pipeline_name"`
	PipelineURL  types.String         `tfsdk:"pipeline_url"`
	Timeouts     timeouts.Value       `tfsdk:"timeouts"`
}

type workflowModel struct {
	Name        types.String             `tfsdk:"name"`
	Description types.String             `tfsdk:"description"`
	ProjectID   types.String             `tfsdk:"project_id"`
	ProjectName types.String             `tfsdk:"project_name"`
	Parameters  []workflowParameterModel `tfsdk:"parameters"`
	Sources     []workflowSourceModel    `tfsdk:"sources"`
}

type workflowParameterModel struct {
	Name        types.String `tfsdk:"name"`
	Value       types.String `tfsdk:"value"`
	Description types.String `tfsdk:"description"`
	ParamType   types.String `tfsdk:"paramtype"`
	DisplayName types.String `tfsdk:"display_name"`
	IsStatic    types.Bool   `tfsdk:"is_static"`
	IsDefault   types.Bool   `tfsdk:"is_default"`
}

type workflowSourceModel struct {
	ScmType       types.String `tfsdk:"scm_type"`
	CodeHubName   types.String `tfsdk:"codehub_name"`
	HookFlag      types.Bool   `tfsdk:"hook_flag"`
	Branches      types.List   `tfsdk:"branches"`
	DefaultBranch types.String `tfsdk:"default_branch"`
	Branch        types.String `tfsdk:"branch"`
	CodeHubID     types.String `tfsdk:"codehub_id"`
	GitURL        types.String `tfsdk:"git_url"`
	WebURL        types.String `tfsdk:"web_url"`
	BranchList    types.List   `tfsdk:"branch_list"`
}

var codeArtsProjectIDRegexp = regexp.MustCompile(`^[0-9a-f]{32}$`)

func (r *pipelineFromTemplateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_codearts_pipeline_from_template"
}

func (r *pipelineFromTemplateResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceStr := []planmodifier.String{stringplanmodifier.RequiresReplaceIf(replaceUnlessAdopting,
		"Changing it replaces the pipeline (an imported pipeline adopts its first value).",
		"Changing it replaces the pipeline (an imported pipeline adopts its first value).")}
	optStr := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc}
	}
	// optID is an optional name or id: when set, it must not be blank.
	optID := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: desc,
			Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}}
	}
	optBool := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Creates a CodeArts pipeline and its jobs from a template description with `POST /v3/templates/task` " +
			"(\"quickly creating a pipeline and jobs with a template\", an older API), then waits, polling " +
			"`GET /v3/templates/{task_id}/status`, until the pipeline exists (bounded by `timeouts.create`, default 10 minutes). " +
			"Any change but `timeouts` replaces the resource. Destroying it deletes the created pipeline (v5 `DELETE /v5/{project_id}/api/pipelines/{pipeline_id}`); " +
			"a pipeline that is already gone is not an error. A pipeline deleted outside Terraform is detected on refresh and planned for re-creation.\n\n" +
			"If the wait times out, the resource is saved as tainted with its `task_id`: the next apply deletes whatever the task created and starts again.\n\n" +
			"**When to use which.** Prefer `cicd_codearts_pipeline` for new configurations: it uses the current v5 API, creates a pipeline " +
			"from its own `definition` or from a managed `cicd_codearts_pipeline_template` (`template_id`), and updates it in place. " +
			"Use this resource for a v3 template description (`flow`/`states`) you already have: Huawei lists the template task API as an older one.\n\n" +
			"Open question: the API page's example body writes the `workflow` parameter and source keys in camelCase (`scmType`, `gitUrl`, `paramtype`, `isStatic`), " +
			"the official SDK's model (`TemplateCddl`) in snake_case (`scm_type`, `git_url`, `param_type`, `is_static`). " +
			"The provider sends the page's camelCase form; which form the service reads has not been confirmed against a real account.\n\n" +
			"**Import.** `terraform import cicd_codearts_pipeline_from_template.example <project_id>/<pipeline_id>`, or, with Terraform 1.12 or later, " +
			"an `import` block whose `identity` sets `project_id` and `pipeline_id`. The template task API cannot read `flow`, `states` or the " +
			"`workflow` details back, so the first plan after an import updates them in place from the configuration (nothing is sent to CodeArts); " +
			"only a `workflow.name` or `workflow.project_id` other than the pipeline's plans a replacement. An imported resource has no `task_id`.",
		Attributes: map[string]schema.Attribute{
			"id": computed("The task id (same as `task_id`)."),
			"flow": schema.StringAttribute{Required: true, CustomType: jsontypes.NormalizedType{}, PlanModifiers: replaceStr,
				MarkdownDescription: "The stage graph as JSON: an object mapping each state (`initial`, `state_<n>`, `Task_<n>`, `final`) to " +
					"an object of next states and conditions (`\"always\"`), e.g. `jsonencode({ initial = { state_1 = \"always\" }, ... })`.",
				Validators: []validator.String{jsonObjectOf("an object of strings")}},
			"states": schema.StringAttribute{Required: true, CustomType: jsontypes.NormalizedType{}, PlanModifiers: replaceStr,
				MarkdownDescription: "The stages and tasks as JSON: an object mapping each state named in `flow` to its definition " +
					"(`type` = `stage` or `task`, `name`, `display_name`, `dsl_method`, `module_or_template_id`, `parameters`, ...).",
				Validators: []validator.String{jsonObjectOf("an object")}},
			"workflow": schema.SingleNestedAttribute{Required: true,
				MarkdownDescription: "The pipeline to create.",
				PlanModifiers: []planmodifier.Object{objectplanmodifier.RequiresReplaceIf(replaceWorkflowUnlessAdopting,
					"Changing it replaces the pipeline (an imported pipeline adopts it unless `name` or `project_id` differ).",
					"Changing it replaces the pipeline (an imported pipeline adopts it unless `name` or `project_id` differ).")},
				Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{Required: true, MarkdownDescription: "Pipeline name (1–128 characters).",
						Validators: []validator.String{stringvalidator.UTF8LengthBetween(1, 128), notBlank}},
					"description": optStr("Pipeline description."),
					"project_id": schema.StringAttribute{Required: true,
						MarkdownDescription: "CodeArts project id (32 lower-case hex characters) the pipeline belongs to.",
						Validators:          []validator.String{stringvalidator.RegexMatches(codeArtsProjectIDRegexp, "must be a 32-character CodeArts project id (lower-case hex)")}},
					"project_name": optID("CodeArts project name."),
					"parameters": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Pipeline parameters.",
						Validators: []validator.List{listvalidator.SizeAtLeast(1)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name": schema.StringAttribute{Required: true, MarkdownDescription: "Parameter name.",
								Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
							"value":        optStr("Value."),
							"description":  optStr("Description."),
							"paramtype":    optStr("Parameter type, e.g. `normalparam` (text) or `growthparam` (auto-increment)."),
							"display_name": optStr("Display name."),
							"is_static":    optBool("Whether the parameter is static (`isStatic`)."),
							"is_default":   optBool("Whether it is a default parameter (`isDefault`)."),
						}},
					},
					"sources": schema.ListNestedAttribute{Optional: true, MarkdownDescription: "Code sources.",
						Validators: []validator.List{listvalidator.SizeAtLeast(1)},
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"scm_type": schema.StringAttribute{Required: true, MarkdownDescription: "Repository type, e.g. `codehub`.",
								Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
							"codehub_name":   optID("Repository name."),
							"hook_flag":      optBool("Whether a webhook triggers the pipeline."),
							"branches":       schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Branches."},
							"default_branch": optID("Default branch."),
							"branch":         optID("Branch."),
							"codehub_id":     optID("Repository id."),
							"git_url": schema.StringAttribute{Required: true, MarkdownDescription: "Repository clone address (SSH or HTTPS).",
								Validators: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
							"web_url":     optStr("Repository web page."),
							"branch_list": schema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: "Known branches."},
						}},
					},
				},
			},
			"task_id":       computed("Id of the creation task."),
			"task_status":   computed("Last status of the task (`succeeded` or `finished` once the pipeline exists)."),
			"pipeline_id":   computed("Id of the created pipeline."),
			"pipeline_name": computed("Name of the created pipeline."),
			"pipeline_url":  computed("Console address of the created pipeline."),
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true}),
		},
	}
}

func (r *pipelineFromTemplateResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	pipelineIdentitySchema(resp)
}

// identity is the pipeline's identity; pipeline_id is null while the task
// has not named it (a tainted, half-created resource).
func (m *pipelineFromTemplateModel) identity() pipelineIdentity {
	id := pipelineIdentity{ProjectID: types.StringNull(), PipelineID: strOrNull(m.PipelineID.ValueString())}
	if m.Workflow != nil {
		id.ProjectID = m.Workflow.ProjectID
	}
	return id
}

// adopting reports whether a plan is the first one after an import: an
// imported resource has no task id and no flow (the API cannot read them).
func adopting(ctx context.Context, state tfsdk.State) bool {
	var task types.String
	var flow jsontypes.Normalized
	if state.GetAttribute(ctx, path.Root("task_id"), &task).HasError() || state.GetAttribute(ctx, path.Root("flow"), &flow).HasError() {
		return false
	}
	return task.IsNull() && flow.IsNull()
}

func replaceUnlessAdopting(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = !(req.StateValue.IsNull() && adopting(ctx, req.State))
}

func replaceWorkflowUnlessAdopting(ctx context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
	resp.RequiresReplace = true
	if !adopting(ctx, req.State) || req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	before, after := req.StateValue.Attributes(), req.PlanValue.Attributes()
	resp.RequiresReplace = !before["name"].Equal(after["name"]) || !before["project_id"].Equal(after["project_id"])
}

// ModifyPlan reports a missing CodeArts configuration before apply.
func (r *pipelineFromTemplateResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.platformMissingAtPlan(platformCodeArts)...)
	}
}

func (r *pipelineFromTemplateResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func strOrEmpty(v types.String) string { return v.ValueString() }

func (m *pipelineFromTemplateModel) request(ctx context.Context) (codearts.TemplateTaskRequest, error) {
	req := codearts.TemplateTaskRequest{
		Flow:   json.RawMessage(m.Flow.ValueString()),
		States: json.RawMessage(m.States.ValueString()),
		Workflow: codearts.TemplateWorkflow{
			Name: m.Workflow.Name.ValueString(), Description: strOrEmpty(m.Workflow.Description),
			ProjectID: m.Workflow.ProjectID.ValueString(), ProjectName: strOrEmpty(m.Workflow.ProjectName),
		},
	}
	for _, p := range m.Workflow.Parameters {
		wp := codearts.TemplateWorkflowParam{Name: p.Name.ValueString(), Value: p.Value.ValueString(),
			Description: p.Description.ValueString(), ParamType: p.ParamType.ValueString(),
			IsStatic: p.IsStatic.ValueBool(), IsDefault: p.IsDefault.ValueBool()}
		if !p.DisplayName.IsNull() {
			dn := p.DisplayName.ValueString()
			wp.DisplayName = &dn
		}
		req.Workflow.Parameter = append(req.Workflow.Parameter, wp)
	}
	for _, s := range m.Workflow.Sources {
		var diags diag.Diagnostics
		req.Workflow.Source = append(req.Workflow.Source, codearts.TemplateWorkflowSource{
			ScmType: s.ScmType.ValueString(), CodeHubName: s.CodeHubName.ValueString(), HookFlag: s.HookFlag.ValueBool(),
			Branches: stringsFrom(ctx, s.Branches, &diags), DefaultBranch: s.DefaultBranch.ValueString(),
			Branch: s.Branch.ValueString(), CodeHubID: s.CodeHubID.ValueString(), GitURL: s.GitURL.ValueString(),
			WebURL: s.WebURL.ValueString(), BranchList: stringsFrom(ctx, s.BranchList, &diags),
		})
		if diags.HasError() {
			return req, errors.New("invalid branch lists in workflow.sources")
		}
	}
	return req, nil
}

// templateTaskPhase classifies a status observation: the task is done only
// when it reports success and names the pipeline.
func templateTaskPhase(st *codearts.TemplateTaskStatus) wait.Phase {
	switch st.TaskStatus {
	case codearts.TemplateTaskInitializing:
		return wait.Pending
	case codearts.TemplateTaskProcessing:
		return wait.Running
	case codearts.TemplateTaskSucceeded:
		if st.PipelineID == "" {
			return wait.Running // succeeded but the pipeline is not visible yet
		}
		return wait.Succeeded
	case codearts.TemplateTaskFinished:
		if st.PipelineID == "" {
			return wait.Failed
		}
		return wait.Succeeded
	case codearts.TemplateTaskFailed, "error", "failure":
		return wait.Failed
	}
	return wait.Unknown
}

func (r *pipelineFromTemplateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan pipelineFromTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	c, d := r.data.CodeArts()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultTemplateTaskTimeout)
	resp.Diagnostics.Append(d...)
	body, err := plan.request(ctx)
	if err != nil {
		resp.Diagnostics.AddError("Invalid workflow", err.Error())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	taskID, err := c.StartTemplateTask(ctx, body)
	if err != nil {
		detail := apiErrorDetail(err)
		if mayHaveStarted(err) {
			detail += "\n\nThe request may have reached CodeArts, so a pipeline named " + fmt.Sprintf("%q", body.Workflow.Name) +
				" may have been created; it was not sent again. Check the project's pipelines before applying again."
		}
		resp.Diagnostics.AddError("Cannot start creating the pipeline from the template", detail)
		return
	}
	plan.ID, plan.TaskID = types.StringValue(taskID), types.StringValue(taskID)
	tflog.Info(ctx, "template task started", map[string]any{"task_id": taskID})

	res, err := wait.Until(ctx, wait.Options{
		PollInterval: templateTaskPollInterval, MaxPollInterval: templateTaskMaxPollInterval, Timeout: timeout,
		Progress: func(msg string) { tflog.Info(ctx, "template task "+taskID+": "+msg) },
	}, func(ctx context.Context) (wait.Observation[*codearts.TemplateTaskStatus], error) {
		st, err := c.GetTemplateTaskStatus(ctx, taskID)
		if err != nil {
			return wait.Observation[*codearts.TemplateTaskStatus]{}, err
		}
		msg := "task " + st.TaskStatus
		if st.PipelineID != "" {
			msg += ", pipeline " + st.PipelineID
		}
		return wait.Observation[*codearts.TemplateTaskStatus]{Status: st.TaskStatus, Phase: templateTaskPhase(st), Message: msg, Value: st}, nil
	})
	last := res.Last.Value
	plan.setStatus(last)
	if err != nil {
		summary := "Creating the pipeline from the template failed"
		detail := fmt.Sprintf("Task %s: %s", taskID, err.Error())
		var pe *wait.PollError
		if errors.As(err, &pe) {
			detail = fmt.Sprintf("Task %s: reading its status failed: %s", taskID, apiErrorDetail(pe.Err))
		}
		if wait.Abandoned(err) || errors.As(err, &pe) {
			summary = "Timed out waiting for the pipeline to be created from the template"
			if errors.As(err, &pe) {
				summary = "Cannot follow the pipeline creation task"
			}
			detail += "\n\nThe task may still create the pipeline. The resource is saved as tainted with its task id, " +
				"so the next apply deletes what the task created and starts again; or raise timeouts.create."
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
			setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// setStatus copies the last observed task status (nil = none) into the
// model; unknowns become empty strings.
func (m *pipelineFromTemplateModel) setStatus(st *codearts.TemplateTaskStatus) {
	if st == nil {
		st = &codearts.TemplateTaskStatus{}
	}
	m.TaskStatus = types.StringValue(st.TaskStatus)
	m.PipelineID = types.StringValue(st.PipelineID)
	m.PipelineName = types.StringValue(st.PipelineName)
	m.PipelineURL = types.StringValue(st.PipelineURL)
}

// Read checks that the pipeline still exists (v3 pipeline list filtered by
// project and name); a deleted pipeline removes the resource from the state.
func (r *pipelineFromTemplateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state pipelineFromTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, d := r.data.CodeArts()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	if state.PipelineID.ValueString() == "" || state.Workflow == nil {
		// a tainted, half-created resource: destroy handles it
		setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
		return
	}
	// By name when known; an imported pipeline's name is not known yet.
	rows, _, err := c.ListPipelines(ctx, codearts.PipelineFilter{
		Name: state.PipelineName.ValueString(), ProjectIDs: []string{state.Workflow.ProjectID.ValueString()},
	}, 0)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot check the pipeline created from the template", err)
		return
	}
	for _, p := range rows {
		if p.PipelineID == state.PipelineID.ValueString() {
			state.PipelineName = types.StringValue(p.PipelineName)
			if state.Workflow.Name.IsNull() { // imported
				state.Workflow.Name = state.PipelineName
			}
			resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
			setIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
			return
		}
	}
	removeGone(ctx, resp, state.identity())
}

// ImportState takes "<project_id>/<pipeline_id>" or an identity. The state
// then holds what the v3 pipeline list tells (Read fills the name); flow,
// states and the workflow details are adopted from the configuration.
func (r *pipelineFromTemplateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	p, ok := importPipeline(ctx, req, &resp.Diagnostics)
	if !ok {
		return
	}
	m := pipelineFromTemplateModel{ID: p.PipelineID, PipelineID: p.PipelineID, Flow: jsontypes.NewNormalizedNull(),
		States: jsontypes.NewNormalizedNull(), Workflow: &workflowModel{ProjectID: p.ProjectID},
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})}}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	setIdentity(ctx, resp.Identity, p, &resp.Diagnostics)
}

// Update only happens for timeouts and for the first plan after an import
// (everything else replaces); nothing is sent to CodeArts.
func (r *pipelineFromTemplateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan pipelineFromTemplateModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	setIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

func (r *pipelineFromTemplateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state pipelineFromTemplateModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	c, d := r.data.CodeArts()
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() || state.Workflow == nil {
		return
	}
	pipelineID := state.PipelineID.ValueString()
	if pipelineID == "" && state.TaskID.ValueString() != "" {
		// Saved half-way (timeout): the task may have created the pipeline since.
		st, err := c.GetTemplateTaskStatus(ctx, state.TaskID.ValueString())
		if err != nil {
			resp.Diagnostics.AddWarning("Cannot check the template task",
				fmt.Sprintf("Task %s: %s\n\nIf it created a pipeline, delete it in CodeArts.", state.TaskID.ValueString(), apiErrorDetail(err)))
			return
		}
		pipelineID = st.PipelineID
		if pipelineID == "" && templateTaskPhase(st) != wait.Failed {
			resp.Diagnostics.AddWarning("The template task is still running",
				fmt.Sprintf("Task %s is %s and has not created its pipeline yet; if it does, delete pipeline %q in CodeArts.",
					state.TaskID.ValueString(), st.TaskStatus, state.Workflow.Name.ValueString()))
		}
	}
	if pipelineID == "" {
		return
	}
	project := state.Workflow.ProjectID.ValueString()
	if err := deleteIdempotent(func() error { return c.DeletePipeline(ctx, project, pipelineID) }, codearts.IsPipelineGone); err != nil {
		addAPIError(&resp.Diagnostics, "Cannot delete the pipeline created from the template", err)
	}
}

// jsonObjectOf validates that a string is a JSON object whose values are
// all of one kind: "an object of strings" (flow: map<string,map<string,string>>)
// or "an object" (states: map<string,object>).
func jsonObjectOf(kind string) validator.String { return jsonObjectOfValidator{kind: kind} }

type jsonObjectOfValidator struct{ kind string }

func (v jsonObjectOfValidator) Description(context.Context) string {
	return "must be a JSON object whose values are each " + v.kind
}
func (v jsonObjectOfValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v jsonObjectOfValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || !json.Valid([]byte(req.ConfigValue.ValueString())) {
		return
	}
	var ok bool
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(req.ConfigValue.ValueString()), &m) == nil && len(m) > 0 {
		ok = true
		for _, raw := range m {
			if v.kind == "an object of strings" {
				var inner map[string]string
				ok = ok && json.Unmarshal(raw, &inner) == nil && inner != nil
			} else {
				var inner map[string]json.RawMessage
				ok = ok && json.Unmarshal(raw, &inner) == nil && inner != nil
			}
		}
	}
	if !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid JSON structure",
			fmt.Sprintf("The value must be a non-empty JSON object whose values are each %s.", v.kind))
	}
}
