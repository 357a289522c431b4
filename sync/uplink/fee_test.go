package uplink

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwtest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// TestKioskLearnsFeePaid: a level 4 dossier owing 2.000 đ goes up; the bank tells the
// gateway (`gateway payment notify`, signed with the payment secret); the next status
// pull brings "paid" down to the kiosk's store, counted in the day's fees collected.
func TestKioskLearnsFeePaid(t *testing.T) {
	t.Setenv("GATEWAY_PAYMENT_SECRET", "bank-secret-0123456789")
	ctx := context.Background()
	g := startGateway(t, "sqlite")
	clk := newFakeClock()
	k := newKiosk(t, clk.Now)
	u := newUplink(t, k, g, "", clk)
	if _, err := u.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := k.st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "2.000908", Fields: map[string]string{"so_ban": "1"},
		Applicant: store.Applicant{Name: "Lê Văn Tám", IDNumber: "092158001234"},
		Pages:     []store.PageInput{{DocumentID: "ban-chinh", Format: "jpeg", Data: gwtest.Page(800, 1)}}})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := k.st.DossierFee(ctx, d.ID); err != nil || f.DueVND != 2000 || f.Settled() {
		t.Fatalf("fee at submit: %+v %v", f, err)
	}
	if _, err := u.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if got := k.dossier(t, d.ID); got.State != store.Accepted {
		t.Fatalf("dossier %s", got.State)
	}
	out := g.cli(t, "payment", "notify", "--gateway", g.URL, "--txn", "FT25335999", "--amount", "2000", "--purpose", fee.Purpose(d.ReceiptCode))
	if !strings.Contains(out, "result=paid") {
		t.Fatalf("notify: %s", out)
	}
	clk.Add(11 * time.Minute) // past StatusEvery
	rep, err := u.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f, err := k.st.DossierFee(ctx, d.ID)
	if err != nil || !f.Settled() || f.PaidVND != 2000 || rep.StatusUpdates == 0 {
		t.Fatalf("after the pull: %+v %v (updates %d)", f, err, rep.StatusUpdates)
	}
	today := clk.Now().Format("2006-01-02")
	if got, _ := k.st.FeesCollected(ctx, today, today); got[today] != 2000 {
		t.Fatalf("fees collected today: %v", got)
	}
	// Paid and the status unchanged: the kiosk stops asking about it once it is done.
	g.cli(t, "dossier", "status", d.ID, "done")
	clk.Add(11 * time.Minute)
	u.Sync(ctx)
	if un, _ := k.st.Unfinished(ctx); len(un) != 0 {
		t.Fatalf("a done, paid dossier is still polled: %d", len(un))
	}
}
