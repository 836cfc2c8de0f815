package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Resource identity of the run resources (Terraform 1.12+): the attributes
// that name one run on its platform, in the order of the string import id
// (`<job_id>/<build_no>` is the identity job_id, build_no). A run type lists
// them in runType.key; the engine derives the identity schema from the
// resource schema, sets the identity wherever it writes state (create,
// read, update — so a run adopted after an unclear start, a resumed wait
// and a run imported by either form all get it), and imports by identity
// through the same parser as the string id. The identity attributes are the
// run's parent (inputs that force a new run when changed) and the id the
// start fixed, so an identity never changes for the life of the run.

var _ resource.ResourceWithIdentity = (*runResource[struct{}, struct{}, struct{}])(nil)

// keyInt reports whether the identity attribute name is an integer.
func (rt *runType[I, O]) keyInt(name string) bool {
	if spec, ok := rt.inputs[name]; ok {
		return spec.kind == inInt
	}
	return rt.outputs[name].GetType().Equal(types.Int64Type)
}

func (r *runResource[M, I, O]) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	attrs := map[string]identityschema.Attribute{}
	for i, name := range r.rt.key {
		desc := fmt.Sprintf("Part %d of the %s's import id %s.", i+1, r.rt.noun, r.rt.importID)
		if r.rt.keyInt(name) {
			attrs[name] = identityschema.Int64Attribute{RequiredForImport: true, Description: desc}
		} else {
			attrs[name] = identityschema.StringAttribute{RequiredForImport: true, Description: desc}
		}
	}
	resp.IdentitySchema = identityschema.Schema{Attributes: attrs}
}

// setIdentity copies the identity attributes from state into identity. It
// does nothing while state has no run (a start that failed) or a part is
// not known yet. A run that started and then failed is in state, and gets
// its identity like any other.
func (r *runResource[M, I, O]) setIdentity(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state == nil || state.Raw.IsNull() {
		return
	}
	vals := make([]attr.Value, len(r.rt.key))
	for i, name := range r.rt.key {
		var v attr.Value
		var d diag.Diagnostics
		if r.rt.keyInt(name) {
			var n types.Int64
			d = state.GetAttribute(ctx, path.Root(name), &n)
			v = n
		} else {
			var s types.String
			d = state.GetAttribute(ctx, path.Root(name), &s)
			v = s
		}
		diags.Append(d...)
		if d.HasError() || v.IsNull() || v.IsUnknown() {
			return
		}
		vals[i] = v
	}
	for i, name := range r.rt.key {
		diags.Append(identity.SetAttribute(ctx, path.Root(name), vals[i])...)
	}
}

// identityImportID turns an import block's identity into the string import
// id it stands for, so both forms go through one parser.
func (r *runResource[M, I, O]) identityImportID(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) string {
	parts := make([]string, len(r.rt.key))
	for i, name := range r.rt.key {
		if r.rt.keyInt(name) {
			var n types.Int64
			diags.Append(identity.GetAttribute(ctx, path.Root(name), &n)...)
			if n.IsNull() || n.IsUnknown() {
				diags.AddAttributeError(path.Root(name), fmt.Sprintf("Invalid %s identity", r.rt.noun),
					fmt.Sprintf("The identity needs %s (one of %s).", name, strings.Join(r.rt.key, ", ")))
				continue
			}
			parts[i] = strconv.FormatInt(n.ValueInt64(), 10)
			continue
		}
		var s types.String
		diags.Append(identity.GetAttribute(ctx, path.Root(name), &s)...)
		if s.ValueString() == "" || strings.Contains(s.ValueString(), "/") {
			diags.AddAttributeError(path.Root(name), fmt.Sprintf("Invalid %s identity", r.rt.noun),
				fmt.Sprintf("%s must be a non-empty value without \"/\" (got %q).", name, s.ValueString()))
			continue
		}
		parts[i] = s.ValueString()
	}
	return strings.Join(parts, "/")
}
