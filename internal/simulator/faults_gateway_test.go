package simulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The gateway and reply-shape faults the sequence suite uses, on the build
// routes: who acted, what the client got.
func TestFaultGatewayAndReplyShapes(t *testing.T) {
	s, base := newTestServer(t, Options{})
	tok := issueToken(t, base)
	job := "0123456789abcdef0123456789abcdef"
	s.AddBuildJob(job)
	start := func() (*http.Response, string) {
		resp, body := do(t, nil, tokenReq(t, "POST", base+"/v3/jobs/build", tok, fmt.Sprintf(`{"job_id":%q}`, job)))
		return resp, string(body)
	}

	// Before the handler: the gateway's page, nothing started.
	s.InjectFault(RouteBuildRun, Fault{Kind: FaultGateway502})
	resp, body := start()
	if resp.StatusCode != 502 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, "<title>502 Bad Gateway</title>") || s.BuildsStarted(job) != 0 {
		t.Fatalf("gateway 502 before: HTTP %d %q, %d builds", resp.StatusCode, body, s.BuildsStarted(job))
	}
	// After the handler: the build started, the client got the page.
	s.InjectFault(RouteBuildRun, Fault{Kind: FaultGateway504After})
	if resp, body = start(); resp.StatusCode != 504 || !strings.Contains(body, "504 Gateway Time-out") && !strings.Contains(body, "504 Gateway Timeout") || s.BuildsStarted(job) != 1 {
		t.Fatalf("gateway 504 after: HTTP %d %q, %d builds", resp.StatusCode, body, s.BuildsStarted(job))
	}
	// HTTP 200 without the run id.
	s.InjectFault(RouteBuildRun, Fault{Kind: FaultEditField, Field: "actual_build_number", Value: ""})
	if resp, body = start(); resp.StatusCode != 200 || !strings.Contains(body, `"actual_build_number":""`) || s.BuildsStarted(job) != 2 {
		t.Fatalf("blank id: HTTP %d %q, %d builds", resp.StatusCode, body, s.BuildsStarted(job))
	}
	// record-info without build_no; a wildcard edit of a list.
	s.InjectFault(RouteBuildRecordInfo, Fault{Kind: FaultEditField, Field: "result.build_no", Drop: true})
	_, rec := do(t, nil, tokenReq(t, "GET", base+"/v3/jobs/"+job+"/1/record-info", tok, ""))
	if m := decodeMap(t, rec); m["result"].(map[string]any)["build_no"] != nil || m["result"].(map[string]any)["build_record_id"] == "" {
		t.Fatalf("record without build_no: %s", rec)
	}
	s.InjectFault(RouteBuildHistory, Fault{Kind: FaultEditField, Field: "history_records.*.result", Value: "PAUSED"})
	_, hist := do(t, nil, tokenReq(t, "GET", base+"/v3/jobs/"+job+"/history?offset=0&limit=10", tok, ""))
	if strings.Count(string(hist), `"result":"PAUSED"`) != 2 {
		t.Fatalf("wildcard edit: %s", hist)
	}

	// A window: every request fails until it has passed, then none.
	s.InjectFault(RouteBuildInfo, Fault{Kind: FaultGateway502, For: 300 * time.Millisecond})
	info := func() int {
		resp, _ := do(t, nil, tokenReq(t, "GET", base+"/v1/job/"+job+"/1/build-info", tok, ""))
		return resp.StatusCode
	}
	if a, b := info(), info(); a != 502 || b != 502 {
		t.Fatalf("inside the window: %d %d", a, b)
	}
	time.Sleep(350 * time.Millisecond)
	if c := info(); c != 200 || s.PendingFaults(RouteBuildInfo) != 0 {
		t.Fatalf("after the window: %d, %d pending", c, s.PendingFaults(RouteBuildInfo))
	}

	// A list that ignores offset answers the first page for every offset.
	s.InjectFault(RouteBuildHistory, Fault{Kind: FaultIgnoreOffset, Times: 2})
	_, p1 := do(t, nil, tokenReq(t, "GET", base+"/v3/jobs/"+job+"/history?offset=0&limit=1", tok, ""))
	_, p2 := do(t, nil, tokenReq(t, "GET", base+"/v3/jobs/"+job+"/history?offset=2&limit=1", tok, ""))
	if string(p1) != string(p2) {
		t.Fatalf("offset honoured: %s vs %s", p1, p2)
	}
	_, p3 := do(t, nil, tokenReq(t, "GET", base+"/v3/jobs/"+job+"/history?offset=2&limit=1", tok, ""))
	if string(p3) == string(p1) {
		t.Fatalf("the fault outlived its two requests")
	}
}
