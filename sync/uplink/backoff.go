package uplink

import (
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff is the retry policy for transient failures: capped exponential growth with
// jitter, never shorter than what the server asked for in Retry-After.
type Backoff struct {
	Min    time.Duration  // first delay; default 5 s
	Max    time.Duration  // cap of the exponential part; default 15 min
	Factor float64        // growth per failed attempt; default 2
	Jitter float64        // ± fraction of the delay, 0..1; default 0.2
	Rand   func() float64 // uniform in [0,1); default math/rand/v2
	// MaxRetryAfter caps a server's Retry-After (a broken proxy asking for a day must
	// not stall the kiosk that long); default 1 h.
	MaxRetryAfter time.Duration
}

// DefaultBackoff is 5 s, 10 s, 20 s … capped at 15 min, ±20 %.
var DefaultBackoff = Backoff{Min: 5 * time.Second, Max: 15 * time.Minute, Factor: 2, Jitter: 0.2, MaxRetryAfter: time.Hour}

func (b Backoff) withDefaults() Backoff {
	d := DefaultBackoff
	if b.Min > 0 {
		d.Min = b.Min
	}
	if b.Max > 0 {
		d.Max = b.Max
	}
	if d.Max < d.Min {
		d.Max = d.Min
	}
	if b.Factor >= 1 {
		d.Factor = b.Factor
	}
	if b.Jitter > 0 && b.Jitter <= 1 {
		d.Jitter = b.Jitter
	} else if b.Jitter < 0 {
		d.Jitter = 0
	}
	if b.MaxRetryAfter > 0 {
		d.MaxRetryAfter = b.MaxRetryAfter
	}
	d.Rand = b.Rand
	if d.Rand == nil {
		d.Rand = rand.Float64
	}
	return d
}

// Delay is how long to wait after the given number of failed attempts (1 for the
// first failure). retryAfter is the server's Retry-After (0 when none): the delay is
// never shorter than it (up to MaxRetryAfter).
func (b Backoff) Delay(failures int, retryAfter time.Duration) time.Duration {
	b = b.withDefaults()
	if failures < 1 {
		failures = 1
	}
	exp := float64(b.Min) * math.Pow(b.Factor, float64(failures-1))
	if exp > float64(b.Max) || math.IsInf(exp, 0) || math.IsNaN(exp) {
		exp = float64(b.Max)
	}
	d := time.Duration(exp * (1 + b.Jitter*(2*b.Rand()-1)))
	if d > b.Max {
		d = b.Max
	}
	if d < b.Min {
		d = b.Min
	}
	if retryAfter > b.MaxRetryAfter {
		retryAfter = b.MaxRetryAfter
	}
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date relative to
// now, at most a day. It returns 0 when the header is absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, 24*time.Hour)
		}
	}
	return 0
}
