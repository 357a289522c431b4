package kiosk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// simReceiptPrinter is the kiosk's printer on the pty simulator, adapted as
// cmd/kiosk does (store lookup, driver codes to the UI's sentinels).
type simReceiptPrinter struct {
	p     *printer.Printer
	st    *store.Store
	state atomic.Int32
}

func (a *simReceiptPrinter) PrinterState() PrinterState { return PrinterState(a.state.Load()) }

func (a *simReceiptPrinter) poll() {
	s, err := a.p.Status(context.Background())
	a.state.Store(int32(stateOf(s, err)))
}

func stateOf(s printer.Status, err error) PrinterState {
	switch {
	case err != nil && printer.CodeOf(err) == printer.CodeGone:
		return PrinterGone
	case err != nil:
		return PrinterFault
	case s.PaperOut:
		return PrinterPaperOut
	case s.CoverOpen:
		return PrinterCoverOpen
	case s.NearEnd:
		return PrinterNearEnd
	}
	return PrinterReady
}

func (a *simReceiptPrinter) PrintReceipt(ctx context.Context, id string) error {
	d, err := a.st.Dossier(ctx, id)
	if err != nil {
		return err
	}
	err = a.p.PrintReceipt(ctx, printer.Receipt{Code: d.ReceiptCode, LookupQR: scanner.FormatReceiptQR(d.ReceiptCode), Procedure: d.ProcedureName}, nil)
	s, _, serr := a.p.Last()
	a.state.Store(int32(stateOf(s, serr)))
	switch {
	case err == nil:
		return nil
	case errors.Is(err, printer.ErrPaperOut):
		return fmt.Errorf("%w: %v", ErrPrinterPaperOut, err)
	case errors.Is(err, printer.ErrGone):
		return fmt.Errorf("%w: %v", ErrPrinterGone, err)
	}
	return fmt.Errorf("%w: %v", ErrPrinterFault, err)
}

func newSimPrinter(t *testing.T) (*sim.Printer, *printer.Printer) {
	t.Helper()
	dev, err := sim.NewPrinter(sim.PrinterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dev.Close() })
	p, err := printer.New("serial:"+dev.Path(), printer.Options{ReplyTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return dev, p
}

// fileAndPrint files an assisted dossier (as fileAssisted; signIn false: staff
// are signed in already) and, with waitPrint, waits until the receipt screen has
// heard how its print went.
func (h *harness) fileAndPrint(signIn, waitPrint bool) *store.Dossier {
	h.t.Helper()
	wait := asyncWaiter(h)
	if signIn {
		h.signIn(testStaffPIN)
	} else {
		h.tapCorner()
	}
	h.tapText("Nộp hồ sơ giúp người dân")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký kết hôn")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.ui.onQR(testCCCD)
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	id := h.ui.cur.(*receiptScreen).dossierID
	if waitPrint {
		wait("print")
	}
	d, err := h.st.Dossier(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

func TestSubmitPrintsTheReceipt(t *testing.T) {
	dev, p := newSimPrinter(t)
	var sp *simReceiptPrinter
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(1)
		sp = &simReceiptPrinter{p: p, st: d.Store.(*store.Store)}
		d.Printer = sp
	})
	h.setPINs()
	sp.poll()
	h.ui.frame.strip.refresh()
	if got := h.ui.frame.strip.print.text.Text; got != "Máy in: sẵn sàng" {
		t.Fatalf("strip says %q", got)
	}
	d := h.fileAndPrint(true, true)
	h.mustSee("Đã in biên nhận — mời bạn lấy phiếu ở khe máy in.")
	got := receiptsCut(dev, 1)
	if len(got) != 1 || decodeQR(t, got[0].Image) != scanner.FormatReceiptQR(d.ReceiptCode) {
		t.Fatalf("%d receipts printed; want one whose QR is the lookup code of %s", len(got), d.ReceiptCode)
	}
	// The screen built again in English says the same and prints nothing more.
	h.tapText("English")
	h.mustSee("Receipt printed — please take it from the printer.")
	time.Sleep(200 * time.Millisecond)
	if n := len(dev.Receipts()); n != 1 {
		t.Fatalf("%d receipts after switching language, want 1", n)
	}
}

// receiptsCut returns the slips the simulated printer has cut once there are n (or
// after 5 s): the driver is done when the bytes are written, the simulator decodes
// them on its own goroutine a moment later.
func receiptsCut(dev *sim.Printer, n int) []sim.PrintedReceipt {
	deadline := time.Now().Add(5 * time.Second)
	for len(dev.Receipts()) < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	return dev.Receipts()
}

func TestPaperOutKeepsTheReceiptOnScreenAndStaffReprint(t *testing.T) {
	dev, p := newSimPrinter(t)
	var sp *simReceiptPrinter
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(1)
		sp = &simReceiptPrinter{p: p, st: d.Store.(*store.Store)}
		d.Printer = sp
	})
	h.setPINs()
	sp.poll()

	// The paper runs out in the middle of the receipt.
	dev.SetPaperRows(200)
	d := h.fileAndPrint(true, true)
	h.mustBeOn(scrReceipt)
	h.mustSee("Máy in hết giấy — hãy chụp ảnh mã biên nhận")
	h.mustSee(d.ReceiptCode) // the code stays on screen
	if got := h.ui.frame.strip.print.text.Text; got != "Máy in: hết giấy" {
		t.Fatalf("strip says %q after the paper ran out", got)
	}
	if n := len(dev.Receipts()); n != 0 {
		t.Fatalf("%d slips cut with no paper", n)
	}

	// A second resident while the paper is still out: the same words, nothing cut.
	h.tapText("Xong")
	d2 := h.fileAndPrint(false, true)
	h.mustSee("Máy in hết giấy — hãy chụp ảnh mã biên nhận")
	h.mustSee(d2.ReceiptCode)
	if n := len(dev.Receipts()); n != 0 {
		t.Fatalf("%d slips cut with no paper", n)
	}

	// Staff load a roll and reprint the first receipt from the queue.
	dev.SetPaperOut(false)
	sp.poll()
	h.tapText("Xong")
	h.tapCorner()
	h.mustBeOnDesk(deskQueue)
	wait := asyncWaiter(h)
	h.tapRow(d.ReceiptCode, "In biên nhận")
	wait("print")
	h.mustSee("Đã in biên nhận " + d.ReceiptCode + ".")
	got := receiptsCut(dev, 1)
	if len(got) != 1 || !got[0].Complete || decodeQR(t, got[0].Image) != scanner.FormatReceiptQR(d.ReceiptCode) {
		t.Fatalf("reprint: %d slips", len(got))
	}

	// The printer unplugged: staff are told plainly, the next reprint works after a replug.
	dev.Pull()
	h.tapRow(d2.ReceiptCode, "In biên nhận")
	wait("print")
	h.mustSee("Không in được biên nhận " + d2.ReceiptCode + " (Máy in: mất kết nối).")
	if err := dev.Replug(); err != nil {
		t.Fatal(err)
	}
	// The pty path changed on replug; a kiosk uses a stable device path (udev
	// symlink). Point the driver at the new one.
	p2, err := printer.New("serial:"+dev.Path(), printer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p2.Close()
	sp.p = p2
	h.tapRow(d2.ReceiptCode, "In biên nhận")
	wait("print")
	h.mustSee("Đã in biên nhận " + d2.ReceiptCode + ".")
	if got := receiptsCut(dev, 2); len(got) != 2 || decodeQR(t, got[1].Image) != scanner.FormatReceiptQR(d2.ReceiptCode) {
		t.Fatalf("after replug: %d slips", len(got))
	}
}

// A level 4 receipt with a fee to pay shows the fee view; the slip prints there too.
func TestFeeReceiptPrints(t *testing.T) {
	dev, p := newSimPrinter(t)
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(1)
		d.Printer = &simReceiptPrinter{p: p, st: d.Store.(*store.Store)}
	})
	useFeeCatalog(t, h)
	wait := asyncWaiter(h)
	h.fileBirthDossier(wait)
	wait("print")
	h.mustSee("Đã in biên nhận — mời bạn lấy phiếu ở khe máy in.")
	if !h.ui.cur.(*receiptScreen).showingFee {
		t.Fatal("not the fee view")
	}
	if n := len(receiptsCut(dev, 1)); n != 1 {
		t.Fatalf("%d slips", n)
	}
}

// The printed receipt uses the screen's own face: the copy embedded in
// scanner/printer is Fyne's bundled Noto Sans.
func TestReceiptFontIsTheScreenFont(t *testing.T) {
	if !bytes.Equal(printer.NotoSansRegular, theme.DefaultTextFont().Content()) {
		t.Fatal("scanner/printer/font/NotoSans-Regular.ttf differs from the theme's text font")
	}
	if !bytes.Equal(printer.NotoSansBold, theme.DefaultTextBoldFont().Content()) {
		t.Fatal("scanner/printer/font/NotoSans-Bold.ttf differs from the theme's bold font")
	}
}
