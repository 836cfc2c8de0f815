package wait_test

import (
	"context"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
	"testing"
	"time"
)

// tenMinuteRun simulates a run that is QUEUED for `queued`, RUNNING until
// `finish`, then SUCCESS, on an auto fake clock with default options (and a
// Progress sink, as the provider always passes one). It returns the polls and
// the lag between the run ending and wait.Until returning.
func tenMinuteRun(tb testing.TB, queued, finish time.Duration) (polls int, lag time.Duration) {
	clk := waittest.NewAutoClock(t0)
	end := t0.Add(finish)
	progress := 0
	res, err := wait.Until(context.Background(), wait.Options{Clock: clk, Progress: func(string) { progress++ }},
		func(context.Context) (wait.Observation[int], error) {
			now := clk.Now()
			switch {
			case now.Before(t0.Add(queued)):
				return wait.Observation[int]{Status: "QUEUED", Phase: wait.Pending}, nil
			case now.Before(end):
				return wait.Observation[int]{Status: "RUNNING", Phase: wait.Running, Message: "build 55 running"}, nil
			}
			return wait.Observation[int]{Status: "SUCCESS", Phase: wait.Succeeded, Value: 55}, nil
		})
	if err != nil || res.Last.Value != 55 {
		tb.Fatalf("err %v res %+v", err, res)
	}
	if progress == 0 {
		tb.Fatal("no progress")
	}
	return res.Polls, clk.Now().Sub(end)
}

func BenchmarkTenMinuteBuild(b *testing.B) {
	var polls int
	var lag time.Duration
	b.ReportAllocs()
	for b.Loop() {
		polls, lag = tenMinuteRun(b, 0, 10*time.Minute)
	}
	b.ReportMetric(float64(polls), "polls/run")
	b.ReportMetric(lag.Seconds(), "s-lag")
}

// The targets hold whatever the phase of the status change: sweep queue
// times 0..3m and finish times around 10m.
func TestTenMinuteBuildTargets(t *testing.T) {
	worstPolls, worstLag := 0, time.Duration(0)
	for q := time.Duration(0); q <= 3*time.Minute; q += 250 * time.Millisecond {
		for _, f := range []time.Duration{10 * time.Minute, 10*time.Minute + 7*time.Second, 10*time.Minute + 19*time.Second} {
			polls, lag := tenMinuteRun(t, q, f)
			worstPolls, worstLag = max(worstPolls, polls), max(worstLag, lag)
			if polls > 30 || lag > wait.DefaultMaxPollInterval || lag < 0 {
				t.Fatalf("queued %v finish %v: %d polls, lag %v", q, f, polls, lag)
			}
		}
	}
	t.Logf("worst case: %d polls, %v lag", worstPolls, worstLag)
	polls, lag := tenMinuteRun(t, 0, 10*time.Minute)
	if polls != 24 || lag != 5937500*time.Microsecond {
		t.Fatalf("plain 10m build: %d polls, lag %v; want 24 polls, 5.9375s", polls, lag)
	}
}
