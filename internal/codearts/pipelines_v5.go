package codearts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The v5 pipeline API (SDK codeartspipeline/v2: CreatePipelineNew,
// CreatePipelineByTemplateId, ShowPipelineDetail, UpdatePipelineInfo,
// DeletePipeline). Paths take the CodeArts project id.

// Pipeline limits and enumerations the SDK models document (PipelineDto,
// PipelineConcurrencyMgmt, PipelineSchedule, CodeSourceParams).
const (
	PipelineNameMax        = 128 // PipelineDto.name: [1,128]
	PipelineDescriptionMax = 1024
	PipelineSourceAliasMax = 128 // CodeSourceParams.alias
	// PipelineManifestVersionDefault is PipelineDto.manifest_version's default.
	PipelineManifestVersionDefault = "3.0"
)

var (
	PipelineGitTypes      = []string{"codehub", "gitee", "github", "gitcode", "gitlab"} // CodeSourceParams.git_type
	PipelineSourceTypes   = []string{"code", "artifact"}                                // CodeSource.type ("code", "artifact" and others)
	PipelineExceedActions = []string{"ABORT", "QUEUE"}                                  // PipelineConcurrencyMgmt.exceed_action
	PipelineScheduleTypes = []string{"fixed"}                                           // PipelineSchedule.type: only fixed
	// PipelineTimeZones are PipelineSchedule.time_zone's documented values.
	PipelineTimeZones = []string{"China Standard Time", "GMT Standard Time", "South Africa Standard Time",
		"Russian Standard Time", "SE Asia Standard Time", "Singapore Standard Time", "Pacific SA Standard Time",
		"E. South America Standard Time", "Central Standard Time (Mexico)", "Egypt Standard Time", "Saudi Arabia Standard Time"}
)

// PipelineSourceParams is CodeSourceParams (sent) and PipelineSourceParam
// (read; the artifact fields are not used here).
type PipelineSourceParams struct {
	GitType       string `json:"git_type,omitempty"`
	CodehubID     string `json:"codehub_id,omitempty"`
	EndpointID    string `json:"endpoint_id,omitempty"`
	DefaultBranch string `json:"default_branch,omitempty"`
	GitURL        string `json:"git_url,omitempty"`
	SSHGitURL     string `json:"ssh_git_url,omitempty"`
	WebURL        string `json:"web_url,omitempty"`
	RepoName      string `json:"repo_name,omitempty"`
	Alias         string `json:"alias,omitempty"`
}

// PipelineSource is CodeSource / PipelineSource.
type PipelineSource struct {
	Type   string                `json:"type,omitempty"`
	Params *PipelineSourceParams `json:"params,omitempty"`
}

// PipelineSchedule is PipelineSchedule. UUID is filled by the service.
type PipelineSchedule struct {
	UUID       string `json:"uuid,omitempty"`
	Type       string `json:"type,omitempty"`
	Name       string `json:"name,omitempty"`
	Enable     bool   `json:"enable"`
	DaysOfWeek []int  `json:"days_of_week,omitempty"`
	TimeZone   string `json:"time_zone,omitempty"`
}

// PipelineCodeEvent is CodeEvent, one event of a trigger.
type PipelineCodeEvent struct {
	Type   string `json:"type,omitempty"`
	Enable bool   `json:"enable"`
}

// PipelineTrigger is PipelineTrigger. The webhook fields the service fills
// (hook_id, callback_url, security_token) are not decoded: security_token
// is a credential, and hook_id is a string in the SDK model but an integer
// in the huaweicloud provider's schema.
type PipelineTrigger struct {
	GitURL       string              `json:"git_url,omitempty"`
	GitType      string              `json:"git_type,omitempty"`
	IsAutoCommit bool                `json:"is_auto_commit"`
	Events       []PipelineCodeEvent `json:"events,omitempty"`
	RepoID       string              `json:"repo_id,omitempty"`
	EndpointID   string              `json:"endpoint_id,omitempty"`
}

// PipelineConcurrency is PipelineConcurrencyMgmt (times are not sent).
type PipelineConcurrency struct {
	ConcurrencyNumber int    `json:"concurrency_number"`
	ExceedAction      string `json:"exceed_action,omitempty"`
	Enable            bool   `json:"enable"`
}

// PipelineSpec is the writable part of a pipeline: PipelineDto, the body of
// create and update.
type PipelineSpec struct {
	Name               string               `json:"name"`
	Description        string               `json:"description"`
	IsPublish          bool                 `json:"is_publish"`
	Sources            []PipelineSource     `json:"sources"`
	Variables          []TemplateVariable   `json:"variables"`
	Schedules          []PipelineSchedule   `json:"schedules"`
	Triggers           []PipelineTrigger    `json:"triggers"`
	ManifestVersion    string               `json:"manifest_version,omitempty"`
	Definition         string               `json:"definition"`
	GroupID            string               `json:"group_id,omitempty"`
	ConcurrencyControl *PipelineConcurrency `json:"concurrency_control,omitempty"`
}

// PipelineFromTemplate is PipelineByTemplateDto, the body of
// .../pipeline-templates/{template_id}/create-pipeline. sources is required
// (sent as [] when there are none).
type PipelineFromTemplate struct {
	Name        string             `json:"name"`
	Description string             `json:"description,omitempty"`
	IsPublish   bool               `json:"is_publish"`
	Sources     []PipelineSource   `json:"sources"`
	Variables   []TemplateVariable `json:"variables,omitempty"`
}

// PipelineDetail is ShowPipelineDetailResponse. concurrency_control is not
// in that SDK model but the huaweicloud provider reads it from the detail:
// nil when the service leaves it out.
type PipelineDetail struct {
	ID                 string               `json:"id"`
	Name               string               `json:"name"`
	Description        string               `json:"description"`
	ManifestVersion    string               `json:"manifest_version"`
	Region             string               `json:"region"`
	DomainID           string               `json:"domain_id"`
	ProjectID          string               `json:"project_id"`
	ComponentID        string               `json:"component_id"`
	IsPublish          bool                 `json:"is_publish"`
	CreatorID          string               `json:"creator_id"`
	CreatorName        string               `json:"creator_name"`
	UpdaterID          string               `json:"updater_id"`
	CreateTime         int64                `json:"create_time"` // epoch milliseconds
	UpdateTime         int64                `json:"update_time"` // epoch milliseconds
	IsCollect          FlexBool             `json:"is_collect"`
	Sources            []PipelineSource     `json:"sources"`
	Variables          []TemplateVariable   `json:"variables"`
	Schedules          []PipelineSchedule   `json:"schedules"`
	Triggers           []PipelineTrigger    `json:"triggers"`
	GroupID            string               `json:"group_id"`
	Definition         string               `json:"definition"`
	ConcurrencyControl *PipelineConcurrency `json:"concurrency_control"`
}

// pipelineIDResponse is CreatePipelineNewResponse, CreatePipelineByTemplateIdResponse,
// UpdatePipelineInfoResponse and DeletePipelineResponse.
type pipelineIDResponse struct {
	PipelineID string `json:"pipeline_id"`
}

func pipelinesV5Path(projectID string, rest string) string {
	return "/v5/" + url.PathEscape(projectID) + "/api/pipelines" + rest
}

// normalized fills the lists the service expects as arrays.
func (s PipelineSpec) normalized() PipelineSpec {
	if s.Sources == nil {
		s.Sources = []PipelineSource{}
	}
	s.Variables = normalizedVariables(s.Variables)
	if s.Schedules == nil {
		s.Schedules = []PipelineSchedule{}
	}
	if s.Triggers == nil {
		s.Triggers = []PipelineTrigger{}
	}
	return s
}

// normalizedVariables sends variables and their limits as arrays, never null.
func normalizedVariables(vs []TemplateVariable) []TemplateVariable {
	out := make([]TemplateVariable, len(vs))
	copy(out, vs)
	for i := range out {
		if out[i].Limits == nil {
			out[i].Limits = []string{}
		}
	}
	return out
}

// createPipelineCall sends a create and returns the new id. A create is not
// idempotent (names need not be unique): like a run start it is repeated
// only when it certainly did not take effect.
func (c *Client) createPipelineCall(ctx context.Context, path string, body any, secrets []string) (string, error) {
	var out pipelineIDResponse
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: path, body: body, out: &out,
		startsRun: true, secrets: secrets}); err != nil {
		return "", err
	}
	if out.PipelineID == "" {
		return "", fmt.Errorf("%s POST %s: the response carries no pipeline_id", ServicePipeline, path)
	}
	return out.PipelineID, nil
}

// CreatePipelineV5 creates a pipeline (POST /v5/{project_id}/api/pipelines)
// and returns its id.
func (c *Client) CreatePipelineV5(ctx context.Context, projectID string, in PipelineSpec) (string, error) {
	return c.createPipelineCall(ctx, pipelinesV5Path(projectID, ""), in.normalized(), secretValues(in.Variables))
}

// CreatePipelineFromTemplateV5 creates a pipeline from a template (POST
// /v5/{project_id}/api/pipeline-templates/{template_id}/create-pipeline) and
// returns its id. The service copies the template into the new pipeline.
func (c *Client) CreatePipelineFromTemplateV5(ctx context.Context, projectID, templateID string, in PipelineFromTemplate) (string, error) {
	if in.Sources == nil {
		in.Sources = []PipelineSource{}
	}
	in.Variables = normalizedVariables(in.Variables)
	p := "/v5/" + url.PathEscape(projectID) + "/api/pipeline-templates/" + url.PathEscape(templateID) + "/create-pipeline"
	return c.createPipelineCall(ctx, p, in, secretValues(in.Variables))
}

// GetPipelineV5 reads a pipeline's detail. A missing pipeline is an
// *APIError with Code PipelineNotFoundCode (see IsPipelineNotFound).
func (c *Client) GetPipelineV5(ctx context.Context, projectID, pipelineID string) (*PipelineDetail, error) {
	var out PipelineDetail
	if _, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodGet,
		path: pipelinesV5Path(projectID, "/"+url.PathEscape(pipelineID)), out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePipelineV5 replaces a pipeline with one PUT of the whole PipelineDto.
func (c *Client) UpdatePipelineV5(ctx context.Context, projectID, pipelineID string, in PipelineSpec) error {
	_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPut,
		path: pipelinesV5Path(projectID, "/"+url.PathEscape(pipelineID)), body: in.normalized(), out: &pipelineIDResponse{},
		secrets: secretValues(in.Variables)})
	return err
}

// IsPipelineNotFound reports whether err is the documented pipeline
// not-found error, whatever HTTP status it came with.
func IsPipelineNotFound(err error) bool { return HasCode(err, PipelineNotFoundCode) }

// IsPipelineGone reports whether a DELETE's error means the pipeline is
// gone: the pipeline or its project not found (the huaweicloud provider
// treats both as deleted).
func IsPipelineGone(err error) bool {
	return HasCode(err, append([]string{PipelineNotFoundCode}, ProjectNotFoundCodes...)...)
}

// PipelineConsoleURL is the console address of a pipeline. The API returns
// none; this is the layout of the console's pipeline pages.
func PipelineConsoleURL(region, projectID, pipelineID string) string {
	return fmt.Sprintf("https://devcloud.%s.huaweicloud.com/cicd/project/%s/pipeline/detail/%s", region, projectID, pipelineID)
}
