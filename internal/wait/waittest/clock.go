// Package waittest has test doubles for package wait: fake clocks that
// make waits deterministic in tests and benchmarks. Production code does
// not import it.
package waittest

import (
	"sync"
	"time"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

var _ wait.Clock = (*FakeClock)(nil)

// FakeClock is a virtual clock, safe for concurrent use.
//
// In manual mode (NewFakeClock) time moves only with Advance; timers whose
// time has come fire during Advance. Tests that run Until in a goroutine use
// BlockUntilTimers to wait until the poller is asleep before advancing.
//
// In auto mode (NewAutoClock) every NewTimer(d) immediately advances virtual
// time by d, so the timer has already fired when the caller waits on it. A
// single goroutine can then run a whole 10-minute wait in microseconds,
// deterministically; this is what benchmarks use. Auto mode assumes one
// waiter per clock.
type FakeClock struct {
	mu     sync.Mutex
	cond   *sync.Cond
	now    time.Time
	auto   bool
	timers []*fakeTimer // armed (not fired, not stopped)
	made   int
}

// NewFakeClock returns a manual fake clock starting at start.
func NewFakeClock(start time.Time) *FakeClock {
	c := &FakeClock{now: start}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// NewAutoClock returns a fake clock in auto mode starting at start: each
// NewTimer(d) advances time by d and fires at once.
func NewAutoClock(start time.Time) *FakeClock {
	c := NewFakeClock(start)
	c.auto = true
	return c
}

// SetAuto switches auto mode on or off.
func (c *FakeClock) SetAuto(auto bool) {
	c.mu.Lock()
	c.auto = auto
	c.mu.Unlock()
}

// Now returns the virtual time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer arms a timer firing at Now()+d (at once if d <= 0). In auto mode
// it also advances the clock by d.
func (c *FakeClock) NewTimer(d time.Duration) wait.Timer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, when: c.now.Add(d), ch: make(chan time.Time, 1)}
	c.made++
	if d <= 0 {
		t.fired = true
		t.ch <- c.now
		return t
	}
	c.timers = append(c.timers, t)
	c.cond.Broadcast()
	if c.auto {
		c.advanceLocked(d)
	}
	return t
}

// Advance moves virtual time forward by d (ignored if d <= 0) and fires every
// timer that is due (each receives the new Now()).
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.advanceLocked(d)
}

// AdvanceToNext advances to the earliest armed timer and fires it, returning
// how far time moved; ok is false (and time unchanged) if no timer is armed.
func (c *FakeClock) AdvanceToNext() (d time.Duration, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.timers) == 0 {
		return 0, false
	}
	next := c.timers[0].when
	for _, t := range c.timers[1:] {
		if t.when.Before(next) {
			next = t.when
		}
	}
	d = next.Sub(c.now)
	c.advanceLocked(d)
	return d, true
}

func (c *FakeClock) advanceLocked(d time.Duration) {
	if d <= 0 {
		return
	}
	c.now = c.now.Add(d)
	var due, keep []*fakeTimer
	for _, t := range c.timers {
		if !t.when.After(c.now) {
			due = append(due, t)
		} else {
			keep = append(keep, t)
		}
	}
	c.timers = keep
	for _, t := range due {
		t.fired = true
		t.ch <- c.now // capacity 1, sent once
	}
	if len(due) > 0 {
		c.cond.Broadcast()
	}
}

// ArmedTimers returns how many timers are armed (neither fired nor stopped).
func (c *FakeClock) ArmedTimers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// TimersCreated returns how many timers NewTimer has created.
func (c *FakeClock) TimersCreated() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.made
}

// BlockUntilTimers blocks until at least n timers are armed (e.g. until the
// poller running in another goroutine is asleep).
func (c *FakeClock) BlockUntilTimers(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.timers) < n {
		c.cond.Wait()
	}
}

type fakeTimer struct {
	c       *FakeClock
	when    time.Time
	ch      chan time.Time
	fired   bool
	stopped bool
}

func (t *fakeTimer) C() <-chan time.Time { return t.ch }

func (t *fakeTimer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.fired || t.stopped {
		return false
	}
	t.stopped = true
	for i, x := range c.timers {
		if x == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			break
		}
	}
	c.cond.Broadcast()
	return true
}
