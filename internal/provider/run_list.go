package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// List resources of the run types (`list` blocks in a .tfquery.hcl file,
// `terraform query`, Terraform 1.14+): the runs of one parent — a build
// job, a pipeline, a deploy task, a Rainbond component — newest first,
// filtered by status and by a window on their start time. Each result is a
// run's identity (run_identity.go) and, for -generate-config-out, a resource
// object holding only the parent inputs and the ids: the configuration
// written from it is the parent, and importing it plans no change and
// starts no run (the run-safety rules: an imported run's other inputs are
// unknown, and are adopted in place if they are written later).
//
// A run type opts in with a runLister; the listing uses the same client
// calls as its data source or its start finder.

// runLister is what a run type adds for its list resource.
type runLister struct {
	// statuses are the values of the statuses filter, as the listing
	// reports them; statusDesc says where they come from.
	statuses   []string
	statusDesc string
	// parent names what the runs belong to, e.g. "build job"; source
	// names the API the listing reads (both for the description).
	parent, source string
	// list calls emit with each run of the parent that matches q, newest
	// first, until emit returns false; it returns how many requests it
	// sent. The parent is in q.parent, by input name.
	list func(ctx context.Context, pd *providerData, q runQuery, emit func(listedRun) bool) (requests int, err error)
}

// runQuery is a list block's configuration.
type runQuery struct {
	parent   map[string]attr.Value
	statuses []string
	from, to time.Time // the start-time window; zero = open
	limit    int       // the list block's limit (Terraform's default 100)
}

func (q runQuery) str(name string) string {
	if s, ok := q.parent[name].(types.String); ok {
		return s.ValueString()
	}
	return ""
}

func (q runQuery) int64(name string) int64 {
	if n, ok := q.parent[name].(types.Int64); ok {
		return n.ValueInt64()
	}
	return 0
}

// status reports whether status passes the statuses filter.
func (q runQuery) status(status string) bool {
	return len(q.statuses) == 0 || slices.ContainsFunc(q.statuses, func(s string) bool { return strings.EqualFold(s, status) })
}

// started reports whether a run started at t (zero = unknown, e.g. queued)
// is inside the window, and whether it is older than the window (a newest
// first listing can stop there).
func (q runQuery) started(t time.Time) (in, older bool) {
	if t.IsZero() {
		return q.from.IsZero() && q.to.IsZero(), false
	}
	if !q.from.IsZero() && t.Before(q.from) {
		return false, true
	}
	return q.to.IsZero() || !t.After(q.to), false
}

// listedRun is one run a listing found.
type listedRun struct {
	id      attr.Value // the run's own id: the last identity attribute
	display string     // e.g. "build 42 (SUCCESS, started 2026-03-01T10:00:00Z)"
}

// runList implements list.ListResource for a run type.
type runList[I, O any] struct {
	listResourceBase
	rt *runType[I, O]
}

func newRunList[I, O any](rt *runType[I, O]) list.ListResource { return &runList[I, O]{rt: rt} }

var (
	_ list.ListResourceWithConfigure      = (*runList[struct{}, struct{}])(nil)
	_ list.ListResourceWithValidateConfig = (*runList[struct{}, struct{}])(nil)
)

func (l *runList[I, O]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + l.rt.name
}

// parentKey is the identity without the run's own id: the parent inputs.
func (rt *runType[I, O]) parentKey() []string { return rt.key[:len(rt.key)-1] }

func (l *runList[I, O]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	ls := l.rt.lister
	attrs := map[string]listschema.Attribute{}
	for _, name := range l.rt.parentKey() {
		spec := l.rt.inputs[name]
		if spec.kind == inInt {
			attrs[name] = listschema.Int64Attribute{Required: true, MarkdownDescription: spec.desc, Validators: spec.integer}
		} else {
			attrs[name] = listschema.StringAttribute{Required: true, MarkdownDescription: spec.desc, Validators: spec.str}
		}
	}
	attrs["statuses"] = listschema.ListAttribute{ElementType: types.StringType, Optional: true,
		MarkdownDescription: fmt.Sprintf("Only %ss with one of these statuses: %s (%s). Default: any.", l.rt.noun, backticked(ls.statuses), ls.statusDesc),
		Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
			listvalidator.ValueStringsAre(stringvalidator.OneOfCaseInsensitive(ls.statuses...))}}
	attrs["start_time"] = listschema.StringAttribute{Optional: true,
		MarkdownDescription: fmt.Sprintf("Only %ss started at or after this time, RFC 3339 (e.g. `2026-03-01T00:00:00Z`).", l.rt.noun),
		Validators:          []validator.String{rfc3339String()}}
	attrs["end_time"] = listschema.StringAttribute{Optional: true,
		MarkdownDescription: fmt.Sprintf("Only %ss started at or before this time, RFC 3339; not before `start_time`.", l.rt.noun),
		Validators:          []validator.String{rfc3339String()}}
	resp.Schema = listschema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the %ss of one %s (%s), newest first, each with its identity (%s): %s. "+
			"With `terraform query -generate-config-out`, the configuration written for each holds only %s: importing it "+
			"plans no change and never starts a %s.", l.rt.noun, ls.parent, backticked(l.rt.parentKey()),
			backticked(l.rt.key), ls.source, backticked(l.rt.parentKey()), l.rt.noun),
		Attributes: attrs,
	}
}

// listFilters are the filter attributes every run list has.
type listFilters struct {
	Statuses  types.List   `tfsdk:"statuses"`
	StartTime types.String `tfsdk:"start_time"`
	EndTime   types.String `tfsdk:"end_time"`
}

func (l *runList[I, O]) filters(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, diags *diag.Diagnostics) listFilters {
	var f listFilters
	diags.Append(get(ctx, path.Root("statuses"), &f.Statuses)...)
	diags.Append(get(ctx, path.Root("start_time"), &f.StartTime)...)
	diags.Append(get(ctx, path.Root("end_time"), &f.EndTime)...)
	return f
}

func (l *runList[I, O]) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	f := l.filters(ctx, req.Config.GetAttribute, &resp.Diagnostics)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(validateTimeWindow(f.StartTime, f.EndTime)...)
	}
}

func (l *runList[I, O]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if l.data == nil {
		diags.AddError("Provider not configured", "The provider was not configured before this list resource was used. Please report this issue to the provider developers.")
	} else {
		diags.Append(l.rt.client(l.data)...)
	}
	q := runQuery{parent: map[string]attr.Value{}, limit: int(req.Limit)}
	for _, name := range l.rt.parentKey() {
		var v attr.Value
		if l.rt.keyInt(name) {
			var n types.Int64
			diags.Append(req.Config.GetAttribute(ctx, path.Root(name), &n)...)
			v = n
		} else {
			var s types.String
			diags.Append(req.Config.GetAttribute(ctx, path.Root(name), &s)...)
			v = s
		}
		q.parent[name] = v
	}
	f := l.filters(ctx, req.Config.GetAttribute, &diags)
	q.statuses = stringsFrom(ctx, f.Statuses, &diags)
	q.from, _ = time.Parse(time.RFC3339, f.StartTime.ValueString())
	q.to, _ = time.Parse(time.RFC3339, f.EndTime.ValueString())
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	parent := make([]string, 0, len(q.parent))
	for _, name := range l.rt.parentKey() {
		parent = append(parent, keyPart(q.parent[name]))
	}
	stream.Results = func(push func(list.ListResult) bool) {
		n, open := 0, true
		requests, err := l.rt.lister.list(ctx, l.data, q, func(lr listedRun) bool {
			res := req.NewListResult(ctx)
			res.DisplayName = lr.display
			vals := map[string]attr.Value{}
			for k, v := range q.parent {
				vals[k] = v
			}
			own := l.rt.key[len(l.rt.key)-1]
			vals[own] = lr.id
			for _, name := range l.rt.key {
				res.Diagnostics.Append(res.Identity.SetAttribute(ctx, path.Root(name), vals[name])...)
			}
			if req.IncludeResource {
				for _, name := range l.rt.key {
					res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root(name), vals[name])...)
				}
				id := strings.Join(append(slices.Clone(parent), keyPart(lr.id)), "/")
				res.Diagnostics.Append(res.Resource.SetAttribute(ctx, path.Root("id"), id)...)
			}
			n++
			open = push(res)
			return open && (q.limit <= 0 || n < q.limit)
		})
		tflog.Debug(ctx, "listed runs", map[string]any{"type": l.rt.name, "results": n, "requests": requests})
		if err != nil && open {
			var d diag.Diagnostics
			addAPIError(&d, fmt.Sprintf("Cannot list the %ss of %s", l.rt.noun, strings.Join(parent, "/")), err)
			push(list.ListResult{Diagnostics: d})
		}
	}
}

// keyPart is an identity value as it appears in the import id.
func keyPart(v attr.Value) string {
	switch x := v.(type) {
	case types.Int64:
		return strconv.FormatInt(x.ValueInt64(), 10)
	case types.String:
		return x.ValueString()
	}
	return v.String()
}
