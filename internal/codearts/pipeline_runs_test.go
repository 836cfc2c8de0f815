package codearts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	tProject  = "27db3c8e5a46de6b02c87d5fb4d5fc39"
	tPipeline = "e5460d1d403146a1935c2d4b68ef506c"
)

// testClient is a token-authenticated client whose pipeline endpoint is h.
func testClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{Region: "cn-north-4", AuthToken: "tok", Endpoints: Endpoints{Pipeline: srv.URL, Build: srv.URL, Deploy: srv.URL},
		MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRunPipelineStarted(t *testing.T) {
	var calls atomic.Int32
	var got map[string]any
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != "POST" || r.URL.Path != "/v5/"+tProject+"/api/pipelines/"+tPipeline+"/run" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &got)
		fmt.Fprint(w, `{"pipeline_run_id":"9e91b1fd7ce743b7a1b7a2458bcf76c7"}`)
	})
	res, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{
		Sources: []RunSource{{Type: "code", Params: RunSourceParams{GitType: "codehub", GitURL: "https://example.com/g/r.git",
			BuildParams: &RunSourceBuildParams{BuildType: "branch", TargetBranch: "master", EventType: "Manual"}}}},
		Description: "triggered by terraform",
		Variables:   []RunVariable{{Name: "key", Value: "val"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.PipelineRunID != "9e91b1fd7ce743b7a1b7a2458bcf76c7" || res.Queued {
		t.Fatalf("result %+v", res)
	}
	if calls.Load() != 1 {
		t.Fatalf("%d requests", calls.Load())
	}
	src := got["sources"].([]any)[0].(map[string]any)
	params := src["params"].(map[string]any)
	if src["type"] != "code" || params["git_type"] != "codehub" || params["build_params"].(map[string]any)["build_type"] != "branch" ||
		got["description"] != "triggered by terraform" || got["variables"].([]any)[0].(map[string]any)["value"] != "val" {
		t.Fatalf("body %v", got)
	}
	if _, ok := got["choose_stages"]; ok {
		t.Fatalf("empty choose_stages must be omitted: %v", got)
	}
}

func TestRunPipelineQueuedIsAResult(t *testing.T) {
	for _, code := range []string{CodeRunQueuedPipeline, CodeRunQueuedTenant} {
		t.Run(code, func(t *testing.T) {
			var calls atomic.Int32
			c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				// HTTP 200 with the error body, the run id and queue id inside "error".
				fmt.Fprintf(w, `{"error_code":%q,"error_msg":"Maximum concurrency of a single pipeline is limited, enter the queue state","error":{"pipeline_run_id":"ddb7532cb0e948f2af7bb4397fc19864","queue_id":"q-17"}}`, code)
			})
			res, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
			if err != nil {
				t.Fatalf("queued run reported as an error: %v", err)
			}
			if !res.Queued || res.PipelineRunID != "ddb7532cb0e948f2af7bb4397fc19864" || res.QueueID != "q-17" || res.QueueCode != code ||
				!strings.Contains(res.QueueMessage, "enter the queue state") {
				t.Fatalf("result %+v", res)
			}
			if calls.Load() != 1 {
				t.Fatalf("queued start sent %d times; a started run must never be re-sent", calls.Load())
			}
		})
	}
}

func TestRunPipelineQueuedWithoutRunID(t *testing.T) {
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"error_code":"DEVPIPE.00011170","error_msg":"queued"}`)
	})
	_, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
	if err == nil || !strings.Contains(err.Error(), "cannot be followed") || !HasCode(err, CodeRunQueuedTenant) {
		t.Fatalf("err = %v", err)
	}
}

func TestRunPipelineErrors(t *testing.T) {
	t.Run("pipeline not found", func(t *testing.T) {
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error_code":"DEVPIPE.00011401","error_msg":"pipeline not found"}`)
		})
		_, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
		if !IsNotFound(err, CodePipelineNotFound) || !strings.Contains(err.Error(), "pipeline not found") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("5xx is not repeated", func(t *testing.T) {
		var calls atomic.Int32
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(503)
			fmt.Fprint(w, `{"error_code":"DEVPIPE.00011001","error_msg":"busy"}`)
		})
		_, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
		if err == nil || calls.Load() != 1 {
			t.Fatalf("err = %v after %d requests; a 503 may have started the run, so it must be sent once", err, calls.Load())
		}
	})
	t.Run("429 is retried", func(t *testing.T) {
		var calls atomic.Int32
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.WriteHeader(429)
				fmt.Fprint(w, `{"error_code":"APIG.0308","error_msg":"throttled"}`)
				return
			}
			fmt.Fprint(w, `{"pipeline_run_id":"r2"}`)
		})
		res, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
		if err != nil || res.PipelineRunID != "r2" || calls.Load() != 2 {
			t.Fatalf("res %+v err %v calls %d", res, err, calls.Load())
		}
	})
	t.Run("no run id", func(t *testing.T) {
		c := testClient(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{}`) })
		_, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
		var me *MalformedResponseError
		if !errors.As(err, &me) || !me.StartsRun {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestGetAndStopPipelineRun(t *testing.T) {
	stopAnswer := `{"success":true}`
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/v5/"+tProject+"/api/pipelines/"+tPipeline+"/pipeline-runs/detail":
			if r.URL.Query().Get("pipeline_run_id") != "r1" {
				t.Errorf("query %s", r.URL.RawQuery)
			}
			fmt.Fprint(w, `{"id":"r1","status":"PAUSED","run_number":7,"start_time":1678066487000,"end_time":0,
			  "stages":[{"id":"s1","name":"Review","status":"PAUSED","start_time":1678066487000,
			    "jobs":[{"id":"j1","name":"Approve","status":"PAUSED","steps":[{"id":"st1","name":"Manual review","status":"RUNNING"}]}]},
			   {"id":"s2","name":"Build","status":"FAILED","jobs":[{"id":"j2","name":"Maven","status":"FAILED","message":"exit 1"}]}],
			  "current_system_time":"1678066490000"}`)
		case r.Method == "POST" && r.URL.Path == "/v5/"+tProject+"/api/pipelines/"+tPipeline+"/pipeline-runs/r1/stop":
			fmt.Fprint(w, stopAnswer)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
	})
	d, err := c.GetPipelineRun(context.Background(), tProject, tPipeline, "r1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != "PAUSED" || d.RunNumber != 7 || EpochMillis(d.StartTime).UnixMilli() != 1678066487000 || !EpochMillis(d.EndTime).IsZero() {
		t.Fatalf("detail %+v", d)
	}
	if s, j, ok := d.Waiting(); !ok || s.Name != "Review" || j.ID != "j1" || j.Steps[0].ID != "st1" {
		t.Fatalf("waiting = %v %v %v", s, j, ok)
	}
	if f := d.Failed(); len(f) != 1 || f[0] != "job 'Maven' in stage 'Build' failed: exit 1" {
		t.Fatalf("failed = %v", f)
	}
	if IsTerminalRunStatus(d.Status) || !IsTerminalRunStatus("CANCELED") {
		t.Fatal("terminal statuses")
	}
	if ok, err := c.StopPipelineRun(context.Background(), tProject, tPipeline, "r1"); err != nil || !ok {
		t.Fatalf("stop = %v, %v", ok, err)
	}
	stopAnswer = `{"success":false}`
	if ok, err := c.StopPipelineRun(context.Background(), tProject, tPipeline, "r1"); err != nil || ok {
		t.Fatalf("stop of an ended run = %v, %v; want false, nil", ok, err)
	}
	stopAnswer = `{"error_code":"DEVPIPE.00011401","error_msg":"pipeline not found"}`
	if _, err := c.StopPipelineRun(context.Background(), tProject, tPipeline, "r1"); !HasCode(err, CodePipelineNotFound) {
		t.Fatalf("stop err = %v", err)
	}
}

func TestListPipelineRunsBodyAndServerCap(t *testing.T) {
	const total = 45
	var bodies []map[string]any
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		bodies = append(bodies, m)
		off := int(m["offset"].(float64))
		// A server that caps pages at 20, whatever limit says.
		var runs []string
		for i := off; i < total && i < off+20; i++ {
			runs = append(runs, fmt.Sprintf(`{"pipeline_run_id":"r%02d","run_number":%d,"status":"COMPLETED","start_time":%d,"end_time":null,"build_params":null,"artifact_params":null,"stage_status_list":[{"name":"s","sequence":0,"status":"COMPLETED","start_time":"2023-03-06 10:04:46","end_time":"2023-03-06 10:04:46"}]}`, i, total-i, 1678066487000-int64(i)*1000))
		}
		fmt.Fprintf(w, `{"offset":%d,"limit":%v,"total":%d,"pipeline_runs":[%s]}`, off, m["limit"], total, strings.Join(runs, ","))
	})
	f := PipelineRunFilter{Statuses: []string{"COMPLETED"}, StartTime: time.UnixMilli(1677513600000), EndTime: time.UnixMilli(1678118399000)}
	runs, stats, err := c.ListPipelineRuns(context.Background(), tProject, tPipeline, f, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != total || stats.Requests != 3 || stats.Total != total {
		t.Fatalf("%d runs in %d requests; a capped server must not truncate the listing", len(runs), stats.Requests)
	}
	first := bodies[0]
	// Times are epoch-ms strings (SDK ListPipelineRunsQuery), sort is explicit, limit the page size.
	if first["start_time"] != "1677513600000" || first["end_time"] != "1678118399000" ||
		first["sort_key"] != "start_time" || first["sort_dir"] != "desc" || first["limit"] != float64(PipelineRunsPageMax) ||
		fmt.Sprint(first["status"]) != "[COMPLETED]" {
		t.Fatalf("body %v", first)
	}
	if bodies[1]["offset"] != float64(20) || bodies[2]["offset"] != float64(40) {
		t.Fatalf("offsets %v %v", bodies[1]["offset"], bodies[2]["offset"])
	}
	if runs[0].StageStatusList[0].StartTime != "2023-03-06 10:04:46" || EpochMillis(runs[0].EndTime) != (time.Time{}) {
		t.Fatalf("run %+v", runs[0])
	}

	// max below one page: one request asking for just that many.
	bodies = nil
	runs, stats, err = c.ListPipelineRuns(context.Background(), tProject, tPipeline, PipelineRunFilter{SortDir: "ASC"}, 7)
	if err != nil || len(runs) != 7 || stats.Requests != 1 || bodies[0]["limit"] != float64(7) || bodies[0]["sort_dir"] != "asc" {
		t.Fatalf("%d runs, %d requests, body %v, err %v", len(runs), stats.Requests, bodies[0], err)
	}
	if _, ok := bodies[0]["start_time"]; ok {
		t.Fatal("unset start_time must be omitted")
	}
	latest, stats, err := c.LatestPipelineRun(context.Background(), tProject, tPipeline, PipelineRunFilter{SortDir: "asc"})
	if err != nil || latest.PipelineRunID != "r00" || stats.Requests != 1 || bodies[1]["limit"] != float64(1) || bodies[1]["sort_dir"] != "desc" {
		t.Fatalf("latest %+v, %d requests, err %v", latest, stats.Requests, err)
	}
}

// logServer serves a log of n lines from base in pages of `limit` lines.
func logServer(t *testing.T, base int64, text string, requests *[]logQuery) *Client {
	return testClient(t, func(w http.ResponseWriter, r *http.Request) {
		var q logQuery
		if err := json.NewDecoder(r.Body).Decode(&q); err != nil {
			t.Error(err)
		}
		*requests = append(*requests, q)
		start := q.StartOffset
		if start < base {
			start = base
		}
		rest := text[start-base:]
		chunk := ""
		for i := 0; i < q.Limit && rest != ""; i++ {
			line := rest
			if j := strings.IndexByte(rest, '\n'); j >= 0 {
				line = rest[:j+1]
			}
			chunk += line
			rest = rest[len(line):]
		}
		end := start + int64(len(chunk))
		_ = json.NewEncoder(w).Encode(map[string]any{"has_more": rest != "", "start_offset": fmt.Sprint(start), "end_offset": fmt.Sprint(end),
			"log": chunk, "location": "jenkins", "step_run_id": "st1"})
	})
}

func TestReadStepLog(t *testing.T) {
	var text strings.Builder
	for i := 1; i <= 1200; i++ {
		fmt.Fprintf(&text, "[2023/11/24 21:49:32.198 GMT+08:00] [INFO] line %04d 执行Shell\n", i)
	}
	ref := StepRef{ProjectID: tProject, PipelineID: tPipeline, PipelineRunID: "r1", JobRunID: "j1", StepRunID: "st1"}
	const base = 6132
	lineLen := len("[2023/11/24 21:49:32.198 GMT+08:00] [INFO] line 0001 执行Shell\n")

	t.Run("whole log", func(t *testing.T) {
		var reqs []logQuery
		c := logServer(t, base, text.String(), &reqs)
		l, err := c.ReadStepLog(context.Background(), ref, StepLogOptions{MaxBytes: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if l.Log != text.String() || l.Truncated || l.HasMore || l.StartOffset != base || l.EndOffset != base+int64(text.Len()) || l.Requests != 3 {
			t.Fatalf("log %d bytes, %+v", len(l.Log), *l)
		}
		// Seed 004's request: numbers, limit 500, sort asc; next page from end_offset.
		if reqs[0] != (logQuery{StartOffset: 0, EndOffset: 0, Limit: 500, Sort: "asc"}) || reqs[1].StartOffset != base+500*int64(lineLen) {
			t.Fatalf("requests %+v", reqs)
		}
	})
	t.Run("max_bytes stops reading", func(t *testing.T) {
		var reqs []logQuery
		c := logServer(t, base, text.String(), &reqs)
		l, err := c.ReadStepLog(context.Background(), ref, StepLogOptions{MaxBytes: 10*lineLen + 5})
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) != 1 || len(l.Log) != 10*lineLen || !strings.HasSuffix(l.Log, "line 0010 执行Shell\n") || !l.Truncated || !l.HasMore {
			t.Fatalf("%d requests, %d bytes, %+v", len(reqs), len(l.Log), *l)
		}
	})
	t.Run("tail lines read to the end", func(t *testing.T) {
		var reqs []logQuery
		c := logServer(t, base, text.String(), &reqs)
		l, err := c.ReadStepLog(context.Background(), ref, StepLogOptions{MaxBytes: 1 << 20, TailLines: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(strings.Split(text.String(), "\n")[1197:], "\n")
		if l.Log != want || !l.Truncated || l.HasMore || len(reqs) != 3 {
			t.Fatalf("tail %q %+v", l.Log, *l)
		}
	})
	t.Run("tail within max_bytes keeps whole lines", func(t *testing.T) {
		var reqs []logQuery
		c := logServer(t, base, text.String(), &reqs)
		l, err := c.ReadStepLog(context.Background(), ref, StepLogOptions{MaxBytes: 2*lineLen + 10, TailLines: 100})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(l.Log, "[2023/11/24") || strings.Count(l.Log, "\n") != 2 || !strings.HasSuffix(l.Log, "line 1200 执行Shell\n") {
			t.Fatalf("tail %q", l.Log)
		}
	})
	t.Run("resume from an offset", func(t *testing.T) {
		var reqs []logQuery
		c := logServer(t, base, text.String(), &reqs)
		from := int64(base + 1190*lineLen)
		l, err := c.ReadStepLog(context.Background(), ref, StepLogOptions{MaxBytes: 1 << 20, StartOffset: from})
		if err != nil || strings.Count(l.Log, "\n") != 10 || l.StartOffset != from || len(reqs) != 1 || reqs[0].StartOffset != from {
			t.Fatalf("%+v %v", l, err)
		}
	})
}

func TestCutHelpersKeepUTF8(t *testing.T) {
	s := []byte("执行Shell") // 3-byte runes first
	for n := 1; n < len(s); n++ {
		if got := cutHead(append([]byte(nil), s...), n); !utf8ValidString(got) {
			t.Fatalf("cutHead(%d) = %q", n, got)
		}
		if got := keepTail(s, n); !utf8ValidString(got) {
			t.Fatalf("keepTail(%d) = %q", n, got)
		}
	}
}

func utf8ValidString(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }
