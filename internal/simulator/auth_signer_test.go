package simulator

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// hmacSign is a second, independent SDK-HMAC-SHA256 signer (written from the
// algorithm of Huawei's API signing guide, https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm.html,
// not from the official SDK): it signs every header the request carries
// plus host, as the huaweicloud Terraform provider's signer does
// ("accept;content-type;host;user-agent;x-sdk-date;..."), so the
// simulator's verification is not checked only by the library that made it.
func hmacSign(r *http.Request, body []byte, ak, sk string, date time.Time) {
	r.Header.Set("X-Sdk-Date", date.UTC().Format("20060102T150405Z"))
	heads := map[string]string{"host": r.URL.Host}
	for k, vs := range r.Header {
		heads[strings.ToLower(k)] = strings.TrimSpace(vs[0])
	}
	names := make([]string, 0, len(heads))
	for k := range heads {
		names = append(names, k)
	}
	sort.Strings(names)
	var canonHeads strings.Builder
	for _, k := range names {
		canonHeads.WriteString(k + ":" + heads[k] + "\n")
	}
	segs := strings.Split(r.URL.Path, "/")
	for i, s := range segs {
		segs[i] = signEscape(s)
	}
	uri := strings.Join(segs, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	q := r.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, signEscape(k)+"="+signEscape(v))
		}
	}
	sum := sha256.Sum256(body)
	signed := strings.Join(names, ";")
	canon := strings.Join([]string{r.Method, uri, strings.Join(pairs, "&"), canonHeads.String(), signed, hex.EncodeToString(sum[:])}, "\n")
	crSum := sha256.Sum256([]byte(canon))
	sts := "SDK-HMAC-SHA256\n" + r.Header.Get("X-Sdk-Date") + "\n" + hex.EncodeToString(crSum[:])
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte(sts))
	r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+ak+", SignedHeaders="+signed+", Signature="+hex.EncodeToString(mac.Sum(nil)))
}

// signEscape is the guide's URI encoding: unreserved characters stay, every
// other byte is %XX in upper case.
func signEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

func allHeadersRequest(t *testing.T, method, base, path, body string, q url.Values) *http.Request {
	t.Helper()
	u := base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("User-Agent", "terraform-provider-huaweicloud-like/1.0")
	req.Header.Set("X-Project-Id", DemoIAMProjectID)
	return req
}

// The gateway verifies over the SignedHeaders the client lists, whatever
// set it chose: a request signing accept, content-type, user-agent and
// x-sdk-date is accepted (POST with a body, GET with a query), a tampered
// body or query, a stale X-Sdk-Date or a signed set without x-sdk-date is not.
func TestAKSKIndependentSignerAllHeaders(t *testing.T) {
	clock := NewManualClock(time.Now())
	_, base := newTestServer(t, Options{Clock: clock})
	send := func(req *http.Request) (int, string) {
		resp, body := do(t, nil, req)
		return resp.StatusCode, string(body)
	}
	post := allHeadersRequest(t, "POST", base, "/v3/pipelines/list", listBody, nil)
	hmacSign(post, []byte(listBody), DemoAK, DemoSK, clock.Now())
	if !strings.Contains(post.Header.Get("Authorization"), "SignedHeaders=accept;content-type;host;user-agent;x-project-id;x-sdk-date,") {
		t.Fatalf("signer did not sign every header: %s", post.Header.Get("Authorization"))
	}
	if code, body := send(post); code != http.StatusOK {
		t.Fatalf("POST signed over all headers: %d %s", code, body)
	}
	get := allHeadersRequest(t, "GET", base, "/v3/projects", "", url.Values{"name": {DemoRegion}, "x y": {"a/b", "c"}})
	hmacSign(get, nil, DemoAK, DemoSK, clock.Now())
	if code, body := send(get); code != http.StatusOK {
		t.Fatalf("GET signed over all headers: %d %s", code, body)
	}

	tampered := allHeadersRequest(t, "POST", base, "/v3/pipelines/list", `{"limit":20}`, nil)
	hmacSign(tampered, []byte(listBody), DemoAK, DemoSK, clock.Now())
	stale := allHeadersRequest(t, "POST", base, "/v3/pipelines/list", listBody, nil)
	hmacSign(stale, []byte(listBody), DemoAK, DemoSK, clock.Now().Add(-16*time.Minute))
	changedHeader := allHeadersRequest(t, "POST", base, "/v3/pipelines/list", listBody, nil)
	hmacSign(changedHeader, []byte(listBody), DemoAK, DemoSK, clock.Now())
	changedHeader.Header.Set("User-Agent", "someone-else")
	noDate := allHeadersRequest(t, "POST", base, "/v3/pipelines/list", listBody, nil)
	hmacSign(noDate, []byte(listBody), DemoAK, DemoSK, clock.Now())
	noDate.Header.Set("Authorization", strings.Replace(noDate.Header.Get("Authorization"), ";x-sdk-date,", ",", 1))
	for name, c := range map[string]struct {
		req  *http.Request
		want string
	}{
		"tampered body":         {tampered, "signature"},
		"stale date":            {stale, "15 minutes"},
		"signed header changed": {changedHeader, "signature"},
		"x-sdk-date not signed": {noDate, "x-sdk-date"},
	} {
		code, body := send(c.req)
		if code != http.StatusUnauthorized || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s, want 401 naming %q", name, code, body, c.want)
		}
	}
}
