package simulator

import (
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/region"
	pipeline "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartspipeline/v2"
	pipem "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartspipeline/v2/model"
)

func sdkPtr[T any](v T) *T { return &v }

// TestPipelineV5AgainstSDK: the official SDK's typed client (AK/SK-signed,
// its own request models and response decoding) drives every v5 pipeline
// route: CreatePipelineNew, ShowPipelineDetail, UpdatePipelineInfo,
// CreatePipelineByTemplateId, DeletePipeline. A shape the simulator got
// wrong fails here.
func TestPipelineV5AgainstSDK(t *testing.T) {
	s, base := newTestServer(t, Options{})
	hc := config.DefaultHttpConfig().WithTimeout(10 * time.Second).WithRetries(0)
	cred, err := basic.NewCredentialsBuilder().WithAk(DemoAK).WithSk(DemoSK).WithProjectId(DemoIAMProjectID).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hcc, err := pipeline.CodeArtsPipelineClientBuilder().
		WithRegion(region.NewRegion(DemoRegion, base)).WithCredential(cred).WithHttpConfig(hc).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	c := pipeline.NewCodeArtsPipelineClient(hcc)
	proj := DemoCodeArtsProjectID

	dto := pipem.PipelineDto{Name: "sdk-pipeline", Description: sdkPtr("via the SDK"), IsPublish: false,
		Definition: `{"stages":[{"name":"Build","sequence":"0","jobs":[]}]}`,
		Sources: &[]pipem.CodeSource{{Type: sdkPtr("code"), Params: &pipem.CodeSourceParams{GitType: sdkPtr("codehub"),
			GitUrl: sdkPtr("https://codehub.example.com/a/b.git"), DefaultBranch: sdkPtr("main")}}},
		Variables: &[]pipem.CustomVariable{{Name: sdkPtr("env"), Sequence: sdkPtr(int32(1)), Type: sdkPtr("string"), Value: sdkPtr("dev")}},
		Schedules: &[]pipem.PipelineSchedule{{Type: sdkPtr("fixed"), Name: sdkPtr("nightly"), Enable: sdkPtr(true), DaysOfWeek: &[]int32{2, 3}}},
		Triggers: &[]pipem.PipelineTrigger{{GitUrl: sdkPtr("https://codehub.example.com/a/b.git"), GitType: sdkPtr("codehub"),
			Events: &[]pipem.CodeEvent{{Type: sdkPtr("push"), Enable: sdkPtr(true)}}}},
		ConcurrencyControl: &pipem.PipelineConcurrencyMgmt{ConcurrencyNumber: sdkPtr(int32(2)), ExceedAction: sdkPtr("ABORT"), Enable: sdkPtr(true)},
	}
	created, err := c.CreatePipelineNew(&pipem.CreatePipelineNewRequest{ProjectId: proj, Body: &dto})
	if err != nil || created.PipelineId == nil || len(*created.PipelineId) != 32 {
		t.Fatalf("CreatePipelineNew: %v %v", created, err)
	}
	id := *created.PipelineId

	d, err := c.ShowPipelineDetail(&pipem.ShowPipelineDetailRequest{ProjectId: proj, PipelineId: id})
	if err != nil {
		t.Fatalf("ShowPipelineDetail: %v", err)
	}
	switch {
	case d.Name == nil || *d.Name != "sdk-pipeline", d.Definition == nil || *d.Definition != dto.Definition,
		d.ManifestVersion == nil || *d.ManifestVersion != "3.0", d.CreateTime == nil || *d.CreateTime == 0,
		d.ProjectId == nil || *d.ProjectId != proj, d.IsCollect == nil:
		t.Fatalf("detail %v", d)
	case d.Sources == nil || len(*d.Sources) != 1 || (*d.Sources)[0].Params == nil || *(*d.Sources)[0].Params.DefaultBranch != "main":
		t.Fatalf("detail sources %v", d.Sources)
	case d.Variables == nil || len(*d.Variables) != 1 || *(*d.Variables)[0].Value != "dev":
		t.Fatalf("detail variables %v", d.Variables)
	case d.Schedules == nil || len(*d.Schedules) != 1 || (*d.Schedules)[0].Uuid == nil || (*d.Schedules)[0].DaysOfWeek == nil ||
		len(*(*d.Schedules)[0].DaysOfWeek) != 2:
		t.Fatalf("detail schedules %v", d.Schedules)
	case d.Triggers == nil || len(*d.Triggers) != 1 || (*d.Triggers)[0].HookId == nil || (*d.Triggers)[0].Events == nil:
		t.Fatalf("detail triggers %v", d.Triggers)
	}

	dto.Name = "sdk-pipeline-renamed"
	updated, err := c.UpdatePipelineInfo(&pipem.UpdatePipelineInfoRequest{ProjectId: proj, PipelineId: id, Body: &dto})
	if err != nil || updated.PipelineId == nil || *updated.PipelineId != id {
		t.Fatalf("UpdatePipelineInfo: %v %v", updated, err)
	}
	if p, _ := s.GetPipeline(id); p.Name != "sdk-pipeline-renamed" {
		t.Fatalf("name after the SDK's update: %q", p.Name)
	}

	tpl := s.AddTemplate(Template{Name: "sdk-template", Language: "go", Definition: `{"stages":[]}`})
	fromTpl, err := c.CreatePipelineByTemplateId(&pipem.CreatePipelineByTemplateIdRequest{ProjectId: proj, TemplateId: tpl.ID,
		Body: &pipem.PipelineByTemplateDto{Name: "sdk-from-template", IsPublish: false, Sources: []pipem.CodeSource{}}})
	if err != nil || fromTpl.PipelineId == nil || len(*fromTpl.PipelineId) != 32 {
		t.Fatalf("CreatePipelineByTemplateId: %v %v", fromTpl, err)
	}

	for _, pid := range []string{id, *fromTpl.PipelineId} {
		del, err := c.DeletePipeline(&pipem.DeletePipelineRequest{ProjectId: proj, PipelineId: pid})
		if err != nil || del.PipelineId == nil || *del.PipelineId != pid {
			t.Fatalf("DeletePipeline: %v %v", del, err)
		}
	}
	if _, ok := s.GetPipeline(id); ok {
		t.Fatal("pipeline still there after the SDK's delete")
	}
}
