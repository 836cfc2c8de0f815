package simulator

import (
	"time"
)

// What the v5 pipeline API stores of a pipeline (routes_pipelines_v5.go),
// in the shapes of the SDK models (codeartspipeline/v2 PipelineDto,
// CodeSource, PipelineSchedule, PipelineTrigger, PipelineConcurrencyMgmt).

// Defaults the detail fills when a pipeline was created without them.
const (
	// pipelineManifestVersion is PipelineDto.manifest_version's documented default.
	pipelineManifestVersion = "3.0"
	// PipelineDefaultDefinition is the definition of a pipeline the v5 API
	// did not create (seeded or made by a template task). Simulator's choice.
	PipelineDefaultDefinition = `{"stages":[]}`
	// PipelineDefaultExceedAction is the default concurrency_control.exceed_action
	// (the run model queues runs beyond the limit). Simulator's choice.
	PipelineDefaultExceedAction = "QUEUE"
	// PipelineTriggerCallbackBase is where the simulated webhooks point.
	// Simulator's choice.
	PipelineTriggerCallbackBase = "https://devcloud.cn-north-4.huaweicloud.com/cicd/webhook/"
)

// PipelineSourceV5 is a CodeSource as stored.
type PipelineSourceV5 struct {
	Type                                                  string
	GitType, CodehubID, EndpointID, DefaultBranch, GitURL string
	SSHGitURL, WebURL, RepoName, Alias                    string
	HasParams                                             bool
}

// PipelineScheduleV5 is a PipelineSchedule as stored; UUID is filled on create.
type PipelineScheduleV5 struct {
	UUID, Type, Name string
	Enable           bool
	DaysOfWeek       []int
	TimeZone         string
}

// PipelineTriggerV5 is a PipelineTrigger as stored; the webhook fields are
// filled on create.
type PipelineTriggerV5 struct {
	GitURL, GitType     string
	IsAutoCommit        bool
	Events              []PipelineEventV5
	RepoID, EndpointID  string
	HookID, CallbackURL string
	SecurityToken       string
}

// PipelineEventV5 is a CodeEvent.
type PipelineEventV5 struct {
	Type   string
	Enable bool
}

// PipelineConcurrencyV5 is PipelineConcurrencyMgmt as stored.
type PipelineConcurrencyV5 struct {
	Number       int
	ExceedAction string
	Enable       bool
	CreateTime   time.Time
	UpdateTime   time.Time
}

// PipelineV5 is the v5 part of a stored pipeline.
type PipelineV5 struct {
	Description     string
	Definition      string // stored as sent (or as re-formatted)
	ManifestVersion string
	IsPublish       bool
	GroupID         string
	Sources         []PipelineSourceV5
	Variables       []TemplateVariable
	Schedules       []PipelineScheduleV5
	Triggers        []PipelineTriggerV5
	Concurrency     PipelineConcurrencyV5
	UpdaterID       string
	UpdateTime      time.Time
	IsCollect       bool
	// TemplateID is the template the pipeline was created from ("" if none).
	TemplateID string
}

// clone deep-copies v.
func (v *PipelineV5) clone() *PipelineV5 {
	if v == nil {
		return nil
	}
	c := *v
	c.Sources = append([]PipelineSourceV5(nil), v.Sources...)
	c.Variables = append([]TemplateVariable(nil), v.Variables...)
	c.Schedules = append([]PipelineScheduleV5(nil), v.Schedules...)
	c.Triggers = append([]PipelineTriggerV5(nil), v.Triggers...)
	return &c
}

// v5 returns p's v5 part, filling the defaults of a pipeline the v5 API did
// not create.
func (p *Pipeline) v5() *PipelineV5 {
	if p.V5 == nil {
		p.V5 = &PipelineV5{Definition: PipelineDefaultDefinition, UpdaterID: p.CreatorID, UpdateTime: p.CreateTime}
	}
	v := p.V5
	if v.ManifestVersion == "" {
		v.ManifestVersion = pipelineManifestVersion
	}
	if v.Concurrency.Number == 0 {
		v.Concurrency = PipelineConcurrencyV5{Number: DefaultPipelineConcurrency, ExceedAction: PipelineDefaultExceedAction,
			Enable: true, CreateTime: p.CreateTime, UpdateTime: p.CreateTime}
	}
	return v
}

// ---- control methods for tests ----

// PipelineV5Of returns a copy of a pipeline's v5 part (defaults filled).
func (s *Server) PipelineV5Of(id string) (PipelineV5, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.st.pipelines[id]
	if !ok {
		return PipelineV5{}, false
	}
	return *p.v5().clone(), true
}

// ReformatPipelineDefinition rewrites a stored pipeline definition as the
// service might (see reformattedJSON). It reports whether the pipeline exists.
func (s *Server) ReformatPipelineDefinition(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.st.pipelines[id]
	if !ok {
		return false
	}
	v := p.v5()
	v.Definition = reformattedJSON(v.Definition)
	return true
}

// SetPipelineNotFoundStatus sets the HTTP status that carries the pipeline
// not-found code on the v5 pipeline routes (the SDK documents no status;
// the huaweicloud provider checks the code in 200 bodies and treats 404 as
// gone too). Default 200.
func (s *Server) SetPipelineNotFoundStatus(status int) {
	s.locked(func(st *state) { st.pipelineNotFoundStatus = status })
}

// SetNewPipelineRunPlan sets how the runs of pipelines created through the
// v5 API from now on go (their id is not known before the create), as
// SetPipelineRunOutcome does for one pipeline.
func (s *Server) SetNewPipelineRunPlan(plan PipelineRunPlan) {
	s.locked(func(st *state) { st.newPipelineRunPlan = &plan })
}

// adopted stores a pipeline the v5 API created and gives it the run plan
// of new pipelines.
func (st *state) adopted(p *Pipeline) string {
	if st.newPipelineRunPlan != nil && st.runs != nil {
		st.runs.plans[p.ID] = *st.newPipelineRunPlan
	}
	return p.ID
}
