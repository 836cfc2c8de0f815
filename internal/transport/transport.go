// Package transport is the HTTP core shared by the CodeArts and Rainbond clients:
// retries with backoff and jitter (go-retryablehttp), a retry policy that never
// repeats a request that may have started a run, TLS settings, the User-Agent,
// and logging through terraform-plugin-log with every secret masked.
//
// It has no Terraform framework imports; the provider layer builds one Client
// per platform and the API clients call Do.
package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Config configures a Client.
type Config struct {
	// Subsystem is the terraform-plugin-log subsystem, e.g. "codearts".
	Subsystem string
	// UserAgent is sent on every request.
	UserAgent string
	// Insecure disables TLS certificate verification (see tlsConfig).
	Insecure bool
	// CACertPEM, when set, is trusted in addition to the system roots.
	CACertPEM []byte
	// MaxRetries is the number of retries after the first attempt.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the backoff between attempts.
	RetryWaitMin, RetryWaitMax time.Duration
	// Timeout bounds one attempt (connect, send, and read the response).
	Timeout time.Duration
	// Redactor masks secrets in logs. A new one is made when nil.
	Redactor *Redactor
	// ThrottleCodes are service error codes that mean "throttled, not done"
	// even when sent with another HTTP status (e.g. APIG.0308).
	ThrottleCodes []string
}

// Defaults used when a Config field is zero.
const (
	DefaultMaxRetries   = 5
	DefaultRetryWaitMin = 500 * time.Millisecond
	DefaultRetryWaitMax = 30 * time.Second
	DefaultTimeout      = 60 * time.Second
)

// Client sends requests with retries and logging.
type Client struct {
	cfg Config
	rc  *retryablehttp.Client
}

// Request is one logical API call. Prepare is called before every attempt so
// that time-bound signatures and refreshed tokens are always current.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// StartsRun marks a call that starts something (a build, a deploy, a run).
	// It is retried only when it certainly never took effect: the connection
	// was never made, or the service said it throttled the call.
	StartsRun bool
	// Prepare adds authentication to an attempt. It may be nil.
	Prepare func(r *http.Request, body []byte) error
	// Secrets are the secret values this request sends (a deployment's
	// encrypt parameters, a repository password). They are masked in its
	// logs and in everything derived from its reply, and from then on
	// registered with the client's Redactor, so that a later reply (a
	// status, a log) quoting one is masked too.
	Secrets []string
}

// Response is a completed HTTP exchange, body already read.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	Attempts   int
}

// RequestID returns the service's request id header, if any.
func (r *Response) RequestID() string {
	for _, h := range []string{"X-Request-Id", "X-Openstack-Request-Id", "X-Request-ID"} {
		if v := r.Header.Get(h); v != "" {
			return v
		}
	}
	return ""
}

// NetworkError is returned when no HTTP response could be obtained.
type NetworkError struct {
	Method, URL string
	Attempts    int
	// MayHaveTakenEffect is true when the request may have reached the
	// service (e.g. the connection dropped after it was sent).
	MayHaveTakenEffect bool
	Err                error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s %s: %v (after %d attempt(s))", e.Method, e.URL, e.Err, e.Attempts)
}

func (e *NetworkError) Unwrap() error { return e.Err }

type ctxKey int

const (
	reqKey ctxKey = iota
)

type reqState struct {
	req      *Request
	attempts int
	started  time.Time
}

// New builds a Client.
func New(cfg Config) (*Client, error) {
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryWaitMin == 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax == 0 {
		cfg.RetryWaitMax = DefaultRetryWaitMax
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Redactor == nil {
		cfg.Redactor = NewRedactor()
	}
	if cfg.Subsystem == "" {
		cfg.Subsystem = "http"
	}

	tr := cleanhttp.DefaultPooledTransport()
	tlsCfg, err := tlsConfig(cfg)
	if err != nil {
		return nil, err
	}
	tr.TLSClientConfig = tlsCfg

	rc := retryablehttp.NewClient()
	rc.Logger = nil
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	c := &Client{cfg: cfg, rc: rc}
	rc.HTTPClient = &http.Client{Transport: tr, Timeout: cfg.Timeout, CheckRedirect: c.checkRedirect}
	rc.CheckRetry = c.checkRetry
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	rc.PrepareRetry = c.prepareAttempt
	rc.RequestLogHook = func(_ retryablehttp.Logger, r *http.Request, attempt int) {
		if st, ok := r.Context().Value(reqKey).(*reqState); ok {
			st.attempts = attempt + 1
			st.started = time.Now()
		}
	}
	rc.ResponseLogHook = func(_ retryablehttp.Logger, resp *http.Response) {
		st, ok := resp.Request.Context().Value(reqKey).(*reqState)
		if !ok {
			return
		}
		tflog.SubsystemDebug(resp.Request.Context(), cfg.Subsystem, "HTTP response", map[string]any{
			"method":      resp.Request.Method,
			"path":        resp.Request.URL.Path,
			"status":      resp.StatusCode,
			"attempt":     st.attempts,
			"duration_ms": time.Since(st.started).Milliseconds(),
			"request_id":  resp.Header.Get("X-Request-Id"),
		})
	}
	return c, nil
}

// Redactor returns the client's secret masker.
func (c *Client) Redactor() *Redactor { return c.cfg.Redactor }

// Do performs the request, retrying as the policy allows, and reads the body.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	ctx = tflog.NewSubsystem(ctx, c.cfg.Subsystem, tflog.WithLevelFromEnv("TF_LOG_PROVIDER_CICD_"+strings.ToUpper(c.cfg.Subsystem)))
	st := &reqState{req: req}
	ctx = context.WithValue(ctx, reqKey, st)
	c.cfg.Redactor.Add(req.Secrets...)

	var body any
	if req.Body != nil {
		body = req.Body
	}
	rr, err := retryablehttp.NewRequestWithContext(ctx, req.Method, req.URL, body)
	if err != nil {
		return nil, fmt.Errorf("building request %s %s: %w", req.Method, req.URL, err)
	}
	for k, vs := range req.Header {
		for _, v := range vs {
			rr.Header.Add(k, v)
		}
	}
	if c.cfg.UserAgent != "" {
		rr.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if err := c.prepareAttempt(rr.Request); err != nil {
		return nil, err
	}

	c.logRequest(ctx, req, rr.Request)
	resp, err := c.rc.Do(rr)
	if err != nil {
		return nil, &NetworkError{
			Method: req.Method, URL: redactURL(req.URL), Attempts: max(st.attempts, 1),
			MayHaveTakenEffect: !neverSent(err) && !isTLSError(err), Err: c.cfg.Redactor.RedactError(explainTLS(unwrapURLError(err))),
		}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &NetworkError{Method: req.Method, URL: redactURL(req.URL), Attempts: st.attempts, MayHaveTakenEffect: true, Err: err}
	}
	out := &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data, Attempts: st.attempts}
	tflog.SubsystemTrace(ctx, c.cfg.Subsystem, "HTTP response body", map[string]any{
		"method":  req.Method,
		"path":    rr.URL.Path,
		"status":  resp.StatusCode,
		"headers": c.cfg.Redactor.Headers(resp.Header),
		"body":    c.cfg.Redactor.Body(string(data), req.Secrets...),
	})
	return out, nil
}

func (c *Client) prepareAttempt(r *http.Request) error {
	st, ok := r.Context().Value(reqKey).(*reqState)
	if !ok || st.req.Prepare == nil {
		return nil
	}
	if err := st.req.Prepare(r, st.req.Body); err != nil {
		return fmt.Errorf("authenticating %s %s: %w", r.Method, r.URL.Path, err)
	}
	return nil
}

func (c *Client) logRequest(ctx context.Context, req *Request, r *http.Request) {
	tflog.SubsystemDebug(ctx, c.cfg.Subsystem, "HTTP request", map[string]any{
		"method": req.Method,
		"path":   r.URL.Path,
		"query":  c.cfg.Redactor.Redact(r.URL.RawQuery, req.Secrets...),
	})
	tflog.SubsystemTrace(ctx, c.cfg.Subsystem, "HTTP request body", map[string]any{
		"method":  req.Method,
		"path":    r.URL.Path,
		"headers": c.cfg.Redactor.Headers(r.Header),
		"body":    c.cfg.Redactor.Body(string(req.Body), req.Secrets...),
	})
}

// checkRetry is the retry policy. Idempotent calls retry on network errors,
// 429, 500, 502, 503 and 504 and on service throttle codes. Calls that start a
// run retry only on errors that prove nothing happened: a failed dial, 429, or
// a throttle code.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	st, _ := ctx.Value(reqKey).(*reqState)
	startsRun := st != nil && st.req.StartsRun
	if err != nil {
		if startsRun {
			return neverSent(err), nil
		}
		return isRetryableNetErr(err), nil
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return true, nil
	}
	if len(c.cfg.ThrottleCodes) > 0 && resp.StatusCode >= 400 && c.bodyHasThrottleCode(resp) {
		return true, nil
	}
	if startsRun {
		return false, nil
	}
	switch resp.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true, nil
	}
	return false, nil
}

func (c *Client) bodyHasThrottleCode(resp *http.Response) bool {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return false
	}
	for _, code := range c.cfg.ThrottleCodes {
		if bytes.Contains(data, []byte(`"`+code+`"`)) {
			return true
		}
	}
	return false
}

// maxRetryAfter bounds how long a Retry-After header can make a request wait.
const maxRetryAfter = 2 * time.Minute

// backoff honours Retry-After (seconds or HTTP date) and otherwise uses
// exponential backoff with full jitter between min and max.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			// The service said when to come back: honour it, within reason.
			return min(d, maxRetryAfter)
		}
	}
	ceil := float64(minWait) * float64(uint64(1)<<min(attempt, 20))
	if ceil > float64(maxWait) {
		ceil = float64(maxWait)
	}
	// Full jitter, never below minWait.
	d := time.Duration(float64(minWait) + rand.Float64()*(ceil-float64(minWait)))
	return d
}

func retryAfter(v string) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		d := time.Until(t)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// neverSent reports whether err proves the request never reached the server.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func isRetryableNetErr(err error) bool {
	if err == nil {
		return false
	}
	if IsRedirectError(err) || isTLSError(err) {
		return false
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// Bad URLs, unsupported schemes and TLS verification failures are permanent.
		var certErr *tls.CertificateVerificationError
		if errors.As(err, &certErr) {
			return false
		}
		var unknownAuth x509.UnknownAuthorityError
		if errors.As(err, &unknownAuth) {
			return false
		}
		if strings.Contains(ue.Error(), "unsupported protocol scheme") {
			return false
		}
	}
	return true
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.User = nil
	return u.String()
}
