package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// After a start request whose reply does not say whether the run started
// (no response, a gateway's error page, a 200 without the run's id), the
// provider finds out instead of guessing: it reads the runs the job / task /
// pipeline / component started within the request's time window, adopts
// the run when exactly one is there, says nothing started when none is, and
// otherwise names the candidates and how to import one. Never a second
// start request.
//
// The clients classify the replies (codearts.ClassifyStart,
// rainbond.ClassifyStart) and list the candidates; the decision is
// settleStart, called by the engine where a start failed.

// startLookup is how a run type finds the runs an ambiguous start may have
// started.
type startLookup[I, O any] struct {
	// where names the list that was read, e.g. "the build history of job …".
	where func(in *I) string
	// find lists the runs started since since, newest first.
	find func(ctx context.Context, pd *providerData, in *I, since time.Time) ([]startCandidate[O], error)
}

// startCandidate is one run found: its import id, when it started, and the
// outputs that identify it (as start would have set them).
type startCandidate[O any] struct {
	id, started string
	out         O
	adopted     func() // called when the run is adopted (may be nil)
}

// providerTypeName prefixes every type name in import commands.
const providerTypeName = "cicd"

// startRelook is how long settleStart waits before looking a second time
// when the first look found nothing (a run can take a moment to be listed).
const startRelook = 2 * time.Second

// classifyStart classifies a start error of either platform.
func classifyStart(err error) transport.StartOutcome {
	var re *rainbond.RequestError
	var rm *rainbond.MalformedResponseError
	var ra *rainbond.APIError
	if errors.As(err, &re) || errors.As(err, &rm) || errors.As(err, &ra) {
		return rainbond.ClassifyStart(err)
	}
	return codearts.ClassifyStart(err)
}

// settleStart decides what a failed start did. It returns the run's id and
// true when the run was found and adopted into out (the caller then goes on
// as after a clean start); otherwise it has reported the outcome in diags.
// sent is when the start request was sent. For an action (nothing stored,
// nothing to import) the advice names the runs without import commands.
func settleStart[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, out *O, sent time.Time, startErr error, action bool, diags *diag.Diagnostics) (string, bool) {
	noun := rt.noun
	if action {
		return settleActionStart(ctx, rt, pd, in, out, sent, startErr, diags)
	}
	if classifyStart(startErr) != transport.StartUnknown {
		addStartError(diags, noun, startErr)
		return "", false
	}
	if rt.findStarted == nil {
		diags.AddError(fmt.Sprintf("Cannot start the %s", noun),
			fmt.Sprintf("%s\n\nThe %s may have started anyway: the reply does not say, and the provider has no way to list the %ss started since. "+
				"Check the service's history for one started at %s before applying again: if there is one, import it "+
				"(`terraform import %s_%s.<name> <id>`, id %s) and apply again (nothing new starts); a new apply without it starts another %s.",
				apiErrorDetail(startErr), noun, noun, sent.UTC().Format(time.RFC3339), providerTypeName, rt.name, rt.importID, noun))
		return "", false
	}
	since := sent.Add(-codearts.StartLookback)
	cands, err := lookForStarted(ctx, rt, pd, in, since)
	where := rt.findStarted.where(in)
	sinceText := since.UTC().Format(time.RFC3339)
	reply := apiErrorDetail(startErr)
	switch {
	case err != nil:
		diags.AddError(fmt.Sprintf("The %s may have started", noun),
			fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and reading %s to find out failed too: %s\n\n"+
				"Check %s for a %s started since %s before applying again: if there is one, import it (`terraform import %s_%s.<name> <id>`, id %s); "+
				"a new apply starts another %s.", reply, noun, where, apiErrorDetail(err), where, noun, sinceText, providerTypeName, rt.name, rt.importID, noun))
		return "", false
	case len(cands) == 0:
		diags.AddError(fmt.Sprintf("Cannot start the %s", noun),
			fmt.Sprintf("%s\n\nNo %s was started: the reply was unclear, so the provider read %s, which lists none since %s. Apply again to start it.",
				reply, noun, where, sinceText))
		return "", false
	case len(cands) == 1:
		c := cands[0]
		*out = c.out
		if c.adopted != nil {
			c.adopted()
		}
		diags.AddWarning(fmt.Sprintf("The start request got no clear answer; the %s it started was found and adopted", noun),
			fmt.Sprintf("%s\n\n%s (id %s, started %s) is the only %s in %s since the request was sent, so it is taken as this resource's %s and recorded in state. No second %s was started.",
				reply, capitalize(rt.label(in, &c.out)), c.id, orUnknown(c.started), noun, where, noun, noun))
		return c.id, true
	}
	var list strings.Builder
	for _, c := range cands {
		fmt.Fprintf(&list, "\n  - %s, started %s: terraform import %s_%s.<name> %s", rt.label(in, &c.out), orUnknown(c.started), providerTypeName, rt.name, c.id)
	}
	diags.AddError(fmt.Sprintf("The %s may have started", noun),
		fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and %s lists %d %ss started since %s, any of which may be this request's:%s\n\n"+
			"If one of them is this resource's %s, import it with the command shown and apply again (nothing new starts). "+
			"If none is, apply again to start a new %s.", reply, noun, where, len(cands), noun, sinceText, list.String(), noun, noun))
	return "", false
}

// settleActionStart is settleStart for `terraform apply -invoke` and
// action_trigger: an adopted run is waited for like a started one; other
// outcomes name the runs found, since an action has no state to import into.
func settleActionStart[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, out *O, sent time.Time, startErr error, diags *diag.Diagnostics) (string, bool) {
	noun := rt.noun
	if classifyStart(startErr) != transport.StartUnknown {
		addStartError(diags, noun, startErr)
		return "", false
	}
	reply := apiErrorDetail(startErr)
	if rt.findStarted == nil {
		diags.AddError(fmt.Sprintf("The %s may have started", noun),
			fmt.Sprintf("%s\n\nThe reply does not say whether the %s started. Check the service's history for one started at %s before invoking the action again: invoking it again starts another %s.",
				reply, noun, sent.UTC().Format(time.RFC3339), noun))
		return "", false
	}
	since := sent.Add(-codearts.StartLookback)
	cands, err := lookForStarted(ctx, rt, pd, in, since)
	where := rt.findStarted.where(in)
	switch {
	case err == nil && len(cands) == 1:
		*out = cands[0].out
		if cands[0].adopted != nil {
			cands[0].adopted()
		}
		diags.AddWarning(fmt.Sprintf("The start request got no clear answer; the %s it started was found", noun),
			fmt.Sprintf("%s\n\n%s (id %s) is the only %s in %s since the request was sent; the action follows it. No second %s was started.",
				reply, capitalize(rt.label(in, &cands[0].out)), cands[0].id, noun, where, noun))
		return cands[0].id, true
	case err == nil && len(cands) == 0:
		diags.AddError(fmt.Sprintf("Cannot start the %s", noun),
			fmt.Sprintf("%s\n\nNo %s was started: the reply was unclear, so the provider read %s, which lists none since %s. Invoke the action again to start it.",
				reply, noun, where, since.UTC().Format(time.RFC3339)))
		return "", false
	case err != nil:
		diags.AddError(fmt.Sprintf("The %s may have started", noun),
			fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and reading %s failed too: %s\n\nCheck it before invoking the action again: invoking it again starts another %s.",
				reply, noun, where, apiErrorDetail(err), noun))
		return "", false
	}
	var list strings.Builder
	for _, c := range cands {
		fmt.Fprintf(&list, "\n  - %s (id %s), started %s", rt.label(in, &c.out), c.id, orUnknown(c.started))
	}
	diags.AddError(fmt.Sprintf("The %s may have started", noun),
		fmt.Sprintf("%s\n\nThe reply does not say whether the %s started, and %s lists %d %ss started since %s, any of which may be this invocation's:%s\n\n"+
			"Invoke the action again only if none of them is: that starts another %s.", reply, noun, where, len(cands), noun, since.UTC().Format(time.RFC3339), list.String(), noun))
	return "", false
}

// knownRuns holds the ids of the runs this provider process has started,
// adopted, imported or read. None of them can be the run an unclear start
// just started: in a replacement the same process has refreshed the old
// run before starting the new one, so a run started seconds earlier by the
// previous apply is never adopted in its place.
var knownRuns sync.Map // import id -> struct{}

func noteKnownRun(id string) {
	if id != "" {
		knownRuns.Store(id, struct{}{})
	}
}

// lookForStarted lists the runs started since since, looking a second time
// after startRelook when the first look finds none. It uses its own context:
// the apply's may be cancelled (Ctrl-C during the start).
func lookForStarted[I, O any](ctx context.Context, rt *runType[I, O], pd *providerData, in *I, since time.Time) ([]startCandidate[O], error) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
	defer cancel()
	find := func() ([]startCandidate[O], error) {
		all, err := rt.findStarted.find(lctx, pd, in, since)
		var out []startCandidate[O]
		for _, c := range all {
			if _, known := knownRuns.Load(c.id); !known {
				out = append(out, c)
			}
		}
		return out, err
	}
	cands, err := find()
	if err == nil && len(cands) == 0 && wait.Sleep(lctx, startRelook) {
		cands, err = find()
	}
	return cands, err
}

// runSafetyNotes is the part of every run resource's documentation that says
// what happens when an apply is interrupted or killed, and what an unclear
// start reply leads to.
func runSafetyNotes[I, O any](rt *runType[I, O]) string {
	noun := rt.noun
	imp := fmt.Sprintf("terraform import %s_%s.<name> <id>", providerTypeName, rt.name)
	notes := fmt.Sprintf("\n\n**Interrupted or killed applies.** The %[1]s's id is saved in state as soon as the %[1]s starts, before waiting. "+
		"On Ctrl-C (SIGINT) the provider stops the %[1]s where the API can (`wait.stop_on_timeout`) and says so; state keeps it, and the next apply replaces it. "+
		"If `terraform` itself is killed (SIGKILL, a CI job killed on timeout, a lost machine) while waiting, Terraform never writes what the provider returned: "+
		"the %[1]s keeps running on the service, state has no record of it, and a plain re-apply starts a second %[1]s. "+
		"To keep the first one, import it before applying again — `%[2]s`, with the id (%[3]s) from the service's history — "+
		"then the plan is an in-place update (inputs, `triggers` and `wait` are taken from the configuration) and the apply starts nothing.", noun, imp, rt.importID)
	if rt.findStarted != nil {
		notes += fmt.Sprintf("\n\n**Unclear start replies.** When the start request gets no clear answer (no response, a gateway's error page, a reply without the %[1]s's id), "+
			"the provider never sends it again: it lists the %[1]ss started since the request was sent. Exactly one is adopted into state (a warning says so); "+
			"none means nothing started (apply again); several are listed in the error, each with its `terraform import` command.", noun)
	} else {
		notes += fmt.Sprintf("\n\n**Unclear start replies.** When the start request gets no clear answer (no response, a gateway's error page, a reply without the %[1]s's id), "+
			"the provider never sends it again and says the %[1]s may have started: look for it in the service's history and import it if it is there.", noun)
	}
	return notes
}
