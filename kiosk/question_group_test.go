package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// toDeathGroup walks a death registration with a CCCD to the deceased's screen (their
// name, ID number and date of birth, a catalog group).
func (h *harness) toDeathGroup() *questionScreen {
	h.t.Helper()
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.tapCard("Hộ tịch")
	h.tapCard("Đăng ký khai tử")
	h.tapText("Bắt đầu nộp hồ sơ")
	h.ui.onQR(testCCCD)
	h.answer("phone", "0912345678")
	h.answer("quan_he", "Con")
	return h.asking("nguoi_chet_ho_ten")
}

// highlighted is the field id of the group's answer drawn as the one being answered;
// it fails unless exactly one is.
func highlighted(t *testing.T, s *questionScreen) string {
	t.Helper()
	id := ""
	for _, m := range s.members {
		if m.frame.StrokeColor == colPrimary {
			if id != "" {
				t.Fatalf("both %s and %s are highlighted", id, m.q.Field.ID)
			}
			id = m.q.Field.ID
		}
	}
	return id
}

// The deceased's name, ID number and date of birth share one screen under its title,
// with the keyboard beside them: the answer being given is highlighted and has the
// keyboard its type wants; "Tiếp tục" moves to the next answer of the screen, then to
// the next screen; a touch on another box makes it the one answered; the review's
// "Sửa" opens the screen at that answer and comes back.
func TestGroupedQuestionsOnOneScreen(t *testing.T) {
	h := newHarness(t, nil)
	s := h.toDeathGroup()
	h.mustSee("Người đã chết")
	h.mustSee("Câu 3–5/8")
	for _, l := range []string{"Họ tên người đã chết *", "Số định danh của người đã chết *", "Ngày sinh của người đã chết *"} {
		h.mustSee(l)
	}
	kb := h.ui.kbd.(*Keyboard)
	if !h.ui.kbdSide.Visible() || kb.Mode() != ModeText || highlighted(t, s) != "nguoi_chet_ho_ten" {
		t.Fatalf("keyboard shown %v mode %v, highlighted %s", h.ui.kbdSide.Visible(), kb.Mode(), highlighted(t, s))
	}
	h.tapKey("t")
	h.tapKey("a")
	if got := s.members[0].in.entry.Text; got != "Ta" {
		t.Fatalf("typed into the name: %q", got)
	}
	s.in.setValue("Trần Văn Ba")
	h.tapText("Tiếp tục")
	if h.question() != s || highlighted(t, s) != "nguoi_chet_so_dinh_danh" || kb.Mode() != ModeDigits {
		t.Fatalf("after Tiếp tục: same screen %v, highlighted %s, keyboard %v", h.question() == s, highlighted(t, s), kb.Mode())
	}
	// A touch on the date's box: the date is answered next, on the date pad.
	h.w.Canvas().Focus(s.members[2].in.entry)
	if highlighted(t, s) != "nguoi_chet_ngay_sinh" || kb.Mode() != ModeDate || h.ui.flow.Cursor() != s.members[2].pos {
		t.Fatalf("after a touch on the date: highlighted %s, keyboard %v", highlighted(t, s), kb.Mode())
	}
	for _, k := range "01021940" {
		h.tapKey(string(k))
	}
	if got := s.members[2].in.entry.Text; got != "01/02/1940" {
		t.Fatalf("the date pad typed %q", got)
	}
	// The ID number is still missing: "Tiếp tục" goes back to it and says so.
	h.tapText("Tiếp tục")
	if h.question() != s || highlighted(t, s) != "nguoi_chet_so_dinh_danh" || !s.members[1].in.err.Visible() {
		t.Fatalf("missing ID: highlighted %s, its problem shown %v", highlighted(t, s), s.members[1].in.err.Visible())
	}
	s.in.setValue("092040001111")
	h.tapText("Tiếp tục") // to the date, already answered
	h.tapText("Tiếp tục")
	next := h.asking("ngay_chet")
	if next == s || len(next.members) != 2 {
		t.Fatalf("the date and place of death: %d answers on a new screen %v", len(next.members), next != s)
	}
	h.mustSee("Ngày và nơi chết")
	h.tapText("Quay lại")
	h.asking("nguoi_chet_ho_ten")
	if got := h.ui.flow.Fields(); got["nguoi_chet_ho_ten"] != "Trần Văn Ba" || got["nguoi_chet_ngay_sinh"] != "1940-02-01" {
		t.Fatalf("answers kept: %q %q", got["nguoi_chet_ho_ten"], got["nguoi_chet_ngay_sinh"])
	}
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.answerRest(map[string]string{"ngay_chet": "20/11/2026", "noi_chet": "Bệnh viện Đa khoa Cần Thơ", "nguyen_nhan": "Bệnh"})
	h.mustBeOn(scrScan)
	h.ui.open(scrReview) // the pages are not this test's business

	// "Sửa" beside the deceased's date of birth opens their screen at it.
	test.Tap(h.editButton("Ngày sinh của người đã chết"))
	s = h.asking("nguoi_chet_ngay_sinh")
	if len(s.members) != 3 || highlighted(t, s) != "nguoi_chet_ngay_sinh" {
		t.Fatalf("Sửa opened %d answers, highlighted %s", len(s.members), highlighted(t, s))
	}
	s.in.setValue("02/02/1940")
	h.tapText("Tiếp tục")
	h.mustBeOn(scrReview)
	h.mustSee("02/02/1940")
}

// editButton is the review's "Sửa" beside the answer labelled label.
func (h *harness) editButton(label string) *bigButton {
	h.t.Helper()
	var found *bigButton
	walk(h.w.Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok {
			return false
		}
		var edit *bigButton
		labelled := false
		for _, ch := range c.Objects {
			if b, ok := ch.(*bigButton); ok && b.Text == "Sửa" {
				edit = b
			}
			walk(ch, func(o fyne.CanvasObject) bool {
				l, ok := o.(*widget.Label)
				labelled = labelled || ok && l.Text == label
				return labelled
			})
		}
		if edit != nil && labelled {
			found = edit
		}
		return found != nil
	})
	if found == nil {
		h.t.Fatalf("no Sửa beside %q on the review", label)
	}
	return found
}

// A date is checked by the date pad's own input (typing.DateInput): a day that does not
// exist and a date of birth after today are refused in the resident's language.
func TestDateProblemsInTheResidentsLanguage(t *testing.T) {
	h := newHarness(t, nil)
	s := h.toDeathGroup()
	s.in.setValue("Trần Văn Ba")
	h.tapText("Tiếp tục")
	s.in.setValue("092040001111")
	h.tapText("Tiếp tục")
	s.in.setValue("31/02/1940")
	h.tapText("Tiếp tục")
	h.mustSee("Không có ngày này trong lịch. Hãy kiểm tra lại ngày và tháng.")
	s.in.setValue("01/12/2026") // the kiosk's clock says 27/11/2026
	h.tapText("Tiếp tục")
	h.mustSee("Ngày này chưa tới. Hãy kiểm tra lại ngày, tháng, năm.")
	h.tapText("English")
	h.tapText("Continue")
	h.mustSee("This date has not come yet. Please check the day, month and year.")
	s = h.asking("nguoi_chet_ngay_sinh")
	s.in.setValue("01/11/2026")
	h.tapText("Continue")
	h.asking("ngay_chet")
}
