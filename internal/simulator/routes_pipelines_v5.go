package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// CodeArts Pipeline v5 pipeline CRUD and pipeline-by-template, shaped by the
// SDK (codeartspipeline/v2): CreatePipelineNew (POST
// /v5/{project_id}/api/pipelines, body PipelineDto), ShowPipelineDetail
// (GET .../{pipeline_id}), UpdatePipelineInfo (PUT, PipelineDto),
// DeletePipeline (DELETE), CreatePipelineByTemplateId (POST
// /v5/{project_id}/api/pipeline-templates/{template_id}/create-pipeline,
// body PipelineByTemplateDto). Every write answers {"pipeline_id"}.
//
// Documented (SDK model comments): name 1–128 Chinese characters, letters,
// digits, '-' and '_'; description at most 1024; name, is_publish and
// definition required in PipelineDto, name, is_publish and sources in
// PipelineByTemplateDto; manifest_version defaults to 3.0; git_type one of
// codehub, gitee, github, gitcode, gitlab; alias letters, digits and '_', at
// most 128; schedule type only "fixed", days_of_week 1–7 and the listed time
// zones; exceed_action ABORT or QUEUE; group_id 32 letters and digits. The
// not-found codes DEVPIPE.00011401 (pipeline) and DEVPIPE.00011412
// (project) are the ones the huaweicloud provider checks.
//
// Simulator's choices: not-found arrives with HTTP 200 (404 with
// SetPipelineNotFoundStatus); definition must be a JSON object; a "code"
// source needs params with git_type and git_url; the detail fills
// concurrency_control (the huaweicloud provider reads it; the SDK's detail
// model lacks it) and the webhook fields of triggers; a pipeline made from a
// template copies the template's definition and variables (the body's
// variables replace those of the same name). Secret values are masked in
// the detail as in templates.

func init() {
	registerModule(module{name: "pipelines-v5", routes: (*Server).pipelineV5Routes})
}

// Routes of the v5 pipeline API.
const (
	RoutePipelineV5Create       = "POST /v5/{project_id}/api/pipelines"
	RoutePipelineV5Detail       = "GET /v5/{project_id}/api/pipelines/{pipeline_id}"
	RoutePipelineV5Update       = "PUT /v5/{project_id}/api/pipelines/{pipeline_id}"
	RoutePipelineV5Delete       = "DELETE /v5/{project_id}/api/pipelines/{pipeline_id}"
	RoutePipelineV5FromTemplate = "POST /v5/{project_id}/api/pipeline-templates/{template_id}/create-pipeline"
)

var (
	pipelineNameRegexp    = regexp.MustCompile(`^[\p{Han}A-Za-z0-9_-]+$`)
	pipelineAliasRegexp   = regexp.MustCompile(`^[A-Za-z0-9_]*$`)
	pipelineGroupIDRegexp = regexp.MustCompile(`^[A-Za-z0-9]{32}$`)
	pipelineGitTypes      = []string{"codehub", "gitee", "github", "gitcode", "gitlab"}
	pipelineExceedActions = []string{"ABORT", "QUEUE"}
	pipelineTimeZones     = []string{"China Standard Time", "GMT Standard Time", "South Africa Standard Time",
		"Russian Standard Time", "SE Asia Standard Time", "Singapore Standard Time", "Pacific SA Standard Time",
		"E. South America Standard Time", "Central Standard Time (Mexico)", "Egypt Standard Time", "Saudi Arabia Standard Time"}
)

const (
	pipelineNameMax        = 128
	pipelineDescriptionMax = 1024
)

func (s *Server) pipelineV5Routes() {
	s.handle(RoutePipelineV5Create, svcPipeline, s.createPipelineV5)
	s.handle(RoutePipelineV5Detail, svcPipeline, s.showPipelineV5)
	s.handle(RoutePipelineV5Update, svcPipeline, s.updatePipelineV5)
	s.handle(RoutePipelineV5Delete, svcPipeline, s.deletePipelineV5)
	s.handle(RoutePipelineV5FromTemplate, svcPipeline, s.createPipelineFromTemplateV5)
}

// ---- wire shapes ----

type codeSourceParamsRecord struct {
	GitType       string `json:"git_type"`
	CodehubID     string `json:"codehub_id"`
	EndpointID    string `json:"endpoint_id"`
	DefaultBranch string `json:"default_branch"`
	GitURL        string `json:"git_url"`
	SSHGitURL     string `json:"ssh_git_url"`
	WebURL        string `json:"web_url"`
	RepoName      string `json:"repo_name"`
	Alias         string `json:"alias"`
}

// codeSourceRecord is CodeSource (request) and PipelineSource (detail).
type codeSourceRecord struct {
	Type   string                  `json:"type"`
	Params *codeSourceParamsRecord `json:"params"`
}

type pipelineScheduleRecord struct {
	UUID       string `json:"uuid"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Enable     bool   `json:"enable"`
	DaysOfWeek []int  `json:"days_of_week"`
	TimeZone   string `json:"time_zone"`
}

type codeEventRecord struct {
	Type   string `json:"type"`
	Enable bool   `json:"enable"`
}

type pipelineTriggerRecord struct {
	PipelineID    string            `json:"pipeline_id"`
	GitURL        string            `json:"git_url"`
	GitType       string            `json:"git_type"`
	IsAutoCommit  bool              `json:"is_auto_commit"`
	Events        []codeEventRecord `json:"events"`
	HookID        string            `json:"hook_id"`
	RepoID        string            `json:"repo_id"`
	EndpointID    string            `json:"endpoint_id"`
	CallbackURL   string            `json:"callback_url"`
	SecurityToken string            `json:"security_token"`
}

type pipelineConcurrencyRecord struct {
	PipelineID        string `json:"pipeline_id"`
	ConcurrencyNumber int    `json:"concurrency_number"`
	ExceedAction      string `json:"exceed_action"`
	CreateTime        int64  `json:"create_time"`
	UpdateTime        int64  `json:"update_time"`
	Enable            bool   `json:"enable"`
}

// pipelineDTORequest is PipelineDto as received; pointers mark the required
// fields so a missing one is told from a zero value.
type pipelineDTORequest struct {
	Name               *string                    `json:"name"`
	Description        string                     `json:"description"`
	IsPublish          *bool                      `json:"is_publish"`
	Sources            []codeSourceRecord         `json:"sources"`
	Variables          []templateVariableRecord   `json:"variables"`
	Schedules          []pipelineScheduleRecord   `json:"schedules"`
	Triggers           []pipelineTriggerRecord    `json:"triggers"`
	ManifestVersion    string                     `json:"manifest_version"`
	Definition         *string                    `json:"definition"`
	ProjectName        string                     `json:"project_name"`
	GroupID            string                     `json:"group_id"`
	ID                 string                     `json:"id"`
	ConcurrencyControl *pipelineConcurrencyRecord `json:"concurrency_control"`
	SecurityLevel      *int                       `json:"security_level"`
}

// pipelineByTemplateRequest is PipelineByTemplateDto as received.
type pipelineByTemplateRequest struct {
	Name        *string                  `json:"name"`
	Description string                   `json:"description"`
	IsPublish   *bool                    `json:"is_publish"`
	Sources     *[]codeSourceRecord      `json:"sources"`
	Variables   []templateVariableRecord `json:"variables"`
}

// pipelineDetailJSON is ShowPipelineDetailResponse plus concurrency_control.
type pipelineDetailJSON struct {
	ID                 string                    `json:"id"`
	Name               string                    `json:"name"`
	Description        string                    `json:"description"`
	ManifestVersion    string                    `json:"manifest_version"`
	Region             string                    `json:"region"`
	DomainID           string                    `json:"domain_id"`
	ProjectID          string                    `json:"project_id"`
	ComponentID        string                    `json:"component_id"`
	IsPublish          bool                      `json:"is_publish"`
	CreatorID          string                    `json:"creator_id"`
	CreatorName        string                    `json:"creator_name"`
	UpdaterID          string                    `json:"updater_id"`
	CreateTime         int64                     `json:"create_time"`
	UpdateTime         int64                     `json:"update_time"`
	IsCollect          bool                      `json:"is_collect"`
	Sources            []codeSourceRecord        `json:"sources"`
	Variables          []templateVariableRecord  `json:"variables"`
	Schedules          []pipelineScheduleRecord  `json:"schedules"`
	Triggers           []pipelineTriggerRecord   `json:"triggers"`
	GroupID            string                    `json:"group_id"`
	Definition         string                    `json:"definition"`
	ConcurrencyControl pipelineConcurrencyRecord `json:"concurrency_control"`
}

// ---- validation ----

func validatePipelineName(name *string) string {
	switch {
	case name == nil || *name == "":
		return "name is required"
	case utf8.RuneCountInString(*name) > pipelineNameMax:
		return fmt.Sprintf("name must be at most %d characters", pipelineNameMax)
	case !pipelineNameRegexp.MatchString(*name):
		return "name may contain only Chinese characters, letters, digits, '-' and '_'"
	}
	return ""
}

func validateSources(recs []codeSourceRecord) ([]PipelineSourceV5, string) {
	out := []PipelineSourceV5{}
	for i, src := range recs {
		at := fmt.Sprintf("sources[%d]", i)
		if src.Type == "" {
			return nil, at + ".type is required"
		}
		v := PipelineSourceV5{Type: src.Type}
		if p := src.Params; p != nil {
			switch {
			case p.GitType != "" && !contains(pipelineGitTypes, p.GitType):
				return nil, fmt.Sprintf("%s.params.git_type %q is invalid: allowed values are %s", at, p.GitType, strings.Join(pipelineGitTypes, ", "))
			case len(p.Alias) > 128 || !pipelineAliasRegexp.MatchString(p.Alias):
				return nil, at + ".params.alias must be at most 128 letters, digits or underscores"
			}
			v.HasParams = true
			v.GitType, v.CodehubID, v.EndpointID, v.DefaultBranch, v.GitURL = p.GitType, p.CodehubID, p.EndpointID, p.DefaultBranch, p.GitURL
			v.SSHGitURL, v.WebURL, v.RepoName, v.Alias = p.SSHGitURL, p.WebURL, p.RepoName, p.Alias
		}
		if src.Type == "code" && (src.Params == nil || src.Params.GitType == "" || src.Params.GitURL == "") {
			return nil, at + ": a code source needs params.git_type and params.git_url"
		}
		out = append(out, v)
	}
	return out, ""
}

// validatePipelineDTO checks a create/update body and returns what to store.
func validatePipelineDTO(req pipelineDTORequest, user string) (name string, v *PipelineV5, msg string) {
	if msg := validatePipelineName(req.Name); msg != "" {
		return "", nil, msg
	}
	switch {
	case utf8.RuneCountInString(req.Description) > pipelineDescriptionMax:
		return "", nil, fmt.Sprintf("description must be at most %d characters", pipelineDescriptionMax)
	case req.IsPublish == nil:
		return "", nil, "is_publish is required"
	case req.Definition == nil || *req.Definition == "":
		return "", nil, "definition is required"
	case !json.Valid([]byte(*req.Definition)):
		return "", nil, "definition is not valid JSON"
	case req.GroupID != "" && !pipelineGroupIDRegexp.MatchString(req.GroupID):
		return "", nil, "group_id must be 32 letters and digits"
	}
	var def map[string]json.RawMessage
	if json.Unmarshal([]byte(*req.Definition), &def) != nil {
		return "", nil, "definition must be a JSON object"
	}
	v = &PipelineV5{Description: req.Description, Definition: *req.Definition, ManifestVersion: req.ManifestVersion,
		IsPublish: *req.IsPublish, GroupID: req.GroupID, UpdaterID: user}
	if v.Sources, msg = validateSources(req.Sources); msg != "" {
		return "", nil, msg
	}
	if v.Variables, msg = validateVariableRecords(req.Variables); msg != "" {
		return "", nil, msg
	}
	for i, sc := range req.Schedules {
		at := fmt.Sprintf("schedules[%d]", i)
		if sc.Type != "" && sc.Type != "fixed" {
			return "", nil, fmt.Sprintf("%s.type %q is invalid: only fixed is supported", at, sc.Type)
		}
		if sc.TimeZone != "" && !contains(pipelineTimeZones, sc.TimeZone) {
			return "", nil, fmt.Sprintf("%s.time_zone %q is invalid", at, sc.TimeZone)
		}
		for _, d := range sc.DaysOfWeek {
			if d < 1 || d > 7 {
				return "", nil, fmt.Sprintf("%s.days_of_week values must be 1-7 (Sunday to Saturday), got %d", at, d)
			}
		}
		v.Schedules = append(v.Schedules, PipelineScheduleV5{UUID: sc.UUID, Type: sc.Type, Name: sc.Name, Enable: sc.Enable,
			DaysOfWeek: append([]int(nil), sc.DaysOfWeek...), TimeZone: sc.TimeZone})
	}
	for i, tr := range req.Triggers {
		at := fmt.Sprintf("triggers[%d]", i)
		if tr.GitType != "" && !contains(pipelineGitTypes, tr.GitType) {
			return "", nil, fmt.Sprintf("%s.git_type %q is invalid: allowed values are %s", at, tr.GitType, strings.Join(pipelineGitTypes, ", "))
		}
		t := PipelineTriggerV5{GitURL: tr.GitURL, GitType: tr.GitType, IsAutoCommit: tr.IsAutoCommit, RepoID: tr.RepoID, EndpointID: tr.EndpointID}
		for _, e := range tr.Events {
			t.Events = append(t.Events, PipelineEventV5(e))
		}
		v.Triggers = append(v.Triggers, t)
	}
	if cc := req.ConcurrencyControl; cc != nil {
		switch {
		case cc.ExceedAction != "" && !contains(pipelineExceedActions, cc.ExceedAction):
			return "", nil, fmt.Sprintf("concurrency_control.exceed_action %q is invalid: allowed values are ABORT, QUEUE", cc.ExceedAction)
		case cc.ConcurrencyNumber < 0:
			return "", nil, "concurrency_control.concurrency_number must be positive"
		}
		v.Concurrency = PipelineConcurrencyV5{Number: cc.ConcurrencyNumber, ExceedAction: cc.ExceedAction, Enable: cc.Enable}
	}
	return *req.Name, v, ""
}

// fillWebhooks gives new schedules and triggers the ids the service makes.
func fillWebhooks(v *PipelineV5, old *PipelineV5) {
	for i := range v.Schedules {
		if v.Schedules[i].UUID == "" {
			v.Schedules[i].UUID = randomHex(16)
		}
		if v.Schedules[i].Type == "" {
			v.Schedules[i].Type = "fixed"
		}
	}
	for i := range v.Triggers {
		t := &v.Triggers[i]
		if old != nil && i < len(old.Triggers) && old.Triggers[i].GitURL == t.GitURL {
			t.HookID, t.CallbackURL, t.SecurityToken = old.Triggers[i].HookID, old.Triggers[i].CallbackURL, old.Triggers[i].SecurityToken
			continue
		}
		t.HookID = randomHex(16)
		t.CallbackURL = PipelineTriggerCallbackBase + t.HookID
		t.SecurityToken = randomHex(16)
	}
}

// ---- handlers ----

// pipelineV5Project checks the path project; it writes the project
// not-found error and returns false when the project does not exist.
func pipelineV5Project(w http.ResponseWriter, project string, st *state) bool {
	if _, ok := st.codeartsProjects[project]; ok {
		return true
	}
	writeCodeArtsError(w, notFoundStatus(st), ErrCodeProjectNotFound, "The project does not exist: "+project)
	return false
}

func notFoundStatus(st *state) int {
	if st.pipelineNotFoundStatus == 0 {
		return http.StatusOK
	}
	return st.pipelineNotFoundStatus
}

// lookupPipelineV5 runs fn on the path's pipeline under the lock, or writes
// the not-found error.
func (s *Server) lookupPipelineV5(w http.ResponseWriter, r *http.Request, fn func(st *state, p *Pipeline)) {
	project, id := r.PathValue("project_id"), r.PathValue("pipeline_id")
	s.locked(func(st *state) {
		if !pipelineV5Project(w, project, st) {
			return
		}
		p, ok := st.pipelines[id]
		if !ok || p.ProjectID != project {
			writeCodeArtsError(w, notFoundStatus(st), ErrCodePipelineNotFound, "The pipeline does not exist: "+id)
			return
		}
		fn(st, p)
	})
}

func decodePipelineDTO(w http.ResponseWriter, r *http.Request) (string, *PipelineV5, bool) {
	var req pipelineDTORequest
	if err := decodeJSON(r, &req); err != nil {
		badParam(w, "Invalid request body: "+err.Error())
		return "", nil, false
	}
	name, v, msg := validatePipelineDTO(req, principalFrom(r).UserID)
	if msg != "" {
		badParam(w, msg)
		return "", nil, false
	}
	return name, v, true
}

func (s *Server) createPipelineV5(w http.ResponseWriter, r *http.Request) {
	name, v, ok := decodePipelineDTO(w, r)
	if !ok {
		return
	}
	project := r.PathValue("project_id")
	now := s.clock.Now()
	var id string
	s.locked(func(st *state) {
		if !pipelineV5Project(w, project, st) {
			return
		}
		fillWebhooks(v, nil)
		v.UpdateTime = now
		v.Concurrency.CreateTime, v.Concurrency.UpdateTime = now, now
		id = st.adopted(st.addPipeline(Pipeline{Name: name, ProjectID: project, CreatorID: principalFrom(r).UserID, V5: v, GitURL: firstGitURL(v)}, now))
	})
	if id != "" {
		writeJSON(w, http.StatusOK, map[string]string{"pipeline_id": id})
	}
}

func firstGitURL(v *PipelineV5) string {
	for _, src := range v.Sources {
		if src.GitURL != "" {
			return src.GitURL
		}
	}
	return ""
}

func (s *Server) createPipelineFromTemplateV5(w http.ResponseWriter, r *http.Request) {
	var req pipelineByTemplateRequest
	if err := decodeJSON(r, &req); err != nil {
		badParam(w, "Invalid request body: "+err.Error())
		return
	}
	if msg := validatePipelineName(req.Name); msg != "" {
		badParam(w, msg)
		return
	}
	switch {
	case utf8.RuneCountInString(req.Description) > pipelineDescriptionMax:
		badParam(w, fmt.Sprintf("description must be at most %d characters", pipelineDescriptionMax))
		return
	case req.IsPublish == nil:
		badParam(w, "is_publish is required")
		return
	case req.Sources == nil:
		badParam(w, "sources is required")
		return
	}
	sources, msg := validateSources(*req.Sources)
	if msg != "" {
		badParam(w, msg)
		return
	}
	given, msg := validateVariableRecords(req.Variables)
	if msg != "" {
		badParam(w, msg)
		return
	}
	project, templateID := r.PathValue("project_id"), r.PathValue("template_id")
	user, domain := principalFrom(r).UserID, principalFrom(r).DomainID
	now := s.clock.Now()
	var id string
	s.locked(func(st *state) {
		if !pipelineV5Project(w, project, st) {
			return
		}
		t, ok := st.tpl.templates[templateID]
		if !ok || (!t.IsSystem && domain != "" && t.DomainID != domain) {
			writeCodeArtsError(w, st.tpl.notFoundStatus, ErrCodeTemplateNotFound, "The pipeline template does not exist: "+templateID)
			return
		}
		// The pipeline is a copy: later template changes do not reach it.
		v := &PipelineV5{Description: req.Description, Definition: t.Definition, IsPublish: *req.IsPublish,
			Sources: sources, Variables: mergeVariables(t.Variables, given), UpdaterID: user, UpdateTime: now, TemplateID: t.ID}
		p := st.addPipeline(Pipeline{Name: *req.Name, ProjectID: project, CreatorID: user, V5: v, GitURL: firstGitURL(v)}, now)
		p.v5() // fill the defaults now, so create_time of concurrency_control is the pipeline's
		id = st.adopted(p)
	})
	if id != "" {
		writeJSON(w, http.StatusOK, map[string]string{"pipeline_id": id})
	}
}

// mergeVariables copies the template's variables; given ones replace those
// of the same name and the others are appended after them.
func mergeVariables(tpl, given []TemplateVariable) []TemplateVariable {
	out := append([]TemplateVariable(nil), tpl...)
	for _, g := range given {
		replaced := false
		for i := range out {
			if out[i].Name == g.Name {
				g.Sequence = out[i].Sequence
				out[i], replaced = g, true
				break
			}
		}
		if !replaced {
			g.Sequence = len(out) + 1
			out = append(out, g)
		}
	}
	return out
}

func (s *Server) showPipelineV5(w http.ResponseWriter, r *http.Request) {
	var d *pipelineDetailJSON
	s.lookupPipelineV5(w, r, func(st *state, p *Pipeline) { d = p.detailV5(st) })
	if d != nil {
		writeJSON(w, http.StatusOK, d)
	}
}

func (p *Pipeline) detailV5(st *state) *pipelineDetailJSON {
	v := p.v5()
	d := &pipelineDetailJSON{ID: p.ID, Name: p.Name, Description: v.Description, ManifestVersion: v.ManifestVersion,
		Region: DemoRegion, DomainID: st.domain.id, ProjectID: p.ProjectID, IsPublish: v.IsPublish,
		CreatorID: p.CreatorID, CreatorName: p.CreatorName, UpdaterID: v.UpdaterID,
		CreateTime: p.CreateTime.UnixMilli(), UpdateTime: v.UpdateTime.UnixMilli(), IsCollect: v.IsCollect,
		Sources: []codeSourceRecord{}, Variables: variableRecords(v.Variables), Schedules: []pipelineScheduleRecord{},
		Triggers: []pipelineTriggerRecord{}, GroupID: v.GroupID, Definition: v.Definition,
		ConcurrencyControl: pipelineConcurrencyRecord{PipelineID: p.ID, ConcurrencyNumber: v.Concurrency.Number,
			ExceedAction: v.Concurrency.ExceedAction, Enable: v.Concurrency.Enable,
			CreateTime: v.Concurrency.CreateTime.UnixMilli(), UpdateTime: v.Concurrency.UpdateTime.UnixMilli()},
	}
	for _, src := range v.Sources {
		rec := codeSourceRecord{Type: src.Type}
		if src.HasParams {
			rec.Params = &codeSourceParamsRecord{GitType: src.GitType, CodehubID: src.CodehubID, EndpointID: src.EndpointID,
				DefaultBranch: src.DefaultBranch, GitURL: src.GitURL, SSHGitURL: src.SSHGitURL, WebURL: src.WebURL,
				RepoName: src.RepoName, Alias: src.Alias}
		}
		d.Sources = append(d.Sources, rec)
	}
	for _, sc := range v.Schedules {
		days := sc.DaysOfWeek
		if days == nil {
			days = []int{}
		}
		d.Schedules = append(d.Schedules, pipelineScheduleRecord{UUID: sc.UUID, Type: sc.Type, Name: sc.Name, Enable: sc.Enable,
			DaysOfWeek: days, TimeZone: sc.TimeZone})
	}
	for _, t := range v.Triggers {
		rec := pipelineTriggerRecord{PipelineID: p.ID, GitURL: t.GitURL, GitType: t.GitType, IsAutoCommit: t.IsAutoCommit,
			Events: []codeEventRecord{}, HookID: t.HookID, RepoID: t.RepoID, EndpointID: t.EndpointID,
			CallbackURL: t.CallbackURL, SecurityToken: t.SecurityToken}
		for _, e := range t.Events {
			rec.Events = append(rec.Events, codeEventRecord(e))
		}
		d.Triggers = append(d.Triggers, rec)
	}
	return d
}

func (s *Server) updatePipelineV5(w http.ResponseWriter, r *http.Request) {
	name, v, ok := decodePipelineDTO(w, r)
	if !ok {
		return
	}
	now := s.clock.Now()
	done := false
	s.lookupPipelineV5(w, r, func(_ *state, p *Pipeline) {
		old := p.v5()
		fillWebhooks(v, old)
		v.UpdateTime, v.TemplateID, v.IsCollect = now, old.TemplateID, old.IsCollect
		if v.Concurrency.Number == 0 {
			v.Concurrency = old.Concurrency
		} else {
			v.Concurrency.CreateTime, v.Concurrency.UpdateTime = old.Concurrency.CreateTime, now
		}
		p.Name, p.V5, p.GitURL = name, v, firstGitURL(v)
		done = true
	})
	if done {
		writeJSON(w, http.StatusOK, map[string]string{"pipeline_id": r.PathValue("pipeline_id")})
	}
}

func (s *Server) deletePipelineV5(w http.ResponseWriter, r *http.Request) {
	done := false
	s.lookupPipelineV5(w, r, func(st *state, p *Pipeline) {
		delete(st.pipelines, p.ID)
		done = true
	})
	if done {
		writeJSON(w, http.StatusOK, map[string]string{"pipeline_id": r.PathValue("pipeline_id")})
	}
}
