package dashboard

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"
)

// Sign-in throttling slows guessing without letting anyone lock a real user out.
//
// Failures are counted per account name and client address together, and per account
// name alone, in the gateway store (so they survive a restart and every gateway on one
// PostgreSQL shares them). A pair gets freePerPair tries, then waits 1 s, 2 s, 4 s …
// (at most maxDelay) after each further failure. The name-wide count (a guesser
// spread over many addresses) delays only addresses that have themselves failed on
// that name: the real user, signing in from an address that did not fail, is never
// made to wait, whatever an attacker does from elsewhere. A success clears its pair.
// Behind a proxy every user shares the proxy's address, but the pair key still
// separates them by name, so one user's failures (or an attacker's) delay no one else.
const (
	throttleWindow = 15 * time.Minute // a count is forgotten this long after its last failure
	freePerPair    = 3
	freePerName    = 10
	maxDelay       = 15 * time.Minute
)

// delayAfter is the wait after the last of failures when free come without one.
func delayAfter(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	return min(time.Second<<min(failures-free, 20), maxDelay)
}

func nameKey(name string) string { return "n:" + strings.ToLower(strings.TrimSpace(name)) }

// pairKey is the key of a name from r's address (an IP has no space; a name may).
func pairKey(r *http.Request, name string) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "p:" + host + " " + strings.ToLower(strings.TrimSpace(name))
}

// signInWait returns how long a sign-in as name from r must still wait (0: go ahead).
func (d *Dashboard) signInWait(ctx context.Context, r *http.Request, name string) (time.Duration, error) {
	pk, nk := pairKey(r, name), nameKey(name)
	m, err := d.store.LoginFailures(ctx, []string{pk, nk})
	if err != nil {
		return 0, err
	}
	now := d.now()
	var wait time.Duration
	if p, ok := m[pk]; ok {
		wait = max(wait, p.Last.Add(delayAfter(p.Failures, freePerPair)).Sub(now))
		if n, ok := m[nk]; ok {
			wait = max(wait, n.Last.Add(delayAfter(n.Failures, freePerName)).Sub(now))
		}
	}
	return max(wait, 0), nil
}

// signInFailed counts a failed sign-in as name from r.
func (d *Dashboard) signInFailed(ctx context.Context, r *http.Request, name string) error {
	return d.store.RecordLoginFailure(ctx, []string{pairKey(r, name), nameKey(name)}, d.now(), throttleWindow)
}

// signedIn forgets the failures of name from r's address.
func (d *Dashboard) signedIn(ctx context.Context, r *http.Request, name string) error {
	return d.store.ClearLoginFailures(ctx, []string{pairKey(r, name)})
}
