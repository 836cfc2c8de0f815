package transport

import (
	"regexp"
	"strings"
)

var htmlTitle = regexp.MustCompile(`(?is)<title>\s*(.*?)\s*</title>`)

// GatewayPage reports whether body is an HTML page rather than a service's
// JSON (gateways and load balancers in front of the services answer with
// their own error pages, e.g. nginx's "502 Bad Gateway") and summarizes it
// for an error message.
func GatewayPage(body []byte) (summary string, ok bool) {
	s := strings.TrimSpace(string(body))
	if !strings.HasPrefix(s, "<") {
		return "", false
	}
	summary = "an HTML page instead of the service's JSON reply (a gateway's error page)"
	if m := htmlTitle.FindStringSubmatch(s); m != nil && len(m[1]) <= 120 {
		summary = "an HTML page titled " + `"` + m[1] + `"` + " instead of the service's JSON reply (a gateway's error page)"
	}
	return summary, true
}
