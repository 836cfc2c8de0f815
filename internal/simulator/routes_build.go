package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CodeArts Build routes (Build API pages, API pages RunJob and ShowRecordInfo). The model and the
// test control API are in build_model.go.
//
// Error bodies: every failure is {"error_code","error_msg"} with a 4xx
// status, the shape every Build API page documents for 400/404:
//   - invalid input: 400 CB.00060200 ("Invalid param: ...");
//   - unknown job or build: 404 DEVCB.00031006, on every route (record-info
//     included: its page documents 404 {"error_code","error_msg"}, not a
//     200 {"success":false} body);
//   - stopping a build that is not running: 400 CB.00060200 (simulator's
//     choice; undocumented).

// Build route patterns (keys for Count and InjectFault).
const (
	RouteBuildRun        = "POST /v3/jobs/build"
	RouteBuildRecordInfo = "GET /v3/jobs/{job_id}/{build_no}/record-info"
	// RouteBuildRecordInfoV1 is the current record endpoint (SDK
	// ShowJobBuildRecordDetail); Huawei marks the v3 one "unavailable soon".
	RouteBuildRecordInfoV1 = "GET /v1/record/{job_id}/{build_no}/record-info"
	RouteBuildInfo         = "GET /v1/job/{job_id}/{build_no}/build-info"
	RouteBuildStop         = "POST /v1/job/{job_id}/stop"
	RouteBuildHistory      = "GET /v3/jobs/{job_id}/history"
	// RouteBuildPeriodHistory is the dated history (SDK ShowListPeriodHistory;
	// doc page https://support.huaweicloud.com/intl/en-us/api-codeci/ShowListPeriodHistory.html).
	RouteBuildPeriodHistory = "GET /v3/jobs/{job_id}/period-history"
)

// Build API limits (Build API pages).
const (
	buildParamNameMax  = 128
	buildParamValueMax = 8192
	buildHistoryMaxLim = 100
	buildHistoryDefLim = 10
	buildIntervalMax   = 30
	// buildIntervalDef is the history's interval when none is sent: the
	// English page and the SDK (ShowListHistoryRequest.Interval) mark it
	// mandatory, the Chinese page says it defaults to 7 days.
	buildIntervalDef = 7
	buildDateLayout  = "2006-01-02"
)

// forbiddenBuildParams are rejected parameter names (Build API pages; the
// match is case-sensitive: both PATH and path are listed).
var forbiddenBuildParams = map[string]bool{
	"LD_PRELOAD": true, "LD_LIBRARY_PATH": true, "PATH": true,
	"BASH_ENV": true, "GIT_SSH_COMMAND": true, "path": true,
}

func (s *Server) buildRoutes() {
	s.handle(RouteBuildRun, svcBuild, s.runBuild)
	s.handle(RouteBuildRecordInfo, svcBuild, s.buildRecordInfo)
	s.handle(RouteBuildRecordInfoV1, svcBuild, s.buildRecordInfoV1)
	s.handle(RouteBuildInfo, svcBuild, s.buildInfo)
	s.handle(RouteBuildStop, svcBuild, s.stopBuild)
	s.handle(RouteBuildHistory, svcBuild, s.buildHistory)
	s.handle(RouteBuildPeriodHistory, svcBuild, s.buildPeriodHistory)
}

func writeBuildInvalid(w http.ResponseWriter, msg string) {
	writeCodeArtsError(w, http.StatusBadRequest, ErrCodeBuildInvalidParam, "Invalid param: "+msg)
}

func writeBuildJobNotFound(w http.ResponseWriter, jobID string) {
	writeCodeArtsError(w, http.StatusNotFound, ErrCodeBuildNotFound, fmt.Sprintf("The build task %s does not exist", jobID))
}

func writeBuildNotFound(w http.ResponseWriter, jobID string, no int) {
	writeCodeArtsError(w, http.StatusNotFound, ErrCodeBuildNotFound, fmt.Sprintf("Build %d of build task %s does not exist", no, jobID))
}

// runBuildRequest is RunJobRequestBody (API page RunJob).
type runBuildRequest struct {
	JobID     *string `json:"job_id"`
	Parameter []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
	} `json:"parameter"`
	SCM *struct {
		BuildTag      *string `json:"build_tag"`
		BuildCommitID *string `json:"build_commit_id"`
	} `json:"scm"`
}

// runBuildResponse is the RunJob API page's 200 body: every field a string.
type runBuildResponse struct {
	OctopusJobName    string `json:"octopus_job_name"`
	ActualBuildNumber string `json:"actual_build_number"`
	DailyBuildNumber  string `json:"daily_build_number"`
}

// validateBuildParam returns "" or why a parameter is invalid.
func validateBuildParam(name, value string) string {
	switch {
	case name == "":
		return "parameter name must not be empty"
	case len(name) > buildParamNameMax:
		return fmt.Sprintf("parameter name %.20q... is longer than %d characters", name, buildParamNameMax)
	case forbiddenBuildParams[name]:
		return fmt.Sprintf("parameter name %q is not allowed", name)
	case utf8.RuneCountInString(value) > buildParamValueMax:
		return fmt.Sprintf("value of parameter %q is longer than %d characters", name, buildParamValueMax)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return fmt.Sprintf("parameter name %q may contain only letters, digits and underscores", name)
		}
	}
	return ""
}

func (s *Server) runBuild(w http.ResponseWriter, r *http.Request) {
	var req runBuildRequest
	if err := decodeJSON(r, &req); err != nil {
		writeBuildInvalid(w, "request body: "+err.Error())
		return
	}
	if req.JobID == nil || !validBuildJobID(*req.JobID) {
		writeBuildInvalid(w, "job_id must be 32 lowercase letters and digits")
		return
	}
	jobID := *req.JobID
	params := make([]BuildParam, 0, len(req.Parameter))
	for i, p := range req.Parameter {
		if p.Name == nil || p.Value == nil {
			writeBuildInvalid(w, fmt.Sprintf("parameter[%d] needs a name and a value", i))
			return
		}
		if msg := validateBuildParam(*p.Name, *p.Value); msg != "" {
			writeBuildInvalid(w, msg)
			return
		}
		params = append(params, BuildParam{Name: *p.Name, Value: *p.Value})
	}
	var tag, commit string
	if req.SCM != nil {
		if req.SCM.BuildTag != nil {
			tag = strings.TrimSpace(*req.SCM.BuildTag)
		}
		if req.SCM.BuildCommitID != nil {
			commit = strings.TrimSpace(*req.SCM.BuildCommitID)
		}
	}
	userID := principalFrom(r).UserID
	if userID == "" {
		userID = DemoUserID
	}

	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	j, ok := bs.jobs[jobID]
	if !ok {
		bs.mu.Unlock()
		writeBuildJobNotFound(w, jobID)
		return
	}
	b := j.newBuild(now, bs.outcomeFor(jobID))
	b.viaAPI = true
	b.userID = userID
	b.params = params
	for _, p := range params {
		if p.Name == "codeBranch" && p.Value != "" {
			b.branch = p.Value
		}
	}
	if tag != "" {
		b.tag = tag
		b.buildType = "tag"
	}
	if commit != "" {
		b.commit = commit
	}
	j.started++
	resp := runBuildResponse{
		OctopusJobName:    b.execID,
		ActualBuildNumber: strconv.Itoa(b.no),
		DailyBuildNumber:  b.daily,
	}
	bs.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

// lookupBuild validates {job_id} and {build_no} and finds the build. On
// failure it has written the error and returns ok=false.
func (s *Server) lookupBuild(w http.ResponseWriter, r *http.Request, fn func(j *buildJobRec, b *buildRun, now time.Time)) bool {
	jobID := r.PathValue("job_id")
	if !validBuildJobID(jobID) {
		writeBuildInvalid(w, "job_id must be 32 lowercase letters and digits")
		return false
	}
	no, err := strconv.Atoi(r.PathValue("build_no"))
	if err != nil || no < 1 {
		writeBuildInvalid(w, "build_no must be an integer >= 1")
		return false
	}
	return s.withBuild(w, jobID, no, fn)
}

// withBuild runs fn on build no of jobID under the build lock, or writes 404.
func (s *Server) withBuild(w http.ResponseWriter, jobID string, no int, fn func(j *buildJobRec, b *buildRun, now time.Time)) bool {
	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	j, ok := bs.jobs[jobID]
	if !ok {
		bs.mu.Unlock()
		writeBuildJobNotFound(w, jobID)
		return false
	}
	b := j.build(no)
	if b == nil {
		bs.mu.Unlock()
		writeBuildNotFound(w, jobID, no)
		return false
	}
	fn(j, b, now)
	bs.mu.Unlock()
	return true
}

// buildRecordInfoResult is record-info's result (API page ShowRecordInfo), fields in the
// seed's order, typed as in its example.
type buildRecordInfoResult struct {
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
	TriggerType       string   `json:"trigger_type"`
	BuildType         string   `json:"build_type"`
	Status            string   `json:"status"`
	DomainID          string   `json:"domain_id"`
	CreateTime        *string  `json:"create_time"`
	ScheduleTime      *string  `json:"schedule_time"`
	QueuedTime        *string  `json:"queued_time"`
	StartTime         *string  `json:"start_time"`
	RunnableTime      *string  `json:"runnable_time"`
	FinishTime        *string  `json:"finish_time"`
	Duration          *float64 `json:"duration"`
	RecordStatus      *string  `json:"record_status"`
	UsePrivateSlave   int      `json:"use_private_slave"`
	Region            string   `json:"region"`
	ErrMsg            *string  `json:"err_msg"`
	BuildConfigType   string   `json:"build_config_type"`
}

type buildRecordInfoResponse struct {
	Success bool                   `json:"success"`
	Result  *buildRecordInfoResult `json:"result"`
}

func buildStrOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (j *buildJobRec) recordInfo(b *buildRun, now time.Time) *buildRecordInfoResult {
	p := b.phaseAt(now)
	res := &buildRecordInfoResult{
		ID:                b.id,
		BuildProjectID:    j.buildProjectID,
		BuildRecordID:     b.recordID,
		DevcloudProjectID: j.projectID,
		CodeciJobID:       j.id,
		UserID:            b.userID,
		BuildNo:           b.no,
		DailyBuildNum:     b.daily,
		ExecutionID:       b.execID,
		RepoName:          buildStrOrNil(j.repoName),
		RepoID:            buildStrOrNil(j.repoID),
		Branch:            buildStrOrNil(b.branch),
		Tag:               buildStrOrNil(b.tag),
		Commit:            buildStrOrNil(b.commit),
		TriggerType:       "MANUAL",
		BuildType:         b.buildType,
		Status:            p.status,
		DomainID:          DemoDomainID,
		CreateTime:        formatBuildTime(b.created),
		ScheduleTime:      formatBuildTime(b.created),
		QueuedTime:        formatBuildTime(b.created),
		StartTime:         formatBuildTime(p.start),
		RunnableTime:      formatBuildTime(p.start),
		FinishTime:        formatBuildTime(p.finish),
		UsePrivateSlave:   0,
		Region:            DemoRegion,
		ErrMsg:            buildStrOrNil(p.errMsg),
		BuildConfigType:   "YAML",
	}
	if b.commit == j.commit {
		res.CommitMessage = buildStrOrNil(j.commitMessage)
		res.CommitCreateTime = formatBuildTime(j.commitTime)
	}
	if !p.finish.IsZero() {
		var ms float64
		if !p.start.IsZero() {
			ms = float64(p.finish.Sub(p.start)) / float64(time.Millisecond)
		}
		res.Duration = &ms
	}
	return res
}

func (s *Server) buildRecordInfo(w http.ResponseWriter, r *http.Request) {
	var resp buildRecordInfoResponse
	if !s.lookupBuild(w, r, func(j *buildJobRec, b *buildRun, now time.Time) {
		resp = buildRecordInfoResponse{Success: true, Result: j.recordInfo(b, now)}
	}) {
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// buildRecordInfoV1Result is RecordInfo2Result (SDK codeartsbuild/v3): the
// v3 record with duration an integer (ms).
type buildRecordInfoV1Result struct {
	*buildRecordInfoResult
	Duration *int64 `json:"duration"`
}

// buildRecordInfoV1 answers GET /v1/record/{job_id}/{build_no}/record-info
// in the v1 envelope (SDK ShowJobBuildRecordDetailResponse: status, error,
// result).
func (s *Server) buildRecordInfoV1(w http.ResponseWriter, r *http.Request) {
	var res buildRecordInfoV1Result
	if !s.lookupBuild(w, r, func(j *buildJobRec, b *buildRun, now time.Time) {
		res.buildRecordInfoResult = j.recordInfo(b, now)
		if d := res.buildRecordInfoResult.Duration; d != nil {
			ms := int64(*d)
			res.Duration = &ms
		}
	}) {
		return
	}
	writeJSON(w, http.StatusOK, buildV1Envelope{Result: res, Status: "success"})
}

// buildV1Envelope is the v1 API wrapper {"result","error","status"}.
type buildV1Envelope struct {
	Result any    `json:"result"`
	Error  any    `json:"error"`
	Status string `json:"status"`
}

type buildInfoResult struct {
	Building    bool    `json:"building"`
	BuildResult *string `json:"build_result"`
	Region      string  `json:"region"`
}

func (s *Server) buildInfo(w http.ResponseWriter, r *http.Request) {
	var res buildInfoResult
	if !s.lookupBuild(w, r, func(_ *buildJobRec, b *buildRun, now time.Time) {
		p := b.phaseAt(now)
		res = buildInfoResult{Building: p.building, BuildResult: buildStrOrNil(p.result), Region: DemoRegion}
	}) {
		return
	}
	writeJSON(w, http.StatusOK, buildV1Envelope{Result: res, Status: "success"})
}

func (s *Server) stopBuild(w http.ResponseWriter, r *http.Request) {
	jobID := r.PathValue("job_id")
	if !validBuildJobID(jobID) {
		writeBuildInvalid(w, "job_id must be 32 lowercase letters and digits")
		return
	}
	var req struct {
		BuildNo json.RawMessage `json:"build_no"`
	}
	if err := decodeJSON(r, &req); err != nil {
		writeBuildInvalid(w, "request body: "+err.Error())
		return
	}
	no, ok := parseBuildNoJSON(req.BuildNo)
	if !ok {
		writeBuildInvalid(w, "build_no must be an integer >= 1")
		return
	}
	var notRunning string
	if !s.withBuild(w, jobID, no, func(_ *buildJobRec, b *buildRun, now time.Time) {
		p := b.phaseAt(now)
		if !p.building {
			notRunning = p.status
			return
		}
		b.stopped = true
		b.stoppedAt = now
	}) {
		return
	}
	if notRunning != "" {
		writeBuildInvalid(w, fmt.Sprintf("build %d of build task %s is not running (status %s)", no, jobID, notRunning))
		return
	}
	writeJSON(w, http.StatusOK, buildV1Envelope{Status: "success"})
}

// parseBuildNoJSON accepts a JSON integer (documented) or a string holding
// one (what the huaweicloud provider sends), >= 1.
func parseBuildNoJSON(raw json.RawMessage) (int, bool) {
	t := strings.TrimSpace(string(raw))
	if t == "" || t == "null" {
		return 0, false
	}
	if strings.HasPrefix(t, `"`) {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
		t = strings.TrimSpace(s)
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

type buildHistoryRecord struct {
	RecordID    string  `json:"record_id"`
	JobID       string  `json:"job_id"`
	BuildNumber int     `json:"build_number"`
	StartTime   *string `json:"start_time"`
	EndTime     *string `json:"end_time"`
	Result      *string `json:"result"`
}

type buildHistoryResponse struct {
	HistoryRecords []buildHistoryRecord `json:"history_records"`
	Total          int                  `json:"total"`
}

// buildQueryInt reads an optional integer query parameter.
func buildQueryInt(r *http.Request, name string, def int) (int, bool) {
	v, present := r.URL.Query()[name]
	if !present {
		return def, true
	}
	n, err := strconv.Atoi(strings.TrimSpace(v[0]))
	if err != nil {
		return 0, false
	}
	return n, true
}

// buildHistoryPaging reads offset (a page number from 0: doc page
// ShowListHistory "Page number, indicating that the query starts from this
// page", SDK ShowListHistoryRequest.Offset) and limit (<= 100).
func buildHistoryPaging(w http.ResponseWriter, r *http.Request) (page, limit int, ok bool) {
	page, ok = buildQueryInt(r, "offset", 0)
	if !ok || page < 0 {
		writeBuildInvalid(w, "offset must be an integer >= 0")
		return 0, 0, false
	}
	limit, ok = buildQueryInt(r, "limit", buildHistoryDefLim)
	if !ok || limit < 1 || limit > buildHistoryMaxLim {
		writeBuildInvalid(w, fmt.Sprintf("limit must be an integer in [1, %d]", buildHistoryMaxLim))
		return 0, 0, false
	}
	return page, limit, true
}

// buildHistoryPage lists page of the job's live builds for which in is
// true, newest first, with their count.
func (j *buildJobRec) historyPage(page, limit int, in func(*buildRun) bool) (rows []*buildRun, total int) {
	first := page * limit
	for i := len(j.builds) - 1; i >= 0; i-- {
		b := j.builds[i]
		if b.deleted || !in(b) {
			continue
		}
		if total >= first && len(rows) < limit {
			rows = append(rows, b)
		}
		total++
	}
	return rows, total
}

// buildHistory lists the builds of the last interval days (default 7, at
// most 30), newest first, page by page.
func (s *Server) buildHistory(w http.ResponseWriter, r *http.Request) {
	jobID := r.PathValue("job_id")
	if !validBuildJobID(jobID) {
		writeBuildInvalid(w, "job_id must be 32 lowercase letters and digits")
		return
	}
	page, limit, ok := buildHistoryPaging(w, r)
	if !ok {
		return
	}
	interval, ok := buildQueryInt(r, "interval", buildIntervalDef)
	if !ok || interval < 0 || interval > buildIntervalMax {
		writeBuildInvalid(w, fmt.Sprintf("interval must be an integer in [0, %d]", buildIntervalMax))
		return
	}
	now := s.clock.Now()
	cutoff := now.Add(-time.Duration(interval) * 24 * time.Hour)
	s.writeBuildHistory(w, jobID, now, page, limit, func(b *buildRun) bool { return !b.created.Before(cutoff) }, false)
}

// buildPeriodHistory lists the builds started on the dates start_time to
// end_time (yyyy-MM-dd, Beijing time, both included, at most 30 days apart),
// newest first, page by page, with the extra columns of HistoryRecord1.
func (s *Server) buildPeriodHistory(w http.ResponseWriter, r *http.Request) {
	jobID := r.PathValue("job_id")
	if !validBuildJobID(jobID) {
		writeBuildInvalid(w, "job_id must be 32 lowercase letters and digits")
		return
	}
	page, limit, ok := buildHistoryPaging(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	from, err1 := time.ParseInLocation(buildDateLayout, q.Get("start_time"), codeArtsZone)
	to, err2 := time.ParseInLocation(buildDateLayout, q.Get("end_time"), codeArtsZone)
	switch {
	case err1 != nil || err2 != nil:
		writeBuildInvalid(w, "start_time and end_time must be dates in the format yyyy-MM-dd")
		return
	case to.Before(from):
		writeBuildInvalid(w, "end_time must not be before start_time")
		return
	case to.Sub(from) > buildIntervalMax*24*time.Hour:
		writeBuildInvalid(w, fmt.Sprintf("the time range cannot exceed %d days", buildIntervalMax))
		return
	}
	until := to.AddDate(0, 0, 1)
	s.writeBuildHistory(w, jobID, s.clock.Now(), page, limit, func(b *buildRun) bool {
		return !b.created.Before(from) && b.created.Before(until)
	}, true)
}

// buildPeriodHistoryRecord is HistoryRecord1 (SDK codeartsbuild/v3): the
// history row plus branch, commit and who ran it.
type buildPeriodHistoryRecord struct {
	buildHistoryRecord
	Branch        *string `json:"branch"`
	CommitID      *string `json:"commit_id"`
	CommitMessage *string `json:"commit_message"`
	Executor      string  `json:"executor"`
	TriggerType   string  `json:"trigger_type"`
}

func (s *Server) writeBuildHistory(w http.ResponseWriter, jobID string, now time.Time, page, limit int, in func(*buildRun) bool, period bool) {
	bs := s.buildState()
	bs.mu.Lock()
	j, found := bs.jobs[jobID]
	if !found {
		bs.mu.Unlock()
		writeBuildJobNotFound(w, jobID)
		return
	}
	rows, total := j.historyPage(page, limit, in)
	hist := make([]buildHistoryRecord, 0, len(rows))
	per := make([]buildPeriodHistoryRecord, 0, len(rows))
	for _, b := range rows {
		p := b.phaseAt(now)
		h := buildHistoryRecord{
			RecordID:    b.recordID,
			JobID:       jobID,
			BuildNumber: b.no,
			StartTime:   formatBuildTime(p.start),
			EndTime:     formatBuildTime(p.finish),
			Result:      buildStrOrNil(p.result),
		}
		hist = append(hist, h)
		pr := buildPeriodHistoryRecord{buildHistoryRecord: h, Branch: buildStrOrNil(b.branch), CommitID: buildStrOrNil(b.commit),
			Executor: DemoUserName, TriggerType: "Manual"}
		if b.commit == j.commit {
			pr.CommitMessage = buildStrOrNil(j.commitMessage)
		}
		per = append(per, pr)
	}
	bs.mu.Unlock()
	if period {
		writeJSON(w, http.StatusOK, struct {
			Total          int                        `json:"total"`
			HistoryRecords []buildPeriodHistoryRecord `json:"history_records"`
		}{total, per})
		return
	}
	writeJSON(w, http.StatusOK, buildHistoryResponse{HistoryRecords: hist, Total: total})
}
