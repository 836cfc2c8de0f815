package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// stubRun is a run type whose calls are scripted, for engine paths the
// simulator cannot time reliably.
func stubRun(stopErr error, afterStop wait.Phase) *runType[struct{}, struct{}] {
	return &runType[struct{}, struct{}]{
		noun:  "build",
		label: func(*struct{}, *struct{}) string { return "build 7 of job j" },
		observe: func(context.Context, *providerData, *struct{}, *struct{}) (wait.Observation[struct{}], error) {
			return wait.Observation[struct{}]{Status: "SUCCESS", Phase: afterStop}, nil
		},
		stop: func(context.Context, *providerData, *struct{}, *struct{}) error { return stopErr },
	}
}

func TestStopAfterAbandonExplainsWhatHappened(t *testing.T) {
	ctx := context.Background()
	ws := (*waitModel)(nil).settings()
	cases := []struct {
		name string
		rt   *runType[struct{}, struct{}]
		ws   waitSettings
		want string
	}{
		{"stopped", stubRun(nil, wait.Running), ws, "It was stopped"},
		{"ended just before the stop", stubRun(errors.New("build 7 is not running"), wait.Succeeded), ws, "ended on its own (status SUCCESS)"},
		{"stop failed, still running", stubRun(errors.New("HTTP 503"), wait.Running), ws, "Stopping it failed, so it may still be running: HTTP 503"},
		{"stop disabled", stubRun(nil, wait.Running), waitSettings{stopOnTimeout: false}, "stop_on_timeout is false"},
		{"no stop call", &runType[struct{}, struct{}]{noun: "build"}, ws, "has no stop call"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := stopAfterAbandon(ctx, tc.rt, nil, &struct{}{}, &struct{}{}, tc.ws)
			if !strings.Contains(got, tc.want) {
				t.Fatalf("got %q, want it to contain %q", got, tc.want)
			}
		})
	}
}
