package provider

import (
	"fmt"
	"strings"
	"time"

	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The fault matrix's resource rows: the four run types (trigger, status
// polls, refresh, stop on destroy, failure log tail), pipeline templates and
// pipelines created from templates.

// script is how a run of a matrix run type goes.
type script int

const (
	quickSuccess script = iota
	runsLong            // still running at destroy (stop rows)
	failsWithLog        // fails; its log has a recognisable last line
	runsAWhile          // runs about 2s: long enough to act on it mid-wait (the sequence suite)
)

const matrixLogLine = "ERROR: matrix step failed"

// runKind adapts one run type to the matrix.
type runKind struct {
	typ, noun string
	// setup makes a job/task/pipeline whose runs follow sc; it returns its id.
	setup func(e *matrixEnv, sc script) string
	// block renders the resource with extra HCL.
	block func(id, extra string) string
	// started counts runs the service started for id.
	started func(e *matrixEnv, id string) int
	// stopped reports whether run n (1-based, in start order) of id was stopped.
	stopped func(e *matrixEnv, id string, n int) bool
	// settle is how long to wait before a row, so that the previous row's
	// run has ended (Rainbond refuses a build while one is unfinished).
	settle time.Duration
	// routes
	start, read string
	polls       []string // routes polled while waiting (the first is also read on refresh)
	stop, log   string   // "" when the type has none
	// lookups are routes read only to settle an unclear start reply (the
	// others are the routes of data sources and have rows there).
	lookups []string
	failure []string // what the failed run's diagnostic says (failsWithLog)
	// bestEffortRead: the start reads the run once, ignoring errors, before
	// the wait polls (so a poll fault lands on that read).
	bestEffortRead bool
}

func (k runKind) addr() string { return k.typ + ".test" }

// config renders the resource for row i with extra settings.
func (k runKind) config(e *matrixEnv, id string, i int, extra string) string {
	return e.provider(tokenAuth) + k.block(id, fmt.Sprintf("  triggers = { row = \"%d\" }\n%s\n%s", i, fastWait, extra))
}

func runKinds() []runKind {
	return []runKind{
		{
			typ: "cicd_codearts_build_run", noun: "build",
			setup: func(e *matrixEnv, sc script) string {
				o := simulator.BuildOutcome{Result: "SUCCESS", Duration: 200 * time.Millisecond}
				switch sc {
				case runsLong:
					o.Duration = time.Hour
				case runsAWhile:
					o.Duration = 2 * time.Second
				case failsWithLog:
					o.Result, o.ErrMsg = "FAILURE", matrixLogLine
				}
				return newBuildJob(e.t, e.testEnv, o)
			},
			block: func(id, extra string) string {
				return fmt.Sprintf("resource \"cicd_codearts_build_run\" \"test\" {\n  job_id = %q\n%s}\n", id, extra)
			},
			started: func(e *matrixEnv, id string) int { return e.sim.BuildsStarted(id) },
			stopped: func(e *matrixEnv, id string, n int) bool {
				b, _ := e.sim.Build(id, n)
				return b.Stopped
			},
			start: simulator.RouteBuildRun, read: simulator.RouteBuildRecordInfoV1, // a finished build refreshes from its record alone
			polls: []string{simulator.RouteBuildInfo, simulator.RouteBuildRecordInfoV1},
			stop:  simulator.RouteBuildStop,
		},
		{
			typ: "cicd_codearts_deploy_run", noun: "deployment",
			setup: func(e *matrixEnv, sc script) string {
				o := simulator.DeployOutcome{Steps: fastSteps(50 * time.Millisecond)}
				switch sc {
				case runsLong:
					o.Steps = fastSteps(time.Hour)
				case runsAWhile:
					o.Steps = fastSteps(500 * time.Millisecond)
				}
				return newDeployTask(e.t, e.testEnv, o)
			},
			block: func(id, extra string) string {
				return fmt.Sprintf("resource \"cicd_codearts_deploy_run\" \"test\" {\n  task_id = %q\n%s}\n", id, extra)
			},
			started: func(e *matrixEnv, id string) int { return e.sim.DeploysStarted(id) },
			stopped: func(e *matrixEnv, id string, n int) bool {
				recs := e.sim.DeployRecords(id)
				return len(recs) >= n && recs[n-1].Stopped
			},
			start: simulator.RouteDeployStart, read: simulator.RouteDeployState,
			lookups: []string{simulator.RouteDeployTaskDetail, simulator.RouteDeployHistory},
			polls:   []string{simulator.RouteDeployState},
			stop:    simulator.RouteDeployStop,
		},
		{
			typ: "cicd_codearts_pipeline_run", noun: "pipeline run",
			setup: func(e *matrixEnv, sc script) string {
				p := simulator.PipelineRunPlan{StepDuration: 50 * time.Millisecond}
				switch sc {
				case runsLong:
					p.StepDuration = time.Hour
				case runsAWhile:
					p.StepDuration = 700 * time.Millisecond
				case failsWithLog:
					p.Outcome, p.FailMessage = simulator.RunFailed, matrixLogLine
				}
				pl := e.sim.AddPipeline(simulator.Pipeline{Name: fmt.Sprintf("mx-%d", time.Now().UnixNano())})
				e.sim.SetPipelineRunOutcome(pl.ID, p)
				return pl.ID
			},
			block: func(id, extra string) string {
				return fmt.Sprintf("resource \"cicd_codearts_pipeline_run\" \"test\" {\n  project_id  = %q\n  pipeline_id = %q\n%s}\n",
					simulator.DemoCodeArtsProjectID, id, extra)
			},
			started: func(e *matrixEnv, id string) int { return len(e.sim.PipelineRunIDs(id)) },
			stopped: func(e *matrixEnv, id string, n int) bool {
				ids := e.sim.PipelineRunIDs(id)
				if len(ids) < n {
					return false
				}
				r, _ := e.sim.PipelineRun(ids[n-1])
				return r.Status == simulator.RunCanceled
			},
			start: pipelineRunRoute, read: pipelineRunPoll, polls: []string{pipelineRunPoll},
			stop: "POST /v5/{project_id}/api/pipelines/{pipeline_id}/pipeline-runs/{pipeline_run_id}/stop",
			log:  stepLogRoute, failure: []string{`Pipeline run failed`, matrixLogLine},
			bestEffortRead: true,
		},
		{
			typ: "cicd_rainbond_component_build", noun: "build",
			setup: func(e *matrixEnv, sc script) string {
				o := simulator.RainbondBuildOutcome{Duration: 200 * time.Millisecond, RolloutDuration: 50 * time.Millisecond}
				if sc == runsAWhile {
					o.Duration = 2 * time.Second
				}
				if sc == failsWithLog {
					o = simulator.RainbondBuildOutcome{Status: "failure", Duration: 200 * time.Millisecond, Message: "compile failed",
						LogLines: rbLogLines(matrixLogLine)}
				}
				e.sim.SetRainbondBuildOutcome(rbService, o)
				return rbService
			},
			block: func(_, extra string) string {
				return fmt.Sprintf("resource \"cicd_rainbond_component_build\" \"test\" {\n  team_id = %q\n  region_name = %q\n  app_id = %d\n  service_id = %q\n%s}\n",
					simulator.DemoRainbondTeamID, simulator.DemoRainbondRegion, simulator.DemoRainbondAppID, rbService, extra)
			},
			started: func(e *matrixEnv, id string) int { return e.sim.RainbondBuildsAccepted(id) },
			settle:  300 * time.Millisecond,
			start:   rbBuildRoute, read: rainbondEventsRoute, polls: []string{rainbondEventsRoute},
			log:     "GET /openapi/v1/teams/{team_id}/regions/{region_name}/events/{event_id}/logs",
			failure: []string{`Build failed`, `compile failed`},
		},
	}
}

// ops lists the run type's operations.
func (k runKind) ops() []*matrixOp {
	rb := strings.HasPrefix(k.typ, "cicd_rainbond")
	expired := func(op *matrixOp) *matrixOp {
		if rb {
			op.withExcept(simulator.FaultExpiredToken, exception{want: failsCleanly, detail: []string{`HTTP 401`, `No such user`},
				why: "Rainbond access tokens do not expire by time; a revoked one answers 401 No such user"})
		}
		return op
	}
	var ops []*matrixOp
	start := &matrixOp{name: k.typ + " create (trigger)", route: k.start, class: startCall,
		summary: "Cannot start the " + k.noun, started: "may have started anyway"}
	start.run = func(t *testing.T, rows []faultRow) {
		k.createRows(t, rows, quickSuccess, func(r faultRow) bool { return !r.failed() })
	}
	{
		// An unclear reply is settled by reading the runs started since the
		// request: the run the handler started is adopted;
		// a reset before the handler ran is shown to have started nothing.
		for _, f := range []simulator.FaultKind{simulator.FaultConnResetAfter, simulator.FaultTimeoutAfter, simulator.FaultMalformedJSON} {
			start.withExcept(f, exception{want: succeedsAnyway, why: "the reply was unclear; the provider listed the runs started since the request and adopted the one it started"})
		}
		start.withExcept(simulator.FaultConnReset, exception{want: failsCleanly, detail: []string{faultDetail[simulator.FaultConnReset], "No " + k.noun + " was started"},
			why: "the reply was unclear; the provider listed the runs started since the request and found none"})
	}
	ops = append(ops, expired(start))
	for _, route := range k.lookups {
		// The lookup that settles an unclear start reply (the start's reply
		// is a gateway's 502 after the service started the run).
		op := &matrixOp{name: k.typ + " create (lookup after an unclear start, " + shortRoute(route) + ")", route: route, class: idempotentCall,
			summary: "The " + k.noun + " may have started"}
		op.run = func(t *testing.T, rows []faultRow) {
			k.createRows(t, rows, quickSuccess, func(r faultRow) bool { return !r.failed() }, func(e *matrixEnv) {
				e.sim.InjectFault(k.start, simulator.Fault{Kind: simulator.FaultGateway502After})
			})
		}
		ops = append(ops, op)
	}
	for _, poll := range k.polls {
		op := &matrixOp{name: k.typ + " create (status poll " + shortRoute(poll) + ")", route: poll, class: idempotentCall,
			summary: "Cannot read the " + k.noun + "'s status"}
		op.run = func(t *testing.T, rows []faultRow) {
			k.createRows(t, rows, quickSuccess, func(faultRow) bool { return true })
		}
		if k.bestEffortRead {
			// The first read after the trigger only fetches the run number
			// for messages; the wait's own polls then read the run.
			op.name = k.typ + " create (run number read after the trigger)"
			for _, f := range []simulator.FaultKind{simulator.FaultMalformedJSON, simulator.FaultErrorWith200, simulator.FaultExpiredToken} {
				op.withExcept(f, exception{want: succeedsAnyway, why: "best-effort read right after the trigger (the run number); the wait's polls read the run again"})
			}
			ops = append(ops, expired(op))
			continue
		}
		// A failure to observe a run is not a failure of the run.
		for _, f := range []simulator.FaultKind{simulator.FaultMalformedJSON, simulator.FaultErrorWith200} {
			op.withExcept(f, exception{want: succeedsAnyway, why: "an unreadable or erroneous status reply is retried at the next poll; the run's own outcome decides"})
		}
		op = expired(op)
		op.withExcept(simulator.FaultExpiredToken, exception{want: succeedsAnyway, plansUpdate: true,
			why: "the status cannot be read with these credentials: a warning, and the run stays in state with outcome unknown (not tainted); the next apply waits for it again"})
		ops = append(ops, op)
	}
	read := &matrixOp{name: k.typ + " read (refresh)", route: k.read, class: idempotentCall, summary: "Cannot read the " + k.noun}
	read.run = k.readRows
	ops = append(ops, expired(read))
	if k.stop != "" {
		stop := &matrixOp{name: k.typ + " delete (stop_on_destroy)", route: k.stop, class: idempotentCall, summary: "Cannot stop the " + k.noun}
		stop.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAnyway,
			why: "the stop took effect; after a failed stop the provider reads the run and finds it ended"})
		stop.run = k.stopRows
		ops = append(ops, stop)
	}
	if k.log != "" {
		// The failure log tail is best effort: the run's failure is the
		// diagnostic whatever happens to the log read.
		op := &matrixOp{name: k.typ + " create (failure log tail)", route: k.log, class: idempotentCall, summary: k.failure[0]}
		for _, f := range matrixFaults {
			x := exception{want: failsCleanly, detail: k.failure[1:], why: "best-effort log tail: the run's own failure is the one diagnostic"}
			if retryPolicy[idempotentCall][f] == succeedsAfterRetry {
				x.detail = append(append([]string(nil), k.failure[1:]...), `(?:Last lines|last lines)`, matrixLogLine)
			}
			op.withExcept(f, x)
		}
		op.run = func(t *testing.T, rows []faultRow) {
			k.createRows(t, rows, failsWithLog, func(faultRow) bool { return true })
		}
		ops = append(ops, op)
	}
	return ops
}

func shortRoute(r string) string {
	parts := strings.Split(strings.Fields(r)[1], "/")
	return parts[len(parts)-1]
}

// createRows runs one create per row, each with a new trigger. leavesState
// says whether a row leaves the resource in state (checked by the next
// step's plan: replace when it does, create when not).
// pre (optional) runs before each row's fault is injected.
func (k runKind) createRows(t *testing.T, rows []faultRow, sc script, leavesState func(faultRow) bool, pre ...func(e *matrixEnv)) {
	e := newMatrixEnv(t)
	id := k.setup(e, sc)
	c := e.chain()
	c.noRefresh = true
	expectAction := func(in bool) resource.ConfigPlanChecks {
		a := plancheck.ResourceActionCreate
		if in {
			a = plancheck.ResourceActionDestroyBeforeCreate
		}
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(k.addr(), a)}}
	}
	prevIn := false
	for i, r := range rows {
		var before int
		s := resource.TestStep{Config: k.config(e, id, i, ""), ConfigPlanChecks: expectAction(prevIn),
			PreConfig: func() {
				time.Sleep(k.settle)
				before = k.started(e, id)
				for _, p := range pre {
					p(e)
				}
			}}
		if !r.failed() {
			// A run created, retried or adopted after an unclear start has
			// its identity.
			s.ConfigStateChecks = identityMatchesState(k.typ, k.addr())
		}
		onSuccess := resource.ComposeAggregateTestCheckFunc(inState(k.addr(), true),
			resource.TestCheckResourceAttrSet(k.addr(), "outcome"))
		c.row(r, s, onSuccess, func() error {
			n := k.started(e, id) - before
			switch {
			case n > 1:
				return fmt.Errorf("%d runs started by one apply", n)
			case r.op.class != startCall && n != 1:
				return fmt.Errorf("%d runs started, want 1", n)
			case r.op.class == startCall && r.want == failsCleanly && n != 0:
				return fmt.Errorf("the start failed cleanly but %d run(s) started", n)
			case r.op.class == startCall && r.want == succeedsAfterRetry && n != 1:
				return fmt.Errorf("%d runs started, want 1", n)
			}
			return nil
		})
		prevIn = leavesState(r)
	}
	final := resource.TestStep{Config: k.config(e, id, len(rows), ""), ConfigPlanChecks: expectAction(prevIn)}
	if sc == failsWithLog {
		final.ExpectError = oneError(k.failure[0], k.failure[1:]...)
	}
	c.add(final)
	c.run(t)
}

// readRows creates one run, then refreshes it once per row.
func (k runKind) readRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	id := k.setup(e, quickSuccess)
	c := e.chain()
	c.add(resource.TestStep{Config: k.config(e, id, 0, "")})
	for _, r := range rows {
		c.row(r, resource.TestStep{RefreshState: true}, inState(k.addr(), true), nil)
	}
	c.run(t)
}

// stopRows starts a long run (not waiting for it) with stop_on_destroy,
// then each row changes the trigger: the replacement destroys (stops) the
// run in state, faulted, before starting the next one. A failed stop leaves
// the run running and in state (the next row stops it again); a successful
// one leaves it stopped and gone from state.
func (k runKind) stopRows(t *testing.T, rows []faultRow) {
	e := newMatrixEnv(t)
	id := k.setup(e, runsLong)
	c := e.chain()
	c.noRefresh = true
	cfg := func(i int) string {
		return strings.Replace(k.config(e, id, i, "  stop_on_destroy = true\n"), fastWait, "\n  wait {\n    enabled = false\n  }", 1)
	}
	c.add(resource.TestStep{Config: cfg(0)})
	for i, r := range rows {
		var target int // the run in state, which this row's replacement stops
		s := resource.TestStep{Config: cfg(i + 1), PreConfig: func() { target = k.started(e, id) }}
		c.row(r, s, inState(k.addr(), true), func() error {
			stopped := k.stopped(e, id, target)
			if r.failed() && stopped && !actsAfterHandler(r.fault) {
				return fmt.Errorf("the destroy failed but run %d was stopped", target)
			}
			if !r.failed() && !stopped {
				return fmt.Errorf("the destroy succeeded but run %d was not stopped", target)
			}
			if n := k.started(e, id) - target; r.failed() && n != 0 || !r.failed() && n != 1 {
				return fmt.Errorf("%d new runs after the replacement", n)
			}
			return nil
		})
	}
	c.run(t)
}

// resentDelete explains the DELETE rows that retry a malformed answer.
const resentDelete = "a DELETE whose answer was unreadable may have worked: the provider sends it again and a not-found answer proves it did"

// ---- pipeline templates ----

func templateOps() []*matrixOp {
	const base = "/v5/{tenant_id}/api/pipeline-templates"
	m := crudMatrix{typ: "cicd_codearts_pipeline_template",
		config: func(name, description string) string {
			return strings.Replace(templateConfig("mx-template", description, ""),
				`"cicd_codearts_pipeline_template" "test"`, fmt.Sprintf(`"cicd_codearts_pipeline_template" %q`, name), 1)
		},
		objects: func(e *matrixEnv) []string {
			var ids []string
			for _, t := range e.sim.Templates() {
				ids = append(ids, t.ID)
			}
			return ids
		},
		describe: func(e *matrixEnv, id string) string {
			t, _ := e.sim.GetTemplate(id)
			return t.Description
		},
		remove: func(e *matrixEnv, id string) { e.sim.DeleteTemplate(id) },
	}
	favorite := m
	favorite.config = func(name, description string) string {
		return strings.Replace(templateConfig("mx-template", description, "  is_favorite = true\n"),
			`"cicd_codearts_pipeline_template" "test"`, fmt.Sprintf(`"cicd_codearts_pipeline_template" %q`, name), 1)
	}
	created := &matrixOp{name: "cicd_codearts_pipeline_template create", route: "POST " + base, class: startCall,
		summary: "Cannot create the pipeline template", started: "may have been created", run: m.createRows}
	favoriteOp := &matrixOp{name: "cicd_codearts_pipeline_template create (is_favorite)", route: "POST " + base + "/{template_id}/favorite",
		class: idempotentCall, summary: "Pipeline template [0-9a-f]+ was created but could not be read back", run: favorite.createRows}
	favoriteOp.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAnyway,
		why: "the favourite call's response body is not read: a truncated 200 is a success"})
	readBack := &matrixOp{name: "cicd_codearts_pipeline_template create (read back)", route: "GET " + base + "/{template_id}",
		class: idempotentCall, summary: "Pipeline template [0-9a-f]+ was created but could not be read back", run: m.createRows}
	read := &matrixOp{name: "cicd_codearts_pipeline_template read (refresh)", route: "GET " + base + "/{template_id}",
		class: idempotentCall, summary: "Cannot read the pipeline template", run: m.readRows}
	update := &matrixOp{name: "cicd_codearts_pipeline_template update", route: "PUT " + base + "/{template_id}",
		class: idempotentCall, summary: "Cannot update the pipeline template", run: m.updateRows}
	del := &matrixOp{name: "cicd_codearts_pipeline_template delete", route: "DELETE " + base + "/{template_id}",
		class: idempotentCall, summary: "Cannot delete the pipeline template", run: m.deleteRows}
	del.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAfterRetry, why: resentDelete})
	return []*matrixOp{created, favoriteOp, readBack, read, update, del}
}

// ---- pipelines created from templates ----

const matrixFromTemplate = "cicd_codearts_pipeline_from_template.test"

func fromTemplateOps() []*matrixOp {
	pipelineRoute := "DELETE /v5/{project_id}/api/pipelines/{pipeline_id}"
	named := func(e *matrixEnv, name string) int { return len(pipelinesNamed(e.testEnv, name)) }
	createRows := func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: 50 * time.Millisecond})
		c := e.chain()
		for i, r := range rows {
			name := fmt.Sprintf("mx-from-template-%d", i)
			cfg := e.provider(tokenAuth) + fromTemplateConfig(name, "")
			var tasks int
			s := resource.TestStep{Config: cfg, PreConfig: func() { tasks = len(e.sim.TemplateTasks()) }}
			c.row(r, s, inState(matrixFromTemplate, true), func() error {
				n := len(e.sim.TemplateTasks()) - tasks
				switch {
				case n > 1:
					return fmt.Errorf("%d template tasks started by one apply", n)
				case r.op.class == startCall && r.want == failsCleanly && n != 0:
					return fmt.Errorf("the start failed cleanly but a task started")
				case (r.op.class != startCall || r.want == succeedsAfterRetry) && n != 1:
					return fmt.Errorf("%d template tasks started, want 1", n)
				}
				return nil
			})
			c.add(resource.TestStep{Config: cfg, Destroy: true}, func() error {
				time.Sleep(150 * time.Millisecond) // a task still running finishes
				if n := named(e, name); n != 0 && r.want != reportsMayHaveStarted {
					return fmt.Errorf("%d pipeline(s) named %s left after destroy that the state did not hold", n, name)
				}
				return nil
			})
		}
		c.run(t)
	}
	start := &matrixOp{name: "cicd_codearts_pipeline_from_template create (task)", route: "POST /v3/templates/task", class: startCall,
		summary: "Cannot start creating the pipeline from the template", started: "may have been created"}
	start.run = createRows
	poll := &matrixOp{name: "cicd_codearts_pipeline_from_template create (status poll)", route: "GET /v3/templates/{task_id}/status",
		class: idempotentCall, summary: "Cannot follow the pipeline creation task"}
	poll.run = createRows

	read := &matrixOp{name: "cicd_codearts_pipeline_from_template read (refresh)", route: "POST /v3/pipelines/list",
		class: idempotentCall, summary: "Cannot check the pipeline created from the template"}
	read.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: 50 * time.Millisecond})
		c := e.chain()
		c.add(resource.TestStep{Config: e.provider(tokenAuth) + fromTemplateConfig("mx-from-template", "")})
		for _, r := range rows {
			c.row(r, resource.TestStep{RefreshState: true}, inState(matrixFromTemplate, true), nil)
		}
		c.run(t)
	}

	del := &matrixOp{name: "cicd_codearts_pipeline_from_template delete", route: pipelineRoute,
		class: idempotentCall, summary: "Cannot delete the pipeline created from the template"}
	del.withExcept(simulator.FaultMalformedJSON, exception{want: succeedsAfterRetry, why: resentDelete})
	del.run = func(t *testing.T, rows []faultRow) {
		e := newMatrixEnv(t)
		e.sim.SetTemplateTaskOutcome(simulator.TemplateTaskOutcome{Final: simulator.TemplateTaskSucceeded, After: 50 * time.Millisecond})
		c := e.chain()
		for i, r := range rows {
			name := fmt.Sprintf("mx-from-template-%d", i)
			cfg := e.provider(tokenAuth) + fromTemplateConfig(name, "")
			c.add(resource.TestStep{Config: cfg})
			c.row(r, resource.TestStep{Config: cfg, Destroy: true}, nil, func() error {
				n := named(e, name)
				if r.failed() && n != 1 {
					return fmt.Errorf("the destroy failed (the pipeline stays in state) but the server has %d pipelines named %s", n, name)
				}
				if !r.failed() && n != 0 {
					return fmt.Errorf("the destroy succeeded but the server has %d pipelines named %s", n, name)
				}
				return nil
			})
		}
		c.run(t)
	}
	return []*matrixOp{start, poll, read, del}
}
