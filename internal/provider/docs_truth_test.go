package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// An action stores nothing and has no triggers: its page must not talk about
// Terraform state, refresh, import, replacement or tainting. Example code
// (fenced blocks) is left out: an example may show a resource whose
// lifecycle triggers the action.
var actionPageForbidden = regexp.MustCompile(`(?i)\b(triggers|state|refresh(es|ed)?|import(s|ed|ing)?|replaced|tainted)\b`)

// docsProse returns the lines of a generated page outside fenced code
// blocks, with their 1-based line numbers.
func docsProse(t *testing.T, file string) (lines []string, numbers []int) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fenced := false
	for i, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			lines, numbers = append(lines, l), append(numbers, i+1)
		}
	}
	return lines, numbers
}

func TestDocsActionPagesHaveNoResourceText(t *testing.T) {
	p := New("test")().(provider.ProviderWithActions)
	actions := p.Actions(context.Background())
	if len(actions) == 0 {
		t.Fatal("the provider lists no actions")
	}
	for _, f := range actions {
		var md action.MetadataResponse
		f().Metadata(context.Background(), action.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		file := filepath.Join("..", "..", "docs", "actions", strings.TrimPrefix(md.TypeName, providerTypeName+"_")+".md")
		lines, numbers := docsProse(t, file)
		for i, l := range lines {
			if m := actionPageForbidden.FindString(l); m != "" {
				t.Errorf("%s:%d: an action page mentions %q (actions have no state, refresh, import or triggers): %s", file, numbers[i], m, l)
			}
		}
	}
}

// A resource page documents import exactly when the resource implements
// ImportState: "Import is supported" and a `terraform import` command, or
// else that it cannot be imported.
func TestDocsImportSectionsMatchImportState(t *testing.T) {
	for _, f := range New("test")().Resources(context.Background()) {
		r := f()
		var md resource.MetadataResponse
		r.Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		file := filepath.Join("..", "..", "docs", "resources", strings.TrimPrefix(md.TypeName, providerTypeName+"_")+".md")
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		_, importable := r.(resource.ResourceWithImportState)
		supported := strings.Contains(page, "Import is supported")
		command := strings.Contains(page, "\nterraform import "+md.TypeName+".")
		cannot := strings.Contains(page, "cannot be imported")
		switch {
		case importable && (!supported || !command):
			t.Errorf("%s: %s implements ImportState, but its page has no import section with a `terraform import %s.<name> <id>` command", file, md.TypeName, md.TypeName)
		case importable && cannot:
			t.Errorf("%s: %s implements ImportState, but its page says it cannot be imported", file, md.TypeName)
		case !importable && (supported || command):
			for i, l := range strings.Split(page, "\n") {
				if strings.Contains(l, "Import is supported") || strings.HasPrefix(l, "terraform import") {
					t.Errorf("%s:%d: %s does not implement ImportState, but its page says: %s", file, i+1, md.TypeName, l)
				}
			}
		case !importable && !cannot:
			t.Errorf("%s: %s does not implement ImportState; its page must say it cannot be imported", file, md.TypeName)
		}
	}
}
