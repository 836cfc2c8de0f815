package run_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
)

var errTransient = errors.New("HTTP 502")
var errFatal = errors.New("HTTP 403")

func transient(err error) bool { return errors.Is(err, errTransient) }

// script is a run whose looks follow a list; the last look repeats.
type script struct {
	looks   []look
	n       int
	stopped bool
	stopErr error
}

type look struct {
	obs run.Observation
	err error
}

func (s *script) ID() string          { return "j/1" }
func (s *script) Label() string       { return "build 1 of job j" }
func (s *script) NotFound(error) bool { return false }
func (s *script) Stop(context.Context) error {
	s.stopped = true
	return s.stopErr
}
func (s *script) Observe(context.Context) (run.Observation, error) {
	if s.stopped {
		return run.Observation{Status: "ABORTED", Phase: wait.Cancelled}, nil
	}
	l := s.looks[min(s.n, len(s.looks)-1)]
	s.n++
	return l.obs, l.err
}

func running() look { return look{obs: run.Observation{Status: "RUNNING", Phase: wait.Running}} }
func settings(timeout time.Duration) run.Settings {
	return run.Settings{Timeout: timeout, StopOnTimeout: true, Clock: waittest.NewAutoClock(time.Unix(0, 0))}
}

func TestWaitKeepsPollingThroughTransientErrorsAndUnknownWords(t *testing.T) {
	s := &script{looks: []look{running(), {err: errTransient}, {err: errTransient},
		{obs: run.Observation{Status: "WARMING_UP", Phase: wait.Unknown}}, {obs: run.Observation{Status: "SUCCESS", Phase: wait.Succeeded}}}}
	var progress []string
	st := settings(time.Hour)
	st.Progress = func(m string) { progress = append(progress, m) }
	o := run.Wait(context.Background(), s, st, transient)
	if o.Result != run.Succeeded || o.ObserveErrors != 2 || !errors.Is(o.LastObserveErr, errTransient) {
		t.Fatalf("outcome %+v, want Succeeded after 2 transient errors", o)
	}
	if s.n != 5 {
		t.Fatalf("%d looks, want 5", s.n)
	}
	var sawErr, sawWord bool
	for _, p := range progress {
		sawErr = sawErr || contains(p, "could not be read (retrying): HTTP 502")
		sawWord = sawWord || contains(p, "WARMING_UP")
	}
	if !sawErr || !sawWord {
		t.Fatalf("progress does not report the errors and the unknown word: %q", progress)
	}
}

func TestWaitEndsOnAnErrorThatWillNotGoAway(t *testing.T) {
	s := &script{looks: []look{running(), {err: errFatal}}}
	o := run.Wait(context.Background(), s, settings(time.Hour), transient)
	if o.Result != run.ObserveFailed || !errors.Is(o.Err, errFatal) || s.stopped {
		t.Fatalf("outcome %+v (stopped %v), want ObserveFailed without a stop", o, s.stopped)
	}
	if o.Last.Status != "RUNNING" {
		t.Fatalf("last %+v, want the last good look", o.Last)
	}
}

func TestWaitTimeoutStopsAndRecordsWhatTheStopDid(t *testing.T) {
	s := &script{looks: []look{running()}}
	o := run.Wait(context.Background(), s, settings(time.Minute), transient)
	if o.Result != run.TimedOut || o.Stop != run.StopRequested || !s.stopped {
		t.Fatalf("outcome %+v, want TimedOut and a stop", o)
	}
	if o.Last.Status != "RUNNING" || o.AfterStop == nil || o.AfterStop.Status != "ABORTED" {
		t.Fatalf("last %+v after stop %+v, want RUNNING then ABORTED", o.Last, o.AfterStop)
	}
}

func TestWaitTransientErrorsUntilTheDeadlineTimeOut(t *testing.T) {
	s := &script{looks: []look{running(), {err: errTransient}}, stopErr: errTransient}
	o := run.Wait(context.Background(), s, settings(time.Minute), transient)
	if o.Result != run.TimedOut || o.ObserveErrors == 0 {
		t.Fatalf("outcome %+v, want TimedOut after transient errors", o)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
