package run_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// progressOf waits for a scripted run and returns its progress lines.
func progressOf(t *testing.T, looks ...look) []string {
	t.Helper()
	var lines []string
	st := settings(time.Hour)
	st.Poll, st.MaxPoll = time.Second, time.Second // no heartbeat between looks
	st.Progress = func(m string) { lines = append(lines, m) }
	run.Wait(context.Background(), &script{looks: looks}, st, transient)
	return lines
}

func obs(status string, phase wait.Phase, msg string, events ...string) look {
	return look{obs: run.Observation{Status: status, Phase: phase, Message: msg, Events: events}}
}

// A look that saw what the previous one saw writes no line; a stage list
// that names the running stage twice names it once.
func TestWaitWritesOneLinePerChange(t *testing.T) {
	build := obs("RUNNING", wait.Running, "stage 'Build' running")
	test := obs("RUNNING", wait.Running, "stage 'Test' running", "stage 'Build' COMPLETED")
	sameTest := obs("RUNNING", wait.Running, "stage 'Test' running")
	// An observer that narrates the running stage as an event too.
	twice := obs("RUNNING", wait.Running, "stage 'Deploy' running", "stage 'Test' COMPLETED", "stage 'Deploy' running")
	done := look{obs: run.Observation{Status: "COMPLETED", Phase: wait.Succeeded, Events: []string{"stage 'Deploy' COMPLETED"}, Duration: 95 * time.Second, Timed: true}}
	got := progressOf(t, build, build, build, test, sameTest, sameTest, twice, done)
	want := []string{
		"stage 'Build' running",
		"stage 'Build' COMPLETED; stage 'Test' running",
		"stage 'Test' COMPLETED; stage 'Deploy' running",
		"COMPLETED after 1m35s: stage 'Deploy' COMPLETED",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("progress:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An ended run's line has one duration, the service's (not the wait's),
// and no label: the caller puts that in front once.
func TestWaitEndedLineHasTheServicesDurationOnce(t *testing.T) {
	failed := look{obs: run.Observation{Status: "FAILURE", Phase: wait.Failed, Message: "compile error in main.go", Duration: 25 * time.Second, Timed: true}}
	got := progressOf(t, obs("RUNNING", wait.Running, "running"), obs("RUNNING", wait.Running, "running"), failed)
	last := got[len(got)-1]
	if last != "FAILURE after 25s: compile error in main.go" {
		t.Fatalf("last line %q, want the status, the service's 25s once and the message", last)
	}
	if n := strings.Count(strings.Join(got, "\n"), " after "); n != 1 {
		t.Fatalf("%d durations in the progress, want 1:\n%s", n, strings.Join(got, "\n"))
	}
	if strings.Contains(strings.Join(got, "\n"), "build 1") {
		t.Fatalf("an observer line carries the label: %q", got)
	}
}

// Without the service's times, the ended line says how long the wait took.
func TestWaitEndedLineFallsBackToTheWaitsDuration(t *testing.T) {
	var lines []string
	st := settings(time.Hour)
	st.Progress = func(m string) { lines = append(lines, m) }
	s := &script{looks: []look{obs("RUNNING", wait.Running, ""), obs("RUNNING", wait.Running, ""), obs("SUCCESS", wait.Succeeded, "")}}
	o := run.Wait(context.Background(), s, st, transient)
	want := "SUCCESS after " + wait.FormatDuration(o.Elapsed)
	if last := lines[len(lines)-1]; last != want || o.Ran() != o.Elapsed || o.Elapsed == 0 {
		t.Fatalf("last line %q (ran %v, elapsed %v), want %q", last, o.Ran(), o.Elapsed, want)
	}
	if lines[0] != "RUNNING" {
		t.Fatalf("first line %q, want the status word when the observer says nothing more", lines[0])
	}
}

// A heartbeat (nothing changed for 30s) says so and how long the wait has
// taken; it is the only line while nothing changes.
func TestWaitHeartbeatSaysStill(t *testing.T) {
	var lines []string
	st := settings(2 * time.Minute)
	st.Progress = func(m string) { lines = append(lines, m) }
	run.Wait(context.Background(), &script{looks: []look{obs("RUNNING", wait.Running, "stage 'Build' running")}}, st, transient)
	if len(lines) < 3 || lines[0] != "stage 'Build' running" {
		t.Fatalf("progress %q, want the state then heartbeats", lines)
	}
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "still stage 'Build' running (waited ") {
			t.Fatalf("line %q, want only heartbeats after the first", l)
		}
	}
}
