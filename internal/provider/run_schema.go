package provider

import (
	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A run's inputs are declared once, as inputSpecs, and rendered both into the
// resource schema (where every input forces a new run) and into the action
// schema. Only the shapes run inputs need are supported.

type inputKind int

const (
	inString inputKind = iota
	inBool
	inInt
	inStringMap
	inStringList
	inObject     // a single nested object attribute
	inObjectList // a list of nested objects
)

type inputSpec struct {
	kind      inputKind
	desc      string
	required  bool
	sensitive bool
	// writeOnly inputs are never stored (Terraform >= 1.11); they do not
	// force a new run by themselves: pair them with a *_version input.
	writeOnly bool
	str       []validator.String
	integer   []validator.Int64
	mapV      []validator.Map
	list      []validator.List
	object    []validator.Object
	attrs     map[string]inputSpec // inObject, inObjectList
}

func (s inputSpec) optional() bool { return !s.required }

// attrType returns the Terraform type of an input, for building values.
func (s inputSpec) attrType() attr.Type {
	switch s.kind {
	case inBool:
		return types.BoolType
	case inInt:
		return types.Int64Type
	case inStringMap:
		return types.MapType{ElemType: types.StringType}
	case inStringList:
		return types.ListType{ElemType: types.StringType}
	case inObject:
		return types.ObjectType{AttrTypes: objectAttrTypes(s.attrs)}
	case inObjectList:
		return types.ListType{ElemType: types.ObjectType{AttrTypes: objectAttrTypes(s.attrs)}}
	}
	return types.StringType
}

func objectAttrTypes(attrs map[string]inputSpec) map[string]attr.Type {
	out := make(map[string]attr.Type, len(attrs))
	for k, v := range attrs {
		out[k] = v.attrType()
	}
	return out
}

// resourceInputAttrs renders inputs for a resource schema. Top-level inputs
// force a new run when they change (replace = true).
func resourceInputAttrs(specs map[string]inputSpec, replace bool) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(specs))
	for name, s := range specs {
		out[name] = resourceInputAttr(s, replace && !s.writeOnly)
	}
	return out
}

func resourceInputAttr(s inputSpec, replace bool) schema.Attribute {
	opt := s.optional()
	switch s.kind {
	case inBool:
		a := schema.BoolAttribute{Required: s.required, Optional: opt, Sensitive: s.sensitive, WriteOnly: s.writeOnly, MarkdownDescription: s.desc}
		if replace {
			a.PlanModifiers = []planmodifier.Bool{runInputReplace{}}
		}
		return a
	case inInt:
		a := schema.Int64Attribute{Required: s.required, Optional: opt, Sensitive: s.sensitive, WriteOnly: s.writeOnly, MarkdownDescription: s.desc, Validators: s.integer}
		if replace {
			a.PlanModifiers = []planmodifier.Int64{runInputReplace{}}
		}
		return a
	case inStringMap:
		a := schema.MapAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, Sensitive: s.sensitive, WriteOnly: s.writeOnly, MarkdownDescription: s.desc, Validators: s.mapV}
		if replace {
			a.PlanModifiers = []planmodifier.Map{runInputReplace{}}
		}
		return a
	case inStringList:
		a := schema.ListAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, Sensitive: s.sensitive, WriteOnly: s.writeOnly, MarkdownDescription: s.desc, Validators: s.list}
		if replace {
			a.PlanModifiers = []planmodifier.List{runInputReplace{}}
		}
		return a
	case inObject:
		a := schema.SingleNestedAttribute{Required: s.required, Optional: opt, Sensitive: s.sensitive, MarkdownDescription: s.desc,
			Attributes: resourceInputAttrs(s.attrs, false), Validators: s.object}
		if replace {
			a.PlanModifiers = []planmodifier.Object{runInputReplace{}}
		}
		return a
	case inObjectList:
		a := schema.ListNestedAttribute{Required: s.required, Optional: opt, Sensitive: s.sensitive, MarkdownDescription: s.desc,
			NestedObject: schema.NestedAttributeObject{Attributes: resourceInputAttrs(s.attrs, false)}, Validators: s.list}
		if replace {
			a.PlanModifiers = []planmodifier.List{runInputReplace{}}
		}
		return a
	}
	a := schema.StringAttribute{Required: s.required, Optional: opt, Sensitive: s.sensitive, WriteOnly: s.writeOnly, MarkdownDescription: s.desc, Validators: s.str}
	if replace {
		a.PlanModifiers = []planmodifier.String{runInputReplace{}}
	}
	return a
}

// actionInputAttrs renders inputs for an action schema.
func actionInputAttrs(specs map[string]inputSpec) map[string]aschema.Attribute {
	out := make(map[string]aschema.Attribute, len(specs))
	for name, s := range specs {
		out[name] = actionInputAttr(s)
	}
	return out
}

// Actions store nothing, so no input needs to be write-only there; and the
// framework (v1.19) refuses write-only attributes in action configs. Action
// schemas have no Sensitive flag: secret inputs are plain attributes, which
// the provider still masks in its logs.
func actionInputAttr(s inputSpec) aschema.Attribute {
	opt := s.optional()
	switch s.kind {
	case inBool:
		return aschema.BoolAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.desc}
	case inInt:
		return aschema.Int64Attribute{Required: s.required, Optional: opt, MarkdownDescription: s.desc, Validators: s.integer}
	case inStringMap:
		return aschema.MapAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, MarkdownDescription: s.desc, Validators: s.mapV}
	case inStringList:
		return aschema.ListAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, MarkdownDescription: s.desc, Validators: s.list}
	case inObject:
		return aschema.SingleNestedAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.desc,
			Attributes: actionInputAttrs(s.attrs), Validators: s.object}
	case inObjectList:
		return aschema.ListNestedAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.desc,
			NestedObject: aschema.NestedAttributeObject{Attributes: actionInputAttrs(s.attrs)}, Validators: s.list}
	}
	return aschema.StringAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.desc, Validators: s.str}
}

// computedString etc. declare run outputs: known after the first poll and
// kept from state when only wait settings change.
func computedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
}

func computedInt(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{Computed: true, MarkdownDescription: desc,
		PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
}
