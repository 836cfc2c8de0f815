package codearts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Build API limits (Build API pages).
const (
	BuildParamNameMax  = 128
	BuildParamValueMax = 8192
	BuildHistoryPage   = 100 // the largest page the build history accepts
)

// ForbiddenBuildParams are parameter names the Build API rejects (Build API pages).
var ForbiddenBuildParams = []string{"LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "BASH_ENV", "GIT_SSH_COMMAND", "path"}

// Build status words (Jenkins-style, Build API pages).
const (
	BuildSuccess = "SUCCESS"
	BuildFailure = "FAILURE"
	BuildAborted = "ABORTED"
)

// BuildParameter is one custom parameter of a build (API page RunJob ParameterItem).
type BuildParameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// BuildSCM pins the code of a build (API page RunJob Scm).
type BuildSCM struct {
	BuildTag      *string `json:"build_tag"`
	BuildCommitID *string `json:"build_commit_id"`
}

// RunBuildRequest is the body of POST /v3/jobs/build (API page RunJob).
type RunBuildRequest struct {
	JobID     string           `json:"job_id"`
	Parameter []BuildParameter `json:"parameter,omitempty"`
	SCM       *BuildSCM        `json:"scm,omitempty"`
}

// RunBuildResponse is the RunJob API page's response: every field is a string.
type RunBuildResponse struct {
	OctopusJobName    string `json:"octopus_job_name"`
	ActualBuildNumber string `json:"actual_build_number"`
	DailyBuildNumber  string `json:"daily_build_number"`
}

// BuildNo returns actual_build_number as the integer the polling paths take.
// A reply without one is incomplete: the build may well have started
// (transport.ClassifyStart says StartUnknown).
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

// BuildRecord is record-info's result (API page ShowRecordInfo), typed as documented:
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

// CodeRouteNotFound is API Gateway's "The API does not exist or has not been
// published in the environment".
const CodeRouteNotFound = "APIGW.0101"

// GetBuildRecord reads a build's record from the current endpoint, GET
// /v1/record/{job_id}/{build_no}/record-info (SDK ShowJobBuildRecordDetail).
// Where the gateway does not have it (404 APIGW.0101), it reads the v3
// endpoint, GET /v3/jobs/{job_id}/{build_no}/record-info (SDK
// ShowRecordInfo, marked "unavailable soon"), and keeps using v3 for the
// client's (the provider process's) life.
func (c *Client) GetBuildRecord(ctx context.Context, jobID string, buildNo int) (*BuildRecord, error) {
	if !c.recordV1Missing.Load() {
		rec, err := c.getBuildRecordV1(ctx, jobID, buildNo)
		var ae *APIError
		if !errors.As(err, &ae) || ae.HTTPStatus != http.StatusNotFound || ae.Code != CodeRouteNotFound {
			return rec, err
		}
		c.recordV1Missing.Store(true)
	}
	return c.getBuildRecordV3(ctx, jobID, buildNo)
}

func (c *Client) getBuildRecordV1(ctx context.Context, jobID string, buildNo int) (*BuildRecord, error) {
	var out struct {
		Status string          `json:"status"`
		Result json.RawMessage `json:"result"`
	}
	path := fmt.Sprintf("/v1/record/%s/%d/record-info", url.PathEscape(jobID), buildNo)
	if _, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, out: &out, envelope: true}); err != nil {
		return nil, err
	}
	return recordResult(path, jobID, buildNo, "", out.Result)
}

// getBuildRecordV3 reads GET /v3/jobs/{job_id}/{build_no}/record-info.
func (c *Client) getBuildRecordV3(ctx context.Context, jobID string, buildNo int) (*BuildRecord, error) {
	var out recordInfoResponse
	path := fmt.Sprintf("/v3/jobs/%s/%d/record-info", url.PathEscape(jobID), buildNo)
	if _, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, out: &out}); err != nil {
		return nil, err
	}
	return recordResult(path, jobID, buildNo, out.ErrCode, out.Result)
}

// recordResult decodes a record-info result: v1's duration is an integer
// (RecordInfo2Result), v3's a float (RecordInfoResult); both fit float64.
func recordResult(path, jobID string, buildNo int, errCode string, result json.RawMessage) (*BuildRecord, error) {
	if len(result) == 0 || string(result) == "null" {
		return nil, &APIError{Service: ServiceBuild, Method: http.MethodGet, Path: path, HTTPStatus: 404,
			Code: errCode, Message: fmt.Sprintf("no record for build %d of job %s", buildNo, jobID)}
	}
	rec, err := decodeBuildRecord(result)
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

// BuildHistoryRecord is one row of GET /v3/jobs/{job_id}/history (SDK
// HistoryRecord) or of .../period-history (HistoryRecord1, which adds
// branch, commit and executor columns this client does not read).
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

// How far back the Build API lets a listing see.
const (
	// BuildHistoryIntervalMax is the most days one request covers: the
	// history's interval and the period history's date range are both at
	// most 30 days (doc pages ShowListHistory and ShowListPeriodHistory,
	// https://support.huaweicloud.com/intl/en-us/api-codeci/ShowListHistory.html).
	BuildHistoryIntervalMax = 30
	// BuildLookbackDays is how far back ListBuildHistory reads: the last 30
	// days from the history, then 30-day windows of the period history.
	// Builds older than this are not listed.
	BuildLookbackDays = 180
)

// buildDateZone is the zone of the period history's yyyy-MM-dd dates
// (Beijing time, the zone CodeArts renders its times in). The windows
// overlap by a day, so a zone difference costs duplicates (removed), not gaps.
var buildDateZone = time.FixedZone("UTC+8", 8*60*60)

// ListBuildHistory lists a job's builds newest first until maxItems rows (0 = all
// within BuildLookbackDays) or until done returns true for the rows read so
// far. It pages GET /v3/jobs/{job_id}/history?interval=30 (the last 30 days),
// then GET /v3/jobs/{job_id}/period-history one 30-day window at a time
// further back. stats.Total is the 30-day history's total; stats.Days is how
// many days back the listing read.
func (c *Client) ListBuildHistory(ctx context.Context, jobID string, maxItems int, done func([]BuildHistoryRecord) bool) ([]BuildHistoryRecord, PageStats, error) {
	var (
		rows  []BuildHistoryRecord
		stats PageStats
		seen  = map[string]bool{}
	)
	finished := func() bool {
		return maxItems > 0 && len(rows) >= maxItems || done != nil && done(rows)
	}
	add := func(page []BuildHistoryRecord) (fresh int) {
		for _, r := range page {
			k := r.RecordID
			if k == "" {
				k = "#" + strconv.Itoa(r.BuildNumber)
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			rows = append(rows, r)
			fresh++
		}
		return fresh
	}
	trim := func() []BuildHistoryRecord {
		if maxItems > 0 && len(rows) > maxItems {
			return rows[:maxItems]
		}
		return rows
	}
	base := fmt.Sprintf("/v3/jobs/%s", url.PathEscape(jobID))
	q := url.Values{"interval": {strconv.Itoa(BuildHistoryIntervalMax)}}
	total, err := c.pageBuildHistory(ctx, base+"/history", q, &stats, add, finished)
	stats.Total = total
	if err != nil {
		return trim(), stats, err
	}
	stats.Days = BuildHistoryIntervalMax
	today := c.now().In(buildDateZone)
	today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, buildDateZone)
	// Window k covers the dates 30k+28 .. 30k-1 days back: contiguous with
	// the previous window and overlapping the 30-day history by a day.
	for k := 1; !finished() && stats.Days < BuildLookbackDays; k++ {
		end := today.AddDate(0, 0, -(30*k - 1))
		start := end.AddDate(0, 0, -(BuildHistoryIntervalMax - 1))
		if oldest := today.AddDate(0, 0, -BuildLookbackDays); start.Before(oldest) {
			start = oldest
		}
		q := url.Values{"start_time": {start.Format("2006-01-02")}, "end_time": {end.Format("2006-01-02")}}
		if _, err := c.pageBuildHistory(ctx, base+"/period-history", q, &stats, add, finished); err != nil {
			return trim(), stats, err
		}
		stats.Days = 30*k + BuildHistoryIntervalMax - 2
		if stats.Days > BuildLookbackDays {
			stats.Days = BuildLookbackDays
		}
	}
	return trim(), stats, nil
}

// pageBuildHistory pages one history listing. offset is a page number
// (doc page ShowListHistory: "Page number, indicating that the query starts
// from this page", >= 0; SDK ShowListHistoryRequest.Offset), sent from 0.
// A service that counts pages from 1 answers page 0 like page 1: that repeat
// is skipped, not taken for the end. Paging stops at an empty or short page,
// at the reported total, or at a page that brings nothing new.
func (c *Client) pageBuildHistory(ctx context.Context, path string, q url.Values, stats *PageStats,
	add func([]BuildHistoryRecord) int, finished func() bool) (int, error) {
	total, distinct := 0, 0
	for page := 0; ; page++ {
		pq := url.Values{"offset": {strconv.Itoa(page)}, "limit": {strconv.Itoa(BuildHistoryPage)}}
		for k, v := range q {
			pq[k] = v
		}
		var out buildHistoryResponse
		_, err := c.do(ctx, call{svc: ServiceBuild, method: http.MethodGet, path: path, query: pq, out: &out})
		stats.Requests++
		if err != nil {
			return total, err
		}
		total = out.Total
		fresh := add(out.HistoryRecords)
		distinct += fresh
		switch {
		case finished(), len(out.HistoryRecords) < BuildHistoryPage, distinct >= total:
			return total, nil
		case fresh == 0 && page != 1:
			if distinct < total {
				// A second page with nothing new while the total says
				// there is more: the service ignores the paging parameters.
				return total, &PagingError{Offset: page, Requests: page + 1, Repeated: true}
			}
			return total, nil
		case page+1 >= MaxPages:
			return total, &PagingError{Offset: page, Requests: page + 1}
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
