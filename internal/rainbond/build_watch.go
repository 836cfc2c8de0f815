package rainbond

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// LogTailLines is how many lines of the build log a finished build's
// observation carries.
const LogTailLines = 20

// BuildWatch is one component build (its event), as the run engine observes
// it. Rainbond has no call to stop a build, so it is not a run.Stopper.
type BuildWatch struct {
	client  *Client
	Ref     ComponentRef
	EventID string
	// Event is the event row the last look found (nil when not listed);
	// Message is its message with secrets masked.
	Event   *Event
	Message string
	// Secrets are stored secret values to mask in the event's message and
	// log (the client masks those it sent itself; these are for a build
	// started by an earlier provider process).
	Secrets []string
	// LogTail is the build log's last lines, read once when the build
	// ended ("" until then; LogRead says whether it was read).
	LogTail string
	LogRead bool
	// The observer's memory. JustStarted: this observer started the build,
	// so an event that is not listed yet is waited for (the console may list
	// it late); for a build in state a missing event means it is gone.
	// Seen: the event was listed once.
	JustStarted, Seen bool
}

// WatchBuild returns the observer of a build in state. seen: its event was
// listed before; logTail: the log tail already read (nil when none was).
func (c *Client) WatchBuild(ref ComponentRef, eventID string, seen bool, logTail *string) *BuildWatch {
	w := &BuildWatch{client: c, Ref: ref, EventID: eventID, Seen: seen}
	if logTail != nil {
		w.LogTail, w.LogRead = *logTail, true
	}
	return w
}

// StartBuild starts a build (BuildComponentRetrying: a "too frequent"
// refusal started nothing and is retried per r) and returns its observer.
func (c *Client) StartBuild(ctx context.Context, ref ComponentRef, req BuildRequest, r TooFrequentRetry) (*BuildWatch, error) {
	id, _, err := c.BuildComponentRetrying(ctx, ref, req, r)
	if err != nil {
		return nil, err
	}
	w := c.WatchBuild(ref, id, false, nil)
	w.JustStarted = true
	return w, nil
}

// ID is the import id, <team_id>/<region_name>/<app_id>/<service_id>/<event_id>.
func (w *BuildWatch) ID() string { return w.Ref.String() + "/" + w.EventID }

// Label names the build.
func (w *BuildWatch) Label() string {
	return fmt.Sprintf("build %s of component %s", w.EventID, w.Ref.ServiceID)
}

// NotFound reports an event that is not (or no longer) listed, or a 404.
func (w *BuildWatch) NotFound(err error) bool {
	var gone *EventGoneError
	return errors.As(err, &gone) || IsNotFound(err)
}

// EventGoneError: the build's event is not in the component's events list
// (fallen off the history, deleted, or not listed yet).
type EventGoneError struct {
	Ref     ComponentRef
	EventID string
	Seen    bool
}

func (e *EventGoneError) Error() string {
	where := fmt.Sprintf("the first %d events of component %s", DefaultFindPages*EventsPageSize, e.Ref)
	if e.Seen {
		return fmt.Sprintf("event %s is no longer in %s (it fell off the history or was deleted)", e.EventID, where)
	}
	return fmt.Sprintf("event %s is not in %s: the console may list a build's event late (e.g. after a source scan), or it does not exist", e.EventID, where)
}

// Observe finds the build's event and classifies it (BuildRunStatus,
// BuildPhases): final_status "complete" ends the build, success iff status
// "success"; "timeout" is not final.
func (w *BuildWatch) Observe(ctx context.Context) (run.Observation, error) {
	e, err := w.client.FindComponentEvent(ctx, w.Ref, w.EventID, 0)
	if err != nil {
		return run.Observation{}, err
	}
	status := BuildRunStatus(e)
	if e == nil {
		if w.JustStarted && !w.Seen {
			return run.Observation{Status: status, Phase: wait.Pending,
				Message: "waiting for the event to appear in the component's events list (the console may list it some time after accepting the build)"}, nil
		}
		return run.Observation{}, &EventGoneError{Ref: w.Ref, EventID: w.EventID, Seen: w.Seen}
	}
	w.Event = e
	// The event's message and log may quote the repository password.
	w.Message = w.client.Mask(e.Message, w.Secrets...)
	w.Seen = w.Seen || e.StartTime != ""
	phase := BuildPhases.Of(status)
	obs := run.Observation{Status: status, Phase: phase}
	switch status {
	case RunStatusRunning:
		obs.Message = "running"
	case RunStatusStale:
		obs.Message = `running; the console marked its event final_status "timeout" (stale), which is not final: still waiting for it to complete`
	}
	if !phase.Terminal() {
		return obs, nil
	}
	if start, ok := e.StartedAt(); ok {
		if end, ok := e.EndedAt(); ok && !end.Before(start) {
			obs.Duration, obs.Timed = end.Sub(start), true
		}
	}
	var logErr error
	if !w.LogRead {
		var lines []string
		if lines, logErr = w.client.EventLogTail(ctx, w.Ref, w.EventID, LogTailLines); logErr == nil {
			w.LogTail, w.LogRead = w.client.Mask(strings.Join(lines, "\n"), w.Secrets...), true
		}
	}
	if phase == wait.Succeeded {
		return obs, nil
	}
	obs.Message = w.Message
	obs.Failure = &run.Failure{Reason: w.Message, LogTail: w.LogTail,
		LogSource: fmt.Sprintf("the build log (GET /events/%s/logs)", w.EventID)}
	if logErr != nil {
		obs.Failure.LogErr = logErr.Error()
	}
	return obs, nil
}
