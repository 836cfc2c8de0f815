package codearts_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestIDsFromOneIAMRequest: with AK/SK and no configured ids, 20 parallel
// callers asking for the domain and project ids cause one IAM request
// (GET /v3/projects, whose record carries domain_id).
func TestIDsFromOneIAMRequest(t *testing.T) {
	sim, c := newSimClient(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				if d, err := c.DomainID(ctx); err != nil || d != simulator.DemoDomainID {
					t.Errorf("DomainID = %q, %v", d, err)
				}
			} else if p, err := c.ProjectID(ctx); err != nil || p != simulator.DemoIAMProjectID {
				t.Errorf("ProjectID = %q, %v", p, err)
			}
		}(i)
	}
	wg.Wait()
	if p, d := sim.Count("GET /v3/projects"), sim.Count("GET /v3/auth/domains"); p != 1 || d != 0 {
		t.Fatalf("IAM requests: %d project look-ups, %d domain look-ups; want 1 and 0", p, d)
	}
}

// iamStub answers the two IAM look-ups, the project record without domain_id.
func iamStub(t *testing.T) (url string, projects, domains *atomic.Int32) {
	projects, domains = &atomic.Int32{}, &atomic.Int32{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v3/projects", func(w http.ResponseWriter, r *http.Request) {
		projects.Add(1)
		_, _ = w.Write([]byte(`{"projects":[{"id":"p-1","name":"` + r.URL.Query().Get("name") + `","enabled":true}]}`))
	})
	mux.HandleFunc("GET /v3/auth/domains", func(w http.ResponseWriter, _ *http.Request) {
		domains.Add(1)
		_, _ = w.Write([]byte(`{"domains":[{"id":"d-1","name":"acct","enabled":true}]}`))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts.URL, projects, domains
}

func TestDomainIDFallsBackToDomainLookup(t *testing.T) {
	t.Run("project record without domain_id", func(t *testing.T) {
		url, projects, domains := iamStub(t)
		c, err := codearts.New(codearts.Config{Region: "r-1", AccessKey: "ak", SecretKey: "sk", Endpoints: codearts.Endpoints{IAM: url}})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if d, err := c.DomainID(context.Background()); err != nil || d != "d-1" {
				t.Fatalf("DomainID = %q, %v", d, err)
			}
		}
		if projects.Load() != 1 || domains.Load() != 1 {
			t.Fatalf("%d project and %d domain look-ups; want 1 and 1", projects.Load(), domains.Load())
		}
	})
	t.Run("project id configured", func(t *testing.T) {
		url, projects, domains := iamStub(t)
		c, err := codearts.New(codearts.Config{Region: "r-1", AccessKey: "ak", SecretKey: "sk", ProjectID: "p-9", Endpoints: codearts.Endpoints{IAM: url}})
		if err != nil {
			t.Fatal(err)
		}
		if d, err := c.DomainID(context.Background()); err != nil || d != "d-1" {
			t.Fatalf("DomainID = %q, %v", d, err)
		}
		if projects.Load() != 0 || domains.Load() != 1 {
			t.Fatalf("%d project and %d domain look-ups; want 0 and 1", projects.Load(), domains.Load())
		}
	})
}
