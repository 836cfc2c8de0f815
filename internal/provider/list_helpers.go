package provider

import (
	"context"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

// List resources (Terraform >= 1.14 `terraform query`): one per managed
// resource type a team brings under management or audits.

// listResourceBase is embedded by every list resource: the provider data.
type listResourceBase struct{ data *providerData }

func (l *listResourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// listCodeArts reads a list block's configuration into m and returns the
// CodeArts client; nil (with the diagnostics pushed as the one result) when
// either fails.
func listCodeArts[M any](ctx context.Context, pd *providerData, req list.ListRequest, m *M, stream *list.ListResultsStream) *codearts.Client {
	var diags diag.Diagnostics
	c := readCodeArtsConfig(ctx, pd, req.Config, m, &diags)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return nil
	}
	return c
}

// listLimit is how many objects a list block asks for: its limit
// meta-argument (Terraform's default is 100), 0 = no limit.
func listLimit(req list.ListRequest) int {
	if req.Limit <= 0 {
		return 0
	}
	return int(req.Limit)
}

// listRows streams one result per row: its display name and identity (from
// describe) and, when Terraform asks for the resource (-generate-config-out),
// the resource model detail reads (one request per row). An error reading
// one row's detail is that result's diagnostic; the others still stream.
func listRows[R any](ctx context.Context, req list.ListRequest, rows []R,
	describe func(R) (name string, identity any), detail func(R, *diag.Diagnostics) any) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		for _, row := range rows {
			res := req.NewListResult(ctx)
			var identity any
			res.DisplayName, identity = describe(row)
			res.Diagnostics.Append(res.Identity.Set(ctx, identity)...)
			if req.IncludeResource && !res.Diagnostics.HasError() {
				if m := detail(row, &res.Diagnostics); !res.Diagnostics.HasError() {
					res.Diagnostics.Append(res.Resource.Set(ctx, m)...)
				}
			}
			if !push(res) {
				return
			}
		}
	}
}

// listFailed ends a listing with one error result.
func listFailed(stream *list.ListResultsStream, summary string, err error) {
	var diags diag.Diagnostics
	addAPIError(&diags, summary, err)
	stream.Results = list.ListResultsStreamDiagnostics(diags)
}
