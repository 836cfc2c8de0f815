package provider

import (
	"fmt"

	aschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
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
	inDuration   // a Go duration string (timetypes.GoDuration)
)

type inputSpec struct {
	kind inputKind
	desc string
	// actionDesc, when set, replaces desc in the action schema (where there
	// is no state, refresh or triggers to talk about).
	actionDesc string
	required   bool
	sensitive  bool
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

// actionText is the input's description in an action schema.
func (s inputSpec) actionText() string {
	if s.actionDesc != "" {
		return s.actionDesc
	}
	return s.desc
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
	case inDuration:
		return schema.StringAttribute{CustomType: durationType{}, Required: s.required, Optional: opt, MarkdownDescription: s.desc, Validators: s.str}
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
		return aschema.BoolAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.actionText()}
	case inInt:
		return aschema.Int64Attribute{Required: s.required, Optional: opt, MarkdownDescription: s.actionText(), Validators: s.integer}
	case inStringMap:
		return aschema.MapAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, MarkdownDescription: s.actionText(), Validators: s.mapV}
	case inStringList:
		return aschema.ListAttribute{ElementType: types.StringType, Required: s.required, Optional: opt, MarkdownDescription: s.actionText(), Validators: s.list}
	case inObject:
		return aschema.SingleNestedAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.actionText(),
			Attributes: actionInputAttrs(s.attrs), Validators: s.object}
	case inDuration:
		return aschema.StringAttribute{CustomType: durationType{}, Required: s.required, Optional: opt, MarkdownDescription: s.actionText(), Validators: s.str}
	case inObjectList:
		return aschema.ListNestedAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.actionText(),
			NestedObject: aschema.NestedAttributeObject{Attributes: actionInputAttrs(s.attrs)}, Validators: s.list}
	}
	return aschema.StringAttribute{Required: s.required, Optional: opt, MarkdownDescription: s.actionText(), Validators: s.str}
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

// runProgressNote is the part of every run resource's documentation that
// says how to see a run's progress: Terraform shows only "Still creating..."
// while a resource waits; the provider logs the action's very lines at INFO
// (logProgress).
func runProgressNote[I, O any](rt *runType[I, O]) string {
	return fmt.Sprintf("\n\n**Seeing progress.** While apply waits, Terraform itself shows only `Still creating... [1m0s elapsed]`. "+
		"The provider writes one line each time the %[1]s changes (started, queued, a stage or step done, how it ended and how long it ran by the service's clock) "+
		"to its log at level INFO: run `TF_LOG_PROVIDER=INFO terraform apply` to see them among Terraform's output (on stderr), "+
		"or add `TF_LOG_PATH=apply.log` to collect them in a file (`grep 'provider.terraform-provider-cicd' apply.log`). "+
		"Each line names the %[1]s, e.g. `%[2]s`. "+
		"The `%[3]s_%[4]s` action (Terraform 1.14 or later) starts the same %[1]s and shows these lines in Terraform's own output.",
		rt.noun, rt.progressExample, providerTypeName, rt.name)
}

// runSafetyNotes is the part of every run resource's documentation that says
// what happens when an apply is interrupted or killed, and what an unclear
// start reply leads to.
func runSafetyNotes[I, O any](rt *runType[I, O]) string {
	noun := rt.noun
	imp := fmt.Sprintf("terraform import %s_%s.<name> <id>", providerTypeName, rt.name)
	stop := "the provider stops the %[1]s (`wait.stop_on_timeout`) and says so"
	if !rt.stoppable {
		stop = "the %[1]s keeps running (the API has no stop call) and the provider says so"
	}
	notes := fmt.Sprintf("\n\n**Interrupted or killed applies.** The %[1]s's id is saved in state as soon as the %[1]s starts, before waiting. "+
		"On Ctrl-C (SIGINT) "+stop+"; state keeps it, and the next apply replaces it. "+
		"If `terraform` itself is killed (SIGKILL, a CI job killed on timeout, a lost machine) while waiting, Terraform never writes what the provider returned: "+
		"the %[1]s keeps running on the service, state has no record of it, and a plain re-apply starts a second %[1]s. "+
		"To keep the first one, import it before applying again — `%[2]s`, with the id (%[3]s) from the service's history — "+
		"then the plan is an in-place update (inputs, `triggers` and `wait` are taken from the configuration) and the apply starts nothing.", noun, imp, rt.importID)
	if rt.find != nil {
		notes += fmt.Sprintf("\n\n**Unclear start replies.** When the start request gets no clear answer (no response, a gateway's error page, a reply without the %[1]s's id), "+
			"the provider never sends it again: it lists the %[1]ss started from two minutes before the request (service clocks differ), looking up to three times over a few seconds. "+
			"A single %[1]s started within seconds of the request, with no other in those two minutes, is adopted into state (a warning says so); "+
			"none at all means nothing started (apply again); otherwise the candidates are listed in the error, each with its `terraform import` command.", noun)
	} else {
		notes += fmt.Sprintf("\n\n**Unclear start replies.** When the start request gets no clear answer (no response, a gateway's error page, a reply without the %[1]s's id), "+
			"the provider never sends it again and says the %[1]s may have started: look for it in the service's history and import it if it is there.", noun)
	}
	return notes
}
