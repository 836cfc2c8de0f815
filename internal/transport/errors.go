package transport

import "errors"

// Error is implemented by every error the platform clients (codearts,
// rainbond) return for a call: a service's error reply, a request that got no
// reply, and a reply that could not be read. Callers ask it, with one
// errors.As, the questions the provider acts on.
//
// The method names carry a "Service"/"Run" prefix because the clients' error
// structs already have exported fields called MayHaveStarted, RequestID and
// Code, which Go does not allow next to methods of the same name.
type Error interface {
	error
	// RunMayHaveStarted reports whether a request that starts a run may
	// have started it although the call failed: it got no reply after it
	// was sent, or the reply could not be read. Such a request is never
	// repeated.
	RunMayHaveStarted() bool
	// GatewayReply reports whether the error is a reply from a gateway in
	// front of the service (a 5xx without the service's own error body),
	// which may have timed out after the service acted.
	GatewayReply() bool
	// ServiceRequestID is the request id the service returned ("" if none).
	ServiceRequestID() string
	// ServiceCode is the service's error code as text ("" if none).
	ServiceCode() string
	// FieldNames are the request fields the service rejected, sorted (nil if
	// the reply names none).
	FieldNames() []string
	// Transient reports whether a read that failed this way is worth
	// repeating later: no reply, an unreadable reply, throttling, a
	// server-side (5xx) error, or an error inside a 2xx reply. Client errors
	// (4xx: bad request, credentials, permissions, not found) are not.
	Transient() bool
}

// AsError finds the first Error in err's chain.
func AsError(err error) (Error, bool) {
	var e Error
	ok := errors.As(err, &e)
	return e, ok
}

// MayHaveStarted reports whether err, returned by a run-starting request,
// means the run may have started anyway.
func MayHaveStarted(err error) bool {
	e, ok := AsError(err)
	return ok && e.RunMayHaveStarted()
}

// IsTransient reports whether err is a client error worth retrying later
// (see Error.Transient). Errors that are not client errors are not.
func IsTransient(err error) bool {
	e, ok := AsError(err)
	return ok && e.Transient()
}

// TransientStatus reports whether an HTTP status is worth retrying later.
func TransientStatus(status int) bool { return status == 429 || status >= 500 }
