package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// A failure to observe a run is not a failure of the run. When a wait ends
// because the run cannot be read (an error that will not go away by
// itself, e.g. a revoked token), the resource is kept — not tainted, so the
// next apply does not replace it and start a second run — with
// outcome = "unknown". Its next plan marks the outcome and every observed
// attribute unknown, so it truthfully shows an update in place, and that
// update waits for the same run again and reports its outcome.

// The values of the `outcome` attribute.
const (
	outcomeSucceeded   = "succeeded"
	outcomeFailed      = "failed"
	outcomeAborted     = "aborted"
	outcomeTimedOut    = "timed_out"
	outcomeInterrupted = "interrupted"
	outcomeUnknown     = "unknown"
	outcomeNotWaited   = "not_waited"
)

func outcomeDescription(noun string) string {
	return fmt.Sprintf("How the wait for the %s ended: `succeeded`, `failed`, `aborted`, `timed_out`, `interrupted`, "+
		"`not_waited` (`wait.enabled = false`), or `unknown` when its status could not be read. An `unknown` %s is not replaced: "+
		"the next apply shows an update in place that waits for the same %s again. After import: `succeeded`, `failed` or `aborted` "+
		"for a %s that has ended, null for one still running.", noun, noun, noun, noun)
}

// phaseOutcome is the outcome of a run seen ended (import).
var phaseOutcome = map[wait.Phase]string{wait.Succeeded: outcomeSucceeded, wait.Failed: outcomeFailed, wait.Cancelled: outcomeAborted}

func outcomeOf(o run.Outcome) string {
	switch o.Result {
	case run.Succeeded:
		return outcomeSucceeded
	case run.Failed:
		return outcomeFailed
	case run.Aborted:
		return outcomeAborted
	case run.TimedOut:
		return outcomeTimedOut
	case run.Interrupted:
		return outcomeInterrupted
	}
	return outcomeUnknown
}

// waitDiagnostics reports a wait's outcome; an unknown one is a warning
// (see above).
func waitDiagnostics(noun, label, id string, o run.Outcome, ws waitSettings, timeout time.Duration) diag.Diagnostics {
	if o.Result != run.ObserveFailed {
		return outcomeDiagnostics(noun, label, id, o, ws, timeout, false)
	}
	var diags diag.Diagnostics
	diags.AddWarning(fmt.Sprintf("Lost track of the %s", noun),
		fmt.Sprintf("%s (id %s) started, but its status could not be read after %s: %s\n\n"+
			"It is recorded in state with outcome \"unknown\" and is not replaced: the next apply starts no new %s, "+
			"it waits for this one again (the plan shows an update in place) and reports how it ended.",
			capitalize(label), id, wait.FormatDuration(o.Elapsed), apiErrorDetail(o.Err), noun))
	return diags
}

// ModifyPlan plans a resumed wait for a run whose outcome is unknown.
// It also reports, before anything is created, a platform the provider
// does not configure.
func (r *runResource[M, I, O]) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.Plan.Raw.IsNull() {
		resp.Diagnostics.Append(r.data.platformMissingAtPlan(platformOf(r.rt.name))...)
	}
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() || resp.Diagnostics.HasError() {
		return
	}
	var outcome types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("outcome"), &outcome)...)
	if resp.Diagnostics.HasError() || outcome.ValueString() != outcomeUnknown {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("outcome"), types.StringUnknown())...)
	for name, a := range r.rt.outputs {
		if slices.Contains(r.rt.identity, name) {
			continue
		}
		if v, ok := unknownOf(a.GetType()); ok {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root(name), v)...)
		}
	}
}

func unknownOf(t attr.Type) (attr.Value, bool) {
	switch tt := t.(type) {
	case basetypes.StringType:
		return types.StringUnknown(), true
	case basetypes.Int64Type:
		return types.Int64Unknown(), true
	case basetypes.BoolType:
		return types.BoolUnknown(), true
	case basetypes.ListType:
		return types.ListUnknown(tt.ElemType), true
	}
	return nil, false
}

// resumeWait waits again for the run in state (Update of a run whose
// outcome is unknown) and records what it saw in out and common.
func (r *runResource[M, I, O]) resumeWait(ctx context.Context, in *I, out *O, common *runCommon, diags *diag.Diagnostics) {
	if !r.ready(diags) {
		return
	}
	timeout, d := common.Timeouts.Create(ctx, run.DefaultTimeout)
	diags.Append(d...)
	if diags.HasError() {
		return
	}
	rn := r.rt.watch(r.data, in, out)
	ws := common.Wait.settings()
	if !ws.enabled {
		// Not waiting any more: one look, and the outcome says so.
		if _, err := rn.Observe(ctx); err == nil {
			r.rt.record(ctx, rn, out, diags)
			common.Outcome = types.StringValue(outcomeNotWaited)
		}
		return
	}
	label := rn.Label()
	tflog.Info(ctx, fmt.Sprintf("Waiting again for %s (id %s)", label, rn.ID()))
	outcome := run.Wait(ctx, rn, ws.engine(timeout, logProgress(ctx, label)), transport.IsTransient)
	r.rt.record(ctx, rn, out, diags)
	common.Outcome = types.StringValue(outcomeOf(outcome))
	diags.Append(waitDiagnostics(r.rt.noun, label, rn.ID(), outcome, ws, timeout)...)
}
