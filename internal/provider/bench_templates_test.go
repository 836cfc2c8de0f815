package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// templateRoutes are the simulator routes of the v5 template API.
var templateRoutes = []string{
	"POST /v5/{tenant_id}/api/pipeline-templates",
	"GET /v5/{tenant_id}/api/pipeline-templates/{template_id}",
	"PUT /v5/{tenant_id}/api/pipeline-templates/{template_id}",
	"DELETE /v5/{tenant_id}/api/pipeline-templates/{template_id}",
	"POST /v5/{tenant_id}/api/pipeline-templates/{template_id}/favorite",
}

// iamRoutes are the IAM look-ups (token, project, domain).
var iamRoutes = []string{"POST /v3/auth/tokens", "GET /v3/projects", "GET /v3/auth/domains"}

func sumCounts(sim *simulator.Server, routes []string) int {
	n := 0
	for _, r := range routes {
		n += sim.Count(r)
	}
	return n
}

// crudHarness drives a resource's Create/Read/Update/Delete methods (the
// code Terraform calls) without the CLI, so each operation's requests can be
// counted exactly. M is the resource's model.
type crudHarness[M any] struct {
	r      resource.Resource
	schema resource.SchemaResponse
}

// simClient is an AK/SK client of the simulator.
func simClient(tb testing.TB, sim *simulator.Server) *codearts.Client {
	url := sim.URL()
	c, err := codearts.New(codearts.Config{Region: simulator.DemoRegion, AccessKey: simulator.DemoAK, SecretKey: simulator.DemoSK,
		Endpoints: codearts.Endpoints{Pipeline: url, IAM: url, Build: url, Deploy: url}})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func newCRUD[M any](r resource.Resource) *crudHarness[M] {
	h := &crudHarness[M]{r: r}
	r.Schema(context.Background(), resource.SchemaRequest{}, &h.schema)
	return h
}

func newTemplateCRUD(tb testing.TB, sim *simulator.Server) *crudHarness[pipelineTemplateModel] {
	return newCRUD[pipelineTemplateModel](&pipelineTemplateResource{data: &providerData{codearts: simClient(tb, sim)}})
}

func (t *crudHarness[M]) plan(tb testing.TB, m M) (tfsdk.Plan, tfsdk.Config) {
	ctx := context.Background()
	p := tfsdk.Plan{Schema: t.schema.Schema, Raw: tftypes.NewValue(t.schema.Schema.Type().TerraformType(ctx), nil)}
	if d := p.Set(ctx, &m); d.HasError() {
		tb.Fatal(d)
	}
	return p, tfsdk.Config{Schema: t.schema.Schema, Raw: p.Raw}
}

func (t *crudHarness[M]) emptyState() tfsdk.State {
	return tfsdk.State{Schema: t.schema.Schema, Raw: tftypes.NewValue(t.schema.Schema.Type().TerraformType(context.Background()), nil)}
}

// counts runs create, read, update (next turns the read state into the
// update's plan) and delete once, and returns the requests of each on routes.
func (t *crudHarness[M]) counts(tb testing.TB, sim *simulator.Server, routes []string, m M, next func(M) M) (create, read, update, del int) {
	ctx := context.Background()
	n0 := sumCounts(sim, routes)
	plan, config := t.plan(tb, m)
	cresp := resource.CreateResponse{State: t.emptyState()}
	t.r.Create(ctx, resource.CreateRequest{Plan: plan, Config: config}, &cresp)
	if cresp.Diagnostics.HasError() {
		tb.Fatal(cresp.Diagnostics)
	}
	n1 := sumCounts(sim, routes)

	rresp := resource.ReadResponse{State: cresp.State}
	t.r.Read(ctx, resource.ReadRequest{State: cresp.State}, &rresp)
	if rresp.Diagnostics.HasError() {
		tb.Fatal(rresp.Diagnostics)
	}
	n2 := sumCounts(sim, routes)

	var state M
	rresp.State.Get(ctx, &state)
	uplan, uconfig := t.plan(tb, next(state))
	uresp := resource.UpdateResponse{State: rresp.State}
	t.r.Update(ctx, resource.UpdateRequest{Plan: uplan, Config: uconfig, State: rresp.State}, &uresp)
	if uresp.Diagnostics.HasError() {
		tb.Fatal(uresp.Diagnostics)
	}
	n3 := sumCounts(sim, routes)

	dresp := resource.DeleteResponse{State: uresp.State}
	t.r.Delete(ctx, resource.DeleteRequest{State: uresp.State}, &dresp)
	if dresp.Diagnostics.HasError() {
		tb.Fatal(dresp.Diagnostics)
	}
	n4 := sumCounts(sim, routes)
	return n1 - n0, n2 - n1, n3 - n2, n4 - n3
}

// bench runs counts b.N times (model(i) is iteration i's create plan) and
// reports the mean requests of each operation.
func (t *crudHarness[M]) bench(b *testing.B, sim *simulator.Server, routes []string, model func(i int) M, next func(M) M) {
	var create, read, update, del int
	iamBefore := sumCounts(sim, iamRoutes)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, r, u, d := t.counts(b, sim, routes, model(i), next)
		create, read, update, del = create+c, read+r, update+u, del+d
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(create)/n, "create-req/op")
	b.ReportMetric(float64(read)/n, "read-req/op")
	b.ReportMetric(float64(update)/n, "update-req/op")
	b.ReportMetric(float64(del)/n, "delete-req/op")
	b.ReportMetric(float64(sumCounts(sim, iamRoutes)-iamBefore), "iam-req-total")
}

func benchTemplateModel(name string) pipelineTemplateModel {
	varType := types.ObjectType{AttrTypes: templateVariableAttrTypes}
	v := types.ObjectValueMust(templateVariableAttrTypes, map[string]attr.Value{
		"name": types.StringValue("branch"), "type": types.StringValue("string"), "value": types.StringValue("main"),
		"description": types.StringValue(""), "is_runtime": types.BoolValue(true), "is_secret": types.BoolValue(false),
		"limits": types.ListNull(types.StringType),
	})
	unknown := types.StringUnknown()
	return pipelineTemplateModel{
		ID: unknown, Name: types.StringValue(name), Language: types.StringValue("go"), Description: types.StringValue("bench"),
		Definition:   jsontypes.NewNormalizedValue(`{"stages":[{"name":"Build","sequence":"0","jobs":[]}]}`),
		Variables:    types.ListValueMust(varType, []attr.Value{v}),
		SecretValues: types.MapNull(types.StringType), SecretValuesWO: types.MapNull(types.StringType),
		SecretValuesWOVersion: types.Int64Null(), IsShowSource: types.BoolValue(false), IsFavorite: types.BoolUnknown(),
		CreateTime: unknown, UpdateTime: unknown, CreatorID: unknown, UpdaterID: unknown, ManifestVersion: unknown,
		Icon: unknown, IsSystem: types.BoolUnknown(),
	}
}

// BenchmarkPipelineTemplateRequests reports the API requests of each
// resource operation against the simulator: create 2 (POST + GET), read 1,
// update 2 (PUT + GET), delete 1, and IAM look-ups once per provider
// (amortised to ~0 per operation).
//
//	go test ./internal/provider/ -run '^$' -bench BenchmarkPipelineTemplateRequests
func BenchmarkPipelineTemplateRequests(b *testing.B) {
	sim := simulator.New(simulator.Options{})
	sim.Start()
	defer sim.Close()
	newTemplateCRUD(b, sim).bench(b, sim, templateRoutes, func(i int) pipelineTemplateModel { return benchTemplateModel(fmt.Sprintf("bench-%d", i)) },
		func(state pipelineTemplateModel) pipelineTemplateModel {
			state.Description = types.StringValue("bench, updated")
			state.UpdateTime, state.UpdaterID = types.StringUnknown(), types.StringUnknown()
			return state
		})
	if len(sim.Templates()) != 0 {
		b.Fatalf("%d templates left", len(sim.Templates()))
	}
}

// TestPipelineTemplateDeleteToleratesMissing: Delete of a template that is
// already gone succeeds (not-found with HTTP 200 and 404).
func TestPipelineTemplateDeleteToleratesMissing(t *testing.T) {
	for _, status := range []int{200, 404} {
		sim := simulator.New(simulator.Options{})
		sim.Start()
		t.Cleanup(sim.Close)
		sim.SetTemplateNotFoundStatus(status)
		crud := newTemplateCRUD(t, sim)
		ctx := context.Background()
		plan, config := crud.plan(t, benchTemplateModel("gone"))
		cresp := resource.CreateResponse{State: crud.emptyState()}
		crud.r.Create(ctx, resource.CreateRequest{Plan: plan, Config: config}, &cresp)
		var m pipelineTemplateModel
		cresp.State.Get(ctx, &m)
		if !sim.DeleteTemplate(m.ID.ValueString()) {
			t.Fatal("not created")
		}
		dresp := resource.DeleteResponse{State: cresp.State}
		crud.r.Delete(ctx, resource.DeleteRequest{State: cresp.State}, &dresp)
		if dresp.Diagnostics.HasError() {
			t.Fatalf("HTTP %d: delete of a missing template: %v", status, dresp.Diagnostics)
		}
		if sim.Count("DELETE /v5/{tenant_id}/api/pipeline-templates/{template_id}") != 1 {
			t.Fatal("no DELETE sent")
		}
	}
}

// BenchmarkTemplatesApplyDestroy200 applies then destroys 200 templates with
// the real terraform binary (dev_overrides) at 20 ms simulated latency and
// -parallelism=10, and reports each phase as a ratio to the API-bound time
// (200 × requests per template × 20 ms ÷ 10). Benchmark only:
//
//	go test ./internal/provider/ -run '^$' -bench BenchmarkTemplatesApplyDestroy200 -benchtime 1x
//
// TF_ACC_TERRAFORM_PATH (default: terraform on PATH) picks the binary.
func BenchmarkTemplatesApplyDestroy200(b *testing.B) {
	const count, parallelism, latency = 200, 10, 20 * time.Millisecond
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			b.Skip("terraform not found")
		}
	}
	dir := b.TempDir()
	bin := providerBinaryDir(b)
	cli := filepath.Join(dir, "cli.tfrc")
	must(b, os.WriteFile(cli, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "cicdlabs/cicd" = %q
  }
  direct {}
}
`, bin)), 0o600))

	sim := simulator.New(simulator.Options{})
	url := sim.Start()
	defer sim.Close()
	work := filepath.Join(dir, "work")
	must(b, os.MkdirAll(work, 0o755))
	must(b, os.WriteFile(filepath.Join(work, "main.tf"), []byte(fmt.Sprintf(`
terraform {
  required_providers {
    cicd = { source = "cicdlabs/cicd" }
  }
}
provider "cicd" {
  codearts {
    region     = %[1]q
    access_key = %[2]q
    secret_key = %[3]q
    endpoints {
      pipeline = %[4]q
      iam      = %[4]q
    }
  }
}
resource "cicd_codearts_pipeline_template" "bulk" {
  count      = %[5]d
  name       = "bulk-${count.index}"
  language   = "go"
  definition = jsonencode({ stages = [{ name = "Build", sequence = "0", jobs = [] }] })
  variables  = [{ name = "branch", type = "string", value = "main" }]
}
`, simulator.DemoRegion, simulator.DemoAK, simulator.DemoSK, url, count)), 0o644))

	run := func(args ...string) time.Duration {
		cmd := exec.Command(tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return time.Since(start)
	}
	// phase applies then destroys at a latency and returns the durations and
	// template-route requests of each.
	phase := func(lat time.Duration) (applyTime, destroyTime time.Duration, applyReq, destroyReq, iam int) {
		sim.SetLatency(lat)
		sim.ResetCounts()
		applyTime = run("apply", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))
		applyReq, iam = sumCounts(sim, templateRoutes), sumCounts(sim, iamRoutes)
		if n := len(sim.Templates()); n != count {
			b.Fatalf("%d templates after apply", n)
		}
		sim.ResetCounts()
		destroyTime = run("destroy", "-auto-approve", "-input=false", fmt.Sprintf("-parallelism=%d", parallelism))
		destroyReq, iam = sumCounts(sim, templateRoutes), iam+sumCounts(sim, iamRoutes)
		if n := len(sim.Templates()); n != 0 {
			b.Fatalf("%d templates after destroy", n)
		}
		return
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Terraform's own cost (graph walks, state writes, plugin start) at 0 ms.
		apply0, destroy0, _, _, _ := phase(0)
		applyTime, destroyTime, applyReq, destroyReq, iam := phase(latency)
		bound := func(req int) time.Duration { return time.Duration(req) * latency / parallelism }
		b.ReportMetric(applyTime.Seconds(), "apply-s")
		b.ReportMetric(apply0.Seconds(), "apply-0ms-s")
		b.ReportMetric(float64(applyReq)/count, "apply-req/template")
		b.ReportMetric(applyTime.Seconds()/bound(applyReq).Seconds(), "apply-ratio")
		b.ReportMetric(destroyTime.Seconds(), "destroy-s")
		b.ReportMetric(destroy0.Seconds(), "destroy-0ms-s")
		b.ReportMetric(float64(destroyReq)/count, "destroy-req/template")
		b.ReportMetric(destroyTime.Seconds()/bound(destroyReq).Seconds(), "destroy-ratio")
		b.ReportMetric(float64(iam), "iam-req-total")
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}
