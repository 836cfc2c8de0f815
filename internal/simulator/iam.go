package simulator

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"time"
)

func init() {
	registerModule(module{name: "iam", seed: seedIAM, routes: (*Server).iamRoutes})
}

type iamDomain struct{ id, name string }

type iamUser struct {
	id, name, password, domainID string
}

type iamProject struct {
	id, name, domainID string
}

type accessKey struct {
	secret, userID string
}

type issuedToken struct {
	userID, userName, domainID string
	projectID, projectName     string
	issuedAt, expiresAt        time.Time
	revoked                    bool
}

// iamTimeFormat is IAM's token time format (UTC, microseconds).
const iamTimeFormat = "2006-01-02T15:04:05.000000Z"

func seedIAM(s *Server) {
	st := s.st
	st.domain = iamDomain{id: DemoDomainID, name: DemoDomainName}
	st.users = []iamUser{{id: DemoUserID, name: DemoUserName, password: DemoPassword, domainID: DemoDomainID}}
	st.projects = []iamProject{
		{id: DemoIAMProjectID, name: DemoRegion, domainID: DemoDomainID},
		{id: DemoOtherIAMProjectID, name: DemoOtherRegion, domainID: DemoDomainID},
	}
	st.accessKeys[DemoAK] = accessKey{secret: DemoSK, userID: DemoUserID}
}

func (st *state) userByID(id string) (iamUser, bool) {
	for _, u := range st.users {
		if u.id == id {
			return u, true
		}
	}
	return iamUser{}, false
}

// SetTokenTTL sets the lifetime of IAM tokens issued from now on (default 24h
// on the server clock).
func (s *Server) SetTokenTTL(d time.Duration) {
	s.locked(func(st *state) { st.tokenTTL = d })
}

// ExpireTokens makes every IAM token issued so far expired.
func (s *Server) ExpireTokens() {
	s.locked(func(st *state) {
		for _, t := range st.tokens {
			t.revoked = true
		}
	})
}

func (s *Server) iamRoutes() {
	s.handlePublic("POST /v3/auth/tokens", svcIAM, s.iamIssueToken)
	s.handle("GET /v3/projects", svcIAM, s.iamListProjects)
	s.handle("GET /v3/auth/domains", svcIAM, s.iamListDomains)
}

// tokenRequest is the password-method body of POST /v3/auth/tokens (IAM API page KeystoneCreateUserTokenByPassword).
type tokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password *struct {
				User struct {
					ID       string    `json:"id"`
					Name     string    `json:"name"`
					Password string    `json:"password"`
					Domain   *nameOrID `json:"domain"`
				} `json:"user"`
			} `json:"password"`
		} `json:"identity"`
		Scope *struct {
			Project *struct {
				ID     string    `json:"id"`
				Name   string    `json:"name"`
				Domain *nameOrID `json:"domain"`
			} `json:"project"`
			Domain *nameOrID `json:"domain"`
		} `json:"scope"`
	} `json:"auth"`
}

type nameOrID struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Server) iamIssueToken(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if err := decodeJSON(r, &req); err != nil {
		writeIAMError(w, http.StatusBadRequest, "The request body is invalid: "+err.Error())
		return
	}
	id := req.Auth.Identity
	if !contains(id.Methods, "password") || id.Password == nil {
		writeIAMError(w, http.StatusBadRequest, "auth.identity.methods must contain \"password\" and auth.identity.password is required")
		return
	}
	pu := id.Password.User
	// Tokens are project-scoped (auth.scope.project) or domain-scoped
	// (auth.scope.domain), as IAM's "Obtaining a User Token Through
	// Password Authentication" page documents.
	scope := req.Auth.Scope
	projectScoped := scope != nil && scope.Project != nil && (scope.Project.ID != "" || scope.Project.Name != "")
	domainScoped := !projectScoped && scope != nil && scope.Domain != nil && (scope.Domain.ID != "" || scope.Domain.Name != "")
	if !projectScoped && !domainScoped {
		writeIAMError(w, http.StatusBadRequest, "auth.scope.project (name or id) or auth.scope.domain (name or id) is required")
		return
	}

	now := s.clock.Now().UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	var user iamUser
	found := false
	for _, u := range st.users {
		if (pu.ID != "" && u.id == pu.ID) || (pu.ID == "" && u.name == pu.Name) {
			user, found = u, true
			break
		}
	}
	domainOK := pu.ID != "" || (pu.Domain != nil && (pu.Domain.ID == st.domain.id || (pu.Domain.ID == "" && pu.Domain.Name == st.domain.name)))
	if !found || !domainOK || user.password != pu.Password || pu.Password == "" {
		writeIAMError(w, http.StatusUnauthorized, "The username or password is wrong.")
		return
	}
	var proj iamProject
	if domainScoped {
		if d := scope.Domain; user.domainID != st.domain.id || (d.ID != "" && d.ID != st.domain.id) || (d.ID == "" && d.Name != st.domain.name) {
			writeIAMError(w, http.StatusBadRequest, "The domain in the scope does not exist or is not the user's account.")
			return
		}
	} else {
		found = false
		for _, p := range st.projects {
			if p.domainID == user.domainID && ((scope.Project.ID != "" && p.id == scope.Project.ID) || (scope.Project.ID == "" && p.name == scope.Project.Name)) {
				proj, found = p, true
				break
			}
		}
		if !found {
			writeIAMError(w, http.StatusBadRequest, "The project in the scope does not exist or does not belong to the user's account.")
			return
		}
	}

	tok := newIAMToken()
	t := &issuedToken{
		userID: user.id, userName: user.name, domainID: user.domainID,
		projectID: proj.id, projectName: proj.name,
		issuedAt: now, expiresAt: now.Add(st.tokenTTL),
	}
	st.tokens[tok] = t
	domain := map[string]string{"id": st.domain.id, "name": st.domain.name}
	w.Header().Set("X-Subject-Token", tok)
	body := map[string]any{
		"expires_at": t.expiresAt.Format(iamTimeFormat),
		"issued_at":  t.issuedAt.Format(iamTimeFormat),
		"methods":    []string{"password"},
		"user": map[string]any{
			"id": user.id, "name": user.name, "domain": domain,
		},
	}
	if domainScoped {
		body["domain"] = domain // a domain-scoped token names its domain, not a project
	} else {
		body["project"] = map[string]any{"id": proj.id, "name": proj.name, "domain": domain}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": body})
}

func (s *Server) iamListProjects(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r)
	q := r.URL.Query()
	name, domainID := q.Get("name"), q.Get("domain_id")
	projects := []map[string]any{}
	s.locked(func(st *state) {
		for _, pr := range st.projects {
			if pr.domainID != p.DomainID || (name != "" && pr.name != name) || (domainID != "" && pr.domainID != domainID) {
				continue
			}
			projects = append(projects, map[string]any{
				"id":          pr.id,
				"name":        pr.name,
				"domain_id":   pr.domainID,
				"enabled":     true,
				"is_domain":   false,
				"parent_id":   pr.domainID,
				"description": "",
			})
		}
	})
	writeJSON(w, http.StatusOK, map[string]any{
		"projects": projects,
		"links":    map[string]any{"self": selfLink(r), "previous": nil, "next": nil},
	})
}

func (s *Server) iamListDomains(w http.ResponseWriter, r *http.Request) {
	p := principalFrom(r)
	domains := []map[string]any{}
	s.locked(func(st *state) {
		if st.domain.id == p.DomainID {
			domains = append(domains, map[string]any{
				"id": st.domain.id, "name": st.domain.name, "enabled": true, "description": "",
			})
		}
	})
	writeJSON(w, http.StatusOK, map[string]any{
		"domains": domains,
		"links":   map[string]any{"self": selfLink(r), "previous": nil, "next": nil},
	})
}

func selfLink(r *http.Request) string {
	u := "http://" + r.Host + r.URL.Path
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	return u
}

// newIAMToken returns an opaque token shaped like IAM's (base64, "MII" prefix).
func newIAMToken() string {
	b := make([]byte, 180)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return "MIIsim" + base64.RawURLEncoding.EncodeToString(b)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
