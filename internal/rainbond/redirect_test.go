package rainbond_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestRedirectToAnotherHostSendsNoToken: a console that redirects to another
// host gets a clear error naming both; the other host receives nothing (no
// token, no repository password). A same-host redirect is followed.
func TestRedirectToAnotherHostSendsNoToken(t *testing.T) {
	var otherHits int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&otherHits, 1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the other host received the token")
		}
	}))
	defer other.Close()
	sim := simulator.New(simulator.Options{})
	console := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/elsewhere/"):
			http.Redirect(w, r, other.URL+strings.TrimPrefix(r.URL.Path, "/elsewhere"), http.StatusTemporaryRedirect)
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			http.Redirect(w, r, strings.TrimPrefix(r.URL.Path, "/moved"), http.StatusTemporaryRedirect)
		default:
			sim.ServeHTTP(w, r)
		}
	}))
	defer console.Close()
	ref := rainbond.ComponentRef{TeamID: simulator.DemoRainbondTeamID, RegionName: simulator.DemoRainbondRegion, AppID: simulator.DemoRainbondAppID, ServiceID: simulator.DemoRainbondServiceID}
	client := func(base string) *rainbond.Client {
		c, err := rainbond.New(rainbond.Config{URL: base, Token: simulator.DemoRainbondToken, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	_, err := client(console.URL+"/elsewhere").BuildComponent(context.Background(), ref, rainbond.BuildRequest{RepoURL: "https://git.example.com/a.git", Password: "repo-password-value"})
	if err == nil {
		t.Fatal("a redirect to another host was followed")
	}
	for _, want := range []string{"refused to follow the redirect", strings.TrimPrefix(console.URL, "http://"), strings.TrimPrefix(other.URL, "http://"), "another host"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := atomic.LoadInt32(&otherHits); n != 0 {
		t.Errorf("the other host received %d request(s)", n)
	}

	if _, err := client(console.URL+"/moved").GetEventLogs(context.Background(), ref, "0123456789abcdef0123456789abcdef"); err != nil && !rainbond.IsNotFound(err) {
		t.Fatalf("through a same-host redirect: %v", err)
	}
	if len(sim.Requests()) == 0 {
		t.Fatalf("the same-host redirect did not reach the console")
	}
}

// TestErrorRepliesMaskTheSentPassword: the console quoting the repository
// password in a validation error (field errors, msg, msg_show) gets it masked.
func TestErrorRepliesMaskTheSentPassword(t *testing.T) {
	const pw = "repo-pass-<&>-value"
	console := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"code":20400,"msg":"bad password ` + pw + `","msg_show":"密码 ` + pw + `","err":{"password":["` + pw + ` is invalid"]}}`))
	}))
	defer console.Close()
	c, err := rainbond.New(rainbond.Config{URL: console.URL, Token: simulator.DemoRainbondToken, MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	ref := rainbond.ComponentRef{TeamID: simulator.DemoRainbondTeamID, RegionName: simulator.DemoRainbondRegion, AppID: 1, ServiceID: simulator.DemoRainbondServiceID}
	_, err = c.BuildComponent(context.Background(), ref, rainbond.BuildRequest{RepoURL: "https://git.example.com/a.git", Password: pw})
	if err == nil || strings.Contains(err.Error(), "repo-pass") || !strings.Contains(err.Error(), "password: *** is invalid") {
		t.Fatalf("error: %v", err)
	}
}
