package provider

import (
	"context"

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
