package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	buildm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartsbuild/v3/model"
	deploym "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartsdeploy/v2/model"
	pipem "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/codeartspipeline/v2/model"
	iamm "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/iam/v3/model"

	"github.com/cicdlabs/terraform-provider-cicd/internal/codearts"
)

// fill sets every exported field of v (a pointer) to a non-zero value of its
// type: strings "7", numbers 7, bools true, one element per slice and map.
// Strings hold a number so fields the docs and the SDK type differently
// (string vs integer) are still a value both readings share.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 6 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			fill(v.Field(i), depth+1)
			// A flag the SDK types as a string ("is_collect", "watched")
			// holds "true", as the service sends it.
			name := strings.Split(f.Tag.Get("json"), ",")[0]
			if strings.HasPrefix(name, "is_") || name == "watched" {
				fv := v.Field(i)
				if fv.Kind() == reflect.Pointer && fv.Elem().Kind() == reflect.String {
					fv.Elem().SetString("true")
				} else if fv.Kind() == reflect.String {
					fv.SetString("true")
				}
			}
		}
	case reflect.Slice:
		if depth > 6 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("7")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(7)
	case reflect.Interface:
		v.Set(reflect.ValueOf("7"))
	}
}

func filled[T any]() T {
	var m T
	fill(reflect.ValueOf(&m).Elem(), 0)
	return m
}

// compare checks that every key the SDK payload and our decoded value share
// carries the same value (scalars compared as text: "7" == 7), recursively.
// It returns how many keys were compared.
func compare(t *testing.T, where string, sdk, ours any) int {
	t.Helper()
	n := 0
	switch s := sdk.(type) {
	case map[string]any:
		o, ok := ours.(map[string]any)
		if !ok {
			t.Errorf("%s: SDK has an object, ours %T", where, ours)
			return 0
		}
		for k, sv := range s {
			if ov, ok := o[k]; ok {
				n += compare(t, where+"."+k, sv, ov)
			}
		}
	case []any:
		o, ok := ours.([]any)
		if !ok || len(o) != len(s) {
			t.Errorf("%s: SDK has %d items, ours %v", where, len(s), ours)
			return 0
		}
		for i := range s {
			n += compare(t, fmt.Sprintf("%s[%d]", where, i), s[i], o[i])
		}
	default:
		if ours == nil && sdk != nil {
			t.Errorf("%s: SDK %v, ours null", where, sdk)
		} else if fmt.Sprint(sdk) != fmt.Sprint(ours) {
			t.Errorf("%s: SDK %v, ours %v", where, sdk, ours)
		}
		n++
	}
	return n
}

func asJSONValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// serve answers every request with body (and X-Subject-Token for IAM).
func serve(t *testing.T, body any) string {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Subject-Token", "tok")
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func clientFor(t *testing.T, url string) *codearts.Client {
	t.Helper()
	c, err := codearts.New(codearts.Config{Region: "cn-north-4", AuthToken: "tok", ProjectID: "p", DomainID: "d",
		Endpoints: codearts.Endpoints{Pipeline: url, Build: url, Deploy: url, IAM: url}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestClientsDecodeFilledSDKModels feeds each response type the clients
// decode a payload marshalled from the SDK's own model with every field
// filled, and checks field by field that what the client kept equals what
// the SDK sent. Exceptions (no SDK model) are named in sdkExceptions.
func TestClientsDecodeFilledSDKModels(t *testing.T) {
	ctx := context.Background()
	ref := codearts.StepRef{ProjectID: "p", PipelineID: "q", PipelineRunID: "r", JobRunID: "j", StepRunID: "s"}
	runDetail := filled[pipem.ShowPipelineRunDetailResponse]()
	for _, tc := range []struct {
		name string
		sdk  any
		// decode calls the client and returns what it kept, as the JSON of
		// the part that corresponds to sdkPart.
		decode  func(c *codearts.Client) (any, error)
		sdkPart func(v any) any
		min     int // at least this many fields compared
	}{
		// Asked for the run the filled model is about: the client refuses a
		// detail about another run than the one it asked for.
		{"ShowPipelineRunDetailResponse", runDetail,
			func(c *codearts.Client) (any, error) { return c.GetPipelineRun(ctx, "p", "q", *runDetail.Id) }, nil, 40},
		{"ListPipelineRunsResponse", filled[pipem.ListPipelineRunsResponse](),
			func(c *codearts.Client) (any, error) {
				runs, _, err := c.ListPipelineRuns(ctx, "p", "q", codearts.PipelineRunFilter{}, 1)
				return runs, err
			}, func(v any) any { return v.(map[string]any)["pipeline_runs"] }, 20},
		{"ShowPipelineLogResponse", filled[pipem.ShowPipelineLogResponse](),
			func(c *codearts.Client) (any, error) { return c.GetStepLogPage(ctx, ref, 0, 10) }, nil, 5},
		{"ListPipelineSimpleInfoResponse", filled[pipem.ListPipelineSimpleInfoResponse](),
			func(c *codearts.Client) (any, error) {
				rows, _, err := c.ListPipelines(ctx, codearts.PipelineFilter{}, 1)
				return rows, err
			}, func(v any) any { return v.(map[string]any)["result"] }, 10},
		{"ShowInstanceStatusResponse", filled[pipem.ShowInstanceStatusResponse](),
			func(c *codearts.Client) (any, error) { return c.GetTemplateTaskStatus(ctx, "t") }, nil, 4},
		{"ShowPipelineTemplateDetailResponse", filled[pipem.ShowPipelineTemplateDetailResponse](),
			func(c *codearts.Client) (any, error) { return c.GetTemplate(ctx, "t") }, nil, 15},
		{"ListPipelineTemplatesResponse", filled[pipem.ListPipelineTemplatesResponse](),
			func(c *codearts.Client) (any, error) {
				rows, _, err := c.ListTemplates(ctx, codearts.TemplateFilter{}, 1)
				return rows, err
			}, func(v any) any { return v.(map[string]any)["templates"] }, 12},
		{"RunJobResponse", filled[buildm.RunJobResponse](),
			func(c *codearts.Client) (any, error) { return c.RunBuild(ctx, codearts.RunBuildRequest{JobID: "j"}) }, nil, 3},
		{"ShowJobBuildRecordDetailResponse (v1)", filled[buildm.ShowJobBuildRecordDetailResponse](),
			func(c *codearts.Client) (any, error) { return c.GetBuildRecord(ctx, "j", 7) },
			func(v any) any { return v.(map[string]any)["result"] }, 30},
		{"ShowListHistoryResponse", filled[buildm.ShowListHistoryResponse](),
			func(c *codearts.Client) (any, error) {
				rows, _, err := c.ListBuildHistory(ctx, "j", 1, nil)
				return rows, err
			}, func(v any) any { return v.(map[string]any)["history_records"] }, 6},
		{"StartDeployTaskResponse", filled[deploym.StartDeployTaskResponse](),
			func(c *codearts.Client) (any, error) { return c.StartDeploy(ctx, "t", codearts.StartDeployRequest{}) }, nil, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := clientFor(t, serve(t, tc.sdk))
			got, err := tc.decode(c)
			if err != nil {
				t.Fatalf("client could not decode the SDK model's payload: %v", err)
			}
			sdk := asJSONValue(t, tc.sdk)
			if tc.sdkPart != nil {
				sdk = tc.sdkPart(sdk)
			}
			if n := compare(t, tc.name, sdk, asJSONValue(t, got)); n < tc.min {
				t.Errorf("only %d fields compared, want at least %d", n, tc.min)
			} else {
				t.Logf("%s: %d fields equal", tc.name, n)
			}
		})
	}
}

// IAM: the token, project and domain responses decode into what the client
// uses (project and domain ids learnt from them).
func TestClientDecodesFilledIAMModels(t *testing.T) {
	tok := filled[iamm.KeystoneCreateUserTokenByPasswordResponse]()
	tok.Token.ExpiresAt = "2099-01-01T00:00:00.000000Z"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Subject-Token", "tok")
		var b []byte
		switch {
		case strings.HasSuffix(r.URL.Path, "/auth/tokens"):
			b, _ = json.Marshal(tok)
		default:
			b, _ = json.Marshal(filled[pipem.ListPipelineSimpleInfoResponse]())
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	c, err := codearts.New(codearts.Config{Region: "7", UserName: "u", Password: "p", DomainName: "d",
		Endpoints: codearts.Endpoints{IAM: srv.URL, Pipeline: srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.ProjectID(context.Background())
	if err != nil || p != tok.Token.Project.Id {
		t.Fatalf("project %q (SDK %q): %v", p, tok.Token.Project.Id, err)
	}
	d, err := c.DomainID(context.Background())
	if err != nil || d != tok.Token.User.Domain.Id {
		t.Fatalf("domain %q (SDK %q): %v", d, tok.Token.User.Domain.Id, err)
	}

	projects := filled[iamm.KeystoneListProjectsResponse]()
	(*projects.Projects)[0].Name = "7"
	c = clientWithAKSK(t, serve(t, projects))
	if p, err := c.ProjectID(context.Background()); err != nil || p != (*projects.Projects)[0].Id {
		t.Fatalf("projects: %q %v", p, err)
	}
	domains := filled[iamm.KeystoneListAuthDomainsResponse]()
	c = clientWithAKSK(t, serve(t, domains))
	if d, err := c.DomainID(context.Background()); err != nil || d != "7" {
		t.Fatalf("domains: %q %v", d, err)
	}
}

func clientWithAKSK(t *testing.T, url string) *codearts.Client {
	t.Helper()
	c, err := codearts.New(codearts.Config{Region: "7", AccessKey: "AK", SecretKey: "SK",
		Endpoints: codearts.Endpoints{IAM: url, Pipeline: url, Build: url, Deploy: url}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The v3 record (ShowRecordInfoResponse, read where the gateway has no v1
// endpoint), the build-info (ShowBuildDetailsResponse) and the dated history
// (ShowListPeriodHistoryResponse) decode from filled SDK models too.
func TestClientsDecodeFilledBuildModels(t *testing.T) {
	ctx := context.Background()
	v3, info, period := filled[buildm.ShowRecordInfoResponse](), filled[buildm.ShowBuildDetailsResponse](), filled[buildm.ShowListPeriodHistoryResponse]()
	v3.ErrCode, v3.Message = nil, nil // a success body carries no error code
	hist := buildm.ShowListHistoryResponse{HistoryRecords: &[]buildm.HistoryRecord{}, Total: ptr(int32(0))}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b []byte
		switch p := r.URL.Path; {
		case strings.HasPrefix(p, "/v1/record/"):
			w.WriteHeader(http.StatusNotFound)
			b = []byte(`{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}`)
		case strings.HasSuffix(p, "/record-info"):
			b, _ = json.Marshal(v3)
		case strings.HasSuffix(p, "/build-info"):
			b, _ = json.Marshal(info)
		case strings.HasSuffix(p, "/period-history"):
			b, _ = json.Marshal(period)
		default:
			b, _ = json.Marshal(hist)
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	c := clientFor(t, srv.URL)
	rec, err := c.GetBuildRecord(ctx, "j", 7)
	if err != nil {
		t.Fatal(err)
	}
	if n := compare(t, "ShowRecordInfoResponse", asJSONValue(t, v3).(map[string]any)["result"], asJSONValue(t, rec)); n < 30 {
		t.Errorf("v3 record: %d fields compared", n)
	}
	bi, err := c.GetBuildInfo(ctx, "j", 7)
	if err != nil || bi == nil {
		t.Fatalf("build-info: %v", err)
	}
	rows, _, err := c.ListBuildHistory(ctx, "j", 1, nil)
	if err != nil || len(rows) != 1 {
		t.Fatalf("period history: %v %v", rows, err)
	}
	if n := compare(t, "ShowListPeriodHistoryResponse", asJSONValue(t, period).(map[string]any)["history_records"], asJSONValue(t, rows)); n < 6 {
		t.Errorf("period history: %d fields compared", n)
	}
}
