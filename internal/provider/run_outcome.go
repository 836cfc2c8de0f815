package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// outcomeDiagnostics turns how a wait ended into diagnostics: a short
// summary, then the run (its label, as it was known when the wait began,
// and its id, once), how it ended (the service's status word and how long
// the run ran, once), what the service said about it, and what to do next.
// forAction words the advice for an action, which stores nothing: no state
// to keep the run, no apply that replaces it.
func outcomeDiagnostics(noun, label, id string, o run.Outcome, ws waitSettings, timeout time.Duration, forAction bool) diag.Diagnostics {
	var diags diag.Diagnostics
	who := fmt.Sprintf("%s (id %s)", capitalize(label), id)
	switch o.Result {
	case run.Succeeded:
		return diags
	case run.Failed, run.Aborted:
		verb := "failed"
		if o.Result == run.Aborted {
			verb = "was aborted"
		}
		summary := fmt.Sprintf("%s %s", capitalize(noun), verb)
		detail := fmt.Sprintf("%s ended with status %s after %s (id %s).", capitalize(label), o.Last.Status, wait.FormatDuration(o.Ran()), id)
		if f := failureDetail(o.Last); f != "" {
			detail += "\n\n" + f
		}
		if ws.failOnError {
			if forAction {
				detail += fmt.Sprintf("\n\nFix the cause and invoke the action again (a new %s starts), or set wait { fail_on_error = false } to accept failures.", noun)
			} else {
				detail += fmt.Sprintf("\n\nThe %s is recorded in state. Fix the cause and apply again (the resource is replaced and a new %s starts), or set wait { fail_on_error = false } to accept failures.", noun, noun)
			}
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
		detail := fmt.Sprintf("%s %s (id %s, last status %s).", capitalize(label), what, id, orUnknown(o.Last.Status))
		if o.Last.Message != "" && !strings.EqualFold(o.Last.Message, o.Last.Status) {
			detail += " Last seen: " + o.Last.Message + "."
		}
		if o.ObserveErrors > 0 {
			detail += fmt.Sprintf(" Its status could not be read %d time(s) while waiting; the last time: %s.", o.ObserveErrors, apiErrorDetail(o.LastObserveErr))
		}
		detail += stopNarration(noun, o, forAction)
		diags.AddError(summary, detail)
	default: // run.ObserveFailed
		if forAction {
			diags.AddError(fmt.Sprintf("Cannot read the %s's status", noun),
				fmt.Sprintf("%s started; its status could not be read after %s: %s\n\nIt may still be running: look at it in the console. Invoking the action again starts another %s.", who, wait.FormatDuration(o.Elapsed), apiErrorDetail(o.Err), noun))
			break
		}
		diags.AddError(fmt.Sprintf("Cannot read the %s's status", noun),
			fmt.Sprintf("%s started; its status could not be read after %s: %s\n\nThe %s is recorded in state; refresh or apply again to check on it.", who, wait.FormatDuration(o.Elapsed), apiErrorDetail(o.Err), noun))
	}
	return diags
}

// failureDetail is what the service said about a run that ended failed or
// aborted: its message (which job, step or build failed, and why), its
// troubleshooting link, and the last lines of the failed step's log.
func failureDetail(obs run.Observation) string {
	var parts []string
	f := obs.Failure
	if f == nil {
		f = &run.Failure{}
	}
	// The service's words, verbatim.
	switch {
	case obs.Message != "":
		parts = append(parts, obs.Message)
	case f.Reason != "":
		parts = append(parts, f.Reason)
	}
	if f.Help != "" {
		parts = append(parts, "Troubleshooting: "+f.Help)
	}
	switch {
	case f.LogTail != "":
		parts = append(parts, fmt.Sprintf("Last lines of %s:\n%s", f.LogSource, f.LogTail))
	case f.LogErr != "":
		parts = append(parts, fmt.Sprintf("%s could not be read: %s", capitalize(f.LogSource), f.LogErr))
	}
	return strings.Join(parts, "\n\n")
}

// stopNarration says what was done about a run the wait gave up on. For an
// action nothing is recorded, so it says where to look instead.
func stopNarration(noun string, o run.Outcome, forAction bool) string {
	keeps, ended, again := "; it is recorded in state.", "; its final status is recorded in state.", fmt.Sprintf(" The %s is recorded in state; apply again to start a new one.", noun)
	if forAction {
		keeps, ended, again = ": look at it in the console.", ".", fmt.Sprintf(" Invoke the action again to start a new %s.", noun)
	}
	switch o.Stop {
	case run.StopUnsupported:
		return fmt.Sprintf(" The API has no stop call, so the %s keeps running%s", noun, keeps)
	case run.StopDisabled:
		return fmt.Sprintf(" wait.stop_on_timeout is false, so the %s keeps running%s", noun, keeps)
	case run.EndedOnItsOwn:
		return fmt.Sprintf(" It ended on its own (status %s) just as it was being stopped%s", o.AfterStop.Status, ended)
	case run.StopFailed:
		return fmt.Sprintf(" Stopping it failed, so it may still be running: %s", apiErrorDetail(o.StopErr))
	case run.StopRequested:
		s := " It was stopped (wait.stop_on_timeout)."
		if o.AfterStop != nil && !o.AfterStop.Phase.Terminal() {
			s = fmt.Sprintf(" Its stop was requested (wait.stop_on_timeout); the service still reported status %s.", o.AfterStop.Status)
		}
		return s + again
	}
	return ""
}

// After a start request whose reply does not say whether the run started
// (no response, a gateway's error page, a 200 without the run's id), the
// provider finds out instead of guessing: run.SettleStart reads the runs the
// job / task / pipeline / component started since the request was sent
// (the type's finder, runType.find), and the run is adopted when exactly one
// is there; otherwise settleStart says nothing started, or names the
// candidates (with import commands for a resource). Never a second start
// request.

// providerTypeName prefixes every type name in import commands.
const providerTypeName = "cicd"

// settleStart decides what a failed start did. It returns the run to adopt
// (the caller then goes on as after a clean start); otherwise nil, and the
// outcome is in diags. sent is when the start request was sent. For an
// action (nothing stored, nothing to import) the advice names the runs
// without import commands.
func settleStart[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, sent time.Time, startErr error, action bool, diags *diag.Diagnostics) run.Run {
	noun := rt.noun
	if rt.find == nil || transport.ClassifyStart(startErr) != transport.StartUnknown {
		addStartError(diags, noun, startErr)
		return nil
	}
	s := run.SettleStart(ctx, rt.find(pd, in), sent)
	where := rt.where(in)
	since := s.Since.UTC().Format(time.RFC3339)
	reply := apiErrorDetail(startErr)
	owner, again, importAdvice := "resource", "apply again", fmt.Sprintf(": if there is one, import it (`terraform import %s_%s.<name> <id>`, id %s)", providerTypeName, rt.name, rt.importID)
	if action {
		owner, again, importAdvice = "action", "invoke the action again", ""
	}
	switch {
	case s.Err != nil:
		diags.AddError(fmt.Sprintf("The %s may have started", noun),
			fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and reading %s to find out failed too: %s\n\n"+
				"Check %s for a %s started since %s before you %s%s; otherwise a new attempt starts another %s.",
				reply, noun, where, apiErrorDetail(s.Err), where, noun, since, again, importAdvice, noun))
		return nil
	case s.Adopted != nil:
		f := s.Adopted
		diags.AddWarning(fmt.Sprintf("The start request got no clear answer; the %s it started was found and adopted", noun),
			fmt.Sprintf("%s\n\n%s (id %s, started %s) is the only %s in %s since the request was sent, so it is taken as this %s's %s and followed. No second %s was started.",
				reply, capitalize(f.Run.Label()), f.Run.ID(), orUnknown(f.Started), noun, where, owner, noun, noun))
		return f.Run
	case len(s.Candidates) == 0:
		diags.AddError(fmt.Sprintf("Cannot start the %s", noun),
			fmt.Sprintf("%s\n\nNo %s was started: the reply was unclear, so the provider read %s, which lists none since %s (%s before the request, for clock differences). %s to start it.",
				reply, noun, where, s.Searched.UTC().Format(time.RFC3339), wait.FormatDuration(run.StartSkewMargin), capitalize(again)))
		return nil
	}
	var list strings.Builder
	for _, c := range s.Candidates {
		if action {
			fmt.Fprintf(&list, "\n  - %s (id %s), started %s", c.Run.Label(), c.Run.ID(), orUnknown(c.Started))
		} else {
			fmt.Fprintf(&list, "\n  - %s, started %s: terraform import %s_%s.<name> %s", c.Run.Label(), orUnknown(c.Started), providerTypeName, rt.name, c.Run.ID())
		}
	}
	next := fmt.Sprintf("If one of them is this resource's %s, import it with the command shown and apply again (nothing new starts). If none is, apply again to start a new %s.", noun, noun)
	if action {
		next = fmt.Sprintf("Invoke the action again only if none of them is: that starts another %s.", noun)
	}
	diags.AddError(fmt.Sprintf("The %s may have started", noun),
		fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and %s lists %d %ss started since %s, any of which may be it:%s\n\n%s",
			reply, noun, where, len(s.Candidates), noun, s.Searched.UTC().Format(time.RFC3339), list.String(), next))
	return nil
}

// foundRuns converts the runs a client's lookup listed into run.Found.
func foundRuns[T any](rows []T, err error, found func(T) run.Found) ([]run.Found, error) {
	out := make([]run.Found, 0, len(rows))
	for _, r := range rows {
		f := found(r)
		if f.At.IsZero() && f.Started != "" {
			// Started is RFC 3339 (normalised by the finder) or the Deploy
			// API's local "2006-01-02 15:04:05".
			if t, perr := time.Parse(time.RFC3339, f.Started); perr == nil {
				f.At = t
			} else if t, ok := codearts.ParseDeployTime(f.Started); ok {
				f.At = t
			}
		}
		out = append(out, f)
	}
	return out, err
}
