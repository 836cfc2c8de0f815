package simulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	rbSvcPath    = "/openapi/v1/teams/" + DemoRainbondTeamID + "/regions/" + DemoRainbondRegion + "/apps/1/services/" + DemoRainbondServiceID
	rbBuildRoute = "POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build"
)

// rbCall sends a Rainbond request with the demo token ("" = no token).
func rbCall(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, b := do(t, nil, req)
	return resp.StatusCode, decodeMap(t, b)
}

type rbEnv struct {
	s     *Server
	base  string
	clock *ManualClock
}

func newRBEnv(t *testing.T) *rbEnv {
	clock := NewManualClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	s, base := newTestServer(t, Options{Clock: clock})
	return &rbEnv{s: s, base: base, clock: clock}
}

func (e *rbEnv) build(t *testing.T, body string) (int, map[string]any) {
	return rbCall(t, "POST", e.base+rbSvcPath+"/build", DemoRainbondToken, body)
}

func (e *rbEnv) events(t *testing.T, query string) (int, map[string]any) {
	return rbCall(t, "GET", e.base+rbSvcPath+"/events"+query, DemoRainbondToken, "")
}

// rows returns the events of a list body.
func rows(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	list, ok := body["events"].([]any)
	if !ok {
		t.Fatalf("no events list in %v", body)
	}
	var out []map[string]any
	for _, r := range list {
		out = append(out, r.(map[string]any))
	}
	return out
}

func find(rs []map[string]any, key, id string) map[string]any {
	for _, r := range rs {
		if r[key] == id {
			return r
		}
	}
	return nil
}

func TestRainbondBuildAcceptedAndCompletes(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{Duration: time.Minute, LogLines: []string{"a", "b", "c", "Build success"}})
	code, body := e.build(t, "")
	if code != 200 || len(body) != 1 {
		t.Fatalf("%d %v: want 200 with a bare {\"event_id\"}", code, body)
	}
	id, _ := body["event_id"].(string)
	if len(id) != 32 || e.s.RainbondBuildsAccepted(DemoRainbondServiceID) != 1 {
		t.Fatalf("event id %q, accepted %d", id, e.s.RainbondBuildsAccepted(DemoRainbondServiceID))
	}

	code, list := e.events(t, "")
	if code != 200 || list["total"].(float64) != 4 || list["page"].(float64) != 1 || list["page_size"].(float64) != 10 {
		t.Fatalf("%d %v", code, list)
	}
	rs := rows(t, list)
	first := rs[0]
	if first["event_id"] != id {
		t.Fatalf("newest first: %v", first)
	}
	for _, k := range []string{"event_id", "user_name", "end_time", "target", "opt_type", "target_id", "service_id", "status", "request_body", "create_time", "final_status", "start_time", "syn_type", "message", "tenant_id"} {
		if _, ok := first[k].(string); !ok {
			t.Errorf("field %s = %#v, want a string", k, first[k])
		}
	}
	if first["opt_type"] != "build-service" || first["status"] != "" || first["final_status"] != "" || first["end_time"] != "" ||
		first["user_name"] != DemoRainbondUserName || first["syn_type"] != "0" || first["start_time"] != "2025-03-01T17:00:00+08:00" {
		t.Errorf("running row %v", first)
	}

	// Logs grow while running.
	logsURL := e.base + "/openapi/v1/teams/" + DemoRainbondTeamID + "/regions/" + DemoRainbondRegion + "/events/" + id + "/logs"
	e.clock.Advance(30 * time.Second)
	_, lb := rbCall(t, "GET", logsURL, DemoRainbondToken, "")
	if n := len(lb["logs"].([]any)); n != 2 {
		t.Errorf("half-way logs: %d lines, want 2", n)
	}

	e.clock.Advance(31 * time.Second)
	_, list = e.events(t, "")
	rs = rows(t, list)
	build := find(rs, "event_id", id)
	if build["final_status"] != "complete" || build["status"] != "success" || build["end_time"] != "2025-03-01T17:01:00+08:00" {
		t.Errorf("finished row %v", build)
	}
	// The rollout (build_upgrade) is a new, newer event.
	if rs[0]["opt_type"] != "upgrade" || rs[0]["user_name"] != "" || rs[0]["event_id"] == id || list["total"].(float64) != 5 {
		t.Errorf("rollout: %v", rs[0])
	}
	_, lb = rbCall(t, "GET", logsURL, DemoRainbondToken, "")
	lines := lb["logs"].([]any)
	if len(lines) != 4 {
		t.Fatalf("logs %v", lines)
	}
	last := lines[3].(map[string]any)
	if last["message"] != "Build success" || last["time"] == "" || last["utime"].(float64) == 0 {
		t.Errorf("last line %v", last)
	}
	// Unknown event: empty logs.
	_, lb = rbCall(t, "GET", strings.Replace(logsURL, id, "nope", 1), DemoRainbondToken, "")
	if len(lb["logs"].([]any)) != 0 {
		t.Errorf("unknown event logs %v", lb)
	}
}

func TestRainbondBuildFailureAndNoRollout(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{Status: "failure", Duration: time.Second})
	_, body := e.build(t, "{}")
	id := body["event_id"].(string)
	e.clock.Advance(2 * time.Second)
	_, list := e.events(t, "")
	rs := rows(t, list)
	if rs[0]["event_id"] != id || rs[0]["status"] != "failure" || rs[0]["final_status"] != "complete" || rs[0]["message"] != "build failed" {
		t.Errorf("%v", rs[0])
	}
	if find(rs, "opt_type", "upgrade")["event_id"] != "c1d2e3f4a5b6478899aabbccddeeff00" {
		t.Error("a failed build must not roll out")
	}
}

func TestRainbondBuildLateRow(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{RowDelayPolls: 2, RowDelay: 5 * time.Second, Duration: time.Minute})
	_, body := e.build(t, "")
	id := body["event_id"].(string)
	for i := 0; i < 2; i++ {
		_, list := e.events(t, "")
		if find(rows(t, list), "event_id", id) != nil || list["total"].(float64) != 3 {
			t.Fatalf("poll %d: the row must not be listed yet (nor counted)", i+1)
		}
	}
	// Polls are used up, but the time delay still holds.
	_, list := e.events(t, "")
	if find(rows(t, list), "event_id", id) != nil {
		t.Fatal("row listed before RowDelay")
	}
	e.clock.Advance(5 * time.Second)
	_, list = e.events(t, "")
	if r := find(rows(t, list), "event_id", id); r == nil || r["final_status"] != "" {
		t.Fatalf("row after the delay: %v", r)
	}
	// A build attempted meanwhile is refused: the hidden event is unfinished.
	if code, _ := e.build(t, ""); code != 409 {
		t.Errorf("build during a hidden build: %d, want 409", code)
	}
}

func TestRainbondBuildTimeoutThenComplete(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{TimeoutAfter: 3 * time.Minute, Duration: 5 * time.Minute, NoRollout: true})
	_, body := e.build(t, "")
	id := body["event_id"].(string)
	status := func() (string, string) {
		_, list := e.events(t, "")
		r := find(rows(t, list), "event_id", id)
		return r["final_status"].(string), r["status"].(string)
	}
	if fs, st := status(); fs != "" || st != "" {
		t.Fatalf("start: %q %q", fs, st)
	}
	e.clock.Advance(3 * time.Minute)
	if fs, st := status(); fs != "timeout" || st != "" {
		t.Fatalf("after 3m: final_status %q status %q, want timeout and \"\"", fs, st)
	}
	e.clock.Advance(2 * time.Minute)
	if fs, st := status(); fs != "complete" || st != "success" {
		t.Fatalf("after 5m: %q %q, want complete/success (timeout is not final)", fs, st)
	}
}

func TestRainbondBuildTooFrequent(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{Duration: 10 * time.Minute})
	if code, _ := e.build(t, ""); code != 200 {
		t.Fatal(code)
	}
	first := e.s.RainbondEvents(DemoRainbondServiceID)[0].EventID
	code, body := e.build(t, "")
	if code != 409 || body["code"].(float64) != 409 || body["msg"] != "操作过于频繁，请稍后再试" || body["msg_show"] != "操作过于频繁，请稍后再试" {
		t.Fatalf("%d %v", code, body)
	}
	if _, ok := body["data"].(map[string]any); !ok {
		t.Error("ServiceHandleException body has data")
	}
	if n := e.s.RainbondBuildsAccepted(DemoRainbondServiceID); n != 1 {
		t.Fatalf("accepted %d: a refused build must not be accepted", n)
	}
	// After 3 minutes the open event is marked timeout and a new build goes through.
	e.clock.Advance(3*time.Minute + time.Second)
	if code, _ := e.build(t, ""); code != 200 {
		t.Fatalf("after 3m: %d", code)
	}
	evs := e.s.RainbondEvents(DemoRainbondServiceID)
	if evs[1].EventID != first || evs[1].FinalStatus != "timeout" {
		t.Errorf("stale event %+v", evs[1])
	}

	// Forced refusals.
	e2 := newRBEnv(t)
	e2.s.SetRainbondTooFrequent(2)
	for i := 0; i < 2; i++ {
		if code, _ := e2.build(t, ""); code != 409 {
			t.Fatalf("forced %d: %d", i, code)
		}
	}
	if code, _ := e2.build(t, ""); code != 200 || e2.s.RainbondBuildsAccepted(DemoRainbondServiceID) != 1 {
		t.Fatalf("after the forced refusals: %d", code)
	}
	// The rollout of a finished build also blocks builds until it ends.
	e2.clock.Advance(2 * time.Second) // default build: 2s, then a 1s rollout
	if code, _ := e2.build(t, ""); code != 409 {
		t.Errorf("during rollout: %d, want 409", code)
	}
	e2.clock.Advance(time.Second)
	if code, _ := e2.build(t, ""); code != 200 {
		t.Errorf("after rollout: %d", code)
	}
}

func TestRainbondBuildValidation(t *testing.T) {
	e := newRBEnv(t)
	cases := []struct {
		body   string
		fields map[string]string
	}{
		{`{"build_type":"jar"}`, map[string]string{"build_type": `"jar" is not a valid choice.`}},
		{`{"server_type":"hg"}`, map[string]string{"server_type": `"hg" is not a valid choice.`}},
		{`{"build_type":""}`, map[string]string{"build_type": `"" is not a valid choice.`}},
		{`{"branch":"","repo_url":" "}`, map[string]string{"branch": "This field may not be blank.", "repo_url": "This field may not be blank."}},
		{`{"username":""}`, map[string]string{"username": "This field may not be blank."}},
		{`{"password":["x"]}`, map[string]string{"password": "Not a valid string."}},
		{`{"branch":"` + strings.Repeat("b", 256) + `"}`, map[string]string{"branch": "Ensure this field has no more than 255 characters."}},
		{`[1]`, map[string]string{"non_field_errors": "Invalid data. Expected a dictionary, but got array."}},
	}
	for _, tc := range cases {
		code, body := e.build(t, tc.body)
		if code != 400 || body["code"].(float64) != 20400 || body["error_type"] != "ValidationError" || body["detail"] != "参数错误" {
			t.Errorf("%s: %d %v", tc.body, code, body)
			continue
		}
		errs := body["err"].(map[string]any)
		if len(errs) != len(tc.fields) {
			t.Errorf("%s: err %v", tc.body, errs)
		}
		for f, msg := range tc.fields {
			if l, _ := errs[f].([]any); len(l) != 1 || l[0] != msg {
				t.Errorf("%s: err[%s] = %v, want [%q]", tc.body, f, errs[f], msg)
			}
		}
	}
	if code, body := e.build(t, `{"branch":`); code != 400 || body["error_type"] != "ParseError" {
		t.Errorf("bad JSON: %d %v", code, body)
	}
	// Nulls are allowed; valid enums are accepted (and ignored).
	if code, body := e.build(t, `{"build_type":"source_code","server_type":"git","branch":null,"repo_url":null}`); code != 200 {
		t.Errorf("valid body: %d %v", code, body)
	}
	if e.s.RainbondBuildsAccepted(DemoRainbondServiceID) != 1 {
		t.Error("only the valid body may start a build")
	}
}

func TestRainbondBuildSavesSource(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{Duration: time.Second, NoRollout: true})
	if code, b := e.build(t, `{"repo_url":"https://git.example.com/team/app.git","branch":"release","username":"ci","password":"pw"}`); code != 200 {
		t.Fatal(code, b)
	}
	src, _ := e.s.RainbondComponentSource(DemoRainbondServiceID)
	if src.GitURL != "https://git.example.com/team/app.git" || src.CodeVersion != "release" || *src.UserName != "ci" || *src.Password != "pw" {
		t.Errorf("%+v", src)
	}
	// A later build with repo_url but no credentials clears them (None);
	// an omitted branch is "master".
	e.clock.Advance(2 * time.Second)
	if code, b := e.build(t, `{"repo_url":"https://git.example.com/team/app2.git"}`); code != 200 {
		t.Fatal(code, b)
	}
	src, _ = e.s.RainbondComponentSource(DemoRainbondServiceID)
	if src.GitURL != "https://git.example.com/team/app2.git" || src.CodeVersion != "master" || src.UserName != nil || src.Password != nil {
		t.Errorf("%+v", src)
	}
	// Without repo_url nothing is stored.
	e.clock.Advance(2 * time.Second)
	if code, _ := e.build(t, `{"branch":"dev","username":"x"}`); code != 200 {
		t.Fatal(code)
	}
	if src2, _ := e.s.RainbondComponentSource(DemoRainbondServiceID); src2.CodeVersion != "master" || src2.UserName != nil {
		t.Errorf("%+v", src2)
	}
	// Image components store repo_url as the image; branch is ignored.
	url := e.base + strings.Replace(strings.Replace(rbSvcPath, "/apps/1/", "/apps/2/", 1), DemoRainbondServiceID, DemoRainbondImageServiceID, 1) + "/build"
	if code, b := rbCall(t, "POST", url, DemoRainbondToken, `{"repo_url":"registry.example.com/web:2.1","branch":"x"}`); code != 200 {
		t.Fatal(code, b)
	}
	if src, _ := e.s.RainbondComponentSource(DemoRainbondImageServiceID); src.Image != "registry.example.com/web:2.1" || src.ServiceSource != "docker_image" {
		t.Errorf("%+v", src)
	}
	// A refused build still saves the source (the console saves first).
	e.s.InjectRainbondBuildError(DemoRainbondServiceID, 507, 1)
	e.clock.Advance(2 * time.Second)
	if code, _ := e.build(t, `{"repo_url":"https://git.example.com/team/app3.git"}`); code != 507 {
		t.Fatal(code)
	}
	if src, _ := e.s.RainbondComponentSource(DemoRainbondServiceID); src.GitURL != "https://git.example.com/team/app3.git" {
		t.Errorf("%+v", src)
	}
}

func TestRainbondBuildErrors(t *testing.T) {
	e := newRBEnv(t)
	path := func(team, region, app, svc string) string {
		return fmt.Sprintf("%s/openapi/v1/teams/%s/regions/%s/apps/%s/services/%s/build", e.base, team, region, app, svc)
	}
	cases := []struct {
		name, url, token string
		status, code     int
		msg              string
	}{
		{"no token", path(DemoRainbondTeamID, DemoRainbondRegion, "1", DemoRainbondServiceID), "", 401, 401, "No token"},
		{"bad token", path(DemoRainbondTeamID, DemoRainbondRegion, "1", DemoRainbondServiceID), "nope", 401, 401, "No such user"},
		{"unknown team", path("nosuchteam", DemoRainbondRegion, "1", DemoRainbondServiceID), DemoRainbondToken, 404, 404, "no found team"},
		{"unknown region", path(DemoRainbondTeamID, "mars", "1", DemoRainbondServiceID), DemoRainbondToken, 404, 3000, "the region is not found"},
		{"team not opened in region", path(DemoRainbondTeamID, DemoRainbondOtherRegion, "1", DemoRainbondServiceID), DemoRainbondToken, 409, 2001, "the team is not opened in this region"},
		{"unknown app", path(DemoRainbondTeamID, DemoRainbondRegion, "99", DemoRainbondServiceID), DemoRainbondToken, 404, 404, "no found app"},
		{"unknown component", path(DemoRainbondTeamID, DemoRainbondRegion, "1", "nosuchcomponent"), DemoRainbondToken, 404, 404, "no found component"},
		{"component of another app", path(DemoRainbondTeamID, DemoRainbondRegion, "2", DemoRainbondServiceID), DemoRainbondToken, 404, 404, "component not belong to this app"},
	}
	for _, tc := range cases {
		code, body := rbCall(t, "POST", tc.url, tc.token, "")
		if code != tc.status || body["code"].(float64) != float64(tc.code) || !strings.Contains(fmt.Sprint(body["msg"]), tc.msg) {
			t.Errorf("%s: %d %v", tc.name, code, body)
		}
	}
	// By team name and component alias: accepted.
	if code, b := rbCall(t, "POST", path(DemoRainbondTeamName, DemoRainbondRegion, "1", DemoRainbondServiceAlias), DemoRainbondToken, ""); code != 200 {
		t.Fatalf("by name/alias: %d %v", code, b)
	}
	e.clock.Advance(time.Hour)

	// Region refusals.
	for _, tc := range []struct {
		status, code int
		msg          string
	}{
		{412, RainbondCodeNoResources, "cluster resource not enough"},
		{507, 507, "构建异常"},
		{500, 10401, "version already exists"},
	} {
		e.s.InjectRainbondBuildError(DemoRainbondServiceID, tc.status, 1)
		code, body := e.build(t, "")
		if code != tc.status || body["code"].(float64) != float64(tc.code) || body["msg"] != tc.msg {
			t.Errorf("%d: %d %v", tc.status, code, body)
		}
	}
	if n := e.s.RainbondBuildsAccepted(DemoRainbondServiceID); n != 1 {
		t.Errorf("accepted %d, want 1", n)
	}
	if code, _ := e.build(t, ""); code != 200 {
		t.Errorf("after the injected errors: %d", code)
	}
	// The events and logs routes resolve the same way.
	if code, body := rbCall(t, "GET", strings.Replace(path(DemoRainbondTeamID, DemoRainbondOtherRegion, "1", DemoRainbondServiceID), "/build", "/events", 1), DemoRainbondToken, ""); code != 409 || body["code"].(float64) != 2001 {
		t.Errorf("events in unopened region: %d %v", code, body)
	}
	if code, body := rbCall(t, "GET", e.base+"/openapi/v1/teams/nosuchteam/regions/"+DemoRainbondRegion+"/events/x/logs", DemoRainbondToken, ""); code != 404 || body["msg"] != "no found team" {
		t.Errorf("logs of unknown team: %d %v", code, body)
	}
	if e.s.Count(rbBuildRoute) == 0 {
		t.Error("route counter")
	}
}

func TestRainbondEventsPagingAndCamelCase(t *testing.T) {
	e := newRBEnv(t)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 25; i++ {
		e.s.AddRainbondEvent(DemoRainbondServiceID, RainbondEvent{EventID: fmt.Sprintf("ev%02d", i), Status: "success", FinalStatus: "complete",
			StartTime: start.Add(time.Duration(i) * time.Minute), EndTime: start.Add(time.Duration(i)*time.Minute + 30*time.Second)})
	}
	_, p1 := e.events(t, "?page=1&page_size=10")
	_, p3 := e.events(t, "?page=3&page_size=10")
	_, p9 := e.events(t, "?page=9&page_size=10")
	if p1["total"].(float64) != 28 || len(rows(t, p1)) != 10 || len(rows(t, p3)) != 8 || len(rows(t, p9)) != 0 {
		t.Fatalf("paging: %v / %v / %v", p1["total"], len(rows(t, p3)), len(rows(t, p9)))
	}
	if rows(t, p1)[0]["event_id"] != "ev24" || rows(t, p3)[7]["event_id"] != "9b0c5a4e2f3d4c1b8a7e6d5c4b3a2910" {
		t.Errorf("order: %v … %v", rows(t, p1)[0]["event_id"], rows(t, p3)[7]["event_id"])
	}
	if code, body := e.events(t, "?page=x"); code != 500 || body["code"].(float64) != 10401 {
		t.Errorf("non-integer page: %d %v", code, body)
	}

	e.s.UseCamelCaseEvents(true)
	_, p1 = e.events(t, "?page=1&page_size=2")
	r := rows(t, p1)[0]
	for _, k := range []string{"EventID", "UserName", "EndTime", "Target", "OptType", "TargetID", "ServiceID", "Status", "RequestBody", "create_time", "FinalStatus", "StartTime", "SynType", "Message", "TenantID", "ID"} {
		if _, ok := r[k].(string); !ok {
			t.Errorf("CamelCase row lacks string %s: %v", k, r)
		}
	}
	if r["EventID"] != "ev24" || r["FinalStatus"] != "complete" || r["event_id"] != nil {
		t.Errorf("%v", r)
	}
	if p1["total"].(float64) != 28 || p1["page_size"].(float64) != 2 {
		t.Errorf("envelope keys stay snake_case: %v", p1)
	}

	if !e.s.DeleteRainbondEvent("ev24") || e.s.DeleteRainbondEvent("ev24") {
		t.Error("delete")
	}
	e.s.UseCamelCaseEvents(false)
	_, p1 = e.events(t, "")
	if rows(t, p1)[0]["event_id"] != "ev23" || p1["total"].(float64) != 27 {
		t.Errorf("after delete: %v", rows(t, p1)[0])
	}
}

func TestRainbondBuildCompleteAfterPolls(t *testing.T) {
	e := newRBEnv(t)
	e.s.SetRainbondBuildOutcome(DemoRainbondServiceID, RainbondBuildOutcome{Duration: time.Millisecond, CompleteAfterPolls: 2, NoRollout: true})
	_, body := e.build(t, "")
	id := body["event_id"].(string)
	e.clock.Advance(time.Second)
	var seen []string
	for i := 0; i < 3; i++ {
		_, list := e.events(t, "")
		seen = append(seen, find(rows(t, list), "event_id", id)["final_status"].(string))
	}
	// Shown running to exactly CompleteAfterPolls reads, complete on the next.
	if strings.Join(seen, ",") != ",,complete" {
		t.Errorf("final_status by poll: %q", seen)
	}
}
