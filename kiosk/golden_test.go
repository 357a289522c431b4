package kiosk

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// assertGolden compares the window with testdata/screens/<name>.xml. With
// KIOSK_UPDATE_GOLDEN=1 it rewrites the master instead.
func (h *harness) assertGolden(name string) {
	h.t.Helper()
	h.mustFit(name, fyne.NewSize(1366, 768))
	rel := filepath.Join("screens", name+".xml")
	master := filepath.Join("testdata", rel)
	if os.Getenv("KIOSK_UPDATE_GOLDEN") == "1" {
		os.Remove(master)
		test.AssertRendersToMarkup(h.t, rel, h.w.Canvas())
		failed := filepath.Join("testdata", "failed", rel)
		if err := os.MkdirAll(filepath.Dir(master), 0o755); err != nil {
			h.t.Fatal(err)
		}
		if err := os.Rename(failed, master); err != nil {
			h.t.Fatal(err)
		}
		return
	}
	test.AssertRendersToMarkup(h.t, rel, h.w.Canvas())
	h.mustBeLaidOut(name, master)
}

// zeroText is a non-empty text laid out with no width or a negative size: left behind
// by a container that was not laid out again after its texts changed.
var zeroText = regexp.MustCompile(`<text[^>]*size="(0x[0-9.]+|[0-9.]+x-[0-9.]+|-[0-9.]+x[0-9.]+)"[^>]*>[^<]+</text>`)

func (h *harness) mustBeLaidOut(name, master string) {
	h.t.Helper()
	b, err := os.ReadFile(master)
	if err != nil {
		return
	}
	if m := zeroText.Find(b); m != nil {
		h.t.Errorf("screen %s has text that was never laid out: %s", name, m)
	}
}

// mustFit fails when the screen needs more room than a kiosk display of size has:
// nothing may be cut off or pushed off screen at 1366×768.
func (h *harness) mustFit(name string, size fyne.Size) {
	h.t.Helper()
	min := h.w.Content().MinSize().AddWidthHeight(16, 16) // the window's padding
	if min.Width > size.Width || min.Height > size.Height {
		h.t.Errorf("screen %s needs %.0f×%.0f, more than %.0f×%.0f", name, min.Width, min.Height, size.Width, size.Height)
	}
}

func TestGoldenScreens(t *testing.T) {
	if os.Getenv("KIOSK_UPDATE_GOLDEN") == "1" {
		defer os.RemoveAll(filepath.Join("testdata", "failed"))
	}
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1); d.QR = make(chanQR) })
	wait := asyncWaiter(h)
	h.assertGolden("attract")
	h.tapText("Chạm để bắt đầu")
	h.assertGolden("home")
	h.tapText("Nộp hồ sơ")
	h.assertGolden("procedures")
	h.tapCard("Hộ tịch")
	h.assertGolden("field")
	h.ui.goHome()
	h.tapText("Tìm thủ tục")
	h.ui.cur.(*proceduresScreen).entry.SetText("dang ky")
	h.settleSearch()
	h.assertGolden("search")
	h.tapCard("Đăng ký khai sinh")
	h.assertGolden("detail")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.assertGolden("question_name")
	h.ui.onQR(testCCCD)
	h.assertGolden("question_phone")
	h.answer("phone", "")
	h.answer("ten_tre", "Trần Minh Khôi")
	h.asking("ngay_sinh_tre")
	h.assertGolden("question_date")
	h.answer("ngay_sinh_tre", "14/11/2026")
	h.asking("gioi_tinh_tre")
	h.assertGolden("question_choice")
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam"})
	h.tapText("Quét")
	wait("scan")
	h.assertGolden("scan")
	h.tapText("Tiếp tục")
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.assertGolden("review")
	// The receipt and lookup with a fixed dossier (the store's codes are random).
	d := &store.Dossier{ID: "x", ReceiptCode: "K7QM-4M2P", ProcedureCode: "1.001193", ProcedureName: "Đăng ký khai sinh",
		State: store.Queued, CreatedAt: time.Date(2026, 11, 27, 9, 30, 0, 0, time.Local)}
	h.ui.openReceipt(d)
	h.assertGolden("receipt")
	h.ui.open(scrRating)
	h.assertGolden("rating")
	h.ui.open(scrLookup)
	h.assertGolden("lookup")
	h.clock.Add(time.Hour)
	h.ui.Tick()
	h.assertGolden("idle")
}
