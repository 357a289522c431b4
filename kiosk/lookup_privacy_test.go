package kiosk

import (
	"context"
	"testing"
)

// Official codes are sequential: a lookup by one shows the status only, not the
// neighbour's receipt code, procedure or time; the receipt code shows them.
func TestLookupByOfficialCodeShowsStatusOnly(t *testing.T) {
	h := newHarness(t, nil)
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Chứng thực")
	h.tapCard("Chứng thực bản sao từ bản chính giấy tờ, văn bản")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.asking("name")
	h.ui.onQR(testCCCD)
	h.answerRest(map[string]string{"phone": "", "so_trang": "3"})
	h.mustBeOn(scrReview)
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	rc := h.ui.cur.(*receiptScreen)
	code, id := rc.d.ReceiptCode, rc.dossierID
	h.tapText("Xong")
	const official = "000.00.21.H13-261127-0007"
	if err := h.st.MarkAccepted(context.Background(), id, official, "received"); err != nil {
		t.Fatal(err)
	}
	h.tapText("Chạm để bắt đầu")
	h.tapText("Tra cứu hồ sơ")
	h.mustBeOn(scrLookup)
	l := h.ui.cur.(*lookupScreen)
	l.entry.SetText(official)
	h.tapText("Tìm")
	h.mustSee(official)
	for _, s := range []string{code, "Chứng thực bản sao từ bản chính giấy tờ, văn bản"} {
		if h.sees(s) {
			t.Errorf("a lookup by the official code shows %q", s)
		}
	}
	l.entry.SetText(code)
	h.tapText("Tìm")
	h.mustSee(code)
}

// The review shows exactly the identity values that are sent: for the birth
// registration (name and CCCD number on its form) not the date of birth or address the
// card also holds, and the stored dossier has the same.
func TestReviewShowsWhatIsSent(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Scanner = pagesScanner(1) })
	wait := asyncWaiter(h)
	h.birthToReview(wait)
	h.mustSee("092158001234")
	for _, s := range []string{"05/03/1958", "12 Trần Hưng Đạo, Ninh Kiều, Cần Thơ"} {
		if h.sees(s) {
			t.Errorf("the review shows %q, which is not sent", s)
		}
	}
	h.ui.cur.(*reviewScreen).consent.SetChecked(true)
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrReceipt)
	d, err := h.st.Dossier(context.Background(), h.ui.cur.(*receiptScreen).dossierID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Applicant.DOB != "" || d.Applicant.Address != "" || d.Applicant.OldIDNumber != "" || d.Applicant.IDNumber != "092158001234" {
		t.Fatalf("stored applicant %+v", d.Applicant)
	}
}
