package simulator

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

func init() {
	registerModule(module{name: "rainbond", seed: seedRainbond, routes: (*Server).rainbondRoutes})
}

// rainbondUser is a console user owning an OpenAPI access token.
type rainbondUser struct {
	UserID       int
	NickName     string
	EnterpriseID string
}

type rainbondRole struct {
	ID   int
	Name string
}

// rainbondTeam is a console team (Tenants row).
type rainbondTeam struct {
	ID           int    // auto-increment ID
	TenantID     string // 32 hex; the team_id of OpenAPI paths
	TenantName   string
	TenantAlias  string
	EnterpriseID string
	Creater      int // user id
	IsActive     bool
	CreateTime   time.Time
	Members      map[int][]rainbondRole // user id -> roles in this team
	Regions      []string               // region names the team is opened in
	Apps         []*rainbondApp
}

// rainbondApp is an application (ServiceGroup).
type rainbondApp struct {
	ID         int
	Name       string
	RegionName string
	Components []*rainbondComponent
}

// rainbondComponent is a component (TenantServiceInfo).
type rainbondComponent struct {
	ServiceID     string
	ServiceAlias  string
	ServiceCname  string
	ServiceSource string // source_code | docker_image | ...
	CreateStatus  string // "complete" once created
	GitURL        string
	CodeVersion   string
	Image         string
}

func seedRainbond(s *Server) {
	st := s.st
	user := rainbondUser{UserID: DemoRainbondUserID, NickName: DemoRainbondUserName, EnterpriseID: DemoRainbondEnterpriseID}
	st.rainbondTokens[DemoRainbondToken] = user
	st.rainbondTeams = []*rainbondTeam{{
		ID:           1,
		TenantID:     DemoRainbondTeamID,
		TenantName:   DemoRainbondTeamName,
		TenantAlias:  DemoRainbondTeamAlias,
		EnterpriseID: DemoRainbondEnterpriseID,
		Creater:      DemoRainbondUserID,
		IsActive:     true,
		CreateTime:   time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC),
		Members:      map[int][]rainbondRole{DemoRainbondUserID: {{ID: 1, Name: "admin"}}},
		Regions:      []string{DemoRainbondRegion},
		Apps: []*rainbondApp{{
			ID:         DemoRainbondAppID,
			Name:       DemoRainbondAppName,
			RegionName: DemoRainbondRegion,
			Components: []*rainbondComponent{{
				ServiceID:     DemoRainbondServiceID,
				ServiceAlias:  DemoRainbondServiceAlias,
				ServiceCname:  DemoRainbondServiceCname,
				ServiceSource: "source_code",
				CreateStatus:  "complete",
				GitURL:        "https://github.com/goodrain/demo-java-maven.git",
				CodeVersion:   "master",
			}},
		}},
	}}
}

func (s *Server) rainbondRoutes() {
	s.handle("GET /openapi/v1/teams", svcRainbond, s.rainbondListTeams)
}

// rainbondListTeams is ListTeamInfo.get (console openapi/views/team_view.py):
// the token user's teams, filtered by ?query= (team name/alias contains),
// paged by ?page= (default 1) and ?page_size= (default 10); unparsable
// numbers fall back to the defaults like the console does. The body is the
// raw rows of team_repo.list_by_user_id:
// {"tenants":[{ID,tenant_id,tenant_name,tenant_alias,is_active,enterprise_id,create_time,creater,role_infos}],"total","page","page_size"}.
func (s *Server) rainbondListTeams(w http.ResponseWriter, r *http.Request) {
	u := principalFrom(r).Rainbond
	q := r.URL.Query()
	query := strings.ToLower(q.Get("query"))
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	pageSize, err := strconv.Atoi(q.Get("page_size"))
	if err != nil || pageSize < 1 {
		pageSize = 10
	}
	var rows []map[string]any
	s.locked(func(st *state) {
		for _, t := range st.rainbondTeams {
			roles, member := t.Members[u.UserID]
			if !member || t.EnterpriseID != u.EnterpriseID {
				continue
			}
			if query != "" && !strings.Contains(strings.ToLower(t.TenantName), query) && !strings.Contains(strings.ToLower(t.TenantAlias), query) {
				continue
			}
			roleInfos := []map[string]any{}
			for _, role := range roles {
				roleInfos = append(roleInfos, map[string]any{"role_id": role.ID, "role_name": role.Name})
			}
			rows = append(rows, map[string]any{
				"ID":            t.ID,
				"tenant_id":     t.TenantID,
				"tenant_name":   t.TenantName,
				"tenant_alias":  t.TenantAlias,
				"is_active":     t.IsActive,
				"enterprise_id": t.EnterpriseID,
				"create_time":   t.CreateTime.Format("2006-01-02T15:04:05"),
				"creater":       t.Creater,
				"role_infos":    roleInfos,
			})
		}
	})
	total := len(rows)
	start := (page - 1) * pageSize
	tenants := []map[string]any{}
	for i := start; i < total && i < start+pageSize; i++ {
		tenants = append(tenants, rows[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"tenants": tenants, "total": total, "page": page, "page_size": pageSize})
}
