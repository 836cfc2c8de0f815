package provider

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

// A CodeArts service that refuses a start (HTTP 4xx) says in its message
// which input it rejected: a parameter or variable by its quoted name, a
// list entry by its value, a request element by its index. When the
// message names inputs the user wrote, the diagnostic goes on them
// (attributeError), so Terraform points at the element.

// inputRef is one input the user wrote and the words a message naming it
// contains (all of them).
type inputRef struct {
	path  path.Path
	words []string
}

// inputRejected is a refused start whose message names inputs.
type inputRejected struct {
	err   error
	paths []path.Path
}

func (e *inputRejected) Error() string               { return e.err.Error() }
func (e *inputRejected) Unwrap() error               { return e.err }
func (e *inputRejected) AttributePaths() []path.Path { return e.paths }

// namingInputs returns err with the inputs its message names, when err is
// a CodeArts refusal (HTTP 4xx) that names any; otherwise err unchanged.
func namingInputs(err error, refs ...[]inputRef) error {
	var ae *codearts.APIError
	if err == nil || !errors.As(err, &ae) || ae.HTTPStatus < 400 || ae.HTTPStatus >= 500 || ae.Message == "" {
		return err
	}
	var paths []path.Path
	for _, group := range refs {
		for _, r := range group {
			all := true
			for _, w := range r.words {
				all = all && strings.Contains(ae.Message, w)
			}
			if all {
				paths = append(paths, r.path)
			}
		}
	}
	// A field named ("variables[1].name") is more precise than its element
	// ("variables[1]"), which the same words name too.
	var precise []path.Path
	for _, p := range paths {
		if !slices.ContainsFunc(paths, func(q path.Path) bool { return q.ParentPath().Equal(p) }) {
			precise = append(precise, p)
		}
	}
	if len(precise) == 0 {
		return err
	}
	return &inputRejected{err: err, paths: precise}
}

// mapKeyRefs: the keys of a map input, named quoted ("codeBranch").
func mapKeyRefs(root string, m types.Map) []inputRef {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	var out []inputRef
	for _, k := range sortedKeys(m.Elements()) {
		out = append(out, inputRef{path: path.Root(root).AtMapKey(k), words: []string{fmt.Sprintf("%q", k)}})
	}
	return out
}

// listValueRefs: the entries of a list of strings, named by the list's name
// and the quoted value ("choose_stages: ... \"deploy\"").
func listValueRefs(root string, l types.List) []inputRef {
	if l.IsNull() || l.IsUnknown() {
		return nil
	}
	var out []inputRef
	for i, e := range l.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			out = append(out, inputRef{path: path.Root(root).AtListIndex(i), words: []string{root, fmt.Sprintf("%q", s.ValueString())}})
		}
	}
	return out
}

// listIndexRefs: the first n elements of a list input that the request
// sends as the same list, in order, named by index ("sources[1]"), and
// their fields of the same names ("variables[1].name").
func listIndexRefs(root string, n int, fields ...string) []inputRef {
	out := make([]inputRef, 0, n*(1+len(fields)))
	for i := 0; i < n; i++ {
		at := fmt.Sprintf("%s[%d]", root, i)
		out = append(out, inputRef{path: path.Root(root).AtListIndex(i), words: []string{at}})
		for _, f := range fields {
			out = append(out, inputRef{path: path.Root(root).AtListIndex(i).AtName(f), words: []string{at + "." + f}})
		}
	}
	return out
}

// variableRefs: a template's or pipeline's variables, sent as the same
// list in order (CustomVariable).
func variableRefs(l types.List) []inputRef {
	return listIndexRefs("variables", listLen(l), "name", "type", "value", "description", "limits")
}

// listLen is the number of elements of a known list (0 otherwise).
func listLen(l types.List) int {
	if l.IsNull() || l.IsUnknown() {
		return 0
	}
	return len(l.Elements())
}
