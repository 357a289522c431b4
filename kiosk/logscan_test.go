package kiosk

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// logSink collects every log line of a run: the kiosk's, the uplink's, the gateway's.
type logSink struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logSink) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logSink) logf(f string, a ...any)     { fmt.Fprintf(l, f+"\n", a...) }
func (l *logSink) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// Nothing personal in any log line: a full run (a bad CCCD QR, an assisted filing, the
// sync to a real gateway, a status lookup) logs neither the resident's name nor any of
// their numbers, dates or address. A bad CCCD QR used to log the offending value.
func TestLogsOfAFullRunHoldNoPersonalData(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	logs := &logSink{}
	dir := t.TempDir()
	gs, err := gwstore.OpenSQLite(ctx, filepath.Join(dir, "gw.db"), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gs.Close() })
	cat, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(gateway.Config{Store: gs, Catalog: cat,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: "k-log", Name: "Nhà văn hóa", Secret: "s3cret-log-test", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1); d.Logf = logs.logf })
	up, err := uplink.New(h.st, uplink.Config{GatewayURL: srv.URL, KioskID: "k-log", Secret: "s3cret-log-test",
		Now: h.clock.Now, Retries: -1, Logf: logs.logf})
	if err != nil {
		t.Fatal(err)
	}
	h.setPINs()

	// A resident holds a card whose QR code does not validate (one digit missing).
	h.startBirth()
	h.asking("name")
	h.ui.onQR(strings.Replace(testCCCD, "092158001234", "09215800123", 1))
	h.ui.onQR(strings.Replace(testCCCD, "05031958", "31021958", 1))
	h.ui.endSession()

	// Then a clerk files for them, and the kiosk syncs and looks the dossier up.
	d := h.fileAssisted()
	h.tapText("Xong")
	rep, err := up.Sync(ctx)
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("sync: %+v %v", rep, err)
	}
	got, _ := h.st.Dossier(ctx, d.ID)
	// The consent given on the review screen went with the dossier.
	if gd, err := gs.DossierByID(ctx, d.ID); err != nil || !strings.Contains(string(gd.Body), `"consent":{"at":"`) ||
		!strings.Contains(string(gd.Body), `"version":"vi-`) {
		t.Errorf("consent not recorded at the gateway: %s %v", gd.Body, err)
	}
	if _, err := up.Lookup(ctx, got.OfficialCode); err != nil {
		t.Fatalf("lookup: %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "cccd") || !strings.Contains(out, "dossier received") {
		t.Fatalf("the run logged too little to prove anything:\n%s", out)
	}
	for _, secret := range []string{"Nguyễn Thị Ngọc Hường", "Hường", "092158001234", "09215800123", "361234567",
		"05031958", "31021958", "1958-03-05", "Trần Hưng Đạo", "Ninh Kiều"} {
		if strings.Contains(out, secret) {
			t.Errorf("the logs hold %q", secret)
		}
	}
	if t.Failed() {
		t.Logf("logs:\n%s", out)
	}
}
