package rainbond

import (
	"context"
	"time"
)

// FindStartedBuilds lists the component's build events created since
// since (newest first), for an ambiguous start: the candidates for the
// build the request may have started.
func (c *Client) FindStartedBuilds(ctx context.Context, ref ComponentRef, since time.Time) ([]Event, error) {
	var out []Event
	seen := map[string]bool{}
	for page := 1; page <= DefaultFindPages; page++ {
		p, err := c.ComponentEventsPage(ctx, ref, page, EventsPageSize)
		if err != nil {
			return nil, err
		}
		older := false
		for _, e := range p.Events {
			t, err := time.Parse(time.RFC3339, e.StartTime)
			if e.StartTime == "" {
				t, err = time.Parse(time.RFC3339, e.CreateTime)
			}
			if err == nil && t.Before(since) {
				older = true
				continue
			}
			if e.OptType == "build-service" && !seen[e.EventID] {
				seen[e.EventID] = true
				out = append(out, e)
			}
		}
		if older || len(p.Events) < EventsPageSize || page*EventsPageSize >= p.Total {
			break
		}
	}
	return out, nil
}
