package codearts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// credentialHeaders carry a credential in some auth mode.
var credentialHeaders = []string{"X-Auth-Token", "X-Security-Token", "Authorization", "X-Sdk-Date"}

// TestRedirectToAnotherHostSendsNoCredential: in every auth mode, an
// endpoint (IAM included) that redirects to another host gets a clear error
// naming both hosts, and the other host receives nothing: no token, no
// security token, no signature, no password.
func TestRedirectToAnotherHostSendsNoCredential(t *testing.T) {
	var otherHits int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		atomic.AddInt32(&otherHits, 1)
		for _, h := range credentialHeaders {
			if v := r.Header.Get(h); v != "" {
				t.Errorf("the other host received %s", h)
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer endpoint.Close()

	modes := map[string]func(c *Config){
		"aksk": func(c *Config) { c.AccessKey, c.SecretKey = simulator.DemoAK, simulator.DemoSK },
		"sts": func(c *Config) {
			c.AccessKey, c.SecretKey, c.SecurityToken = simulator.DemoAK, simulator.DemoSK, "sts-token-value"
		},
		"token": func(c *Config) { c.AuthToken = "iam-token-value" },
		"password": func(c *Config) {
			c.UserName, c.Password, c.DomainName = simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName
		},
	}
	for name, set := range modes {
		t.Run(name, func(t *testing.T) {
			atomic.StoreInt32(&otherHits, 0)
			cfg := simConfig(endpoint.URL)
			cfg.ProjectID = simulator.DemoIAMProjectID
			set(&cfg)
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = c.ListPipelines(context.Background(), PipelineFilter{ProjectIDs: []string{simulator.DemoCodeArtsProjectID}}, 5)
			if err == nil {
				t.Fatal("a redirect to another host was followed")
			}
			for _, want := range []string{"refused to follow the redirect", strings.TrimPrefix(endpoint.URL, "http://"), strings.TrimPrefix(other.URL, "http://"), "another host"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if strings.Contains(err.Error(), "no response") {
				t.Errorf("error %q says there was no response; the endpoint answered with a redirect", err)
			}
			if n := atomic.LoadInt32(&otherHits); n != 0 {
				t.Errorf("the other host received %d request(s)", n)
			}
		})
	}
}

// TestSameHostRedirectIsReSigned: a redirect within the endpoint's origin is
// followed, and in AK/SK mode the request is signed again over its new path
// (the simulator verifies every signature, so a replayed one would get 401).
func TestSameHostRedirectIsReSigned(t *testing.T) {
	sim := simulator.New(simulator.Options{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/moved"); ok {
			http.Redirect(w, r, rest+"?"+r.URL.RawQuery, http.StatusPermanentRedirect)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	defer srv.Close()
	cfg := simConfig(srv.URL + "/moved")
	cfg.AccessKey, cfg.SecretKey = simulator.DemoAK, simulator.DemoSK
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := c.ListPipelines(context.Background(), PipelineFilter{ProjectIDs: []string{simulator.DemoCodeArtsProjectID}}, 5)
	if err != nil || len(rows) != 5 {
		t.Fatalf("through a same-host redirect: %d rows, %v", len(rows), err)
	}
}
