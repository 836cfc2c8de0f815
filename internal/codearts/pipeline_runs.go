package codearts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pipeline run API (CodeArts Pipeline API reference: RunPipeline, ListPipelineRuns, ShowPipelineRunDetail). {project_id} in these paths is
// the CodeArts project id (32 hex), not the IAM project.

// PipelineRunsPageMax is the page size used for POST .../pipeline-runs/list.
// The API documents no maximum (SDK ListPipelineRunsQuery: limit "≥ 0"); the
// Huawei provider pages this API with limit=100 in production, so 100 is the
// largest page known to be accepted. The client trusts the reported total,
// not a short page, to decide when it is done, so a lower server-side cap
// would cost requests but never lose runs.
const PipelineRunsPageMax = 100

// StepLogPageLines is the limit sent with each step-log request (the API
// page's example request uses 500). The API does not document the unit; it reads as
// lines.
const StepLogPageLines = 500

// Pipeline run statuses.
var (
	// PipelineRunStatuses are the status filter values of the run list: the
	// documented run statuses (ShowPipelineRunDetail) plus QUEUED, which
	// the ListPipelineRuns page's example request sends.
	PipelineRunStatuses = []string{"COMPLETED", "RUNNING", "FAILED", "CANCELED", "PAUSED", "SUSPEND", "IGNORED", "QUEUED"}
	// PipelineRunSortKeys are the sort keys the reference documents.
	PipelineRunSortKeys = []string{"start_time"}
	// PipelineRunTerminal are the statuses after which a run never changes.
	PipelineRunTerminal = []string{"COMPLETED", "FAILED", "CANCELED", "IGNORED"}
)

// Run-start queueing codes (RunPipeline API page): the run was created and queued.
const (
	CodeRunQueuedPipeline = "DEVPIPE.00011169" // concurrency of a single pipeline exhausted
	CodeRunQueuedTenant   = "DEVPIPE.00011170" // concurrency of the tenant's pipelines exhausted
	// CodePipelineNotFound is the documented "pipeline not found" code.
	CodePipelineNotFound = "DEVPIPE.00011401"
)

// ProjectNotFoundCodes are the documented "project not found" codes.
var ProjectNotFoundCodes = []string{"DEV_21_100169", "DEVPIPE.00011412", "DEVPIPE.30021001"}

// PipelineRunFilter is the run list query without paging.
type PipelineRunFilter struct {
	Statuses []string
	// StartTime / EndTime bound the runs by time; zero = unbounded. They are
	// sent as strings holding epoch milliseconds.
	StartTime, EndTime time.Time
	SortKey            string // default "start_time"
	SortDir            string // "asc" or "desc"; default "desc" (newest first)
}

// listPipelineRunsBody is ListPipelineRunsQuery. start_time/end_time are
// strings holding epoch ms (SDK codeartspipeline/v2 ListPipelineRunsQuery:
// *string; doc page ListPipelineRuns: "timestamp or yyyy-MM-dd HH:mm:ss").
type listPipelineRunsBody struct {
	Offset    int      `json:"offset"`
	Limit     int      `json:"limit"`
	Status    []string `json:"status,omitempty"`
	SortKey   string   `json:"sort_key,omitempty"`
	SortDir   string   `json:"sort_dir,omitempty"`
	StartTime string   `json:"start_time,omitempty"`
	EndTime   string   `json:"end_time,omitempty"`
}

// PipelineRun is one item of the run list (ListPipelineRuns response table): run times are
// epoch milliseconds, stage times are strings.
type PipelineRun struct {
	PipelineID      string             `json:"pipeline_id"`
	PipelineRunID   string             `json:"pipeline_run_id"`
	ExecutorID      string             `json:"executor_id"`
	ExecutorName    string             `json:"executor_name"`
	StageStatusList []RunStageStatus   `json:"stage_status_list"`
	Status          string             `json:"status"`
	RunNumber       int                `json:"run_number"`
	TriggerType     string             `json:"trigger_type"`
	BuildParams     *RunBuildParams    `json:"build_params"`
	ArtifactParams  *RunArtifactParams `json:"artifact_params"`
	StartTime       *int64             `json:"start_time"`
	EndTime         *int64             `json:"end_time"`
	DetailURL       string             `json:"detail_url"`
	ModifyURL       string             `json:"modify_url"`
}

// RunStageStatus is one stage of a listed run (ListPipelineRuns response table).
type RunStageStatus struct {
	Name      string `json:"name"`
	Sequence  int    `json:"sequence"`
	Status    string `json:"status"`
	StartTime string `json:"start_time"` // "YYYY-MM-DD HH:MM:SS"
	EndTime   string `json:"end_time"`
	ID        string `json:"id"`
}

// RunBuildParams is a run's code-source parameters (ListPipelineRuns response table); every
// field may be null.
type RunBuildParams struct {
	Action               *string `json:"action"`
	BuildType            *string `json:"build_type"`
	CommitID             *string `json:"commit_id"`
	EventType            *string `json:"event_type"`
	MergeID              *string `json:"merge_id"`
	Message              *string `json:"message"`
	SourceBranch         *string `json:"source_branch"`
	Tag                  *string `json:"tag"`
	TargetBranch         *string `json:"target_branch"`
	CodehubID            *string `json:"codehub_id"`
	GitURL               *string `json:"git_url"`
	SourceCodehubID      *string `json:"source_codehub_id"`
	SourceCodehubURL     *string `json:"source_codehub_url"`
	SourceCodehubHTTPURL *string `json:"source_codehub_http_url"`
}

// RunArtifactParams is a run's artifact-source parameters (ListPipelineRuns response table).
type RunArtifactParams struct {
	Version      *string `json:"version"`
	BranchFilter *string `json:"branch_filter"`
	PackageName  *string `json:"package_name"`
	Organization *string `json:"organization"`
}

type listPipelineRunsResponse struct {
	Offset       int           `json:"offset"`
	Limit        int           `json:"limit"`
	Total        int           `json:"total"`
	PipelineRuns []PipelineRun `json:"pipeline_runs"`
}

// EpochMillis converts an API epoch-ms time to a time.Time; nil and 0 (a run
// that has not started or ended) are the zero time.
func EpochMillis(ms *int64) time.Time {
	if ms == nil || *ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(*ms)
}

func pipelinePath(projectID, pipelineID string) string {
	return "/v5/" + url.PathEscape(projectID) + "/api/pipelines/" + url.PathEscape(pipelineID)
}

func (f PipelineRunFilter) body() listPipelineRunsBody {
	b := listPipelineRunsBody{Status: f.Statuses, SortKey: f.SortKey, SortDir: strings.ToLower(f.SortDir)}
	if b.SortKey == "" {
		b.SortKey = "start_time"
	}
	if b.SortDir == "" {
		b.SortDir = "desc"
	}
	if !f.StartTime.IsZero() {
		b.StartTime = strconv.FormatInt(f.StartTime.UnixMilli(), 10)
	}
	if !f.EndTime.IsZero() {
		b.EndTime = strconv.FormatInt(f.EndTime.UnixMilli(), 10)
	}
	return b
}

// NewestFirst reports whether the filter lists the newest run first.
func (f PipelineRunFilter) NewestFirst() bool {
	b := f.body()
	return b.SortKey == "start_time" && b.SortDir == "desc"
}

// ListPipelineRuns pages through POST .../pipeline-runs/list until maxItems runs
// (0 = all) have been read or the reported total is reached, PipelineRunsPageMax
// runs a request. Runs that shift onto the next page while paging (a new run
// started meanwhile) are returned once.
func (c *Client) ListPipelineRuns(ctx context.Context, projectID, pipelineID string, f PipelineRunFilter, maxItems int) ([]PipelineRun, PageStats, error) {
	var (
		items []PipelineRun
		stats PageStats
		seen  = map[string]bool{}
		guard pageGuard
	)
	body := f.body()
	offset := 0
	for {
		limit := PipelineRunsPageMax
		if maxItems > 0 && maxItems-len(items) < limit {
			limit = maxItems - len(items)
		}
		b := body
		b.Offset, b.Limit = offset, limit
		var out listPipelineRunsResponse
		_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost,
			path: pipelinePath(projectID, pipelineID) + "/pipeline-runs/list", body: b, out: &out})
		stats.Requests++
		if err != nil {
			return items, stats, err
		}
		stats.Total = out.Total
		for _, r := range out.PipelineRuns {
			if r.PipelineRunID != "" && seen[r.PipelineRunID] {
				continue
			}
			seen[r.PipelineRunID] = true
			items = append(items, r)
		}
		if maxItems > 0 && len(items) >= maxItems {
			return items[:maxItems], stats, nil
		}
		if len(out.PipelineRuns) == 0 || offset+len(out.PipelineRuns) >= out.Total {
			return items, stats, nil
		}
		if err := guard.check(out.PipelineRuns, len(out.PipelineRuns), offset); err != nil {
			return items, stats, err
		}
		offset += len(out.PipelineRuns)
	}
}

// LatestPipelineRun returns the newest run (by start time) matching f's
// statuses and time window, or nil when none matches: one request of one run.
func (c *Client) LatestPipelineRun(ctx context.Context, projectID, pipelineID string, f PipelineRunFilter) (*PipelineRun, PageStats, error) {
	f.SortKey, f.SortDir = "start_time", "desc"
	runs, stats, err := c.ListPipelineRuns(ctx, projectID, pipelineID, f, 1)
	if err != nil || len(runs) == 0 {
		return nil, stats, err
	}
	return &runs[0], stats, nil
}

// ---- Start a run ----

// RunPipelineRequest is the body of POST .../pipelines/{pipeline_id}/run
// (RunPipeline API page). choose_stages takes precedence over choose_jobs.
type RunPipelineRequest struct {
	Sources      []RunSource   `json:"sources,omitempty"`
	Description  string        `json:"description,omitempty"`
	Variables    []RunVariable `json:"variables,omitempty"`
	ChooseJobs   []string      `json:"choose_jobs,omitempty"`
	ChooseStages []string      `json:"choose_stages,omitempty"`
	// SecretValues are values in this request to mask in logs (e.g. secret
	// variables). Not sent.
	SecretValues []string `json:"-"`
}

// Run input limits (RunPipeline API page).
const (
	RunVariableValueMax = 8192
	RunDescriptionMax   = 1024
)

// Run source enums (RunPipeline API page).
var (
	RunGitTypes   = []string{"codehub", "gitee", "github", "gitcode", "gitlab"}
	RunBuildTypes = []string{"branch", "tag"}
	RunEventTypes = []string{"Manual", "Scheduler", "MR", "Push", "CreateTag", "Issue", "Note"}
)

// RunSource is one source of a run: type "code" with git parameters.
type RunSource struct {
	Type   string          `json:"type"`
	Params RunSourceParams `json:"params"`
}

// RunSourceParams are a code source's parameters. git_type, git_url and
// build_params.build_type are required by the API.
type RunSourceParams struct {
	GitType          string                `json:"git_type"`
	CodehubID        string                `json:"codehub_id,omitempty"`
	DefaultBranch    string                `json:"default_branch,omitempty"`
	GitURL           string                `json:"git_url"`
	Alias            string                `json:"alias,omitempty"`
	EndpointID       string                `json:"endpoint_id,omitempty"`
	BuildParams      *RunSourceBuildParams `json:"build_params,omitempty"`
	ChangeRequestIDs []string              `json:"change_request_ids,omitempty"`
}

// RunSourceBuildParams picks the code of a run.
type RunSourceBuildParams struct {
	BuildType    string `json:"build_type"`
	TargetBranch string `json:"target_branch,omitempty"`
	Tag          string `json:"tag,omitempty"`
	EventType    string `json:"event_type,omitempty"`
}

// RunVariable is one custom parameter of a run.
type RunVariable struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// RunPipelineResult is what starting a run produced. A run that had to wait
// for a concurrency slot is still a started run: Queued is true and
// QueueCode/QueueMessage carry the service's DEVPIPE.00011169/00011170 reply.
type RunPipelineResult struct {
	PipelineRunID string
	Queued        bool
	QueueID       string
	QueueCode     string
	QueueMessage  string
}

type runPipelineResponse struct {
	PipelineRunID string `json:"pipeline_run_id"`
}

// queuedRunBody is the error body of a queued run: the run id and queue id
// ride in "error" next to error_code ([P] resource_huaweicloud_codearts_pipeline_action.go).
type queuedRunBody struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
	Error     struct {
		PipelineRunID string          `json:"pipeline_run_id"`
		QueueID       json.RawMessage `json:"queue_id"`
	} `json:"error"`
}

// RunPipeline starts a run. It is never repeated unless the request certainly
// did not reach the service, so one call never starts two runs. The queueing
// replies (DEVPIPE.00011169 / 00011170) are a successful start with
// Queued = true, not an error.
func (c *Client) RunPipeline(ctx context.Context, projectID, pipelineID string, req RunPipelineRequest) (*RunPipelineResult, error) {
	var out runPipelineResponse
	resp, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: pipelinePath(projectID, pipelineID) + "/run",
		body: req, out: &out, startsRun: true, secrets: req.SecretValues})
	if err != nil {
		if HasCode(err, CodeRunQueuedPipeline, CodeRunQueuedTenant) && resp != nil {
			var q queuedRunBody
			if json.Unmarshal(resp.Body, &q) == nil && q.Error.PipelineRunID != "" {
				return &RunPipelineResult{PipelineRunID: q.Error.PipelineRunID, Queued: true,
					QueueID: rawString(q.Error.QueueID), QueueCode: q.ErrorCode, QueueMessage: q.ErrorMsg}, nil
			}
			return nil, fmt.Errorf("%w; the run was queued but the reply names no error.pipeline_run_id, so it cannot be followed (look for it in the pipeline's run history)", err)
		}
		return nil, err
	}
	if out.PipelineRunID == "" {
		return nil, &MalformedResponseError{Service: ServicePipeline, Method: http.MethodPost, Path: pipelinePath(projectID, pipelineID) + "/run",
			HTTPStatus: resp.StatusCode, RequestID: resp.RequestID(), StartsRun: true, Err: errors.New("no pipeline_run_id in the reply")}
	}
	return &RunPipelineResult{PipelineRunID: out.PipelineRunID}, nil
}

// ---- Run detail ----

// PipelineRunDetail is GET .../pipeline-runs/detail (SDK
// ShowPipelineRunDetailResponse): run, stage, job and step times are epoch ms.
type PipelineRunDetail struct {
	ID              string        `json:"id"`
	PipelineID      string        `json:"pipeline_id"`
	ManifestVersion string        `json:"manifest_version"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	IsPublish       bool          `json:"is_publish"`
	ExecutorID      string        `json:"executor_id"`
	ExecutorName    string        `json:"executor_name"`
	Status          string        `json:"status"`
	TriggerType     string        `json:"trigger_type"`
	RunNumber       int           `json:"run_number"`
	StartTime       *int64        `json:"start_time"`
	EndTime         *int64        `json:"end_time"`
	Stages          []StageRun    `json:"stages"`
	DomainID        string        `json:"domain_id"`
	ProjectID       string        `json:"project_id"`
	Region          string        `json:"region"`
	ComponentID     string        `json:"component_id"`
	Language        string        `json:"language"`
	Sources         []RunSource   `json:"sources"`
	Artifacts       []RawArtifact `json:"artifacts"`
	SubjectID       string        `json:"subject_id"`
	GroupID         string        `json:"group_id"`
	GroupName       string        `json:"group_name"`
	DetailURL       string        `json:"detail_url"`
	// CurrentSystemTime is epoch ms: an int64 in the SDK model
	// (codeartspipeline/v2 ShowPipelineRunDetailResponse) and the
	// huaweicloud provider; a string in older doc pages. Both are accepted.
	CurrentSystemTime Flex `json:"current_system_time"`
}

// RawArtifact is one produced package (PackageInfo, kept as JSON: its fields
// are not documented in the reference).
type RawArtifact = json.RawMessage

// StageRun is one stage of a run detail.
type StageRun struct {
	ID         string    `json:"id"`
	Category   string    `json:"category"`
	Name       string    `json:"name"`
	Identifier string    `json:"identifier"`
	RunAlways  bool      `json:"run_always"`
	Parallel   string    `json:"parallel"`
	IsSelect   bool      `json:"is_select"`
	Sequence   int       `json:"sequence"`
	DependsOn  []string  `json:"depends_on"`
	Condition  string    `json:"condition"`
	Status     string    `json:"status"`
	StartTime  *int64    `json:"start_time"`
	EndTime    *int64    `json:"end_time"`
	Pre        []StepRun `json:"pre"`
	Post       []StepRun `json:"post"`
	Jobs       []JobRun  `json:"jobs"`
}

// JobRun is one job of a stage.
type JobRun struct {
	ID             string    `json:"id"`
	Category       string    `json:"category"`
	Sequence       int       `json:"sequence"`
	Async          Flex      `json:"async"` // a bool on the doc page, a string in the SDK model (JobRun.Async); both accepted
	Name           string    `json:"name"`
	Identifier     string    `json:"identifier"`
	DependsOn      []string  `json:"depends_on"`
	Condition      string    `json:"condition"`
	Resource       string    `json:"resource"`
	IsSelect       bool      `json:"is_select"`
	Timeout        string    `json:"timeout"`
	LastDispatchID string    `json:"last_dispatch_id"`
	Status         string    `json:"status"`
	Message        string    `json:"message"`
	StartTime      *int64    `json:"start_time"`
	EndTime        *int64    `json:"end_time"`
	Steps          []StepRun `json:"steps"`
	ExecID         string    `json:"exec_id"`
}

// StepRun is one step of a job.
type StepRun struct {
	Name                string   `json:"name"`
	Task                string   `json:"task"`
	BusinessType        string   `json:"business_type"`
	Sequence            int      `json:"sequence"`
	OfficialTaskVersion string   `json:"official_task_version"`
	Identifier          string   `json:"identifier"`
	ID                  string   `json:"id"`
	EndpointIDs         []string `json:"endpoint_ids"`
	LastDispatchID      string   `json:"last_dispatch_id"`
	Status              string   `json:"status"`
	Message             string   `json:"message"`
	StartTime           *int64   `json:"start_time"`
	EndTime             *int64   `json:"end_time"`
}

// Waiting returns the first job (and its stage) that is PAUSED or SUSPEND:
// the manual review or delay the run waits on. ok is false when none waits.
func (d *PipelineRunDetail) Waiting() (stage StageRun, job JobRun, ok bool) {
	for _, s := range d.Stages {
		for _, j := range s.Jobs {
			if j.Status == "PAUSED" || j.Status == "SUSPEND" {
				return s, j, true
			}
		}
	}
	return StageRun{}, JobRun{}, false
}

// Failed returns the failed jobs' "job 'J' in stage 'S' failed: message" lines.
func (d *PipelineRunDetail) Failed() []string {
	var out []string
	for _, s := range d.Stages {
		for _, j := range s.Jobs {
			if j.Status == "FAILED" {
				line := fmt.Sprintf("job '%s' in stage '%s' failed", j.Name, s.Name)
				if j.Message != "" {
					line += ": " + j.Message
				}
				out = append(out, line)
			}
		}
	}
	return out
}

// IsTerminalRunStatus reports whether a run status is final.
func IsTerminalRunStatus(status string) bool {
	for _, s := range PipelineRunTerminal {
		if s == status {
			return true
		}
	}
	return false
}

// GetPipelineRun reads a run: GET .../pipeline-runs/detail?pipeline_run_id=.
// It is the poll target of a run.
func (c *Client) GetPipelineRun(ctx context.Context, projectID, pipelineID, runID string) (*PipelineRunDetail, error) {
	var out PipelineRunDetail
	_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodGet, path: pipelinePath(projectID, pipelineID) + "/pipeline-runs/detail",
		query: url.Values{"pipeline_run_id": {runID}}, out: &out})
	if err != nil {
		return nil, err
	}
	if out.ID != "" && out.ID != runID {
		// Never let a reply about another run stand for this one.
		return nil, badReply(ServicePipeline, http.MethodGet, pipelinePath(projectID, pipelineID)+"/pipeline-runs/detail",
			fmt.Errorf("asked for run %s, the reply is about run %s", runID, out.ID))
	}
	return &out, nil
}

// ---- Stop ----

type successBody struct {
	Success *bool `json:"success"`
}

// StopPipelineRun asks the service to stop a run: POST
// .../pipeline-runs/{pipeline_run_id}/stop. stopped is false (with no error)
// when the service answered {"success": false}, e.g. for a run that had
// already ended.
func (c *Client) StopPipelineRun(ctx context.Context, projectID, pipelineID, runID string) (stopped bool, err error) {
	var out successBody
	resp, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost,
		path: pipelinePath(projectID, pipelineID) + "/pipeline-runs/" + url.PathEscape(runID) + "/stop", out: &out})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == "" && resp != nil && resp.StatusCode < 300 &&
			json.Unmarshal(resp.Body, &out) == nil && out.Success != nil && !*out.Success {
			return false, nil
		}
		return false, err
	}
	return out.Success == nil || *out.Success, nil
}

// ---- Step logs ----

// StepRef names one step of one run.
type StepRef struct {
	ProjectID, PipelineID, PipelineRunID, JobRunID, StepRunID string
}

func (r StepRef) path() string {
	return pipelinePath(r.ProjectID, r.PipelineID) + "/pipeline-runs/" + url.PathEscape(r.PipelineRunID) +
		"/jobs/" + url.PathEscape(r.JobRunID) + "/steps/" + url.PathEscape(r.StepRunID) + "/logs"
}

// logQuery is LogQuery (the step log API page): offsets are numbers in the request.
type logQuery struct {
	StartOffset int64  `json:"start_offset"`
	EndOffset   int64  `json:"end_offset"`
	Limit       int    `json:"limit"`
	Sort        string `json:"sort"`
}

// StepLogPage is one reply of the step-log API: offsets are strings.
type StepLogPage struct {
	HasMore     bool   `json:"has_more"`
	StartOffset string `json:"start_offset"`
	EndOffset   string `json:"end_offset"`
	Log         string `json:"log"`
	Location    string `json:"location"`
	StepRunID   string `json:"step_run_id"`
}

// Offsets parses the page's string offsets.
func (p *StepLogPage) Offsets() (start, end int64, err error) {
	if start, err = strconv.ParseInt(strings.TrimSpace(p.StartOffset), 10, 64); err != nil {
		return 0, 0, fmt.Errorf("start_offset %q is not an integer", p.StartOffset)
	}
	if end, err = strconv.ParseInt(strings.TrimSpace(p.EndOffset), 10, 64); err != nil {
		return 0, 0, fmt.Errorf("end_offset %q is not an integer", p.EndOffset)
	}
	return start, end, nil
}

// GetStepLogPage reads one page of a step's log from startOffset, lines at a
// time, in ascending order (end_offset 0 = no upper bound). Every secret the
// client knows is masked in the text (a script may print one).
func (c *Client) GetStepLogPage(ctx context.Context, ref StepRef, startOffset int64, lines int) (*StepLogPage, error) {
	var out StepLogPage
	_, err := c.do(ctx, call{svc: ServicePipeline, method: http.MethodPost, path: ref.path(),
		body: logQuery{StartOffset: startOffset, EndOffset: 0, Limit: lines, Sort: "asc"}, out: &out})
	if err != nil {
		return nil, err
	}
	out.Log = c.Mask(out.Log)
	return &out, nil
}

// StepLogOptions bound ReadStepLog.
type StepLogOptions struct {
	StartOffset int64
	// MaxBytes bounds the returned text (required, > 0). Without TailLines,
	// reading stops once MaxBytes have been read and the text is cut there.
	// With TailLines, the whole log is read and only its last MaxBytes are kept.
	MaxBytes int
	// TailLines keeps only the last n lines (0 = all).
	TailLines int
	// PageLines is the limit of each request (default StepLogPageLines).
	PageLines int
	// MaxPages bounds the requests (default 10,000).
	MaxPages int
}

// StepLog is a step's log as read by ReadStepLog.
type StepLog struct {
	Log string
	// StartOffset / EndOffset are the service's offsets of the first and last
	// page read; feeding EndOffset back continues after them.
	StartOffset, EndOffset int64
	// HasMore is the service's has_more on the last page read.
	HasMore bool
	// Truncated: Log is not the whole log from StartOffset (text was dropped
	// by MaxBytes or TailLines, or reading stopped while HasMore).
	Truncated bool
	Requests  int
}

// ReadStepLog follows has_more/end_offset from opt.StartOffset until the log
// ends, MaxBytes are read (head mode) or MaxPages requests were made.
func (c *Client) ReadStepLog(ctx context.Context, ref StepRef, opt StepLogOptions) (*StepLog, error) {
	if opt.MaxBytes <= 0 {
		return nil, errors.New("ReadStepLog: MaxBytes must be positive")
	}
	if opt.PageLines <= 0 {
		opt.PageLines = StepLogPageLines
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = 10000
	}
	out := &StepLog{StartOffset: opt.StartOffset, EndOffset: opt.StartOffset}
	var buf []byte
	offset := opt.StartOffset
	for {
		page, err := c.GetStepLogPage(ctx, ref, offset, opt.PageLines)
		out.Requests++
		if err != nil {
			return nil, err
		}
		start, end, err := page.Offsets()
		if err != nil {
			return nil, &MalformedResponseError{Service: ServicePipeline, Method: http.MethodPost, Path: ref.path(), HTTPStatus: http.StatusOK, Err: err}
		}
		if out.Requests == 1 {
			out.StartOffset = start
		}
		out.EndOffset, out.HasMore = end, page.HasMore
		buf = append(buf, page.Log...)
		if opt.TailLines > 0 {
			if len(buf) > opt.MaxBytes {
				buf = keepTail(buf, opt.MaxBytes)
				out.Truncated = true
			}
		} else if len(buf) >= opt.MaxBytes {
			if len(buf) > opt.MaxBytes {
				buf = cutHead(buf, opt.MaxBytes)
				out.Truncated = true
			}
			break
		}
		if !page.HasMore || end <= offset || out.Requests >= opt.MaxPages {
			break
		}
		offset = end
	}
	if opt.TailLines > 0 {
		if kept, dropped := lastLines(buf, opt.TailLines); dropped {
			buf, out.Truncated = kept, true
		}
	}
	if out.HasMore {
		out.Truncated = true
	}
	out.Log = string(buf)
	return out, nil
}

// cutHead keeps at most n bytes from the start, ending at a line break when
// there is one, never inside a UTF-8 sequence.
func cutHead(b []byte, n int) []byte {
	b = b[:n]
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	for len(b) > 0 {
		if r, size := utf8.DecodeLastRune(b); r != utf8.RuneError || size > 1 {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

// keepTail keeps at most n bytes from the end, starting after a line break
// when there is one, never inside a UTF-8 sequence.
func keepTail(b []byte, n int) []byte {
	t := b[len(b)-n:]
	if i := bytes.IndexByte(t, '\n'); i >= 0 && i+1 < len(t) {
		return append([]byte(nil), t[i+1:]...)
	}
	for len(t) > 0 && !utf8.RuneStart(t[0]) {
		t = t[1:]
	}
	return append([]byte(nil), t...)
}

// lastLines keeps the last n lines (a trailing line break does not start a
// new line); dropped reports whether anything was removed.
func lastLines(b []byte, n int) ([]byte, bool) {
	end := len(b)
	if end > 0 && b[end-1] == '\n' {
		end--
	}
	count := 0
	for i := end - 1; i >= 0; i-- {
		if b[i] == '\n' {
			count++
			if count == n {
				return b[i+1:], true
			}
		}
	}
	return b, false
}
