//go:build !windows

package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestChromiumPayments: the real gateway with a payment secret; a kiosk files two
// level 4 dossiers through the signed API; the bank's notifications arrive through
// `gateway payment notify` (one paid, one with a mangled reference); headless Chromium
// signs in as a city account, reads the payments and the unmatched credit, and matches
// it by hand through the form. Screenshots go to screenshots/dashboard/.
func TestChromiumPayments(t *testing.T) {
	g := newGatewayDir(t)
	secretFile := filepath.Join(g.dir, "payment.secret")
	if err := os.WriteFile(secretFile, []byte("bank-secret-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	id, secret := gwtest.KioskCredentials(t, g.run("", "kiosk", "add", "Nhà văn hóa ấp Mỹ Ái", "--commune", "Mỹ Khánh"))
	g.run(pw+"\n", "user", "add", "so.tttt")

	base := gwtest.ServeGateway(t, g.bin, nil, "--data", g.dir, "--catalog", g.catalog, "--log-level", "warn",
		"--payment-secret-file", secretFile).URL

	// Two level 4 dossiers owing 5.000 đ, filed through the kiosk API.
	c := &gwtest.Client{BaseURL: base, ID: id, Secret: secret}
	cat, err := catalog.Parse(assets.SampleCatalog())
	if err != nil {
		t.Fatal(err)
	}
	proc, _ := cat.Find("1.004873")
	fields := map[string]string{}
	for _, f := range proc.Form {
		fields[f.ID] = map[catalog.FieldType]string{catalog.Date: "1990-01-01", catalog.Number: "1", catalog.Phone: "0912345678",
			catalog.CCCD: "092190001234", catalog.Text: "Nguyễn Thị Hồng", catalog.LongText: "Kết hôn"}[f.Type]
		if f.Type == catalog.Choice {
			fields[f.ID] = f.Choices[0]
		}
	}
	official := map[string]string{}
	for i, rc := range []string{"ZJDK-PREK", "HXMT-4QAB"} {
		d := wire.Dossier{ID: fmt.Sprintf("dossier-%d", i), ReceiptCode: rc, ProcedureCode: "1.004873",
			Applicant: wire.Applicant{Name: "Nguyễn Thị Hồng", IDNumber: "092190001234"},
			Fields:    fields, CreatedAt: time.Now()}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r, err := c.PutDossier(ctx, d)
		cancel()
		if err != nil || r.Status != http.StatusCreated {
			t.Fatalf("dossier %s: %v %+v", rc, err, r)
		}
		var ack wire.DossierAck
		r.JSON(&ack)
		official[rc] = ack.OfficialCode
	}
	notify := func(txn, amount, purpose string) string {
		return g.run("", "payment", "notify", "--gateway", base, "--secret-file", secretFile, "--txn", txn, "--amount", amount, "--purpose", purpose)
	}
	if out := notify("FT25335100", "5000", "NGUYEN THI HONG chuyen tien "+fee.Purpose("ZJDK-PREK")); !strings.Contains(out, "result=paid") {
		t.Fatalf("notify: %s", out)
	}
	if out := notify("FT25335101", "5000", "DVC HXMT 4QA8 le phi"); !strings.Contains(out, "result=unmatched") { // a typo: 8 for B
		t.Fatalf("notify: %s", out)
	}

	shots := screenshotDir(t)
	p := startChromium(t, g.chromium)
	p.navigate(base+"/login", "/login")
	p.submit(`document.getElementById('name').value = 'so.tttt';
		document.getElementById('password').value = `+jsString(pw)+`;
		document.querySelector('form[action="/login"] button[type=submit]').click();`, "/")
	p.navigate(base+"/payments", "/payments")
	var summary string
	p.eval(`document.getElementById('payment-summary').textContent`, &summary)
	if summary != "Đã khớp với hồ sơ: 5.000 đ. Chưa khớp: 1 khoản, 5.000 đ." {
		t.Errorf("summary %q", summary)
	}
	if txt := p.text(); !strings.Contains(txt, official["ZJDK-PREK"]) || !strings.Contains(txt, "FT25335101") || !strings.Contains(txt, "Đủ") {
		t.Errorf("the payment list says:\n%s", txt)
	}
	p.screenshot(shots, "10-payments.png")

	p.navigate(base+"/payments?unmatched=1", "/payments")
	var rows int
	p.eval(`document.querySelectorAll('#payments tbody tr').length`, &rows)
	if rows != 1 {
		t.Errorf("%d unmatched rows, want 1", rows)
	}
	p.navigate(base+"/payments/FT25335101", "/payments/FT25335101")
	p.submit(`document.getElementById('dossier').value = `+jsString(official["HXMT-4QAB"])+`;
		document.querySelector('#match-form button[type=submit]').click();`, "/payments/FT25335101")
	var result string
	p.eval(`document.getElementById('payment-result').textContent`, &result)
	if txt := p.text(); result != "Đủ" || !strings.Contains(txt, "Đã khớp khoản thanh toán với hồ sơ.") || !strings.Contains(txt, "so.tttt") {
		t.Errorf("after matching by hand: %q\n%s", result, txt)
	}
	p.screenshot(shots, "11-payment-matched.png")

	// The kiosk's status answer now carries the fee as paid.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r, err := c.Do(ctx, http.MethodGet, wire.DossierPath("dossier-1"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var st wire.DossierStatus
	if err := r.JSON(&st); err != nil || st.Payment != "paid" || st.PaidVND != 5000 {
		t.Fatalf("status after the manual match: %+v %v", st, err)
	}
	g.withStore(func(s gwstore.Interface) {
		if a, err := s.PaymentAudits(context.Background(), "FT25335101"); err != nil || len(a) != 1 || a[0].Account != "so.tttt" {
			t.Fatalf("audit: %+v %v", a, err)
		}
	})
}
