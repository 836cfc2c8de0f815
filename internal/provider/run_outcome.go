package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// outcomeDiagnostics turns how a wait ended into diagnostics: what
// happened, the run, and what to do next. label names the run as it was
// known when the wait began.
func outcomeDiagnostics(noun, label string, o run.Outcome, ws waitSettings, timeout time.Duration) diag.Diagnostics {
	var diags diag.Diagnostics
	elapsed := wait.FormatDuration(o.Elapsed)
	switch o.Result {
	case run.Succeeded:
		return diags
	case run.Failed, run.Aborted:
		verb := "failed"
		if o.Result == run.Aborted {
			verb = "was aborted"
		}
		summary := fmt.Sprintf("%s %s", capitalize(noun), verb)
		detail := fmt.Sprintf("%s ended with status %s after %s.", capitalize(label), o.Last.Status, elapsed)
		if o.Last.Message != "" {
			detail += "\n\n" + o.Last.Message
		}
		if ws.failOnError {
			detail += fmt.Sprintf("\n\nThe %s is recorded in state. Fix the cause and apply again (the resource is replaced and a new %s starts), or set wait { fail_on_error = false } to accept failures.", noun, noun)
			diags.AddError(summary, detail)
		} else {
			diags.AddWarning(summary, detail+"\n\nwait.fail_on_error is false, so the apply continues.")
		}
	case run.TimedOut, run.Interrupted:
		what := fmt.Sprintf("did not finish within %s", wait.FormatDuration(timeout))
		summary := fmt.Sprintf("Timed out waiting for the %s", noun)
		if o.Result == run.Interrupted {
			what, summary = "was interrupted while waiting", fmt.Sprintf("Interrupted while waiting for the %s", noun)
		}
		detail := fmt.Sprintf("%s %s (last status %s).", capitalize(label), what, orUnknown(o.Last.Status))
		if o.Last.Message != "" {
			detail += " Last seen: " + o.Last.Message + "."
		}
		if o.ObserveErrors > 0 {
			detail += fmt.Sprintf(" Its status could not be read %d time(s) while waiting; the last time: %s.", o.ObserveErrors, apiErrorDetail(o.LastObserveErr))
		}
		detail += stopNarration(noun, o)
		diags.AddError(summary, detail)
	default: // run.ObserveFailed
		diags.AddError(fmt.Sprintf("Cannot read the %s's status", noun),
			fmt.Sprintf("%s started; its status could not be read after %s: %s\n\nThe %s is recorded in state; refresh or apply again to check on it.", capitalize(label), elapsed, apiErrorDetail(o.Err), noun))
	}
	return diags
}

// stopNarration says what was done about a run the wait gave up on.
func stopNarration(noun string, o run.Outcome) string {
	switch o.Stop {
	case run.StopUnsupported:
		return fmt.Sprintf(" The API has no stop call, so the %s keeps running; it is recorded in state.", noun)
	case run.StopDisabled:
		return fmt.Sprintf(" wait.stop_on_timeout is false, so the %s keeps running; it is recorded in state.", noun)
	case run.EndedOnItsOwn:
		return fmt.Sprintf(" It ended on its own (status %s) just as it was being stopped; its final status is recorded in state.", o.AfterStop.Status)
	case run.StopFailed:
		return fmt.Sprintf(" Stopping it failed, so it may still be running: %s", apiErrorDetail(o.StopErr))
	case run.StopRequested:
		s := " It was stopped (wait.stop_on_timeout)."
		if o.AfterStop != nil && !o.AfterStop.Phase.Terminal() {
			s = fmt.Sprintf(" Its stop was requested (wait.stop_on_timeout); the service still reported status %s.", o.AfterStop.Status)
		}
		return s + fmt.Sprintf(" The %s is recorded in state; apply again to start a new one.", noun)
	}
	return ""
}
