package transport

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Mask replaces every secret in logs and error texts.
const Mask = "***"

// sensitiveHeaders are always masked, whatever their value.
var sensitiveHeaders = map[string]bool{
	"authorization":    true,
	"x-auth-token":     true,
	"x-subject-token":  true,
	"x-security-token": true,
	"cookie":           true,
	"set-cookie":       true,
}

// sensitiveJSONKeys matches JSON members whose string value is a secret.
var sensitiveJSONKeys = regexp.MustCompile(`(?i)("(?:password|passwd|secret|secret_key|sk|token|auth_token|access_token|security_token|securitytoken|private_key)"\s*:\s*)"(?:[^"\\]|\\.)*"`)

// Redactor masks known secret values and secret-looking fields. It is safe for
// concurrent use; secrets learned at run time (IAM tokens) are added with Add.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// NewRedactor returns a Redactor that masks the given secrets.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	r.Add(secrets...)
	return r
}

// Add registers more secret values, in every form they are masked in (see
// forms). Values shorter than 4 characters are ignored: masking them would
// garble unrelated text.
func (r *Redactor) Add(secrets ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range forms(secrets) {
		if len(s) < 4 {
			continue
		}
		dup := false
		for _, have := range r.secrets {
			if have == s {
				dup = true
				break
			}
		}
		if !dup {
			r.secrets = append(r.secrets, s)
		}
	}
	// Longest first, so a secret containing another is masked whole.
	sort.Slice(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// Redact masks every registered secret (and the extra ones) in s.
func (r *Redactor) Redact(s string, extra ...string) string {
	if s == "" {
		return s
	}
	r.mu.RLock()
	all := append(append([]string(nil), r.secrets...), forms(extra)...)
	r.mu.RUnlock()
	sort.Slice(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	for _, sec := range all {
		if sec == "" {
			continue
		}
		if len(sec) < 4 {
			// Too short to replace everywhere without garbling the text:
			// mask it where it stands as a whole JSON string or header value.
			s = strings.ReplaceAll(s, `"`+sec+`"`, `"`+Mask+`"`)
			if s == sec {
				s = Mask
			}
			continue
		}
		s = strings.ReplaceAll(s, sec, Mask)
	}
	return s
}

// forms returns each secret and, where they differ, the secret as it stands
// inside a JSON string and inside a JSON string nested in another (an error
// message quoting a request body): a request body holds the escaped form,
// which json.Marshal makes of quotes, backslashes, <, >, & and control
// characters, so a secret containing one of them would otherwise be logged
// unmasked.
func forms(secrets []string) []string {
	out := make([]string, 0, len(secrets))
	for _, s := range secrets {
		out = append(out, s)
		esc := s
		for range 2 {
			b, err := json.Marshal(esc)
			if err != nil || len(b) < 2 || string(b[1:len(b)-1]) == esc {
				break
			}
			esc = string(b[1 : len(b)-1])
			out = append(out, esc)
		}
	}
	return out
}

// RedactTruncated masks secrets in s, then cuts it to at most n bytes (on a
// character boundary) with an ellipsis: masking first, so that a cut never
// leaves the start of a secret behind.
func (r *Redactor) RedactTruncated(s string, n int, extra ...string) string {
	s = r.Redact(s, extra...)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Body masks secret JSON members and every known secret in a body.
func (r *Redactor) Body(body string, extra ...string) string {
	if body == "" {
		return body
	}
	body = sensitiveJSONKeys.ReplaceAllString(body, `${1}"`+Mask+`"`)
	return r.Redact(body, extra...)
}

// Headers renders headers for a log line with sensitive ones masked.
func (r *Redactor) Headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, vs := range h {
		lk := strings.ToLower(k)
		v := strings.Join(vs, ", ")
		switch {
		case sensitiveHeaders[lk]:
			if lk == "authorization" && strings.HasPrefix(v, "SDK-HMAC-SHA256 ") {
				// Keep the algorithm and signed header list; hide the key id and signature.
				v = "SDK-HMAC-SHA256 " + Mask
			} else {
				v = Mask
			}
		default:
			v = r.Redact(v)
		}
		out[k] = v
	}
	return out
}

// RedactError returns err with its text masked, keeping the chain for errors.Is.
func (r *Redactor) RedactError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.Redact(msg)
	if red == msg {
		return err
	}
	return &redactedError{msg: red, err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
