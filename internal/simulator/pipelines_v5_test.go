package simulator

import (
	"net/http"
	"strings"
	"testing"
)

const pipelineV5Body = `{"name":"wire-pipeline","description":"d","is_publish":false,` +
	`"sources":[{"type":"code","params":{"git_type":"codehub","git_url":"https://example.com/a/b.git","default_branch":"main","alias":"repo_1"}}],` +
	`"variables":[{"sequence":1,"name":"pw","type":"string","value":"s3cret","is_secret":true,"limits":[]}],` +
	`"schedules":[{"type":"fixed","name":"nightly","enable":true,"days_of_week":[1,7],"time_zone":"China Standard Time"}],` +
	`"triggers":[{"git_url":"https://example.com/a/b.git","git_type":"codehub","events":[{"type":"push","enable":true}]}],` +
	`"definition":"{\"stages\":[{\"name\":\"Build\",\"sequence\":\"0\"}]}"}`

// TestPipelineV5WireShapes: the documented JSON names and types, defaults
// filled on read, one PUT replaces the pipeline, DELETE answers its id.
func TestPipelineV5WireShapes(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	root := base + "/v5/" + DemoCodeArtsProjectID + "/api/pipelines"

	resp, body := do(t, nil, tokenReq(t, "POST", root, tok, pipelineV5Body))
	m := decodeMap(t, body)
	id, _ := m["pipeline_id"].(string)
	if resp.StatusCode != 200 || len(id) != 32 || len(m) != 1 {
		t.Fatalf("create: %d %s (want {\"pipeline_id\"})", resp.StatusCode, body)
	}
	_, body = do(t, nil, tokenReq(t, "GET", root+"/"+id, tok, ""))
	d := decodeMap(t, body)
	if _, ok := d["create_time"].(float64); !ok {
		t.Errorf("create_time is %T, want an integer", d["create_time"])
	}
	if d["manifest_version"] != "3.0" || d["is_collect"] != false || d["project_id"] != DemoCodeArtsProjectID {
		t.Errorf("defaults: manifest_version %v is_collect %#v project_id %v", d["manifest_version"], d["is_collect"], d["project_id"])
	}
	cc, _ := d["concurrency_control"].(map[string]any)
	if cc["concurrency_number"] != float64(DefaultPipelineConcurrency) || cc["exceed_action"] != "QUEUE" {
		t.Errorf("concurrency_control default: %v", cc)
	}
	sched := d["schedules"].([]any)[0].(map[string]any)
	if len(sched["uuid"].(string)) != 32 {
		t.Errorf("schedule uuid not filled: %v", sched)
	}
	trig := d["triggers"].([]any)[0].(map[string]any)
	if trig["hook_id"] == "" || !strings.HasPrefix(trig["callback_url"].(string), PipelineTriggerCallbackBase) {
		t.Errorf("trigger webhook not filled: %v", trig)
	}
	if v := d["variables"].([]any)[0].(map[string]any); v["value"] == "s3cret" {
		t.Errorf("secret variable returned as %v", v)
	}
	if v5, _ := s.PipelineV5Of(id); v5.Variables[0].Value != "s3cret" || v5.Sources[0].Alias != "repo_1" {
		t.Errorf("stored %+v", v5)
	}

	upd := strings.Replace(pipelineV5Body, `"wire-pipeline"`, `"wire-renamed"`, 1)
	resp, body = do(t, nil, tokenReq(t, "PUT", root+"/"+id, tok, upd))
	if resp.StatusCode != 200 || decodeMap(t, body)["pipeline_id"] != id {
		t.Fatalf("update: %d %s", resp.StatusCode, body)
	}
	if p, _ := s.GetPipeline(id); p.Name != "wire-renamed" {
		t.Errorf("name after update %q", p.Name)
	}
	resp, body = do(t, nil, tokenReq(t, "DELETE", root+"/"+id, tok, ""))
	if resp.StatusCode != 200 || decodeMap(t, body)["pipeline_id"] != id {
		t.Fatalf("delete: %d %s", resp.StatusCode, body)
	}
	// Gone: the documented code, HTTP 200 by default, 404 when asked.
	_, body = do(t, nil, tokenReq(t, "GET", root+"/"+id, tok, ""))
	if decodeMap(t, body)["error_code"] != ErrCodePipelineNotFound {
		t.Errorf("detail of a deleted pipeline: %s", body)
	}
	s.SetPipelineNotFoundStatus(http.StatusNotFound)
	resp, body = do(t, nil, tokenReq(t, "DELETE", root+"/"+id, tok, ""))
	if resp.StatusCode != 404 || decodeMap(t, body)["error_code"] != ErrCodePipelineNotFound {
		t.Errorf("delete of a deleted pipeline: %d %s", resp.StatusCode, body)
	}
	_, body = do(t, nil, tokenReq(t, "GET", base+"/v5/"+strings.Repeat("0", 32)+"/api/pipelines/"+id, tok, ""))
	if decodeMap(t, body)["error_code"] != ErrCodeProjectNotFound {
		t.Errorf("unknown project: %s", body)
	}
}

// TestPipelineV5Validation: bodies the SDK models document as invalid are
// refused with HTTP 400 and a message naming the field.
func TestPipelineV5Validation(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	root := base + "/v5/" + DemoCodeArtsProjectID + "/api/pipelines"
	cases := map[string]struct{ old, new, want string }{
		"name too long":      {`"wire-pipeline"`, `"` + strings.Repeat("n", 129) + `"`, "at most 128"},
		"name characters":    {`"wire-pipeline"`, `"a b"`, "Chinese characters, letters"},
		"no is_publish":      {`"is_publish":false,`, ``, "is_publish is required"},
		"definition invalid": {`"definition":"{\"stages\":`, `"definition":"{\"stages\"`, "not valid JSON"},
		"definition array":   {`"definition":"{\"stages\":[{\"name\":\"Build\",\"sequence\":\"0\"}]}"`, `"definition":"[1]"`, "JSON object"},
		"code source shape":  {`"git_type":"codehub","git_url":"https://example.com/a/b.git",`, ``, "params.git_type and params.git_url"},
		"git type":           {`"git_type":"codehub","git_url":"https://example.com/a/b.git",`, `"git_type":"svn","git_url":"x",`, "git_type \"svn\""},
		"days of week":       {`[1,7]`, `[0]`, "days_of_week"},
		"time zone":          {`"China Standard Time"`, `"Mars"`, "time_zone"},
		"variable type":      {`"type":"string"`, `"type":"number"`, "variables[0].type"},
	}
	before := len(s.Pipelines())
	for name, tc := range cases {
		body := strings.Replace(pipelineV5Body, tc.old, tc.new, 1)
		if body == pipelineV5Body {
			t.Fatalf("%s: replacement did not apply", name)
		}
		resp, out := do(t, nil, tokenReq(t, "POST", root, tok, body))
		m := decodeMap(t, out)
		if resp.StatusCode != 400 || m["error_code"] != ErrCodePipelineInvalidParam || !strings.Contains(m["error_msg"].(string), tc.want) {
			t.Errorf("%s: %d %s, want 400 naming %q", name, resp.StatusCode, out, tc.want)
		}
	}
	if n := len(s.Pipelines()); n != before {
		t.Errorf("%d pipelines after refused creates, %d before", n, before)
	}
}

// TestPipelineV5FromTemplate: the pipeline copies the template (definition
// and variables, given variables replacing those of the same name); a later
// template change does not reach it.
func TestPipelineV5FromTemplate(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	tpl := s.AddTemplate(Template{Name: "t", Language: "go", Definition: `{"stages":[{"name":"Only"}]}`,
		Variables: []TemplateVariable{{Name: "env", Sequence: 1, Type: "string", Value: "dev"}, {Name: "x", Sequence: 2, Type: "string"}}})
	url := base + "/v5/" + DemoCodeArtsProjectID + "/api/pipeline-templates/" + tpl.ID + "/create-pipeline"
	resp, body := do(t, nil, tokenReq(t, "POST", url, tok, `{"name":"from-tpl","is_publish":false,"sources":[],`+
		`"variables":[{"name":"env","sequence":1,"type":"string","value":"prod"}]}`))
	id, _ := decodeMap(t, body)["pipeline_id"].(string)
	if resp.StatusCode != 200 || len(id) != 32 {
		t.Fatalf("create-pipeline: %d %s", resp.StatusCode, body)
	}
	v5, _ := s.PipelineV5Of(id)
	if v5.Definition != tpl.Definition || v5.TemplateID != tpl.ID || len(v5.Variables) != 2 || v5.Variables[0].Value != "prod" {
		t.Fatalf("pipeline from template: %+v", v5)
	}
	s.ReformatTemplateDefinition(tpl.ID)
	if after, _ := s.PipelineV5Of(id); after.Definition != tpl.Definition {
		t.Error("a template change reached the pipeline made from it")
	}
	// sources is required in PipelineByTemplateDto; unknown template: the template code.
	resp, body = do(t, nil, tokenReq(t, "POST", url, tok, `{"name":"from-tpl","is_publish":false}`))
	if resp.StatusCode != 400 || !strings.Contains(string(body), "sources is required") {
		t.Errorf("no sources: %d %s", resp.StatusCode, body)
	}
	missing := strings.Replace(url, tpl.ID, strings.Repeat("f", 32), 1)
	_, body = do(t, nil, tokenReq(t, "POST", missing, tok, `{"name":"from-tpl","is_publish":false,"sources":[]}`))
	if decodeMap(t, body)["error_code"] != ErrCodeTemplateNotFound {
		t.Errorf("unknown template: %s", body)
	}
}
