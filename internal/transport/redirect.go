package transport

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds a chain of same-origin redirects.
const maxRedirects = 10

// RedirectError is a redirect the client refused to follow: to another origin
// (scheme, host or port), from https to http, or past maxRedirects. Nothing
// was sent to the redirect's target.
type RedirectError struct {
	// From is the origin of the configured endpoint; To is where the server
	// redirected (its origin and path).
	From, To string
	Reason   string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("refused to follow the redirect from %s to %s: %s", e.From, e.To, e.Reason)
}

// origin is scheme://host:port, with the default port made explicit, so that
// https://h and https://h:443 are the same origin.
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// checkRedirect is the redirect policy. Credentials (X-Auth-Token,
// X-Security-Token, Authorization, an AK/SK signature) never go to a host
// other than the configured endpoint: Go's client drops Authorization on a
// cross-host redirect but copies every other header, so a redirect to another
// origin is refused outright, as is https → http (a downgrade exposes the
// request on the wire). Redirects within the endpoint's origin are followed,
// and the request is authenticated again for its new URL (Prepare), so an
// AK/SK signature is made over the path actually requested rather than
// replayed from the old one.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	from, to := origin(first.URL), origin(req.URL)
	target := to + req.URL.EscapedPath()
	switch {
	case strings.EqualFold(first.URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https"):
		return &RedirectError{From: from, To: target, Reason: "it downgrades https to http; the provider never sends a request meant for an https endpoint over plain http"}
	case from != to:
		return &RedirectError{From: from, To: target, Reason: "it leads to another host than the configured endpoint, and the provider never sends credentials to another host; " +
			"if the target is the service's real address, configure it as the endpoint"}
	case len(via) >= maxRedirects:
		return &RedirectError{From: from, To: target, Reason: fmt.Sprintf("stopped after %d redirects", maxRedirects)}
	}
	st, ok := req.Context().Value(reqKey).(*reqState)
	if !ok || st.req.Prepare == nil {
		return nil
	}
	// 307 and 308 resend the body; 301, 302 and 303 turn the request into a
	// bodyless GET. Sign what is actually sent.
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		body = st.req.Body
	}
	if err := st.req.Prepare(req, body); err != nil {
		return fmt.Errorf("authenticating the redirected request %s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// IsRedirectError reports a refused redirect: permanent, never retried.
func IsRedirectError(err error) bool {
	var re *RedirectError
	return errors.As(err, &re)
}
