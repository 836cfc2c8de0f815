package run_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
)

// found is a listed run with a given id.
type found string

func (f found) ID() string                                       { return string(f) }
func (f found) Label() string                                    { return "run " + string(f) }
func (f found) NotFound(error) bool                              { return false }
func (f found) Observe(context.Context) (run.Observation, error) { return run.Observation{}, nil }

// lister returns the listed ids of each look in turn (the last one again
// after that) and counts the looks.
func lister(looks ...[]string) (run.StartFinder, *int, *time.Time) {
	n := 0
	var since time.Time
	return func(_ context.Context, s time.Time) ([]run.Found, error) {
		since = s
		ids := looks[min(n, len(looks)-1)]
		n++
		out := make([]run.Found, len(ids))
		for i, id := range ids {
			out[i] = run.Found{Run: found(id), Started: "now"}
		}
		return out, nil
	}, &n, &since
}

func TestSettleStartAdoptsTheOnlyRunAndLooksBackForClockSkew(t *testing.T) {
	find, looks, since := lister([]string{"j/7"})
	sent := time.Now()
	s := run.SettleStart(context.Background(), find, sent)
	if s.Adopted == nil || s.Adopted.Run.ID() != "j/7" || *looks != 1 {
		t.Fatalf("adopted %v after %d looks, want j/7 after 1", s.Adopted, *looks)
	}
	if want := sent.Add(-run.StartLookback); !s.Since.Equal(want) {
		t.Errorf("window since %v, want %v", s.Since, want)
	}
	if want := sent.Add(-run.StartSkewMargin); !since.Equal(want) || !s.Searched.Equal(want) {
		t.Errorf("listed since %v (reported %v), want %v", *since, s.Searched, want)
	}
}

// A provider clock ahead of the service's makes the started run look older
// than the window: it is named as a candidate, never taken for "nothing
// started" (which invites a second start), and not adopted blindly.
func TestSettleStartClockSkewNamesTheRunInsteadOfSayingNoneStarted(t *testing.T) {
	sent := time.Now()
	skewed := run.Found{Run: found("j/skewed-11"), Started: "a minute ago", At: sent.Add(-time.Minute)}
	find := func(context.Context, time.Time) ([]run.Found, error) { return []run.Found{skewed}, nil }
	s := run.SettleStart(context.Background(), find, sent)
	if s.Adopted != nil || len(s.Candidates) != 1 || s.Candidates[0].Run.ID() != "j/skewed-11" {
		t.Fatalf("adopted %v, candidates %v; want j/skewed-11 named as a candidate, not adopted", s.Adopted, s.Candidates)
	}
	// One run in the window and another in the margin: either may be it.
	fresh := run.Found{Run: found("j/fresh-12"), Started: "now", At: sent}
	find = func(context.Context, time.Time) ([]run.Found, error) { return []run.Found{fresh, skewed}, nil }
	s = run.SettleStart(context.Background(), find, sent)
	if s.Adopted != nil || len(s.Candidates) != 2 || s.Candidates[0].Run.ID() != "j/fresh-12" {
		t.Fatalf("adopted %v, candidates %v; want both named (newest first), none adopted", s.Adopted, s.Candidates)
	}
	// A run with no start time yet (queued) counts as in the window.
	queued := run.Found{Run: found("j/queued-13")}
	find = func(context.Context, time.Time) ([]run.Found, error) { return []run.Found{queued}, nil }
	if s = run.SettleStart(context.Background(), find, sent); s.Adopted == nil || s.Adopted.Run.ID() != "j/queued-13" {
		t.Fatalf("adopted %v, want the queued j/queued-13", s.Adopted)
	}
}

func TestSettleStartNeverOffersARunThisProcessKnows(t *testing.T) {
	run.NoteKnown("j/known-1")
	find, _, _ := lister([]string{"j/known-1", "j/new-2"})
	s := run.SettleStart(context.Background(), find, time.Now())
	if s.Adopted == nil || s.Adopted.Run.ID() != "j/new-2" || len(s.Candidates) != 1 {
		t.Fatalf("adopted %v, candidates %v; want j/new-2 alone (j/known-1 is known)", s.Adopted, s.Candidates)
	}
}

func TestSettleStartLooksAgainWhenTheRunIsListedLate(t *testing.T) {
	find, looks, _ := lister(nil, []string{"j/late-3"})
	begin := time.Now()
	s := run.SettleStart(context.Background(), find, time.Now())
	if s.Adopted == nil || s.Adopted.Run.ID() != "j/late-3" || *looks != 2 {
		t.Fatalf("adopted %v after %d looks, want j/late-3 after 2", s.Adopted, *looks)
	}
	if waited := time.Since(begin); waited < run.StartRelook {
		t.Errorf("second look after %v, want after %v", waited, run.StartRelook)
	}
}

func TestSettleStartSeveralOrNoneAdoptNothing(t *testing.T) {
	find, _, _ := lister([]string{"j/8", "j/9"})
	if s := run.SettleStart(context.Background(), find, time.Now()); s.Adopted != nil || len(s.Candidates) != 2 {
		t.Errorf("two runs listed: adopted %v, candidates %d; want none adopted, 2 candidates", s.Adopted, len(s.Candidates))
	}
	find, looks, _ := lister(nil)
	begin := time.Now()
	if s := run.SettleStart(context.Background(), find, time.Now()); s.Adopted != nil || len(s.Candidates) != 0 || *looks != 3 {
		t.Errorf("nothing listed: adopted %v, %d candidates after %d looks; want nothing after 3 looks", s.Adopted, len(s.Candidates), *looks)
	}
	if waited := time.Since(begin); waited < run.StartRelook+run.StartRelookLast {
		t.Errorf("said nothing started after %v of looking, want at least %v (a run can be listed late)", waited, run.StartRelook+run.StartRelookLast)
	}
}

func TestSettleStartListingFailsAndACancelledApplyStillLooks(t *testing.T) {
	boom := errors.New("history unavailable")
	s := run.SettleStart(context.Background(), func(context.Context, time.Time) ([]run.Found, error) { return nil, boom }, time.Now())
	if !errors.Is(s.Err, boom) || s.Adopted != nil {
		t.Errorf("listing failed: err %v, adopted %v", s.Err, s.Adopted)
	}
	// Ctrl-C during the start cancels the apply's context; the look still happens.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	find, _, _ := lister([]string{"j/10"})
	if s := run.SettleStart(ctx, find, time.Now()); s.Adopted == nil {
		t.Errorf("cancelled context: nothing adopted (%v)", s.Err)
	}
}
