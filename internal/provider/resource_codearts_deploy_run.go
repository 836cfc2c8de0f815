package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// deployIDPattern: task and record ids are 32 letters and digits (task_id and
// record_id of ShowDeployTaskDetail in the huaweicloud-sdk-go-v3 codeartsdeploy models).
var deployIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

// deployParamKeyPattern: letters, digits, -, _ and . (DynamicConfigInfo.key of
// the Deploy start-task API).
var deployParamKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

type deployRunInputs struct {
	TaskID                    types.String `tfsdk:"task_id"`
	Parameters                types.Map    `tfsdk:"parameters"`
	ParameterTypes            types.Map    `tfsdk:"parameter_types"`
	SecretParameters          types.Map    `tfsdk:"secret_parameters"`
	SecretParametersWO        types.Map    `tfsdk:"secret_parameters_wo"`
	SecretParametersWOVersion types.Int64  `tfsdk:"secret_parameters_wo_version"`
	RollbackRecordID          types.String `tfsdk:"rollback_record_id"`
	TriggerSource             types.String `tfsdk:"trigger_source"`
}

func (in *deployRunInputs) inputs() *deployRunInputs { return in }

// mergeWriteOnly and clearWriteOnly implement writeOnlyInputs: the engine
// copies secret_parameters_wo from the config before the start call and clears it
// before anything is stored.
func (in *deployRunInputs) mergeWriteOnly(from *deployRunInputs) {
	in.SecretParametersWO = from.SecretParametersWO
}
func (in *deployRunInputs) clearWriteOnly() { in.SecretParametersWO = types.MapNull(types.StringType) }

type deployRunOutputs struct {
	RecordID      types.String `tfsdk:"record_id"`
	JobName       types.String `tfsdk:"job_name"`
	AppComponents types.List   `tfsdk:"app_components"`
	Status        types.String `tfsdk:"status"`
	TaskName      types.String `tfsdk:"task_name"`
	Executor      types.String `tfsdk:"executor"`
	StartTime     types.String `tfsdk:"start_time"`
	EndTime       types.String `tfsdk:"end_time"`
	Duration      types.String `tfsdk:"duration"`
	CurrentStep   types.Int64  `tfsdk:"current_step"`
	Steps         types.List   `tfsdk:"steps"`
}

func (o *deployRunOutputs) outputs() *deployRunOutputs { return o }

type deployAppComponentModel struct {
	TaskID   types.String `tfsdk:"task_id"`
	AppID    types.String `tfsdk:"app_id"`
	AppName  types.String `tfsdk:"app_name"`
	CompID   types.String `tfsdk:"comp_id"`
	CompName types.String `tfsdk:"comp_name"`
	DomainID types.String `tfsdk:"domain_id"`
	Region   types.String `tfsdk:"region"`
	State    types.String `tfsdk:"state"`
}

var deployAppComponentAttrTypes = map[string]attr.Type{
	"task_id": types.StringType, "app_id": types.StringType, "app_name": types.StringType, "comp_id": types.StringType,
	"comp_name": types.StringType, "domain_id": types.StringType, "region": types.StringType, "state": types.StringType,
}

type deployStepModel struct {
	Name     types.String `tfsdk:"name"`
	Offset   types.Int64  `tfsdk:"offset"`
	Status   types.String `tfsdk:"status"`
	Duration types.String `tfsdk:"duration"`
	FAQURL   types.String `tfsdk:"faq_url"`
}

var deployStepAttrTypes = map[string]attr.Type{
	"name": types.StringType, "offset": types.Int64Type, "status": types.StringType, "duration": types.StringType, "faq_url": types.StringType,
}

type deployRunResourceModel struct {
	deployRunInputs
	deployRunOutputs
	runCommon
}

func newCodeArtsDeployRunResource() resource.Resource {
	return newRunResource[deployRunResourceModel](deployRunType)
}

func deployKeyValidators() []validator.String {
	return []validator.String{
		stringvalidator.UTF8LengthBetween(1, codearts.DeployParamKeyMax),
		stringvalidator.RegexMatches(deployParamKeyPattern, "may contain only letters, digits, -, _ and ."),
	}
}

func deployValueValidators() []validator.String {
	return []validator.String{stringvalidator.UTF8LengthAtMost(codearts.DeployParamValueMax), noSequences(codearts.DeployForbiddenSequences...)}
}

func deployParameterMapValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.KeysAre(deployKeyValidators()...),
		mapvalidator.ValueStringsAre(deployValueValidators()...),
	}
}

const deployRunLead = "Runs a CodeArts Deploy task (`POST /v2/tasks/{task_id}/start`) and waits for the deployment to finish, failing the apply when it fails. "

var deployRunType = &runType[deployRunInputs, deployRunOutputs]{
	name: "codearts_deploy_run",
	noun: "deployment",
	description: deployRunLead +
		"The deployment is started once: refresh reads its record and never starts another; change `triggers` (or any input) to deploy again. " +
		"Secret parameters go in `secret_parameters` (sensitive, kept in state) or, better, `secret_parameters_wo` (write-only, Terraform 1.11+, never stored): " +
		"they are sent as `encrypt` parameters and masked in every log line.",
	actionDescription: deployRunLead + "Each invocation starts exactly one new deployment. " +
		"Secret parameters go in `secret_parameters` or `secret_parameters_wo` (the same here: an action stores nothing): " +
		"they are sent as `encrypt` parameters and masked in every log line.",
	importID:        "`<task_id>/<record_id>`",
	progressExample: "deployment <record_id> of task <task_id>: step 1/4 'Download software package' done; step 2/4 'Stop service' running",
	inputs: map[string]inputSpec{
		"task_id": {kind: inString, required: true,
			desc: "Deployment task id: the application's `arrange_infos[0].id`, 32 letters and digits.",
			str:  []validator.String{stringvalidator.RegexMatches(deployIDPattern, "must be the deployment task's 32-character id (letters and digits)")}},
		"parameters": {kind: inStringMap,
			desc: fmt.Sprintf("Deployment parameters, name to value (sent in name order). Names use letters, digits, `-`, `_` and `.` (at most %d characters); values at most %d characters and must not contain %s. "+
				"Each is sent as type `text` unless `parameter_types` says otherwise. Secret values belong in `secret_parameters` / `secret_parameters_wo`.",
				codearts.DeployParamKeyMax, codearts.DeployParamValueMax, quoteList(codearts.DeployForbiddenSequences)),
			mapV: deployParameterMapValidators()},
		"parameter_types": {kind: inStringMap,
			desc: "The type of a parameter that is not `text`, name to type: `text` (the default), `host_group` or `enum` (the start body's `params[].type`). Every name must be in `parameters`.",
			mapV: []validator.Map{mapvalidator.SizeAtLeast(1), mapvalidator.ValueStringsAre(deployParamType())}},
		"secret_parameters": {kind: inStringMap, sensitive: true,
			desc:       "Secret parameters, name to value, sent with type `encrypt`. Sensitive: never shown in plans or logs, but kept in state; prefer `secret_parameters_wo`. Same name and value rules as `parameters`.",
			actionDesc: "Secret parameters, name to value, sent with type `encrypt` and masked in the provider's logs. Same name and value rules as `parameters`.",
			mapV:       deployParameterMapValidators()},
		"secret_parameters_wo": {kind: inStringMap, sensitive: true, writeOnly: true,
			desc: "Write-only secret parameters (Terraform 1.11+), sent with type `encrypt` and never stored in plan or state. " +
				"Changing them alone does not deploy again: bump `secret_parameters_wo_version` to do so.",
			actionDesc: "Secret parameters, name to value, sent with type `encrypt` like `secret_parameters` (in an action both are equally unstored).",
			mapV:       deployParameterMapValidators()},
		"secret_parameters_wo_version": {kind: inInt,
			desc:       "Any number; changing it starts a new deployment with the current `secret_parameters_wo`.",
			actionDesc: "Accepted for symmetry with the resource and ignored: every invocation starts a new deployment.",
			integer:    []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_parameters_wo"))}},
		"rollback_record_id": {kind: inString,
			desc:       "Deploy the state of a previous deployment record again (roll back): its 32-character record id, sent as the start body's `record_id`.",
			actionDesc: "Deploy what a previous deployment record deployed, again (roll back): its 32-character record id, sent as the start body's `record_id`.",
			str:        []validator.String{stringvalidator.RegexMatches(deployIDPattern, "must be a 32-character deployment record id (letters and digits)")}},
		"trigger_source": {kind: inString,
			desc: "Restrict who may deploy the task: `\"0\"` anyone, `\"1\"` only pipelines.",
			str:  []validator.String{stringvalidator.OneOf("0", "1")}},
	},
	outputs: map[string]schema.Attribute{
		"record_id":    computedString("Deployment record id (the start response's `id`)."),
		"job_name":     computedString("Name of the execution job, e.g. `job_<record_id>_<epoch ms>`."),
		"status":       computedString("Deployment status: `running`, `succeeded` or `failed`."),
		"task_name":    computedString("Name of the deployment task."),
		"executor":     computedString("Who started the deployment."),
		"start_time":   computedString("When the deployment started (RFC 3339, UTC)."),
		"end_time":     computedString("When the deployment ended (RFC 3339, UTC); null while it runs."),
		"duration":     computedString("How long the deployment ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null while it runs."),
		"current_step": computedInt("Position (from 1) of the step the deployment is at, or ended at."),
		"app_components": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: "AOM application components the task deploys (`app_component_list` of the start response). Not available after import.",
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"task_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Deployment task id."},
				"app_id":    schema.StringAttribute{Computed: true, MarkdownDescription: "AOM application id."},
				"app_name":  schema.StringAttribute{Computed: true, MarkdownDescription: "AOM application name."},
				"comp_id":   schema.StringAttribute{Computed: true, MarkdownDescription: "AOM component id."},
				"comp_name": schema.StringAttribute{Computed: true, MarkdownDescription: "AOM component name."},
				"domain_id": schema.StringAttribute{Computed: true, MarkdownDescription: "Tenant (domain) id."},
				"region":    schema.StringAttribute{Computed: true, MarkdownDescription: "Region."},
				"state":     schema.StringAttribute{Computed: true, MarkdownDescription: "`0` initialised, `1` effective."},
			}}},
		"steps": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: "The deployment's steps as last seen (`step_state`).",
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Step name."},
				"offset":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the step, from 1."},
				"status":   schema.StringAttribute{Computed: true, MarkdownDescription: "`pending`, `running`, `done`, `failed` or `skipped` (derived from the record's status and `current_offset`)."},
				"duration": schema.StringAttribute{Computed: true, MarkdownDescription: "How long the step ran, as a Go duration (e.g. `12s`; the step's `elapsed_time`, in milliseconds)."},
				"faq_url":  schema.StringAttribute{Computed: true, MarkdownDescription: "The service's troubleshooting page for a failed step."},
			}}},
	},
	validate:  validateDeployInputs,
	stoppable: true,
	identity:  []string{"record_id", "job_name", "app_components"},
	client:    func(pd *providerData) diag.Diagnostics { _, d := pd.CodeArts(); return d },
	start:     startDeploy,
	watch: func(pd *providerData, in *deployRunInputs, out *deployRunOutputs) run.Run {
		return pd.codearts.WatchDeploy(in.TaskID.ValueString(), out.RecordID.ValueString())
	},
	find: func(pd *providerData, in *deployRunInputs) run.StartFinder {
		task := in.TaskID.ValueString()
		return func(ctx context.Context, since time.Time) ([]run.Found, error) {
			rows, err := pd.codearts.FindStartedDeploys(ctx, task, since)
			return foundRuns(rows, err, func(r codearts.DeployHistoryRecord) run.Found {
				return run.Found{Run: pd.codearts.WatchDeploy(task, r.ExecutionID), Started: r.StartTime}
			})
		}
	},
	where:  func(in *deployRunInputs) string { return "the deployment history of task " + in.TaskID.ValueString() },
	record: recordDeploy,
	importState: func(id string) (map[string]attr.Value, error) {
		task, rec, ok := strings.Cut(id, "/")
		if !ok || !deployIDPattern.MatchString(task) || !deployIDPattern.MatchString(rec) {
			return nil, fmt.Errorf("%q is not <task_id>/<record_id> (two 32-character ids)", id)
		}
		return map[string]attr.Value{"task_id": types.StringValue(task), "record_id": types.StringValue(rec)}, nil
	},
}

func nullDeployOutputs() deployRunOutputs {
	n := types.StringNull()
	return deployRunOutputs{RecordID: n, JobName: n, Status: n, TaskName: n, Executor: n, StartTime: n, EndTime: n, Duration: n,
		CurrentStep:   types.Int64Null(),
		AppComponents: types.ListNull(types.ObjectType{AttrTypes: deployAppComponentAttrTypes}),
		Steps:         types.ListNull(types.ObjectType{AttrTypes: deployStepAttrTypes})}
}

// validateDeployInputs rejects a name given twice across parameters,
// secret_parameters and secret_parameters_wo (the service would get two
// values for one key), and a parameter_types name that is not a parameter.
func validateDeployInputs(_ context.Context, in *deployRunInputs) diag.Diagnostics {
	var diags diag.Diagnostics
	seen := map[string]string{}
	for _, m := range []struct {
		name string
		v    types.Map
	}{{"parameters", in.Parameters}, {"secret_parameters", in.SecretParameters}, {"secret_parameters_wo", in.SecretParametersWO}} {
		for _, k := range knownKeys(m.v) {
			if prev, dup := seen[k]; dup {
				addElementError(&diags, path.Root(m.name).AtMapKey(k), "Duplicate deployment parameter",
					fmt.Sprintf("parameter %q is also set in %s; give each name once.", k, prev))
				continue
			}
			seen[k] = m.name
		}
	}
	if !in.Parameters.IsUnknown() {
		for _, k := range knownKeys(in.ParameterTypes) {
			if _, ok := in.Parameters.Elements()[k]; !ok {
				addElementError(&diags, path.Root("parameter_types").AtMapKey(k), "Type of an unknown parameter",
					fmt.Sprintf("parameter_types names %q, which is not in parameters; add it to parameters or remove its type.", k))
			}
		}
	}
	return diags
}

// knownKeys is a known map's keys in order (none when null or unknown).
func knownKeys(m types.Map) []string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	keys := make([]string, 0, len(m.Elements()))
	for k := range m.Elements() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// startDeploy converts the inputs into a StartDeployRequest (parameters by
// name with their types, then the secret parameters by name, as encrypt)
// and starts the deployment.
func startDeploy(ctx context.Context, pd *providerData, in *deployRunInputs, diags *diag.Diagnostics) (run.Run, error) {
	client, d := pd.CodeArts()
	diags.Append(d...)
	req := codearts.StartDeployRequest{Params: []codearts.DeployParam{},
		RecordID: in.RollbackRecordID.ValueString(), TriggerSource: in.TriggerSource.ValueString()}
	kinds := map[string]string{}
	if !in.ParameterTypes.IsNull() && !in.ParameterTypes.IsUnknown() {
		diags.Append(in.ParameterTypes.ElementsAs(ctx, &kinds, false)...)
	}
	// A refusal names the request's params by index ("params[3].key"):
	// each index is the parameter written at some map key.
	var sent []inputRef
	for _, m := range []struct {
		v      types.Map
		secret bool
		name   string
	}{{in.Parameters, false, "parameters"}, {in.SecretParameters, true, "secret_parameters"}, {in.SecretParametersWO, true, "secret_parameters_wo"}} {
		vals := map[string]string{}
		if !m.v.IsNull() && !m.v.IsUnknown() {
			diags.Append(m.v.ElementsAs(ctx, &vals, false)...)
		}
		for _, k := range sortedKeys(vals) {
			t := codearts.DeployParamEncrypt
			if !m.secret {
				t = codearts.DeployParamText
				if kinds[k] != "" {
					t = kinds[k]
				}
			}
			sent = append(sent, inputRef{path: path.Root(m.name).AtMapKey(k), words: []string{fmt.Sprintf("params[%d]", len(req.Params))}})
			req.Params = append(req.Params, codearts.DeployParam{Key: k, Value: vals[k], Type: t})
		}
	}
	if diags.HasError() {
		return nil, nil
	}
	w, err := client.StartDeployment(ctx, in.TaskID.ValueString(), req)
	if err != nil {
		return nil, namingInputs(err, sent, mapKeyRefs("parameters", in.Parameters))
	}
	return w, nil
}

// recordDeploy writes what the deployment's observer saw into out.
func recordDeploy(ctx context.Context, r run.Run, out *deployRunOutputs, diags *diag.Diagnostics) {
	w, ok := watchOf[*codearts.DeployWatch](r, diags)
	if !ok {
		return
	}
	if out.RecordID.IsNull() || out.RecordID.IsUnknown() {
		// Just started, or adopted after an unclear start (no start reply).
		*out = nullDeployOutputs()
		out.RecordID = types.StringValue(w.RecordID)
	}
	if w.Started != nil && out.JobName.IsNull() {
		out.JobName = types.StringValue(w.Started.JobName)
		comps := make([]deployAppComponentModel, 0, len(w.Started.AppComponentList))
		for _, c := range w.Started.AppComponentList {
			comps = append(comps, deployAppComponentModel{TaskID: types.StringValue(c.TaskID), AppID: types.StringValue(c.AppID), AppName: types.StringValue(c.AppName),
				CompID: types.StringValue(c.CompID), CompName: types.StringValue(c.CompName), DomainID: types.StringValue(c.DomainID),
				Region: types.StringValue(c.Region), State: types.StringValue(c.State)})
		}
		var d diag.Diagnostics
		out.AppComponents, d = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: deployAppComponentAttrTypes}, comps)
		diags.Append(d...)
	}
	st := w.State
	if st == nil {
		return
	}
	out.Status = types.StringValue(st.Status)
	out.TaskName = optString(&st.TaskName)
	out.Executor = optString(&st.Executor)
	out.StartTime, out.EndTime, out.Duration = types.StringNull(), types.StringNull(), types.StringNull()
	if !w.Start.IsZero() {
		out.StartTime = types.StringValue(w.Start.UTC().Format(time.RFC3339))
	}
	if !w.End.IsZero() {
		out.EndTime = types.StringValue(w.End.UTC().Format(time.RFC3339))
		if dur := w.Duration(); dur != "" {
			out.Duration = types.StringValue(dur)
		}
	}
	out.CurrentStep = types.Int64Null()
	if w.Current > 0 {
		out.CurrentStep = types.Int64Value(w.Current)
	}
	steps := make([]deployStepModel, 0, len(w.Steps))
	for _, s := range w.Steps {
		dur := types.StringNull()
		if s.Elapsed != nil {
			dur = types.StringValue(wait.FormatDuration(*s.Elapsed))
		}
		steps = append(steps, deployStepModel{Name: types.StringValue(s.Name), Offset: types.Int64Value(s.Offset), Status: types.StringValue(s.Status),
			Duration: dur, FAQURL: optString(&s.FAQURL)})
	}
	var d diag.Diagnostics
	out.Steps, d = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: deployStepAttrTypes}, steps)
	diags.Append(d...)
}

// noSequences rejects strings containing any of seqs. The message never
// echoes the value (it may be a secret).
func noSequences(seqs ...string) validator.String { return noSequencesValidator{seqs: seqs} }

type noSequencesValidator struct{ seqs []string }

func (v noSequencesValidator) Description(context.Context) string {
	return "must not contain " + strings.Join(v.seqs, ", ")
}
func (v noSequencesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v noSequencesValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, s := range v.seqs {
		if strings.Contains(req.ConfigValue.ValueString(), s) {
			addElementError(&resp.Diagnostics, req.Path, "Forbidden sequence in a deployment parameter",
				fmt.Sprintf("the value contains %q; CodeArts Deploy rejects values containing %s (template syntax).", s, strings.Join(v.seqs, ", ")))
			return
		}
	}
}

// deployParamType accepts text, host_group and enum; encrypt is refused with
// a pointer to the secret attributes.
func deployParamType() validator.String { return deployParamTypeValidator{} }

type deployParamTypeValidator struct{}

func (deployParamTypeValidator) Description(context.Context) string {
	return "must be text, host_group or enum"
}
func (v deployParamTypeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (deployParamTypeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch t := req.ConfigValue.ValueString(); t {
	case codearts.DeployParamText, codearts.DeployParamHostGroup, codearts.DeployParamEnum:
	case codearts.DeployParamEncrypt:
		addElementError(&resp.Diagnostics, req.Path, "Secret parameter type",
			"parameters of type encrypt are secrets: put them in secret_parameters_wo (write-only) or secret_parameters (sensitive) so that they never appear in plans, logs or state.")
	default:
		addElementError(&resp.Diagnostics, req.Path, "Invalid deployment parameter type",
			fmt.Sprintf("parameter type %q is not one of text, host_group, enum.", t))
	}
}
