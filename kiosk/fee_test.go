package kiosk

import (
	"context"
	"image"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/vietqr"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// feePayee is the fee account of the fee tests' catalog.
var feePayee = catalog.Payee{BankBIN: "970405", BankName: "Agribank", Account: "7800201009999", AccountName: "UBND XA MY KHANH"}

// feeCatalog is the kiosk test catalog with a 100.000 đ fee on the level 4 birth
// registration (plus one for late registration that the test's answers do not meet)
// and the commune's fee account.
func feeCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	raw, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := c.Find("1.001193")
	p.Fees = []catalog.Fee{
		{Label: "Lệ phí cấp bản sao trích lục", AmountVND: 100000},
		{Label: "Lệ phí đăng ký quá hạn", AmountVND: 5000, When: &catalog.FeeWhen{Field: "ngay_sinh_tre", DaysAgoOver: 60}},
	}
	c.Payees = []catalog.Payee{feePayee}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	return c
}

func useFeeCatalog(t *testing.T, h *harness) {
	t.Helper()
	if err := h.st.ImportCatalog(context.Background(), feeCatalog(t)); err != nil {
		t.Fatal(err)
	}
}

// fileBirthDossier walks the resident from the attract screen to the receipt.
func (h *harness) fileBirthDossier(wait func(string)) {
	h.t.Helper()
	h.birthToReview(wait)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
}

// decodeQR reads the one QR code in an image the way a phone's camera app would.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code readable on the screen: %v", err)
	}
	return res.GetText()
}

// TestFeeReceiptOffline: with no gateway at all, a level 4 dossier with a fee ends on a
// receipt that asks for 100.000 đ in digits and words and shows a VietQR code that a
// decoder reads off the rendered screen as the exact payload of the transfer; paying at
// the counter is always possible, and the lookup says the fee is not paid.
func TestFeeReceiptOffline(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	useFeeCatalog(t, h)
	wait := asyncWaiter(h)
	h.fileBirthDossier(wait)

	d := h.ui.cur.(*receiptScreen).d
	for _, s := range []string{"Nộp lệ phí bằng điện thoại", "100.000 đ", "Bằng chữ: Một trăm nghìn đồng.", "UBND XA MY KHANH",
		"7800201009999", "DVC " + strings.ReplaceAll(d.ReceiptCode, "-", " "), d.ReceiptCode} {
		h.mustSee(s)
	}
	if h.sees("Lệ phí đăng ký quá hạn: 5.000 đ") {
		t.Fatal("the late-registration fee is asked for an on-time registration")
	}
	want, err := fee.Payload(feePayee, 100000, d.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}
	got := decodeQR(t, h.w.Canvas().Capture())
	if got != want {
		t.Fatalf("the screen's QR reads\n%s\nwant\n%s", got, want)
	}
	tr, err := vietqr.Parse(got)
	if err != nil || tr.Amount != 100000 || tr.Purpose != fee.Purpose(d.ReceiptCode) || tr.Account != feePayee.Account {
		t.Fatalf("decoded transfer %+v %v", tr, err)
	}
	if f, err := h.st.DossierFee(context.Background(), d.ID); err != nil || f.DueVND != 100000 {
		t.Fatalf("stored fee %+v %v", f, err)
	}

	// Paying takes a while on the phone: the QR stays past the plain receipt's 90 s.
	h.clock.Add(2 * time.Minute)
	h.ui.Tick()
	h.mustBeOn(scrReceipt)

	// The counter instead: the plain receipt says so, and the QR is one tap away.
	h.tapText("Tôi sẽ nộp phí tại quầy")
	h.mustBeOn(scrReceipt)
	h.mustSee("Lệ phí 100.000 đ: bạn nộp tại quầy một cửa, nhớ mang theo mã biên nhận.")
	// At 1920×1080 "Nộp phí bằng mã QR" ran under the body's scroll bar.
	h.w.Resize(fyne.NewSize(1920, 1080))
	h.shotIfAsked("fee-counter-1920")
	for _, p := range underScrollBar(h.w.Content()) {
		t.Errorf("fee counter at 1920×1080: %s", p)
	}
	h.w.Resize(fyne.NewSize(1366, 768))
	if h.sees("Nộp lệ phí bằng điện thoại") {
		t.Fatal("still on the fee view after choosing the counter")
	}
	h.tapText("Nộp phí bằng mã QR")
	h.mustSee("Nộp lệ phí bằng điện thoại")
	h.clock.Add(6 * time.Minute) // but not for ever
	h.ui.Tick()
	h.mustBeOn(scrAttract)

	// Later, the lookup: not paid yet, with the amount.
	h.tapText("Chạm để bắt đầu")
	h.tapText("Tra cứu hồ sơ")
	h.mustBeOn(scrLookup)
	ls := h.ui.cur.(*lookupScreen)
	ls.entry.SetText(d.ReceiptCode)
	ls.onFind()
	h.mustSee("Chưa nộp phí: 100.000 đ")
}

// TestFeeReceiptCountdown: the fee receipt's five minutes end as the plain receipt's
// time does, with the last-15-s countdown and "Giữ lại" (the same code), on the
// injected clock; the QR code stays readable with the countdown shown.
func TestFeeReceiptCountdown(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	useFeeCatalog(t, h)
	h.fileBirthDossier(asyncWaiter(h))
	h.mustSee("Nộp lệ phí bằng điện thoại")
	h.reachCountdown(feeReceiptTimeout)
	h.shotIfAsked("fee-countdown")
	d := h.ui.cur.(*receiptScreen).d
	want, err := fee.Payload(feePayee, 100000, d.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, h.w.Canvas().Capture()); got != want {
		t.Fatalf("with the countdown the screen's QR reads\n%s\nwant\n%s", got, want)
	}
	h.tapText("Giữ lại")
	if h.sees("Giữ lại") {
		t.Fatal("the countdown stays after Giữ lại")
	}
	h.clock.Add(feeReceiptTimeout - time.Second) // the whole five minutes again
	h.ui.Tick()
	h.mustBeOn(scrReceipt)
	h.mustSee("Nộp lệ phí bằng điện thoại")
	h.mustSee("Màn hình này sẽ đóng sau 1 giây.")
	h.clock.Add(time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
}

// TestFeeReceiptWithoutAccount: no fee account came with the catalog: the amount is
// still shown, with the counter as the way to pay, and no QR code.
func TestFeeReceiptWithoutAccount(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	c := feeCatalog(t)
	c.Payees = nil
	if err := h.st.ImportCatalog(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	h.fileBirthDossier(asyncWaiter(h))
	h.mustSee("100.000 đ")
	h.mustSee("Máy chưa có tài khoản nhận lệ phí. Xin nộp lệ phí tại quầy một cửa, nhớ mang theo mã biên nhận.")
	bmp, _ := gozxing.NewBinaryBitmapFromImage(h.w.Canvas().Capture())
	if _, err := gzqr.NewQRCodeReader().Decode(bmp, nil); err == nil {
		t.Fatal("a QR code is shown without a fee account")
	}
}

// TestFeeReceiptPaid: a receipt reprinted after the gateway reported the payment shows
// the plain receipt with "paid".
func TestFeeReceiptPaid(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	useFeeCatalog(t, h)
	h.fileBirthDossier(asyncWaiter(h))
	d := h.ui.cur.(*receiptScreen).d
	if _, err := h.st.SetRemoteFee(context.Background(), d.ID, feeStatusPaid(100000)); err != nil {
		t.Fatal(err)
	}
	h.ui.openReceipt(d)
	h.mustSee("Đã nộp phí 100.000 đ.")
	if h.sees("Nộp lệ phí bằng điện thoại") {
		t.Fatal("a paid fee is asked for again")
	}
}

func feeStatusPaid(amount int64) wire.FeeStatus {
	return wire.FeeStatus{DueVND: amount, PaidVND: amount, Payment: fee.Paid}
}

// TestOfficialsSeeFeesCollected: a fee the gateway reported paid today shows in the
// officials' summary of the day, with the amount.
func TestOfficialsSeeFeesCollected(t *testing.T) {
	h := knownDayHarness(t)
	useFeeCatalog(t, h)
	ctx := context.Background()
	d, err := h.st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "1.001193", Fields: map[string]string{"ngay_sinh_tre": "2026-11-14"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.st.SetRemoteFee(ctx, d.ID, feeStatusPaid(100000)); err != nil {
		t.Fatal(err)
	}
	h.signIn(testOfficialPIN)
	h.mustBeOnStats(tabSummary)
	if got := h.figureTable()["Lệ phí đã thu qua VietQR"]; got != "100.000 đ" {
		t.Fatalf("fees collected shows %q\n%v", got, h.figureTable())
	}
	h.deskFits()
}
