package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pipeline templates: v5 tenant-level CRUD, list and favourite
// (SDK codeartspipeline/v2 PipelineTemplateDto and its API pages). Path
// tenant_id is the account's domain id.
//
// Documented: field names and JSON types (templateId camelCase; integer
// create_time/update_time; is_collect a string in the detail and a bool in
// the list; is_show_source a bool in the detail and a string in the list),
// required fields, enums and CustomVariable limits, the not-found code
// DEVPIPE.00011203 (HTTP 200 by default, 404 with SetTemplateNotFoundStatus),
// and that system templates cannot be edited or deleted (the API pages say so).
//
// Simulator's choices (the references are silent): see the Template*
// constants below.

func init() {
	registerModule(module{name: "templates", seed: seedTemplates, routes: (*Server).templateRoutes})
}

const (
	// ErrCodeTemplateNotFound is the documented template not-found code.
	ErrCodeTemplateNotFound = "DEVPIPE.00011203"
	// ErrCodeTemplateForbidden (HTTP 403) answers a path tenant_id that is
	// not the caller's domain id. Simulator's choice.
	ErrCodeTemplateForbidden = "DEVPIPE.00011104"
	// TemplateSecretMask replaces the value of secret variables in template
	// details. Simulator's choice: the docs do not say how secret values are
	// returned; clients must not read them back.
	TemplateSecretMask = "******"
	// TemplateNameMax is the template name limit. Simulator's choice (the
	// docs give 128 for pipeline names, none for templates).
	TemplateNameMax = 128
	// TemplateDescriptionMax bounds descriptions. Simulator's choice.
	TemplateDescriptionMax = 1024
	// TemplateListLimitMax is the largest list page. Simulator's choice
	// (the docs document only the default, 10).
	TemplateListLimitMax = 100
	// templateManifestVersion is the documented default manifest_version.
	templateManifestVersion = "3.0"
	// templateIcon is the icon of custom templates. Simulator's choice.
	templateIcon = "default"
)

var (
	templateLanguages     = []string{"java", "python", "nodejs", "go", "net", "cpp", "php", "other", "none"}
	templateVariableTypes = []string{"string", "enum", "autoIncrement"}
	// templateSortKeys are the sort keys the simulator accepts (choice).
	templateSortKeys      = []string{"name", "create_time", "update_time"}
	templateVarNameRegexp = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

// TemplateVariable is a CustomVariable as the simulator stores it.
type TemplateVariable struct {
	Name        string
	Sequence    int
	Type        string
	Value       string
	IsSecret    bool
	Description string
	IsRuntime   bool
	Limits      []string
}

// Template is a pipeline template as the simulator stores it.
type Template struct {
	ID           string
	Name         string
	Language     string
	Description  string
	IsSystem     bool
	DomainID     string
	Variables    []TemplateVariable
	CreatorID    string
	UpdaterID    string
	CreateTime   time.Time
	UpdateTime   time.Time
	IsCollect    bool
	IsShowSource bool
	Definition   string // stored exactly as sent (or as reformatted)
}

// templateStore is the templates module's state (state.tpl).
type templateStore struct {
	templates      map[string]*Template
	notFoundStatus int
	tasks          map[string]*templateTask
	taskOutcome    TemplateTaskOutcome
}

func seedTemplates(s *Server) {
	s.st.tpl = &templateStore{
		templates:      map[string]*Template{},
		notFoundStatus: http.StatusOK,
		tasks:          map[string]*templateTask{},
		taskOutcome:    defaultTemplateTaskOutcome,
	}
	base := time.Date(2023, 6, 1, 10, 0, 0, 0, codeArtsZone)
	for i, sys := range []struct{ name, lang string }{
		{"Maven build", "java"}, {"npm build", "nodejs"}, {"Go build", "go"}, {"Python package", "python"}, {"Blank template", "none"},
	} {
		id := seededID("template/system/" + sys.name)
		s.st.tpl.templates[id] = &Template{
			ID: id, Name: sys.name, Language: sys.lang, Description: "System template: " + sys.name,
			IsSystem: true, DomainID: "", CreatorID: "devcloud", UpdaterID: "devcloud",
			CreateTime: base.Add(time.Duration(i) * time.Hour), UpdateTime: base.Add(time.Duration(i) * time.Hour),
			IsShowSource: true,
			Definition:   `{"stages":[{"name":"Build","sequence":"0","jobs":[]},{"name":"Deploy","sequence":"1","jobs":[]}]}`,
		}
	}
}

func (s *Server) templateRoutes() {
	s.handle("POST /v5/{tenant_id}/api/pipeline-templates", svcPipeline, s.createTemplate)
	s.handle("GET /v5/{tenant_id}/api/pipeline-templates/{template_id}", svcPipeline, s.getTemplate)
	s.handle("PUT /v5/{tenant_id}/api/pipeline-templates/{template_id}", svcPipeline, s.updateTemplate)
	s.handle("DELETE /v5/{tenant_id}/api/pipeline-templates/{template_id}", svcPipeline, s.deleteTemplate)
	s.handle("POST /v5/{tenant_id}/api/pipeline-templates/list", svcPipeline, s.listTemplates)
	s.handle("POST /v5/{tenant_id}/api/pipeline-templates/{template_id}/favorite", svcPipeline, s.favoriteTemplate)
	s.templateTaskRoutes()
}

// ---- control methods for tests ----

// AddTemplate stores t (id, times and domain filled when empty) and returns
// the stored copy.
func (s *Server) AddTemplate(t Template) Template {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ID == "" {
		t.ID = randomHex(16)
	}
	if t.DomainID == "" && !t.IsSystem {
		t.DomainID = DemoDomainID
	}
	if t.CreateTime.IsZero() {
		t.CreateTime = now
	}
	if t.UpdateTime.IsZero() {
		t.UpdateTime = t.CreateTime
	}
	if t.CreatorID == "" {
		t.CreatorID = DemoUserID
	}
	if t.UpdaterID == "" {
		t.UpdaterID = t.CreatorID
	}
	c := t
	c.Variables = append([]TemplateVariable(nil), t.Variables...)
	s.st.tpl.templates[t.ID] = &c
	return t
}

// GetTemplate returns a copy of a stored template.
func (s *Server) GetTemplate(id string) (Template, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.st.tpl.templates[id]
	if !ok {
		return Template{}, false
	}
	c := *t
	c.Variables = append([]TemplateVariable(nil), t.Variables...)
	return c, true
}

// Templates returns copies of the custom (non-system) templates, oldest first.
func (s *Server) Templates() []Template {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Template
	for _, t := range s.st.tpl.templates {
		if !t.IsSystem {
			out = append(out, *t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].CreateTime.Before(out[j].CreateTime) || out[i].CreateTime.Equal(out[j].CreateTime) && out[i].ID < out[j].ID
	})
	return out
}

// DeleteTemplate removes a template out of band (drift tests); it reports
// whether it existed.
func (s *Server) DeleteTemplate(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.st.tpl.templates[id]
	delete(s.st.tpl.templates, id)
	return ok
}

// ReformatTemplateDefinition rewrites a stored definition as the service
// might: indented, with every object's keys in reverse order. The JSON
// value is unchanged. It reports whether the template exists.
func (s *Server) ReformatTemplateDefinition(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.st.tpl.templates[id]
	if !ok {
		return false
	}
	t.Definition = reformattedJSON(t.Definition)
	return true
}

// reformattedJSON rewrites a JSON document as the service might: indented,
// with every object's keys in reverse order. The JSON value is unchanged;
// a document that does not parse is returned as is.
func reformattedJSON(doc string) string {
	var v any
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return doc
	}
	var b bytes.Buffer
	writeReordered(&b, v, "")
	return b.String()
}

func writeReordered(b *bytes.Buffer, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Sort(sort.Reverse(sort.StringSlice(keys)))
		b.WriteString("{\n")
		for i, k := range keys {
			kb, _ := json.Marshal(k)
			b.WriteString(indent + "    ")
			b.Write(kb)
			b.WriteString(" : ")
			writeReordered(b, x[k], indent+"    ")
			if i < len(keys)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(indent + "}")
	case []any:
		b.WriteString("[ ")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeReordered(b, e, indent)
		}
		b.WriteString(" ]")
	default:
		eb, _ := json.Marshal(x)
		b.Write(eb)
	}
}

// SetTemplateNotFoundStatus sets the HTTP status that carries
// DEVPIPE.00011203 (the docs show it with 200 and 404). Default 200.
func (s *Server) SetTemplateNotFoundStatus(status int) {
	s.locked(func(st *state) { st.tpl.notFoundStatus = status })
}

// ---- wire shapes ----

// templateDTORequest is PipelineTemplateDto as received: pointers mark the
// required fields so a missing one is told from a zero value.
type templateDTORequest struct {
	Name         *string                  `json:"name"`
	Description  string                   `json:"description"`
	Language     *string                  `json:"language"`
	Variables    []templateVariableRecord `json:"variables"`
	Definition   *string                  `json:"definition"`
	IsSystem     *bool                    `json:"is_system"`
	DomainID     *string                  `json:"domain_id"`
	IsShowSource *bool                    `json:"is_show_source"`
}

// templateVariableRecord is CustomVariable on the wire.
type templateVariableRecord struct {
	PipelineID   string   `json:"pipeline_id"`
	Name         string   `json:"name"`
	Sequence     int      `json:"sequence"`
	Type         string   `json:"type"`
	Value        string   `json:"value"`
	IsSecret     bool     `json:"is_secret"`
	Description  string   `json:"description"`
	IsRuntime    bool     `json:"is_runtime"`
	Limits       []string `json:"limits"`
	IsReset      bool     `json:"is_reset"`
	LatestValue  string   `json:"latest_value"`
	RuntimeValue string   `json:"runtime_value"`
}

// templateDetail is the GET detail response ([D] GetPipelineTemplateDetail).
type templateDetail struct {
	ID              string                   `json:"id"`
	Name            string                   `json:"name"`
	Icon            string                   `json:"icon"`
	ManifestVersion string                   `json:"manifest_version"`
	Language        string                   `json:"language"`
	Description     string                   `json:"description"`
	IsSystem        bool                     `json:"is_system"`
	Region          string                   `json:"region"`
	DomainID        string                   `json:"domain_id"`
	Variables       []templateVariableRecord `json:"variables"`
	CreatorID       string                   `json:"creator_id"`
	UpdaterID       string                   `json:"updater_id"`
	CreateTime      int64                    `json:"create_time"`
	UpdateTime      int64                    `json:"update_time"`
	IsCollect       string                   `json:"is_collect"`
	IsShowSource    bool                     `json:"is_show_source"`
	Definition      string                   `json:"definition"`
}

type templateStageItem struct {
	Name     string `json:"name"`
	Sequence int    `json:"sequence"`
}

// templateSimpleVo is a list item (PipelineTemplateSimpleVo).
type templateSimpleVo struct {
	ID              string              `json:"id"`
	Name            string              `json:"name"`
	Icon            string              `json:"icon"`
	ManifestVersion string              `json:"manifest_version"`
	Language        string              `json:"language"`
	Description     string              `json:"description"`
	IsSystem        bool                `json:"is_system"`
	Region          string              `json:"region"`
	DomainID        string              `json:"domain_id"`
	CreatorID       string              `json:"creator_id"`
	CreatorName     string              `json:"creator_name"`
	UpdaterID       string              `json:"updater_id"`
	IsCollect       bool                `json:"is_collect"`
	IsShowSource    string              `json:"is_show_source"`
	Stages          []templateStageItem `json:"stages"`
}

func (t *Template) detail() templateDetail {
	d := templateDetail{
		ID: t.ID, Name: t.Name, Icon: templateIcon, ManifestVersion: templateManifestVersion, Language: t.Language,
		Description: t.Description, IsSystem: t.IsSystem, Region: DemoRegion, DomainID: t.DomainID,
		Variables: variableRecords(t.Variables), CreatorID: t.CreatorID, UpdaterID: t.UpdaterID,
		CreateTime: t.CreateTime.UnixMilli(), UpdateTime: t.UpdateTime.UnixMilli(),
		IsCollect: strconv.FormatBool(t.IsCollect), IsShowSource: t.IsShowSource, Definition: t.Definition,
	}
	return d
}

// stages lists the definition's stages (name, sequence); sequence may be a
// number or a numeric string in definitions (reference example uses "0").
func (t *Template) stages() []templateStageItem {
	var def struct {
		Stages []struct {
			Name     string          `json:"name"`
			Sequence json.RawMessage `json:"sequence"`
		} `json:"stages"`
	}
	out := []templateStageItem{}
	if json.Unmarshal([]byte(t.Definition), &def) != nil {
		return out
	}
	for i, st := range def.Stages {
		seq := i
		raw := strings.Trim(string(st.Sequence), `"`)
		if n, err := strconv.Atoi(raw); err == nil {
			seq = n
		}
		out = append(out, templateStageItem{Name: st.Name, Sequence: seq})
	}
	return out
}

// ---- handlers ----

// templateTenant checks the path tenant against the caller's domain.
func templateTenant(w http.ResponseWriter, r *http.Request) (string, bool) {
	tenant := r.PathValue("tenant_id")
	if p := principalFrom(r); p.DomainID != "" && tenant != p.DomainID {
		writeCodeArtsError(w, http.StatusForbidden, ErrCodeTemplateForbidden,
			fmt.Sprintf("tenant %s is not the domain of the caller", tenant))
		return "", false
	}
	return tenant, true
}

func templateInvalid(w http.ResponseWriter, msg string) {
	writeCodeArtsError(w, http.StatusBadRequest, ErrCodePipelineInvalidParam, msg)
}

// validateTemplateDTO checks a create/update body; it returns the fields to
// store or an error message.
func validateTemplateDTO(req templateDTORequest, tenant string) (Template, string) {
	var t Template
	switch {
	case req.Name == nil || strings.TrimSpace(*req.Name) == "":
		return t, "name is required"
	case utf8.RuneCountInString(*req.Name) > TemplateNameMax:
		return t, fmt.Sprintf("name must be at most %d characters", TemplateNameMax)
	case req.Language == nil || *req.Language == "":
		return t, "language is required"
	case !contains(templateLanguages, *req.Language):
		return t, fmt.Sprintf("language %q is invalid: allowed values are %s", *req.Language, strings.Join(templateLanguages, ", "))
	case req.Definition == nil || *req.Definition == "":
		return t, "definition is required"
	case !json.Valid([]byte(*req.Definition)):
		return t, "definition is not valid JSON"
	case req.IsSystem == nil:
		return t, "is_system is required"
	case *req.IsSystem:
		return t, "only custom templates can be created (is_system must be false)"
	case req.DomainID == nil || *req.DomainID == "":
		return t, "domain_id is required"
	case *req.DomainID != tenant:
		return t, "domain_id must be the tenant id of the path"
	case req.IsShowSource == nil:
		return t, "is_show_source is required"
	case utf8.RuneCountInString(req.Description) > TemplateDescriptionMax:
		return t, fmt.Sprintf("description must be at most %d characters", TemplateDescriptionMax)
	}
	var def map[string]json.RawMessage
	if json.Unmarshal([]byte(*req.Definition), &def) != nil {
		return t, "definition must be a JSON object"
	}
	vars, msg := validateVariableRecords(req.Variables)
	if msg != "" {
		return t, msg
	}
	t.Variables = vars
	t.Name, t.Language, t.Description, t.Definition = *req.Name, *req.Language, req.Description, *req.Definition
	t.IsShowSource, t.DomainID = *req.IsShowSource, tenant
	return t, ""
}

// validateVariableRecords checks CustomVariable records (templates and
// pipelines share them) and returns them sorted by sequence, or an error
// message.
func validateVariableRecords(recs []templateVariableRecord) ([]TemplateVariable, string) {
	var out []TemplateVariable
	seen := map[string]bool{}
	for i, v := range recs {
		at := fmt.Sprintf("variables[%d]", i)
		switch {
		case v.Name == "":
			return nil, at + ".name is required"
		case len(v.Name) > 128 || !templateVarNameRegexp.MatchString(v.Name):
			return nil, at + ".name must be 1-128 letters, digits or underscores"
		case seen[v.Name]:
			return nil, fmt.Sprintf("%s.name %q is duplicated", at, v.Name)
		case v.Sequence < 1:
			return nil, at + ".sequence must start from 1"
		case !contains(templateVariableTypes, v.Type):
			return nil, fmt.Sprintf("%s.type %q is invalid: allowed values are string, enum, autoIncrement", at, v.Type)
		case utf8.RuneCountInString(v.Value) > 8192:
			return nil, at + ".value must be at most 8192 characters"
		case utf8.RuneCountInString(v.Description) > 1024:
			return nil, at + ".description must be at most 1024 characters"
		}
		for _, l := range v.Limits {
			if utf8.RuneCountInString(l) > 1024 {
				return nil, at + ".limits values must be at most 1024 characters"
			}
		}
		seen[v.Name] = true
		out = append(out, TemplateVariable{Name: v.Name, Sequence: v.Sequence, Type: v.Type, Value: v.Value,
			IsSecret: v.IsSecret, Description: v.Description, IsRuntime: v.IsRuntime, Limits: append([]string(nil), v.Limits...)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Sequence < out[j].Sequence })
	return out, ""
}

// variableRecords renders stored variables for a detail: secret values are
// masked, limits are never null.
func variableRecords(vars []TemplateVariable) []templateVariableRecord {
	out := []templateVariableRecord{}
	for _, v := range vars {
		value := v.Value
		if v.IsSecret && value != "" {
			value = TemplateSecretMask
		}
		limits := v.Limits
		if limits == nil {
			limits = []string{}
		}
		out = append(out, templateVariableRecord{Name: v.Name, Sequence: v.Sequence, Type: v.Type,
			Value: value, IsSecret: v.IsSecret, Description: v.Description, IsRuntime: v.IsRuntime, Limits: limits})
	}
	return out
}

func (s *Server) decodeTemplateDTO(w http.ResponseWriter, r *http.Request, tenant string) (Template, bool) {
	var req templateDTORequest
	if err := decodeJSON(r, &req); err != nil {
		templateInvalid(w, "Invalid request body: "+err.Error())
		return Template{}, false
	}
	t, msg := validateTemplateDTO(req, tenant)
	if msg != "" {
		templateInvalid(w, msg)
		return Template{}, false
	}
	return t, true
}

func (s *Server) createTemplate(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	t, ok := s.decodeTemplateDTO(w, r, tenant)
	if !ok {
		return
	}
	now := s.clock.Now()
	user := principalFrom(r).UserID
	t.ID = randomHex(16)
	t.CreatorID, t.UpdaterID = user, user
	t.CreateTime, t.UpdateTime = now, now
	s.locked(func(st *state) { st.tpl.templates[t.ID] = &t })
	writeJSON(w, http.StatusOK, map[string]string{"templateId": t.ID})
}

// lookupTemplate finds a template the tenant may see, or writes not-found.
func (s *Server) lookupTemplate(w http.ResponseWriter, r *http.Request, tenant string, fn func(st *state, t *Template)) bool {
	id := r.PathValue("template_id")
	found := false
	status := http.StatusOK
	s.locked(func(st *state) {
		status = st.tpl.notFoundStatus
		t, ok := st.tpl.templates[id]
		if ok && (t.IsSystem || t.DomainID == tenant) {
			found = true
			fn(st, t)
		}
	})
	if !found {
		writeCodeArtsError(w, status, ErrCodeTemplateNotFound, "The pipeline template does not exist: "+id)
	}
	return found
}

func (s *Server) getTemplate(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	var d templateDetail
	if s.lookupTemplate(w, r, tenant, func(_ *state, t *Template) { d = t.detail() }) {
		writeJSON(w, http.StatusOK, d)
	}
}

func (s *Server) updateTemplate(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	nt, ok := s.decodeTemplateDTO(w, r, tenant)
	if !ok {
		return
	}
	now := s.clock.Now()
	system := false
	if !s.lookupTemplate(w, r, tenant, func(_ *state, t *Template) {
		if t.IsSystem {
			system = true
			return
		}
		t.Name, t.Language, t.Description, t.Definition = nt.Name, nt.Language, nt.Description, nt.Definition
		t.Variables, t.IsShowSource = nt.Variables, nt.IsShowSource
		t.UpdaterID, t.UpdateTime = principalFrom(r).UserID, now
	}) {
		return
	}
	if system {
		templateInvalid(w, "system templates cannot be edited")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"templateId": r.PathValue("template_id")})
}

func (s *Server) deleteTemplate(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	system := false
	if !s.lookupTemplate(w, r, tenant, func(st *state, t *Template) {
		if t.IsSystem {
			system = true
			return
		}
		delete(st.tpl.templates, t.ID)
	}) {
		return
	}
	if system {
		templateInvalid(w, "system templates cannot be deleted")
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"templateId": r.PathValue("template_id")})
}

func (s *Server) favoriteTemplate(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	flag, err := strconv.ParseBool(r.URL.Query().Get("flag"))
	if err != nil || (r.URL.Query().Get("flag") != "true" && r.URL.Query().Get("flag") != "false") {
		templateInvalid(w, "flag must be true or false")
		return
	}
	if s.lookupTemplate(w, r, tenant, func(_ *state, t *Template) { t.IsCollect = flag }) {
		// The response body is not documented (the reference only error-checks
		// it): the simulator answers an empty object.
		writeJSON(w, http.StatusOK, map[string]any{})
	}
}

type listTemplatesRequest struct {
	Language string `json:"language"`
	IsSystem *bool  `json:"is_system"`
	Name     string `json:"name"`
	Offset   *int64 `json:"offset"`
	Limit    *int64 `json:"limit"`
	SortKey  string `json:"sort_key"`
	SortDir  string `json:"sort_dir"`
}

func (s *Server) listTemplates(w http.ResponseWriter, r *http.Request) {
	tenant, ok := templateTenant(w, r)
	if !ok {
		return
	}
	var req listTemplatesRequest
	if err := decodeJSON(r, &req); err != nil && err != errEmptyBody {
		templateInvalid(w, "Invalid request body: "+err.Error())
		return
	}
	offset, limit := int64(0), int64(10)
	if req.Offset != nil {
		if *req.Offset < 0 {
			templateInvalid(w, "offset must be an integer >= 0")
			return
		}
		offset = *req.Offset
	}
	if req.Limit != nil {
		if *req.Limit < 1 || *req.Limit > TemplateListLimitMax {
			templateInvalid(w, fmt.Sprintf("limit must be an integer in [1, %d]", TemplateListLimitMax))
			return
		}
		limit = *req.Limit
	}
	if req.Language != "" && !contains(templateLanguages, req.Language) {
		templateInvalid(w, fmt.Sprintf("language %q is invalid: allowed values are %s", req.Language, strings.Join(templateLanguages, ", ")))
		return
	}
	sortKey := "create_time"
	if req.SortKey != "" {
		if !contains(templateSortKeys, req.SortKey) {
			templateInvalid(w, fmt.Sprintf("sort_key %q is invalid: allowed values are %s", req.SortKey, strings.Join(templateSortKeys, ", ")))
			return
		}
		sortKey = req.SortKey
	}
	desc := true
	switch strings.ToLower(req.SortDir) {
	case "", "desc":
	case "asc":
		desc = false
	default:
		templateInvalid(w, fmt.Sprintf("sort_dir %q is invalid: allowed values are asc, desc", req.SortDir))
		return
	}
	name := strings.ToLower(req.Name)

	var matched []Template
	users := map[string]string{}
	s.locked(func(st *state) {
		for _, t := range st.tpl.templates {
			switch {
			case !t.IsSystem && t.DomainID != tenant:
			case req.IsSystem != nil && t.IsSystem != *req.IsSystem:
			case req.Language != "" && t.Language != req.Language:
			case name != "" && !strings.Contains(strings.ToLower(t.Name), name):
			default:
				matched = append(matched, *t)
			}
		}
		for k, v := range st.codeartsUsers {
			users[k] = v
		}
	})
	sort.SliceStable(matched, func(i, j int) bool {
		a, b := matched[i], matched[j]
		var cmp int
		switch sortKey {
		case "name":
			cmp = strings.Compare(a.Name, b.Name)
		case "update_time":
			cmp = a.UpdateTime.Compare(b.UpdateTime)
		default:
			cmp = a.CreateTime.Compare(b.CreateTime)
		}
		if cmp == 0 {
			cmp = strings.Compare(a.ID, b.ID)
		}
		if desc {
			return cmp > 0
		}
		return cmp < 0
	})
	resp := struct {
		Offset    int64              `json:"offset"`
		Limit     int64              `json:"limit"`
		Total     int                `json:"total"`
		Templates []templateSimpleVo `json:"templates"`
	}{Offset: offset, Limit: limit, Total: len(matched), Templates: []templateSimpleVo{}}
	for i := offset; i < int64(len(matched)) && i < offset+limit; i++ {
		t := matched[i]
		resp.Templates = append(resp.Templates, templateSimpleVo{
			ID: t.ID, Name: t.Name, Icon: templateIcon, ManifestVersion: templateManifestVersion, Language: t.Language,
			Description: t.Description, IsSystem: t.IsSystem, Region: DemoRegion, DomainID: t.DomainID,
			CreatorID: t.CreatorID, CreatorName: users[t.CreatorID], UpdaterID: t.UpdaterID,
			IsCollect: t.IsCollect, IsShowSource: strconv.FormatBool(t.IsShowSource), Stages: t.stages(),
		})
	}
	writeJSON(w, http.StatusOK, resp)
}
