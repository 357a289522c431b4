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
	h.ui.onQR(testCCCD)
	h.tapText("Tiếp tục")
	h.ui.cur.(*formScreen).inputs[0].setValue("3")
	h.tapText("Tiếp tục")
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
