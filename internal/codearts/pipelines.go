package codearts

import (
	"context"
	"net/http"
	"strings"
)

// v3 pipeline list page-size bounds (seed 004: limit 10–50).
const (
	PipelineListPageMin = 10
	PipelineListPageMax = 50
)

// Pipeline list filter values the API documents (seed 004).
var (
	PipelineStatuses = []string{"waiting", "running", "verifying", "suspending", "completed"}
	PipelineOutcomes = []string{"success", "error", "aborted"}
	PipelineSortKeys = []string{"pipeline_name", "create_time", "start_time"}
	SortDirections   = []string{"asc", "desc"}
)

// PipelineFilter is the v3 list query without paging. The id filters take at
// most 10 ids each.
type PipelineFilter struct {
	Name        string
	ProjectIDs  []string
	CreatorIDs  []string
	ExecutorIDs []string
	Statuses    []string
	Outcomes    []string
	SortKey     string
	SortDir     string
	GitURL      string
}

// listPipelinesBody is the request body of POST /v3/pipelines/list: the id
// and enum filters are comma-separated strings.
type listPipelinesBody struct {
	PipelineName string `json:"pipeline_name,omitempty"`
	ProjectIDs   string `json:"project_ids,omitempty"`
	CreatorIDs   string `json:"creator_ids,omitempty"`
	ExecutorIDs  string `json:"executor_ids,omitempty"`
	Status       string `json:"status,omitempty"`
	Outcome      string `json:"outcome,omitempty"`
	SortKey      string `json:"sort_key,omitempty"`
	SortDir      string `json:"sort_dir,omitempty"`
	GitURL       string `json:"git_url,omitempty"`
	Offset       int    `json:"offset"`
	Limit        int    `json:"limit"`
}

// PipelineBasicInfo is one row of the v3 pipeline list, typed as documented.
type PipelineBasicInfo struct {
	ProjectID    string `json:"project_id"`
	ProjectName  string `json:"project_name"`
	PipelineID   string `json:"pipeline_id"`
	PipelineName string `json:"pipeline_name"`
	CreatorID    string `json:"creator_id"`
	CreatorName  string `json:"creator_name"`
	ExecutorID   string `json:"executor_id"`
	ExecutorName string `json:"executor_name"`
	StartTime    string `json:"start_time"`
	CreateTime   string `json:"create_time"`
	Watched      string `json:"watched"` // "true" / "false"
}

type listPipelinesResponse struct {
	Offset int                 `json:"offset"`
	Limit  int                 `json:"limit"`
	Total  int                 `json:"total"`
	Result []PipelineBasicInfo `json:"result"`
}

// ListPipelines pages through POST /v3/pipelines/list until maxItems pipelines
// (0 = all) have been read, using the largest page the API allows.
func (c *Client) ListPipelines(ctx context.Context, f PipelineFilter, maxItems int) ([]PipelineBasicInfo, PageStats, error) {
	body := listPipelinesBody{
		PipelineName: f.Name,
		ProjectIDs:   strings.Join(f.ProjectIDs, ","),
		CreatorIDs:   strings.Join(f.CreatorIDs, ","),
		ExecutorIDs:  strings.Join(f.ExecutorIDs, ","),
		Status:       strings.Join(f.Statuses, ","),
		Outcome:      strings.Join(f.Outcomes, ","),
		SortKey:      f.SortKey,
		SortDir:      f.SortDir,
		GitURL:       f.GitURL,
	}
	return collectOffsetPages(ctx, maxItems, PipelineListPageMin, PipelineListPageMax,
		func(ctx context.Context, offset, limit int) ([]PipelineBasicInfo, int, error) {
			b := body
			b.Offset, b.Limit = offset, limit
			var out listPipelinesResponse
			_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: "/v3/pipelines/list", body: b, out: &out})
			return out.Result, out.Total, err
		}, nil)
}
