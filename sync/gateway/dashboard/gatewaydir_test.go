//go:build !windows

package dashboard_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
)

// gatewayDir is the data directory of the real gateway process that a Chromium test
// drives: Chromium's path, the built binary, the directory, and the sample catalog
// written into it (for `--catalog`).
type gatewayDir struct {
	t        *testing.T
	chromium string
	bin      string
	dir      string
	catalog  string
}

// newGatewayDir skips the test without Chromium (chromiumPath), before building.
func newGatewayDir(t *testing.T) *gatewayDir {
	t.Helper()
	g := &gatewayDir{t: t, chromium: chromiumPath(t)}
	g.bin, g.dir = buildGateway(t), t.TempDir()
	g.catalog = filepath.Join(g.dir, "catalog.json")
	if err := os.WriteFile(g.catalog, assets.SampleCatalog(), 0o644); err != nil {
		t.Fatal(err)
	}
	return g
}

// run runs a city's command (`gateway ARGS… --data DIR`) and answers its stdout.
func (g *gatewayDir) run(stdin string, args ...string) string {
	g.t.Helper()
	return gwtest.GatewayCLI(g.t, g.bin, stdin, append(args, "--data", g.dir)...)
}

// cliKiosk is a kiosk added with `gateway kiosk add`.
type cliKiosk struct{ id, secret, name, commune string }

// addKiosks adds a kiosk per {name, commune}, in order.
func (g *gatewayDir) addKiosks(kiosks ...[2]string) []cliKiosk {
	g.t.Helper()
	var ks []cliKiosk
	for _, k := range kiosks {
		kk := cliKiosk{name: k[0], commune: k[1]}
		kk.id, kk.secret = gwtest.KioskCredentials(g.t, g.run("", "kiosk", "add", k[0], "--commune", k[1]))
		ks = append(ks, kk)
	}
	return ks
}

// withStore opens the directory's store (while the gateway is not running, or to read
// what it wrote) for f, and closes it.
func (g *gatewayDir) withStore(f func(s gwstore.Interface)) {
	g.t.Helper()
	s, err := gwstore.Open(context.Background(), filepath.Join(g.dir, "gateway.db"), g.dir)
	if err != nil {
		g.t.Fatal(err)
	}
	defer s.Close()
	f(s)
}
