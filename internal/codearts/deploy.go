package codearts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// CodeArts Deploy: start a deployment task, read a deployment record's state,
// stop it (Deploy API pages, StartDeployTask). Every call sends
// `Content-Type: application/json;charset=utf-8` (the client core does), which
// the Deploy pages mark mandatory.

// Deploy API limits (Deploy API pages, [D] CN page).
const (
	DeployParamKeyMax   = 128
	DeployParamValueMax = 8192
)

// Deploy parameter types (Deploy API pages, [S] DynamicConfigInfoTypeEnum).
const (
	DeployParamText      = "text"
	DeployParamHostGroup = "host_group"
	DeployParamEncrypt   = "encrypt"
	DeployParamEnum      = "enum"
)

// DeployForbiddenSequences may not appear in a parameter value (Deploy API pages).
var DeployForbiddenSequences = []string{"{{", "{%", "{#"}

// Deployment record statuses (Deploy API pages: result.status).
const (
	DeployRunning   = "running"
	DeploySucceeded = "succeeded"
	DeployFailed    = "failed"
)

// DeployNotFoundCodes are the documented Deploy codes that mean "no such
// task/application or record" (the error-code pages): Deploy.00011303 (deployment
// record), Deploy.00011020 / Deploy.00011021 (application, i.e. its task).
var DeployNotFoundCodes = []string{"Deploy.00011303", "Deploy.00011020", "Deploy.00011021"}

// DeployParam is one DynamicConfigInfo of the start body (API page StartDeployTask table 4).
type DeployParam struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Type  string `json:"type"`
}

// StartDeployRequest is the body of POST /v2/tasks/{task_id}/start (API page StartDeployTask table 3).
type StartDeployRequest struct {
	Params        []DeployParam `json:"params"`
	RecordID      string        `json:"record_id,omitempty"`
	TriggerSource string        `json:"trigger_source,omitempty"`
}

// AppComponent is AppComponentDao (API page StartDeployTask table 6).
type AppComponent struct {
	TaskID   string `json:"task_id"`
	AppID    string `json:"app_id"`
	AppName  string `json:"app_name"`
	CompID   string `json:"comp_id"`
	CompName string `json:"comp_name"`
	DomainID string `json:"domain_id"`
	Region   string `json:"region"`
	State    string `json:"state"`
}

// StartDeployResponse is the StartDeployTask API page's 200 body. ID is the deployment record id.
type StartDeployResponse struct {
	ID               string         `json:"id"`
	TaskID           string         `json:"task_id"`
	JobName          string         `json:"job_name"`
	AppComponentList []AppComponent `json:"app_component_list"`
}

// StartDeploy starts a deployment. It is never repeated unless it certainly
// did not reach the service. The values of `encrypt` parameters are masked in
// every log line of the request.
func (c *Client) StartDeploy(ctx context.Context, taskID string, req StartDeployRequest) (*StartDeployResponse, error) {
	if req.Params == nil {
		req.Params = []DeployParam{} // the seed's example always sends the list
	}
	var secrets []string
	for _, p := range req.Params {
		if p.Type == DeployParamEncrypt {
			secrets = append(secrets, p.Value) // the log masker also masks its JSON-escaped form
		}
	}
	var out StartDeployResponse
	path := fmt.Sprintf("/v2/tasks/%s/start", url.PathEscape(taskID))
	resp, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodPost, path: path, body: req, out: &out, startsRun: true, secrets: secrets})
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(out.ID) == "" {
		return nil, &MalformedResponseError{Service: ServiceDeploy, Method: http.MethodPost, Path: path, HTTPStatus: resp.StatusCode,
			RequestID: resp.RequestID(), StartsRun: true, Err: fmt.Errorf("no deployment record id in the response")}
	}
	return &out, nil
}

// Flex is a scalar the docs type inconsistently: the Deploy pages type every
// StepInfo member as a String, the SDK model (codeartsdeploy/v2 StepInfo) as
// int64, int32 or bool; the pipeline run's current_system_time is an int64
// in the SDK and a string on older pages. It accepts a JSON string, number
// or boolean; null is "".
type Flex string

// UnmarshalJSON implements json.Unmarshaler.
func (f *Flex) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = Flex(s)
	case string(b) == "true" || string(b) == "false":
		*f = Flex(b)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("want a string, number or boolean, got %s", b)
		}
		*f = Flex(n.String())
	}
	return nil
}

// Int returns the value as an integer (ok=false when it is not one).
func (f Flex) Int() (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(string(f)), 10, 64)
	return n, err == nil
}

// Bool returns the value as a boolean; "" and unknown words are def.
func (f Flex) Bool(def bool) bool {
	switch strings.ToLower(strings.TrimSpace(string(f))) {
	case "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	return def
}

// DeployStep is StepInfo ([D] ShowDeployStatus table 6).
type DeployStep struct {
	Region        string `json:"region"`
	ID            Flex   `json:"id"`
	Offset        Flex   `json:"offset"`
	Enable        Flex   `json:"enable"`
	Name          string `json:"name"`
	CurrentOffset Flex   `json:"current_offset"`
	ElapsedTime   Flex   `json:"elapsed_time"`
	FAQURL        string `json:"faq_url"`
}

// DeployState is StateInfo ([D] ShowDeployStatus table 5): `status` is
// running|succeeded|failed, `step` running|finish, times "yyyy-MM-dd HH:mm:ss".
type DeployState struct {
	Status    string       `json:"status"`
	NickName  string       `json:"nick_name"`
	RecordID  string       `json:"record_id"`
	TaskID    string       `json:"task_id"`
	Step      string       `json:"step"`
	StartTime string       `json:"start_time"`
	EndTime   string       `json:"end_time"`
	Executor  string       `json:"executor"`
	TaskName  string       `json:"task_name"`
	StepState []DeployStep `json:"step_state"`
}

// GetDeployState reads GET /v2/tasks/{task_id}/state?record_id=…&step_state=true.
// The envelope is {"status":"success|error","result":StateInfo}.
func (c *Client) GetDeployState(ctx context.Context, taskID, recordID string) (*DeployState, error) {
	var out struct {
		Status string          `json:"status"`
		Result json.RawMessage `json:"result"`
	}
	path := fmt.Sprintf("/v2/tasks/%s/state", url.PathEscape(taskID))
	q := url.Values{"record_id": {recordID}, "step_state": {"true"}}
	resp, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodGet, path: path, query: q, out: &out, envelope: true})
	if err != nil {
		return nil, err
	}
	raw := strings.TrimSpace(string(out.Result))
	if raw == "" || raw == "null" || raw == "{}" {
		return nil, &APIError{Service: ServiceDeploy, Method: http.MethodGet, Path: path, HTTPStatus: http.StatusNotFound,
			RequestID: resp.RequestID(), Message: fmt.Sprintf("no state for deployment record %s of task %s", recordID, taskID)}
	}
	var st DeployState
	if err := json.Unmarshal(out.Result, &st); err != nil {
		return nil, &MalformedResponseError{Service: ServiceDeploy, Method: http.MethodGet, Path: path, HTTPStatus: resp.StatusCode, RequestID: resp.RequestID(), Err: err}
	}
	return &st, nil
}

// StopDeploy stops a running deployment: PUT /v2/tasks/{task_id}/records/{record_id}/stop
// (empty body; response {"status":"success","result":{"id","task_id"}}).
func (c *Client) StopDeploy(ctx context.Context, taskID, recordID string) error {
	path := fmt.Sprintf("/v2/tasks/%s/records/%s/stop", url.PathEscape(taskID), url.PathEscape(recordID))
	_, err := c.do(ctx, call{svc: ServiceDeploy, method: http.MethodPut, path: path, envelope: true})
	return err
}
