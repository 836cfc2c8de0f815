package codearts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"
)

// The Deploy API's task detail and history (huaweicloud-sdk-go-v3
// codeartsdeploy/v2: ShowDeployTaskDetail, ListDeployTaskHistoryByDate),
// used to find the deployment an unclear start reply may have started.

// DeployHistoryRecord is one ExecuteRecordV2Body row.
type DeployHistoryRecord struct {
	ExecutionID string `json:"execution_id"` // the deployment record id
	State       string `json:"state"`
	Operator    string `json:"operator"`
	Nickname    string `json:"nickname"`
	StartTime   string `json:"start_time"`
	EndTime     string `json:"end_time"`
	Duration    string `json:"duration"`
	ReleaseID   int64  `json:"release_id"`
	Type        string `json:"type"`
}

// deployHistoryPage is the largest page the history takes.
const deployHistoryPage = 100

// DeployTaskProject reads the CodeArts project a deploy task belongs to
// (GET /v2/tasks/{task_id}); the history is listed per project. It is read
// once per task and client: a task does not move between projects.
func (c *Client) DeployTaskProject(ctx context.Context, taskID string) (string, error) {
	if p, ok := c.taskProjects.Load(taskID); ok {
		if s, ok := p.(string); ok {
			return s, nil
		}
	}
	var out struct {
		ProjectID string `json:"project_id"`
	}
	path := fmt.Sprintf("/v2/tasks/%s", url.PathEscape(taskID))
	if _, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodGet, path: path, out: &out}); err != nil {
		return "", err
	}
	if out.ProjectID == "" {
		return "", badReply(ServiceDeploy, http.MethodGet, path, fmt.Errorf("the task has no project_id"))
	}
	c.taskProjects.Store(taskID, out.ProjectID)
	return out.ProjectID, nil
}

// FindStartedDeploys lists the task's deployments started since since,
// newest first: after an unclear start reply, the candidates for the
// deployment the request may have started.
func (c *Client) FindStartedDeploys(ctx context.Context, taskID string, since time.Time) ([]DeployHistoryRecord, error) {
	project, err := c.DeployTaskProject(ctx, taskID)
	if err != nil {
		return nil, err
	}
	path := fmt.Sprintf("/v2/%s/task/%s/history", url.PathEscape(project), url.PathEscape(taskID))
	day := func(t time.Time) string { return t.In(DeployTimeZone).Format("2006-01-02") }
	rows, _, err := collectOffsetPages(ctx, 0, 1, deployHistoryPage,
		func(ctx context.Context, offset, limit int) ([]DeployHistoryRecord, int, error) {
			var out struct {
				Result   []DeployHistoryRecord `json:"result"`
				TotalNum int                   `json:"total_num"`
			}
			q := url.Values{"page": {strconv.Itoa(offset/deployHistoryPage + 1)}, "size": {strconv.Itoa(deployHistoryPage)},
				"start_date": {day(since)}, "end_date": {day(time.Now().Add(24 * time.Hour))}}
			_, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodGet, path: path, query: q, out: &out})
			return out.Result, out.TotalNum, err
		}, nil)
	if err != nil {
		return nil, err
	}
	var found []DeployHistoryRecord
	for _, r := range rows {
		t, ok := ParseDeployTime(r.StartTime)
		if !ok || !t.Before(since.Truncate(time.Second)) {
			found = append(found, r)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].ReleaseID > found[j].ReleaseID })
	return found, nil
}
