package kiosk

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// fileAssisted signs the clerk in, files a marriage registration (one scanned page)
// for the CCCD holder through the resident's screens and returns the saved dossier.
func (h *harness) fileAssisted() *store.Dossier {
	h.t.Helper()
	wait := asyncWaiter(h)
	h.signIn(testStaffPIN)
	h.tapText("Nộp hồ sơ giúp người dân")
	h.mustBeOn(scrProcedures)
	if !h.ui.flow.Started() || h.ui.flow.AssistedBy() != testStaffName {
		h.t.Fatalf("assisted session not flagged: %+v", h.ui.flow.Applicant())
	}
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký kết hôn")
	h.mustBeOn(scrDetail)
	h.tapText("Bắt đầu nộp hồ sơ")
	h.mustBeOn(scrQuestion)
	h.ui.onQR(testCCCD)
	h.answerRest(nil)
	h.mustBeOn(scrScan)
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	d, err := h.st.Dossier(context.Background(), h.ui.cur.(*receiptScreen).dossierID)
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

func TestAssistedFilingMarksDossierAndUsage(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	h.setPINs()
	ctx := context.Background()
	d := h.fileAssisted()
	if d.AssistedBy != testStaffName || d.Applicant.Name != "Nguyễn Thị Ngọc Hường" || len(d.Pages) != 1 {
		t.Fatalf("dossier %+v", d)
	}
	h.tapText("Xong")
	h.mustBeOn(scrAttract)
	// Then a resident on their own: not assisted.
	h.tapText("Chạm để bắt đầu")
	if h.ui.flow.AssistedBy() != "" {
		t.Fatal("the assisted flag outlived its session")
	}
	h.ui.endSession()

	day := h.clock.Now().Format("2006-01-02")
	rows, err := h.st.UsageCounts(ctx, day, day)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		k := string(r.Kind)
		if r.Assisted {
			k += "+assisted"
		}
		got[k] += r.N
	}
	want := map[string]int{
		"session_started+assisted": 1, "procedure_viewed+assisted": 1, "dossier_started+assisted": 1,
		"dossier_submitted+assisted": 1, "pages_scanned+assisted": 1, "session_completed+assisted": 1,
		"session_started": 1, "session_abandoned": 1,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("usage %s = %d, want %d (all: %v)", k, got[k], n, got)
		}
	}
	u, _ := h.st.Usage(ctx, day, day)
	if len(u) != 1 || u[0].AssistedDossiers != 1 || u[0].DossiersSubmitted != 1 {
		t.Fatalf("usage %+v", u)
	}
	// The queue credits the clerk (the resident's own session signed the clerk out: PIN again).
	h.signIn(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	h.mustSeePart("\nNhân viên " + testStaffName + " nộp giúp")
}

// TestUsageLeavingTheKioskCarriesNoPersonalData files an assisted dossier and a
// lookup, syncs with the real gateway, and checks every usage body the uplink pushed:
// no name, ID number, phone, address, birth date, receipt or official code, no clerk.
func TestUsageLeavingTheKioskCarriesNoPersonalData(t *testing.T) {
	g := startGateway(t)
	var ad uplinkAdapter
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1); d.Uplink = &ad })
	ad.up = h.uplinkFor(g)
	h.setPINs()
	d := h.fileAssisted()
	h.tapText("Xong")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rep, err := ad.up.Sync(ctx)
	if err != nil || rep.Accepted != 1 || rep.UsageDays != 1 {
		t.Fatalf("sync: %+v %v", rep, err)
	}
	got, _ := h.st.Dossier(ctx, d.ID)
	g.mu.Lock()
	bodies := append([][]byte(nil), g.usage...)
	g.mu.Unlock()
	if len(bodies) != 1 {
		t.Fatalf("%d usage bodies pushed", len(bodies))
	}
	var pushed map[string]any
	if err := json.Unmarshal(bodies[0], &pushed); err != nil {
		t.Fatal(err)
	}
	if pushed["assisted_dossiers"] != float64(1) || pushed["dossiers_submitted"] != float64(1) {
		t.Fatalf("pushed %s", bodies[0])
	}
	a := d.Applicant
	for _, secret := range []string{a.Name, "Nguyễn", "Hường", a.IDNumber, a.OldIDNumber, a.Address, "Trần Hưng Đạo", a.DOB, "05031958",
		testStaffName, "Mai", d.ReceiptCode, strings.ReplaceAll(d.ReceiptCode, "-", ""), got.OfficialCode, d.ID} {
		if secret != "" && strings.Contains(string(bodies[0]), secret) {
			t.Errorf("usage pushed to the gateway contains %q: %s", secret, bodies[0])
		}
	}
	// Nothing personal in what the store's usage figures return either.
	day := h.clock.Now().Format("2006-01-02")
	u, _ := h.st.Usage(ctx, day, day)
	raw, _ := json.Marshal(u)
	for _, secret := range []string{a.Name, a.IDNumber, testStaffName, d.ReceiptCode} {
		if secret != "" && strings.Contains(string(raw), secret) { // the form may not keep every value
			t.Errorf("store.Usage contains %q", secret)
		}
	}
}
