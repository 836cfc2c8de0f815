package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

// service names the API a route belongs to. It decides how a request is
// authenticated and which error-body shape faults and auth failures use.
type service int

const (
	svcIAM      service = iota // Huawei IAM: token or AK/SK, IAM error shape
	svcPipeline                // CodeArts Pipeline: token or AK/SK + X-Project-Id
	svcBuild                   // CodeArts Build
	svcDeploy                  // CodeArts Deploy
	svcRainbond                // Rainbond console OpenAPI: raw token in Authorization
)

func (svc service) String() string {
	switch svc {
	case svcIAM:
		return "iam"
	case svcPipeline:
		return "pipeline"
	case svcBuild:
		return "build"
	case svcDeploy:
		return "deploy"
	case svcRainbond:
		return "rainbond"
	}
	return fmt.Sprintf("service(%d)", int(svc))
}

func (svc service) isCodeArts() bool {
	return svc == svcPipeline || svc == svcBuild || svc == svcDeploy
}

// Error codes the simulator uses where the references document none. They are
// exported so tests can assert them; see the package doc for which are
// documented and which are the simulator's choice.
const (
	// ErrCodePipelineInvalidParam is returned (HTTP 400) for invalid
	// POST /v3/pipelines/list bodies. Simulator's choice: no pipeline
	// invalid-parameter code is documented.
	ErrCodePipelineInvalidParam = "DEVPIPE.00011103"
	// ErrCodePipelineInternal / ErrCodeBuildInternal / ErrCodeDeployInternal
	// are the default codes of injected 500/503 and 200-with-error faults.
	// Simulator's choice (undocumented).
	ErrCodePipelineInternal = "DEVPIPE.00011001"
	ErrCodeBuildInternal    = "DEVCB.00031001"
	ErrCodeDeployInternal   = "Deploy.00011001"
	// ErrCodeAPIGAuth is the API gateway's "Incorrect IAM authentication
	// information" code, used for every CodeArts auth failure.
	ErrCodeAPIGAuth = "APIGW.0301"
	// ErrCodeAPIGThrottled is the API gateway's throttling code (429).
	ErrCodeAPIGThrottled = "APIG.0308"
)

// writeJSON writes v as JSON with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeCodeArtsError writes the CodeArts service error body
// {"error_code":code,"error_msg":msg} (Huawei API error-code pages: Deploy and Build answer error_code/error_msg).
func writeCodeArtsError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"error_code": code, "error_msg": msg})
}

// writeAPIGError writes an API-gateway error body, which also carries the
// request id: {"error_code","error_msg","request_id"}.
func writeAPIGError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{
		"error_code": code,
		"error_msg":  msg,
		"request_id": w.Header().Get("X-Request-Id"),
	})
}

// writeIAMError writes IAM's error body {"error":{"code":<int>,"message","title"}}.
func writeIAMError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"code":    status,
		"message": msg,
		"title":   http.StatusText(status),
	}})
}

// rainbondEnvelope is the console's MessageResponse / general_message shape.
type rainbondEnvelope struct {
	Code    int              `json:"code"`
	Msg     string           `json:"msg"`
	MsgShow string           `json:"msg_show"`
	Data    rainbondDataBody `json:"data"`
}

type rainbondDataBody struct {
	Bean any   `json:"bean"`
	List []any `json:"list"`
}

// writeRainbondError writes a ServiceHandleException body:
// {"code","msg","msg_show","data":{"bean":{},"list":[]}} (goodrain/rainbond-console).
func writeRainbondError(w http.ResponseWriter, status int, code int, msg, msgShow string) {
	writeJSON(w, status, rainbondEnvelope{
		Code: code, Msg: msg, MsgShow: msgShow,
		Data: rainbondDataBody{Bean: map[string]any{}, List: []any{}},
	})
}

// writeRainbondAPIException writes the body DRF APIExceptions get from the
// console's custom_exception_handler (AuthenticationFailed, Throttled, ...):
// {"detail","code","msg","msg_show","error_type","error_trace"}.
func writeRainbondAPIException(w http.ResponseWriter, status int, errorType, detail string) {
	writeJSON(w, status, map[string]any{
		"detail":      detail,
		"code":        status,
		"msg":         detail,
		"msg_show":    detail,
		"error_type":  errorType,
		"error_trace": "Traceback (most recent call last):\nrest_framework.exceptions." + errorType + ": " + detail + "\n",
	})
}

// writeRainbondValidation writes a serializer validation failure for one or
// more fields: 400 {"detail":"参数错误","err":{field:[msg...]},"code":20400,
// "error_type":"ValidationError",...}.
func writeRainbondValidation(w http.ResponseWriter, errs map[string][]string) {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var trace []string
	for _, k := range keys {
		trace = append(trace, fmt.Sprintf("'%s': %q", k, errs[k]))
	}
	writeJSON(w, http.StatusBadRequest, map[string]any{
		"detail":      "参数错误",
		"err":         errs,
		"code":        20400,
		"error_type":  "ValidationError",
		"error_trace": "Traceback (most recent call last):\nrest_framework.exceptions.ValidationError: {" + strings.Join(trace, ", ") + "}\n",
	})
}

// errEmptyBody is returned by decodeJSON for an empty request body.
var errEmptyBody = errors.New("request body is empty")

// decodeJSON strictly decodes the request body into v: unknown fields are
// allowed (real services ignore them) but wrong JSON types and trailing data
// are errors. An empty body returns errEmptyBody and leaves v untouched.
func decodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(body)) == "" {
		return errEmptyBody
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func isRainbondPath(p string) bool { return strings.HasPrefix(p, "/openapi/") }
