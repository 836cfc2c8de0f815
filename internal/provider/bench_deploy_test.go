package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// BenchmarkDeployRun10Minutes measures a 10-minute deployment of four
// 2.5-minute steps with the default wait settings: polls, requests, progress
// lines, and how long after the deployment ended the wait noticed. The poller
// and the simulator share one fake clock.
func BenchmarkDeployRun10Minutes(b *testing.B) {
	var polls, requests, lag, lines float64
	for i := 0; i < b.N; i++ {
		clock := wait.NewAutoClock(time.Now())
		e := benchEnv(b, clock)
		pd := benchData(b, e)
		task := fmt.Sprintf("%032x", i+1)
		e.sim.AddDeployTask(task)
		step := 150 * time.Second
		e.sim.SetDeployOutcome(task, simulator.DeployOutcome{Steps: []simulator.DeployStepSpec{
			{Name: "Download", Duration: step}, {Name: "Stop", Duration: step}, {Name: "Start", Duration: step}, {Name: "Check", Duration: step}}})
		in := &deployRunInputs{TaskID: types.StringValue(task), Params: types.ListNull(types.ObjectType{AttrTypes: deployParamAttrTypes}),
			SecretParams: types.MapNull(types.StringType), SecretParamsWO: types.MapNull(types.StringType)}
		out := &deployRunOutputs{}
		ctx := context.Background()
		id, err := deployRunType.start(ctx, pd, in, out)
		if err != nil {
			b.Fatal(err)
		}
		e.sim.ResetCounts()
		e.sim.ResetRequests()
		ws := (*waitModel)(nil).settings()
		ws.clock = clock
		n := 0
		if diags := waitForRun(ctx, deployRunType, pd, in, out, ws, time.Hour, func(string) { n++ }); diags.HasError() {
			b.Fatalf("%v", diags)
		}
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
}
