package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// The run engine: one implementation of the run semantics (trigger,
// persist the id, wait, map the outcome to diagnostics, refresh without
// re-triggering, stop on timeout / interrupt / destroy, import). Each run type
// plugs in a runType adapter; the resource (runResource) and the action
// (runAction) of a type share it.

const (
	defaultRunTimeout      = 30 * time.Minute
	defaultPollInterval    = 5 * time.Second
	defaultMaxPollInterval = 30 * time.Second
	// stopGrace bounds the stop call made after a timeout or interrupt.
	stopGrace = 30 * time.Second
)

// runType is what a run type provides. I holds its inputs, O its observed
// outputs; both are embedded in the resource and action models.
type runType[I, O any] struct {
	name        string // type name without the provider prefix, e.g. "codearts_build_run"
	noun        string // "build", "deploy", "pipeline run"
	description string
	importID    string // the import id format, e.g. "<job_id>/<build_no>"
	inputs      map[string]inputSpec
	outputs     map[string]schema.Attribute
	// validate checks inputs beyond attribute validators (may be nil).
	validate func(ctx context.Context, in *I) diag.Diagnostics
	// client reports whether the platform is configured.
	client func(pd *providerData) diag.Diagnostics
	// start triggers the run, records its identity in out and returns the id.
	start func(ctx context.Context, pd *providerData, in *I, out *O) (string, error)
	// observe reads the run once and writes what it saw into out.
	observe func(ctx context.Context, pd *providerData, in *I, out *O) (wait.Observation[struct{}], error)
	// stop stops the run; nil when the API has no stop call.
	stop func(ctx context.Context, pd *providerData, in *I, out *O) error
	// importState parses an import id into in and out.
	importState func(id string, in *I, out *O) error
	// label names the run for humans, e.g. "build 55 of job 0123…".
	label func(in *I, out *O) string
	// notFound reports whether an observe error means the record is gone.
	notFound func(err error) bool
	// findStarted finds the runs an ambiguous start may have started
	// (run_start_settle.go); nil = the type cannot look.
	findStarted *startLookup[I, O]
}

// runCommon holds the settings every run resource shares.
type runCommon struct {
	Wait          *waitModel     `tfsdk:"wait"`
	Triggers      types.Map      `tfsdk:"triggers"`
	StopOnDestroy types.Bool     `tfsdk:"stop_on_destroy"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

type waitModel struct {
	Enabled         types.Bool   `tfsdk:"enabled"`
	FailOnError     types.Bool   `tfsdk:"fail_on_error"`
	PollInterval    types.String `tfsdk:"poll_interval"`
	MaxPollInterval types.String `tfsdk:"max_poll_interval"`
	StopOnTimeout   types.Bool   `tfsdk:"stop_on_timeout"`
}

// waitSettings are waitModel with defaults applied.
type waitSettings struct {
	enabled, failOnError, stopOnTimeout bool
	poll, maxPoll                       time.Duration
	clock                               wait.Clock // nil = real time; benchmarks use a fake one
}

func (w *waitModel) settings() waitSettings {
	s := waitSettings{enabled: true, failOnError: true, stopOnTimeout: true, poll: defaultPollInterval, maxPoll: defaultMaxPollInterval}
	if w == nil {
		return s
	}
	boolOr := func(v types.Bool, def bool) bool {
		if v.IsNull() || v.IsUnknown() {
			return def
		}
		return v.ValueBool()
	}
	durOr := func(v types.String, def time.Duration) time.Duration {
		if d, err := time.ParseDuration(v.ValueString()); err == nil && d > 0 {
			return d
		}
		return def
	}
	s.enabled = boolOr(w.Enabled, true)
	s.failOnError = boolOr(w.FailOnError, true)
	s.stopOnTimeout = boolOr(w.StopOnTimeout, true)
	s.poll = durOr(w.PollInterval, defaultPollInterval)
	s.maxPoll = durOr(w.MaxPollInterval, defaultMaxPollInterval)
	if s.maxPoll < s.poll {
		s.maxPoll = s.poll
	}
	return s
}

// waitAttributes is the body of the `wait` block, shared by resources and actions.
func waitAttributeDescriptions(noun string) map[string]string {
	return map[string]string{
		"enabled":           fmt.Sprintf("Wait for the %s to finish. When `false`, apply returns once the %s has started. Default `true`.", noun, noun),
		"fail_on_error":     fmt.Sprintf("Whether a %s that ends failed or aborted fails the apply. When `false` it is reported as a warning and its status is recorded. Default `true`.", noun),
		"poll_interval":     "First interval between status checks (a Go duration). Default `5s`.",
		"max_poll_interval": "The interval grows while the status is unchanged, up to this (a Go duration). Default `30s`.",
		"stop_on_timeout":   fmt.Sprintf("Stop the remote %s when the wait times out or is interrupted (Ctrl-C). Default `true`.", noun),
	}
}

func resourceWaitBlock(noun string) schema.SingleNestedBlock {
	d := waitAttributeDescriptions(noun)
	return schema.SingleNestedBlock{
		MarkdownDescription: fmt.Sprintf("How apply waits for the %s. Changing these settings never starts a new %s.", noun, noun),
		Attributes: map[string]schema.Attribute{
			"enabled":           schema.BoolAttribute{Optional: true, MarkdownDescription: d["enabled"]},
			"fail_on_error":     schema.BoolAttribute{Optional: true, MarkdownDescription: d["fail_on_error"]},
			"poll_interval":     schema.StringAttribute{Optional: true, MarkdownDescription: d["poll_interval"], Validators: durationValidators()},
			"max_poll_interval": schema.StringAttribute{Optional: true, MarkdownDescription: d["max_poll_interval"], Validators: durationValidators()},
			"stop_on_timeout":   schema.BoolAttribute{Optional: true, MarkdownDescription: d["stop_on_timeout"]},
		},
	}
}

// runResource implements resource.Resource for any run type.
type runResource[M, I, O any] struct {
	rt    *runType[I, O]
	parts func(m *M) (in *I, out *O, common *runCommon, id *types.String)
	data  *providerData
}

var (
	_ resource.ResourceWithConfigure      = (*runResource[struct{}, struct{}, struct{}])(nil)
	_ resource.ResourceWithImportState    = (*runResource[struct{}, struct{}, struct{}])(nil)
	_ resource.ResourceWithValidateConfig = (*runResource[struct{}, struct{}, struct{}])(nil)
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
		MarkdownDescription: fmt.Sprintf("Identifier of the %s, `%s`; also the import id.", noun, r.rt.importID),
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	attrs["triggers"] = schema.MapAttribute{ElementType: types.StringType, Optional: true,
		MarkdownDescription: fmt.Sprintf("Arbitrary values; changing any of them starts a new %s (the resource is replaced). Use it to re-run on purpose, e.g. `{ commit = var.commit }`.", noun),
		PlanModifiers:       []planmodifier.Map{runInputReplace{}}}
	attrs["stop_on_destroy"] = schema.BoolAttribute{Optional: true,
		MarkdownDescription: fmt.Sprintf("Stop the %s on destroy if it is still running. Default `false`: destroy only forgets it.", noun)}
	resp.Schema = schema.Schema{
		MarkdownDescription: r.rt.description + runSafetyNotes(r.rt),
		Attributes:          attrs,
		Blocks: map[string]schema.Block{
			"wait":     resourceWaitBlock(noun),
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
	if r.rt.validate != nil {
		resp.Diagnostics.Append(r.rt.validate(ctx, in)...)
	}
}

func validateWaitModel(w *waitModel, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if w == nil {
		return diags
	}
	poll, err1 := time.ParseDuration(w.PollInterval.ValueString())
	maxPoll, err2 := time.ParseDuration(w.MaxPollInterval.ValueString())
	if err1 == nil && err2 == nil && !w.PollInterval.IsUnknown() && !w.MaxPollInterval.IsUnknown() && maxPoll < poll {
		diags.AddAttributeError(p.AtName("max_poll_interval"), "max_poll_interval is below poll_interval",
			fmt.Sprintf("max_poll_interval (%s) must be at least poll_interval (%s).", maxPoll, poll))
	}
	return diags
}

func (r *runResource[M, I, O]) ready(diags *diag.Diagnostics) bool {
	if r.data == nil {
		diags.AddError("Provider not configured", "The provider was not configured before this resource was used. Please report this issue to the provider developers.")
		return false
	}
	diags.Append(r.rt.client(r.data)...)
	return !diags.HasError()
}

func (r *runResource[M, I, O]) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	in, out, common, id := r.parts(&m)
	// Write-only inputs are only in the config.
	var cfg M
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	cfgIn, _, _, _ := r.parts(&cfg)
	mergeWriteOnly(in, cfgIn)

	timeout, d := common.Timeouts.Create(ctx, defaultRunTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The create timeout bounds starting (which may retry a throttled
	// trigger) and waiting together.
	deadline := time.Now().Add(timeout)
	startCtx, cancel := context.WithDeadline(ctx, deadline)
	sent := time.Now()
	runID, err := r.rt.start(startCtx, r.data, in, out)
	cancel()
	if err != nil {
		// An unclear reply is settled by looking for the run (adopted when
		// found); otherwise the outcome is reported.
		var adopted bool
		if runID, adopted = settleStart(ctx, r.rt, r.data, in, out, sent, err, false, &resp.Diagnostics); !adopted {
			return
		}
	}
	timeout = max(time.Until(deadline), time.Second)
	*id = types.StringValue(runID)
	noteKnownRun(runID)
	clearWriteOnly(in)
	// Persist the id before waiting: no failure, timeout or interrupt can lose the run.
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ws := common.Wait.settings()
	label := r.rt.label(in, out)
	if !ws.enabled {
		// One look, so that state says what the service says right now.
		if _, err := r.rt.observe(ctx, r.data, in, out); err != nil {
			resp.Diagnostics.AddWarning(fmt.Sprintf("Cannot read the %s's status", r.rt.noun),
				fmt.Sprintf("%s started, but its status could not be read: %s", label, apiErrorDetail(err)))
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		return
	}
	progress := func(msg string) { tflog.Info(ctx, label+": "+msg) }
	resp.Diagnostics.Append(waitForRun(ctx, r.rt, r.data, in, out, ws, timeout, progress)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// waitForRun polls until the run ends and turns the outcome into diagnostics.
// out always holds the last observation.
func waitForRun[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, out *O, ws waitSettings, timeout time.Duration, progress func(string)) diag.Diagnostics {
	var diags diag.Diagnostics
	label := rt.label(in, out)
	res, err := wait.Until(ctx, wait.Options{PollInterval: ws.poll, MaxPollInterval: ws.maxPoll, Timeout: timeout, Progress: progress, Clock: ws.clock},
		func(ctx context.Context) (wait.Observation[struct{}], error) { return rt.observe(ctx, pd, in, out) })
	if err == nil {
		return diags
	}
	elapsed := wait.FormatDuration(res.Elapsed)
	var failed *wait.FailedError
	var pollErr *wait.PollError
	var unexpected *wait.UnexpectedStateError
	switch {
	case errors.As(err, &failed):
		verb := "failed"
		if failed.Cancelled {
			verb = "was aborted"
		}
		summary := fmt.Sprintf("%s %s", capitalize(rt.noun), verb)
		detail := fmt.Sprintf("%s ended with status %s after %s.", capitalize(label), failed.Status, elapsed)
		if failed.Message != "" {
			detail += "\n\n" + failed.Message
		}
		if ws.failOnError {
			detail += fmt.Sprintf("\n\nThe %s is recorded in state. Fix the cause and apply again (the resource is replaced and a new %s starts), or set wait { fail_on_error = false } to accept failures.", rt.noun, rt.noun)
			diags.AddError(summary, detail)
		} else {
			diags.AddWarning(summary, detail+"\n\nwait.fail_on_error is false, so the apply continues.")
		}
	case wait.Abandoned(err):
		what := fmt.Sprintf("did not finish within %s", wait.FormatDuration(timeout))
		summary := fmt.Sprintf("Timed out waiting for the %s", rt.noun)
		if errors.Is(err, context.Canceled) {
			what, summary = "was interrupted while waiting", fmt.Sprintf("Interrupted while waiting for the %s", rt.noun)
		}
		detail := fmt.Sprintf("%s %s (last status %s).", capitalize(label), what, orUnknown(res.Last.Status))
		if res.Last.Message != "" {
			detail += " Last seen: " + res.Last.Message + "."
		}
		detail += stopAfterAbandon(ctx, rt, pd, in, out, ws)
		diags.AddError(summary, detail)
	case errors.As(err, &pollErr):
		diags.AddError(fmt.Sprintf("Cannot read the %s's status", rt.noun),
			fmt.Sprintf("%s started; its status could not be read after %s: %s\n\nThe %s is recorded in state; refresh or apply again to check on it.", capitalize(label), elapsed, apiErrorDetail(pollErr.Err), rt.noun))
	case errors.As(err, &unexpected):
		diags.AddError(fmt.Sprintf("Unexpected %s status", rt.noun),
			fmt.Sprintf("%s reported status %q, which the provider does not know. Please report it to the provider developers.", capitalize(label), unexpected.Status))
	default:
		diags.AddError(fmt.Sprintf("Waiting for the %s failed", rt.noun), err.Error())
	}
	return diags
}

// stopAfterAbandon stops a run the wait gave up on, with a fresh context (the
// apply's may be cancelled), and says what happened.
func stopAfterAbandon[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, out *O, ws waitSettings) string {
	switch {
	case rt.stop == nil:
		return fmt.Sprintf(" The API has no stop call, so the %s keeps running; it is recorded in state.", rt.noun)
	case !ws.stopOnTimeout:
		return fmt.Sprintf(" wait.stop_on_timeout is false, so the %s keeps running; it is recorded in state.", rt.noun)
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
	defer cancel()
	if err := rt.stop(sctx, pd, in, out); err != nil {
		// The run may have ended between the last poll and the stop call.
		if obs, oerr := rt.observe(sctx, pd, in, out); oerr == nil && obs.Phase.Terminal() {
			return fmt.Sprintf(" It ended on its own (status %s) just as it was being stopped; its final status is recorded in state.", obs.Status)
		}
		return fmt.Sprintf(" Stopping it failed, so it may still be running: %s", apiErrorDetail(err))
	}
	return fmt.Sprintf(" It was stopped (wait.stop_on_timeout). The %s is recorded in state; apply again to start a new one.", rt.noun)
}

// stopRun stops a run. A stop call that failed may still have taken effect
// (its response was lost and the retry found the run already stopped, or
// the response was unreadable): when the run has ended by then, it is
// stopped and the error is moot.
func stopRun[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, out *O) error {
	err := rt.stop(ctx, pd, in, out)
	if err == nil {
		return nil
	}
	if obs, oerr := rt.observe(ctx, pd, in, out); oerr == nil && obs.Phase.Terminal() {
		return nil
	}
	return err
}

func (r *runResource[M, I, O]) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	in, out, _, id := r.parts(&m)
	noteKnownRun(id.ValueString())
	importing, d := req.Private.GetKey(ctx, importingKey)
	resp.Diagnostics.Append(d...)
	_, err := r.rt.observe(ctx, r.data, in, out)
	if err != nil {
		if r.rt.notFound != nil && r.rt.notFound(err) {
			if len(importing) > 0 {
				resp.Diagnostics.AddError(fmt.Sprintf("Cannot import the %s", r.rt.noun),
					fmt.Sprintf("%s does not exist: %s", capitalize(r.rt.label(in, out)), apiErrorDetail(err)))
				return
			}
			// Never re-run implicitly: keep the record and say so.
			resp.Diagnostics.AddWarning(fmt.Sprintf("The %s is no longer returned by the service", r.rt.noun),
				fmt.Sprintf("%s is not returned any more (%s). It stays in state as it was last seen; change triggers to start a new %s, or remove it from the configuration.",
					capitalize(r.rt.label(in, out)), apiErrorDetail(err), r.rt.noun))
			return
		}
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the %s", r.rt.noun), err)
		return
	}
	if len(importing) > 0 {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, nil)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// importingKey marks, in private state, a run just imported and not read yet:
// if it does not exist, the import fails instead of keeping a phantom.
const importingKey = "importing"

// Update only changes wait, timeouts and stop_on_destroy, and records inputs
// that are empty either way or were unknown since import (runInputReplace);
// everything else replaces the resource. It never starts a run.
func (r *runResource[M, I, O]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state M
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, planOut, _, planID := r.parts(&plan)
	_, stateOut, _, stateID := r.parts(&state)
	*planOut, *planID = *stateOut, *stateID
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...) // the inputs are known now
}

func (r *runResource[M, I, O]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m M
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, out, common, _ := r.parts(&m)
	if !common.StopOnDestroy.ValueBool() || r.rt.stop == nil {
		return // destroy forgets the run
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	timeout, d := common.Timeouts.Delete(ctx, 5*time.Minute)
	resp.Diagnostics.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	obs, err := r.rt.observe(ctx, r.data, in, out)
	if err != nil {
		if r.rt.notFound != nil && r.rt.notFound(err) {
			return
		}
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot read the %s before stopping it", r.rt.noun), err)
		return
	}
	if obs.Phase.Terminal() {
		return
	}
	if err := stopRun(ctx, r.rt, r.data, in, out); err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("Cannot stop the %s", r.rt.noun), err)
	}
}

func (r *runResource[M, I, O]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var m M
	in, out, _, _ := r.parts(&m)
	if err := r.rt.importState(req.ID, in, out); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Invalid %s import id", r.rt.noun),
			fmt.Sprintf("%s. Use %s.", err, r.rt.importID))
		return
	}
	// Only the identity is set here; Read fills the rest.
	for name, v := range importAttrs(&m, r.parts) {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importingKey, []byte(`true`))...)
	// Inputs the API does not return stay null; the next apply adopts
	// them from the configuration in place (runInputReplace).
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, []byte(`true`))...)
}

// importAttrs lists the attributes an adapter's importState filled in. The
// adapter reports them through the importer interface on its inputs/outputs.
func importAttrs[M, I, O any](m *M, parts func(*M) (*I, *O, *runCommon, *types.String)) map[string]any {
	in, out, _, _ := parts(m)
	attrs := map[string]any{}
	if imp, ok := any(in).(importer); ok {
		for k, v := range imp.importAttributes() {
			attrs[k] = v
		}
	}
	if imp, ok := any(out).(importer); ok {
		for k, v := range imp.importAttributes() {
			attrs[k] = v
		}
	}
	return attrs
}

// importer is implemented by input/output structs that carry identity.
type importer interface {
	importAttributes() map[string]any
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

// addStartError reports a failed trigger. When the request may have reached
// the service it says so: the provider never repeats such a request.
func addStartError(diags *diag.Diagnostics, noun string, err error) {
	detail := apiErrorDetail(err)
	if mayHaveStarted(err) {
		detail += fmt.Sprintf("\n\nThe %s may have started anyway. Check the service before applying again: a new apply starts another %s.", noun, noun)
	}
	diags.AddError(fmt.Sprintf("Cannot start the %s", noun), detail)
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

func durationValidators() []validator.String { return []validator.String{durationString()} }
