package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// cicd_rainbond_component_build: the run type of Rainbond component builds
// (the console OpenAPI's POST .../services/{service_id}/build and the
// component's events list; the observer is rainbond.BuildWatch).

type rainbondBuildInputs struct {
	TeamID            types.String `tfsdk:"team_id"`
	RegionName        types.String `tfsdk:"region_name"`
	AppID             types.Int64  `tfsdk:"app_id"`
	ServiceID         types.String `tfsdk:"service_id"`
	BuildType         types.String `tfsdk:"build_type"`
	ServerType        types.String `tfsdk:"server_type"`
	Branch            types.String `tfsdk:"branch"`
	RepoURL           types.String `tfsdk:"repo_url"`
	Username          types.String `tfsdk:"username"`
	Password          types.String `tfsdk:"password"`
	PasswordWO        types.String `tfsdk:"password_wo"`
	PasswordWOVersion types.Int64  `tfsdk:"password_wo_version"`
}

func (in *rainbondBuildInputs) inputs() *rainbondBuildInputs { return in }

type rainbondBuildOutputs struct {
	EventID     types.String `tfsdk:"event_id"`
	Status      types.String `tfsdk:"status"`
	FinalStatus types.String `tfsdk:"final_status"`
	StartTime   types.String `tfsdk:"start_time"`
	EndTime     types.String `tfsdk:"end_time"`
	Duration    types.String `tfsdk:"duration"`
	Message     types.String `tfsdk:"message"`
	LogTail     types.String `tfsdk:"log_tail"`
}

func (o *rainbondBuildOutputs) outputs() *rainbondBuildOutputs { return o }

func (in *rainbondBuildInputs) ref() rainbond.ComponentRef {
	return rainbond.ComponentRef{TeamID: in.TeamID.ValueString(), RegionName: in.RegionName.ValueString(),
		AppID: in.AppID.ValueInt64(), ServiceID: in.ServiceID.ValueString()}
}

// password_wo is only in the config; the engine merges it before the build
// starts and clears it before anything is stored.
func (in *rainbondBuildInputs) mergeWriteOnly(from *rainbondBuildInputs) {
	in.PasswordWO = from.PasswordWO
}
func (in *rainbondBuildInputs) clearWriteOnly() { in.PasswordWO = types.StringNull() }

type rainbondBuildResourceModel struct {
	rainbondBuildInputs
	rainbondBuildOutputs
	runCommon
}

func newRainbondComponentBuildResource() resource.Resource {
	return newRunResource[rainbondBuildResourceModel](rainbondBuildType)
}

// rainbondTooFrequentRetry paces retries of a trigger the console refused
// as "too frequent" (defaults: 5s growing to 30s, ±20% jitter, for at most
// rainbond.DefaultTooFrequentWindow or until the apply is interrupted).
var rainbondTooFrequentRetry = rainbond.TooFrequentRetry{}

// notBlank refuses whitespace-only values (of every name, identifier and
// URL, in every type: the services refuse or misread them). The empty string
// passes: the length validator next to it reports that, so "" gets one
// diagnostic.
var notBlank = stringvalidator.RegexMatches(regexp.MustCompile(`^$|\S`), "must not be blank")

// nonBlankString is the validators of an optional name or id: when set, not
// empty and not blank.
func nonBlankString() []validator.String {
	return []validator.String{stringvalidator.UTF8LengthAtLeast(1), notBlank}
}

func rainbondSegmentInput(desc string) inputSpec {
	return inputSpec{kind: inString, required: true, desc: desc,
		str: []validator.String{stringvalidator.RegexMatches(rainbondPathSegment, "must be non-empty and use only letters, digits, '_' and '-'")}}
}

const rainbondBuildLead = "Builds a Rainbond component " +
	"(`POST /openapi/v1/teams/{team_id}/regions/{region_name}/apps/{app_id}/services/{service_id}/build`) " +
	"and waits for the build event to finish, failing the apply (with the last lines of the build log) when the build fails.\n\n"

const rainbondBuildRest = "If the console refuses the build because another operation on " +
	"the component is still running (HTTP 409 \"操作过于频繁\" — nothing was started), the provider retries with backoff " +
	"(5s growing to 30s) for up to 4 minutes; exactly one build is started.\n\n" +
	"**`repo_url`, `branch`, `username` and `password` change the component's saved build source on the server.** " +
	"When `repo_url` is set, the console stores it as the component's repository URL (source components, with `branch` " +
	"as the branch, `master` if not set) or as its image (image components), and overwrites the saved repository " +
	"credentials with `username` and `password` — *removing* them when those are not set. Later builds, including ones " +
	"started from the console, use the new source. Without `repo_url` the build uses the saved source and `branch`, " +
	"`username` and `password` are ignored. `build_type` and `server_type` are validated by the console but do not change " +
	"what is built: the kind of build comes from the component's own source.\n\n" +
	"The build's event only covers building; the rollout that follows a successful build (an `upgrade` event) is not " +
	"waited for — see the `cicd_rainbond_component_events` data source. Rainbond has no call to stop a build, so a timed-out " +
	"or interrupted wait leaves the build running."

var rainbondBuildType = &runType[rainbondBuildInputs, rainbondBuildOutputs]{
	name: "rainbond_component_build",
	noun: "build",
	description: rainbondBuildLead +
		"The build is started once: refresh reads its event from the component's events list and never starts another; " +
		"change `triggers` (or any input) to run a new build. " +
		rainbondBuildRest,
	actionDescription: rainbondBuildLead + "Each invocation starts exactly one new build. " + rainbondBuildRest,
	importID:          "`<team_id>/<region_name>/<app_id>/<service_id>/<event_id>`",
	progressExample:   "build <event_id> of component <service_id>: success after 1m40s",
	inputs: map[string]inputSpec{
		"team_id":     rainbondSegmentInput("Team: its `tenant_id` (32 hex characters) or its `tenant_name`."),
		"region_name": rainbondSegmentInput("Region (cluster) name — `region_name`, not its alias."),
		"app_id": {kind: inInt, required: true, desc: "Application id (the integer `app_id`).",
			integer: []validator.Int64{int64validator.AtLeast(1)}},
		"service_id": rainbondSegmentInput("Component: its `service_id` or its `service_alias`."),
		"build_type": {kind: inString,
			desc: "Build source kind: `source_code`, `docker_image` or `market`. The console validates it but builds according to the component's own source.",
			str:  []validator.String{stringvalidator.OneOf(rainbond.BuildTypes...)}},
		"server_type": {kind: inString,
			desc: "Repository kind: `svn`, `git` or `oss`. The console validates it but does not use it.",
			str:  []validator.String{stringvalidator.OneOf(rainbond.ServerTypes...)}},
		"branch": {kind: inString,
			desc: fmt.Sprintf("Branch or tag to build (at most %d characters). Only used with `repo_url` on source components; **saved as the component's branch**. Default `master` when `repo_url` is set.", rainbond.MaxBranchLen),
			str:  []validator.String{stringvalidator.UTF8LengthBetween(1, rainbond.MaxBranchLen), notBlank}},
		"repo_url": {kind: inString,
			desc: fmt.Sprintf("Repository URL (source components) or image reference including its tag (image components), at most %d characters. **Saved as the component's build source**; also overwrites its saved repository credentials with `username` and `password`.", rainbond.MaxRepoURLLen),
			str:  []validator.String{stringvalidator.UTF8LengthBetween(1, rainbond.MaxRepoURLLen), notBlank}},
		"username": {kind: inString,
			desc: fmt.Sprintf("Repository user name (at most %d characters); only used with `repo_url`, and **saved** with it.", rainbond.MaxUsernameLen),
			str:  []validator.String{stringvalidator.UTF8LengthBetween(1, rainbond.MaxUsernameLen), notBlank}},
		"password": {kind: inString, sensitive: true,
			desc:       fmt.Sprintf("Repository password (at most %d characters); only used with `repo_url`, and **saved** with it. Stored in Terraform state (sensitive): prefer `password_wo` on Terraform 1.11 and later.", rainbond.MaxPasswordLen),
			actionDesc: fmt.Sprintf("Repository password (at most %d characters); only used with `repo_url`, and **saved** with it. Conflicts with `password_wo`.", rainbond.MaxPasswordLen),
			str: []validator.String{stringvalidator.UTF8LengthBetween(1, rainbond.MaxPasswordLen), notBlank,
				stringvalidator.ConflictsWith(path.MatchRoot("password_wo"))}},
		"password_wo": {kind: inString, sensitive: true, writeOnly: true,
			desc: "Write-only repository password (Terraform 1.11 and later): sent with the build, never stored in state or plan. " +
				"Changing it alone does not start a new build; change `password_wo_version` (or `triggers`) to rebuild with a new password. Conflicts with `password`.",
			actionDesc: "Repository password, sent like `password` (in an action both are equally unstored). Conflicts with `password`.",
			// The conflict with password is declared on password alone, so
			// setting both gives one diagnostic.
			str: []validator.String{stringvalidator.UTF8LengthBetween(1, rainbond.MaxPasswordLen), notBlank}},
		"password_wo_version": {kind: inInt,
			desc:       "Any number; change it to start a new build with the current `password_wo`. Requires `password_wo`.",
			actionDesc: "Accepted for symmetry with the resource and ignored: every invocation starts a new build. Requires `password_wo`.",
			integer:    []validator.Int64{int64validator.AlsoRequires(path.MatchRoot("password_wo"))}},
	},
	outputs: map[string]schema.Attribute{
		"event_id":     computedString("The build's event id, as returned by the build call."),
		"status":       computedString("The event's `status`: `success`, `failure` or `timeout` once finished; null while running."),
		"final_status": computedString("The event's `final_status`: `complete` once finished; null while running; `timeout` when the console marked it stale (not final: the provider keeps waiting)."),
		"start_time":   computedString("When the build started (RFC 3339, UTC)."),
		"end_time":     computedString("When the build ended (RFC 3339, UTC); null until finished."),
		"duration":     computedString("How long the build ran, as a Go duration (e.g. `1m40s`, from `start_time` to `end_time`); null until finished."),
		"message":      computedString("The event's message, e.g. the reason for a failure."),
		"log_tail":     computedString(fmt.Sprintf("The last %d lines of the build log, read when the build ended.", rainbond.LogTailLines)),
	},
	validate: validateRainbondBuild,
	identity: []string{"event_id"},
	client:   func(pd *providerData) diag.Diagnostics { _, d := pd.Rainbond(); return d },
	start:    startRainbondBuild,
	watch: func(pd *providerData, in *rainbondBuildInputs, out *rainbondBuildOutputs) run.Run {
		w := pd.rainbond.WatchBuild(in.ref(), out.EventID.ValueString(), !out.StartTime.IsNull(), out.LogTail.ValueStringPointer())
		w.Secrets = nonEmpty(in.Password.ValueString())
		return w
	},
	find: func(pd *providerData, in *rainbondBuildInputs) run.StartFinder {
		ref := in.ref()
		return func(ctx context.Context, since time.Time) ([]run.Found, error) {
			events, err := pd.rainbond.FindStartedBuilds(ctx, ref, since)
			return foundRuns(events, err, func(e rainbond.Event) run.Found {
				w := pd.rainbond.WatchBuild(ref, e.EventID, true, nil) // listed, so seen
				w.Secrets = nonEmpty(in.Password.ValueString())
				return run.Found{Run: w, Started: e.StartTime}
			})
		}
	},
	where:  func(in *rainbondBuildInputs) string { return "the events of component " + in.ServiceID.ValueString() },
	record: recordRainbondBuild,
	// Rainbond has no call to stop a build: not stoppable.
	importState: func(id string) (map[string]attr.Value, error) {
		parts := strings.Split(id, "/")
		bad := fmt.Errorf("%q is not <team_id>/<region_name>/<app_id>/<service_id>/<event_id>", id)
		if len(parts) != 5 {
			return nil, bad
		}
		app, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil || app < 1 {
			return nil, bad
		}
		for _, p := range []string{parts[0], parts[1], parts[3], parts[4]} {
			if !rainbondPathSegment.MatchString(p) {
				return nil, bad
			}
		}
		return map[string]attr.Value{"team_id": types.StringValue(parts[0]), "region_name": types.StringValue(parts[1]),
			"app_id": types.Int64Value(app), "service_id": types.StringValue(parts[3]), "event_id": types.StringValue(parts[4])}, nil
	},
}

func nullRainbondBuildInputs() rainbondBuildInputs {
	n := types.StringNull()
	return rainbondBuildInputs{TeamID: n, RegionName: n, AppID: types.Int64Null(), ServiceID: n, BuildType: n, ServerType: n,
		Branch: n, RepoURL: n, Username: n, Password: n, PasswordWO: n, PasswordWOVersion: types.Int64Null()}
}

func nullRainbondBuildOutputs() rainbondBuildOutputs {
	n := types.StringNull()
	return rainbondBuildOutputs{EventID: n, Status: n, FinalStatus: n, StartTime: n, EndTime: n, Duration: n, Message: n, LogTail: n}
}

// validateRainbondBuild warns about inputs the console ignores.
func validateRainbondBuild(_ context.Context, in *rainbondBuildInputs) diag.Diagnostics {
	var diags diag.Diagnostics
	if !in.RepoURL.IsNull() {
		return diags // unknown or set: everything may be used
	}
	for _, a := range []struct {
		name string
		v    types.String
	}{{"branch", in.Branch}, {"username", in.Username}, {"password", in.Password}, {"password_wo", in.PasswordWO}} {
		if !a.v.IsNull() {
			diags.AddAttributeWarning(path.Root(a.name), fmt.Sprintf("%s is ignored without repo_url", a.name),
				fmt.Sprintf("The Rainbond console only uses %s together with repo_url (it then saves both as the component's build source). "+
					"Without repo_url the build uses the component's saved source and %s has no effect.", a.name, a.name))
		}
	}
	return diags
}

func startRainbondBuild(ctx context.Context, pd *providerData, in *rainbondBuildInputs, diags *diag.Diagnostics) (run.Run, error) {
	client, d := pd.Rainbond()
	diags.Append(d...)
	if diags.HasError() {
		return nil, nil
	}
	ref := in.ref()
	req := rainbond.BuildRequest{
		BuildType: in.BuildType.ValueString(), ServerType: in.ServerType.ValueString(), Branch: in.Branch.ValueString(),
		RepoURL: in.RepoURL.ValueString(), Username: in.Username.ValueString(), Password: in.Password.ValueString(),
	}
	passwordAttr := "password"
	if req.Password == "" {
		req.Password, passwordAttr = in.PasswordWO.ValueString(), "password_wo"
	}
	retry := rainbondTooFrequentRetry
	retry.OnRetry = func(attempt int, d time.Duration, err error) {
		tflog.Info(ctx, fmt.Sprintf("Rainbond refused the build of component %s as too frequent (another operation is still running; nothing was started); retry %d in %s",
			ref, attempt, wait.FormatDuration(d)), map[string]any{"error": err.Error()})
	}
	w, err := client.StartBuild(ctx, ref, req, retry)
	if err != nil {
		return nil, rainbondStartError(err, passwordAttr)
	}
	w.Secrets = nonEmpty(in.Password.ValueString())
	return w, nil
}

// recordRainbondBuild writes what the build's observer saw into out.
func recordRainbondBuild(_ context.Context, r run.Run, out *rainbondBuildOutputs, diags *diag.Diagnostics) {
	w, ok := watchOf[*rainbond.BuildWatch](r, diags)
	if !ok {
		return
	}
	if out.EventID.IsNull() || out.EventID.IsUnknown() {
		*out = nullRainbondBuildOutputs()
	}
	out.EventID = types.StringValue(w.EventID)
	if e := w.Event; e != nil {
		out.Status, out.FinalStatus = optStringValue(e.Status), optStringValue(e.FinalStatus)
		out.StartTime, out.EndTime = runTime(e.StartTime, rainbond.ParseEventTime), runTime(e.EndTime, rainbond.ParseEventTime)
		out.Duration, out.Message = runSpanOf(e.StartTime, e.EndTime, rainbond.ParseEventTime), optStringValue(w.Message)
	}
	if w.LogRead {
		out.LogTail = types.StringValue(w.LogTail)
	}
}

// rainbondFieldError is a 400 code 20400 validation error with the
// attributes it names (the console's field names are the attribute names).
type rainbondFieldError struct {
	err   error
	attrs []string
}

func (e *rainbondFieldError) Error() string {
	return fmt.Sprintf("%v\n\nThe console rejected the value of %s. No build was started.", e.err, strings.Join(e.attrs, ", "))
}

func (e *rainbondFieldError) Unwrap() error { return e.err }

// AttributePaths are the attributes the console rejected (for an engine
// that reports start errors on attributes).
func (e *rainbondFieldError) AttributePaths() []path.Path {
	out := make([]path.Path, len(e.attrs))
	for i, a := range e.attrs {
		out[i] = path.Root(a)
	}
	return out
}

// rainbondStartError adds what the provider knows to a failed trigger.
func rainbondStartError(err error, passwordAttr string) error {
	var ae *rainbond.APIError
	if !errors.As(err, &ae) || ae.HTTPStatus != 400 || ae.Code != rainbond.CodeValidation || len(ae.FieldErrors) == 0 {
		return err
	}
	attrs := []string{}
	for f := range ae.FieldErrors {
		switch f {
		case "build_type", "server_type", "branch", "repo_url", "username":
			attrs = append(attrs, f)
		case "password":
			attrs = append(attrs, passwordAttr)
		}
	}
	if len(attrs) == 0 {
		return err
	}
	sort.Strings(attrs)
	return &rainbondFieldError{err: err, attrs: attrs}
}

// optStringValue maps an API string to a Terraform string ("" = null).
func optStringValue(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// nonEmpty drops empty strings (secrets to mask).
func nonEmpty(vs ...string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
