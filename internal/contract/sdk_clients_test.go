package contract

import (
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/global"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	build "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartsbuild/v3"
	deploy "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartsdeploy/v2"
	pipeline "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartspipeline/v2"
	iam "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3"

	"github.com/cicdlabs/terraform-provider-cicd/internal/simulator"
)

// sdkClients are the SDK's typed clients, AK/SK-signed with the demo key,
// pointed at one simulator.
type sdkClients struct {
	sim      *simulator.Server
	pipeline *pipeline.CodeArtsPipelineClient
	build    *build.CodeArtsBuildClient
	deploy   *deploy.CodeArtsDeployClient
	iam      *iam.IamClient
}

func newSDKClients(t *testing.T) *sdkClients {
	t.Helper()
	sim := simulator.New(simulator.Options{})
	base := sim.Start()
	t.Cleanup(sim.Close)
	hc := config.DefaultHttpConfig().WithIgnoreSSLVerification(true).WithTimeout(10 * time.Second).WithRetries(0)
	reg := region.NewRegion(simulator.DemoRegion, base)
	cred, err := basic.NewCredentialsBuilder().WithAk(simulator.DemoAK).WithSk(simulator.DemoSK).
		WithProjectId(simulator.DemoIAMProjectID).SafeBuild()
	must(t, err)
	gcred, err := global.NewCredentialsBuilder().WithAk(simulator.DemoAK).WithSk(simulator.DemoSK).
		WithDomainId(simulator.DemoDomainID).SafeBuild()
	must(t, err)
	pc, err := pipeline.CodeArtsPipelineClientBuilder().WithRegion(reg).WithCredential(cred).WithHttpConfig(hc).SafeBuild()
	must(t, err)
	bc, err := build.CodeArtsBuildClientBuilder().WithRegion(reg).WithCredential(cred).WithHttpConfig(hc).SafeBuild()
	must(t, err)
	dc, err := deploy.CodeArtsDeployClientBuilder().WithRegion(reg).WithCredential(cred).WithHttpConfig(hc).SafeBuild()
	must(t, err)
	ic, err := iam.IamClientBuilder().WithRegion(reg).WithCredential(gcred).WithHttpConfig(hc).SafeBuild()
	must(t, err)
	return &sdkClients{sim: sim, pipeline: pipeline.NewCodeArtsPipelineClient(pc), build: build.NewCodeArtsBuildClient(bc),
		deploy: deploy.NewCodeArtsDeployClient(dc), iam: iam.NewIamClient(ic)}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
