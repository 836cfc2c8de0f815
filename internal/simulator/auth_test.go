package simulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const listBody = `{"limit":10}`

func TestAKSKSignedRequestAccepted(t *testing.T) {
	s, base := newTestServer(t, Options{})
	for _, tc := range []struct {
		name string
		o    signOpts
		path string
	}{
		{"plain", signOpts{}, "/v3/pipelines/list"},
		{"host signed and query params", signOpts{signHost: true, query: url.Values{"a": {"x y", "b"}, "z": {"1"}}}, "/v3/pipelines/list"},
		{"security token is ignored", signOpts{extraHeads: map[string]string{"X-Security-Token": "anything"}}, "/v3/pipelines/list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := do(t, nil, signedRequest(t, "POST", base, tc.path, listBody, tc.o))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if decodeMap(t, body)["total"] == nil {
				t.Fatalf("no total in %s", body)
			}
		})
	}
	if got := s.Count("POST /v3/pipelines/list"); got != 3 {
		t.Fatalf("count = %d, want 3", got)
	}
}

func TestAKSKRejections(t *testing.T) {
	clock := NewManualClock(time.Now())
	_, base := newTestServer(t, Options{Clock: clock})

	check := func(t *testing.T, req *http.Request, wantMsg string) {
		t.Helper()
		resp, body := do(t, nil, req)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("status %d, want 401: %s", resp.StatusCode, body)
		}
		m := decodeMap(t, body)
		if m["error_code"] != ErrCodeAPIGAuth {
			t.Fatalf("error_code = %v, body %s", m["error_code"], body)
		}
		msg, _ := m["error_msg"].(string)
		if !strings.HasPrefix(msg, "Incorrect IAM authentication information: ") || !strings.Contains(msg, wantMsg) {
			t.Fatalf("error_msg = %q, want it to contain %q", msg, wantMsg)
		}
		if m["request_id"] == "" || m["request_id"] != resp.Header.Get("X-Request-Id") {
			t.Fatalf("request_id %v vs header %q", m["request_id"], resp.Header.Get("X-Request-Id"))
		}
	}

	t.Run("tampered body", func(t *testing.T) {
		req := signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now()})
		req.Body = http.NoBody
		tampered := `{"limit":20}`
		req.Body = nopBody(tampered)
		req.ContentLength = int64(len(tampered))
		check(t, req, "signature")
	})
	t.Run("tampered query", func(t *testing.T) {
		req := signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now(), query: url.Values{"a": {"1"}}})
		req.URL.RawQuery = "a=2"
		check(t, req, "signature")
	})
	t.Run("wrong SK", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now(), sk: strings.Repeat("x", 40)}), "signature")
	})
	t.Run("unknown AK", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now(), ak: "AAAAAAAAAAAAAAAAAAAA"}), "access key")
	})
	t.Run("stale date", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now().Add(-16 * time.Minute)}), "15 minutes")
	})
	t.Run("future date", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now().Add(20 * time.Minute)}), "15 minutes")
	})
	t.Run("missing X-Project-Id", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now(), projectID: "-"}), "X-Project-Id")
	})
	t.Run("wrong X-Project-Id", func(t *testing.T) {
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: clock.Now(), projectID: DemoOtherIAMProjectID}), "X-Project-Id")
	})
	t.Run("no credentials", func(t *testing.T) {
		req, _ := http.NewRequest("POST", base+"/v3/pipelines/list", strings.NewReader(listBody))
		check(t, req, "X-Auth-Token")
	})
	t.Run("skew follows the server clock", func(t *testing.T) {
		signedAt := clock.Now()
		clock.Advance(14 * time.Minute)
		resp, body := do(t, nil, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: signedAt}))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("14 min skew: %d %s", resp.StatusCode, body)
		}
		clock.Advance(2 * time.Minute)
		check(t, signedRequest(t, "POST", base, "/v3/pipelines/list", listBody, signOpts{date: signedAt}), "15 minutes")
	})
}

func TestAKSKOnIAMNeedsNoProjectHeader(t *testing.T) {
	_, base := newTestServer(t, Options{})
	resp, body := do(t, nil, signedRequest(t, "GET", base, "/v3/projects", "", signOpts{projectID: "-", query: url.Values{"name": {DemoRegion}}}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	projects := decodeMap(t, body)["projects"].([]any)
	if len(projects) != 1 {
		t.Fatalf("want exactly the %s project, got %s", DemoRegion, body)
	}
	p := projects[0].(map[string]any)
	if p["id"] != DemoIAMProjectID || p["name"] != DemoRegion || p["domain_id"] != DemoDomainID || p["enabled"] != true || p["is_domain"] != false {
		t.Fatalf("project = %v", p)
	}

	resp, body = do(t, nil, signedRequest(t, "GET", base, "/v3/projects", "", signOpts{projectID: "-", query: url.Values{"name": {DemoOtherRegion}}}))
	if resp.StatusCode != 200 || decodeMap(t, body)["projects"].([]any)[0].(map[string]any)["id"] != DemoOtherIAMProjectID {
		t.Fatalf("other region lookup: %d %s", resp.StatusCode, body)
	}

	resp, body = do(t, nil, signedRequest(t, "GET", base, "/v3/auth/domains", "", signOpts{projectID: "-"}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("domains: %d %s", resp.StatusCode, body)
	}
	d := decodeMap(t, body)["domains"].([]any)[0].(map[string]any)
	if d["id"] != DemoDomainID || d["name"] != DemoDomainName || d["enabled"] != true {
		t.Fatalf("domain = %v", d)
	}

	// IAM answers auth failures in its own shape.
	resp, body = do(t, nil, signedRequest(t, "GET", base, "/v3/auth/domains", "", signOpts{projectID: "-", sk: strings.Repeat("y", 40)}))
	e, _ := decodeMap(t, body)["error"].(map[string]any)
	if resp.StatusCode != 401 || e == nil || e["code"] != float64(401) || e["title"] != "Unauthorized" {
		t.Fatalf("IAM bad signature: %d %s", resp.StatusCode, body)
	}
}

func TestTokenIssueUseExpire(t *testing.T) {
	clock := NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	s, base := newTestServer(t, Options{Clock: clock})

	req, _ := http.NewRequest("POST", base+"/v3/auth/tokens?nocatalog=true",
		strings.NewReader(passwordBody(DemoUserName, DemoPassword, DemoDomainName, `{"name":"`+DemoRegion+`"}`)))
	resp, body := do(t, nil, req)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("issue: %d %s", resp.StatusCode, body)
	}
	tok := resp.Header.Get("X-Subject-Token")
	if len(tok) < 100 {
		t.Fatalf("token too short: %q", tok)
	}
	tm := decodeMap(t, body)["token"].(map[string]any)
	if tm["expires_at"] != "2025-06-02T12:00:00.000000Z" || tm["issued_at"] != "2025-06-01T12:00:00.000000Z" {
		t.Fatalf("times: %v / %v", tm["expires_at"], tm["issued_at"])
	}
	if _, err := time.Parse(time.RFC3339, tm["expires_at"].(string)); err != nil {
		t.Fatalf("expires_at not RFC3339: %v", err)
	}
	proj := tm["project"].(map[string]any)
	if proj["id"] != DemoIAMProjectID || proj["name"] != DemoRegion || proj["domain"].(map[string]any)["id"] != DemoDomainID {
		t.Fatalf("project = %v", proj)
	}
	user := tm["user"].(map[string]any)
	if user["id"] != DemoUserID || user["name"] != DemoUserName || user["domain"].(map[string]any)["name"] != DemoDomainName {
		t.Fatalf("user = %v", user)
	}
	if m := tm["methods"].([]any); len(m) != 1 || m[0] != "password" {
		t.Fatalf("methods = %v", m)
	}

	// Use it.
	resp, body = do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("use: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, tokenReq(t, "GET", base+"/v3/projects?name="+DemoRegion, tok, ""))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("projects with token: %d %s", resp.StatusCode, body)
	}

	// Expire out of band.
	s.ExpireTokens()
	resp, body = do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	m := decodeMap(t, body)
	if resp.StatusCode != 401 || m["error_code"] != ErrCodeAPIGAuth || !strings.Contains(m["error_msg"].(string), "expired") {
		t.Fatalf("expired token: %d %s", resp.StatusCode, body)
	}

	// Natural expiry on the server clock, with a custom TTL.
	s.SetTokenTTL(time.Hour)
	tok2 := issueToken(t, base)
	clock.Advance(59 * time.Minute)
	if resp, body := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok2, listBody)); resp.StatusCode != 200 {
		t.Fatalf("before expiry: %d %s", resp.StatusCode, body)
	}
	clock.Advance(time.Minute)
	resp, body = do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok2, listBody))
	if resp.StatusCode != 401 || !strings.Contains(string(body), "The token must be updated") {
		t.Fatalf("after expiry: %d %s", resp.StatusCode, body)
	}

	// Unknown token.
	resp, body = do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", "MIInotatoken", listBody))
	if resp.StatusCode != 401 || strings.Contains(string(body), "expired") {
		t.Fatalf("unknown token: %d %s", resp.StatusCode, body)
	}
}

func TestTokenScopeByIDAndErrors(t *testing.T) {
	_, base := newTestServer(t, Options{})
	post := func(body string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest("POST", base+"/v3/auth/tokens", strings.NewReader(body))
		resp, b := do(t, nil, req)
		return resp, decodeMap(t, b)
	}

	resp, m := post(passwordBody(DemoUserName, DemoPassword, DemoDomainName, `{"id":"`+DemoOtherIAMProjectID+`"}`))
	if resp.StatusCode != 201 || m["token"].(map[string]any)["project"].(map[string]any)["name"] != DemoOtherRegion {
		t.Fatalf("scope by id: %d %v", resp.StatusCode, m)
	}

	for name, body := range map[string]string{
		"wrong password": passwordBody(DemoUserName, "nope", DemoDomainName, `{"name":"`+DemoRegion+`"}`),
		"wrong user":     passwordBody("someone", DemoPassword, DemoDomainName, `{"name":"`+DemoRegion+`"}`),
		"wrong domain":   passwordBody(DemoUserName, DemoPassword, "other-account", `{"name":"`+DemoRegion+`"}`),
	} {
		resp, m := post(body)
		want := map[string]any{"code": float64(401), "message": "The username or password is wrong.", "title": "Unauthorized"}
		if resp.StatusCode != 401 || !equalJSON(m["error"], want) || resp.Header.Get("X-Subject-Token") != "" {
			t.Fatalf("%s: %d %v", name, resp.StatusCode, m)
		}
	}

	resp, m = post(passwordBody(DemoUserName, DemoPassword, DemoDomainName, `{"name":"eu-west-9"}`))
	if e, _ := m["error"].(map[string]any); resp.StatusCode != 400 || e == nil || e["code"] != float64(400) {
		t.Fatalf("unknown project: %d %v", resp.StatusCode, m)
	}
	resp, m = post(`{"auth":`)
	if resp.StatusCode != 400 || m["error"] == nil {
		t.Fatalf("bad json: %d %v", resp.StatusCode, m)
	}
}

func TestRainbondAuth(t *testing.T) {
	_, base := newTestServer(t, Options{})
	for _, tc := range []struct{ name, token, detail string }{
		{"missing", "", "No token"},
		{"unknown", strings.Repeat("a", 40), "No such user"},
		{"bearer prefix is wrong", "Bearer " + DemoRainbondToken, "No such user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", base+"/openapi/v1/teams", nil)
			if tc.token != "" {
				req.Header.Set("Authorization", tc.token)
			}
			resp, body := do(t, nil, req)
			m := decodeMap(t, body)
			if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") != "Token" {
				t.Fatalf("%d %v %s", resp.StatusCode, resp.Header, body)
			}
			if m["detail"] != tc.detail || m["code"] != float64(401) || m["msg"] != tc.detail || m["msg_show"] != tc.detail ||
				m["error_type"] != "AuthenticationFailed" {
				t.Fatalf("body %s", body)
			}
			if _, ok := m["error_trace"].(string); !ok {
				t.Fatalf("no error_trace: %s", body)
			}
		})
	}

	req, _ := http.NewRequest("GET", base+"/openapi/v1/teams", nil)
	req.Header.Set("Authorization", DemoRainbondToken)
	resp, body := do(t, nil, req)
	if resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	m := decodeMap(t, body)
	tenants := m["tenants"].([]any)
	if m["total"] != float64(1) || m["page"] != float64(1) || m["page_size"] != float64(10) || len(tenants) != 1 {
		t.Fatalf("teams: %s", body)
	}
	team := tenants[0].(map[string]any)
	if team["tenant_id"] != DemoRainbondTeamID || team["tenant_name"] != DemoRainbondTeamName || team["ID"] != float64(1) ||
		team["is_active"] != true || team["enterprise_id"] != DemoRainbondEnterpriseID || team["creater"] != float64(DemoRainbondUserID) {
		t.Fatalf("team: %v", team)
	}
	if roles := team["role_infos"].([]any); len(roles) != 1 || roles[0].(map[string]any)["role_name"] != "admin" {
		t.Fatalf("roles: %v", team["role_infos"])
	}

	req, _ = http.NewRequest("GET", base+"/openapi/v1/teams?query=nomatch&page=x", nil)
	req.Header.Set("Authorization", DemoRainbondToken)
	_, body = do(t, nil, req)
	if m := decodeMap(t, body); m["total"] != float64(0) || len(m["tenants"].([]any)) != 0 || m["page"] != float64(1) {
		t.Fatalf("query filter: %s", body)
	}
}

func TestUnknownRoutes(t *testing.T) {
	_, base := newTestServer(t, Options{})
	resp, body := do(t, nil, tokenReq(t, "GET", base+"/v3/nope", "x", ""))
	if m := decodeMap(t, body); resp.StatusCode != 404 || m["error_code"] != "APIGW.0101" {
		t.Fatalf("codearts 404: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, tokenReq(t, "GET", base+"/openapi/v1/nope", "x", ""))
	if m := decodeMap(t, body); resp.StatusCode != 404 || m["code"] != float64(404) || m["msg"] == nil {
		t.Fatalf("rainbond 404: %d %s", resp.StatusCode, body)
	}
}
