package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// durationType is timetypes.GoDurationType (parsing, semantic equality:
// "60s" equals "1m") for the positive durations of the `wait` block. Only
// its diagnostic differs: timetypes' detail quotes Go's parse error as
// "Error: time: …" (which reads as a second error in Terraform's output) and
// ends in a literal "\n\n"; ours is one plain sentence that also refuses
// zero and negative durations.
type durationType struct{ timetypes.GoDurationType }

var (
	_ basetypes.StringTypable                    = durationType{}
	_ basetypes.StringValuableWithSemanticEquals = durationValue{}
	_ xattr.ValidateableAttribute                = durationValue{}
)

func (t durationType) String() string { return "durationType" }

func (t durationType) Equal(o attr.Type) bool {
	_, ok := o.(durationType)
	return ok
}

func (t durationType) ValueType(context.Context) attr.Value { return durationValue{} }

func (t durationType) ValueFromString(ctx context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return durationValue{timetypes.GoDuration{StringValue: in}}, nil
}

func (t durationType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return durationValue{timetypes.GoDuration{StringValue: s}}, nil
}

// durationValue is a timetypes.GoDuration of durationType.
type durationValue struct{ timetypes.GoDuration }

func (v durationValue) Type(context.Context) attr.Type { return durationType{} }

func (v durationValue) Equal(o attr.Value) bool {
	ov, ok := o.(durationValue)
	return ok && v.GoDuration.Equal(ov.GoDuration)
}

func (v durationValue) StringSemanticEquals(ctx context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	n, ok := nv.(durationValue)
	if !ok {
		return false, nil
	}
	return v.GoDuration.StringSemanticEquals(ctx, n.GoDuration)
}

func (v durationValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(v.ValueString()); err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration; use a number with a unit, such as 30s, 5m or 1h30m.", v.ValueString()))
	}
}
