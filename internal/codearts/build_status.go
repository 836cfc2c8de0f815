package codearts

import (
	"context"
	"fmt"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// BuildPhases classifies build statuses: the Jenkins-style words of
// build-info's build_result and the record's status (SUCCESS, FAILURE,
// ABORTED; ShowJobStatus / ShowRecordInfo in the huaweicloud-sdk-go-v3
// codeartsbuild models), plus the terminal words the service uses in
// sub-task and build-record vocabularies.
var BuildPhases = wait.Phases{
	BuildSuccess:       wait.Succeeded,
	BuildFailure:       wait.Failed,
	"FAILED":           wait.Failed,
	"SCHEDULE_FAILURE": wait.Failed,
	"TIMEOUT":          wait.Failed,
	"UNKNOWN":          wait.Failed,
	BuildAborted:       wait.Cancelled,
}

// BuildWatch is one build of a job, as the run engine observes it
// (run.Run, run.Stopper).
type BuildWatch struct {
	client  *Client
	JobID   string
	BuildNo int
	// From the start reply (empty for a build that was not started here).
	DailyBuildNumber, OctopusJobName string
	// Record is the last build record read (nil before the first read).
	Record *BuildRecord
	// The observer's memory: the build's status as last seen (the record's
	// status, or build-info's result once the build ended) and whether it
	// had started.
	LastStatus string
	Started    bool
}

// WatchBuild returns the observer of an existing build; lastStatus and
// started are what was last seen of it ("" and false when nothing was).
func (c *Client) WatchBuild(jobID string, buildNo int, lastStatus string, started bool) *BuildWatch {
	return &BuildWatch{client: c, JobID: jobID, BuildNo: buildNo, LastStatus: lastStatus, Started: started}
}

// StartBuild starts a build (RunBuild) and returns its observer.
func (c *Client) StartBuild(ctx context.Context, req RunBuildRequest) (*BuildWatch, error) {
	resp, err := c.RunBuild(ctx, req)
	if err != nil {
		return nil, err
	}
	no, err := resp.BuildNo()
	if err != nil {
		return nil, err
	}
	w := c.WatchBuild(req.JobID, no, "", false)
	w.DailyBuildNumber, w.OctopusJobName = resp.DailyBuildNumber, resp.OctopusJobName
	return w, nil
}

// ID is the build's import id, <job_id>/<build_no>.
func (w *BuildWatch) ID() string { return fmt.Sprintf("%s/%d", w.JobID, w.BuildNo) }

// Label names the build.
func (w *BuildWatch) Label() string { return fmt.Sprintf("build %d of job %s", w.BuildNo, w.JobID) }

// NotFound reports a build record the service does not have.
func (w *BuildWatch) NotFound(err error) bool { return IsNotFound(err, BuildRecordNotFoundCodes...) }

// Stop stops the build.
func (w *BuildWatch) Stop(ctx context.Context) error {
	return w.client.StopBuild(ctx, w.JobID, w.BuildNo)
}

func (w *BuildWatch) setRecord(r *BuildRecord) {
	w.Record = r
	w.LastStatus = r.StatusWord()
	w.Started = deref(r.StartTime) != ""
}

// Observe reads the build once. build-info's `building` flag is the
// authority on completion (the record's status vocabulary is not
// documented); the record is read while the build is queued, when it ends,
// and on refresh. The message says "queued" or "running", and for a build
// that did not succeed the record's err_msg; an ended build's duration is
// the record's.
func (w *BuildWatch) Observe(ctx context.Context) (run.Observation, error) {
	if BuildPhases.Of(w.LastStatus).Terminal() {
		// Already finished (a refresh): the record alone says everything.
		rec, err := w.client.GetBuildRecord(ctx, w.JobID, w.BuildNo)
		if err != nil {
			return run.Observation{}, err
		}
		w.setRecord(rec)
		return w.ended(rec.StatusWord(), BuildPhases.Of(rec.StatusWord())), nil
	}
	info, err := w.client.GetBuildInfo(ctx, w.JobID, w.BuildNo)
	if err != nil {
		return run.Observation{}, err
	}
	if info.Building && w.Started && w.LastStatus != "" {
		return run.Observation{Status: w.LastStatus, Phase: wait.Running, Message: "running"}, nil
	}
	rec, err := w.client.GetBuildRecord(ctx, w.JobID, w.BuildNo)
	if err != nil {
		return run.Observation{}, err
	}
	w.setRecord(rec)
	status := rec.StatusWord()
	if info.Building {
		if rec.StartTime == nil {
			return run.Observation{Status: orDefault(status, "QUEUED"), Phase: wait.Pending, Message: "queued"}, nil
		}
		return run.Observation{Status: orDefault(status, "RUNNING"), Phase: wait.Running, Message: "running"}, nil
	}
	phase := BuildPhases.Of(status)
	if !phase.Terminal() {
		// The record lags behind build-info: trust build_result.
		status = info.BuildResult
		phase = BuildPhases.Of(status)
		if !phase.Terminal() {
			phase = wait.Failed
		}
		corrected := *rec
		corrected.Status = &status
		w.setRecord(&corrected)
	}
	return w.ended(status, phase), nil
}

// ended is the observation of an ended build from its record.
func (w *BuildWatch) ended(status string, phase wait.Phase) run.Observation {
	obs := run.Observation{Status: status, Phase: phase}
	if d, ok := w.Record.Ran(); ok {
		obs.Duration, obs.Timed = d, true
	}
	if e := deref(w.Record.ErrMsg); e != "" && phase != wait.Succeeded {
		obs.Message = e
		obs.Failure = &run.Failure{Reason: e}
	}
	return obs
}

// Ran is how long the build ran: the record's duration (milliseconds), or
// the time from its start_time to its finish_time when the record gives
// both; ok is false when it says neither.
func (r *BuildRecord) Ran() (d time.Duration, ok bool) {
	if r.Duration != nil {
		return time.Duration(*r.Duration) * time.Millisecond, true
	}
	start, sok := parseAPITime(deref(r.StartTime))
	end, eok := parseAPITime(deref(r.FinishTime))
	if sok && eok && !end.Before(start) {
		return end.Sub(start), true
	}
	return 0, false
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
