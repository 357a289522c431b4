package kiosk

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/scanner"
	"github.com/cantho-kiosk/kiosk/scanner/sim"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// serialScanner is the scan screen's view of the KSP-1 driver (as cmd/kiosk adapts it).
type serialScanner struct{ src scanner.PageSource }

func (s serialScanner) Scan(ctx context.Context, onProgress func(done, total int), onPage func(ScannedPage)) error {
	err := s.src.Scan(ctx, scanner.ScanParams{DPI: 100, Mode: scanner.Gray, Source: scanner.Feeder},
		func(p scanner.Progress) { onProgress(int(p.Bytes), int(p.Total)) },
		func(p scanner.Page) {
			onPage(ScannedPage{Format: p.Format, Width: p.Width, Height: p.Height, Data: p.Data})
		})
	if err != nil && scanner.CodeOf(err) == scanner.CodeNoPaper {
		return fmt.Errorf("%w: %v", ErrNoPaper, err)
	}
	return err
}

// uplinkAdapter is the UI's view of the real uplink; the test drives Sync itself.
type testUplink struct{ up *uplink.Uplink }

func (t testUplink) Kick()        {}
func (t testUplink) Online() bool { return t.up.Online() }
func (t testUplink) Lookup(ctx context.Context, code string) (RemoteStatus, error) {
	s, err := t.up.Lookup(ctx, code)
	if err != nil {
		return RemoteStatus{}, err
	}
	return RemoteStatus{OfficialCode: s.OfficialCode, Status: s.Status}, nil
}

// A resident files a dossier end to end: CCCD through the simulated QR reader on a
// pty, pages from the simulated KSP-1 scanner on a pty through the real driver, the
// real store, and the real gateway on loopback, until the gateway holds the dossier
// with every page and the receipt shows the official code.
func TestEndToEndWithSimulatedDevicesAndGateway(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The gateway: its real server and SQLite storage, on a loopback HTTP server.
	gwDir := t.TempDir()
	gs, err := gwstore.OpenSQLite(ctx, filepath.Join(gwDir, "gw.db"), gwDir)
	if err != nil {
		t.Fatalf("gateway store: %v", err)
	}
	t.Cleanup(func() { gs.Close() })
	cat, err := os.ReadFile("testdata/catalog.json")
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(gateway.Config{Store: gs, Catalog: cat})
	if err != nil {
		t.Fatalf("gateway: %v", err)
	}
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	const kioskID, secret = "kiosk-e2e-1", "0123456789abcdef0123456789abcdef"
	if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: kioskID, Name: "E2E", Commune: "Tân An", Secret: secret, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	// The devices: simulators on real pseudo-terminals, opened by the real drivers.
	simScan, err := sim.NewScanner(sim.Config{Sheets: 0, WarmUp: 10 * time.Millisecond, PageGap: 10 * time.Millisecond})
	if err != nil {
		t.Fatalf("scanner simulator: %v", err)
	}
	t.Cleanup(func() { simScan.Close() })
	src, err := scanner.OpenSerial(ctx, simScan.Path(), scanner.SerialOptions{})
	if err != nil {
		t.Fatalf("open scanner: %v", err)
	}
	t.Cleanup(func() { src.Close() })
	simQR, err := sim.NewQRReader(sim.QRConfig{})
	if err != nil {
		t.Fatalf("QR simulator: %v", err)
	}
	t.Cleanup(func() { simQR.Close() })
	qr, err := scanner.OpenQR(ctx, simQR.Path(), 9600, scanner.SuffixCR)
	if err != nil {
		t.Fatalf("open QR reader: %v", err)
	}
	t.Cleanup(func() { qr.Close() })

	var up *uplink.Uplink
	h := newHarness(t, func(d *Deps) {
		d.Scanner = serialScanner{src}
		d.QR = qr
		var err error
		up, err = uplink.New(d.Store.(*store.Store), uplink.Config{GatewayURL: srv.URL, KioskID: kioskID, Secret: secret, Retries: -1})
		if err != nil {
			t.Fatal(err)
		}
		d.Uplink = testUplink{up}
	})
	wait := asyncWaiter(h)

	h.startBirth()
	// The CCCD arrives through the reader's pty (the UI's reader goroutine delivers it).
	if err := simQR.Send(testCCCD); err != nil {
		t.Fatal(err)
	}
	// The card answers the applicant's questions: the walk moves on to the phone, the
	// one identity question a CCCD does not answer. (Under the test driver the reader's
	// goroutine runs the handler itself: wait until it has finished, not only until the
	// identity is filled, or the test's taps race the screen it is still building.)
	wait("qr")
	if !h.ui.flow.FromCCCD() {
		t.Fatalf("the CCCD from the reader never filled the identity; screen shows %q", h.screenText())
	}
	h.asking("phone")
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi", "ngay_sinh_tre": "14/11/2026", "so_ban_sao": "1", "gioi_tinh_tre": "Nam", "phone": ""})
	h.mustBeOn(scrScan)

	// An empty feeder is explained; then two sheets, then one.
	h.tapText("Quét")
	wait("scan")
	h.mustSee("Chưa có giấy trong khay. Hãy đặt giấy vào khay, mặt chữ úp xuống, rồi bấm Quét.")
	simScan.InsertPaper(2)
	h.tapText("Quét")
	wait("scan")
	if n := len(h.ui.flow.PagesOf("to-khai")); n != 2 {
		t.Fatalf("to-khai has %d pages from the scanner, want 2", n)
	}
	h.tapText("Tiếp tục")
	simScan.InsertPaper(1)
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	rc := h.ui.cur.(*receiptScreen)
	local, err := h.st.Dossier(ctx, rc.dossierID)
	if err != nil || len(local.Pages) != 3 {
		t.Fatalf("local dossier: %v, %+v", err, local)
	}
	var shas []string
	for _, p := range local.Pages {
		shas = append(shas, p.SHA256)
	}

	// The uplink sends it; the receipt learns the official code.
	rep, err := up.Sync(ctx)
	if err != nil || rep.Accepted != 1 {
		t.Fatalf("sync: %+v, %v", rep, err)
	}
	h.ui.SyncChanged()
	got, err := h.st.Dossier(ctx, rc.dossierID)
	if err != nil || got.State != store.Accepted || got.OfficialCode == "" {
		t.Fatalf("after sync: %+v, %v", got, err)
	}
	h.mustSee("Mã hồ sơ chính thức: " + got.OfficialCode)

	// The gateway holds the dossier and every page.
	gd, err := gs.DossierByCode(ctx, kioskID, got.OfficialCode)
	if err != nil {
		t.Fatalf("gateway does not have the dossier: %v", err)
	}
	if gd.ID != rc.dossierID {
		t.Fatalf("gateway dossier id %s, want %s", gd.ID, rc.dossierID)
	}
	for _, sha := range shas {
		if ok, err := gs.HasPage(ctx, sha); err != nil || !ok {
			t.Fatalf("gateway lacks page %s: %v", sha, err)
		}
	}

	// Looking it up by the receipt QR shows the local state and the gateway's status.
	h.tapText("Xong")
	if err := simQR.Send(scanner.FormatReceiptQR(rc.d.ReceiptCode)); err != nil {
		t.Fatal(err)
	}
	wait("lookup")
	h.mustBeOn(scrLookup)
	h.mustSee("Đã gửi đến hệ thống một cửa")
	h.mustSee("Cơ quan giải quyết cho biết: đã tiếp nhận\nMã hồ sơ chính thức: " + got.OfficialCode)
}
