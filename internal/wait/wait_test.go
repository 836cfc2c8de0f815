package wait_test

import (
	"context"
	"errors"
	"fmt"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait/waittest"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// step: the run shows this status from the previous step's end until
// `until` (offset from start); the last step lasts forever.
type step struct {
	until   time.Duration
	status  string
	phase   wait.Phase
	message string
}

type record struct {
	ID     string
	Status string
}

// scripted returns a poll function that reports the run's state at the
// clock's current time and records when it was called.
type scripted struct {
	clock wait.Clock
	start time.Time
	steps []step
	times []time.Duration // offsets of each poll
	errAt int             // 1-based poll number that returns err (0 = never)
	err   error
}

func (s *scripted) poll(ctx context.Context) (wait.Observation[record], error) {
	at := s.clock.Now().Sub(s.start)
	s.times = append(s.times, at)
	if s.errAt == len(s.times) {
		return wait.Observation[record]{}, s.err
	}
	st := s.steps[len(s.steps)-1]
	for _, c := range s.steps {
		if at < c.until {
			st = c
			break
		}
	}
	return wait.Observation[record]{
		Status:  st.status,
		Phase:   st.phase,
		Message: st.message,
		Value:   record{ID: "run-1", Status: st.status},
	}, nil
}

func durs(ss ...float64) []time.Duration {
	out := make([]time.Duration, len(ss))
	for i, s := range ss {
		out[i] = time.Duration(s * float64(time.Second))
	}
	return out
}

func equalDurs(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

const forever = 1 << 62

func TestUntilOutcomes(t *testing.T) {
	boom := errors.New("HTTP 500 after retries")
	tests := []struct {
		name      string
		steps     []step
		timeout   time.Duration
		errAt     int
		wantPolls int
		wantErr   func(t *testing.T, err error)
		wantLast  string
		wantTimes []time.Duration
	}{
		{
			name: "success after 4 polls",
			steps: []step{
				{until: 20 * time.Second, status: "RUNNING", phase: wait.Running, message: "build 55 running"},
				{until: forever, status: "SUCCESS", phase: wait.Succeeded, message: "build 55 succeeded"},
			},
			// 0, 5, 12.5 (RUNNING, backing off), 23.75 (SUCCESS)
			wantPolls: 4,
			wantLast:  "SUCCESS",
			wantTimes: durs(0, 5, 12.5, 23.75),
			wantErr: func(t *testing.T, err error) {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
			},
		},
		{
			name:      "success on first poll",
			steps:     []step{{until: forever, status: "SUCCESS", phase: wait.Succeeded}},
			wantPolls: 1,
			wantLast:  "SUCCESS",
			wantTimes: durs(0),
			wantErr: func(t *testing.T, err error) {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
			},
		},
		{
			name: "failed",
			steps: []step{
				{until: 10 * time.Second, status: "RUNNING", phase: wait.Running},
				{until: forever, status: "FAILED", phase: wait.Failed, message: "stage 2 'Test': exit code 1"},
			},
			wantPolls: 3, // 0, 5, 12.5
			wantLast:  "FAILED",
			wantErr: func(t *testing.T, err error) {
				var fe *wait.FailedError
				if !errors.As(err, &fe) {
					t.Fatalf("err = %T %v, want *wait.FailedError", err, err)
				}
				if fe.Cancelled || fe.Status != "FAILED" || fe.Message != "stage 2 'Test': exit code 1" || fe.Polls != 3 || fe.Elapsed != 12500*time.Millisecond {
					t.Fatalf("FailedError = %+v", fe)
				}
				want := "run failed with status FAILED after 13s: stage 2 'Test': exit code 1"
				if err.Error() != want {
					t.Fatalf("Error() = %q, want %q", err.Error(), want)
				}
				if wait.Abandoned(err) {
					t.Fatal("Abandoned(failed) = true")
				}
			},
		},
		{
			name: "cancelled remotely",
			steps: []step{
				{until: 6 * time.Second, status: "RUNNING", phase: wait.Running},
				{until: forever, status: "ABORTED", phase: wait.Cancelled, message: "stopped by alice"},
			},
			wantPolls: 3,
			wantLast:  "ABORTED",
			wantErr: func(t *testing.T, err error) {
				var fe *wait.FailedError
				if !errors.As(err, &fe) || !fe.Cancelled || fe.Status != "ABORTED" || fe.Message != "stopped by alice" {
					t.Fatalf("err = %#v, want cancelled *wait.FailedError", err)
				}
				if !strings.Contains(err.Error(), "cancelled") {
					t.Fatalf("Error() = %q, want it to say cancelled", err.Error())
				}
			},
		},
		{
			name: "unknown status",
			steps: []step{
				{until: 5 * time.Second, status: "QUEUED", phase: wait.Pending},
				{until: forever, status: "FROBNICATING", phase: wait.Unknown, message: "?"},
			},
			wantPolls: 2,
			wantLast:  "FROBNICATING",
			wantErr: func(t *testing.T, err error) {
				var ue *wait.UnexpectedStateError
				if !errors.As(err, &ue) || ue.Status != "FROBNICATING" || ue.Polls != 2 {
					t.Fatalf("err = %#v, want *wait.UnexpectedStateError", err)
				}
				if !strings.Contains(err.Error(), `"FROBNICATING"`) {
					t.Fatalf("Error() = %q", err.Error())
				}
			},
		},
		{
			name:      "out-of-range phase is unknown",
			steps:     []step{{until: forever, status: "X", phase: wait.Phase(99)}},
			wantPolls: 1,
			wantLast:  "X",
			wantErr: func(t *testing.T, err error) {
				var ue *wait.UnexpectedStateError
				if !errors.As(err, &ue) {
					t.Fatalf("err = %#v, want *wait.UnexpectedStateError", err)
				}
			},
		},
		{
			name:      "poll error returned at once",
			steps:     []step{{until: forever, status: "RUNNING", phase: wait.Running, message: "m"}},
			errAt:     3,
			wantPolls: 3,
			wantLast:  "RUNNING", // last successful observation
			wantTimes: durs(0, 5, 12.5),
			wantErr: func(t *testing.T, err error) {
				var pe *wait.PollError
				if !errors.As(err, &pe) || pe.Polls != 3 || pe.Status != "RUNNING" {
					t.Fatalf("err = %#v, want *wait.PollError", err)
				}
				if !errors.Is(err, boom) {
					t.Fatal("errors.Is(err, boom) = false")
				}
				if wait.Abandoned(err) {
					t.Fatal("Abandoned(poll error) = true")
				}
			},
		},
		{
			name: "paused keeps waiting",
			steps: []step{
				{until: 5 * time.Second, status: "RUNNING", phase: wait.Running},
				{until: 3 * time.Minute, status: "PENDING_REVIEW", phase: wait.Paused, message: "waiting for review at stage 'Deploy'"},
				{until: forever, status: "SUCCESS", phase: wait.Succeeded},
			},
			wantLast: "SUCCESS",
			// 0, 5 (paused), 10, 17.5, 28.75, 45.625, 70.9375, 100.9375, 130.9375, 160.9375, 190.9375 (success)
			wantPolls: 11,
			wantTimes: durs(0, 5, 10, 17.5, 28.75, 45.625, 70.9375, 100.9375, 130.9375, 160.9375, 190.9375),
			wantErr: func(t *testing.T, err error) {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
			},
		},
		{
			name:      "paused is bounded by the deadline",
			steps:     []step{{until: forever, status: "PENDING_REVIEW", phase: wait.Paused, message: "waiting for review"}},
			timeout:   time.Minute,
			wantLast:  "PENDING_REVIEW",
			wantPolls: 6, // 0, 5, 12.5, 23.75, 40.625, then 65.9 > 60 so a final poll at 60
			wantTimes: durs(0, 5, 12.5, 23.75, 40.625, 60),
			wantErr: func(t *testing.T, err error) {
				var te *wait.TimeoutError
				if !errors.As(err, &te) || te.Status != "PENDING_REVIEW" {
					t.Fatalf("err = %#v, want *wait.TimeoutError", err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := waittest.NewAutoClock(t0)
			s := &scripted{clock: clk, start: t0, steps: tc.steps, errAt: tc.errAt, err: boom}
			res, err := wait.Until(context.Background(), wait.Options{Clock: clk, Timeout: tc.timeout}, s.poll)
			tc.wantErr(t, err)
			if res.Polls != tc.wantPolls || len(s.times) != tc.wantPolls {
				t.Fatalf("Polls = %d (poll called %d times, at %v), want %d", res.Polls, len(s.times), s.times, tc.wantPolls)
			}
			if res.Last.Status != tc.wantLast || res.Last.Value.Status != tc.wantLast || res.Last.Value.ID != "run-1" {
				t.Fatalf("Last = %+v, want status %q with its record", res.Last, tc.wantLast)
			}
			if tc.wantTimes != nil && !equalDurs(s.times, tc.wantTimes) {
				t.Fatalf("poll times = %v, want %v", s.times, tc.wantTimes)
			}
			if got := s.times[len(s.times)-1]; res.Elapsed != got {
				t.Fatalf("Elapsed = %v, want %v (time of the last poll)", res.Elapsed, got)
			}
			if err != nil {
				info, ok := wait.Info(err)
				if !ok || info.Polls != res.Polls || info.Elapsed != res.Elapsed || info.Status != res.Last.Status {
					t.Fatalf("Info(err) = %+v, %v; result %+v", info, ok, res)
				}
			}
		})
	}
}

// recordingClock wraps a clock and records every timer duration requested.
type recordingClock struct {
	wait.Clock
	mu     sync.Mutex
	timers []time.Duration
}

func (r *recordingClock) NewTimer(d time.Duration) wait.Timer {
	r.mu.Lock()
	r.timers = append(r.timers, d)
	r.mu.Unlock()
	return r.Clock.NewTimer(d)
}

func TestTimeoutFinalPollAtDeadline(t *testing.T) {
	tests := []struct {
		name      string
		timeout   time.Duration
		steps     []step
		wantTimes []time.Duration
		wantErr   bool
		wantLast  string
	}{
		{
			name:    "still running at deadline",
			timeout: 100 * time.Second,
			steps:   []step{{until: forever, status: "RUNNING", phase: wait.Running, message: "stage 3/4"}},
			// 0, 5, 12.5, 23.75, 40.625, 65.9375, 95.9375, then 125.9 > 100 -> final poll at 100
			wantTimes: durs(0, 5, 12.5, 23.75, 40.625, 65.9375, 95.9375, 100),
			wantErr:   true,
			wantLast:  "RUNNING",
		},
		{
			name:    "finished just before the deadline is reported as finished",
			timeout: 100 * time.Second,
			steps: []step{
				{until: 99 * time.Second, status: "RUNNING", phase: wait.Running},
				{until: forever, status: "SUCCESS", phase: wait.Succeeded},
			},
			wantTimes: durs(0, 5, 12.5, 23.75, 40.625, 65.9375, 95.9375, 100),
			wantLast:  "SUCCESS",
		},
		{
			name:    "poll lands exactly on the deadline",
			timeout: 12500 * time.Millisecond,
			steps:   []step{{until: forever, status: "QUEUED", phase: wait.Pending}},
			// 0, 5, 12.5 = deadline: that poll is the final one
			wantTimes: durs(0, 5, 12.5),
			wantErr:   true,
			wantLast:  "QUEUED",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := &recordingClock{Clock: waittest.NewAutoClock(t0)}
			s := &scripted{clock: clk, start: t0, steps: tc.steps}
			res, err := wait.Until(context.Background(), wait.Options{Clock: clk, Timeout: tc.timeout}, s.poll)
			if !equalDurs(s.times, tc.wantTimes) {
				t.Fatalf("poll times = %v, want %v", s.times, tc.wantTimes)
			}
			var total time.Duration
			for _, d := range clk.timers {
				total += d
			}
			if total > tc.timeout {
				t.Fatalf("slept %v in total (%v), past the %v deadline", total, clk.timers, tc.timeout)
			}
			if res.Last.Status != tc.wantLast || res.Polls != len(tc.wantTimes) {
				t.Fatalf("Result = %+v", res)
			}
			if !tc.wantErr {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var te *wait.TimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("err = %T %v, want *wait.TimeoutError", err, err)
			}
			if te.Elapsed != tc.timeout || res.Elapsed != tc.timeout || te.Timeout != tc.timeout ||
				te.Status != tc.wantLast || te.Polls != len(tc.wantTimes) || te.Err != nil {
				t.Fatalf("TimeoutError = %+v", te)
			}
			if !wait.Abandoned(err) {
				t.Fatal("Abandoned(timeout) = false")
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Fatal("Options.Timeout should not look like a ctx deadline")
			}
			if !strings.Contains(err.Error(), "timed out after "+wait.FormatDuration(tc.timeout)) ||
				!strings.Contains(err.Error(), "last status "+tc.wantLast) {
				t.Fatalf("Error() = %q", err.Error())
			}
		})
	}
}

func TestBackoffSequenceAndReset(t *testing.T) {
	clk := &recordingClock{Clock: waittest.NewAutoClock(t0)}
	// RUNNING until 150s, then DEPLOYING (status change -> reset to 5s), then SUCCESS at 200s.
	s := &scripted{clock: clk, start: t0, steps: []step{
		{until: 150 * time.Second, status: "RUNNING", phase: wait.Running},
		{until: 200 * time.Second, status: "DEPLOYING", phase: wait.Running},
		{until: forever, status: "SUCCESS", phase: wait.Succeeded},
	}}
	// Progress nil: no heartbeat splitting, so timers == sleeps.
	_, err := wait.Until(context.Background(), wait.Options{Clock: clk}, s.poll)
	if err != nil {
		t.Fatal(err)
	}
	// polls: 0 5 12.5 23.75 40.625 65.9375 95.9375 125.9375 155.9375(DEPLOYING) 160.9375 168.4375 179.6875 196.5625 221.875(SUCCESS)
	wantSleeps := durs(5, 7.5, 11.25, 16.875, 25.3125, 30, 30, 30, 5, 7.5, 11.25, 16.875, 25.3125)
	if !equalDurs(clk.timers, wantSleeps) {
		t.Fatalf("sleeps = %v, want %v", clk.timers, wantSleeps)
	}
}

func TestOptionsNormalisation(t *testing.T) {
	tests := []struct {
		name       string
		opts       wait.Options
		wantSleeps []time.Duration
	}{
		{"fixed interval when backoff < 1", wait.Options{PollInterval: 2 * time.Second, Backoff: 0.5}, durs(2, 2, 2, 2)},
		{"backoff 2 capped by max", wait.Options{PollInterval: time.Second, Backoff: 2, MaxPollInterval: 5 * time.Second}, durs(1, 2, 4, 5)},
		{"max below poll interval is raised", wait.Options{PollInterval: 10 * time.Second, MaxPollInterval: time.Second}, durs(10, 10, 10, 10)},
		{"negative values mean defaults", wait.Options{PollInterval: -1, MaxPollInterval: -1, Timeout: -1}, durs(5, 7.5, 11.25, 16.875)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := &recordingClock{Clock: waittest.NewAutoClock(t0)}
			n := 0
			tc.opts.Clock = clk
			_, err := wait.Until(context.Background(), tc.opts, func(context.Context) (wait.Observation[int], error) {
				n++
				if n == len(tc.wantSleeps)+1 {
					return wait.Observation[int]{Status: "OK", Phase: wait.Succeeded}, nil
				}
				return wait.Observation[int]{Status: "RUNNING", Phase: wait.Running}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !equalDurs(clk.timers, tc.wantSleeps) {
				t.Fatalf("sleeps = %v, want %v", clk.timers, tc.wantSleeps)
			}
		})
	}
}

type progressLog struct {
	clock wait.Clock
	start time.Time
	at    []time.Duration
	msgs  []string
}

func (p *progressLog) add(msg string) {
	p.at = append(p.at, p.clock.Now().Sub(p.start))
	p.msgs = append(p.msgs, msg)
}

func TestProgressOnChangeAndHeartbeat(t *testing.T) {
	clk := waittest.NewAutoClock(t0)
	pl := &progressLog{clock: clk, start: t0}
	s := &scripted{clock: clk, start: t0, steps: []step{
		{until: 20 * time.Second, status: "QUEUED", phase: wait.Pending, message: "waiting for an executor"},
		{until: 6 * time.Minute, status: "RUNNING", phase: wait.Running, message: "build 55 running, stage 2/4"},
		{until: forever, status: "SUCCESS", phase: wait.Succeeded, message: "build 55 succeeded"},
	}}
	opts := wait.Options{Clock: clk, MaxPollInterval: 60 * time.Second, Heartbeat: 30 * time.Second, Progress: pl.add}
	res, err := wait.Until(context.Background(), opts, s.poll)
	if err != nil {
		t.Fatal(err)
	}

	// Every status change is reported, with its message, in order.
	var changes []string
	for _, m := range pl.msgs {
		if !strings.HasPrefix(m, "still ") {
			changes = append(changes, m)
		}
	}
	wantChanges := []string{
		"QUEUED: waiting for an executor",
		"RUNNING after 24s: build 55 running, stage 2/4", // polls at 0 5 12.5 23.75
		"SUCCESS after " + wait.FormatDuration(res.Elapsed) + ": build 55 succeeded",
	}
	if fmt.Sprint(changes) != fmt.Sprint(wantChanges) {
		t.Fatalf("change messages =\n%q\nwant\n%q", changes, wantChanges)
	}

	// Never more than Heartbeat without a message, although polls are up to 60s apart.
	prev := time.Duration(0)
	for i, at := range pl.at {
		if at-prev > 30*time.Second {
			t.Fatalf("gap of %v before message %d %q (all at %v)", at-prev, i, pl.msgs[i], pl.at)
		}
		prev = at
	}
	var maxPollGap time.Duration
	for i := 1; i < len(s.times); i++ {
		maxPollGap = max(maxPollGap, s.times[i]-s.times[i-1])
	}
	if maxPollGap != 60*time.Second {
		t.Fatalf("max poll gap = %v, want the 60s cap to be reached (times %v)", maxPollGap, s.times)
	}
	// Heartbeats name the status and the elapsed time.
	hb := 0
	for i, m := range pl.msgs {
		if strings.HasPrefix(m, "still ") {
			hb++
			want := "still RUNNING after " + wait.FormatDuration(pl.at[i]) + ": build 55 running, stage 2/4"
			if m != want {
				t.Fatalf("heartbeat %q, want %q", m, want)
			}
		}
	}
	if hb < 10 {
		t.Fatalf("only %d heartbeats in a 6-minute run: %q", hb, pl.msgs)
	}
	// Heartbeats come from split sleeps, not from extra polls: most are
	// emitted at times when no poll happened.
	pollAt := map[time.Duration]bool{}
	for _, at := range s.times {
		pollAt[at] = true
	}
	midSleep := 0
	for i, m := range pl.msgs {
		if strings.HasPrefix(m, "still ") && !pollAt[pl.at[i]] {
			midSleep++
		}
	}
	if midSleep < 10 {
		for i, m := range pl.msgs {
			t.Logf("%8v %s", pl.at[i], m)
		}
		t.Fatalf("%d mid-sleep heartbeats, want >= 10 (polls at %v)", midSleep, s.times)
	}
}

func TestPausedIsVisible(t *testing.T) {
	clk := waittest.NewAutoClock(t0)
	pl := &progressLog{clock: clk, start: t0}
	s := &scripted{clock: clk, start: t0, steps: []step{
		{until: 10 * time.Second, status: "RUNNING", phase: wait.Running},
		{until: 2 * time.Minute, status: "PENDING_REVIEW", phase: wait.Paused, message: "waiting for review at stage 'Deploy'"},
		{until: forever, status: "SUCCESS", phase: wait.Succeeded},
	}}
	res, err := wait.Until(context.Background(), wait.Options{Clock: clk, Progress: pl.add}, s.poll)
	if err != nil || res.Last.Status != "SUCCESS" {
		t.Fatalf("res %+v err %v", res, err)
	}
	want0 := "paused after 13s: waiting for review at stage 'Deploy' (status PENDING_REVIEW)" // poll at 12.5s
	found, still := false, 0
	for _, m := range pl.msgs {
		if m == want0 {
			found = true
		}
		if strings.HasPrefix(m, "still paused after ") && strings.HasSuffix(m, ": waiting for review at stage 'Deploy' (status PENDING_REVIEW)") {
			still++
		}
	}
	if !found || still < 2 {
		t.Fatalf("messages %q: want %q and >= 2 'still paused' heartbeats", pl.msgs, want0)
	}
}

func TestInterruptDuringLongSleepRealClock(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polled := make(chan struct{}, 1)
	type out struct {
		res wait.Result[string]
		err error
		at  time.Time
	}
	done := make(chan out, 1)
	go func() {
		res, err := wait.Until(ctx, wait.Options{PollInterval: time.Hour, MaxPollInterval: time.Hour, Heartbeat: time.Hour, Progress: func(string) {}},
			func(context.Context) (wait.Observation[string], error) {
				select {
				case polled <- struct{}{}:
				default:
				}
				return wait.Observation[string]{Status: "RUNNING", Phase: wait.Running, Message: "m", Value: "v"}, nil
			})
		done <- out{res, err, time.Now()}
	}()
	<-polled
	time.Sleep(20 * time.Millisecond) // let it fall asleep
	cancelled := time.Now()
	cancel()
	var o out
	select {
	case o = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Until did not return after cancel")
	}
	lag := o.at.Sub(cancelled)
	t.Logf("returned %v after cancel", lag)
	if lag > 100*time.Millisecond {
		t.Fatalf("returned %v after cancel, want a few ms", lag)
	}
	var ie *wait.InterruptedError
	if !errors.As(o.err, &ie) || !errors.Is(o.err, context.Canceled) {
		t.Fatalf("err = %#v, want *wait.InterruptedError wrapping context.Canceled", o.err)
	}
	if ie.Status != "RUNNING" || ie.Polls != 1 || o.res.Polls != 1 || o.res.Last.Value != "v" || !wait.Abandoned(o.err) {
		t.Fatalf("err %+v res %+v", ie, o.res)
	}
	if !strings.HasPrefix(o.err.Error(), "interrupted after ") || !strings.HasSuffix(o.err.Error(), "(last status RUNNING: m): context canceled") {
		t.Fatalf("Error() = %q", o.err.Error())
	}
}

func TestInterruptOtherPaths(t *testing.T) {
	cause := errors.New("user pressed Ctrl-C")
	t.Run("already cancelled: no poll", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n := 0
		res, err := wait.Until(ctx, wait.Options{Clock: waittest.NewAutoClock(t0)}, func(context.Context) (wait.Observation[int], error) {
			n++
			return wait.Observation[int]{Phase: wait.Succeeded}, nil
		})
		if n != 0 || res.Polls != 0 || !errors.Is(err, context.Canceled) {
			t.Fatalf("n=%d res=%+v err=%v", n, res, err)
		}
	})
	t.Run("cancelled during poll is an interrupt, not a poll error", func(t *testing.T) {
		ctx, cancel := context.WithCancelCause(context.Background())
		res, err := wait.Until(ctx, wait.Options{Clock: waittest.NewAutoClock(t0)}, func(ctx context.Context) (wait.Observation[int], error) {
			cancel(cause)
			return wait.Observation[int]{}, fmt.Errorf("GET /builds/55: %w", ctx.Err())
		})
		var ie *wait.InterruptedError
		var pe *wait.PollError
		if !errors.As(err, &ie) || errors.As(err, &pe) || !errors.Is(err, context.Canceled) || !errors.Is(err, cause) || res.Polls != 1 {
			t.Fatalf("err = %#v res %+v", err, res)
		}
		if !strings.HasSuffix(err.Error(), ": user pressed Ctrl-C") {
			t.Fatalf("Error() = %q", err.Error())
		}
	})
	t.Run("terminal observation wins over a late cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		res, err := wait.Until(ctx, wait.Options{Clock: waittest.NewAutoClock(t0)}, func(ctx context.Context) (wait.Observation[int], error) {
			cancel()
			return wait.Observation[int]{Status: "SUCCESS", Phase: wait.Succeeded}, nil
		})
		if err != nil || res.Last.Status != "SUCCESS" {
			t.Fatalf("err %v res %+v", err, res)
		}
	})
	t.Run("cancel while sleeping on the fake clock", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		clk := waittest.NewAutoClock(t0)
		n := 0
		res, err := wait.Until(ctx, wait.Options{Clock: clk}, func(ctx context.Context) (wait.Observation[int], error) {
			n++
			if n == 3 {
				cancel()
			}
			return wait.Observation[int]{Status: "RUNNING", Phase: wait.Running}, nil
		})
		if !errors.Is(err, context.Canceled) || res.Polls != 3 || clk.Now().Sub(t0) != 12500*time.Millisecond {
			t.Fatalf("err %v res %+v now %v", err, res, clk.Now().Sub(t0))
		}
	})
}

func TestContextDeadlineIsTimeout(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := wait.Until(ctx, wait.Options{PollInterval: time.Hour}, func(context.Context) (wait.Observation[int], error) {
		return wait.Observation[int]{Status: "RUNNING", Phase: wait.Running}, nil
	})
	if took := time.Since(start); took > time.Second {
		t.Fatalf("took %v", took)
	}
	var te *wait.TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) || te.Status != "RUNNING" || res.Polls != 1 || !wait.Abandoned(err) {
		t.Fatalf("err = %#v res %+v", err, res)
	}
	if te.Timeout != te.Elapsed || te.Elapsed < 30*time.Millisecond {
		t.Fatalf("TimeoutError %+v", te)
	}
}

func TestManualFakeClock(t *testing.T) {
	clk := waittest.NewFakeClock(t0)
	var mu sync.Mutex
	polls := 0
	getPolls := func() int { mu.Lock(); defer mu.Unlock(); return polls }
	done := make(chan error, 1)
	go func() {
		_, err := wait.Until(context.Background(), wait.Options{Clock: clk}, func(context.Context) (wait.Observation[int], error) {
			mu.Lock()
			defer mu.Unlock()
			polls++
			if polls == 3 {
				return wait.Observation[int]{Status: "SUCCESS", Phase: wait.Succeeded}, nil
			}
			return wait.Observation[int]{Status: "RUNNING", Phase: wait.Running}, nil
		})
		done <- err
	}()
	clk.BlockUntilTimers(1)
	if getPolls() != 1 {
		t.Fatalf("polls = %d, want 1 (immediate first poll)", getPolls())
	}
	clk.Advance(4999 * time.Millisecond)
	if clk.ArmedTimers() != 1 || getPolls() != 1 {
		t.Fatalf("timer fired early: armed %d polls %d", clk.ArmedTimers(), getPolls())
	}
	clk.Advance(time.Millisecond) // 5s: second poll, then a 7.5s sleep
	clk.BlockUntilTimers(1)
	if getPolls() != 2 {
		t.Fatalf("polls = %d, want 2", getPolls())
	}
	d, ok := clk.AdvanceToNext()
	if !ok || d != 7500*time.Millisecond {
		t.Fatalf("AdvanceToNext = %v, %v; want 7.5s", d, ok)
	}
	select {
	case err := <-done:
		if err != nil || getPolls() != 3 {
			t.Fatalf("err %v polls %d", err, getPolls())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Until did not finish")
	}
}

func TestPhases(t *testing.T) {
	m := wait.Phases{"RUNNING": wait.Running, "SUCCESS": wait.Succeeded, "ABORTED": wait.Cancelled}
	tests := []struct {
		in   string
		want wait.Phase
	}{
		{"RUNNING", wait.Running},
		{" success ", wait.Succeeded},
		{"aborted", wait.Cancelled},
		{"WHAT", wait.Unknown},
		{"", wait.Unknown},
	}
	for _, tc := range tests {
		if got := m.Of(tc.in); got != tc.want {
			t.Errorf("Of(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	for p, want := range map[wait.Phase]bool{wait.Pending: false, wait.Running: false, wait.Paused: false, wait.Succeeded: true, wait.Failed: true, wait.Cancelled: true, wait.Unknown: false} {
		if p.Terminal() != want {
			t.Errorf("%v.Terminal() = %v", p, !want)
		}
	}
	if wait.Paused.String() != "paused" || wait.Phase(42).String() != "Phase(42)" {
		t.Errorf("String: %q %q", wait.Paused.String(), wait.Phase(42).String())
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{400 * time.Microsecond, "0s"},
		{850 * time.Millisecond, "850ms"},
		{999600 * time.Microsecond, "1s"},
		{time.Second, "1s"},
		{1499 * time.Millisecond, "1s"},
		{1500 * time.Millisecond, "2s"},
		{100 * time.Second, "1m40s"},
		{150 * time.Second, "2m30s"},
		{time.Minute, "1m"},
		{59*time.Second + 600*time.Millisecond, "1m"},
		{time.Hour, "1h"},
		{time.Hour + 5*time.Second, "1h0m5s"},
		{90 * time.Minute, "1h30m"},
		{26*time.Hour + 3*time.Minute + 4*time.Second, "26h3m4s"},
		{-90 * time.Second, "-1m30s"},
		{-850 * time.Millisecond, "-850ms"},
	}
	for _, tc := range tests {
		if got := wait.FormatDuration(tc.in); got != tc.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// extremes do not panic
	_ = wait.FormatDuration(time.Duration(1<<63 - 1))
	_ = wait.FormatDuration(time.Duration(-1 << 63))
}

func TestHeartbeatTiming(t *testing.T) {
	tests := []struct {
		name   string
		hb     time.Duration
		wantAt []time.Duration
	}{
		// fixed 10s polls; RUNNING until 75s, SUCCESS seen at 80s
		{"mid-sleep and at-poll heartbeats", 25 * time.Second, durs(0, 25, 50, 75, 80)},
		{"default 30s", 0, durs(0, 30, 60, 80)},
		{"negative disables", -1, durs(0, 80)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clk := waittest.NewAutoClock(t0)
			pl := &progressLog{clock: clk, start: t0}
			s := &scripted{clock: clk, start: t0, steps: []step{
				{until: 75 * time.Second, status: "RUNNING", phase: wait.Running},
				{until: forever, status: "SUCCESS", phase: wait.Succeeded},
			}}
			_, err := wait.Until(context.Background(), wait.Options{Clock: clk, PollInterval: 10 * time.Second, Backoff: 1, Heartbeat: tc.hb, Progress: pl.add}, s.poll)
			if err != nil {
				t.Fatal(err)
			}
			if !equalDurs(pl.at, tc.wantAt) {
				t.Fatalf("progress at %v (%q), want %v", pl.at, pl.msgs, tc.wantAt)
			}
			if want := durs(0, 10, 20, 30, 40, 50, 60, 70, 80); !equalDurs(s.times, want) {
				t.Fatalf("polls at %v, want %v", s.times, want)
			}
		})
	}
}

func TestProgressOnMessageChangeWithoutBackoffReset(t *testing.T) {
	clock := waittest.NewAutoClock(time.Unix(0, 0))
	msgs := []string{"step 1/3 done", "step 1/3 done", "step 2/3 done", "step 3/3 done"}
	var got []string
	var sleeps []time.Duration
	last := clock.Now()
	i := 0
	_, err := wait.Until(context.Background(), wait.Options{PollInterval: time.Second, MaxPollInterval: 8 * time.Second, Heartbeat: -1, Clock: clock,
		Progress: func(m string) { got = append(got, m) }},
		func(context.Context) (wait.Observation[int], error) {
			now := clock.Now()
			if i > 0 {
				sleeps = append(sleeps, now.Sub(last))
			}
			last = now
			defer func() { i++ }()
			if i == len(msgs) {
				return wait.Observation[int]{Status: "done", Phase: wait.Succeeded}, nil
			}
			return wait.Observation[int]{Status: "running", Phase: wait.Running, Message: msgs[i]}, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	// First observation, two message changes, the final status: 4 progress lines.
	if len(got) != 4 || !strings.Contains(got[1], "step 2/3 done") || !strings.Contains(got[2], "step 3/3 done") {
		t.Fatalf("progress %q", got)
	}
	// The interval keeps growing while the status stays "running".
	for k := 1; k < 4; k++ {
		if sleeps[k] <= sleeps[k-1] {
			t.Fatalf("backoff reset on a message change: %v", sleeps)
		}
	}
}
