package run

import (
	"context"
	"errors"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// Defaults and bounds of the wait settings, in one place: the provider's
// schema descriptions, its plan-time checks and the engine all use these.
const (
	DefaultTimeout       = 30 * time.Minute
	DefaultDeleteTimeout = 5 * time.Minute
	// MinPollInterval is the smallest poll_interval accepted: a poller that
	// asks more often than once a second only loads the service.
	MinPollInterval = time.Second
	// StopGrace bounds the stop call made after a timeout or an interrupt
	// (with a fresh context: the apply's own may be cancelled).
	StopGrace = 30 * time.Second
)

// DefaultPollInterval and DefaultMaxPollInterval are the poller's own.
const (
	DefaultPollInterval    = wait.DefaultPollInterval
	DefaultMaxPollInterval = wait.DefaultMaxPollInterval
)

// Settings say how to wait. Zero durations take the defaults; the poller
// raises a MaxPoll below Poll to Poll.
type Settings struct {
	Poll, MaxPoll time.Duration
	// Timeout bounds the wait (the Terraform create / invoke timeout left
	// after starting).
	Timeout time.Duration
	// StopOnTimeout stops a run the wait gave up on (timeout or interrupt).
	StopOnTimeout bool
	// Progress receives progress lines (may be nil).
	Progress func(msg string)
	// Clock is the poller's clock; nil is real time.
	Clock wait.Clock
}

// Result classifies how a wait ended.
type Result int

const (
	// Succeeded: the run ended successfully.
	Succeeded Result = iota
	// Failed: the run ended failed.
	Failed
	// Aborted: the run ended cancelled or aborted (by someone, or by the
	// service, or by our own stop).
	Aborted
	// TimedOut: the deadline passed while the run was still going.
	TimedOut
	// Interrupted: the wait was cancelled (Ctrl-C) while the run was going.
	Interrupted
	// ObserveFailed: the run could not be read (an error that is not worth
	// retrying, e.g. a 403 or a 404); whether it still runs is unknown.
	ObserveFailed
)

// Abandoned reports whether the wait stopped while the run may still be going.
func (r Result) Abandoned() bool { return r == TimedOut || r == Interrupted }

// After a stop the engine looks at the run up to stopLooks times,
// stopLookInterval apart, until it reports the run ended.
const (
	stopLooks        = 5
	stopLookInterval = time.Second
)

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// StopResult says what the engine did about a run the wait gave up on.
type StopResult int

const (
	// NotAbandoned: the wait did not give up; nothing to stop.
	NotAbandoned StopResult = iota
	// StopUnsupported: the API has no stop call; the run keeps going.
	StopUnsupported
	// StopDisabled: stop_on_timeout is false; the run keeps going.
	StopDisabled
	// StopRequested: the service accepted the stop.
	StopRequested
	// EndedOnItsOwn: the stop failed because the run had just ended.
	EndedOnItsOwn
	// StopFailed: the stop failed; the run may still be going.
	StopFailed
)

// Outcome is how a wait ended.
type Outcome struct {
	Result Result
	// Last is the last observation of the wait (zero when none succeeded).
	Last Observation
	// AfterStop is the last observation made after stopping an abandoned
	// run (nil when none was made).
	AfterStop *Observation
	// Elapsed is how long the wait took (see Ran for how long the run did).
	Elapsed time.Duration
	// Err is the observe error (ObserveFailed) or the poller's error.
	Err error
	// Stop is what was done about an abandoned run, and StopErr why a stop
	// failed.
	Stop    StopResult
	StopErr error
	// ObserveErrors counts observations that failed transiently and were
	// retried; LastObserveErr is the last of them.
	ObserveErrors  int
	LastObserveErr error
}

// Ran is how long the run ran, by the service's times when it gave them,
// otherwise how long the wait took.
func (o Outcome) Ran() time.Duration { return o.Last.Ran(o.Elapsed) }

// Wait polls r until it ends, the deadline passes or ctx is cancelled, and
// stops an abandoned run when s.StopOnTimeout (and the API can).
//
// A failure to observe the run is not a failure of the run: transient
// errors (no reply, an unreadable reply, 429, 5xx; see transient) and status
// words the run type does not know are reported as progress and the wait
// goes on until the deadline. Only an error that will not go away by itself
// ends the wait early, as ObserveFailed.
func Wait(ctx context.Context, r Run, s Settings, transient func(error) bool) Outcome {
	var out Outcome
	var n narrator
	opts := wait.Options{PollInterval: s.Poll, MaxPollInterval: s.MaxPoll, Timeout: s.Timeout, Progress: s.Progress, Clock: s.Clock}
	if s.Progress != nil {
		opts.Narrate = n.line
	}
	res, err := wait.Until(ctx, opts,
		func(ctx context.Context) (wait.Observation[Observation], error) {
			obs, err := r.Observe(ctx)
			if err != nil {
				if transient == nil || !transient(err) || ctx.Err() != nil {
					return wait.Observation[Observation]{}, err
				}
				out.ObserveErrors++
				out.LastObserveErr = err
				last := out.Last
				seen := Observation{Status: last.Status, Phase: observing(last.Phase),
					Message: "the status could not be read (retrying): " + err.Error()}
				n.saw(seen)
				return wait.Observation[Observation]{Status: seen.Status, Phase: seen.Phase, Message: seen.Message, Value: last}, nil
			}
			out.Last = obs
			seen := obs
			if seen.Phase == wait.Unknown {
				// An unknown word: report it and keep looking.
				seen.Phase = wait.Running
				if seen.Message == "" {
					seen.Message = "status " + obs.Status + " is not one the provider knows; still waiting"
				}
			}
			n.saw(seen)
			return wait.Observation[Observation]{Status: seen.Status, Phase: seen.Phase, Message: seen.Message, Value: obs}, nil
		})
	out.Elapsed = res.Elapsed
	if err == nil {
		out.Result = Succeeded
		return out
	}
	out.Err = err
	var failed *wait.FailedError
	var pollErr *wait.PollError
	switch {
	case errors.As(err, &failed):
		out.Result = Failed
		if failed.Cancelled {
			out.Result = Aborted
		}
	case wait.Abandoned(err):
		out.Result = TimedOut
		if errors.Is(err, context.Canceled) {
			out.Result = Interrupted
		}
		out.Stop, out.AfterStop, out.StopErr = stopAbandoned(ctx, r, s.StopOnTimeout)
	case errors.As(err, &pollErr):
		out.Result = ObserveFailed
		out.Err = pollErr.Err
	default:
		out.Result = ObserveFailed
	}
	return out
}

// observing keeps a known waiting phase while the status cannot be read.
func observing(p wait.Phase) wait.Phase {
	if p == wait.Pending || p == wait.Paused {
		return p
	}
	return wait.Running
}

// stopAbandoned stops a run the wait gave up on, with a fresh context (the
// apply's may be cancelled), and returns what the service says after the stop.
func stopAbandoned(ctx context.Context, r Run, enabled bool) (res StopResult, last *Observation, err error) {
	st, ok := r.(Stopper)
	switch {
	case !ok:
		return StopUnsupported, nil, nil
	case !enabled:
		return StopDisabled, nil, nil
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StopGrace)
	defer cancel()
	if err = st.Stop(sctx); err != nil {
		// The run may have ended between the last poll and the stop call.
		if obs, oerr := r.Observe(sctx); oerr == nil && obs.Phase.Terminal() {
			return EndedOnItsOwn, &obs, err
		}
		return StopFailed, nil, err
	}
	// Look again, so that what is recorded is what the stop did: the service
	// may report the run stopped at once, or only after a few seconds.
	for i := 0; i < stopLooks; i++ {
		obs, oerr := r.Observe(sctx)
		if oerr == nil {
			last = &obs
			if obs.Phase.Terminal() {
				break
			}
		}
		if i+1 < stopLooks && !sleep(sctx, stopLookInterval) {
			break
		}
	}
	return StopRequested, last, nil
}

// Stop stops a run (destroy with stop_on_destroy). A stop call that failed
// may still have taken effect (its response was lost and the retry found the
// run already stopped, or the response was unreadable): when the run has
// ended by then, it is stopped and the error is moot.
func Stop(ctx context.Context, r Run) error {
	st, ok := r.(Stopper)
	if !ok {
		return ErrNoStop
	}
	if err := st.Stop(ctx); err != nil {
		if obs, oerr := r.Observe(ctx); oerr == nil && obs.Phase.Terminal() {
			return nil
		}
		return err
	}
	return nil
}
