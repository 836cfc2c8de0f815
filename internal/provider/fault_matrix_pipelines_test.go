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

// crudMatrix runs the rows of a CRUD type's operations (templates and
// pipelines share them): create, refresh, update of the description, delete.
type crudMatrix struct {
	typ string // the resource type
	// config renders the type's block at address typ.<name> with a
	// description (and what it needs: prelude blocks).
	config func(name, description string) string
	// prelude is applied first and kept (e.g. the template a pipeline is made from).
	prelude string
	// objects lists the ids of the type's objects on the server; describe
	// is the description of object id.
	objects  func(e *matrixEnv) []string
	describe func(e *matrixEnv, id string) string
	remove   func(e *matrixEnv, id string)
}

// createRows: row i's object has its own address: the step creates it and
// destroys row i-1's (a DELETE, not faulted here). Afterwards the server
// must hold exactly what the state holds.
func (m crudMatrix) createRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	c := e.chain()
	c.noRefresh = true // a refresh of row i-1's object would take row i's GET fault
	if m.prelude != "" {
		c.add(resource.TestStep{Config: e.provider(tokenAuth) + m.prelude})
	}
	for i, r := range rows {
		name := fmt.Sprintf("row%d", i)
		c.row(r, resource.TestStep{Config: e.provider(tokenAuth) + m.prelude + m.config(name, "matrix")}, inState(m.typ+"."+name, true), func() error {
			held := 0 // what the state holds now: the failed create of a start op leaves nothing
			if !r.failed() || r.op.class != startCall {
				held = 1
			}
			ids := m.objects(e)
			if r.want == reportsMayHaveStarted && len(ids) == 1 {
				m.remove(e, ids[0]) // created, but its id never arrived: the diagnostic says so
				return nil
			}
			if len(ids) != held {
				return fmt.Errorf("the server has %d object(s), the state %d", len(ids), held)
			}
			return nil
		})
	}
	c.run(t)
}

func (m crudMatrix) readRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	c := e.chain()
	c.add(resource.TestStep{Config: e.provider(tokenAuth) + m.prelude + m.config("test", "matrix")})
	for _, r := range rows {
		c.row(r, resource.TestStep{RefreshState: true}, inState(m.typ+".test", true), nil)
	}
	c.run(t)
}

func (m crudMatrix) updateRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	c := e.chain()
	description := func() string {
		ids := m.objects(e)
		if len(ids) != 1 {
			return fmt.Sprintf("<%d objects>", len(ids))
		}
		return m.describe(e, ids[0])
	}
	c.add(resource.TestStep{Config: e.provider(tokenAuth) + m.prelude + m.config("test", "row -1")})
	for i, r := range rows {
		want := fmt.Sprintf("row %d", i)
		var before string
		s := resource.TestStep{Config: e.provider(tokenAuth) + m.prelude + m.config("test", want), PreConfig: func() { before = description() }}
		c.row(r, s, resource.TestCheckResourceAttr(m.typ+".test", "description", want), func() error {
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

func (m crudMatrix) deleteRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	c := e.chain()
	cfg := e.provider(tokenAuth) + m.prelude + m.config("test", "matrix")
	for _, r := range rows {
		c.add(resource.TestStep{Config: cfg})
		c.row(r, resource.TestStep{Config: cfg, Destroy: true}, nil, func() error {
			n := len(m.objects(e))
			if r.failed() && n != 1 {
				return fmt.Errorf("the destroy failed (the object stays in state) but the server has %d", n)
			}
			if !r.failed() && n != 0 {
				return fmt.Errorf("the destroy succeeded but the server has %d", n)
			}
			return nil
		})
	}
	c.run(t)
}

func pipelineOps() []*matrixOp {
	objects := func(e *matrixEnv) []string {
		var ids []string
		for _, p := range e.sim.Pipelines() {
			if p.V5 != nil {
				ids = append(ids, p.ID)
			}
		}
		return ids
	}
	describe := func(e *matrixEnv, id string) string {
		v, _ := e.sim.PipelineV5Of(id)
		return v.Description
	}
	remove := func(e *matrixEnv, id string) { e.sim.DeletePipeline(id) }
	fromDefinition := crudMatrix{typ: "cicd_codearts_pipeline", objects: objects, describe: describe, remove: remove,
		config: func(name, description string) string { return matrixPipelineConfig(name, description, false) }}
	fromTemplateM := fromDefinition
	fromTemplateM.prelude = fmt.Sprintf(pipelineTemplateBlock, "Build")
	fromTemplateM.config = func(name, description string) string {
		return strings.TrimPrefix(matrixPipelineConfig(name, description, true), fromTemplateM.prelude)
	}

	create := &matrixOp{name: "cicd_codearts_pipeline create", route: simulator.RoutePipelineV5Create, class: startCall,
		summary: "Cannot create the pipeline", started: "may have been created", run: fromDefinition.createRows}
	fromTemplate := &matrixOp{name: "cicd_codearts_pipeline create (from a template)", route: simulator.RoutePipelineV5FromTemplate,
		class: startCall, summary: "Cannot create the pipeline", started: "may have been created", run: fromTemplateM.createRows}
	readBack := &matrixOp{name: "cicd_codearts_pipeline create (read back)", route: simulator.RoutePipelineV5Detail,
		class: idempotentCall, summary: "Pipeline [0-9a-f]+ was created but could not be set up or read back", run: fromDefinition.createRows}
	read := &matrixOp{name: "cicd_codearts_pipeline read (refresh)", route: simulator.RoutePipelineV5Detail,
		class: idempotentCall, summary: "Cannot read the pipeline", run: fromDefinition.readRows}
	update := &matrixOp{name: "cicd_codearts_pipeline update", route: simulator.RoutePipelineV5Update,
		class: idempotentCall, summary: "Cannot update the pipeline", run: fromDefinition.updateRows}
	del := &matrixOp{name: "cicd_codearts_pipeline delete", route: simulator.RoutePipelineV5Delete,
		class: idempotentCall, summary: "Cannot delete the pipeline", run: fromDefinition.deleteRows}
	del.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAfterRetry, why: resentDelete})

	dataSource := dataSourceOp("cicd_codearts_pipeline read", simulator.RoutePipelineV5Detail, "Cannot read CodeArts pipeline", tokenAuth,
		func(*matrixEnv) string {
			return fmt.Sprintf("data \"cicd_codearts_pipeline\" \"test\" {\n  project_id  = %q\n  pipeline_id = %q\n}\n",
				simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID)
		})
	return []*matrixOp{create, fromTemplate, readBack, read, update, del, dataSource}
}
