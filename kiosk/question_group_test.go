package kiosk

import (
	"context"
	"fmt"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// useCatalog replaces the kiosk's catalog with a test catalog file.
func (h *harness) useCatalog(file string) {
	h.t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := catalog.Parse(raw)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.ImportCatalog(context.Background(), c); err != nil {
		h.t.Fatal(err)
	}
}

// toDeathGroup walks a death registration (testdata/catalog-death.json) with a CCCD to
// the deceased's screen (their name and ID number, a catalog group).
func (h *harness) toDeathGroup() *questionScreen {
	h.t.Helper()
	h.useCatalog("testdata/catalog-death.json")
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

// The deceased's name and ID number share one screen under its title, their dates of
// birth and death another, with the keyboard beside them: the answer being given is
// highlighted and has the keyboard its type wants; "Tiếp tục" moves to the next answer
// of the screen, then to the next screen; a touch on another box makes it the one
// answered; the review's "Sửa" opens the screen at that answer and comes back.
func TestGroupedQuestionsOnOneScreen(t *testing.T) {
	h := newHarness(t, nil)
	s := h.toDeathGroup()
	h.mustSee("Người đã chết")
	h.mustSee("Câu 6–7/11") // name, CCCD, address (by the card), phone, relation: done
	h.shotIfAsked("question-group")
	h.mustSee("Họ tên người đã chết *")
	h.mustSee("Số định danh của người đã chết *")
	kb := func() *Keyboard { return h.ui.kbd.(*Keyboard) } // one per screen
	if !h.ui.kbdSide.Visible() || kb().Mode() != ModeText || highlighted(t, s) != "nguoi_chet_ho_ten" {
		t.Fatalf("keyboard shown %v mode %v, highlighted %s", h.ui.kbdSide.Visible(), kb().Mode(), highlighted(t, s))
	}
	h.tapKey("t")
	h.tapKey("a")
	if got := s.members[0].in.entry.Text; got != "Ta" {
		t.Fatalf("typed into the name: %q", got)
	}
	s.in.setValue("Trần Văn Ba")
	h.tapText("Tiếp tục")
	if h.question() != s || highlighted(t, s) != "nguoi_chet_so_dinh_danh" || kb().Mode() != ModeDigits {
		t.Fatalf("after Tiếp tục: same screen %v, highlighted %s, keyboard %v", h.question() == s, highlighted(t, s), kb().Mode())
	}
	h.tapText("Tiếp tục") // the ID number is required: it says so and stays
	if h.question() != s || !s.members[1].in.err.Visible() {
		t.Fatal("a missing ID number must be said on its own screen")
	}
	s.in.setValue("092040001111")
	h.tapText("Tiếp tục")
	d := h.asking("nguoi_chet_ngay_sinh")
	if d == s || len(d.members) != 2 || kb().Mode() != ModeDate {
		t.Fatalf("the dates: %d answers on a new screen %v, keyboard %v", len(d.members), d != s, kb().Mode())
	}
	h.mustSee("Ngày sinh và ngày chết")
	// A touch on the date of death's box: it is answered next, on the date pad.
	h.w.Canvas().Focus(d.members[1].in.entry)
	if highlighted(t, d) != "ngay_chet" || kb().Mode() != ModeDate || h.ui.flow.Cursor() != d.members[1].pos {
		t.Fatalf("after a touch on the date of death: highlighted %s, keyboard %v", highlighted(t, d), kb().Mode())
	}
	for _, k := range "20112026" {
		h.tapKey(string(k))
	}
	if got := d.members[1].in.entry.Text; got != "20/11/2026" {
		t.Fatalf("the date pad typed %q", got)
	}
	// The date of birth is still missing: "Tiếp tục" goes back to it and says so.
	h.tapText("Tiếp tục")
	if h.question() != d || highlighted(t, d) != "nguoi_chet_ngay_sinh" || !d.members[0].in.err.Visible() {
		t.Fatalf("missing date of birth: highlighted %s, its problem shown %v", highlighted(t, d), d.members[0].in.err.Visible())
	}
	d.in.setValue("01/02/1940")
	h.tapText("Quay lại")
	h.asking("nguoi_chet_ho_ten")
	if got := h.ui.flow.Fields(); got["nguoi_chet_ho_ten"] != "Trần Văn Ba" || got["nguoi_chet_ngay_sinh"] != "1940-02-01" || got["ngay_chet"] != "2026-11-20" {
		t.Fatalf("answers kept: %q %q %q", got["nguoi_chet_ho_ten"], got["nguoi_chet_ngay_sinh"], got["ngay_chet"])
	}
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.asking("nguoi_chet_ngay_sinh")
	h.tapText("Tiếp tục")
	h.tapText("Tiếp tục")
	h.answerRest(map[string]string{"noi_chet": "Bệnh viện Đa khoa Cần Thơ", "nguyen_nhan": "Bệnh"})
	h.mustBeOn(scrScan)
	h.ui.open(scrReview) // the pages are not this test's business

	// "Sửa" beside the deceased's date of birth opens the dates' screen at it.
	test.Tap(h.editButton("Ngày sinh của người đã chết"))
	s = h.asking("nguoi_chet_ngay_sinh")
	if len(s.members) != 2 || highlighted(t, s) != "nguoi_chet_ngay_sinh" {
		t.Fatalf("Sửa opened %d answers, highlighted %s", len(s.members), highlighted(t, s))
	}
	s.in.setValue("02/02/1940")
	h.tapText("Tiếp tục")
	h.asking("ngay_chet")
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
	s = h.asking("nguoi_chet_ngay_sinh")
	s.in.setValue("31/02/1940")
	h.tapText("Tiếp tục")
	h.mustSee("Không có ngày này trong lịch. Hãy kiểm tra lại ngày và tháng.")
	s.in.setValue("01/12/2026") // the kiosk's clock says 27/11/2026
	h.tapText("Tiếp tục")
	h.mustSee("Ngày này chưa tới. Hãy kiểm tra lại ngày, tháng, năm.")
	h.tapText("English") // the same screen, in English: the group's title too
	h.mustSee("Dates of birth and death")
	h.mustSee("Questions 8–9 of 11")
	h.tapText("Continue")
	h.mustSee("This date has not come yet. Please check the day, month and year.")
	s = h.asking("nguoi_chet_ngay_sinh")
	s.in.setValue("01/11/2026")
	h.tapText("Continue")
	h.asking("ngay_chet")
}

// Every catalog group of the sample catalog, with each of its answers being given in
// turn, fits with its keyboard at the three common displays: every answer of the
// screen (label and box, the help of the one being given) in view without scrolling,
// the keyboard beside them, nothing cut or overlapping.
func TestEveryGroupFitsWithItsKeyboard(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1366, Height: 768}, {Width: 1280, Height: 1024}, {Width: 1920, Height: 1080}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			u, w := sampleUI(t, size)
			sample, err := catalog.Parse(assets.SampleCatalog())
			if err != nil {
				t.Fatal(err)
			}
			groups := 0
			for _, p := range sample.Procedures {
				if len(p.Groups) == 0 {
					continue
				}
				u.startSession("")
				u.openDetail(p.Code)
				u.cur.(*detailScreen).onStart()
				u.onQR(demoCCCD)
				for _, g := range p.Groups {
					pos := -1
					for i, q := range u.flow.Questions() {
						if q.Field.Group == g.ID && pos < 0 {
							pos = i
						}
					}
					u.flow.EditQuestion(pos)
					u.open(scrQuestion)
					s := u.cur.(*questionScreen)
					if len(s.members) < 2 {
						t.Fatalf("%s %s: %d answers on its screen", p.Code, g.ID, len(s.members))
					}
					groups++
					for _, m := range s.members {
						s.activate(m)
						where := fmt.Sprintf("%s %s, %s being answered", p.Code, g.ID, m.q.Field.ID)
						groupInView(t, where, s, w)
						for _, pr := range fitProblems(w, size) {
							t.Errorf("%s: %s", where, pr)
						}
					}
				}
				u.endSession()
			}
			if groups == 0 {
				t.Fatal("the sample catalog has no group")
			}
		})
	}
}

// groupInView fails unless every answer of the group's screen lies inside its scroll's
// viewport and the window holds the screen without growing.
func groupInView(t *testing.T, where string, s *questionScreen, w fyne.Window) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	view := d.AbsolutePositionForObject(s.scroll)
	vh := s.scroll.Size().Height
	for _, m := range s.members {
		y := d.AbsolutePositionForObject(m.obj).Y
		if y < view.Y-1 || y+m.obj.Size().Height > view.Y+vh+1 {
			t.Errorf("%s: %s is out of view (y %.0f–%.0f, view %.0f–%.0f)", where, m.q.Field.ID, y, y+m.obj.Size().Height, view.Y, view.Y+vh)
		}
	}
	if m, c := w.Content().MinSize(), w.Canvas().Size(); m.Width > c.Width+1 || m.Height > c.Height+1 {
		t.Errorf("%s: the screen needs %.0f×%.0f on %.0f×%.0f", where, m.Width, m.Height, c.Width, c.Height)
	}
}
