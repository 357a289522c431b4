package kiosk

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// buttonScanner counts scan jobs, can hold a job open, and reports a connection state.
type buttonScanner struct {
	jobs      atomic.Int32
	connected atomic.Bool
	hold      chan struct{} // when not nil, a job waits for it to close
}

func (b *buttonScanner) Connected() bool { return b.connected.Load() }

func (b *buttonScanner) Scan(ctx context.Context, onProgress func(done, total int), onPage func(ScannedPage)) error {
	b.jobs.Add(1)
	if b.hold != nil {
		select {
		case <-b.hold:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	p := testPage(1)
	onProgress(len(p.Data), len(p.Data))
	onPage(p)
	return nil
}

// settleUI lets anything the button press queued on the UI goroutine run.
func settleUI() { time.Sleep(50 * time.Millisecond) }

// The scanner's own button scans the current document on the scan screen, as "Quét"
// does, and is ignored everywhere else, while a job runs, while the scanner is not
// connected, and over the idle warning (which it dismisses).
func TestScannerButtonStartsScanOnlyOnScanScreen(t *testing.T) {
	sc := &buttonScanner{}
	sc.connected.Store(true)
	h := newHarness(t, func(d *Deps) { d.Scanner = sc })
	wait := asyncWaiter(h)

	press := func() {
		h.ui.ScannerButton()
		settleUI()
	}
	press() // attract
	h.mustBeOn(scrAttract)
	h.toForm()
	press() // form
	h.mustBeOn(scrQuestion)
	if n := sc.jobs.Load(); n != 0 {
		t.Fatalf("button off the scan screen started %d jobs", n)
	}

	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.mustBeOn(scrScan)

	// Not connected: nothing happens.
	sc.connected.Store(false)
	press()
	if n := sc.jobs.Load(); n != 0 {
		t.Fatalf("button with the scanner disconnected started %d jobs", n)
	}
	sc.connected.Store(true)

	// The press scans into the current document.
	sc.hold = make(chan struct{})
	h.ui.ScannerButton()
	deadline := time.Now().Add(10 * time.Second)
	for sc.jobs.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the scanner's button did not start a scan on the scan screen")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if findButton(h.w.Canvas().Content(), "Quét") != nil || findButton(h.w.Canvas().Content(), "Dừng") == nil {
		t.Fatal("while the button's job runs, Dừng takes the on-screen scan button's place")
	}
	// A second press while the job runs does not start another.
	press()
	if n := sc.jobs.Load(); n != 1 {
		t.Fatalf("%d jobs after pressing during a job, want 1", n)
	}
	close(sc.hold)
	wait("scan")
	sc.hold = nil
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 1 {
		t.Fatalf("to-khai has %d pages after the button's scan, want 1", n)
	}

	// Viewing a page (another screen over the scan screen): ignored.
	h.tapText("Xem lớn")
	h.mustBeOn(scrPage)
	press()
	h.mustBeOn(scrPage)
	if n := sc.jobs.Load(); n != 1 {
		t.Fatalf("button on the page view started a job (%d jobs)", n)
	}
	h.tapText("Đóng")
	h.mustBeOn(scrScan)

	// Over the idle warning the press only brings the resident back.
	h.clock.Add(2 * time.Minute)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	press()
	h.mustBeOn(scrScan)
	if n := sc.jobs.Load(); n != 1 {
		t.Fatalf("button over the idle warning started a job (%d jobs)", n)
	}

	// Back on the scan screen it scans again.
	h.ui.ScannerButton()
	wait("scan")
	if n := sc.jobs.Load(); n != 2 {
		t.Fatalf("%d jobs, want 2", n)
	}
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 2 {
		t.Fatalf("to-khai has %d pages, want 2", n)
	}
}
