package codearts

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

func startSim(t testing.TB) (*simulator.Server, string) {
	t.Helper()
	s := simulator.New(simulator.Options{})
	url := s.Start()
	t.Cleanup(s.Close)
	return s, url
}

func simConfig(url string) Config {
	return Config{Region: simulator.DemoRegion, Endpoints: Endpoints{Pipeline: url, Build: url, Deploy: url, IAM: url}, MaxRetries: 1}
}

// TestAuthModesAgainstSimulator runs a real call in each mode, at TRACE, and
// proves that no secret (SK, password, issued token, security token) reaches
// the logs while the calls themselves succeed.
func TestAuthModesAgainstSimulator(t *testing.T) {
	sim, url := startSim(t)
	const securityToken = "temporary-security-token-value"
	modes := map[string]func(c *Config){
		"aksk": func(c *Config) {
			c.AccessKey, c.SecretKey, c.SecurityToken = simulator.DemoAK, simulator.DemoSK, securityToken
		},
		"password": func(c *Config) {
			c.UserName, c.Password, c.DomainName = simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName
		},
	}
	for name, set := range modes {
		t.Run(name, func(t *testing.T) {
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &logs)
			cfg := simConfig(url)
			set(&cfg)
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			sim.ResetCounts()
			for i := 0; i < 3; i++ {
				rows, _, err := c.ListPipelines(ctx, PipelineFilter{ProjectIDs: []string{simulator.DemoCodeArtsProjectID}}, 5)
				if err != nil || len(rows) != 5 {
					t.Fatalf("ListPipelines: %d rows, %v", len(rows), err)
				}
			}
			if pid, err := c.ProjectID(ctx); err != nil || pid != simulator.DemoIAMProjectID {
				t.Fatalf("project id %q, %v", pid, err)
			}
			if did, err := c.DomainID(ctx); err != nil || did != simulator.DemoDomainID {
				t.Fatalf("domain id %q, %v", did, err)
			}
			// Looked up or issued once for the client's life, not per call.
			if n := sim.Count("POST /v3/auth/tokens") + sim.Count("GET /v3/projects"); n != 1 {
				t.Fatalf("%d IAM token/project calls for 3 list calls, want exactly 1", n)
			}
			out := logs.String()
			if !strings.Contains(out, `"path":"/v3/pipelines/list"`) || !strings.Contains(out, "HTTP response body") {
				t.Fatalf("TRACE logs lack the request: %s", out)
			}
			secrets := []string{simulator.DemoSK, simulator.DemoPassword, securityToken}
			c.tokenMu.Lock()
			if c.token != "" {
				secrets = append(secrets, c.token)
			}
			c.tokenMu.Unlock()
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Fatalf("TRACE logs leak a secret (%.6s…)", s)
				}
			}
		})
	}
}

func TestTokenRefreshedOnceAfter401(t *testing.T) {
	sim, url := startSim(t)
	cfg := simConfig(url)
	cfg.UserName, cfg.Password, cfg.DomainName = simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, _, err := c.ListPipelines(ctx, PipelineFilter{}, 1); err != nil {
		t.Fatal(err)
	}
	sim.ExpireTokens() // revoked early, before expires_at
	if _, _, err := c.ListPipelines(ctx, PipelineFilter{}, 1); err != nil {
		t.Fatalf("a revoked token must be replaced once and the call retried: %v", err)
	}
	if n := sim.Count("POST /v3/auth/tokens"); n != 2 {
		t.Fatalf("token issued %d times, want 2 (initial + one refresh)", n)
	}
}

func TestHTTP200ErrorIsAnError(t *testing.T) {
	sim, url := startSim(t)
	cfg := simConfig(url)
	cfg.AccessKey, cfg.SecretKey = simulator.DemoAK, simulator.DemoSK
	c, _ := New(cfg)
	sim.InjectFault("POST /v3/pipelines/list", simulator.Fault{Kind: simulator.FaultErrorWith200, Code: "DEVPIPE.00011412", Message: "project not found"})
	_, _, err := c.ListPipelines(context.Background(), PipelineFilter{}, 1)
	if !HasCode(err, "DEVPIPE.00011412") || !strings.Contains(err.Error(), "HTTP 200") || !strings.Contains(err.Error(), "request id") {
		t.Fatalf("want the HTTP-200 error decoded with code and request id, got %v", err)
	}
}

// BenchmarkSignedRoundTrip is one AK/SK-signed request through the whole
// client (sign, send, decode) against the simulator on loopback.
func BenchmarkSignedRoundTrip(b *testing.B) {
	_, url := startSim(b)
	cfg := simConfig(url)
	cfg.AccessKey, cfg.SecretKey = simulator.DemoAK, simulator.DemoSK
	c, _ := New(cfg)
	ctx := context.Background()
	if _, err := c.ProjectID(ctx); err != nil { // the one-off look-up is not part of the round trip
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := c.ListPipelines(ctx, PipelineFilter{}, 10); err != nil {
			b.Fatal(err)
		}
	}
}
