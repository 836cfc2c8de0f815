package codearts

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// PipelineRunPhases classifies run statuses (PipelineRun.status of
// ShowPipelineRunDetailResponse in the huaweicloud-sdk-go-v3 codeartspipeline
// models). QUEUED is not in the documented run enum but is a documented
// status filter of ListPipelineRuns and what a queued run reports. IGNORED:
// the service skipped the run; treated as aborted.
var PipelineRunPhases = wait.Phases{
	"COMPLETED": wait.Succeeded,
	"FAILED":    wait.Failed,
	"CANCELED":  wait.Cancelled,
	"IGNORED":   wait.Cancelled,
	"RUNNING":   wait.Running,
	"PAUSED":    wait.Paused,
	"SUSPEND":   wait.Paused,
	"QUEUED":    wait.Pending,
	"INIT":      wait.Pending,
}

// PipelineRunLogTailLines is how many log lines of the failed step a
// failure carries.
const PipelineRunLogTailLines = 15

// PipelineRunWatch is one pipeline run, as the run engine observes it.
type PipelineRunWatch struct {
	client                             *Client
	ProjectID, PipelineID, PipelineRun string
	// From the start reply (zero for a run not started here).
	Queued    bool
	QueueCode string // DEVPIPE.00011169 / 00011170 when the start was queued
	RunNumber int    // 0 until known
	// Detail is what the last look read (nil before the first).
	Detail *PipelineRunDetail
	// The observer's memory: the status of the previous look (a failed
	// run's log is read once, when it is first seen failed) and each
	// stage's status then (to narrate changes).
	LastStatus string
	seen       map[string]string
	// Secrets are stored secret values to mask in what the run reports
	// (the client masks those it sent itself; these are for a run started by
	// an earlier provider process).
	Secrets []string
}

// WatchPipelineRun returns the observer of an existing run; lastStatus is
// its status as last seen ("" when nothing was).
func (c *Client) WatchPipelineRun(projectID, pipelineID, runID, lastStatus string, runNumber int) *PipelineRunWatch {
	return &PipelineRunWatch{client: c, ProjectID: projectID, PipelineID: pipelineID, PipelineRun: runID,
		LastStatus: lastStatus, RunNumber: runNumber}
}

// StartPipelineRun starts a run (RunPipeline) and returns its observer. A
// queued start (concurrency exhausted) is a started run.
func (c *Client) StartPipelineRun(ctx context.Context, projectID, pipelineID string, req RunPipelineRequest) (*PipelineRunWatch, *RunPipelineResult, error) {
	res, err := c.RunPipeline(ctx, projectID, pipelineID, req)
	if err != nil {
		return nil, nil, err
	}
	w := c.WatchPipelineRun(projectID, pipelineID, res.PipelineRunID, "", 0)
	w.Queued, w.QueueCode = res.Queued, res.QueueCode
	// Best effort: the run number names the run in messages. The wait reads
	// the detail anyway; a failure here changes nothing.
	if d, err := c.GetPipelineRun(ctx, projectID, pipelineID, res.PipelineRunID); err == nil && d.RunNumber > 0 {
		w.RunNumber = d.RunNumber
	}
	return w, res, nil
}

// ID is the import id, <project_id>/<pipeline_id>/<pipeline_run_id>.
func (w *PipelineRunWatch) ID() string {
	return w.ProjectID + "/" + w.PipelineID + "/" + w.PipelineRun
}

// Label names the run.
func (w *PipelineRunWatch) Label() string {
	if w.RunNumber > 0 {
		return fmt.Sprintf("pipeline run %d of pipeline %s", w.RunNumber, w.PipelineID)
	}
	return fmt.Sprintf("pipeline run %s of pipeline %s", w.PipelineRun, w.PipelineID)
}

// NotFound reports a run or pipeline the service does not have.
func (w *PipelineRunWatch) NotFound(err error) bool { return IsNotFound(err, CodePipelineNotFound) }

// Stop stops the run. {"success": false} means the run had already ended:
// nothing to stop.
func (w *PipelineRunWatch) Stop(ctx context.Context) error {
	_, err := w.client.StopPipelineRun(ctx, w.ProjectID, w.PipelineID, w.PipelineRun)
	return err
}

// Observe reads the run detail once. Status is the service's word; Message
// says where the run is ("stage 'Test' running", "stage 'Review' waiting
// for review (job 'Manual review')", for a failed run which jobs failed and
// why), and Events the stages that ended since the previous look ("stage
// 'Build' COMPLETED").
func (w *PipelineRunWatch) Observe(ctx context.Context) (run.Observation, error) {
	d, err := w.client.GetPipelineRun(ctx, w.ProjectID, w.PipelineID, w.PipelineRun)
	if err != nil {
		return run.Observation{}, err
	}
	prevStatus := w.LastStatus
	events := w.stageEvents(d)
	// The run's identity is never taken from a read (GetPipelineRun refuses
	// a detail about another run).
	w.Detail, w.LastStatus = d, d.Status
	if d.RunNumber > 0 {
		w.RunNumber = d.RunNumber
	}
	phase := PipelineRunPhases.Of(d.Status)
	obs := run.Observation{Status: d.Status, Phase: phase, Events: events}
	switch phase {
	case wait.Pending:
		obs.Message = "queued behind other runs"
		if w.QueueCode != "" {
			obs.Message += " (" + w.QueueCode + ")"
		}
	case wait.Running:
		if names := runningStages(d); len(names) == 1 {
			obs.Message = fmt.Sprintf("stage %s running", names[0])
		} else if len(names) > 1 {
			obs.Message = fmt.Sprintf("stages %s running", strings.Join(names, ", "))
		}
	case wait.Paused:
		if st, job, ok := d.Waiting(); ok {
			obs.Message = waitingPhrase(st, job)
		}
	}
	if phase.Terminal() {
		if start, end := EpochMillis(d.StartTime), EpochMillis(d.EndTime); !start.IsZero() && !end.IsZero() && !end.Before(start) {
			obs.Duration, obs.Timed = end.Sub(start), true
		}
	}
	if phase == wait.Failed || phase == wait.Cancelled {
		obs.Message = strings.Join(d.Failed(), "; ")
		obs.Failure = firstFailure(d)
		if phase == wait.Failed && prevStatus != d.Status && obs.Failure != nil {
			// Once per observer and run: a refresh of a failed run in state
			// (last status FAILED) does not read the log again.
			w.failedStepLogTail(ctx, d, obs.Failure)
		}
	}
	// A failed job's message or log may quote a secret variable.
	obs.Message = w.client.Mask(obs.Message, w.Secrets...)
	if obs.Failure != nil {
		obs.Failure.Reason = w.client.Mask(obs.Failure.Reason, w.Secrets...)
		obs.Failure.LogTail = w.client.Mask(obs.Failure.LogTail, w.Secrets...)
	}
	return obs, nil
}

func waitingPhrase(st StageRun, job JobRun) string {
	if job.Status == "SUSPEND" {
		return fmt.Sprintf("stage '%s' suspended at job '%s' (waiting for a delay or a review)", st.Name, job.Name)
	}
	return fmt.Sprintf("stage '%s' waiting for review (job '%s')", st.Name, job.Name)
}

func runningStages(d *PipelineRunDetail) []string {
	var names []string
	for _, st := range d.Stages {
		if st.Status == "RUNNING" || st.Status == "ASYNC_RUNNING" {
			names = append(names, "'"+st.Name+"'")
		}
	}
	return names
}

// SortedStages returns the run's stages in sequence order.
func (d *PipelineRunDetail) SortedStages() []StageRun {
	stages := append([]StageRun(nil), d.Stages...)
	sort.SliceStable(stages, func(i, j int) bool { return stages[i].Sequence < stages[j].Sequence })
	return stages
}

// stageEvents narrates the stages that ended (or stopped) since the
// previous look and remembers every stage's status. A stage that runs or
// waits is not an event: the observation's message says so while it lasts.
func (w *PipelineRunWatch) stageEvents(d *PipelineRunDetail) []string {
	if w.seen == nil {
		w.seen = map[string]string{}
	}
	var events []string
	for _, st := range d.SortedStages() {
		key := st.ID + "/" + st.Identifier + "/" + st.Name
		prev, ok := w.seen[key]
		w.seen[key] = st.Status
		if ok && prev == st.Status {
			continue
		}
		switch st.Status {
		case "INIT", "UNSELECTED", "QUEUED", "RUNNING", "ASYNC_RUNNING", "PAUSED", "SUSPEND":
			continue
		}
		events = append(events, fmt.Sprintf("stage '%s' %s", st.Name, st.Status))
	}
	return events
}

// firstFailure names the first failed job and step (nil when none failed).
func firstFailure(d *PipelineRunDetail) *run.Failure {
	for _, st := range d.Stages {
		for _, j := range st.Jobs {
			if j.Status != "FAILED" {
				continue
			}
			f := &run.Failure{Stage: st.Name, Job: j.Name, Reason: j.Message}
			for _, step := range j.Steps {
				if step.Status == "FAILED" {
					f.Step = step.Name
					break
				}
			}
			return f
		}
	}
	return nil
}

// failedStepLogTail reads the last lines of the first failed step's log
// into f (nothing when there is none or it cannot be read: the log is a
// courtesy).
func (w *PipelineRunWatch) failedStepLogTail(ctx context.Context, d *PipelineRunDetail, f *run.Failure) {
	for _, st := range d.Stages {
		for _, j := range st.Jobs {
			if j.Status != "FAILED" {
				continue
			}
			for _, step := range j.Steps {
				if step.Status != "FAILED" || step.ID == "" || j.ID == "" {
					continue
				}
				page, err := w.client.GetStepLogTail(ctx, StepRef{ProjectID: w.ProjectID, PipelineID: w.PipelineID,
					PipelineRunID: d.ID, JobRunID: j.ID, StepRunID: step.ID}, PipelineRunLogTailLines)
				if err != nil {
					return
				}
				if log := strings.TrimRight(page.Log, "\n"); log != "" {
					f.LogTail = log
					f.LogSource = fmt.Sprintf("the log of step '%s' (job '%s')", step.Name, j.Name)
				}
				return
			}
		}
	}
}
