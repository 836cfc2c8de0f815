package simulator

import (
	"strings"
	"testing"
	"time"
)

func mustScript(t *testing.T, s *Server, rules ...ScriptRule) {
	t.Helper()
	if err := s.SetScripts(rules...); err != nil {
		t.Fatal(err)
	}
}

func TestScriptedBuildOutcome(t *testing.T) {
	s, clk, base := newBuildServer(t)
	// Naming a job the simulator does not have creates it, so a
	// configuration's own job id works.
	mustScript(t, s,
		ScriptRule{Target: "build:" + testBuildJob, Outcome: "fail", Message: "unit tests failed: 3 of 120"},
		ScriptRule{Target: "build:" + testBuildJob, Duration: "30s", Queue: "5s"})
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	clk.Advance(time.Second)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "RUNNING" || rec["start_time"] != nil {
		t.Fatalf("queued for 5s: %v", rec)
	}
	clk.Advance(10 * time.Second)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "RUNNING" || rec["start_time"] == nil {
		t.Fatalf("running for 30s: %v", rec)
	}
	clk.Advance(30 * time.Second)
	if _, rec := recordInfo(t, s, base, testBuildJob, 1); rec["status"] != "FAILURE" || rec["err_msg"] != "unit tests failed: 3 of 120" || rec["duration"] != float64(30000) {
		t.Fatalf("failed after 30s: %v", rec)
	}

	// build:* is the default of every job without a rule of its own.
	mustScript(t, s, ScriptRule{Target: "build:*", Outcome: "fail", Duration: "1s"})
	triggerBuild(t, s, base, `{"job_id":"`+DemoBuildJobID+`"}`)
	clk.Advance(time.Second)
	if _, rec := recordInfo(t, s, base, DemoBuildJobID, DemoBuildCount+1); rec["status"] != "FAILURE" {
		t.Fatalf("build:* fail: %v", rec)
	}

	// Reset: every job is back to the default (SUCCESS after 2s).
	if err := s.ResetScripts(""); err != nil {
		t.Fatal(err)
	}
	triggerBuild(t, s, base, `{"job_id":"`+testBuildJob+`"}`)
	clk.Advance(DefaultBuildDuration)
	if _, rec := recordInfo(t, s, base, testBuildJob, 2); rec["status"] != "SUCCESS" {
		t.Fatalf("after reset: %v", rec)
	}
	if got := s.Scripts(); len(got) != 0 {
		t.Fatalf("scripts after reset: %v", got)
	}
}

func TestScriptedDeployOutcome(t *testing.T) {
	s, clk, base := newDeployServer(t)
	const task = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5" // not seeded: the rule creates it
	mustScript(t, s, ScriptRule{Target: "deploy:" + task, Outcome: "fail", Duration: "2m"})
	_, raw := buildCall(t, s, base, "POST", "/v2/tasks/"+task+"/start", `{"params":[]}`, nil)
	rec, _ := decodeMap(t, raw)["id"].(string)
	if rec == "" {
		t.Fatalf("start: %s", raw)
	}
	clk.Advance(time.Minute)
	if _, st := deployState(t, s, base, task, rec); st["result"].(map[string]any)["status"] != "running" {
		t.Fatalf("a 2m deployment after 1m: %v", st)
	}
	clk.Advance(time.Minute)
	if _, st := deployState(t, s, base, task, rec); st["result"].(map[string]any)["status"] != "failed" {
		t.Fatalf("after 2m: %v", st)
	}
}

func TestScriptedPipelineOutcomes(t *testing.T) {
	e := newRunsEnv(t)
	p := e.newPipeline("scripted")
	other := e.newPipeline("scripted-other")

	// pipeline:* fails every pipeline without its own rule, in its test job.
	mustScript(t, e.s, ScriptRule{Target: "pipeline:*", Outcome: "fail", Message: "3 tests failed"})
	id := e.startOK(other)
	e.clock.Advance(time.Hour)
	d := e.detail(other, id)
	if got := statuses(d); got != "FAILED Build:COMPLETED/COMPLETED Test:FAILED/FAILED Deploy:INIT/INIT" {
		t.Fatalf("pipeline:* fail: %s", got)
	}
	if job := d["stages"].([]any)[1].(map[string]any)["jobs"].([]any)[0].(map[string]any); job["message"] != "3 tests failed" {
		t.Fatalf("failed job message: %v", job["message"])
	}

	// One stage fails; the pipeline's own rule replaces pipeline:*; the
	// duration is the whole run's (4 steps share 8s).
	mustScript(t, e.s, ScriptRule{Target: "pipeline:" + p + "/deploy", Outcome: "fail"}, ScriptRule{Target: "pipeline:" + p, Duration: "8s"})
	id = e.startOK(p)
	e.clock.Advance(7 * time.Second)
	if got := e.detail(p, id)["status"]; got != "RUNNING" {
		t.Fatalf("after 7s of 8s: %v", got)
	}
	e.clock.Advance(time.Second)
	if got := statuses(e.detail(p, id)); got != "FAILED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Deploy:FAILED/FAILED" {
		t.Fatalf("deploy stage fails: %s", got)
	}

	// A stage's own duration: the build stage takes 1m, the rest 2s each.
	mustScript(t, e.s, ScriptRule{Target: "pipeline:" + p + "/Build", Duration: "1m"}, ScriptRule{Target: "pipeline:" + p + "/deploy", Outcome: "success"})
	id = e.startOK(p)
	e.clock.Advance(59 * time.Second)
	if got := statuses(e.detail(p, id)); !strings.HasPrefix(got, "RUNNING Build:RUNNING") {
		t.Fatalf("a 1m build stage after 59s: %s", got)
	}
	e.clock.Advance(time.Second + 4*time.Second)
	if got := e.detail(p, id)["status"]; got != "COMPLETED" {
		t.Fatalf("after 1m+2s+2s: %v", got)
	}

	// Review: the run waits PAUSED in its review stage.
	if err := e.s.ResetScripts("pipeline:" + p); err != nil {
		t.Fatal(err)
	}
	mustScript(t, e.s, ScriptRule{Target: "pipeline:" + p, Outcome: "review"})
	id = e.startOK(p)
	e.clock.Advance(time.Hour)
	if got := statuses(e.detail(p, id)); got != "PAUSED Build:COMPLETED/COMPLETED Test:COMPLETED/COMPLETED Review:PAUSED/PAUSED Deploy:INIT/INIT" {
		t.Fatalf("review: %s", got)
	}

	// Queue: the start gets the queueing reply; the run is QUEUED for 30s,
	// then runs.
	mustScript(t, e.s, ScriptRule{Target: "pipeline:" + p, Outcome: "success", Queue: "30s", Duration: "4s"})
	st, reply := e.start(p, "")
	errObj, _ := reply["error"].(map[string]any)
	queued, _ := errObj["pipeline_run_id"].(string)
	if st != 200 || reply["error_code"] != "DEVPIPE.00011169" || queued == "" {
		t.Fatalf("queued start: %d %v", st, reply)
	}
	e.clock.Advance(29 * time.Second)
	if got := e.detail(p, queued)["status"]; got != "QUEUED" {
		t.Fatalf("after 29s of a 30s queue: %v", got)
	}
	e.clock.Advance(2 * time.Second)
	d = e.detail(p, queued)
	stage := d["stages"].([]any)[0].(map[string]any)
	if d["status"] != "RUNNING" || int64(stage["start_time"].(float64)) != e.clock.Now().Add(-time.Second).UnixMilli() {
		t.Fatalf("the queued run starts when its 30s are up: %v (stage start %v)", d["status"], stage["start_time"])
	}
	e.clock.Advance(4 * time.Second)
	if got := e.detail(p, queued)["status"]; got != "COMPLETED" {
		t.Fatalf("after the queue and 4s: %v", got)
	}
}

func TestScriptedComponentOutcome(t *testing.T) {
	e := newRBEnv(t)
	mustScript(t, e.s, ScriptRule{Target: "component:" + DemoRainbondServiceID, Outcome: "fail", Duration: "5s", Message: "npm ERR! code ELIFECYCLE"})
	_, body := e.build(t, "{}")
	id := body["event_id"].(string)
	e.clock.Advance(4 * time.Second)
	if r := find(rows(t, mustEvents(t, e)), "event_id", id); r["final_status"] != "" {
		t.Fatalf("after 4s of 5s: %v", r)
	}
	e.clock.Advance(time.Second)
	if r := find(rows(t, mustEvents(t, e)), "event_id", id); r["status"] != "failure" || r["final_status"] != "complete" || r["message"] != "npm ERR! code ELIFECYCLE" {
		t.Fatalf("after 5s: %v", r)
	}
}

func mustEvents(t *testing.T, e *rbEnv) map[string]any {
	t.Helper()
	code, list := e.events(t, "")
	if code != 200 {
		t.Fatalf("events: %d %v", code, list)
	}
	return list
}

func TestScriptRuleErrors(t *testing.T) {
	s := New(Options{})
	for _, tc := range []struct {
		rule ScriptRule
		want string
	}{
		{ScriptRule{Target: "job:" + testBuildJob, Outcome: "fail"}, `unknown kind "job" in target "job:` + testBuildJob + `": want build, deploy, pipeline or component`},
		{ScriptRule{Target: testBuildJob, Outcome: "fail"}, `want KIND:ID`},
		{ScriptRule{Target: "build:", Outcome: "fail"}, `has no id`},
		{ScriptRule{Target: "build:abc", Outcome: "fail"}, `a build job id is 32 characters of [0-9a-z]`},
		{ScriptRule{Target: "deploy:x", Outcome: "fail"}, `a deploy task id is 32 letters and digits`},
		{ScriptRule{Target: "build:*", Outcome: "boom"}, `unknown outcome "boom" for build:*: want success, fail or review`},
		{ScriptRule{Target: "build:*", Duration: "2x"}, `duration "2x" is not a duration: want a number with a unit, such as 90s, 2m or 1h30m`},
		{ScriptRule{Target: "build:*", Queue: "-1s"}, `queue "-1s" is negative`},
		{ScriptRule{Target: "build:*", Outcome: "review"}, `only a whole pipeline waits for a manual review`},
		{ScriptRule{Target: "pipeline:*/build", Outcome: "review"}, `only a whole pipeline waits for a manual review`},
		{ScriptRule{Target: "pipeline:*/lint", Outcome: "fail"}, `unknown stage "lint" in target "pipeline:*/lint": simulated pipeline runs have the stages build, test and deploy`},
		{ScriptRule{Target: "pipeline:*/build", Queue: "1m"}, `queue applies to a whole pipeline run`},
		{ScriptRule{Target: "deploy:*", Queue: "1m"}, `deployments do not queue`},
		{ScriptRule{Target: "component:*", Queue: "1m"}, `Rainbond builds do not queue`},
		{ScriptRule{Target: "deploy:*", Outcome: "fail", Message: "x"}, `a failed deployment carries no message`},
		{ScriptRule{Target: "component:*", Message: "x"}, `component:*: a message goes with outcome fail (the outcome is success)`},
		{ScriptRule{Target: "component:a/b", Outcome: "fail"}, `an id has no '/'`},
	} {
		err := s.SetScripts(ScriptRule{Target: "build:*", Outcome: "fail"}, tc.rule)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want it to contain %q", tc.rule, err, tc.want)
		}
	}
	// A wrong rule applies none of the rules given with it.
	if got := s.Scripts(); len(got) != 0 {
		t.Fatalf("scripts after refused rules: %v", got)
	}
	if err := s.ResetScripts("build:*"); err == nil || !strings.Contains(err.Error(), ErrNoScript.Error()) {
		t.Fatalf("reset of a target without a rule: %v", err)
	}
}

func TestScriptsList(t *testing.T) {
	s := New(Options{})
	mustScript(t, s,
		ScriptRule{Target: "pipeline:*", Outcome: "review", Queue: "1m"},
		ScriptRule{Target: "pipeline:p1/test", Outcome: "fail", Message: "flaky"},
		ScriptRule{Target: "build:" + DemoBuildJobID, Duration: "90s"},
		ScriptRule{Target: "build:" + DemoBuildJobID, Outcome: "fail"}, // merges with the rule above
		ScriptRule{Target: "component:*", Outcome: "fail"},
		ScriptRule{Target: "deploy:*", Outcome: "fail"},
	)
	want := []ScriptedOutcome{
		{Target: "build:" + DemoBuildJobID, Kind: "build", ID: DemoBuildJobID, Outcome: "fail", Status: "FAILURE", Duration: "1m30s"},
		{Target: "component:*", Kind: "component", ID: "*", Outcome: "fail", Status: "failure"},
		{Target: "deploy:*", Kind: "deploy", ID: "*", Outcome: "fail", Status: "failed"},
		{Target: "pipeline:*", Kind: "pipeline", ID: "*", Outcome: "review", Status: "PAUSED", Queue: "1m0s"},
		{Target: "pipeline:p1/test", Kind: "pipeline", ID: "p1", Stage: "test", Outcome: "fail", Status: "FAILED", Message: "flaky"},
	}
	if got := s.Scripts(); !equalJSON(got, want) {
		t.Fatalf("Scripts:\n got %+v\nwant %+v", got, want)
	}
	// Resetting a pipeline takes its stages' rules with it.
	if err := s.ResetScripts("pipeline:p1"); err != nil {
		t.Fatal(err)
	}
	if got := s.Scripts(); len(got) != 4 {
		t.Fatalf("after resetting pipeline:p1: %+v", got)
	}
}
