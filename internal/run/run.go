// Package run is the run engine: what every run type (a CodeArts build,
// deployment or pipeline run, a Rainbond component build) has in common, and
// the rules that keep a run from being started twice or lost. It has no
// Terraform framework imports: the provider converts between Terraform
// values and the clients' requests and records, and hands the engine a Run.
//
// A run type is two things:
//
//   - a start call, which the provider makes from the converted inputs and
//     which returns the started run's Run (its identity and an observer), and
//   - the Run itself: Observe reads the run once and says what it saw as an
//     Observation; Stop (optional, see Stopper) asks the service to stop it.
//
// The observer value owns everything it remembers between looks (the stage
// statuses it narrated, whether it just started the run, the log tail it
// already read); the Terraform model only stores what the user sees. See
// docs/design/engine.md.
package run

import (
	"context"
	"errors"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// Run is one started run of some run type.
type Run interface {
	// ID is the run's identity as the provider records it (also its
	// Terraform import id), e.g. "<job_id>/<build_no>".
	ID() string
	// Label names the run for people, e.g. "build 55 of job 0123…".
	Label() string
	// Observe reads the run once.
	Observe(ctx context.Context) (Observation, error)
	// NotFound reports whether an Observe error means the service no
	// longer has (or never had) the run.
	NotFound(err error) bool
}

// Stopper is implemented by runs whose API has a stop call.
type Stopper interface {
	// Stop asks the service to stop the run. A stop of a run that already
	// ended may fail; the engine looks again before reporting that.
	Stop(ctx context.Context) error
}

// StartFinder is the hook for settling an ambiguous start: a start request
// whose reply was lost or unreadable (transport.MayHaveStarted) may still
// have started a run. A StartFinder lists the runs of the same job, task,
// pipeline or component that this caller started between since and until
// with the same inputs, newest first, as Runs ready to be observed. A run
// type that can list its runs provides one (see SettleStart).
type StartFinder func(ctx context.Context, since, until time.Time) ([]Run, error)

// SettleStart asks find which runs an ambiguous start may have started. It
// returns the run to adopt when exactly one matches; otherwise adopted is
// nil and candidates are the matches (none: the start most likely did not
// happen, but that is not certain; several: the caller must not guess).
func SettleStart(ctx context.Context, find StartFinder, since, until time.Time) (adopted Run, candidates []Run, err error) {
	runs, err := find(ctx, since, until)
	if err != nil {
		return nil, nil, err
	}
	if len(runs) == 1 {
		return runs[0], runs, nil
	}
	return nil, runs, nil
}

// Observation is what one look at a run saw.
type Observation struct {
	// Status is the service's own status word, e.g. "RUNNING", "SUCCESS".
	Status string
	// Phase classifies Status.
	Phase wait.Phase
	// Message says where the run is or what changed since the previous look
	// ("stage 'Build' COMPLETED; stage 'Test' running").
	Message string
	// Failure says where and why a failed or aborted run ended, when the
	// service tells.
	Failure *Failure
}

// Failure is where a failed run ended.
type Failure struct {
	Stage, Job, Step string
	// Reason is the service's message for the failure.
	Reason string
	// LogTail is the last lines of the failed step's (or build's) log.
	LogTail string
}

// ErrNoStop is returned by Stop-less runs where a stop is needed.
var ErrNoStop = errors.New("the API has no call to stop this run")
