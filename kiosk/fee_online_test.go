package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/gateway"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestFeeOnline: the same fee receipt with the gateway up; the dossier goes up, the
// bank's notification reaches the gateway, the next sync brings "paid" down and the
// lookup says so.
func TestFeeOnline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const paySecret = "bank-secret-0123456789"
	gwDir := t.TempDir()
	gs, err := gwstore.OpenSQLite(ctx, filepath.Join(gwDir, "gw.db"), gwDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { gs.Close() })
	cat, err := json.Marshal(feeCatalog(t))
	if err != nil {
		t.Fatal(err)
	}
	gw, err := gateway.New(gateway.Config{Store: gs, Catalog: cat, PaymentSecret: paySecret})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(gw.Handler())
	t.Cleanup(srv.Close)
	const kioskID, secret = "kiosk-fee-1", "0123456789abcdef0123456789abcdef"
	if err := gs.AddKiosk(ctx, gwstore.Kiosk{ID: kioskID, Name: "Fee", Commune: "Mỹ Khánh", Secret: secret, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var up *uplink.Uplink
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(1)
		var err error
		up, err = uplink.New(d.Store.(*store.Store), uplink.Config{GatewayURL: srv.URL, KioskID: kioskID, Secret: secret, Retries: -1, StatusEvery: time.Nanosecond})
		if err != nil {
			t.Fatal(err)
		}
		d.Uplink = testUplink{up}
	})
	if _, err := up.Sync(ctx); err != nil { // the catalog with its fee account comes down
		t.Fatal(err)
	}
	h.fileBirthDossier(asyncWaiter(h))
	d := h.ui.cur.(*receiptScreen).d
	h.mustSee("Nộp lệ phí bằng điện thoại")
	h.mustSee("Bằng chữ: Một trăm nghìn đồng.")
	if got, want := decodeQR(t, h.w.Canvas().Capture()), mustPayload(t, d.ReceiptCode); got != want {
		t.Fatalf("QR reads %s, want %s", got, want)
	}
	if _, err := up.Sync(ctx); err != nil {
		t.Fatal(err)
	}

	// The resident's bank pays; its platform tells the gateway.
	body, _ := json.Marshal(wire.PaymentNotification{TransactionID: "FT25335777", AmountVND: 100000,
		Purpose: "CHUYEN TIEN " + fee.Purpose(d.ReceiptCode), BookedAt: time.Now()})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+wire.PaymentNotifyPath, bytes.NewReader(body))
	wire.SignPaymentNotification(req, paySecret, body, time.Now())
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var ack wire.PaymentAck
	json.NewDecoder(resp.Body).Decode(&ack)
	resp.Body.Close()
	if resp.StatusCode != 200 || ack.Result != fee.Paid {
		t.Fatalf("notification: %d %+v", resp.StatusCode, ack)
	}
	if _, err := up.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	f, err := h.st.DossierFee(ctx, d.ID)
	if err != nil || !f.Settled() {
		t.Fatalf("the kiosk did not learn the fee is paid: %+v %v", f, err)
	}
	h.tapText("Xong")
	h.tapText("Chạm để bắt đầu")
	h.tapText("Tra cứu hồ sơ")
	ls := h.ui.cur.(*lookupScreen)
	ls.entry.SetText(d.ReceiptCode)
	ls.onFind()
	h.mustSee("Đã nộp phí: 100.000 đ")
}

func mustPayload(t *testing.T, receipt string) string {
	t.Helper()
	s, err := fee.Payload(feePayee, 100000, receipt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
