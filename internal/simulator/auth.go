package simulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// maxDateSkew is how far X-Sdk-Date may be from the server clock.
const maxDateSkew = 15 * time.Minute

const authPrefixHMAC = authAlgHMAC + " "

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
	authDomainScoped  = &authError{msg: "the token is domain-scoped: global tenant tokens are not supported, use a region-level token whose scope is project"}
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
		p, aerr := s.authToken(tok)
		if aerr == nil && svc.isCodeArts() && p.ProjectID == "" {
			// Every CodeArts API page: "Global tenant tokens are not
			// supported. Use a region-level token whose scope is project."
			return principal{}, authDomainScoped
		}
		return p, aerr
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

// authAKSK verifies an SDK-HMAC-SHA256 signature as API Gateway does
// (https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm.html):
// the canonical request is built over exactly the headers the client lists
// in SignedHeaders, whatever set it chose (the official SDK signs
// host;x-project-id;x-sdk-date, the huaweicloud provider's signer every
// header it sends), as long as x-sdk-date is among them; the body is hashed
// as received, so a tampered body fails, and a stale X-Sdk-Date is refused.
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

	date, err := time.Parse(sdkDateFormat, r.Header.Get("X-Sdk-Date"))
	if err != nil {
		return principal{}, authBadDate
	}
	if d := s.clock.Now().Sub(date); d > maxDateSkew || d < -maxDateSkew {
		return principal{}, authDateSkew
	}

	signed := strings.Split(a.signedHeaders, ";")
	dateSigned := false
	var heads strings.Builder
	for _, h := range signed {
		if h != strings.ToLower(h) || h == "" {
			return principal{}, authBadSignature
		}
		var vals []string
		switch {
		case h == "host":
			vals = []string{r.Host}
		case len(r.Header.Values(h)) == 0:
			return principal{}, authBadSignature
		default:
			vals = append(vals, r.Header.Values(h)...)
		}
		if h == "x-sdk-date" {
			dateSigned = true
		}
		sort.Strings(vals)
		for _, v := range vals {
			heads.WriteString(h + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	if !dateSigned {
		return principal{}, authDateNotSigned
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return principal{}, authBadSignature
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	payload := r.Header.Get("X-Sdk-Content-Sha256")
	if payload != "UNSIGNED-PAYLOAD" {
		sum := sha256.Sum256(body)
		payload = hex.EncodeToString(sum[:])
	}
	canonical := strings.Join([]string{r.Method, canonicalSignURI(r.URL.Path), canonicalSignQuery(r.URL.Query()),
		heads.String(), a.signedHeaders, payload}, "\n")
	crSum := sha256.Sum256([]byte(canonical))
	toSign := authAlgHMAC + "\n" + r.Header.Get("X-Sdk-Date") + "\n" + hex.EncodeToString(crSum[:])
	mac := hmac.New(sha256.New, []byte(key.secret))
	mac.Write([]byte(toSign))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(a.signature)) {
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

// sdkDateFormat is X-Sdk-Date's layout.
const sdkDateFormat = "20060102T150405Z"

const authAlgHMAC = "SDK-HMAC-SHA256"

// canonicalSignURI is the path with each segment URI-encoded and a trailing slash.
func canonicalSignURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = signURIEncode(s)
	}
	u := strings.Join(segs, "/")
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// canonicalSignQuery is key=value pairs, encoded, sorted by key then value.
func canonicalSignQuery(q url.Values) string {
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
			pairs = append(pairs, signURIEncode(k)+"="+signURIEncode(v))
		}
	}
	return strings.Join(pairs, "&")
}

// signURIEncode keeps A-Z a-z 0-9 - _ . ~ and writes every other byte as %XX.
func signURIEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
