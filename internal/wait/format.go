package wait

import (
	"strconv"
	"strings"
	"time"
)

// FormatDuration renders d for humans, rounded to whole seconds with zero
// trailing units dropped: "1m40s", "2m", "1h0m5s", "1h", "0s". Durations
// under one second are shown in milliseconds ("850ms"). Negative durations
// get a leading "-".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		if d == time.Duration(-1<<63) {
			d++ // avoid overflow on negation
		}
		return "-" + FormatDuration(-d)
	}
	if d < time.Second {
		if ms := d.Round(time.Millisecond); ms < time.Second {
			if ms == 0 {
				return "0s"
			}
			return strconv.FormatInt(int64(ms/time.Millisecond), 10) + "ms"
		}
	}
	secs := int64(d.Round(time.Second) / time.Second)
	if d > time.Duration(1<<63-1)-time.Second/2 { // Round saturates; keep exact
		secs = int64(d / time.Second)
	}
	h, m, s := secs/3600, secs/60%60, secs%60
	var b strings.Builder
	if h > 0 {
		b.WriteString(strconv.FormatInt(h, 10))
		b.WriteByte('h')
		if m == 0 && s == 0 {
			return b.String()
		}
	}
	if h > 0 || m > 0 {
		b.WriteString(strconv.FormatInt(m, 10))
		b.WriteByte('m')
		if s == 0 {
			return b.String()
		}
	}
	b.WriteString(strconv.FormatInt(s, 10))
	b.WriteByte('s')
	return b.String()
}
