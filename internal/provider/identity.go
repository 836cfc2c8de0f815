package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// Resource identity (Terraform >= 1.12): every resource names its object
// with typed attributes an import block's identity can set. The string
// import ids keep working, for older Terraform and OpenTofu.

// identityString is one identity attribute: a string an import block's
// identity must set.
func identityString(desc string) identityschema.StringAttribute {
	return identityschema.StringAttribute{RequiredForImport: true, Description: desc}
}

// setIdentity records an instance's identity (a struct with tfsdk tags
// matching the identity schema). target is nil when Terraform does not
// support identity (before 1.12, OpenTofu): then there is nothing to set.
func setIdentity(ctx context.Context, target *tfsdk.ResourceIdentity, identity any, diags *diag.Diagnostics) {
	if target == nil {
		return
	}
	diags.Append(target.Set(ctx, identity)...)
}

// importTarget is what an import names, as the identity model T: the string
// import id parsed by parseID (`terraform import`, an import block's id), or
// an import block's identity. check validates either (nil: no check); both
// report an error diagnostic with their own summary and detail.
func importTarget[T any](ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics,
	parseID func(id string) (T, diag.Diagnostic), check func(T) diag.Diagnostic) (T, bool) {
	var t T
	if req.ID != "" {
		var d diag.Diagnostic
		if t, d = parseID(req.ID); d != nil {
			diags.Append(d)
			return t, false
		}
	} else {
		if req.Identity == nil {
			diags.AddError("Missing import id", "Import with an id (terraform import, or an import block's id) or an import block's identity.")
			return t, false
		}
		diags.Append(req.Identity.Get(ctx, &t)...)
		if diags.HasError() {
			return t, false
		}
	}
	if check != nil {
		if d := check(t); d != nil {
			diags.Append(d)
			return t, false
		}
	}
	return t, true
}

// removeGone drops a resource the service no longer has. Terraform before
// 1.12 keeps no identity, and terraform-plugin-framework v1.19 refuses a read
// that returns none even when it removes the resource ("Missing Resource
// Identity After Read"), so the identity the state implies is set first.
func removeGone(ctx context.Context, resp *resource.ReadResponse, identity any) {
	setIdentity(ctx, resp.Identity, identity, &resp.Diagnostics)
	resp.State.RemoveResource(ctx)
}
