// Command terraform-provider-cicd is the Terraform provider for CodeArts and Rainbond CI/CD.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/cicdlabs/terraform-provider-cicd/internal/provider"
	"github.com/cicdlabs/terraform-provider-cicd/internal/run"
)

// version is set by the release build (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	if !debug {
		quietLogsTerraformDrops(os.Getenv, os.Setenv)
	}
	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/cicdlabs/cicd",
		Debug:   debug,
	})
	// Terraform has shut the plugin down; finish stopping an interrupted run
	// and report it before exiting (run.Drain).
	run.Drain(drainAtExit)
	if err != nil {
		log.Fatal(err.Error())
	}
}

// drainAtExit stays under the 2s go-plugin's client waits for a plugin to
// exit gracefully before it kills it.
const drainAtExit = 1800 * time.Millisecond

// Terraform shows a provider's log lines only when TF_LOG or TF_LOG_PROVIDER
// is set (otherwise its provider logger is off; TF_TEMP_LOG_PATH adds a sink
// that sees everything). The plugin SDK does not know that: by default it
// logs every gRPC call and framework step at TRACE, formatting each line as
// JSON on stderr, and Terraform parses and drops every one. For 600
// resources that was about 40% of the provider's CPU and a similar share of
// Terraform's (make bench-scale). So when Terraform will drop them, these
// loggers are turned off, unless the variable is already set.
var quietWhenDropped = []string{
	"TF_LOG_SDK",           // SDK root logger (terraform-plugin-go)
	"TF_LOG_SDK_PROTO",     // gRPC request/response logs
	"TF_LOG_SDK_FRAMEWORK", // terraform-plugin-framework
	"TF_LOG_PROVIDER_CICD", // this provider's own tflog calls and subsystems
}

// logShownBy are the variables that make Terraform show provider logs.
var logShownBy = []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_TEMP_LOG_PATH"}

func quietLogsTerraformDrops(getenv func(string) string, setenv func(string, string) error) {
	for _, v := range logShownBy {
		if getenv(v) != "" {
			return
		}
	}
	for _, v := range quietWhenDropped {
		if getenv(v) == "" {
			_ = setenv(v, "OFF")
		}
	}
}
