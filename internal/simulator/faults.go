package simulator

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// FaultKind selects what an injected Fault does.
type FaultKind int

const (
	// FaultStatus429 answers 429 with Retry-After before the handler runs.
	// CodeArts/IAM: APIG throttle body (APIG.0308); Rainbond: DRF Throttled body.
	FaultStatus429 FaultKind = iota + 1
	// FaultStatus500 answers 500 with the service's error body before the handler runs.
	FaultStatus500
	// FaultStatus503 answers 503 with the service's error body before the handler runs.
	FaultStatus503
	// FaultConnReset closes the connection without a response before the
	// handler runs: the request never took effect.
	FaultConnReset
	// FaultConnResetAfter runs the real handler (its side effects happen),
	// then closes the connection without a response.
	FaultConnResetAfter
	// FaultTimeoutAfter runs the real handler, then waits Fault.Delay
	// (default 3s) before writing its response.
	FaultTimeoutAfter
	// FaultMalformedJSON runs the real handler, then answers 200 with its
	// body truncated (invalid JSON).
	FaultMalformedJSON
	// FaultErrorWith200 answers HTTP 200 with an error body in the service's
	// shape before the handler runs.
	FaultErrorWith200
	// FaultExpiredToken answers 401 exactly as for an expired token, before
	// the handler runs.
	FaultExpiredToken
	// The kinds below are in faults_gateway.go: gateway pages and replies
	// that are well-formed HTTP but say less than the API documents.
	FaultGateway502
	FaultGateway504
	FaultGateway502After
	FaultGateway504After
	FaultEditField
	FaultIgnoreOffset
)

func (k FaultKind) String() string {
	switch k {
	case FaultStatus429:
		return "FaultStatus429"
	case FaultStatus500:
		return "FaultStatus500"
	case FaultStatus503:
		return "FaultStatus503"
	case FaultConnReset:
		return "FaultConnReset"
	case FaultConnResetAfter:
		return "FaultConnResetAfter"
	case FaultTimeoutAfter:
		return "FaultTimeoutAfter"
	case FaultMalformedJSON:
		return "FaultMalformedJSON"
	case FaultErrorWith200:
		return "FaultErrorWith200"
	case FaultExpiredToken:
		return "FaultExpiredToken"
	case FaultGateway502:
		return "FaultGateway502"
	case FaultGateway504:
		return "FaultGateway504"
	case FaultGateway502After:
		return "FaultGateway502After"
	case FaultGateway504After:
		return "FaultGateway504After"
	case FaultEditField:
		return "FaultEditField"
	case FaultIgnoreOffset:
		return "FaultIgnoreOffset"
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// after reports whether the fault applies after the real handler ran.
func (k FaultKind) after() bool {
	return k == FaultConnResetAfter || k == FaultTimeoutAfter || k == FaultMalformedJSON ||
		k == FaultGateway502After || k == FaultGateway504After || k == FaultEditField
}

// Fault is one injected failure. Faults queue per route and each matching
// request consumes one occurrence.
type Fault struct {
	Kind FaultKind
	// Times is how many consecutive requests the fault hits (default 1).
	Times int
	// RetryAfter is the Retry-After of FaultStatus429 (default 1s; whole seconds).
	RetryAfter time.Duration
	// Delay is how long FaultTimeoutAfter holds the response (default 3s).
	Delay time.Duration
	// Code and Message override the error code and message of error-body
	// faults (429/500/503/ErrorWith200). For Rainbond and IAM, Code must be
	// an integer string.
	Code, Message string
	// For turns the fault into a window: it hits every request to the
	// route from its first hit until For has passed (Times is ignored).
	For time.Duration
	// Field, Value and Drop say what FaultEditField changes in the JSON
	// reply: Field is a dot path ("result.build_no"; "*" walks every
	// element of an array), set to Value, or removed when Drop is true.
	Field string
	Value any
	Drop  bool

	until time.Time // end of a For window, set on its first hit
}

// InjectFault queues f for route (a registered pattern, e.g.
// "POST /v3/pipelines/list"). It panics if route is not registered, so typos
// fail loudly.
func (s *Server) InjectFault(route string, f Fault) {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	if _, ok := s.patterns[route]; !ok {
		panic("simulator: InjectFault on unknown route " + strconv.Quote(route))
	}
	if f.Times <= 0 || f.For > 0 {
		f.Times = 1
	}
	for i := 0; i < f.Times; i++ {
		one := f
		one.Times = 1
		s.faults[route] = append(s.faults[route], one)
	}
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	s.faults = map[string][]Fault{}
}

// PendingFaults returns how many faults are still queued for route.
func (s *Server) PendingFaults(route string) int {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	return len(s.faults[route])
}

func (s *Server) nextFault(route string) (Fault, bool) {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	for {
		q := s.faults[route]
		if len(q) == 0 {
			return Fault{}, false
		}
		f := q[0]
		if f.For <= 0 {
			s.faults[route] = q[1:]
			return f, true
		}
		now := s.clock.Now()
		if f.until.IsZero() {
			q[0].until = now.Add(f.For)
			return q[0], true
		}
		if now.Before(f.until) {
			return f, true
		}
		s.faults[route] = q[1:] // the window has passed
	}
}

func (s *Server) applyFaultBefore(w http.ResponseWriter, _ *http.Request, svc service, f Fault) {
	switch f.Kind {
	case FaultConnReset:
		hijackAndReset(w)
	case FaultStatus429:
		ra := f.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		secs := int((ra + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		if svc == svcRainbond {
			unit := "seconds"
			if secs == 1 {
				unit = "second"
			}
			detail := fmt.Sprintf("Request was throttled. Expected available in %d %s.", secs, unit)
			if f.Message != "" {
				detail = f.Message
			}
			writeRainbondAPIException(w, http.StatusTooManyRequests, "Throttled", detail)
			return
		}
		msg := "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute"
		writeAPIGError(w, http.StatusTooManyRequests, orDefault(f.Code, ErrCodeAPIGThrottled), orDefault(f.Message, msg))
	case FaultStatus500:
		s.writeServiceError(w, svc, http.StatusInternalServerError, f)
	case FaultStatus503:
		s.writeServiceError(w, svc, http.StatusServiceUnavailable, f)
	case FaultErrorWith200:
		s.writeServiceError(w, svc, http.StatusOK, f)
	case FaultExpiredToken:
		s.writeAuthError(w, svc, authExpired)
	case FaultGateway502:
		writeGatewayPage(w, http.StatusBadGateway)
	case FaultGateway504:
		writeGatewayPage(w, http.StatusGatewayTimeout)
	default:
		panic("simulator: unexpected before-fault " + f.Kind.String())
	}
}

// writeServiceError writes the service's generic error body with the given
// HTTP status (200 for FaultErrorWith200).
func (s *Server) writeServiceError(w http.ResponseWriter, svc service, status int, f Fault) {
	defMsg := "Internal server error"
	if status == http.StatusServiceUnavailable {
		defMsg = "Service unavailable, please try again later"
	}
	msg := orDefault(f.Message, defMsg)
	switch svc {
	case svcRainbond:
		code := atoiOr(f.Code, 10401)
		if status == http.StatusServiceUnavailable {
			code = atoiOr(f.Code, http.StatusServiceUnavailable)
		}
		writeRainbondError(w, status, code, msg, msg)
	case svcIAM:
		// IAM's error body carries the HTTP status as its numeric code; for
		// a 200-with-error the code says what went wrong.
		code := status
		if status == http.StatusOK {
			code = atoiOr(f.Code, http.StatusInternalServerError)
		}
		writeJSON(w, status, map[string]any{"error": map[string]any{
			"code": code, "message": msg, "title": http.StatusText(code),
		}})
	default:
		writeCodeArtsError(w, status, orDefault(f.Code, defaultInternalCode(svc)), msg)
	}
}

func defaultInternalCode(svc service) string {
	switch svc {
	case svcBuild:
		return ErrCodeBuildInternal
	case svcDeploy:
		return ErrCodeDeployInternal
	}
	return ErrCodePipelineInternal
}

// runWithFaultAfter runs h against a buffer, then applies an after-fault.
func (s *Server) runWithFaultAfter(w http.ResponseWriter, r *http.Request, f Fault, h http.HandlerFunc) {
	buf := &bufferedResponse{header: http.Header{}}
	h(buf, r)
	switch f.Kind {
	case FaultConnResetAfter:
		hijackAndReset(w)
	case FaultTimeoutAfter:
		d := f.Delay
		if d <= 0 {
			d = 3 * time.Second
		}
		if !sleepCtx(r.Context(), d) {
			return
		}
		buf.flushTo(w)
	case FaultMalformedJSON:
		if cut := buf.body.Len() / 2; cut > 0 {
			buf.body.Truncate(cut)
		} else {
			buf.body.WriteString(`{"error_code":`)
		}
		buf.status = http.StatusOK
		buf.flushTo(w)
	case FaultGateway502After:
		writeGatewayPage(w, http.StatusBadGateway)
	case FaultGateway504After:
		writeGatewayPage(w, http.StatusGatewayTimeout)
	case FaultEditField:
		buf.editField(f)
		buf.flushTo(w)
	}
}

// bufferedResponse captures a handler's response so an after-fault can
// decide what (if anything) reaches the client.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) flushTo(w http.ResponseWriter) {
	for k, v := range b.header {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	if b.status == 0 {
		b.status = http.StatusOK
	}
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func atoiOr(v string, def int) int {
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	return def
}
