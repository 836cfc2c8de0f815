package simulator

import (
	"strings"
	"testing"
)

// Template shapes the huaweicloud provider's acceptance tests and the SDK
// model (codeartspipeline/v2 CustomVariable, PipelineTemplateSimpleVo) show:
// a variable without sequence is accepted; language keeps its case ("Java"
// is written and read back); is_reset, latest_value and runtime_value are
// stored and returned; list items carry create_time/update_time and a bool
// is_show_source.
func TestTemplatePeerShapes(t *testing.T) {
	_, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	root := base + "/v5/" + DemoDomainID + "/api/pipeline-templates"
	body := `{"name":"peer-shapes","language":"Java","definition":"{\"stages\":[]}","is_system":false,"domain_id":"` + DemoDomainID + `","is_show_source":true,` +
		`"variables":[{"name":"v1","type":"string","value":"x","is_reset":true,"latest_value":"l","runtime_value":"r"}]}`
	resp, out := do(t, nil, tokenReq(t, "POST", root, tok, body))
	id, _ := decodeMap(t, out)["templateId"].(string)
	if resp.StatusCode != 200 || id == "" {
		t.Fatalf("create: %d %s", resp.StatusCode, out)
	}
	_, out = do(t, nil, tokenReq(t, "GET", root+"/"+id, tok, ""))
	d := decodeMap(t, out)
	v := d["variables"].([]any)[0].(map[string]any)
	if d["language"] != "Java" || v["is_reset"] != true || v["latest_value"] != "l" || v["runtime_value"] != "r" {
		t.Fatalf("detail: %s", out)
	}
	_, out = do(t, nil, tokenReq(t, "POST", root+"/list", tok, `{"name":"peer-shapes","language":"java"}`))
	items, _ := decodeMap(t, out)["templates"].([]any)
	if len(items) != 1 {
		t.Fatalf("list by language java: %s", out)
	}
	it := items[0].(map[string]any)
	if it["is_show_source"] != true || it["create_time"] == nil || it["update_time"] == nil || !strings.EqualFold(it["language"].(string), "java") {
		t.Fatalf("list item: %s", out)
	}
}
