package codearts_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func TestPipelineV5CRUDAgainstSimulator(t *testing.T) {
	sim, c := newSimClient(t)
	ctx := context.Background()
	project := simulator.DemoCodeArtsProjectID
	in := codearts.PipelineSpec{Name: "pl-client", Description: "d", Definition: testDefinition,
		Sources: []codearts.PipelineSource{{Type: "code", Params: &codearts.PipelineSourceParams{GitType: "codehub",
			GitURL: "https://example.com/a/b.git", DefaultBranch: "main"}}},
		Variables:          []codearts.TemplateVariable{{Name: "token", Sequence: 1, Type: "string", Value: "tok-123", IsSecret: true}},
		Schedules:          []codearts.PipelineSchedule{{Type: "fixed", Name: "nightly", Enable: true, DaysOfWeek: []int{2, 3}}},
		ConcurrencyControl: &codearts.PipelineConcurrency{ConcurrencyNumber: 2, ExceedAction: "ABORT", Enable: true}}
	id, err := c.CreatePipelineV5(ctx, project, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPipelineV5(ctx, project, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.Name != "pl-client" || got.Definition != testDefinition || got.ManifestVersion != "3.0" ||
		got.CreateTime == 0 || got.ProjectID != project || len(got.Sources) != 1 || got.Sources[0].Params.DefaultBranch != "main" ||
		got.ConcurrencyControl == nil || got.ConcurrencyControl.ConcurrencyNumber != 2 || len(got.Schedules[0].UUID) != 32 {
		t.Fatalf("detail = %+v", got)
	}
	if got.Variables[0].Value == "tok-123" {
		t.Fatal("the secret value came back")
	}
	if v5, _ := sim.PipelineV5Of(id); v5.Variables[0].Value != "tok-123" {
		t.Fatalf("the secret value was not sent: %+v", v5.Variables)
	}
	in.Name = "pl-client-renamed"
	if err := c.UpdatePipelineV5(ctx, project, id, in); err != nil {
		t.Fatal(err)
	}
	if p, _ := sim.GetPipeline(id); p.Name != "pl-client-renamed" {
		t.Fatalf("name after update: %q", p.Name)
	}
	if err := c.DeletePipeline(ctx, project, id); err != nil {
		t.Fatal(err)
	}
	for _, status := range []int{http.StatusOK, http.StatusNotFound} {
		sim.SetPipelineNotFoundStatus(status)
		if _, err := c.GetPipelineV5(ctx, project, id); !codearts.IsPipelineNotFound(err) {
			t.Fatalf("HTTP %d: read of a deleted pipeline: %v", status, err)
		}
		if err := c.DeletePipeline(ctx, project, id); !codearts.IsPipelineGone(err) {
			t.Fatalf("HTTP %d: delete of a deleted pipeline: %v", status, err)
		}
	}
}

func TestPipelineV5FromTemplateAgainstSimulator(t *testing.T) {
	sim, c := newSimClient(t)
	ctx := context.Background()
	tplID, err := c.CreateTemplate(ctx, codearts.TemplateInput{Name: "t", Language: "go", Definition: testDefinition})
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.CreatePipelineFromTemplateV5(ctx, simulator.DemoCodeArtsProjectID, tplID, codearts.PipelineFromTemplate{Name: "from-t"})
	if err != nil {
		t.Fatal(err)
	}
	if v5, _ := sim.PipelineV5Of(id); v5.TemplateID != tplID || v5.Definition != testDefinition {
		t.Fatalf("pipeline from template: %+v", v5)
	}
}

// TestPipelineV5DetailOtherForms: the SDK's ShowPipelineDetailResponse has
// no concurrency_control (the simulator sends it, as the huaweicloud
// provider reads it) and is_collect may come as a string (as in the
// template detail): the client accepts both.
func TestPipelineV5DetailOtherForms(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"id": "p1", "name": "n", "is_collect": "true", "create_time": 1700000000000,
			"definition": `{"stages":[]}`, "triggers": []any{map[string]any{"git_url": "u", "hook_id": 42}}})
	}))
	t.Cleanup(srv.Close)
	c, err := codearts.New(codearts.Config{Region: simulator.DemoRegion, AuthToken: "tok", ProjectID: "0123456789abcdef0123456789abcdef",
		Endpoints: codearts.Endpoints{Pipeline: srv.URL, IAM: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPipelineV5(context.Background(), "p", "p1")
	if err != nil {
		t.Fatal(err)
	}
	if got.ConcurrencyControl != nil || !bool(got.IsCollect) || got.Triggers[0].GitURL != "u" {
		t.Fatalf("detail = %+v", got)
	}
}
