package provider

import (
	"context"
	"fmt"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// actionCommon holds the settings every run action shares (no triggers: an
// action runs each time it is invoked).
type actionCommon struct {
	Wait     *waitModel           `tfsdk:"wait"`
	Timeouts actiontimeouts.Value `tfsdk:"timeouts"`
}

// runAction implements action.Action for any run type, on the same adapter
// as its resource. Its model AM embeds the inputs I and actionCommon.
type runAction[AM, I, O any] struct {
	rt    *runType[I, O]
	parts func(m *AM) (in *I, common *actionCommon)
	data  *providerData
}

// actionModel is what an action model provides (promoted methods).
type actionModel[AM, I any] interface {
	*AM
	inputs() *I
	actionSettings() *actionCommon
}

func (c *actionCommon) actionSettings() *actionCommon { return c }

func newRunAction[AM any, PAM actionModel[AM, I], I, O any](rt *runType[I, O]) action.Action {
	return &runAction[AM, I, O]{rt: rt, parts: func(m *AM) (*I, *actionCommon) {
		p := PAM(m)
		return p.inputs(), p.actionSettings()
	}}
}

var (
	_ action.ActionWithConfigure      = (*runAction[struct{}, struct{}, struct{}])(nil)
	_ action.ActionWithValidateConfig = (*runAction[struct{}, struct{}, struct{}])(nil)
	_ action.ActionWithModifyPlan     = (*runAction[struct{}, struct{}, struct{}])(nil)
)

func (a *runAction[AM, I, O]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.rt.name
}

func (a *runAction[AM, I, O]) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	noun := a.rt.noun
	desc := a.rt.actionDescription
	if desc == "" {
		desc = a.rt.description
	}
	resp.Schema = aschema.Schema{
		MarkdownDescription: fmt.Sprintf("Starts a %s each time the action is invoked (`terraform apply -invoke=...` or an `action_trigger`), "+
			"waits for it and reports progress while it runs. Requires Terraform 1.14 or later. %s", noun, desc),
		Attributes: actionInputAttrs(a.rt.inputs),
		Blocks: map[string]aschema.Block{
			"wait": aschema.SingleNestedBlock{
				MarkdownDescription: fmt.Sprintf("How the action waits for the %s.", noun),
				Attributes:          actionInputAttrs(waitSpecs(noun, a.rt.stoppable, true)),
			},
			"timeouts": actiontimeouts.Block(ctx),
		},
	}
}

func (a *runAction[AM, I, O]) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (a *runAction[AM, I, O]) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m AM
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, common := a.parts(&m)
	resp.Diagnostics.Append(validateWaitModel(common.Wait, path.Root("wait"))...)
	resp.Diagnostics.Append(validateTimeouts(common.Timeouts.Object, "invoke")...)
	if a.rt.validate != nil {
		resp.Diagnostics.Append(a.rt.validate(ctx, in)...)
	}
}

// ModifyPlan reports, at plan time, a platform the provider does not
// configure (the invocation would fail on it).
func (a *runAction[AM, I, O]) ModifyPlan(_ context.Context, _ action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	resp.Diagnostics.Append(a.data.platformMissingAtPlan(platformOf(a.rt.name))...)
}

// Invoke starts one run and waits for it. Ctrl-C cancels ctx: the wait
// ends at once and the engine stops the run (wait.stop_on_timeout, where
// the API can), and the diagnostic says what was done.
func (a *runAction[AM, I, O]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	defer run.Hold()() // see run.Drain: the process stays up until this is done
	var m AM
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The provider was not configured before this action was invoked. Please report this issue to the provider developers.")
		return
	}
	resp.Diagnostics.Append(a.rt.client(a.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, common := a.parts(&m)
	timeout, d := common.Timeouts.Invoke(ctx, run.DefaultTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	send := func(msg string) {
		// Nothing after Ctrl-C: Terraform 1.15 crashes when a progress event
		// reaches it after it has begun to stop ("range function continued
		// iteration" in its InvokeAction event loop); the log has the outcome.
		if resp.SendProgress != nil && ctx.Err() == nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	sent := time.Now()
	rn, err := a.rt.start(ctx, a.data, in, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if err != nil {
		if rn = settleStart(ctx, a.rt, a.data, in, sent, err, true, &resp.Diagnostics); rn == nil {
			return
		}
	}
	run.NoteKnown(rn.ID())
	label := rn.Label()
	send(startedLine(rn))
	ws := common.Wait.settings()
	if !ws.enabled {
		send(fmt.Sprintf("Not waiting for %s (wait.enabled = false)", label))
		return
	}
	// What happened to a run the wait gave up on (stopped or not) is in the
	// diagnostic (after a timeout, Terraform shows it; after an interrupt, the
	// log below has it), not in a progress line repeating it.
	outcome := run.Wait(ctx, rn, ws.engine(timeout, func(msg string) { send(label + ": " + msg) }), transport.IsTransient)
	resp.Diagnostics.Append(outcomeDiagnostics(a.rt.noun, label, rn.ID(), outcome, ws, timeout, true)...)
	if ctx.Err() != nil {
		// Interrupted (Ctrl-C): terraform-plugin-go v0.31 sends no further event on an
		// InvokeAction stream once Terraform has asked the provider to stop, so these
		// diagnostics never reach the CLI (Terraform 1.15 then reports the apply as
		// complete). The log keeps what happened to the run (TF_LOG=WARN shows it).
		for _, d := range resp.Diagnostics.Errors() {
			tflog.Warn(ctx, d.Summary()+": "+d.Detail())
		}
	}
}
