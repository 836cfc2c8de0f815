package provider

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The fault matrix (issue 8): every operation of every type against every
// simulator fault, through the real terraform CLI. Each row expects one
// outcome (fault_matrix_helpers_test.go): derived from the transport's retry
// policy, or an exception that says why not. Rows of one operation share a
// TestCase (one fresh simulator) and run as consecutive steps; what a failed
// step left on the server is checked before the next step.

// routesWithoutProvider are simulator routes no provider operation calls.
var routesWithoutProvider = map[string]string{
	"GET /openapi/v1/teams": "the simulator's own team listing; the provider takes team ids from configuration",
	"POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/pass":   "review approval: tests drive it, the provider only reports paused runs",
	"POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/jobs/{job_run_id}/steps/{step_run_id}/refuse": "review rejection: tests drive it, the provider only reports paused runs",
}

func TestAccFaultMatrix(t *testing.T) {
	ops := matrixOps()
	// Every route the provider calls has rows, so a new operation cannot
	// escape the matrix.
	covered := map[string]bool{}
	for _, op := range ops {
		covered[op.route] = true
	}
	registered := map[string]bool{}
	for _, r := range simulator.New(simulator.Options{}).Routes() {
		registered[r] = true
		if _, skip := routesWithoutProvider[r]; !skip && !covered[r] {
			t.Errorf("route %q has no row in the fault matrix", r)
		}
	}
	for r := range covered {
		if !registered[r] {
			t.Errorf("matrix row names %q, which the simulator does not register", r)
		}
	}
	n := 0
	for _, op := range ops {
		rows := op.rows()
		n += len(rows)
		for _, r := range rows {
			if r.why != "" {
				t.Logf("%-90s %-18s (not the policy's: %s)", r, r.want, r.why)
			}
		}
		t.Run(strings.NewReplacer(" ", "_", "/", "_").Replace(op.name), func(t *testing.T) { op.run(t, rows) })
	}
	t.Logf("%d operations × %d faults = %d rows", len(ops), len(matrixFaults), n)
}

func matrixOps() []*matrixOp {
	var ops []*matrixOp
	ops = append(ops, dataSourceOps()...)
	ops = append(ops, iamOps()...)
	for _, k := range runKinds() {
		ops = append(ops, k.ops()...)
	}
	ops = append(ops, templateOps()...)
	ops = append(ops, fromTemplateOps()...)
	ops = append(ops, pipelineOps()...) // fault_matrix_pipelines_test.go
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].name < ops[j].name })
	return ops
}

// ---- data sources: one step per row, the data source read at plan ----

// dataSourceOp faults a data source's read. cfg is the data source block.
func dataSourceOp(name, route, summary string, auth authKind, cfg func(e *matrixEnv) string) *matrixOp {
	op := &matrixOp{name: name, route: route, class: idempotentCall, summary: summary}
	op.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		c := e.chain()
		config := e.provider(auth) + cfg(e)
		for _, r := range rows {
			c.row(r, resource.TestStep{Config: config}, nil, nil)
		}
		c.run(t)
	}
	return op
}

func dataSourceOps() []*matrixOp {
	return []*matrixOp{
		dataSourceOp("cicd_codearts_pipelines read", "POST /v3/pipelines/list", "Cannot list CodeArts pipelines", tokenAuth,
			func(*matrixEnv) string { return fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID) }),
		dataSourceOp("cicd_codearts_pipeline_templates read", "POST /v5/{tenant_id}/api/pipeline-templates/list", "Cannot list pipeline templates", tokenAuth,
			func(*matrixEnv) string {
				return "data \"cicd_codearts_pipeline_templates\" \"test\" {\n  is_system = true\n}\n"
			}),
		dataSourceOp("cicd_codearts_pipeline_runs read", runsListRoute, "Cannot list the runs of CodeArts pipeline", tokenAuth,
			func(*matrixEnv) string {
				return fmt.Sprintf("data \"cicd_codearts_pipeline_runs\" \"test\" {\n  project_id  = %q\n  pipeline_id = %q\n}\n",
					simulator.DemoCodeArtsProjectID, simulator.DemoPipelineID)
			}),
		dataSourceOp("cicd_codearts_pipeline_step_log read", stepLogRoute, "Cannot read the log of step", tokenAuth,
			func(*matrixEnv) string { return stepLogConfig(nil, "test", "") }),
		dataSourceOp("cicd_codearts_build_records read", simulator.RouteBuildHistory, "Cannot read the build history", tokenAuth,
			func(e *matrixEnv) string {
				return fmt.Sprintf("data \"cicd_codearts_build_records\" \"test\" {\n  job_id = %q\n}\n", simulator.DemoBuildJobID)
			}),
		dataSourceOp("cicd_codearts_build_record read (history)", simulator.RouteBuildHistory, "Cannot read the build history", tokenAuth,
			func(e *matrixEnv) string {
				return fmt.Sprintf("data \"cicd_codearts_build_record\" \"test\" {\n  job_id = %q\n  status = \"SUCCESS\"\n}\n", simulator.DemoBuildJobID)
			}),
		dataSourceOp("cicd_codearts_build_record read (record)", simulator.RouteBuildRecordInfo, "Cannot read build 1 of job", tokenAuth,
			func(e *matrixEnv) string {
				return fmt.Sprintf("data \"cicd_codearts_build_record\" \"test\" {\n  job_id = %q\n  build_no = 1\n}\n", simulator.DemoBuildJobID)
			}),
		dataSourceOp("cicd_rainbond_component_events read", rainbondEventsRoute, "Cannot list the Rainbond component's events", tokenAuth,
			func(*matrixEnv) string { return eventsConfig("") }).
			withExcept(simulator.FaultExpiredToken, exception{want: failsCleanly, detail: []string{`HTTP 401`, `No such user`},
				why: "Rainbond access tokens do not expire by time; a revoked one answers 401 No such user"}),
	}
}

// withExcept records a row whose expectation is not the policy's.
func (op *matrixOp) withExcept(f simulator.FaultKind, x exception) *matrixOp {
	if op.except == nil {
		op.except = map[simulator.FaultKind]exception{}
	}
	op.except[f] = x
	return op
}

// ---- IAM: the token issue (password mode) and the id look-ups ----

func iamOps() []*matrixOp {
	pipelines := func(*matrixEnv) string { return fmt.Sprintf(pipelinesInDemoProject, simulator.DemoCodeArtsProjectID) }
	templates := func(*matrixEnv) string {
		return "data \"cicd_codearts_pipeline_templates\" \"test\" {\n  is_system = true\n}\n"
	}
	token := dataSourceOp("IAM token issue (password mode)", "POST /v3/auth/tokens", "Cannot list CodeArts pipelines", passwordAuth, pipelines).
		withExcept(simulator.FaultExpiredToken, exception{want: failsCleanly, detail: []string{`HTTP 401`, `token has expired`, `Check codearts\.user_name`},
			why: "the token request itself carries no token: IAM's 401 gets the password-mode hint"})
	projects := dataSourceOp("IAM project look-up (AK/SK mode)", "GET /v3/projects", "Cannot list CodeArts pipelines", akskAuth, pipelines).
		withExcept(simulator.FaultExpiredToken, exception{want: failsCleanly, detail: []string{`HTTP 401`, `token has expired`, `Check codearts\.access_key`},
			why: "the look-up is AK/SK-signed (token mode never looks the project up): the 401 gets the AK/SK hint"})
	domains := dataSourceOp("IAM domain look-up (token mode)", "GET /v3/auth/domains", "Cannot list pipeline templates", tokenAuth, templates)
	return []*matrixOp{token, projects, domains}
}

// ---- helpers shared by the resource rows ----

// inState checks whether addr is in the state.
func inState(addr string, want bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		_, ok := s.RootModule().Resources[addr]
		if ok != want {
			return fmt.Errorf("%s in state: %v, want %v", addr, ok, want)
		}
		return nil
	}
}
