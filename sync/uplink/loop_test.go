package uplink

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink/faultproxy"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The background loop: a Kick sends a saved dossier at once; while the gateway is
// unreachable the loop probes its health with backoff, and syncs as soon as it answers
// again, without waiting for the next interval; Stop ends it.
func TestLoopKickAndLinkComingBack(t *testing.T) {
	g := startGateway(t, "sqlite")
	p := startProxy(t, g, nil)
	k := newKiosk(t, nil)
	k.importCatalog(t, testCatalog(t))
	var mu sync.Mutex
	var seen []Progress
	u := newUplink(t, k, g, p.URL(), newFakeClock(), func(c *Config) {
		c.Now = time.Now
		c.Interval = time.Hour // only Kick and the link coming back may trigger rounds here
		c.ProbeBackoff = Backoff{Min: 20 * time.Millisecond, Max: 100 * time.Millisecond}
		c.Backoff = Backoff{Min: 10 * time.Millisecond, Max: 50 * time.Millisecond}
		c.Timeout = 500 * time.Millisecond
		c.OnChange = func(pr Progress) {
			mu.Lock()
			seen = append(seen, pr)
			mu.Unlock()
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := u.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := u.Start(ctx); !errors.Is(err, ErrRunning) {
		t.Errorf("second Start: %v, want ErrRunning", err)
	}
	waitFor(t, "first round online", 5*time.Second, func() bool { return u.Status().Online && !u.Status().LastSync.IsZero() })

	// A dossier saved while online goes up at once on Kick (the interval is an hour).
	d := k.saveDossiers(t, 10, 1, 1, 8<<10, false)[0]
	u.Kick()
	waitFor(t, "kicked dossier accepted", 5*time.Second, func() bool { return k.dossier(t, d.ID).State == store.Accepted })

	// The link goes down: a dossier saved now waits; the loop notices it is offline.
	if err := p.SetRefusing(true); err != nil {
		t.Fatal(err)
	}
	d2 := k.saveDossiers(t, 11, 1, 1, 8<<10, false)[0]
	u.Kick()
	waitFor(t, "offline noticed", 5*time.Second, func() bool { return !u.Status().Online })
	if st := k.dossier(t, d2.ID).State; st == store.Accepted {
		t.Fatal("accepted through a refusing link")
	}
	time.Sleep(150 * time.Millisecond) // a few probes fail
	// The link comes back: the dossier goes up without a Kick.
	if err := p.SetRefusing(false); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "dossier accepted after the link came back", 5*time.Second, func() bool { return k.dossier(t, d2.ID).State == store.Accepted })
	waitFor(t, "online again", 5*time.Second, func() bool { return u.Status().Online })

	u.Stop()
	u.Stop() // twice is harmless
	mu.Lock()
	n := len(seen)
	mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	if len(seen) != n {
		t.Error("progress still changing after Stop")
	}
	mu.Unlock()
	g.checkExactlyOnce(t, k)
}

// Stop during a stalled request returns promptly; the dossier stays in the outbox.
func TestStopDuringStalledSend(t *testing.T) {
	g := startGateway(t, "sqlite")
	p := startProxy(t, g, func(int) faultproxy.Fault { return faultproxy.Fault{Kind: faultproxy.Stall, N: 1000} })
	k := newKiosk(t, nil)
	k.importCatalog(t, testCatalog(t))
	d := k.saveDossiers(t, 12, 1, 1, 64<<10, false)[0]
	u := newUplink(t, k, g, p.URL(), newFakeClock(), func(c *Config) { c.Timeout = time.Minute; c.Now = time.Now })
	if err := u.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "round started", 5*time.Second, func() bool { return u.Status().Syncing })
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	u.Stop()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Stop took %v with a request stalled", d)
	}
	if st := k.dossier(t, d.ID).State; st == store.Accepted || st == store.Rejected {
		t.Errorf("dossier %s after a stopped send", st)
	}
}

// failingStore wraps the real store and fails chosen calls, to inject local faults.
type failingStore struct {
	Store
	acceptFailures atomic.Int32
}

var errInjected = errors.New("injected: disk I/O error")

func (f *failingStore) MarkAccepted(ctx context.Context, id, official string, status wire.Status) error {
	if f.acceptFailures.Add(-1) >= 0 {
		return errInjected
	}
	return f.Store.MarkAccepted(ctx, id, official, status)
}

// The gateway acknowledged but the kiosk could not record it: the round reports the
// store error, the dossier stays due, and the next round resends it and gets the same
// official code: still exactly once at the gateway.
func TestStoreFailureAfterAcknowledgement(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	d := k.saveDossiers(t, 13, 1, 2, 8<<10, false)[0]
	u := newUplink(t, k, g, "", clk)
	fs := &failingStore{Store: k.st}
	fs.acceptFailures.Store(1)
	u.st = fs
	rep, err := u.Sync(ctx)
	if !errors.Is(err, errInjected) || rep.Accepted != 0 {
		t.Fatalf("round 1: %+v, %v; want the injected store error", rep, err)
	}
	if st := k.dossier(t, d.ID).State; st != store.Queued && st != store.Sending {
		t.Fatalf("dossier %s after a failed MarkAccepted", st)
	}
	gd, err := g.Store().DossierByID(ctx, d.ID)
	if err != nil {
		t.Fatalf("the gateway should have it already: %v", err)
	}
	rep, err = u.Sync(ctx)
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("round 2: %+v, %v", rep, err)
	}
	if got := k.dossier(t, d.ID); got.OfficialCode != gd.OfficialCode {
		t.Errorf("official code %q after the resend, the gateway gave %q", got.OfficialCode, gd.OfficialCode)
	}
	g.checkExactlyOnce(t, k)
}
