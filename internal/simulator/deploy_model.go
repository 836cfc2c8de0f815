package simulator

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"time"
	"weak"
)

// CodeArts Deploy: simulated deployment tasks and their deployment records.
// The routes are in routes_deploy.go; this file holds the model, the test
// control API and the module's seed and env funcs.
//
// A record's state is never stored: it is computed from the server clock and
// the record's create time and scripted outcome. The record runs its steps in
// order, each for its Duration; while it runs, result.status is "running" and
// result.step "running". A "succeeded" record ends after its last step; a
// "failed" one ends when its failing step (DeployOutcome.FailAt) has run its
// Duration, and later steps never run. PUT .../stop ends a running record at
// once with status "failed" (the documented range is running|succeeded|failed;
// there is no stopped status).
//
// StepInfo (the docs give no semantics beyond the names; the simulator's
// choice, named here): offset is the step's 1-based position; current_offset
// is, in every entry, the position of the step the record is at (the running
// step; for an ended record the last step it reached); elapsed_time is the
// milliseconds the step has run so far ("0" before it starts); enable is
// "true"; faq_url is set on the step that failed. Every member is a JSON
// string, as the API pages type them.

func init() {
	registerModule(module{name: "deploy", seed: seedDeploy, routes: (*Server).deployRoutes, env: deployEnv})
}

// DemoDeployTaskID is the seeded deployment task (the application's
// arrange_infos[0].id). It has two finished records: one succeeded, one failed.
const DemoDeployTaskID = "d2dc947ec2424d8789bb3984bb3adf45"

// DemoDeployTaskName is the seeded task's name (result.task_name).
const DemoDeployTaskName = "cicd-demo-deploy"

// Deployment record statuses (CodeArts Deploy API page ShowDeployTaskDetail / ListDeployTaskHistoryByDate, field state).
const (
	DeployStatusRunning   = "running"
	DeployStatusSucceeded = "succeeded"
	DeployStatusFailed    = "failed"
)

// Deploy error codes. Deploy.00011303 (deployment record) and
// Deploy.00011020 (application) are documented not-found codes (the
// CodeArts Deploy API's error code page). ErrCodeDeployInvalidParam is the simulator's choice: no Deploy
// invalid-parameter code is documented.
const (
	ErrCodeDeployRecordNotFound = "Deploy.00011303"
	ErrCodeDeployTaskNotFound   = "Deploy.00011020"
	ErrCodeDeployInvalidParam   = "Deploy.00011002"
)

// DefaultDeployStepDuration is how long each default step runs.
const DefaultDeployStepDuration = 500 * time.Millisecond

// DefaultDeployFAQURL is the faq_url of a failed step whose outcome sets none.
const DefaultDeployFAQURL = "https://support.huaweicloud.com/deployman_faq/deployman_faq_1001.html"

// DefaultDeploySteps are the steps of a task without a scripted outcome.
var DefaultDeploySteps = []DeployStepSpec{
	{Name: "Download software package", Duration: DefaultDeployStepDuration},
	{Name: "Stop service", Duration: DefaultDeployStepDuration},
	{Name: "Start service", Duration: DefaultDeployStepDuration},
	{Name: "Health check", Duration: DefaultDeployStepDuration},
}

// DeployStepSpec is one scripted step of a deployment.
type DeployStepSpec struct {
	Name     string
	Duration time.Duration // on the server clock
}

// DeployOutcome decides how the next deployments of a task go
// (SetDeployOutcome). It is captured when a deployment starts.
type DeployOutcome struct {
	// Steps run in order. Empty: DefaultDeploySteps.
	Steps []DeployStepSpec
	// Result is "succeeded" (default when empty) or "failed".
	Result string
	// FailAt is the 1-based step that fails when Result is "failed"
	// (default: the last step).
	FailAt int
	// FAQURL is the failed step's faq_url (default DefaultDeployFAQURL).
	FAQURL string
	// RejectCode / RejectMsg, when RejectMsg is set, make
	// POST /v2/tasks/{task_id}/start answer HTTP 200 with the Deploy error
	// body {"error_code","error_msg"} and start nothing (the documented
	// "200 with an error" case). RejectCode defaults to
	// ErrCodeDeployInvalidParam.
	RejectCode, RejectMsg string
}

// DeployParam is one parameter a deployment was started with, as received.
type DeployParam struct {
	Key, Value, Type string
}

// DeployStepView is one step of a record at the current server clock.
type DeployStepView struct {
	Name    string
	Status  string // "pending", "running", "done", "failed" or "skipped" (not run)
	Elapsed time.Duration
}

// DeployRecordView is a deployment record at the current server clock
// (Server.DeployRecord), for assertions.
type DeployRecordView struct {
	TaskID, RecordID string
	JobName          string
	Status           string // running | succeeded | failed
	Stopped          bool   // ended by PUT .../stop
	Params           []DeployParam
	RollbackOf       string // the start body's record_id ("" = none)
	TriggerSource    string // the start body's trigger_source ("" = absent)
	Steps            []DeployStepView
	// CurrentStep is current_offset: the 1-based step the record is at.
	CurrentStep           int
	StartTime, FinishTime time.Time // FinishTime zero while running
}

type deployStore struct {
	mu       sync.Mutex
	tasks    map[string]*deployTask
	outcomes map[string]DeployOutcome
}

type deployTask struct {
	id, name string
	records  []*deployRecord // oldest first, deleted ones included
	started  int             // records started through POST .../start
}

type deployRecord struct {
	id            string
	jobName       string
	created       time.Time
	outcome       DeployOutcome // normalized
	params        []DeployParam
	rollbackOf    string
	triggerSource string
	executor      string
	stopped       bool
	stoppedAt     time.Time
	deleted       bool
}

var deployStores sync.Map // weak.Pointer[Server] -> *deployStore

func (s *Server) deployState() *deployStore {
	v, ok := deployStores.Load(weak.Make(s))
	if !ok {
		panic("simulator: deploy module not seeded for this server")
	}
	ds, ok := v.(*deployStore)
	if !ok {
		panic(fmt.Sprintf("simulator: deploy store has type %T", v))
	}
	return ds
}

func seedDeploy(s *Server) {
	ds := &deployStore{tasks: map[string]*deployTask{}, outcomes: map[string]DeployOutcome{}}
	key := weak.Make(s)
	deployStores.Store(key, ds)
	runtime.AddCleanup(s, func(k weak.Pointer[Server]) { deployStores.Delete(k) }, key)

	t := ds.addTask(DemoDeployTaskID)
	t.name = DemoDeployTaskName
	base := time.Date(2024, 3, 5, 9, 30, 0, 0, codeArtsZone)
	steps := []DeployStepSpec{
		{Name: "Download software package", Duration: 12 * time.Second},
		{Name: "Stop service", Duration: 4 * time.Second},
		{Name: "Start service", Duration: 9 * time.Second},
		{Name: "Health check", Duration: 30 * time.Second},
	}
	t.newRecord(base, normalizeDeployOutcome(DeployOutcome{Steps: steps}))
	t.newRecord(base.Add(26*time.Hour), normalizeDeployOutcome(DeployOutcome{Steps: steps, Result: DeployStatusFailed, FailAt: 4}))
}

func deployEnv(_ *Server, _ string) []EnvVar {
	return []EnvVar{{Name: "CICD_DEMO_DEPLOY_TASK_ID", Value: DemoDeployTaskID}}
}

func (ds *deployStore) addTask(id string) *deployTask {
	if t, ok := ds.tasks[id]; ok {
		return t
	}
	t := &deployTask{id: id, name: "deploy-" + id[:8]}
	ds.tasks[id] = t
	return t
}

func (ds *deployStore) outcomeFor(taskID string) DeployOutcome {
	if o, ok := ds.outcomes[taskID]; ok {
		return o
	}
	if o, ok := ds.outcomes[ScriptAll]; ok {
		return o
	}
	return normalizeDeployOutcome(DeployOutcome{})
}

// newRecord appends a record created at created. The job name follows the
// seed's example: job_<record id>_<epoch ms>. Every record is started by
// DemoUserName, the one user the simulator has.
func (t *deployTask) newRecord(created time.Time, o DeployOutcome) *deployRecord {
	id := randomHex(16)
	r := &deployRecord{
		id:       id,
		jobName:  fmt.Sprintf("job_%s_%d", id, created.UnixMilli()),
		created:  created,
		outcome:  o,
		executor: DemoUserName,
	}
	t.records = append(t.records, r)
	return r
}

func (t *deployTask) record(id string) *deployRecord {
	for _, r := range t.records {
		if r.id == id && !r.deleted {
			return r
		}
	}
	return nil
}

func (t *deployTask) latest() *deployRecord {
	for i := len(t.records) - 1; i >= 0; i-- {
		if !t.records[i].deleted {
			return t.records[i]
		}
	}
	return nil
}

func normalizeDeployOutcome(o DeployOutcome) DeployOutcome {
	if len(o.Steps) == 0 {
		o.Steps = append([]DeployStepSpec(nil), DefaultDeploySteps...)
	} else {
		o.Steps = append([]DeployStepSpec(nil), o.Steps...)
	}
	for i := range o.Steps {
		if o.Steps[i].Name == "" {
			o.Steps[i].Name = fmt.Sprintf("Step %d", i+1)
		}
		if o.Steps[i].Duration < 0 {
			o.Steps[i].Duration = 0
		}
	}
	switch o.Result {
	case "":
		o.Result = DeployStatusSucceeded
	case DeployStatusSucceeded, DeployStatusFailed:
	default:
		panic(fmt.Sprintf("simulator: DeployOutcome.Result %q: want succeeded or failed", o.Result))
	}
	if o.Result == DeployStatusFailed {
		if o.FailAt < 1 || o.FailAt > len(o.Steps) {
			o.FailAt = len(o.Steps)
		}
		if o.FAQURL == "" {
			o.FAQURL = DefaultDeployFAQURL
		}
	} else {
		o.FailAt = 0
	}
	if o.RejectMsg != "" && o.RejectCode == "" {
		o.RejectCode = ErrCodeDeployInvalidParam
	}
	return o
}

// deployPhase is a record's computed state at one instant.
type deployPhase struct {
	status  string // running | succeeded | failed
	current int    // current_offset, 1-based
	steps   []DeployStepView
	finish  time.Time
	faqStep int // 1-based step carrying faq_url (0 = none)
}

func (r *deployRecord) phaseAt(now time.Time) deployPhase {
	o := r.outcome
	last := len(o.Steps) // the last step that runs
	if o.Result == DeployStatusFailed {
		last = o.FailAt
	}
	starts := make([]time.Time, len(o.Steps)+1)
	starts[0] = r.created
	for i, st := range o.Steps {
		starts[i+1] = starts[i].Add(st.Duration)
	}
	natural := starts[last] // when the last step that runs ends
	p := deployPhase{steps: make([]DeployStepView, len(o.Steps)), current: 1}
	for i, st := range o.Steps {
		p.steps[i] = DeployStepView{Name: st.Name, Status: "pending"}
		if i+1 > last {
			p.steps[i].Status = "skipped"
		}
	}
	// at marks steps done before t and returns the step running at t (0 = none).
	at := func(t time.Time) int {
		for i := 0; i < last; i++ {
			switch {
			case !t.Before(starts[i+1]):
				p.steps[i].Status, p.steps[i].Elapsed = "done", o.Steps[i].Duration
			case !t.Before(starts[i]):
				p.steps[i].Status, p.steps[i].Elapsed = "running", t.Sub(starts[i])
				return i + 1
			default:
				return 0
			}
		}
		return 0
	}
	switch {
	case r.stopped && r.stoppedAt.Before(natural):
		// Stopped mid-run: the running step fails, later ones never run.
		cur := at(r.stoppedAt)
		p.status, p.finish = DeployStatusFailed, r.stoppedAt
		if cur == 0 {
			cur = 1
		} else {
			p.steps[cur-1].Status = "failed"
		}
		p.current = cur
		for i := range p.steps {
			if p.steps[i].Status == "pending" {
				p.steps[i].Status = "skipped"
			}
		}
	case !now.Before(natural):
		at(natural)
		p.status, p.finish, p.current = o.Result, natural, max(last, 1)
		if o.Result == DeployStatusFailed {
			p.steps[last-1].Status = "failed"
			p.faqStep = last
		}
	default:
		p.status = DeployStatusRunning
		if cur := at(now); cur > 0 {
			p.current = cur
		}
	}
	return p
}

func (r *deployRecord) view(taskID string, now time.Time) DeployRecordView {
	p := r.phaseAt(now)
	return DeployRecordView{
		TaskID: taskID, RecordID: r.id, JobName: r.jobName,
		Status: p.status, Stopped: r.stopped,
		Params:     append([]DeployParam(nil), r.params...),
		RollbackOf: r.rollbackOf, TriggerSource: r.triggerSource,
		Steps: p.steps, CurrentStep: p.current,
		StartTime: r.created, FinishTime: p.finish,
	}
}

// ---- control API ----

// AddDeployTask creates a deployment task with no records (no-op if it
// exists). The id must be 32 letters and digits; it panics otherwise.
func (s *Server) AddDeployTask(taskID string) {
	if !validDeployID(taskID) {
		panic(fmt.Sprintf("simulator: AddDeployTask(%q): a task id is 32 letters and digits", taskID))
	}
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.addTask(taskID)
}

// SetDeployOutcome sets how the task's next deployments go (see
// DeployOutcome). It panics on an unknown Result.
func (s *Server) SetDeployOutcome(taskID string, o DeployOutcome) {
	o = normalizeDeployOutcome(o)
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	ds.outcomes[taskID] = o
}

// DeployRecord returns a record as of the current server clock.
func (s *Server) DeployRecord(taskID, recordID string) (DeployRecordView, bool) {
	now := s.clock.Now()
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	t, ok := ds.tasks[taskID]
	if !ok {
		return DeployRecordView{}, false
	}
	r := t.record(recordID)
	if r == nil {
		return DeployRecordView{}, false
	}
	return r.view(taskID, now), true
}

// DeployRecords returns every (non-deleted) record of a task, oldest first.
func (s *Server) DeployRecords(taskID string) []DeployRecordView {
	now := s.clock.Now()
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	t, ok := ds.tasks[taskID]
	if !ok {
		return nil
	}
	var out []DeployRecordView
	for _, r := range t.records {
		if !r.deleted {
			out = append(out, r.view(taskID, now))
		}
	}
	return out
}

// DeploysStarted returns how many deployments of the task
// POST /v2/tasks/{task_id}/start started (seeded records are not counted).
func (s *Server) DeploysStarted(taskID string) int {
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	if t, ok := ds.tasks[taskID]; ok {
		return t.started
	}
	return 0
}

// DeleteDeployRecord removes a record out of band: state and stop then answer
// Deploy.00011303. It reports whether the record existed.
func (s *Server) DeleteDeployRecord(taskID, recordID string) bool {
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	t, ok := ds.tasks[taskID]
	if !ok {
		return false
	}
	r := t.record(recordID)
	if r == nil {
		return false
	}
	r.deleted = true
	return true
}

// DeployTasks returns the ids of all deployment tasks, sorted.
func (s *Server) DeployTasks() []string {
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	out := make([]string, 0, len(ds.tasks))
	for id := range ds.tasks {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// validDeployID: 32 letters and digits (task and record ids, [D] ShowDeployStatus).
func validDeployID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
