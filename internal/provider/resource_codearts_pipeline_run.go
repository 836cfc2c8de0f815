package provider

import (
	"context"
	"fmt"
	"regexp"
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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
)

// pipelineHexIDPattern: CodeArts project, pipeline and run ids are 32
// hexadecimal characters (the ids in the console URLs and in the API's
// examples).
var pipelineHexIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// runVariableNamePattern: pipeline variables follow the template variable rule
// (letters, digits and underscores, at most TemplateVariableNameMax).
var runVariableNamePattern = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

type pipelineRunInputs struct {
	ProjectID                 types.String `tfsdk:"project_id"`
	PipelineID                types.String `tfsdk:"pipeline_id"`
	Sources                   types.List   `tfsdk:"sources"`
	Parameters                types.Map    `tfsdk:"parameters"`
	SecretParameters          types.Map    `tfsdk:"secret_parameters"`
	SecretParametersWO        types.Map    `tfsdk:"secret_parameters_wo"`
	SecretParametersWOVersion types.Int64  `tfsdk:"secret_parameters_wo_version"`
	ChooseStages              types.List   `tfsdk:"choose_stages"`
	ChooseJobs                types.List   `tfsdk:"choose_jobs"`
	Description               types.String `tfsdk:"description"`
}

func (in *pipelineRunInputs) inputs() *pipelineRunInputs { return in }

type pipelineRunSourceModel struct {
	GitType       types.String `tfsdk:"git_type"`
	GitURL        types.String `tfsdk:"git_url"`
	CodehubID     types.String `tfsdk:"codehub_id"`
	DefaultBranch types.String `tfsdk:"default_branch"`
	Alias         types.String `tfsdk:"alias"`
	EndpointID    types.String `tfsdk:"endpoint_id"`
	BuildType     types.String `tfsdk:"build_type"`
	TargetBranch  types.String `tfsdk:"target_branch"`
	Tag           types.String `tfsdk:"tag"`
	EventType     types.String `tfsdk:"event_type"`
}

// Write-only secret parameters come from the config and are dropped once the
// run has started (writeOnlyInputs).
func (in *pipelineRunInputs) mergeWriteOnly(from *pipelineRunInputs) {
	in.SecretParametersWO = from.SecretParametersWO
}

func (in *pipelineRunInputs) clearWriteOnly() {
	in.SecretParametersWO = types.MapNull(types.StringType)
}

type pipelineRunOutputs struct {
	PipelineRunID types.String `tfsdk:"pipeline_run_id"`
	RunNumber     types.Int64  `tfsdk:"run_number"`
	Status        types.String `tfsdk:"status"`
	Stages        types.List   `tfsdk:"stages"`
	StartTime     types.String `tfsdk:"start_time"`
	EndTime       types.String `tfsdk:"end_time"`
	Duration      types.String `tfsdk:"duration"`
	DetailURL     types.String `tfsdk:"detail_url"`
	Queued        types.Bool   `tfsdk:"queued"`
}

func (o *pipelineRunOutputs) outputs() *pipelineRunOutputs { return o }

type pipelineRunResourceModel struct {
	pipelineRunInputs
	pipelineRunOutputs
	runCommon
}

func newCodeArtsPipelineRunResource() resource.Resource {
	return newRunResource[pipelineRunResourceModel](pipelineRunType)
}

var pipelineRunSourceSpecs = map[string]inputSpec{
	"git_type": {kind: inString, required: true, desc: "Repository type: " + quoteList(codearts.RunGitTypes) + ".",
		str: []validator.String{stringvalidator.OneOf(codearts.RunGitTypes...)}},
	"git_url": {kind: inString, required: true, desc: "Repository HTTPS address.",
		str: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
	"codehub_id":     {kind: inString, desc: "CodeArts Repo repository id (CodeArts Repo sources).", str: nonBlankString()},
	"default_branch": {kind: inString, desc: "The repository's default branch.", str: nonBlankString()},
	"alias":          {kind: inString, desc: "The source's alias in the pipeline (multi-repository pipelines).", str: nonBlankString()},
	"endpoint_id":    {kind: inString, desc: "Service endpoint id (third-party repositories).", str: nonBlankString()},
	"build_type": {kind: inString, required: true, desc: "Build from a branch or a tag: `branch` or `tag`.",
		str: []validator.String{stringvalidator.OneOf(codearts.RunBuildTypes...)}},
	"target_branch": {kind: inString, desc: "Branch to run (with `build_type = \"branch\"`).",
		str: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
	"tag": {kind: inString, desc: "Tag to run; required with `build_type = \"tag\"`.",
		str: []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}},
	"event_type": {kind: inString, desc: "Event recorded as the trigger: " + quoteList(codearts.RunEventTypes) + ". The service defaults to `Manual`.",
		str: []validator.String{stringvalidator.OneOf(codearts.RunEventTypes...)}},
}

var pipelineStageAttrTypes = map[string]attr.Type{
	"name": types.StringType, "identifier": types.StringType, "sequence": types.Int64Type,
	"status": types.StringType, "start_time": types.StringType, "end_time": types.StringType,
}

var pipelineStageObjectType = types.ObjectType{AttrTypes: pipelineStageAttrTypes}

func pipelineRunVariableValidators() []validator.Map {
	return []validator.Map{
		mapvalidator.KeysAre(
			stringvalidator.UTF8LengthBetween(1, codearts.TemplateVariableNameMax),
			stringvalidator.RegexMatches(runVariableNamePattern, "must contain only letters, digits and underscores"),
		),
		mapvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtMost(codearts.RunVariableValueMax)),
	}
}

func chooseListValidators(conflict string) []validator.List {
	v := []validator.List{
		listvalidator.SizeAtLeast(1),
		listvalidator.UniqueValues(),
		listvalidator.ValueStringsAre(stringvalidator.UTF8LengthAtLeast(1), notBlank),
	}
	if conflict != "" {
		v = append(v, listvalidator.ConflictsWith(path.MatchRoot(conflict)))
	}
	return v
}

const (
	pipelineRunLead = "Runs a CodeArts pipeline (`POST /v5/{project_id}/api/pipelines/{pipeline_id}/run`) and waits for the run to finish, " +
		"failing the apply when it fails (the diagnostic names the failed stage and job, their message and the last lines of the failed step's log). "
	pipelineRunStatusesFmt = "**Queueing.** When the pipeline's or the tenant's concurrency is exhausted the service queues the run " +
		"(`DEVPIPE.00011169` / `DEVPIPE.00011170`): that is a started run, not an error. %s wait reports it as queued until it runs.\n\n" +
		"**Statuses.** `COMPLETED` succeeds; `FAILED` fails; `CANCELED` is an aborted run; `IGNORED` (the service skipped the run, " +
		"so nothing it would build or deploy was done) is treated as aborted too: an error, or a warning with `wait { fail_on_error = false }`. " +
		"`PAUSED` / `SUSPEND` (a manual review or delay) keep the wait going, reported with the stage and job that wait: " +
		"pass the review in the console, or the wait ends at `timeouts.%s` (and the run is stopped when `wait.stop_on_timeout`).\n\n"
)

var pipelineRunType = &runType[pipelineRunInputs, pipelineRunOutputs]{
	name: "codearts_pipeline_run",
	noun: "pipeline run",
	description: pipelineRunLead +
		"The run is started once: refresh reads its detail and never starts another; change `triggers` (or any input) to run again.\n\n" +
		fmt.Sprintf(pipelineRunStatusesFmt, "Its id is recorded, `queued` is `true`, and the", "create") +
		"**Secret parameters.** `secret_parameters_wo` (write-only, Terraform 1.11 and later) is sent but never stored; " +
		"change `secret_parameters_wo_version` to run again with new values. `secret_parameters` is sensitive (hidden in plans) but stored in the state.",
	actionDescription: pipelineRunLead + "Each invocation starts exactly one new run.\n\n" + fmt.Sprintf(pipelineRunStatusesFmt, "The", "invoke") +
		"**Secret parameters.** `secret_parameters` and `secret_parameters_wo` are sent the same way and masked in the provider's logs; an action stores neither.",
	importID:        "`<project_id>/<pipeline_id>/<pipeline_run_id>`",
	progressExample: "pipeline run 3 of pipeline <pipeline_id>: stage 'Build' COMPLETED; stage 'Test' running",
	inputs: map[string]inputSpec{
		"project_id": {kind: inString, required: true,
			desc: "CodeArts project id: the 32 hexadecimal characters after `/project/` in the console URL (not the IAM project id).",
			str:  []validator.String{stringvalidator.RegexMatches(pipelineHexIDPattern, "must be the CodeArts project's 32-character hexadecimal id")}},
		"pipeline_id": {kind: inString, required: true,
			desc: "Pipeline id: 32 hexadecimal characters, e.g. `cicd_codearts_pipeline.<name>.id` (or see `cicd_codearts_pipelines`).",
			str:  []validator.String{stringvalidator.RegexMatches(pipelineHexIDPattern, "must be the pipeline's 32-character hexadecimal id")}},
		"sources": {kind: inObjectList, attrs: pipelineRunSourceSpecs,
			desc: "Code sources of the run (sent as `type = \"code\"`). Omit to run the pipeline's configured sources.",
			list: []validator.List{listvalidator.SizeAtLeast(1)}},
		"parameters": {kind: inStringMap,
			desc: fmt.Sprintf("Run parameters (the pipeline's custom variables, the run body's `variables`), name to value. Names: letters, digits and `_` (at most %d characters); values at most %d characters.",
				codearts.TemplateVariableNameMax, codearts.RunVariableValueMax),
			mapV: pipelineRunVariableValidators()},
		"secret_parameters": {kind: inStringMap, sensitive: true,
			desc: "Secret run parameters, name to value: sent like `parameters` and masked in the provider's logs. Sensitive (hidden in plans) " +
				"but stored in the state; prefer `secret_parameters_wo`. Conflicts with it.",
			actionDesc: "Secret run parameters, name to value: sent like `parameters` and masked in the provider's logs. Conflicts with `secret_parameters_wo`.",
			mapV:       append(pipelineRunVariableValidators(), mapvalidator.ConflictsWith(path.MatchRoot("secret_parameters_wo")))},
		"secret_parameters_wo": {kind: inStringMap, sensitive: true, writeOnly: true,
			desc: "Secret run parameters, write-only (Terraform 1.11 and later): sent when the run starts, never stored in the plan or state. " +
				"Terraform cannot see changes to it: change `secret_parameters_wo_version` to start a new run with new values.",
			actionDesc: "Secret run parameters, name to value, sent like `secret_parameters` (in an action both are equally unstored).",
			mapV:       pipelineRunVariableValidators()},
		"secret_parameters_wo_version": {kind: inInt,
			desc:       "Any number; changing it starts a new run (sending `secret_parameters_wo` again).",
			actionDesc: "Accepted for symmetry with the resource and ignored: every invocation starts a new run.",
			integer:    []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("secret_parameters_wo"))}},
		"choose_stages": {kind: inStringList,
			desc: "Run only these stages (stage identifiers). Conflicts with `choose_jobs` (the service ignores `choose_jobs` when both are sent).",
			list: chooseListValidators("choose_jobs")},
		"choose_jobs": {kind: inStringList, desc: "Run only these jobs (job identifiers).", list: chooseListValidators("")},
		"description": {kind: inString, desc: fmt.Sprintf("Description of the run (at most %d characters).", codearts.RunDescriptionMax),
			str: []validator.String{stringvalidator.UTF8LengthAtMost(codearts.RunDescriptionMax)}},
	},
	outputs: map[string]schema.Attribute{
		"pipeline_run_id": computedString("Run id (32 characters)."),
		"run_number":      computedInt("Run number (1, 2, …) within the pipeline."),
		"status": computedString("Run status as the service reports it: `COMPLETED`, `FAILED`, `CANCELED`, `IGNORED`, " +
			"or while it is not finished `QUEUED`, `RUNNING`, `PAUSED`, `SUSPEND`."),
		"stages": schema.ListNestedAttribute{Computed: true,
			MarkdownDescription: "The run's stages, in order, as last seen.",
			PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":       schema.StringAttribute{Computed: true, MarkdownDescription: "Stage name."},
				"identifier": schema.StringAttribute{Computed: true, MarkdownDescription: "Stage identifier (what `choose_stages` takes)."},
				"sequence":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the stage, from 0."},
				"status": schema.StringAttribute{Computed: true, MarkdownDescription: "Stage status, e.g. `INIT`, `RUNNING`, `COMPLETED`, " +
					"`FAILED`, `CANCELED`, `PAUSED`, `SUSPEND`, `SKIPPED`, `UNSELECTED`."},
				"start_time": schema.StringAttribute{Computed: true, MarkdownDescription: "When the stage started (RFC 3339); null before."},
				"end_time":   schema.StringAttribute{Computed: true, MarkdownDescription: "When the stage ended (RFC 3339); null before."},
			}}},
		"start_time": computedString("When the run started (RFC 3339, UTC)."),
		"end_time":   computedString("When the run ended (RFC 3339, UTC); null while it runs."),
		"duration":   computedString("How long the run ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null while it runs."),
		"detail_url": computedString("The run's page in the CodeArts console."),
		"queued": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the service queued the run when it was started (concurrency exhausted: `DEVPIPE.00011169` / `DEVPIPE.00011170`). Null after import.",
			PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}},
	},
	validate:  validatePipelineRunInputs,
	stoppable: true,
	identity:  []string{"pipeline_run_id", "queued"},
	client:    func(pd *providerData) diag.Diagnostics { _, d := pd.CodeArts(); return d },
	start:     startPipelineRun,
	watch: func(pd *providerData, in *pipelineRunInputs, out *pipelineRunOutputs) run.Run {
		w := pd.codearts.WatchPipelineRun(in.ProjectID.ValueString(), in.PipelineID.ValueString(), out.PipelineRunID.ValueString(),
			out.Status.ValueString(), int(out.RunNumber.ValueInt64()))
		for _, v := range in.SecretParameters.Elements() {
			if sv, ok := v.(types.String); ok && sv.ValueString() != "" {
				w.Secrets = append(w.Secrets, sv.ValueString())
			}
		}
		return w
	},
	find: func(pd *providerData, in *pipelineRunInputs) run.StartFinder {
		project, pipeline := in.ProjectID.ValueString(), in.PipelineID.ValueString()
		return func(ctx context.Context, since time.Time) ([]run.Found, error) {
			runs, err := pd.codearts.FindStartedPipelineRuns(ctx, project, pipeline, since)
			return foundRuns(runs, err, func(r codearts.PipelineRun) run.Found {
				return run.Found{Run: pd.codearts.WatchPipelineRun(project, pipeline, r.PipelineRunID, "", r.RunNumber), Started: epochString(r.StartTime).ValueString()}
			})
		}
	},
	where:  func(in *pipelineRunInputs) string { return "the runs of pipeline " + in.PipelineID.ValueString() },
	record: recordPipelineRun,
	importState: func(id string) (map[string]attr.Value, error) {
		parts := strings.Split(id, "/")
		if len(parts) != 3 || !pipelineHexIDPattern.MatchString(parts[0]) || !pipelineHexIDPattern.MatchString(parts[1]) || !pipelineHexIDPattern.MatchString(parts[2]) {
			return nil, fmt.Errorf("%q is not <project_id>/<pipeline_id>/<pipeline_run_id> (three 32-character hexadecimal ids)", id)
		}
		return map[string]attr.Value{"project_id": types.StringValue(parts[0]), "pipeline_id": types.StringValue(parts[1]),
			"pipeline_run_id": types.StringValue(parts[2])}, nil
	},
}

func nullPipelineRunOutputs() pipelineRunOutputs {
	n := types.StringNull()
	return pipelineRunOutputs{PipelineRunID: n, RunNumber: types.Int64Null(), Status: n, Stages: types.ListNull(pipelineStageObjectType),
		StartTime: n, EndTime: n, Duration: n, DetailURL: n, Queued: types.BoolNull()}
}

// validatePipelineRunInputs checks what attribute validators cannot: a
// parameter set twice, and a tag run without a tag.
func validatePipelineRunInputs(ctx context.Context, in *pipelineRunInputs) diag.Diagnostics {
	var diags diag.Diagnostics
	// Only the names matter here; values may still be unknown at plan time.
	plain := map[string]bool{}
	if !in.Parameters.IsNull() && !in.Parameters.IsUnknown() {
		for name := range in.Parameters.Elements() {
			plain[name] = true
		}
	}
	for _, secret := range []struct {
		name string
		m    types.Map
	}{{"secret_parameters", in.SecretParameters}, {"secret_parameters_wo", in.SecretParametersWO}} {
		if secret.m.IsNull() || secret.m.IsUnknown() {
			continue
		}
		for name := range secret.m.Elements() {
			if _, dup := plain[name]; dup {
				addElementError(&diags, path.Root(secret.name).AtMapKey(name), "Parameter set twice",
					fmt.Sprintf("parameter %q is in both parameters and %s; set it in one of them.", name, secret.name))
			}
		}
	}
	if in.Sources.IsNull() || in.Sources.IsUnknown() {
		return diags
	}
	var sources []pipelineRunSourceModel
	if d := in.Sources.ElementsAs(ctx, &sources, true); d.HasError() {
		return diags // unknown nested values: checked at apply
	}
	for i, s := range sources {
		if s.BuildType.ValueString() == "tag" && s.Tag.IsNull() {
			addElementError(&diags, path.Root("sources").AtListIndex(i).AtName("tag"), "Missing tag",
				`a source with build_type = "tag" needs the tag to run.`)
		}
		if s.BuildType.ValueString() == "branch" && !s.Tag.IsNull() && !s.Tag.IsUnknown() {
			addElementError(&diags, path.Root("sources").AtListIndex(i).AtName("tag"), "Tag on a branch run",
				`tag is only used with build_type = "tag"; use target_branch for a branch run.`)
		}
	}
	return diags
}

// startPipelineRun converts the inputs into a RunPipelineRequest and starts
// the run.
func startPipelineRun(ctx context.Context, pd *providerData, in *pipelineRunInputs, diags *diag.Diagnostics) (run.Run, error) {
	client, d := pd.CodeArts()
	diags.Append(d...)
	project, pipeline := in.ProjectID.ValueString(), in.PipelineID.ValueString()
	req := codearts.RunPipelineRequest{Description: in.Description.ValueString()}
	vars := map[string]string{}
	var secrets []string
	for _, m := range []struct {
		v      types.Map
		secret bool
	}{{in.Parameters, false}, {in.SecretParameters, true}, {in.SecretParametersWO, true}} {
		if m.v.IsNull() || m.v.IsUnknown() {
			continue
		}
		vals := map[string]string{}
		diags.Append(m.v.ElementsAs(ctx, &vals, false)...)
		for k, v := range vals {
			vars[k] = v
			if m.secret && v != "" {
				secrets = append(secrets, v)
			}
		}
	}
	for _, n := range sortedKeys(vars) {
		req.Variables = append(req.Variables, codearts.RunVariable{Name: n, Value: vars[n]})
	}
	req.SecretValues = secrets
	if !in.Sources.IsNull() && !in.Sources.IsUnknown() {
		var sources []pipelineRunSourceModel
		diags.Append(in.Sources.ElementsAs(ctx, &sources, false)...)
		for _, s := range sources {
			req.Sources = append(req.Sources, codearts.RunSource{Type: "code", Params: codearts.RunSourceParams{
				GitType: s.GitType.ValueString(), GitURL: s.GitURL.ValueString(), CodehubID: s.CodehubID.ValueString(),
				DefaultBranch: s.DefaultBranch.ValueString(), Alias: s.Alias.ValueString(), EndpointID: s.EndpointID.ValueString(),
				BuildParams: &codearts.RunSourceBuildParams{BuildType: s.BuildType.ValueString(), TargetBranch: s.TargetBranch.ValueString(),
					Tag: s.Tag.ValueString(), EventType: s.EventType.ValueString()},
			}})
		}
	}
	req.ChooseStages = stringsFrom(ctx, in.ChooseStages, diags)
	req.ChooseJobs = stringsFrom(ctx, in.ChooseJobs, diags)
	if diags.HasError() {
		return nil, nil
	}
	w, res, err := client.StartPipelineRun(ctx, project, pipeline, req)
	if err != nil {
		return nil, namingInputs(err, mapKeyRefs("parameters", in.Parameters), mapKeyRefs("secret_parameters", in.SecretParameters),
			mapKeyRefs("secret_parameters_wo", in.SecretParametersWO), listIndexRefs("sources", listLen(in.Sources)),
			listValueRefs("choose_stages", in.ChooseStages), listValueRefs("choose_jobs", in.ChooseJobs))
	}
	if res.Queued {
		tflog.Info(ctx, "The pipeline run was queued", map[string]any{"pipeline_run_id": res.PipelineRunID, "code": res.QueueCode, "queue_id": res.QueueID})
	}
	return w, nil
}

// recordPipelineRun writes what the run's observer saw into out.
func recordPipelineRun(_ context.Context, r run.Run, out *pipelineRunOutputs, diags *diag.Diagnostics) {
	w, ok := watchOf[*codearts.PipelineRunWatch](r, diags)
	if !ok {
		return
	}
	if out.PipelineRunID.IsNull() || out.PipelineRunID.IsUnknown() {
		// Just started.
		*out = nullPipelineRunOutputs()
		out.Queued = types.BoolValue(w.Queued)
	}
	out.PipelineRunID = types.StringValue(w.PipelineRun)
	if w.RunNumber > 0 {
		out.RunNumber = types.Int64Value(int64(w.RunNumber))
	}
	if w.Detail != nil {
		setPipelineRunOutputs(out, w.Detail)
	}
}

func setPipelineRunOutputs(out *pipelineRunOutputs, d *codearts.PipelineRunDetail) {
	out.Status = optString(&d.Status)
	out.StartTime = epochString(d.StartTime)
	out.EndTime = epochString(d.EndTime)
	out.Duration = runSpan(codearts.EpochMillis(d.StartTime), codearts.EpochMillis(d.EndTime))
	out.DetailURL = optString(&d.DetailURL)
	stages := d.SortedStages()
	elems := make([]attr.Value, 0, len(stages))
	for _, st := range stages {
		name, ident, status := st.Name, st.Identifier, st.Status
		elems = append(elems, types.ObjectValueMust(pipelineStageAttrTypes, map[string]attr.Value{
			"name": optString(&name), "identifier": optString(&ident), "sequence": types.Int64Value(int64(st.Sequence)),
			"status": optString(&status), "start_time": epochString(st.StartTime), "end_time": epochString(st.EndTime),
		}))
	}
	out.Stages = types.ListValueMust(pipelineStageObjectType, elems)
}

// epochString renders an epoch-ms API time as RFC 3339 (UTC); nil and 0 are null.
func epochString(ms *int64) types.String {
	t := codearts.EpochMillis(ms)
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}
