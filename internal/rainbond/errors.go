package rainbond

import (
	"errors"
	"strings"
)

// Error codes and messages of the console that a caller acts on
// (its ServiceHandleException replies and the build view, goodrain/rainbond-console).
const (
	// CodeValidation is the body code of serializer validation failures (HTTP 400).
	CodeValidation = 20400
	// CodeTeamNotInRegion is ErrTeamNotInitializedInRegion (HTTP 409): the
	// team has not been opened in the region (console ≥ v6.9.2).
	CodeTeamNotInRegion = 2001
	// CodeRegionNotFound is ErrRegionNotFound (HTTP 404).
	CodeRegionNotFound = 3000
	// CodeInternal is the code of unhandled console exceptions (HTTP 500),
	// e.g. "version already exists" from a build.
	CodeInternal = 10401
	// CodeLicense is an invalid license (HTTP 401).
	CodeLicense = 10400
	// CodeNotEnoughQuota is "not enough quota" (HTTP 400).
	CodeNotEnoughQuota = 20002

	// MsgTooFrequent is the console's message when the region refuses an
	// operation because another one on the component is still running.
	MsgTooFrequent = "操作过于频繁，请稍后再试"
)

// ErrTooFrequent matches (errors.Is) an *APIError that is the console's
// "operation too frequent" refusal: the operation was NOT accepted and may be
// retried later.
var ErrTooFrequent = errors.New("rainbond: operation too frequent")

// Is lets errors.Is(err, ErrTooFrequent) recognise the refusal.
func (e *APIError) Is(target error) bool {
	return target == ErrTooFrequent && e.TooFrequent()
}

// TooFrequent reports the console's 409 "操作过于频繁，请稍后再试" / "wait a
// moment please": another operation on the component started less than
// three minutes ago and has not finished. Nothing was started. A 409 with
// code 2001 (team not opened in the region) is not this.
func (e *APIError) TooFrequent() bool {
	if e.HTTPStatus != 409 || e.Code == CodeTeamNotInRegion {
		return false
	}
	if e.Code == 0 || e.Code == 409 {
		return true
	}
	m := e.Msg + " " + e.MsgShow + " " + e.Detail
	return strings.Contains(m, "频繁") || strings.Contains(strings.ToLower(m), "wait a moment")
}

// IsTooFrequent reports whether err is the console's "operation too
// frequent" refusal (see APIError.TooFrequent).
func IsTooFrequent(err error) bool { return errors.Is(err, ErrTooFrequent) }

// IsTeamNotInRegion reports a 409 code 2001: the team has not been opened in
// the region (cluster).
func IsTeamNotInRegion(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HTTPStatus == 409 && ae.Code == CodeTeamNotInRegion
}

// What a 404 from a team/region/app/component-scoped view refers to.
const (
	NotFoundTeam           = "team"
	NotFoundRegion         = "region"
	NotFoundApp            = "app"
	NotFoundComponent      = "component"
	NotFoundComponentInApp = "component-in-app" // the component exists but is not in that app
	NotFoundOther          = "other"
)

// NotFound says which object a 404 refers to, from the console's messages
// (openapi/views/base.py): "no found team", "the region is not found" (code
// 3000), "no found app", "no found component", "component not belong to this
// app". It returns "" when e is not a 404 and NotFoundOther when the message
// is not one of those.
func (e *APIError) NotFound() string {
	if e.HTTPStatus != 404 {
		return ""
	}
	m := strings.ToLower(e.Msg + " " + e.Detail)
	switch {
	case strings.Contains(m, "not belong to this app"):
		return NotFoundComponentInApp
	case e.Code == CodeRegionNotFound || strings.Contains(m, "region is not found") || strings.Contains(m, "region not found"):
		return NotFoundRegion
	case strings.Contains(m, "no found team") || strings.Contains(m, "team is not found"):
		return NotFoundTeam
	case strings.Contains(m, "no found app") || strings.Contains(m, "app not found") || e.Code == 4000:
		return NotFoundApp
	case strings.Contains(m, "no found component") || strings.Contains(m, "component not found"):
		return NotFoundComponent
	}
	return NotFoundOther
}

// NotFoundKind returns APIError.NotFound of err, or "" if err is not an *APIError.
func NotFoundKind(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.NotFound()
	}
	return ""
}

func (e *APIError) notFoundHint() string {
	switch e.NotFound() {
	case NotFoundTeam:
		return "The team was not found: team_id must be a team's tenant_id or tenant_name in the token user's enterprise."
	case NotFoundRegion:
		return "The region (cluster) was not found: region_name must be a region's name (not its alias) in the enterprise."
	case NotFoundApp:
		return "The application was not found in this team and region: check app_id (the integer application id)."
	case NotFoundComponent:
		return "The component was not found in this team and region: check service_id (a component's service_id or service_alias)."
	case NotFoundComponentInApp:
		return "The component exists but does not belong to this application: check app_id and service_id."
	}
	return ""
}
