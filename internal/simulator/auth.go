package simulator

import (
	"bytes"
	"crypto/hmac"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
)

// maxDateSkew is how far X-Sdk-Date may be from the server clock.
const maxDateSkew = 15 * time.Minute

const authPrefixHMAC = "SDK-HMAC-SHA256 "

// principal is who an authenticated request acts as. Handlers read it with
// principalFrom(r).
type principal struct {
	// Method is "token", "aksk" or "rainbond".
	Method string
	// Huawei: the IAM user, domain and project the request is scoped to.
	// ProjectID is the token's scope project, or X-Project-Id for AK/SK
	// (may be empty for AK/SK calls to IAM).
	UserID, UserName, DomainID, ProjectID string
	// AK is the access key of an AK/SK request.
	AK string
	// Rainbond is the console user of a Rainbond request.
	Rainbond rainbondUser
}

type principalKey struct{}

// principalFrom returns the authenticated principal of a request routed
// through s.handle (zero value for public routes).
func principalFrom(r *http.Request) principal {
	p, _ := r.Context().Value(principalKey{}).(principal)
	return p
}

// authError is why a request was refused; msg is the detail shown to the client.
type authError struct {
	expired bool
	msg     string
}

var (
	authMissing       = &authError{msg: "no X-Auth-Token header and no SDK-HMAC-SHA256 Authorization header"}
	authUnknownToken  = &authError{msg: "verify token fail: the token is invalid"}
	authExpired       = &authError{expired: true, msg: "the token has expired. The token must be updated"}
	authMalformedHMAC = &authError{msg: "malformed SDK-HMAC-SHA256 Authorization header (want Access=..., SignedHeaders=..., Signature=...)"}
	authUnknownAK     = &authError{msg: "the access key (AK) does not exist"}
	authBadSignature  = &authError{msg: "verify aksk signature fail: the signature does not match"}
	authBadDate       = &authError{msg: "X-Sdk-Date header is missing or not in the format 20060102T150405Z"}
	authDateSkew      = &authError{msg: "X-Sdk-Date differs from the server time by more than 15 minutes"}
	authNoProject     = &authError{msg: "X-Project-Id header is required for AK/SK requests to CodeArts"}
	authWrongProject  = &authError{msg: "X-Project-Id is not the IAM project of region " + DemoRegion}
	authDateNotSigned = &authError{msg: "x-sdk-date must be a signed header"}
)

// authenticate checks the request's credentials for svc. On failure it writes
// the service's 401 and returns false.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, svc service) (principal, bool) {
	var (
		p    principal
		aerr *authError
	)
	if svc == svcRainbond {
		p, aerr = s.authRainbond(r)
	} else {
		p, aerr = s.authHuawei(r, svc)
	}
	if aerr != nil {
		s.writeAuthError(w, svc, aerr)
		return principal{}, false
	}
	return p, true
}

// writeAuthError writes the 401 body of svc for aerr.
func (s *Server) writeAuthError(w http.ResponseWriter, svc service, aerr *authError) {
	switch svc {
	case svcRainbond:
		w.Header().Set("WWW-Authenticate", "Token")
		detail := aerr.msg
		if aerr.expired {
			// Expired console access keys simply stop matching the lookup.
			detail = "No such user"
		}
		writeRainbondAPIException(w, http.StatusUnauthorized, "AuthenticationFailed", detail)
	case svcIAM:
		writeIAMError(w, http.StatusUnauthorized, "Incorrect IAM authentication information: "+aerr.msg)
	default:
		writeAPIGError(w, http.StatusUnauthorized, ErrCodeAPIGAuth, "Incorrect IAM authentication information: "+aerr.msg)
	}
}

func (s *Server) authRainbond(r *http.Request) (principal, *authError) {
	tok := r.Header.Get("Authorization")
	if tok == "" {
		return principal{}, &authError{msg: "No token"}
	}
	s.mu.Lock()
	u, ok := s.st.rainbondTokens[tok]
	s.mu.Unlock()
	if !ok {
		return principal{}, &authError{msg: "No such user"}
	}
	return principal{Method: "rainbond", Rainbond: u}, nil
}

func (s *Server) authHuawei(r *http.Request, svc service) (principal, *authError) {
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		return s.authToken(tok)
	}
	authz := r.Header.Get("Authorization")
	if !strings.HasPrefix(authz, authPrefixHMAC) {
		return principal{}, authMissing
	}
	p, aerr := s.authAKSK(r, authz)
	if aerr != nil {
		return principal{}, aerr
	}
	if svc.isCodeArts() {
		switch p.ProjectID {
		case "":
			return principal{}, authNoProject
		case DemoIAMProjectID:
		default:
			return principal{}, authWrongProject
		}
	}
	return p, nil
}

func (s *Server) authToken(tok string) (principal, *authError) {
	now := s.clock.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.st.tokens[tok]
	if !ok {
		return principal{}, authUnknownToken
	}
	if t.revoked || !now.Before(t.expiresAt) {
		return principal{}, authExpired
	}
	return principal{Method: "token", UserID: t.userID, UserName: t.userName, DomainID: t.domainID, ProjectID: t.projectID}, nil
}

// hmacAuth is a parsed SDK-HMAC-SHA256 Authorization header.
type hmacAuth struct {
	access, signedHeaders, signature string
}

func parseHMACAuth(authz string) (hmacAuth, bool) {
	var a hmacAuth
	for _, part := range strings.Split(strings.TrimPrefix(authz, authPrefixHMAC), ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return a, false
		}
		switch k {
		case "Access":
			a.access = v
		case "SignedHeaders":
			a.signedHeaders = v
		case "Signature":
			a.signature = v
		}
	}
	return a, a.access != "" && a.signedHeaders != "" && a.signature != ""
}

// authAKSK verifies an SDK-HMAC-SHA256 signature with Huawei's official
// signer: the wire request is rebuilt as a request.DefaultHttpRequest holding
// exactly the signed headers (plus Content-Type, which the signer reads but
// never signs), signed with the AK's secret key, and the signatures compared.
func (s *Server) authAKSK(r *http.Request, authz string) (principal, *authError) {
	a, ok := parseHMACAuth(authz)
	if !ok {
		return principal{}, authMalformedHMAC
	}
	s.mu.Lock()
	key, ok := s.st.accessKeys[a.access]
	var user iamUser
	if ok {
		user, _ = s.st.userByID(key.userID)
	}
	s.mu.Unlock()
	if !ok {
		return principal{}, authUnknownAK
	}

	date, err := time.Parse(signer.BasicDateFormat, r.Header.Get(signer.HeaderXDate))
	if err != nil {
		return principal{}, authBadDate
	}
	if d := s.clock.Now().Sub(date); d > maxDateSkew || d < -maxDateSkew {
		return principal{}, authDateSkew
	}

	signed := strings.Split(a.signedHeaders, ";")
	b := request.NewHttpRequestBuilder().
		WithEndpoint("http://" + r.Host).
		WithPath(r.URL.Path).
		WithMethod(r.Method)
	for k, vs := range r.URL.Query() {
		// The signer only canonicalises reflect.Value query params.
		b.AddQueryParam(k, reflect.ValueOf(vs))
	}
	dateSigned := false
	for _, h := range signed {
		switch {
		case h == "host":
			b.AddHeaderParam("Host", r.Host)
		case len(r.Header.Values(h)) == 0:
			return principal{}, authBadSignature
		default:
			if h == "x-sdk-date" {
				dateSigned = true
			}
			b.AddHeaderParam(http.CanonicalHeaderKey(h), r.Header.Get(h))
		}
	}
	if !dateSigned {
		return principal{}, authDateNotSigned
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		b.AddHeaderParam("Content-Type", ct)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return principal{}, authBadSignature
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) > 0 {
		b.WithBody("", string(body))
	}
	want, err := signer.Signer{}.Sign(b.Build(), a.access, key.secret)
	if err != nil {
		return principal{}, authBadSignature
	}
	wantAuth, _ := parseHMACAuth(want[signer.HeaderAuthorization])
	if !hmac.Equal([]byte(wantAuth.signature), []byte(a.signature)) {
		return principal{}, authBadSignature
	}
	return principal{
		Method:    "aksk",
		AK:        a.access,
		UserID:    user.id,
		UserName:  user.name,
		DomainID:  user.domainID,
		ProjectID: r.Header.Get("X-Project-Id"),
	}, nil
}
