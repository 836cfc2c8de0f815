package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// showRecordInfoExample is the response example of API page ShowRecordInfo, verbatim.
const showRecordInfoExample = `{ "success" : true, "result" : { "id" : "eb9d73c7-61b3-4823-b476-a7c00c493b8a", "build_project_id" : "31581e9f-5772-4053-a50c-d5690578c8fd", "build_record_id" : "9d6169b9-022d-458c-9dc8-48cc94cc4083", "parent_record_id" : null, "devcloud_project_id" : "b4d3971c3988463b865f6f920846149e", "codeci_job_id" : "68491d9bc97b4774adb93e29b46d2dc6", "user_id" : "ae22fd035f354cfa8d82a3f1c8940446", "build_no" : 532, "daily_build_num" : "20221011.29", "execution_id" : "j_YE1bu9Z7", "repo_name" : "maven", "repo_id" : "2111616838", "branch" : "buildflow_env", "tag" : null, "commit" : null, "commit_message" : null, "commit_create_time" : "2022-10-11T08:28:42.000+00:00", "trigger_type" : "MANUAL", "build_type" : "branch", "status" : "SUCCESS", "domain_id" : "60021bab32fd450aa2cb89226f425e06", "create_time" : "2022-10-11T08:28:42.000+00:00", "schedule_time" : "2022-10-11T08:28:45.000+00:00", "queued_time" : "2022-10-11T08:28:45.000+00:00", "start_time" : "2022-10-11T08:28:47.000+00:00", "runnable_time" : "2022-10-11T08:16:04.000+00:00", "finish_time" : "2022-10-11T08:30:27.000+00:00", "duration" : 100068, "record_status" : null, "use_private_slave" : 0, "region" : "cn-north-7", "err_msg" : null, "build_config_type" : "YAML" } }`

var buildTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$`)

const testBuildJob = "0123456789abcdef0123456789abcdef"

// buildCall sends an AK/SK-signed request dated on the server clock.
func buildCall(t *testing.T, s *Server, base, method, path, body string, q url.Values) (int, []byte) {
	t.Helper()
	resp, raw := do(t, nil, signedRequest(t, method, base, path, body, signOpts{date: s.Now(), query: q}))
	return resp.StatusCode, raw
}

func newBuildServer(t *testing.T) (*Server, *ManualClock, string) {
	t.Helper()
	clk := NewManualClock(time.Date(2026, 11, 22, 3, 4, 5, 0, time.UTC))
	s, base := newTestServer(t, Options{Clock: clk})
	return s, clk, base
}

func triggerBuild(t *testing.T, s *Server, base, body string) map[string]any {
	t.Helper()
	code, raw := buildCall(t, s, base, "POST", "/v3/jobs/build", body, nil)
	if code != http.StatusOK {
		t.Fatalf("trigger: %d %s", code, raw)
	}
	return decodeMap(t, raw)
}

func recordInfo(t *testing.T, s *Server, base, job string, no int) (int, map[string]any) {
	t.Helper()
	code, raw := buildCall(t, s, base, "GET", fmt.Sprintf("/v3/jobs/%s/%d/record-info", job, no), "", nil)
	m := decodeMap(t, raw)
	if code != http.StatusOK {
		return code, m
	}
	if len(m) != 2 || m["success"] != true {
		t.Fatalf("record-info envelope: %s", raw)
	}
	res, ok := m["result"].(map[string]any)
	if !ok {
		t.Fatalf("record-info result: %s", raw)
	}
	return code, res
}

func buildInfoCall(t *testing.T, s *Server, base, job string, no int) (int, map[string]any) {
	t.Helper()
	code, raw := buildCall(t, s, base, "GET", fmt.Sprintf("/v1/job/%s/%d/build-info", job, no), "", nil)
	return code, decodeMap(t, raw)
}

// assertCodeArtsError checks a 4xx {"error_code","error_msg"} body.
func assertCodeArtsError(t *testing.T, code int, body map[string]any, wantStatus int, wantCode string) {
	t.Helper()
	if code != wantStatus || body["error_code"] != wantCode || len(body) != 2 {
		t.Fatalf("got %d %v, want %d {error_code:%s, error_msg}", code, body, wantStatus, wantCode)
	}
	if msg, _ := body["error_msg"].(string); msg == "" {
		t.Fatalf("empty error_msg: %v", body)
	}
}

func TestBuildTriggerAndRecordInfoTransitions(t *testing.T) {
	s, clk, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	s.SetBuildOutcome(testBuildJob, BuildOutcome{Result: "SUCCESS", Duration: 90*time.Second + 68*time.Millisecond, QueueFor: 10 * time.Second})
	t0 := s.Now()

	resp := triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`","parameter":[{"name":"codeBranch","value":"dev"},{"name":"VERSION_1","value":"1.2.3"}],"scm":{"build_tag":null,"build_commit_id":"abc123"}}`)
	if len(resp) != 3 {
		t.Fatalf("response keys: %v", resp)
	}
	for _, k := range []string{"octopus_job_name", "actual_build_number", "daily_build_number"} {
		if _, ok := resp[k].(string); !ok {
			t.Fatalf("%s is %T, want string: %v", k, resp[k], resp)
		}
	}
	if resp["actual_build_number"] != "1" || resp["daily_build_number"] != "20261122.1" {
		t.Fatalf("numbers: %v", resp)
	}
	if !regexp.MustCompile(`^j_[A-Za-z0-9]{8}$`).MatchString(resp["octopus_job_name"].(string)) {
		t.Fatalf("octopus_job_name %v", resp["octopus_job_name"])
	}
	if n := s.BuildsStarted(testBuildJob); n != 1 {
		t.Fatalf("BuildsStarted = %d", n)
	}

	// Queued: RUNNING, start_time/finish_time/duration null.
	_, rec := recordInfo(t, s, base, testBuildJob, 1)
	var example map[string]any
	if err := json.Unmarshal([]byte(showRecordInfoExample), &example); err != nil {
		t.Fatal(err)
	}
	exRes := example["result"].(map[string]any)
	if len(rec) != len(exRes) {
		t.Fatalf("record-info has %d keys, API page ShowRecordInfo has %d", len(rec), len(exRes))
	}
	for k, ev := range exRes {
		got, ok := rec[k]
		if !ok {
			t.Fatalf("record-info lacks %q", k)
		}
		switch ev.(type) {
		case float64:
			if _, isNum := got.(float64); !isNum && !(k == "duration" && got == nil) {
				t.Fatalf("%s = %v (%T), want a number", k, got, got)
			}
		case string, nil:
			if _, isStr := got.(string); !isStr && got != nil {
				t.Fatalf("%s = %v (%T), want a string or null", k, got, got)
			}
		}
	}
	if rec["status"] != "RUNNING" || rec["start_time"] != nil || rec["finish_time"] != nil || rec["duration"] != nil || rec["err_msg"] != nil {
		t.Fatalf("queued record: %v", rec)
	}
	if rec["build_no"] != float64(1) || rec["codeci_job_id"] != testBuildJob || rec["use_private_slave"] != float64(0) ||
		rec["trigger_type"] != "MANUAL" || rec["branch"] != "dev" || rec["commit"] != "abc123" || rec["tag"] != nil ||
		rec["daily_build_num"] != "20261122.1" || rec["execution_id"] != resp["octopus_job_name"] || rec["region"] != DemoRegion ||
		rec["domain_id"] != DemoDomainID || rec["user_id"] != DemoUserID || rec["build_config_type"] != "YAML" || rec["parent_record_id"] != nil {
		t.Fatalf("record fields: %v", rec)
	}
	if rec["create_time"] != t0.UTC().Format("2006-01-02T15:04:05.000+00:00") || !buildTimeRE.MatchString(rec["create_time"].(string)) {
		t.Fatalf("create_time %v", rec["create_time"])
	}
	if code, bi := buildInfoCall(t, s, base, testBuildJob, 1); code != 200 {
		t.Fatalf("build-info %d %v", code, bi)
	} else if r := bi["result"].(map[string]any); r["building"] != true || r["build_result"] != nil || bi["status"] != "success" || bi["error"] != nil {
		t.Fatalf("queued build-info: %v", bi)
	}
	if v, _ := s.Build(testBuildJob, 1); !v.Queued || !v.Building || v.Status != "RUNNING" || len(v.Parameters) != 2 || v.Parameters[1] != (BuildParam{"VERSION_1", "1.2.3"}) {
		t.Fatalf("view while queued: %+v", v)
	}

	// Running: start_time set, still no finish.
	clk.Advance(10 * time.Second)
	_, rec = recordInfo(t, s, base, testBuildJob, 1)
	wantStart := t0.Add(10 * time.Second).UTC().Format(buildTimeLayout)
	if rec["status"] != "RUNNING" || rec["start_time"] != wantStart || rec["finish_time"] != nil || rec["duration"] != nil {
		t.Fatalf("running record: %v", rec)
	}
	clk.Advance(90 * time.Second)
	if _, rec = recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "RUNNING" {
		t.Fatalf("finished 68ms early: %v", rec)
	}
	_, bi := buildInfoCall(t, s, base, testBuildJob, 1)
	if bi["result"].(map[string]any)["building"] != true {
		t.Fatalf("build-info while running: %v", bi)
	}

	// Finished.
	clk.Advance(68 * time.Millisecond)
	_, rec = recordInfo(t, s, base, testBuildJob, 1)
	if rec["status"] != "SUCCESS" || rec["start_time"] != wantStart || rec["duration"] != float64(90068) || rec["err_msg"] != nil {
		t.Fatalf("finished record: %v", rec)
	}
	if rec["finish_time"] != t0.Add(100*time.Second+68*time.Millisecond).UTC().Format(buildTimeLayout) {
		t.Fatalf("finish_time %v", rec["finish_time"])
	}
	_, bi = buildInfoCall(t, s, base, testBuildJob, 1)
	if r := bi["result"].(map[string]any); r["building"] != false || r["build_result"] != "SUCCESS" || r["region"] != DemoRegion || len(bi) != 3 {
		t.Fatalf("finished build-info: %v", bi)
	}
	if v, _ := s.Build(testBuildJob, 1); v.Building || v.Result != "SUCCESS" || v.Duration != 90*time.Second+68*time.Millisecond || v.Stopped {
		t.Fatalf("view when done: %+v", v)
	}

	// The next build is number 2, same day.
	resp = triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	if resp["actual_build_number"] != "2" || resp["daily_build_number"] != "20261122.2" {
		t.Fatalf("second build: %v", resp)
	}
	if s.BuildsStarted(testBuildJob) != 2 {
		t.Fatalf("BuildsStarted = %d", s.BuildsStarted(testBuildJob))
	}
}

func TestBuildDefaultOutcomeAndFailure(t *testing.T) {
	s, clk, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "RUNNING" || rec["start_time"] == nil {
		t.Fatalf("default build starts at once: %v", rec)
	}
	clk.Advance(DefaultBuildDuration)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "SUCCESS" || rec["duration"] != float64(2000) {
		t.Fatalf("default outcome: %v", rec)
	}

	s.SetBuildOutcome(testBuildJob, BuildOutcome{Result: "FAILURE", Duration: time.Second, ErrMsg: "compile error"})
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`","scm":{"build_tag":"v1.0"}}`)
	clk.Advance(time.Second)
	_, rec := recordInfo(t, s, base, testBuildJob, 2)
	if rec["status"] != "FAILURE" || rec["err_msg"] != "compile error" || rec["tag"] != "v1.0" || rec["build_type"] != "tag" {
		t.Fatalf("failed record: %v", rec)
	}
	_, bi := buildInfoCall(t, s, base, testBuildJob, 2)
	if r := bi["result"].(map[string]any); r["building"] != false || r["build_result"] != "FAILURE" {
		t.Fatalf("failed build-info: %v", bi)
	}

	// A FAILURE without ErrMsg still has an err_msg.
	s.SetBuildOutcome(testBuildJob, BuildOutcome{Result: "FAILURE"})
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	if _, rec := recordInfo(t, s, base, testBuildJob, 3); rec["status"] != "FAILURE" || rec["err_msg"] == nil || rec["duration"] != float64(0) {
		t.Fatalf("instant failure: %v", rec)
	}
}

func TestBuildStop(t *testing.T) {
	s, clk, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	s.SetBuildOutcome(testBuildJob, BuildOutcome{Duration: time.Minute, QueueFor: 5 * time.Second})
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`) // 1: stopped while running
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`) // 2: stopped while queued
	clk.Advance(20 * time.Second)

	code, raw := buildCall(t, s, base, "POST", "/v1/job/"+testBuildJob+"/stop", `{"build_no":1}`, nil)
	if code != 200 || string(raw) != `{"result":null,"error":null,"status":"success"}` {
		t.Fatalf("stop: %d %s", code, raw)
	}
	v, _ := s.Build(testBuildJob, 1)
	if !v.Stopped || v.Status != "ABORTED" || v.Result != "ABORTED" || v.Building || !v.FinishTime.Equal(s.Now()) || v.Duration != 15*time.Second {
		t.Fatalf("stopped view: %+v", v)
	}
	_, rec := recordInfo(t, s, base, testBuildJob, 1)
	if rec["status"] != "ABORTED" || rec["finish_time"] != s.Now().UTC().Format(buildTimeLayout) || rec["duration"] != float64(15000) {
		t.Fatalf("stopped record: %v", rec)
	}
	_, bi := buildInfoCall(t, s, base, testBuildJob, 1)
	if r := bi["result"].(map[string]any); r["building"] != false || r["build_result"] != "ABORTED" {
		t.Fatalf("stopped build-info: %v", bi)
	}
	// Stays ABORTED after the planned end.
	clk.Advance(time.Hour)
	if _, rec = recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "ABORTED" {
		t.Fatalf("after the planned end: %v", rec)
	}

	// Stopping a finished build is an error.
	code, raw = buildCall(t, s, base, "POST", "/v1/job/"+testBuildJob+"/stop", `{"build_no":1}`, nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 400, ErrCodeBuildInvalidParam)

	// Stop while queued: start_time stays null, duration 0.
	s.SetBuildOutcome(testBuildJob, BuildOutcome{Duration: time.Minute, QueueFor: time.Minute})
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`) // 3
	clk.Advance(time.Second)
	code, raw = buildCall(t, s, base, "POST", "/v1/job/"+testBuildJob+"/stop", `{"build_no":"3"}`, nil) // string accepted
	if code != 200 {
		t.Fatalf("stop queued: %d %s", code, raw)
	}
	_, rec = recordInfo(t, s, base, testBuildJob, 3)
	if rec["status"] != "ABORTED" || rec["start_time"] != nil || rec["finish_time"] == nil || rec["duration"] != float64(0) {
		t.Fatalf("stopped queued record: %v", rec)
	}

	// Bad bodies and unknown builds.
	for _, body := range []string{``, `{}`, `{"build_no":0}`, `{"build_no":"x"}`, `{"build_no":1.5}`, `[1]`} {
		code, raw = buildCall(t, s, base, "POST", "/v1/job/"+testBuildJob+"/stop", body, nil)
		assertCodeArtsError(t, code, decodeMap(t, raw), 400, ErrCodeBuildInvalidParam)
	}
	code, raw = buildCall(t, s, base, "POST", "/v1/job/"+testBuildJob+"/stop", `{"build_no":99}`, nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 404, ErrCodeBuildNotFound)
	code, raw = buildCall(t, s, base, "POST", "/v1/job/ffffffffffffffffffffffffffffffff/stop", `{"build_no":1}`, nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 404, ErrCodeBuildNotFound)
	if n := s.Count(RouteBuildStop); n != 11 {
		t.Fatalf("stop count = %d", n)
	}
}

type historyPage struct {
	HistoryRecords []map[string]any `json:"history_records"`
	Total          int              `json:"total"`
}

func getHistory(t *testing.T, s *Server, base, job string, q url.Values) (int, historyPage, []byte) {
	t.Helper()
	code, raw := buildCall(t, s, base, "GET", "/v3/jobs/"+job+"/history", "", q)
	var hp historyPage
	if code == 200 {
		if err := json.Unmarshal(raw, &hp); err != nil {
			t.Fatalf("history: %v %s", err, raw)
		}
	}
	return code, hp, raw
}

func TestBuildHistoryPaging(t *testing.T) {
	s, _, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	results := make([]string, 250)
	for i := range results {
		results[i] = []string{"SUCCESS", "FAILURE", "ABORTED"}[i%3]
	}
	s.AddBuildHistory(testBuildJob, results)

	// Default limit 10, newest first, exact row shape.
	code, hp, raw := getHistory(t, s, base, testBuildJob, nil)
	if code != 200 || hp.Total != 250 || len(hp.HistoryRecords) != 10 {
		t.Fatalf("default page: %d %s", code, raw)
	}
	top := decodeMap(t, raw)
	if len(top) != 2 {
		t.Fatalf("history keys: %v", top)
	}
	row := hp.HistoryRecords[0]
	if len(row) != 6 || row["build_number"] != float64(250) || row["job_id"] != testBuildJob || row["result"] != results[249] {
		t.Fatalf("row: %v", row)
	}
	for _, k := range []string{"record_id", "start_time", "end_time"} {
		if v, ok := row[k].(string); !ok || v == "" {
			t.Fatalf("%s = %v", k, row[k])
		}
	}
	if !buildTimeRE.MatchString(row["end_time"].(string)) {
		t.Fatalf("end_time %v", row["end_time"])
	}
	v, _ := s.Build(testBuildJob, 250)
	if row["record_id"] != v.RecordID || v.FinishTime.After(s.Now()) {
		t.Fatalf("record_id %v vs %+v", row["record_id"], v)
	}

	// offset is a page number from 0 (doc page ShowListHistory): pages of
	// 100 are 100, 100, 50, then empty.
	var seen []int
	for page := 0; page < 4; page++ {
		_, hp, raw = getHistory(t, s, base, testBuildJob, url.Values{"offset": {strconv.Itoa(page)}, "limit": {"100"}})
		want := max(0, min(100, 250-page*100))
		if hp.Total != 250 || len(hp.HistoryRecords) != want {
			t.Fatalf("page %d: %s", page, raw)
		}
		for _, r := range hp.HistoryRecords {
			seen = append(seen, int(r["build_number"].(float64)))
		}
	}
	if len(seen) != 250 || !sort.SliceIsSorted(seen, func(i, j int) bool { return seen[i] > seen[j] }) || seen[0] != 250 || seen[249] != 1 {
		t.Fatalf("build numbers not 250..1: %v", seen)
	}

	// A deleted build disappears and is not found.
	if !s.DeleteBuild(testBuildJob, 249) || s.DeleteBuild(testBuildJob, 249) {
		t.Fatal("DeleteBuild")
	}
	_, hp, _ = getHistory(t, s, base, testBuildJob, url.Values{"offset": {"1"}, "limit": {"2"}})
	if hp.Total != 249 || len(hp.HistoryRecords) != 2 || hp.HistoryRecords[0]["build_number"] != float64(247) || hp.HistoryRecords[1]["build_number"] != float64(246) {
		t.Fatalf("after delete: %+v", hp)
	}

	// Running builds are listed with null end_time/result.
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	_, hp, raw = getHistory(t, s, base, testBuildJob, url.Values{"offset": {"0"}, "limit": {"1"}})
	if hp.Total != 250 || hp.HistoryRecords[0]["build_number"] != float64(251) || hp.HistoryRecords[0]["end_time"] != nil || hp.HistoryRecords[0]["result"] != nil {
		t.Fatalf("running in history: %s", raw)
	}

	// interval (days) filters by create time.
	_, hp, _ = getHistory(t, s, base, testBuildJob, url.Values{"offset": {"0"}, "limit": {"100"}, "interval": {"0"}})
	if hp.Total != 1 {
		t.Fatalf("interval=0 total %d", hp.Total)
	}
	_, hp, _ = getHistory(t, s, base, testBuildJob, url.Values{"offset": {"0"}, "limit": {"5"}, "interval": {"1"}})
	if hp.Total != 250 || len(hp.HistoryRecords) != 5 {
		t.Fatalf("interval=1: %+v", hp)
	}

	// Invalid paging.
	for _, q := range []url.Values{
		{"limit": {"0"}}, {"limit": {"101"}}, {"limit": {"x"}}, {"offset": {"-1"}}, {"offset": {"1.5"}}, {"interval": {"31"}}, {"interval": {"-1"}},
	} {
		code, _, raw = getHistory(t, s, base, testBuildJob, q)
		assertCodeArtsError(t, code, decodeMap(t, raw), 400, ErrCodeBuildInvalidParam)
	}
	code, _, raw = getHistory(t, s, base, "ffffffffffffffffffffffffffffffff", nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 404, ErrCodeBuildNotFound)
	code, _, raw = getHistory(t, s, base, "short", nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 400, ErrCodeBuildInvalidParam)
}

func TestBuildTriggerValidation(t *testing.T) {
	s, _, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	body := func(params string) string {
		return `{"job_id":"` + testBuildJob + `","parameter":[` + params + `]}`
	}
	param := func(name, value string) string {
		b, _ := json.Marshal(map[string]string{"name": name, "value": value})
		return string(b)
	}
	bad := map[string]string{
		"empty body":        ``,
		"not json":          `{"job_id":`,
		"no job_id":         `{}`,
		"short job_id":      `{"job_id":"0123456789abcdef"}`,
		"upper job_id":      `{"job_id":"0123456789ABCDEF0123456789ABCDEF"}`,
		"dash job_id":       `{"job_id":"0123456789abcdef-123456789abcdef"}`,
		"job_id number":     `{"job_id":12}`,
		"value not string":  body(`{"name":"A","value":1}`),
		"missing value":     body(`{"name":"A"}`),
		"empty name":        body(param("", "x")),
		"dash in name":      body(param("MY-VAR", "x")),
		"space in name":     body(param("MY VAR", "x")),
		"non-ascii name":    body(param("VÄR", "x")),
		"name too long":     body(param(strings.Repeat("A", 129), "x")),
		"value too long":    body(param("A", strings.Repeat("v", 8193))),
		"value too long mb": body(param("A", strings.Repeat("é", 8193))),
	}
	for _, n := range []string{"LD_PRELOAD", "LD_LIBRARY_PATH", "PATH", "BASH_ENV", "GIT_SSH_COMMAND", "path"} {
		bad["forbidden "+n] = body(param("OK", "1") + "," + param(n, "/tmp"))
	}
	for name, b := range bad {
		code, raw := buildCall(t, s, base, "POST", "/v3/jobs/build", b, nil)
		m := decodeMap(t, raw)
		if code != 400 || m["error_code"] != "CB.00060200" || !strings.HasPrefix(m["error_msg"].(string), "Invalid param") || len(m) != 2 {
			t.Errorf("%s: %d %s", name, code, raw)
		}
	}
	if n := s.BuildsStarted(testBuildJob); n != 0 {
		t.Fatalf("invalid requests started %d builds", n)
	}

	// Unknown job: 404 DEVCB.00031006.
	code, raw := buildCall(t, s, base, "POST", "/v3/jobs/build", `{"job_id":"ffffffffffffffffffffffffffffffff"}`, nil)
	assertCodeArtsError(t, code, decodeMap(t, raw), 404, "DEVCB.00031006")

	// Limits are inclusive; Path/ld_preload are not on the (case-sensitive) list.
	ok := body(param(strings.Repeat("A", 128), strings.Repeat("é", 8192)) + "," + param("Path", "x") + "," + param("ld_preload", "y") + "," + param("_x9", ""))
	resp := triggerBuild(t, s, base, ok)
	if resp["actual_build_number"] != "1" || s.BuildsStarted(testBuildJob) != 1 {
		t.Fatalf("valid trigger: %v", resp)
	}
	if v, _ := s.Build(testBuildJob, 1); len(v.Parameters) != 4 || v.Parameters[0].Value != strings.Repeat("é", 8192) {
		t.Fatalf("parameters not kept: %d", len(v.Parameters))
	}
}

func TestBuildNotFoundShapes(t *testing.T) {
	s, _, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)

	unknownJob := "ffffffffffffffffffffffffffffffff"
	for _, path := range []string{
		"/v3/jobs/" + unknownJob + "/1/record-info",
		"/v3/jobs/" + testBuildJob + "/2/record-info",
		"/v1/job/" + unknownJob + "/1/build-info",
		"/v1/job/" + testBuildJob + "/2/build-info",
	} {
		code, raw := buildCall(t, s, base, "GET", path, "", nil)
		assertCodeArtsError(t, code, decodeMap(t, raw), 404, "DEVCB.00031006")
	}
	for _, path := range []string{
		"/v3/jobs/" + testBuildJob + "/abc/record-info",
		"/v3/jobs/" + testBuildJob + "/0/record-info",
		"/v3/jobs/NOTAJOB/1/record-info",
		"/v1/job/" + testBuildJob + "/-1/build-info",
	} {
		code, raw := buildCall(t, s, base, "GET", path, "", nil)
		assertCodeArtsError(t, code, decodeMap(t, raw), 400, "CB.00060200")
	}

	// Out-of-band deletion.
	if code, _ := recordInfo(t, s, base, testBuildJob, 1); code != 200 {
		t.Fatal("build 1 should exist")
	}
	if !s.DeleteBuild(testBuildJob, 1) {
		t.Fatal("DeleteBuild(1) = false")
	}
	code, m := recordInfo(t, s, base, testBuildJob, 1)
	assertCodeArtsError(t, code, m, 404, "DEVCB.00031006")
	code, m = buildInfoCall(t, s, base, testBuildJob, 1)
	assertCodeArtsError(t, code, m, 404, "DEVCB.00031006")
	if _, ok := s.Build(testBuildJob, 1); ok {
		t.Fatal("Build found a deleted build")
	}
	// Numbers are not reused.
	if resp := triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`); resp["actual_build_number"] != "2" {
		t.Fatalf("after delete: %v", resp)
	}
	if s.DeleteBuild(unknownJob, 1) || s.DeleteBuild(testBuildJob, 0) {
		t.Fatal("DeleteBuild of missing build = true")
	}
}

func TestBuildHistory10000IsFast(t *testing.T) {
	s, _, base := newBuildServer(t)
	const n = 10000
	results := make([]string, n)
	for i := range results {
		results[i] = "SUCCESS"
		if i%7 == 0 {
			results[i] = "FAILURE"
		}
	}
	job := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	s.AddBuildJob(job)
	start := time.Now()
	s.AddBuildHistory(job, results)
	if d := time.Since(start); d >= time.Second {
		t.Fatalf("AddBuildHistory(%d) took %v", n, d)
	}
	if got := len(s.Builds(job)); got != n {
		t.Fatalf("Builds = %d", got)
	}

	// Read it all back over HTTP, 100 per page.
	next := n
	for off := 0; off < n; off += 100 {
		code, hp, raw := getHistory(t, s, base, job, url.Values{"offset": {strconv.Itoa(off / 100)}, "limit": {"100"}})
		if code != 200 || hp.Total != n || len(hp.HistoryRecords) != 100 {
			t.Fatalf("offset %d: %d %.300s", off, code, raw)
		}
		for _, r := range hp.HistoryRecords {
			if int(r["build_number"].(float64)) != next || r["result"] != results[next-1] {
				t.Fatalf("offset %d: got %v, want build %d %s", off, r, next, results[next-1])
			}
			next--
		}
	}
	// Record-info and daily numbers of old builds work.
	_, rec := recordInfo(t, s, base, job, 1)
	if rec["status"] != "FAILURE" || rec["finish_time"] == nil || !regexp.MustCompile(`^\d{8}\.\d+$`).MatchString(rec["daily_build_num"].(string)) {
		t.Fatalf("build 1: %v", rec)
	}
	// Appending continues the numbering.
	s.AddBuildHistory(job, []string{"ABORTED"})
	if v, ok := s.Build(job, n+1); !ok || v.Status != "ABORTED" || v.ViaAPI {
		t.Fatalf("appended build: %+v", v)
	}
	if s.BuildsStarted(job) != 0 {
		t.Fatal("history builds counted as started")
	}
}

func TestBuildDemoJobAndEnv(t *testing.T) {
	s, _, base := newBuildServer(t)
	if DemoBuildJobID != seededID("build-job/demo") {
		t.Fatalf("DemoBuildJobID %s != seededID", DemoBuildJobID)
	}
	code, hp, raw := getHistory(t, s, base, DemoBuildJobID, url.Values{"offset": {"0"}, "limit": {"100"}})
	if code != 200 || hp.Total != DemoBuildCount || len(hp.HistoryRecords) != DemoBuildCount {
		t.Fatalf("demo history: %d %s", code, raw)
	}
	var results []string
	for _, r := range hp.HistoryRecords {
		results = append(results, r["result"].(string))
	}
	if strings.Join(results, ",") != "FAILURE,SUCCESS,SUCCESS,FAILURE,SUCCESS" {
		t.Fatalf("demo results newest first: %v", results)
	}
	for no := 1; no <= DemoBuildCount; no++ {
		_, rec := recordInfo(t, s, base, DemoBuildJobID, no)
		if rec["branch"] != "master" || rec["commit"] != DemoBuildCommitID || rec["trigger_type"] != "MANUAL" || rec["repo_name"] != DemoBuildRepoName ||
			rec["finish_time"] == nil || rec["commit_message"] == nil {
			t.Fatalf("demo build %d: %v", no, rec)
		}
		if (rec["status"] == "FAILURE") != (rec["err_msg"] != nil) {
			t.Fatalf("demo build %d err_msg: %v", no, rec)
		}
	}
	found := false
	for _, e := range s.EnvVars(base) {
		if e.Name == "CICD_DEMO_BUILD_JOB_ID" && e.Value == DemoBuildJobID {
			found = true
		}
	}
	if !found {
		t.Fatal("CICD_DEMO_BUILD_JOB_ID not in EnvVars")
	}
	// The demo job is per server: changes on one do not leak to another.
	s.DeleteBuild(DemoBuildJobID, 5)
	s2 := New(Options{})
	if _, ok := s2.Build(DemoBuildJobID, 5); !ok {
		t.Fatal("second server lost demo build 5")
	}
}

func TestBuildTokenAuthAndFaults(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	resp, raw := do(t, nil, tokenReq(t, "POST", base+"/v3/jobs/build", tok, `{"job_id":"`+DemoBuildJobID+`"}`))
	if resp.StatusCode != 200 {
		t.Fatalf("token trigger: %d %s", resp.StatusCode, raw)
	}
	if m := decodeMap(t, raw); m["actual_build_number"] != strconv.Itoa(DemoBuildCount+1) {
		t.Fatalf("token trigger: %s", raw)
	}
	if v, _ := s.Build(DemoBuildJobID, DemoBuildCount+1); v.UserID != DemoUserID || !v.ViaAPI {
		t.Fatalf("user of the build: %+v", v)
	}

	// No credentials: APIG 401, nothing started.
	req, _ := http.NewRequest("POST", base+"/v3/jobs/build", strings.NewReader(`{"job_id":"`+DemoBuildJobID+`"}`))
	resp, raw = do(t, nil, req)
	if m := decodeMap(t, raw); resp.StatusCode != 401 || m["error_code"] != ErrCodeAPIGAuth {
		t.Fatalf("unauthenticated: %d %s", resp.StatusCode, raw)
	}

	// A 200-with-error fault has no side effect.
	s.InjectFault(RouteBuildRun, Fault{Kind: FaultErrorWith200})
	resp, raw = do(t, nil, tokenReq(t, "POST", base+"/v3/jobs/build", tok, `{"job_id":"`+DemoBuildJobID+`"}`))
	if m := decodeMap(t, raw); resp.StatusCode != 200 || m["error_code"] != ErrCodeBuildInternal {
		t.Fatalf("fault: %d %s", resp.StatusCode, raw)
	}
	if n := s.BuildsStarted(DemoBuildJobID); n != 1 {
		t.Fatalf("BuildsStarted = %d after a faulted request", n)
	}
	if s.Count(RouteBuildRun) != 3 {
		t.Fatalf("count %d", s.Count(RouteBuildRun))
	}
	for _, r := range []string{RouteBuildRun, RouteBuildRecordInfo, RouteBuildRecordInfoV1, RouteBuildInfo, RouteBuildStop, RouteBuildHistory, RouteBuildPeriodHistory} {
		if !contains(s.Routes(), r) {
			t.Fatalf("route %q not registered", r)
		}
	}
}

func TestBuildConcurrentTriggers(t *testing.T) {
	s, _, base := newBuildServer(t)
	s.AddBuildJob(testBuildJob)
	const n = 20
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = signedRequest(t, "POST", base, "/v3/jobs/build", `{"job_id":"`+testBuildJob+`"}`, signOpts{date: s.Now()})
	}
	var wg sync.WaitGroup
	nums := make(chan string, n)
	for _, req := range reqs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var m map[string]string
			if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
				t.Error(err)
				return
			}
			nums <- m["actual_build_number"]
		}()
		go func() { // concurrent readers
			defer wg.Done()
			_, _ = s.Build(testBuildJob, 1)
			_ = s.BuildsStarted(testBuildJob)
		}()
	}
	wg.Wait()
	close(nums)
	seen := map[string]bool{}
	for v := range nums {
		seen[v] = true
	}
	if len(seen) != n || s.BuildsStarted(testBuildJob) != n {
		t.Fatalf("build numbers %v, started %d", seen, s.BuildsStarted(testBuildJob))
	}
	for i := 1; i <= n; i++ {
		if !seen[strconv.Itoa(i)] {
			t.Fatalf("missing build %d in %v", i, seen)
		}
	}
}

func TestBuildOutcomeValidation(t *testing.T) {
	s := New(Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("SetBuildOutcome accepted an unknown result")
		}
	}()
	s.SetBuildOutcome(testBuildJob, BuildOutcome{Result: "RUNNING"})
}
