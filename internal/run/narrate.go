package run

import (
	"slices"
	"strings"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// The progress of a wait, one line per change. Each line is what changed
// and where the run is now, and for an ended run its status word and how
// long it ran (the service's times; the wait's only when the service gave
// none):
//
//	queued
//	running
//	stage 'Build' COMPLETED; stage 'Test' running
//	still stage 'Test' running (waited 1m30s)
//	FAILURE after 25s: compile error in main.go
//
// The caller puts the run's label in front (the action's progress, the
// resource's INFO log lines).

// narrator remembers what the last line said, so that a look that saw
// nothing new writes none.
type narrator struct {
	obs      Observation // the last look (or what stands for a failed one)
	key      string      // the state the last line reported
	reported bool
}

func (n *narrator) saw(obs Observation) { n.obs = obs }

// line is the wait.Options.Narrate of a run's wait.
func (n *narrator) line(elapsed time.Duration, heartbeat bool) string {
	o := n.obs
	if heartbeat {
		return "still " + o.Where() + " (waited " + wait.FormatDuration(elapsed) + ")"
	}
	key := o.Status + "\x00" + o.Phase.String() + "\x00" + o.Message
	if n.reported && key == n.key && len(o.Events) == 0 {
		return ""
	}
	n.key, n.reported = key, true
	return o.Line(elapsed)
}

// Line renders the observation as a progress line, without the run's label.
// elapsed is how long the wait took: said of an ended run only when the
// service gave no times.
func (o Observation) Line(elapsed time.Duration) string {
	body := strings.Join(distinct(append(append([]string{}, o.Events...), o.Message)), "; ")
	if !o.Phase.Terminal() {
		if body == "" {
			return o.statusWord()
		}
		return body
	}
	head := o.statusWord() + " after " + wait.FormatDuration(o.Ran(elapsed))
	if body == "" {
		return head
	}
	return head + ": " + body
}

// Where says where the run is: its Message, or its status word.
func (o Observation) Where() string {
	if o.Message != "" {
		return o.Message
	}
	return o.statusWord()
}

// Ran is how long the run ran: by the service's times when it gave them,
// otherwise elapsed.
func (o Observation) Ran(elapsed time.Duration) time.Duration {
	if o.Timed {
		return o.Duration
	}
	return elapsed
}

func (o Observation) statusWord() string {
	if o.Status != "" {
		return o.Status
	}
	return o.Phase.String()
}

// distinct drops empty and repeated parts, keeping the order.
func distinct(parts []string) []string {
	var out []string
	for _, p := range parts {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}
