package main

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/printer/printertest"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
)

func TestPrintCommandTestAndReceipt(t *testing.T) {
	dev, err := sim.NewPrinter(sim.PrinterConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	device := "serial:" + dev.Path() + ",115200"
	data := t.TempDir()

	out, errs, code := runKiosk(t, data, "print", "--device", device, "--test")
	if code != 0 || !strings.Contains(out, "printed receipt MAU-0000") {
		t.Fatalf("print --test: exit %d, %q %q", code, out, errs)
	}
	got := dev.Receipts()
	if len(got) != 1 || printertest.QR(t, got[0].Image) != scanner.FormatReceiptQR(sampleCode) {
		t.Fatalf("test receipt: %d slips", len(got))
	}

	out, errs, code = runKiosk(t, data, dossierAddArgs(birthFields)...)
	m := regexp.MustCompile(`(?m)^receipt=(\S+)$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("dossier add: exit %d %q %q", code, out, errs)
	}
	out, errs, code = runKiosk(t, data, "print", "--device", device, "--receipt", m[1])
	if code != 0 {
		t.Fatalf("print --receipt: exit %d %q %q", code, out, errs)
	}
	got = dev.Receipts()
	if len(got) != 2 || printertest.QR(t, got[1].Image) != scanner.FormatReceiptQR(m[1]) {
		t.Fatalf("reprinted receipt: %d slips", len(got))
	}

	if _, errs, code = runKiosk(t, data, "print", "--device", device, "--receipt", "NO-SUCH"); code != 1 || !strings.Contains(errs, "NO-SUCH") {
		t.Fatalf("unknown code: exit %d %q", code, errs)
	}
	dev.SetPaperOut(true)
	if _, errs, code = runKiosk(t, data, "print", "--device", device, "--test"); code != 1 || !strings.Contains(errs, "Máy in hết giấy") {
		t.Fatalf("paper out: exit %d %q", code, errs)
	}
	dev.Pull()
	if _, errs, code = runKiosk(t, data, "print", "--device", device, "--test"); code != 1 || !strings.Contains(errs, "Không thấy máy in") {
		t.Fatalf("unplugged: exit %d %q", code, errs)
	}
	if _, _, code = runKiosk(t, data, "print", "--device", device); code != 2 {
		t.Fatalf("neither --test nor --receipt: exit %d, want 2", code)
	}
	if _, _, code = runKiosk(t, data, "print", "--device", "lpt:/dev/lp0", "--test"); code != 2 {
		t.Fatalf("bad device: exit %d, want 2", code)
	}
}

// The GUI's printer adapter on the simulator: prints a stored dossier's receipt,
// reports paper out as the UI's sentinel and state, and its watcher notices the
// printer vanishing and coming back.
func TestPrinterAdapter(t *testing.T) {
	dev, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(t.TempDir(), "printer")})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	data := t.TempDir()
	out, errs, code := runKiosk(t, data, dossierAddArgs(birthFields)...)
	m := regexp.MustCompile(`(?m)^id=(\S+)$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("dossier add: exit %d %q %q", code, out, errs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cfg := defaultConfig()
	cfg.DataDir, cfg.Printer, cfg.Commune = data, "serial:"+dev.Path(), "UBND xã Trường Long"
	st, err := openStore(ctx, &cmdEnv{cfg: cfg})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	defer func(d time.Duration) { printerPollEvery = d }(printerPollEvery)
	printerPollEvery = 100 * time.Millisecond
	// The watcher may report a change before openPrinter has returned the adapter:
	// the callback only signals, await reads the state (each awaited state holds).
	changed := make(chan struct{}, 1)
	a := openPrinter(ctx, cfg, st, func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}, t.Logf)
	defer a.p.Close()
	await := func(want kiosk.PrinterState) {
		t.Helper()
		for a.PrinterState() != want {
			select {
			case <-changed:
			case <-ctx.Done():
				t.Fatalf("printer state never became %v (now %v)", want, a.PrinterState())
			}
		}
	}
	await(kiosk.PrinterReady)
	if err := a.PrintReceipt(ctx, m[1]); err != nil {
		t.Fatal(err)
	}
	d, err := st.Dossier(ctx, m[1])
	if err != nil {
		t.Fatal(err)
	}
	got := dev.Receipts()
	if len(got) != 1 || printertest.QR(t, got[0].Image) != scanner.FormatReceiptQR(d.ReceiptCode) {
		t.Fatalf("%d receipts", len(got))
	}
	dev.SetPaperOut(true)
	if err := a.PrintReceipt(ctx, m[1]); !errors.Is(err, kiosk.ErrPrinterPaperOut) {
		t.Fatalf("paper out: %v", err)
	}
	if s := a.PrinterState(); s != kiosk.PrinterPaperOut {
		t.Fatalf("state %v after paper out", s)
	}
	dev.Pull()
	await(kiosk.PrinterGone)
	if err := dev.Replug(); err != nil {
		t.Fatal(err)
	}
	await(kiosk.PrinterPaperOut) // back, still without paper
	dev.SetPaperOut(false)
	await(kiosk.PrinterReady)

	// A level 4 birth registration filed late owes its fee: the slip carries the
	// lookup QR and the fee's VietQR, the payload the receipt screen shows.
	late := append([]string{}, birthFields...)
	for i, f := range late {
		if strings.HasPrefix(f, "tre_ngay_sinh=") {
			late[i] = "tre_ngay_sinh=2026-01-10"
		}
	}
	out, errs, code = runKiosk(t, data, dossierAddArgs(late)...)
	m = regexp.MustCompile(`(?m)^id=(\S+)$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("dossier add: exit %d %q %q", code, out, errs)
	}
	if err := a.PrintReceipt(ctx, m[1]); err != nil {
		t.Fatal(err)
	}
	d, err = st.Dossier(ctx, m[1])
	if err != nil {
		t.Fatal(err)
	}
	f, err := st.DossierFee(ctx, d.ID)
	if err != nil || f.DueVND != 5000 {
		t.Fatalf("fee recorded %+v, %v; want 5.000 đ due", f, err)
	}
	ys, _ := st.Payees(ctx)
	proc, _ := st.Procedure(ctx, d.ProcedureCode)
	y, ok := (&catalog.Catalog{Payees: ys}).PayeeFor(proc)
	if !ok {
		t.Fatal("the sample catalog has no fee account for the birth registration")
	}
	wantFee, err := fee.Payload(y, 5000, d.ReceiptCode)
	if err != nil {
		t.Fatal(err)
	}
	got = dev.Receipts()
	qrs := map[string]bool{}
	for _, q := range printertest.QRs(t, got[len(got)-1].Image) {
		qrs[q] = true
	}
	if len(qrs) != 2 || !qrs[scanner.FormatReceiptQR(d.ReceiptCode)] || !qrs[wantFee] {
		t.Fatalf("QR codes on the slip %v; want the lookup code and the fee's VietQR %q", qrs, wantFee)
	}
}
