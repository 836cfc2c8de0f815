package rainbond

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const eventsPath = "/openapi/v1/teams/1fb050582989830a6b3b6514dfadef86/regions/rainbond/apps/7/services/gr0f0fd07/events"

func TestEventDecodesBothKeyStyles(t *testing.T) {
	snake := `{"event_id":"e1","user_name":"admin","end_time":"2024-05-01T10:02:00+08:00","target":"service","opt_type":"build-service",
	 "target_id":"sid","service_id":"sid","status":"success","request_body":"","create_time":"2024-05-01T10:00:00+08:00",
	 "final_status":"complete","start_time":"2024-05-01T10:00:00+08:00","syn_type":"0","message":"ok","tenant_id":"tid"}`
	// Console < v6.0.0 (AppServiceEventsSerializer with CamelCase fields; create_time stayed snake_case).
	camel := `{"EventID":"e1","UserName":"admin","EndTime":"2024-05-01T10:02:00+08:00","Target":"service","OptType":"build-service",
	 "TargetID":"sid","ServiceID":"sid","Status":"success","RequestBody":"","create_time":"2024-05-01T10:00:00+08:00",
	 "FinalStatus":"complete","StartTime":"2024-05-01T10:00:00+08:00","SynType":"0","Message":"ok","TenantID":"tid","ID":"42"}`
	var a, b Event
	if err := json.Unmarshal([]byte(snake), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(camel), &b); err != nil {
		t.Fatal(err)
	}
	if b.ID != "42" {
		t.Errorf("ID %q", b.ID)
	}
	b.ID = ""
	if a != b {
		t.Errorf("snake %+v\ncamel %+v", a, b)
	}
	want := Event{EventID: "e1", UserName: "admin", EndTime: "2024-05-01T10:02:00+08:00", Target: "service", OptType: "build-service",
		TargetID: "sid", ServiceID: "sid", Status: "success", CreateTime: "2024-05-01T10:00:00+08:00", FinalStatus: "complete",
		StartTime: "2024-05-01T10:00:00+08:00", SynType: "0", Message: "ok", TenantID: "tid"}
	if a != want {
		t.Errorf("got %+v\nwant %+v", a, want)
	}
	if !a.Finished() || !a.Succeeded() {
		t.Error("complete+success must be finished and succeeded")
	}
	if st, ok := a.StartedAt(); !ok || st.Hour() != 10 {
		t.Errorf("start %v %v", st, ok)
	}

	// Raw region rows (echoed when the serializer rejects them) carry numbers and nulls.
	var raw Event
	if err := json.Unmarshal([]byte(`{"event_id":"e2","syn_type":0,"end_time":null,"reason":"scan","final_status":"timeout"}`), &raw); err != nil {
		t.Fatal(err)
	}
	if raw.SynType != "0" || raw.EndTime != "" || raw.Reason != "scan" || raw.Finished() {
		t.Errorf("%+v", raw)
	}
	if err := json.Unmarshal([]byte(`{"event_id":{"x":1}}`), &raw); err == nil {
		t.Error("an object for event_id must be an error")
	}
}

func TestBuildRunStatus(t *testing.T) {
	cases := []struct {
		e    *Event
		want string
	}{
		{nil, RunStatusNotListed},
		{&Event{}, RunStatusRunning},
		{&Event{FinalStatus: "timeout"}, RunStatusStale},
		{&Event{FinalStatus: "complete", Status: "success"}, RunStatusSuccess},
		{&Event{FinalStatus: "complete", Status: "failure"}, RunStatusFailure},
		{&Event{FinalStatus: "complete", Status: "timeout"}, RunStatusTimeout},
		{&Event{FinalStatus: "complete", Status: "checking"}, "complete/checking"},
	}
	for _, tc := range cases {
		got := BuildRunStatus(tc.e)
		if got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.e, got, tc.want)
		}
	}
	if BuildPhases.Of(RunStatusStale).Terminal() {
		t.Error("final_status timeout is not final")
	}
	if !BuildPhases.Of(RunStatusTimeout).Terminal() || BuildPhases.Of("complete/checking").String() != "unknown" {
		t.Error("phases")
	}
}

// eventsServer serves n events (newest first, ids ev-000 …) with real paging
// and records the requested pages.
// eventsNewest is when the newest event of eventsServer started.
var eventsNewest = time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

func eventsServer(t *testing.T, n int, camel bool, pages *[]string) *Client {
	return testClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != eventsPath {
			t.Errorf("path %s", r.URL.Path)
		}
		q := r.URL.Query()
		*pages = append(*pages, q.Get("page")+"/"+q.Get("page_size"))
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("page_size"))
		var rows []map[string]any
		for i := (page - 1) * size; i < page*size && i < n; i++ {
			opt, status := "build-service", "success"
			if i%3 == 1 {
				opt = "upgrade"
			}
			if i%4 == 2 {
				status = "failure"
			}
			// One a minute, newest first.
			start := eventsNewest.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)
			row := map[string]any{"event_id": fmt.Sprintf("ev-%03d", i), "opt_type": opt, "status": status, "final_status": "complete", "syn_type": "0", "start_time": start}
			if i == 0 {
				row["status"], row["final_status"] = "", ""
			}
			if camel {
				row = map[string]any{"EventID": row["event_id"], "OptType": row["opt_type"], "Status": row["status"], "FinalStatus": row["final_status"], "SynType": "0", "ID": strconv.Itoa(1000 - i), "StartTime": start}
			}
			rows = append(rows, row)
		}
		if rows == nil {
			rows = []map[string]any{}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"events": rows, "total": n, "page": page, "page_size": size})
	})
}

func TestListComponentEventsPaging(t *testing.T) {
	for _, camel := range []bool{false, true} {
		t.Run(fmt.Sprintf("camel=%v", camel), func(t *testing.T) {
			var pages []string
			c := eventsServer(t, 123, camel, &pages)
			all, stats, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{}, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 123 || stats.Total != 123 || stats.Requests != 3 {
				t.Fatalf("got %d events, stats %+v", len(all), stats)
			}
			if strings.Join(pages, ",") != "1/50,2/50,3/50" {
				t.Errorf("pages %v", pages)
			}
			if all[0].EventID != "ev-000" || all[122].EventID != "ev-122" || all[0].Finished() {
				t.Errorf("order/first: %+v … %+v", all[0], all[122])
			}

			// A limit stops paging as soon as it is reached.
			pages = nil
			some, stats, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{}, 10)
			if err != nil || len(some) != 10 || stats.Requests != 1 {
				t.Fatalf("limit: %d events, %+v, %v", len(some), stats, err)
			}

			// Filters apply across pages.
			pages = nil
			builds, _, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{OptType: "build-service", Status: "failure"}, 0)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for i := 0; i < 123; i++ {
				if i%3 != 1 && i%4 == 2 {
					want++
				}
			}
			if len(builds) != want {
				t.Errorf("filtered %d, want %d", len(builds), want)
			}
			// Since ends paging at the first page reaching older events.
			pages = nil
			recent, stats, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{Since: eventsNewest.Add(-60 * time.Minute)}, 0)
			if err != nil || stats.Requests != 2 || len(recent) != 100 {
				t.Fatalf("since: %d events, %+v, %v (pages %v)", len(recent), stats, err, pages)
			}
			running, _, _ := c.ListComponentEvents(context.Background(), testRef, EventFilter{Status: StatusRunning}, 0)
			if len(running) != 1 || running[0].EventID != "ev-000" {
				t.Errorf("running: %+v", running)
			}
		})
	}
}

func TestListComponentEventsEmpty(t *testing.T) {
	var pages []string
	c := eventsServer(t, 0, false, &pages)
	ev, stats, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{}, 0)
	if err != nil || len(ev) != 0 || stats.Requests != 1 || stats.Total != 0 {
		t.Fatalf("%v %+v %v", ev, stats, err)
	}
}

func TestFindComponentEvent(t *testing.T) {
	var pages []string
	c := eventsServer(t, 120, false, &pages)
	e, err := c.FindComponentEvent(context.Background(), testRef, "ev-077", 0)
	if err != nil || e == nil || e.EventID != "ev-077" {
		t.Fatalf("%+v %v", e, err)
	}
	if len(pages) != 2 {
		t.Errorf("pages %v: must stop at the page holding the event", pages)
	}
	pages = nil
	e, err = c.FindComponentEvent(context.Background(), testRef, "ev-119", 2)
	if err != nil || e != nil || len(pages) != 2 {
		t.Fatalf("beyond maxPages: %+v %v %v", e, err, pages)
	}
	e, err = c.FindComponentEvent(context.Background(), testRef, "nope", 0)
	if err != nil || e != nil {
		t.Fatalf("missing: %+v %v", e, err)
	}
}

func TestWaitForComponentEventLateRow(t *testing.T) {
	var polls atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		rows := `[]`
		if polls.Add(1) >= 3 { // the row appears on the third read
			rows = `[{"event_id":"late","opt_type":"build-service","status":"","final_status":""}]`
		}
		fmt.Fprintf(w, `{"events":%s,"total":%d,"page":1,"page_size":50}`, rows, len(rows)/10)
	})
	e, err := c.WaitForComponentEvent(context.Background(), testRef, "late", 5*time.Second, 5*time.Millisecond)
	if err != nil || e == nil || e.EventID != "late" || polls.Load() != 3 {
		t.Fatalf("%+v %v polls %d", e, err, polls.Load())
	}
	// Never appears: a typed error after the grace period.
	_, err = c.WaitForComponentEvent(context.Background(), testRef, "never", 30*time.Millisecond, 5*time.Millisecond)
	var nl *EventNotListedError
	if !errors.As(err, &nl) || nl.Polls < 2 || !strings.Contains(err.Error(), "did not appear") {
		t.Fatalf("err %v", err)
	}
	// Cancelled context.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.WaitForComponentEvent(ctx, testRef, "never", time.Minute, time.Millisecond); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
}

func TestEventsErrors(t *testing.T) {
	var n atomic.Int32
	c := testClient(t, reply(404, `{"code":404,"msg":"component not belong to this app","msg_show":"组件不属于指定应用","data":{"bean":{},"list":[]}}`, &n))
	_, _, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{}, 0)
	if NotFoundKind(err) != NotFoundComponentInApp {
		t.Fatalf("err %v", err)
	}
	// Reads are retried on 5xx.
	n.Store(0)
	c = testClient(t, reply(503, `{"code":503,"msg":"unavailable"}`, &n))
	_, err = c.ComponentEventsPage(context.Background(), testRef, 1, 10)
	if err == nil || n.Load() != 3 {
		t.Fatalf("err %v after %d requests, want 3 (2 retries)", err, n.Load())
	}
	// Malformed JSON.
	c = testClient(t, reply(200, `{"events":[{"event_id":`, nil))
	_, err = c.ComponentEventsPage(context.Background(), testRef, 1, 10)
	var me *MalformedResponseError
	if !errors.As(err, &me) {
		t.Fatalf("err %v", err)
	}
}

func TestEventLogs(t *testing.T) {
	var path string
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		_, _ = w.Write([]byte(`{"logs":[{"message":"Start build","time":"2024-05-01T10:00:00+08:00","utime":1714528800},
		 {"message":"step 2\n","time":"2024-05-01T10:00:01+08:00","utime":1714528801},
		 {"message":"Build success","time":"2024-05-01T10:00:02+08:00","utime":1714528802}]}`))
	})
	lines, err := c.GetEventLogs(context.Background(), testRef, "ev1")
	if err != nil || len(lines) != 3 || lines[2].UTime != 1714528802 {
		t.Fatalf("%+v %v", lines, err)
	}
	if path != "/openapi/v1/teams/1fb050582989830a6b3b6514dfadef86/regions/rainbond/events/ev1/logs" {
		t.Errorf("path %s", path)
	}
	tail, err := c.EventLogTail(context.Background(), testRef, "ev1", 2)
	if err != nil || strings.Join(tail, "|") != "step 2|Build success" {
		t.Errorf("tail %q %v", tail, err)
	}
	if got := TailLines(lines, 0); len(got) != 3 {
		t.Errorf("n=0 keeps all: %v", got)
	}
	if _, err := c.GetEventLogs(context.Background(), testRef, "../x"); err == nil {
		t.Error("a bad event id must be refused before any request")
	}
}
