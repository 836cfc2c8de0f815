package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
)

// benchData returns provider data whose CodeArts client talks to sim with a token.
func benchData(b *testing.B, e *testEnv) *providerData {
	b.Helper()
	tok := e.issueToken(b)
	c, err := codearts.New(codearts.Config{Region: simulator.DemoRegion, AuthToken: tok,
		Endpoints: codearts.Endpoints{Pipeline: e.url, Build: e.url, Deploy: e.url, IAM: e.url}})
	if err != nil {
		b.Fatal(err)
	}
	return &providerData{codearts: c}
}

func benchEnv(b *testing.B, clock simulator.Clock) *testEnv {
	b.Helper()
	sim := simulator.New(simulator.Options{Clock: clock})
	url := sim.Start()
	b.Cleanup(sim.Close)
	return &testEnv{sim: sim, url: url}
}

// benchWait waits for r with the default wait settings on clock.
func benchWait(b *testing.B, r run.Run, clock wait.Clock, progress func(string)) {
	b.Helper()
	ws := (*waitModel)(nil).settings()
	ws.clock = clock
	if o := run.Wait(context.Background(), r, ws.engine(time.Hour, progress), transport.IsTransient); o.Result != run.Succeeded {
		b.Fatalf("%v", outcomeDiagnostics("run", r.Label(), r.ID(), o, ws, time.Hour, false))
	}
}

// Targets of the 10-minute run benchmarks: at most 30 polls, and the wait
// notices the end at most 30 s (the default max_poll_interval) after it.
const (
	benchMaxPolls = 30
	benchMaxLag   = 30.0
)

// BenchmarkBuildRun10Minutes measures a 10-minute build (1 minute queued)
// with the default wait settings: polls, requests, and how long after the
// build ended the wait noticed. The poller and the simulator share one fake
// clock. It fails when a target (benchMaxPolls, benchMaxLag) is missed.
func BenchmarkBuildRun10Minutes(b *testing.B) {
	var polls, requests, lag float64
	for i := 0; i < b.N; i++ {
		clock := waittest.NewAutoClock(time.Now())
		e := benchEnv(b, clock)
		pd := benchData(b, e)
		job := fmt.Sprintf("%032x", i+1)
		e.sim.AddBuildJob(job)
		e.sim.SetBuildOutcome(job, simulator.BuildOutcome{Result: "SUCCESS", QueueFor: time.Minute, Duration: 9 * time.Minute})
		r, err := pd.codearts.StartBuild(context.Background(), codearts.RunBuildRequest{JobID: job})
		if err != nil {
			b.Fatal(err)
		}
		e.sim.ResetCounts()
		benchWait(b, r, clock, nil)
		rec, _ := e.sim.Build(job, 1)
		polls += float64(e.sim.Count("GET /v1/job/{job_id}/{build_no}/build-info"))
		requests += float64(len(e.sim.Requests()) - 1) // minus the trigger
		lag += clock.Now().Sub(rec.FinishTime).Seconds()
	}
	n := float64(b.N)
	b.ReportMetric(polls/n, "polls/run")
	b.ReportMetric(requests/n, "requests/run")
	b.ReportMetric(lag/n, "s-lag")
	if polls/n > benchMaxPolls || lag/n > benchMaxLag {
		b.Fatalf("missed the targets: %.1f polls (≤ %d), %.1f s lag (≤ %.0f s)", polls/n, benchMaxPolls, lag/n, benchMaxLag)
	}
}

// BenchmarkLatestSuccessfulBuild finds the latest successful build among
// 10,000 records where the newest success is the 137th newest record.
func BenchmarkLatestSuccessfulBuild(b *testing.B) {
	e := benchEnv(b, nil)
	pd := benchData(b, e)
	job := fmt.Sprintf("%032x", 0xbeef)
	e.sim.AddBuildJob(job)
	results := make([]string, 10000)
	for i := range results {
		results[i] = "SUCCESS"
		if i >= len(results)-136 {
			results[i] = "FAILURE" // the 136 newest builds failed
		}
	}
	e.sim.AddBuildHistory(job, results)
	client := pd.codearts
	b.ResetTimer()
	var requests float64
	for i := 0; i < b.N; i++ {
		e.sim.ResetCounts()
		rows, _, err := client.ListBuildHistory(context.Background(), job, 0, func(rows []codearts.BuildHistoryRecord) bool {
			return findBuild(rows, "SUCCESS") != nil
		})
		if err != nil {
			b.Fatal(err)
		}
		found := findBuild(rows, "SUCCESS")
		if found == nil || found.BuildNumber != 10000-136 {
			b.Fatalf("found %+v, want build %d", found, 10000-136)
		}
		if _, err := client.GetBuildRecord(context.Background(), job, found.BuildNumber); err != nil {
			b.Fatal(err)
		}
		requests += float64(e.sim.Count("GET /v3/jobs/{job_id}/history") + e.sim.Count("GET /v3/jobs/{job_id}/{build_no}/record-info"))
	}
	b.ReportMetric(requests/float64(b.N), "requests/lookup")
	// Target: 2 history pages (the 137th newest is on the second page of
	// 100) and 1 record.
	if got := requests / float64(b.N); got != 3 {
		b.Fatalf("%.1f requests per lookup, want 3", got)
	}
}
