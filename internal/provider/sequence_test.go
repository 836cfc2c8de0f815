package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccSequences is the "never twice, never lost" suite: each scenario is
// a short story of CLI steps a user would take (apply through a fault, plan,
// apply again, import, refresh, Ctrl-C, kill), run through the real terraform
// CLI against the simulator for each run type it applies to. After every step
// it checks how many runs the service started for the resource, what state
// holds, and what a fresh plan says — the invariant being that no sequence
// ever has two runs going at once or starts one the user did not ask for,
// and that a run that started is in state, named in an error, or known not
// to exist.
//
// Items 1, 6, 7's polling floor and 8 are the run engine's (internal/run):
// observe errors and unknown words keep the wait going, a timeout stop is
// recorded, bounds are checked at plan time.
func TestAccSequences(t *testing.T) {
	kinds := seqKinds()
	var sum seqSummary
	t.Cleanup(func() { sum.print(t) })
	for _, sc := range sequenceScenarios() {
		for _, k := range kinds {
			if !sc.appliesTo(k) {
				continue
			}
			t.Run(k.short+"/"+sc.name, func(t *testing.T) {
				t.Parallel()
				var runs []int
				defer func() { sum.add(k.short+"/"+sc.name, sc.violation, runs, t.Failed(), t.Skipped()) }()
				sc.run(t, k, &runs)
			})
		}
	}
}

// seqStep is one user action and what must hold after it.
type seqStep struct {
	do string // apply | plan | refresh | import | state-rm | sigint | sigkill | sleep
	// extra replaces the resource's extra HCL from this step on (nil = keep).
	extra *string
	// inject runs just before the step (faults, other users' runs).
	inject func(e *seqEnv, k seqKind, id string)
	// importRun is the run (1-based, in start order) an import step imports.
	importRun int
	sleep     time.Duration

	exit int      // the command's exit code
	out  []string // errorPattern parts its output must contain, in order
	// After the step:
	runs  int               // runs the service has started for the resource
	state string            // "none", "run N", "tainted run N"
	attrs map[string]string // state attributes (regexps)
	plan  string            // what a fresh plan says: no-op | create | update | replace | error…
	// check runs last (e.g. "run 1 was stopped").
	check func(t *testing.T, e *seqEnv, k seqKind, id string)
}

type seqScenario struct {
	name, violation string
	kinds           []string // seqKind.short; nil = every run type
	script          script
	extra           string // the resource's extra HCL at the start
	steps           []seqStep
}

func (sc seqScenario) appliesTo(k seqKind) bool {
	if len(sc.kinds) == 0 {
		return true
	}
	for _, s := range sc.kinds {
		if s == k.short {
			return true
		}
	}
	return false
}

func hcl(s string) *string { return &s }

// noun fills {noun} in diagnostics patterns.
func (k seqKind) fill(parts []string) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.ReplaceAll(p, "{noun}", k.noun)
	}
	return out
}

// run plays the scenario for k and returns the run count after each step.
// The whole story is played even after a failed check, so that the counts
// show what a user doing the same would end up with.
func (sc seqScenario) run(t *testing.T, k seqKind, runs *[]int) {
	e := newSeqEnv(t)
	id := k.setup(e.matrixEnv, sc.script)
	extra := sc.extra
	addr := k.addr()
	defer func() {
		// SEQ_SHOW=1 shows every scenario's commands, to review the
		// diagnostics as a user reads them.
		if t.Failed() || envSet("SEQ_SHOW") {
			t.Logf("violation: %s\ncommands:\n%s", sc.violation, e.logs.String())
		}
	}()
	for i, st := range sc.steps {
		if st.extra != nil {
			extra = *st.extra
		}
		body := strings.ReplaceAll(extra, "{input}", k.inputAttr)
		if !strings.Contains(body, "wait {") {
			body = fastWait + "\n" + body
		}
		e.configure(k.block(id, body+"\n"))
		if st.inject != nil {
			st.inject(e, k, id)
		}
		var r cmdResult
		switch st.do {
		case "apply":
			r = e.run("apply", "-input=false", "-auto-approve")
		case "plan":
			r = e.run("plan", "-input=false")
		case "refresh":
			r = e.run("apply", "-refresh-only", "-input=false", "-auto-approve")
		case "import":
			r = e.run("import", "-input=false", addr, k.importID(e, id, st.importRun))
		case "state-rm":
			r = e.run("state", "rm", addr)
		case "sigint":
			r = e.interrupt(syscall.SIGINT, k, id)
		case "sigkill":
			r = e.interrupt(syscall.SIGKILL, k, id)
		case "sleep":
			time.Sleep(st.sleep)
		default:
			t.Fatalf("unknown step %q", st.do)
		}
		where := fmt.Sprintf("step %d (%s)", i+1, st.do)
		if st.do != "sleep" && st.exit >= 0 && r.code != st.exit {
			t.Errorf("%s: exit %d, want %d", where, r.code, st.exit)
		}
		if len(st.out) > 0 && !errorPattern(k.fill(st.out)...).MatchString(r.out) {
			t.Errorf("%s: the output does not say %q", where, k.fill(st.out))
		}
		got := k.started(e.matrixEnv, id)
		*runs = append(*runs, got)
		if got != st.runs {
			t.Errorf("%s: the service has %d runs, want %d", where, got, st.runs)
		}
		attrs, tainted := e.stateOf(addr)
		switch {
		case st.state == "none" && attrs != nil:
			t.Errorf("%s: state holds %v, want no record", where, attrs["id"])
		case st.state != "none":
			var n int
			wantTaint := strings.HasPrefix(st.state, "tainted ")
			if _, err := fmt.Sscanf(strings.TrimPrefix(st.state, "tainted "), "run %d", &n); err != nil {
				t.Fatalf("bad state expectation %q", st.state)
			}
			want := k.importID(e, id, n)
			switch {
			case attrs == nil:
				t.Errorf("%s: state has no record, want run %d (%s)", where, n, want)
			case attrs["id"] != want:
				t.Errorf("%s: state holds %v, want run %d (%s)", where, attrs["id"], n, want)
			case tainted != wantTaint:
				t.Errorf("%s: tainted = %v, want %v", where, tainted, wantTaint)
			}
		}
		for name, re := range st.attrs {
			if got := fmt.Sprint(attrs[name]); !regexp.MustCompile(re).MatchString(got) {
				t.Errorf("%s: state %s = %q, want %s", where, name, got, re)
			}
		}
		if st.plan != "" {
			if got := e.planSays(addr); !strings.HasPrefix(got, st.plan) {
				t.Errorf("%s: the plan says %q, want %q", where, got, st.plan)
			}
		}
		if st.check != nil {
			st.check(t, e, k, id)
		}
	}
}

// seqSummary collects each scenario's run counts (after every step) for one
// table at the end: the measurement the issue asks for.
type seqSummary struct {
	mu   sync.Mutex
	rows []string
}

func (s *seqSummary) add(name, violation string, runs []int, failed, skipped bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	verdict := "ok"
	switch {
	case failed:
		verdict = "FAILED"
	case skipped:
		verdict = "SKIPPED"
	}
	s.rows = append(s.rows, fmt.Sprintf("%-62s item %-9s runs after each step %-14s %s", name, violation, fmt.Sprint(runs), verdict))
}

func (s *seqSummary) print(t *testing.T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sort.Strings(s.rows)
	t.Logf("sequence summary:\n%s", strings.Join(s.rows, "\n"))
}

// window makes route fail for d from its next request on.
func window(route string, kind simulator.FaultKind, d time.Duration) func(*seqEnv, seqKind, string) {
	return func(e *seqEnv, _ seqKind, _ string) { e.sim.InjectFault(route, simulator.Fault{Kind: kind, For: d}) }
}

func startFault(f simulator.Fault) func(*seqEnv, seqKind, string) {
	return func(e *seqEnv, k seqKind, _ string) { e.sim.InjectFault(k.start, f) }
}

func blankRunID(e *seqEnv, k seqKind, _ string) {
	e.sim.InjectFault(k.start, simulator.Fault{Kind: simulator.FaultEditField, Field: k.blankID, Value: ""})
}

func stoppedRun(n int) func(*testing.T, *seqEnv, seqKind, string) {
	return func(t *testing.T, e *seqEnv, k seqKind, id string) {
		if k.stop != "" && !k.stopped(e.matrixEnv, id, n) {
			t.Errorf("run %d was not stopped", n)
		}
	}
}

func sequenceScenarios() []seqScenario {
	const outage = 1500 * time.Millisecond
	// adopting: the run types whose client can list the runs an unclear
	// start may have started (all of them).
	adopting := []string{"build", "deploy", "pipeline_run", "rainbond_build"}
	return []seqScenario{
		// 1. A status outage mid-wait is a failure to observe, not of the run.
		{name: "status_outage_mid_wait", violation: "1", script: runsAWhile,
			steps: []seqStep{
				{do: "apply", inject: func(e *seqEnv, k seqKind, id string) {
					window(k.polls[0], simulator.FaultGateway502, outage)(e, k, id)
				}, exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		{name: "unknown_status_word_mid_wait", violation: "1", script: runsAWhile, kinds: []string{"build", "pipeline_run"},
			steps: []seqStep{
				{do: "apply", inject: func(e *seqEnv, k seqKind, _ string) {
					e.sim.InjectFault(k.statusPoll, simulator.Fault{Kind: simulator.FaultEditField, Field: k.statusField, Value: "PAUSED_BY_OPERATOR", For: outage})
				}, exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		// 2. Ambiguous start replies: found out, adopted, or named.
		{name: "gateway_502_after_the_service_started_it", violation: "2", kinds: adopting,
			steps: []seqStep{
				{do: "apply", inject: startFault(simulator.Fault{Kind: simulator.FaultGateway502After}),
					exit: 0, out: []string{`The start request got no clear answer`, `adopted`}, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		{name: "http_200_without_the_run_id", violation: "2", kinds: adopting,
			steps: []seqStep{
				{do: "apply", inject: blankRunID, exit: 0, out: []string{`The start request got no clear answer`, `adopted`},
					runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		{name: "gateway_502_before_the_service_saw_it", violation: "2", kinds: adopting,
			steps: []seqStep{
				{do: "apply", inject: startFault(simulator.Fault{Kind: simulator.FaultGateway502}),
					exit: 1, out: []string{`Cannot start the {noun}`, `HTTP 502`, `No {noun} was started`, `Apply again`},
					runs: 0, state: "none", plan: "create"},
				// Doing what the diagnostic says: apply again.
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		{name: "ambiguous_start_with_two_candidates_then_import_as_told", violation: "2", kinds: []string{"build"},
			steps: []seqStep{
				{do: "apply", inject: func(e *seqEnv, k seqKind, id string) {
					// Someone else starts a build of the same job at the same
					// moment; then our start's reply is lost at the gateway.
					startBuildAsSomeoneElse(e, id)
					e.sim.InjectFault(k.start, simulator.Fault{Kind: simulator.FaultGateway504After})
				}, exit: 1, out: []string{`The {noun} may have started`, `terraform import cicd_codearts_build_run.<name>`},
					runs: 2, state: "none", plan: "create"},
				{do: "import", importRun: 2, exit: 0, runs: 2, state: "run 2", plan: "update"},
				{do: "apply", exit: 0, runs: 2, state: "run 2", plan: "no-op"},
			}},
		// 3. Import never leads to a new run. Right after an import the plan
		// is an in-place update: the inputs, triggers and wait settings the
		// API does not return are taken from the configuration.
		{name: "import_then_write_the_inputs_as_they_were", violation: "3", kinds: []string{"build", "deploy", "pipeline_run"},
			extra: "  triggers = { release = \"1\" }\n",
			steps: []seqStep{
				{do: "apply", extra: hcl("  triggers = { release = \"1\" }\n  {input} = { COLOR = \"blue\" }\n"), exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "state-rm", exit: 0, runs: 1, state: "none", plan: "create"},
				{do: "import", importRun: 1, exit: 0, runs: 1, state: "run 1", plan: "update"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		// 4. Null and empty are the same run input.
		{name: "empty_triggers_added", violation: "4",
			steps: []seqStep{
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", extra: hcl("  triggers = {}\n"), exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", extra: hcl(""), exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
		{name: "empty_inputs_map_added", violation: "4", kinds: []string{"build", "deploy", "pipeline_run"},
			steps: []seqStep{
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", extra: hcl("  {input} = {}\n"), exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "apply", extra: hcl("  {input} = { COLOR = \"red\" }\n"), exit: 0, runs: 2, state: "run 2", plan: "no-op"},
			}},
		// 5. A bad read never rewrites the run's identity.
		{name: "record_without_build_no_on_refresh", violation: "5", kinds: []string{"build"},
			steps: []seqStep{
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
				{do: "refresh", inject: func(e *seqEnv, _ seqKind, _ string) {
					e.sim.InjectFault(simulator.RouteBuildRecordInfoV1, simulator.Fault{Kind: simulator.FaultEditField, Field: "result.build_no", Drop: true})
				}, exit: 1, out: []string{`Cannot read the build`, `build_no`}, runs: 1, state: "run 1", attrs: map[string]string{"build_no": `^1$`}, plan: "no-op"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", attrs: map[string]string{"build_no": `^1$`}, plan: "no-op"},
			}},
		// 6. After a timeout stop, state says what the stop did.
		{name: "timeout_stop_records_the_stop", violation: "6", script: runsLong, kinds: []string{"build", "deploy", "pipeline_run"},
			extra: "  timeouts {\n    create = \"2s\"\n  }\n",
			steps: []seqStep{
				{do: "apply", exit: 1, out: []string{`Timed out waiting for the {noun}`, `It was stopped`}, runs: 1, state: "tainted run 1",
					// The status after the stop, not the running one: Deploy reports a
					// stopped deployment as "failed" (its record states have no
					// cancelled one), the others as aborted / cancelled.
					attrs: map[string]string{"status": `(?i)abort|cancel|stop|^failed$`}, check: stoppedRun(1)},
			}},
		// 7. Unbounded loops: a list that ignores offset; a 1ns poll interval.
		{name: "poll_interval_1ns_refused_at_plan", violation: "7", kinds: []string{"build"},
			extra: "  wait {\n    poll_interval = \"1ns\"\n  }\n",
			steps: []seqStep{
				{do: "plan", exit: 1, out: []string{`poll_interval`}, runs: 0, state: "none"},
			}},
		// 8. Timeouts that cannot be met are refused at plan time.
		{name: "zero_create_timeout_refused_at_plan", violation: "8", kinds: []string{"build"},
			extra: "  timeouts {\n    create = \"0s\"\n  }\n",
			steps: []seqStep{
				{do: "plan", exit: 1, out: []string{`create`}, runs: 0, state: "none"},
			}},
		// Ctrl-C mid-wait: the run is stopped (where the API can), state
		// keeps it, and re-apply replaces it only after it stopped.
		{name: "sigint_mid_wait", violation: "interrupt", script: runsAWhile,
			steps: []seqStep{
				{do: "sigint", exit: 1, out: []string{`Interrupted while waiting for the {noun}`}, runs: 1, state: "tainted run 1",
					plan: "replace", check: stoppedRun(1)},
				{do: "sleep", sleep: 2500 * time.Millisecond, exit: -1, runs: 1, state: "tainted run 1"},
				{do: "apply", exit: 0, runs: 2, state: "run 2", plan: "no-op"},
			}},
		// SIGKILL mid-wait: Terraform never saved the run; the run keeps
		// going. The resource docs tell the user to import it; doing so
		// gets the run back without a second one.
		{name: "sigkill_mid_wait_then_import_as_documented", violation: "kill", script: runsAWhile,
			steps: []seqStep{
				{do: "sigkill", exit: -1, runs: 1, state: "none", plan: "create"},
				{do: "import", importRun: 1, exit: 0, runs: 1, state: "run 1", plan: "update"},
				{do: "apply", exit: 0, runs: 1, state: "run 1", plan: "no-op"},
			}},
	}
}

// startBuildAsSomeoneElse starts a build of job through the API as another
// client would (the console, a colleague's apply).
func startBuildAsSomeoneElse(e *seqEnv, job string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+"/v3/jobs/build", strings.NewReader(fmt.Sprintf(`{"job_id":%q}`, job)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", e.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("the colleague's build: HTTP %d", resp.StatusCode)
	}
}

// TestAccSequenceListIgnoringOffset: a lookup against a list endpoint that
// ignores `offset` (every page is the first) stops at the first repeated
// page with a clear error, instead of paging forever.
func TestAccSequenceListIgnoringOffset(t *testing.T) {
	e := newSeqEnv(t)
	job := newBuildJob(t, e.testEnv, simulator.BuildOutcome{Result: "SUCCESS", Duration: 100 * time.Millisecond})
	results := make([]string, 250)
	for i := range results {
		results[i] = "SUCCESS"
	}
	e.sim.AddBuildHistory(job, results)
	e.configure(fmt.Sprintf("data \"cicd_codearts_build_records\" \"all\" {\n  job_id = %q\n  limit  = 250\n}\n", job))
	e.sim.InjectFault(simulator.RouteBuildHistory, simulator.Fault{Kind: simulator.FaultIgnoreOffset, For: time.Minute})
	r := e.run("plan", "-input=false")
	if r.code != 1 || !errorPattern(`returned the same page twice`).MatchString(r.out) {
		t.Errorf("plan: exit %d, want 1 with a repeated-page error:\n%s", r.code, r.out)
	}
	if n := e.sim.Count(simulator.RouteBuildHistory); n > 3 {
		t.Errorf("the lookup sent %d history requests to an endpoint that ignores offset, want at most 3", n)
	}
}

// TestAccSequenceActionAmbiguousStart: `terraform apply -invoke` whose
// start request gets a gateway's 502 after the service started the build
// follows that build instead of starting another (Ctrl-C
// during an invoked action is action_cli_test.go's). Actions need
// Terraform 1.14: with an older CLI the scenario is left out with the
// reason printed; with 1.14 or later it must run.
func TestAccSequenceActionAmbiguousStart(t *testing.T) {
	e := newSeqEnv(t)
	major, minor, version := tfVersion(t, e.tf)
	if major == 1 && minor < 14 {
		t.Logf("left out: %s cannot invoke actions (needs Terraform >= 1.14); TF_ACC_TERRAFORM_PATH names that CLI", version)
		return
	}
	k := seqKinds()[0]
	job := k.setup(e.matrixEnv, quickSuccess)
	e.configure(fmt.Sprintf("action \"cicd_codearts_build_run\" \"go\" {\n  config {\n    job_id = %q\n    wait {\n      poll_interval = \"100ms\"\n    }\n  }\n}\n", job))
	e.sim.InjectFault(k.start, simulator.Fault{Kind: simulator.FaultGateway502After})
	r := e.run("apply", "-input=false", "-auto-approve", "-invoke=action.cicd_codearts_build_run.go")
	if r.code != 0 || !errorPattern(`the build it started was found`, `No second build was started`).MatchString(r.out) {
		t.Errorf("invoke after an unclear start reply: exit %d, want 0 with the adoption warning:\n%s", r.code, r.out)
	}
	if n := k.started(e.matrixEnv, job); n != 1 {
		t.Errorf("%d builds started, want 1", n)
	}
	if b, ok := e.sim.Build(job, 1); !ok || b.Status != "SUCCESS" {
		t.Errorf("build 1: %+v, want it followed to SUCCESS", b)
	}
}
