package main

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"aead.dev/minisign"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/update"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// The kiosk's updater against a gateway on loopback that publishes builds: a good
// newer build is downloaded, verified and staged; a tampered one, one cut short on
// the server, one signed by another key and an older one are refused, recorded for
// the heartbeat, and not downloaded again.
func TestUpdaterStagesGoodBuildsAndRefusesBadOnes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	gs, err := gwstore.OpenSQLite(ctx, filepath.Join(dir, "gw.db"), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer gs.Close()
	if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: "k1", Name: "k1", Secret: "s1", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	published := filepath.Join(dir, "published")
	os.MkdirAll(published, 0o755)
	srv, err := gateway.New(gateway.Config{Store: gs, Catalog: assets.SampleCatalog(), Updates: published,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	up, err := uplink.New(st, uplink.Config{GatewayURL: hs.URL, KioskID: "k1", Secret: "s1", Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	pub, key, _ := minisign.GenerateKey(rand.Reader)
	_, otherKey, _ := minisign.GenerateKey(rand.Reader)
	appDir := filepath.Join(dir, "app")
	x := &updater{up: up, dir: appDir, pub: pub, running: "1.4.0", logf: t.Logf, now: time.Now}
	name := filepath.Join(published, wire.BuildName(runtime.GOOS, runtime.GOARCH))
	publish := func(build []byte, sig []byte) {
		t.Helper()
		if err := os.WriteFile(name, build, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".minisig", sig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	report := updateReport(appDir)

	// Nothing published.
	if v, err := x.check(ctx); err != nil || v != "" {
		t.Fatalf("nothing published: %q %v", v, err)
	}
	build := []byte(strings.Repeat("kiosk build 1.5.0 ", 5000))
	for _, tc := range []struct {
		name, version string
		build, sig    []byte
		reason        string
	}{
		{"tampered", "1.5.0", append([]byte("X"), build[1:]...), update.Sign(key, "1.5.0", build), "bad_signature"},
		{"cut short on the server", "1.5.1", build[:len(build)/2], update.Sign(key, "1.5.1", build), "truncated"},
		{"another key", "1.5.2", build, update.Sign(otherKey, "1.5.2", build), "bad_signature"},
		{"older", "1.3.9", build, update.Sign(key, "1.3.9", build), "downgrade"},
	} {
		publish(tc.build, tc.sig)
		if v, err := x.check(ctx); err != nil || v != "" {
			t.Fatalf("%s: staged %q, %v", tc.name, v, err)
		}
		if r := report(); r.State != "refused" || r.Version != tc.version || r.Reason != tc.reason {
			t.Errorf("%s: heartbeat reports %+v, want refused %s %s", tc.name, r, tc.version, tc.reason)
		}
		if update.Staged(appDir) != "" {
			t.Fatalf("%s: something was staged", tc.name)
		}
	}
	// A refused build is not fetched again: replace its bytes by good ones under the
	// same (refused) version and nothing happens.
	publish(build, update.Sign(key, "1.3.9", build))
	if v, _ := x.check(ctx); v != "" {
		t.Fatal("a refused version was staged on a later check")
	}
	// The good build.
	publish(build, update.Sign(key, "1.5.3", build))
	v, err := x.check(ctx)
	if err != nil || v != "1.5.3" || update.Staged(appDir) != "1.5.3" {
		t.Fatalf("good build: %q %v, staged %q", v, err, update.Staged(appDir))
	}
	if r := report(); r.State != "pending" || r.Version != "1.5.3" {
		t.Errorf("heartbeat reports %+v, want pending 1.5.3", r)
	}
	got, _ := os.ReadFile(filepath.Join(appDir, "next"))
	if string(got) != string(build) {
		t.Error("the staged build differs from the published one")
	}
}
