package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func newClient(t *testing.T, retries int) *Client {
	t.Helper()
	c, err := New(Config{Subsystem: "test", UserAgent: "terraform-provider-cicd/test", MaxRetries: retries,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Timeout: 2 * time.Second,
		ThrottleCodes: []string{"APIG.0308"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scripted answers requests with the given statuses in turn, then 200.
func scripted(t *testing.T, hits *int32, statuses ...int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(atomic.AddInt32(hits, 1))
		if n <= len(statuses) {
			if statuses[n-1] == 429 {
				w.Header().Set("Retry-After", "0")
			}
			w.WriteHeader(statuses[n-1])
			_, _ = w.Write([]byte(`{"error_code":"X","error_msg":"transient"}`))
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRetryPolicy(t *testing.T) {
	cases := []struct {
		name       string
		method     string
		startsRun  bool
		statuses   []int
		wantStatus int
		wantHits   int32
	}{
		{"idempotent retries 503 then succeeds", http.MethodGet, false, []int{503, 503}, 200, 3},
		{"idempotent retries 500, 502 and 504", http.MethodGet, false, []int{500, 502, 504}, 200, 4},
		{"idempotent retries 429", http.MethodPut, false, []int{429}, 200, 2},
		{"idempotent does not retry 400", http.MethodGet, false, []int{400}, 400, 1},
		{"trigger retries 429 (not accepted)", http.MethodPost, true, []int{429, 429}, 200, 3},
		{"trigger never retries 503", http.MethodPost, true, []int{503}, 503, 1},
		{"trigger never retries 500", http.MethodPost, true, []int{500}, 500, 1},
		{"retries stop at max", http.MethodGet, false, []int{503, 503, 503, 503, 503}, 503, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var hits int32
			srv := scripted(t, &hits, tc.statuses...)
			resp, err := newClient(t, 3).Do(context.Background(), &Request{Method: tc.method, URL: srv.URL + "/x", StartsRun: tc.startsRun, Body: []byte(`{}`)})
			if err != nil {
				t.Fatalf("Do: %v", err)
			}
			if resp.StatusCode != tc.wantStatus || atomic.LoadInt32(&hits) != tc.wantHits {
				t.Fatalf("status %d after %d requests, want %d after %d", resp.StatusCode, hits, tc.wantStatus, tc.wantHits)
			}
		})
	}
}

func TestThrottleCodeRetriedEvenForTriggers(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if atomic.AddInt32(&hits, 1) == 1 {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	resp, err := newClient(t, 2).Do(context.Background(), &Request{Method: "POST", URL: srv.URL, StartsRun: true})
	if err != nil || resp.StatusCode != 200 || hits != 2 {
		t.Fatalf("got %v %v after %d hits; want 200 after 2", resp, err, hits)
	}
}

// hijacker drops the connection after reading the request: the request may
// have taken effect, so a trigger must not be repeated.
func hijacker(t *testing.T, hits *int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(hits, 1)
		_, _ = r.Body.Read(make([]byte, 1024))
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_ = conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestConnectionResetAfterSend(t *testing.T) {
	t.Run("trigger is not repeated", func(t *testing.T) {
		var hits int32
		srv := hijacker(t, &hits)
		_, err := newClient(t, 3).Do(context.Background(), &Request{Method: "POST", URL: srv.URL, StartsRun: true, Body: []byte(`{}`)})
		var ne *NetworkError
		if !errors.As(err, &ne) || !ne.MayHaveTakenEffect {
			t.Fatalf("want NetworkError that may have taken effect, got %v", err)
		}
		if hits != 1 {
			t.Fatalf("trigger sent %d times, want exactly 1", hits)
		}
	})
	t.Run("read is retried", func(t *testing.T) {
		var hits int32
		srv := hijacker(t, &hits)
		_, err := newClient(t, 2).Do(context.Background(), &Request{Method: "GET", URL: srv.URL})
		if err == nil || hits != 3 {
			t.Fatalf("want an error after 3 attempts, got %v after %d", err, hits)
		}
	})
}

func TestConnectionRefusedIsRetriedForTriggers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens: every dial is refused
	_, err = newClient(t, 2).Do(context.Background(), &Request{Method: "POST", URL: "http://" + addr + "/v3/jobs/build", StartsRun: true})
	var ne *NetworkError
	if !errors.As(err, &ne) {
		t.Fatalf("want NetworkError, got %v", err)
	}
	if ne.MayHaveTakenEffect || ne.Attempts != 3 {
		t.Fatalf("refused dial: MayHaveTakenEffect=%v attempts=%d, want false and 3", ne.MayHaveTakenEffect, ne.Attempts)
	}
}

func TestResponseTimeoutIsNotRepeatedForTriggers(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&hits, 1)
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	c, _ := New(Config{MaxRetries: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond, Timeout: 100 * time.Millisecond})
	_, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL, StartsRun: true})
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.MayHaveTakenEffect || hits != 1 {
		t.Fatalf("want one attempt and an error that may have taken effect; got %v after %d", err, hits)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	var hits int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if atomic.AddInt32(&hits, 1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	start := time.Now()
	if _, err := newClient(t, 2).Do(context.Background(), &Request{Method: "GET", URL: srv.URL}); err != nil {
		t.Fatal(err)
	}
	// RetryWaitMax (5ms) caps ordinary backoff, so only Retry-After explains a 1s wait.
	if el := time.Since(start); el < 900*time.Millisecond {
		t.Fatalf("retried after %v, want about 1s as Retry-After asked", el)
	}
}

func TestPrepareRunsOnEveryAttemptAndHeaders(t *testing.T) {
	var hits int32
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("X-Attempt")+"|"+r.Header.Get("User-Agent"))
		if atomic.AddInt32(&hits, 1) == 1 {
			w.WriteHeader(503)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	n := 0
	_, err := newClient(t, 2).Do(context.Background(), &Request{Method: "GET", URL: srv.URL, Prepare: func(r *http.Request, _ []byte) error {
		n++
		r.Header.Set("X-Attempt", strings.Repeat("a", n))
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a|terraform-provider-cicd/test", "aa|terraform-provider-cicd/test"}
	if len(seen) != 2 || seen[0] != want[0] || seen[1] != want[1] {
		t.Fatalf("attempt headers %q, want %q", seen, want)
	}
}

func TestCancelledContextStopsRetries(t *testing.T) {
	var hits int32
	srv := scripted(t, &hits, 503, 503, 503, 503, 503, 503)
	c, _ := New(Config{MaxRetries: 5, RetryWaitMin: time.Second, RetryWaitMax: time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: "GET", URL: srv.URL})
	if err == nil || time.Since(start) > 900*time.Millisecond {
		t.Fatalf("want a prompt error when ctx ends, got %v after %v", err, time.Since(start))
	}
}

func TestTraceLogsMaskSecrets(t *testing.T) {
	const sk, pw, tok = "sk-very-secret-value", "p@ssw0rd-secret", "MIIsubjecttoken-xyz"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Subject-Token", tok)
		_, _ = w.Write([]byte(`{"token":{"expires_at":"x"},"echo":"` + sk + `"}`))
	}))
	defer srv.Close()
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c, _ := New(Config{Subsystem: "codearts", Redactor: NewRedactor(sk)})
	_, err := c.Do(ctx, &Request{Method: "POST", URL: srv.URL + "/v3/auth/tokens",
		Header:  http.Header{"X-Auth-Token": {tok}, "Authorization": {"SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abcdef"}},
		Body:    []byte(`{"auth":{"identity":{"password":{"user":{"name":"u","password":"` + pw + `"}}}},"secret_key":"` + sk + `"}`),
		Secrets: []string{pw}})
	if err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{`"path":"/v3/auth/tokens"`, `"status":200`, "HTTP request body", "HTTP response body"} {
		if !strings.Contains(out, want) {
			t.Fatalf("TRACE log lacks %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{sk, pw, tok, "Signature=abcdef"} {
		if strings.Contains(out, secret) {
			t.Fatalf("TRACE log leaks %q:\n%s", secret, out)
		}
	}
}

func TestShortSecretsAreMaskedAsWholeValues(t *testing.T) {
	r := NewRedactor()
	got := r.Body(`{"params":[{"key":"pin","value":"7x","type":"encrypt"}],"note":"7x7"}`, "7x")
	if strings.Contains(got, `"7x"`) || !strings.Contains(got, `"value":"***"`) || !strings.Contains(got, `"note":"7x7"`) {
		t.Fatalf("short secret handling: %s", got)
	}
}

// TestSecretsMaskedInTheirJSONForm: a body holds a secret JSON-escaped
// (json.Marshal escapes <, >, &, quotes and backslashes); both registered and
// per-request secrets are masked in that form too.
func TestSecretsMaskedInTheirJSONForm(t *testing.T) {
	const registered, perRequest = `reg-<&>"\-secret`, `req-<&>"\-secret`
	body, _ := json.Marshal(map[string]string{"value": registered, "other": perRequest})
	got := NewRedactor(registered).Body(string(body), perRequest)
	if strings.Contains(got, "reg-") || strings.Contains(got, "req-") || strings.Count(got, Mask) != 2 {
		t.Fatalf("masked body: %s", got)
	}
}

// TestRequestSecretsMaskTheReplyAndLaterText: a request's secrets are masked
// in its reply (a service quoting the value), in every encoding, and
// registered so that later text (a log) quoting them is masked too; a cut
// error text never keeps the start of a secret.
func TestRequestSecretsMaskTheReplyAndLaterText(t *testing.T) {
	const secret = `echo-<&>"\-secret-value`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"error_msg":"value '` + jsonInner(secret) + `' refused"}`))
	}))
	defer srv.Close()
	c := newClient(t, 0)
	if _, err := c.Do(context.Background(), &Request{Method: "POST", URL: srv.URL, Secrets: []string{secret}}); err != nil {
		t.Fatal(err)
	}
	inner := jsonInner(secret)
	for _, text := range []string{"log: " + secret, "json: " + inner, "twice: " + jsonInner(inner)} {
		if got := c.Redactor().Redact(text); strings.Contains(got, "echo-") {
			t.Errorf("a secret sent earlier is not masked later: %q", got)
		}
	}
	long := strings.Repeat("x", 299) + secret + " tail"
	if got := c.Redactor().RedactTruncated(long, 300); strings.Contains(got, "echo-") || !strings.HasSuffix(got, "…") {
		t.Errorf("truncated text keeps the secret's start: %q", got)
	}
}

func jsonInner(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}
