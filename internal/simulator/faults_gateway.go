package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Faults that whole sequences of user actions meet, beyond one failed
// request: a gateway in front of the service that answers with its own HTML
// page (before the service saw the request, or after it acted), and replies
// that are valid HTTP and JSON but say less than the API documents.
//
//	FaultGateway502, FaultGateway504: the gateway's HTML error page, before
//	  the handler runs (the service never saw the request). With Fault.For,
//	  a status endpoint that is down for a while.
//	FaultGateway502After, FaultGateway504After: the handler runs (a build
//	  starts), then the gateway's HTML page replaces its reply, as when the
//	  upstream answered after the gateway's read timeout.
//	FaultEditField: the handler runs and its JSON reply is changed at
//	  Fault.Field: set to Fault.Value (e.g. actual_build_number "", a status
//	  word the provider does not know) or removed (Fault.Drop: record-info
//	  without build_no).
//	FaultIgnoreOffset: the handler runs as if the request had no offset /
//	  page parameter, so every page is the first one (a list endpoint that
//	  ignores paging).

// gatewayPage is the error page nginx-based gateways (the API gateways in
// front of CodeArts and of Rainbond consoles) send for an upstream failure:
// text/html, no JSON, no service error code.
func gatewayPage(status int) string {
	title := fmt.Sprintf("%d %s", status, http.StatusText(status))
	return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title +
		"</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
}

func writeGatewayPage(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html")
	w.Header().Del("X-Request-Id") // the service never answered
	w.WriteHeader(status)
	_, _ = w.Write([]byte(gatewayPage(status)))
}

// editField applies a FaultEditField to a buffered JSON reply. A reply that
// is not JSON, or has no such field, is left as it was.
func (b *bufferedResponse) editField(f Fault) {
	dec := json.NewDecoder(bytes.NewReader(b.body.Bytes()))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return
	}
	doc = editPath(doc, strings.Split(f.Field, "."), f)
	out, err := json.Marshal(doc)
	if err != nil {
		return
	}
	b.body.Reset()
	b.body.Write(out)
}

func editPath(v any, path []string, f Fault) any {
	if len(path) == 0 {
		return v
	}
	switch node := v.(type) {
	case map[string]any:
		if len(path) == 1 {
			if f.Drop {
				delete(node, path[0])
			} else {
				node[path[0]] = f.Value
			}
			return node
		}
		if child, ok := node[path[0]]; ok {
			node[path[0]] = editPath(child, path[1:], f)
		}
	case []any:
		if path[0] == "*" {
			for i := range node {
				node[i] = editPath(node[i], path[1:], f)
			}
		}
	}
	return v
}

// withoutOffset is r with its paging position removed: offset (CodeArts
// offset/limit lists), page and page_index (page-numbered lists).
func withoutOffset(r *http.Request) *http.Request {
	q := r.URL.Query()
	for _, k := range []string{"offset", "page", "page_index", "page_no"} {
		q.Del(k)
	}
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	if r.Body != nil && r.ContentLength != 0 {
		// Body-paged lists (POST …/list) carry the position in JSON.
		var body map[string]any
		raw := new(bytes.Buffer)
		_, _ = raw.ReadFrom(r.Body)
		if json.Unmarshal(raw.Bytes(), &body) == nil {
			for _, k := range []string{"offset", "page", "page_index", "page_no"} {
				delete(body, k)
			}
			b, _ := json.Marshal(body)
			r2.Body = io.NopCloser(bytes.NewReader(b))
			r2.ContentLength = int64(len(b))
		} else {
			r2.Body = io.NopCloser(bytes.NewReader(raw.Bytes()))
		}
	}
	return r2
}
