package codearts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Shapes the real services send (or take) that the simulator does not, fed to
// the client directly. Each names the evidence.

// The run detail's current_system_time is an int64 in the SDK model
// (codeartspipeline/v2 ShowPipelineRunDetailResponse.CurrentSystemTime) and
// in the huaweicloud provider; older pages show a string. Both decode.
func TestGetPipelineRunCurrentSystemTimeNumberOrString(t *testing.T) {
	for _, v := range []string{`1700000000123`, `"1700000000123"`} {
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `{"id":"r1","status":"RUNNING","start_time":1700000000000,"current_system_time":%s}`, v)
		})
		d, err := c.GetPipelineRun(context.Background(), tProject, tPipeline, "r1")
		if err != nil {
			t.Fatalf("current_system_time %s: %v", v, err)
		}
		if got := fmt.Sprint(d.CurrentSystemTime); got != "1700000000123" {
			t.Fatalf("current_system_time %s decoded as %q", v, d.CurrentSystemTime)
		}
	}
}

// The run list's start_time/end_time are strings (codeartspipeline/v2
// ListPipelineRunsQuery.StartTime *string; doc page ListPipelineRuns:
// "String, timestamp or yyyy-MM-dd HH:mm:ss"). The client sends epoch ms as a string.
func TestListPipelineRunsSendsTimesAsStrings(t *testing.T) {
	var body map[string]json.RawMessage
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		fmt.Fprint(w, `{"offset":0,"limit":1,"total":0,"pipeline_runs":[]}`)
	})
	from := time.UnixMilli(1700000000000)
	to := time.UnixMilli(1700000999000)
	if _, _, err := c.ListPipelineRuns(context.Background(), tProject, tPipeline, PipelineRunFilter{StartTime: from, EndTime: to}, 1); err != nil {
		t.Fatal(err)
	}
	if got := string(body["start_time"]); got != `"1700000000000"` {
		t.Errorf("start_time sent as %s, want the string \"1700000000000\"", got)
	}
	if got := string(body["end_time"]); got != `"1700000999000"` {
		t.Errorf("end_time sent as %s, want the string \"1700000999000\"", got)
	}
}

// step_state members typed as the SDK's StepInfo model types them (int64 id,
// int32 offsets and elapsed time, bool enable) decode like the doc page's
// strings (ShowDeployStatus table StepInfo: every member String); the
// simulator sends the strings.
func TestGetDeployStateTypedStepMembers(t *testing.T) {
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"status":"success","result":{"status":"running","record_id":"rec","task_id":"task","step":"running",
			"step_state":[{"region":"cn-north-4","id":11,"offset":1,"enable":true,"name":"Install","current_offset":2,"elapsed_time":10000,"faq_url":""},
			{"region":"cn-north-4","id":"12","offset":"2","enable":"false","name":"Start","current_offset":"2","elapsed_time":"0","faq_url":null}]}}`)
	})
	c, err := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Deploy: srv}})
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.GetDeployState(context.Background(), "task", "rec")
	if err != nil {
		t.Fatal(err)
	}
	a, b := st.StepState[0], st.StepState[1]
	if id, _ := a.ID.Int(); id != 11 {
		t.Errorf("id %q", a.ID)
	}
	if off, _ := a.Offset.Int(); off != 1 {
		t.Errorf("offset %q", a.Offset)
	}
	if cur, _ := a.CurrentOffset.Int(); cur != 2 {
		t.Errorf("current_offset %q", a.CurrentOffset)
	}
	if ms, _ := a.ElapsedTime.Int(); ms != 10000 {
		t.Errorf("elapsed_time %q", a.ElapsedTime)
	}
	if !a.Enable.Bool(false) || b.Enable.Bool(true) {
		t.Errorf("enable %q / %q", a.Enable, b.Enable)
	}
}

func httptestServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// historyServer serves n builds (newest = n) in the 30-day history, pages
// counted from first (0 as the simulator and the doc page's ">= 0" read;
// 1 for a service that treats 0 like 1), and no older builds.
func historyServer(t *testing.T, n, first int, queries *[]url.Values) string {
	return httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		*queries = append(*queries, q)
		if strings.HasSuffix(r.URL.Path, "/period-history") {
			fmt.Fprint(w, `{"total":0,"history_records":[]}`)
			return
		}
		page, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if page < first {
			page = first
		}
		var rows []string
		for i := (page - first) * limit; i < n && len(rows) < limit; i++ {
			no := n - i
			rows = append(rows, fmt.Sprintf(`{"record_id":"r%d","job_id":"j","build_number":%d,"result":"SUCCESS"}`, no, no))
		}
		fmt.Fprintf(w, `{"history_records":[%s],"total":%d}`, strings.Join(rows, ","), n)
	})
}

func TestListBuildHistoryPagesByPageNumberWithInterval(t *testing.T) {
	for _, first := range []int{0, 1} {
		var queries []url.Values
		c, err := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Build: historyServer(t, 250, first, &queries)}})
		if err != nil {
			t.Fatal(err)
		}
		rows, stats, err := c.ListBuildHistory(context.Background(), "j", 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 250 || rows[0].BuildNumber != 250 || rows[249].BuildNumber != 1 {
			t.Fatalf("pages from %d: %d rows", first, len(rows))
		}
		// Pages 0..2 (from 0) or 0..3 (from 1: page 0 repeats page 1), then
		// one request per period window back to BuildLookbackDays.
		// Window k reaches 30k+28 days back: 6 windows reach 180 days.
		const windows = 6
		wantHistory := 3 + first
		if stats.Requests != wantHistory+windows || len(queries) != stats.Requests {
			t.Fatalf("pages from %d: %d requests (%d seen), want %d + %d windows", first, stats.Requests, len(queries), wantHistory, windows)
		}
		for i, q := range queries[:wantHistory] {
			if q.Get("offset") != strconv.Itoa(i) || q.Get("limit") != "100" || q.Get("interval") != "30" {
				t.Errorf("history request %d: %v", i, q)
			}
		}
		last := queries[len(queries)-1]
		if last.Get("start_time") == "" || last.Get("end_time") == "" || stats.Days != BuildLookbackDays {
			t.Errorf("last window %v, %d days read", last, stats.Days)
		}
	}
}

// A lookup that finds its build stops at that page: no further requests.
func TestListBuildHistoryStopsWhenDone(t *testing.T) {
	var queries []url.Values
	c, _ := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Build: historyServer(t, 250, 0, &queries)}})
	_, stats, err := c.ListBuildHistory(context.Background(), "j", 0, func(rows []BuildHistoryRecord) bool { return len(rows) >= 150 })
	if err != nil || stats.Requests != 2 || len(queries) != 2 {
		t.Fatalf("%d requests, err %v", stats.Requests, err)
	}
}

// A history that ignores the page number (every page is the first) stops
// with a PagingError after the one tolerated repeat, not silently short.
func TestListBuildHistoryIgnoringThePageNumberIsAnError(t *testing.T) {
	var queries []url.Values
	c, _ := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Build: historyServer(t, 250, 1<<20, &queries)}})
	_, stats, err := c.ListBuildHistory(context.Background(), "j", 0, nil)
	var pe *PagingError
	if !errors.As(err, &pe) || !pe.Repeated || stats.Requests != 3 || len(queries) != 3 {
		t.Fatalf("%d requests, err %v; want a repeated-page PagingError after 3", stats.Requests, err)
	}
}

// Build records are read from the current v1 endpoint (SDK
// ShowJobBuildRecordDetail); where the gateway has no such API (404
// APIGW.0101) the client falls back to v3 and stays there: one v1 attempt
// per client, not one per read.
func TestGetBuildRecordV1ThenV3Fallback(t *testing.T) {
	const v1 = `{"status":"success","error":null,"result":{"build_no":7,"build_record_id":"rec7","status":"SUCCESS","duration":1500}}`
	const v3 = `{"success":true,"result":{"build_no":7,"build_record_id":"rec7","status":"SUCCESS","duration":1500.5}}`
	for _, hasV1 := range []bool{true, false} {
		var paths []string
		srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
			paths = append(paths, r.URL.Path)
			switch {
			case strings.HasPrefix(r.URL.Path, "/v1/record/") && hasV1:
				fmt.Fprint(w, v1)
			case strings.HasPrefix(r.URL.Path, "/v1/record/"):
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`)
			default:
				fmt.Fprint(w, v3)
			}
		})
		c, _ := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Build: srv}})
		for i := 0; i < 2; i++ {
			rec, err := c.GetBuildRecord(context.Background(), "job", 7)
			if err != nil || rec.BuildNo != 7 || rec.StatusWord() != "SUCCESS" || rec.Duration == nil {
				t.Fatalf("v1 present %v: %+v %v", hasV1, rec, err)
			}
		}
		want := []string{"/v1/record/job/7/record-info", "/v1/record/job/7/record-info"}
		if !hasV1 {
			want = []string{"/v1/record/job/7/record-info", "/v3/jobs/job/7/record-info", "/v3/jobs/job/7/record-info"}
		}
		if strings.Join(paths, " ") != strings.Join(want, " ") {
			t.Errorf("v1 present %v: requests %v, want %v", hasV1, paths, want)
		}
	}
	// A missing build on v1 is that build's 404, not a missing endpoint.
	srv := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error_code":"DEVCB.00031006","error_msg":"Build 9 does not exist"}`)
	})
	c, _ := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Build: srv}})
	if _, err := c.GetBuildRecord(context.Background(), "job", 9); !HasCode(err, "DEVCB.00031006") || c.recordV1Missing.Load() {
		t.Fatalf("missing build: %v", err)
	}
}

// The template list's is_show_source is a string in the SDK model
// (PipelineTemplateSimpleVo) and a bool by the huaweicloud provider's
// acceptance test (the simulator's form); the string form decodes too, and
// create_time/update_time are read.
func TestListTemplatesIsShowSourceStringAndTimes(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"offset":0,"limit":50,"total":1,"templates":[{"id":"t1","name":"n","language":"Java","is_collect":false,"is_show_source":"true","create_time":1700000000000,"update_time":1700000001000,"stages":[]}]}`)
	})
	c.domainID = "d" // no IAM look-up
	rows, _, err := c.ListTemplates(context.Background(), TemplateFilter{}, 0)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v %v", rows, err)
	}
	if !bool(rows[0].IsShowSource) || rows[0].CreateTime == nil || *rows[0].UpdateTime != 1700000001000 {
		t.Fatalf("row %+v", rows[0])
	}
}
