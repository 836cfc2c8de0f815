package simulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// maxRecordedBody bounds how much of a request body is read and recorded.
const maxRecordedBody = 8 << 20

// Options configure a Server.
type Options struct {
	// Clock is the simulator's time source. Default: real time.
	Clock Clock
	// Latency is added to every response (slept before the request is routed).
	Latency time.Duration
}

// RecordedRequest is one request as the simulator received it.
type RecordedRequest struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// Server is the stateful simulator. Build one with New; it is an http.Handler.
type Server struct {
	clock   Clock
	mux     *http.ServeMux
	latency atomic.Int64 // time.Duration

	// mu guards st, the simulated services' state.
	mu sync.Mutex
	st *state

	// metaMu guards the test instrumentation below.
	metaMu   sync.Mutex
	counts   map[string]int
	faults   map[string][]Fault
	requests []RecordedRequest
	patterns map[string]service
	hidden   map[string]bool // routes answering the gateway's route-not-found

	// scriptMu guards scripts, the outcomes scripted through SetScripts
	// (flags and the control endpoint, scripted_outcomes.go). It is taken
	// before the services' locks, never after.
	scriptMu sync.Mutex
	scripts  map[string]*scriptEntry
	control  *http.ServeMux // the control endpoint (routes_control.go)

	tsMu sync.Mutex
	ts   *httptest.Server
}

// New returns a simulator seeded with demo data and demo credentials.
func New(opts Options) *Server {
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	s := &Server{
		clock:    clock,
		mux:      http.NewServeMux(),
		st:       newState(),
		counts:   map[string]int{},
		faults:   map[string][]Fault{},
		patterns: map[string]service{},
		scripts:  map[string]*scriptEntry{},
	}
	s.latency.Store(int64(opts.Latency))
	for _, m := range modules {
		if m.seed != nil {
			m.seed(s)
		}
	}
	for _, m := range modules {
		if m.routes != nil {
			m.routes(s)
		}
	}
	s.mux.HandleFunc("/", s.notFound)
	s.control = s.controlMux()
	return s
}

// ServeHTTP implements http.Handler: it records the request, assigns a
// request id, applies the configured latency and routes the request.
// Requests under ControlPath go to the control endpoint instead.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if isControlPath(r.URL.Path) {
		// The simulator's own control endpoint: no API, so not recorded,
		// counted, delayed or authenticated (routes_control.go).
		s.control.ServeHTTP(w, r)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRecordedBody))
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))

	s.metaMu.Lock()
	s.requests = append(s.requests, RecordedRequest{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     body,
	})
	s.metaMu.Unlock()

	w.Header().Set("X-Request-Id", newRequestID())

	if d := time.Duration(s.latency.Load()); d > 0 {
		if !sleepCtx(r.Context(), d) {
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// Start serves the simulator on an httptest.Server bound to 127.0.0.1 and
// returns its base URL ("http://127.0.0.1:PORT"). Calling Start twice returns
// the running server's URL.
func (s *Server) Start() string {
	s.tsMu.Lock()
	defer s.tsMu.Unlock()
	if s.ts == nil {
		s.ts = httptest.NewServer(s)
	}
	return s.ts.URL
}

// URL returns the base URL of the server started by Start, or "".
func (s *Server) URL() string {
	s.tsMu.Lock()
	defer s.tsMu.Unlock()
	if s.ts == nil {
		return ""
	}
	return s.ts.URL
}

// Close stops the server started by Start (no-op otherwise).
func (s *Server) Close() {
	s.tsMu.Lock()
	ts := s.ts
	s.ts = nil
	s.tsMu.Unlock()
	if ts != nil {
		ts.CloseClientConnections()
		ts.Close()
	}
}

// Now returns the simulator clock's current time.
func (s *Server) Now() time.Time { return s.clock.Now() }

// SetLatency changes the delay added to every response.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Count returns how many requests were routed to the registered pattern
// route (e.g. "POST /v3/pipelines/list"), whatever their outcome (auth
// failures and injected faults included).
func (s *Server) Count(route string) int {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	return s.counts[route]
}

// Counts returns a copy of all per-route counters.
func (s *Server) Counts() map[string]int {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// ResetCounts zeroes all per-route counters.
func (s *Server) ResetCounts() {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	s.counts = map[string]int{}
}

// HideRoute makes a route answer as API Gateway does for an API that does
// not exist (404 APIGW.0101), as in a region or gateway without it; requests
// are still counted. ShowRoute undoes it.
func (s *Server) HideRoute(route string) {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	if s.hidden == nil {
		s.hidden = map[string]bool{}
	}
	s.hidden[route] = true
}

// ShowRoute undoes HideRoute.
func (s *Server) ShowRoute(route string) {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	delete(s.hidden, route)
}

// Routes returns every registered route pattern of the simulated APIs,
// sorted. The simulator's own control endpoint is not among them
// (ControlRoutes).
func (s *Server) Routes() []string {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	out := make([]string, 0, len(s.patterns))
	for p := range s.patterns {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Requests returns a copy of every request received so far, in order.
func (s *Server) Requests() []RecordedRequest {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	out := make([]RecordedRequest, len(s.requests))
	for i, rr := range s.requests {
		rr.Header = rr.Header.Clone()
		rr.Body = bytes.Clone(rr.Body)
		out[i] = rr
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.metaMu.Lock()
	defer s.metaMu.Unlock()
	s.requests = nil
}

// handle registers an authenticated route. pattern is a Go 1.22 ServeMux
// pattern with a method ("POST /v3/pipelines/list"); it is also the key for
// Count and InjectFault. svc decides the auth rules and the error-body shape.
func (s *Server) handle(pattern string, svc service, h http.HandlerFunc) {
	s.register(pattern, svc, true, h)
}

// handlePublic registers a route that needs no credentials (IAM token issue).
func (s *Server) handlePublic(pattern string, svc service, h http.HandlerFunc) {
	s.register(pattern, svc, false, h)
}

func (s *Server) register(pattern string, svc service, auth bool, h http.HandlerFunc) {
	s.metaMu.Lock()
	s.patterns[pattern] = svc
	s.metaMu.Unlock()
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		s.metaMu.Lock()
		s.counts[pattern]++
		hidden := s.hidden[pattern]
		s.metaMu.Unlock()
		if hidden {
			s.notFound(w, r)
			return
		}

		f, hasFault := s.nextFault(pattern)
		if hasFault && f.Kind == FaultIgnoreOffset {
			r, hasFault = withoutOffset(r), false
		}
		if hasFault && !f.Kind.after() {
			s.applyFaultBefore(w, r, svc, f)
			return
		}
		if auth {
			p, ok := s.authenticate(w, r, svc)
			if !ok {
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		if hasFault {
			s.runWithFaultAfter(w, r, f, h)
			return
		}
		h(w, r)
	})
}

// notFound answers requests no route matched, in the shape of the service the
// path belongs to.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isRainbondPath(r.URL.Path) {
		writeRainbondError(w, http.StatusNotFound, http.StatusNotFound, "Not found.", "Not found.")
		return
	}
	writeAPIGError(w, http.StatusNotFound, "APIGW.0101", "The API does not exist or has not been published in the environment")
}

// locked runs fn with the state lock held.
func (s *Server) locked(fn func(st *state)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.st)
}

func newRequestID() string { return randomHex(16) }

// randomHex returns n random bytes hex-encoded (2n characters).
func randomHex(n int) string { //nolint:unparam // n is the length in bytes; every id today is 16
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// sleepCtx sleeps d or until ctx is done; it reports whether d elapsed.
func sleepCtx(ctx context.Context, d time.Duration) bool { return wait.Sleep(ctx, d) }

// hijackAndReset closes the client connection without writing a response,
// with SO_LINGER 0 so the peer sees a TCP reset.
func hijackAndReset(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
