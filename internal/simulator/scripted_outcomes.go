package simulator

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Scripted outcomes: how the standalone simulator (cmd/cicd-simulator, flags
// -outcome, -duration, -queue) and its control endpoint (/_simulator/outcomes,
// routes_control.go) decide how runs go without the Go API. A rule names a
// target, KIND:ID —
//
//	build:JOB_ID             a CodeArts Build job
//	deploy:TASK_ID           a CodeArts Deploy task
//	pipeline:PIPELINE_ID     a CodeArts pipeline
//	pipeline:PIPELINE_ID/STAGE  one stage of its runs (build, test or deploy)
//	component:SERVICE_ID     a Rainbond component (its service_id)
//
// with ID "*" for every one without a rule of its own (a rule for one id
// replaces the "*" rule for that id, it does not add to it). Each rule is
// translated into the outcome model of its kind (BuildOutcome,
// DeployOutcome, PipelineRunPlan, RainbondBuildOutcome), so a failure ends
// with the status that API reports for one: FAILURE (Build), failed
// (Deploy), FAILED (Pipeline), failure (Rainbond). Like the Go API, a rule
// applies to runs started after it is set.

// ScriptAll is the target id that stands for every job, task, pipeline or
// component without a rule of its own.
const ScriptAll = "*"

// Scripted target kinds.
const (
	ScriptKindBuild     = "build"
	ScriptKindDeploy    = "deploy"
	ScriptKindPipeline  = "pipeline"
	ScriptKindComponent = "component"
)

// Scripted outcomes.
const (
	ScriptSuccess = "success"
	ScriptFail    = "fail"
	// ScriptReview makes pipeline runs wait for a manual review (PAUSED).
	ScriptReview = "review"
)

// ScriptRule is one change to a target's script, as a flag or the control
// endpoint gives it. Empty fields keep what the target already has.
type ScriptRule struct {
	// Target is KIND:ID or pipeline:ID/STAGE.
	Target string `json:"target"`
	// Outcome is success, fail or review (pipelines only).
	Outcome string `json:"outcome,omitempty"`
	// Message is the failure message (the build's err_msg, the failed
	// pipeline job's message, the Rainbond event's message).
	Message string `json:"message,omitempty"`
	// Duration is how long a run takes once started ("90s", "2m").
	Duration string `json:"duration,omitempty"`
	// Queue is how long a run waits before it starts (builds, pipelines).
	Queue string `json:"queue,omitempty"`
}

// ScriptedOutcome is a target's script as it stands (Scripts,
// GET /_simulator/outcomes).
type ScriptedOutcome struct {
	Target  string `json:"target"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	Stage   string `json:"stage,omitempty"`
	Outcome string `json:"outcome"`
	// Status is the final status the service reports for such a run.
	Status   string `json:"status"`
	Message  string `json:"message,omitempty"`
	Duration string `json:"duration,omitempty"`
	Queue    string `json:"queue,omitempty"`
}

// ErrNoScript is returned by ResetScripts for a target that has no rule.
var ErrNoScript = errors.New("no scripted outcome for that target")

type scriptEntry struct {
	kind, id, stage  string
	outcome, message string
	duration, queue  time.Duration
	hasDuration      bool
	hasQueue         bool
}

func (e *scriptEntry) target() string {
	t := e.kind + ":" + e.id
	if e.stage != "" {
		t += "/" + strings.TrimPrefix(e.stage, "stage_")
	}
	return t
}

// scriptStages are the stages of a simulated run a rule may name (the
// review stage only exists with outcome review and cannot fail by itself).
var scriptStages = []string{"stage_build", "stage_test", "stage_deploy"}

const scriptTargetHelp = "want KIND:ID, KIND one of build, deploy, pipeline, component (pipeline:ID/STAGE for a stage; ID * for all)"

// parseScriptTarget splits and checks KIND:ID[/STAGE].
func parseScriptTarget(t string) (kind, id, stage string, err error) {
	kind, id, ok := strings.Cut(strings.TrimSpace(t), ":")
	if !ok {
		return "", "", "", fmt.Errorf("target %q: %s", t, scriptTargetHelp)
	}
	switch kind {
	case ScriptKindBuild, ScriptKindDeploy, ScriptKindPipeline, ScriptKindComponent:
	default:
		return "", "", "", fmt.Errorf("unknown kind %q in target %q: want build, deploy, pipeline or component", kind, t)
	}
	if kind == ScriptKindPipeline {
		if p, st, hasStage := strings.Cut(id, "/"); hasStage {
			id, stage = p, scriptStage(st)
			if stage == "" {
				return "", "", "", fmt.Errorf("unknown stage %q in target %q: simulated pipeline runs have the stages build, test and deploy", st, t)
			}
		}
	}
	if id == "" {
		return "", "", "", fmt.Errorf("target %q has no id: %s", t, scriptTargetHelp)
	}
	if id == ScriptAll {
		return kind, id, stage, nil
	}
	switch {
	case kind == ScriptKindBuild && !validBuildJobID(id):
		err = fmt.Errorf("target %q: a build job id is 32 characters of [0-9a-z]", t)
	case kind == ScriptKindDeploy && !validDeployID(id):
		err = fmt.Errorf("target %q: a deploy task id is 32 letters and digits", t)
	case strings.ContainsAny(id, "/ \t"):
		err = fmt.Errorf("target %q: an id has no '/' or spaces (a stage is named only on pipeline targets)", t)
	}
	return kind, id, stage, err
}

// scriptStage returns the stage identifier a rule names by identifier
// ("stage_build") or name ("build", "Build"), or "".
func scriptStage(name string) string {
	for _, st := range runTemplate("") {
		if strings.EqualFold(name, st.identifier) || strings.EqualFold(name, st.name) {
			return st.identifier
		}
	}
	return ""
}

// parseScriptDuration reads a non-negative Go duration ("90s", "2m", "1h30m").
func parseScriptDuration(field, v string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a duration: want a number with a unit, such as 90s, 2m or 1h30m", field, v)
	}
	if d < 0 {
		return 0, fmt.Errorf("%s %q is negative", field, v)
	}
	return d, nil
}

// merge applies rule to e (a copy of the target's entry, or a new one) and
// checks the result against what the kind's API can report.
func (e *scriptEntry) merge(rule ScriptRule) error {
	t := e.target()
	switch rule.Outcome {
	case "":
	case ScriptSuccess, ScriptFail, ScriptReview:
		e.outcome = rule.Outcome
		if rule.Outcome != ScriptFail {
			e.message = ""
		}
	default:
		return fmt.Errorf("unknown outcome %q for %s: want success, fail or review", rule.Outcome, t)
	}
	if e.outcome == "" {
		e.outcome = ScriptSuccess
	}
	if rule.Message != "" {
		e.message = rule.Message
	}
	if rule.Duration != "" {
		d, err := parseScriptDuration("duration", rule.Duration)
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		e.duration, e.hasDuration = d, true
	}
	if rule.Queue != "" {
		d, err := parseScriptDuration("queue", rule.Queue)
		if err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
		e.queue, e.hasQueue = d, true
	}
	switch {
	case e.message != "" && e.outcome != ScriptFail:
		return fmt.Errorf("%s: a message goes with outcome fail (the outcome is %s)", t, e.outcome)
	case e.outcome == ScriptReview && (e.kind != ScriptKindPipeline || e.stage != ""):
		return fmt.Errorf("%s: outcome review: only a whole pipeline waits for a manual review (pipeline:ID=review)", t)
	case e.hasQueue && e.stage != "":
		return fmt.Errorf("%s: queue applies to a whole pipeline run, not to one stage", t)
	case e.hasQueue && e.kind == ScriptKindDeploy:
		return fmt.Errorf("%s: deployments do not queue: the Deploy API reports a deployment running, succeeded or failed", t)
	case e.hasQueue && e.kind == ScriptKindComponent:
		return fmt.Errorf("%s: Rainbond builds do not queue: a build's event is unfinished from the moment it is accepted", t)
	case e.message != "" && e.kind == ScriptKindDeploy:
		return fmt.Errorf("%s: a failed deployment carries no message: the Deploy API reports the failed step and its faq_url", t)
	}
	return nil
}

// status is the final status the kind's API reports for e's outcome.
func (e *scriptEntry) status() string {
	fail, review := e.outcome == ScriptFail, e.outcome == ScriptReview
	switch e.kind {
	case ScriptKindBuild:
		return pick(fail, BuildStatusFailure, BuildStatusSuccess)
	case ScriptKindDeploy:
		return pick(fail, DeployStatusFailed, DeployStatusSucceeded)
	case ScriptKindComponent:
		return pick(fail, "failure", "success")
	}
	if review {
		return RunPaused
	}
	return pick(fail, RunFailed, RunCompleted)
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func (e *scriptEntry) view() ScriptedOutcome {
	v := ScriptedOutcome{Target: e.target(), Kind: e.kind, ID: e.id, Stage: strings.TrimPrefix(e.stage, "stage_"),
		Outcome: e.outcome, Status: e.status(), Message: e.message}
	if e.hasDuration {
		v.Duration = e.duration.String()
	}
	if e.hasQueue {
		v.Queue = e.queue.String()
	}
	return v
}

func scriptKey(kind, id, stage string) string { return kind + ":" + id + "/" + stage }

// SetScripts applies rules in order, as flags or one control request give
// them: all are checked first, and none is applied when one is wrong (the
// error names it). Naming a build job or deploy task that does not exist
// creates it, so a configuration's own ids work.
func (s *Server) SetScripts(rules ...ScriptRule) error {
	s.scriptMu.Lock()
	defer s.scriptMu.Unlock()
	next, touched, err := mergeScripts(s.scripts, rules)
	if err != nil {
		return err
	}
	s.scripts = next
	for _, t := range touched {
		s.applyScript(t[0], t[1])
	}
	return nil
}

// CheckScriptRules reports the first wrong rule of rules, as SetScripts
// would, without a Server (flag parsing).
func CheckScriptRules(rules ...ScriptRule) error {
	_, _, err := mergeScripts(nil, rules)
	return err
}

// mergeScripts returns base with rules merged in (base is not changed) and
// the (kind, id) pairs they touch.
func mergeScripts(base map[string]*scriptEntry, rules []ScriptRule) (map[string]*scriptEntry, map[string][2]string, error) {
	next := make(map[string]*scriptEntry, len(base)+len(rules))
	for k, e := range base {
		next[k] = e
	}
	touched := map[string][2]string{}
	for _, rule := range rules {
		kind, id, stage, err := parseScriptTarget(rule.Target)
		if err != nil {
			return nil, nil, err
		}
		key := scriptKey(kind, id, stage)
		e := &scriptEntry{kind: kind, id: id, stage: stage}
		if old, ok := next[key]; ok {
			cp := *old
			e = &cp
		}
		if err := e.merge(rule); err != nil {
			return nil, nil, err
		}
		next[key] = e
		touched[kind+":"+id] = [2]string{kind, id}
	}
	return next, touched, nil
}

// Scripts returns every scripted outcome, sorted by target.
func (s *Server) Scripts() []ScriptedOutcome {
	s.scriptMu.Lock()
	defer s.scriptMu.Unlock()
	out := make([]ScriptedOutcome, 0, len(s.scripts))
	for _, e := range s.scripts {
		out = append(out, e.view())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Target < out[j].Target })
	return out
}

// ResetScripts removes the scripted outcome of target ("" = all of them;
// a pipeline target takes its stages' rules with it): the runs started
// afterwards take the defaults again, also when the Go API (SetBuildOutcome
// and the like) had set that id's outcome before. Jobs and tasks a rule
// created stay. It returns ErrNoScript (wrapped) when target has no rule.
func (s *Server) ResetScripts(target string) error {
	match := func(*scriptEntry) bool { return true }
	if target != "" {
		kind, id, stage, err := parseScriptTarget(target)
		if err != nil {
			return err
		}
		match = func(e *scriptEntry) bool {
			return e.kind == kind && e.id == id && (stage == "" || e.stage == stage)
		}
	}
	s.scriptMu.Lock()
	defer s.scriptMu.Unlock()
	touched := map[string][2]string{}
	for k, e := range s.scripts {
		if match(e) {
			delete(s.scripts, k)
			touched[e.kind+":"+e.id] = [2]string{e.kind, e.id}
		}
	}
	if len(touched) == 0 && target != "" {
		return fmt.Errorf("%s: %w", target, ErrNoScript)
	}
	for _, t := range touched {
		s.applyScript(t[0], t[1])
	}
	return nil
}

// applyScript writes the outcome model of (kind, id) from its entries, or
// removes it when none is left. s.scriptMu is held.
func (s *Server) applyScript(kind, id string) {
	whole := s.scripts[scriptKey(kind, id, "")]
	switch kind {
	case ScriptKindBuild:
		bs := s.buildState()
		now := s.clock.Now()
		bs.mu.Lock()
		defer bs.mu.Unlock()
		if whole == nil {
			delete(bs.outcomes, id)
			return
		}
		o := BuildOutcome{Result: whole.status(), Duration: DefaultBuildDuration, QueueFor: whole.queue, ErrMsg: whole.message}
		if whole.hasDuration {
			o.Duration = whole.duration
		}
		bs.outcomes[id] = normalizeBuildOutcome(o)
		if id != ScriptAll {
			bs.addJob(id, now)
		}
	case ScriptKindDeploy:
		ds := s.deployState()
		ds.mu.Lock()
		defer ds.mu.Unlock()
		if whole == nil {
			delete(ds.outcomes, id)
			return
		}
		o := DeployOutcome{Result: whole.status()}
		if whole.hasDuration {
			for _, st := range DefaultDeploySteps {
				o.Steps = append(o.Steps, DeployStepSpec{Name: st.Name, Duration: whole.duration / time.Duration(len(DefaultDeploySteps))})
			}
		}
		ds.outcomes[id] = normalizeDeployOutcome(o)
		if id != ScriptAll {
			ds.addTask(id)
		}
	case ScriptKindComponent:
		s.locked(func(st *state) {
			if whole == nil {
				delete(st.rainbondBuilds.outcomes, id)
				return
			}
			o := RainbondBuildOutcome{Status: whole.status(), Message: whole.message}
			if whole.hasDuration {
				o.Duration = max(whole.duration, time.Nanosecond) // zero is the model's default
			}
			st.rainbondBuilds.outcomes[id] = o
		})
	case ScriptKindPipeline:
		plan, scripted := s.pipelineScriptPlan(id, whole)
		s.locked(func(st *state) {
			if !scripted {
				delete(st.runs.plans, id)
				return
			}
			st.runs.plans[id] = plan
		})
	}
}

// pipelineScriptPlan builds the run plan of a pipeline from its rule and its
// stages' rules; scripted is false when there are none. s.scriptMu is held.
func (s *Server) pipelineScriptPlan(id string, whole *scriptEntry) (plan PipelineRunPlan, scripted bool) {
	if whole != nil {
		scripted = true
		switch whole.outcome {
		case ScriptFail:
			plan.Outcome, plan.FailMessage = RunFailed, whole.message
		case ScriptReview:
			plan.Review = RunPaused
		}
		if whole.hasDuration {
			steps := 0
			for _, st := range runTemplate("") {
				steps += stageSteps(st)
			}
			plan.StepDuration = max(whole.duration/time.Duration(steps), time.Nanosecond) // zero is the model's default
		}
		plan.QueueFor = whole.queue
	}
	failing := ""
	for _, stage := range scriptStages {
		e := s.scripts[scriptKey(ScriptKindPipeline, id, stage)]
		if e == nil {
			continue
		}
		scripted = true
		if e.hasDuration {
			if plan.StageDurations == nil {
				plan.StageDurations = map[string]time.Duration{}
			}
			plan.StageDurations[stage] = e.duration
		}
		if e.outcome == ScriptFail && failing == "" {
			failing = stage
			plan.Outcome = RunFailed
			if e.message != "" {
				plan.FailMessage = e.message
			}
		}
	}
	if failing != "" {
		for _, st := range runTemplate("") {
			if st.identifier == failing {
				plan.FailJob = st.jobs[len(st.jobs)-1].identifier
			}
		}
	}
	return plan, scripted
}
