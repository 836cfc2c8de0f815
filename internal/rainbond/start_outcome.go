package rainbond

import (
	"context"
	"errors"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// ClassifyStart classifies the error BuildComponent returned.
func ClassifyStart(err error) transport.StartOutcome {
	if err == nil {
		return transport.StartStarted
	}
	var re *RequestError
	if errors.As(err, &re) {
		if re.MayHaveStarted {
			return transport.StartUnknown
		}
		return transport.StartNotStarted
	}
	var me *MalformedResponseError
	if errors.As(err, &me) {
		return transport.StartUnknown
	}
	var ae *APIError
	if errors.As(err, &ae) {
		// 5xx without the console's JSON body: a gateway's page.
		if ae.HTTPStatus >= 500 && ae.Code == 0 && ae.MsgShow == "" && ae.Detail == "" && ae.ErrorType == "" {
			return transport.StartUnknown
		}
		return transport.StartNotStarted
	}
	return transport.StartNotStarted // refused as too frequent, or checks before sending
}

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
