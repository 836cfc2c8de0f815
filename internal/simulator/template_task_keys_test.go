package simulator

import (
	"strings"
	"testing"
)

// POST /v3/templates/task takes the parameter and source keys in the API
// page example's camelCase and in the SDK model's snake_case (TemplateCddl,
// Source, PipelineParam): which one the service reads is an open question.
func TestTemplateTaskTakesCamelAndSnakeKeys(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	head := `{"flow":{"initial":{"final":"always"}},"states":{"initial":{"type":"stage","name":"initial","execution_mode":""},"final":{"type":"stage","name":"final"}},` +
		`"workflow":{"name":"p1","project_id":"` + DemoCodeArtsProjectID + `","project_name":"",`
	for name, wf := range map[string]string{
		"camelCase (API page example)": `"parameter":[{"name":"a","value":"1","paramtype":"normalparam","isStatic":false,"isDefault":false}],` +
			`"source":[{"scmType":"codehub","gitUrl":"https://example.com/r.git","codeHubId":"1","branches":[],"branchList":[]}]}}`,
		"snake_case (SDK TemplateCddl)": `"parameter":[{"name":"a","value":"1","param_type":"normalparam","is_static":false,"is_default":false}],` +
			`"source":[{"scm_type":"codehub","git_url":"https://example.com/r.git","codehub_id":"1","branches":[],"branch_list":[]}]}}`,
	} {
		resp, out := do(t, nil, tokenReq(t, "POST", base+"/v3/templates/task", tok, head+wf))
		if id, _ := decodeMap(t, out)["task_id"].(string); resp.StatusCode != 200 || id == "" {
			t.Errorf("%s: %d %s", name, resp.StatusCode, out)
		}
	}
	resp, out := do(t, nil, tokenReq(t, "POST", base+"/v3/templates/task", tok, head+`"parameter":[],"source":[{"branches":[]}]}}`))
	if resp.StatusCode != 400 || !strings.Contains(string(out), "scmType is required") {
		t.Errorf("no scm type: %d %s", resp.StatusCode, out)
	}
}
