package wait

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// RunInfo is embedded in every error Until returns: what the last successful
// poll saw and how long the wait took. Status and Message are empty when no
// poll succeeded.
type RunInfo struct {
	Status  string        // last observed service status word
	Message string        // last observed human message
	Phase   Phase         // last observed phase
	Polls   int           // polls made (including a failed one)
	Elapsed time.Duration // Clock time spent in Until
}

// last renders "status RUNNING: message" (or "" when nothing was observed).
func (i RunInfo) last() string {
	if i.Status == "" && i.Message == "" {
		return ""
	}
	s := "status " + i.Status
	if i.Status == "" {
		s = "status unknown"
	}
	if i.Message != "" {
		s += ": " + i.Message
	}
	return s
}

// FailedError: the run ended in Phase Failed, or Phase Cancelled when
// Cancelled is true (the remote run was aborted/stopped).
type FailedError struct {
	RunInfo
	Cancelled bool
}

func (e *FailedError) Error() string {
	var b strings.Builder
	if e.Cancelled {
		b.WriteString("run was cancelled")
	} else {
		b.WriteString("run failed")
	}
	if e.Status != "" {
		fmt.Fprintf(&b, " with status %s", e.Status)
	}
	fmt.Fprintf(&b, " after %s", FormatDuration(e.Elapsed))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	return b.String()
}

// TimeoutError: the deadline passed before the run ended. Either
// Options.Timeout elapsed (after a final poll at the deadline; Err == nil) or
// ctx's own deadline was exceeded (Err == context.DeadlineExceeded, so
// errors.Is(err, context.DeadlineExceeded) holds).
type TimeoutError struct {
	RunInfo
	Timeout time.Duration // Options.Timeout, or the elapsed time when ctx's deadline hit
	Err     error         // context.DeadlineExceeded when ctx's deadline hit, else nil
	Cause   error         // context.Cause(ctx) when it differs from Err
}

func (e *TimeoutError) Error() string {
	s := fmt.Sprintf("timed out after %s waiting for the run to finish", FormatDuration(e.Elapsed))
	if l := e.last(); l != "" {
		s += "; last " + l
	}
	return s
}

// Unwrap returns the context error (and cause), if any.
func (e *TimeoutError) Unwrap() []error { return nonNil(e.Err, e.Cause) }

// InterruptedError: ctx was cancelled while waiting. Err is ctx.Err(), so
// errors.Is(err, context.Canceled) holds.
type InterruptedError struct {
	RunInfo
	Err   error // ctx.Err()
	Cause error // context.Cause(ctx) when it differs from Err
}

func (e *InterruptedError) Error() string {
	s := fmt.Sprintf("interrupted after %s while waiting for the run", FormatDuration(e.Elapsed))
	if l := e.last(); l != "" {
		s += " (last " + l + ")"
	}
	if e.Cause != nil {
		return s + ": " + e.Cause.Error()
	}
	if e.Err != nil {
		return s + ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns ctx.Err() and the cause, if any.
func (e *InterruptedError) Unwrap() []error { return nonNil(e.Err, e.Cause) }

// UnexpectedStateError: the poll returned Phase Unknown (a status word the
// caller does not recognise). Status holds the word.
type UnexpectedStateError struct {
	RunInfo
}

func (e *UnexpectedStateError) Error() string {
	s := fmt.Sprintf("unexpected run status %q after %s", e.Status, FormatDuration(e.Elapsed))
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// PollError wraps an error returned by the poll function. RunInfo describes
// the last successful observation before it (empty if the first poll failed).
type PollError struct {
	RunInfo
	Err error
}

func (e *PollError) Error() string {
	s := fmt.Sprintf("checking run status (poll %d, after %s)", e.Polls, FormatDuration(e.Elapsed))
	if l := e.last(); l != "" {
		s += ", last " + l
	}
	return s + ": " + errString(e.Err)
}

// Unwrap returns the poll function's error.
func (e *PollError) Unwrap() error { return e.Err }

// Abandoned reports whether err means Until stopped waiting while the remote
// run may still be going: a *TimeoutError or *InterruptedError. That is when
// the caller should stop the remote run (wait.stop_on_timeout). A *PollError
// is not included: the run's state is simply unknown.
func Abandoned(err error) bool {
	var te *TimeoutError
	var ie *InterruptedError
	return errors.As(err, &te) || errors.As(err, &ie)
}

// Info extracts the RunInfo from any error Until returned (searching the
// chain with errors.As). ok is false for other errors.
func Info(err error) (info RunInfo, ok bool) {
	var (
		fe *FailedError
		te *TimeoutError
		ie *InterruptedError
		ue *UnexpectedStateError
		pe *PollError
	)
	switch {
	case errors.As(err, &fe):
		return fe.RunInfo, true
	case errors.As(err, &te):
		return te.RunInfo, true
	case errors.As(err, &ie):
		return ie.RunInfo, true
	case errors.As(err, &ue):
		return ue.RunInfo, true
	case errors.As(err, &pe):
		return pe.RunInfo, true
	}
	return RunInfo{}, false
}

func nonNil(errs ...error) []error {
	var out []error
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
