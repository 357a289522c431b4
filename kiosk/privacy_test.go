package kiosk

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// A resident's half-filled session must not survive under the PIN pad: the pad has no
// sign-out clock of its own (nobody is signed in), so the resident's idle clock applies.
func TestPINPadLeftOpenOverASessionStillWipesIt(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.IdleTimeout = 60 * time.Second
		d.IdleWarning = 20 * time.Second
	})
	h.setPINs()
	h.toForm()
	h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi"})
	h.tapCorner() // someone touches the discreet corner, then everybody walks away
	h.mustBeOnDesk(deskPIN)
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.clock.Add(20 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
	if h.ui.flow.Started() || h.ui.flow.Applicant().Name != "" || len(h.ui.flow.Answers()) != 0 {
		t.Fatalf("session kept under the PIN pad: %+v", h.ui.flow.Applicant())
	}
	if h.ui.desk.view != deskNone {
		t.Fatalf("back office still thinks it shows %q", h.ui.desk.view)
	}
	if h.sees("Trần Minh Khôi") || h.sees("Nguyễn Thị Ngọc Hường") {
		t.Fatalf("the next person sees the last resident's data: %q", h.screenText())
	}
}

// A clerk who opens the back office over an assisted session and is then signed out
// (idle or the button) must not leave that resident's form on the public screen.
func TestStaffSignOutWipesTheSessionUnderTheBackOffice(t *testing.T) {
	for _, how := range []string{"idle", "button"} {
		t.Run(how, func(t *testing.T) {
			h := newHarness(t, nil)
			h.setPINs()
			h.signIn(testStaffPIN)
			h.tapText("Nộp hồ sơ giúp người dân")
			h.tapCard("Hộ tịch")
			h.tapCard("Đăng ký khai sinh")
			h.tapText("Bắt đầu nộp hồ sơ")
			h.ui.onQR(testCCCD)
			h.mustBeOn(scrQuestion)
			h.tapCorner() // the clerk looks at the queue, then leaves
			h.mustBeOnDesk(deskQueue)
			if how == "idle" {
				h.clock.Add(staffIdleSignOut)
				h.ui.desk.tick()
			} else {
				h.tapText("Đăng xuất")
			}
			h.mustBeOn(scrAttract)
			if h.ui.flow.Started() || h.ui.flow.Applicant().Name != "" || h.ui.flow.AssistedBy() != "" {
				t.Fatalf("assisted session survived the sign-out: %+v", h.ui.flow.Applicant())
			}
			if h.sees("Nguyễn Thị Ngọc Hường") {
				t.Fatalf("public screen shows the resident after sign-out: %q", h.screenText())
			}
		})
	}
}

// The consent box is never ticked in advance: not for a second dossier of the same
// procedure filed from the receipt either.
func TestConsentNotPreTickedForTheNextDossier(t *testing.T) {
	h := newHarness(t, nil)
	fileCopy := func() {
		h.tapText("Nộp hồ sơ")
		h.tapCard("Chứng thực")
		h.tapCard("Chứng thực bản sao từ bản chính giấy tờ, văn bản")
		h.tapText("Bắt đầu nộp hồ sơ")
		h.mustBeOn(scrQuestion)
		if h.ui.flow.Applicant().Name == "" {
			h.ui.onQR(testCCCD)
		}
		h.answerRest(map[string]string{"so_trang": "3"})
		h.mustBeOn(scrReview)
	}
	h.tapText("Chạm để bắt đầu")
	fileCopy()
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	h.tapText("Trang chủ")
	fileCopy()
	if c := h.ui.cur.(*reviewScreen).consent; c.Checked || h.ui.flow.Consent() {
		t.Fatal("consent box ticked in advance for the second dossier")
	}
	if b := findButton(h.w.Canvas().Content(), "Nộp hồ sơ"); b == nil || !b.Disabled() {
		t.Fatal("submit enabled before the resident consented")
	}
}

// diskFullStore refuses SaveDossier as a full disk does while *full is true (the
// kiosk's flow holds the store it was built with: space is freed, not the store swapped).
type diskFullStore struct {
	*store.Store
	full *bool
}

func (f diskFullStore) SaveDossier(ctx context.Context, nd store.NewDossier) (*store.Dossier, error) {
	if f.full == nil || *f.full {
		return nil, fmt.Errorf("store: save dossier: %w", store.ErrDiskFull)
	}
	return f.Store.SaveDossier(ctx, nd)
}

// On a full disk no receipt is shown, the resident is told plainly, and nothing of the
// session (pages included) is dropped, so that a retry can succeed.
func TestDiskFullShowsNoReceiptAndKeepsTheSession(t *testing.T) {
	full := true
	h := newHarness(t, func(d *Deps) {
		d.Scanner = pagesScanner(1)
		d.Store = diskFullStore{Store: d.Store.(*store.Store), full: &full}
	})
	wait := asyncWaiter(h)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký kết hôn")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.ui.onQR(testCCCD)
	h.answerRest(nil)
	h.mustBeOn(scrScan)
	h.tapText("Quét")
	wait("scan")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReview)
	h.mustSee("Bộ nhớ của máy đã đầy nên chưa lưu được hồ sơ. Hãy báo nhân viên bưu điện.")
	if h.ui.flow.Submitted() || h.ui.flow.Receipt() != nil || len(h.ui.flow.Pages()) != 1 {
		t.Fatalf("session after a failed save: %+v", h.ui.flow.Applicant())
	}
	if _, err := os.Stat(h.ui.flow.Pages()[0].Path); err != nil {
		t.Fatalf("page dropped after a failed save: %v", err)
	}
	if ds, err := h.st.ListDossiers(context.Background()); err != nil || len(ds) != 0 {
		t.Fatalf("dossiers %v %v", ds, err)
	}
	// Space freed: the same tap saves it.
	full = false
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	ds, err := h.st.ListDossiers(context.Background())
	if err != nil || len(ds) != 1 || len(ds[0].Pages) != 1 {
		t.Fatalf("dossiers %+v %v", ds, err)
	}
	if !errors.Is(diskFullStore{}.saveErr(), store.ErrDiskFull) {
		t.Fatal("fault store does not say disk full")
	}
}

func (f diskFullStore) saveErr() error {
	_, err := f.SaveDossier(context.Background(), store.NewDossier{})
	return err
}

// A scan job still running when the resident leaves for another procedure must not
// add its pages to the new procedure's dossier.
func TestScanLeftRunningDoesNotJoinTheNextProcedure(t *testing.T) {
	release := make(chan struct{})
	sc := funcScanner{scan: func(ctx context.Context, onProgress func(int, int), onPage func(ScannedPage)) error {
		onPage(testPage(0))
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		onPage(testPage(1))
		return nil
	}}
	h := newHarness(t, func(d *Deps) { d.Scanner = sc })
	wait := asyncWaiter(h)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký kết hôn")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.ui.onQR(testCCCD)
	h.answerRest(nil)
	h.mustBeOn(scrScan)
	h.tapText("Quét")
	wait("page")
	h.tapText("Trang chủ") // mid-job: another procedure instead
	h.tapText("Nộp hồ sơ")
	h.tapCard("Chứng thực")
	h.tapCard("Chứng thực bản sao từ bản chính giấy tờ, văn bản")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.answerRest(map[string]string{"so_trang": "3"})
	h.mustBeOn(scrReview)
	close(release)
	wait("scan")
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	d, err := h.st.Dossier(context.Background(), h.ui.cur.(*receiptScreen).dossierID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Pages) != 0 {
		t.Fatalf("the copy-certification dossier carries %d page(s) of the marriage registration: %+v", len(d.Pages), d.Pages)
	}
}

// A clerk who went back to the kiosk screens still signed in must not hand the back
// office to the next resident: a resident's session signs the clerk out, and the corner
// asks for the PIN again.
func TestResidentSessionSignsTheClerkOut(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	h.signIn(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	h.tapText("Quay lại màn hình người dân")
	h.mustBeOn(scrAttract)
	h.tapText("Chạm để bắt đầu") // a resident, within the clerk's idle time
	h.mustBeOn(scrHome)
	h.tapCorner()
	h.mustBeOnDesk(deskPIN)
	if h.ui.desk.role != "" {
		t.Fatal("the clerk is still signed in under a resident's session")
	}
}

// During the idle warning, another person's card means the last resident has gone:
// their session is wiped and the new card starts a session of its own, never landing
// in the old form. The same resident's card only dismisses the warning.
func TestOtherCardDuringIdleWarningStartsAFreshSession(t *testing.T) {
	const otherCCCD = "092190009999||Lê Văn Tám|01021990|Nam|Ấp Mỹ Ái, xã Mỹ Khánh, huyện Phong Điền, Cần Thơ|03042021"
	for _, tc := range []struct {
		name, card string
		fresh      bool
	}{{"same resident", testCCCD, false}, {"next person", otherCCCD, true}} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.toForm() // the harness's resident identified with testCCCD
			h.answerRest(map[string]string{"ten_tre": "Trần Minh Khôi"})
			h.clock.Add(h.ui.d.IdleTimeout)
			h.ui.Tick()
			h.mustBeOn(scrIdle)
			h.ui.onQR(tc.card)
			if h.ui.idle != nil {
				t.Fatal("the warning is still up after a card was read")
			}
			kept := h.ui.flow.Answers()["ten_tre"] == "Trần Minh Khôi"
			if tc.fresh {
				if kept || h.sees("Trần Minh Khôi") {
					t.Fatalf("the next person's session carries the last resident's form: %+v", h.ui.flow.Answers())
				}
				if h.ui.flow.Applicant().Name != "Lê Văn Tám" || !h.ui.flow.Started() {
					t.Fatalf("the new card did not start a session of its own: %+v", h.ui.flow.Applicant())
				}
			} else if !kept {
				t.Fatalf("the same resident's card wiped their own session")
			}
		})
	}
}
