package simulator

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

const tplBody = `{"name":"wire","language":"go","description":"d","is_system":false,"domain_id":"` + DemoDomainID + `","is_show_source":true,` +
	`"variables":[{"sequence":1,"name":"pw","type":"string","value":"s3cret","is_secret":true,"description":"","is_runtime":false,"limits":[]}],` +
	`"definition":"{\"stages\":[{\"name\":\"Build\",\"sequence\":\"0\"}]}"}`

// TestTemplateWireShapes checks the documented JSON names and types.
func TestTemplateWireShapes(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	root := base + "/v5/" + DemoDomainID + "/api/pipeline-templates"

	resp, body := do(t, nil, tokenReq(t, "POST", root, tok, tplBody))
	m := decodeMap(t, body)
	id, _ := m["templateId"].(string)
	if resp.StatusCode != 200 || len(id) != 32 || len(m) != 1 {
		t.Fatalf("create: %d %s (want {\"templateId\"})", resp.StatusCode, body)
	}

	_, body = do(t, nil, tokenReq(t, "GET", root+"/"+id, tok, ""))
	d := decodeMap(t, body)
	if _, ok := d["create_time"].(float64); !ok {
		t.Errorf("create_time is %T, want an integer", d["create_time"])
	}
	if d["is_collect"] != "false" {
		t.Errorf("detail is_collect = %#v, want the string \"false\"", d["is_collect"])
	}
	if d["is_show_source"] != true {
		t.Errorf("detail is_show_source = %#v, want bool true", d["is_show_source"])
	}
	if _, ok := d["definition"].(string); !ok {
		t.Errorf("definition is %T, want a string", d["definition"])
	}
	vars := d["variables"].([]any)
	if v := vars[0].(map[string]any); v["value"] == "s3cret" || v["is_secret"] != true {
		t.Errorf("secret variable returned as %v", v)
	}

	resp, body = do(t, nil, tokenReq(t, "POST", root+"/"+id+"/favorite?flag=true", tok, ""))
	if resp.StatusCode != 200 {
		t.Fatalf("favorite: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, nil, tokenReq(t, "POST", root+"/list", tok, `{"name":"wire","limit":10,"offset":0}`))
	var list struct {
		Total     int              `json:"total"`
		Templates []map[string]any `json:"templates"`
	}
	if err := json.Unmarshal(body, &list); err != nil || list.Total != 1 {
		t.Fatalf("list: %v %s", err, body)
	}
	item := list.Templates[0]
	// is_show_source is a bool as the huaweicloud provider's acceptance test reads it (the SDK says string).
	if item["is_collect"] != true || item["is_show_source"] != true {
		t.Errorf("list item is_collect=%#v is_show_source=%#v, want bool true and bool true", item["is_collect"], item["is_show_source"])
	}
	if st := item["stages"].([]any); len(st) != 1 || st[0].(map[string]any)["sequence"] != float64(0) {
		t.Errorf("stages = %v", item["stages"])
	}

	// Not found: the documented code, with HTTP 200 (default) or 404.
	resp, body = do(t, nil, tokenReq(t, "GET", root+"/ffffffffffffffffffffffffffffffff", tok, ""))
	if resp.StatusCode != 200 || decodeMap(t, body)["error_code"] != ErrCodeTemplateNotFound {
		t.Fatalf("not found: %d %s", resp.StatusCode, body)
	}
	s.SetTemplateNotFoundStatus(404)
	resp, body = do(t, nil, tokenReq(t, "DELETE", root+"/ffffffffffffffffffffffffffffffff", tok, ""))
	if resp.StatusCode != 404 || decodeMap(t, body)["error_code"] != ErrCodeTemplateNotFound {
		t.Fatalf("not found (404): %d %s", resp.StatusCode, body)
	}

	// Another tenant's path is refused; system templates are read-only.
	resp, _ = do(t, nil, tokenReq(t, "GET", base+"/v5/0000000000000000000000000000000a/api/pipeline-templates/"+id, tok, ""))
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign tenant: %d", resp.StatusCode)
	}
	sys := seededID("template/system/Maven build")
	resp, body = do(t, nil, tokenReq(t, "DELETE", root+"/"+sys, tok, ""))
	if resp.StatusCode != 400 || !strings.Contains(string(body), "cannot be deleted") {
		t.Fatalf("delete system template: %d %s", resp.StatusCode, body)
	}
}

func TestTemplateRequiredFields(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	root := base + "/v5/" + DemoDomainID + "/api/pipeline-templates"
	for field, want := range map[string]string{
		`"is_show_source":true,`: "is_show_source is required",
		`"is_system":false,`:     "is_system is required",
		`"language":"go",`:       "language is required",
	} {
		resp, body := do(t, nil, tokenReq(t, "POST", root, tok, strings.Replace(tplBody, field, "", 1)))
		if resp.StatusCode != 400 || !strings.Contains(string(body), want) {
			t.Errorf("without %s: %d %s", field, resp.StatusCode, body)
		}
	}
}

// TestTemplateTaskProgress: the status moves initializing → processing →
// succeeded on the simulator clock, and the pipeline appears at the end.
func TestTemplateTaskProgress(t *testing.T) {
	clock := NewManualClock(time.Now())
	s, base := newTestServer(t, Options{Clock: clock})
	tok := issueToken(t, base)
	s.SetTemplateTaskOutcome(TemplateTaskOutcome{Final: TemplateTaskSucceeded, After: 10 * time.Second})
	body := `{"flow":{"initial":{"final":"always"}},"states":{"initial":{"type":"stage","name":"initial"},"final":{"type":"stage","name":"final"}},` +
		`"workflow":{"name":"p1","project_id":"` + DemoCodeArtsProjectID + `","project_name":"","parameter":[],"source":[]}}`
	_, out := do(t, nil, tokenReq(t, "POST", base+"/v3/templates/task", tok, body))
	task, _ := decodeMap(t, out)["task_id"].(string)
	if task == "" {
		t.Fatalf("no task_id: %s", out)
	}
	status := func() map[string]any {
		_, b := do(t, nil, tokenReq(t, "GET", base+"/v3/templates/"+task+"/status", tok, ""))
		return decodeMap(t, b)
	}
	if st := status(); st["task_status"] != "initializing" || st["pipeline_id"] != "" {
		t.Fatalf("t=0: %v", st)
	}
	clock.Advance(6 * time.Second)
	if st := status(); st["task_status"] != "processing" {
		t.Fatalf("t=6s: %v", st)
	}
	clock.Advance(5 * time.Second)
	st := status()
	if st["task_status"] != "succeeded" || st["pipeline_name"] != "p1" {
		t.Fatalf("t=11s: %v", st)
	}
	if _, ok := s.GetPipeline(st["pipeline_id"].(string)); !ok {
		t.Fatal("pipeline not created")
	}
	// Unknown task: an error body with HTTP 200.
	resp, b := do(t, nil, tokenReq(t, "GET", base+"/v3/templates/nope/status", tok, ""))
	if resp.StatusCode != 200 || decodeMap(t, b)["error_code"] != ErrCodeTemplateTaskNotFound {
		t.Fatalf("unknown task: %d %s", resp.StatusCode, b)
	}
}
