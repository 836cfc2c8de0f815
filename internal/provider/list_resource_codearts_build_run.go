package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

func newCodeArtsBuildRunList() list.ListResource { return newRunList(buildRunType) }

// buildRunLister lists a job's builds from its history, as the
// cicd_codearts_build_records data source does (ListBuildHistory: the last
// 30 days, then 30-day windows back to 180 days, 100 rows a request). The
// history has no status or time filter, so both are applied here; paging
// stops at the first build older than start_time.
var buildRunLister = &runLister{
	parent:     "build job",
	statuses:   buildStatuses,
	statusDesc: "the history's `result`; a running build has none and matches no status",
	source: fmt.Sprintf("`GET /v3/jobs/{job_id}/history`, then `.../period-history`, at most %d days back, %d builds a request",
		codearts.BuildLookbackDays, codearts.BuildHistoryPage),
	list: func(ctx context.Context, pd *providerData, q runQuery, emit func(listedRun) bool) (int, error) {
		job := q.str("job_id")
		sent, stop := 0, false
		maxItems := q.limit // unfiltered, the history pages straight to the limit
		if len(q.statuses) > 0 || !q.from.IsZero() || !q.to.IsZero() {
			maxItems = 0
		}
		// Rows are emitted as pages arrive (the history calls done after
		// each) and once more at the end (it skips done at maxItems).
		emitRows := func(rows []codearts.BuildHistoryRecord) bool {
			for ; sent < len(rows) && !stop; sent++ {
				r := rows[sent]
				t, _ := codearts.ParseDeployTime(r.StartTime)
				in, older := q.started(t)
				if older {
					stop = true
					break
				}
				if in && q.status(r.Result) {
					stop = !emit(listedRun{id: types.Int64Value(int64(r.BuildNumber)),
						display: fmt.Sprintf("build %d (%s, started %s)", r.BuildNumber, orUnknown(r.Result), optTime(&r.StartTime).ValueString())})
				}
			}
			return stop
		}
		rows, stats, err := pd.codearts.ListBuildHistory(ctx, job, maxItems, emitRows)
		emitRows(rows)
		return stats.Requests, err
	},
}
