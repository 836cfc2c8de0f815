package rainbond

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const testToken = "414652b3e328d962b54912622ebb4d2de373d402"

var testRef = ComponentRef{TeamID: "1fb050582989830a6b3b6514dfadef86", RegionName: "rainbond", AppID: 7, ServiceID: "gr0f0fd07"}

const buildPath = "/openapi/v1/teams/1fb050582989830a6b3b6514dfadef86/regions/rainbond/apps/7/services/gr0f0fd07/build"

// testClient starts h on httptest and returns a client with fast retries.
func testClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Config{URL: srv.URL, Token: testToken, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// reply answers every request with status and body, counting requests.
func reply(status int, body string, n *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if n != nil {
			n.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func TestBuildComponentSendsOnlySetFields(t *testing.T) {
	var got map[string]any
	var auth, path string
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		auth, path = r.Header.Get("Authorization"), r.URL.Path
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("body %q: %v", b, err)
		}
		_, _ = io.WriteString(w, `{"event_id": "5821167607ec460b89b326084fb3d1e0"}`)
	})
	id, err := c.BuildComponent(context.Background(), testRef, BuildRequest{RepoURL: "https://git.example.com/a.git", Branch: "dev", Password: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	if id != "5821167607ec460b89b326084fb3d1e0" {
		t.Errorf("event id %q", id)
	}
	if auth != testToken {
		t.Errorf("Authorization %q, want the raw token", auth)
	}
	if path != buildPath {
		t.Errorf("path %s", path)
	}
	want := map[string]any{"repo_url": "https://git.example.com/a.git", "branch": "dev", "password": "s3cret"}
	if len(got) != len(want) {
		t.Errorf("body %v: unset fields must be omitted, never sent as \"\"", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, got[k], v)
		}
	}

	// An empty request is "{}": rebuild the current source.
	var raw string
	c = testClient(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		raw = string(b)
		_, _ = io.WriteString(w, `{"event_id":"e1"}`)
	})
	if _, err := c.BuildComponent(context.Background(), testRef, BuildRequest{}); err != nil {
		t.Fatal(err)
	}
	if raw != "{}" {
		t.Errorf("empty build body %q, want {}", raw)
	}
}

func TestBuildComponentSuccessShapes(t *testing.T) {
	// Bare (what the build view returns) and, defensively, the envelope.
	for name, body := range map[string]string{
		"bare": `{"event_id":"abc"}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := testClient(t, reply(200, body, nil))
			id, err := c.BuildComponent(context.Background(), testRef, BuildRequest{})
			if err != nil || id != "abc" {
				t.Fatalf("id %q err %v", id, err)
			}
		})
	}
	t.Run("no event id", func(t *testing.T) {
		var n atomic.Int32
		c := testClient(t, reply(200, `{}`, &n))
		_, err := c.BuildComponent(context.Background(), testRef, BuildRequest{})
		var me *MalformedResponseError
		if !errors.As(err, &me) || !me.StartsRun || !strings.Contains(err.Error(), "was not repeated") {
			t.Fatalf("err %v, want a MalformedResponseError saying the build was accepted", err)
		}
		if n.Load() != 1 {
			t.Errorf("build sent %d times", n.Load())
		}
	})
}

func TestEnvelopeSuccessShape(t *testing.T) {
	// Views answering with general_message: data.bean / data.list.
	c := testClient(t, reply(200, `{"code":200,"msg":"success","msg_show":"成功","data":{"bean":{"event_id":"x1"},"list":[]}}`, nil))
	var out buildResponse
	if err := c.Do(context.Background(), Call{Method: "GET", Path: "/x", Out: &out, Shape: EnvelopeBean}); err != nil || out.EventID != "x1" {
		t.Fatalf("bean: %v %+v", err, out)
	}
	// An envelope with an error code and HTTP 200 is an error.
	c = testClient(t, reply(200, `{"code":10401,"msg":"boom","msg_show":"出错","data":{"bean":{},"list":[]}}`, nil))
	err := c.Do(context.Background(), Call{Method: "GET", Path: "/x", Out: &out, Shape: EnvelopeBean})
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 10401 || ae.Msg != "boom" {
		t.Fatalf("err %v", err)
	}
}

func TestBuildComponentErrors(t *testing.T) {
	cases := []struct {
		name, body string
		status     int
		check      func(t *testing.T, ae *APIError, err error)
		want       []string // substrings of err.Error()
	}{
		{
			name: "too frequent", status: 409,
			body: `{"code":409,"msg":"操作过于频繁，请稍后再试","msg_show":"操作过于频繁，请稍后再试","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if !IsTooFrequent(err) || !errors.Is(err, ErrTooFrequent) || IsTeamNotInRegion(err) {
					t.Error("want too-frequent recognised, and not team-not-in-region")
				}
			},
			want: []string{"HTTP 409", "操作过于频繁", "Nothing was started; wait and retry"},
		},
		{
			name: "too frequent, region wording", status: 409,
			body: `{"code":409,"msg":"wait a moment please","msg_show":"操作过于频繁，请稍后再试"}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if !IsTooFrequent(err) {
					t.Error("want too-frequent")
				}
			},
			want: []string{"wait a moment please"},
		},
		{
			name: "team not opened in region", status: 409,
			body: `{"code":2001,"msg":"team is not initialized in this region","msg_show":"团队未开通该集群","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if IsTooFrequent(err) || !IsTeamNotInRegion(err) {
					t.Error("code 2001 must not be taken for too-frequent")
				}
			},
			want: []string{"HTTP 409, code 2001", "has not been opened in this region"},
		},
		{
			name: "no resources", status: 412,
			body: `{"code":10406,"msg":"cluster resource not enough","msg_show":"集群资源不足","data":{"bean":{},"list":[]}}`,
			want: []string{"HTTP 412, code 10406", "cluster resource not enough", "lacks resources"},
		},
		{
			name: "cluster refused", status: 507,
			body: `{"code":507,"msg":"构建异常","msg_show":"构建异常","data":{"bean":{},"list":[]}}`,
			want: []string{"HTTP 507: 构建异常", "refused or failed"},
		},
		{
			name: "validation", status: 400,
			body: `{"detail":"参数错误","err":{"branch":["This field may not be blank."],"build_type":["\"jar\" is not a valid choice."]},"code":20400,"error_type":"ValidationError","error_trace":"..."}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if ae.Code != 20400 || len(ae.FieldErrors["branch"]) != 1 || len(ae.FieldErrors["build_type"]) != 1 {
					t.Errorf("field errors %v", ae.FieldErrors)
				}
			},
			want: []string{"HTTP 400, code 20400: 参数错误", "; branch: This field may not be blank.", "; build_type: \"jar\" is not a valid choice.", "failed validation"},
		},
		{
			name: "unauthorized", status: 401,
			body: `{"detail":"No such user","code":401,"msg":"No such user","msg_show":"No such user","error_type":"AuthenticationFailed","error_trace":"..."}`,
			want: []string{"HTTP 401: No such user", "RAINBOND_TOKEN"},
		},
		{
			name: "team not found", status: 404,
			body: `{"code":404,"msg":"no found team","msg_show":"团队不存在","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if NotFoundKind(err) != NotFoundTeam || !IsNotFound(err) {
					t.Errorf("kind %q", NotFoundKind(err))
				}
			},
			want: []string{"no found team (团队不存在)", "team_id must be"},
		},
		{
			name: "region not found", status: 404,
			body: `{"code":3000,"msg":"the region is not found","msg_show":"集群不存在","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if NotFoundKind(err) != NotFoundRegion {
					t.Errorf("kind %q", NotFoundKind(err))
				}
			},
			want: []string{"code 3000", "region_name must be"},
		},
		{
			name: "app not found", status: 404,
			body: `{"code":404,"msg":"no found app","msg_show":"应用不存在","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if NotFoundKind(err) != NotFoundApp {
					t.Errorf("kind %q", NotFoundKind(err))
				}
			},
			want: []string{"check app_id"},
		},
		{
			name: "component not found", status: 404,
			body: `{"code":404,"msg":"no found component","msg_show":"组件不存在","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if NotFoundKind(err) != NotFoundComponent {
					t.Errorf("kind %q", NotFoundKind(err))
				}
			},
			want: []string{"check service_id"},
		},
		{
			name: "component in another app", status: 404,
			body: `{"code":404,"msg":"component not belong to this app","msg_show":"组件不属于指定应用","data":{"bean":{},"list":[]}}`,
			check: func(t *testing.T, ae *APIError, err error) {
				if NotFoundKind(err) != NotFoundComponentInApp {
					t.Errorf("kind %q", NotFoundKind(err))
				}
			},
			want: []string{"does not belong to this application"},
		},
		{
			name: "component not created", status: 400,
			body: `{"code":400,"msg":"component create status is creating","msg_show":"组件未完成创建，禁止构建","data":{"bean":{},"list":[]}}`,
			want: []string{"component create status is creating (组件未完成创建，禁止构建)", "not finished being created"},
		},
		{
			name: "version exists", status: 500,
			body: `{"code":10401,"msg":"version already exists","msg_show":"Traceback...","error_type":"ErrVersionAlreadyExists"}`,
			want: []string{"HTTP 500, code 10401: version already exists"},
		},
		{
			name: "not JSON", status: 502,
			body: `<html>Bad Gateway</html>`,
			want: []string{"HTTP 502: an HTML page instead of the service's JSON reply (a gateway's error page)"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c := testClient(t, reply(tc.status, tc.body, &n))
			_, err := c.BuildComponent(context.Background(), testRef, BuildRequest{Password: "pw-should-not-leak"})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err %T %v, want *APIError", err, err)
			}
			if ae.HTTPStatus != tc.status {
				t.Errorf("status %d", ae.HTTPStatus)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
			if tc.check != nil {
				tc.check(t, ae, err)
			}
			// A build is never repeated on an answer, even 5xx.
			if n.Load() != 1 {
				t.Errorf("build sent %d times", n.Load())
			}
		})
	}
}

func TestBuildComponentRetriesOnlyWhenNotSent(t *testing.T) {
	// 429 (DRF Throttled) proves nothing happened: retried.
	var n atomic.Int32
	c := testClient(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			reply(429, `{"detail":"Request was throttled.","code":429,"msg":"Request was throttled.","error_type":"Throttled"}`, nil)(w, r)
			return
		}
		_, _ = io.WriteString(w, `{"event_id":"e2"}`)
	})
	id, err := c.BuildComponent(context.Background(), testRef, BuildRequest{})
	if err != nil || id != "e2" || n.Load() != 2 {
		t.Fatalf("id %q err %v requests %d", id, err, n.Load())
	}
}

func TestComponentRefValidate(t *testing.T) {
	bad := []ComponentRef{
		{TeamID: "", RegionName: "r", AppID: 1, ServiceID: "s"},
		{TeamID: "t/x", RegionName: "r", AppID: 1, ServiceID: "s"},
		{TeamID: "t", RegionName: "r", AppID: 0, ServiceID: "s"},
		{TeamID: "t", RegionName: "r", AppID: 1, ServiceID: "a b"},
	}
	for _, r := range bad {
		if r.Validate() == nil {
			t.Errorf("%+v accepted", r)
		}
	}
	if err := testRef.Validate(); err != nil {
		t.Error(err)
	}
}
