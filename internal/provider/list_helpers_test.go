package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/querycheck"
)

// listBlock is a list block of typ with up to 1000 results and body inside config.
func listBlock(typ, name, body string) string {
	return fmt.Sprintf(`
list %q %q {
  provider = cicd
  limit    = 1000
  config {
    %s
  }
}
`, typ, name, body)
}

// queryFinds checks that the list block addr (without "list.") found exactly
// the objects whose identity attribute key ("": the display name) takes the
// values want, each once.
func queryFinds(addr, key string, want []string) querycheck.QueryResultCheck {
	return queryFindsCheck{addr: addr, key: key, want: want}
}

type queryFindsCheck struct {
	addr, key string
	want      []string
}

func (c queryFindsCheck) CheckQuery(_ context.Context, req querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	seen := map[string]int{}
	var got []string
	for _, r := range req.Query {
		if strings.TrimPrefix(r.Address, "list.") != c.addr {
			continue
		}
		v, _ := r.Identity[c.key].(string)
		if c.key == "" {
			v = r.DisplayName
		}
		if seen[v]++; seen[v] == 2 {
			resp.Error = fmt.Errorf("%s found %s %q twice", c.addr, c.key, v)
			return
		}
		got = append(got, v)
	}
	want := append([]string(nil), c.want...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		resp.Error = fmt.Errorf("%s found %d objects, want %d: %s %v, want %v", c.addr, len(got), len(want), c.key, got, want)
	}
}

// requestsAre checks simulator route counters once the query is done.
func requestsAre(e *testEnv, want map[string]int) querycheck.QueryResultCheck {
	return requestsCheck{e: e, want: want}
}

type requestsCheck struct {
	e    *testEnv
	want map[string]int
}

func (c requestsCheck) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	for route, n := range c.want {
		if got := c.e.sim.Count(route); got != n {
			resp.Error = fmt.Errorf("%s was called %d times, want %d", route, got, n)
			return
		}
	}
}
