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
		if got := transport.ClassifyStart(err); got != transport.StartUnknown {
			t.Errorf("%s: ClassifyStart = %v, want StartUnknown", name, got)
		}
	}
	for name, c := range map[string]struct {
		err  error
		want transport.StartOutcome
	}{
		"never reached the service":         {&codearts.RequestError{MayHaveStarted: false}, transport.StartNotStarted},
		"codearts gateway 502 page":         {&codearts.APIError{HTTPStatus: 502}, transport.StartUnknown},
		"codearts service's own 500":        {&codearts.APIError{HTTPStatus: 500, Code: "DEVPIPE.00011999"}, transport.StartNotStarted},
		"rainbond gateway 502 page":         {&rainbond.APIError{HTTPStatus: 502}, transport.StartUnknown},
		"rainbond console's own 500":        {&rainbond.APIError{HTTPStatus: 500, Code: 10500, MsgShow: "error"}, transport.StartNotStarted},
		"rainbond 409 too frequent refusal": {&rainbond.APIError{HTTPStatus: 409, Code: 10409}, transport.StartNotStarted},
	} {
		if got := transport.ClassifyStart(c.err); got != c.want {
			t.Errorf("%s: ClassifyStart = %v, want %v", name, got, c.want)
		}
	}
}
