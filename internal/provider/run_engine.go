package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// The framework side of the run engine (internal/run): one resource
// (runResource) and one action (runAction) implementation for every run
// type. A run type (runType) is its schema and the conversions between its
// Terraform model and its platform client: inputs → start request, state →
// observer, observer → outputs. What happens to a run (start once, keep its
// id, wait, stop, outcomes) is internal/run's; turning outcomes into
// diagnostics is here (run_outcome.go). See docs/design/engine.md.

// runType is what a run type provides. I holds its inputs, O its observed
// outputs; both are embedded in the resource and action models.
type runType[I, O any] struct {
	name        string // type name without the provider prefix, e.g. "codearts_build_run"
	noun        string // "build", "deploy", "pipeline run"
	description string // the resource's description
	// actionDescription is the action's (no state, refresh or triggers);
	// empty means description fits both.
	actionDescription string
	importID          string // the import id format, e.g. "<job_id>/<build_no>"
	// progressExample is one progress line as the docs show it, e.g.
	// "build 6 of job <job_id>: SUCCESS after 25s".
	progressExample string
	inputs          map[string]inputSpec
	outputs         map[string]schema.Attribute
	// stoppable: the API has a stop call (the observer is a run.Stopper).
	stoppable bool
	// identity are the outputs the start fixes (ids, numbers): a resumed
	// wait plans them as they are, not as unknown.
	identity []string
	// validate checks inputs beyond attribute validators (may be nil).
	validate func(ctx context.Context, in *I) diag.Diagnostics
	// client reports whether the platform is configured.
	client func(pd *providerData) diag.Diagnostics
	// start converts the inputs into the platform's start request and sends
	// it. A conversion problem goes to diags and nothing is sent.
	start func(ctx context.Context, pd *providerData, in *I, diags *diag.Diagnostics) (run.Run, error)
	// watch returns the observer of the run recorded in in and out. It is
	// called only after client reported the platform configured.
	watch func(pd *providerData, in *I, out *O) run.Run
	// record writes what the observer knows into out.
	record func(ctx context.Context, r run.Run, out *O, diags *diag.Diagnostics)
	// find (optional) returns the hook that looks for a run an ambiguous
	// start may have started (run.StartFinder); nil when the type cannot
	// list its runs. Create and Invoke then adopt a single match
	// (run_start_settle.go).
	find func(pd *providerData, in *I) run.StartFinder
	// where names the list find reads, e.g. "the build history of job …"
	// (set with find).
	where func(in *I) string
	// importState parses an import id into the identity attributes; Read
	// fills in the rest.
	importState func(id string) (map[string]attr.Value, error)
}

// runCommon holds the settings every run resource shares.
type runCommon struct {
	Wait          *waitModel     `tfsdk:"wait"`
	Triggers      types.Map      `tfsdk:"triggers"`
	StopOnDestroy types.Bool     `tfsdk:"stop_on_destroy"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
	Outcome       types.String   `tfsdk:"outcome"`
	ID            types.String   `tfsdk:"id"`
}

// runResource implements resource.Resource for any run type. Its model M
// embeds the type's inputs I, outputs O and runCommon (runModel).
type runResource[M, I, O any] struct {
	rt    *runType[I, O]
	parts func(m *M) (in *I, out *O, common *runCommon, id *types.String)
	data  *providerData
}

// runModel is what a resource model provides, through the methods its
// embedded inputs, outputs and runCommon promote.
type runModel[M, I, O any] interface {
	*M
	inputs() *I
	outputs() *O
	common() *runCommon
}

func (c *runCommon) common() *runCommon { return c }

func newRunResource[M any, PM runModel[M, I, O], I, O any](rt *runType[I, O]) resource.Resource {
	return &runResource[M, I, O]{rt: rt, parts: func(m *M) (*I, *O, *runCommon, *types.String) {
		p := PM(m)
		c := p.common()
		return p.inputs(), p.outputs(), c, &c.ID
	}}
}

var (
	_ resource.ResourceWithConfigure      = (*runResource[struct{}, struct{}, struct{}])(nil)
	_ resource.ResourceWithImportState    = (*runResource[struct{}, struct{}, struct{}])(nil)
	_ resource.ResourceWithValidateConfig = (*runResource[struct{}, struct{}, struct{}])(nil)
	_ resource.ResourceWithModifyPlan     = (*runResource[struct{}, struct{}, struct{}])(nil)
)

func (r *runResource[M, I, O]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + r.rt.name
}

func (r *runResource[M, I, O]) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	noun := r.rt.noun
	attrs := resourceInputAttrs(r.rt.inputs, true)
	for k, v := range r.rt.outputs {
		attrs[k] = v
	}
	attrs["id"] = schema.StringAttribute{Computed: true,
		MarkdownDescription: fmt.Sprintf("Identifier of the %s, %s; also the import id.", noun, r.rt.importID),
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	attrs["triggers"] = schema.MapAttribute{ElementType: types.StringType, Optional: true,
		MarkdownDescription: fmt.Sprintf("Arbitrary values; changing any of them starts a new %s (the resource is replaced). Use it to re-run on purpose, e.g. `{ commit = var.commit }`.", noun),
		PlanModifiers:       []planmodifier.Map{runInputReplace{}}}
	attrs["outcome"] = computedString(outcomeDescription(noun))
	stopOnDestroy := fmt.Sprintf("Stop the %s on destroy if it is still running. Default `false`: destroy only forgets it.", noun)
	if !r.rt.stoppable {
		stopOnDestroy = fmt.Sprintf("Has no effect: the API has no call to stop a %s, so destroy only forgets it.", noun)
	}
	attrs["stop_on_destroy"] = schema.BoolAttribute{Optional: true, MarkdownDescription: stopOnDestroy}
	resp.Schema = schema.Schema{
		MarkdownDescription: r.rt.description + runProgressNote(r.rt) + runSafetyNotes(r.rt),
		Attributes:          attrs,
		Blocks: map[string]schema.Block{
			"wait": schema.SingleNestedBlock{
				MarkdownDescription: fmt.Sprintf("How apply waits for the %s. Changing these settings never starts a new %s.", noun, noun),
				Attributes:          resourceInputAttrs(waitSpecs(noun, r.rt.stoppable, false), false),
			},
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Delete: true}),
		},
	}
}

func (r *runResource[M, I, O]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *runResource[M, I, O]) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, _, common, _ := r.parts(&m)
	resp.Diagnostics.Append(validateWaitModel(common.Wait, path.Root("wait"))...)
	resp.Diagnostics.Append(validateTimeouts(common.Timeouts.Object, "create", "delete")...)
	if r.rt.validate != nil {
		resp.Diagnostics.Append(r.rt.validate(ctx, in)...)
	}
}

func (r *runResource[M, I, O]) ready(diags *diag.Diagnostics) bool {
	if r.data == nil {
		diags.AddError("Provider not configured", "The provider was not configured before this resource was used. Please report this issue to the provider developers.")
		return false
	}
	diags.Append(r.rt.client(r.data)...)
	return !diags.HasError()
}

// Create starts the run once and waits for it.
//
// The run's id is never lost: Create returns the state with the id in every
// case once the start call returned one — after the wait, a timeout, a
// failure, or an interrupt (Ctrl-C cancels ctx, the wait ends at once and
// Create returns). The framework saves state only when Create returns, so
// this return path is the one mechanism; there is no earlier save.
func (r *runResource[M, I, O]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer run.Hold()() // see run.Drain: the process stays up until this is done
	var m M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	in, out, common, id := r.parts(&m)
	// Write-only inputs are only in the config.
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfgIn, _, _, _ := r.parts(&cfg)
	mergeWriteOnly(in, cfgIn)

	timeout, d := common.Timeouts.Create(ctx, run.DefaultTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The create timeout bounds starting (which may retry a throttled
	// trigger) and waiting together.
	deadline := time.Now().Add(timeout)
	startCtx, cancel := context.WithDeadline(ctx, deadline)
	sent := time.Now()
	rn, err := r.rt.start(startCtx, r.data, in, &resp.Diagnostics)
	cancel()
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		// An unclear reply is settled by looking for the run (adopted
		// when found); otherwise the outcome is reported.
		if rn = settleStart(ctx, r.rt, r.data, in, sent, err, false, &resp.Diagnostics); rn == nil {
			return
		}
	}
	timeout = max(time.Until(deadline), time.Second)
	tflog.Info(ctx, startedLine(rn))
	*id = types.StringValue(rn.ID())
	run.NoteKnown(rn.ID())
	clearWriteOnly(in)
	r.rt.record(ctx, rn, out, &resp.Diagnostics)
	ws := common.Wait.settings()
	if !ws.enabled {
		// One look, so that state says what the service says right now.
		if _, err := rn.Observe(ctx); err != nil {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Cannot read the %s's status", r.rt.noun),
				fmt.Sprintf("%s started, but its status could not be read: %s", rn.Label(), apiErrorDetail(err)))
		}
		r.rt.record(ctx, rn, out, &resp.Diagnostics)
		common.Outcome = types.StringValue(outcomeNotWaited)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	label := rn.Label()
	outcome := run.Wait(ctx, rn, ws.engine(timeout, logProgress(ctx, label)), transport.IsTransient)
	r.rt.record(ctx, rn, out, &resp.Diagnostics)
	common.Outcome = types.StringValue(outcomeOf(outcome))
	resp.Diagnostics.Append(waitDiagnostics(r.rt.noun, label, rn.ID(), outcome, ws, timeout)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *runResource[M, I, O]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	in, out, common, id := r.parts(&m)
	run.NoteKnown(id.ValueString())
	importing, d := req.Private.GetKey(ctx, importingKey)
	resp.Diagnostics.Append(d...)
	rn := r.rt.watch(r.data, in, out)
	obs, err := rn.Observe(ctx)
	if err != nil {
		if rn.NotFound(err) {
			if len(importing) > 0 {
				resp.Diagnostics.AddError(fmt.Sprintf("Cannot import the %s", r.rt.noun),
					fmt.Sprintf("%s does not exist: %s", capitalize(rn.Label()), apiErrorDetail(err)))
				return
			}
			// Never re-run implicitly: keep the record and say so.
			resp.Diagnostics.AddWarning(fmt.Sprintf("The %s is no longer returned by the service", r.rt.noun),
				fmt.Sprintf("%s is not returned any more (%s). It stays in state as it was last seen; change triggers to start a new %s, or remove it from the configuration.",
					capitalize(rn.Label()), apiErrorDetail(err), r.rt.noun))
			return
		}
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the %s", r.rt.noun), err)
		return
	}
	r.rt.record(ctx, rn, out, &resp.Diagnostics)
	if len(importing) > 0 {
		// An imported run that has ended has an outcome like a created one.
		if o, ok := phaseOutcome[obs.Phase]; ok && common.Outcome.IsNull() {
			common.Outcome = types.StringValue(o)
		}
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// startedLine is the first progress line of a run, in the action's
// progress and the resource's INFO log alike.
func startedLine(rn run.Run) string { return fmt.Sprintf("Started %s (id %s)", rn.Label(), rn.ID()) }

// logProgress writes a resource's progress lines, the action's very lines,
// to the provider's INFO log (TF_LOG_PROVIDER=INFO shows them): Terraform
// itself shows only "Still creating..." while a resource waits.
func logProgress(ctx context.Context, label string) func(string) {
	return func(line string) { tflog.Info(ctx, label+": "+line) }
}

// importingKey marks, in private state, a run just imported and not read yet:
// if it does not exist, the import fails instead of keeping a phantom.
const importingKey = "importing"

// Update only changes wait, timeouts and stop_on_destroy, and records inputs
// that are empty either way or were unknown since import (runInputReplace);
// everything else replaces the resource. It never starts a run. For a run
// whose outcome is unknown it waits for that run again (run_resume.go).
func (r *runResource[M, I, O]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer run.Hold()()
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	planIn, planOut, planCommon, planID := r.parts(&plan)
	_, stateOut, stateCommon, stateID := r.parts(&state)
	*planOut, *planID = *stateOut, *stateID
	planCommon.Outcome = stateCommon.Outcome
	if stateCommon.Outcome.ValueString() == outcomeUnknown {
		r.resumeWait(ctx, planIn, planOut, planCommon, &resp.Diagnostics)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...) // the inputs are known now
}

func (r *runResource[M, I, O]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	defer run.Hold()()
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, out, common, _ := r.parts(&m)
	if !common.StopOnDestroy.ValueBool() || !r.rt.stoppable {
		return // destroy forgets the run
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	timeout, d := common.Timeouts.Delete(ctx, run.DefaultDeleteTimeout)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	rn := r.rt.watch(r.data, in, out)
	obs, err := rn.Observe(ctx)
	if err != nil {
		if rn.NotFound(err) {
			return
		}
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the %s before stopping it", r.rt.noun), err)
		return
	}
	if obs.Phase.Terminal() {
		return
	}
	if err := run.Stop(ctx, rn); err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot stop the %s", r.rt.noun), err)
	}
}

func (r *runResource[M, I, O]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	attrs, err := r.rt.importState(req.ID)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Invalid %s import id", r.rt.noun),
			fmt.Sprintf("%s. Use %s.", err, r.rt.importID))
		return
	}
	for name, v := range attrs {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, []byte(`true`))...)
	// Inputs the API does not return stay null; the next apply adopts
	// them from the configuration in place (runInputReplace).
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}

// writeOnlyInputs is implemented by inputs with write-only attributes: the
// engine copies them from the config before starting and clears them after.
type writeOnlyInputs[I any] interface {
	mergeWriteOnly(from *I)
	clearWriteOnly()
}

func mergeWriteOnly[I any](in, cfg *I) {
	if w, ok := any(in).(writeOnlyInputs[I]); ok {
		w.mergeWriteOnly(cfg)
	}
}

func clearWriteOnly[I any](in *I) {
	if w, ok := any(in).(writeOnlyInputs[I]); ok {
		w.clearWriteOnly()
	}
}

// attributeError is a start error that names the attributes whose values
// the service rejected.
type attributeError interface {
	error
	AttributePaths() []path.Path
}

// addStartError reports a failed trigger. When the request may have reached
// the service it says so: the provider never repeats such a request. When
// the service named the inputs it rejected, the diagnostic is on them.
func addStartError(diags *diag.Diagnostics, noun string, err error) {
	detail := apiErrorDetail(err)
	if transport.MayHaveStarted(err) {
		detail += fmt.Sprintf("\n\nThe %s may have started anyway. Check the service before applying again: a new apply starts another %s.", noun, noun)
	}
	addErrorOn(diags, fmt.Sprintf("Cannot start the %s", noun), detail, err)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// watchOf is the observer a run type's start and watch return, as its own
// type (a mismatch is a bug in the run type).
func watchOf[W run.Run](r run.Run, diags *diag.Diagnostics) (W, bool) {
	w, ok := r.(W)
	if !ok {
		diags.AddError("Unexpected run observer", fmt.Sprintf("Expected %T, got %T. Please report this issue to the provider developers.", w, r))
	}
	return w, ok
}
