package codearts

import (
	"context"
	"net/http"
)

// GetStepLogTail reads the last lines of a step's log in one request:
// LogQuery with sort "desc" and end_offset 0 (no upper bound). The reference
// API page documents sort ∈ asc|desc but not what desc returns; this reads it
// as "the last `lines` lines, in log order" (the simulator's reading too).
// Used for the log tail of a failed pipeline run; a full read is ReadStepLog.
func (c *Client) GetStepLogTail(ctx context.Context, ref StepRef, lines int) (*StepLogPage, error) {
	var out StepLogPage
	_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: ref.path(),
		body: logQuery{StartOffset: 0, EndOffset: 0, Limit: lines, Sort: "desc"}, out: &out})
	if err != nil {
		return nil, err
	}
	out.Log = c.Mask(out.Log) // a script may print a secret the run was started with
	return &out, nil
}
