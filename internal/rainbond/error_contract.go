package rainbond

import (
	"sort"
	"strconv"

	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// The Rainbond errors implement transport.Error.
var (
	_ transport.Error = (*APIError)(nil)
	_ transport.Error = (*RequestError)(nil)
	_ transport.Error = (*MalformedResponseError)(nil)
)

func (e *APIError) RunMayHaveStarted() bool  { return false }
func (e *APIError) ServiceRequestID() string { return e.RequestID }
func (e *APIError) ServiceCode() string {
	if e.Code == 0 {
		return ""
	}
	return strconv.Itoa(e.Code)
}

// FieldNames are the fields a validation error (code 20400) names.
func (e *APIError) FieldNames() []string {
	if len(e.FieldErrors) == 0 {
		return nil
	}
	out := make([]string, 0, len(e.FieldErrors))
	for f := range e.FieldErrors {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Transient: throttling, a server-side error, or an error reported in a
// success reply (a glitch of the service, not an answer about the request).
// GatewayReply: a 5xx without the console's JSON body is a gateway's page.
func (e *APIError) GatewayReply() bool {
	return e.HTTPStatus >= 500 && e.Code == 0 && e.MsgShow == "" && e.Detail == "" && e.ErrorType == ""
}

func (e *APIError) Transient() bool {
	return transport.TransientStatus(e.HTTPStatus) || e.HTTPStatus < 300
}

func (e *RequestError) RunMayHaveStarted() bool  { return e.MayHaveStarted }
func (e *RequestError) ServiceRequestID() string { return "" }
func (e *RequestError) ServiceCode() string      { return "" }
func (e *RequestError) FieldNames() []string     { return nil }
func (e *RequestError) Transient() bool          { return true }
func (e *RequestError) GatewayReply() bool       { return false }

func (e *MalformedResponseError) RunMayHaveStarted() bool  { return e.StartsRun }
func (e *MalformedResponseError) ServiceRequestID() string { return "" }
func (e *MalformedResponseError) ServiceCode() string      { return "" }
func (e *MalformedResponseError) FieldNames() []string     { return nil }
func (e *MalformedResponseError) Transient() bool          { return true }
func (e *MalformedResponseError) GatewayReply() bool       { return false }

// ConfigError is a Config the client cannot work with; Field names the
// setting ("url", "token").
type ConfigError struct {
	Field, Msg string
}

func (e *ConfigError) Error() string { return e.Msg }
