// Command terraform-provider-cicd is the Terraform provider for CodeArts and Rainbond CI/CD.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cicdlabs/terraform-provider-cicd/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/cicdlabs/cicd",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
