package codearts

import (
	"context"
	"sort"
	"time"
)

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
