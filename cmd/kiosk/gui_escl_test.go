package main

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
)

// A network scanner switched on after the kiosk: openDevices keeps it as not
// connected, the status poll notices it come up, and the UI's scanner then scans
// through it with the same sentinels as the other backends.
func TestESCLScannerSwitchedOnLater(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	first, err := esclsim.New(esclsim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	base := first.URL()
	first.Close() // nothing answers at that address yet
	u, _ := url.Parse(base)

	d := openDevices(ctx, config{Scanner: "escl:" + base}, t.Logf)
	defer d.Close()
	if d.scanner == nil {
		t.Fatal("scanner not kept while it is switched off")
	}
	c := d.scanner.(interface{ Connected() bool })
	if c.Connected() {
		t.Fatal("connected before the device answers")
	}
	dev, err := esclsim.New(esclsim.Config{Addr: u.Host, Sheets: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	for !c.Connected() {
		select {
		case <-ctx.Done():
			t.Fatal("never connected after the device came up")
		case <-time.After(50 * time.Millisecond):
		}
	}
	pages := 0
	if err := d.scanner.Scan(ctx, func(int, int) {}, func(kiosk.ScannedPage) { pages++ }); err != nil || pages != 2 {
		t.Fatalf("scan: %v, %d pages", err, pages)
	}
	if err := d.scanner.Scan(ctx, func(int, int) {}, func(kiosk.ScannedPage) {}); !errors.Is(err, kiosk.ErrNoPaper) {
		t.Fatalf("empty feeder: %v, want kiosk.ErrNoPaper", err)
	}
}
