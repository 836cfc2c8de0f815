package wait_test

import (
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
	"testing"
	"time"
)

func fired(tm wait.Timer) (time.Time, bool) {
	select {
	case v := <-tm.C():
		return v, true
	default:
		return time.Time{}, false
	}
}

func TestFakeClockManual(t *testing.T) {
	c := waittest.NewFakeClock(t0)
	a := c.NewTimer(10 * time.Second)
	b := c.NewTimer(20 * time.Second)
	z := c.NewTimer(0)
	if v, ok := fired(z); !ok || !v.Equal(t0) {
		t.Fatalf("zero timer: %v %v", v, ok)
	}
	if n := c.ArmedTimers(); n != 2 {
		t.Fatalf("armed = %d, want 2", n)
	}
	c.Advance(9 * time.Second)
	if _, ok := fired(a); ok {
		t.Fatal("a fired early")
	}
	c.Advance(time.Second)
	if v, ok := fired(a); !ok || !v.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("a: %v %v", v, ok)
	}
	if a.Stop() {
		t.Fatal("Stop after fire = true")
	}
	if !b.Stop() || b.Stop() {
		t.Fatal("Stop of armed timer should be true once")
	}
	c.Advance(time.Hour)
	if _, ok := fired(b); ok {
		t.Fatal("stopped timer fired")
	}
	if c.ArmedTimers() != 0 || c.TimersCreated() != 3 || !c.Now().Equal(t0.Add(time.Hour+10*time.Second)) {
		t.Fatalf("armed %d created %d now %v", c.ArmedTimers(), c.TimersCreated(), c.Now())
	}
	if _, ok := c.AdvanceToNext(); ok {
		t.Fatal("AdvanceToNext with no timers")
	}
}

func TestFakeClockAuto(t *testing.T) {
	c := waittest.NewAutoClock(t0)
	tm := c.NewTimer(90 * time.Second)
	if v, ok := fired(tm); !ok || !v.Equal(t0.Add(90*time.Second)) || !c.Now().Equal(v) {
		t.Fatalf("auto timer: %v %v now %v", v, ok, c.Now())
	}
	c.SetAuto(false)
	tm = c.NewTimer(time.Second)
	if _, ok := fired(tm); ok {
		t.Fatal("manual timer fired without Advance")
	}
	if d, ok := c.AdvanceToNext(); !ok || d != time.Second {
		t.Fatalf("AdvanceToNext = %v %v", d, ok)
	}
	if _, ok := fired(tm); !ok {
		t.Fatal("not fired after AdvanceToNext")
	}
}

func TestRealClock(t *testing.T) {
	c := wait.RealClock()
	start := c.Now()
	tm := c.NewTimer(5 * time.Millisecond)
	<-tm.C()
	if c.Now().Sub(start) < 5*time.Millisecond {
		t.Fatal("real timer fired early")
	}
	if c.NewTimer(time.Hour).Stop() != true {
		t.Fatal("Stop of pending real timer = false")
	}
}
