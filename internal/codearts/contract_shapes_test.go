package codearts

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
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
