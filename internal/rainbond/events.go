package rainbond

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Event is one row of a component's events list (region ServiceEvent,
// the console's events view). Every field is the console's string as sent.
type Event struct {
	EventID     string
	OptType     string // "build-service" for builds; "upgrade", "start-service", ...
	Status      string // "" while running; "success" | "failure" | "timeout" (| "checking")
	FinalStatus string // "" in progress; "complete" finished; "timeout" marked stale (NOT final); legacy values exist
	Message     string
	UserName    string
	CreateTime  string
	StartTime   string // RFC 3339 in the region's zone
	EndTime     string // "" until complete
	Target      string // "service"
	TargetID    string
	ServiceID   string
	TenantID    string
	RequestBody string
	SynType     string // "0" async, "1" sync
	Reason      string // only when the console echoes raw region rows
	ID          string // record id; only pre-6.0 consoles send it
}

// Event status values (region db/model/event.go, api/util/events.go).
const (
	FinalStatusComplete = "complete"
	FinalStatusTimeout  = "timeout"
	StatusSuccess       = "success"
	StatusFailure       = "failure"
	StatusTimeout       = "timeout"
	OptTypeBuild        = "build-service"
	OptTypeUpgrade      = "upgrade"
)

// eventKeys maps each Event field to its key in console ≥ v6.0.0
// (AppServiceEventsSerializer, snake_case) and before it (CamelCase; note
// create_time was snake_case in both).
var eventKeys = []struct {
	snake, camel string
	field        func(*Event) *string
}{
	{"event_id", "EventID", func(e *Event) *string { return &e.EventID }},
	{"opt_type", "OptType", func(e *Event) *string { return &e.OptType }},
	{"status", "Status", func(e *Event) *string { return &e.Status }},
	{"final_status", "FinalStatus", func(e *Event) *string { return &e.FinalStatus }},
	{"message", "Message", func(e *Event) *string { return &e.Message }},
	{"user_name", "UserName", func(e *Event) *string { return &e.UserName }},
	{"create_time", "CreateTime", func(e *Event) *string { return &e.CreateTime }},
	{"start_time", "StartTime", func(e *Event) *string { return &e.StartTime }},
	{"end_time", "EndTime", func(e *Event) *string { return &e.EndTime }},
	{"target", "Target", func(e *Event) *string { return &e.Target }},
	{"target_id", "TargetID", func(e *Event) *string { return &e.TargetID }},
	{"service_id", "ServiceID", func(e *Event) *string { return &e.ServiceID }},
	{"tenant_id", "TenantID", func(e *Event) *string { return &e.TenantID }},
	{"request_body", "RequestBody", func(e *Event) *string { return &e.RequestBody }},
	{"syn_type", "SynType", func(e *Event) *string { return &e.SynType }},
	{"reason", "Reason", func(e *Event) *string { return &e.Reason }},
	{"ID", "ID", func(e *Event) *string { return &e.ID }},
}

// UnmarshalJSON accepts both key styles; a snake_case key wins over its
// CamelCase twin. Values may be strings, numbers, booleans or null (the
// console echoes raw region rows when its serializer rejects them, and those
// carry syn_type as a number).
func (e *Event) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*e = Event{}
	for _, k := range eventKeys {
		v, ok := raw[k.snake]
		if !ok {
			v, ok = raw[k.camel]
		}
		if !ok {
			continue
		}
		s, err := scalarString(v)
		if err != nil {
			return fmt.Errorf("event field %s: %w", k.snake, err)
		}
		*k.field(e) = s
	}
	return nil
}

func scalarString(v json.RawMessage) (string, error) {
	v = bytes.TrimSpace(v)
	switch {
	case len(v) == 0 || string(v) == "null":
		return "", nil
	case v[0] == '"':
		var s string
		err := json.Unmarshal(v, &s)
		return s, err
	case v[0] == '{' || v[0] == '[':
		return "", fmt.Errorf("want a string, got %s", v)
	default: // number or boolean: keep its JSON text
		return string(v), nil
	}
}

// Finished reports final_status "complete": the event has a final status.
// "timeout" is NOT final: a later completion overwrites it.
func (e Event) Finished() bool { return e.FinalStatus == FinalStatusComplete }

// Succeeded reports a finished event with status "success".
func (e Event) Succeeded() bool { return e.Finished() && e.Status == StatusSuccess }

// StartedAt parses StartTime (RFC 3339); ok is false when it cannot.
func (e Event) StartedAt() (time.Time, bool) { return ParseEventTime(e.StartTime) }

// EndedAt parses EndTime (RFC 3339); ok is false when empty or unparsable.
func (e Event) EndedAt() (time.Time, bool) { return ParseEventTime(e.EndTime) }

// ParseEventTime reads a console time (RFC 3339, or without a zone); ok is
// false when it cannot.
func ParseEventTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// EventsPage is one page of GET .../services/{service_id}/events:
// {"events":[...],"total":N,"page":p,"page_size":s}.
type EventsPage struct {
	Events   []Event `json:"events"`
	Total    int     `json:"total"`
	Page     int     `json:"page"`
	PageSize int     `json:"page_size"`
}

// EventsPageSize is the page size the client asks for. The console passes
// page_size to the region unchecked and documents no maximum; 50 keeps
// responses small (client's choice).
const EventsPageSize = 50

// ComponentEventsPage reads one page (1-based) of the component's events,
// newest first (region order start_time DESC, ID DESC).
func (c *Client) ComponentEventsPage(ctx context.Context, ref ComponentRef, page, pageSize int) (*EventsPage, error) {
	if err := ref.Validate(); err != nil {
		return nil, err
	}
	if page < 1 {
		page = 1
	}
	if pageSize < 1 {
		pageSize = EventsPageSize
	}
	var out EventsPage
	err := c.Do(ctx, Call{
		Method: http.MethodGet,
		Path:   ref.servicePath() + "/events",
		Query:  url.Values{"page": {strconv.Itoa(page)}, "page_size": {strconv.Itoa(pageSize)}},
		Out:    &out,
		Shape:  Bare,
	})
	if err != nil {
		return nil, err
	}
	for i := range out.Events {
		out.Events[i].Message = c.Mask(out.Events[i].Message)
	}
	return &out, nil
}

// EventFilter selects events client-side (the API has no filters).
type EventFilter struct {
	OptType string // exact opt_type; "" = any
	// Status: "success", "failure", "timeout" match status exactly (finished
	// or not); "running" matches events without a final result
	// (final_status not "complete"); "" = any.
	Status string
}

// StatusRunning is the EventFilter.Status for events still in progress.
const StatusRunning = "running"

// Match reports whether e passes the filter.
func (f EventFilter) Match(e Event) bool {
	if f.OptType != "" && e.OptType != f.OptType {
		return false
	}
	switch f.Status {
	case "":
	case StatusRunning:
		if e.Finished() {
			return false
		}
	default:
		if e.Status != f.Status {
			return false
		}
	}
	return true
}

// EventStats says how a listing went.
type EventStats struct {
	Requests int
	Total    int // the console's total (all events of the component, unfiltered)
}

// maxEventPages bounds a listing so a console that ignores page never loops
// forever: 500 pages of EventsPageSize are 25,000 events.
const maxEventPages = 500

// PagingError is a listing stopped because the console's paging
// misbehaved: a page that only repeats rows already read (it ignores
// `page`), or no end within maxEventPages pages.
type PagingError struct {
	Page, Requests int
	Repeated       bool
}

func (e *PagingError) Error() string {
	if e.Repeated {
		return fmt.Sprintf("the console returned the same events again for page %d (it seems to ignore the page parameter), so the listing stopped after %d requests", e.Page, e.Requests)
	}
	return fmt.Sprintf("the events listing did not end within %d pages, so it stopped", maxEventPages)
}

// ListComponentEvents pages through the component's events, newest first,
// keeping those that match f, until limit matches (limit <= 0 = all), the
// reported total, or an empty/short page. Rows seen twice (new events shift
// pages while listing) are kept once.
func (c *Client) ListComponentEvents(ctx context.Context, ref ComponentRef, f EventFilter, limit int) ([]Event, EventStats, error) {
	var (
		out   []Event
		stats EventStats
		seen  = map[string]bool{}
	)
	for page := 1; page <= maxEventPages; page++ {
		p, err := c.ComponentEventsPage(ctx, ref, page, EventsPageSize)
		stats.Requests++
		if err != nil {
			return out, stats, err
		}
		stats.Total = p.Total
		fresh := 0
		for _, e := range p.Events {
			if e.EventID != "" && seen[e.EventID] {
				continue
			}
			fresh++
			seen[e.EventID] = true
			if f.Match(e) {
				out = append(out, e)
				if limit > 0 && len(out) >= limit {
					return out, stats, nil
				}
			}
		}
		if len(p.Events) == 0 || len(p.Events) < EventsPageSize || page*EventsPageSize >= p.Total {
			return out, stats, nil
		}
		if fresh == 0 {
			// A full page of rows already read: new events shift rows by
			// a few, never by a whole page.
			return out, stats, &PagingError{Page: page, Requests: stats.Requests, Repeated: true}
		}
	}
	return out, stats, &PagingError{Page: maxEventPages, Requests: stats.Requests}
}

// DefaultFindPages is how many pages FindComponentEvent searches: a build
// just started is near the top, but other operations may push it down.
const DefaultFindPages = 3

// FindComponentEvent looks for eventID in the first maxPages pages
// (<= 0 = DefaultFindPages) of the component's events. It returns
// (nil, nil) when the row is not listed (yet): the build event row can
// appear late (e.g. after a source scan) and old rows fall off the history.
// OpenAPI v1 has no "get event by id".
func (c *Client) FindComponentEvent(ctx context.Context, ref ComponentRef, eventID string, maxPages int) (*Event, error) {
	if maxPages <= 0 {
		maxPages = DefaultFindPages
	}
	for page := 1; page <= maxPages; page++ {
		p, err := c.ComponentEventsPage(ctx, ref, page, EventsPageSize)
		if err != nil {
			return nil, err
		}
		for i := range p.Events {
			if p.Events[i].EventID == eventID {
				e := p.Events[i]
				return &e, nil
			}
		}
		if len(p.Events) < EventsPageSize || page*EventsPageSize >= p.Total {
			break
		}
	}
	return nil, nil
}

// EventNotListedError: the event did not appear in the events list within
// the grace period.
type EventNotListedError struct {
	Ref     ComponentRef
	EventID string
	Grace   time.Duration
	Polls   int
}

func (e *EventNotListedError) Error() string {
	return fmt.Sprintf("Rainbond event %s of component %s did not appear in the component's events list within %s (%d polls); "+
		"the console accepted the build but lists no such event", e.EventID, e.Ref, e.Grace, e.Polls)
}

// WaitForComponentEvent polls FindComponentEvent every interval until the
// row appears or grace has passed (then *EventNotListedError). Use it right
// after BuildComponent: the row can appear some time after the build is
// accepted. ctx cancellation returns ctx.Err().
func (c *Client) WaitForComponentEvent(ctx context.Context, ref ComponentRef, eventID string, grace, interval time.Duration) (*Event, error) {
	if interval <= 0 {
		interval = time.Second
	}
	deadline := time.Now().Add(grace)
	polls := 0
	for {
		e, err := c.FindComponentEvent(ctx, ref, eventID, 0)
		polls++
		if err != nil || e != nil {
			return e, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, &EventNotListedError{Ref: ref, EventID: eventID, Grace: grace, Polls: polls}
		}
		t := time.NewTimer(min(interval, left))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// LogLine is one line of an event's log.
type LogLine struct {
	Message string `json:"message"`
	Time    string `json:"time"`
	UTime   int64  `json:"utime"`
}

// GetEventLogs reads GET /teams/{team_id}/regions/{region_name}/events/{event_id}/logs:
// {"logs":[{"message","time","utime"}]}. Logs are best-effort: while a build
// runs they may be partial or empty, and they carry no status.
func (c *Client) GetEventLogs(ctx context.Context, ref ComponentRef, eventID string) ([]LogLine, error) {
	if !pathSegment.MatchString(ref.TeamID) || !pathSegment.MatchString(ref.RegionName) {
		return nil, fmt.Errorf("invalid Rainbond team_id %q or region_name %q", ref.TeamID, ref.RegionName)
	}
	if !pathSegment.MatchString(eventID) {
		return nil, fmt.Errorf("invalid Rainbond event id %q", eventID)
	}
	var out struct {
		Logs []LogLine `json:"logs"`
	}
	err := c.Do(ctx, Call{
		Method: http.MethodGet,
		Path:   ref.teamRegionPath() + "/events/" + url.PathEscape(eventID) + "/logs",
		Out:    &out,
		Shape:  Bare,
	})
	// A build may print the repository password: mask every known secret.
	for i := range out.Logs {
		out.Logs[i].Message = c.Mask(out.Logs[i].Message)
	}
	return out.Logs, err
}

// TailLines returns the messages of the last n lines (all when n <= 0 or
// fewer exist), for diagnostics.
func TailLines(lines []LogLine, n int) []string {
	if n > 0 && len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, strings.TrimRight(l.Message, "\r\n"))
	}
	return out
}

// EventLogTail reads the event's logs and returns the last n messages.
func (c *Client) EventLogTail(ctx context.Context, ref ComponentRef, eventID string, n int) ([]string, error) {
	lines, err := c.GetEventLogs(ctx, ref, eventID)
	if err != nil {
		return nil, err
	}
	return TailLines(lines, n), nil
}
