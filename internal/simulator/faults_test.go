package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const routeList = "POST /v3/pipelines/list"
const routeTeams = "GET /openapi/v1/teams"

func rainbondReq(t *testing.T, base string) *http.Request {
	t.Helper()
	req, _ := http.NewRequest("GET", base+"/openapi/v1/teams", nil)
	req.Header.Set("Authorization", DemoRainbondToken)
	return req
}

func TestFaultStatusCodes(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	list := func() (*http.Response, map[string]any) {
		resp, body := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
		return resp, decodeMap(t, body)
	}

	s.InjectFault(routeList, Fault{Kind: FaultStatus429, Times: 2, RetryAfter: 2 * time.Second})
	for i := 0; i < 2; i++ {
		resp, m := list()
		if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || m["error_code"] != "APIG.0308" ||
			!strings.Contains(m["error_msg"].(string), "throttling threshold") || m["request_id"] != resp.Header.Get("X-Request-Id") {
			t.Fatalf("429 #%d: %d %v %v", i, resp.StatusCode, resp.Header, m)
		}
	}
	if resp, _ := list(); resp.StatusCode != 200 {
		t.Fatalf("after two 429s: %d", resp.StatusCode)
	}

	s.InjectFault(routeList, Fault{Kind: FaultStatus500})
	s.InjectFault(routeList, Fault{Kind: FaultStatus503})
	s.InjectFault(routeList, Fault{Kind: FaultErrorWith200, Code: "DEVPIPE.00011401", Message: "pipeline not found"})
	s.InjectFault(routeList, Fault{Kind: FaultErrorWith200})
	s.InjectFault(routeList, Fault{Kind: FaultExpiredToken})
	if got := s.PendingFaults(routeList); got != 5 {
		t.Fatalf("pending = %d", got)
	}
	if resp, m := list(); resp.StatusCode != 500 || m["error_code"] != ErrCodePipelineInternal || m["error_msg"] == "" {
		t.Fatalf("500: %d %v", resp.StatusCode, m)
	}
	if resp, m := list(); resp.StatusCode != 503 || m["error_code"] != ErrCodePipelineInternal {
		t.Fatalf("503: %d %v", resp.StatusCode, m)
	}
	if resp, m := list(); resp.StatusCode != 200 || m["error_code"] != "DEVPIPE.00011401" || m["error_msg"] != "pipeline not found" || m["result"] != nil {
		t.Fatalf("200-with-error: %d %v", resp.StatusCode, m)
	}
	if resp, m := list(); resp.StatusCode != 200 || m["error_code"] != ErrCodePipelineInternal {
		t.Fatalf("200-with-error default: %d %v", resp.StatusCode, m)
	}
	if resp, m := list(); resp.StatusCode != 401 || m["error_code"] != ErrCodeAPIGAuth || !strings.Contains(m["error_msg"].(string), "expired") {
		t.Fatalf("expired-token fault: %d %v", resp.StatusCode, m)
	}
	if resp, _ := list(); resp.StatusCode != 200 {
		t.Fatal("faults should be consumed")
	}
	if got := s.Count(routeList); got != 9 {
		t.Fatalf("count = %d, want 9 (faulted requests count too)", got)
	}

	s.InjectFault(routeList, Fault{Kind: FaultStatus500, Times: 3})
	s.ClearFaults()
	if resp, _ := list(); resp.StatusCode != 200 {
		t.Fatal("ClearFaults did not clear")
	}
}

func TestFaultRainbondShapes(t *testing.T) {
	s, base := newTestServer(t, Options{})
	s.InjectFault(routeTeams, Fault{Kind: FaultStatus429})
	s.InjectFault(routeTeams, Fault{Kind: FaultStatus500})
	s.InjectFault(routeTeams, Fault{Kind: FaultStatus503})
	s.InjectFault(routeTeams, Fault{Kind: FaultErrorWith200, Code: "409", Message: "wait a moment please"})
	s.InjectFault(routeTeams, Fault{Kind: FaultExpiredToken})

	resp, body := do(t, nil, rainbondReq(t, base))
	m := decodeMap(t, body)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "1" || m["error_type"] != "Throttled" ||
		!strings.HasPrefix(m["detail"].(string), "Request was throttled.") || m["code"] != float64(429) {
		t.Fatalf("rainbond 429: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, rainbondReq(t, base))
	m = decodeMap(t, body)
	if resp.StatusCode != 500 || m["code"] != float64(10401) || m["msg"] == nil || m["msg_show"] == nil {
		t.Fatalf("rainbond 500: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, rainbondReq(t, base))
	m = decodeMap(t, body)
	if resp.StatusCode != 503 || m["code"] != float64(503) || m["data"] == nil {
		t.Fatalf("rainbond 503: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, rainbondReq(t, base))
	m = decodeMap(t, body)
	if resp.StatusCode != 200 || m["code"] != float64(409) || m["msg"] != "wait a moment please" || m["tenants"] != nil {
		t.Fatalf("rainbond 200-with-error: %d %s", resp.StatusCode, body)
	}
	resp, body = do(t, nil, rainbondReq(t, base))
	m = decodeMap(t, body)
	if resp.StatusCode != 401 || m["error_type"] != "AuthenticationFailed" || resp.Header.Get("WWW-Authenticate") != "Token" {
		t.Fatalf("rainbond expired: %d %s", resp.StatusCode, body)
	}
}

func TestFaultIAMShape(t *testing.T) {
	s, base := newTestServer(t, Options{})
	s.InjectFault("POST /v3/auth/tokens", Fault{Kind: FaultStatus500})
	req, _ := http.NewRequest("POST", base+"/v3/auth/tokens", strings.NewReader(passwordBody(DemoUserName, DemoPassword, DemoDomainName, `{"name":"`+DemoRegion+`"}`)))
	resp, body := do(t, nil, req)
	e, _ := decodeMap(t, body)["error"].(map[string]any)
	if resp.StatusCode != 500 || e == nil || e["code"] != float64(500) || resp.Header.Get("X-Subject-Token") != "" {
		t.Fatalf("IAM 500: %d %s", resp.StatusCode, body)
	}
	// The token was not issued, the next call works.
	issueToken(t, base)
}

func TestFaultConnReset(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)

	// Before the handler: transport error, and (for a mutating route) no side effect.
	s.InjectFault(routeList, Fault{Kind: FaultConnReset})
	_, err := freshClient().Do(tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	if err == nil {
		t.Fatal("want a transport error")
	}
	if s.Count(routeList) != 1 {
		t.Fatalf("count = %d", s.Count(routeList))
	}
}

// TestFaultConnResetAfterRunsHandler proves the real handler ran (its side
// effect happened) although the client saw only a dropped connection.
func TestFaultConnResetAfterRunsHandler(t *testing.T) {
	s, base := newTestServer(t, Options{})
	var ran atomic.Int32
	s.handle("POST /test/side-effect", svcPipeline, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]int32{"ran": ran.Add(1)})
	})
	tok := issueToken(t, base)

	s.InjectFault("POST /test/side-effect", Fault{Kind: FaultConnResetAfter})
	_, err := freshClient().Do(tokenReq(t, "POST", base+"/test/side-effect", tok, "{}"))
	if err == nil {
		t.Fatal("want a transport error")
	}
	if ran.Load() != 1 || s.Count("POST /test/side-effect") != 1 {
		t.Fatalf("handler ran %d times, count %d", ran.Load(), s.Count("POST /test/side-effect"))
	}

	// Same on a real route: counted, listed pipelines unchanged, then it works again.
	s.InjectFault(routeList, Fault{Kind: FaultConnResetAfter})
	if _, err := freshClient().Do(tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody)); err == nil {
		t.Fatal("want a transport error")
	}
	if resp, _ := do(t, freshClient(), tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody)); resp.StatusCode != 200 {
		t.Fatal("route broken after fault")
	}
	if s.Count(routeList) != 2 {
		t.Fatalf("count = %d", s.Count(routeList))
	}
}

func TestFaultTimeoutAfter(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	s.InjectFault(routeList, Fault{Kind: FaultTimeoutAfter, Delay: 2 * time.Second})
	c := &http.Client{Timeout: 300 * time.Millisecond}
	start := time.Now()
	_, err := c.Do(tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want a client timeout, got %v", err)
	}
	if time.Since(start) > 1500*time.Millisecond {
		t.Fatal("client did not time out early")
	}

	// A patient client gets the real response after the delay.
	s.InjectFault(routeList, Fault{Kind: FaultTimeoutAfter, Delay: 200 * time.Millisecond})
	start = time.Now()
	resp, body := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	if resp.StatusCode != 200 || time.Since(start) < 200*time.Millisecond || decodeMap(t, body)["total"] == nil {
		t.Fatalf("delayed response: %d after %v: %s", resp.StatusCode, time.Since(start), body)
	}
}

func TestFaultMalformedJSON(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	s.InjectFault(routeList, Fault{Kind: FaultMalformedJSON})
	resp, body := do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	var v any
	if resp.StatusCode != 200 || json.Unmarshal(body, &v) == nil || !bytes.HasPrefix(body, []byte(`{"offset":0`)) {
		t.Fatalf("want truncated JSON with 200, got %d %s", resp.StatusCode, body)
	}
}

func TestInjectFaultUnknownRoutePanics(t *testing.T) {
	s := New(Options{})
	defer func() {
		if recover() == nil {
			t.Fatal("want panic")
		}
	}()
	s.InjectFault("POST /v3/pipelines/lst", Fault{Kind: FaultStatus500})
}

func TestCountersRequestsLatency(t *testing.T) {
	s, base := newTestServer(t, Options{Latency: 50 * time.Millisecond})
	tok := issueToken(t, base)
	start := time.Now()
	do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", tok, listBody))
	if time.Since(start) < 50*time.Millisecond {
		t.Fatal("latency not applied")
	}
	s.SetLatency(0)
	do(t, nil, tokenReq(t, "POST", base+"/v3/pipelines/list", "bad-token", listBody)) // auth failure still counts
	do(t, nil, rainbondReq(t, base))

	want := map[string]int{"POST /v3/auth/tokens": 1, routeList: 2, routeTeams: 1}
	if got := s.Counts(); !equalJSON(got, want) {
		t.Fatalf("counts = %v, want %v", got, want)
	}
	reqs := s.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d requests recorded", len(reqs))
	}
	if reqs[0].Method != "POST" || reqs[0].Path != "/v3/auth/tokens" || !bytes.Contains(reqs[0].Body, []byte(DemoPassword)) {
		t.Fatalf("request 0: %+v", reqs[0])
	}
	if reqs[1].Header.Get("X-Auth-Token") != tok || string(reqs[1].Body) != listBody {
		t.Fatalf("request 1: %+v", reqs[1])
	}
	// Requests returns copies.
	reqs[1].Header.Set("X-Auth-Token", "mutated")
	if s.Requests()[1].Header.Get("X-Auth-Token") != tok {
		t.Fatal("Requests leaked internal state")
	}
	s.ResetCounts()
	if len(s.Counts()) != 0 || s.Count(routeList) != 0 {
		t.Fatal("ResetCounts")
	}
	if !contains(s.Routes(), routeList) || !contains(s.Routes(), "GET /v3/projects") {
		t.Fatalf("routes = %v", s.Routes())
	}
}
