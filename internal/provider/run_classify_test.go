package provider

import (
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// settleStart looks for the run only when classifyStart says the start is
// unclear: every error that says the run may have started must be unclear,
// or a lost reply would be reported as "not started" and invite a second run.
func TestClassifyStartCoversMayHaveStarted(t *testing.T) {
	for name, err := range map[string]error{
		"codearts lost reply":      &codearts.RequestError{MayHaveStarted: true},
		"codearts malformed start": &codearts.MalformedResponseError{StartsRun: true},
		"rainbond lost reply":      &rainbond.RequestError{MayHaveStarted: true},
		"rainbond malformed start": &rainbond.MalformedResponseError{StartsRun: true},
	} {
		if !transport.MayHaveStarted(err) {
			t.Fatalf("%s: transport.MayHaveStarted is false; the test proves nothing", name)
		}
		if got := classifyStart(err); got != transport.StartUnknown {
			t.Errorf("%s: classifyStart = %v, want StartUnknown", name, got)
		}
	}
	if got := classifyStart(&codearts.RequestError{MayHaveStarted: false}); got != transport.StartNotStarted {
		t.Errorf("a request that never reached the service: classifyStart = %v, want StartNotStarted", got)
	}
}
