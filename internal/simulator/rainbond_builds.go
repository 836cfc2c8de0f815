package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Rainbond component builds, component events and event logs
// (Rainbond console OpenAPI: the "build components" page and the component events API):
//
//	POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build
//	GET  /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/events
//	GET  /openapi/v1/teams/{team_id}/regions/{region_name}/events/{event_id}/logs
//
// Every route resolves its path like the console's TeamAPIView /
// TeamAppServiceAPIView (openapi/views/base.py), in this order: team (by
// tenant_id or tenant_name, in the token user's enterprise) → 404 "no found
// team"; region (an enterprise region) → 404 code 3000; team opened in the
// region → 409 code 2001; app (integer id, same team and region) → 404 "no
// found app"; component (service_id or service_alias, same team and region)
// → 404 "no found component"; component in that app → 404 "component not
// belong to this app".
//
// A build event moves like the region's: the row is created when the build
// is accepted (optionally listed only some polls / some time later, as with
// the source-scan plugin), final_status "" while running, optionally
// "timeout" (not final), then "complete" with status success|failure|timeout.
// On success a second event, opt_type "upgrade", user_name "", rolls the
// component out (build_upgrade defaults to true), unless the outcome says
// NoRollout. A build is refused with 409 "操作过于频繁，请稍后再试" while the
// component's newest event is unfinished and younger than 3 minutes; an
// older unfinished one is marked final_status "timeout" and the build is
// accepted (region api/util/events.go CanDoEvent/checkTimeout).

func init() {
	registerModule(module{name: "rainbond-builds", seed: seedRainbondBuilds, routes: (*Server).rainbondBuildRoutes, env: rainbondBuildsEnv})
}

// Extra seeded Rainbond objects.
const (
	// DemoRainbondOtherRegion is a region of the enterprise that the demo
	// team has NOT opened: team-scoped calls there get 409 code 2001.
	DemoRainbondOtherRegion = "rainbond-edge"
	// DemoRainbondImageAppID is a second app of the demo team holding one
	// image component (DemoRainbondImageServiceID).
	DemoRainbondImageAppID        = 2
	DemoRainbondImageAppName      = "demo-images"
	DemoRainbondImageServiceID    = "5c4f1d2e8a9b3c7d6e0f1a2b3c4d5e6f"
	DemoRainbondImageServiceAlias = "gr5c4f1d"
	DemoRainbondImageServiceCname = "demo-nginx"
)

// Simulator choices where the references are silent (clients must not depend
// on them).
const (
	// RainbondCodeNoResources is the body code of the simulated 412.
	RainbondCodeNoResources = 10406
	// rainbondTooFrequentWindow: an unfinished event younger than this blocks
	// new operations (region util.CanDoEvent: 3 minutes).
	rainbondTooFrequentWindow = 3 * time.Minute
	// rainbondDefaultPageSize is used when page_size is missing or < 1
	// (the console's default is 10).
	rainbondDefaultPageSize = 10
)

// rainbondZone is the console's zone (settings.TIME_ZONE Asia/Shanghai).
var rainbondZone = time.FixedZone("CST", 8*3600)

// RainbondBuildOutcome says how the next builds of a component go. Zero
// fields take the defaults noted.
type RainbondBuildOutcome struct {
	// Status is the event's final status: "success" (default), "failure"
	// or "timeout".
	Status string
	// Duration from acceptance to completion (default 2s, on the simulator clock).
	Duration time.Duration
	// CompleteAfterPolls additionally holds completion until the row has
	// been returned (unfinished) by this many events-list reads; the next
	// read shows it complete.
	CompleteAfterPolls int
	// RowDelayPolls hides the new row from this many events-list reads of
	// the component after acceptance (the row "appears late").
	RowDelayPolls int
	// RowDelay hides the new row until this long after acceptance.
	RowDelay time.Duration
	// TimeoutAfter, when > 0 and shorter than Duration, sets final_status
	// "timeout" (status still "") this long after acceptance; completion
	// later overwrites it with "complete".
	TimeoutAfter time.Duration
	// LogLines are the build log (default: a few lines ending in
	// "Build success" / "Build failed"). While running, a share of them
	// proportional to the elapsed time is returned.
	LogLines []string
	// Message is the event's message on completion (default "" on success,
	// "build failed" on failure, "build timeout" on timeout).
	Message string
	// NoRollout: no "upgrade" event after a successful build
	// (component build_upgrade=false).
	NoRollout bool
	// RolloutDuration of the "upgrade" event (default 1s).
	RolloutDuration time.Duration
}

func (o RainbondBuildOutcome) withDefaults() RainbondBuildOutcome {
	if o.Status == "" {
		o.Status = "success"
	}
	if o.Duration <= 0 {
		o.Duration = 2 * time.Second
	}
	if o.RolloutDuration <= 0 {
		o.RolloutDuration = time.Second
	}
	if o.Message == "" && o.Status != "success" {
		o.Message = "build " + map[string]string{"failure": "failed", "timeout": "timeout"}[o.Status]
	}
	return o
}

// RainbondEvent is a component event as tests see or seed it.
type RainbondEvent struct {
	EventID     string // generated when empty
	OptType     string // default "build-service"
	Status      string
	FinalStatus string
	Message     string
	UserName    string
	StartTime   time.Time // default: the simulator clock
	EndTime     time.Time // zero = "" (unfinished)
}

// RainbondComponentSource is a component's stored build source.
type RainbondComponentSource struct {
	ServiceSource string
	GitURL        string
	CodeVersion   string
	Image         string
	// UserName and Password of the service_source record; nil = None.
	UserName, Password *string
}

type rbEvent struct {
	seq                                                          int
	EventID, TenantID, ServiceID, OptType, UserName, RequestBody string
	Status, FinalStatus, Message                                 string
	Start, End                                                   time.Time
	run                                                          *rbRun
}

type rbRun struct {
	outcome   RainbondBuildOutcome
	accepted  time.Time
	hidePolls int
	seenPolls int
	logs      []string
	rollout   bool
	done      bool
}

type rbSource struct{ user, password *string }

type rainbondBuildState struct {
	regions     map[string]bool // the enterprise's regions
	seq         int
	events      []*rbEvent
	outcomes    map[string]RainbondBuildOutcome // by service_id
	accepted    map[string]int
	tooFrequent int
	buildErrors map[string][]int // service_id -> queued HTTP statuses
	camel       bool
	sources     map[string]*rbSource
}

func seedRainbondBuilds(s *Server) {
	st := s.st
	b := &rainbondBuildState{
		regions:     map[string]bool{DemoRainbondRegion: true, DemoRainbondOtherRegion: true},
		outcomes:    map[string]RainbondBuildOutcome{},
		accepted:    map[string]int{},
		buildErrors: map[string][]int{},
		sources:     map[string]*rbSource{},
	}
	st.rainbondBuilds = b
	for _, t := range st.rainbondTeams {
		if t.TenantID != DemoRainbondTeamID {
			continue
		}
		t.Apps = append(t.Apps, &rainbondApp{
			ID: DemoRainbondImageAppID, Name: DemoRainbondImageAppName, RegionName: DemoRainbondRegion,
			Components: []*rainbondComponent{{
				ServiceID: DemoRainbondImageServiceID, ServiceAlias: DemoRainbondImageServiceAlias,
				ServiceCname: DemoRainbondImageServiceCname, ServiceSource: "docker_image",
				CreateStatus: "complete", Image: "nginx:1.27",
			}},
		})
		for _, a := range t.Apps {
			for _, c := range a.Components {
				b.sources[c.ServiceID] = &rbSource{}
			}
		}
	}
	// History of the demo component: an older failed build, then a build
	// and its rollout.
	base := time.Date(2024, 5, 1, 10, 0, 0, 0, rainbondZone)
	for _, e := range []RainbondEvent{
		{EventID: "9b0c5a4e2f3d4c1b8a7e6d5c4b3a2910", OptType: "build-service", Status: "failure", FinalStatus: "complete", Message: "build failed", UserName: DemoRainbondUserName, StartTime: base, EndTime: base.Add(95 * time.Second)},
		{EventID: "3f2e1d0c9b8a47563e2d1c0b9a887766", OptType: "build-service", Status: "success", FinalStatus: "complete", UserName: DemoRainbondUserName, StartTime: base.Add(time.Hour), EndTime: base.Add(time.Hour + 130*time.Second)},
		{EventID: "c1d2e3f4a5b6478899aabbccddeeff00", OptType: "upgrade", Status: "success", FinalStatus: "complete", StartTime: base.Add(time.Hour + 130*time.Second), EndTime: base.Add(time.Hour + 150*time.Second)},
	} {
		b.addEvent(DemoRainbondTeamID, DemoRainbondServiceID, e, base)
	}
}

func rainbondBuildsEnv(_ *Server, _ string) []EnvVar {
	return []EnvVar{
		{"CICD_DEMO_RAINBOND_IMAGE_APP_ID", strconv.Itoa(DemoRainbondImageAppID)},
		{"CICD_DEMO_RAINBOND_IMAGE_SERVICE_ID", DemoRainbondImageServiceID},
	}
}

func (b *rainbondBuildState) addEvent(tenantID, serviceID string, e RainbondEvent, now time.Time) *rbEvent {
	b.seq++
	if e.EventID == "" {
		e.EventID = randomHex(16)
	}
	if e.OptType == "" {
		e.OptType = "build-service"
	}
	if e.StartTime.IsZero() {
		e.StartTime = now
	}
	ev := &rbEvent{seq: b.seq, EventID: e.EventID, TenantID: tenantID, ServiceID: serviceID, OptType: e.OptType,
		UserName: e.UserName, Status: e.Status, FinalStatus: e.FinalStatus, Message: e.Message, Start: e.StartTime, End: e.EndTime}
	b.events = append(b.events, ev)
	return ev
}

func (s *Server) rainbondBuildRoutes() {
	const svc = "/openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}"
	s.handle("POST "+svc+"/build", svcRainbond, s.rainbondBuild)
	s.handle("GET "+svc+"/events", svcRainbond, s.rainbondComponentEvents)
	s.handle("GET /openapi/v1/teams/{team_id}/regions/{region_name}/events/{event_id}/logs", svcRainbond, s.rainbondEventLogs)
}

// ---- path resolution ----

type rbScope struct {
	team *rainbondTeam
	app  *rainbondApp
	comp *rainbondComponent
}

// rainbondResolve resolves the path like the console's view initial()
// methods and writes the error response when it fails. Call with s.mu held.
func (s *Server) rainbondResolve(w http.ResponseWriter, r *http.Request, st *state, withComponent bool) (rbScope, bool) {
	var sc rbScope
	u := principalFrom(r).Rainbond
	teamID, region := r.PathValue("team_id"), r.PathValue("region_name")
	for _, t := range st.rainbondTeams {
		if t.EnterpriseID == u.EnterpriseID && (t.TenantID == teamID || t.TenantName == teamID) {
			sc.team = t
			break
		}
	}
	if sc.team == nil {
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "no found team", "团队不存在")
		return sc, false
	}
	if !st.rainbondBuilds.regions[region] {
		writeRainbondError(w, http.StatusNotFound, 3000, "the region is not found", "集群不存在")
		return sc, false
	}
	opened := false
	for _, rg := range sc.team.Regions {
		opened = opened || rg == region
	}
	if !opened {
		writeRainbondError(w, http.StatusConflict, 2001, "the team is not opened in this region", "团队未开通该集群")
		return sc, false
	}
	if !withComponent {
		return sc, true
	}
	appID, err := strconv.Atoi(r.PathValue("app_id"))
	if err != nil || appID < 0 {
		// The console's URL pattern for app_id is [\d\-]+: nothing routes.
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "Not found.", "Not found.")
		return sc, false
	}
	for _, a := range sc.team.Apps {
		if a.ID == appID && a.RegionName == region {
			sc.app = a
		}
	}
	if sc.app == nil {
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "no found app", "应用不存在")
		return sc, false
	}
	sid := r.PathValue("service_id")
	var owner *rainbondApp
	for _, by := range []func(*rainbondComponent) bool{
		func(c *rainbondComponent) bool { return c.ServiceID == sid },
		func(c *rainbondComponent) bool { return c.ServiceAlias == sid },
	} {
		for _, a := range sc.team.Apps {
			for _, c := range a.Components {
				if sc.comp == nil && a.RegionName == region && by(c) {
					sc.comp, owner = c, a
				}
			}
		}
	}
	if sc.comp == nil {
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "no found component", "组件不存在")
		return sc, false
	}
	if owner != sc.app {
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "component not belong to this app", "组件不属于指定应用")
		return sc, false
	}
	return sc, true
}

// ---- build ----

var (
	rbBuildTypes  = map[string]bool{"source_code": true, "docker_image": true, "market": true}
	rbServerTypes = map[string]bool{"svn": true, "git": true, "oss": true}
	rbCharLimits  = map[string]int{"branch": 255, "repo_url": 1024, "username": 255, "password": 255}
)

// rbBuildInfo is ComponentBuildReqSerializers' validated_data: a key is
// present when sent (nil = null); branch defaults to "master".
type rbBuildInfo map[string]*string

// validateRainbondBuild is ComponentBuildReqSerializers.is_valid with DRF's
// (English) messages.
func validateRainbondBuild(raw map[string]json.RawMessage) (rbBuildInfo, map[string][]string) {
	info := rbBuildInfo{}
	errs := map[string][]string{}
	for _, field := range []string{"build_type", "server_type", "branch", "repo_url", "username", "password"} {
		v, ok := raw[field]
		if !ok {
			continue
		}
		if string(v) == "null" {
			info[field] = nil
			continue
		}
		var val string
		var str string
		switch err := json.Unmarshal(v, &str); {
		case err == nil:
			val = str
		case len(v) > 0 && (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')):
			val = string(v) // DRF CharField accepts numbers
		default:
			if field == "build_type" || field == "server_type" {
				errs[field] = append(errs[field], fmt.Sprintf("\"%s\" is not a valid choice.", v))
			} else {
				errs[field] = append(errs[field], "Not a valid string.")
			}
			continue
		}
		switch field {
		case "build_type", "server_type":
			choices := rbBuildTypes
			if field == "server_type" {
				choices = rbServerTypes
			}
			if !choices[val] {
				errs[field] = append(errs[field], fmt.Sprintf("\"%s\" is not a valid choice.", val))
				continue
			}
		default:
			val = strings.TrimSpace(val) // CharField trim_whitespace
			if val == "" {
				errs[field] = append(errs[field], "This field may not be blank.")
				continue
			}
			if n := len([]rune(val)); n > rbCharLimits[field] {
				errs[field] = append(errs[field], fmt.Sprintf("Ensure this field has no more than %d characters.", rbCharLimits[field]))
				continue
			}
		}
		info[field] = &val
	}
	if _, ok := raw["branch"]; !ok {
		master := "master"
		info["branch"] = &master
	}
	return info, errs
}

// rainbondBuild is ComponentBuildView.post → component_build → deploy →
// region /build (goodrain/rainbond-console). 200 {"event_id": "..."} (bare).
func (s *Server) rainbondBuild(w http.ResponseWriter, r *http.Request) {
	raw := map[string]json.RawMessage{}
	if err := decodeJSON(r, &raw); err != nil && !errors.Is(err, errEmptyBody) {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			writeRainbondValidation(w, map[string][]string{"non_field_errors": {"Invalid data. Expected a dictionary, but got " + ute.Value + "."}})
			return
		}
		writeRainbondAPIException(w, http.StatusBadRequest, "ParseError", "JSON parse error - "+err.Error())
		return
	}
	info, verrs := validateRainbondBuild(raw)
	if len(verrs) > 0 {
		writeRainbondValidation(w, verrs)
		return
	}
	u := principalFrom(r).Rainbond
	type failure struct {
		status, code int
		msg, show    string
	}
	var (
		fail    *failure
		eventID string
	)
	ok := true
	s.locked(func(st *state) {
		sc, found := s.rainbondResolve(w, r, st, true)
		if !found {
			ok = false
			return
		}
		b, c := st.rainbondBuilds, sc.comp
		if c.CreateStatus != "complete" {
			fail = &failure{400, 400, "component create status is " + c.CreateStatus, "组件未完成创建，禁止构建"}
			return
		}
		// The source is saved before the region is called, so it persists
		// even when the build is then refused.
		if repo := info["repo_url"]; repo != nil && *repo != "" {
			switch c.ServiceSource {
			case "source_code":
				c.GitURL = *repo
				c.CodeVersion = ""
				if br := info["branch"]; br != nil {
					c.CodeVersion = *br
				}
			case "docker_run", "docker_compose", "docker_image":
				c.Image = *repo
			}
			if src := b.sources[c.ServiceID]; src != nil {
				src.user, src.password = info["username"], info["password"]
			}
		}
		now := s.clock.Now()
		b.advance(now)
		if b.tooFrequent > 0 {
			b.tooFrequent--
			fail = &failure{409, 409, "操作过于频繁，请稍后再试", "操作过于频繁，请稍后再试"}
			return
		}
		if latest := b.latest(c.ServiceID); latest != nil && latest.FinalStatus == "" {
			if now.Sub(latest.Start) < rainbondTooFrequentWindow {
				fail = &failure{409, 409, "操作过于频繁，请稍后再试", "操作过于频繁，请稍后再试"}
				return
			}
			latest.FinalStatus = "timeout" // checkTimeout
		}
		if q := b.buildErrors[c.ServiceID]; len(q) > 0 {
			b.buildErrors[c.ServiceID] = q[1:]
			switch q[0] {
			case http.StatusPreconditionFailed:
				fail = &failure{412, RainbondCodeNoResources, "cluster resource not enough", "集群资源不足"}
			case http.StatusInternalServerError:
				fail = &failure{500, 10401, "version already exists", ""}
			default:
				fail = &failure{q[0], q[0], "构建异常", "构建异常"}
			}
			return
		}
		o := b.outcomeFor(c.ServiceID).withDefaults()
		ev := b.addEvent(sc.team.TenantID, c.ServiceID, RainbondEvent{OptType: "build-service", UserName: u.NickName}, now)
		ev.run = &rbRun{outcome: o, accepted: now, hidePolls: o.RowDelayPolls, logs: o.LogLines, rollout: !o.NoRollout}
		if ev.run.logs == nil {
			ev.run.logs = defaultRainbondBuildLog(c, o.Status)
		}
		b.accepted[c.ServiceID]++
		eventID = ev.EventID
	})
	switch {
	case !ok:
	case fail != nil && fail.status == 500:
		writeJSON(w, 500, map[string]any{"code": fail.code, "msg": fail.msg, "msg_show": "Traceback (most recent call last):\nErrVersionAlreadyExists: " + fail.msg,
			"error_type": "ErrVersionAlreadyExists", "error_trace": "Traceback (most recent call last):\n", "error_details": fail.msg})
	case fail != nil:
		writeRainbondError(w, fail.status, fail.code, fail.msg, fail.show)
	default:
		writeJSON(w, http.StatusOK, map[string]string{"event_id": eventID})
	}
}

func defaultRainbondBuildLog(c *rainbondComponent, status string) []string {
	lines := []string{"Start build " + c.ServiceCname}
	if c.ServiceSource == "source_code" {
		lines = append(lines, "Pulling code from "+c.GitURL+" ("+c.CodeVersion+")", "Detected language: Java-maven", "Compiling")
	} else {
		lines = append(lines, "Pulling image "+c.Image)
	}
	switch status {
	case "success":
		lines = append(lines, "Pushing image", "Build success")
	case "timeout":
		lines = append(lines, "Build timeout")
	default:
		lines = append(lines, "ERROR: compilation failed", "Build failed")
	}
	return lines
}

// latest is the component's newest event (start_time DESC, ID DESC).
// outcomeFor is how the next build of a component goes: its own outcome,
// else the one scripted for every component ("*", SetScripts).
func (b *rainbondBuildState) outcomeFor(serviceID string) RainbondBuildOutcome {
	if o, ok := b.outcomes[serviceID]; ok {
		return o
	}
	return b.outcomes[ScriptAll]
}

func (b *rainbondBuildState) latest(serviceID string) *rbEvent {
	var out *rbEvent
	for _, e := range b.events {
		if e.ServiceID == serviceID && (out == nil || e.Start.After(out.Start) || e.Start.Equal(out.Start) && e.seq > out.seq) {
			out = e
		}
	}
	return out
}

// advance moves running events on to now.
func (b *rainbondBuildState) advance(now time.Time) {
	for i := 0; i < len(b.events); i++ { // rollouts may be appended
		e := b.events[i]
		if e.run == nil || e.run.done {
			continue
		}
		o, elapsed := e.run.outcome, now.Sub(e.run.accepted)
		if elapsed >= o.Duration && e.run.seenPolls >= o.CompleteAfterPolls {
			e.run.done = true
			e.FinalStatus, e.Status, e.Message = "complete", o.Status, o.Message
			e.End = e.run.accepted.Add(o.Duration)
			if e.End.After(now) || o.CompleteAfterPolls > 0 {
				e.End = now
			}
			if o.Status == "success" && e.run.rollout {
				up := b.addEvent(e.TenantID, e.ServiceID, RainbondEvent{OptType: "upgrade", StartTime: e.End}, e.End)
				up.run = &rbRun{
					outcome:  RainbondBuildOutcome{Status: "success", Duration: o.RolloutDuration}.withDefaults(),
					accepted: e.End,
					logs:     []string{"Rolling upgrade started", "Rolling upgrade complete"},
				}
			}
			continue
		}
		if o.TimeoutAfter > 0 && elapsed >= o.TimeoutAfter && e.FinalStatus == "" {
			e.FinalStatus = "timeout"
		}
	}
}

// ---- events ----

func rbTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(rainbondZone).Format(time.RFC3339)
}

// rainbondEventRow renders an event as AppServiceEventsSerializer does:
// every value a string (CharFields); CamelCase keys on consoles < v6.0.0.
func rainbondEventRow(e *rbEvent, camel bool) map[string]any {
	if camel {
		return map[string]any{
			"EventID": e.EventID, "UserName": e.UserName, "EndTime": rbTime(e.End), "Target": "service",
			"OptType": e.OptType, "TargetID": e.ServiceID, "ServiceID": e.ServiceID, "Status": e.Status,
			"RequestBody": e.RequestBody, "create_time": rbTime(e.Start), "FinalStatus": e.FinalStatus,
			"StartTime": rbTime(e.Start), "SynType": "0", "Message": e.Message, "TenantID": e.TenantID,
			"ID": strconv.Itoa(e.seq),
		}
	}
	return map[string]any{
		"event_id": e.EventID, "user_name": e.UserName, "end_time": rbTime(e.End), "target": "service",
		"opt_type": e.OptType, "target_id": e.ServiceID, "service_id": e.ServiceID, "status": e.Status,
		"request_body": e.RequestBody, "create_time": rbTime(e.Start), "final_status": e.FinalStatus,
		"start_time": rbTime(e.Start), "syn_type": "0", "message": e.Message, "tenant_id": e.TenantID,
	}
}

// rainbondComponentEvents is AppServiceEventsView.get: the region's events
// of target=service, newest first, paged by ?page= (default 1) and
// ?page_size= (default 10); a non-integer is the console's int() failure
// (500 code 10401). {"events":[...],"total","page","page_size"}.
func (s *Server) rainbondComponentEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, pageSize := 1, rainbondDefaultPageSize
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &page}, {"page_size", &pageSize}} {
		v := q.Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			msg := fmt.Sprintf("invalid literal for int() with base 10: '%s'", v)
			writeJSON(w, 500, map[string]any{"code": 10401, "msg": msg, "msg_show": "Traceback (most recent call last):\nValueError: " + msg,
				"error_type": "ValueError", "error_trace": "Traceback (most recent call last):\n", "error_details": msg})
			return
		}
		*p.dst = n
	}
	if page < 1 {
		page = 1
	}
	if pageSize < 1 {
		pageSize = rainbondDefaultPageSize
	}
	var rows []map[string]any
	total := 0
	ok := true
	s.locked(func(st *state) {
		sc, found := s.rainbondResolve(w, r, st, true)
		if !found {
			ok = false
			return
		}
		b := st.rainbondBuilds
		now := s.clock.Now()
		b.advance(now)
		var visible []*rbEvent
		for _, e := range b.events {
			if e.ServiceID != sc.comp.ServiceID {
				continue
			}
			if e.run != nil && e.run.hidePolls > 0 {
				e.run.hidePolls--
				continue
			}
			if e.run != nil && now.Before(e.run.accepted.Add(e.run.outcome.RowDelay)) {
				continue
			}
			visible = append(visible, e)
		}
		sort.SliceStable(visible, func(i, j int) bool {
			if !visible[i].Start.Equal(visible[j].Start) {
				return visible[i].Start.After(visible[j].Start)
			}
			return visible[i].seq > visible[j].seq
		})
		total = len(visible)
		for i := (page - 1) * pageSize; i < total && i < page*pageSize; i++ {
			if visible[i].run != nil {
				visible[i].run.seenPolls++
			}
			rows = append(rows, rainbondEventRow(visible[i], b.camel))
		}
		// Completion gated on polls may be due now.
		b.advance(now)
	})
	if !ok {
		return
	}
	if rows == nil {
		rows = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": rows, "total": total, "page": page, "page_size": pageSize})
}

// rainbondEventLogs is TeamEventLogView.get: {"logs":[{"message","time","utime"}]}.
// While a build runs, the share of its lines proportional to the elapsed
// time is returned (the region buffers logs). An unknown event id gives an
// empty list (simulator's choice: the region reads a missing log file).
func (s *Server) rainbondEventLogs(w http.ResponseWriter, r *http.Request) {
	eventID := r.PathValue("event_id")
	logs := []map[string]any{}
	ok := true
	s.locked(func(st *state) {
		sc, found := s.rainbondResolve(w, r, st, false)
		if !found {
			ok = false
			return
		}
		b := st.rainbondBuilds
		now := s.clock.Now()
		b.advance(now)
		for _, e := range b.events {
			if e.EventID != eventID || e.TenantID != sc.team.TenantID || e.run == nil {
				continue
			}
			lines := e.run.logs
			n := len(lines)
			d := e.run.outcome.Duration
			if !e.run.done {
				n = int(float64(len(lines)) * float64(now.Sub(e.run.accepted)) / float64(d))
				n = max(1, min(n, len(lines)-1))
			}
			step := d / time.Duration(max(len(lines), 1))
			for i := 0; i < n; i++ {
				at := e.run.accepted.Add(time.Duration(i) * step)
				logs = append(logs, map[string]any{"message": lines[i], "time": rbTime(at), "utime": at.Unix()})
			}
		}
	})
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"logs": logs})
	}
}

// ---- control methods for tests ----

// SetRainbondBuildOutcome sets how builds of serviceID accepted from now on go.
func (s *Server) SetRainbondBuildOutcome(serviceID string, o RainbondBuildOutcome) {
	s.locked(func(st *state) { st.rainbondBuilds.outcomes[serviceID] = o })
}

// RainbondBuildsAccepted returns how many builds of serviceID were accepted
// (an event created). Refused builds (409, 412, 507, …) are not counted.
func (s *Server) RainbondBuildsAccepted(serviceID string) int {
	var n int
	s.locked(func(st *state) { n = st.rainbondBuilds.accepted[serviceID] })
	return n
}

// SetRainbondTooFrequent makes the next n build requests (any component)
// fail with 409 "操作过于频繁，请稍后再试", after validation.
func (s *Server) SetRainbondTooFrequent(n int) {
	s.locked(func(st *state) { st.rainbondBuilds.tooFrequent = n })
}

// InjectRainbondBuildError makes the next times builds of serviceID fail as
// the region would: 412 (no resources, code RainbondCodeNoResources), 507
// ("构建异常"), or 500 (code 10401 "version already exists"). The source
// update of the request still happens, like in the console.
func (s *Server) InjectRainbondBuildError(serviceID string, httpStatus, times int) {
	s.locked(func(st *state) {
		for i := 0; i < max(times, 1); i++ {
			st.rainbondBuilds.buildErrors[serviceID] = append(st.rainbondBuilds.buildErrors[serviceID], httpStatus)
		}
	})
}

// DeleteRainbondEvent removes an event (it "falls off" the history). It
// reports whether the event existed.
func (s *Server) DeleteRainbondEvent(eventID string) bool {
	found := false
	s.locked(func(st *state) {
		b := st.rainbondBuilds
		for i, e := range b.events {
			if e.EventID == eventID {
				b.events = append(b.events[:i], b.events[i+1:]...)
				found = true
				return
			}
		}
	})
	return found
}

// UseCamelCaseEvents switches the events list to the pre-6.0 console's
// CamelCase keys (EventID, OptType, FinalStatus, …; create_time unchanged).
func (s *Server) UseCamelCaseEvents(on bool) {
	s.locked(func(st *state) { st.rainbondBuilds.camel = on })
}

// AddRainbondEvent adds a finished or unfinished event to serviceID's
// history (no progress) and returns its id.
func (s *Server) AddRainbondEvent(serviceID string, e RainbondEvent) string {
	var id string
	s.locked(func(st *state) {
		tenant := ""
		for _, t := range st.rainbondTeams {
			for _, a := range t.Apps {
				for _, c := range a.Components {
					if c.ServiceID == serviceID {
						tenant = t.TenantID
					}
				}
			}
		}
		id = st.rainbondBuilds.addEvent(tenant, serviceID, e, s.clock.Now()).EventID
	})
	return id
}

// RainbondEvents returns serviceID's events as they stand now (hidden rows
// included), newest first.
func (s *Server) RainbondEvents(serviceID string) []RainbondEvent {
	var out []RainbondEvent
	s.locked(func(st *state) {
		b := st.rainbondBuilds
		b.advance(s.clock.Now())
		for i := len(b.events) - 1; i >= 0; i-- {
			if e := b.events[i]; e.ServiceID == serviceID {
				out = append(out, RainbondEvent{EventID: e.EventID, OptType: e.OptType, Status: e.Status, FinalStatus: e.FinalStatus,
					Message: e.Message, UserName: e.UserName, StartTime: e.Start, EndTime: e.End})
			}
		}
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartTime.After(out[j].StartTime) })
	return out
}

// RainbondComponentSource returns serviceID's stored build source.
func (s *Server) RainbondComponentSource(serviceID string) (RainbondComponentSource, bool) {
	var out RainbondComponentSource
	found := false
	s.locked(func(st *state) {
		for _, t := range st.rainbondTeams {
			for _, a := range t.Apps {
				for _, c := range a.Components {
					if c.ServiceID != serviceID {
						continue
					}
					found = true
					out = RainbondComponentSource{ServiceSource: c.ServiceSource, GitURL: c.GitURL, CodeVersion: c.CodeVersion, Image: c.Image}
					if src := st.rainbondBuilds.sources[serviceID]; src != nil {
						out.UserName, out.Password = src.user, src.password
					}
				}
			}
		}
	})
	return out, found
}
