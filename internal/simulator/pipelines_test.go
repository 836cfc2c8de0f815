package simulator

import (
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

type listResp struct {
	Offset int                 `json:"offset"`
	Limit  int                 `json:"limit"`
	Total  int                 `json:"total"`
	Result []map[string]string `json:"result"` // every field must be a string
}

func listPipelines(t *testing.T, base, token, body string) (int, listResp, map[string]any) {
	t.Helper()
	resp, raw := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", token, body))
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, listResp{}, decodeMap(t, raw)
	}
	var lr listResp
	if err := json.Unmarshal(raw, &lr); err != nil {
		t.Fatalf("response does not match the seed's types: %v\n%s", err, raw)
	}
	return resp.StatusCode, lr, nil
}

func TestPipelinesListShapeAndPaging(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)

	// Exact key set of PipelineBasicInfo (SDK codeartspipeline/v2 model PipelineBasicInfo).
	resp, raw := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, `{"project_ids":"`+DemoCodeArtsProjectID+`"}`))
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
	top := decodeMap(t, raw)
	for _, k := range []string{"offset", "limit", "total", "result"} {
		if _, ok := top[k]; !ok {
			t.Fatalf("missing %q in %s", k, raw)
		}
	}
	if len(top) != 4 || top["offset"] != float64(0) || top["limit"] != float64(10) || top["total"] != float64(25) {
		t.Fatalf("top level: %s", raw)
	}
	item := top["result"].([]any)[0].(map[string]any)
	wantKeys := []string{"create_time", "creator_id", "creator_name", "executor_id", "executor_name", "pipeline_id", "pipeline_name", "project_id", "project_name", "start_time", "watched"}
	var gotKeys []string
	for k, v := range item {
		gotKeys = append(gotKeys, k)
		if _, ok := v.(string); !ok {
			t.Fatalf("%s is %T, want string", k, v)
		}
	}
	sort.Strings(gotKeys)
	if strings.Join(gotKeys, ",") != strings.Join(wantKeys, ",") {
		t.Fatalf("keys %v, want %v", gotKeys, wantKeys)
	}
	for _, k := range []string{"create_time", "start_time"} {
		if _, err := time.Parse("2006-01-02 15:04:05", item[k].(string)); err != nil {
			t.Fatalf("%s = %q: %v", k, item[k], err)
		}
	}
	if w := item["watched"]; w != "true" && w != "false" {
		t.Fatalf("watched = %q", w)
	}

	// Three pages of 10/10/5, no duplicates, default order create_time desc.
	seen := map[string]bool{}
	var created []string
	for page, want := range []int{10, 10, 5} {
		_, lr, _ := listPipelines(t, base, tok, `{"project_ids":"`+DemoCodeArtsProjectID+`","offset":`+itoa(page*10)+`,"limit":10}`)
		if lr.Total != 25 || lr.Offset != page*10 || lr.Limit != 10 || len(lr.Result) != want {
			t.Fatalf("page %d: total %d offset %d limit %d len %d", page, lr.Total, lr.Offset, lr.Limit, len(lr.Result))
		}
		for _, p := range lr.Result {
			if seen[p["pipeline_id"]] {
				t.Fatalf("duplicate %s", p["pipeline_id"])
			}
			seen[p["pipeline_id"]] = true
			created = append(created, p["create_time"])
			if p["project_id"] != DemoCodeArtsProjectID || p["project_name"] != DemoCodeArtsProjectName {
				t.Fatalf("project: %v", p)
			}
		}
	}
	if !sort.SliceIsSorted(created, func(i, j int) bool { return created[i] > created[j] }) {
		t.Fatalf("default order is not create_time desc: %v", created)
	}
	// Past the end.
	if _, lr, _ := listPipelines(t, base, tok, `{"offset":100}`); lr.Total != 29 || len(lr.Result) != 0 || lr.Result == nil {
		t.Fatalf("past the end: %+v", lr)
	}
	// No project filter = every visible project.
	if _, lr, _ := listPipelines(t, base, tok, `{"limit":50}`); lr.Total != 29 || len(lr.Result) != 29 {
		t.Fatalf("all projects: total %d", lr.Total)
	}
	// Empty body = defaults.
	if _, lr, _ := listPipelines(t, base, tok, ``); lr.Limit != 10 || lr.Offset != 0 || len(lr.Result) != 10 {
		t.Fatalf("empty body: %+v", lr)
	}
}

func TestPipelinesListFilters(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	all := s.Pipelines()

	count := func(pred func(Pipeline) bool) int {
		n := 0
		for _, p := range all {
			if pred(p) {
				n++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name string
		body string
		pred func(Pipeline) bool
	}{
		{"name contains, case-insensitive", `{"pipeline_name":"DEPLOY"}`, func(p Pipeline) bool { return strings.Contains(p.Name, "deploy") }},
		{"other project", `{"project_ids":"` + DemoCodeArtsOtherProjectID + `"}`, func(p Pipeline) bool { return p.ProjectID == DemoCodeArtsOtherProjectID }},
		{"both projects", `{"project_ids":"` + DemoCodeArtsProjectID + `, ` + DemoCodeArtsOtherProjectID + `"}`, func(Pipeline) bool { return true }},
		{"creator", `{"creator_ids":"` + demoUser2ID + `"}`, func(p Pipeline) bool { return p.CreatorID == demoUser2ID }},
		{"executor", `{"executor_ids":"` + DemoUserID + `,` + demoUser3ID + `"}`, func(p Pipeline) bool { return p.ExecutorID == DemoUserID || p.ExecutorID == demoUser3ID }},
		{"status", `{"status":"running,waiting"}`, func(p Pipeline) bool { return p.Status == "running" || p.Status == "waiting" }},
		{"outcome", `{"outcome":"error"}`, func(p Pipeline) bool { return p.Outcome == "error" }},
		{"status+outcome", `{"status":"completed","outcome":"success,aborted"}`, func(p Pipeline) bool { return p.Status == "completed" && p.Outcome != "error" }},
		{"git_url", `{"git_url":"` + SeedPipelineGitURL("data-etl") + `"}`, func(p Pipeline) bool { return strings.HasPrefix(p.Name, "data-etl") }},
		{"seed example statuses incl. handling", `{"status":"waiting,running,verifying,handling,suspending,completed","outcome":"error,success,aborted","pipeline_name":"","git_url":""}`,
			func(p Pipeline) bool { return p.Outcome != "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := count(tc.pred)
			if want == 0 || want == len(all) && tc.name != "both projects" {
				t.Fatalf("bad test: filter selects %d of %d", want, len(all))
			}
			body := strings.TrimSuffix(tc.body, "}") + `,"limit":50}`
			code, lr, e := listPipelines(t, base, tok, body)
			if code != 200 {
				t.Fatalf("%d %v", code, e)
			}
			if lr.Total != want || len(lr.Result) != want {
				t.Fatalf("total %d len %d, want %d", lr.Total, len(lr.Result), want)
			}
		})
	}
}

func TestPipelinesListSort(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	for _, tc := range []struct{ key, dir, field string }{
		{"pipeline_name", "asc", "pipeline_name"},
		{"pipeline_name", "desc", "pipeline_name"},
		{"start_time", "asc", "start_time"},
		{"create_time", "DESC", "create_time"},
	} {
		_, lr, _ := listPipelines(t, base, tok, `{"sort_key":"`+tc.key+`","sort_dir":"`+tc.dir+`","limit":50}`)
		var vals []string
		for _, p := range lr.Result {
			vals = append(vals, p[tc.field])
		}
		asc := strings.EqualFold(tc.dir, "asc")
		ok := sort.SliceIsSorted(vals, func(i, j int) bool {
			if asc {
				return vals[i] < vals[j]
			}
			return vals[i] > vals[j]
		})
		if !ok || len(vals) != 29 {
			t.Fatalf("%s %s not sorted: %v", tc.key, tc.dir, vals)
		}
	}
}

func TestPipelinesListValidation(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	eleven := strings.TrimSuffix(strings.Repeat(DemoUserID+",", 11), ",")
	for _, body := range []string{
		`{"limit":9}`, `{"limit":51}`, `{"limit":0}`, `{"offset":-1}`, `{"limit":"10"}`, `{"offset":1.5}`,
		`{"status":"done"}`, `{"outcome":"failed"}`, `{"sort_key":"name"}`, `{"sort_dir":"up"}`,
		`{"project_ids":["` + DemoCodeArtsProjectID + `"]}`, `{"creator_ids":"` + eleven + `"}`, `{not json`,
	} {
		code, _, e := listPipelines(t, base, tok, body)
		if code != 400 || e["error_code"] != ErrCodePipelineInvalidParam || e["error_msg"] == "" {
			t.Fatalf("%s: %d %v", body, code, e)
		}
	}
	for _, body := range []string{`{"limit":10}`, `{"limit":50}`, `{"offset":0,"limit":null}`, `{"unknown_field":1}`} {
		if code, _, e := listPipelines(t, base, tok, body); code != 200 {
			t.Fatalf("%s: %d %v", body, code, e)
		}
	}
}

func TestAddDeletePipeline(t *testing.T) {
	clock := NewManualClock(time.Date(2025, 3, 4, 1, 2, 3, 0, time.UTC))
	s, base := newTestServer(t, Options{Clock: clock})
	tok := issueToken(t, base)
	p := s.AddPipeline(Pipeline{Name: "zz-added-by-test", CreatorID: demoUser3ID, Status: "running", Watched: true})
	if len(p.ID) != 32 || p.ProjectID != DemoCodeArtsProjectID || p.ProjectName != DemoCodeArtsProjectName || p.CreatorName != demoUser3Name {
		t.Fatalf("defaults: %+v", p)
	}
	_, lr, _ := listPipelines(t, base, tok, `{"pipeline_name":"zz-added"}`)
	if lr.Total != 1 {
		t.Fatalf("added: %+v", lr)
	}
	got := lr.Result[0]
	if got["pipeline_id"] != p.ID || got["create_time"] != "2025-03-04 09:02:03" || got["start_time"] != "" || got["watched"] != "true" ||
		got["executor_id"] != "" || got["creator_name"] != demoUser3Name {
		t.Fatalf("rendered: %v", got)
	}
	if !s.DeletePipeline(p.ID) || s.DeletePipeline(p.ID) {
		t.Fatal("DeletePipeline should report true then false")
	}
	if _, lr, _ := listPipelines(t, base, tok, `{"pipeline_name":"zz-added"}`); lr.Total != 0 {
		t.Fatalf("deleted pipeline still listed: %+v", lr)
	}
}

func itoa(i int) string { return jsonInt(i) }

func jsonInt(i int) string { b, _ := json.Marshal(i); return string(b) }
