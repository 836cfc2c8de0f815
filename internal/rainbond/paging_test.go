package rainbond

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// A console that ignores `page` answers page 1 every time: the listing stops
// at the second request with a PagingError instead of reading 500 pages.
func TestListComponentEventsStopsWhenPagesRepeat(t *testing.T) {
	var rows []string
	for i := 0; i < EventsPageSize; i++ {
		rows = append(rows, fmt.Sprintf(`{"event_id":"ev-%03d","opt_type":"build-service","status":"success","final_status":"complete"}`, i))
	}
	body := `{"events":[` + strings.Join(rows, ",") + `],"total":5000,"page":1,"page_size":50}`
	var n atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	})
	_, stats, err := c.ListComponentEvents(context.Background(), testRef, EventFilter{Status: "failure"}, 0)
	var pe *PagingError
	if !errors.As(err, &pe) || !pe.Repeated || stats.Requests != 2 || n.Load() != 2 {
		t.Fatalf("err %v after %d requests (%d sent)", err, stats.Requests, n.Load())
	}
}
