package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// runsEnv is a simulator on a manual clock with a token.
type runsEnv struct {
	t     *testing.T
	s     *Server
	base  string
	tok   string
	clock *ManualClock
}

var runsT0 = time.Date(2026, 3, 6, 10, 0, 0, 0, time.UTC)

func newRunsEnv(t *testing.T) *runsEnv {
	clock := NewManualClock(runsT0)
	s, base := newTestServer(t, Options{Clock: clock})
	return &runsEnv{t: t, s: s, base: base, tok: issueToken(t, base), clock: clock}
}

func pipePath(pipelineID string) string {
	return "/v5/" + DemoCodeArtsProjectID + "/api/pipelines/" + pipelineID
}

// call sends a token-authenticated request and decodes the JSON reply.
func (e *runsEnv) call(method, path, body string) (int, map[string]any, []byte) {
	e.t.Helper()
	resp, raw := do(e.t, nil, tokenReq(e.t, method, e.base+path, e.tok, body))
	return resp.StatusCode, decodeMap(e.t, raw), raw
}

func (e *runsEnv) start(pipelineID, body string) (status int, reply map[string]any) {
	e.t.Helper()
	status, reply, _ = e.call("POST", pipePath(pipelineID)+"/run", body)
	return status, reply
}

func (e *runsEnv) startOK(pipelineID string) string {
	e.t.Helper()
	st, reply := e.start(pipelineID, "")
	id, _ := reply["pipeline_run_id"].(string)
	if st != 200 || id == "" {
		e.t.Fatalf("run: %d %v", st, reply)
	}
	return id
}

func (e *runsEnv) detail(pipelineID, runID string) map[string]any {
	e.t.Helper()
	st, d, raw := e.call("GET", pipePath(pipelineID)+"/pipeline-runs/detail?pipeline_run_id="+runID, "")
	if st != 200 {
		e.t.Fatalf("detail: %d %s", st, raw)
	}
	return d
}

// statuses renders "RUN stage:status/job:status ..." for compact assertions.
func statuses(d map[string]any) string {
	parts := []string{d["status"].(string)}
	for _, s := range d["stages"].([]any) {
		stage := s.(map[string]any)
		for _, j := range stage["jobs"].([]any) {
			job := j.(map[string]any)
			parts = append(parts, fmt.Sprintf("%s:%s/%s", stage["name"], stage["status"], job["status"]))
		}
	}
	return strings.Join(parts, " ")
}

func (e *runsEnv) newPipeline(name string) string {
	return e.s.AddPipeline(Pipeline{Name: name, ProjectID: DemoCodeArtsProjectID}).ID
}

func TestPipelineRunsListShape(t *testing.T) {
	e := newRunsEnv(t)
	if DemoPipelineID != seededID("pipeline/backend-api-build") {
		t.Fatal("DemoPipelineID is not the seeded backend-api-build pipeline")
	}
	st, top, raw := e.call("POST", pipePath(DemoPipelineID)+"/pipeline-runs/list", `{"offset":0,"limit":10,"sort_key":"start_time","sort_dir":"DESC"}`)
	if st != 200 {
		t.Fatalf("%d %s", st, raw)
	}
	if top["total"] != float64(DemoPipelineRuns) || top["limit"] != float64(10) || top["offset"] != float64(0) || len(top) != 4 {
		t.Fatalf("top level %s", raw)
	}
	runs := top["pipeline_runs"].([]any)
	first := runs[0].(map[string]any)
	var keys []string
	for k := range first {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Seed 004's item plus the documented detail_url/modify_url.
	if got := strings.Join(keys, ","); got != "artifact_params,build_params,detail_url,end_time,executor_id,executor_name,modify_url,pipeline_id,pipeline_run_id,run_number,stage_status_list,start_time,status,trigger_type" {
		t.Fatalf("keys %s", got)
	}
	if first["pipeline_run_id"] != DemoPipelineRunID || first["run_number"] != float64(DemoPipelineRuns) || first["status"] != "COMPLETED" || first["artifact_params"] != nil {
		t.Fatalf("newest run %v", first)
	}
	// Run times are epoch-ms integers; stage times are "YYYY-MM-DD HH:MM:SS" strings.
	if !regexp.MustCompile(`"start_time":\d{13},"end_time":\d{13}`).Match(raw) {
		t.Fatalf("run times are not epoch-ms integers: %s", raw[:400])
	}
	stage := first["stage_status_list"].([]any)[0].(map[string]any)
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`).MatchString(stage["start_time"].(string)) || stage["name"] != "Build" || stage["sequence"] != float64(0) {
		t.Fatalf("stage %v", stage)
	}
	bp := first["build_params"].(map[string]any)
	var bkeys []string
	for k := range bp {
		bkeys = append(bkeys, k)
	}
	sort.Strings(bkeys)
	if got := strings.Join(bkeys, ","); got != "action,build_type,codehub_id,commit_id,event_type,git_url,merge_id,message,source_branch,tag,target_branch" || bp["action"] != nil {
		t.Fatalf("build_params %v", bp)
	}
	// Newest first by start_time.
	prev := int64(1 << 62)
	for _, r := range runs {
		s := int64(r.(map[string]any)["start_time"].(float64))
		if s > prev {
			t.Fatal("not sorted newest first")
		}
		prev = s
	}
}

func TestPipelineRunsListFiltersAndPaging(t *testing.T) {
	e := newRunsEnv(t)
	p := e.newPipeline("bulk")
	t0 := time.Now()
	if _, err := e.s.AddPipelineRuns(p, 5000, "COMPLETED"); err != nil {
		t.Fatal(err)
	}
	failed, _ := e.s.AddPipelineRuns(p, 3, "FAILED")
	if d := time.Since(t0); d > 2*time.Second {
		t.Fatalf("AddPipelineRuns(5000) took %v", d)
	}
	list := func(body string) map[string]any {
		t.Helper()
		st, top, raw := e.call("POST", pipePath(p)+"/pipeline-runs/list", body)
		if st != 200 {
			t.Fatalf("%d %s", st, raw)
		}
		return top
	}
	top := list(`{"offset":4900,"limit":100,"sort_dir":"asc"}`)
	if top["total"] != float64(5003) || len(top["pipeline_runs"].([]any)) != 100 {
		t.Fatalf("total %v", top["total"])
	}
	top = list(`{"offset":0,"limit":100,"status":["FAILED"]}`)
	rs := top["pipeline_runs"].([]any)
	if top["total"] != float64(3) || rs[0].(map[string]any)["pipeline_run_id"] != failed[2] {
		t.Fatalf("status filter: %v", top["total"])
	}
	// Time window (epoch ms numbers, as older clients send, or documented strings).
	newest := rs[0].(map[string]any)["start_time"].(float64)
	top = list(fmt.Sprintf(`{"limit":100,"start_time":%d,"end_time":%d}`, int64(newest)-60_000, int64(newest)))
	if top["total"] != float64(2) {
		t.Fatalf("ms window total %v", top["total"])
	}
	from := time.UnixMilli(int64(newest)).In(codeArtsZone).Format(codeArtsTimeLayout)
	top = list(fmt.Sprintf(`{"limit":100,"start_time":%q,"end_time":"%d"}`, from, int64(newest)))
	if top["total"] != float64(1) {
		t.Fatalf("string window total %v", top["total"])
	}
	// Page cap control.
	e.s.SetPipelineRunsPageCap(20)
	if top = list(`{"limit":100}`); len(top["pipeline_runs"].([]any)) != 20 {
		t.Fatal("page cap not applied")
	}
	// Bad input: documented-shape 400s.
	for body, want := range map[string]string{
		`{"status":["DONE"]}`:         "status \"DONE\" is invalid",
		`{"sort_dir":"up"}`:           "sort_dir",
		`{"start_time":"yesterday"}`:  "start_time",
		`{"limit":-1}`:                "limit",
		`{"sort_key":"run_number"}`:   "sort_key",
		`{"start_time":{"a":1}}`:      "start_time",
		`{"offset":"zero","limit":5}`: "Invalid request body",
	} {
		st, m, _ := e.call("POST", pipePath(p)+"/pipeline-runs/list", body)
		if st != 400 || m["error_code"] != ErrCodePipelineInvalidParam || !strings.Contains(m["error_msg"].(string), want) {
			t.Errorf("%s: %d %v", body, st, m)
		}
	}
	// Not found: documented codes.
	st, m, _ := e.call("POST", "/v5/"+DemoCodeArtsOtherProjectID+"/api/pipelines/"+p+"/pipeline-runs/list", `{}`)
	if st != 404 || m["error_code"] != "DEVPIPE.00011401" {
		t.Fatalf("pipeline of another project: %d %v", st, m)
	}
	st, m, _ = e.call("POST", "/v5/ffffffffffffffffffffffffffffffff/api/pipelines/"+p+"/pipeline-runs/list", `{}`)
	if st != 404 || m["error_code"] != "DEVPIPE.00011412" {
		t.Fatalf("unknown project: %d %v", st, m)
	}
}

func TestPipelineRunProgressesOnTheClock(t *testing.T) {
	e := newRunsEnv(t)
	p := e.newPipeline("progress")
	st, reply := e.start(p, `{"sources":[{"type":"code","params":{"git_type":"codehub","codehub_id":"2111699716","git_url":"https://example.com/g/r.git",
	  "build_params":{"build_type":"branch","target_branch":"release","event_type":"Manual"}}}],"description":"triggered by terraform","variables":[{"name":"k","value":"v"}]}`)
	id, _ := reply["pipeline_run_id"].(string)
	if st != 200 || len(id) != 32 || len(reply) != 1 {
		t.Fatalf("run reply %d %v", st, reply)
	}
	d := e.detail(p, id)
	if got := statuses(d); got != "RUNNING Build:RUNNING/RUNNING Test:INIT/INIT Deploy:INIT/INIT" {
		t.Fatalf("at start: %s", got)
	}
	if d["run_number"] != float64(1) || d["description"] != "triggered by terraform" || d["executor_id"] != DemoUserID || d["end_time"] != float64(0) {
		t.Fatalf("detail %v", d)
	}
	e.clock.Advance(25 * time.Second) // checkout 10s + maven 10s, tests running
	if got := statuses(e.detail(p, id)); got != "RUNNING Build:COMPLETED/COMPLETED Test:RUNNING/RUNNING Deploy:INIT/INIT" {
		t.Fatalf("after 25s: %s", got)
	}
	e.clock.Advance(time.Hour)
	d = e.detail(p, id)
	if got := statuses(d); got != "COMPLETED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Deploy:COMPLETED/COMPLETED" {
		t.Fatalf("after the run: %s", got)
	}
	// The run ended when its last step did, not when it was observed.
	if end := int64(d["end_time"].(float64)); end != runsT0.Add(40*time.Second).UnixMilli() {
		t.Fatalf("end_time %d", end)
	}
	_, top, _ := e.call("POST", pipePath(p)+"/pipeline-runs/list", `{}`)
	run := top["pipeline_runs"].([]any)[0].(map[string]any)
	bp := run["build_params"].(map[string]any)
	if run["status"] != "COMPLETED" || bp["target_branch"] != "release" || bp["codehub_id"] != "2111699716" || run["trigger_type"] != "Manual" {
		t.Fatalf("listed run %v", run)
	}

	// A failing plan fails the unit-test job with a message; later stages never start.
	e.s.SetPipelineRunOutcome(p, PipelineRunPlan{Outcome: RunFailed, FailMessage: "3 tests failed"})
	id = e.startOK(p)
	e.clock.Advance(time.Minute)
	d = e.detail(p, id)
	if got := statuses(d); got != "FAILED Build:COMPLETED/COMPLETED Test:FAILED/FAILED Deploy:INIT/INIT" {
		t.Fatalf("failed run: %s", got)
	}
	job := d["stages"].([]any)[1].(map[string]any)["jobs"].([]any)[0].(map[string]any)
	if job["message"] != "3 tests failed" || d["run_number"] != float64(2) {
		t.Fatalf("failed job %v", job)
	}

	// choose_stages runs only the chosen stages.
	e.s.SetPipelineRunOutcome(p, PipelineRunPlan{})
	st, reply = e.start(p, `{"choose_stages":["stage_deploy"]}`)
	id, _ = reply["pipeline_run_id"].(string)
	e.clock.Advance(time.Minute)
	if got := statuses(e.detail(p, id)); st != 200 || got != "COMPLETED Build:UNSELECTED/UNSELECTED Test:UNSELECTED/UNSELECTED Deploy:COMPLETED/COMPLETED" {
		t.Fatalf("choose_stages: %s", got)
	}
	// Invalid run bodies are refused before any run exists.
	for body, want := range map[string]string{
		`{"sources":[{"type":"code","params":{"git_type":"svn","git_url":"x","build_params":{"build_type":"branch"}}}]}`: "git_type",
		`{"sources":[{"type":"code","params":{"git_type":"codehub","git_url":"x"}}]}`:                                    "build_type",
		`{"choose_jobs":["JOB_nope"]}`:                        "choose_jobs",
		`{"description":"` + strings.Repeat("x", 1025) + `"}`: "description",
	} {
		st, m := e.start(p, body)
		if st != 400 || !strings.Contains(fmt.Sprint(m["error_msg"]), want) {
			t.Errorf("%.60s: %d %v", body, st, m)
		}
	}
	if n := len(e.s.PipelineRunIDs(p)); n != 3 {
		t.Fatalf("%d runs; refused bodies must not create runs", n)
	}
}

func TestPipelineRunQueueing(t *testing.T) {
	e := newRunsEnv(t)
	a := e.newPipeline("queue-a")
	var first []string
	for i := 0; i < 5; i++ {
		first = append(first, e.startOK(a))
		e.clock.Advance(time.Second)
	}
	// The 6th concurrent run of one pipeline queues: HTTP 200, DEVPIPE.00011169,
	// the run id and queue id in "error".
	st, reply := e.start(a, "")
	errObj, _ := reply["error"].(map[string]any)
	queued, _ := errObj["pipeline_run_id"].(string)
	if st != 200 || reply["error_code"] != "DEVPIPE.00011169" || len(queued) != 32 || errObj["queue_id"] == "" {
		t.Fatalf("6th run: %d %v", st, reply)
	}
	if got := statuses(e.detail(a, queued)); got != "QUEUED Build:INIT/INIT Test:INIT/INIT Deploy:INIT/INIT" {
		t.Fatalf("queued run: %s", got)
	}
	for _, id := range first { // the five that hold the slots are running, not queued
		if got := e.detail(a, id)["status"]; got != "RUNNING" {
			t.Fatalf("run %s holding a slot is %v, want RUNNING", id, got)
		}
	}
	_, top, _ := e.call("POST", pipePath(a)+"/pipeline-runs/list", `{"status":["QUEUED"]}`)
	if top["total"] != float64(1) {
		t.Fatalf("QUEUED filter total %v", top["total"])
	}
	// The first run ends at t0+40s; the queued run starts at that moment.
	e.clock.Advance(time.Minute)
	d := e.detail(a, queued)
	stage := d["stages"].([]any)[0].(map[string]any)
	if int64(stage["start_time"].(float64)) != runsT0.Add(40*time.Second).UnixMilli() {
		t.Fatalf("queued run started at %v, want when the first run ended", stage["start_time"])
	}
	e.clock.Advance(time.Hour)
	if got := e.detail(a, queued)["status"]; got != "COMPLETED" {
		t.Fatalf("queued run ended %v", got)
	}

	// Tenant limit: 5 active runs across pipelines, the 6th on another pipeline queues with DEVPIPE.00011170.
	b, c := e.newPipeline("queue-b"), e.newPipeline("queue-c")
	for i := 0; i < 3; i++ {
		e.startOK(a)
	}
	e.startOK(b)
	e.startOK(b)
	st, reply = e.start(c, "")
	if st != 200 || reply["error_code"] != "DEVPIPE.00011170" || reply["error"].(map[string]any)["pipeline_run_id"] == "" {
		t.Fatalf("tenant queue: %d %v", st, reply)
	}
	// A pipeline limited to 1 queues its 2nd run (00011169) even with tenant slots free.
	e.clock.Advance(time.Hour)
	e.s.SetPipelineConcurrency(c, 1)
	e.startOK(c)
	if _, reply = e.start(c, ""); reply["error_code"] != "DEVPIPE.00011169" {
		t.Fatalf("pipeline limit 1: %v", reply)
	}
}

func TestPipelineRunReviewPauseAndStop(t *testing.T) {
	e := newRunsEnv(t)
	p := e.newPipeline("review")
	e.s.SetPipelineRunOutcome(p, PipelineRunPlan{Review: RunPaused})
	id := e.startOK(p)
	e.clock.Advance(10 * time.Minute)
	d := e.detail(p, id)
	if got := statuses(d); got != "PAUSED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Review:PAUSED/PAUSED Deploy:INIT/INIT" {
		t.Fatalf("review: %s", got)
	}
	// Pass through the documented route with the waiting job and step ids.
	review := d["stages"].([]any)[2].(map[string]any)["jobs"].([]any)[0].(map[string]any)
	step := review["steps"].([]any)[0].(map[string]any)
	passPath := fmt.Sprintf("%s/pipeline-runs/%s/jobs/%s/steps/%s/pass", pipePath(p), id, review["id"], step["id"])
	if st, m, _ := e.call("POST", passPath, ""); st != 200 || m["success"] != true {
		t.Fatalf("pass: %d %v", st, m)
	}
	if got := e.detail(p, id)["status"]; got != "RUNNING" {
		t.Fatalf("after pass: %v", got)
	}
	e.clock.Advance(time.Minute)
	if got := statuses(e.detail(p, id)); got != "COMPLETED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Review:COMPLETED/COMPLETED Deploy:COMPLETED/COMPLETED" {
		t.Fatalf("after review: %s", got)
	}
	if st, _, _ := e.call("POST", passPath, ""); st != 400 {
		t.Fatalf("pass of a finished review: %d", st)
	}

	// SUSPEND (delay) and refuse: the run fails.
	e.s.SetPipelineRunOutcome(p, PipelineRunPlan{Review: RunSuspend})
	id = e.startOK(p)
	e.clock.Advance(time.Minute)
	if got := e.detail(p, id)["status"]; got != "SUSPEND" {
		t.Fatalf("delay: %v", got)
	}
	if err := e.s.RefusePipelineRunReview(id); err != nil {
		t.Fatal(err)
	}
	if got := statuses(e.detail(p, id)); got != "FAILED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Review:FAILED/FAILED Deploy:INIT/INIT" {
		t.Fatalf("refused: %s", got)
	}

	// Stop a running run, a paused run, a queued run; stopping an ended run says success false.
	e.s.SetPipelineRunOutcome(p, PipelineRunPlan{})
	running := e.startOK(p)
	e.clock.Advance(15 * time.Second)
	stop := func(run string) map[string]any {
		_, m, _ := e.call("POST", pipePath(p)+"/pipeline-runs/"+run+"/stop", "")
		return m
	}
	if m := stop(running); m["success"] != true {
		t.Fatalf("stop: %v", m)
	}
	d = e.detail(p, running)
	if got := statuses(d); got != "CANCELED Build:CANCELED/CANCELED Test:INIT/INIT Deploy:INIT/INIT" || int64(d["end_time"].(float64)) != e.clock.Now().UnixMilli() {
		t.Fatalf("stopped: %s", got)
	}
	if m := stop(running); m["success"] != false {
		t.Fatalf("second stop: %v", m)
	}
	e.s.SetPipelineConcurrency(p, 1)
	blocker := e.startOK(p)
	_, reply := e.start(p, "")
	queued := reply["error"].(map[string]any)["pipeline_run_id"].(string)
	if m := stop(queued); m["success"] != true || e.detail(p, queued)["status"] != "CANCELED" {
		t.Fatalf("stop queued: %v", m)
	}
	e.clock.Advance(time.Hour)
	if e.detail(p, blocker)["status"] != "COMPLETED" || e.detail(p, queued)["status"] != "CANCELED" {
		t.Fatal("a stopped queued run must never start")
	}
	if st, m, _ := e.call("POST", pipePath(p)+"/pipeline-runs/ffffffffffffffffffffffffffffffff/stop", ""); st != 404 || m["error_code"] != ErrCodePipelineRunNotFound {
		t.Fatalf("unknown run: %d %v", st, m)
	}
}

func TestPipelineStepLogPaging(t *testing.T) {
	e := newRunsEnv(t)
	run, _ := e.s.PipelineRun(DemoPipelineRunID)
	var maven PipelineStepSnapshot
	for _, s := range run.Steps {
		if s.StepID == DemoStepRunID {
			maven = s
		}
	}
	if maven.JobID != DemoJobRunID || maven.StepName != "Maven build" {
		t.Fatalf("demo step %+v", run.Steps)
	}
	logPath := fmt.Sprintf("%s/pipeline-runs/%s/jobs/%s/steps/%s/logs", pipePath(DemoPipelineID), DemoPipelineRunID, DemoJobRunID, DemoStepRunID)
	type page struct {
		HasMore     bool   `json:"has_more"`
		StartOffset string `json:"start_offset"`
		EndOffset   string `json:"end_offset"`
		Log         string `json:"log"`
		Location    string `json:"location"`
		StepRunID   string `json:"step_run_id"`
	}
	get := func(body string) page {
		t.Helper()
		st, _, raw := e.call("POST", logPath, body)
		var p page
		if err := json.Unmarshal(raw, &p); st != 200 || err != nil {
			t.Fatalf("%d %v %s", st, err, raw)
		}
		return p
	}
	// Seed 004's request; offsets come back as strings.
	p1 := get(`{"start_offset":0,"end_offset":0,"limit":500,"sort":"asc"}`)
	if !p1.HasMore || strings.Count(p1.Log, "\n") != 500 || p1.StepRunID != DemoStepRunID || p1.Location != "jenkins" ||
		!strings.Contains(p1.Log, "[real_stage:Maven build] : 该步骤开始执行。") {
		t.Fatalf("first page %+v", p1)
	}
	var all strings.Builder
	all.WriteString(p1.Log)
	p, pages := p1, 1
	for p.HasMore {
		p = get(`{"start_offset":` + p.EndOffset + `,"end_offset":0,"limit":500,"sort":"asc"}`)
		all.WriteString(p.Log)
		pages++
	}
	if pages != 4 || strings.Count(all.String(), "\n") != DemoStepLogLines+2 || !strings.HasSuffix(all.String(), "该步骤执行完成。\n") {
		t.Fatalf("%d pages, %d lines", pages, strings.Count(all.String(), "\n"))
	}
	// The Maven step's log starts after the job preamble and the checkout step's log.
	if p1.StartOffset == "0" || p1.StartOffset == "" {
		t.Fatalf("start_offset %q", p1.StartOffset)
	}

	// SetStepLog, desc paging and end_offset bounds.
	text := ""
	for i := 1; i <= 30; i++ {
		text += fmt.Sprintf("line %02d\n", i)
	}
	if err := e.s.SetStepLog(DemoPipelineRunID, DemoStepRunID, text); err != nil {
		t.Fatal(err)
	}
	p = get(`{"start_offset":0,"end_offset":0,"limit":5,"sort":"desc"}`)
	if p.Log != "line 26\nline 27\nline 28\nline 29\nline 30\n" || !p.HasMore {
		t.Fatalf("desc %+v", p)
	}
	p = get(`{"start_offset":0,"end_offset":` + p.StartOffset + `,"limit":2,"sort":"desc"}`)
	if p.Log != "line 24\nline 25\n" {
		t.Fatalf("desc before %+v", p)
	}
	p = get(`{"start_offset":0,"end_offset":0,"limit":100,"sort":"asc"}`)
	if p.Log != text || p.HasMore {
		t.Fatalf("whole %+v", p)
	}
	for body, want := range map[string]string{
		`{"start_offset":0,"sort":"asc"}`:              "limit",
		`{"start_offset":0,"limit":10}`:                "sort",
		`{"start_offset":"0","limit":10,"sort":"asc"}`: "Invalid request body",
	} {
		st, m, _ := e.call("POST", logPath, body)
		if st != 400 || !strings.Contains(fmt.Sprint(m["error_msg"]), want) {
			t.Errorf("%s: %d %v", body, st, m)
		}
	}
	st, m, _ := e.call("POST", strings.Replace(logPath, DemoStepRunID, "ffffffffffffffffffffffffffffffff", 1), `{"limit":1,"sort":"asc"}`)
	if st != 404 || m["error_code"] != ErrCodePipelineRunNotFound {
		t.Fatalf("unknown step: %d %v", st, m)
	}

	// A running step's log grows: only the start line until it ends.
	pl := e.newPipeline("log-progress")
	id := e.startOK(pl)
	snap, _ := e.s.PipelineRun(id)
	runningLog := fmt.Sprintf("%s/pipeline-runs/%s/jobs/%s/steps/%s/logs", pipePath(pl), id, snap.Steps[0].JobID, snap.Steps[0].StepID)
	_, m, _ = e.call("POST", runningLog, `{"limit":500,"sort":"asc"}`)
	if strings.Count(m["log"].(string), "\n") != 1 || m["has_more"] != false {
		t.Fatalf("running step log %v", m)
	}
	e.clock.Advance(time.Minute)
	_, m, _ = e.call("POST", runningLog, `{"limit":500,"sort":"asc"}`)
	if !strings.HasSuffix(m["log"].(string), "该步骤执行完成。\n") {
		t.Fatalf("finished step log %v", m)
	}
	if e.s.DeletePipelineRun(id); len(e.s.PipelineRunIDs(pl)) != 0 {
		t.Fatal("DeletePipelineRun")
	}
}

func TestPipelineRunsEnv(t *testing.T) {
	s := New(Options{})
	found := map[string]string{}
	for _, v := range s.EnvVars("http://x") {
		found[v.Name] = v.Value
	}
	if found["CICD_DEMO_PIPELINE_ID"] != DemoPipelineID || found["CICD_DEMO_STEP_RUN_ID"] != DemoStepRunID {
		t.Fatalf("env %v", found)
	}
	if _, err := s.AddPipelineRuns(DemoPipelineID, 1, "RUNNING"); err == nil {
		t.Fatal("AddPipelineRuns must refuse a non-terminal status")
	}
	_ = http.StatusOK
}
