package codearts

import (
	"context"
	"encoding/json"
	"fmt"
)

// PageStats tells how a paged listing went, for tests and benchmarks.
type PageStats struct {
	Requests int
	Total    int // the total the service reported
	Days     int // dated listings: how many days back were read
}

// MaxPages bounds every paged listing: at the largest page sizes the APIs
// take (100 build records, 100 pipeline runs) that is 50,000 rows, far past
// what any lookup of this provider needs. A listing that reaches it stops
// with a PagingError instead of paging on.
const MaxPages = 500

// PagingError is a listing stopped because the service's paging misbehaved:
// it answered the same page again (it ignores offset / page), or paging did
// not end within MaxPages requests.
type PagingError struct {
	Offset   int // the position asked for when it stopped
	Requests int
	Repeated bool
}

func (e *PagingError) Error() string {
	if e.Repeated {
		return fmt.Sprintf("the service returned the same page twice (asked for offset %d; it seems to ignore the paging parameters), so the listing stopped after %d requests", e.Offset, e.Requests)
	}
	return fmt.Sprintf("the listing did not end within %d pages, so it stopped (offset %d)", MaxPages, e.Offset)
}

// pageGuard detects a paging loop: a non-empty page equal to the one
// before, or more than MaxPages pages. Every paging loop checks each page
// it reads with one.
type pageGuard struct {
	last  []byte
	pages int
}

// check is called with each page read and the offset it was asked for.
func (g *pageGuard) check(page any, n, offset int) error {
	g.pages++
	if n > 0 {
		if b, err := json.Marshal(page); err == nil {
			if g.last != nil && string(b) == string(g.last) {
				return &PagingError{Offset: offset, Requests: g.pages, Repeated: true}
			}
			g.last = b
		}
	}
	if g.pages >= MaxPages {
		return &PagingError{Offset: offset, Requests: g.pages}
	}
	return nil
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
		guard pageGuard
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
		if maxItems > 0 && len(items) >= maxItems {
			items = items[:maxItems]
			return items, stats, nil
		}
		if done != nil && done(items) {
			return items, stats, nil
		}
		if len(page) == 0 || len(page) < limit || offset+len(page) >= total {
			return items, stats, nil
		}
		if err := guard.check(page, len(page), offset); err != nil {
			return items, stats, err
		}
		offset += len(page)
	}
}
