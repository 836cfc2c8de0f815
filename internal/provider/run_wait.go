package provider

import (
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// The `wait` block and the timeouts, shared by every run resource and run
// action: declared once (waitSpecs), rendered into both schemas, parsed once
// (waitModel.settings) and checked once at plan time (validateWaitModel,
// validateTimeouts). The defaults and bounds are the run engine's.

// minPollInterval is the smallest poll_interval accepted
// (run.MinPollInterval). The test suite lowers it (TestMain sets it and, for
// the provider binaries its CLI tests build, the environment variable
// envTestMinPollInterval) so that it can poll the simulator quickly. The
// variable is a test hook, not a setting: it is not documented for users.
var minPollInterval = testMinPollInterval(os.Getenv(envTestMinPollInterval))

const envTestMinPollInterval = "CICD_TEST_MIN_POLL_INTERVAL"

func testMinPollInterval(v string) time.Duration {
	if d, err := time.ParseDuration(v); err == nil && d > 0 && d < run.MinPollInterval {
		return d
	}
	return run.MinPollInterval
}

type waitModel struct {
	Enabled         types.Bool    `tfsdk:"enabled"`
	FailOnError     types.Bool    `tfsdk:"fail_on_error"`
	PollInterval    durationValue `tfsdk:"poll_interval"`
	MaxPollInterval durationValue `tfsdk:"max_poll_interval"`
	StopOnTimeout   types.Bool    `tfsdk:"stop_on_timeout"`
}

// waitSettings are waitModel with defaults applied.
type waitSettings struct {
	enabled, failOnError, stopOnTimeout bool
	poll, maxPoll                       time.Duration // 0 = the engine's default
	clock                               wait.Clock    // nil = real time; benchmarks use a fake one
}

func (w *waitModel) settings() waitSettings {
	s := waitSettings{enabled: true, failOnError: true, stopOnTimeout: true}
	if w == nil {
		return s
	}
	boolOr := func(v types.Bool, def bool) bool {
		if v.IsNull() || v.IsUnknown() {
			return def
		}
		return v.ValueBool()
	}
	s.enabled = boolOr(w.Enabled, true)
	s.failOnError = boolOr(w.FailOnError, true)
	s.stopOnTimeout = boolOr(w.StopOnTimeout, true)
	s.poll, _ = knownDuration(w.PollInterval)
	s.maxPoll, _ = knownDuration(w.MaxPollInterval)
	return s
}

// engine returns the run engine's settings for a wait of timeout.
func (s waitSettings) engine(timeout time.Duration, progress func(string)) run.Settings {
	return run.Settings{Poll: s.poll, MaxPoll: s.maxPoll, Timeout: timeout, StopOnTimeout: s.stopOnTimeout, Progress: progress, Clock: s.clock}
}

// knownDuration parses a configured duration; ok is false when it is null,
// unknown or not a positive duration (the type's own validation reports that).
func knownDuration(v durationValue) (time.Duration, bool) {
	if v.IsNull() || v.IsUnknown() {
		return 0, false
	}
	d, diags := v.ValueGoDuration()
	return d, !diags.HasError() && d > 0
}

// waitSpecs is the body of the `wait` block.
// stoppable: the API has a stop call (else stop_on_timeout has no effect);
// action: for an action, which records nothing.
func waitSpecs(noun string, stoppable, action bool) map[string]inputSpec {
	failed := "When `false` it is reported as a warning and its status is recorded."
	if action {
		failed = "When `false` it is reported as a warning instead."
	}
	stop := fmt.Sprintf("Stop the remote %s when the wait times out or is interrupted (Ctrl-C). Default `true`.", noun)
	if !stoppable {
		stop = fmt.Sprintf("Has no effect: the API has no call to stop a %s, so a timed-out or interrupted wait leaves it running.", noun)
	}
	return map[string]inputSpec{
		"enabled": {kind: inBool,
			desc: fmt.Sprintf("Wait for the %s to finish. When `false`, apply returns once the %s has started. Default `true`.", noun, noun)},
		"fail_on_error": {kind: inBool,
			desc: fmt.Sprintf("Whether a %s that ends failed or aborted fails the apply. %s Default `true`.", noun, failed)},
		"poll_interval": {kind: inDuration,
			desc: fmt.Sprintf("First interval between status checks (a Go duration, at least `%s`). Default `%s`.",
				wait.FormatDuration(run.MinPollInterval), wait.FormatDuration(run.DefaultPollInterval))},
		"max_poll_interval": {kind: inDuration,
			desc: fmt.Sprintf("The interval grows while the status is unchanged, up to this (a Go duration, at least `poll_interval`). Default `%s`.",
				wait.FormatDuration(run.DefaultMaxPollInterval))},
		"stop_on_timeout": {kind: inBool, desc: stop},
	}
}

// validateWaitModel checks the bounds of the wait durations at plan time:
// poll_interval >= the floor, max_poll_interval >= poll_interval.
func validateWaitModel(w *waitModel, p path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if w == nil {
		return diags
	}
	poll, pollOK := knownDuration(w.PollInterval)
	maxPoll, maxOK := knownDuration(w.MaxPollInterval)
	switch {
	case pollOK && poll < minPollInterval:
		diags.AddAttributeError(p.AtName("poll_interval"), "poll_interval is too short",
			fmt.Sprintf("poll_interval (%s) must be at least %s: polling more often only loads the service.", poll, minPollInterval))
	case maxOK && maxPoll < minPollInterval:
		diags.AddAttributeError(p.AtName("max_poll_interval"), "max_poll_interval is too short",
			fmt.Sprintf("max_poll_interval (%s) must be at least %s.", maxPoll, minPollInterval))
	case pollOK && maxOK && maxPoll < poll:
		diags.AddAttributeError(p.AtName("max_poll_interval"), "max_poll_interval is below poll_interval",
			fmt.Sprintf("max_poll_interval (%s) must be at least poll_interval (%s).", maxPoll, poll))
	}
	return diags
}

// validateTimeouts refuses a timeout that is zero or negative: nothing could
// be started or waited for within it.
func validateTimeouts(obj types.Object, names ...string) diag.Diagnostics {
	var diags diag.Diagnostics
	if obj.IsNull() || obj.IsUnknown() {
		return diags
	}
	attrs := obj.Attributes()
	for _, name := range names {
		s, ok := attrs[name].(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		if d, err := time.ParseDuration(s.ValueString()); err == nil && d <= 0 {
			diags.AddAttributeError(path.Root("timeouts").AtName(name), "Timeout must be positive",
				fmt.Sprintf("timeouts.%s is %q; give a positive duration such as 30m: nothing can be started or waited for in %s.", name, s.ValueString(), s.ValueString()))
		}
	}
	return diags
}
