package kiosk

import (
	"context"
	"sync/atomic"
	"testing"
)

// feederScanner is a full feeder: pages until the job is cancelled (at most max),
// counting what it delivered and whether it was told to cancel.
type feederScanner struct {
	max       int
	delivered atomic.Int32
	cancelled atomic.Bool
	block     bool // after the first page, wait for the cancel
}

func (f *feederScanner) Scan(ctx context.Context, onProgress func(int, int), onPage func(ScannedPage)) error {
	for i := 0; i < f.max; i++ {
		if ctx.Err() != nil {
			f.cancelled.Store(true)
			return ctx.Err()
		}
		onPage(testPage(i))
		f.delivered.Add(1)
		if f.block {
			<-ctx.Done()
		}
	}
	if ctx.Err() != nil {
		f.cancelled.Store(true)
		return ctx.Err()
	}
	return nil
}

func (h *harness) toScan() {
	h.t.Helper()
	h.toForm()
	h.answerRest(nil)
	h.mustBeOn(scrScan)
}

// The catalog's max_pages caps a document: a full feeder gives the birth notice its two
// pages and the job is cancelled, with a plain word of why.
func TestScanStopsAtTheDocumentsMaxPages(t *testing.T) {
	sc := &feederScanner{max: 21}
	h := newHarness(t, func(d *Deps) { d.Scanner = sc })
	wait := asyncWaiter(h)
	h.toScan()
	h.tapText("Giấy tờ 2: chưa quét") // the birth notice, max_pages 2
	h.tapText("Quét")
	wait("scan")
	if n := len(h.ui.flow.PagesOf("chung-sinh")); n != 2 {
		t.Fatalf("the birth notice has %d pages, want its max_pages 2", n)
	}
	if !sc.cancelled.Load() || sc.delivered.Load() >= 21 {
		t.Fatalf("the scanner was not stopped: cancelled %v, %d pages delivered", sc.cancelled.Load(), sc.delivered.Load())
	}
	h.mustSee("Giấy tờ này đã đủ số trang cần: máy đã dừng quét.")
}

// "Dừng" stops a running job at once: the scanner's job is cancelled, the pages in
// are kept, "Quét" comes back.
func TestScanStopButton(t *testing.T) {
	sc := &feederScanner{max: 21, block: true}
	h := newHarness(t, func(d *Deps) { d.Scanner = sc })
	wait := asyncWaiter(h)
	h.toScan()
	if h.sees("Dừng") {
		t.Fatal("Dừng shows with no job running")
	}
	h.tapText("Quét")
	wait("page")
	if h.sees("Quét") {
		t.Fatal("Quét shows while a job runs; Dừng takes its place")
	}
	h.tapText("Dừng")
	wait("scan")
	if !sc.cancelled.Load() {
		t.Fatal("the scanner was not told to cancel")
	}
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 1 {
		t.Fatalf("%d pages kept, want the 1 scanned before Dừng", n)
	}
	h.mustSee("Đã dừng quét. Các trang đã quét vẫn được giữ.")
	h.tapText("Quét") // the scan button is back (and enabled)
	wait("page")
	h.tapText("Dừng")
	wait("scan")
}
