package codearts

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// PipelineNotFoundCode is the pipeline not-found code (CodeArts Pipeline error-code page).
const PipelineNotFoundCode = "DEVPIPE.00011401"

// Template task statuses (ShowInstanceStatus API page: initializing | processing |
// finished | succeeded). TemplateTaskFailed is not documented: it is the
// word this client and the simulator use for a task that ended without a
// pipeline (open question).
const (
	TemplateTaskInitializing = "initializing"
	TemplateTaskProcessing   = "processing"
	TemplateTaskFinished     = "finished"
	TemplateTaskSucceeded    = "succeeded"
	TemplateTaskFailed       = "failed"
)

// TemplateTaskRequest is the body of POST /v3/templates/task (TemplateCddl),
// with the field names of the CreatePipelineByTemplate API page's request example: flow and states are
// passed through as JSON, workflow is typed.
type TemplateTaskRequest struct {
	Flow       json.RawMessage  `json:"flow"`
	States     json.RawMessage  `json:"states"`
	Workflow   TemplateWorkflow `json:"workflow"`
	ChangeInfo json.RawMessage  `json:"changeInfo"` // the API page's example sends null
}

// TemplateWorkflow is the seed's "workflow" object.
type TemplateWorkflow struct {
	Parameter   []TemplateWorkflowParam  `json:"parameter"`
	Source      []TemplateWorkflowSource `json:"source"`
	Name        string                   `json:"name"`
	Description string                   `json:"description"`
	ProjectID   string                   `json:"project_id"`
	ProjectName string                   `json:"project_name"`
}

// TemplateWorkflowParam is one workflow.parameter item of the CreatePipelineByTemplate API page.
type TemplateWorkflowParam struct {
	Name        string          `json:"name"`
	Value       string          `json:"value"`
	Description string          `json:"description"`
	ParamType   string          `json:"paramtype"` // normalparam | growthparam (seed) ...
	DisplayName *string         `json:"display_name"`
	IsStatic    bool            `json:"isStatic"`
	IsDefault   bool            `json:"isDefault"`
	Constraints json.RawMessage `json:"constraints"` // seed sends null
}

// TemplateWorkflowSource is one workflow.source item of the CreatePipelineByTemplate API page (camelCase,
// as the seed shows; the SDK model uses snake_case, see the report).
type TemplateWorkflowSource struct {
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
}

// TemplateTaskStatus is the response of GET /v3/templates/{task_id}/status.
type TemplateTaskStatus struct {
	TaskID       string `json:"task_id"`
	TaskStatus   string `json:"task_status"`
	PipelineID   string `json:"pipeline_id"`
	PipelineName string `json:"pipeline_name"`
	PipelineURL  string `json:"pipeline_url"`
}

// StartTemplateTask sends POST /v3/templates/task, which starts creating a
// pipeline (and its jobs) from a template, and returns the task id. The
// request is never repeated unless it certainly did not reach the service.
func (c *Client) StartTemplateTask(ctx context.Context, req TemplateTaskRequest) (string, error) {
	if req.Workflow.Parameter == nil {
		req.Workflow.Parameter = []TemplateWorkflowParam{}
	}
	if req.Workflow.Source == nil {
		req.Workflow.Source = []TemplateWorkflowSource{}
	}
	for i := range req.Workflow.Source {
		if req.Workflow.Source[i].Branches == nil {
			req.Workflow.Source[i].Branches = []string{}
		}
		if req.Workflow.Source[i].BranchList == nil {
			req.Workflow.Source[i].BranchList = []string{}
		}
	}
	if len(req.ChangeInfo) == 0 {
		req.ChangeInfo = json.RawMessage("null")
	}
	for i := range req.Workflow.Parameter {
		if len(req.Workflow.Parameter[i].Constraints) == 0 {
			req.Workflow.Parameter[i].Constraints = json.RawMessage("null")
		}
	}
	var out struct {
		TaskID string `json:"task_id"`
	}
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: "/v3/templates/task",
		body: req, out: &out, startsRun: true}); err != nil {
		return "", err
	}
	if out.TaskID == "" {
		return "", fmt.Errorf("%s POST /v3/templates/task: the response carries no task_id", ServicePipeline)
	}
	return out.TaskID, nil
}

// GetTemplateTaskStatus reads GET /v3/templates/{task_id}/status.
func (c *Client) GetTemplateTaskStatus(ctx context.Context, taskID string) (*TemplateTaskStatus, error) {
	var out TemplateTaskStatus
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodGet,
		path: "/v3/templates/" + url.PathEscape(taskID) + "/status", out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePipeline deletes a pipeline (v5 DELETE
// /v5/{project_id}/api/pipelines/{pipeline_id}; project_id is the CodeArts
// project). A missing pipeline returns the not-found error
// (PipelineNotFoundCode); callers decide whether that is success.
func (c *Client) DeletePipeline(ctx context.Context, projectID, pipelineID string) error {
	_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodDelete,
		path: "/v5/" + url.PathEscape(projectID) + "/api/pipelines/" + url.PathEscape(pipelineID),
		out: &struct {
			PipelineID string `json:"pipeline_id"`
		}{}})
	return err
}
