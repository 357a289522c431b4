package uplink

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// After an error-free round, a dossier backed off in an earlier round is sent within
// a second of its due time, not at the next interval (an hour here).
func TestLoopWakesAtTheEarliestDueDossier(t *testing.T) {
	g := startGateway(t, "sqlite")
	f := startForger(t, g, failDossierPUTs(1))
	k := newKiosk(t, nil)
	k.importCatalog(t, testCatalog(t))
	d := k.saveDossiers(t, 51, 1, 1, 8<<10, false)[0]
	u := newUplink(t, k, g, f.URL, newFakeClock(), func(c *Config) {
		c.Now = time.Now
		c.Interval = time.Hour
		c.ProbeBackoff = Backoff{Min: 20 * time.Millisecond, Max: 50 * time.Millisecond}
		c.Backoff = Backoff{Min: 1500 * time.Millisecond, Max: 1500 * time.Millisecond, Jitter: -1}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := u.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer u.Stop()
	var due time.Time
	waitFor(t, "the first attempt failed", 5*time.Second, func() bool {
		got := k.dossier(t, d.ID)
		due = got.NextAttempt
		return got.Attempts == 1 && got.State == store.Queued && !due.IsZero()
	})
	// The link is fine: the loop's next round is clean while the dossier waits.
	waitFor(t, "a clean round while the dossier waits", 5*time.Second, func() bool {
		s := u.Status()
		return s.Online && s.LastError == "" && !s.LastSync.IsZero()
	})
	waitFor(t, "the dossier sent", time.Until(due)+3*time.Second, func() bool { return k.dossier(t, d.ID).State == store.Accepted })
	if late := time.Since(due); late > time.Second {
		t.Errorf("sent %v after its due time, want within 1 s", late)
	}
}

// A kiosk whose data directory was given as a relative path syncs from any working
// directory, page paths written by older versions relative to the working directory
// of that time included.
func TestRelativeDataDirectoryFromAnyDirectory(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	root := t.TempDir()
	for _, d := range []string{"a", "b/c"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cat := testCatalog(t)
	t.Chdir(filepath.Join(root, "a"))
	st, err := store.Open(ctx, "data/kiosk.db", store.Options{PageDir: "data/pages"})
	if err != nil {
		t.Fatal(err)
	}
	k := &kioskFixture{st: st, dir: filepath.Join(root, "a", "data"), pages: map[string][]byte{}}
	k.importCatalog(t, cat)
	saved := k.saveDossiers(t, 61, 2, 2, 8<<10, false)
	st.Close()
	// An older kiosk stored "data/pages/<id>/<file>" (relative to its working directory).
	db := filepath.Join(root, "a", "data", "kiosk.db")
	raw, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.ExecContext(ctx, `UPDATE pages SET path = 'data/pages/' || path WHERE dossier_id = ?`, saved[0].ID); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	t.Chdir(filepath.Join(root, "b", "c"))
	st, err = store.Open(ctx, "../../a/data/kiosk.db", store.Options{PageDir: "../../a/data/pages"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k.st = st
	u := newUplink(t, k, g, "", newFakeClock())
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 2 || rep.Rejected != 0 {
		t.Fatalf("sync from another directory: %+v, %v", rep, err)
	}
	g.checkExactlyOnce(t, k)
}

// A page file that vanished from the kiosk is a local problem shown to staff: the
// dossier waits with the reason, is never "rejected by the gateway", and the round
// goes on with the others.
func TestMissingPageFileIsALocalError(t *testing.T) {
	ctx := context.Background()
	g, clk, k := sqliteRig(t)
	saved := k.saveDossiers(t, 71, 3, 2, 8<<10, false)
	if err := os.Remove(saved[1].Pages[1].Path); err != nil {
		t.Fatal(err)
	}
	var logs strings.Builder
	u := newUplink(t, k, g, "", clk, func(c *Config) {
		c.Logf = func(f string, a ...any) { logs.WriteString(strings.TrimSpace(fmt.Sprintf(f, a...)) + "\n") }
	})
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 2 || rep.Rejected != 0 || rep.LocalErrors != 1 {
		t.Fatalf("sync with a page file gone: %+v, %v", rep, err)
	}
	got := k.dossier(t, saved[1].ID)
	if got.State != store.Queued || got.Failure != store.FailLocalPage || got.LastError == "" || got.RejectReason != "" {
		t.Errorf("dossier with a lost page: state %s, failure %q, last error %q, reject reason %q", got.State, got.Failure, got.LastError, got.RejectReason)
	}
	if strings.Contains(logs.String(), "rejected by the gateway") {
		t.Errorf("a local problem was logged as a gateway refusal:\n%s", logs.String())
	}
}

// Re-registered against another gateway, a kiosk sends that gateway every day of
// usage it holds, and asks it only about the dossiers it knows (the change feed),
// never one GET per old dossier.
func TestReRegisterResendsUsageAndAsksOnlyKnownDossiers(t *testing.T) {
	ctx := context.Background()
	g1 := startGateway(t, "sqlite")
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	days := []time.Time{clk.Now().AddDate(0, 0, -60), clk.Now().AddDate(0, 0, -3), clk.Now()}
	for _, d := range days {
		if err := k.st.Record(ctx, store.Event{At: d, Kind: store.EvSessionStarted}); err != nil {
			t.Fatal(err)
		}
	}
	k.saveDossiers(t, 81, 20, 1, 4<<10, false)
	u := newUplink(t, k, g1, "", clk)
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 20 || rep.UsageDays != 3 {
		t.Fatalf("first gateway: %+v, %v", rep, err)
	}

	g2 := startGateway(t, "sqlite")
	f := startForger(t, g2, nil)
	u2 := newUplink(t, k, g2, f.URL, clk) // `kiosk register` against the new gateway
	k.saveDossiers(t, 82, 2, 1, 4<<10, false)
	rep, err := u2.Sync(ctx)
	if err != nil || rep.Accepted != 2 || rep.UsageDays != 3 {
		t.Fatalf("new gateway: %+v, %v; want the 2 new dossiers and all 3 days", rep, err)
	}
	ud, err := g2.Store().Usage(ctx, gwstore.UsageFilter{KioskID: g2.ID})
	if err != nil || len(ud) != 3 {
		t.Fatalf("usage at the new gateway: %d days, %v", len(ud), err)
	}
	if n := f.count(http.MethodGet, "/api/v1/dossiers/"); n != 0 {
		t.Errorf("%d per-dossier status GETs to the new gateway", n)
	}
	changes := f.count(http.MethodGet, wire.ChangesPath)
	if rep, err = u2.Sync(ctx); err != nil || rep.UsageDays != 0 || rep.StatusUpdates != 0 {
		t.Errorf("a round with nothing new: %+v, %v", rep, err)
	}
	if n := f.count(http.MethodGet, wire.ChangesPath) - changes; n != 1 {
		t.Errorf("%d change feed requests in a quiet round, want 1", n)
	}
}

// Status pulls cost one request per round plus one per page of changes, whatever the
// number of unfinished dossiers; a change is applied once.
func TestStatusPullIsOChanges(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	f := startForger(t, g, nil)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	saved := k.saveDossiers(t, 91, 60, 1, 2<<10, false)
	u := newUplink(t, k, g, f.URL, clk)
	if rep, err := u.Sync(ctx); err != nil || rep.Accepted != 60 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	before := f.count(http.MethodGet, wire.ChangesPath)
	for _, d := range saved[:3] {
		g.setStatus(t, k.dossier(t, d.ID).OfficialCode, wire.StatusProcessing, "")
	}
	rep, err := u.Sync(ctx)
	if err != nil || rep.StatusUpdates != 3 {
		t.Fatalf("pull: %+v, %v; want 3 updates", rep, err)
	}
	if n := f.count(http.MethodGet, wire.ChangesPath) - before; n != 1 {
		t.Errorf("%d change feed requests for 3 changes among 60 dossiers, want 1", n)
	}
	if n := f.count(http.MethodGet, "/api/v1/dossiers/"); n != 0 {
		t.Errorf("%d per-dossier GETs", n)
	}
	if rep, _ = u.Sync(ctx); rep.StatusUpdates != 0 {
		t.Errorf("changes applied twice: %d", rep.StatusUpdates)
	}
	for _, d := range saved[:3] {
		if got := k.dossier(t, d.ID); got.Status != wire.StatusProcessing {
			t.Errorf("%s: status %q", d.ReceiptCode, got.Status)
		}
	}
}

// The bandwidth budget: pages beyond the daily cap wait for the next day, and outside
// the time window nothing goes; staff see why (Progress) and the round is not a
// failure.
func TestBandwidthBudget(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	clk := gwtest.NewClock(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	k.saveDossiers(t, 101, 3, 1, 400<<10, false)
	u := newUplink(t, k, g, "", clk, func(c *Config) {
		c.Budget = Budget{DailyMB: 1, Window: "08:00-17:00"}
		c.Location = time.UTC
	})
	rep, err := u.Sync(ctx)
	if err != nil || rep.Accepted != 2 || rep.Remaining != 1 {
		t.Fatalf("with a 1 MB cap: %+v, %v; want 2 of 3 dossiers of 400 KB", rep, err)
	}
	p := u.Status()
	if p.BudgetWait == "" || !p.BudgetUntil.Equal(time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC)) || p.BytesToday < 700<<10 || p.BudgetMB != 1 {
		t.Errorf("progress %+v: want the cap shown, lifting at tomorrow's window", p)
	}
	if !rep.BudgetUntil.Equal(p.BudgetUntil) {
		t.Errorf("report's budget wait %v", rep.BudgetUntil)
	}
	// Next day, before the window opens: nothing.
	clk.Add(20 * time.Hour) // 06:00
	if rep, err = u.Sync(ctx); err != nil || rep.Accepted != 0 {
		t.Fatalf("outside the window: %+v, %v", rep, err)
	}
	if p := u.Status(); !strings.Contains(p.BudgetWait, "08:00-17:00") {
		t.Errorf("outside the window, staff see %q", p.BudgetWait)
	}
	clk.Add(3 * time.Hour) // 09:00, a fresh day's cap
	if rep, err = u.Sync(ctx); err != nil || rep.Accepted != 1 {
		t.Fatalf("in the window the next day: %+v, %v", rep, err)
	}
	if p := u.Status(); p.BudgetWait != "" || p.BytesToday > 500<<10 {
		t.Errorf("progress after the last page: %+v", p)
	}
	g.checkExactlyOnce(t, k)
}

// A link that works but slowly is reported as slow with its rate, not as down.
func TestSlowLinkIsReportedSlow(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	p := startRuralLink(t, g, 100<<10, 0)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	k.importCatalog(t, testCatalog(t))
	k.saveDossiers(t, 111, 1, 1, 350<<10, false)
	u := newUplink(t, k, g, p.URL(), clk)
	start := time.Now()
	rep, err := u.Sync(ctx)
	elapsed := time.Since(start)
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	// The rate reported is the one the page actually crossed at: never above what the
	// 100 KB/s link lets through (with slack for its burst), never below the whole sync's
	// average (which also counts the dossier and the hand-shakes). A wall-clock floor
	// such as "at least 50 KB/s" would measure the machine's load, not the uplink.
	average := int64(float64(350<<10) / elapsed.Seconds())
	s := u.Status()
	if !s.Online || !s.SlowLink || s.LinkRate > 200<<10 || s.LinkRate < average*8/10 {
		t.Errorf("progress %+v after %v (page average %d B/s): want online, slow, at most about 100 KB/s and at least the average", s, elapsed, average)
	}
}
