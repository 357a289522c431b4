package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func TestFees(t *testing.T) {
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := openStore(t, store.Options{Location: time.UTC, Now: func() time.Time { return clock }})
	c := testCatalog()
	c.Procedures[3].Level = catalog.Level4
	c.Procedures[3].Fees = []catalog.Fee{{Label: "Lệ phí", AmountVND: 100000}}
	c.Procedures[4].Fees = []catalog.Fee{{Label: "Phí", AmountVND: 2000}} // level 3: paid at the counter
	c.Payees = []catalog.Payee{{BankBIN: "970405", BankName: "Agribank", Account: "7800201009999", AccountName: "UBND XA MY KHANH"}}
	if err := s.ImportCatalog(ctx(t), c); err != nil {
		t.Fatal(err)
	}
	ys, err := s.Payees(ctx(t))
	if err != nil || len(ys) != 1 || ys[0].AccountName != "UBND XA MY KHANH" {
		t.Fatalf("payees: %+v %v", ys, err)
	}
	d4, err := s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "1.004873", Fields: map[string]string{"ho_ten": "A"}})
	if err != nil {
		t.Fatal(err)
	}
	d3, err := s.SaveDossier(ctx(t), store.NewDossier{ProcedureCode: "2.000815", Fields: map[string]string{"ho_ten": "A"}})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := s.DossierFee(ctx(t), d4.ID); err != nil || f != (store.Fee{DueVND: 100000}) {
		t.Fatalf("level 4 fee: %+v %v", f, err)
	}
	if _, err := s.DossierFee(ctx(t), d3.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a level 3 dossier owes a QR fee: %v", err)
	}

	// The gateway reports half, then the rest.
	if ch, err := s.SetRemoteFee(ctx(t), d4.ID, wire.FeeStatus{DueVND: 100000, PaidVND: 50000, Payment: "underpaid"}); err != nil || !ch {
		t.Fatalf("underpaid: %v %v", ch, err)
	}
	if ch, _ := s.SetRemoteFee(ctx(t), d4.ID, wire.FeeStatus{DueVND: 100000, PaidVND: 50000, Payment: "underpaid"}); ch {
		t.Fatal("the same answer counted as a change")
	}
	if got, _ := s.FeesCollected(ctx(t), "2026-12-01", "2026-12-01"); len(got) != 0 {
		t.Fatalf("an underpaid fee counted as collected: %v", got)
	}
	clock = clock.Add(24 * time.Hour)
	if _, err := s.SetRemoteFee(ctx(t), d4.ID, wire.FeeStatus{DueVND: 100000, PaidVND: 100000, Payment: "paid"}); err != nil {
		t.Fatal(err)
	}
	f, _ := s.DossierFee(ctx(t), d4.ID)
	if !f.Settled() || f.PaidDay != "2026-12-02" || f.PaidVND != 100000 {
		t.Fatalf("paid: %+v", f)
	}
	clock = clock.Add(24 * time.Hour) // a later answer does not move the day
	s.SetRemoteFee(ctx(t), d4.ID, wire.FeeStatus{DueVND: 100000, PaidVND: 100000, Payment: "paid"})
	got, err := s.FeesCollected(ctx(t), "2026-11-01", "2026-12-31")
	if err != nil || len(got) != 1 || got["2026-12-02"] != 100000 {
		t.Fatalf("fees collected: %v %v", got, err)
	}
	// Nothing known from the gateway: no row appears.
	if ch, _ := s.SetRemoteFee(ctx(t), d3.ID, wire.FeeStatus{}); ch {
		t.Fatal("an empty fee status made a change")
	}
	if err := s.DeleteDossier(ctx(t), d4.ID); err == nil {
		if _, err := s.DossierFee(ctx(t), d4.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("fee outlived its dossier: %v", err)
		}
	}
}
