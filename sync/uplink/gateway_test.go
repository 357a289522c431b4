package uplink

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// testGateway is a real gateway on loopback with one registered kiosk, and its store
// opened beside it for the test's checks.
type testGateway struct {
	URL    string
	ID     string
	Secret string
	Store  gwstore.Interface
	dsn    string
}

// pgDSN returns KIOSK_TEST_PG_DSN, skipping (or failing under KIOSK_TEST_REQUIRE_ALL)
// when it is not set.
func pgDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("KIOSK_TEST_PG_DSN")
	if dsn == "" {
		if os.Getenv("KIOSK_TEST_REQUIRE_ALL") == "1" {
			t.Fatal("KIOSK_TEST_PG_DSN is not set (scripts/test.sh starts PostgreSQL)")
		}
		t.Skip("KIOSK_TEST_PG_DSN not set: PostgreSQL mode skipped")
	}
	return dsn
}

// startGateway starts a gateway on SQLite (backend "sqlite") or on a fresh PostgreSQL
// database (backend "postgres") and registers a kiosk.
func startGateway(t testing.TB, backend string) *testGateway {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dsn := filepath.Join(dir, "gateway.db")
	if backend == "postgres" {
		admin := pgDSN(t)
		d, drop, err := gwtest.NewPGDatabase(ctx, admin, "uplink_test")
		if err != nil {
			t.Fatalf("postgres database: %v", err)
		}
		t.Cleanup(func() { drop() })
		dsn = d
	}
	gs, err := gwstore.Open(ctx, dsn, filepath.Join(dir, "data"))
	if err != nil {
		t.Fatalf("gateway store: %v", err)
	}
	t.Cleanup(func() { gs.Close() })
	cat, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := gateway.New(gateway.Config{Store: gs, Catalog: cat, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	})
	k := gwstore.Kiosk{ID: "k-" + filepath.Base(dir), Name: "Nhà văn hóa " + filepath.Base(dir), Secret: "s3cret-" + filepath.Base(dir), CreatedAt: time.Now()}
	if err := gs.AddKiosk(ctx, k); err != nil {
		t.Fatal(err)
	}
	return &testGateway{URL: "http://" + ln.Addr().String(), ID: k.ID, Secret: k.Secret, Store: gs, dsn: dsn}
}

// setStatus moves a dossier at the gateway (what the city's staff do).
func (g *testGateway) setStatus(t testing.TB, code, status, note string) {
	t.Helper()
	if _, err := g.Store.SetStatus(context.Background(), code, status, note, time.Now()); err != nil {
		t.Fatalf("gateway status %s → %s: %v", code, status, err)
	}
}

// checkExactlyOnce asserts the gateway holds exactly the kiosk's dossiers, once each,
// with distinct official codes, and every page byte-identical to what was saved.
func (g *testGateway) checkExactlyOnce(t testing.TB, k *kioskFixture) {
	t.Helper()
	ctx := context.Background()
	ds, err := g.Store.Dossiers(ctx, gwstore.DossierFilter{KioskID: g.ID})
	if err != nil {
		t.Fatal(err)
	}
	k.mu.Lock()
	want := map[string]bool{}
	for _, id := range k.ids {
		want[id] = true
	}
	pages := k.pages
	k.mu.Unlock()
	if len(ds) != len(want) {
		t.Errorf("gateway holds %d dossiers, the kiosk saved %d", len(ds), len(want))
	}
	codes := map[string]string{}
	for _, d := range ds {
		if !want[d.ID] {
			t.Errorf("gateway holds dossier %s the kiosk never saved", d.ID)
		}
		if prev, dup := codes[d.OfficialCode]; dup {
			t.Errorf("official code %s given to %s and %s", d.OfficialCode, prev, d.ID)
		}
		codes[d.OfficialCode] = d.ID
		delete(want, d.ID)
	}
	for id := range want {
		t.Errorf("dossier %s never reached the gateway", id)
	}
	for sha, data := range pages {
		got, err := g.Store.Page(ctx, sha)
		if err != nil {
			t.Errorf("page %s at the gateway: %v", sha[:12], err)
			continue
		}
		if !equalBytes(got, data) {
			t.Errorf("page %s differs at the gateway (%d bytes vs %d)", sha[:12], len(got), len(data))
		}
	}
}

func gwDossierFilter(g *testGateway) gwstore.DossierFilter { return gwstore.DossierFilter{KioskID: g.ID} }
