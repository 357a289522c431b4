package uplink

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
)

func startProxy(t testing.TB, g *testGateway, choose faultproxy.Chooser) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.New(strings.TrimPrefix(g.URL, "http://"), choose)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// drainUntilDone runs rounds (moving the outbox clock an hour between them, so every
// backoff is over) until the outbox is empty.
func drainUntilDone(t testing.TB, ctx context.Context, u *Uplink, k *kioskFixture, clk *fakeClock, between func()) int {
	t.Helper()
	rounds := 0
	for ctx.Err() == nil {
		rounds++
		rep, err := u.Sync(ctx)
		if err == nil && rep.Remaining == 0 {
			return rounds
		}
		if errors.Is(err, ErrUnauthorized) {
			t.Fatalf("round %d: %v", rounds, err)
		}
		clk.Add(time.Hour)
		if between != nil {
			between()
		}
	}
	t.Fatalf("outbox not drained after %d rounds: %v", rounds, k.counts(t))
	return rounds
}

func TestFaultsExactlyOnceSQLite(t *testing.T)   { testFaultsExactlyOnce(t, "sqlite") }
func TestFaultsExactlyOncePostgres(t *testing.T) { testFaultsExactlyOnce(t, "postgres") }

// Every kind of network fault between the uplink and the gateway, at random points of
// the byte streams: N dossiers saved → exactly N at the gateway, every page
// byte-identical, none twice, none rejected.
func testFaultsExactlyOnce(t *testing.T, backend string) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second) // a liveness bound: on a loaded 2-core CI machine the resumable uploads took 40 s once
	defer cancel()
	g := startGateway(t, backend)
	p := startProxy(t, g, faultproxy.Mix(42, map[faultproxy.Kind]int{
		faultproxy.Pass: 2, faultproxy.Reset: 3, faultproxy.Truncate: 3, faultproxy.Stall: 1,
		faultproxy.Respond: 3, faultproxy.Drop: 1,
	}, 300<<10))
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	const n = 24
	k.saveDossiers(t, 2, n, 3, 50<<10, false)
	u := newUplink(t, k, g, p.URL(), clk, func(c *Config) { c.Timeout = 400 * time.Millisecond })
	// Link flaps: every open connection is cut now and then, wherever its bytes are.
	flaps := time.NewTicker(70 * time.Millisecond)
	defer flaps.Stop()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-flaps.C:
				p.CutAll()
			}
		}
	}()

	refusals := 0
	rounds := drainUntilDone(t, ctx, u, k, clk, func() {
		p.CutAll() // new connections every round: faults keep coming
		if refusals < 3 {
			refusals++
			p.SetRefusing(true)
			if _, err := u.Sync(ctx); !errors.Is(err, ErrOffline) {
				t.Errorf("sync while the gateway refuses connections: %v, want ErrOffline", err)
			}
			if u.Status().Online {
				t.Error("progress says online while connections are refused")
			}
			clk.Add(time.Hour)
			p.SetRefusing(false)
		}
	})
	c := k.counts(t)
	if c[store.Accepted] != n || c[store.Rejected] != 0 {
		t.Fatalf("outbox %v, want all %d accepted", c, n)
	}
	g.checkExactlyOnce(t, k)
	hit := 0
	for _, id := range k.ids {
		if k.dossier(t, id).Attempts > 0 { // failed attempts
			hit++
		}
	}
	if hit < 2 { // most faults are absorbed by the quick resends within an attempt
		t.Errorf("only %d of %d dossiers had a failed attempt: the faults did not bite", hit, n)
	}
	counts := p.Counts()
	for _, kind := range []string{"reset", "truncate", "stall", "respond", "drop"} {
		if counts[kind] == 0 {
			t.Errorf("the proxy never injected %q (counts %v): the test proves less than it claims", kind, counts)
		}
	}
	t.Logf("%d rounds, %d dossiers retried, proxy connections %v", rounds, hit, counts)
}

// An unsigned 200 that even looks like an acknowledgement (a captive portal, a proxy)
// is never taken for one: the dossier stays queued with the reason.
func TestForeignAnswersAreNeverAcknowledgements(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	for _, canned := range [][]byte{faultproxy.CaptivePortal, faultproxy.CaptivePortalJSON, faultproxy.InternalError, faultproxy.ServiceUnavailable} {
		p := startProxy(t, g, func(int) faultproxy.Fault { return faultproxy.Fault{Kind: faultproxy.Respond, Canned: canned} })
		clk := newFakeClock()
		k := newKiosk(t, clk.Now)
		k.importCatalog(t, testCatalog(t))
		d := k.saveDossiers(t, 3, 1, 1, 10<<10, false)[0]
		u := newUplink(t, k, g, p.URL(), clk)
		rep, err := u.Sync(ctx)
		if !errors.Is(err, ErrNotGateway) {
			t.Errorf("%.20q: sync error %v, want ErrNotGateway", canned, err)
		}
		got := k.dossier(t, d.ID)
		if rep.Accepted != 0 || got.State != store.Queued || !strings.Contains(got.LastError, "not the gateway's answer") {
			t.Errorf("%.20q: accepted %d, state %s, last error %q", canned, rep.Accepted, got.State, got.LastError)
		}
		if !got.NextAttempt.After(clk.Now()) {
			t.Errorf("%.20q: no backoff after a foreign answer (next %v)", canned, got.NextAttempt)
		}
		if st := u.Status(); st.Online || st.LastError == "" {
			t.Errorf("%.20q: progress %+v, want offline with the error", canned, st)
		}
		if ds, _ := g.Store().Dossiers(ctx, gwDossierFilter(g)); len(ds) != 0 {
			t.Errorf("%.20q: gateway got %d dossiers through a proxy that never forwards", canned, len(ds))
		}
	}
}

// A connection reset in the middle of a page's bytes: the quick resend within the
// attempt sends the whole page again (not an empty body), so the round succeeds.
func TestResetMidBodyResendsWholeBody(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	p := startProxy(t, g, faultproxy.Sequence(
		faultproxy.Fault{Kind: faultproxy.Reset, N: 30 << 10},
		faultproxy.Fault{Kind: faultproxy.Truncate, N: 100},
	))
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	k.saveDossiers(t, 9, 1, 2, 100<<10, false)
	u := newUplink(t, k, g, p.URL(), clk, func(c *Config) { c.Retries = 3; c.Workers = 1 })
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 1 || rep.Retrying != 0 {
		t.Fatalf("sync: %+v, %v; want accepted within the attempt", rep, err)
	}
	if c := p.Counts(); c["reset"] != 1 || c["truncate"] != 1 {
		t.Fatalf("faults injected %v", c)
	}
	g.checkExactlyOnce(t, k)
}

// A link that stalls past the progress timeout: the attempt fails as "stalled" (not
// "unreachable"), is counted, and the dossier backs off (a transient failure, not a
// stopped round).
func TestStallPastTimeoutBacksOff(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	// Past the request head, into the page's bytes.
	p := startProxy(t, g, func(int) faultproxy.Fault { return faultproxy.Fault{Kind: faultproxy.Stall, N: 2000} })
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	d := k.saveDossiers(t, 16, 1, 1, 20<<10, false)[0]
	u := newUplink(t, k, g, p.URL(), clk, func(c *Config) {
		c.Timeout, c.StallTimeout, c.Retries = 200*time.Millisecond, 200*time.Millisecond, 1
	})
	start := time.Now()
	rep, err := u.Sync(ctx)
	if !errors.Is(err, ErrStalled) || rep.Retrying != 1 {
		t.Fatalf("sync through a stall: %+v, %v", rep, err)
	}
	if el := time.Since(start); el > 3*time.Second {
		t.Errorf("a stalled gateway held the round %v (timeout 200 ms, 1 resend)", el)
	}
	got := k.dossier(t, d.ID)
	if got.Attempts != 1 || !got.NextAttempt.After(clk.Now()) || got.State != store.Queued {
		t.Errorf("after the stall: attempts %d, next in %v, state %s", got.Attempts, got.NextAttempt.Sub(clk.Now()), got.State)
	}
}
