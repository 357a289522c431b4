package kiosk

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// queueRowsShown are the dossier rows on the queue's page, each checked to show whole.
func (h *harness) queueRowsShown() int {
	h.t.Helper()
	q := h.ui.desk.screen.(*queueView)
	h.w.Content().Refresh()
	return shownWhole(h.t, fmt.Sprintf("queue page %d", q.list.page+1), q.list, 0)
}

// At 1366×768 the staff queue shows two dossiers a page when both fit whole, and one
// where a refused dossier's explanation would leave the second cut: decided per page
// by the rows' measured heights. Paging shows every dossier once, in order.
func TestQueueTwoDossiersAPageWhenBothFit(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	ctx := context.Background()
	var all []*store.Dossier
	for _, name := range []string{"Trần Văn Một", "Trần Văn Hai", "Trần Văn Ba", "Trần Văn Bốn"} {
		all = append(all, h.saveTestDossier(name))
		h.clock.Add(time.Minute)
	}
	// The oldest two are refused with a long reason: they come last (newest first).
	for _, d := range all[:2] {
		if err := h.st.MarkSending(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		if err := h.st.MarkRejected(ctx, d.ID, store.FailInvalid, "invalid: thiếu tờ khai, thiếu bản sao giấy chứng nhận kết hôn, ảnh chụp CCCD không đọc được"); err != nil {
			t.Fatal(err)
		}
	}
	h.signIn(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	h.deskFits()

	q := h.ui.desk.screen.(*queueView)
	h.shotIfAsked("queue-page1")
	// Page 1: the two newest, waiting, short: both whole.
	if n := h.queueRowsShown(); n != 2 {
		t.Fatalf("page 1 shows %d dossiers, want the 2 waiting ones; screen %q", n, h.screenText())
	}
	h.mustSeePrefix(all[3].ReceiptCode + " · ")
	h.mustSeePrefix(all[2].ReceiptCode + " · ")
	// Then the refused ones: each too tall to share a page at 768 lines.
	for i, want := range []*store.Dossier{all[1], all[0]} {
		h.tapText("Trang sau")
		if n := h.queueRowsShown(); n != 1 {
			t.Fatalf("page %d shows %d refused dossiers, want 1 (two would be cut); screen %q", i+2, n, h.screenText())
		}
		h.mustSeePrefix(want.ReceiptCode + " · ")
		h.shotIfAsked(fmt.Sprintf("queue-page%d", i+2))
	}
	if q.list.page != 2 || q.list.pages() != 3 {
		t.Fatalf("on page %d of %d, want the last of 3", q.list.page+1, q.list.pages())
	}
	// An action reloads the list and keeps its page.
	h.tapRow(all[0].ReceiptCode, "Gửi lại")
	if q.list.page != 2 {
		t.Fatalf("after a retry the queue shows page %d, want 3", q.list.page+1)
	}
	h.mustSeePrefix(all[0].ReceiptCode + " · ")
}
