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
	"sync"
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
// whose reply was lost or unreadable (no response, a gateway's error page, a
// reply without the run's id) may still have started a run. A StartFinder
// lists the runs of the same job, task, pipeline or component started since
// since, newest first, as Runs ready to be observed. A run type that can
// list its runs provides one (see SettleStart).
type StartFinder func(ctx context.Context, since time.Time) ([]Found, error)

// Found is one run a StartFinder listed.
type Found struct {
	Run Run
	// Started is when the service says it started (as the service writes
	// it; "" when it does not say yet, e.g. still queued).
	Started string
	// At is Started parsed; zero when the service gives no time.
	At time.Time
}

const (
	// StartLookback is how far before the start request SettleStart looks,
	// for clock skew between the provider and the service.
	StartLookback = 10 * time.Second
	// StartRelook is how long SettleStart waits before looking a second
	// time when the first look found nothing (a run can take a moment to
	// be listed); StartRelookLast before the third and last look.
	StartRelook     = 2 * time.Second
	StartRelookLast = 5 * time.Second
	// StartSkewMargin is how far back SettleStart lists runs at all. The
	// service writes start times by its own clock: a run started by the
	// request looks older than StartLookback when the provider's clock is
	// ahead of the service's. So a run found in the margin (and not known
	// to this process) blocks adoption and is named as a candidate, and
	// "nothing started" is said only when the whole margin is empty.
	StartSkewMargin = 2 * time.Minute
)

// known holds the ids of the runs this process has started, adopted,
// imported or read (NoteKnown). None of them can be the run an unclear
// start just started: in a replacement the same process has refreshed the
// old run before starting the new one, so a run started seconds earlier by
// the previous apply is never adopted in its place.
var known sync.Map // Run.ID() -> struct{}

// NoteKnown records a run this process knows, so that SettleStart never
// takes it for the run of an unclear start.
func NoteKnown(id string) {
	if id != "" {
		known.Store(id, struct{}{})
	}
}

// Settled is what SettleStart found out about an unclear start.
type Settled struct {
	// Since is the start of the window looked at (the send time minus
	// StartLookback).
	Since time.Time
	// Adopted is the one run found, to be recorded and waited for like a
	// started one; nil otherwise.
	Adopted *Found
	// Candidates are the runs found when there is not exactly one (none:
	// nothing started; several: the caller must not guess), newest first:
	// those started since Since, then those of the skew margin before it
	// (see StartSkewMargin).
	Candidates []Found
	// Searched is the start of the whole window listed (the send time
	// minus StartSkewMargin): "nothing started" means nothing since then.
	Searched time.Time
	// Err is why the runs could not be listed (then nothing is known).
	Err error
}

// SettleStart asks find which run a start sent at sent may have started,
// leaving out the runs this process already knows. It adopts a run only
// when exactly one was started since Since and none in the skew margin
// before it; while it finds none at all it looks again after StartRelook
// and StartRelookLast. It never sends a start. It uses its own context,
// bounded by StopGrace: the caller's may be cancelled (Ctrl-C during the
// start).
func SettleStart(ctx context.Context, find StartFinder, sent time.Time) Settled {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StopGrace)
	defer cancel()
	s := Settled{Since: sent.Add(-StartLookback), Searched: sent.Add(-StartSkewMargin)}
	inWindow := 0
	look := func() {
		all, err := find(lctx, s.Searched)
		s.Candidates, s.Err, inWindow = nil, err, 0
		var margin []Found
		for _, f := range all {
			if _, ok := known.Load(f.Run.ID()); ok {
				continue
			}
			if f.At.IsZero() || !f.At.Before(s.Since) {
				s.Candidates = append(s.Candidates, f)
				inWindow++
			} else {
				margin = append(margin, f)
			}
		}
		s.Candidates = append(s.Candidates, margin...)
	}
	look()
	for _, pause := range []time.Duration{StartRelook, StartRelookLast} {
		if s.Err != nil || len(s.Candidates) > 0 || !wait.Sleep(lctx, pause) {
			break
		}
		look()
	}
	if s.Err == nil && inWindow == 1 && len(s.Candidates) == 1 {
		s.Adopted = &s.Candidates[0]
	}
	return s
}

// Observation is what one look at a run saw. The engine writes one progress
// line per change from it (narrate.go): the run's label, then what changed
// and where the run is, and for an ended run its status and how long it ran.
// An observer therefore says neither its run's label nor (for a run that
// has not ended) its status word in Message or Events.
type Observation struct {
	// Status is the service's own status word, e.g. "RUNNING", "SUCCESS".
	Status string
	// Phase classifies Status.
	Phase wait.Phase
	// Message says where the run is now ("queued", "stage 'Test' running",
	// "step 2/4 'Stop service' running"); for an ended run, why it ended
	// when the service says ("compile error in main.go"). It stays the same
	// from look to look while nothing changes: a look whose Status, Phase
	// and Message are those of the previous one, with no Events, writes no
	// line. "" says nothing beyond the status word.
	Message string
	// Events are what ended since the previous look, in order ("stage
	// 'Build' COMPLETED", "step 1/4 'Download software package' done").
	Events []string
	// Duration is how long an ended run ran by the service's own start and
	// end times; Timed says whether the service gave them (when it did not,
	// the engine says how long the wait took instead).
	Duration time.Duration
	Timed    bool
	// Failure says where and why a failed or aborted run ended, when the
	// service tells.
	Failure *Failure
}

// Failure is where a failed run ended, for the diagnostic.
type Failure struct {
	Stage, Job, Step string
	// Reason is the service's message for the failure.
	Reason string
	// Help is the service's troubleshooting link for it ("" when none).
	Help string
	// LogTail is the last lines of the failed step's (or build's) log, read
	// from LogSource ("the build log (GET /events/…/logs)"); LogErr says why
	// the log could not be read ("" when it was, or was not tried).
	LogTail, LogSource, LogErr string
}

// ErrNoStop is returned by Stop-less runs where a stop is needed.
var ErrNoStop = errors.New("the API has no call to stop this run")
