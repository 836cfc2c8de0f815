package provider

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// A refused start whose message names inputs the user wrote gets its
// diagnostic on them; other errors keep no path.
func TestNamingInputs(t *testing.T) {
	params, _ := types.MapValue(types.StringType, map[string]attr.Value{"codeBranch": types.StringValue("main"), "PATH2": types.StringValue("x")})
	stages, _ := types.ListValue(types.StringType, []attr.Value{types.StringValue("build"), types.StringValue("deploy")})
	refused := func(msg string) error {
		return &codearts.APIError{Service: codearts.ServiceBuild, Method: "POST", Path: "/v3/jobs/build", HTTPStatus: 400, Code: "X.1", Message: msg}
	}
	cases := []struct {
		name string
		err  error
		refs [][]inputRef
		want []path.Path
	}{
		{"a quoted parameter name", refused(`Invalid param: parameter name "PATH2" is not allowed`), [][]inputRef{mapKeyRefs("parameters", params)},
			[]path.Path{path.Root("parameters").AtMapKey("PATH2")}},
		{"a list entry by value", refused(`choose_stages: the pipeline has no stage "deploy"`), [][]inputRef{listValueRefs("choose_stages", stages)},
			[]path.Path{path.Root("choose_stages").AtListIndex(1)}},
		{"a request element by index", refused(`Invalid parameter: params[1].key is longer than 128 characters`), [][]inputRef{listIndexRefs("params", 2)},
			[]path.Path{path.Root("params").AtListIndex(1)}},
		{"index 1 is not index 10", refused(`params[10].key must not be empty`), [][]inputRef{listIndexRefs("params", 2)}, nil},
		{"a message naming nothing written", refused(`The pipeline does not exist`), [][]inputRef{mapKeyRefs("parameters", params)}, nil},
		{"a server error is not a refusal", &codearts.APIError{HTTPStatus: 500, Message: `parameter "PATH2"`}, [][]inputRef{mapKeyRefs("parameters", params)}, nil},
		{"not an API error", errors.New(`parameter "PATH2"`), [][]inputRef{mapKeyRefs("parameters", params)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := namingInputs(tc.err, tc.refs...)
			var ae attributeError
			if !errors.As(err, &ae) {
				if tc.want != nil {
					t.Fatalf("no attribute paths, want %v", tc.want)
				}
				return
			}
			got := ae.AttributePaths()
			if len(got) != len(tc.want) {
				t.Fatalf("paths %v, want %v", got, tc.want)
			}
			for i := range got {
				if !got[i].Equal(tc.want[i]) {
					t.Fatalf("paths %v, want %v", got, tc.want)
				}
			}
			// The start diagnostic: on the element, which its detail names.
			var diags diag.Diagnostics
			addStartError(&diags, "build", err)
			wp, ok := diags[0].(diag.DiagnosticWithPath)
			if len(diags) != 1 || !ok || !wp.Path().Equal(tc.want[0]) || !strings.HasPrefix(diags[0].Detail(), "Attribute "+tc.want[0].String()+": ") {
				t.Fatalf("start diagnostic %#v", diags)
			}
		})
	}
}

// A template the service refuses for one variable's field: the diagnostic
// is on that field, not on the element or the template.
func TestNamingInputsPrefersTheField(t *testing.T) {
	obj := types.ObjectNull(templateVariableAttrTypes)
	vars, _ := types.ListValue(obj.Type(context.Background()), []attr.Value{obj, obj})
	err := namingInputs(&codearts.APIError{HTTPStatus: 400, Code: "DEVPIPE.00011103", Message: `variables[1].name "a" is duplicated`}, variableRefs(vars))
	var ae attributeError
	if !errors.As(err, &ae) || len(ae.AttributePaths()) != 1 || !ae.AttributePaths()[0].Equal(path.Root("variables").AtListIndex(1).AtName("name")) {
		t.Fatalf("paths of %v", err)
	}
	var diags diag.Diagnostics
	addCreateError(&diags, "Cannot create the pipeline template", err, "template", "x", "CodeArts", "<id>")
	if wp, ok := diags[0].(diag.DiagnosticWithPath); !ok || !strings.Contains(diags[0].Detail(), "Attribute variables[1].name: ") || !wp.Path().Equal(ae.AttributePaths()[0]) {
		t.Fatalf("create diagnostic %#v", diags)
	}
}

// The action reports a refused start on the input the service named, like
// the resource (the apply matrix row): through the protocol server.
func TestCodeArtsPipelineRunAction_refusalNamesTheInput(t *testing.T) {
	e := newTestEnv(t)
	h := newProtoHarness(t, e)
	_, diags := h.invoke(context.Background(), t, "cicd_codearts_pipeline_run", map[string]any{
		"project_id": simulator.DemoCodeArtsProjectID, "pipeline_id": simulator.DemoPipelineID,
		"choose_stages": []any{"no_such_stage"},
	}, nil)
	if len(diags) != 1 || diags[0].Attribute == nil {
		t.Fatalf("want one diagnostic on an attribute, got: %s", diagText(diags))
	}
	want := tftypes.NewAttributePath().WithAttributeName("choose_stages").WithElementKeyInt(0)
	if !diags[0].Attribute.Equal(want) || !strings.Contains(diags[0].Detail, `Attribute choose_stages[0]: `) ||
		!strings.Contains(diags[0].Detail, `the pipeline has no stage "no_such_stage"`) {
		t.Fatalf("diagnostic on %v: %s", diags[0].Attribute, diagText(diags))
	}
}
