package codearts

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Build API limits (reference §2.1, §7).
const (
	BuildParamNameMax  = 128
	BuildParamValueMax = 8192
	BuildHistoryPage   = 100 // the largest page the build history accepts
)

// ForbiddenBuildParams are parameter names the Build API rejects (reference §2.1).
var ForbiddenBuildParams = []string{"LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "BASH_ENV", "GIT_SSH_COMMAND", "path"}

// Build status words (Jenkins-style, reference §2.2).
const (
	BuildSuccess = "SUCCESS"
	BuildFailure = "FAILURE"
	BuildAborted = "ABORTED"
)

// BuildParameter is one custom parameter of a build (seed 001 ParameterItem).
type BuildParameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// BuildSCM pins the code of a build (seed 001 Scm).
type BuildSCM struct {
	BuildTag      *string `json:"build_tag"`
	BuildCommitID *string `json:"build_commit_id"`
}

// RunBuildRequest is the body of POST /v3/jobs/build (seed 001).
type RunBuildRequest struct {
	JobID     string           `json:"job_id"`
	Parameter []BuildParameter `json:"parameter,omitempty"`
	SCM       *BuildSCM        `json:"scm,omitempty"`
}

// RunBuildResponse is seed 001's response: every field is a string.
type RunBuildResponse struct {
	OctopusJobName    string `json:"octopus_job_name"`
	ActualBuildNumber string `json:"actual_build_number"`
	DailyBuildNumber  string `json:"daily_build_number"`
}

// BuildNo returns actual_build_number as the integer the polling paths take.
// A reply without one is incomplete: the build may well have started
// (ClassifyStart says StartUnknown).
func (r RunBuildResponse) BuildNo() (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(r.ActualBuildNumber))
	if err != nil || n <= 0 {
		e := badReply(ServiceBuild, http.MethodPost, "/v3/jobs/build",
			fmt.Errorf("actual_build_number is %q, not a build number", r.ActualBuildNumber))
		e.StartsRun = true
		return 0, e
	}
	return n, nil
}

// RunBuild starts a build. It is never repeated unless it certainly did not
// reach the service, so a failure here never means two builds.
func (c *Client) RunBuild(ctx context.Context, req RunBuildRequest) (*RunBuildResponse, error) {
	var out RunBuildResponse
	var secrets []string
	_, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodPost, path: "/v3/jobs/build", body: req, out: &out, startsRun: true, secrets: secrets})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// BuildRecord is record-info's result (seed 002), typed as documented:
// strings that may be null, integer build_no and use_private_slave, float duration.
type BuildRecord struct {
	ID                string   `json:"id"`
	BuildProjectID    string   `json:"build_project_id"`
	BuildRecordID     string   `json:"build_record_id"`
	ParentRecordID    *string  `json:"parent_record_id"`
	DevcloudProjectID string   `json:"devcloud_project_id"`
	CodeciJobID       string   `json:"codeci_job_id"`
	UserID            string   `json:"user_id"`
	BuildNo           int      `json:"build_no"`
	DailyBuildNum     string   `json:"daily_build_num"`
	ExecutionID       string   `json:"execution_id"`
	RepoName          *string  `json:"repo_name"`
	RepoID            *string  `json:"repo_id"`
	Branch            *string  `json:"branch"`
	Tag               *string  `json:"tag"`
	Commit            *string  `json:"commit"`
	CommitMessage     *string  `json:"commit_message"`
	CommitCreateTime  *string  `json:"commit_create_time"`
	TriggerType       *string  `json:"trigger_type"`
	BuildType         *string  `json:"build_type"`
	Status            *string  `json:"status"`
	DomainID          string   `json:"domain_id"`
	CreateTime        *string  `json:"create_time"`
	ScheduleTime      *string  `json:"schedule_time"`
	QueuedTime        *string  `json:"queued_time"`
	StartTime         *string  `json:"start_time"`
	RunnableTime      *string  `json:"runnable_time"`
	FinishTime        *string  `json:"finish_time"`
	Duration          *float64 `json:"duration"`
	RecordStatus      *string  `json:"record_status"`
	UsePrivateSlave   *int     `json:"use_private_slave"`
	Region            *string  `json:"region"`
	ErrMsg            *string  `json:"err_msg"`
	BuildConfigType   *string  `json:"build_config_type"`
}

// StatusWord returns the record's status, "" when null.
func (r *BuildRecord) StatusWord() string { return deref(r.Status) }

type recordInfoResponse struct {
	Success bool            `json:"success"`
	Message string          `json:"message"`
	ErrCode string          `json:"err_code"`
	Result  json.RawMessage `json:"result"`
}

// BuildRecordNotFoundCodes are the codes that mean "no such job or build".
var BuildRecordNotFoundCodes = []string{"DEVCB.00031006", "DEV.CB.0510005", "CB.00060404"}

// GetBuildRecord reads GET /v3/jobs/{job_id}/{build_no}/record-info (seed 002).
func (c *Client) GetBuildRecord(ctx context.Context, jobID string, buildNo int) (*BuildRecord, error) {
	var out recordInfoResponse
	path := fmt.Sprintf("/v3/jobs/%s/%d/record-info", url.PathEscape(jobID), buildNo)
	if _, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, out: &out}); err != nil {
		return nil, err
	}
	if len(out.Result) == 0 || string(out.Result) == "null" {
		return nil, &APIError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 404,
			Code: out.ErrCode, Message: fmt.Sprintf("no record for build %d of job %s", buildNo, jobID)}
	}
	rec, err := decodeBuildRecord(out.Result)
	if err != nil {
		return nil, &MalformedResponseError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 200, Err: err}
	}
	// A record that does not name this build is a bad reply, never build 0.
	switch {
	case rec.BuildNo == 0:
		return nil, badReply(ServiceBuild, http.MethodGet, path, fmt.Errorf("the record of build %d has no build_no", buildNo))
	case rec.BuildNo != buildNo:
		return nil, badReply(ServiceBuild, http.MethodGet, path, fmt.Errorf("asked for build %d, the record is of build %d", buildNo, rec.BuildNo))
	}
	return rec, nil
}

// decodeBuildRecord accepts the documented snake_case keys and, because the
// Chinese page of the same API lists camelCase keys, those as well.
func decodeBuildRecord(raw json.RawMessage) (*BuildRecord, error) {
	var rec BuildRecord
	if err := json.Unmarshal(raw, &rec); err != nil {
		return nil, err
	}
	if rec.BuildNo != 0 || rec.BuildRecordID != "" {
		return &rec, nil
	}
	var camel struct {
		ID                string   `json:"id"`
		BuildProjectID    string   `json:"buildProjectId"`
		BuildRecordID     string   `json:"buildRecordId"`
		ParentRecordID    *string  `json:"parentRecordId"`
		DevcloudProjectID string   `json:"devcloudProjectId"`
		CodeciJobID       string   `json:"codeciJobId"`
		UserID            string   `json:"userId"`
		BuildNo           int      `json:"buildNo"`
		DailyBuildNum     string   `json:"dailyBuildNum"`
		ExecutionID       string   `json:"executionId"`
		RepoName          *string  `json:"repoName"`
		RepoID            *string  `json:"repoId"`
		Branch            *string  `json:"branch"`
		Tag               *string  `json:"tag"`
		Commit            *string  `json:"commit"`
		CommitMessage     *string  `json:"commitMessage"`
		CommitCreateTime  *string  `json:"commitCreateTime"`
		TriggerType       *string  `json:"triggerType"`
		BuildType         *string  `json:"buildType"`
		Status            *string  `json:"status"`
		DomainID          string   `json:"domainId"`
		CreateTime        *string  `json:"createTime"`
		ScheduleTime      *string  `json:"scheduleTime"`
		QueuedTime        *string  `json:"queuedTime"`
		StartTime         *string  `json:"startTime"`
		RunnableTime      *string  `json:"runnableTime"`
		FinishTime        *string  `json:"finishTime"`
		Duration          *float64 `json:"duration"`
		RecordStatus      *string  `json:"recordStatus"`
		UsePrivateSlave   *int     `json:"usePrivateSlave"`
		Region            *string  `json:"region"`
		ErrMsg            *string  `json:"errMsg"`
		BuildConfigType   *string  `json:"buildConfigType"`
	}
	if err := json.Unmarshal(raw, &camel); err != nil {
		return nil, err
	}
	if camel.BuildNo == 0 && camel.BuildRecordID == "" {
		return &rec, nil
	}
	r := BuildRecord(camel)
	return &r, nil
}

// BuildInfo is GET /v1/job/{job_id}/{build_no}/build-info's result.
type BuildInfo struct {
	Building    bool   `json:"building"`
	BuildResult string `json:"build_result"`
	Region      string `json:"region"`
}

// GetBuildInfo reads whether a build is still running. The result is
// documented as an object in one language and an array in another; both are accepted.
func (c *Client) GetBuildInfo(ctx context.Context, jobID string, buildNo int) (*BuildInfo, error) {
	var out struct {
		Result json.RawMessage `json:"result"`
	}
	path := fmt.Sprintf("/v1/job/%s/%d/build-info", url.PathEscape(jobID), buildNo)
	if _, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, out: &out, envelope: true}); err != nil {
		return nil, err
	}
	var info BuildInfo
	raw := strings.TrimSpace(string(out.Result))
	switch {
	case strings.HasPrefix(raw, "["):
		var list []BuildInfo
		if err := json.Unmarshal(out.Result, &list); err != nil || len(list) == 0 {
			return nil, &MalformedResponseError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 200, Err: fmt.Errorf("result: %v", err)}
		}
		info = list[0]
	case strings.HasPrefix(raw, "{"):
		if err := json.Unmarshal(out.Result, &info); err != nil {
			return nil, &MalformedResponseError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 200, Err: err}
		}
	default:
		return nil, &MalformedResponseError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 200, Err: fmt.Errorf("no result object")}
	}
	return &info, nil
}

// StopBuild stops a running build: POST /v1/job/{job_id}/stop with build_no in the body.
func (c *Client) StopBuild(ctx context.Context, jobID string, buildNo int) error {
	path := fmt.Sprintf("/v1/job/%s/stop", url.PathEscape(jobID))
	_, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodPost, path: path, body: map[string]int{"build_no": buildNo}, envelope: true})
	return err
}

// BuildHistoryRecord is one row of GET /v3/jobs/{job_id}/history.
type BuildHistoryRecord struct {
	RecordID    string `json:"record_id"`
	JobID       string `json:"job_id"`
	BuildNumber int    `json:"build_number"`
	StartTime   string `json:"start_time"`
	EndTime     string `json:"end_time"`
	Result      string `json:"result"`
}

type buildHistoryResponse struct {
	HistoryRecords []BuildHistoryRecord `json:"history_records"`
	Total          int                  `json:"total"`
}

// ListBuildHistory pages a job's build history, newest first, until maxItems rows
// (0 = all) or until done returns true for the rows read so far.
func (c *Client) ListBuildHistory(ctx context.Context, jobID string, maxItems int, done func([]BuildHistoryRecord) bool) ([]BuildHistoryRecord, PageStats, error) {
	path := fmt.Sprintf("/v3/jobs/%s/history", url.PathEscape(jobID))
	return collectOffsetPages(ctx, maxItems, 1, BuildHistoryPage,
		func(ctx context.Context, offset, limit int) ([]BuildHistoryRecord, int, error) {
			var out buildHistoryResponse
			q := url.Values{"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(limit)}}
			_, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, query: q, out: &out})
			return out.HistoryRecords, out.Total, err
		}, done)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
