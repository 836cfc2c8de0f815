package simulator

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CodeArts Deploy routes (the Deploy API pages StartDeployTask, ShowDeployStatus and
// StopDeployTaskRecordV2). The model and the control API are in deploy_model.go.
//
// Error bodies (the Deploy API pages: errors are {"error_code","error_msg"}
// and may come with HTTP 200):
//   - start: invalid input 400 ErrCodeDeployInvalidParam; unknown task 400
//     Deploy.00011020; unknown rollback record_id 400 Deploy.00011303 (the
//     huaweicloud provider sees these codes on a 400); a scripted rejection
//     (DeployOutcome.RejectMsg) HTTP 200.
//   - state and stop, whose envelope is {"status":"success|error","result"}:
//     every error is HTTP 200 {"status":"error","error_code","error_msg"}
//     (the envelope's "error" plus the Deploy error members; the pages show
//     no error example, so this combination is the simulator's choice).
//     Unknown task Deploy.00011020, unknown record Deploy.00011303, a record
//     that is not running (stop) ErrCodeDeployInvalidParam.
//   - a request without a JSON Content-Type: 400 ErrCodeDeployInvalidParam
//     (the pages mark Content-Type mandatory; the status and code are the
//     simulator's choice).

// Deploy route patterns (keys for Count and InjectFault).
const (
	RouteDeployStart = "POST /v2/tasks/{task_id}/start"
	RouteDeployState = "GET /v2/tasks/{task_id}/state"
	RouteDeployStop  = "PUT /v2/tasks/{task_id}/records/{record_id}/stop"
)

// Deploy parameter limits (StartDeployTask, EnvExecutionBody params).
const (
	deployParamKeyMax   = 128
	deployParamValueMax = 8192
)

var deployParamTypes = map[string]bool{"text": true, "host_group": true, "encrypt": true, "enum": true}

var deployForbiddenSequences = []string{"{{", "{%", "{#"}

func (s *Server) deployRoutes() {
	s.handle(RouteDeployStart, svcDeploy, s.deployContentType(s.startDeploy))
	s.handle(RouteDeployState, svcDeploy, s.deployContentType(s.deployStateRoute))
	s.handle(RouteDeployStop, svcDeploy, s.deployContentType(s.stopDeploy))
	s.deployHistoryRoutes()
}

// deployContentType rejects requests without a JSON Content-Type.
func (s *Server) deployContentType(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct := strings.ToLower(r.Header.Get("Content-Type")); !strings.HasPrefix(ct, "application/json") {
			writeCodeArtsError(w, http.StatusBadRequest, ErrCodeDeployInvalidParam, "Content-Type must be application/json;charset=utf-8")
			return
		}
		h(w, r)
	}
}

func writeDeployInvalid(w http.ResponseWriter, msg string) {
	writeCodeArtsError(w, http.StatusBadRequest, ErrCodeDeployInvalidParam, "Invalid parameter: "+msg)
}

// writeDeployEnvelopeError writes an error of the envelope APIs (state, stop).
func writeDeployEnvelopeError(w http.ResponseWriter, code, msg string) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "error", "error_code": code, "error_msg": msg})
}

// startDeployRequest is EnvExecutionBody (StartDeployTask request tables).
type startDeployRequest struct {
	Params []struct {
		Key   *string `json:"key"`
		Value *string `json:"value"`
		Type  *string `json:"type"`
	} `json:"params"`
	RecordID      *string `json:"record_id"`
	TriggerSource *string `json:"trigger_source"`
}

type appComponentDao struct {
	TaskID   string `json:"task_id"`
	AppID    string `json:"app_id"`
	AppName  string `json:"app_name"`
	CompID   string `json:"comp_id"`
	CompName string `json:"comp_name"`
	DomainID string `json:"domain_id"`
	Region   string `json:"region"`
	State    string `json:"state"`
}

// startDeployResponse is StartDeployTask's 200 body.
type startDeployResponse struct {
	ID               string            `json:"id"`
	TaskID           string            `json:"task_id"`
	JobName          string            `json:"job_name"`
	AppComponentList []appComponentDao `json:"app_component_list"`
}

// validateDeployParam returns "" or why a parameter is invalid. Messages
// never echo values (they may be secrets).
func validateDeployParam(i int, key, value, typ string) string {
	switch {
	case key == "":
		return fmt.Sprintf("params[%d].key must not be empty", i)
	case len(key) > deployParamKeyMax:
		return fmt.Sprintf("params[%d].key is longer than %d characters", i, deployParamKeyMax)
	case !deployParamTypes[typ]:
		return fmt.Sprintf("params[%d].type must be text, host_group, encrypt or enum", i)
	case utf8.RuneCountInString(value) > deployParamValueMax:
		return fmt.Sprintf("params[%d].value is longer than %d characters", i, deployParamValueMax)
	}
	for j := 0; j < len(key); j++ {
		c := key[j]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return fmt.Sprintf("params[%d].key may contain only letters, digits, -, _ and .", i)
		}
	}
	for _, seq := range deployForbiddenSequences {
		if strings.Contains(value, seq) {
			return fmt.Sprintf("params[%d].value must not contain %q", i, seq)
		}
	}
	return ""
}

func (s *Server) startDeploy(w http.ResponseWriter, r *http.Request) {
	taskID := r.PathValue("task_id")
	if !validDeployID(taskID) {
		writeDeployInvalid(w, "task_id must be 32 letters and digits")
		return
	}
	var req startDeployRequest
	if err := decodeJSON(r, &req); err != nil && err != errEmptyBody {
		writeDeployInvalid(w, "request body: "+err.Error())
		return
	}
	params := make([]DeployParam, 0, len(req.Params))
	for i, p := range req.Params {
		if p.Key == nil || p.Value == nil || p.Type == nil {
			writeDeployInvalid(w, fmt.Sprintf("params[%d] needs a key, a value and a type", i))
			return
		}
		if msg := validateDeployParam(i, *p.Key, *p.Value, *p.Type); msg != "" {
			writeDeployInvalid(w, msg)
			return
		}
		params = append(params, DeployParam{Key: *p.Key, Value: *p.Value, Type: *p.Type})
	}
	var rollback, source string
	if req.RecordID != nil && *req.RecordID != "" {
		rollback = *req.RecordID
		if !validDeployID(rollback) {
			writeDeployInvalid(w, "record_id must be 32 letters and digits")
			return
		}
	}
	if req.TriggerSource != nil {
		source = *req.TriggerSource
		if source != "0" && source != "1" {
			writeDeployInvalid(w, `trigger_source must be "0" or "1"`)
			return
		}
	}

	now := s.clock.Now()
	ds, t := s.lockDeployTask(w, taskID)
	if t == nil {
		return
	}
	if rollback != "" && t.record(rollback) == nil {
		ds.mu.Unlock()
		writeCodeArtsError(w, http.StatusBadRequest, ErrCodeDeployRecordNotFound, fmt.Sprintf("The deployment record %s does not exist", rollback))
		return
	}
	o := ds.outcomeFor(taskID)
	if o.RejectMsg != "" {
		ds.mu.Unlock()
		writeCodeArtsError(w, http.StatusOK, o.RejectCode, o.RejectMsg)
		return
	}
	rec := t.newRecord(now, o)
	rec.params = params
	rec.rollbackOf = rollback
	rec.triggerSource = source
	t.started++
	resp := startDeployResponse{
		ID:      rec.id,
		TaskID:  taskID,
		JobName: rec.jobName,
		AppComponentList: []appComponentDao{{
			TaskID: taskID, AppID: seededID("deploy-app/" + taskID), AppName: "app" + taskID[:8],
			CompID: seededID("deploy-comp/" + taskID), CompName: t.name + "-web",
			DomainID: DemoDomainID, Region: DemoRegion, State: "0",
		}},
	}
	ds.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

// stepInfo is StepInfo (ShowDeployStatus response, StepInfo table): every member a string.
type stepInfo struct {
	Region        string `json:"region"`
	ID            string `json:"id"`
	Offset        string `json:"offset"`
	Enable        string `json:"enable"`
	Name          string `json:"name"`
	CurrentOffset string `json:"current_offset"`
	ElapsedTime   string `json:"elapsed_time"`
	FAQURL        string `json:"faq_url"`
}

// stateInfo is StateInfo (ShowDeployStatus response, StateInfo table). end_time is ""
// while the record runs (simulator's choice; the type is String).
type stateInfo struct {
	Status    string     `json:"status"`
	NickName  string     `json:"nick_name"`
	RecordID  string     `json:"record_id"`
	TaskID    string     `json:"task_id"`
	Step      string     `json:"step"`
	StartTime string     `json:"start_time"`
	EndTime   string     `json:"end_time"`
	Executor  string     `json:"executor"`
	TaskName  string     `json:"task_name"`
	StepState []stepInfo `json:"step_state,omitempty"`
}

type deployEnvelope struct {
	Status string `json:"status"`
	Result any    `json:"result"`
}

func (s *Server) deployStateRoute(w http.ResponseWriter, r *http.Request) {
	taskID := r.PathValue("task_id")
	if !validDeployID(taskID) {
		writeDeployInvalid(w, "task_id must be 32 letters and digits")
		return
	}
	q := r.URL.Query()
	recordID := q.Get("record_id")
	if recordID != "" && !validDeployID(recordID) {
		writeDeployInvalid(w, "record_id must be 32 letters and digits")
		return
	}
	withSteps := true
	if v := q.Get("step_state"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			writeDeployInvalid(w, "step_state must be true or false")
			return
		}
		withSteps = b
	}
	now := s.clock.Now()
	ds := s.deployState()
	ds.mu.Lock()
	t, ok := ds.tasks[taskID]
	if !ok {
		ds.mu.Unlock()
		writeDeployEnvelopeError(w, ErrCodeDeployTaskNotFound, fmt.Sprintf("The application of deployment task %s does not exist", taskID))
		return
	}
	rec := t.latest()
	if recordID != "" {
		rec = t.record(recordID)
	}
	if rec == nil {
		ds.mu.Unlock()
		writeDeployEnvelopeError(w, ErrCodeDeployRecordNotFound, fmt.Sprintf("The deployment record %s does not exist", recordID))
		return
	}
	res := rec.stateInfo(t, now, withSteps)
	ds.mu.Unlock()
	writeJSON(w, http.StatusOK, deployEnvelope{Status: "success", Result: res})
}

func (rec *deployRecord) stateInfo(t *deployTask, now time.Time, withSteps bool) stateInfo {
	p := rec.phaseAt(now)
	st := stateInfo{
		Status: p.status, NickName: rec.executor, RecordID: rec.id, TaskID: t.id,
		Step: "running", StartTime: formatCodeArtsTime(rec.created), Executor: rec.executor, TaskName: t.name,
	}
	if p.status != DeployStatusRunning {
		st.Step = "finish"
		st.EndTime = formatCodeArtsTime(p.finish)
	}
	if !withSteps {
		return st
	}
	st.StepState = make([]stepInfo, len(p.steps))
	for i, v := range p.steps {
		si := stepInfo{
			Region: DemoRegion, ID: strconv.Itoa(i + 1), Offset: strconv.Itoa(i + 1), Enable: "true", Name: v.Name,
			CurrentOffset: strconv.Itoa(p.current), ElapsedTime: strconv.FormatInt(v.Elapsed.Milliseconds(), 10),
		}
		if p.faqStep == i+1 {
			si.FAQURL = rec.outcome.FAQURL
		}
		st.StepState[i] = si
	}
	return st
}

func (s *Server) stopDeploy(w http.ResponseWriter, r *http.Request) {
	taskID, recordID := r.PathValue("task_id"), r.PathValue("record_id")
	if !validDeployID(taskID) || !validDeployID(recordID) {
		writeDeployInvalid(w, "task_id and record_id must be 32 letters and digits")
		return
	}
	now := s.clock.Now()
	ds := s.deployState()
	ds.mu.Lock()
	t, ok := ds.tasks[taskID]
	if !ok {
		ds.mu.Unlock()
		writeDeployEnvelopeError(w, ErrCodeDeployTaskNotFound, fmt.Sprintf("The application of deployment task %s does not exist", taskID))
		return
	}
	rec := t.record(recordID)
	if rec == nil {
		ds.mu.Unlock()
		writeDeployEnvelopeError(w, ErrCodeDeployRecordNotFound, fmt.Sprintf("The deployment record %s does not exist", recordID))
		return
	}
	if p := rec.phaseAt(now); p.status != DeployStatusRunning {
		ds.mu.Unlock()
		writeDeployEnvelopeError(w, ErrCodeDeployInvalidParam, fmt.Sprintf("The deployment record %s is not running (status %s)", recordID, p.status))
		return
	}
	rec.stopped, rec.stoppedAt = true, now
	ds.mu.Unlock()
	writeJSON(w, http.StatusOK, deployEnvelope{Status: "success", Result: map[string]string{"id": recordID, "task_id": taskID}})
}
