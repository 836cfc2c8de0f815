package run

import (
	"sync"
	"time"
)

// When Terraform is interrupted (Ctrl-C) it asks the provider to stop, then
// shuts the plugin down as soon as its own walk is over; go-plugin returns
// from Serve at once and the process would exit in the middle of stopping a
// run, before the diagnostic that says what happened is written. Every
// operation that starts or waits for a run holds the process until it has
// finished (Hold), and main drains them (Drain) for at most the time
// Terraform gives a plugin to exit gracefully (go-plugin's client waits 2s
// before it kills the process).

var inflight sync.WaitGroup

// Hold marks an operation that must finish before the provider exits. Call
// the returned function (once) when it has.
func Hold() (release func()) {
	inflight.Add(1)
	var once sync.Once
	return func() { once.Do(inflight.Done) }
}

// Drain waits until every held operation has finished, or limit has passed.
// It reports whether they all finished.
func Drain(limit time.Duration) bool {
	done := make(chan struct{})
	go func() {
		inflight.Wait()
		close(done)
	}()
	t := time.NewTimer(limit)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
