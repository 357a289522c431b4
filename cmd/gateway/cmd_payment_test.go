package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestPaymentCommands: the real gateway with a payment secret and payees; the CLI
// sends signed notifications (paid, resent, unknown reference, wrong secret) and lists
// payments; the kiosk's catalog and status answer carry the fee.
func TestPaymentCommands(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := testCtx(t)
		dir := t.TempDir()
		secretFile := filepath.Join(dir, "pay.secret")
		if err := os.WriteFile(secretFile, []byte("bank-secret-0123456789\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		id, secret := addKiosk(t, b, "UBND xã Thới Lai")
		p := startGateway(t, b, "--catalog", "testdata/catalog_fees.json", "--payment-secret-file", secretFile, "--payees", "testdata/payees.json")
		c := p.client(id, secret)

		r, err := c.Do(ctx, "GET", wire.CatalogPath, nil, nil)
		if err != nil || r.Status != 200 {
			t.Fatalf("catalog: %v", err)
		}
		cat, err := catalog.Parse(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		proc, _ := cat.Find("1.004873")
		if y, ok := cat.PayeeFor(proc); !ok || y.Account != "7800201009999" {
			t.Fatalf("the kiosk's fee account: %+v", y)
		}

		d := wire.Dossier{ID: "11111111-2222-4333-8444-555555555555", ReceiptCode: "ZJDK-PREK", ProcedureCode: "1.004873",
			Applicant: wire.Applicant{Name: "Lê Văn Tám"}, Fields: map[string]string{"ho_ten": "Lê Văn Tám"}}
		if r, err := c.PutDossier(ctx, d); err != nil || r.Status != 201 {
			t.Fatalf("dossier: %v %d %s", err, r.Status, r.Body)
		}
		notify := func(extra ...string) (string, string, error) {
			args := append([]string{"payment", "notify", "--gateway", p.URL, "--secret-file", secretFile}, extra...)
			return cliErr(b, args...)
		}
		booked := []string{"--booked", "2026-12-01T09:00:00+07:00"}
		for i, dup := range []string{"duplicate=false", "duplicate=true"} {
			out, errOut, err := notify(append([]string{"--txn", "FT25335001", "--amount", "100000", "--purpose", "MBVCB.1.DVC ZJDK PREK.CT"}, booked...)...)
			if err != nil || !strings.Contains(out, "result=paid\n") || !strings.Contains(out, dup) {
				t.Fatalf("notify %d: %v %s %s", i+1, err, out, errOut)
			}
		}
		if _, errOut, err := notify(append([]string{"--txn", "FT25335001", "--amount", "1", "--purpose", "DVC ZJDK PREK"}, booked...)...); err == nil || !strings.Contains(errOut, "409") {
			t.Fatalf("same transaction id, other amount: %v %s", err, errOut)
		}
		var out, errOut string
		out, _, err = notify("--txn", "FT25335002", "--amount", "30000", "--purpose", "chuyen tien")
		if err != nil || !strings.Contains(out, "result=unmatched") || !strings.Contains(out, "reason=no receipt code") {
			t.Fatalf("unmatched: %v %s", err, out)
		}
		bad := filepath.Join(dir, "bad.secret")
		os.WriteFile(bad, []byte("not-the-bank-secret-at-all"), 0o600)
		_, errOut, err = cliErr(b, "payment", "notify", "--gateway", p.URL, "--secret-file", bad, "--txn", "FT3", "--amount", "1")
		if err == nil || !strings.Contains(errOut, "401") {
			t.Fatalf("wrong secret: %v %s", err, errOut)
		}

		st, err := c.Do(ctx, "GET", wire.DossierPath(d.ID), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		var s wire.DossierStatus
		if err := st.JSON(&s); err != nil || s.FeeStatus != (wire.FeeStatus{DueVND: 100000, PaidVND: 100000, Payment: "paid"}) {
			t.Fatalf("status: %+v %v", s, err)
		}

		if all := cli(t, b, "payment", "list"); strings.Count(all, "\n") != 3 {
			t.Fatalf("payment list: %s", all)
		}
		un := cli(t, b, "payment", "list", "--unmatched")
		if !strings.Contains(un, "FT25335002") || strings.Contains(un, "FT25335001") {
			t.Fatalf("payment list --unmatched: %s", un)
		}
	})
}
