package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every list resource has its page under docs/list-resources and a
// "List resource" section on its resource's page that links there; every
// resource with an identity shows an import block with `identity = {` and
// its identity schema.
func TestDocsListResourcesAndIdentity(t *testing.T) {
	p := New("test")()
	page := func(kind, name string) string {
		b, err := os.ReadFile(filepath.Join("..", "..", "docs", kind, strings.TrimPrefix(name, providerTypeName+"_")+".md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, f := range p.(*cicdProvider).ListResources(context.Background()) {
		var md resource.MetadataResponse
		f().Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		short := strings.TrimPrefix(md.TypeName, providerTypeName+"_")
		if !strings.Contains(page("list-resources", md.TypeName), "(List Resource)") {
			t.Errorf("docs/list-resources/%s.md is not the list resource's page", short)
		}
		if res := page("resources", md.TypeName); !strings.Contains(res, "## List resource") || !strings.Contains(res, "(../list-resources/"+short+".md)") {
			t.Errorf("docs/resources/%s.md has no \"List resource\" section linking to ../list-resources/%s.md", short, short)
		}
	}
	for _, f := range p.Resources(context.Background()) {
		r := f()
		if _, ok := r.(resource.ResourceWithIdentity); !ok {
			continue
		}
		var md resource.MetadataResponse
		r.Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: providerTypeName}, &md)
		if res := page("resources", md.TypeName); !strings.Contains(res, "identity = {") || !strings.Contains(res, "### Identity Schema") {
			t.Errorf("docs/resources/%s.md has no identity import block or identity schema", strings.TrimPrefix(md.TypeName, providerTypeName+"_"))
		}
	}
}
