package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
)

func newRainbondComponentBuildList() list.ListResource { return newRunList(rainbondBuildType) }

// rainbondBuildLister lists a component's build events as the
// cicd_rainbond_component_events data source does (ListComponentEvents,
// 50 events a page, opt_type build-service); the API has no filters, so
// status and time are applied here, and paging ends at the first page that
// reaches builds older than start_time.
var rainbondBuildLister = &runLister{
	parent:     "Rainbond component",
	statuses:   []string{rainbond.StatusSuccess, rainbond.StatusFailure, rainbond.StatusTimeout, rainbond.StatusRunning},
	statusDesc: "the event's `status`, or `running` for a build without a final result",
	source: fmt.Sprintf("`GET /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/events`, %d events a request",
		rainbond.EventsPageSize),
	list: func(ctx context.Context, pd *providerData, q runQuery, emit func(listedRun) bool) (int, error) {
		ref := rainbond.ComponentRef{TeamID: q.str("team_id"), RegionName: q.str("region_name"), AppID: q.int64("app_id"), ServiceID: q.str("service_id")}
		limit := q.limit // unfiltered, paging stops at the limit
		if len(q.statuses) > 0 || !q.from.IsZero() || !q.to.IsZero() {
			limit = 0
		}
		events, stats, err := pd.rainbond.ListComponentEvents(ctx, ref, rainbond.EventFilter{OptType: rainbond.OptTypeBuild, Since: q.from}, limit)
		for _, e := range events {
			t, _ := e.StartedAt()
			in, older := q.started(t)
			if older {
				break
			}
			matches := len(q.statuses) == 0 || slices.ContainsFunc(q.statuses, func(s string) bool { return rainbond.EventFilter{Status: s}.Match(e) })
			if !in || !matches {
				continue
			}
			status := e.Status
			if !e.Finished() {
				status = rainbond.StatusRunning
			}
			if !emit(listedRun{id: types.StringValue(e.EventID), display: fmt.Sprintf("build %s (%s, started %s)", e.EventID, status, e.StartTime)}) {
				break
			}
		}
		return stats.Requests, err
	},
}
