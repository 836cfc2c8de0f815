package codearts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"time"
)

// Every reply a start request can get, classified.
func TestClassifyStartReplies(t *testing.T) {
	gateway := `<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>`
	cases := []struct {
		name   string
		status int
		body   string
		want   transport.StartOutcome
	}{
		{"the run id", 200, `{"pipeline_run_id":"9e91b1fd7ce743b7a1b7a2458bcf76c7"}`, transport.StartStarted},
		{"200 without the run id", 200, `{}`, transport.StartUnknown},
		{"200 with a broken body", 200, `{"pipeline_run_id":`, transport.StartUnknown},
		{"gateway 502 page", 502, gateway, transport.StartUnknown},
		{"gateway 504 page", 504, gateway, transport.StartUnknown},
		{"empty 502", 502, ``, transport.StartUnknown},
		{"the service's own 500", 500, `{"error_code":"DEVPIPE.00011999","error_msg":"internal error"}`, transport.StartNotStarted},
		{"the service's 400", 400, `{"error_code":"DEVPIPE.00011401","error_msg":"pipeline not found"}`, transport.StartNotStarted},
		{"an error sent with 200", 200, `{"error_code":"DEVPIPE.00011401","error_msg":"pipeline not found"}`, transport.StartNotStarted},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, err := c.RunPipeline(context.Background(), tProject, tPipeline, RunPipelineRequest{})
			if got := transport.ClassifyStart(err); got != tc.want {
				t.Fatalf("transport.ClassifyStart = %v, want %v (err %v)", got, tc.want, err)
			}
		})
	}
	if got := transport.ClassifyStart(&RequestError{MayHaveStarted: true}); got != transport.StartUnknown {
		t.Errorf("a lost response: %v", got)
	}
	if got := transport.ClassifyStart(&RequestError{MayHaveStarted: false}); got != transport.StartNotStarted {
		t.Errorf("a failed dial: %v", got)
	}
	if got := transport.ClassifyStart(errors.New("encoding the request")); got != transport.StartNotStarted {
		t.Errorf("an error before sending: %v", got)
	}
}

// A list that ignores offset stops at the second request with a
// PagingError; one that never ends stops at MaxPages.
func TestPagingStopsOnRepeatedPagesAndAtMaxPages(t *testing.T) {
	page := make([]int, 100)
	var calls atomic.Int32
	_, stats, err := collectOffsetPages(context.Background(), 0, 1, 100,
		func(_ context.Context, offset, limit int) ([]int, int, error) {
			calls.Add(1)
			return page, 1 << 30, nil
		}, nil)
	var pe *PagingError
	if !errors.As(err, &pe) || !pe.Repeated || stats.Requests != 2 {
		t.Fatalf("repeated page: err %v after %d requests", err, stats.Requests)
	}
	n := 0
	_, stats, err = collectOffsetPages(context.Background(), 0, 1, 100,
		func(_ context.Context, offset, limit int) ([]int, int, error) {
			n++
			p := make([]int, 100)
			p[0] = n // a new page every time
			return p, 1 << 30, nil
		}, nil)
	if !errors.As(err, &pe) || pe.Repeated || stats.Requests != MaxPages {
		t.Fatalf("endless listing: err %v after %d requests", err, stats.Requests)
	}
}

// Settling an unclear deployment start looks up to three times; the task's
// project is read once per client, so each further look is one request.
func TestFindStartedDeploysReadsTheTaskProjectOnce(t *testing.T) {
	var tasks, history atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v2/tasks/t1":
			tasks.Add(1)
			fmt.Fprint(w, `{"id":"t1","task_id":"t1","project_id":"p1"}`)
		case "/v2/p1/task/t1/history":
			history.Add(1)
			fmt.Fprint(w, `{"result":[],"total_num":0}`)
		default:
			http.NotFound(w, r)
		}
	})
	for i := 0; i < 3; i++ {
		if _, err := c.FindStartedDeploys(context.Background(), "t1", time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if tasks.Load() != 1 || history.Load() != 3 {
		t.Fatalf("three looks sent %d task reads and %d history reads, want 1 and 3", tasks.Load(), history.Load())
	}
}
