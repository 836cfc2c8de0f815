package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The fault matrix's rows for cicd_codearts_pipeline (v5 pipeline API) and
// the cicd_codearts_pipeline data source.

const matrixPipeline = "cicd_codearts_pipeline.test"

// matrixPipelineConfig renders pipeline <addrName>, from a definition or
// (fromTemplate) from the template of pipelineTemplateBlock.
func matrixPipelineConfig(addrName, description string, fromTemplate bool) string {
	if fromTemplate {
		return fmt.Sprintf(pipelineTemplateBlock, "Build") + fmt.Sprintf(`
resource "cicd_codearts_pipeline" %q {
  project_id  = %q
  template_id = cicd_codearts_pipeline_template.tpl.id
  name        = "mx-pipeline"
  description = %q
}
`, addrName, simulator.DemoCodeArtsProjectID, description)
	}
	return strings.Replace(pipelineConfig("mx-pipeline", description, ""), `"cicd_codearts_pipeline" "test"`,
		fmt.Sprintf(`"cicd_codearts_pipeline" %q`, addrName), 1)
}

func pipelineOps() []*matrixOp {
	v5 := func(e *matrixEnv) []simulator.Pipeline {
		var out []simulator.Pipeline
		for _, p := range e.sim.Pipelines() {
			if p.V5 != nil {
				out = append(out, p)
			}
		}
		return out
	}
	// Row i's pipeline has its own address: the step creates it and destroys
	// row i-1's. Afterwards the server must hold exactly what the state holds.
	createRows := func(fromTemplate bool) func(t *testing.T, rows []faultRow) {
		return func(t *testing.T, rows []faultRow) {
			e := newMatrixEnv(t)
			c := e.chain()
			c.noRefresh = true // a refresh of row i-1's pipeline would take row i's GET fault
			if fromTemplate {
				c.add(resource.TestStep{Config: e.provider(tokenAuth) + fmt.Sprintf(pipelineTemplateBlock, "Build")})
			}
			for i, r := range rows {
				addr := fmt.Sprintf("row%d", i)
				cfg := e.provider(tokenAuth) + matrixPipelineConfig(addr, "matrix", fromTemplate)
				c.row(r, resource.TestStep{Config: cfg}, inState("cicd_codearts_pipeline."+addr, true), func() error {
					held := 0 // the failed create of a start op leaves nothing in state
					if !r.failed() || r.op.class != startCall {
						held = 1
					}
					ps := v5(e)
					if r.want == reportsMayHaveStarted && len(ps) == 1 {
						e.sim.DeletePipeline(ps[0].ID) // created, but its id never arrived: the diagnostic says so
						return nil
					}
					if len(ps) != held {
						return fmt.Errorf("the server has %d pipeline(s), the state %d", len(ps), held)
					}
					return nil
				})
			}
			c.run(t)
		}
	}
	base := "/v5/{project_id}/api/pipelines"
	create := &matrixOp{name: "cicd_codearts_pipeline create", route: simulator.RoutePipelineV5Create, class: startCall,
		summary: "Cannot create the pipeline", started: "may have been created"}
	create.run = createRows(false)
	fromTemplate := &matrixOp{name: "cicd_codearts_pipeline create (from a template)", route: simulator.RoutePipelineV5FromTemplate,
		class: startCall, summary: "Cannot create the pipeline", started: "may have been created"}
	fromTemplate.run = createRows(true)
	readBack := &matrixOp{name: "cicd_codearts_pipeline create (read back)", route: "GET " + base + "/{pipeline_id}",
		class: idempotentCall, summary: "Pipeline [0-9a-f]+ was created but could not be set up or read back"}
	readBack.run = createRows(false)

	read := &matrixOp{name: "cicd_codearts_pipeline read (refresh)", route: simulator.RoutePipelineV5Detail,
		class: idempotentCall, summary: "Cannot read the pipeline"}
	read.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		c := e.chain()
		c.add(resource.TestStep{Config: e.provider(tokenAuth) + matrixPipelineConfig("test", "matrix", false)})
		for _, r := range rows {
			c.row(r, resource.TestStep{RefreshState: true}, inState(matrixPipeline, true), nil)
		}
		c.run(t)
	}

	update := &matrixOp{name: "cicd_codearts_pipeline update", route: simulator.RoutePipelineV5Update,
		class: idempotentCall, summary: "Cannot update the pipeline"}
	update.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		c := e.chain()
		description := func() string {
			ps := v5(e)
			if len(ps) != 1 {
				return fmt.Sprintf("<%d pipelines>", len(ps))
			}
			return ps[0].V5.Description
		}
		c.add(resource.TestStep{Config: e.provider(tokenAuth) + matrixPipelineConfig("test", "row -1", false)})
		for i, r := range rows {
			want := fmt.Sprintf("row %d", i)
			var before string
			s := resource.TestStep{Config: e.provider(tokenAuth) + matrixPipelineConfig("test", want, false), PreConfig: func() { before = description() }}
			c.row(r, s, resource.TestCheckResourceAttr(matrixPipeline, "description", want), func() error {
				got := description()
				switch {
				case !r.failed() && got != want:
					return fmt.Errorf("server description %q, want %q", got, want)
				case r.failed() && !actsAfterHandler(r.fault) && got != before:
					return fmt.Errorf("the update failed but the server description changed to %q", got)
				}
				return nil
			})
		}
		c.run(t)
	}

	del := &matrixOp{name: "cicd_codearts_pipeline delete", route: simulator.RoutePipelineV5Delete,
		class: idempotentCall, summary: "Cannot delete the pipeline"}
	del.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAfterRetry, why: resentDelete})
	del.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		c := e.chain()
		cfg := e.provider(tokenAuth) + matrixPipelineConfig("test", "matrix", false)
		for _, r := range rows {
			c.add(resource.TestStep{Config: cfg})
			c.row(r, resource.TestStep{Config: cfg, Destroy: true}, nil, func() error {
				n := len(v5(e))
				if r.failed() && n != 1 {
					return fmt.Errorf("the destroy failed (the pipeline stays in state) but the server has %d pipelines", n)
				}
				if !r.failed() && n != 0 {
					return fmt.Errorf("the destroy succeeded but the server has %d pipelines", n)
				}
				return nil
			})
		}
		c.run(t)
	}

	dataSource := dataSourceOp("cicd_codearts_pipeline read", simulator.RoutePipelineV5Detail, "Cannot read CodeArts pipeline", tokenAuth,
		func(*matrixEnv) string {
			return fmt.Sprintf("data \"cicd_codearts_pipeline\" \"test\" {\n  project_id  = %q\n  pipeline_id = %q\n}\n",
				simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID)
		})
	return []*matrixOp{create, fromTemplate, readBack, read, update, del, dataSource}
}
