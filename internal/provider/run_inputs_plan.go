package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runInputReplace is the plan modifier of every run input and of
// `triggers`: a change starts a new run (the resource is replaced), except
//
//   - null and empty are the same input: adding `triggers = {}` or
//     `parameters = {}` to a run that had none (or removing an empty one)
//     is no change, so it never starts a run;
//   - an input the prior state does not know because the run was imported
//     (the API does not return it, so state has null) is adopted from the
//     configuration by an in-place update: importing a run and then writing
//     its inputs as they were never starts a new run.
//
// Otherwise it behaves as RequiresReplace.
type runInputReplace struct{}

var (
	_ planmodifier.String = runInputReplace{}
	_ planmodifier.Bool   = runInputReplace{}
	_ planmodifier.Int64  = runInputReplace{}
	_ planmodifier.Map    = runInputReplace{}
	_ planmodifier.List   = runInputReplace{}
	_ planmodifier.Object = runInputReplace{}
)

// importedKey marks, in private state, a run that was imported and whose
// unknown inputs have not been adopted from the configuration yet (the
// first apply after the import does that, in place).
const importedKey = "imported"

func (runInputReplace) Description(context.Context) string {
	return "Changing the value starts a new run; null and empty are the same, and an input unknown since import is adopted in place."
}

func (m runInputReplace) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (runInputReplace) replace(state tfsdk.State, plan tfsdk.Plan, sv, pv attr.Value, imported func() bool) bool {
	if state.Raw.IsNull() || plan.Raw.IsNull() {
		return false // create or destroy
	}
	if sv.Equal(pv) || (emptyInput(sv) && emptyInput(pv)) {
		return false
	}
	if sv.IsNull() && imported() {
		return false
	}
	return true
}

// emptyInput: null, or a known map/list with no elements.
func emptyInput(v attr.Value) bool {
	if v.IsNull() {
		return true
	}
	if v.IsUnknown() {
		return false
	}
	switch x := v.(type) {
	case types.Map:
		return len(x.Elements()) == 0
	case types.List:
		return len(x.Elements()) == 0
	}
	return false
}

func wasImported(ctx context.Context, get func(context.Context, string) ([]byte, diag.Diagnostics)) func() bool {
	return func() bool {
		b, _ := get(ctx, importedKey)
		return len(b) > 0
	}
}

func (m runInputReplace) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}

func (m runInputReplace) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}

func (m runInputReplace) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}

func (m runInputReplace) PlanModifyMap(ctx context.Context, req planmodifier.MapRequest, resp *planmodifier.MapResponse) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}

func (m runInputReplace) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}

func (m runInputReplace) PlanModifyObject(ctx context.Context, req planmodifier.ObjectRequest, resp *planmodifier.ObjectResponse) {
	resp.RequiresReplace = m.replace(req.State, req.Plan, req.StateValue, req.PlanValue, wasImported(ctx, req.Private.GetKey))
}
