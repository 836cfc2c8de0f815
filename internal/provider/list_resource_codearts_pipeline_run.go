package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

func newCodeArtsPipelineRunList() list.ListResource { return newRunList(pipelineRunType) }

// pipelineRunLister lists a pipeline's runs as the
// cicd_codearts_pipeline_runs data source does (ListPipelineRuns, 100 runs a
// request); the API filters by status and start-time window itself.
var pipelineRunLister = &runLister{
	parent:     "pipeline",
	statuses:   codearts.PipelineRunStatuses,
	statusDesc: "the run list's `status`, filtered by the API",
	source:     fmt.Sprintf("`POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list`, %d runs a request", codearts.PipelineRunsPageMax),
	list: func(ctx context.Context, pd *providerData, q runQuery, emit func(listedRun) bool) (int, error) {
		f := codearts.PipelineRunFilter{Statuses: q.statuses, StartTime: q.from, EndTime: q.to}
		runs, stats, err := pd.codearts.ListPipelineRuns(ctx, q.str("project_id"), q.str("pipeline_id"), f, q.limit)
		for _, r := range runs {
			started := codearts.EpochMillis(r.StartTime)
			if in, _ := q.started(started); !in || !q.status(r.Status) {
				continue
			}
			at := "not started"
			if !started.IsZero() {
				at = "started " + started.UTC().Format(time.RFC3339)
			}
			if !emit(listedRun{id: types.StringValue(r.PipelineRunID), display: fmt.Sprintf("run %d (%s, %s)", r.RunNumber, r.Status, at)}) {
				break
			}
		}
		return stats.Requests, err
	},
}
