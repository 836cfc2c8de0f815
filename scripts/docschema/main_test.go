package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// sample covers every construct the converter handles.
func sample() *tfprotov6.GetProviderSchemaResponse {
	return &tfprotov6.GetProviderSchemaResponse{
		Provider: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
			BlockTypes: []*tfprotov6.SchemaNestedBlock{{
				TypeName: "codearts",
				Nesting:  tfprotov6.SchemaNestedBlockNestingModeSingle,
				Block: &tfprotov6.SchemaBlock{
					Description:     "CodeArts settings.",
					DescriptionKind: tfprotov6.StringKindMarkdown,
					Attributes: []*tfprotov6.SchemaAttribute{
						{Name: "secret_key", Type: tftypes.String, Optional: true, Sensitive: true, WriteOnly: true},
					},
				},
			}},
		}},
		ResourceSchemas: map[string]*tfprotov6.Schema{
			"cicd_thing": {Version: 1, Block: &tfprotov6.SchemaBlock{
				Attributes: []*tfprotov6.SchemaAttribute{
					{Name: "id", Type: tftypes.String, Computed: true, Description: "Id.", DescriptionKind: tfprotov6.StringKindMarkdown},
					{Name: "params", Type: tftypes.Map{ElementType: tftypes.String}, Optional: true, Deprecated: true},
					{Name: "any", Type: tftypes.DynamicPseudoType, Optional: true},
					{Name: "pairs", Computed: true, Type: tftypes.Set{ElementType: tftypes.Tuple{ElementTypes: []tftypes.Type{tftypes.String, tftypes.Number}}}},
					{Name: "opts", Optional: true, Type: tftypes.List{ElementType: tftypes.Object{
						AttributeTypes:     map[string]tftypes.Type{"a": tftypes.String, "b": tftypes.Number},
						OptionalAttributes: map[string]struct{}{"b": {}},
					}}},
					{Name: "scm", Optional: true, NestedType: &tfprotov6.SchemaObject{
						Nesting:    tfprotov6.SchemaObjectNestingModeList,
						Attributes: []*tfprotov6.SchemaAttribute{{Name: "tag", Type: tftypes.Number, Required: true}},
					}},
				},
				BlockTypes: []*tfprotov6.SchemaNestedBlock{{
					TypeName: "step", Nesting: tfprotov6.SchemaNestedBlockNestingModeSet, MinItems: 1, MaxItems: 3,
					Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{
						{Name: "on", Type: tftypes.Object{AttributeTypes: map[string]tftypes.Type{"x": tftypes.Bool}}, Optional: true},
					}},
				}},
			}},
		},
		ActionSchemas: map[string]*tfprotov6.ActionSchema{
			"cicd_thing": {Schema: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
				Attributes: []*tfprotov6.SchemaAttribute{{Name: "job_id", Type: tftypes.String, Required: true}},
			}}},
		},
	}
}

// terraformFormat is what `terraform providers schema -json` (1.11) prints for sample().
const terraformFormat = `{
  "provider": {"version": 0, "block": {"block_types": {"codearts": {"nesting_mode": "single", "block": {
    "attributes": {"secret_key": {"type": "string", "description_kind": "plain", "optional": true, "sensitive": true, "write_only": true}},
    "description": "CodeArts settings.", "description_kind": "markdown"}}}, "description_kind": "plain"}},
  "resource_schemas": {"cicd_thing": {"version": 1, "block": {
    "attributes": {
      "id": {"type": "string", "description": "Id.", "description_kind": "markdown", "computed": true},
      "params": {"type": ["map", "string"], "description_kind": "plain", "deprecated": true, "optional": true},
      "any": {"type": "dynamic", "description_kind": "plain", "optional": true},
      "pairs": {"type": ["set", ["tuple", ["string", "number"]]], "description_kind": "plain", "computed": true},
      "opts": {"type": ["list", ["object", {"a": "string", "b": "number"}, ["b"]]], "description_kind": "plain", "optional": true},
      "scm": {"nested_type": {"attributes": {"tag": {"type": "number", "description_kind": "plain", "required": true}}, "nesting_mode": "list"},
              "description_kind": "plain", "optional": true}
    },
    "block_types": {"step": {"nesting_mode": "set", "min_items": 1, "max_items": 3, "block": {
      "attributes": {"on": {"type": ["object", {"x": "bool"}], "description_kind": "plain", "optional": true}},
      "description_kind": "plain"}}},
    "description_kind": "plain"}}},
  "action_schemas": {"cicd_thing": {"block": {"attributes": {"job_id": {"type": "string", "description_kind": "plain", "required": true}}, "description_kind": "plain"}}}
}`

func TestConvertWritesTerraformFormat(t *testing.T) {
	own, err := convert(sample())
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal([]byte(terraformFormat), &want); err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"provider", "resource_schemas", "action_schemas"} {
		if err := sameJSON(section, want[section], own[section]); err != nil {
			t.Errorf("%v\n got: %s", err, own[section])
		}
	}
	if !strings.Contains(string(own["provider"]), `"write_only":true`) {
		t.Errorf("write_only lost: %s", own["provider"])
	}
	if _, ok := own["data_source_schemas"]; ok {
		t.Errorf("empty section written: %s", own["data_source_schemas"])
	}
}

func TestCrossCheck(t *testing.T) {
	own, err := convert(sample())
	if err != nil {
		t.Fatal(err)
	}
	const key = "registry.terraform.io/hashicorp/cicd"
	write := func(t *testing.T, sections string) string {
		t.Helper()
		p := filepath.Join(t.TempDir(), "tf.json")
		doc := `{"format_version":"1.0","provider_schemas":{"` + key + `":` + sections + `}}`
		if err := os.WriteFile(p, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var full map[string]json.RawMessage
	if err := json.Unmarshal([]byte(terraformFormat), &full); err != nil {
		t.Fatal(err)
	}

	t.Run("same", func(t *testing.T) {
		if err := crossCheck(write(t, terraformFormat), key, own); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("older terraform: no actions, no write_only", func(t *testing.T) {
		old := `{"provider":` + strings.Replace(string(full["provider"]), `, "write_only": true`, "", 1) +
			`,"resource_schemas":` + string(full["resource_schemas"]) + `}`
		if err := crossCheck(write(t, old), key, own); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("different attribute", func(t *testing.T) {
		changed := strings.Replace(terraformFormat, `"description": "Id."`, `"description": "Other."`, 1)
		err := crossCheck(write(t, changed), key, own)
		if err == nil || !strings.Contains(err.Error(), "resource_schemas: [cicd_thing]") {
			t.Fatalf("want a resource_schemas mismatch naming cicd_thing, got %v", err)
		}
	})
	t.Run("section terraform has and the conversion lacks", func(t *testing.T) {
		extra := `{"provider":` + string(full["provider"]) + `,"resource_schemas":` + string(full["resource_schemas"]) +
			`,"data_source_schemas":{"cicd_x":{"version":0,"block":{"description_kind":"plain"}}}}`
		if err := crossCheck(write(t, extra), key, own); err == nil {
			t.Fatal("want a data_source_schemas mismatch")
		}
	})
	t.Run("missing provider key", func(t *testing.T) {
		if err := crossCheck(write(t, terraformFormat), "registry.terraform.io/cicdlabs/cicd", own); err == nil {
			t.Fatal("want an error for a missing provider key")
		}
	})
}

// The real provider converts: everything it serves is a kind docschema handles.
func TestRealProviderConverts(t *testing.T) {
	resp, ids, err := providerSchema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 || identitySchemas(ids)["cicd_codearts_pipeline"].Attributes["pipeline_id"] == nil {
		t.Fatalf("no resource identity schemas: %v", ids)
	}
	own, err := convert(resp)
	if err != nil {
		t.Fatal(err)
	}
	if len(own["provider"]) == 0 {
		t.Fatal("no provider schema")
	}
	if got, want := len(resp.ActionSchemas) > 0, own["action_schemas"] != nil; got != want {
		t.Fatalf("provider has actions: %v, action_schemas written: %v", got, want)
	}
}
