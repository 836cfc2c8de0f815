package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// stubRun is a run whose calls are scripted, for engine paths the simulator
// cannot time reliably: it runs until its deadline, then its stop answers
// stopErr and it reports afterStop.
type stubRun struct {
	stopErr   error
	afterStop wait.Phase
	stopped   bool
}

func (s *stubRun) ID() string                 { return "j/7" }
func (s *stubRun) Label() string              { return "build 7 of job j" }
func (s *stubRun) NotFound(error) bool        { return false }
func (s *stubRun) Stop(context.Context) error { s.stopped = true; return s.stopErr }
func (s *stubRun) Observe(context.Context) (run.Observation, error) {
	if s.stopped {
		return run.Observation{Status: "SUCCESS", Phase: s.afterStop}, nil
	}
	return run.Observation{Status: "RUNNING", Phase: wait.Running}, nil
}

// noStopRun is a run whose API has no stop call.
type noStopRun struct{}

func (noStopRun) ID() string          { return "j/7" }
func (noStopRun) Label() string       { return "build 7 of job j" }
func (noStopRun) NotFound(error) bool { return false }
func (noStopRun) Observe(context.Context) (run.Observation, error) {
	return run.Observation{Status: "RUNNING", Phase: wait.Running}, nil
}

func TestTimeoutDiagnosticExplainsWhatTheStopDid(t *testing.T) {
	ctx := context.Background()
	ws := (*waitModel)(nil).settings()
	cases := []struct {
		name string
		r    run.Run
		ws   waitSettings
		want string
	}{
		{"stopped", &stubRun{afterStop: wait.Cancelled}, ws, "It was stopped"},
		{"stop requested, still running", &stubRun{afterStop: wait.Running}, ws, "Its stop was requested (wait.stop_on_timeout); the service still reported status SUCCESS"},
		{"ended just before the stop", &stubRun{stopErr: errors.New("build 7 is not running"), afterStop: wait.Succeeded}, ws, "ended on its own (status SUCCESS)"},
		{"stop failed, still running", &stubRun{stopErr: errors.New("HTTP 503"), afterStop: wait.Running}, ws, "Stopping it failed, so it may still be running: HTTP 503"},
		{"stop disabled", &stubRun{}, waitSettings{stopOnTimeout: false}, "stop_on_timeout is false"},
		{"no stop call", noStopRun{}, ws, "has no stop call"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := run.Wait(ctx, tc.r, tc.ws.engine(time.Millisecond, nil), nil)
			if o.Result != run.TimedOut {
				t.Fatalf("result %v, want TimedOut", o.Result)
			}
			got := outcomeDiagnostics("build", tc.r.Label(), tc.r.ID(), o, tc.ws, time.Millisecond, false)
			if len(got) != 1 || !strings.Contains(got[0].Detail(), tc.want) {
				t.Fatalf("got %v, want one diagnostic containing %q", got, tc.want)
			}
			// The action's diagnostic says the same about the stop, without
			// the resource's advice (an action stores nothing).
			act := outcomeDiagnostics("build", tc.r.Label(), tc.r.ID(), o, tc.ws, time.Millisecond, true)
			if len(act) != 1 || !strings.Contains(act[0].Detail(), tc.want) {
				t.Fatalf("action: got %v, want one diagnostic containing %q", act, tc.want)
			}
			assertNoResourceAdvice(t, act[0].Detail())
		})
	}
}

// assertNoResourceAdvice fails if an action's diagnostic talks about state,
// refresh, import or replacing a resource.
func assertNoResourceAdvice(t *testing.T, detail string) {
	t.Helper()
	for _, bad := range []string{"state", "refresh", "import", "apply again", "replaced", "triggers"} {
		if strings.Contains(detail, bad) {
			t.Errorf("an action diagnostic says %q: %s", bad, detail)
		}
	}
}

// TestActionOutcomeDiagnosticsSayWhatToDo: a failed or unreadable run seen
// by an action is reported with the action's advice (invoke it again, look
// in the console), never the resource's (state, apply again, replaced).
func TestActionOutcomeDiagnosticsSayWhatToDo(t *testing.T) {
	ws := (*waitModel)(nil).settings()
	failed := run.Outcome{Result: run.Failed, Last: run.Observation{Status: "FAILURE", Phase: wait.Failed}, Elapsed: 25 * time.Second}
	unreadable := run.Outcome{Result: run.ObserveFailed, Err: errors.New("HTTP 500"), Elapsed: time.Second}
	for _, tc := range []struct {
		name string
		o    run.Outcome
		want string
	}{
		{"failed", failed, "invoke the action again"},
		{"status unreadable", unreadable, "look at it in the console"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := outcomeDiagnostics("build", "build 7 of job j", "j/7", tc.o, ws, time.Minute, true)
			if len(got) != 1 || !strings.Contains(got[0].Detail(), tc.want) || !strings.Contains(got[0].Detail(), "Build 7 of job j") {
				t.Fatalf("got %v, want one diagnostic naming the build and containing %q", got, tc.want)
			}
			assertNoResourceAdvice(t, got[0].Detail())
			res := outcomeDiagnostics("build", "build 7 of job j", "j/7", tc.o, ws, time.Minute, false)
			if len(res) != 1 || !strings.Contains(res[0].Detail(), "recorded in state") {
				t.Fatalf("resource: got %v, want the resource's wording (recorded in state)", res)
			}
		})
	}
}

// TestRunActionRefusesWaitBoundsBeforeAnyCall: the action's wait durations
// and invoke timeout have the resources' bounds, checked before any request.
func TestRunActionRefusesWaitBoundsBeforeAnyCall(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	job := newBuildJob(t, e, simulator.BuildOutcome{Result: "SUCCESS", Duration: 100 * time.Millisecond})
	for _, tc := range []struct {
		name string
		cfg  map[string]any
		want string
	}{
		{"invoke timeout zero", map[string]any{"job_id": job, "timeouts": map[string]any{"invoke": "0s"}}, `Timeout must be positive`},
		{"invoke timeout negative", map[string]any{"job_id": job, "timeouts": map[string]any{"invoke": "-1m"}}, `timeouts.invoke is "-1m"`},
		{"poll below the floor", map[string]any{"job_id": job, "wait": map[string]any{"poll_interval": "1ns"}}, `poll_interval is too short`},
		{"max below poll", map[string]any{"job_id": job, "wait": map[string]any{"poll_interval": "2s", "max_poll_interval": "1s"}}, `max_poll_interval is below poll_interval`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := h.invoke(context.Background(), t, "cicd_codearts_build_run", tc.cfg, nil)
			if txt := diagText(diags); !hasErrors(diags) || !strings.Contains(txt, tc.want) {
				t.Fatalf("want %q, got: %s", tc.want, txt)
			}
		})
	}
	if n := len(e.sim.Requests()); n != 0 {
		t.Fatalf("bad wait settings reached the simulator %d times", n)
	}
}
