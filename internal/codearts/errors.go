package codearts

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// APIError is an error reported by a CodeArts or IAM service, whatever the
// HTTP status it came with (CodeArts also reports errors with HTTP 200).
type APIError struct {
	Service    Service
	Method     string
	Path       string
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
	// Mode is the client's authentication mode, for advice on 401s.
	Mode AuthMode
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s: HTTP %d", e.Service, e.Method, e.Path, e.HTTPStatus)
	if e.Code != "" {
		fmt.Fprintf(&b, ", error %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

// Hint returns advice for well-known failures, or "".
func (e *APIError) Hint() string {
	switch {
	case e.Code == "APIG.0308" || e.HTTPStatus == 429:
		return "The service throttled the request and retries were exhausted; lower -parallelism or raise max_retries."
	case e.HTTPStatus == 401 || strings.HasPrefix(e.Code, "APIGW.0301"):
		switch e.Mode {
		case AuthAKSK:
			return "The credentials were rejected. Check codearts.access_key and codearts.secret_key (CLOUD_SDK_AK, CLOUD_SDK_SK), that the key is enabled, and codearts.project_id if set."
		case AuthToken:
			return "The token was rejected. Check codearts.auth_token (HW_AUTH_TOKEN): IAM tokens expire after 24 hours and must be scoped to the project of codearts.region."
		case AuthPassword:
			return "The IAM user could not sign in. Check codearts.user_name, codearts.password and codearts.domain_name (HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)."
		}
		return "The credentials were rejected."
	case e.HTTPStatus == 403:
		return "The credentials are valid but lack permission for this operation in CodeArts."
	}
	return ""
}

// IsNotFound reports whether err is an APIError with HTTP 404 or one of codes.
func IsNotFound(err error, codes ...string) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.Code == c {
			return true
		}
	}
	return ae.HTTPStatus == 404
}

// HasCode reports whether err is an APIError with one of codes.
func HasCode(err error, codes ...string) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.Code == c {
			return true
		}
	}
	return false
}

// errorBody is the union of every documented CodeArts / IAM error shape:
//
//	{"error_code": "DEVPIPE.xxx", "error_msg": "..."}            (all services)
//	{"error": {"code": "...", "message": "..."}}                 (pipeline; IAM uses a numeric code)
//	{"success": false, "err_code": "...", "message": "..."}      (build v3 record-info)
//	{"status": "error"|"fail", "error": ..., "result": ...}      (build v1, deploy v2 envelopes)
type errorBody struct {
	ErrorCode json.RawMessage `json:"error_code"`
	ErrorMsg  string          `json:"error_msg"`
	Error     json.RawMessage `json:"error"`
	Success   *bool           `json:"success"`
	ErrCode   string          `json:"err_code"`
	Message   string          `json:"message"`
	Status    json.RawMessage `json:"status"`
	RequestID string          `json:"request_id"`
}

type nestedError struct {
	Code      json.RawMessage `json:"code"`
	Message   string          `json:"message"`
	Title     string          `json:"title"`
	ErrorCode json.RawMessage `json:"error_code"` // v1 envelopes: {"status":"fail","error":{"error_code","error_msg"}}
	ErrorMsg  string          `json:"error_msg"`
}

// rawString renders a JSON string or number as text; null and "" become "".
func rawString(m json.RawMessage) string {
	if len(m) == 0 || string(m) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(m))
}

// decodeError extracts a service error from a body. envelope enables the
// {"status":"error"} check for APIs that use that envelope; elsewhere a
// top-level "status" is a run status, not an error.
func decodeError(body []byte, envelope bool) (code, msg, reqID string, ok bool) {
	trimmed := strings.TrimSpace(string(body))
	if !strings.HasPrefix(trimmed, "{") {
		return "", "", "", false
	}
	var eb errorBody
	if json.Unmarshal(body, &eb) != nil {
		return "", "", "", false
	}
	reqID = eb.RequestID
	if c := rawString(eb.ErrorCode); c != "" {
		return c, eb.ErrorMsg, reqID, true
	}
	if len(eb.Error) > 0 && string(eb.Error) != "null" {
		var ne nestedError
		if json.Unmarshal(eb.Error, &ne) == nil {
			if c := rawString(ne.ErrorCode); c != "" || ne.ErrorMsg != "" {
				return c, ne.ErrorMsg, reqID, true
			}
			if rawString(ne.Code) != "" || ne.Message != "" {
				msg := ne.Message
				if msg == "" {
					msg = ne.Title
				}
				return rawString(ne.Code), msg, reqID, true
			}
		}
	}
	if eb.Success != nil && !*eb.Success {
		return eb.ErrCode, eb.Message, reqID, true
	}
	if eb.ErrCode != "" {
		return eb.ErrCode, eb.Message, reqID, true
	}
	if envelope {
		st := strings.ToLower(rawString(eb.Status))
		if st == "error" || st == "fail" || st == "failed" {
			msg := eb.Message
			if msg == "" {
				msg = rawString(eb.Error)
			}
			return "", msg, reqID, true
		}
	}
	return "", "", "", false
}

// badReply is a 2xx reply that parses but lacks what identifies its object
// (a record without its build number, a detail of another run). Callers
// treat it as an unreadable reply: retry or report, never store it.
func badReply(svc Service, method, path string, err error) *MalformedResponseError {
	return &MalformedResponseError{Service: svc, Method: method, Path: path, HTTPStatus: 200, Err: err, Incomplete: true}
}
