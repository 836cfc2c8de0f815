package simulator

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

const testDeployTask = "0123456789abcdef0123456789ABCDEF"

var deployTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)

func newDeployServer(t *testing.T) (*Server, *ManualClock, string) {
	t.Helper()
	clk := NewManualClock(time.Date(2026, 11, 22, 3, 4, 5, 0, time.UTC))
	s, base := newTestServer(t, Options{Clock: clk})
	s.AddDeployTask(testDeployTask)
	return s, clk, base
}

func deployState(t *testing.T, s *Server, base, task, record string) (int, map[string]any) {
	t.Helper()
	code, raw := buildCall(t, s, base, "GET", "/v2/tasks/"+task+"/state", "", url.Values{"record_id": {record}})
	return code, decodeMap(t, raw)
}

func stepsOf(t *testing.T, m map[string]any) []map[string]any {
	t.Helper()
	res := m["result"].(map[string]any)
	var out []map[string]any
	for _, s := range res["step_state"].([]any) {
		step := s.(map[string]any)
		for k, v := range step {
			if _, ok := v.(string); !ok {
				t.Fatalf("StepInfo.%s is %T, the pages type every member as a String", k, v)
			}
		}
		out = append(out, step)
	}
	return out
}

func TestDeployStartStateTransitions(t *testing.T) {
	s, clk, base := newDeployServer(t)
	s.SetDeployOutcome(testDeployTask, DeployOutcome{Steps: []DeployStepSpec{
		{Name: "Stop service", Duration: 10 * time.Second}, {Name: "Start service", Duration: 20 * time.Second}}})
	code, raw := buildCall(t, s, base, "POST", "/v2/tasks/"+testDeployTask+"/start",
		`{"params":[{"key":"version","value":"1.2.3","type":"text"},{"key":"db.password","value":"s3cr3t!","type":"encrypt"}],"trigger_source":"0"}`, nil)
	if code != http.StatusOK {
		t.Fatalf("start: %d %s", code, raw)
	}
	m := decodeMap(t, raw)
	rec, _ := m["id"].(string)
	if !validDeployID(rec) || m["task_id"] != testDeployTask || !strings.HasPrefix(m["job_name"].(string), "job_"+rec+"_") {
		t.Fatalf("start response: %s", raw)
	}
	if comps := m["app_component_list"].([]any); len(comps) != 1 || comps[0].(map[string]any)["state"] != "0" {
		t.Fatalf("app_component_list: %s", raw)
	}
	v, ok := s.DeployRecord(testDeployTask, rec)
	if !ok || len(v.Params) != 2 || v.Params[1] != (DeployParam{"db.password", "s3cr3t!", "encrypt"}) || v.TriggerSource != "0" {
		t.Fatalf("recorded params: %+v", v)
	}
	if s.DeploysStarted(testDeployTask) != 1 {
		t.Fatal("DeploysStarted")
	}

	clk.Advance(15 * time.Second)
	code, st := deployState(t, s, base, testDeployTask, rec)
	res := st["result"].(map[string]any)
	if code != 200 || st["status"] != "success" || res["status"] != "running" || res["step"] != "running" || res["end_time"] != "" {
		t.Fatalf("running state: %v", st)
	}
	if !deployTimeRE.MatchString(res["start_time"].(string)) {
		t.Fatalf("start_time %v", res["start_time"])
	}
	steps := stepsOf(t, st)
	if steps[0]["offset"] != "1" || steps[1]["current_offset"] != "2" || steps[0]["elapsed_time"] != "10000" || steps[1]["elapsed_time"] != "5000" {
		t.Fatalf("steps while running: %v", steps)
	}

	clk.Advance(15 * time.Second)
	_, st = deployState(t, s, base, testDeployTask, rec)
	res = st["result"].(map[string]any)
	if res["status"] != "succeeded" || res["step"] != "finish" || !deployTimeRE.MatchString(res["end_time"].(string)) {
		t.Fatalf("finished state: %v", st)
	}
}

func TestDeployFailureStopAndNotFound(t *testing.T) {
	s, clk, base := newDeployServer(t)
	s.SetDeployOutcome(testDeployTask, DeployOutcome{Result: "failed", FailAt: 2, FAQURL: "https://faq.example/42"})
	_, raw := buildCall(t, s, base, "POST", "/v2/tasks/"+testDeployTask+"/start", `{"params":[]}`, nil)
	rec := decodeMap(t, raw)["id"].(string)
	clk.Advance(time.Minute)
	_, st := deployState(t, s, base, testDeployTask, rec)
	steps := stepsOf(t, st)
	if st["result"].(map[string]any)["status"] != "failed" || steps[1]["faq_url"] != "https://faq.example/42" || steps[0]["current_offset"] != "2" || steps[2]["elapsed_time"] != "0" {
		t.Fatalf("failed state: %v", st)
	}
	if v, _ := s.DeployRecord(testDeployTask, rec); v.Steps[1].Status != "failed" || v.Steps[2].Status != "skipped" {
		t.Fatalf("view: %+v", v.Steps)
	}

	// Stop: a running record ends failed at once; a finished one cannot be stopped.
	s.SetDeployOutcome(testDeployTask, DeployOutcome{Steps: []DeployStepSpec{{Name: "Long", Duration: time.Hour}}})
	_, raw = buildCall(t, s, base, "POST", "/v2/tasks/"+testDeployTask+"/start", ``, nil)
	rec2 := decodeMap(t, raw)["id"].(string)
	stopPath := fmt.Sprintf("/v2/tasks/%s/records/%s/stop", testDeployTask, rec2)
	code, raw := buildCall(t, s, base, "PUT", stopPath, "", nil)
	if m := decodeMap(t, raw); code != 200 || m["status"] != "success" || m["result"].(map[string]any)["id"] != rec2 {
		t.Fatalf("stop: %d %s", code, raw)
	}
	if v, _ := s.DeployRecord(testDeployTask, rec2); !v.Stopped || v.Status != "failed" {
		t.Fatalf("stopped view: %+v", v)
	}
	code, raw = buildCall(t, s, base, "PUT", stopPath, "", nil)
	if m := decodeMap(t, raw); code != 200 || m["status"] != "error" || m["error_code"] != ErrCodeDeployInvalidParam {
		t.Fatalf("second stop: %d %s", code, raw)
	}

	// Vanished record and unknown task: HTTP 200 errors with the documented codes.
	s.DeleteDeployRecord(testDeployTask, rec)
	code, m := deployState(t, s, base, testDeployTask, rec)
	if code != 200 || m["status"] != "error" || m["error_code"] != ErrCodeDeployRecordNotFound {
		t.Fatalf("vanished record: %d %v", code, m)
	}
	code, m = deployState(t, s, base, "ffffffffffffffffffffffffffffffff", rec)
	if code != 200 || m["error_code"] != ErrCodeDeployTaskNotFound {
		t.Fatalf("unknown task: %d %v", code, m)
	}
}

func TestDeployStartValidation(t *testing.T) {
	s, _, base := newDeployServer(t)
	start := func(task, body string) (int, map[string]any) {
		code, raw := buildCall(t, s, base, "POST", "/v2/tasks/"+task+"/start", body, nil)
		return code, decodeMap(t, raw)
	}
	bad := map[string]string{
		"type missing":        `{"params":[{"key":"a","value":"b"}]}`,
		"type unknown":        `{"params":[{"key":"a","value":"b","type":"secret"}]}`,
		"key charset":         `{"params":[{"key":"a b","value":"b","type":"text"}]}`,
		"key too long":        `{"params":[{"key":"` + strings.Repeat("k", 129) + `","value":"b","type":"text"}]}`,
		"value too long":      `{"params":[{"key":"a","value":"` + strings.Repeat("v", 8193) + `","type":"text"}]}`,
		"template sequence":   `{"params":[{"key":"a","value":"x{{y","type":"text"}]}`,
		"comment sequence":    `{"params":[{"key":"a","value":"x{#y","type":"encrypt"}]}`,
		"trigger_source":      `{"trigger_source":"2"}`,
		"record_id format":    `{"record_id":"abc"}`,
		"wrong type":          `{"params":"x"}`,
		"trigger_source type": `{"trigger_source":1}`,
	}
	for name, body := range bad {
		code, m := start(testDeployTask, body)
		if code != 400 || m["error_code"] != ErrCodeDeployInvalidParam {
			t.Errorf("%s: %d %v", name, code, m)
		}
		if strings.Contains(fmt.Sprint(m), "x{#y") {
			t.Errorf("%s: the error echoes the value: %v", name, m)
		}
	}
	if code, m := start("ffffffffffffffffffffffffffffffff", `{}`); code != 400 || m["error_code"] != ErrCodeDeployTaskNotFound {
		t.Errorf("unknown task: %d %v", code, m)
	}
	if code, m := start(testDeployTask, `{"record_id":"ffffffffffffffffffffffffffffffff"}`); code != 400 || m["error_code"] != ErrCodeDeployRecordNotFound {
		t.Errorf("unknown rollback record: %d %v", code, m)
	}
	s.SetDeployOutcome(testDeployTask, DeployOutcome{RejectCode: "Deploy.00011101", RejectMsg: "The application is being deployed"})
	if code, m := start(testDeployTask, `{}`); code != 200 || m["error_code"] != "Deploy.00011101" || len(m) != 2 {
		t.Errorf("rejection: %d %v", code, m)
	}
	if n := s.DeploysStarted(testDeployTask); n != 0 {
		t.Fatalf("invalid starts started %d deployments", n)
	}
	// Content-Type is mandatory.
	req := tokenReq(t, "GET", base+"/v2/tasks/"+testDeployTask+"/state", issueToken(t, base), "")
	req.Header.Del("Content-Type")
	resp, raw := do(t, nil, req)
	if m := decodeMap(t, raw); resp.StatusCode != 400 || m["error_code"] != ErrCodeDeployInvalidParam {
		t.Fatalf("no Content-Type: %d %s", resp.StatusCode, raw)
	}
}

func TestDeployDemoTaskAndEnv(t *testing.T) {
	s, base := newTestServer(t, Options{})
	recs := s.DeployRecords(DemoDeployTaskID)
	if len(recs) != 2 || recs[0].Status != "succeeded" || recs[1].Status != "failed" {
		t.Fatalf("demo records: %+v", recs)
	}
	found := false
	for _, v := range s.EnvVars(base) {
		if v.Name == "CICD_DEMO_DEPLOY_TASK_ID" && v.Value == DemoDeployTaskID {
			found = true
		}
	}
	if !found {
		t.Fatal("CICD_DEMO_DEPLOY_TASK_ID missing from EnvVars")
	}
	// No record_id: the latest record.
	code, m := deployState(t, s, base, DemoDeployTaskID, "")
	if code != 200 || m["result"].(map[string]any)["record_id"] != recs[1].RecordID {
		t.Fatalf("latest: %v", m)
	}
}
