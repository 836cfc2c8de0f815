package transport

// StartOutcome is what the reply to a request that starts a run (a build,
// a deployment, a pipeline run) says about the run. The API clients
// classify their own errors into it (codearts.ClassifyStart,
// rainbond.ClassifyStart).
type StartOutcome int

const (
	// StartUnknown: the reply does not say whether the run started (no
	// response, a gateway's error page, a reply without the run's id).
	// Find out before reporting or retrying.
	StartUnknown StartOutcome = iota
	// StartStarted: the run started and the reply names it.
	StartStarted
	// StartNotStarted: the service itself refused the request (its error
	// body, whatever the status), or the request never left.
	StartNotStarted
)
