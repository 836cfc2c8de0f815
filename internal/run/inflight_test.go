package run

import (
	"testing"
	"time"
)

func TestDrainWaitsForHeldOperations(t *testing.T) {
	release := Hold()
	finished := make(chan struct{})
	go func() {
		time.Sleep(50 * time.Millisecond)
		close(finished)
		release()
	}()
	if !Drain(5 * time.Second) {
		t.Fatal("Drain gave up although the operation finished within the bound")
	}
	select {
	case <-finished:
	default:
		t.Fatal("Drain returned before the held operation finished: the process would exit mid-stop")
	}
	release() // a second call is harmless
	if !Drain(time.Second) {
		t.Fatal("Drain with nothing held did not return at once")
	}
}

func TestDrainIsBounded(t *testing.T) {
	release := Hold()
	defer release()
	start := time.Now()
	if Drain(100 * time.Millisecond) {
		t.Fatal("Drain reported success while an operation was still held")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Drain took %v, want about its 100ms bound", took)
	}
}
