package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

func newCodeArtsDeployRunList() list.ListResource { return newRunList(deployRunType) }

// deployListDefaultDays is how far back a deploy run list looks without
// start_time: the history is listed in 30-day windows, one or more requests
// each, so an open window would cost requests for every month back.
const deployListDefaultDays = 30

// deployRunLister lists a task's deployments from its history, as the
// start finder does (ListDeployHistory: the task's project, then 30-day
// windows of the history, 100 rows a request). The history has no status
// filter, so that is applied here.
var deployRunLister = &runLister{
	parent:     "deploy task",
	statuses:   []string{codearts.DeployRunning, codearts.DeploySucceeded, codearts.DeployFailed},
	statusDesc: "the history's `state`",
	source: fmt.Sprintf("`GET /v2/{project_id}/task/{task_id}/history` in %d-day windows, 100 rows a request; without `start_time`, the last %d days",
		codearts.DeployHistoryDaysMax, deployListDefaultDays),
	list: func(ctx context.Context, pd *providerData, q runQuery, emit func(listedRun) bool) (int, error) {
		from := q.from
		if from.IsZero() {
			to := q.to
			if to.IsZero() {
				to = time.Now()
			}
			from = to.AddDate(0, 0, -deployListDefaultDays)
		}
		sent, stop := 0, false
		emitRows := func(rows []codearts.DeployHistoryRecord) bool {
			for ; sent < len(rows) && !stop; sent++ {
				r := rows[sent]
				t, _ := codearts.ParseDeployTime(r.StartTime)
				if in, _ := q.started(t); in && q.status(r.State) {
					stop = !emit(listedRun{id: types.StringValue(r.ExecutionID),
						display: fmt.Sprintf("deployment %d (%s, started %s)", r.ReleaseID, orUnknown(r.State), optTime(&r.StartTime).ValueString())})
				}
			}
			return stop
		}
		rows, stats, err := pd.codearts.ListDeployHistory(ctx, q.str("task_id"), from, q.to, emitRows)
		emitRows(rows)
		return stats.Requests, err
	},
}
