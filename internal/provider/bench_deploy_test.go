package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
)

// BenchmarkDeployRun10Minutes measures a 10-minute deployment of four
// 2.5-minute steps with the default wait settings: polls, requests, progress
// lines, and how long after the deployment ended the wait noticed. The poller
// and the simulator share one fake clock. It fails when a target is missed
// (benchMaxLag; benchMaxPolls plus 10 for the four step changes).
func BenchmarkDeployRun10Minutes(b *testing.B) {
	var polls, requests, lag, lines float64
	for i := 0; i < b.N; i++ {
		clock := waittest.NewAutoClock(time.Now())
		e := benchEnv(b, clock)
		pd := benchData(b, e)
		task := fmt.Sprintf("%032x", i+1)
		e.sim.AddDeployTask(task)
		step := 150 * time.Second
		e.sim.SetDeployOutcome(task, simulator.DeployOutcome{Steps: []simulator.DeployStepSpec{
			{Name: "Download", Duration: step}, {Name: "Stop", Duration: step}, {Name: "Start", Duration: step}, {Name: "Check", Duration: step}}})
		r, err := pd.codearts.StartDeployment(context.Background(), task, codearts.StartDeployRequest{Params: []codearts.DeployParam{}})
		if err != nil {
			b.Fatal(err)
		}
		e.sim.ResetCounts()
		e.sim.ResetRequests()
		n := 0
		benchWait(b, r, clock, func(string) { n++ })
		id := r.ID()
		rec, _ := e.sim.DeployRecord(task, id[33:])
		polls += float64(e.sim.Count(simulator.RouteDeployState))
		requests += float64(len(e.sim.Requests()))
		lag += clock.Now().Sub(rec.FinishTime).Seconds()
		lines += float64(n)
	}
	n := float64(b.N)
	b.ReportMetric(polls/n, "polls/run")
	b.ReportMetric(requests/n, "requests/run")
	b.ReportMetric(lines/n, "progress-lines/run")
	b.ReportMetric(lag/n, "s-lag")
	// Each of the four steps is a status change, which drops the interval
	// back to poll_interval: up to 10 polls more than a build's target.
	const maxPolls = benchMaxPolls + 10
	if polls/n > maxPolls || lag/n > benchMaxLag {
		b.Fatalf("missed the targets: %.1f polls (≤ %d), %.1f s lag (≤ %.0f s)", polls/n, maxPolls, lag/n, benchMaxLag)
	}
}
