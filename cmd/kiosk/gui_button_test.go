package main

import (
	"context"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// The simulated KSP-1's scan button, over a real pty through the real driver, reaches
// the UI's hook through openDevices' single event watcher; paper events do not.
func TestScannerButtonReachesUI(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dev, err := sim.NewScanner(sim.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	d := openDevices(ctx, config{Scanner: "serial:" + dev.Path()}, t.Logf)
	defer d.Close()
	if d.scanner == nil {
		t.Fatal("scanner not opened")
	}
	presses := make(chan struct{}, 4)
	d.mu.Lock()
	d.button = func() { presses <- struct{}{} }
	d.mu.Unlock()

	dev.InsertPaper(1)
	dev.RemovePaper()
	dev.PressButton()
	select {
	case <-presses:
	case <-ctx.Done():
		t.Fatal("the scanner's button press never reached the UI hook")
	}
	// Only the one press: the paper events before it were not forwarded.
	select {
	case <-presses:
		t.Fatal("a paper event was forwarded as a button press")
	case <-time.After(200 * time.Millisecond):
	}
	if c, ok := d.scanner.(interface{ Connected() bool }); !ok || !c.Connected() {
		t.Fatal("the watcher no longer tracks the connection")
	}
}
