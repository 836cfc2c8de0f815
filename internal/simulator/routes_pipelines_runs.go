package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// CodeArts Pipeline v5 run routes (Pipeline API pages): run, run list,
// run detail, stop, step logs, manual review pass/refuse. The file name sorts
// after routes_pipelines.go, so the demo pipelines exist when seedPipelineRuns runs.

func init() {
	registerModule(module{name: "pipeline-runs", seed: seedPipelineRuns, routes: (*Server).pipelineRunRoutes, env: pipelineRunsEnv})
}

// Seeded demo ids (also printed by -print-env).
const (
	// DemoPipelineID is the seeded pipeline "backend-api-build" in
	// DemoCodeArtsProjectID (seededID("pipeline/backend-api-build")); it
	// has DemoPipelineRuns finished runs.
	DemoPipelineID = "00ecdeecb23e328630eba5dac26055a3"
	// DemoPipelineRunID is its newest run (COMPLETED); DemoJobRunID its
	// "Build" job and DemoStepRunID that job's "Maven build" step, whose log
	// has DemoStepLogLines lines.
	DemoPipelineRunID = "5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c01"
	DemoJobRunID      = "5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c02"
	DemoStepRunID     = "5d0c0b1e0e8a4f0c9a2b7d6e4f3a1c03"
	DemoPipelineRuns  = 24
	DemoStepLogLines  = 1500
)

// Error codes the simulator chose where the references document none.
const (
	// ErrCodePipelineRunNotFound is returned (HTTP 404) for an unknown
	// pipeline_run_id, job_run_id or step_run_id. Simulator's choice.
	ErrCodePipelineRunNotFound = "DEVPIPE.00011408"
	// ErrCodePipelineNotFound / ErrCodeProjectNotFound are on the CodeArts Pipeline API's error code page.
	ErrCodePipelineNotFound = "DEVPIPE.00011401"
	ErrCodeProjectNotFound  = "DEVPIPE.00011412"
)

func pipelineRunsEnv(s *Server, _ string) []EnvVar {
	return []EnvVar{
		{"CICD_DEMO_PIPELINE_ID", DemoPipelineID},
		{"CICD_DEMO_PIPELINE_RUN_ID", DemoPipelineRunID},
		{"CICD_DEMO_JOB_RUN_ID", DemoJobRunID},
		{"CICD_DEMO_STEP_RUN_ID", DemoStepRunID},
	}
}

func (s *Server) pipelineRunRoutes() {
	const base = "/v5/{project_id}/api/pipelines/{pipeline_id}"
	s.handle("POST "+base+"/run", svcPipeline, s.runPipeline)
	s.handle("POST "+base+"/pipeline-runs/list", svcPipeline, s.listPipelineRuns)
	s.handle("GET "+base+"/pipeline-runs/detail", svcPipeline, s.pipelineRunDetail)
	s.handle("POST "+base+"/pipeline-runs/{pipeline_run_id}/stop", svcPipeline, s.stopPipelineRun)
	s.handle("POST "+base+"/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/logs", svcPipeline, s.pipelineStepLog)
	s.handle("POST "+base+"/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/pass", svcPipeline, s.reviewRoute(true))
	s.handle("POST "+base+"/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/refuse", svcPipeline, s.reviewRoute(false))
}

// pipelineFor checks {project_id}/{pipeline_id} under the lock and writes the
// documented not-found error; nil when it wrote one.
func pipelineFor(w http.ResponseWriter, r *http.Request, st *state) (*Pipeline, func()) {
	project, id := r.PathValue("project_id"), r.PathValue("pipeline_id")
	if _, ok := st.codeartsProjects[project]; !ok {
		return nil, func() {
			writeCodeArtsError(w, http.StatusNotFound, ErrCodeProjectNotFound, "The project does not exist: "+project)
		}
	}
	p, ok := st.pipelines[id]
	if !ok || p.ProjectID != project {
		return nil, func() {
			writeCodeArtsError(w, http.StatusNotFound, ErrCodePipelineNotFound, "The pipeline does not exist: "+id)
		}
	}
	return p, nil
}

func runNotFound(w http.ResponseWriter, what, id string) {
	writeCodeArtsError(w, http.StatusNotFound, ErrCodePipelineRunNotFound, fmt.Sprintf("The %s does not exist: %s", what, id))
}

func badParam(w http.ResponseWriter, msg string) {
	writeCodeArtsError(w, http.StatusBadRequest, ErrCodePipelineInvalidParam, msg)
}

// ---- JSON shapes (Pipeline API pages) ----

type stageStatusJSON struct {
	Name      string `json:"name"`
	Sequence  int    `json:"sequence"`
	Status    string `json:"status"`
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
	ID        string `json:"id"`
}

// runBuildParams has exactly the keys of the Pipeline API page's example.
type runBuildParams struct {
	Action       *string `json:"action"`
	BuildType    *string `json:"build_type"`
	CommitID     *string `json:"commit_id"`
	EventType    *string `json:"event_type"`
	MergeID      *string `json:"merge_id"`
	Message      *string `json:"message"`
	SourceBranch *string `json:"source_branch"`
	Tag          *string `json:"tag"`
	TargetBranch *string `json:"target_branch"`
	CodehubID    *string `json:"codehub_id"`
	GitURL       *string `json:"git_url"`
}

type runArtifactParams struct {
	Version      *string `json:"version"`
	BranchFilter *string `json:"branch_filter"`
	PackageName  *string `json:"package_name"`
	Organization *string `json:"organization"`
}

type pipelineRunJSON struct {
	PipelineID      string             `json:"pipeline_id"`
	PipelineRunID   string             `json:"pipeline_run_id"`
	ExecutorID      string             `json:"executor_id"`
	ExecutorName    string             `json:"executor_name"`
	StageStatusList []stageStatusJSON  `json:"stage_status_list"`
	Status          string             `json:"status"`
	RunNumber       int                `json:"run_number"`
	TriggerType     string             `json:"trigger_type"`
	BuildParams     *runBuildParams    `json:"build_params"`
	ArtifactParams  *runArtifactParams `json:"artifact_params"`
	StartTime       int64              `json:"start_time"`
	EndTime         int64              `json:"end_time"`
	DetailURL       string             `json:"detail_url"`
	ModifyURL       string             `json:"modify_url"`
}

type listPipelineRunsResponse struct {
	Offset       int               `json:"offset"`
	Limit        int               `json:"limit"`
	Total        int               `json:"total"`
	PipelineRuns []pipelineRunJSON `json:"pipeline_runs"`
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func strp(s string) *string { return &s }

func detailURL(r *simRun) string {
	return consoleBase + r.ProjectID + "/pipeline/detail/" + r.PipelineID + "/" + r.ID + "?v=2"
}

func (r *simRun) listJSON() pipelineRunJSON {
	out := pipelineRunJSON{PipelineID: r.PipelineID, PipelineRunID: r.ID, ExecutorID: r.ExecutorID, ExecutorName: r.ExecutorName,
		StageStatusList: []stageStatusJSON{}, Status: r.Status, RunNumber: r.Number, TriggerType: r.TriggerType,
		BuildParams: r.Build, ArtifactParams: r.Artifact, StartTime: ms(r.Start), EndTime: ms(r.End),
		DetailURL: detailURL(r), ModifyURL: consoleBase + r.ProjectID + "/pipeline/edit/" + r.PipelineID + "?v=2"}
	for _, st := range r.Stages {
		out.StageStatusList = append(out.StageStatusList, stageStatusJSON{Name: st.Name, Sequence: st.Seq, Status: st.Status,
			StartTime: formatCodeArtsTime(st.Start), EndTime: formatCodeArtsTime(st.End), ID: st.ID})
	}
	return out
}

func defaultBuildParams(p *Pipeline, runID string) *runBuildParams {
	git := p.GitURL
	if git == "" {
		git = "https://codehub.example.com/cicd-demo00001/" + strings.ToLower(strings.ReplaceAll(p.Name, " ", "-")) + ".git"
	}
	return &runBuildParams{BuildType: strp("branch"), CommitID: strp(seededID("commit/" + runID + "/a")[:20] + seededID("commit/" + runID + "/b")[:20]),
		EventType: strp("Manual"), Message: strp("Update Dockerfile"), TargetBranch: strp("master"),
		CodehubID: strp("2111677704"), GitURL: strp(git)}
}

// ---- run ----

type runSourceJSON struct {
	Type   string `json:"type"`
	Params struct {
		GitType       string `json:"git_type"`
		CodehubID     string `json:"codehub_id,omitempty"`
		DefaultBranch string `json:"default_branch,omitempty"`
		GitURL        string `json:"git_url"`
		Alias         string `json:"alias,omitempty"`
		EndpointID    string `json:"endpoint_id,omitempty"`
		BuildParams   *struct {
			BuildType    string `json:"build_type"`
			TargetBranch string `json:"target_branch,omitempty"`
			Tag          string `json:"tag,omitempty"`
			EventType    string `json:"event_type,omitempty"`
		} `json:"build_params,omitempty"`
		ChangeRequestIDs []string `json:"change_request_ids,omitempty"`
	} `json:"params"`
}

type runPipelineRequest struct {
	Sources     []runSourceJSON `json:"sources"`
	Description string          `json:"description"`
	Variables   []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"variables"`
	ChooseJobs   []string `json:"choose_jobs"`
	ChooseStages []string `json:"choose_stages"`
}

var (
	runGitTypes   = []string{"codehub", "gitee", "github", "gitcode", "gitlab"}
	runEventTypes = []string{"Manual", "Scheduler", "MR", "Push", "CreateTag", "Issue", "Note"}
)

func validateRunRequest(req runPipelineRequest, plan PipelineRunPlan) string {
	for i, src := range req.Sources {
		p := src.Params
		switch {
		case src.Type == "":
			return fmt.Sprintf("sources[%d].type is required", i)
		case src.Type != "code":
			continue
		case !contains(runGitTypes, p.GitType):
			return fmt.Sprintf("sources[%d].params.git_type %q is invalid: allowed values are codehub, gitee, github, gitcode, gitlab", i, p.GitType)
		case p.GitURL == "":
			return fmt.Sprintf("sources[%d].params.git_url is required", i)
		case p.BuildParams == nil || (p.BuildParams.BuildType != "branch" && p.BuildParams.BuildType != "tag"):
			return fmt.Sprintf("sources[%d].params.build_params.build_type is required: branch or tag", i)
		case p.BuildParams.EventType != "" && !contains(runEventTypes, p.BuildParams.EventType):
			return fmt.Sprintf("sources[%d].params.build_params.event_type %q is invalid", i, p.BuildParams.EventType)
		}
	}
	if utf8.RuneCountInString(req.Description) > 1024 {
		return "description must be at most 1024 characters"
	}
	for _, v := range req.Variables {
		if utf8.RuneCountInString(v.Value) > 8192 {
			return fmt.Sprintf("the value of variable %q must be at most 8192 characters", v.Name)
		}
	}
	stages, jobs := map[string]bool{}, map[string]bool{}
	for _, st := range runTemplate(plan.Review) {
		stages[st.identifier] = true
		for _, j := range st.jobs {
			jobs[j.identifier] = true
		}
	}
	for _, id := range req.ChooseStages {
		if !stages[id] {
			return fmt.Sprintf("choose_stages: the pipeline has no stage %q", id)
		}
	}
	for _, id := range req.ChooseJobs {
		if !jobs[id] {
			return fmt.Sprintf("choose_jobs: the pipeline has no job %q", id)
		}
	}
	return ""
}

func (s *Server) runPipeline(w http.ResponseWriter, r *http.Request) {
	var req runPipelineRequest
	if err := decodeJSON(r, &req); err != nil && err != errEmptyBody {
		badParam(w, "Invalid request body: "+err.Error())
		return
	}
	who := principalFrom(r)
	now := s.clock.Now()
	var (
		fail      func()
		msg       string
		run       *simRun
		queueCode string
	)
	s.locked(func(st *state) {
		p, nf := pipelineFor(w, r, st)
		if nf != nil {
			fail = nf
			return
		}
		rs := st.runs
		rs.advance(now)
		plan := rs.planFor(p.ID)
		if msg = validateRunRequest(req, plan); msg != "" {
			return
		}
		run = newRun(randomHex(16), p, rs.number(p.ID), plan, req.ChooseStages, req.ChooseJobs, func(string) string { return randomHex(16) })
		run.ExecutorID, run.ExecutorName = who.UserID, who.UserName
		if name, ok := st.codeartsUsers[who.UserID]; ok {
			run.ExecutorName = name
		}
		run.Description, run.Sources = req.Description, req.Sources
		run.Build = defaultBuildParams(p, run.ID)
		for _, src := range req.Sources {
			if src.Type == "code" && src.Params.BuildParams != nil {
				bp := src.Params.BuildParams
				run.Build.GitURL, run.Build.BuildType = strp(src.Params.GitURL), strp(bp.BuildType)
				if src.Params.CodehubID != "" {
					run.Build.CodehubID = strp(src.Params.CodehubID)
				}
				run.Build.TargetBranch, run.Build.Tag = nil, nil
				if bp.TargetBranch != "" {
					run.Build.TargetBranch = strp(bp.TargetBranch)
				}
				if bp.Tag != "" {
					run.Build.Tag = strp(bp.Tag)
				}
				if bp.EventType != "" {
					run.Build.EventType, run.TriggerType = strp(bp.EventType), bp.EventType
				}
				break
			}
		}
		queueCode = rs.start(run, now)
	})
	switch {
	case fail != nil:
		fail()
	case msg != "":
		badParam(w, msg)
	case queueCode != "":
		// The run exists and waits: the documented queueing reply, with the
		// run id and queue id in "error" (HTTP 200, Pipeline API pages).
		text := "Maximum concurrency of a single pipeline is limited, enter the queue state"
		if queueCode == "DEVPIPE.00011170" {
			text = "Maximum concurrency of pipelines under a tenant is limited, enter the queue state"
		}
		writeJSON(w, http.StatusOK, map[string]any{"error_code": queueCode, "error_msg": text,
			"error": map[string]string{"pipeline_run_id": run.ID, "queue_id": run.QueueID}})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"pipeline_run_id": run.ID})
	}
}

// ---- list ----

type listPipelineRunsRequest struct {
	Status    []string        `json:"status"`
	StartTime json.RawMessage `json:"start_time"`
	EndTime   json.RawMessage `json:"end_time"`
	Offset    *int64          `json:"offset"`
	Limit     *int64          `json:"limit"`
	SortKey   string          `json:"sort_key"`
	SortDir   string          `json:"sort_dir"`
}

// parseRunTime reads a list time bound: documented as a string holding a
// timestamp (epoch ms) or "yyyy-MM-dd HH:mm:ss"; the Pipeline API page's example sends a
// number, so numbers are accepted too. Zero time = no bound.
func parseRunTime(field string, raw json.RawMessage) (time.Time, string) {
	v := strings.TrimSpace(string(raw))
	if v == "" || v == "null" {
		return time.Time{}, ""
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(n), ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}, field + " must be a timestamp or a yyyy-MM-dd HH:mm:ss string"
	}
	if s = strings.TrimSpace(s); s == "" {
		return time.Time{}, ""
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(n), ""
	}
	t, err := time.ParseInLocation(codeArtsTimeLayout, s, codeArtsZone)
	if err != nil {
		return time.Time{}, fmt.Sprintf("%s %q must be a timestamp or a yyyy-MM-dd HH:mm:ss string", field, s)
	}
	return t, ""
}

// listPipelineRuns: filters by status and by the run's start time within
// [start_time, end_time] (simulator's reading of "start/end time"); sorts by
// start_time, newest first unless sort_dir is asc; offset/limit page it
// (limit default 10; no documented maximum).
func (s *Server) listPipelineRuns(w http.ResponseWriter, r *http.Request) {
	var req listPipelineRunsRequest
	if err := decodeJSON(r, &req); err != nil && err != errEmptyBody {
		badParam(w, "Invalid request body: "+err.Error())
		return
	}
	offset, limit := int64(0), int64(10)
	if req.Offset != nil {
		offset = *req.Offset
	}
	if req.Limit != nil {
		limit = *req.Limit
	}
	from, msg := parseRunTime("start_time", req.StartTime)
	to, msg2 := parseRunTime("end_time", req.EndTime)
	if msg == "" {
		msg = msg2
	}
	statuses := map[string]bool{}
	for _, st := range req.Status {
		if !contains(runListStatuses, st) {
			msg = fmt.Sprintf("status %q is invalid: allowed values are %s", st, strings.Join(runListStatuses, ", "))
		}
		statuses[st] = true
	}
	desc := true
	switch {
	case offset < 0 || limit < 0:
		msg = "offset and limit must be integers >= 0"
	case req.SortKey != "" && req.SortKey != "start_time":
		msg = fmt.Sprintf("sort_key %q is invalid: allowed value is start_time", req.SortKey)
	case strings.EqualFold(req.SortDir, "asc"):
		desc = false
	case req.SortDir != "" && !strings.EqualFold(req.SortDir, "desc"):
		msg = fmt.Sprintf("sort_dir %q is invalid: allowed values are asc, desc", req.SortDir)
	}
	if msg != "" {
		badParam(w, msg)
		return
	}
	now := s.clock.Now()
	resp := listPipelineRunsResponse{Offset: int(offset), Limit: int(limit), PipelineRuns: []pipelineRunJSON{}}
	var fail func()
	s.locked(func(st *state) {
		p, nf := pipelineFor(w, r, st)
		if nf != nil {
			fail = nf
			return
		}
		rs := st.runs
		rs.advance(now)
		runs := rs.sortedRuns(p.ID, func(run *simRun) bool {
			return (len(statuses) == 0 || statuses[run.Status]) &&
				(from.IsZero() || !run.Start.Before(from)) && (to.IsZero() || !run.Start.After(to))
		}, desc)
		resp.Total = len(runs)
		n := limit
		if rs.pageCap > 0 && n > int64(rs.pageCap) {
			n = int64(rs.pageCap)
		}
		for i := offset; i < int64(len(runs)) && i < offset+n; i++ {
			resp.PipelineRuns = append(resp.PipelineRuns, runs[i].listJSON())
		}
	})
	if fail != nil {
		fail()
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// ---- detail ----

type stepRunJSON struct {
	Name                string   `json:"name"`
	Task                string   `json:"task"`
	BusinessType        string   `json:"business_type"`
	Inputs              []any    `json:"inputs"`
	Sequence            int      `json:"sequence"`
	OfficialTaskVersion string   `json:"official_task_version"`
	Identifier          string   `json:"identifier"`
	MultiStepEditable   int      `json:"multi_step_editable"`
	ID                  string   `json:"id"`
	EndpointIDs         []string `json:"endpoint_ids"`
	LastDispatchID      string   `json:"last_dispatch_id"`
	Status              string   `json:"status"`
	Message             string   `json:"message"`
	StartTime           int64    `json:"start_time"`
	EndTime             int64    `json:"end_time"`
	DailyBuildNumber    string   `json:"daily_build_number"`
}

type jobRunJSON struct {
	ID             string        `json:"id"`
	Category       string        `json:"category"`
	Sequence       int           `json:"sequence"`
	Async          bool          `json:"async"`
	Name           string        `json:"name"`
	Identifier     string        `json:"identifier"`
	DependsOn      []string      `json:"depends_on"`
	Condition      string        `json:"condition"`
	Resource       string        `json:"resource"`
	IsSelect       bool          `json:"is_select"`
	Timeout        string        `json:"timeout"`
	LastDispatchID string        `json:"last_dispatch_id"`
	Status         string        `json:"status"`
	Message        string        `json:"message"`
	StartTime      int64         `json:"start_time"`
	EndTime        int64         `json:"end_time"`
	Steps          []stepRunJSON `json:"steps"`
	ExecID         string        `json:"exec_id"`
}

type stageRunJSON struct {
	ID         string        `json:"id"`
	Category   string        `json:"category"`
	Name       string        `json:"name"`
	Identifier string        `json:"identifier"`
	RunAlways  bool          `json:"run_always"`
	Parallel   string        `json:"parallel"`
	IsSelect   bool          `json:"is_select"`
	Sequence   int           `json:"sequence"`
	DependsOn  []string      `json:"depends_on"`
	Condition  string        `json:"condition"`
	Status     string        `json:"status"`
	StartTime  int64         `json:"start_time"`
	EndTime    int64         `json:"end_time"`
	Pre        []stepRunJSON `json:"pre"`
	Post       []stepRunJSON `json:"post"`
	Jobs       []jobRunJSON  `json:"jobs"`
}

type runDetailJSON struct {
	ID                string          `json:"id"`
	PipelineID        string          `json:"pipeline_id"`
	ManifestVersion   string          `json:"manifest_version"`
	Name              string          `json:"name"`
	Description       string          `json:"description"`
	IsPublish         bool            `json:"is_publish"`
	ExecutorID        string          `json:"executor_id"`
	ExecutorName      string          `json:"executor_name"`
	Status            string          `json:"status"`
	TriggerType       string          `json:"trigger_type"`
	RunNumber         int             `json:"run_number"`
	StartTime         int64           `json:"start_time"`
	EndTime           int64           `json:"end_time"`
	Stages            []stageRunJSON  `json:"stages"`
	DomainID          string          `json:"domain_id"`
	ProjectID         string          `json:"project_id"`
	Region            string          `json:"region"`
	ComponentID       string          `json:"component_id"`
	Language          string          `json:"language"`
	Sources           []runSourceJSON `json:"sources"`
	Artifacts         []any           `json:"artifacts"`
	SubjectID         string          `json:"subject_id"`
	GroupID           string          `json:"group_id"`
	GroupName         string          `json:"group_name"`
	DetailURL         string          `json:"detail_url"`
	CurrentSystemTime int64           `json:"current_system_time"` // int64: SDK codeartspipeline/v2 ShowPipelineRunDetailResponse
}

func (r *simRun) detailJSON(p *Pipeline, now time.Time) runDetailJSON {
	out := runDetailJSON{ID: r.ID, PipelineID: r.PipelineID, ManifestVersion: "3.0", Name: p.Name, Description: r.Description,
		ExecutorID: r.ExecutorID, ExecutorName: r.ExecutorName, Status: r.Status, TriggerType: r.TriggerType, RunNumber: r.Number,
		StartTime: ms(r.Start), EndTime: ms(r.End), Stages: []stageRunJSON{}, DomainID: DemoDomainID, ProjectID: r.ProjectID,
		Region: DemoRegion, Sources: r.Sources, Artifacts: []any{}, SubjectID: r.ID, DetailURL: detailURL(r),
		CurrentSystemTime: now.UnixMilli()}
	if out.Sources == nil {
		out.Sources = []runSourceJSON{}
	}
	for _, st := range r.Stages {
		sj := stageRunJSON{ID: st.ID, Category: st.Category, Name: st.Name, Identifier: st.Identifier, Parallel: "false", IsSelect: st.Selected,
			Sequence: st.Seq, DependsOn: []string{}, Condition: "${{ default() }}", Status: st.Status, StartTime: ms(st.Start),
			EndTime: ms(st.End), Pre: []stepRunJSON{}, Post: []stepRunJSON{}, Jobs: []jobRunJSON{}}
		for _, j := range st.Jobs {
			jj := jobRunJSON{ID: j.ID, Category: j.Category, Sequence: j.Seq, Name: j.Name, Identifier: j.Identifier, DependsOn: []string{},
				Condition: "${{ completed() }}", Resource: `{"type":"system","arch":"x86"}`, IsSelect: j.Selected, Status: j.Status,
				Message: j.Message, StartTime: ms(j.Start), EndTime: ms(j.End), Steps: []stepRunJSON{}}
			for _, step := range j.Steps {
				jj.Steps = append(jj.Steps, stepRunJSON{Name: step.Name, Task: step.Task, BusinessType: step.BusinessType, Inputs: []any{},
					Sequence: step.Seq, OfficialTaskVersion: "0.0.1", Identifier: step.Identifier, ID: step.ID, EndpointIDs: []string{},
					Status: step.Status, Message: step.Message, StartTime: ms(step.Start), EndTime: ms(step.End)})
			}
			sj.Jobs = append(sj.Jobs, jj)
		}
		out.Stages = append(out.Stages, sj)
	}
	return out
}

// pipelineRunDetail: without pipeline_run_id it answers with the newest run.
func (s *Server) pipelineRunDetail(w http.ResponseWriter, r *http.Request) {
	runID := r.URL.Query().Get("pipeline_run_id")
	now := s.clock.Now()
	var (
		out  runDetailJSON
		fail func()
	)
	s.locked(func(st *state) {
		p, nf := pipelineFor(w, r, st)
		if nf != nil {
			fail = nf
			return
		}
		rs := st.runs
		rs.advance(now)
		run := rs.byID[runID]
		if runID == "" {
			if runs := rs.byPipeline[p.ID]; len(runs) > 0 {
				run = runs[len(runs)-1]
			}
		}
		if run == nil || run.PipelineID != p.ID {
			fail = func() { runNotFound(w, "pipeline run", runID) }
			return
		}
		out = run.detailJSON(p, now)
	})
	if fail != nil {
		fail()
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// ---- stop, review ----

// stopPipelineRun answers {"success": true} when the run was stopped and
// {"success": false} when it had already ended (simulator's reading of the
// documented {"success": bool}).
func (s *Server) stopPipelineRun(w http.ResponseWriter, r *http.Request) {
	now := s.clock.Now()
	var (
		stopped bool
		fail    func()
	)
	s.locked(func(st *state) {
		run, nf := runFor(w, r, st, now)
		if nf != nil {
			fail = nf
			return
		}
		stopped = st.runs.stop(run, now)
	})
	if fail != nil {
		fail()
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"success": stopped})
}

// runFor resolves {project_id}/{pipeline_id}/{pipeline_run_id} under the lock.
func runFor(w http.ResponseWriter, r *http.Request, st *state, now time.Time) (*simRun, func()) {
	p, nf := pipelineFor(w, r, st)
	if nf != nil {
		return nil, nf
	}
	st.runs.advance(now)
	id := r.PathValue("pipeline_run_id")
	run, ok := st.runs.byID[id]
	if !ok || run.PipelineID != p.ID {
		return nil, func() { runNotFound(w, "pipeline run", id) }
	}
	return run, nil
}

// stepFor resolves the job and step of a run from the path.
func stepFor(w http.ResponseWriter, r *http.Request, run *simRun) (*simJob, *simStep, func()) {
	jobID, stepID := r.PathValue("job_run_id"), r.PathValue("step_run_id")
	for _, st := range run.Stages {
		for _, j := range st.Jobs {
			if j.ID != jobID {
				continue
			}
			for _, step := range j.Steps {
				if step.ID == stepID {
					return j, step, nil
				}
			}
			return nil, nil, func() { runNotFound(w, "step", stepID) }
		}
	}
	return nil, nil, func() { runNotFound(w, "job", jobID) }
}

// reviewRoute passes or refuses the manual review a run waits on; the
// response {"success": true} is the simulator's choice (undocumented).
func (s *Server) reviewRoute(pass bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		now := s.clock.Now()
		var (
			fail func()
			msg  string
		)
		s.locked(func(st *state) {
			run, nf := runFor(w, r, st, now)
			if nf != nil {
				fail = nf
				return
			}
			j, _, nf := stepFor(w, r, run)
			if nf != nil {
				fail = nf
				return
			}
			if j.Review == "" || (j.Status != RunPaused && j.Status != RunSuspend) {
				msg = fmt.Sprintf("The job %s is not waiting for a review (status %s)", j.Name, j.Status)
				return
			}
			if err := st.runs.review(run, pass, now); err != nil {
				msg = err.Error()
			}
		})
		switch {
		case fail != nil:
			fail()
		case msg != "":
			badParam(w, msg)
		default:
			writeJSON(w, http.StatusOK, map[string]bool{"success": true})
		}
	}
}

// ---- step logs ----

type logQueryRequest struct {
	StartOffset *int64 `json:"start_offset"`
	EndOffset   *int64 `json:"end_offset"`
	Limit       *int64 `json:"limit"`
	Sort        string `json:"sort"`
}

type logResponse struct {
	HasMore     bool   `json:"has_more"`
	EndOffset   string `json:"end_offset"`
	StartOffset string `json:"start_offset"`
	Log         string `json:"log"`
	Location    string `json:"location"`
	StepRunID   string `json:"step_run_id"`
}

// pipelineStepLog serves a step's log (the Pipeline API pages). Simulator's reading of the
// undocumented semantics: offsets are byte positions in the job's log stream
// (the step's log starts after the job preamble and the earlier steps' logs);
// limit (required, >= 1) counts lines; end_offset 0 = no upper bound. asc
// returns up to limit lines from start_offset; desc the last limit lines
// before end_offset. has_more: there is log beyond the returned chunk now.
func (s *Server) pipelineStepLog(w http.ResponseWriter, r *http.Request) {
	var q logQueryRequest
	if err := decodeJSON(r, &q); err != nil {
		badParam(w, "Invalid request body: "+err.Error())
		return
	}
	sortDir := strings.ToLower(q.Sort)
	switch {
	case q.Limit == nil || *q.Limit < 1:
		badParam(w, "limit is required and must be >= 1")
		return
	case sortDir != "asc" && sortDir != "desc":
		badParam(w, "sort is required: asc or desc")
		return
	case (q.StartOffset != nil && *q.StartOffset < 0) || (q.EndOffset != nil && *q.EndOffset < 0):
		badParam(w, "start_offset and end_offset must be >= 0")
		return
	}
	now := s.clock.Now()
	var (
		out  logResponse
		fail func()
	)
	s.locked(func(st *state) {
		run, nf := runFor(w, r, st, now)
		if nf != nil {
			fail = nf
			return
		}
		job, step, nf := stepFor(w, r, run)
		if nf != nil {
			fail = nf
			return
		}
		text := stepLog(step)
		base := stepLogBase(job, step)
		lo, hi := base, base+int64(len(text))
		if q.StartOffset != nil && *q.StartOffset > lo {
			lo = min(*q.StartOffset, hi)
		}
		if q.EndOffset != nil && *q.EndOffset > 0 && *q.EndOffset < hi {
			hi = max(*q.EndOffset, lo)
		}
		window := text[lo-base : hi-base]
		var chunk string
		var start int64
		if sortDir == "asc" {
			chunk = firstLines(window, int(*q.Limit))
			start = lo
			out.HasMore = lo+int64(len(chunk)) < base+int64(len(text))
		} else {
			chunk = lastLinesOf(window, int(*q.Limit))
			start = hi - int64(len(chunk))
			out.HasMore = start > base
		}
		out.StartOffset = strconv.FormatInt(start, 10)
		out.EndOffset = strconv.FormatInt(start+int64(len(chunk)), 10)
		out.Log, out.Location, out.StepRunID = chunk, "jenkins", step.ID
	})
	if fail != nil {
		fail()
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func firstLines(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return s
		}
		i += j + 1
	}
	return s[:i]
}

func lastLinesOf(s string, n int) string {
	end := len(s)
	if end > 0 && s[end-1] == '\n' {
		end--
	}
	count := 0
	for i := end - 1; i >= 0; i-- {
		if s[i] == '\n' {
			count++
			if count == n {
				return s[i+1:]
			}
		}
	}
	return s
}

// ---- seed ----

// seedPipelineRuns gives every seeded pipeline a few finished runs (relative
// to the server clock) and DemoPipelineID DemoPipelineRuns of them, the
// newest with a DemoStepLogLines-line Maven log.
func seedPipelineRuns(s *Server) {
	st := s.st
	st.runs = newRunStore()
	rs := st.runs
	now := s.clock.Now().Truncate(time.Second)
	statusCycle := []string{RunCompleted, RunCompleted, RunFailed, RunCompleted, RunCompleted, RunCanceled, RunCompleted, RunFailed}
	ids := make([]string, 0, len(st.pipelines))
	for id := range st.pipelines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for pi, id := range ids {
		p := st.pipelines[id]
		n := 3
		if id == DemoPipelineID {
			n = DemoPipelineRuns
		}
		for k := 1; k <= n; k++ {
			status := statusCycle[(k+pi)%len(statusCycle)]
			runID := seededID(fmt.Sprintf("run/%s/%d", id, k))
			if id == DemoPipelineID && k == n {
				status, runID = RunCompleted, DemoPipelineRunID
			}
			start := now.Add(-time.Duration(n-k+1)*3*time.Hour - time.Duration(pi)*7*time.Minute)
			r := finishedRun(runID, p, k, status, start, 15*time.Second, seededID)
			users := []string{DemoUserID, demoUser2ID, demoUser3ID}
			r.ExecutorID = users[(k+pi)%3]
			r.ExecutorName = st.codeartsUsers[r.ExecutorID]
			r.Build = defaultBuildParams(p, runID)
			if k%5 == 4 {
				r.TriggerType = "Scheduler"
				r.Build.EventType = strp("Scheduler")
			}
			if runID == DemoPipelineRunID {
				// The demo ids of the newest run's Build job and Maven step.
				build := r.Stages[0].Jobs[0]
				build.ID = DemoJobRunID
				build.Steps[1].ID = DemoStepRunID
				build.Steps[1].LogLines = DemoStepLogLines
			}
			rs.add(r)
		}
	}
}
