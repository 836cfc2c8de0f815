package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// The simulator's control endpoint. It is NOT part of any CodeArts, IAM or
// Rainbond API: no real service serves /_simulator/, so a request there can
// only reach the simulator's own listener. It needs no credentials, is not
// recorded (Requests), counted (Count), delayed (Options.Latency) or
// faulted, and is not listed by Routes (ControlRoutes lists it).
//
//	GET    /_simulator/outcomes                      {"outcomes":[ScriptedOutcome...]}
//	POST   /_simulator/outcomes                      a ScriptRule or a list of them; answers the list
//	DELETE /_simulator/outcomes[?target=KIND:ID]     reset all (or one target); answers the list
//	POST   /_simulator/reviews/pass[?pipeline_id=ID|?pipeline_run_id=ID]
//	       pass the manual reviews runs wait on (all of them, one pipeline's
//	       or one run's); answers {"pipeline_runs":[{"pipeline_run_id","pipeline_id","status"}...]}
//	POST   /_simulator/reviews/refuse[?...]          refuse them (the runs fail)
//
// Errors are {"error": "..."}: 400 for bad input, 404 for an unknown target
// or route, 405 for another method, 409 when no run waits for a review.

// ControlPath is the prefix of the control endpoint's routes.
const ControlPath = "/_simulator/"

// ControlRoutes returns the control endpoint's routes, sorted. They are not
// in Routes, which lists the simulated APIs' routes only.
func ControlRoutes() []string {
	return []string{
		"DELETE /_simulator/outcomes",
		"GET /_simulator/outcomes",
		"POST /_simulator/outcomes",
		"POST /_simulator/reviews/pass",
		"POST /_simulator/reviews/refuse",
	}
}

func isControlPath(p string) bool { return p == "/_simulator" || strings.HasPrefix(p, ControlPath) }

// controlMux builds the control endpoint's router (once, in New).
func (s *Server) controlMux() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /_simulator/outcomes", s.controlListOutcomes)
	m.HandleFunc("POST /_simulator/outcomes", s.controlSetOutcomes)
	m.HandleFunc("DELETE /_simulator/outcomes", s.controlResetOutcomes)
	m.HandleFunc("POST /_simulator/reviews/pass", func(w http.ResponseWriter, r *http.Request) { s.controlReview(w, r, true) })
	m.HandleFunc("POST /_simulator/reviews/refuse", func(w http.ResponseWriter, r *http.Request) { s.controlReview(w, r, false) })
	m.HandleFunc("/_simulator/outcomes", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", "GET, POST, DELETE")
		writeControlError(w, http.StatusMethodNotAllowed, "/_simulator/outcomes answers GET, POST and DELETE")
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeControlError(w, http.StatusNotFound, fmt.Sprintf("%s %s is not a control route: the simulator's control routes are %s",
			r.Method, r.URL.Path, strings.Join(ControlRoutes(), ", ")))
	})
	return m
}

func writeControlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func (s *Server) writeOutcomes(w http.ResponseWriter) {
	writeJSON(w, http.StatusOK, map[string]any{"outcomes": s.Scripts()})
}

func (s *Server) controlListOutcomes(w http.ResponseWriter, _ *http.Request) { s.writeOutcomes(w) }

func (s *Server) controlSetOutcomes(w http.ResponseWriter, r *http.Request) {
	rules, err := decodeScriptRules(r.Body)
	if err == nil {
		err = s.SetScripts(rules...)
	}
	if err != nil {
		writeControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.writeOutcomes(w)
}

func (s *Server) controlResetOutcomes(w http.ResponseWriter, r *http.Request) {
	err := s.ResetScripts(r.URL.Query().Get("target"))
	switch {
	case errors.Is(err, ErrNoScript):
		writeControlError(w, http.StatusNotFound, err.Error())
	case err != nil:
		writeControlError(w, http.StatusBadRequest, err.Error())
	default:
		s.writeOutcomes(w)
	}
}

func (s *Server) controlReview(w http.ResponseWriter, r *http.Request, pass bool) {
	q := r.URL.Query()
	decided, err := s.decideReviews(q.Get("pipeline_id"), q.Get("pipeline_run_id"), pass)
	if err != nil {
		writeControlError(w, http.StatusConflict, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"pipeline_runs": decided})
}

// reviewedRun is one run a control request passed or refused the review of.
type reviewedRun struct {
	PipelineID string `json:"pipeline_id"`
	RunID      string `json:"pipeline_run_id"`
	Status     string `json:"status"` // after the decision
}

// decideReviews passes or refuses the review of every run waiting for one
// (PAUSED or SUSPEND), of one pipeline or one run when given.
func (s *Server) decideReviews(pipelineID, runID string, pass bool) ([]reviewedRun, error) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.runs()
	st.advance(now)
	var waiting []*simRun
	for _, run := range st.active {
		if (run.Status == RunPaused || run.Status == RunSuspend) && (pipelineID == "" || run.PipelineID == pipelineID) && (runID == "" || run.ID == runID) {
			waiting = append(waiting, run)
		}
	}
	if len(waiting) == 0 {
		what := "no pipeline run waits"
		switch {
		case runID != "":
			what = "pipeline run " + runID + " does not wait"
		case pipelineID != "":
			what = "no run of pipeline " + pipelineID + " waits"
		}
		return nil, fmt.Errorf("%s for a review (the outcome review, pipeline:ID=review, makes runs wait)", what)
	}
	out := make([]reviewedRun, 0, len(waiting))
	for _, run := range waiting {
		if err := st.review(run, pass, now); err != nil {
			return nil, err
		}
		out = append(out, reviewedRun{RunID: run.ID, PipelineID: run.PipelineID, Status: run.Status})
	}
	return out, nil
}

const scriptRuleExample = `{"target":"build:JOB_ID","outcome":"fail"}`

// decodeScriptRules reads one rule or a list of them, strictly: an unknown
// field (a typo such as "outcom") is an error, not ignored.
func decodeScriptRules(body io.Reader) ([]ScriptRule, error) {
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, fmt.Errorf("the body is empty: send a rule such as %s, or a list of them", scriptRuleExample)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var rules []ScriptRule
	if raw[0] == '[' {
		err = dec.Decode(&rules)
	} else {
		var one ScriptRule
		err = dec.Decode(&one)
		rules = []ScriptRule{one}
	}
	if err == nil && dec.More() {
		err = errors.New("trailing data after the JSON value")
	}
	if err != nil {
		return nil, fmt.Errorf("the body is not a rule such as %s (fields target, outcome, message, duration, queue) or a list of them: %v", scriptRuleExample, err)
	}
	return rules, nil
}
