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

// DeployHistoryDaysMax is the most days one history request covers: its
// start_date and end_date are at most 30 days apart (SDK
// ListDeployTaskHistoryByDateRequest; doc page ListDeployTaskHistoryByDate).
const DeployHistoryDaysMax = 30

// ListDeployHistory lists the task's deployments started between from and
// to (zero to = now), newest first: one 30-day window of
// GET /v2/{project_id}/task/{task_id}/history at a time from to back to
// from, each paged 100 rows a request, until done (nil = never) returns
// true for the rows read so far. stats.Requests counts the task lookup
// when it was sent.
func (c *Client) ListDeployHistory(ctx context.Context, taskID string, from, to time.Time, done func([]DeployHistoryRecord) bool) ([]DeployHistoryRecord, PageStats, error) {
	var stats PageStats
	if _, cached := c.taskProjects.Load(taskID); !cached {
		stats.Requests++
	}
	project, err := c.DeployTaskProject(ctx, taskID)
	if err != nil {
		return nil, stats, err
	}
	if to.IsZero() {
		to = c.now()
	}
	path := fmt.Sprintf("/v2/%s/task/%s/history", url.PathEscape(project), url.PathEscape(taskID))
	day := func(t time.Time) time.Time {
		t = t.In(DeployTimeZone)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, DeployTimeZone)
	}
	first, last := day(from), day(to)
	var (
		rows []DeployHistoryRecord
		seen = map[string]bool{}
	)
	finished := func() bool { return done != nil && done(rows) }
	// Windows of at most 30 days, the newest first, contiguous.
	for end := last; !end.Before(first); end = end.AddDate(0, 0, -DeployHistoryDaysMax) {
		start := end.AddDate(0, 0, -(DeployHistoryDaysMax - 1))
		if start.Before(first) {
			start = first
		}
		page, st, err := collectOffsetPages(ctx, 0, 1, deployHistoryPage,
			func(ctx context.Context, offset, limit int) ([]DeployHistoryRecord, int, error) {
				var out struct {
					Result   []DeployHistoryRecord `json:"result"`
					TotalNum int                   `json:"total_num"`
				}
				q := url.Values{"page": {strconv.Itoa(offset/deployHistoryPage + 1)}, "size": {strconv.Itoa(deployHistoryPage)},
					"start_date": {start.Format("2006-01-02")}, "end_date": {end.Format("2006-01-02")}}
				_, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodGet, path: path, query: q, out: &out})
				return out.Result, out.TotalNum, err
			}, func(items []DeployHistoryRecord) bool {
				return done != nil && done(append(rows[:len(rows):len(rows)], items...))
			})
		stats.Requests += st.Requests
		stats.Total += st.Total
		for _, r := range page {
			if !seen[r.ExecutionID] {
				seen[r.ExecutionID] = true
				rows = append(rows, r)
			}
		}
		if err != nil {
			return rows, stats, err
		}
		stats.Days = int(last.Sub(start).Hours()/24) + 1
		if finished() {
			break
		}
	}
	return rows, stats, nil
}

// FindStartedDeploys lists the task's deployments started since since,
// newest first: after an unclear start reply, the candidates for the
// deployment the request may have started.
func (c *Client) FindStartedDeploys(ctx context.Context, taskID string, since time.Time) ([]DeployHistoryRecord, error) {
	rows, _, err := c.ListDeployHistory(ctx, taskID, since, time.Now().Add(24*time.Hour), nil)
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
