package provider

import (
	"context"
	"fmt"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// actionCommon holds the settings every run action shares (no triggers: an
// action runs each time it is invoked).
type actionCommon struct {
	Wait     *waitModel           `tfsdk:"wait"`
	Timeouts actiontimeouts.Value `tfsdk:"timeouts"`
}

// runAction implements action.Action for any run type, on the same adapter
// as its resource.
type runAction[AM, I, O any] struct {
	rt    *runType[I, O]
	parts func(m *AM) (in *I, common *actionCommon)
	data  *providerData
}

var (
	_ action.ActionWithConfigure      = (*runAction[struct{}, struct{}, struct{}])(nil)
	_ action.ActionWithValidateConfig = (*runAction[struct{}, struct{}, struct{}])(nil)
)

func (a *runAction[AM, I, O]) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.rt.name
}

func (a *runAction[AM, I, O]) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	noun := a.rt.noun
	d := waitAttributeDescriptions(noun)
	durations := []validator.String{durationString()}
	resp.Schema = aschema.Schema{
		MarkdownDescription: fmt.Sprintf("Starts a %s each time the action is invoked (`terraform apply -invoke=...` or an `action_trigger`), "+
			"waits for it and reports progress while it runs. Requires Terraform 1.14 or later. %s", noun, a.rt.description),
		Attributes: actionInputAttrs(a.rt.inputs),
		Blocks: map[string]aschema.Block{
			"wait": aschema.SingleNestedBlock{
				MarkdownDescription: fmt.Sprintf("How the action waits for the %s.", noun),
				Attributes: map[string]aschema.Attribute{
					"enabled":           aschema.BoolAttribute{Optional: true, MarkdownDescription: d["enabled"]},
					"fail_on_error":     aschema.BoolAttribute{Optional: true, MarkdownDescription: d["fail_on_error"]},
					"poll_interval":     aschema.StringAttribute{Optional: true, MarkdownDescription: d["poll_interval"], Validators: durations},
					"max_poll_interval": aschema.StringAttribute{Optional: true, MarkdownDescription: d["max_poll_interval"], Validators: durations},
					"stop_on_timeout":   aschema.BoolAttribute{Optional: true, MarkdownDescription: d["stop_on_timeout"]},
				},
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
	if a.rt.validate != nil {
		resp.Diagnostics.Append(a.rt.validate(ctx, in)...)
	}
}

func (a *runAction[AM, I, O]) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
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
	timeout, d := common.Timeouts.Invoke(ctx, defaultRunTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	send := func(msg string) {
		if resp.SendProgress != nil {
			resp.SendProgress(action.InvokeProgressEvent{Message: msg})
		}
	}
	var out O
	sent := time.Now()
	runID, err := a.rt.start(ctx, a.data, in, &out)
	if err != nil {
		var adopted bool
		if runID, adopted = settleStart(ctx, a.rt, a.data, in, &out, sent, err, true, &resp.Diagnostics); !adopted {
			return
		}
	}
	noteKnownRun(runID)
	label := a.rt.label(in, &out)
	send(fmt.Sprintf("Started %s (id %s)", label, runID))
	ws := common.Wait.settings()
	if !ws.enabled {
		send(fmt.Sprintf("Not waiting for %s (wait.enabled = false)", label))
		return
	}
	resp.Diagnostics.Append(waitForRun(ctx, a.rt, a.data, in, &out, ws, timeout, func(msg string) { send(label + ": " + msg) })...)
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
