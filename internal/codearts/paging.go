package codearts

import "context"

// PageStats tells how a paged listing went, for tests and benchmarks.
type PageStats struct {
	Requests int
	Total    int // the total the service reported
}

// collectOffsetPages pages an offset/limit API until maxItems items (0 = all), the
// reported total, or an empty or short page. pageMin/pageMax are the API's
// page-size bounds; fetch returns one page and the reported total. done may
// stop early once the caller has its answer (nil = never).
func collectOffsetPages[T any](ctx context.Context, maxItems, pageMin, pageMax int,
	fetch func(ctx context.Context, offset, limit int) ([]T, int, error),
	done func(items []T) bool,
) ([]T, PageStats, error) {
	var (
		items []T
		stats PageStats
	)
	offset := 0
	for {
		limit := pageMax
		if maxItems > 0 {
			if rest := maxItems - len(items); rest < limit {
				limit = rest
			}
		}
		if limit < pageMin {
			limit = pageMin
		}
		page, total, err := fetch(ctx, offset, limit)
		stats.Requests++
		if err != nil {
			return items, stats, err
		}
		stats.Total = total
		items = append(items, page...)
		offset += len(page)
		if maxItems > 0 && len(items) >= maxItems {
			items = items[:maxItems]
			return items, stats, nil
		}
		if done != nil && done(items) {
			return items, stats, nil
		}
		if len(page) == 0 || len(page) < limit || offset >= total {
			return items, stats, nil
		}
	}
}
