package provider

import (
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// TestAccTLSSettings: against a console served over TLS with a private CA,
// insecure = false refuses the unknown CA with a diagnostic saying to set
// ca_cert_file; ca_cert_file naming the CA makes it work; insecure = true
// skips the check.
func TestAccTLSSettings(t *testing.T) {
	sim := simulator.New(simulator.Options{})
	srv := httptest.NewTLSServer(sim)
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	writeFile(t, caFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})))
	config := func(tls string) string {
		return fmt.Sprintf(`
provider "cicd" {
  max_retries = 3
  rainbond {
    url   = %q
    token = %q
    %s
  }
}
`, srv.URL, simulator.DemoRainbondToken, tls) + ds("rainbond_component_events", mxEvents+"limit = 1")
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: []resource.TestStep{
		{Config: config(""), ExpectError: regexp.MustCompile(`(?s)certificate\s+signed\s+by\s+unknown\s+authority.*set\s+ca_cert_file.*after\s+1\s+attempt`)},
		{Config: config(fmt.Sprintf("ca_cert_file = %q", caFile)), Check: resource.TestCheckResourceAttr("data.cicd_rainbond_component_events.test", "events.#", "1")},
		{Config: config("insecure = true"), Check: resource.TestCheckResourceAttr("data.cicd_rainbond_component_events.test", "events.#", "1")},
	}})
}
