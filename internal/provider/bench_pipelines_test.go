package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// pipelineRoutes are the simulator routes of the v5 pipeline API.
var pipelineRoutes = []string{
	simulator.RoutePipelineV5Create, simulator.RoutePipelineV5FromTemplate, simulator.RoutePipelineV5Detail,
	simulator.RoutePipelineV5Update, simulator.RoutePipelineV5Delete,
}

func benchPipelineModel(name, templateID string) pipelineModel {
	unknown := types.StringUnknown()
	v := types.ObjectValueMust(templateVariableAttrTypes, map[string]attr.Value{
		"name": types.StringValue("branch"), "type": types.StringValue("string"), "value": types.StringValue("main"),
		"description": types.StringValue(""), "is_runtime": types.BoolValue(true), "is_secret": types.BoolValue(false),
		"limits": types.ListNull(types.StringType),
	})
	src := types.ObjectValueMust(pipelineSourceAttrTypes, map[string]attr.Value{
		"type": types.StringValue("code"), "git_type": types.StringValue("codehub"), "git_url": types.StringValue("https://codehub.example.com/a/b.git"),
		"codehub_id": types.StringNull(), "endpoint_id": types.StringNull(), "default_branch": types.StringValue("main"),
		"ssh_git_url": types.StringNull(), "web_url": types.StringNull(), "repo_name": types.StringNull(), "alias": types.StringNull(),
	})
	m := pipelineModel{
		ID: unknown, ProjectID: types.StringValue(simulator.DemoCodeArtsProjectID), TemplateID: types.StringNull(),
		Name: types.StringValue(name), Description: types.StringValue("bench"),
		Definition:   jsontypes.NewNormalizedValue(`{"stages":[{"name":"Build","sequence":"0","jobs":[]}]}`),
		IsPublish:    types.BoolValue(false),
		Sources:      types.ListValueMust(types.ObjectType{AttrTypes: pipelineSourceAttrTypes}, []attr.Value{src}),
		Variables:    types.ListValueMust(types.ObjectType{AttrTypes: templateVariableAttrTypes}, []attr.Value{v}),
		SecretValues: types.MapNull(types.StringType), SecretValuesWO: types.MapNull(types.StringType),
		SecretValuesWOVersion: types.Int64Null(),
		Schedules:             types.ListNull(types.ObjectType{AttrTypes: pipelineScheduleAttrTypes}),
		Triggers:              types.ListNull(types.ObjectType{AttrTypes: pipelineTriggerAttrTypes}),
		ConcurrencyControl:    types.ObjectNull(pipelineConcurrencyAttrTypes),
		GroupID:               types.StringNull(), ManifestVersion: types.StringNull(), // unset: the harness's configuration is its plan
		CreateTime: unknown, UpdateTime: unknown, CreatorID: unknown, CreatorName: unknown, UpdaterID: unknown, DetailURL: unknown,
	}
	if templateID != "" {
		m.TemplateID = types.StringValue(templateID)
		m.Definition = jsontypes.NewNormalizedNull() // copied (the harness's configuration is its plan)
	}
	return m
}

// benchPipelineUpdate is the update of the request-count runs: a new description.
func benchPipelineUpdate(state pipelineModel) pipelineModel {
	state.Description = types.StringValue("bench, updated")
	state.UpdateTime, state.UpdaterID = types.StringUnknown(), types.StringUnknown()
	return state
}

// BenchmarkPipelineRequests reports the API requests of each
// cicd_codearts_pipeline operation against the simulator, from a definition
// and from a template: create 2 (POST + GET), read 1, update 2 (PUT + GET),
// delete 1; IAM look-ups once per provider (amortised to ~0 per operation).
//
//	go test ./internal/provider/ -run '^$' -bench BenchmarkPipelineRequests
func BenchmarkPipelineRequests(b *testing.B) {
	for _, fromTemplate := range []bool{false, true} {
		name := "definition"
		if fromTemplate {
			name = "template"
		}
		b.Run(name, func(b *testing.B) {
			sim := simulator.New(simulator.Options{})
			sim.Start()
			defer sim.Close()
			tplID := ""
			if fromTemplate {
				tplID = sim.AddTemplate(simulator.Template{Name: "bench", Language: "go", Definition: `{"stages":[]}`}).ID
			}
			crud := newCRUD[pipelineModel](&pipelineResource{data: &providerData{codearts: simClient(b, sim)}})
			crud.bench(b, sim, pipelineRoutes, func(i int) pipelineModel { return benchPipelineModel(fmt.Sprintf("bench-%d", i), tplID) },
				benchPipelineUpdate)
		})
	}
}

// TestPipelineRequestCounts holds the benchmark's counts: create 2, read 1,
// update 2, delete 1, from a definition and from a template.
func TestPipelineRequestCounts(t *testing.T) {
	for _, fromTemplate := range []bool{false, true} {
		sim := simulator.New(simulator.Options{})
		sim.Start()
		t.Cleanup(sim.Close)
		tplID := ""
		if fromTemplate {
			tplID = sim.AddTemplate(simulator.Template{Name: "count", Language: "go", Definition: `{"stages":[]}`}).ID
		}
		crud := newCRUD[pipelineModel](&pipelineResource{data: &providerData{codearts: simClient(t, sim)}})
		seeded := len(sim.Pipelines())
		c, r, u, d := crud.counts(t, sim, pipelineRoutes, benchPipelineModel("count", tplID), benchPipelineUpdate)
		if c != 2 || r != 1 || u != 2 || d != 1 {
			t.Errorf("from a template %v: create %d, read %d, update %d, delete %d requests; want 2, 1, 2, 1", fromTemplate, c, r, u, d)
		}
		if n := sim.Count(simulator.RoutePipelineV5FromTemplate); fromTemplate != (n == 1) {
			t.Errorf("from a template %v: %d create-pipeline calls", fromTemplate, n)
		}
		if n := len(sim.Pipelines()); n != seeded {
			t.Errorf("%d pipelines left, %d seeded", n, seeded)
		}
	}
}
