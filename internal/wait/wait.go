// Package wait is the one poller every "run" (build, deploy, pipeline run,
// Rainbond build) uses to wait for the remote run to end.
//
// Until polls immediately, then sleeps an interval that starts at
// Options.PollInterval and grows by Options.Backoff after every poll that saw
// the same status (capped at Options.MaxPollInterval); a status change drops
// the interval back to PollInterval. It never sleeps past the deadline: the
// last sleep is shortened so that one final poll happens exactly at the
// deadline, and a run that finished by then is reported as finished.
//
// Outcomes (the Result is returned filled in every case):
//
//   - Succeeded: nil error.
//   - Failed: *FailedError (Cancelled == false).
//   - Cancelled (remote run aborted): *FailedError with Cancelled == true. One
//     type for both so callers that downgrade failures to warnings
//     (fail_on_error = false) need a single errors.As.
//   - Unknown phase (status word not recognised): *UnexpectedStateError.
//   - Options.Timeout passed: *TimeoutError.
//   - ctx cancelled: *InterruptedError (errors.Is(err, context.Canceled)).
//   - ctx deadline exceeded: *TimeoutError whose Err is ctx.Err()
//     (errors.Is(err, context.DeadlineExceeded)); no final poll is possible
//     because ctx is already done, so prefer passing the Terraform timeout as
//     Options.Timeout.
//   - poll returned an error: *PollError, at once (the HTTP layer already
//     retried). If ctx was cancelled while the poll ran, the ctx outcome
//     (*InterruptedError / *TimeoutError) is returned instead.
//
// Abandoned reports whether an error means "we stopped waiting but the remote
// run may still be going" (timeout or interrupt), i.e. when stop_on_timeout
// applies.
//
// The package uses only the standard library and a pluggable Clock, so it is
// deterministic under the fake clocks of the test-only package waittest.
package wait

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Defaults applied by Until to zero (or invalid) Options fields.
const (
	DefaultPollInterval    = 5 * time.Second
	DefaultMaxPollInterval = 30 * time.Second
	DefaultBackoff         = 1.5
	DefaultHeartbeat       = 30 * time.Second
)

// Phase classifies a service status word.
type Phase int

const (
	// Pending: queued / not started yet. Keep waiting.
	Pending Phase = iota
	// Running: in progress. Keep waiting.
	Running
	// Paused: waiting for review, manual approval, etc. Reported via
	// Progress, keep waiting (bounded by the deadline).
	Paused
	// Succeeded: terminal, Until returns a nil error.
	Succeeded
	// Failed: terminal, Until returns *FailedError.
	Failed
	// Cancelled: the remote run was aborted; terminal, Until returns
	// *FailedError with Cancelled set.
	Cancelled
	// Unknown: the status word is not recognised; Until stops and returns
	// *UnexpectedStateError. Phase values outside the declared range are
	// treated as Unknown too.
	Unknown
)

// String returns a lower-case name for the phase ("running", "paused", ...).
func (p Phase) String() string {
	switch p {
	case Pending:
		return "pending"
	case Running:
		return "running"
	case Paused:
		return "paused"
	case Succeeded:
		return "succeeded"
	case Failed:
		return "failed"
	case Cancelled:
		return "cancelled"
	case Unknown:
		return "unknown"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// Terminal reports whether the phase ends a run (Succeeded, Failed,
// Cancelled). Unknown also ends the wait, but as an error about the status
// word rather than a run outcome, so it is not Terminal.
func (p Phase) Terminal() bool {
	return p == Succeeded || p == Failed || p == Cancelled
}

func (p Phase) normalize() Phase {
	if p < Pending || p > Unknown {
		return Unknown
	}
	return p
}

// Phases maps a service's status words to phases. Use Of to classify.
type Phases map[string]Phase

// Of classifies status: an exact match first, then a case-insensitive match
// ignoring surrounding spaces; anything else is Unknown.
func (m Phases) Of(status string) Phase {
	if p, ok := m[status]; ok {
		return p
	}
	s := strings.TrimSpace(status)
	for k, p := range m {
		if strings.EqualFold(strings.TrimSpace(k), s) {
			return p
		}
	}
	return Unknown
}

// Observation is what one poll saw.
type Observation[T any] struct {
	Status  string // the service's own status word, e.g. "RUNNING", "SUCCESS"
	Phase   Phase  // classification
	Message string // human message for progress / errors (e.g. "build 55 running, stage 2/4")
	Value   T      // the full record, returned to the caller
}

// Result is returned by Until on success and with every error.
type Result[T any] struct {
	// Last is the last successful observation (zero if no poll succeeded).
	Last Observation[T]
	// Polls counts calls to poll, including one that returned an error.
	Polls int
	// Elapsed is the Clock time from the start of Until to its return.
	Elapsed time.Duration
}

// Options tunes Until. The zero value is usable (all defaults, no timeout,
// real clock).
type Options struct {
	PollInterval    time.Duration    // first interval (default 5s; <= 0 means default)
	MaxPollInterval time.Duration    // cap (default 30s; raised to PollInterval if smaller)
	Backoff         float64          // multiplier per poll while status unchanged (default 1.5; 0 means default, values < 1 mean 1 = fixed interval)
	Timeout         time.Duration    // overall deadline; 0 (or negative) = only ctx
	Heartbeat       time.Duration    // progress at least this often while waiting (default 30s; negative disables heartbeats)
	Progress        func(msg string) // called on every status change (including the first observation) and at least every Heartbeat; may be nil
	Clock           Clock            // nil = real clock
	// Narrate, when set, writes the progress lines instead of Until's own
	// ("STATUS after 1m40s: message" on every status or message change):
	// Until calls it after every successful poll (heartbeat false) and when
	// nothing was reported for Heartbeat (heartbeat true), with the Clock
	// time since Until began, and passes the line it returns to Progress;
	// "" reports nothing. The caller keeps what it needs to know what changed
	// (the poll function it passes saw every observation).
	Narrate func(elapsed time.Duration, heartbeat bool) string
}

func (o Options) withDefaults() Options {
	if o.PollInterval <= 0 {
		o.PollInterval = DefaultPollInterval
	}
	if o.MaxPollInterval <= 0 {
		o.MaxPollInterval = DefaultMaxPollInterval
	}
	if o.MaxPollInterval < o.PollInterval {
		o.MaxPollInterval = o.PollInterval
	}
	if o.Backoff == 0 {
		o.Backoff = DefaultBackoff
	}
	if o.Backoff < 1 || o.Backoff != o.Backoff { // < 1 or NaN
		o.Backoff = 1
	}
	if o.Timeout < 0 {
		o.Timeout = 0
	}
	if o.Heartbeat == 0 {
		o.Heartbeat = DefaultHeartbeat
	}
	if o.Clock == nil {
		o.Clock = RealClock()
	}
	return o
}

// Until polls until the observation is terminal, the deadline passes, or ctx
// is cancelled. See the package documentation for the outcomes.
func Until[T any](ctx context.Context, opts Options, poll func(ctx context.Context) (Observation[T], error)) (Result[T], error) {
	w := &waiter[T]{opts: opts.withDefaults()}
	w.clock = w.opts.Clock
	w.start = w.clock.Now()
	w.lastProgress = w.start
	if w.opts.Timeout > 0 {
		w.deadline = w.start.Add(w.opts.Timeout)
		w.hasDeadline = true
	}
	err := w.run(ctx, poll)
	w.res.Elapsed = w.clock.Now().Sub(w.start)
	if err != nil {
		w.fill(err)
	}
	return w.res, err
}

type waiter[T any] struct {
	opts         Options
	clock        Clock
	start        time.Time
	deadline     time.Time
	hasDeadline  bool
	res          Result[T]
	observed     bool
	lastProgress time.Time
}

func (w *waiter[T]) run(ctx context.Context, poll func(ctx context.Context) (Observation[T], error)) error {
	interval := w.opts.PollInterval
	for {
		if ctx.Err() != nil {
			return w.ctxErr(ctx)
		}
		obs, err := poll(ctx)
		w.res.Polls++
		now := w.clock.Now()
		if err != nil {
			if ctx.Err() != nil {
				return w.ctxErr(ctx)
			}
			return &PollError{Err: err}
		}

		changed := !w.observed || obs.Status != w.res.Last.Status || obs.Phase != w.res.Last.Phase
		// A new message under the same status (a stage or step finished) is
		// progress worth telling, but not a reason to poll faster.
		moved := changed || obs.Message != w.res.Last.Message
		w.observed = true
		w.res.Last = obs
		phase := obs.Phase.normalize()

		if w.opts.Narrate != nil {
			moved = false
			if line := w.opts.Narrate(now.Sub(w.start), false); line != "" {
				moved = true
				w.progress(now, line)
			}
		} else if moved {
			w.progress(now, w.describe("", obs, now, w.res.Polls > 1))
		}
		switch phase {
		case Succeeded:
			return nil
		case Failed, Cancelled:
			return &FailedError{Cancelled: phase == Cancelled}
		case Unknown:
			return &UnexpectedStateError{}
		}
		if !moved && w.heartbeatDue(now) {
			w.heartbeat(now)
		}
		if w.hasDeadline && !now.Before(w.deadline) {
			return &TimeoutError{}
		}

		if changed {
			interval = w.opts.PollInterval
		} else {
			interval = time.Duration(float64(interval) * w.opts.Backoff)
			if interval > w.opts.MaxPollInterval || interval <= 0 {
				interval = w.opts.MaxPollInterval
			}
		}
		wake := now.Add(interval)
		if w.hasDeadline && wake.After(w.deadline) {
			wake = w.deadline
		}
		if err := w.sleepUntil(ctx, wake); err != nil {
			return err
		}
	}
}

// sleepUntil sleeps until wake, split at heartbeat times, returning at once
// when ctx is done.
func (w *waiter[T]) sleepUntil(ctx context.Context, wake time.Time) error {
	for {
		if ctx.Err() != nil {
			return w.ctxErr(ctx)
		}
		now := w.clock.Now()
		if !now.Before(wake) {
			return nil
		}
		end := wake
		var hbAt time.Time
		hb := w.heartbeatEnabled()
		if hb {
			hbAt = w.lastProgress.Add(w.opts.Heartbeat)
			if !hbAt.After(now) {
				w.heartbeat(now)
				continue
			}
			if hbAt.Before(end) {
				end = hbAt
			}
		}
		t := w.clock.NewTimer(end.Sub(now))
		select {
		case <-ctx.Done():
			t.Stop()
			return w.ctxErr(ctx)
		case <-t.C():
		}
		if ctx.Err() != nil { // prefer cancellation when both are ready
			return w.ctxErr(ctx)
		}
		now = w.clock.Now()
		// A heartbeat due exactly at wake is left to the poll that follows,
		// so it carries the fresh status.
		if hb && !now.Before(hbAt) && now.Before(wake) {
			w.heartbeat(now)
		}
	}
}

func (w *waiter[T]) heartbeatEnabled() bool {
	return w.opts.Progress != nil && w.opts.Heartbeat > 0
}

func (w *waiter[T]) heartbeatDue(now time.Time) bool {
	return w.heartbeatEnabled() && now.Sub(w.lastProgress) >= w.opts.Heartbeat
}

func (w *waiter[T]) heartbeat(now time.Time) {
	if w.opts.Narrate != nil {
		// A heartbeat with nothing to say still counts as one: the next is
		// due a Heartbeat later.
		w.lastProgress = now
		if line := w.opts.Narrate(now.Sub(w.start), true); line != "" {
			w.progress(now, line)
		}
		return
	}
	w.progress(now, w.describe("still ", w.res.Last, now, true))
}

func (w *waiter[T]) progress(now time.Time, msg string) {
	w.lastProgress = now
	if w.opts.Progress != nil {
		w.opts.Progress(msg)
	}
}

// describe renders a progress line:
//
//	RUNNING: build 55 running                       (first observation)
//	RUNNING after 1m40s: build 55 running, stage 2/4 (status change)
//	still RUNNING after 2m30s: build 55 running      (heartbeat)
//	paused after 2m: waiting for review at stage 'Deploy' (status PENDING_REVIEW)
func (w *waiter[T]) describe(prefix string, obs Observation[T], now time.Time, withElapsed bool) string {
	var b strings.Builder
	b.WriteString(prefix)
	paused := obs.Phase.normalize() == Paused
	if paused {
		b.WriteString("paused")
	} else {
		b.WriteString(statusWord(obs))
	}
	if withElapsed {
		b.WriteString(" after ")
		b.WriteString(FormatDuration(now.Sub(w.start)))
	}
	if obs.Message != "" {
		b.WriteString(": ")
		b.WriteString(obs.Message)
	}
	if paused {
		b.WriteString(" (status ")
		b.WriteString(statusWord(obs))
		b.WriteString(")")
	}
	return b.String()
}

func statusWord[T any](obs Observation[T]) string {
	if obs.Status != "" {
		return obs.Status
	}
	return obs.Phase.normalize().String()
}

func (w *waiter[T]) ctxErr(ctx context.Context) error {
	err := ctx.Err()
	cause := context.Cause(ctx)
	if cause == err {
		cause = nil
	}
	if err == context.DeadlineExceeded {
		return &TimeoutError{Err: err, Cause: cause}
	}
	return &InterruptedError{Err: err, Cause: cause}
}

// fill copies the common facts (last status/message, polls, elapsed) into
// the typed error.
func (w *waiter[T]) fill(err error) {
	info := RunInfo{
		Status:  w.res.Last.Status,
		Message: w.res.Last.Message,
		Phase:   w.res.Last.Phase,
		Polls:   w.res.Polls,
		Elapsed: w.res.Elapsed,
	}
	switch e := err.(type) {
	case *FailedError:
		e.RunInfo = info
	case *TimeoutError:
		e.RunInfo = info
		e.Timeout = w.opts.Timeout
		if e.Timeout == 0 || e.Err != nil {
			e.Timeout = info.Elapsed
		}
	case *InterruptedError:
		e.RunInfo = info
	case *UnexpectedStateError:
		e.RunInfo = info
	case *PollError:
		e.RunInfo = info
	}
}
