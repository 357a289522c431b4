package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Every answer that is sent is on the review (issue 11: the identity values the
// procedure's form does not use, here the phone, are neither kept nor shown); "Sửa"
// beside one opens that question, and "Tiếp tục" there comes back to the review with
// the new answer.
func TestReviewEditsOneQuestionAndReturns(t *testing.T) {
	h := newHarness(t, nil)
	h.toCertifyReviewWith(map[string]string{"phone": "0912345678"}) // nothing to scan
	h.mustSee("Nguyễn Thị Ngọc Hường")
	if h.sees("0912345678") {
		t.Error("the review shows the phone, which this procedure does not send")
	}
	// One "Sửa" per answer sent, in order: the name, then the form's page count.
	var edits []*bigButton
	walk(h.w.Content(), func(o fyne.CanvasObject) bool {
		if b, ok := o.(*bigButton); ok && b.Text == "Sửa" {
			edits = append(edits, b)
		}
		return false
	})
	if len(edits) != 2 {
		t.Fatalf("%d answers to change on the review, want 2 (name, page count)", len(edits))
	}
	test.Tap(edits[len(edits)-1])
	h.asking("so_trang")
	h.answer("so_trang", "5")
	h.mustBeOn(scrReview)
	h.mustSee("5")
	if got := h.ui.flow.Fields()["so_trang"]; got != "5" {
		t.Fatalf("so_trang = %q after the edit", got)
	}
}

// A language switch keeps the resident on the same question, with its answer, and the
// catalog's English for the label, help and choices.
func TestLanguageSwitchKeepsTheQuestion(t *testing.T) {
	h := newHarness(t, nil)
	h.toForm()
	h.answer("ten_tre", "Trần Minh Khôi")
	h.question().in.setValue("14/11/2026")
	h.tapText("English")
	s := h.asking("ngay_sinh_tre")
	if got := s.in.value(); got != "14/11/2026" {
		t.Fatalf("the answer typed before the switch shows %q", got)
	}
	h.mustSee("Child's date of birth")
	h.tapText("Continue")
	h.asking("gioi_tinh_tre")
	h.mustSee("Child's sex")
	h.mustSee("As written on the birth certificate.")
	h.tapText("Girl")
	h.asking("so_ban_sao")
	if got := h.ui.flow.Fields()["gioi_tinh_tre"]; got != "Nữ" {
		t.Fatalf("the choice is stored as %q, want the catalog's value Nữ", got)
	}
}

// The whole consent row is one target: a tap on its detail text ticks it too.
func TestConsentRowIsOneTarget(t *testing.T) {
	h := newHarness(t, nil)
	h.toCertifyReview()
	r := h.ui.cur.(*reviewScreen)
	var row *tapRow
	walk(h.w.Content(), func(o fyne.CanvasObject) bool {
		row, _ = o.(*tapRow)
		return row != nil
	})
	if row == nil {
		t.Fatal("no consent row")
	}
	test.TapAt(row, fyne.NewPos(row.Size().Width-10, row.Size().Height-10)) // far corner, on the detail
	if !r.consent.Checked || r.submit.Disabled() {
		t.Fatal("a tap on the consent row's detail must tick the consent")
	}
	test.TapAt(row, fyne.NewPos(row.Size().Width-10, row.Size().Height-10))
	if r.consent.Checked || !r.submit.Disabled() {
		t.Fatal("a second tap must untick it")
	}
}
