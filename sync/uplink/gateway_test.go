package uplink

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// gatewayBin is cmd/gateway, built once into binDir by the first test that needs it.
var (
	buildOnce       sync.Once
	binDir          string
	gatewayBin      string
	gatewayBuildErr error
)

// gatewayBinary builds cmd/gateway on first use.
func gatewayBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, gatewayBuildErr = os.MkdirTemp("", "uplink-test-bin-")
		if gatewayBuildErr == nil {
			gatewayBin, gatewayBuildErr = gwtest.BuildGateway(binDir)
		}
	})
	if gatewayBuildErr != nil {
		t.Fatalf("no gateway binary: %v", gatewayBuildErr)
	}
	return gatewayBin
}

// testGateway is a real gateway process on loopback with one kiosk registered through
// `gateway kiosk add`.
type testGateway struct {
	URL    string
	ID     string
	Secret string
	db     string // SQLite file or postgres:// DSN
	data   string
	logs   *gwtest.Buffer // every serve process's stderr

	once  sync.Once
	store gwstore.Interface
	t     testing.TB
}

// startGateway starts `gateway serve` on SQLite (backend "sqlite") or on a fresh
// PostgreSQL database (backend "postgres"), serving testdata/catalog.json, and
// registers a kiosk. It is stopped with SIGTERM at cleanup.
func startGateway(t testing.TB, backend string) *testGateway {
	t.Helper()
	gatewayBinary(t)
	dir := t.TempDir()
	g := &testGateway{db: filepath.Join(dir, "gateway.db"), data: filepath.Join(dir, "data"), logs: &gwtest.Buffer{}, t: t}
	if backend == "postgres" {
		g.db = gwtest.PGDatabase(t, "uplink_test")
	}
	g.ID, g.Secret = gwtest.KioskCredentials(t, g.cli(t, "kiosk", "add", "Nhà văn hóa ấp Thới "+filepath.Base(dir), "--commune", "Thới Lai"))
	g.URL = g.serve(t)
	return g
}

func (g *testGateway) args() []string { return []string{"--db", g.db, "--data", g.data} }

// cli runs a gateway command (what city staff type) and returns its stdout.
func (g *testGateway) cli(t testing.TB, args ...string) string {
	t.Helper()
	return gwtest.GatewayCLI(t, gatewayBin, "", append(args, g.args()...)...)
}

// serve starts one `gateway serve` process on the store and returns its URL (http; the
// caller swaps the scheme when extra asks for TLS).
func (g *testGateway) serve(t testing.TB, extra ...string) string {
	t.Helper()
	t.Cleanup(func() { // runs after the gateway's stop
		if t.Failed() {
			t.Logf("gateway log (tail):\n%s", tail(g.logs.String(), 3000))
		}
	})
	args := append([]string{"--catalog", "testdata/catalog.json", "--log-format", "text"}, g.args()...)
	return gwtest.ServeGateway(t, gatewayBin, g.logs, append(args, extra...)...).URL
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// Store opens the gateway's storage beside the running process, for the test's checks.
func (g *testGateway) Store() gwstore.Interface {
	g.once.Do(func() {
		st, err := gwstore.Open(context.Background(), g.db, g.data)
		if err != nil {
			g.t.Fatalf("open the gateway's store: %v", err)
		}
		g.store = st
		g.t.Cleanup(func() { st.Close() })
	})
	return g.store
}

// setStatus moves a dossier at the gateway with the city's CLI.
func (g *testGateway) setStatus(t testing.TB, code string, status wire.Status, note string) {
	t.Helper()
	args := []string{"dossier", "status", code, string(status)}
	if note != "" {
		args = append(args, "--note", note)
	}
	g.cli(t, args...)
}

func gwDossierFilter(g *testGateway) gwstore.DossierFilter {
	return gwstore.DossierFilter{KioskID: g.ID}
}

// checkExactlyOnce asserts the gateway holds exactly the kiosk's dossiers, once each,
// with distinct official codes, and every page byte-identical to what was saved.
func (g *testGateway) checkExactlyOnce(t testing.TB, k *kioskFixture) {
	t.Helper()
	ctx := context.Background()
	ds, err := g.Store().Dossiers(ctx, gwstore.DossierFilter{KioskID: g.ID})
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
		got, err := g.Store().Page(ctx, sha)
		if err != nil {
			t.Errorf("page %s at the gateway: %v", sha[:12], err)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("page %s differs at the gateway (%d bytes vs %d)", sha[:12], len(got), len(data))
		}
	}
}
