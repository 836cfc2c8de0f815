// Package rainbond is the client for the Rainbond console OpenAPI
// (/openapi/v1). It has no Terraform framework imports.
package rainbond

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// Config configures a Client.
type Config struct {
	// URL is the console base URL, e.g. https://console.example.com:7070.
	URL string
	// Token is a personal access token, sent raw in Authorization.
	Token string

	Insecure   bool
	CACertPEM  []byte
	MaxRetries int
	UserAgent  string

	RetryWaitMin, RetryWaitMax, RequestTimeout time.Duration
}

// Client talks to one Rainbond console.
type Client struct {
	base  string
	token string
	http  *transport.Client
}

// New validates cfg and builds a Client. It makes no request.
func New(cfg Config) (*Client, error) {
	if cfg.URL == "" {
		return nil, &ConfigError{Field: "url", Msg: "no Rainbond console URL configured"}
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ConfigError{Field: "url", Msg: fmt.Sprintf("the Rainbond URL %q is not an http(s) URL", cfg.URL)}
	}
	if cfg.Token == "" {
		return nil, &ConfigError{Field: "token", Msg: "no Rainbond access token configured"}
	}
	hc, err := transport.New(transport.Config{
		Subsystem:    "rainbond",
		UserAgent:    cfg.UserAgent,
		Insecure:     cfg.Insecure,
		CACertPEM:    cfg.CACertPEM,
		MaxRetries:   cfg.MaxRetries,
		RetryWaitMin: cfg.RetryWaitMin,
		RetryWaitMax: cfg.RetryWaitMax,
		Timeout:      cfg.RequestTimeout,
		Redactor:     transport.NewRedactor(cfg.Token),
	})
	if err != nil {
		return nil, err
	}
	return &Client{base: strings.TrimRight(cfg.URL, "/") + "/openapi/v1", token: cfg.Token, http: hc}, nil
}

// Mask masks every secret the client knows (its token, every secret a
// request has sent) and the extra ones in s: for text from the console that
// may quote one, such as a build log.
func (c *Client) Mask(s string, extra ...string) string { return c.http.Redactor().Redact(s, extra...) }

// BaseURL returns the OpenAPI base URL (<console>/openapi/v1).
func (c *Client) BaseURL() string { return c.base }

// Shape says how an endpoint returns success.
type Shape int

// Success body shapes (the Rainbond console OpenAPI views): some views return bare
// serializer JSON, others the general_message envelope.
const (
	Bare         Shape = iota // the body is the result
	EnvelopeBean              // {"code":200,"msg":...,"data":{"bean":RESULT}}
	EnvelopeList              // {"code":200,"msg":...,"data":{"list":RESULT}}
)

// Call describes one request.
type Call struct {
	Method string
	Path   string // below /openapi/v1, starting with '/'
	Query  url.Values
	Body   any
	Out    any
	Shape  Shape
	// StartsRun: the call starts a build; it is never repeated unless it
	// certainly did not take effect.
	StartsRun bool
	// Secrets to mask in logs (e.g. a repository password in the body).
	Secrets []string
}

type envelope struct {
	Code json.RawMessage `json:"code"`
	Msg  string          `json:"msg"`
	Data *struct {
		Bean json.RawMessage `json:"bean"`
		List json.RawMessage `json:"list"`
	} `json:"data"`
}

// Do sends a call and decodes the result or the error.
func (c *Client) Do(ctx context.Context, cl Call) error {
	var body []byte
	if cl.Body != nil {
		var err error
		if body, err = json.Marshal(cl.Body); err != nil {
			return fmt.Errorf("encoding Rainbond request: %w", err)
		}
	}
	u := c.base + cl.Path
	if len(cl.Query) > 0 {
		u += "?" + cl.Query.Encode()
	}
	token := c.token
	resp, err := c.http.Do(ctx, &transport.Request{
		Method:    cl.Method,
		URL:       u,
		Header:    http.Header{"Content-Type": {"application/json"}, "Accept": {"application/json"}},
		Body:      body,
		StartsRun: cl.StartsRun,
		Prepare:   func(r *http.Request, _ []byte) error { r.Header.Set("Authorization", token); return nil },
		Secrets:   cl.Secrets,
	})
	if err != nil {
		var ne *transport.NetworkError
		if errors.As(err, &ne) {
			return &RequestError{Method: cl.Method, Path: cl.Path, BaseURL: c.base, MayHaveStarted: cl.StartsRun && ne.MayHaveTakenEffect, Err: ne}
		}
		return err
	}
	if resp.StatusCode >= 300 || errorWith200(resp.Body) {
		return c.decodeError(cl, resp.StatusCode, resp.Body, resp.RequestID())
	}
	if cl.Out == nil || len(bytes.TrimSpace(resp.Body)) == 0 {
		return nil
	}
	payload := resp.Body
	if cl.Shape != Bare {
		var env envelope
		if err := json.Unmarshal(resp.Body, &env); err != nil {
			return &MalformedResponseError{Method: cl.Method, Path: cl.Path, HTTPStatus: resp.StatusCode, StartsRun: cl.StartsRun, Err: err}
		}
		if code := strings.Trim(string(env.Code), `"`); code != "" && code != "200" && code != "null" {
			return c.decodeError(cl, resp.StatusCode, resp.Body, resp.RequestID())
		}
		if env.Data == nil {
			return &MalformedResponseError{Method: cl.Method, Path: cl.Path, HTTPStatus: resp.StatusCode, StartsRun: cl.StartsRun, Err: errors.New(`no "data" member`)}
		}
		payload = env.Data.Bean
		if cl.Shape == EnvelopeList {
			payload = env.Data.List
		}
		if len(payload) == 0 || string(payload) == "null" {
			return nil
		}
	}
	if err := json.Unmarshal(payload, cl.Out); err != nil {
		return &MalformedResponseError{Method: cl.Method, Path: cl.Path, HTTPStatus: resp.StatusCode, StartsRun: cl.StartsRun, Err: err}
	}
	return nil
}

// errorWith200 reports whether a 2xx body is the console's error shape
// ({"code": <not 200>, "msg": ...}): bare success bodies carry no "code",
// envelopes carry 200. Without this check a bare call (the events list)
// would read an error as an empty result.
func errorWith200(body []byte) bool {
	var eb struct {
		Code    json.RawMessage `json:"code"`
		Msg     *string         `json:"msg"`
		MsgShow *string         `json:"msg_show"`
	}
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) || json.Unmarshal(body, &eb) != nil {
		return false
	}
	code := strings.Trim(string(eb.Code), `"`)
	return code != "" && code != "200" && code != "null" && (eb.Msg != nil || eb.MsgShow != nil)
}

// errorBody is the union of the console's error shapes (the Rainbond console
// OpenAPI views). msg is usually a string, but serializer failures (e.g.
// blank log lines) send a dict of field -> messages, and err may nest lists
// and dicts (field -> index -> messages): both are flattened into FieldErrors.
type errorBody struct {
	Code      json.RawMessage `json:"code"`
	Msg       json.RawMessage `json:"msg"`
	MsgShow   string          `json:"msg_show"`
	Detail    string          `json:"detail"`
	Err       json.RawMessage `json:"err"`
	ErrorType string          `json:"error_type"`
}

// flattenFieldErrors adds the messages of a nested validation value to out
// under field (nested keys joined with "."); it returns the plain string
// when v is one.
func flattenFieldErrors(out map[string][]string, field string, v any) string {
	switch t := v.(type) {
	case string:
		if field != "" {
			out[field] = append(out[field], t)
		}
		return t
	case []any:
		for _, x := range t {
			flattenFieldErrors(out, field, x)
		}
	case map[string]any:
		for k, x := range t {
			f := k
			if field != "" {
				f = field + "." + k
			}
			flattenFieldErrors(out, f, x)
		}
	case nil:
	default:
		if field != "" {
			out[field] = append(out[field], fmt.Sprint(t))
		}
	}
	return ""
}

func (c *Client) decodeError(cl Call, status int, body []byte, reqID string) error {
	e := &APIError{Method: cl.Method, Path: cl.Path, HTTPStatus: status, RequestID: reqID}
	// The console may quote a rejected value (the repository password):
	// every text is masked with what this request sent and every known secret.
	red := c.http.Redactor()
	mask := func(s string) string { return red.Redact(s, cl.Secrets...) }
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		// code is a number in the console's replies; a string or anything else leaves 0.
		if n, err := strconv.Atoi(strings.Trim(string(eb.Code), `"`)); err == nil {
			e.Code = n
		}
		e.MsgShow, e.Detail, e.ErrorType = mask(eb.MsgShow), mask(eb.Detail), eb.ErrorType
		fields := map[string][]string{}
		var msg, errs any
		if json.Unmarshal(eb.Msg, &msg) == nil {
			e.Msg = mask(flattenFieldErrors(fields, "", msg))
		}
		if json.Unmarshal(eb.Err, &errs) == nil {
			if s := flattenFieldErrors(fields, "", errs); s != "" && e.Msg == "" {
				e.Msg = mask(s)
			}
		}
		for f, ms := range fields {
			for i := range ms {
				ms[i] = mask(ms[i])
			}
			fields[f] = dedupe(ms)
		}
		if len(fields) > 0 {
			e.FieldErrors = fields
		}
	} else if page, ok := transport.GatewayPage(body); ok {
		e.Msg = page
	} else {
		e.Msg = red.RedactTruncated(strings.TrimSpace(string(body)), 300, cl.Secrets...)
	}
	if e.Msg == "" && e.Detail == "" {
		e.Msg = http.StatusText(status)
	}
	return e
}

// APIError is an error response from the console.
type APIError struct {
	Method, Path string
	HTTPStatus   int
	Code         int
	Msg          string
	MsgShow      string
	Detail       string
	ErrorType    string
	// FieldErrors are serializer validation errors (code 20400): field -> messages.
	FieldErrors map[string][]string
	RequestID   string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Rainbond %s %s: HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if e.Code != 0 && e.Code != e.HTTPStatus {
		fmt.Fprintf(&b, ", code %d", e.Code)
	}
	msg := e.Msg
	if msg == "" {
		msg = e.Detail
	}
	if msg != "" {
		fmt.Fprintf(&b, ": %s", msg)
	}
	if e.MsgShow != "" && e.MsgShow != msg && len(e.MsgShow) < 200 {
		fmt.Fprintf(&b, " (%s)", e.MsgShow)
	}
	if len(e.FieldErrors) > 0 {
		fields := make([]string, 0, len(e.FieldErrors))
		for f := range e.FieldErrors {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		for _, f := range fields {
			fmt.Fprintf(&b, "; %s: %s", f, strings.Join(e.FieldErrors[f], " "))
		}
	}
	if h := e.Hint(); h != "" {
		fmt.Fprintf(&b, ". %s", h)
	}
	return b.String()
}

// Hint explains well-known failures in plain words.
func (e *APIError) Hint() string {
	switch {
	case e.HTTPStatus == 401 && e.Code == CodeLicense:
		return "The Rainbond license is invalid."
	case e.HTTPStatus == 401:
		return "The access token was rejected: check token (RAINBOND_TOKEN); tokens come from the console's personal access tokens and can expire."
	case e.HTTPStatus == 403:
		return "The token's user lacks permission for this operation."
	case e.HTTPStatus == 404:
		return e.notFoundHint()
	case e.HTTPStatus == 409 && e.Code == CodeTeamNotInRegion:
		return "The team has not been opened in this region (cluster); open it in the console first."
	case e.TooFrequent():
		return "The console refused the operation as too frequent: another operation on this component started less than 3 minutes ago and has not finished. Nothing was started; wait and retry."
	case e.HTTPStatus == 409:
		return "The console refused the operation because of a conflicting state."
	case e.HTTPStatus == 412:
		return "The cluster lacks resources (quota, memory or CPU) for this operation; nothing was started."
	case e.HTTPStatus == 507:
		return "The cluster (region API) refused or failed the operation (the console reports 构建异常 for builds); check the cluster's health in the console and retry."
	case e.HTTPStatus == 400 && e.Code == CodeValidation:
		if len(e.FieldErrors) > 0 {
			return "The request failed validation on the fields named above."
		}
		return "The request failed validation."
	case e.HTTPStatus == 400 && e.Code == CodeNotEnoughQuota:
		return "The team or enterprise has not enough quota for this operation."
	case e.HTTPStatus == 400 && strings.HasPrefix(e.Msg, "component create status is"):
		return "The component has not finished being created; the console refuses to build it until it has."
	case e.HTTPStatus == 500 && strings.Contains(e.Msg, "version already exists"):
		return "The cluster already has a build version with this id; retry the build in a moment."
	}
	return ""
}

// IsNotFound reports whether err is a 404 from the console.
func IsNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HTTPStatus == 404
}

// RequestError is a request that got no HTTP response.
type RequestError struct {
	Method, Path   string
	BaseURL        string
	MayHaveStarted bool
	Err            error
}

func (e *RequestError) Error() string {
	s := fmt.Sprintf("Rainbond %s %s: no response from %s: %v", e.Method, e.Path, e.BaseURL, e.Err)
	if transport.IsRedirectError(e.Err) {
		// The console answered, with a redirect the provider refused.
		s = fmt.Sprintf("Rainbond %s %s: %v", e.Method, e.Path, e.Err)
	}
	if e.MayHaveStarted {
		s += "; the request may have reached the console, so it was not repeated"
	}
	return s
}

func (e *RequestError) Unwrap() error { return e.Err }

// MalformedResponseError is a response that is not the documented JSON.
type MalformedResponseError struct {
	Method, Path string
	HTTPStatus   int
	StartsRun    bool
	Err          error
}

func (e *MalformedResponseError) Error() string {
	s := fmt.Sprintf("Rainbond %s %s: HTTP %d with a response that is not the documented JSON: %v", e.Method, e.Path, e.HTTPStatus, e.Err)
	if e.StartsRun {
		s += "; the console accepted the request, so it was not repeated"
	}
	return s
}

func (e *MalformedResponseError) Unwrap() error { return e.Err }

// dedupe drops repeated messages, keeping the first of each.
func dedupe(ms []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}
