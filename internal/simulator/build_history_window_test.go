package simulator

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"
)

// The history sees the last interval days (default 7, the Chinese doc page
// of ShowListHistory; at most 30); older builds only through the dated
// period history, 30 days per request (doc page ShowListPeriodHistory).
func TestBuildHistoryIntervalAndPeriodWindows(t *testing.T) {
	s, clk, base := newBuildServer(t)
	results := make([]string, 40)
	for i := range results {
		results[i] = "SUCCESS"
	}
	// One build a day: build 40 is a day old, build 1 forty days old; the
	// cut-off is inclusive.
	s.AddBuildHistoryEvery(testBuildJob, results, 24*time.Hour)
	for _, c := range []struct {
		interval string
		total    int
	}{{"", 7}, {"7", 7}, {"30", 30}} {
		q := url.Values{"offset": {"0"}, "limit": {"100"}}
		if c.interval != "" {
			q.Set("interval", c.interval)
		}
		code, hp, raw := getHistory(t, s, base, testBuildJob, q)
		if code != 200 || hp.Total != c.total || len(hp.HistoryRecords) != c.total {
			t.Fatalf("interval %q: %d %s", c.interval, code, raw)
		}
	}
	day := func(back int) string { return clk.Now().In(codeArtsZone).AddDate(0, 0, -back).Format("2006-01-02") }
	period := func(from, to string) (int, map[string]any) {
		code, raw := buildCall(t, s, base, "GET", "/v3/jobs/"+testBuildJob+"/period-history", "",
			url.Values{"offset": {"0"}, "limit": {"100"}, "start_time": {from}, "end_time": {to}})
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		return code, m
	}
	// Dates 40..31 days back hold builds 1..10 (build k is 41-k days old).
	code, m := period(day(40), day(31))
	rows, _ := m["history_records"].([]any)
	if code != 200 || m["total"] != float64(10) || len(rows) != 10 {
		t.Fatalf("period window: %d %v", code, m)
	}
	first := rows[0].(map[string]any)
	if first["build_number"] != float64(10) || first["branch"] == nil || first["executor"] == nil {
		t.Fatalf("newest row of the window: %v", first)
	}
	for _, bad := range [][2]string{{day(45), day(10)}, {"2026/01/01", day(1)}, {day(1), day(5)}, {"", ""}} {
		code, m := period(bad[0], bad[1])
		assertCodeArtsError(t, code, m, 400, ErrCodeBuildInvalidParam)
	}
}
