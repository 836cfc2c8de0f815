package rainbond

import "github.com/cicdlabs/terraform-provider-cicd/internal/wait"

// Run status words for a build event, derived from final_status and status
// (the console's build event fields, goodrain/rainbond-console). They are what a poller reports; BuildPhases
// classifies them for wait.Until.
const (
	// RunStatusNotListed: the event row is not (yet) in the events list.
	RunStatusNotListed = "not_listed"
	// RunStatusRunning: final_status "" (or legacy "running"/"empty").
	RunStatusRunning = "running"
	// RunStatusStale: final_status "timeout". The region marks an event
	// "timeout" when a new operation is attempted more than 3 minutes after
	// it started; it is NOT final — a later completion overwrites it with
	// "complete". Keep polling until the provider's own timeout.
	RunStatusStale = "stale"
	// RunStatusSuccess / RunStatusFailure / RunStatusTimeout: final_status
	// "complete" with status success / failure / timeout.
	RunStatusSuccess = "success"
	RunStatusFailure = "failure"
	RunStatusTimeout = "timeout"
)

// BuildPhases classifies BuildRunStatus words. Anything else (an unknown
// status with final_status "complete") is wait.Unknown.
var BuildPhases = wait.Phases{
	RunStatusNotListed: wait.Pending,
	RunStatusRunning:   wait.Running,
	RunStatusStale:     wait.Running,
	RunStatusSuccess:   wait.Succeeded,
	RunStatusFailure:   wait.Failed,
	RunStatusTimeout:   wait.Failed,
}

// BuildRunStatus maps an event row (nil = not listed yet) to a run status
// word. A finished event whose status is not success/failure/timeout yields
// "complete/<status>", which BuildPhases does not know (wait.Unknown).
func BuildRunStatus(e *Event) string {
	if e == nil {
		return RunStatusNotListed
	}
	switch e.FinalStatus {
	case "", "running", "empty":
		return RunStatusRunning
	case FinalStatusTimeout:
		return RunStatusStale
	case "failure": // legacy final_status
		return RunStatusFailure
	case FinalStatusComplete, "emptycomplete":
		switch e.Status {
		case StatusSuccess:
			return RunStatusSuccess
		case StatusFailure:
			return RunStatusFailure
		case StatusTimeout:
			return RunStatusTimeout
		}
		return "complete/" + e.Status
	}
	return "final_status/" + e.FinalStatus
}
