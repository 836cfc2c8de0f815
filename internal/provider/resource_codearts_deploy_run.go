package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// deployIDPattern: task and record ids are 32 letters and digits (the Deploy API page ShowDeployStatus).
var deployIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)

// deployParamKeyPattern: letters, digits, -, _ and . (the deployment API page).
var deployParamKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

type deployParamModel struct {
	Key   types.String `tfsdk:"key"`
	Value types.String `tfsdk:"value"`
	Type  types.String `tfsdk:"type"`
}

var deployParamAttrTypes = map[string]attr.Type{"key": types.StringType, "value": types.StringType, "type": types.StringType}

type deployRunInputs struct {
	TaskID                types.String `tfsdk:"task_id"`
	Params                types.List   `tfsdk:"params"`
	SecretParams          types.Map    `tfsdk:"secret_params"`
	SecretParamsWO        types.Map    `tfsdk:"secret_params_wo"`
	SecretParamsWOVersion types.Int64  `tfsdk:"secret_params_wo_version"`
	RollbackRecordID      types.String `tfsdk:"rollback_record_id"`
	TriggerSource         types.String `tfsdk:"trigger_source"`
}

// mergeWriteOnly and clearWriteOnly implement writeOnlyInputs: the engine
// copies secret_params_wo from the config before the start call and clears it
// before anything is stored.
func (in *deployRunInputs) mergeWriteOnly(from *deployRunInputs) {
	in.SecretParamsWO = from.SecretParamsWO
}
func (in *deployRunInputs) clearWriteOnly() { in.SecretParamsWO = types.MapNull(types.StringType) }

func (in *deployRunInputs) importAttributes() map[string]any {
	return map[string]any{"task_id": in.TaskID}
}

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

func (o *deployRunOutputs) importAttributes() map[string]any {
	return map[string]any{"record_id": o.RecordID}
}

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
	Name        types.String `tfsdk:"name"`
	Offset      types.Int64  `tfsdk:"offset"`
	Status      types.String `tfsdk:"status"`
	ElapsedTime types.String `tfsdk:"elapsed_time"`
	FAQURL      types.String `tfsdk:"faq_url"`
}

var deployStepAttrTypes = map[string]attr.Type{
	"name": types.StringType, "offset": types.Int64Type, "status": types.StringType, "elapsed_time": types.StringType, "faq_url": types.StringType,
}

type deployRunResourceModel struct {
	deployRunInputs
	deployRunOutputs
	runCommon
	ID types.String `tfsdk:"id"`
}

type deployRunActionModel struct {
	deployRunInputs
	actionCommon
}

func newCodeArtsDeployRunResource() resource.Resource {
	return &runResource[deployRunResourceModel, deployRunInputs, deployRunOutputs]{
		rt: deployRunType,
		parts: func(m *deployRunResourceModel) (*deployRunInputs, *deployRunOutputs, *runCommon, *types.String) {
			return &m.deployRunInputs, &m.deployRunOutputs, &m.runCommon, &m.ID
		},
	}
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

func deploySecretMapValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.KeysAre(deployKeyValidators()...),
		mapvalidator.ValueStringsAre(deployValueValidators()...),
	}
}

var deployRunType = &runType[deployRunInputs, deployRunOutputs]{
	name: "codearts_deploy_run",
	noun: "deployment",
	description: "Runs a CodeArts Deploy task (`POST /v2/tasks/{task_id}/start`) and waits for the deployment to finish, failing the apply when it fails. " +
		"The deployment is started once: refresh reads its record and never starts another; change `triggers` (or any input) to deploy again. " +
		"Secret parameters go in `secret_params` (sensitive, kept in state) or, better, `secret_params_wo` (write-only, Terraform 1.11+, never stored): " +
		"they are sent as `encrypt` parameters and masked in every log line.",
	importID: "`<task_id>/<record_id>`",
	inputs: map[string]inputSpec{
		"task_id": {kind: inString, required: true,
			desc: "Deployment task id: the application's `arrange_infos[0].id`, 32 letters and digits.",
			str:  []validator.String{stringvalidator.RegexMatches(deployIDPattern, "must be the deployment task's 32-character id (letters and digits)")}},
		"params": {kind: inObjectList,
			desc: fmt.Sprintf("Deployment parameters, sent in this order. Keys use letters, digits, `-`, `_` and `.` (at most %d characters); values at most %d characters and must not contain %s. "+
				"Secret values belong in `secret_params` / `secret_params_wo`.", codearts.DeployParamKeyMax, codearts.DeployParamValueMax, quoteList(codearts.DeployForbiddenSequences)),
			list: []validator.List{listvalidator.SizeAtLeast(1)},
			attrs: map[string]inputSpec{
				"key":   {kind: inString, required: true, desc: "Parameter name.", str: deployKeyValidators()},
				"value": {kind: inString, required: true, desc: "Parameter value.", str: deployValueValidators()},
				"type": {kind: inString, required: true, desc: "Parameter type: `text`, `host_group` or `enum`.",
					str: []validator.String{deployParamType()}},
			}},
		"secret_params": {kind: inStringMap, sensitive: true,
			desc: "Secret parameters, name to value, sent with type `encrypt`. Sensitive: never shown in plans or logs, but kept in state; prefer `secret_params_wo`. Same key and value rules as `params`.",
			mapV: deploySecretMapValidators()},
		"secret_params_wo": {kind: inStringMap, sensitive: true, writeOnly: true,
			desc: "Write-only secret parameters (Terraform 1.11+), sent with type `encrypt` and never stored in plan or state. " +
				"Changing them alone does not deploy again: bump `secret_params_wo_version` to do so.",
			mapV: deploySecretMapValidators()},
		"secret_params_wo_version": {kind: inInt,
			desc:    "Any number; changing it starts a new deployment with the current `secret_params_wo`.",
			integer: []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_params_wo"))}},
		"rollback_record_id": {kind: inString,
			desc: "Deploy the state of a previous deployment record again (roll back): its 32-character record id, sent as the start body's `record_id`.",
			str:  []validator.String{stringvalidator.RegexMatches(deployIDPattern, "must be a 32-character deployment record id (letters and digits)")}},
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
		"end_time":     computedString("When the deployment ended (RFC 3339, UTC)."),
		"duration":     computedString("How long the deployment ran, e.g. `1m40s`."),
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
				"name":         schema.StringAttribute{Computed: true, MarkdownDescription: "Step name."},
				"offset":       schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the step, from 1."},
				"status":       schema.StringAttribute{Computed: true, MarkdownDescription: "`pending`, `running`, `done`, `failed` or `skipped` (derived from the record's status and `current_offset`)."},
				"elapsed_time": schema.StringAttribute{Computed: true, MarkdownDescription: "How long the step ran, e.g. `12s`."},
				"faq_url":      schema.StringAttribute{Computed: true, MarkdownDescription: "The service's troubleshooting page for a failed step."},
			}}},
	},
	validate: validateDeployInputs,
	client:   func(pd *providerData) diag.Diagnostics { _, d := pd.CodeArts(); return d },
	start: func(ctx context.Context, pd *providerData, in *deployRunInputs, out *deployRunOutputs) (string, error) {
		client, _ := pd.CodeArts()
		task := in.TaskID.ValueString()
		req := codearts.StartDeployRequest{Params: []codearts.DeployParam{},
			RecordID: in.RollbackRecordID.ValueString(), TriggerSource: in.TriggerSource.ValueString()}
		var params []deployParamModel
		if !in.Params.IsNull() && !in.Params.IsUnknown() {
			if d := in.Params.ElementsAs(ctx, &params, false); d.HasError() {
				return "", fmt.Errorf("reading params: %v", d)
			}
		}
		for _, p := range params {
			req.Params = append(req.Params, codearts.DeployParam{Key: p.Key.ValueString(), Value: p.Value.ValueString(), Type: p.Type.ValueString()})
		}
		for _, m := range []types.Map{in.SecretParams, in.SecretParamsWO} {
			secrets := map[string]string{}
			if !m.IsNull() && !m.IsUnknown() {
				m.ElementsAs(ctx, &secrets, false)
			}
			keys := make([]string, 0, len(secrets))
			for k := range secrets {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				req.Params = append(req.Params, codearts.DeployParam{Key: k, Value: secrets[k], Type: codearts.DeployParamEncrypt})
			}
		}
		resp, err := client.StartDeploy(ctx, task, req)
		if err != nil {
			return "", err
		}
		*out = nullDeployOutputs()
		out.RecordID = types.StringValue(resp.ID)
		out.JobName = types.StringValue(resp.JobName)
		comps := make([]deployAppComponentModel, 0, len(resp.AppComponentList))
		for _, c := range resp.AppComponentList {
			comps = append(comps, deployAppComponentModel{TaskID: types.StringValue(c.TaskID), AppID: types.StringValue(c.AppID), AppName: types.StringValue(c.AppName),
				CompID: types.StringValue(c.CompID), CompName: types.StringValue(c.CompName), DomainID: types.StringValue(c.DomainID),
				Region: types.StringValue(c.Region), State: types.StringValue(c.State)})
		}
		out.AppComponents, _ = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: deployAppComponentAttrTypes}, comps)
		return task + "/" + resp.ID, nil
	},
	observe: observeDeploy,
	stop: func(ctx context.Context, pd *providerData, in *deployRunInputs, out *deployRunOutputs) error {
		client, _ := pd.CodeArts()
		return client.StopDeploy(ctx, in.TaskID.ValueString(), out.RecordID.ValueString())
	},
	importState: func(id string, in *deployRunInputs, out *deployRunOutputs) error {
		task, rec, ok := strings.Cut(id, "/")
		if !ok || !deployIDPattern.MatchString(task) || !deployIDPattern.MatchString(rec) {
			return fmt.Errorf("%q is not <task_id>/<record_id> (two 32-character ids)", id)
		}
		*in = deployRunInputs{TaskID: types.StringValue(task), Params: types.ListNull(types.ObjectType{AttrTypes: deployParamAttrTypes}),
			SecretParams: types.MapNull(types.StringType), SecretParamsWO: types.MapNull(types.StringType)}
		*out = nullDeployOutputs()
		out.RecordID = types.StringValue(rec)
		return nil
	},
	label: func(in *deployRunInputs, out *deployRunOutputs) string {
		return fmt.Sprintf("deployment %s of task %s", out.RecordID.ValueString(), in.TaskID.ValueString())
	},
	notFound: func(err error) bool { return codearts.IsNotFound(err, codearts.DeployNotFoundCodes...) },
	findStarted: &startLookup[deployRunInputs, deployRunOutputs]{
		where: func(in *deployRunInputs) string { return "the deployment history of task " + in.TaskID.ValueString() },
		find: func(ctx context.Context, pd *providerData, in *deployRunInputs, since time.Time) ([]startCandidate[deployRunOutputs], error) {
			client, _ := pd.CodeArts()
			task := in.TaskID.ValueString()
			rows, err := client.FindStartedDeploys(ctx, task, since)
			var out []startCandidate[deployRunOutputs]
			for _, r := range rows {
				o := nullDeployOutputs()
				o.RecordID = types.StringValue(r.ExecutionID)
				out = append(out, startCandidate[deployRunOutputs]{id: task + "/" + r.ExecutionID, started: r.StartTime, out: o})
			}
			return out, err
		},
	},
}

func nullDeployOutputs() deployRunOutputs {
	n := types.StringNull()
	return deployRunOutputs{RecordID: n, JobName: n, Status: n, TaskName: n, Executor: n, StartTime: n, EndTime: n, Duration: n,
		CurrentStep:   types.Int64Null(),
		AppComponents: types.ListNull(types.ObjectType{AttrTypes: deployAppComponentAttrTypes}),
		Steps:         types.ListNull(types.ObjectType{AttrTypes: deployStepAttrTypes})}
}

// validateDeployInputs rejects a key given twice across params, secret_params
// and secret_params_wo (the service would get two values for one key).
func validateDeployInputs(ctx context.Context, in *deployRunInputs) diag.Diagnostics {
	var diags diag.Diagnostics
	seen := map[string]string{}
	add := func(key, where string, p path.Path) {
		if prev, dup := seen[key]; dup {
			diags.AddAttributeError(p, "Duplicate deployment parameter",
				fmt.Sprintf("Parameter %q is set in both %s and %s; give each key once.", key, prev, where))
			return
		}
		seen[key] = where
	}
	if !in.Params.IsNull() && !in.Params.IsUnknown() {
		for i, e := range in.Params.Elements() {
			obj, ok := e.(types.Object)
			if !ok || obj.IsNull() || obj.IsUnknown() {
				continue
			}
			if k, ok := obj.Attributes()["key"].(types.String); ok && !k.IsNull() && !k.IsUnknown() {
				add(k.ValueString(), "params", path.Root("params").AtListIndex(i).AtName("key"))
			}
		}
	}
	for _, m := range []struct {
		name string
		v    types.Map
	}{{"secret_params", in.SecretParams}, {"secret_params_wo", in.SecretParamsWO}} {
		if m.v.IsNull() || m.v.IsUnknown() {
			continue
		}
		keys := make([]string, 0, len(m.v.Elements()))
		for k := range m.v.Elements() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			add(k, m.name, path.Root(m.name).AtMapKey(k))
		}
	}
	return diags
}

// Deployment statuses (the deployment state API page: running|succeeded|failed). A stopped
// deployment reports "failed"; the cancel words are accepted defensively.
var deployPhases = wait.Phases{
	codearts.DeployRunning:   wait.Running,
	codearts.DeploySucceeded: wait.Succeeded,
	codearts.DeployFailed:    wait.Failed,
	"canceled":               wait.Cancelled,
	"cancelled":              wait.Cancelled,
	"stopped":                wait.Cancelled,
	"aborted":                wait.Cancelled,
}

// observeDeploy reads a deployment record's state once. The observation's
// status carries the current step ("running (step 2/4)") so that the engine
// reports progress each time a step ends; its message narrates the steps
// that ended since the last look.
func observeDeploy(ctx context.Context, pd *providerData, in *deployRunInputs, out *deployRunOutputs) (wait.Observation[struct{}], error) {
	client, _ := pd.CodeArts()
	st, err := client.GetDeployState(ctx, in.TaskID.ValueString(), out.RecordID.ValueString())
	if err != nil {
		return wait.Observation[struct{}]{}, err
	}
	prevDone := map[int64]bool{}
	var prev []deployStepModel
	if !out.Steps.IsNull() && !out.Steps.IsUnknown() {
		out.Steps.ElementsAs(ctx, &prev, false)
	}
	for _, s := range prev {
		if s.Status.ValueString() == "done" {
			prevDone[s.Offset.ValueInt64()] = true
		}
	}

	phase := deployPhases.Of(st.Status)
	steps, current := deploySteps(st, phase)
	out.Status = types.StringValue(st.Status)
	out.TaskName = optString(&st.TaskName)
	out.Executor = optString(&st.Executor)
	start, startOK := parseDeployTime(st.StartTime)
	end, endOK := parseDeployTime(st.EndTime)
	out.StartTime, out.EndTime, out.Duration = types.StringNull(), types.StringNull(), types.StringNull()
	if startOK {
		out.StartTime = types.StringValue(start.UTC().Format(time.RFC3339))
	}
	if endOK && phase.Terminal() {
		out.EndTime = types.StringValue(end.UTC().Format(time.RFC3339))
		if startOK {
			out.Duration = types.StringValue(wait.FormatDuration(end.Sub(start)))
		}
	}
	out.CurrentStep = types.Int64Null()
	if current > 0 {
		out.CurrentStep = types.Int64Value(current)
	}
	out.Steps, _ = types.ListValueFrom(ctx, types.ObjectType{AttrTypes: deployStepAttrTypes}, steps)

	total := len(steps)
	var parts []string
	for _, s := range steps {
		n := s.Offset.ValueInt64()
		switch s.Status.ValueString() {
		case "done":
			if !prevDone[n] {
				parts = append(parts, fmt.Sprintf("step %d/%d '%s' done", n, total, s.Name.ValueString()))
			}
		case "running":
			parts = append(parts, fmt.Sprintf("step %d/%d '%s' running", n, total, s.Name.ValueString()))
		case "failed":
			msg := fmt.Sprintf("step %d/%d '%s' failed", n, total, s.Name.ValueString())
			if u := s.FAQURL.ValueString(); u != "" {
				msg += " (troubleshooting: " + u + ")"
			}
			parts = append(parts, msg)
		}
	}
	status := st.Status
	switch {
	case phase == wait.Succeeded:
		parts = append(parts, fmt.Sprintf("deployment succeeded (%d/%d steps)", countDone(steps), total))
	case !phase.Terminal() && current > 0 && total > 0:
		status = fmt.Sprintf("%s (step %d/%d)", st.Status, current, total)
	}
	if d := out.Duration.ValueString(); d != "" && phase.Terminal() {
		parts = append(parts, "after "+d)
	}
	if phase == wait.Unknown {
		// Let the engine report the word the service used.
		status = st.Status
	}
	return wait.Observation[struct{}]{Status: status, Phase: phase, Message: strings.Join(parts, ", ")}, nil
}

func countDone(steps []deployStepModel) int {
	n := 0
	for _, s := range steps {
		if s.Status.ValueString() == "done" {
			n++
		}
	}
	return n
}

// deploySteps derives each step's status. StepInfo carries no per-step status;
// the rule (the docs name the fields only): `offset` is the step's position,
// `current_offset` the position the deployment is at; steps before it are
// done, the step at it is running (or failed, when the deployment failed, or
// done, when it succeeded), later ones are pending (skipped once the
// deployment ended). `enable` false means skipped.
func deploySteps(st *codearts.DeployState, phase wait.Phase) ([]deployStepModel, int64) {
	var current int64
	for _, s := range st.StepState {
		if c, ok := s.CurrentOffset.Int(); ok && c > current {
			current = c
		}
	}
	steps := make([]deployStepModel, 0, len(st.StepState))
	for i, s := range st.StepState {
		off, ok := s.Offset.Int()
		if !ok {
			off = int64(i + 1)
		}
		status := "pending"
		switch {
		case !s.Enable.Bool(true):
			status = "skipped"
		case off < current:
			status = "done"
		case off == current:
			switch phase {
			case wait.Succeeded:
				status = "done"
			case wait.Failed, wait.Cancelled:
				status = "failed"
			default:
				status = "running"
			}
		case phase.Terminal():
			status = "skipped"
		}
		if phase == wait.Succeeded && s.Enable.Bool(true) {
			status = "done"
		}
		elapsed := types.StringNull()
		if ms, ok := s.ElapsedTime.Int(); ok && (ms > 0 || status == "done") {
			elapsed = types.StringValue(wait.FormatDuration(time.Duration(ms) * time.Millisecond))
		}
		steps = append(steps, deployStepModel{Name: types.StringValue(s.Name), Offset: types.Int64Value(off), Status: types.StringValue(status),
			ElapsedTime: elapsed, FAQURL: optString(&s.FAQURL)})
	}
	return steps, current
}

// deployTimeZone: Deploy times are "yyyy-MM-dd HH:mm:ss" without a zone
// (the Deploy API pages); they are read as China Standard Time (UTC+8), the zone
// of the CodeArts console.
var deployTimeZone = time.FixedZone("CST", 8*60*60)

func parseDeployTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04:05", s, deployTimeZone); err == nil {
		return t, true
	}
	for _, l := range apiTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
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
			resp.Diagnostics.AddAttributeError(req.Path, "Forbidden sequence in a deployment parameter",
				fmt.Sprintf("The value contains %q; CodeArts Deploy rejects values containing %s (template syntax).", s, strings.Join(v.seqs, ", ")))
			return
		}
	}
}

// deployParamType accepts text, host_group and enum; encrypt is refused with
// a pointer to the sensitive attributes.
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
		resp.Diagnostics.AddAttributeError(req.Path, "Secret parameter in params",
			"Parameters of type encrypt are secrets: put them in secret_params_wo (write-only) or secret_params (sensitive) so that they never appear in plans, logs or state.")
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid deployment parameter type",
			fmt.Sprintf("Parameter type %q is not one of text, host_group, enum.", t))
	}
}
