package codearts

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

// tokenRefreshMargin: a cached IAM token this close to expiry is replaced.
const tokenRefreshMargin = 10 * time.Minute

// authenticator returns the per-attempt header function for a call, after
// making sure what it needs (IAM token, project id) is known.
func (c *Client) authenticator(ctx context.Context, cl call) (func(*http.Request, []byte) error, error) {
	if cl.noAuth {
		return nil, nil
	}
	switch c.mode {
	case AuthToken:
		tok := c.cfg.AuthToken
		return func(r *http.Request, _ []byte) error { r.Header.Set("X-Auth-Token", tok); return nil }, nil
	case AuthPassword:
		tok, err := c.iamToken(ctx)
		if err != nil {
			return nil, err
		}
		return func(r *http.Request, _ []byte) error { r.Header.Set("X-Auth-Token", tok); return nil }, nil
	case AuthAKSK:
		projectID := ""
		if cl.svc != ServiceIAM {
			var err error
			if projectID, err = c.ProjectID(ctx); err != nil {
				return nil, err
			}
		}
		return func(r *http.Request, body []byte) error { return c.sign(r, body, projectID) }, nil
	}
	return nil, fmt.Errorf("no CodeArts credentials configured")
}

// sign adds SDK-HMAC-SHA256 headers with Huawei's official signer.
func (c *Client) sign(r *http.Request, body []byte, projectID string) error {
	r.Header.Del("Authorization")
	r.Header.Set("X-Sdk-Date", c.now().UTC().Format(signer.BasicDateFormat))
	if projectID != "" {
		r.Header.Set("X-Project-Id", projectID)
	}
	if c.cfg.SecurityToken != "" {
		r.Header.Set("X-Security-Token", c.cfg.SecurityToken)
	}
	b := request.NewHttpRequestBuilder().
		WithEndpoint(r.URL.Scheme + "://" + r.URL.Host).
		WithPath(r.URL.Path).
		WithMethod(r.Method)
	for k, vs := range r.URL.Query() {
		if len(vs) == 1 {
			b.AddQueryParam(k, reflect.ValueOf(vs[0]))
		} else {
			b.AddQueryParam(k, reflect.ValueOf(vs))
		}
	}
	b.AddHeaderParam("Host", r.URL.Host)
	for _, h := range []string{"X-Sdk-Date", "X-Project-Id", "X-Security-Token", "Content-Type"} {
		if v := r.Header.Get(h); v != "" {
			b.AddHeaderParam(h, v)
		}
	}
	if len(body) > 0 {
		b.WithBody("json", string(body))
	}
	headers, err := signer.Signer{}.Sign(b.Build(), c.cfg.AccessKey, c.cfg.SecretKey)
	if err != nil {
		return fmt.Errorf("signing request: %w", err)
	}
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	return nil
}

type tokenRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password struct {
				User struct {
					Name     string `json:"name"`
					Password string `json:"password"`
					Domain   struct {
						Name string `json:"name"`
					} `json:"domain"`
				} `json:"user"`
			} `json:"password"`
		} `json:"identity"`
		Scope struct {
			Project struct {
				Name string `json:"name,omitempty"`
				ID   string `json:"id,omitempty"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

type tokenResponse struct {
	Token struct {
		ExpiresAt string `json:"expires_at"`
		Project   struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Domain struct {
				ID string `json:"id"`
			} `json:"domain"`
		} `json:"project"`
		User struct {
			Domain struct {
				ID string `json:"id"`
			} `json:"domain"`
		} `json:"user"`
		// Domain is set instead of Project in a domain-scoped token.
		Domain struct {
			ID string `json:"id"`
		} `json:"domain"`
	} `json:"token"`
}

// iamToken returns the cached project-scoped token, fetching it when missing
// or near expiry. Parallel callers wait for one fetch.
func (c *Client) iamToken(ctx context.Context) (string, error) {
	c.tokenMu.Lock()
	defer c.tokenMu.Unlock()
	if c.token != "" && c.now().Add(tokenRefreshMargin).Before(c.tokenExpiry) {
		return c.token, nil
	}
	var req tokenRequest
	req.Auth.Identity.Methods = []string{"password"}
	req.Auth.Identity.Password.User.Name = c.cfg.UserName
	req.Auth.Identity.Password.User.Password = c.cfg.Password
	req.Auth.Identity.Password.User.Domain.Name = c.cfg.DomainName
	if c.cfg.ProjectID != "" {
		req.Auth.Scope.Project.ID = c.cfg.ProjectID
	} else {
		req.Auth.Scope.Project.Name = c.cfg.Region
	}
	var out tokenResponse
	resp, err := c.do(ctx, call{svc: ServiceIAM, method: http.MethodPost, path: "/v3/auth/tokens",
		query: url.Values{"nocatalog": {"true"}}, body: req, out: &out, noAuth: true, secrets: []string{c.cfg.Password}})
	if err != nil {
		return "", err
	}
	tok := resp.Header.Get("X-Subject-Token")
	if tok == "" {
		return "", fmt.Errorf("IAM issued no token: the X-Subject-Token header is missing from the response to POST /v3/auth/tokens")
	}
	c.http.Redactor().Add(tok)
	exp, err := time.Parse(time.RFC3339, out.Token.ExpiresAt)
	if err != nil {
		exp = c.now().Add(time.Hour)
	}
	c.token, c.tokenExpiry = tok, exp
	c.tokenProject = out.Token.Project.ID
	c.tokenDomain = firstNonEmpty(out.Token.User.Domain.ID, out.Token.Project.Domain.ID, out.Token.Domain.ID)
	return tok, nil
}

func (c *Client) invalidateToken() {
	c.tokenMu.Lock()
	c.token = ""
	c.tokenMu.Unlock()
}

// fromToken returns the project and domain ids the IAM token carries.
func (c *Client) fromToken(ctx context.Context) (project, domain string, err error) {
	if c.mode != AuthPassword {
		return "", "", nil
	}
	if _, err := c.iamToken(ctx); err != nil {
		return "", "", err
	}
	c.tokenMu.Lock()
	defer c.tokenMu.Unlock()
	return c.tokenProject, c.tokenDomain, nil
}

// ProjectID returns the IAM project id of the region, looking it up once
// (GET /v3/projects?name=<region>) when it was not configured.
func (c *Client) ProjectID(ctx context.Context) (string, error) {
	tokProject, _, err := c.fromToken(ctx)
	if err != nil {
		return "", err
	}
	c.idMu.Lock()
	defer c.idMu.Unlock()
	if c.projectID == "" {
		c.projectID = tokProject
	}
	if c.projectID != "" {
		return c.projectID, nil
	}
	var out struct {
		Projects []struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			DomainID string `json:"domain_id"` // the account the project belongs to
		} `json:"projects"`
	}
	if _, err := c.do(ctx, call{svc: ServiceIAM, method: http.MethodGet, path: "/v3/projects",
		query: url.Values{"name": {c.cfg.Region}}, out: &out}); err != nil {
		return "", fmt.Errorf("looking up the IAM project of region %q: %w", c.cfg.Region, err)
	}
	for _, p := range out.Projects {
		if p.Name == c.cfg.Region {
			c.projectID = p.ID
			if c.domainID == "" {
				// Saves DomainID its own look-up (GET /v3/auth/domains).
				c.domainID = p.DomainID
			}
			return p.ID, nil
		}
	}
	return "", fmt.Errorf("the account has no IAM project named %q; check region or set project_id (HW_PROJECT_ID)", c.cfg.Region)
}

// DomainID returns the account (domain) id when it was not configured: from
// the IAM token (password auth), else from the region's project record
// (domain_id of GET /v3/projects?name=<region>, the look-up every AK/SK
// request needs anyway), else with GET /v3/auth/domains. Each is done once
// per client, so one IAM request per provider process serves AK/SK auth.
func (c *Client) DomainID(ctx context.Context) (string, error) {
	_, tokDomain, err := c.fromToken(ctx)
	if err != nil {
		return "", err
	}
	c.idMu.Lock()
	if c.domainID == "" {
		c.domainID = tokDomain
	}
	known := c.domainID
	c.idMu.Unlock()
	if known != "" {
		return known, nil
	}
	if c.mode == AuthAKSK {
		// A failed project look-up is not this call's error: the domain
		// look-up below may still work, and the request that needs the
		// project repeats the look-up and reports it.
		_, _ = c.ProjectID(ctx)
	}
	c.idMu.Lock()
	defer c.idMu.Unlock()
	if c.domainID != "" {
		return c.domainID, nil
	}
	var out struct {
		Domains []struct {
			ID string `json:"id"`
		} `json:"domains"`
	}
	if _, err := c.do(ctx, call{svc: ServiceIAM, method: http.MethodGet, path: "/v3/auth/domains", out: &out}); err != nil {
		return "", fmt.Errorf("looking up the account's domain id: %w", err)
	}
	if len(out.Domains) == 0 || out.Domains[0].ID == "" {
		return "", fmt.Errorf("IAM returned no domain for these credentials; set domain_id (HW_DOMAIN_ID)")
	}
	c.domainID = out.Domains[0].ID
	return c.domainID, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
