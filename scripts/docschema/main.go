// Command docschema writes the provider's schema in the format of
// `terraform providers schema -json`, for tfplugindocs --providers-schema (scripts/docs.sh).
//
// Why not Terraform's own output: what Terraform reports depends on its version. Terraform
// before 1.14 leaves out action schemas (so tfplugindocs would write no docs/actions/ pages),
// and before 1.11 it drops write_only (which changes the rendered docs). docschema serves the
// provider in-process (protocol 6) and converts every schema itself, so docs/ comes out the
// same whichever Terraform is installed and nothing is left out.
//
// To show that the conversion is faithful, -terraform-schema takes Terraform's output for the
// same provider binary, and docschema fails unless every section Terraform reports matches its
// own (write_only aside, which older Terraform versions do not report).
//
// Usage: go run ./scripts/docschema -terraform-schema tf.json >schema.json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cicdlabs/terraform-provider-cicd/internal/provider"
)

func main() {
	tfSchema := flag.String("terraform-schema", "", "output of `terraform providers schema -json` to cross-check against (optional)")
	key := flag.String("key", "registry.terraform.io/hashicorp/cicd", "provider address key in provider_schemas (tfplugindocs looks up registry.terraform.io/hashicorp/<name>)")
	flag.Parse()
	if err := run(*tfSchema, *key); err != nil {
		fmt.Fprintln(os.Stderr, "docschema:", err)
		os.Exit(1)
	}
}

func run(tfSchema, key string) error {
	resp, ids, err := providerSchema(context.Background())
	if err != nil {
		return err
	}
	own, err := convert(resp)
	if err != nil {
		return err
	}
	if len(ids) > 0 {
		if own["resource_identity_schemas"], err = json.Marshal(identitySchemas(ids)); err != nil {
			return err
		}
	}
	if tfSchema != "" {
		if err := crossCheck(tfSchema, key, own); err != nil {
			return err
		}
	}
	out, err := json.Marshal(map[string]any{
		"format_version":   "1.0",
		"provider_schemas": map[string]any{key: own},
	})
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(out, '\n'))
	return err
}

// crossCheck compares own with every section of Terraform's document for the provider.
func crossCheck(path, key string, own map[string]json.RawMessage) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc struct {
		ProviderSchemas map[string]map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fromTerraform, ok := doc.ProviderSchemas[key]
	if !ok {
		return fmt.Errorf("%s has no provider_schemas[%q]", path, key)
	}
	sections := make([]string, 0, len(fromTerraform))
	for section := range fromTerraform {
		sections = append(sections, section)
	}
	sort.Strings(sections)
	for _, section := range sections {
		if err := sameJSON(section, fromTerraform[section], own[section]); err != nil {
			return fmt.Errorf("the converted schema differs from Terraform's (%s); fix scripts/docschema: %w", path, err)
		}
	}
	return nil
}

func providerSchema(ctx context.Context) (*tfprotov6.GetProviderSchemaResponse, map[string]*tfprotov6.ResourceIdentitySchema, error) {
	server, err := providerserver.NewProtocol6WithError(provider.New("docs")())()
	if err != nil {
		return nil, nil, err
	}
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, nil, err
	}
	ids, err := server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		return nil, nil, err
	}
	for _, d := range append(resp.Diagnostics, ids.Diagnostics...) {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return nil, nil, fmt.Errorf("GetProviderSchema: %s: %s", d.Summary, d.Detail)
		}
	}
	return resp, ids.IdentitySchemas, nil
}

// sameJSON compares two JSON values semantically; absent and empty sections are equal.
func sameJSON(section string, a, b json.RawMessage) error {
	var va, vb any
	if len(a) > 0 {
		if err := json.Unmarshal(a, &va); err != nil {
			return err
		}
	}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &vb); err != nil {
			return err
		}
	}
	va, vb = withoutWriteOnly(va), withoutWriteOnly(vb)
	if m, ok := va.(map[string]any); ok && len(m) == 0 {
		va = nil
	}
	if m, ok := vb.(map[string]any); ok && len(m) == 0 {
		vb = nil
	}
	if reflect.DeepEqual(va, vb) {
		return nil
	}
	if ma, ok := va.(map[string]any); ok {
		if mb, ok := vb.(map[string]any); ok {
			var names []string
			for name := range ma {
				if !reflect.DeepEqual(ma[name], mb[name]) {
					names = append(names, name)
				}
			}
			for name := range mb {
				if _, seen := ma[name]; !seen {
					names = append(names, name)
				}
			}
			sort.Strings(names)
			return fmt.Errorf("%s: %v", section, names)
		}
	}
	return fmt.Errorf("%s differs", section)
}

// withoutWriteOnly drops every "write_only" key (Terraform < 1.11 does not report it).
func withoutWriteOnly(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			if k != "write_only" {
				m[k] = withoutWriteOnly(e)
			}
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = withoutWriteOnly(e)
		}
		return l
	}
	return v
}

// The types below mirror Terraform's command/jsonprovider format.

type jsonSchema struct {
	Version int64      `json:"version"`
	Block   *jsonBlock `json:"block,omitempty"`
}

type jsonActionSchema struct {
	Block *jsonBlock `json:"block,omitempty"`
}

type jsonBlock struct {
	Attributes      map[string]*jsonAttribute `json:"attributes,omitempty"`
	BlockTypes      map[string]*jsonBlockType `json:"block_types,omitempty"`
	Description     string                    `json:"description,omitempty"`
	DescriptionKind string                    `json:"description_kind,omitempty"`
	Deprecated      bool                      `json:"deprecated,omitempty"`
}

type jsonAttribute struct {
	AttributeType       json.RawMessage `json:"type,omitempty"`
	AttributeNestedType *jsonNestedType `json:"nested_type,omitempty"`
	Description         string          `json:"description,omitempty"`
	DescriptionKind     string          `json:"description_kind,omitempty"`
	Deprecated          bool            `json:"deprecated,omitempty"`
	Required            bool            `json:"required,omitempty"`
	Optional            bool            `json:"optional,omitempty"`
	Computed            bool            `json:"computed,omitempty"`
	Sensitive           bool            `json:"sensitive,omitempty"`
	WriteOnly           bool            `json:"write_only,omitempty"`
}

type jsonNestedType struct {
	Attributes  map[string]*jsonAttribute `json:"attributes,omitempty"`
	NestingMode string                    `json:"nesting_mode,omitempty"`
}

type jsonBlockType struct {
	NestingMode string     `json:"nesting_mode,omitempty"`
	Block       *jsonBlock `json:"block,omitempty"`
	MinItems    int64      `json:"min_items,omitempty"`
	MaxItems    int64      `json:"max_items,omitempty"`
}

func convert(resp *tfprotov6.GetProviderSchemaResponse) (map[string]json.RawMessage, error) {
	if len(resp.Functions) > 0 || len(resp.StateStoreSchemas) > 0 {
		return nil, errors.New("the provider has functions or state stores, which docschema does not convert yet; extend scripts/docschema")
	}
	out := map[string]any{}
	if resp.Provider != nil {
		out["provider"] = schema(resp.Provider)
	}
	schemas := func(in map[string]*tfprotov6.Schema) map[string]*jsonSchema {
		m := make(map[string]*jsonSchema, len(in))
		for name, s := range in {
			m[name] = schema(s)
		}
		return m
	}
	if len(resp.ResourceSchemas) > 0 {
		out["resource_schemas"] = schemas(resp.ResourceSchemas)
	}
	if len(resp.DataSourceSchemas) > 0 {
		out["data_source_schemas"] = schemas(resp.DataSourceSchemas)
	}
	if len(resp.ListResourceSchemas) > 0 {
		out["list_resource_schemas"] = schemas(resp.ListResourceSchemas)
	}
	if len(resp.EphemeralResourceSchemas) > 0 {
		out["ephemeral_resource_schemas"] = schemas(resp.EphemeralResourceSchemas)
	}
	if len(resp.ActionSchemas) > 0 {
		acts := make(map[string]*jsonActionSchema, len(resp.ActionSchemas))
		for name, a := range resp.ActionSchemas {
			acts[name] = &jsonActionSchema{Block: block(a.Schema.Block)}
		}
		out["action_schemas"] = acts
	}
	res := make(map[string]json.RawMessage, len(out))
	for k, v := range out {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		res[k] = b
	}
	return res, nil
}

// jsonIdentitySchema is a resource identity schema as Terraform prints it.
type jsonIdentitySchema struct {
	Version    int64                             `json:"version"`
	Attributes map[string]*jsonIdentityAttribute `json:"attributes,omitempty"`
}

type jsonIdentityAttribute struct {
	AttributeType     json.RawMessage `json:"type,omitempty"`
	Description       string          `json:"description,omitempty"`
	RequiredForImport bool            `json:"required_for_import,omitempty"`
	OptionalForImport bool            `json:"optional_for_import,omitempty"`
}

func identitySchemas(in map[string]*tfprotov6.ResourceIdentitySchema) map[string]*jsonIdentitySchema {
	out := make(map[string]*jsonIdentitySchema, len(in))
	for name, s := range in {
		js := &jsonIdentitySchema{Version: s.Version, Attributes: map[string]*jsonIdentityAttribute{}}
		for _, a := range s.IdentityAttributes {
			t, _ := json.Marshal(typeJSON(a.Type)) // strings, slices and maps only: cannot fail
			js.Attributes[a.Name] = &jsonIdentityAttribute{AttributeType: t, Description: a.Description,
				RequiredForImport: a.RequiredForImport, OptionalForImport: a.OptionalForImport}
		}
		out[name] = js
	}
	return out
}

func schema(s *tfprotov6.Schema) *jsonSchema {
	return &jsonSchema{Version: s.Version, Block: block(s.Block)}
}

func block(b *tfprotov6.SchemaBlock) *jsonBlock {
	if b == nil {
		return &jsonBlock{DescriptionKind: "plain"}
	}
	out := &jsonBlock{
		Description:     b.Description,
		DescriptionKind: kind(b.DescriptionKind),
		Deprecated:      b.Deprecated,
	}
	if len(b.Attributes) > 0 {
		out.Attributes = attributes(b.Attributes)
	}
	if len(b.BlockTypes) > 0 {
		out.BlockTypes = make(map[string]*jsonBlockType, len(b.BlockTypes))
		for _, bt := range b.BlockTypes {
			out.BlockTypes[bt.TypeName] = &jsonBlockType{
				NestingMode: blockNesting[bt.Nesting],
				Block:       block(bt.Block),
				MinItems:    bt.MinItems,
				MaxItems:    bt.MaxItems,
			}
		}
	}
	return out
}

func attributes(in []*tfprotov6.SchemaAttribute) map[string]*jsonAttribute {
	out := make(map[string]*jsonAttribute, len(in))
	for _, a := range in {
		ja := &jsonAttribute{
			Description:     a.Description,
			DescriptionKind: kind(a.DescriptionKind),
			Deprecated:      a.Deprecated,
			Required:        a.Required,
			Optional:        a.Optional,
			Computed:        a.Computed,
			Sensitive:       a.Sensitive,
			WriteOnly:       a.WriteOnly,
		}
		if a.NestedType != nil {
			ja.AttributeNestedType = &jsonNestedType{
				Attributes:  attributes(a.NestedType.Attributes),
				NestingMode: objectNesting[a.NestedType.Nesting],
			}
		} else if a.Type != nil {
			t, _ := json.Marshal(typeJSON(a.Type)) // strings, slices and maps only: cannot fail
			ja.AttributeType = t
		}
		out[a.Name] = ja
	}
	return out
}

// typeJSON renders a type in cty's JSON type format, which Terraform prints:
// "string", ["list","string"], ["object",{"a":"bool"},["a"]] (optional attributes), ...
func typeJSON(t tftypes.Type) any {
	switch v := t.(type) {
	case tftypes.List:
		return []any{"list", typeJSON(v.ElementType)}
	case tftypes.Set:
		return []any{"set", typeJSON(v.ElementType)}
	case tftypes.Map:
		return []any{"map", typeJSON(v.ElementType)}
	case tftypes.Tuple:
		elems := make([]any, len(v.ElementTypes))
		for i, e := range v.ElementTypes {
			elems[i] = typeJSON(e)
		}
		return []any{"tuple", elems}
	case tftypes.Object:
		attrs := make(map[string]any, len(v.AttributeTypes))
		for name, at := range v.AttributeTypes {
			attrs[name] = typeJSON(at)
		}
		if len(v.OptionalAttributes) == 0 {
			return []any{"object", attrs}
		}
		optional := make([]string, 0, len(v.OptionalAttributes))
		for name := range v.OptionalAttributes {
			optional = append(optional, name)
		}
		sort.Strings(optional)
		return []any{"object", attrs, optional}
	}
	switch {
	case t.Is(tftypes.String):
		return "string"
	case t.Is(tftypes.Number):
		return "number"
	case t.Is(tftypes.Bool):
		return "bool"
	case t.Is(tftypes.DynamicPseudoType):
		return "dynamic"
	}
	return t.String() // unknown to this converter: the cross-check with Terraform will say so
}

func kind(k tfprotov6.StringKind) string {
	if k == tfprotov6.StringKindMarkdown {
		return "markdown"
	}
	return "plain"
}

var blockNesting = map[tfprotov6.SchemaNestedBlockNestingMode]string{
	tfprotov6.SchemaNestedBlockNestingModeSingle: "single",
	tfprotov6.SchemaNestedBlockNestingModeList:   "list",
	tfprotov6.SchemaNestedBlockNestingModeSet:    "set",
	tfprotov6.SchemaNestedBlockNestingModeMap:    "map",
	tfprotov6.SchemaNestedBlockNestingModeGroup:  "group",
}

var objectNesting = map[tfprotov6.SchemaObjectNestingMode]string{
	tfprotov6.SchemaObjectNestingModeSingle: "single",
	tfprotov6.SchemaObjectNestingModeList:   "list",
	tfprotov6.SchemaObjectNestingModeSet:    "set",
	tfprotov6.SchemaObjectNestingModeMap:    "map",
}
