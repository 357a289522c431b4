package dashboard_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// submitFee stores a dossier of the sample catalog's level 4 procedure 1.004873
// (Cấp Giấy xác nhận tình trạng hôn nhân, 5.000 đ) with this receipt code.
func submitFee(t *testing.T, s store, kiosk, id, receipt string, at time.Time) gwstore.Dossier {
	t.Helper()
	d := wire.Dossier{ID: id, ReceiptCode: receipt, ProcedureCode: "1.004873",
		Applicant: wire.Applicant{Name: "Nguyễn Thị Hồng", IDNumber: "092190001234"},
		Fields:    map[string]string{"ho_ten": "Nguyễn Thị Hồng"}, CreatedAt: at}
	body, err := wire.Canonical(d)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := s.SubmitDossier(context.Background(), gwstore.NewDossier{KioskID: kiosk, Dossier: d, Body: body,
		BodySHA256: hash(body), ReceivedAt: at, Day: at, Agency: wire.DefaultAgencyCode})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func credit(txn string, amount int64, purpose, dossier string, due int64, at time.Time) gwstore.NewPayment {
	return gwstore.NewPayment{TxnID: txn, BodySHA256: hash([]byte(txn)), Amount: amount, Purpose: purpose, Account: "7800201009999",
		BookedAt: at, ReceivedAt: at, DossierID: dossier, Due: due}
}

// TestPaymentPages: a city account lists payments and the unmatched credits, exports
// them as CSV, and matches a credit to a dossier by hand (recorded with its name); bad
// matches are refused with the reason; commune accounts do not see payments at all.
func TestPaymentPages(t *testing.T) {
	backends(t, func(t *testing.T, s store) {
		ctx := context.Background()
		e := newEnv(t, s, false)
		if err := s.AddKiosk(ctx, gwstore.Kiosk{ID: "k1", Name: "Nhà văn hóa Mỹ Khánh", Commune: "Mỹ Khánh", Secret: "x", CreatedAt: e.clock.Now()}); err != nil {
			t.Fatal(err)
		}
		at := e.clock.Now().Add(-time.Hour)
		d1 := submitFee(t, s, "k1", "d1", "ZJDK-PREK", at)
		d2 := submitFee(t, s, "k1", "d2", "AAAA-BBBB", at)
		submit(t, s, "k1", "d3", "1.000894", at) // free
		ps := s.(gwstore.Payments)
		for _, np := range []gwstore.NewPayment{
			credit("FT001", 5000, "DVC ZJDK PREK", d1.ID, 5000, at),
			credit("FT002", 5000, "=HYPERLINK(\"x\") chuyen tien", "", 0, at.Add(time.Minute)),
			credit("FT003", 3000, "DVC QQQQ QQQQ", "", 0, at.Add(2*time.Minute)),
		} {
			if _, _, err := ps.RecordPayment(ctx, np); err != nil {
				t.Fatal(err)
			}
		}
		e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
		e.addAccount("xa.mykhanh", gwstore.RoleCommune, "Mỹ Khánh", pw)

		b := e.browser()
		b.mustSignIn("so.tttt", pw)
		list := b.get("/payments")
		if list.status != 200 || !strings.Contains(list.body, "Đã khớp với hồ sơ: 5.000 đ. Chưa khớp: 2 khoản, 8.000 đ.") {
			t.Fatalf("payments: %d\n%s", list.status, list.body)
		}
		rows := table(t, list.body, "payments")
		if len(rows) != 4 || !strings.Contains(strings.Join(rows[3], "|"), "FT001") || !strings.Contains(strings.Join(rows[3], "|"), d1.OfficialCode) {
			t.Fatalf("payment rows: %q", rows)
		}
		days := table(t, list.body, "fee-days")
		if len(days) != 2 || days[1][1] != "5.000 đ" {
			t.Fatalf("fees per day: %q", days)
		}
		un := table(t, b.get("/payments?unmatched=1").body, "payments")
		if len(un) != 3 {
			t.Fatalf("unmatched rows: %q", un)
		}

		c := b.get("/payments.csv?unmatched=1")
		if c.status != 200 || !strings.HasPrefix(c.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", c.status, c.header)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c.body, "\ufeff"))).ReadAll()
		if err != nil || len(recs) != 3 || recs[0][2] != "Mã giao dịch" {
			t.Fatalf("csv records: %q %v", recs, err)
		}
		if !strings.HasPrefix(recs[2][4], "'=") {
			t.Errorf("a formula in a transfer content was not defused: %q", recs[2][4])
		}

		// Matching by hand: the form with its token; refusals first.
		page := b.get("/payments/FT003")
		if page.status != 200 || !strings.Contains(page.body, `id="match-form"`) {
			t.Fatalf("payment page: %d", page.status)
		}
		tok := csrf(t, page.body)
		for _, c := range []struct {
			ref    string
			status int
			msg    string
		}{
			{"", 422, "Hãy nhập mã hồ sơ hoặc mã biên nhận."},
			{"KHONG-CO", 422, "Không có hồ sơ nào với mã này."},
			{"d3", 422, "Hồ sơ này không có lệ phí phải nộp qua ngân hàng."},
		} {
			a := b.post("/payments/FT003/match", url.Values{"csrf": {tok}, "dossier": {c.ref}})
			if a.status != c.status || !strings.Contains(a.body, c.msg) {
				t.Errorf("match %q: %d\n%s", c.ref, a.status, a.body)
			}
		}
		if a := b.post("/payments/FT003/match", url.Values{"dossier": {d2.OfficialCode}}); a.status != http.StatusForbidden {
			t.Errorf("match without the CSRF token: %d", a.status)
		}
		if p, _ := ps.Payment(ctx, "FT003"); p.DossierID != "" {
			t.Fatalf("a refused match changed the payment: %+v", p)
		}
		e.clock.Add(time.Minute)
		a := b.post("/payments/FT003/match", url.Values{"csrf": {tok}, "dossier": {d2.OfficialCode}})
		if a.status != http.StatusSeeOther || a.header.Get("Location") != "/payments/FT003?matched=1" {
			t.Fatalf("match: %d %s\n%s", a.status, a.header.Get("Location"), a.body)
		}
		done := b.get("/payments/FT003?matched=1")
		if !strings.Contains(done.body, "Đã khớp khoản thanh toán với hồ sơ.") || strings.Contains(done.body, `id="match-form"`) {
			t.Fatalf("after the match:\n%s", done.body)
		}
		audit := table(t, done.body, "payment-audit")
		if len(audit) != 2 || audit[1][1] != "so.tttt" || audit[1][3] != "Thiếu" {
			t.Fatalf("audit rows: %q", audit)
		}
		if p, _ := ps.Payment(ctx, "FT003"); p.DossierID != d2.ID || p.Result != "underpaid" || p.MatchedBy != "so.tttt" {
			t.Fatalf("matched payment: %+v", p)
		}
		if a := b.post("/payments/FT003/match", url.Values{"csrf": {tok}, "dossier": {d1.OfficialCode}}); a.status != http.StatusConflict {
			t.Errorf("a second match: %d", a.status)
		}
		if a := b.get("/payments/NOPE"); a.status != 404 {
			t.Errorf("unknown payment: %d", a.status)
		}

		// A commune account: no payments anywhere.
		cb := e.browser()
		cb.mustSignIn("xa.mykhanh", pw)
		for _, p := range []string{"/payments", "/payments.csv", "/payments/FT001"} {
			if a := cb.get(p); a.status != 404 {
				t.Errorf("commune account GET %s: %d", p, a.status)
			}
		}
		if a := cb.get("/"); strings.Contains(a.body, `href="/payments"`) {
			t.Error("a commune account sees the payments link")
		}
	})
}
