package codearts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// DeployPhases classifies deployment record statuses (running, succeeded,
// failed: StateInfo.status of ShowDeployTaskDetail / ShowExecutionState in
// the huaweicloud-sdk-go-v3 codeartsdeploy models). A stopped deployment
// reports "failed"; the cancel words are accepted defensively.
var DeployPhases = wait.Phases{
	DeployRunning:   wait.Running,
	DeploySucceeded: wait.Succeeded,
	DeployFailed:    wait.Failed,
	"canceled":      wait.Cancelled,
	"cancelled":     wait.Cancelled,
	"stopped":       wait.Cancelled,
	"aborted":       wait.Cancelled,
}

// Derived step statuses (DeployStepStatus.Status).
const (
	StepPending = "pending"
	StepRunning = "running"
	StepDone    = "done"
	StepFailed  = "failed"
	StepSkipped = "skipped"
)

// DeployStepStatus is one step of a deployment with a derived status.
type DeployStepStatus struct {
	Name    string
	Offset  int64
	Status  string         // StepPending … StepSkipped
	Elapsed *time.Duration // nil when the service gave none
	FAQURL  string
}

// DeploySteps derives each step's status. StepInfo carries no per-step
// status; the rule (the docs name the fields only): `offset` is the step's
// position, `current_offset` the position the deployment is at; steps before
// it are done, the step at it is running (or failed, when the deployment
// failed, or done, when it succeeded), later ones are pending (skipped once
// the deployment ended). `enable` false means skipped.
func DeploySteps(st *DeployState, phase wait.Phase) (steps []DeployStepStatus, current int64) {
	for _, s := range st.StepState {
		if c, ok := s.CurrentOffset.Int(); ok && c > current {
			current = c
		}
	}
	steps = make([]DeployStepStatus, 0, len(st.StepState))
	for i, s := range st.StepState {
		off, ok := s.Offset.Int()
		if !ok {
			off = int64(i + 1)
		}
		status := StepPending
		switch {
		case !s.Enable.Bool(true):
			status = StepSkipped
		case off < current:
			status = StepDone
		case off == current:
			switch phase {
			case wait.Succeeded:
				status = StepDone
			case wait.Failed, wait.Cancelled:
				status = StepFailed
			default:
				status = StepRunning
			}
		case phase.Terminal():
			status = StepSkipped
		}
		if phase == wait.Succeeded && s.Enable.Bool(true) {
			status = StepDone
		}
		step := DeployStepStatus{Name: s.Name, Offset: off, Status: status, FAQURL: s.FAQURL}
		if ms, ok := s.ElapsedTime.Int(); ok && (ms > 0 || status == StepDone) {
			d := time.Duration(ms) * time.Millisecond
			step.Elapsed = &d
		}
		steps = append(steps, step)
	}
	return steps, current
}

// APITimeLayouts are the time formats the CodeArts APIs use.
var APITimeLayouts = []string{"2006-01-02T15:04:05.000-07:00", "2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, time.RFC3339}

// DeployTimeZone: Deploy times are "yyyy-MM-dd HH:mm:ss" without a zone
// (StateInfo.start_time in ShowExecutionState); they are read as China
// Standard Time (UTC+8), the zone of the CodeArts console.
var DeployTimeZone = time.FixedZone("CST", 8*60*60)

// ParseDeployTime reads a CodeArts time: a zone-less Deploy time (or build
// history or pipeline-run list stage time) as UTC+8, or one of APITimeLayouts;
// ok is false for "" and unknown formats.
func ParseDeployTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04:05", s, DeployTimeZone); err == nil {
		return t, true
	}
	return parseAPITime(s)
}

// parseAPITime reads a time in one of APITimeLayouts; ok is false for ""
// and other formats.
func parseAPITime(s string) (time.Time, bool) {
	for _, l := range APITimeLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// DeployWatch is one deployment record, as the run engine observes it.
type DeployWatch struct {
	client           *Client
	TaskID, RecordID string
	// From the start reply (nil for a deployment not started here).
	Started *StartDeployResponse
	// What the last look saw.
	State   *DeployState
	Phase   wait.Phase
	Steps   []DeployStepStatus
	Current int64
	// Start and End are the parsed record times (zero when absent; End only
	// once the deployment ended).
	Start, End time.Time
	// done is the observer's memory: steps already narrated as done.
	done map[int64]bool
}

// WatchDeploy returns the observer of an existing deployment record.
func (c *Client) WatchDeploy(taskID, recordID string) *DeployWatch {
	return &DeployWatch{client: c, TaskID: taskID, RecordID: recordID}
}

// StartDeployment starts a deployment (StartDeploy) and returns its observer.
func (c *Client) StartDeployment(ctx context.Context, taskID string, req StartDeployRequest) (*DeployWatch, error) {
	resp, err := c.StartDeploy(ctx, taskID, req)
	if err != nil {
		return nil, err
	}
	w := c.WatchDeploy(taskID, resp.ID)
	w.Started = resp
	return w, nil
}

// ID is the import id, <task_id>/<record_id>.
func (w *DeployWatch) ID() string { return w.TaskID + "/" + w.RecordID }

// Label names the deployment.
func (w *DeployWatch) Label() string {
	return fmt.Sprintf("deployment %s of task %s", w.RecordID, w.TaskID)
}

// NotFound reports a record or task the service does not have.
func (w *DeployWatch) NotFound(err error) bool { return IsNotFound(err, DeployNotFoundCodes...) }

// Stop stops the deployment.
func (w *DeployWatch) Stop(ctx context.Context) error {
	return w.client.StopDeploy(ctx, w.TaskID, w.RecordID)
}

// Observe reads the record's state once. The observation's status carries
// the current step ("running (step 2/4)") so that the poller looks again
// soon after a step ends; its message says which step runs (or failed), and
// its events the steps that were done since the previous look.
func (w *DeployWatch) Observe(ctx context.Context) (run.Observation, error) {
	st, err := w.client.GetDeployState(ctx, w.TaskID, w.RecordID)
	if err != nil {
		return run.Observation{}, err
	}
	prevDone := w.done
	phase := DeployPhases.Of(st.Status)
	steps, current := DeploySteps(st, phase)
	w.State, w.Phase, w.Steps, w.Current = st, phase, steps, current
	w.Start, w.End = time.Time{}, time.Time{}
	if t, ok := ParseDeployTime(st.StartTime); ok {
		w.Start = t
	}
	if t, ok := ParseDeployTime(st.EndTime); ok && phase.Terminal() {
		w.End = t
	}
	w.done = map[int64]bool{}
	total := len(steps)
	var now []string
	obs := run.Observation{Status: st.Status, Phase: phase}
	for _, s := range steps {
		switch s.Status {
		case StepDone:
			w.done[s.Offset] = true
			if !prevDone[s.Offset] {
				obs.Events = append(obs.Events, fmt.Sprintf("step %d/%d '%s' done", s.Offset, total, s.Name))
			}
		case StepRunning:
			now = append(now, fmt.Sprintf("step %d/%d '%s' running", s.Offset, total, s.Name))
		case StepFailed:
			now = append(now, fmt.Sprintf("step %d/%d '%s' failed", s.Offset, total, s.Name))
			obs.Failure = &run.Failure{Step: s.Name, Help: s.FAQURL}
		}
	}
	switch {
	case phase == wait.Succeeded:
		now = append(now, fmt.Sprintf("%d/%d steps done", len(w.done), total))
	case !phase.Terminal() && current > 0 && total > 0:
		obs.Status = fmt.Sprintf("%s (step %d/%d)", st.Status, current, total)
	}
	if d, ok := w.Ran(); ok && phase.Terminal() {
		obs.Duration, obs.Timed = d, true
	}
	if phase == wait.Unknown {
		// Report the word the service used.
		obs.Status = st.Status
	}
	obs.Message = strings.Join(now, ", ")
	return obs, nil
}

// Ran is how long an ended deployment ran (ok false when unknown).
func (w *DeployWatch) Ran() (time.Duration, bool) {
	if w.Start.IsZero() || w.End.IsZero() {
		return 0, false
	}
	return w.End.Sub(w.Start), true
}

// Duration is how long an ended deployment ran ("" when unknown).
func (w *DeployWatch) Duration() string {
	if d, ok := w.Ran(); ok {
		return wait.FormatDuration(d)
	}
	return ""
}
