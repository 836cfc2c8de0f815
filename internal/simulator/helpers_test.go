package simulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

// newTestServer starts a simulator on a real port and closes it with the test.
func newTestServer(t *testing.T, opts Options) (*Server, string) {
	t.Helper()
	s := New(opts)
	base := s.Start()
	t.Cleanup(s.Close)
	return s, base
}

// freshClient returns a client that never reuses connections, so one request
// is one connection (important for connection-reset faults).
func freshClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

type signOpts struct {
	ak, sk     string
	date       time.Time
	projectID  string // X-Project-Id; "-" = omit
	signHost   bool
	query      url.Values
	extraHeads map[string]string
}

// signedRequest builds a request exactly as a client using Huawei's official
// signer would: a request.DefaultHttpRequest signed with signer.Sign and
// converted with ConvertRequest.
func signedRequest(t *testing.T, method, baseURL, path, body string, o signOpts) *http.Request {
	t.Helper()
	if o.ak == "" {
		o.ak = DemoAK
	}
	if o.sk == "" {
		o.sk = DemoSK
	}
	if o.date.IsZero() {
		o.date = time.Now()
	}
	b := request.NewHttpRequestBuilder().WithEndpoint(baseURL).WithPath(path).WithMethod(method)
	for k, vs := range o.query {
		b.AddQueryParam(k, reflect.ValueOf(vs))
	}
	b.AddHeaderParam("Content-Type", "application/json;charset=UTF-8")
	switch o.projectID {
	case "-":
	case "":
		b.AddHeaderParam("X-Project-Id", DemoIAMProjectID)
	default:
		b.AddHeaderParam("X-Project-Id", o.projectID)
	}
	if o.signHost {
		u, _ := url.Parse(baseURL)
		b.AddHeaderParam("Host", u.Host)
	}
	for k, v := range o.extraHeads {
		b.AddHeaderParam(k, v)
	}
	b.AddHeaderParam(signer.HeaderXDate, o.date.UTC().Format(signer.BasicDateFormat))
	if body != "" {
		b.WithBody("", body)
	}
	req := b.Build()
	extra, err := signer.Sign(req, o.ak, o.sk)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	for k, v := range extra {
		req.AddHeaderParam(k, v)
	}
	hr, err := req.ConvertRequest()
	if err != nil {
		t.Fatalf("convert: %v", err)
	}
	return hr
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp, body
}

func decodeMap(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

// issueToken gets an IAM token with the demo password credentials.
func issueToken(t *testing.T, base string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/v3/auth/tokens", strings.NewReader(passwordBody(DemoUserName, DemoPassword, DemoDomainName, `{"name":"`+DemoRegion+`"}`)))
	req.Header.Set("Content-Type", "application/json;charset=utf8")
	resp, body := do(t, nil, req)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("token issue: %d %s", resp.StatusCode, body)
	}
	tok := resp.Header.Get("X-Subject-Token")
	if tok == "" {
		t.Fatal("no X-Subject-Token")
	}
	return tok
}

func passwordBody(user, pw, domain, projectScope string) string {
	return `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"` + user + `","password":"` + pw +
		`","domain":{"name":"` + domain + `"}}}},"scope":{"project":` + projectScope + `}}}`
}

// tokenRequest builds a request authenticated with X-Auth-Token.
func tokenReq(t *testing.T, method, url, token, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("X-Auth-Token", token)
	return req
}

func nopBody(s string) io.ReadCloser { return io.NopCloser(strings.NewReader(s)) }

// equalJSON compares two values after a JSON round trip.
func equalJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}
