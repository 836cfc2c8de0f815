package codearts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// ThrottleCode is API Gateway's "throttling threshold reached" code.
const ThrottleCode = "APIG.0308"

// Client talks to CodeArts and IAM. One Client lives for the provider's life:
// the IAM token, project id and domain id are fetched at most once and shared.
type Client struct {
	cfg  Config
	mode AuthMode
	http *transport.Client
	now  func() time.Time

	tokenMu      sync.Mutex // guards the IAM token; parallel callers wait for one fetch
	token        string
	tokenExpiry  time.Time
	tokenProject string // project and domain ids learnt from the token
	tokenDomain  string

	idMu      sync.Mutex // guards id look-ups
	projectID string
	domainID  string

	// recordV1Missing: the gateway has no v1 record-info endpoint, so build
	// records are read from v3 (learnt once per client).
	recordV1Missing atomic.Bool

	// taskProjects caches the project of each deploy task read
	// (DeployTaskProject): a task never moves to another project.
	taskProjects sync.Map // task id -> project id
}

// New validates cfg and builds a Client. It makes no request.
func New(cfg Config) (*Client, error) {
	mode := cfg.Mode()
	switch mode {
	case AuthNone:
		return nil, errors.New("no CodeArts credentials configured")
	case AuthAKSK:
		if cfg.AccessKey == "" || cfg.SecretKey == "" {
			return nil, errors.New("AK/SK authentication needs both an access key and a secret key")
		}
	case AuthPassword:
		if cfg.UserName == "" || cfg.Password == "" || cfg.DomainName == "" {
			return nil, errors.New("IAM password authentication needs a user name, a password and a domain name")
		}
	}
	if cfg.Region == "" {
		return nil, errors.New("no CodeArts region configured")
	}
	red := transport.NewRedactor(cfg.Secrets()...)
	hc, err := transport.New(transport.Config{
		Subsystem:     "codearts",
		UserAgent:     cfg.UserAgent,
		Insecure:      cfg.Insecure,
		CACertPEM:     cfg.CACertPEM,
		MaxRetries:    cfg.MaxRetries,
		RetryWaitMin:  cfg.RetryWaitMin,
		RetryWaitMax:  cfg.RetryWaitMax,
		Timeout:       cfg.RequestTimeout,
		Redactor:      red,
		ThrottleCodes: []string{ThrottleCode},
	})
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, mode: mode, http: hc, now: time.Now, projectID: cfg.ProjectID, domainID: cfg.DomainID}, nil
}

// Mode returns the authentication mode in use.
func (c *Client) Mode() AuthMode { return c.mode }

// Region returns the configured region.
func (c *Client) Region() string { return c.cfg.Region }

// maxErrorText bounds an error message quoted from a reply that is not a
// documented error body.
const maxErrorText = 300

// Mask masks every secret the client knows (its credentials, every secret a
// request has sent) and the extra ones in s: for text from the service that
// may quote one, such as a log.
func (c *Client) Mask(s string, extra ...string) string { return c.http.Redactor().Redact(s, extra...) }

// Endpoint returns the base URL used for a service.
func (c *Client) Endpoint(s Service) string { return c.cfg.endpoint(s) }

// call describes one API request.
type call struct {
	svc    Service
	method string
	path   string // escaped path, starting with '/'
	query  url.Values
	body   any
	out    any
	// startsRun: the call starts a run; never repeated unless it certainly did not take effect.
	startsRun bool
	// envelope: the API wraps results in {"status":"success|error",...}.
	envelope bool
	// secrets: values in this request to mask in logs.
	secrets []string
	// okStatus: extra HTTP statuses that are success (2xx always are).
	noAuth bool
}

// do sends a call, decodes errors (including errors sent with HTTP 200) and
// unmarshals the result into c.out.
func (c *Client) do(ctx context.Context, cl call) (*transport.Response, error) {
	var body []byte
	if cl.body != nil {
		var err error
		if body, err = json.Marshal(cl.body); err != nil {
			return nil, fmt.Errorf("encoding %s request: %w", cl.svc, err)
		}
	}
	u := c.cfg.endpoint(cl.svc) + cl.path
	if len(cl.query) > 0 {
		u += "?" + cl.query.Encode()
	}

	refreshed := false
	for {
		prepare, err := c.authenticator(ctx, cl)
		if err != nil {
			return nil, err
		}
		resp, err := c.http.Do(ctx, &transport.Request{
			Method:    cl.method,
			URL:       u,
			Header:    http.Header{"Content-Type": {"application/json;charset=utf-8"}, "Accept": {"application/json"}},
			Body:      body,
			StartsRun: cl.startsRun,
			Prepare:   prepare,
			Secrets:   cl.secrets,
		})
		if err != nil {
			return nil, c.networkError(cl, err)
		}
		if resp.StatusCode == http.StatusUnauthorized && c.mode == AuthPassword && !cl.noAuth && !refreshed {
			// The cached token may have been revoked or expired early: fetch a new one once.
			c.invalidateToken()
			refreshed = true
			continue
		}
		if apiErr := c.responseError(cl, resp); apiErr != nil {
			return resp, apiErr
		}
		if cl.out != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
			if err := json.Unmarshal(resp.Body, cl.out); err != nil {
				return resp, &MalformedResponseError{Service: cl.svc, Method: cl.method, Path: cl.path,
					HTTPStatus: resp.StatusCode, RequestID: resp.RequestID(), Err: err, StartsRun: cl.startsRun}
			}
		}
		return resp, nil
	}
}

func (c *Client) responseError(cl call, resp *transport.Response) *APIError {
	code, msg, reqID, found := decodeError(resp.Body, cl.envelope)
	if resp.StatusCode < 300 && !found {
		return nil
	}
	if reqID == "" {
		reqID = resp.RequestID()
	}
	if page, ok := transport.GatewayPage(resp.Body); ok && !found {
		msg = page
	} else if !found {
		msg = strings.TrimSpace(string(resp.Body))
		if msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
	}
	// A service may quote a rejected value (a secret parameter, a secret
	// variable): mask what this request sent and every known secret.
	return &APIError{Service: cl.svc, Method: cl.method, Path: cl.path, HTTPStatus: resp.StatusCode,
		Code: code, Message: c.http.Redactor().RedactTruncated(msg, maxErrorText, cl.secrets...), RequestID: reqID, Mode: c.mode}
}

func (c *Client) networkError(cl call, err error) error {
	var ne *transport.NetworkError
	if errors.As(err, &ne) {
		return &RequestError{Service: cl.svc, Method: cl.method, Path: cl.path, Endpoint: c.cfg.endpoint(cl.svc),
			MayHaveStarted: cl.startsRun && ne.MayHaveTakenEffect, Err: ne}
	}
	return err
}

// RequestError is a request that got no HTTP response.
type RequestError struct {
	Service        Service
	Method, Path   string
	Endpoint       string
	MayHaveStarted bool // a run-starting call may have reached the service
	Err            error
}

func (e *RequestError) Error() string {
	s := fmt.Sprintf("%s %s %s: no response from %s: %v", e.Service, e.Method, e.Path, e.Endpoint, e.Err)
	if transport.IsRedirectError(e.Err) {
		// The endpoint answered, with a redirect the provider refused.
		s = fmt.Sprintf("%s %s %s: %v", e.Service, e.Method, e.Path, e.Err)
	}
	if e.MayHaveStarted {
		s += "; the request may have reached the service, so it was not repeated"
	}
	return s
}

func (e *RequestError) Unwrap() error { return e.Err }

// MalformedResponseError is a response that is not the JSON the API documents.
type MalformedResponseError struct {
	Service      Service
	Method, Path string
	HTTPStatus   int
	RequestID    string
	StartsRun    bool
	// Incomplete: valid JSON that lacks the field identifying the object.
	Incomplete bool
	Err        error
}

func (e *MalformedResponseError) Error() string {
	what := "a response that is not valid JSON"
	if e.Incomplete {
		what = "an incomplete response"
	}
	s := fmt.Sprintf("%s %s %s: HTTP %d with %s: %v", e.Service, e.Method, e.Path, e.HTTPStatus, what, e.Err)
	if e.RequestID != "" {
		s += fmt.Sprintf(" (request id %s)", e.RequestID)
	}
	if e.StartsRun {
		s += "; the service accepted the request, so it was not repeated"
	}
	return s
}

func (e *MalformedResponseError) Unwrap() error { return e.Err }
