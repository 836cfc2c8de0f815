package codearts

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// StartOutcome is transport.StartOutcome: what a start reply says.
type StartOutcome = transport.StartOutcome

// The outcomes, as transport names them.
const (
	StartUnknown    = transport.StartUnknown
	StartStarted    = transport.StartStarted
	StartNotStarted = transport.StartNotStarted
)

// ClassifyStart classifies the error a start call returned.
func ClassifyStart(err error) StartOutcome {
	if err == nil {
		return StartStarted
	}
	var re *RequestError
	if errors.As(err, &re) {
		if re.MayHaveStarted {
			return StartUnknown
		}
		return StartNotStarted
	}
	var me *MalformedResponseError
	if errors.As(err, &me) {
		return StartUnknown
	}
	var ae *APIError
	if errors.As(err, &ae) {
		// A 5xx without the service's error body came from a gateway in
		// front of it, which may have timed out after the service acted.
		if ae.HTTPStatus >= 500 && ae.Code == "" {
			return StartUnknown
		}
		return StartNotStarted
	}
	return StartNotStarted // checks made before sending anything
}

// FindStartedBuilds lists the job's builds created since since (newest
// first): after an ambiguous start, the candidates for the build the
// request may have started. The history does not return a build's
// parameters or who started it (ShowHistoryDetails has the parameters,
// one request per build), so the time window is the match.
func (c *Client) FindStartedBuilds(ctx context.Context, jobID string, since time.Time) ([]BuildHistoryRecord, error) {
	older := func(r BuildHistoryRecord) bool {
		t, ok := ParseDeployTime(r.StartTime)
		return ok && t.Before(since)
	}
	rows, _, err := c.ListBuildHistory(ctx, jobID, 0, func(rows []BuildHistoryRecord) bool {
		return len(rows) > 0 && older(rows[len(rows)-1])
	})
	if err != nil {
		return nil, err
	}
	var out []BuildHistoryRecord
	for _, r := range rows {
		if !older(r) { // queued builds have no start time yet
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].BuildNumber > out[j].BuildNumber })
	return out, nil
}

// FindStartedPipelineRuns lists the pipeline's runs started since since
// (newest first), for an ambiguous start.
func (c *Client) FindStartedPipelineRuns(ctx context.Context, projectID, pipelineID string, since time.Time) ([]PipelineRun, error) {
	runs, _, err := c.ListPipelineRuns(ctx, projectID, pipelineID, PipelineRunFilter{StartTime: since, SortKey: "start_time", SortDir: "desc"}, 20)
	if err != nil {
		return nil, err
	}
	var out []PipelineRun
	for _, r := range runs {
		if r.StartTime == nil || time.UnixMilli(*r.StartTime).After(since) || time.UnixMilli(*r.StartTime).Equal(since) {
			out = append(out, r)
		}
	}
	return out, nil
}
