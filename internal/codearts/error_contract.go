package codearts

import (
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
)

// The CodeArts errors implement transport.Error.
var (
	_ transport.Error = (*APIError)(nil)
	_ transport.Error = (*RequestError)(nil)
	_ transport.Error = (*MalformedResponseError)(nil)
)

func (e *APIError) RunMayHaveStarted() bool  { return false }
func (e *APIError) ServiceRequestID() string { return e.RequestID }
func (e *APIError) ServiceCode() string      { return e.Code }
func (e *APIError) FieldNames() []string     { return nil }

// GatewayReply: a 5xx without the service's error body came from a gateway
// in front of it.
func (e *APIError) GatewayReply() bool { return e.HTTPStatus >= 500 && e.Code == "" }

// Transient: throttling, a server-side error, or an error reported in a
// success reply (a glitch of the service, not an answer about the request).
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
func (e *MalformedResponseError) ServiceRequestID() string { return e.RequestID }
func (e *MalformedResponseError) ServiceCode() string      { return "" }
func (e *MalformedResponseError) FieldNames() []string     { return nil }
func (e *MalformedResponseError) Transient() bool          { return true }
func (e *MalformedResponseError) GatewayReply() bool       { return false }
