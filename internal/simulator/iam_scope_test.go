package simulator

import (
	"net/http"
	"strings"
	"testing"
)

// IAM issues domain-scoped tokens (auth.scope.domain; doc page
// https://support.huaweicloud.com/intl/en-us/api-iam/iam_30_0001.html) as
// well as project-scoped ones. IAM's own look-ups accept either; CodeArts
// refuses a domain-scoped token ("Global tenant tokens are not supported.
// Use a region-level token whose scope is project." on every CodeArts API
// page), which is where the scope matters.
func TestDomainScopedToken(t *testing.T) {
	_, base := newTestServer(t, Options{})
	for _, scope := range []string{`{"domain":{"name":"` + DemoDomainName + `"}}`, `{"domain":{"id":"` + DemoDomainID + `"}}`} {
		body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + DemoUserName + `","password":"` + DemoPassword +
			`","domain":{"name":"` + DemoDomainName + `"}}}},"scope":` + scope + `}}`
		req, _ := http.NewRequest("POST", base+"/v3/auth/tokens", strings.NewReader(body))
		resp, raw := do(t, nil, req)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("scope %s: %d %s", scope, resp.StatusCode, raw)
		}
		tm := decodeMap(t, raw)["token"].(map[string]any)
		if tm["project"] != nil || tm["domain"].(map[string]any)["id"] != DemoDomainID {
			t.Fatalf("domain-scoped token body: %s", raw)
		}
		tok := resp.Header.Get("X-Subject-Token")
		for _, path := range []string{"/v3/projects?name=" + DemoRegion, "/v3/auth/domains"} {
			if resp, raw := do(t, nil, tokenReq(t, "GET", base+path, tok, "")); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s with a domain-scoped token: %d %s", path, resp.StatusCode, raw)
			}
		}
		resp, raw = do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(raw), "scope is project") {
			t.Fatalf("CodeArts with a domain-scoped token: %d %s", resp.StatusCode, raw)
		}
	}
	// A scope naming an unknown domain is refused.
	body := `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + DemoUserName + `","password":"` + DemoPassword +
		`","domain":{"name":"` + DemoDomainName + `"}}}},"scope":{"domain":{"name":"someone-else"}}}}`
	req, _ := http.NewRequest("POST", base+"/v3/auth/tokens", strings.NewReader(body))
	if resp, raw := do(t, nil, req); resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("unknown domain scope: %d %s", resp.StatusCode, raw)
	}
}
