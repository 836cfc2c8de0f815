package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// The fault matrix's vocabulary: what a row expects, the retry policy those
// expectations derive from, and the harness that turns a row into test steps.

// outcome is what a user sees when one call of an operation meets one fault.
type outcome int

const (
	// succeedsAfterRetry: the provider retried and the operation succeeded.
	succeedsAfterRetry outcome = iota + 1
	// failsCleanly: exactly one error diagnostic, with the operation's
	// summary and the fault's key detail; nothing happened on the server
	// that the state does not show.
	failsCleanly
	// succeedsAnyway: the operation succeeds without repeating the faulted
	// call: the call was best effort, or a read proved it took effect.
	succeedsAnyway
	// reportsMayHaveStarted: a start whose request may have reached the service:
	// exactly one error saying so; the provider did not send it again.
	reportsMayHaveStarted
)

func (o outcome) String() string {
	switch o {
	case succeedsAfterRetry:
		return "succeedsAfterRetry"
	case failsCleanly:
		return "failsCleanly"
	case succeedsAnyway:
		return "succeedsAnyway"
	case reportsMayHaveStarted:
		return "mayHaveStarted"
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// callClass is how the transport treats the faulted call.
type callClass int

const (
	// idempotentCall: reads, list POSTs, PUT, DELETE, stop: repeated on
	// 429/5xx/network errors.
	idempotentCall callClass = iota + 1
	// startCall: a StartsRun request (or a create that must not be doubled):
	// repeated only when it certainly never took effect.
	startCall
)

// matrixFaults is every fault the simulator can inject.
var matrixFaults = []simulator.FaultKind{
	simulator.FaultStatus429, simulator.FaultStatus500, simulator.FaultStatus503,
	simulator.FaultConnReset, simulator.FaultConnResetAfter, simulator.FaultTimeoutAfter,
	simulator.FaultMalformedJSON, simulator.FaultErrorWith200, simulator.FaultExpiredToken,
}

// retryPolicy is internal/transport's policy written as outcomes. A row
// differs from it only through an exception that says why.
var retryPolicy = map[callClass]map[simulator.FaultKind]outcome{
	idempotentCall: {
		simulator.FaultStatus429:      succeedsAfterRetry,
		simulator.FaultStatus500:      succeedsAfterRetry,
		simulator.FaultStatus503:      succeedsAfterRetry,
		simulator.FaultConnReset:      succeedsAfterRetry,
		simulator.FaultConnResetAfter: succeedsAfterRetry,
		simulator.FaultTimeoutAfter:   succeedsAfterRetry,
		simulator.FaultMalformedJSON:  failsCleanly, // a 200 with a broken body is not retried
		simulator.FaultErrorWith200:   failsCleanly,
		simulator.FaultExpiredToken:   failsCleanly,
	},
	startCall: {
		simulator.FaultStatus429:      succeedsAfterRetry, // throttled: certainly not started
		simulator.FaultStatus500:      failsCleanly,
		simulator.FaultStatus503:      failsCleanly,
		simulator.FaultConnReset:      failsCleanly,
		simulator.FaultConnResetAfter: reportsMayHaveStarted,
		simulator.FaultTimeoutAfter:   reportsMayHaveStarted,
		simulator.FaultMalformedJSON:  reportsMayHaveStarted,
		simulator.FaultErrorWith200:   failsCleanly,
		simulator.FaultExpiredToken:   failsCleanly,
	},
}

// faultDetail is the key detail a diagnostic caused by a fault carries.
var faultDetail = map[simulator.FaultKind]string{
	simulator.FaultStatus429:      `HTTP 429`,
	simulator.FaultStatus500:      `HTTP 500`,
	simulator.FaultStatus503:      `HTTP 503`,
	simulator.FaultConnReset:      `(EOF|connection reset)`,
	simulator.FaultConnResetAfter: `(EOF|connection reset)`,
	simulator.FaultTimeoutAfter:   `(Client\.Timeout|deadline exceeded)`,
	simulator.FaultMalformedJSON:  `not (?:valid|the documented) JSON`,
	simulator.FaultErrorWith200:   `HTTP 200`,
	simulator.FaultExpiredToken:   `token has expired`,
}

// exception is a row whose expectation is not the policy's, and why.
type exception struct {
	want   outcome
	detail []string // replaces the fault's default detail when set
	why    string
	// plansUpdate: after the row's apply the next plan is an update in
	// place (a run whose outcome is unknown is waited for again).
	plansUpdate bool
}

// matrixOp is one operation of one type, faulted on one route.
type matrixOp struct {
	name    string // "<type> <operation>"
	route   string // the simulator's registered pattern
	class   callClass
	summary string // the diagnostic's summary when the operation fails
	started string // what a reportsMayHaveStarted diagnostic says
	except  map[simulator.FaultKind]exception
	// run runs every row of the operation (usually as one TestCase).
	run func(t *testing.T, rows []faultRow)
}

// faultRow is one (operation, fault) pair and what it must do.
type faultRow struct {
	op          *matrixOp
	fault       simulator.FaultKind
	want        outcome
	detail      []string
	why         string
	plansUpdate bool
}

func (r faultRow) String() string {
	return fmt.Sprintf("%s × %s", r.op.name, strings.TrimPrefix(r.fault.String(), "Fault"))
}

func (op *matrixOp) rows() []faultRow {
	var out []faultRow
	for _, f := range matrixFaults {
		r := faultRow{op: op, fault: f, want: retryPolicy[op.class][f], detail: []string{faultDetail[f]}}
		if op.class == startCall && f == simulator.FaultConnReset {
			// Reset before the handler ran: the client sees the same dropped
			// connection as after it, so it cannot claim nothing started.
			r.want, r.why = reportsMayHaveStarted, "a reset before any response looks the same to the client whether or not the service acted; the provider says the run may have started (the simulator shows nothing did)"
		}
		if x, ok := op.except[f]; ok {
			r.want, r.why, r.plansUpdate = x.want, x.why, x.plansUpdate
			if x.detail != nil {
				r.detail = x.detail
			}
		}
		if r.want == reportsMayHaveStarted {
			r.detail = append(append([]string(nil), r.detail...), op.started)
		}
		out = append(out, r)
	}
	return out
}

// failed reports whether the row's step ends with an error.
func (r faultRow) failed() bool { return r.want != succeedsAfterRetry && r.want != succeedsAnyway }

// errorRE matches the row's error: exactly one diagnostic, with the summary
// and the details in order.
func (r faultRow) errorRE() *regexp.Regexp { return oneError(r.op.summary, r.detail...) }

// fault is the injected fault: Retry-After 1s, a response held well past the
// provider's request_timeout.
func (r faultRow) injected() simulator.Fault {
	return simulator.Fault{Kind: r.fault, RetryAfter: time.Second, Delay: 4 * time.Second}
}

// notError matches any text without "Error: " (Terraform starts every error
// diagnostic with it). RE2 has no lookahead, so it is spelled out: any run
// of characters in which every "E" is followed by something that breaks
// "rror: ", or by another "E", or by the end.
var notError = func() string {
	partial := `(?:r(?:r(?:o(?:r:?)?)?)?)?`                                  // a proper prefix of "rror: "
	breaks := `(?:[^rE]|r(?:[^rE]|r(?:[^oE]|o(?:[^rE]|r(?:[^:E]|:[^ E])))))` // that prefix, then a char that ends it
	es := `E(?:` + partial + `E)*`
	return `(?:[^E]|` + es + breaks + `)*(?:` + es + partial + `)?`
}()

// oneError matches Terraform's output when it holds exactly one error
// diagnostic, whose summary matches summary and whose text then shows parts
// in order (words may be wrapped across lines, as in errorPattern).
func oneError(summary string, parts ...string) *regexp.Regexp {
	words := func(p string) string { return `(?:` + strings.Join(strings.Fields(p), `\s+`) + `)` }
	re := `\A` + notError + `Error: ` + words(summary)
	for _, p := range parts {
		re += notError + words(p)
	}
	return regexp.MustCompile(re + notError + `\z`)
}

// matrixFactories serve a provider whose retries wait 50ms instead of the
// transport's 0.5–30s backoff (a service's Retry-After is still honoured).
var matrixFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"cicd": providerserver.NewProtocol6WithError(&cicdProvider{version: "test", retryWait: 50 * time.Millisecond}),
}

type authKind int

const (
	tokenAuth authKind = iota
	akskAuth
	passwordAuth
)

// matrixEnv is a fresh simulator and an IAM token issued by it.
type matrixEnv struct {
	*testEnv
	t     *testing.T
	token string
}

func newMatrixEnv(t *testing.T) *matrixEnv {
	e := newTestEnv(t)
	return &matrixEnv{testEnv: e, t: t, token: e.issueToken(t)}
}

// provider renders a provider block with 2 retries and a 1s request timeout.
func (e *matrixEnv) provider(a authKind) string {
	creds := fmt.Sprintf("auth_token = %q", e.token)
	switch a {
	case akskAuth:
		creds = fmt.Sprintf("access_key = %q\n    secret_key = %q", simulator.DemoAK, simulator.DemoSK)
	case passwordAuth:
		creds = fmt.Sprintf("user_name = %q\n    password = %q\n    domain_name = %q", simulator.DemoUserName, simulator.DemoPassword, simulator.DemoDomainName)
	}
	return fmt.Sprintf(`
provider "cicd" {
  max_retries     = 2
  request_timeout = "1s"
  codearts {
    region = %[1]q
    %[2]s
    %[3]s
  }
  rainbond {
    url   = %[4]q
    token = %[5]q
  }
}
`, simulator.DemoRegion, creds, e.endpoints(), e.url, simulator.DemoRainbondToken)
}

// chain collects a TestCase's steps. Checks of what a step left behind
// (server objects, runs started) run just before the next step.
type chain struct {
	e       *matrixEnv
	steps   []resource.TestStep
	pending []func() error // registered while the steps run
	label   string
	tail    bool // the last step registers checks: a final step must run them
	// noRefresh plans without refreshing, so that a fault meant for a call
	// made during apply is not consumed by the plan's refresh.
	noRefresh bool
}

func (e *matrixEnv) chain() *chain { return &chain{e: e} }

func (c *chain) flush() {
	for _, f := range c.pending {
		if err := f(); err != nil {
			c.e.t.Errorf("%s: %v", c.label, err)
		}
	}
	c.pending = nil
}

// add appends a plain step (set-up or clean-up); after runs before the next step.
func (c *chain) add(s resource.TestStep, after ...func() error) {
	pre := s.PreConfig
	s.PreConfig = func() {
		c.flush()
		if pre != nil {
			pre()
		}
		c.pending = append(c.pending, after...)
	}
	c.steps = append(c.steps, s)
	c.tail = len(after) > 0
}

// row appends the row's faulted step: the fault is injected just before it;
// a succeeding row must have hit the route at least twice (the fault and
// the retry) and pass onSuccess; a failing one must show r.errorRE(). after
// runs before the next step, whatever the outcome.
func (c *chain) row(r faultRow, s resource.TestStep, onSuccess resource.TestCheckFunc, after func() error) {
	route := r.op.route
	var before int
	pre := s.PreConfig
	s.PreConfig = func() {
		c.flush()
		c.label = r.String()
		if pre != nil {
			pre()
		}
		before = c.e.sim.Count(route)
		c.e.sim.InjectFault(route, r.injected())
		c.pending = append(c.pending, func() error {
			if n := c.e.sim.PendingFaults(route); n != 0 {
				c.e.sim.ClearFaults()
				return fmt.Errorf("the fault was not consumed: %d still queued on %s", n, route)
			}
			return nil
		})
		if after != nil {
			c.pending = append(c.pending, after)
		}
	}
	s.ExpectNonEmptyPlan = s.ExpectNonEmptyPlan || r.plansUpdate
	if r.failed() {
		s.ExpectError = r.errorRE()
	} else {
		s.Check = func(st *terraform.State) error {
			if n := c.e.sim.Count(route) - before; n < 2 && r.want == succeedsAfterRetry {
				return fmt.Errorf("%s: %s was called %d times, want the faulted call and a retry", r, route, n)
			}
			if onSuccess != nil {
				if err := onSuccess(st); err != nil {
					return fmt.Errorf("%s: %w", r, err)
				}
			}
			return nil
		}
	}
	c.steps = append(c.steps, s)
	c.tail = true
}

// done returns the steps; the last step's checks run in a final refresh.
func (c *chain) done() []resource.TestStep {
	if c.tail {
		c.add(resource.TestStep{RefreshState: true, ExpectNonEmptyPlan: true})
	}
	return c.steps
}

func (c *chain) run(t *testing.T) {
	tc := resource.TestCase{ProtoV6ProviderFactories: matrixFactories, Steps: c.done()}
	if c.noRefresh {
		tc.AdditionalCLIOptions = &resource.AdditionalCLIOptions{Plan: resource.PlanOptions{NoRefresh: true}}
	}
	resource.ParallelTest(t, tc)
}

// TestFaultMatrixErrorPattern checks oneError's "no other error" part
// against strings.Contains on every short string over a small alphabet.
func TestFaultMatrixErrorPattern(t *testing.T) {
	none := regexp.MustCompile(`\A` + notError + `\z`)
	alphabet := []string{"E", "r", "o", ":", " ", "x", "\n"}
	var walk func(s string, depth int)
	walk = func(s string, depth int) {
		if got, want := none.MatchString(s), !strings.Contains(s, "Error: "); got != want {
			t.Fatalf("notError on %q = %v, want %v", s, got, want)
		}
		if depth == 0 {
			return
		}
		for _, a := range alphabet {
			walk(s+a, depth-1)
		}
	}
	walk("", 7)
	for _, s := range []string{"Error: Error: ", "xxError: y", "EError: ", "ErrError: ", "Error:Error: x"} {
		walk(s, 1)
	}
	one := oneError("Cannot read the build", "HTTP 500")
	for text, want := range map[string]bool{
		"exit status 1\n\nError: Cannot read the build\n\n  details: HTTP 500, error X\n":    true,
		"Error: Cannot read the build\nHTTP 500\n\nError: Cannot read the build\nHTTP 500\n": false,
		"Error: Cannot read\nthe build\nHTTP\n500":                                           true,
		"Error: Something else\n\nError: Cannot read the build HTTP 500":                     false,
		"Warning: x\n\nError: Cannot read the build: HTTP 503":                               false,
	} {
		if got := one.MatchString(text); got != want {
			t.Errorf("oneError on %q = %v, want %v", text, got, want)
		}
	}
}

// actsAfterHandler reports whether the simulator runs the real handler
// before the fault (so its side effect happened).
func actsAfterHandler(k simulator.FaultKind) bool {
	return k == simulator.FaultConnResetAfter || k == simulator.FaultTimeoutAfter || k == simulator.FaultMalformedJSON
}
