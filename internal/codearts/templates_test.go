package codearts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func newSimClient(t testing.TB) (*simulator.Server, *codearts.Client) {
	t.Helper()
	sim := simulator.New(simulator.Options{})
	url := sim.Start()
	t.Cleanup(sim.Close)
	c, err := codearts.New(codearts.Config{Region: simulator.DemoRegion, AccessKey: simulator.DemoAK, SecretKey: simulator.DemoSK,
		Endpoints: codearts.Endpoints{Pipeline: url, Build: url, Deploy: url, IAM: url}, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	return sim, c
}

const testDefinition = `{"stages":[{"name":"Build","sequence":"0","jobs":[]},{"name":"Check","sequence":1,"jobs":[]}]}`

func TestTemplateCRUDAgainstSimulator(t *testing.T) {
	sim, c := newSimClient(t)
	ctx := context.Background()
	in := codearts.TemplateInput{Name: "tpl-client", Language: "go", Definition: testDefinition, IsShowSource: true,
		Variables: []codearts.TemplateVariable{
			{Name: "env", Sequence: 1, Type: "enum", Value: "dev", Limits: []string{"dev", "prod"}},
			{Name: "token", Sequence: 2, Type: "string", Value: "tok-123", IsSecret: true},
		}}
	id, err := c.CreateTemplate(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetTemplate(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "tpl-client" || got.Language != "go" || got.Definition != testDefinition || !got.IsShowSource ||
		got.DomainID != simulator.DemoDomainID || got.CreateTime == 0 || got.ManifestVersion != "3.0" || bool(got.IsCollect) {
		t.Fatalf("detail = %+v", got)
	}
	if len(got.Variables) != 2 || got.Variables[1].Value == "tok-123" || got.Variables[0].Limits[1] != "prod" {
		t.Fatalf("variables = %+v (the secret value must not come back)", got.Variables)
	}
	if stored, _ := sim.GetTemplate(id); stored.Variables[1].Value != "tok-123" {
		t.Fatalf("the secret value was not sent: %+v", stored.Variables)
	}
	if err := c.SetTemplateFavorite(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	in.Name, in.Variables = "tpl-client-2", nil
	if err := c.UpdateTemplate(ctx, id, in); err != nil {
		t.Fatal(err)
	}
	got, _ = c.GetTemplate(ctx, id)
	if got.Name != "tpl-client-2" || len(got.Variables) != 0 || !bool(got.IsCollect) {
		t.Fatalf("after update: %+v", got)
	}
	if err := c.DeleteTemplate(ctx, id); err != nil {
		t.Fatal(err)
	}
	// One IAM request for the client's life: the project look-up also gives the domain.
	if n := sim.Count("GET /v3/auth/domains"); n != 0 {
		t.Fatalf("domain looked up %d times", n)
	}
	if n := sim.Count("GET /v3/projects"); n != 1 {
		t.Fatalf("project looked up %d times", n)
	}
}

func TestTemplateNotFoundWith200And404(t *testing.T) {
	for _, status := range []int{http.StatusOK, http.StatusNotFound} {
		sim, c := newSimClient(t)
		sim.SetTemplateNotFoundStatus(status)
		ctx := context.Background()
		_, err := c.GetTemplate(ctx, "0123456789abcdef0123456789abcdef")
		if !codearts.IsTemplateNotFound(err) {
			t.Fatalf("HTTP %d: GetTemplate error %v is not the not-found code", status, err)
		}
		if err := c.DeleteTemplate(ctx, "0123456789abcdef0123456789abcdef"); !codearts.IsTemplateNotFound(err) {
			t.Fatalf("HTTP %d: DeleteTemplate error %v is not the not-found code", status, err)
		}
		var ae *codearts.APIError
		if !asAPIError(err, &ae) || ae.HTTPStatus != status {
			t.Fatalf("want HTTP %d, got %v", status, err)
		}
	}
}

func asAPIError(err error, target **codearts.APIError) bool {
	ae, ok := err.(*codearts.APIError)
	if ok {
		*target = ae
	}
	return ok
}

func TestTemplateBodyValidation(t *testing.T) {
	_, c := newSimClient(t)
	ctx := context.Background()
	cases := []struct {
		in   codearts.TemplateInput
		want string
	}{
		{codearts.TemplateInput{Name: "", Language: "go", Definition: testDefinition}, "name is required"},
		{codearts.TemplateInput{Name: "x", Language: "Golang", Definition: testDefinition}, `language "Golang" is invalid`},
		{codearts.TemplateInput{Name: "x", Language: "go", Definition: `{"stages":`}, "definition is not valid JSON"},
		{codearts.TemplateInput{Name: "x", Language: "go", Definition: testDefinition,
			Variables: []codearts.TemplateVariable{{Name: "a-b", Sequence: 1, Type: "string"}}}, "letters, digits or underscores"},
		{codearts.TemplateInput{Name: "x", Language: "go", Definition: testDefinition,
			Variables: []codearts.TemplateVariable{{Name: "a", Sequence: 1, Type: "number"}}}, `type "number" is invalid`},
	}
	for _, tc := range cases {
		_, err := c.CreateTemplate(ctx, tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "HTTP 400") {
			t.Errorf("%+v: error %v, want HTTP 400 %q", tc.in, err, tc.want)
		}
	}
}

func TestTemplateListFiltersAndPaging(t *testing.T) {
	sim, c := newSimClient(t)
	ctx := context.Background()
	for i := 0; i < 120; i++ {
		sim.AddTemplate(simulator.Template{Name: "bulk-" + string(rune('a'+i%26)), Language: "java", Definition: testDefinition})
	}
	all, stats, err := c.ListTemplates(ctx, codearts.TemplateFilter{Language: "java", IsSystem: ptr(false)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 120 || stats.Total != 120 || stats.Requests != 3 {
		t.Fatalf("got %d templates, total %d, %d requests; want 120, 120, 3 pages of 50", len(all), stats.Total, stats.Requests)
	}
	if len(all[0].Stages) != 2 || all[0].Stages[1].Name != "Check" || all[0].Stages[1].Sequence != 1 {
		t.Fatalf("stages = %+v", all[0].Stages)
	}
	sys, _, err := c.ListTemplates(ctx, codearts.TemplateFilter{IsSystem: ptr(true), SortKey: "name", SortDir: "asc"}, 0)
	if err != nil || len(sys) != 5 || sys[0].Name != "Blank template" || !sys[0].IsSystem || !bool(sys[0].IsShowSource) {
		t.Fatalf("system templates: %v %+v", err, sys)
	}
	none, stats, err := c.ListTemplates(ctx, codearts.TemplateFilter{Name: "no-such-template"}, 0)
	if err != nil || len(none) != 0 || stats.Total != 0 {
		t.Fatalf("empty result: %v %d", err, len(none))
	}
}

func ptr[T any](v T) *T { return &v }

// TestTemplateSecretsMaskedInTraceLogs: a secret variable's value reaches the
// service but never the provider's TRACE logs.
func TestTemplateSecretsMaskedInTraceLogs(t *testing.T) {
	sim, c := newSimClient(t)
	const secret = "tpl-secret-value-9f8e7d"
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	in := codearts.TemplateInput{Name: "tpl-secret", Language: "none", Definition: testDefinition,
		Variables: []codearts.TemplateVariable{{Name: "password", Sequence: 1, Type: "string", Value: secret, IsSecret: true}}}
	id, err := c.CreateTemplate(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateTemplate(ctx, id, in); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "HTTP request body") || !strings.Contains(out, `\"password\"`) {
		t.Fatalf("TRACE logs lack the request bodies:\n%s", out)
	}
	if strings.Contains(out, secret) {
		t.Fatalf("TRACE logs leak the secret variable value:\n%s", out)
	}
	sent := false
	for _, r := range sim.Requests() {
		if r.Method == http.MethodPut && bytes.Contains(r.Body, []byte(secret)) {
			sent = true
		}
	}
	if !sent {
		t.Fatal("the secret value was not sent to the service")
	}
}

func TestTemplateTaskLifecycle(t *testing.T) {
	sim, c := newSimClient(t)
	sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: 0})
	ctx := context.Background()
	req := codearts.TemplateTaskRequest{
		Flow:   json.RawMessage(`{"initial":{"state_1":"always"},"state_1":{"Task_1":"always","final":"always"}}`),
		States: json.RawMessage(`{"initial":{"type":"stage","name":"initial"},"state_1":{"type":"stage","name":"state_1"},"Task_1":{"type":"task","name":"Task_1"},"final":{"type":"stage","name":"final"}}`),
		Workflow: codearts.TemplateWorkflow{Name: "from-tpl", ProjectID: simulator.DemoCodeArtsProjectID,
			Source: []codearts.TemplateWorkflowSource{{ScmType: "codehub", GitURL: "git@example.com:g/r.git"}}},
	}
	taskID, err := c.StartTemplateTask(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.GetTemplateTaskStatus(ctx, taskID)
	if err != nil || st.TaskStatus != "succeeded" || st.PipelineID == "" || st.PipelineName != "from-tpl" {
		t.Fatalf("status %+v, %v", st, err)
	}
	// The request carries the seed's field names.
	body := string(sim.TemplateTasks()[0].Request)
	for _, f := range []string{`"scmType":"codehub"`, `"gitUrl"`, `"codeHubName"`, `"branchList":[]`, `"project_id"`, `"changeInfo":null`} {
		if !strings.Contains(body, f) {
			t.Errorf("request body lacks %s: %s", f, body)
		}
	}
	if err := c.DeletePipeline(ctx, simulator.DemoCodeArtsProjectID, st.PipelineID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePipeline(ctx, simulator.DemoCodeArtsProjectID, st.PipelineID); !codearts.HasCode(err, codearts.PipelineNotFoundCode) {
		t.Fatalf("second delete: %v, want %s", err, codearts.PipelineNotFoundCode)
	}
	bad := req
	bad.Flow = json.RawMessage(`{"initial":{"state_9":"always"}}`)
	if _, err := c.StartTemplateTask(ctx, bad); err == nil || !strings.Contains(err.Error(), `state "state_9"`) {
		t.Fatalf("flow naming a missing state: %v", err)
	}
	bad = req
	bad.Workflow.ProjectID = "ffffffffffffffffffffffffffffffff"
	if _, err := c.StartTemplateTask(ctx, bad); !codearts.HasCode(err, "DEVPIPE.00011412") {
		t.Fatalf("unknown project: %v", err)
	}
}
