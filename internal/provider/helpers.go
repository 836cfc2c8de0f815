package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/rainbond"
	"github.com/cicdlabs/terraform-provider-cicd/internal/transport"
	"github.com/cicdlabs/terraform-provider-cicd/internal/wait"
)

// providerDataFrom type-asserts the value Configure handed to a type. It
// returns nil (no error) before the provider is configured.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", data))
		return nil
	}
	return pd
}

// apiErrorDetail renders a client error for a diagnostic: what failed, the
// service's code and message, the request id, and what to do.
func apiErrorDetail(err error) string {
	detail := err.Error()
	var ce *codearts.APIError
	if errors.As(err, &ce) {
		if h := ce.Hint(); h != "" {
			detail += "\n\n" + h
		}
	}
	var re *codearts.RequestError
	if errors.As(err, &re) {
		detail += "\n\nCheck the endpoint (codearts.endpoints, CICD_CODEARTS_ENDPOINT) and the network path to it."
	}
	var rbe *rainbond.RequestError
	if errors.As(err, &rbe) {
		detail += "\n\nCheck rainbond.url (RAINBOND_URL) and the network path to the console."
	}
	return detail
}

// addElementError reports a problem with an element of a list, map or
// nested attribute on that element's path, and names the path in the detail
// as the framework's validators do ("Attribute variables[1].name ..."):
// Terraform before 1.15 cannot point its source snippet inside an attribute's
// expression and may show a top-level attribute of the same name instead
// (hashicorp/terraform#33491), so the text says where the problem is.
func addElementError(diags *diag.Diagnostics, p path.Path, summary, detail string) {
	diags.AddAttributeError(p, summary, "Attribute "+p.String()+": "+detail)
}

// addAPIError appends an error diagnostic for a failed API call.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	addErrorOn(diags, summary, apiErrorDetail(err), err)
}

// addErrorOn reports a failed call; when the service named the inputs it
// rejected (attributeError), the diagnostic is on the first and its detail
// names them all.
func addErrorOn(diags *diag.Diagnostics, summary, detail string, err error) {
	var ae attributeError
	if !errors.As(err, &ae) || len(ae.AttributePaths()) == 0 {
		diags.AddError(summary, detail)
		return
	}
	paths := ae.AttributePaths()
	if len(paths) > 1 {
		names := make([]string, len(paths))
		for i, p := range paths {
			names[i] = p.String()
		}
		detail = "The service rejected " + strings.Join(names, ", ") + ".\n\n" + detail
	}
	addElementError(diags, paths[0], summary, detail)
}

// stringsFrom converts a list of strings to []string, skipping nulls.
func stringsFrom(ctx context.Context, l types.List, diags *diag.Diagnostics) []string {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(l.ElementsAs(ctx, &out, false)...)
	return out
}

// urlString validates an absolute http(s) URL.
func urlString() validator.String { return urlValidator{} }

type urlValidator struct{}

func (urlValidator) Description(context.Context) string {
	return "must be an absolute http or https URL"
}
func (v urlValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	v := req.ConfigValue.ValueString()
	u, err := url.Parse(v)
	switch {
	case v == "":
		// An empty endpoint would silently fall back to the default (for
		// CodeArts, the public regional endpoint): refuse it.
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			"The URL is empty. Remove the attribute to use the default, or set an absolute http(s) URL such as https://console.example.com:7070.")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%q is not an absolute http(s) URL such as https://console.example.com:7070.", v))
	case u.User != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			"The URL contains a user name or password. Credentials go in their own (sensitive) attributes, never in a URL, which is not secret.")
	case u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(v, "?") || strings.HasSuffix(v, "#"):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%q has a query or fragment; set the base URL only (scheme, host, port and an optional path).", v))
	}
}

// mayHaveStarted reports whether a failed run-starting request may still have
// started the run (no response, or an unreadable one).
func mayHaveStarted(err error) bool { return transport.MayHaveStarted(err) }

// unreadable reports whether err is a response that arrived but could not be
// read (the call may have taken effect; the transport does not repeat it).
func unreadable(err error) bool {
	var cm *codearts.MalformedResponseError
	var rm *rainbond.MalformedResponseError
	return errors.As(err, &cm) || errors.As(err, &rm)
}

// deleteIdempotent sends a DELETE with del; an unreadable answer (the
// DELETE took effect or not) is sent once more, and an error that gone
// accepts (not found: the first one worked, or someone else deleted it) is
// success.
func deleteIdempotent(del func() error, gone func(error) bool) error {
	err := del()
	if unreadable(err) {
		err = del()
	}
	if err != nil && !gone(err) {
		return err
	}
	return nil
}

// addCreateError reports a failed create. When the request may have taken
// effect (no readable answer), it says how to find the object (where,
// named name) and import it (importID) before applying again.
func addCreateError(diags *diag.Diagnostics, summary string, err error, what, name, where, importID string) {
	detail := apiErrorDetail(err)
	if mayHaveStarted(err) {
		detail += fmt.Sprintf("\n\nThe %s may have been created anyway (its id never arrived, so it is not in state). "+
			"Look for a %s named %q in %s before applying again: import it (terraform import <address> %s) or delete it.",
			what, what, name, where, importID)
	}
	addErrorOn(diags, summary, detail, err)
}

// optString maps a nullable API string to a Terraform string; null and ""
// both become null, so an absent value never shows as a diff.
func optString(s *string) types.String {
	if s == nil || *s == "" {
		return types.StringNull()
	}
	return types.StringValue(*s)
}

// Every run's times and durations have one form (docs/design/vocabulary.md):
// times RFC 3339 in UTC, durations Go duration strings.

// runTime renders a service time as RFC 3339 (UTC); "" is null, and a time
// parse cannot read passes through as the service sent it.
func runTime(s string, parse func(string) (time.Time, bool)) types.String {
	if s == "" {
		return types.StringNull()
	}
	if t, ok := parse(s); ok {
		return types.StringValue(t.UTC().Format(time.RFC3339))
	}
	return types.StringValue(s)
}

// runSpan is how long a run ran, from start to end, as a Go duration
// string; null while either is unknown.
func runSpan(start, end time.Time) types.String {
	if start.IsZero() || end.IsZero() || end.Before(start) {
		return types.StringNull()
	}
	return types.StringValue(wait.FormatDuration(end.Sub(start)))
}

// runSpanOf is runSpan of two service times that parse reads.
func runSpanOf(start, end string, parse func(string) (time.Time, bool)) types.String {
	s, ok1 := parse(start)
	e, ok2 := parse(end)
	if !ok1 || !ok2 {
		return types.StringNull()
	}
	return runSpan(s, e)
}

// dataSourceBase is embedded by every data source: it receives the provider data.
type dataSourceBase struct{ data *providerData }

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// readCodeArtsConfig reads a data source's configuration into m and returns
// the CodeArts client, or nil with the diagnostics explaining why not.
func readCodeArtsConfig[M any](ctx context.Context, pd *providerData, cfg tfsdk.Config, m *M, diags *diag.Diagnostics) *codearts.Client {
	diags.Append(cfg.Get(ctx, m)...)
	if diags.HasError() {
		return nil
	}
	client, d := pd.CodeArts()
	diags.Append(d...)
	return client
}

// readRainbondConfig is readCodeArtsConfig for Rainbond.
func readRainbondConfig[M any](ctx context.Context, pd *providerData, cfg tfsdk.Config, m *M, diags *diag.Diagnostics) *rainbond.Client {
	diags.Append(cfg.Get(ctx, m)...)
	if diags.HasError() {
		return nil
	}
	client, d := pd.Rainbond()
	diags.Append(d...)
	return client
}
