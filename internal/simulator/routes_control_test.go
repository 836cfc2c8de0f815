package simulator

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// control sends a request to the control endpoint with no credentials.
func control(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, raw := do(t, nil, req)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %s: Content-Type %q", method, url, ct)
	}
	return resp.StatusCode, decodeMap(t, raw)
}

func outcomeTargets(t *testing.T, body map[string]any) []string {
	t.Helper()
	list, ok := body["outcomes"].([]any)
	if !ok {
		t.Fatalf("no outcomes list in %v", body)
	}
	out := []string{}
	for _, o := range list {
		out = append(out, o.(map[string]any)["target"].(string))
	}
	return out
}

func TestControlEndpointSetListReset(t *testing.T) {
	s, clk, base := newBuildServer(t)
	url := base + "/_simulator/outcomes"

	// Set one rule, then a list; no CodeArts or Rainbond credentials needed.
	code, body := control(t, "POST", url, `{"target":"build:`+testBuildJob+`","outcome":"fail","message":"lint failed","duration":"1s"}`)
	if code != 200 || !equalJSON(outcomeTargets(t, body), []string{"build:" + testBuildJob}) {
		t.Fatalf("POST one: %d %v", code, body)
	}
	code, body = control(t, "POST", url, `[{"target":"pipeline:*","outcome":"review"},{"target":"deploy:*","duration":"2m"}]`)
	if code != 200 || len(outcomeTargets(t, body)) != 3 {
		t.Fatalf("POST list: %d %v", code, body)
	}
	code, body = control(t, "GET", url, "")
	first := body["outcomes"].([]any)[0].(map[string]any)
	if code != 200 || first["status"] != "FAILURE" || first["message"] != "lint failed" || first["duration"] != "1s" {
		t.Fatalf("GET: %d %v", code, body)
	}

	// The rule reaches the Build API: the job exists and its build fails.
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	clk.Advance(time.Second)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "FAILURE" || rec["err_msg"] != "lint failed" {
		t.Fatalf("build after POST: %v", rec)
	}

	// Reset one target, then everything.
	code, body = control(t, "DELETE", url+"?target=deploy:*", "")
	if code != 200 || !equalJSON(outcomeTargets(t, body), []string{"build:" + testBuildJob, "pipeline:*"}) {
		t.Fatalf("DELETE one: %d %v", code, body)
	}
	code, body = control(t, "DELETE", url, "")
	if code != 200 || len(outcomeTargets(t, body)) != 0 {
		t.Fatalf("DELETE all: %d %v", code, body)
	}
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	clk.Advance(DefaultBuildDuration)
	if _, rec := recordInfo(t, s, base, testBuildJob, 2); rec["status"] != "SUCCESS" {
		t.Fatalf("build after DELETE: %v", rec)
	}

	// The control endpoint is no API: not counted, recorded or listed.
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, ControlPath) {
			t.Fatalf("control request recorded: %s %s", r.Method, r.Path)
		}
	}
	for _, r := range s.Routes() {
		if strings.Contains(r, ControlPath) {
			t.Fatalf("Routes lists the control route %s", r)
		}
	}
}

func TestControlEndpointBadInput(t *testing.T) {
	s, base := newTestServer(t, Options{})
	url := base + "/_simulator/outcomes"
	for _, tc := range []struct {
		method, url, body string
		status            int
		want              string
	}{
		{"POST", url, `{"target":"job:x","outcome":"fail"}`, 400, `unknown kind "job"`},
		{"POST", url, `{"target":"build:*","outcome":"boom"}`, 400, `unknown outcome "boom"`},
		{"POST", url, `{"target":"build:*","duration":"soon"}`, 400, `duration "soon" is not a duration`},
		{"POST", url, `{"target":"build:*","duration":90}`, 400, `the body is not a rule such as`},
		{"POST", url, `{"target":"build:*","outcom":"fail"}`, 400, `unknown field "outcom"`},
		{"POST", url, `[{"target":"build:*","outcome":"fail"},{"target":"deploy:*","queue":"1m"}]`, 400, `deployments do not queue`},
		{"POST", url, ``, 400, `the body is empty`},
		{"POST", url, `{"target":"build:*"} {}`, 400, `trailing data`},
		{"DELETE", url + "?target=build:" + DemoBuildJobID, "", 404, `no scripted outcome for that target`},
		{"DELETE", url + "?target=nope", "", 400, `want KIND:ID`},
		{"PUT", url, `{}`, 405, `answers GET, POST and DELETE`},
		{"GET", base + "/_simulator/other", "", 404, `is not a control route`},
		{"POST", base + "/_simulator/reviews/pass?pipeline_run_id=ffff", "", 409, `pipeline run ffff does not wait for a review`},
		{"POST", base + "/_simulator/reviews/refuse", "", 409, `no pipeline run waits for a review`},
		{"GET", base + "/_simulator/reviews/pass", "", 404, `is not a control route`},
	} {
		code, body := control(t, tc.method, tc.url, tc.body)
		msg, _ := body["error"].(string)
		if code != tc.status || len(body) != 1 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s %s %s: %d %v, want %d {\"error\": ...%s...}", tc.method, tc.url, tc.body, code, body, tc.status, tc.want)
		}
	}
	// Nothing was applied by the refused list.
	if got := s.Scripts(); len(got) != 0 {
		t.Fatalf("scripts after bad input: %v", got)
	}
}

func TestControlEndpointPassesAReview(t *testing.T) {
	e := newRunsEnv(t)
	p := e.newPipeline("control-review")
	other := e.newPipeline("control-review-other")
	if code, body := control(t, "POST", e.base+"/_simulator/outcomes", `{"target":"pipeline:*","outcome":"review"}`); code != 200 {
		t.Fatalf("POST: %d %v", code, body)
	}
	id, otherID := e.startOK(p), e.startOK(other)
	if code, body := control(t, "POST", e.base+"/_simulator/reviews/pass", ""); code != 409 || !strings.Contains(body["error"].(string), "no pipeline run waits for a review") {
		t.Fatalf("pass before the review: %d %v", code, body)
	}
	e.clock.Advance(time.Hour)
	code, body := control(t, "POST", e.base+"/_simulator/reviews/pass?pipeline_id="+p, "")
	if code != 200 || !equalJSON(body["pipeline_runs"], []reviewedRun{{PipelineID: p, RunID: id, Status: RunRunning}}) {
		t.Fatalf("pass: %d %v", code, body)
	}
	e.clock.Advance(time.Hour)
	if got, still := e.detail(p, id)["status"], e.detail(other, otherID)["status"]; got != "COMPLETED" || still != "PAUSED" {
		t.Fatalf("after passing pipeline %s: its run %v, the other pipeline's %v", p, got, still)
	}
	code, body = control(t, "POST", e.base+"/_simulator/reviews/refuse", "")
	if code != 200 || !equalJSON(body["pipeline_runs"], []reviewedRun{{PipelineID: other, RunID: otherID, Status: RunFailed}}) {
		t.Fatalf("refuse: %d %v", code, body)
	}
}
