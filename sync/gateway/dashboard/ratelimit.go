package dashboard

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Sign-in rate limits: failed attempts counted over a sliding window, per account
// name and per client address. Past the limit the password is not even checked.
const (
	limitWindow  = 15 * time.Minute
	limitPerName = 5
	limitPerAddr = 20
	limitMaxKeys = 10000 // memory bound: the oldest entries go first
)

// limiter counts failed sign-ins in memory (per gateway process).
type limiter struct {
	mu   sync.Mutex
	now  func() time.Time
	hits map[string][]time.Time // key → failure times within the window
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, hits: map[string][]time.Time{}}
}

func nameKey(name string) string { return "n:" + strings.ToLower(strings.TrimSpace(name)) }

func addrKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "a:" + host
}

// recent drops the failures older than the window and returns those left.
func (l *limiter) recent(key string, now time.Time) []time.Time {
	ts := l.hits[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= limitWindow {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.hits, key)
	} else {
		l.hits[key] = ts
	}
	return ts
}

// blocked reports whether a sign-in as name from r must be refused, and when the
// oldest counted failure leaves the window.
func (l *limiter) blocked(r *http.Request, name string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var wait time.Duration
	block := false
	for _, k := range []struct {
		key   string
		limit int
	}{{nameKey(name), limitPerName}, {addrKey(r), limitPerAddr}} {
		ts := l.recent(k.key, now)
		if len(ts) >= k.limit {
			block = true
			wait = max(wait, limitWindow-now.Sub(ts[len(ts)-k.limit]))
		}
	}
	return block, wait
}

// fail counts a failed sign-in as name from r.
func (l *limiter) fail(r *http.Request, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.hits) >= limitMaxKeys {
		for k := range l.hits {
			if l.recent(k, now); len(l.hits) < limitMaxKeys/2 {
				break
			}
		}
		for k := range l.hits { // still full: forget arbitrary entries
			if len(l.hits) < limitMaxKeys/2 {
				break
			}
			delete(l.hits, k)
		}
	}
	for _, k := range []string{nameKey(name), addrKey(r)} {
		l.hits[k] = append(l.hits[k], now)
	}
}

// succeed forgets the name's failures (the address keeps its count).
func (l *limiter) succeed(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.hits, nameKey(name))
}
