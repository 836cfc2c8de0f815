//go:build generate

// Package tools pins the build-time tools of terraform-provider-cicd in their
// own module, so that they never leak into the provider's go.mod.
package tools

// `cd tools && go generate ./...` (the scaffolding's entry point) does what `make docs` does.
//go:generate ../scripts/docs.sh generate

import (
	// Documentation generation (make docs / make generate).
	_ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
)
