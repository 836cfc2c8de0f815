package simulator

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Deploy task detail and history, as the Deploy API documents them
// (huaweicloud-sdk-go-v3 codeartsdeploy/v2: ShowDeployTaskDetail,
// ListDeployTaskHistoryByDate and its ExecuteRecordV2Body rows).
//
//	GET /v2/tasks/{task_id}                        the task, with project_id
//	GET /v2/{project_id}/task/{id}/history         ?page (>= 1) &size (<= 100)
//	    &start_date &end_date (yyyy-MM-dd, at most 30 days apart), newest first:
//	    {"result":[{execution_id, state, operator, nickname, start_time,
//	    end_time, duration, release_id, type}], "total_num"}

const (
	RouteDeployTaskDetail = "GET /v2/tasks/{task_id}"
	RouteDeployHistory    = "GET /v2/{project_id}/task/{id}/history"
)

func (s *Server) deployHistoryRoutes() {
	s.handle(RouteDeployTaskDetail, svcDeploy, s.deployTaskDetail)
	s.handle(RouteDeployHistory, svcDeploy, s.deployHistory)
}

func (s *Server) deployTaskDetail(w http.ResponseWriter, r *http.Request) {
	taskID := r.PathValue("task_id")
	ds, t := s.lockDeployTask(w, taskID)
	if t == nil {
		return
	}
	name := t.name
	ds.mu.Unlock()
	// SDK ShowDeployTaskDetailResponse carries the task's id both as task_id
	// and as id.
	writeJSON(w, http.StatusOK, map[string]any{"task_id": taskID, "id": taskID, "name": name, "project_id": DemoCodeArtsProjectID,
		"project_name": "demo", "region_name": DemoRegion})
}

// lockDeployTask locks the Deploy state and returns the task (the caller
// unlocks ds.mu); for an unknown task it writes the API's error, leaves the
// state unlocked and returns a nil task.
func (s *Server) lockDeployTask(w http.ResponseWriter, taskID string) (*deployStore, *deployTask) {
	ds := s.deployState()
	ds.mu.Lock()
	t, ok := ds.tasks[taskID]
	if !ok {
		ds.mu.Unlock()
		writeDeployTaskNotFound(w, taskID)
		return ds, nil
	}
	return ds, t
}

// writeDeployTaskNotFound is the Deploy API's 400 for an unknown task.
func writeDeployTaskNotFound(w http.ResponseWriter, taskID string) {
	writeCodeArtsError(w, http.StatusBadRequest, ErrCodeDeployTaskNotFound, fmt.Sprintf("The application of deployment task %s does not exist", taskID))
}

type deployHistoryRow struct {
	ExecutionID string `json:"execution_id"`
	State       string `json:"state"`
	Operator    string `json:"operator"`
	Nickname    string `json:"nickname"`
	StartTime   string `json:"start_time"`
	EndTime     string `json:"end_time"`
	Duration    string `json:"duration"`
	ReleaseID   int64  `json:"release_id"`
	Type        string `json:"type"`
}

func (s *Server) deployHistory(w http.ResponseWriter, r *http.Request) {
	taskID := r.PathValue("id")
	q := r.URL.Query()
	page, err1 := strconv.Atoi(q.Get("page"))
	size, err2 := strconv.Atoi(q.Get("size"))
	from, err3 := time.ParseInLocation("2006-01-02", q.Get("start_date"), codeArtsZone)
	to, err4 := time.ParseInLocation("2006-01-02", q.Get("end_date"), codeArtsZone)
	switch {
	case err1 != nil || page < 1:
		writeDeployInvalid(w, "page must be an integer >= 1")
		return
	case err2 != nil || size < 1 || size > 100:
		writeDeployInvalid(w, "size must be an integer in [1, 100]")
		return
	case err3 != nil || err4 != nil:
		writeDeployInvalid(w, "start_date and end_date must be yyyy-MM-dd")
		return
	case to.Before(from) || to.Sub(from) > 30*24*time.Hour:
		writeDeployInvalid(w, "end_date must be within 30 days after start_date")
		return
	}
	to = to.Add(24 * time.Hour)
	now := s.clock.Now()
	ds, t := s.lockDeployTask(w, taskID)
	if t == nil {
		return
	}
	var rows []deployHistoryRow
	for i := len(t.records) - 1; i >= 0; i-- {
		rec := t.records[i]
		if rec.deleted || rec.created.Before(from) || !rec.created.Before(to) {
			continue
		}
		p := rec.phaseAt(now)
		row := deployHistoryRow{ExecutionID: rec.id, State: p.status, Operator: rec.executor, Nickname: rec.executor,
			StartTime: formatCodeArtsTime(rec.created), ReleaseID: int64(i + 1), Type: "deploy"}
		if !p.finish.IsZero() && !p.finish.After(now) {
			row.EndTime = formatCodeArtsTime(p.finish)
			row.Duration = p.finish.Sub(rec.created).Round(time.Second).String()
		}
		rows = append(rows, row)
	}
	ds.mu.Unlock()
	total := len(rows)
	lo := min((page-1)*size, total)
	hi := min(lo+size, total)
	writeJSON(w, http.StatusOK, map[string]any{"result": rows[lo:hi], "total_num": total})
}
