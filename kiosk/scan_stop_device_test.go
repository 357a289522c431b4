package kiosk

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/esclsim"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
)

// stopAfterFirstPage files up to the scan screen, starts a job on a full feeder, taps
// "Dừng" once the first page is in and waits for the job's end; it returns the pages
// the declaration kept.
func stopAfterFirstPage(t *testing.T, src scanner.PageSource) int {
	t.Helper()
	h := newHarness(t, func(d *Deps) { d.Scanner = serialScanner{src} })
	wait := asyncWaiter(h)
	h.toScan()
	h.tapText("Quét")
	wait("page")
	h.tapText("Dừng")
	wait("scan")
	h.mustSee("Đã dừng quét. Các trang đã quét vẫn được giữ.")
	return len(h.ui.flow.PagesOf("to-khai"))
}

// "Dừng" through the real KSP-1 driver on the simulator's pseudo-terminal: the device
// gets CANCEL (docs/ksp1-protocol.md) and ends the job with the feeder still full, and
// the pages it delivered before are kept. The simulator waits 2 s between pages, so
// the stop lands before the second (were it later, the counts below still agree).
func TestScanStopCancelsTheKSP1Job(t *testing.T) {
	ctx := context.Background()
	dev, err := sim.NewScanner(sim.Config{Sheets: 21, WarmUp: 10 * time.Millisecond, PageGap: 2 * time.Second})
	if err != nil {
		t.Fatalf("scanner simulator: %v", err)
	}
	t.Cleanup(func() { dev.Close() })
	src, err := scanner.OpenSerial(ctx, dev.Path(), scanner.SerialOptions{})
	if err != nil {
		t.Fatalf("open scanner: %v", err)
	}
	t.Cleanup(func() { src.Close() })

	kept := stopAfterFirstPage(t, src)
	if !dev.WaitIdle(5 * time.Second) {
		t.Fatal("the device's job still runs after Dừng")
	}
	if n := dev.Stats().Cancels; n != 1 {
		t.Fatalf("the device got %d CANCELs that stopped a job, want 1", n)
	}
	// The feeder keeps its paper: only the sheets sent and, at most, the one being
	// scanned when CANCEL came were pulled in.
	sent, left := len(dev.LastJobPages()), dev.Sheets()
	if kept < 1 || kept != sent || left < 21-sent-1 || left > 21-sent {
		t.Fatalf("%d pages kept, the device sent %d and has %d sheets left of 21", kept, sent, left)
	}
}

// The same through the real eSCL driver and the simulated network scanner: the job is
// DELETEd (the eSCL cancel) and the pages in before it are kept.
func TestScanStopDeletesTheESCLJob(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dev, err := esclsim.New(esclsim.Config{Sheets: 21, ScanTime: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	src, err := scanner.OpenESCL(ctx, dev.URL(), scanner.ESCLOptions{Poll: -1})
	if err != nil {
		t.Fatalf("open eSCL scanner: %v", err)
	}
	t.Cleanup(func() { src.Close() })

	kept := stopAfterFirstPage(t, src)
	var jobs, deletes []string
	for _, r := range dev.Requests() {
		switch {
		case strings.HasPrefix(r, "POST /eSCL/ScanJobs"):
			jobs = append(jobs, r)
		case strings.HasPrefix(r, "DELETE /eSCL/ScanJobs/"):
			deletes = append(deletes, r)
		}
	}
	if len(jobs) != 1 || len(deletes) != 1 {
		t.Fatalf("requests %q: want one job and one DELETE of it", dev.Requests())
	}
	served, _ := dev.Served()
	if kept < 1 || int64(kept) != served {
		t.Fatalf("%d pages kept, the device served %d", kept, served)
	}
}
