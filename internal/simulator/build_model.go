package simulator

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"sync"
	"time"
)

// CodeArts Build: the simulated build jobs and their builds. The routes are
// in routes_build.go; this file holds the model, the test control API and
// the module's seed and env funcs.
//
// A build's status is never stored: it is computed from the server clock
// (Options.Clock) and the build's create time and outcome. A build is queued
// for BuildOutcome.QueueFor (record-info status "RUNNING", start_time null,
// build-info building=true), then runs for BuildOutcome.Duration (status
// "RUNNING", start_time set, finish_time and duration null), then has its
// final status BuildOutcome.Result. POST /v1/job/{job_id}/stop ends a queued
// or running build at once with status "ABORTED".

func init() {
	registerModule(module{name: "build", seed: seedBuild, routes: (*Server).buildRoutes, env: buildEnv})
}

// DemoBuildJobID is the seeded CodeArts Build job (build task) id. It has
// five finished builds (1..5: SUCCESS, FAILURE, SUCCESS, SUCCESS, FAILURE)
// on branch DemoBuildBranch at commit DemoBuildCommitID, all MANUAL.
const DemoBuildJobID = "7a3525faa44a0833745d0a5c9c42d7b1"

// Facts of the seeded build job.
const (
	DemoBuildBranch   = "master"
	DemoBuildCommitID = "32043895712a67499c2c2a704c736c7c7f187ff0"
	DemoBuildRepoName = "cicd-demo-app"
	// DemoBuildCount is how many builds DemoBuildJobID starts with.
	DemoBuildCount = 5
)

// Build statuses. BuildStatusRunning is the simulator's choice for a queued
// or running build (the references enumerate no running value).
const (
	BuildStatusRunning = "RUNNING"
	BuildStatusSuccess = "SUCCESS"
	BuildStatusFailure = "FAILURE"
	BuildStatusAborted = "ABORTED"
)

// Build error codes. ErrCodeBuildInvalidParam and ErrCodeBuildNotFound are
// documented (the error-code pages); using CB.00060200 for "the build is not
// running" (stop) is the simulator's choice.
const (
	ErrCodeBuildInvalidParam = "CB.00060200"
	ErrCodeBuildNotFound     = "DEVCB.00031006"
)

// DefaultBuildDuration is how long a build runs when no BuildOutcome was set
// for its job.
const DefaultBuildDuration = 2 * time.Second

// defaultBuildFailureMsg is err_msg of a FAILURE whose outcome has no ErrMsg.
const defaultBuildFailureMsg = "Build failed: a build step exited with a non-zero code"

// BuildOutcome decides how the next builds of a job go (SetBuildOutcome).
// The outcome is captured when a build is triggered; changing it later
// does not affect builds already created.
type BuildOutcome struct {
	// Result is the final status: "SUCCESS" (default when empty),
	// "FAILURE" or "ABORTED".
	Result string
	// Duration is how long the build runs once started, on the server
	// clock. Zero means it finishes the instant it starts.
	Duration time.Duration
	// QueueFor is how long the build waits before it starts (start_time
	// stays null meanwhile). Zero: it starts at once.
	QueueFor time.Duration
	// ErrMsg is record-info err_msg for FAILURE/ABORTED results. A FAILURE
	// with no ErrMsg gets a generic message.
	ErrMsg string
}

// BuildParam is one custom parameter a build was triggered with.
type BuildParam struct {
	Name, Value string
}

// BuildRecordView is a build as the simulator sees it at the current server
// clock (Server.Build), for assertions.
type BuildRecordView struct {
	JobID         string
	BuildNo       int
	RecordID      string // build_record_id (also history record_id), a UUID
	ID            string // record-info id, a UUID
	ExecutionID   string // execution_id = octopus_job_name ("j_XXXXXXXX")
	DailyBuildNum string // "YYYYMMDD.N" (UTC+8 date)
	// Status is record-info status: "RUNNING" while queued or running,
	// then "SUCCESS", "FAILURE" or "ABORTED".
	Status string
	// Queued: not started yet (start_time null).
	Queued bool
	// Building: build-info "building" (queued or running).
	Building bool
	// Result is the final status, "" while building.
	Result string
	// Stopped: ended by POST /v1/job/{job_id}/stop.
	Stopped bool
	// ViaAPI: started by POST /v3/jobs/build (not AddBuildHistory/seed).
	ViaAPI     bool
	UserID     string
	Parameters []BuildParam // as sent, in order
	Branch     string       // job branch, or the codeBranch parameter
	Tag        string       // scm.build_tag ("" = none)
	CommitID   string       // scm.build_commit_id, else the job's head commit
	BuildType  string       // "branch" or "tag"
	// CreateTime is when the build was triggered; StartTime and
	// FinishTime are zero until reached.
	CreateTime, StartTime, FinishTime time.Time
	// Duration is FinishTime-StartTime once finished (0 otherwise, and 0 for
	// a build stopped before it started).
	Duration time.Duration
	ErrMsg   string
}

// buildStore is the Build service's state (state.builds, set once by
// seedBuild). It is guarded by its own mutex, not by Server.mu.
type buildStore struct {
	mu       sync.Mutex
	jobs     map[string]*buildJobRec
	outcomes map[string]BuildOutcome // by job id; absent = default
}

type buildJobRec struct {
	id             string
	buildProjectID string // UUID
	projectID      string // CodeArts project (devcloud_project_id)
	repoName       string
	repoID         string
	branch         string
	commit         string
	commitMessage  string
	commitTime     time.Time
	builds         []*buildRun // builds[i].no == i+1, deleted ones included
	deleted        int         // how many builds are marked deleted
	daily          map[string]int
	started        int // builds started through POST /v3/jobs/build
}

type buildRun struct {
	no        int
	id        string
	recordID  string
	execID    string
	daily     string
	userID    string
	params    []BuildParam
	branch    string
	tag       string
	commit    string
	buildType string
	created   time.Time
	outcome   BuildOutcome // normalized
	stopped   bool
	stoppedAt time.Time
	deleted   bool
	viaAPI    bool
}

func (s *Server) buildState() *buildStore {
	if s.st.builds == nil {
		panic("simulator: build module not seeded for this server")
	}
	return s.st.builds
}

func seedBuild(s *Server) {
	bs := &buildStore{jobs: map[string]*buildJobRec{}, outcomes: map[string]BuildOutcome{}}
	s.st.builds = bs

	// The demo builds ran over the last five days, so the history (which
	// lists at most the last 30 days per request) shows them.
	base := s.clock.Now().In(codeArtsZone).Truncate(time.Hour).Add(-5 * 24 * time.Hour)
	job := bs.addJob(DemoBuildJobID, base.Add(-48*time.Hour))
	job.repoName = DemoBuildRepoName
	job.repoID = "2111616838"
	job.branch = DemoBuildBranch
	job.commit = DemoBuildCommitID
	job.commitMessage = "Bump version to 1.4.2"
	results := []string{BuildStatusSuccess, BuildStatusFailure, BuildStatusSuccess, BuildStatusSuccess, BuildStatusFailure}
	durations := []time.Duration{95 * time.Second, 42 * time.Second, 101 * time.Second, 88 * time.Second, 37 * time.Second}
	for i, res := range results {
		o := BuildOutcome{Result: res, Duration: durations[i], QueueFor: 3 * time.Second}
		if res == BuildStatusFailure {
			o.ErrMsg = "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile: Compilation failure"
		}
		b := job.newBuild(base.Add(time.Duration(i)*26*time.Hour+time.Duration(i*7)*time.Minute), o)
		b.userID = DemoUserID
		b.params = []BuildParam{{Name: "codeBranch", Value: DemoBuildBranch}}
	}
}

func buildEnv(_ *Server, _ string) []EnvVar {
	return []EnvVar{{Name: "CICD_DEMO_BUILD_JOB_ID", Value: DemoBuildJobID}}
}

// addJob creates a job (or returns the existing one).
func (bs *buildStore) addJob(id string, now time.Time) *buildJobRec {
	if j, ok := bs.jobs[id]; ok {
		return j
	}
	sum := sha256.Sum256([]byte("cicd-simulator/build-job/" + id))
	h := hex.EncodeToString(sum[:])
	repoID := new(big.Int).SetBytes(sum[:4]).String()
	j := &buildJobRec{
		id:             id,
		buildProjectID: buildFormatUUID(h[:32]),
		projectID:      DemoCodeArtsProjectID,
		repoName:       "repo-" + id[:8],
		repoID:         repoID,
		branch:         "master",
		commit:         h[24:64],
		commitMessage:  "Simulated commit",
		commitTime:     now,
		daily:          map[string]int{},
	}
	bs.jobs[id] = j
	return j
}

// newBuild appends build N+1 created at created with outcome o (already
// normalized), using the job's branch and head commit.
func (j *buildJobRec) newBuild(created time.Time, o BuildOutcome) *buildRun {
	day := created.In(codeArtsZone).Format("20060102")
	j.daily[day]++
	b := &buildRun{
		no:        len(j.builds) + 1,
		id:        newBuildUUID(),
		recordID:  newBuildUUID(),
		execID:    "j_" + buildRandomAlnum(8),
		daily:     day + "." + strconv.Itoa(j.daily[day]),
		userID:    DemoUserID,
		branch:    j.branch,
		commit:    j.commit,
		buildType: "branch",
		created:   created,
		outcome:   o,
	}
	j.builds = append(j.builds, b)
	return b
}

// build returns build no of the job, or nil when absent or deleted.
func (j *buildJobRec) build(no int) *buildRun {
	if no < 1 || no > len(j.builds) {
		return nil
	}
	b := j.builds[no-1]
	if b.deleted {
		return nil
	}
	return b
}

// live is the number of builds not deleted.
func (j *buildJobRec) live() int { return len(j.builds) - j.deleted }

// normalizeBuildOutcome fills defaults and rejects unknown results.
func normalizeBuildOutcome(o BuildOutcome) BuildOutcome {
	switch o.Result {
	case "":
		o.Result = BuildStatusSuccess
	case BuildStatusSuccess, BuildStatusFailure, BuildStatusAborted:
	default:
		panic(fmt.Sprintf("simulator: BuildOutcome.Result %q: want SUCCESS, FAILURE or ABORTED", o.Result))
	}
	if o.Duration < 0 {
		o.Duration = 0
	}
	if o.QueueFor < 0 {
		o.QueueFor = 0
	}
	if o.Result == BuildStatusFailure && o.ErrMsg == "" {
		o.ErrMsg = defaultBuildFailureMsg
	}
	if o.Result == BuildStatusSuccess {
		o.ErrMsg = ""
	}
	return o
}

func (bs *buildStore) outcomeFor(jobID string) BuildOutcome {
	if o, ok := bs.outcomes[jobID]; ok {
		return o
	}
	if o, ok := bs.outcomes[ScriptAll]; ok {
		return o
	}
	return BuildOutcome{Result: BuildStatusSuccess, Duration: DefaultBuildDuration}
}

// buildPhase is a build's computed state at one instant.
type buildPhase struct {
	status   string // RUNNING | SUCCESS | FAILURE | ABORTED
	queued   bool
	building bool
	result   string // "" while building
	start    time.Time
	finish   time.Time
	errMsg   string
}

func (b *buildRun) phaseAt(now time.Time) buildPhase {
	start := b.created.Add(b.outcome.QueueFor)
	end := start.Add(b.outcome.Duration)
	switch {
	case b.stopped:
		p := buildPhase{status: BuildStatusAborted, result: BuildStatusAborted, finish: b.stoppedAt}
		if !b.stoppedAt.Before(start) {
			p.start = start
		}
		return p
	case now.Before(start):
		return buildPhase{status: BuildStatusRunning, queued: true, building: true}
	case now.Before(end):
		return buildPhase{status: BuildStatusRunning, building: true, start: start}
	default:
		return buildPhase{status: b.outcome.Result, result: b.outcome.Result, start: start, finish: end, errMsg: b.outcome.ErrMsg}
	}
}

func (b *buildRun) view(jobID string, now time.Time) BuildRecordView {
	p := b.phaseAt(now)
	v := BuildRecordView{
		JobID:         jobID,
		BuildNo:       b.no,
		RecordID:      b.recordID,
		ID:            b.id,
		ExecutionID:   b.execID,
		DailyBuildNum: b.daily,
		Status:        p.status,
		Queued:        p.queued,
		Building:      p.building,
		Result:        p.result,
		Stopped:       b.stopped,
		ViaAPI:        b.viaAPI,
		UserID:        b.userID,
		Parameters:    append([]BuildParam(nil), b.params...),
		Branch:        b.branch,
		Tag:           b.tag,
		CommitID:      b.commit,
		BuildType:     b.buildType,
		CreateTime:    b.created,
		StartTime:     p.start,
		FinishTime:    p.finish,
		ErrMsg:        p.errMsg,
	}
	if !p.finish.IsZero() && !p.start.IsZero() {
		v.Duration = p.finish.Sub(p.start)
	}
	return v
}

// ---- control API (tests in other packages use these) ----

// SetBuildOutcome sets how the job's next builds go (see BuildOutcome). It
// does not create the job. Default: SUCCESS after DefaultBuildDuration, no
// queue. It panics on an unknown Result.
func (s *Server) SetBuildOutcome(jobID string, o BuildOutcome) {
	o = normalizeBuildOutcome(o)
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	bs.outcomes[jobID] = o
}

// AddBuildJob creates a build job with no builds (no-op if it exists). The
// id must be 32 characters of [0-9a-z] (CodeArts job ids are 32 hex); it
// panics otherwise.
func (s *Server) AddBuildJob(jobID string) {
	if !validBuildJobID(jobID) {
		panic(fmt.Sprintf("simulator: AddBuildJob(%q): a job id is 32 characters of [0-9a-z]", jobID))
	}
	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	bs.addJob(jobID, now)
}

// AddBuildHistory appends one finished build per result ("SUCCESS",
// "FAILURE", "ABORTED"), oldest to newest, numbered after the job's last
// build. It creates the job if needed. The builds are MANUAL, 30s long and
// one minute apart, the newest finishing before the current server clock.
// It is O(len(results)) (10,000 builds take milliseconds).
func (s *Server) AddBuildHistory(jobID string, results []string) {
	s.AddBuildHistoryEvery(jobID, results, time.Minute)
}

// AddBuildHistoryEvery is AddBuildHistory with the builds gap apart: the
// newest is created gap before the server clock, the oldest len(results)*gap
// before it. History older than the 30 days one history request covers is
// made this way.
func (s *Server) AddBuildHistoryEvery(jobID string, results []string, gap time.Duration) {
	if !validBuildJobID(jobID) {
		panic(fmt.Sprintf("simulator: AddBuildHistory(%q): a job id is 32 characters of [0-9a-z]", jobID))
	}
	outcomes := make([]BuildOutcome, len(results))
	for i, r := range results {
		if r == "" {
			panic("simulator: AddBuildHistory: empty result")
		}
		outcomes[i] = normalizeBuildOutcome(BuildOutcome{Result: r, Duration: 30 * time.Second})
	}
	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	j := bs.addJob(jobID, now)
	n := len(outcomes)
	if need := len(j.builds) + n; cap(j.builds) < need {
		grown := make([]*buildRun, len(j.builds), need)
		copy(grown, j.builds)
		j.builds = grown
	}
	for i, o := range outcomes {
		created := now.Add(-time.Duration(n-i) * gap)
		j.newBuild(created, o)
	}
}

// DeleteBuild removes a build out of band: record-info, build-info, stop
// and history then treat it as missing. It reports whether it existed.
// Build numbers are never reused.
func (s *Server) DeleteBuild(jobID string, buildNo int) bool {
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	j, ok := bs.jobs[jobID]
	if !ok {
		return false
	}
	b := j.build(buildNo)
	if b == nil {
		return false
	}
	b.deleted = true
	j.deleted++
	return true
}

// Build returns a build as of the current server clock.
func (s *Server) Build(jobID string, buildNo int) (BuildRecordView, bool) {
	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	j, ok := bs.jobs[jobID]
	if !ok {
		return BuildRecordView{}, false
	}
	b := j.build(buildNo)
	if b == nil {
		return BuildRecordView{}, false
	}
	return b.view(jobID, now), true
}

// Builds returns every (non-deleted) build of a job, oldest first.
func (s *Server) Builds(jobID string) []BuildRecordView {
	now := s.clock.Now()
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	j, ok := bs.jobs[jobID]
	if !ok {
		return nil
	}
	out := make([]BuildRecordView, 0, j.live())
	for _, b := range j.builds {
		if !b.deleted {
			out = append(out, b.view(jobID, now))
		}
	}
	return out
}

// BuildsStarted returns how many builds of the job POST /v3/jobs/build
// started (seeded and AddBuildHistory builds are not counted).
func (s *Server) BuildsStarted(jobID string) int {
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	if j, ok := bs.jobs[jobID]; ok {
		return j.started
	}
	return 0
}

// BuildJobs returns the ids of all build jobs, sorted.
func (s *Server) BuildJobs() []string {
	bs := s.buildState()
	bs.mu.Lock()
	defer bs.mu.Unlock()
	out := make([]string, 0, len(bs.jobs))
	for id := range bs.jobs {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// ---- helpers ----

// validBuildJobID: 32 characters of [0-9a-z] (the documented pattern
// ^[0-9a-z]{32}$).
func validBuildJobID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// newBuildUUID returns a random version-4 UUID string.
func newBuildUUID() string {
	b := []byte(randomHex(16))
	b[12] = '4'
	b[16] = "89ab"[int(b[16])%4]
	return buildFormatUUID(string(b))
}

// buildFormatUUID renders 32 hex characters as 8-4-4-4-12.
func buildFormatUUID(h string) string {
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

const buildAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// buildRandomAlnum returns n random characters of [A-Za-z0-9].
func buildRandomAlnum(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = buildAlnum[int(b[i])%len(buildAlnum)]
	}
	return string(b)
}

// buildTimeLayout is how record-info renders times (API page ShowRecordInfo):
// "2022-10-11T08:28:42.000+00:00", always UTC.
const buildTimeLayout = "2006-01-02T15:04:05.000+00:00"

// formatBuildTime renders t in buildTimeLayout; nil for the zero time.
func formatBuildTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(buildTimeLayout)
	return &s
}
