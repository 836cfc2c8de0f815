package codearts_test

import (
	"context"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

const listRoute = "POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/list"

// simClient starts a simulator and an AK/SK client pointed at it.
func simClient(b *testing.B) (*simulator.Server, *codearts.Client) {
	b.Helper()
	sim := simulator.New(simulator.Options{})
	base := sim.Start()
	b.Cleanup(sim.Close)
	c, err := codearts.New(codearts.Config{Region: simulator.DemoRegion, AccessKey: simulator.DemoAK, SecretKey: simulator.DemoSK,
		ProjectID: simulator.DemoIAMProjectID, Endpoints: codearts.Endpoints{Pipeline: base, IAM: base}})
	if err != nil {
		b.Fatal(err)
	}
	return sim, c
}

// BenchmarkListPipelineRuns5000 lists 5,000 runs (limit = 5000): the target
// is 5000 / PipelineRunsPageMax = 50 requests.
func BenchmarkListPipelineRuns5000(b *testing.B) {
	sim, c := simClient(b)
	p := sim.AddPipeline(simulator.Pipeline{Name: "bench"}).ID
	if _, err := sim.AddPipelineRuns(p, 5000, "COMPLETED"); err != nil {
		b.Fatal(err)
	}
	sim.ResetCounts()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runs, stats, err := c.ListPipelineRuns(context.Background(), simulator.DemoCodeArtsProjectID, p, codearts.PipelineRunFilter{}, 5000)
		if err != nil || len(runs) != 5000 || stats.Requests != 50 {
			b.Fatalf("%d runs in %d requests: %v", len(runs), stats.Requests, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(sim.Count(listRoute))/float64(b.N), "requests/op")
	b.ReportMetric(5000, "runs/op")
}

// BenchmarkLatestPipelineRunWithStatus finds the newest FAILED run when the
// 2,500 newest runs all COMPLETED: the status filter is applied by the
// service, so the newest page holds the answer and one request suffices.
func BenchmarkLatestPipelineRunWithStatus(b *testing.B) {
	sim, c := simClient(b)
	p := sim.AddPipeline(simulator.Pipeline{Name: "bench-latest"}).ID
	failed, _ := sim.AddPipelineRuns(p, 2500, "FAILED")
	if _, err := sim.AddPipelineRuns(p, 2500, "COMPLETED"); err != nil {
		b.Fatal(err)
	}
	sim.ResetCounts()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run, _, err := c.LatestPipelineRun(context.Background(), simulator.DemoCodeArtsProjectID, p, codearts.PipelineRunFilter{Statuses: []string{"FAILED"}})
		if err != nil || run == nil || run.PipelineRunID != failed[len(failed)-1] {
			b.Fatalf("latest FAILED = %+v, %v", run, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(sim.Count(listRoute))/float64(b.N), "requests/op")
}
