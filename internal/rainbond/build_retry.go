package rainbond

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// TooFrequentRetry paces retries of a build the console refused as "too
// frequent" (409 操作过于频繁). Such a refusal means the build was NOT
// accepted, so retrying it cannot start a second build. Zero fields take the
// defaults noted.
type TooFrequentRetry struct {
	// Initial is the first wait (default 5s); it grows ×1.5 per refusal up
	// to Max (default 30s). Every wait is jittered by ±20%.
	Initial, Max time.Duration
	// Window bounds the retries (default DefaultTooFrequentWindow): the
	// region refuses only while another operation on the component is
	// unfinished and younger than 3 minutes, after which it marks that
	// operation "timeout" and accepts new ones. ctx may end them sooner.
	Window time.Duration
	// OnRetry, if set, is told about each refusal before the wait.
	OnRetry func(attempt int, wait time.Duration, err error)
	// Clock (nil = real time) and Jitter (nil = ±20% random; returns the
	// factor to apply) make the schedule testable.
	Clock  wait.Clock
	Jitter func() float64
}

// DefaultTooFrequentWindow is how long BuildComponentRetrying keeps retrying
// a "too frequent" refusal by default: the region's 3-minute window
// (region api/util/events.go) plus a margin for the operation to finish.
const DefaultTooFrequentWindow = 4 * time.Minute

func (r TooFrequentRetry) withDefaults() TooFrequentRetry {
	if r.Initial <= 0 {
		r.Initial = 5 * time.Second
	}
	if r.Max < r.Initial {
		r.Max = max(30*time.Second, r.Initial)
	}
	if r.Window <= 0 {
		r.Window = DefaultTooFrequentWindow
	}
	if r.Clock == nil {
		r.Clock = wait.RealClock()
	}
	if r.Jitter == nil {
		r.Jitter = func() float64 { return 0.8 + 0.4*rand.Float64() }
	}
	return r
}

// TooFrequentError: the console kept refusing the build as too frequent
// until the retry window or ctx ended. Nothing was started.
type TooFrequentError struct {
	Attempts int
	Elapsed  time.Duration
	// Interrupted: ctx ended (timeout or cancel) while waiting to retry.
	Interrupted error
	Last        error // the last refusal (*APIError)
}

func (e *TooFrequentError) Error() string {
	why := fmt.Sprintf("for %s", e.Elapsed.Round(time.Second))
	if e.Interrupted != nil {
		why = fmt.Sprintf("until the wait was interrupted (%v) after %s", e.Interrupted, e.Elapsed.Round(time.Second))
	}
	return fmt.Sprintf("the console refused the build as too frequent %d times %s: another operation on the component "+
		"(a build or rollout) is still running. No build was started. Last refusal: %v", e.Attempts, why, e.Last)
}

func (e *TooFrequentError) Unwrap() []error {
	if e.Interrupted != nil {
		return []error{e.Last, e.Interrupted}
	}
	return []error{e.Last}
}

// BuildComponentRetrying is BuildComponent that retries "too frequent"
// refusals (and only those) with backoff, so at most one build is accepted.
// It returns the event id and how many refusals it waited out. Every other
// error is returned at once, unchanged.
func (c *Client) BuildComponentRetrying(ctx context.Context, ref ComponentRef, req BuildRequest, r TooFrequentRetry) (string, int, error) {
	r = r.withDefaults()
	start := r.Clock.Now()
	delay := r.Initial
	refusals := 0
	for {
		id, err := c.BuildComponent(ctx, ref, req)
		if err == nil || !IsTooFrequent(err) {
			return id, refusals, err
		}
		refusals++
		elapsed := r.Clock.Now().Sub(start)
		left := r.Window - elapsed
		if left <= 0 {
			return "", refusals, &TooFrequentError{Attempts: refusals, Elapsed: elapsed, Last: err}
		}
		d := min(time.Duration(float64(delay)*r.Jitter()), left)
		if r.OnRetry != nil {
			r.OnRetry(refusals, d, err)
		}
		t := r.Clock.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", refusals, &TooFrequentError{Attempts: refusals, Elapsed: r.Clock.Now().Sub(start), Last: err, Interrupted: ctx.Err()}
		case <-t.C():
		}
		delay = min(time.Duration(float64(delay)*1.5), r.Max)
	}
}
