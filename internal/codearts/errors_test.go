package codearts

import "testing"

func TestDecodeErrorShapes(t *testing.T) {
	cases := []struct {
		name     string
		body     string
		envelope bool
		code     string
		msg      string
		found    bool
	}{
		{"pipeline error_code", `{"error_code":"DEVPIPE.00011401","error_msg":"pipeline not found"}`, false, "DEVPIPE.00011401", "pipeline not found", true},
		{"nested error", `{"error":{"code":"DEVPIPE.00011203","message":"template not found"}}`, false, "DEVPIPE.00011203", "template not found", true},
		{"IAM numeric code", `{"error":{"code":401,"message":"The username or password is wrong.","title":"Unauthorized"}}`, false, "401", "The username or password is wrong.", true},
		{"APIG with request id", `{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information","request_id":"r-1"}`, false, "APIGW.0301", "Incorrect IAM authentication information", true},
		{"record-info success false", `{"success":false,"err_code":"DEVCB.00031006","message":"job not found","result":null}`, false, "DEVCB.00031006", "job not found", true},
		{"v1 envelope with nested code", `{"status":"fail","error":{"error_code":"CB.00060200","error_msg":"build 3 is not running"},"result":null}`, true, "CB.00060200", "build 3 is not running", true},
		{"deploy envelope error", `{"status":"error","error":"Deploy.00011303 record params not found"}`, true, "", "Deploy.00011303 record params not found", true},
		{"run status is not an error", `{"status":"FAILED","pipeline_id":"p"}`, false, "", "", false},
		{"envelope success", `{"status":"success","result":{"state":"running"}}`, true, "", "", false},
		{"null error_code on success", `{"error_code":null,"error_msg":null,"result":[]}`, false, "", "", false},
		{"empty error_code on success", `{"error_code":"","result":[]}`, false, "", "", false},
		{"record-info success true", `{"success":true,"result":{"build_no":532}}`, false, "", "", false},
		{"not JSON", `<html>bad gateway</html>`, false, "", "", false},
		{"array body", `[{"error_code":"X"}]`, false, "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, msg, _, found := decodeError([]byte(tc.body), tc.envelope)
			if code != tc.code || msg != tc.msg || found != tc.found {
				t.Fatalf("decodeError = (%q, %q, %v), want (%q, %q, %v)", code, msg, found, tc.code, tc.msg, tc.found)
			}
		})
	}
}

func TestDefaultEndpoints(t *testing.T) {
	cases := map[string]string{
		DefaultEndpoint(ServicePipeline, "cn-north-4"): "https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com",
		DefaultEndpoint(ServicePipeline, "tr-west-1"):  "https://pipeline-external.tr-west-1.myhuaweicloud.com",
		DefaultEndpoint(ServicePipeline, "la-south-2"): "https://pipeline-external.la-south-2.myhuaweicloud.com",
		DefaultEndpoint(ServicePipeline, "me-east-1"):  "https://pipeline.me-east-1.myhuaweicloud.com",
		DefaultEndpoint(ServicePipeline, "af-south-1"): "https://pipeline.af-south-1.myhuaweicloud.com",
		DefaultEndpoint(ServiceBuild, "cn-south-1"):    "https://cloudbuild-ext.cn-south-1.myhuaweicloud.com",
		DefaultEndpoint(ServiceDeploy, "cn-east-3"):    "https://codearts-deploy.cn-east-3.myhuaweicloud.com",
		DefaultEndpoint(ServiceIAM, "ap-southeast-3"):  "https://iam.ap-southeast-3.myhuaweicloud.com",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("endpoint %q, want %q", got, want)
		}
	}
	cfg := Config{Region: "cn-north-4", Endpoints: Endpoints{Build: "http://gw.local:8080/"}}
	if got := cfg.endpoint(ServiceBuild); got != "http://gw.local:8080" {
		t.Errorf("override: %q", got)
	}
	if got := cfg.endpoint(ServiceDeploy); got != "https://codearts-deploy.cn-north-4.myhuaweicloud.com" {
		t.Errorf("default beside override: %q", got)
	}
}

func TestNewRejectsIncompleteAuth(t *testing.T) {
	cases := map[string]Config{
		"no auth":         {Region: "cn-north-4"},
		"AK without SK":   {Region: "cn-north-4", AccessKey: "AK"},
		"password no dom": {Region: "cn-north-4", UserName: "u", Password: "p"},
		"no region":       {AuthToken: "t"},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted an incomplete configuration", name)
		}
	}
	if _, err := New(Config{Region: "cn-north-4", AuthToken: "tok"}); err != nil {
		t.Errorf("token config rejected: %v", err)
	}
}
