package transport

// StartOutcome is what the reply to a request that starts a run (a build,
// a deployment, a pipeline run) says about the run (ClassifyStart).
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

// ClassifyStart classifies the error a start call returned, from what the
// clients' errors say of themselves (Error): unknown when the run may have
// started (no reply after sending, an unreadable or incomplete reply) or a
// gateway answered; not started when the service itself refused, or the
// request never left (errors that are no Error: checks before sending).
func ClassifyStart(err error) StartOutcome {
	if err == nil {
		return StartStarted
	}
	e, ok := AsError(err)
	switch {
	case !ok:
		return StartNotStarted
	case e.RunMayHaveStarted(), e.GatewayReply():
		return StartUnknown
	}
	return StartNotStarted
}
