package simulator

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"time"
	"unicode/utf8"
)

// Creating a pipeline from a template: POST /v3/templates/task (the request
// body of the API page "quickly creating a pipeline and jobs with a
// template"), polled with GET /v3/templates/{task_id}/status. The pipelines
// it makes are deleted with the v5 DELETE (routes_pipelines_v5.go).
//
// Documented: the request fields (API page), {"task_id"} response, status
// fields and the words initializing | processing | finished | succeeded,
// project not-found DEVPIPE.00011412.
//
// Simulator's choices: TemplateTaskFailed ("failed") for a task that ends
// without a pipeline; ErrCodeTemplateTaskNotFound; the pipeline_url layout;
// not-found errors here come with HTTP 200.

const (
	// Task status words (the status API's documented values) ...
	TemplateTaskInitializing = "initializing"
	TemplateTaskProcessing   = "processing"
	TemplateTaskFinished     = "finished"
	TemplateTaskSucceeded    = "succeeded"
	// TemplateTaskFailed is the simulator's word for a failed task
	// (undocumented).
	TemplateTaskFailed = "failed"

	// ErrCodeTemplateTaskNotFound answers an unknown task id. Simulator's choice.
	ErrCodeTemplateTaskNotFound = "DEVPIPE.00011206"
	// templateTaskWorkflowNameMax bounds workflow.name (the documented
	// pipeline name limit).
	templateTaskWorkflowNameMax = 128
)

// TemplateTaskOutcome decides how the next template tasks end: after After
// (on the simulator clock; half of it "initializing", the rest
// "processing") the status becomes Final. Final is TemplateTaskSucceeded or
// TemplateTaskFinished (the pipeline is created then), or TemplateTaskFailed
// (no pipeline). A long After makes a slow task.
type TemplateTaskOutcome struct {
	Final string
	After time.Duration
}

// defaultTemplateTaskOutcome: tasks succeed after 1.5 s.
var defaultTemplateTaskOutcome = TemplateTaskOutcome{Final: TemplateTaskSucceeded, After: 1500 * time.Millisecond}

// SetTemplateTaskOutcome sets how tasks created from now on end.
func (s *Server) SetTemplateTaskOutcome(o TemplateTaskOutcome) {
	if o.Final == "" {
		o.Final = TemplateTaskSucceeded
	}
	s.locked(func(st *state) { st.tpl.taskOutcome = o })
}

type templateTask struct {
	id           string
	created      time.Time
	outcome      TemplateTaskOutcome
	workflowName string
	projectID    string
	pipelineID   string
	request      []byte
}

// TemplateTask is a task as tests see it.
type TemplateTask struct {
	ID         string
	Status     string // as the next status poll would report it, without creating the pipeline
	PipelineID string
	Request    []byte // the POST body as received
}

// TemplateTasks returns the tasks created so far.
func (s *Server) TemplateTasks() []TemplateTask {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []TemplateTask
	for _, t := range s.st.tpl.tasks {
		out = append(out, TemplateTask{ID: t.id, Status: t.statusAt(now), PipelineID: t.pipelineID, Request: t.request})
	}
	return out
}

func (t *templateTask) statusAt(now time.Time) string {
	e := now.Sub(t.created)
	switch {
	case e < t.outcome.After/2:
		return TemplateTaskInitializing
	case e < t.outcome.After:
		return TemplateTaskProcessing
	}
	return t.outcome.Final
}

func (s *Server) templateTaskRoutes() {
	s.handle("POST /v3/templates/task", svcPipeline, s.createTemplateTask)
	s.handle("GET /v3/templates/{task_id}/status", svcPipeline, s.templateTaskStatus)
}

// templateTaskRequest is TemplateCddl as the API page's example sends it.
type templateTaskRequest struct {
	Flow     map[string]map[string]string `json:"flow"`
	States   map[string]templateStateReq  `json:"states"`
	Workflow *struct {
		Parameter []struct {
			Name        string  `json:"name"`
			Value       string  `json:"value"`
			Description string  `json:"description"`
			ParamType   string  `json:"paramtype"`
			DisplayName *string `json:"display_name"`
			IsStatic    bool    `json:"isStatic"`
			IsDefault   bool    `json:"isDefault"`
		} `json:"parameter"`
		Source []struct {
			ScmType       string   `json:"scmType"`
			CodeHubName   string   `json:"codeHubName"`
			HookFlag      bool     `json:"hookFlag"`
			Branches      []string `json:"branches"`
			DefaultBranch string   `json:"defaultBranch"`
			Branch        string   `json:"branch"`
			CodeHubID     string   `json:"codeHubId"`
			GitURL        string   `json:"gitUrl"`
			WebURL        string   `json:"webUrl"`
			BranchList    []string `json:"branchList"`
		} `json:"source"`
		Name        string `json:"name"`
		Description string `json:"description"`
		ProjectID   string `json:"project_id"`
		ProjectName string `json:"project_name"`
	} `json:"workflow"`
}

type templateStateReq struct {
	Type          string  `json:"type"`
	Name          string  `json:"name"`
	DisplayName   string  `json:"display_name"`
	DslMethod     string  `json:"dsl_method"`
	ExecutionMode *string `json:"execution_mode"`
}

func validateTemplateTask(req templateTaskRequest, projects map[string]string) (code, msg string) {
	inv := ErrCodePipelineInvalidParam
	if len(req.Flow) == 0 {
		return inv, "flow is required"
	}
	if len(req.States) == 0 {
		return inv, "states is required"
	}
	if _, ok := req.Flow["initial"]; !ok {
		return inv, `flow must start from the "initial" state`
	}
	for from, tos := range req.Flow {
		if _, ok := req.States[from]; !ok {
			return inv, fmt.Sprintf("flow refers to state %q, which is not in states", from)
		}
		for to := range tos {
			if _, ok := req.States[to]; !ok {
				return inv, fmt.Sprintf("flow refers to state %q, which is not in states", to)
			}
		}
	}
	for key, st := range req.States {
		if st.Type != "stage" && st.Type != "task" {
			return inv, fmt.Sprintf("states.%s.type %q is invalid: allowed values are stage, task", key, st.Type)
		}
		if st.ExecutionMode != nil && *st.ExecutionMode != "parallel" && *st.ExecutionMode != "serial" {
			return inv, fmt.Sprintf("states.%s.execution_mode %q is invalid: allowed values are parallel, serial", key, *st.ExecutionMode)
		}
	}
	wf := req.Workflow
	switch {
	case wf == nil:
		return inv, "workflow is required"
	case wf.Name == "":
		return inv, "workflow.name is required"
	case utf8.RuneCountInString(wf.Name) > templateTaskWorkflowNameMax:
		return inv, fmt.Sprintf("workflow.name must be at most %d characters", templateTaskWorkflowNameMax)
	case wf.ProjectID == "":
		return inv, "workflow.project_id is required"
	}
	if _, ok := projects[wf.ProjectID]; !ok {
		return ErrCodeProjectNotFound, "The project does not exist: " + wf.ProjectID
	}
	for i, p := range wf.Parameter {
		if p.Name == "" {
			return inv, fmt.Sprintf("workflow.parameter[%d].name is required", i)
		}
	}
	for i, src := range wf.Source {
		if src.ScmType == "" {
			return inv, fmt.Sprintf("workflow.source[%d].scmType is required", i)
		}
		if src.GitURL == "" {
			return inv, fmt.Sprintf("workflow.source[%d].gitUrl is required", i)
		}
	}
	return "", ""
}

func (s *Server) createTemplateTask(w http.ResponseWriter, r *http.Request) {
	var req templateTaskRequest
	body, _ := readBody(r)
	if err := decodeJSON(r, &req); err != nil {
		templateInvalid(w, "Invalid request body: "+err.Error())
		return
	}
	now := s.clock.Now()
	var code, msg string
	var task *templateTask
	s.locked(func(st *state) {
		code, msg = validateTemplateTask(req, st.codeartsProjects)
		if code != "" {
			return
		}
		task = &templateTask{id: randomHex(16), created: now, outcome: st.tpl.taskOutcome,
			workflowName: req.Workflow.Name, projectID: req.Workflow.ProjectID, request: body}
		st.tpl.tasks[task.id] = task
	})
	switch {
	case code == ErrCodeProjectNotFound:
		writeCodeArtsError(w, http.StatusOK, code, msg)
	case code != "":
		templateInvalid(w, msg)
	default:
		writeJSON(w, http.StatusOK, map[string]string{"task_id": task.id})
	}
}

// pipelineURL is the console address of a pipeline. Simulator's choice.
func pipelineURL(projectID, pipelineID string) string {
	return fmt.Sprintf("https://devcloud.%s.huaweicloud.com/cicd/project/%s/pipeline/detail/%s", DemoRegion, projectID, pipelineID)
}

func (s *Server) templateTaskStatus(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("task_id")
	now := s.clock.Now()
	var resp map[string]string
	s.locked(func(st *state) {
		t, ok := st.tpl.tasks[id]
		if !ok {
			return
		}
		status := t.statusAt(now)
		resp = map[string]string{"task_id": t.id, "task_status": status, "pipeline_id": "", "pipeline_name": "", "pipeline_url": ""}
		if (status == TemplateTaskSucceeded || status == TemplateTaskFinished) && t.pipelineID == "" {
			p := st.addPipeline(Pipeline{Name: t.workflowName, ProjectID: t.projectID, CreatorID: principalFrom(r).UserID}, now)
			t.pipelineID = p.ID
		}
		if t.pipelineID != "" {
			resp["pipeline_id"] = t.pipelineID
			if p, ok := st.pipelines[t.pipelineID]; ok {
				resp["pipeline_name"] = p.Name
			} else {
				resp["pipeline_name"] = t.workflowName
			}
			resp["pipeline_url"] = pipelineURL(t.projectID, t.pipelineID)
		}
	})
	if resp == nil {
		writeCodeArtsError(w, http.StatusOK, ErrCodeTemplateTaskNotFound, "The template task does not exist: "+id)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// readBody returns the request body and restores it for decodeJSON.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b, err
}
