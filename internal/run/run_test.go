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
	if want := sent.Add(-run.StartLookback); !since.Equal(want) || !s.Since.Equal(want) {
		t.Errorf("looked since %v (reported %v), want %v", *since, s.Since, want)
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
	if s := run.SettleStart(context.Background(), find, time.Now()); s.Adopted != nil || len(s.Candidates) != 0 || *looks != 2 {
		t.Errorf("nothing listed: adopted %v, %d candidates after %d looks; want nothing after 2 looks", s.Adopted, len(s.Candidates), *looks)
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
