package simulator

import (
	"fmt"
	"time"
)

// AddDeployHistory appends one finished deployment per result
// ("succeeded", "failed"), oldest to newest, gap apart, the newest created
// gap before the server clock, each with four 1s steps. It creates the task
// if needed. Seeded records are not counted by DeploysStarted.
func (s *Server) AddDeployHistory(taskID string, results []string, gap time.Duration) {
	if !validDeployID(taskID) {
		panic(fmt.Sprintf("simulator: AddDeployHistory(%q): a task id is 32 letters and digits", taskID))
	}
	now := s.clock.Now()
	ds := s.deployState()
	ds.mu.Lock()
	defer ds.mu.Unlock()
	t := ds.addTask(taskID)
	steps := []DeployStepSpec{{Duration: time.Second}, {Duration: time.Second}, {Duration: time.Second}, {Duration: time.Second}}
	n := len(results)
	for i, r := range results {
		o := normalizeDeployOutcome(DeployOutcome{Steps: steps, Result: r})
		t.newRecord(now.Add(-time.Duration(n-i)*gap), o)
	}
}
