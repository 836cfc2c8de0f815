package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// credentialHeaders are every header that carries a credential.
var credentialHeaders = []string{"X-Auth-Token", "X-Security-Token", "Authorization", "X-Sdk-Date"}

// elsewhere is the other host: it counts what reaches it.
func elsewhere(t *testing.T, hits *int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(hits, 1)
		for _, h := range credentialHeaders {
			if r.Header.Get(h) != "" {
				t.Errorf("the other host received %s", h)
			}
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func withCredentials(r *http.Request, _ []byte) error {
	r.Header.Set("X-Auth-Token", "tok-secret-value")
	r.Header.Set("X-Security-Token", "sts-secret-value")
	r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc")
	return nil
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	var otherHits, hits int32
	other := elsewhere(t, &otherHits)
	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			atomic.StoreInt32(&otherHits, 0)
			atomic.StoreInt32(&hits, 0)
			endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				atomic.AddInt32(&hits, 1)
				http.Redirect(w, r, other.URL+"/steal", status)
			}))
			defer endpoint.Close()
			_, err := newClient(t, 3).Do(context.Background(), &Request{Method: http.MethodPost, URL: endpoint.URL + "/v3/jobs/build",
				Body: []byte(`{"a":1}`), Prepare: withCredentials})
			var re *RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("want a RedirectError, got %v", err)
			}
			msg := err.Error()
			for _, want := range []string{strings.TrimPrefix(endpoint.URL, "http://"), strings.TrimPrefix(other.URL, "http://") + "/steal", "another host"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not name %q", msg, want)
				}
			}
			if n := atomic.LoadInt32(&otherHits); n != 0 {
				t.Errorf("the other host received %d request(s)", n)
			}
			if n := atomic.LoadInt32(&hits); n != 1 {
				t.Errorf("a refused redirect is permanent: the endpoint got %d requests, want 1", n)
			}
		})
	}
}

func TestRedirectFromHTTPSToHTTPIsRefused(t *testing.T) {
	var otherHits int32
	other := elsewhere(t, &otherHits)
	endpoint := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	}))
	defer endpoint.Close()
	c, err := New(Config{CACertPEM: serverCAPEM(endpoint), MaxRetries: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), &Request{Method: http.MethodGet, URL: endpoint.URL + "/x", Prepare: withCredentials})
	var re *RedirectError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "downgrades https to http") {
		t.Fatalf("want a refused downgrade, got %v", err)
	}
	if otherHits != 0 {
		t.Fatalf("the http host received %d request(s)", otherHits)
	}
}

// TestSameHostRedirectIsFollowedAndReauthenticated: a redirect within the
// endpoint's origin works, and Prepare signs the new URL (an AK/SK signature
// covers the path, so replaying the old one would be refused).
func TestSameHostRedirectIsFollowedAndReauthenticated(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+" sig="+r.Header.Get("X-Signed-Path")+" body="+string(b))
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	resp, err := newClient(t, 0).Do(context.Background(), &Request{Method: http.MethodPost, URL: srv.URL + "/old", Body: []byte(`{"a":1}`),
		Prepare: func(r *http.Request, body []byte) error {
			r.Header.Set("X-Signed-Path", r.URL.Path+"|"+string(body))
			return nil
		}})
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("same-host redirect: %v %v", resp, err)
	}
	want := []string{`POST /old sig=/old|{"a":1} body={"a":1}`, `POST /new sig=/new|{"a":1} body={"a":1}`}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Fatalf("requests:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}
