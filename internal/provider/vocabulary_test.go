package provider

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The provider's vocabulary (docs/design/vocabulary.md): every concept that
// several run types share has one name and one type. TestRunVocabulary walks
// the schema of every run type and fails on an attribute that uses another
// name for a concept, or the concept's name with another type.

type vocabConcept struct {
	concept string
	name    string
	typ     tftypes.Type
	// aliases are names that mean the same thing; none may appear.
	aliases []string
}

var stringMap = tftypes.Map{ElementType: tftypes.String}

var runVocabulary = []vocabConcept{
	{"status", "status", tftypes.String, []string{"result", "run_status", "build_status", "build_result", "record_status"}},
	{"start time", "start_time", tftypes.String, []string{"started_at", "start_at", "begin_time", "started_time"}},
	{"end time", "end_time", tftypes.String, []string{"finish_time", "finished_at", "finished_time", "end_at", "stop_time", "finish_at"}},
	{"duration", "duration", tftypes.String, []string{"elapsed_time", "elapsed", "duration_ms", "build_duration", "run_duration"}},
	{"inputs", "parameters", stringMap, []string{"params", "variables", "parameter", "build_parameters", "run_variables"}},
	{"secret inputs", "secret_parameters", stringMap, []string{"secret_params", "secret_variables"}},
	{"write-only secret inputs", "secret_parameters_wo", stringMap, []string{"secret_params_wo", "secret_variables_wo"}},
	{"write-only secret inputs' version", "secret_parameters_wo_version", tftypes.Number, []string{"secret_params_wo_version", "secret_variables_wo_version"}},
	{"build number", "build_no", tftypes.Number, []string{"build_number", "actual_build_number", "build_num"}},
	{"daily build number", "daily_build_number", tftypes.String, []string{"daily_build_num", "daily_build_no"}},
	{"pipeline run number", "run_number", tftypes.Number, []string{"run_no", "pipeline_run_number"}},
}

// runTypeNames are the run types: resources and actions of the same name.
var runTypeNames = []string{"cicd_codearts_build_run", "cicd_codearts_deploy_run", "cicd_codearts_pipeline_run", "cicd_rainbond_component_build"}

// runDataSources are the data sources that describe runs, with the paths
// of their run objects ("" is the data source itself).
var runDataSources = map[string][]string{
	"cicd_codearts_build_record":     {""},
	"cicd_codearts_build_records":    {"records"},
	"cicd_codearts_pipeline_runs":    {"runs", "latest"},
	"cicd_codearts_pipeline":         {"latest_run"},
	"cicd_rainbond_component_events": {"events"},
}

// runObjectConcepts every run object has (a resource's outputs, a data
// source's run); actions have no outputs.
var runObjectConcepts = []string{"status", "start_time", "end_time", "duration"}

// runInputTypes take inputs (Rainbond's build call has none).
var runInputTypes = []string{"cicd_codearts_build_run", "cicd_codearts_deploy_run", "cicd_codearts_pipeline_run"}

func TestRunVocabulary(t *testing.T) {
	srv, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasErrors(sch.Diagnostics) {
		t.Fatalf("GetProviderSchema: %v %v", err, sch.Diagnostics)
	}
	type schemaOf struct {
		kind, name string
		block      *tfprotov6.SchemaBlock
	}
	var walked []schemaOf
	for _, n := range runTypeNames {
		r, ok := sch.ResourceSchemas[n]
		if !ok {
			t.Fatalf("no resource %s", n)
		}
		walked = append(walked, schemaOf{"resource", n, r.Block})
		a, ok := sch.ActionSchemas[n]
		if !ok {
			t.Fatalf("no action %s", n)
		}
		walked = append(walked, schemaOf{"action", n, a.Schema.Block})
	}
	for n := range runDataSources {
		d, ok := sch.DataSourceSchemas[n]
		if !ok {
			t.Fatalf("no data source %s", n)
		}
		walked = append(walked, schemaOf{"data source", n, d.Block})
	}
	byName, byAlias := map[string]vocabConcept{}, map[string]vocabConcept{}
	for _, c := range runVocabulary {
		byName[c.name] = c
		for _, a := range c.aliases {
			byAlias[a] = c
		}
	}

	var problems []string
	for _, s := range walked {
		attrs := map[string]tftypes.Type{} // path -> type
		collectAttributes("", s.block, attrs)
		for _, p := range sortedKeys(attrs) {
			name := p[strings.LastIndex(p, ".")+1:]
			if c, ok := byAlias[name]; ok {
				problems = append(problems, fmt.Sprintf("%s %s: attribute %s names the %s; call it %s (%s)", s.kind, s.name, p, c.concept, c.name, typeWord(c.typ)))
			}
			if c, ok := byName[name]; ok && !attrs[p].Equal(c.typ) {
				problems = append(problems, fmt.Sprintf("%s %s: attribute %s is %s; the %s is %s", s.kind, s.name, p, typeWord(attrs[p]), c.concept, typeWord(c.typ)))
			}
		}
		var objects []string
		switch s.kind {
		case "resource":
			objects = []string{""}
		case "data source":
			objects = runDataSources[s.name]
		}
		for _, obj := range objects {
			for _, want := range runObjectConcepts {
				p := want
				if obj != "" {
					p = obj + "." + want
				}
				if _, ok := attrs[p]; !ok {
					problems = append(problems, fmt.Sprintf("%s %s: no attribute %s (every run has %s, %s)", s.kind, s.name, p, want, typeWord(byName[want].typ)))
				}
			}
		}
		if s.kind != "data source" && slices.Contains(runInputTypes, s.name) {
			if _, ok := attrs["parameters"]; !ok {
				problems = append(problems, fmt.Sprintf("%s %s: no attribute parameters (a run's inputs are parameters, a map of strings)", s.kind, s.name))
			}
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}

	// The design table names every concept.
	doc, err := os.ReadFile("../../docs/design/vocabulary.md")
	if err != nil {
		t.Fatalf("the vocabulary table: %v", err)
	}
	for _, c := range runVocabulary {
		if !strings.Contains(string(doc), "`"+c.name+"`") {
			t.Errorf("docs/design/vocabulary.md does not name %s (`%s`)", c.concept, c.name)
		}
	}
}

// collectAttributes records every attribute of a block, nested attributes
// and nested blocks included, by dotted path (list elements are not
// indexed: "steps.duration").
func collectAttributes(prefix string, b *tfprotov6.SchemaBlock, out map[string]tftypes.Type) {
	if b == nil {
		return
	}
	for _, a := range b.Attributes {
		collectAttribute(prefix, a, out)
	}
	for _, nb := range b.BlockTypes {
		collectAttributes(prefix+nb.TypeName+".", nb.Block, out)
	}
}

func collectAttribute(prefix string, a *tfprotov6.SchemaAttribute, out map[string]tftypes.Type) {
	p := prefix + a.Name
	if a.NestedType != nil {
		out[p] = a.NestedType.ValueType()
		for _, na := range a.NestedType.Attributes {
			collectAttribute(p+".", na, out)
		}
		return
	}
	out[p] = a.Type
}

// typeWords name the types the vocabulary uses, as a sentence says them.
var typeWords = []struct {
	t    tftypes.Type
	word string
}{{tftypes.String, "a string"}, {tftypes.Number, "a number"}, {tftypes.Bool, "a bool"}, {stringMap, "a map of strings"}}

func typeWord(t tftypes.Type) string {
	if t == nil {
		return "untyped"
	}
	for _, w := range typeWords {
		if t.Equal(w.t) {
			return w.word
		}
	}
	return t.String()
}
