package uplink

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// newUplink builds an uplink for kiosk k registered at g (through the settings, as
// `kiosk register` leaves them), on the fake clock, with fast timeouts.
func newUplink(t testing.TB, k *kioskFixture, g *testGateway, base string, clk *fakeClock, tweak ...func(*Config)) *Uplink {
	t.Helper()
	ctx := context.Background()
	if base == "" {
		base = g.URL
	}
	for key, v := range map[string]string{KeyGatewayURL: base, KeyKioskID: g.ID, KeyKioskSecret: g.Secret} {
		if err := k.st.SetSetting(ctx, key, v); err != nil {
			t.Fatal(err)
		}
	}
	cfg := Config{Now: clk.Now, Timeout: 2 * time.Second, Retries: 1, RetryWait: 10 * time.Millisecond, Logf: t.Logf}
	for _, f := range tweak {
		f(&cfg)
	}
	u, err := New(k.st, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestSyncSQLite(t *testing.T)   { testSync(t, "sqlite") }
func TestSyncPostgres(t *testing.T) { testSync(t, "postgres") }

// testSync walks a kiosk's whole life with the gateway: the catalog arrives, dossiers
// go up with their pages, usage figures follow, the city moves a dossier and the kiosk
// learns it, a resident looks a dossier up.
func testSync(t *testing.T, backend string) {
	ctx := context.Background()
	g := startGateway(t, backend)
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	var changes []Progress
	u := newUplink(t, k, g, "", clk, func(c *Config) {
		c.Workers = 1 // deterministic page counts: the shared page is asked for after its upload
		c.OnChange = func(p Progress) { changes = append(changes, p) }
	})

	// 1. First contact: the catalog comes down, its ETag is kept.
	rep, err := u.Sync(ctx)
	if err != nil {
		t.Fatalf("first sync: %v", err)
	}
	if !rep.CatalogPulled {
		t.Fatal("the first sync did not import the gateway's catalog")
	}
	if v, _ := k.st.CatalogVersion(ctx); v != "test-1" {
		t.Fatalf("catalog version %q after the pull, want test-1", v)
	}
	etag, _ := k.st.CatalogETag(ctx)
	if etag == "" {
		t.Fatal("catalog ETag not saved")
	}
	if rep, err = u.Sync(ctx); err != nil || rep.CatalogPulled {
		t.Fatalf("second sync pulled the unchanged catalog again (pulled=%v, err=%v)", rep.CatalogPulled, err)
	}

	// 2. Dossiers up, pages first; the shared first page goes up once.
	saved := k.saveDossiers(t, 1, 4, 3, 40<<10, true)
	for _, ev := range []store.Event{
		{At: clk.Now(), Kind: store.EvSessionStarted},
		{At: clk.Now(), Kind: store.EvDossierStarted, Procedure: "1.001193"},
		{At: clk.Now(), Kind: store.EvDossierSubmitted, Procedure: "1.001193"},
		{At: clk.Now(), Kind: store.EvPagesScanned, Value: 3},
		{At: clk.Now(), Kind: store.EvSessionStarted},
		{At: clk.Now(), Kind: store.EvDossierStarted, Procedure: "1.000894"},
		{At: clk.Now(), Kind: store.EvSessionAbandoned},
	} {
		if err := k.st.Record(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	changes = nil
	rep, err = u.Sync(ctx)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if rep.Accepted != 4 || rep.Remaining != 0 || rep.Rejected != 0 || rep.Retrying != 0 {
		t.Fatalf("report %+v, want 4 accepted and nothing left", rep)
	}
	if rep.PagesUploaded != 9 || rep.PagesPresent != 3 {
		t.Errorf("pages uploaded %d, present %d; want 9 uploaded (1 shared + 4×2) and 3 found present", rep.PagesUploaded, rep.PagesPresent)
	}
	g.checkExactlyOnce(t, k)
	for _, d := range saved {
		got := k.dossier(t, d.ID)
		if got.State != store.Accepted || got.Status != wire.StatusReceived || !got.Purged {
			t.Errorf("dossier %s: state %s status %q purged %v", d.ReceiptCode, got.State, got.Status, got.Purged)
		}
		if _, err := wire.ParseOfficialCode(got.OfficialCode); err != nil {
			t.Errorf("dossier %s: official code: %v", d.ReceiptCode, err)
		}
	}
	// Progress: bytes and dossiers counted up to the totals, online at the end.
	last := u.Status()
	if !last.Online || last.LastError != "" || last.DoneDossiers != 4 || last.QueuedDossiers != 0 ||
		last.BytesDone != last.BytesTotal || last.BytesTotal == 0 || last.LastSync.IsZero() {
		t.Errorf("final progress %+v", last)
	}
	sawPartial := false
	for _, p := range changes {
		if p.Syncing && p.BytesDone > 0 && p.BytesDone < p.BytesTotal {
			sawPartial = true
		}
	}
	if !sawPartial {
		t.Error("OnChange never reported a round in progress")
	}

	// 3. Usage: today's absolute figures are at the gateway; unchanged days are not resent.
	if rep.UsageDays != 1 {
		t.Errorf("usage days pushed %d, want 1", rep.UsageDays)
	}
	day := clk.Now().Format(wire.DayLayout)
	ud, err := g.Store().Usage(ctx, gwstore.UsageFilter{KioskID: g.ID, From: day, To: day})
	// Dossiers started travel too: the gateway's completion is submitted / started (1 of 2).
	if err != nil || len(ud) != 1 || ud[0].Usage.Sessions != 2 || ud[0].Usage.Abandoned != 1 || ud[0].Usage.DossiersStarted != 2 ||
		ud[0].Usage.DossiersSubmitted != 1 || ud[0].Usage.PagesScanned != 3 {
		t.Fatalf("gateway usage %+v, %v", ud, err)
	}
	if rep, _ = u.Sync(ctx); rep.UsageDays != 0 {
		t.Errorf("unchanged usage pushed again (%d days)", rep.UsageDays)
	}
	if err := k.st.Record(ctx, store.Event{At: clk.Now(), Kind: store.EvSessionStarted}); err != nil {
		t.Fatal(err)
	}
	if rep, _ = u.Sync(ctx); rep.UsageDays != 1 {
		t.Errorf("changed day not pushed (%d days)", rep.UsageDays)
	}
	ud, _ = g.Store().Usage(ctx, gwstore.UsageFilter{KioskID: g.ID, From: day, To: day})
	if len(ud) != 1 || ud[0].Usage.Sessions != 3 || ud[0].Usage.DossiersStarted != 2 {
		t.Errorf("gateway usage after the second push %+v: want 3 sessions and 2 dossiers started (absolute, not added)", ud)
	}

	// 4. The city moves a dossier; the kiosk learns it on the next round, once.
	first := k.dossier(t, saved[0].ID)
	g.setStatus(t, first.OfficialCode, wire.StatusProcessing, "")
	if rep, err = u.Sync(ctx); err != nil || rep.StatusUpdates != 1 {
		t.Fatalf("status pull: %d updates, %v", rep.StatusUpdates, err)
	}
	if rep, err = u.Sync(ctx); err != nil || rep.StatusUpdates != 0 {
		t.Fatalf("status pulled again without a change: %d updates, %v", rep.StatusUpdates, err)
	}
	if got := k.dossier(t, first.ID); got.Status != wire.StatusProcessing {
		t.Errorf("local status %q, want processing", got.Status)
	}

	// 5. A resident's lookup, by receipt code (dashes and case as typed) and by official code.
	g.setStatus(t, first.OfficialCode, wire.StatusNeedsMore, "Thiếu bản sao CCCD")
	typed := strings.ToLower(strings.ReplaceAll(first.ReceiptCode, "-", ""))
	s, err := u.Lookup(ctx, typed)
	if err != nil {
		t.Fatalf("lookup %s: %v", typed, err)
	}
	if s.ID != first.ID || s.Status != wire.StatusNeedsMore || s.Note != "Thiếu bản sao CCCD" || s.OfficialCode != first.OfficialCode {
		t.Errorf("lookup answer %+v", s)
	}
	if got := k.dossier(t, first.ID); got.Status != wire.StatusNeedsMore {
		t.Errorf("lookup did not update the local status: %q", got.Status)
	}
	// By the (sequential) official code, the status but not the dossier's id.
	if s, err = u.Lookup(ctx, first.OfficialCode); err != nil || s.ID != "" || s.Status != wire.StatusNeedsMore {
		t.Errorf("lookup by official code: %+v, %v", s, err)
	}
	if _, err := u.Lookup(ctx, "ZZZZ-9999"); !errors.Is(err, ErrNotFound) {
		t.Errorf("lookup of an unknown code: %v, want ErrNotFound", err)
	}
}
