// Package deps pins module requirements while the tree is being built. Temporary.
package deps

import (
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	_ "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	_ "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	_ "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	_ "github.com/hashicorp/terraform-plugin-framework/providerserver"
	_ "github.com/hashicorp/terraform-plugin-go/tfprotov6"
	_ "github.com/hashicorp/terraform-plugin-log/tflog"
	_ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	_ "github.com/hashicorp/terraform-plugin-testing/tfversion"
	_ "github.com/hashicorp/terraform-plugin-testing/statecheck"
	_ "github.com/hashicorp/terraform-plugin-testing/plancheck"
	_ "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	_ "github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)
