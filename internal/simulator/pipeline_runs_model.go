package simulator

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Pipeline runs: how they are stored and how they move on the server clock.
//
// A run is a flat sequence of steps (stage by stage, job by job, step by
// step; the simulator runs the jobs of a stage one after another). Progress
// is computed lazily: every request and control method first calls
// runStore.advance(now), which replays the step ends that are due, in time
// order across runs, so queued runs start exactly when a slot frees.
//
// Choices where the reference is silent (open questions, see the report):
//   - Runs of one pipeline queue beyond DefaultPipelineConcurrency active runs
//     (DEVPIPE.00011169); runs of the tenant beyond TenantRunConcurrency
//     (DEVPIPE.00011170; [D] documents 5 parallel executions per tenant).
//     RUNNING, PAUSED and SUSPEND runs hold a slot. A queued run has status
//     QUEUED (the value the ListPipelineRuns API page's request example filters on).
//   - A run's start_time is when it was triggered (queue time included);
//     unfinished runs have end_time 0; unstarted stages/jobs are INIT, unstarted
//     steps INIT.
//   - A review stage ("Review") waits with run, stage and job PAUSED (manual
//     review) or SUSPEND (delay) until passed or refused; refusing fails the run.

// Simulator constants for runs.
const (
	// DefaultStepDuration is how long each step of a run takes.
	DefaultStepDuration = 10 * time.Second
	// DefaultPipelineConcurrency is the active-run limit of one pipeline.
	DefaultPipelineConcurrency = 5
	// TenantRunConcurrency is the active-run limit of the tenant ([D]: 5).
	TenantRunConcurrency = 5
	// stepLogJobPreamble is where the first step's log starts in its job's
	// log stream (the ShowPipelineLog API page's reply example starts a step at offset 6132).
	stepLogJobPreamble = 6132
	// defaultStepLogLines is the length of a generated step log body.
	defaultStepLogLines = 20
	// consoleBase is the console host of detail_url / modify_url.
	consoleBase = "https://devcloud.cn-north-4.huaweicloud.com/cicd/project/"
)

// Run, stage, job and step statuses.
const (
	RunCompleted = "COMPLETED"
	RunRunning   = "RUNNING"
	RunFailed    = "FAILED"
	RunCanceled  = "CANCELED"
	RunPaused    = "PAUSED"
	RunSuspend   = "SUSPEND"
	RunIgnored   = "IGNORED"
	RunQueued    = "QUEUED"
	statusInit   = "INIT"
	statusUnsel  = "UNSELECTED"
)

var runListStatuses = []string{RunCompleted, RunRunning, RunFailed, RunCanceled, RunPaused, RunSuspend, RunIgnored, RunQueued}

func isTerminal(status string) bool {
	switch status {
	case RunCompleted, RunFailed, RunCanceled, RunIgnored:
		return true
	}
	return false
}

func holdsSlot(status string) bool {
	return status == RunRunning || status == RunPaused || status == RunSuspend
}

// PipelineRunPlan decides how the next runs of a pipeline go.
type PipelineRunPlan struct {
	// Outcome is RunCompleted (default) or RunFailed.
	Outcome string
	// FailJob is the identifier of the job that fails when Outcome is
	// RunFailed; default "JOB_unit_test". FailMessage is its message.
	FailJob     string
	FailMessage string
	// StepDuration is how long each step takes (default DefaultStepDuration).
	StepDuration time.Duration
	// Review adds a "Review" stage before "Deploy" that waits: RunPaused
	// (manual review) or RunSuspend (delay). "" = no review.
	Review string
	// LogLines is the number of body lines of each generated step log.
	LogLines int
	// StageDurations, by stage identifier ("stage_build", "stage_test",
	// "stage_deploy"), is how long that stage runs: its steps share it
	// equally instead of taking StepDuration each.
	StageDurations map[string]time.Duration
	// QueueFor keeps each new run QUEUED this long before it may take a
	// slot, as if the pipeline's concurrency limit were reached: the start
	// gets the DEVPIPE.00011169 queueing reply. Zero: no scripted queue.
	QueueFor time.Duration
}

type runStore struct {
	byID        map[string]*simRun
	byPipeline  map[string][]*simRun // in run-number order
	active      []*simRun            // holding a slot
	queue       []*simRun            // FIFO
	nextNumber  map[string]int
	plans       map[string]PipelineRunPlan
	concurrency map[string]int
	pageCap     int // 0 = the list returns limit runs
}

func newRunStore() *runStore {
	return &runStore{byID: map[string]*simRun{}, byPipeline: map[string][]*simRun{}, nextNumber: map[string]int{},
		plans: map[string]PipelineRunPlan{}, concurrency: map[string]int{}}
}

type simRun struct {
	ID, PipelineID, ProjectID string
	Number                    int
	ExecutorID, ExecutorName  string
	TriggerType, Description  string
	Status                    string
	Start, End                time.Time
	Stages                    []*simStage
	Build                     *runBuildParams
	Artifact                  *runArtifactParams
	Sources                   []runSourceJSON
	QueueID                   string
	plan                      PipelineRunPlan
	flat                      []stepPos // selected steps in execution order
	cursor                    int       // index in flat of the current step
	stepStart                 time.Time
	readyAt                   time.Time // a scripted queue (PipelineRunPlan.QueueFor) holds the run until then
}

type stepPos struct{ stage, job, step int }

type simStage struct {
	ID, Name, Identifier, Category string
	Seq                            int
	Status                         string
	Start, End                     time.Time
	Selected                       bool
	Jobs                           []*simJob
}

type simJob struct {
	ID, Name, Identifier, Category string
	Seq                            int
	Status, Message                string
	Start, End                     time.Time
	Selected                       bool
	Review                         string // "", RunPaused or RunSuspend
	Steps                          []*simStep
}

type simStep struct {
	ID, Name, Task, BusinessType, Identifier string
	Seq                                      int
	Status, Message                          string
	Start, End                               time.Time
	Duration                                 time.Duration
	LogLines                                 int
	Log                                      string
	LogSet                                   bool
}

// runTemplate is the stage/job/step layout of every simulated pipeline.
type jobTemplate struct {
	name, identifier, category string
	steps                      [][3]string // name, task, business type
}

type stageTemplate struct {
	name, identifier string
	jobs             []jobTemplate
}

func runTemplate(review string) []stageTemplate {
	t := []stageTemplate{
		{"Build", "stage_build", []jobTemplate{{"Build", "JOB_build", "Build", [][3]string{
			{"Checkout code", "official_devcloud_checkout", "Normal"}, {"Maven build", "official_maven_build", "Build"}}}}},
		{"Test", "stage_test", []jobTemplate{{"Unit test", "JOB_unit_test", "Test", [][3]string{
			{"Run tests", "official_shell_plugin", "Test"}}}}},
	}
	if review != "" {
		t = append(t, stageTemplate{"Review", "stage_review", []jobTemplate{{"Manual review", "JOB_review", "ManualReview", [][3]string{
			{"Manual review", "official_manual_review", "Normal"}}}}})
	}
	return append(t, stageTemplate{"Deploy", "stage_deploy", []jobTemplate{{"Deploy", "JOB_deploy", "Deploy", [][3]string{
		{"Deploy to CCE", "official_cce_deploy", "Deploy"}}}}})
}

// stageSteps is how many steps a stage of the run template has (at least 1).
func stageSteps(st stageTemplate) int {
	n := 0
	for _, j := range st.jobs {
		n += len(j.steps)
	}
	return max(n, 1)
}

// newRun builds a run of p's layout with every stage INIT. ids makes the
// ids of the run's parts (random or seeded).
func newRun(id string, p *Pipeline, number int, plan PipelineRunPlan, chooseStages, chooseJobs []string, ids func(label string) string) *simRun {
	if plan.StepDuration <= 0 {
		plan.StepDuration = DefaultStepDuration
	}
	if plan.LogLines <= 0 {
		plan.LogLines = defaultStepLogLines
	}
	if plan.Outcome == "" {
		plan.Outcome = RunCompleted
	}
	if plan.FailJob == "" {
		plan.FailJob = "JOB_unit_test"
	}
	r := &simRun{ID: id, PipelineID: p.ID, ProjectID: p.ProjectID, Number: number, plan: plan, TriggerType: "Manual"}
	for si, stpl := range runTemplate(plan.Review) {
		st := &simStage{ID: ids(id + "/stage/" + stpl.identifier), Name: stpl.name, Identifier: stpl.identifier, Category: stpl.name,
			Seq: si, Status: statusInit, Selected: len(chooseStages) == 0 || contains(chooseStages, stpl.identifier)}
		for ji, jtpl := range stpl.jobs {
			j := &simJob{ID: ids(id + "/job/" + jtpl.identifier), Name: jtpl.name, Identifier: jtpl.identifier, Category: jtpl.category,
				Seq: ji, Status: statusInit, Selected: st.Selected}
			if len(chooseStages) == 0 && len(chooseJobs) > 0 {
				j.Selected = contains(chooseJobs, jtpl.identifier)
			}
			if jtpl.category == "ManualReview" {
				j.Review = plan.Review
			}
			stepDur := plan.StepDuration
			if d, ok := plan.StageDurations[stpl.identifier]; ok {
				stepDur = max(d, 0) / time.Duration(stageSteps(stpl))
			}
			for k, s := range jtpl.steps {
				j.Steps = append(j.Steps, &simStep{ID: ids(fmt.Sprintf("%s/step/%s/%d", id, jtpl.identifier, k)), Name: s[0], Task: s[1],
					BusinessType: s[2], Identifier: fmt.Sprintf("%s_step_%d", jtpl.identifier, k), Seq: k, Status: statusInit,
					Duration: stepDur, LogLines: plan.LogLines})
			}
			if !j.Selected {
				j.Status = statusUnsel
			}
			st.Jobs = append(st.Jobs, j)
		}
		st.Selected = false
		for _, j := range st.Jobs {
			st.Selected = st.Selected || j.Selected
		}
		if !st.Selected {
			st.Status = statusUnsel
		}
		r.Stages = append(r.Stages, st)
	}
	for si, st := range r.Stages {
		for ji, j := range st.Jobs {
			if !j.Selected {
				continue
			}
			for k := range j.Steps {
				r.flat = append(r.flat, stepPos{si, ji, k})
			}
		}
	}
	return r
}

func (r *simRun) at(i int) (*simStage, *simJob, *simStep) {
	p := r.flat[i]
	st := r.Stages[p.stage]
	j := st.Jobs[p.job]
	return st, j, j.Steps[p.step]
}

// lastOf reports whether flat index i is the last step of its job / stage.
func (r *simRun) lastOf(i int) (jobDone, stageDone bool) {
	if i+1 >= len(r.flat) {
		return true, true
	}
	a, b := r.flat[i], r.flat[i+1]
	return a.stage != b.stage || a.job != b.job, a.stage != b.stage
}

// beginStep starts flat step i at t; a review job makes the run wait.
func (st *runStore) beginStep(r *simRun, i int, t time.Time) {
	r.cursor, r.stepStart = i, t
	stage, job, step := r.at(i)
	if stage.Status == statusInit {
		stage.Status, stage.Start = RunRunning, t
	}
	if job.Status == statusInit {
		job.Status, job.Start = RunRunning, t
	}
	step.Status, step.Start = RunRunning, t
	if job.Review != "" {
		job.Status, stage.Status, r.Status = job.Review, job.Review, job.Review
		return
	}
	r.Status = RunRunning
}

// finishStep ends the current step at t (failed when the plan says so) and
// begins the next one or ends the run.
func (st *runStore) finishStep(r *simRun, t time.Time, fail bool, msg string) {
	i := r.cursor
	stage, job, step := r.at(i)
	jobDone, stageDone := r.lastOf(i)
	if !fail && r.plan.Outcome == RunFailed && job.Identifier == r.plan.FailJob && jobDone {
		fail, msg = true, r.plan.FailMessage
		if msg == "" {
			msg = "Step " + step.Name + " failed: script returned exit code 1"
		}
	}
	step.End = t
	if fail {
		step.Status, step.Message = RunFailed, msg
		job.Status, job.Message, job.End = RunFailed, msg, t
		stage.Status, stage.End = RunFailed, t
		st.endRun(r, RunFailed, t)
		return
	}
	step.Status = RunCompleted
	if jobDone {
		job.Status, job.End = RunCompleted, t
	}
	if stageDone {
		stage.Status, stage.End = RunCompleted, t
	}
	if i+1 >= len(r.flat) {
		st.endRun(r, RunCompleted, t)
		return
	}
	st.beginStep(r, i+1, t)
}

// endRun finishes a run at t and lets queued runs take the freed slot.
func (st *runStore) endRun(r *simRun, status string, t time.Time) {
	r.Status, r.End = status, t
	for i, a := range st.active {
		if a == r {
			st.active = append(st.active[:i], st.active[i+1:]...)
			break
		}
	}
	st.dequeue(t)
}

// slotFor returns "" when a run of pipelineID may start now, or the queueing
// code that applies.
func (st *runStore) slotFor(pipelineID string) string {
	limit := DefaultPipelineConcurrency
	if n, ok := st.concurrency[pipelineID]; ok {
		limit = n
	}
	same := 0
	for _, a := range st.active {
		if a.PipelineID == pipelineID {
			same++
		}
	}
	switch {
	case same >= limit:
		return "DEVPIPE.00011169"
	case len(st.active) >= TenantRunConcurrency:
		return "DEVPIPE.00011170"
	}
	return ""
}

func (st *runStore) admit(r *simRun, t time.Time) {
	st.active = append(st.active, r)
	if len(r.flat) == 0 {
		st.endRun(r, RunCompleted, t)
		return
	}
	st.beginStep(r, 0, t)
}

func (st *runStore) dequeue(t time.Time) {
	for i := 0; i < len(st.queue); {
		r := st.queue[i]
		if r.readyAt.After(t) || st.slotFor(r.PipelineID) != "" {
			i++
			continue
		}
		st.queue = append(st.queue[:i], st.queue[i+1:]...)
		r.QueueID = ""
		st.admit(r, t)
	}
}

// advance replays every step end due by now, earliest first.
func (st *runStore) advance(now time.Time) {
	for {
		var next *simRun
		var due time.Time
		for _, r := range st.active {
			if r.Status != RunRunning {
				continue
			}
			_, _, step := r.at(r.cursor)
			end := r.stepStart.Add(step.Duration)
			if !end.After(now) && (next == nil || end.Before(due)) {
				next, due = r, end
			}
		}
		// A run whose scripted queue time has passed takes a free slot at
		// that time, if that comes before the next step end.
		var release time.Time
		for _, q := range st.queue {
			if !q.readyAt.IsZero() && !q.readyAt.After(now) && (release.IsZero() || q.readyAt.Before(release)) &&
				st.slotFor(q.PipelineID) == "" {
				release = q.readyAt
			}
		}
		if !release.IsZero() && (next == nil || release.Before(due)) {
			st.dequeue(release)
			continue
		}
		if next == nil {
			return
		}
		st.finishStep(next, due, false, "")
	}
}

// start creates a run and admits or queues it; queueCode is non-empty when
// it was queued.
func (st *runStore) start(r *simRun, now time.Time) (queueCode string) {
	r.Start = now
	st.add(r)
	code := st.slotFor(r.PipelineID)
	if r.plan.QueueFor > 0 {
		r.readyAt = now.Add(r.plan.QueueFor)
		if code == "" {
			code = "DEVPIPE.00011169"
		}
	}
	if code != "" {
		r.Status, r.QueueID = RunQueued, randomHex(16)
		st.queue = append(st.queue, r)
		return code
	}
	st.admit(r, now)
	return ""
}

func (st *runStore) add(r *simRun) {
	st.byID[r.ID] = r
	st.byPipeline[r.PipelineID] = append(st.byPipeline[r.PipelineID], r)
	if r.Number >= st.nextNumber[r.PipelineID] {
		st.nextNumber[r.PipelineID] = r.Number + 1
	}
}

func (st *runStore) number(pipelineID string) int {
	if st.nextNumber[pipelineID] == 0 {
		st.nextNumber[pipelineID] = 1
	}
	return st.nextNumber[pipelineID]
}

// stop cancels a queued or active run; false when it had already ended.
func (st *runStore) stop(r *simRun, now time.Time) bool {
	switch {
	case r.Status == RunQueued:
		for i, q := range st.queue {
			if q == r {
				st.queue = append(st.queue[:i], st.queue[i+1:]...)
				break
			}
		}
		r.Status, r.End, r.QueueID = RunCanceled, now, ""
		return true
	case holdsSlot(r.Status):
		stage, job, step := r.at(r.cursor)
		step.Status, step.End = RunCanceled, now
		job.Status, job.End = RunCanceled, now
		stage.Status, stage.End = RunCanceled, now
		st.endRun(r, RunCanceled, now)
		return true
	}
	return false
}

// review passes or refuses the review a run waits on.
func (st *runStore) review(r *simRun, pass bool, now time.Time) error {
	if r.Status != RunPaused && r.Status != RunSuspend {
		return fmt.Errorf("pipeline run %s is %s, not waiting for a review", r.ID, r.Status)
	}
	if pass {
		st.finishStep(r, now, false, "")
	} else {
		st.finishStep(r, now, true, "The manual review was refused")
	}
	return nil
}

// finishedRun builds a run that ended with status, started at start; its
// steps took stepDur each.
func finishedRun(id string, p *Pipeline, number int, status string, start time.Time, stepDur time.Duration, ids func(string) string) *simRun {
	r := newRun(id, p, number, PipelineRunPlan{StepDuration: stepDur}, nil, nil, ids)
	r.Start = start
	// Where the run stops: FAILED in the tests, CANCELED in the build.
	stopAt := map[string]string{RunFailed: "JOB_unit_test", RunCanceled: "JOB_build"}[status]
	t := start
	for i := range r.flat {
		stage, job, step := r.at(i)
		if stage.Status == statusInit {
			stage.Status, stage.Start = RunRunning, t
		}
		if job.Status == statusInit {
			job.Status, job.Start = RunRunning, t
		}
		step.Start = t
		t = t.Add(stepDur)
		step.End = t
		jobDone, stageDone := r.lastOf(i)
		if status == RunIgnored {
			step.Status, job.Status, stage.Status = RunIgnored, RunIgnored, RunIgnored
			job.End, stage.End = t, t
			continue
		}
		if job.Identifier == stopAt && (jobDone || status == RunCanceled) {
			msg := "Step " + step.Name + " failed: script returned exit code 1"
			if status == RunCanceled {
				msg = "The pipeline run was stopped by " + demoUser2Name
			}
			step.Status, step.Message = status, msg
			job.Status, job.Message, job.End = status, msg, t
			stage.Status, stage.End = status, t
			break
		}
		step.Status = RunCompleted
		if jobDone {
			job.Status, job.End = RunCompleted, t
		}
		if stageDone {
			stage.Status, stage.End = RunCompleted, t
		}
	}
	r.Status, r.End = status, t
	return r
}

// ---- logs ----

const logTimeLayout = "2006/01/02 15:04:05.000"

func logTime(t time.Time) string { return t.In(codeArtsZone).Format(logTimeLayout) + " GMT+08:00" }

var logBody = []string{
	"[frame] start to send status data to service.",
	"[frame] finish to save status data to service.",
	"slave arch: amd64",
	"=========== flow agent launched in [octopus_container] ===========",
	"start to use official executor [%s]",
	"###############################@@@ 【step start】 @@@###############################",
	"=========== start to execute custom shell ===========",
	"[INFO] Building cicd-demo 1.0.%d",
	"[INFO] --------------------------------[ jar ]---------------------------------",
	"=========== finish to use script executor with status success ===========",
}

// stepLog is a step's log as the service would serve it now.
func stepLog(step *simStep) string {
	if step.LogSet {
		return step.Log
	}
	if step.Status == statusInit || step.Status == statusUnsel || step.Start.IsZero() {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] [INFO] [real_stage:%s] : 该步骤开始执行。\n", logTime(step.Start), step.Name)
	if step.Status == RunRunning {
		return b.String()
	}
	span := step.End.Sub(step.Start)
	for i := 0; i < step.LogLines; i++ {
		at := step.Start.Add(span * time.Duration(i+1) / time.Duration(step.LogLines+2))
		line := logBody[i%len(logBody)]
		if strings.Contains(line, "%s") {
			line = fmt.Sprintf(line, step.Task)
		} else if strings.Contains(line, "%d") {
			line = fmt.Sprintf(line, i)
		}
		fmt.Fprintf(&b, "[%s] [INFO] %s\n", logTime(at), line)
	}
	switch step.Status {
	case RunCompleted:
		fmt.Fprintf(&b, "[%s] [INFO] [real_stage:%s] : 该步骤执行完成。\n", logTime(step.End), step.Name)
	case RunFailed:
		fmt.Fprintf(&b, "[%s] [ERROR] [real_stage:%s] : %s\n", logTime(step.End), step.Name, step.Message)
	case RunCanceled:
		fmt.Fprintf(&b, "[%s] [WARN] [real_stage:%s] : 该步骤已被取消。\n", logTime(step.End), step.Name)
	}
	return b.String()
}

// stepLogBase is where a step's log starts in its job's log stream.
func stepLogBase(job *simJob, step *simStep) int64 {
	base := int64(stepLogJobPreamble)
	for _, s := range job.Steps {
		if s == step {
			break
		}
		base += int64(len(stepLog(s)))
	}
	return base
}

// ---- control methods for tests ----

// PipelineRunSnapshot is a test's view of a run.
type PipelineRunSnapshot struct {
	ID, PipelineID, Status, QueueID string
	Number                          int
	Start, End                      time.Time
	Steps                           []PipelineStepSnapshot
}

// PipelineStepSnapshot is one step of a run with its stage and job.
type PipelineStepSnapshot struct {
	Stage, StageStatus                 string
	JobID, JobIdentifier, JobStatus    string
	StepID, StepName, StepStatus, Task string
}

func (s *Server) runs() *runStore { return s.st.runs }

// PipelineRun returns a snapshot of a run, after progressing runs to now.
func (s *Server) PipelineRun(runID string) (PipelineRunSnapshot, bool) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.runs()
	st.advance(now)
	r, ok := st.byID[runID]
	if !ok {
		return PipelineRunSnapshot{}, false
	}
	snap := PipelineRunSnapshot{ID: r.ID, PipelineID: r.PipelineID, Status: r.Status, QueueID: r.QueueID, Number: r.Number, Start: r.Start, End: r.End}
	for _, stage := range r.Stages {
		for _, j := range stage.Jobs {
			for _, step := range j.Steps {
				snap.Steps = append(snap.Steps, PipelineStepSnapshot{Stage: stage.Name, StageStatus: stage.Status, JobID: j.ID,
					JobIdentifier: j.Identifier, JobStatus: j.Status, StepID: step.ID, StepName: step.Name, StepStatus: step.Status, Task: step.Task})
			}
		}
	}
	return snap, true
}

// PipelineRunIDs returns a pipeline's run ids, oldest first.
func (s *Server) PipelineRunIDs(pipelineID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.runs().byPipeline[pipelineID] {
		out = append(out, r.ID)
	}
	return out
}

// AddPipelineRuns appends n finished runs with a terminal status (COMPLETED,
// FAILED, CANCELED, IGNORED) to a pipeline, newer than its existing runs: one
// a minute, the newest starting a minute before now unless older runs are
// in the way. It returns their ids, oldest first. Fast: 5,000 runs take
// milliseconds.
func (s *Server) AddPipelineRuns(pipelineID string, n int, status string) ([]string, error) {
	if !isTerminal(status) {
		return nil, fmt.Errorf("AddPipelineRuns: status %q is not one of COMPLETED, FAILED, CANCELED, IGNORED", status)
	}
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.st.pipelines[pipelineID]
	if !ok {
		return nil, fmt.Errorf("AddPipelineRuns: no pipeline %s", pipelineID)
	}
	st := s.runs()
	st.advance(now)
	start := now.Add(-time.Duration(n) * time.Minute)
	if runs := st.byPipeline[pipelineID]; len(runs) > 0 {
		if newest := runs[len(runs)-1].Start.Add(time.Minute); newest.After(start) {
			start = newest
		}
	}
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		r := finishedRun(randomHex(16), p, st.number(pipelineID), status, start.Add(time.Duration(i)*time.Minute), 10*time.Second,
			func(string) string { return randomHex(16) })
		r.ExecutorID, r.ExecutorName = DemoUserID, DemoUserName
		r.Build = defaultBuildParams(p, r.ID)
		st.add(r)
		ids = append(ids, r.ID)
	}
	return ids, nil
}

// planFor is how the next run of a pipeline goes: its own plan, else the
// plan scripted for every pipeline ("*", SetScripts), else the default.
func (st *runStore) planFor(pipelineID string) PipelineRunPlan {
	if p, ok := st.plans[pipelineID]; ok {
		return p
	}
	return st.plans[ScriptAll]
}

// SetPipelineRunOutcome sets how the next runs of a pipeline go.
func (s *Server) SetPipelineRunOutcome(pipelineID string, plan PipelineRunPlan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs().plans[pipelineID] = plan
}

// SetPipelineConcurrency sets the active-run limit of one pipeline (default
// DefaultPipelineConcurrency); runs beyond it queue with DEVPIPE.00011169.
func (s *Server) SetPipelineConcurrency(pipelineID string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs().concurrency[pipelineID] = n
}

// SetPipelineRunsPageCap makes the run list return at most n runs a page
// whatever limit asks (0 = no cap), to test clients against a capping server.
func (s *Server) SetPipelineRunsPageCap(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs().pageCap = n
}

// DeletePipelineRun removes a run out of band (retention / drift tests).
func (s *Server) DeletePipelineRun(runID string) bool {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.runs()
	st.advance(now)
	r, ok := st.byID[runID]
	if !ok {
		return false
	}
	if r.Status == RunQueued || holdsSlot(r.Status) {
		st.stop(r, now)
	}
	delete(st.byID, runID)
	runs := st.byPipeline[r.PipelineID]
	for i, x := range runs {
		if x == r {
			st.byPipeline[r.PipelineID] = append(runs[:i:i], runs[i+1:]...)
			break
		}
	}
	return true
}

// SetStepLog replaces the log of a step of a run.
func (s *Server) SetStepLog(runID, stepRunID, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs().byID[runID]
	if !ok {
		return fmt.Errorf("SetStepLog: no pipeline run %s", runID)
	}
	for _, stage := range r.Stages {
		for _, j := range stage.Jobs {
			for _, step := range j.Steps {
				if step.ID == stepRunID {
					step.Log, step.LogSet = text, true
					return nil
				}
			}
		}
	}
	return fmt.Errorf("SetStepLog: run %s has no step %s", runID, stepRunID)
}

// PassPipelineRunReview passes the review a run waits on.
func (s *Server) PassPipelineRunReview(runID string) error { return s.reviewRun(runID, true) }

// RefusePipelineRunReview refuses the review a run waits on (the run fails).
func (s *Server) RefusePipelineRunReview(runID string) error { return s.reviewRun(runID, false) }

func (s *Server) reviewRun(runID string, pass bool) error {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.runs()
	st.advance(now)
	r, ok := st.byID[runID]
	if !ok {
		return fmt.Errorf("no pipeline run %s", runID)
	}
	return st.review(r, pass, now)
}

// sortedRuns returns a pipeline's runs matching keep, sorted by start time.
func (st *runStore) sortedRuns(pipelineID string, keep func(*simRun) bool, desc bool) []*simRun {
	var out []*simRun
	for _, r := range st.byPipeline[pipelineID] {
		if keep(r) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.Start.Equal(b.Start) {
			if desc {
				return a.Start.After(b.Start)
			}
			return a.Start.Before(b.Start)
		}
		if desc {
			return a.Number > b.Number
		}
		return a.Number < b.Number
	})
	return out
}
