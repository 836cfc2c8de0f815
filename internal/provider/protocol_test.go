package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// protoHarness drives the provider through its protocol server, the way
// Terraform does, for what the CLI here cannot (actions need Terraform 1.14).
type protoHarness struct {
	srv    tfprotov6.ProviderServerWithActions //nolint:staticcheck // actions are only on this interface in plugin-go 0.31
	schema *tfprotov6.GetProviderSchemaResponse
}

func newProtoHarness(t *testing.T, e *testEnv) *protoHarness {
	t.Helper()
	base, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	srv, ok := base.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // see protoHarness
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	ctx := context.Background()
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(sch.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, sch.Diagnostics)
	}
	h := &protoHarness{srv: srv, schema: sch}
	cfg := map[string]any{
		"max_retries":     2,
		"request_timeout": "5s",
		"codearts": map[string]any{
			"region": simulator.DemoRegion, "access_key": simulator.DemoAK, "secret_key": simulator.DemoSK,
			"endpoints": map[string]any{"pipeline": e.url, "build": e.url, "deploy": e.url, "iam": e.url},
		},
		"rainbond": map[string]any{"url": e.url, "token": simulator.DemoRainbondToken},
	}
	typ := sch.Provider.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, toValue(t, typ, cfg))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.14.0", Config: &dv})
	if err != nil || hasErrors(resp.Diagnostics) {
		t.Fatalf("ConfigureProvider: %v %s", err, diagText(resp.Diagnostics))
	}
	return h
}

// invoke runs an action and collects its progress messages and final diagnostics.
func (h *protoHarness) invoke(ctx context.Context, t *testing.T, actionType string, cfg map[string]any, onProgress func(string)) ([]string, []*tfprotov6.Diagnostic) {
	t.Helper()
	sch, ok := h.schema.ActionSchemas[actionType]
	if !ok {
		t.Fatalf("no action %s in the provider schema", actionType)
	}
	typ := sch.Schema.ValueType()
	dv, err := tfprotov6.NewDynamicValue(typ, toValue(t, typ, cfg))
	if err != nil {
		t.Fatal(err)
	}
	v := h.validateAction(t, actionType, dv)
	if hasErrors(v) {
		return nil, v
	}
	stream, err := h.srv.InvokeAction(ctx, &tfprotov6.InvokeActionRequest{ActionType: actionType, Config: &dv})
	if err != nil {
		t.Fatalf("InvokeAction: %v", err)
	}
	var progress []string
	var diags []*tfprotov6.Diagnostic
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
			if onProgress != nil {
				onProgress(e.Message)
			}
		case tfprotov6.CompletedInvokeActionEventType:
			diags = e.Diagnostics
		}
	}
	return progress, diags
}

func (h *protoHarness) validateAction(t *testing.T, actionType string, dv tfprotov6.DynamicValue) []*tfprotov6.Diagnostic {
	t.Helper()
	resp, err := h.srv.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionType, Config: &dv})
	if err != nil {
		t.Fatalf("ValidateActionConfig: %v", err)
	}
	return resp.Diagnostics
}

// toValue converts plain Go values to a tftypes.Value of typ; absent object
// attributes are null.
func toValue(t *testing.T, typ tftypes.Type, v any) tftypes.Value {
	t.Helper()
	if v == nil {
		return tftypes.NewValue(typ, nil)
	}
	switch {
	case typ.Is(tftypes.String):
		return tftypes.NewValue(typ, v.(string))
	case typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, v.(bool))
	case typ.Is(tftypes.Number):
		return tftypes.NewValue(typ, new(big.Float).SetInt64(int64(v.(int))))
	}
	switch tt := typ.(type) {
	case tftypes.Object:
		in := v.(map[string]any)
		vals := map[string]tftypes.Value{}
		for name, at := range tt.AttributeTypes {
			vals[name] = toValue(t, at, in[name])
		}
		for name := range in {
			if _, ok := tt.AttributeTypes[name]; !ok {
				t.Fatalf("attribute %q is not in the schema", name)
			}
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.Map:
		vals := map[string]tftypes.Value{}
		for k, ev := range v.(map[string]any) {
			vals[k] = toValue(t, tt.ElementType, ev)
		}
		return tftypes.NewValue(tt, vals)
	case tftypes.List:
		var vals []tftypes.Value
		for _, ev := range v.([]any) {
			vals = append(vals, toValue(t, tt.ElementType, ev))
		}
		return tftypes.NewValue(tt, vals)
	}
	t.Fatalf("toValue: unsupported type %s", typ)
	return tftypes.Value{}
}

func hasErrors(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "[%s] %s: %s\n", d.Severity, d.Summary, d.Detail)
	}
	return b.String()
}
