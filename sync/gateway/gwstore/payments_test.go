package gwstore_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
)

func credit(txn string, amount int64, dossier string, due int64) gwstore.NewPayment {
	return gwstore.NewPayment{TxnID: txn, BodySHA256: hash([]byte(fmt.Sprint(txn, amount, dossier))), Amount: amount, Purpose: "DVC X",
		BookedAt: day.Add(10 * time.Hour), ReceivedAt: day.Add(10 * time.Hour), DossierID: dossier, Due: due}
}

func TestPayments(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		s := open()
		addKiosk(t, s, gwstore.Kiosk{ID: "k1", Name: "K1", Secret: "s"})
		for _, id := range []string{"d1", "d2", "d3"} {
			if _, _, err := s.SubmitDossier(ctx, newDossier("k1", id)); err != nil {
				t.Fatal(err)
			}
		}
		check := func(np gwstore.NewPayment, want string, wantDup bool) gwstore.Payment {
			t.Helper()
			p, dup, err := s.RecordPayment(ctx, np)
			if err != nil || p.Result != want || dup != wantDup {
				t.Fatalf("%s: got %s dup=%v %v, want %s dup=%v", np.TxnID, p.Result, dup, err, want, wantDup)
			}
			return p
		}
		check(credit("T1", 100000, "d1", 100000), "paid", false)
		check(credit("T1", 100000, "d1", 100000), "paid", true) // the bank resends
		if _, _, err := s.RecordPayment(ctx, credit("T1", 999, "d1", 100000)); !errors.Is(err, gwstore.ErrPaymentConflict) {
			t.Fatalf("same id, other body: %v", err)
		}
		check(credit("T2", 40000, "d2", 100000), "underpaid", false)
		check(credit("T3", 60000, "d2", 100000), "paid", false) // the rest, in a second transfer
		check(credit("T4", 5000, "d2", 100000), "overpaid", false)
		un := credit("T5", 70000, "", 0)
		un.Reason = "unknown reference"
		check(un, "unmatched", false)

		if f, err := s.DossierFee(ctx, "d2"); err != nil || f != (gwstore.FeeSummary{Due: 100000, Paid: 105000, Result: "overpaid"}) {
			t.Fatalf("fee of d2: %+v %v", f, err)
		}
		if f, err := s.DossierFee(ctx, "d3"); err != nil || f != (gwstore.FeeSummary{}) {
			t.Fatalf("fee of an unpaid dossier: %+v %v", f, err)
		}
		list, err := s.Payments(ctx, gwstore.PaymentFilter{Unmatched: true})
		if err != nil || len(list) != 1 || list[0].TxnID != "T5" || list[0].Reason != "unknown reference" {
			t.Fatalf("unmatched: %+v %v", list, err)
		}
		if all, _ := s.Payments(ctx, gwstore.PaymentFilter{}); len(all) != 5 {
			t.Fatalf("all payments: %d", len(all))
		}

		at := day.Add(11 * time.Hour)
		p, err := s.MatchPayment(ctx, "T5", "d3", 70000, "city-admin", at)
		if err != nil || p.Result != "paid" || p.MatchedBy != "city-admin" {
			t.Fatalf("manual match: %+v %v", p, err)
		}
		if _, err := s.MatchPayment(ctx, "T5", "d1", 70000, "city-admin", at); !errors.Is(err, gwstore.ErrAlreadyMatched) {
			t.Fatalf("second match: %v", err)
		}
		if _, err := s.MatchPayment(ctx, "nope", "d1", 1, "city-admin", at); !errors.Is(err, gwstore.ErrNotFound) {
			t.Fatalf("unknown payment: %v", err)
		}
		audits, err := s.PaymentAudits(ctx, "T5")
		if err != nil || len(audits) != 1 || audits[0].Account != "city-admin" || audits[0].DossierID != "d3" || !audits[0].At.Equal(at) {
			t.Fatalf("audit: %+v %v", audits, err)
		}
		got, err := open().Payment(ctx, "T5")
		if err != nil || got.DossierID != "d3" || got.Result != "paid" {
			t.Fatalf("after reopening: %+v %v", got, err)
		}
		fees, err := s.FeesCollected(ctx, "2026-11-27", "2026-11-27", time.UTC)
		if err != nil || fees["2026-11-27"] != 100000+105000+70000 {
			t.Fatalf("fees collected: %v %v", fees, err)
		}
		ds, err := s.DossiersByReceipt(ctx, "R-d1")
		if err != nil || len(ds) != 1 || ds[0].ID != "d1" {
			t.Fatalf("by receipt: %+v %v", ds, err)
		}
	})
}

// TestPaymentConcurrentDuplicates: the bank sends the same notification from several
// connections at once (two gateway processes on PostgreSQL): one is stored, the others
// are duplicates, and the dossier is paid once.
func TestPaymentConcurrentDuplicates(t *testing.T) {
	stores(t, func(t *testing.T, open func() gwstore.Interface) {
		ctx := context.Background()
		a, b := open(), open()
		addKiosk(t, a, gwstore.Kiosk{ID: "k1", Name: "K1", Secret: "s"})
		if _, _, err := a.SubmitDossier(ctx, newDossier("k1", "d1")); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		fresh := 0
		onBoth(8, a, b, func(_ int, s gwstore.Interface) {
			_, dup, err := s.RecordPayment(ctx, credit("T1", 100000, "d1", 100000))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if !dup {
				fresh++
			}
			mu.Unlock()
		})
		if fresh != 1 {
			t.Fatalf("%d notifications stored as new", fresh)
		}
		if f, _ := a.DossierFee(ctx, "d1"); f.Paid != 100000 || f.Result != "paid" {
			t.Fatalf("fee %+v", f)
		}
	})
}
