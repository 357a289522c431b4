package kiosk

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

const (
	testStaffPIN    = "246813"
	testOfficialPIN = "135790"
	testStaffName   = "Lê Thị Mai"
)

// setPINs sets both PINs and the staff name as `kiosk pin set` does.
func (h *harness) setPINs() {
	h.t.Helper()
	ctx := context.Background()
	if err := access.SetPIN(ctx, h.st, access.Staff, testStaffPIN); err != nil {
		h.t.Fatal(err)
	}
	if err := access.SetPIN(ctx, h.st, access.Official, testOfficialPIN); err != nil {
		h.t.Fatal(err)
	}
	if err := access.SetStaffName(ctx, h.st, testStaffName); err != nil {
		h.t.Fatal(err)
	}
}

// tapCorner holds the discreet corner of the status strip for the whole staffHold,
// the gesture that opens the back office (the resident's screens must be showing).
func (h *harness) tapCorner() {
	h.t.Helper()
	var c *staffCorner
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, _ = o.(*staffCorner)
		return c != nil
	})
	if c == nil {
		h.t.Fatalf("no staff corner on screen %q", h.ui.current())
	}
	holdLongPress(&c.longPress)
}

// typePIN types pin on the pad and presses Vào.
func (h *harness) typePIN(pin string) {
	h.t.Helper()
	for _, k := range pin {
		h.tapText(string(k))
	}
	h.tapText("Vào")
}

// signIn opens the pad from the corner and signs in with pin.
func (h *harness) signIn(pin string) {
	h.t.Helper()
	h.tapCorner()
	h.mustBeOnDesk(deskPIN)
	h.typePIN(pin)
}

func (h *harness) mustBeOnDesk(view deskView) {
	h.t.Helper()
	if got := h.ui.desk.view; got != view {
		h.t.Fatalf("back office shows %v, want %v; screen text %q", got, view, h.screenText())
	}
}

// mustBeOnStats checks that the officials' figures show tab.
func (h *harness) mustBeOnStats(tab statsTab) {
	h.t.Helper()
	h.mustBeOnDesk(deskStats)
	if got := h.ui.desk.screen.(*statsView).tab; got != tab {
		h.t.Fatalf("statistics show tab %d, want %d; screen text %q", got, tab, h.screenText())
	}
}

// seesPrefix reports whether a visible text starts with s.
func (h *harness) seesPrefix(s string) bool {
	for _, t := range h.screenText() {
		if strings.HasPrefix(t, s) {
			return true
		}
	}
	return false
}

func (h *harness) mustSeePrefix(s string) {
	h.t.Helper()
	if !h.seesPrefix(s) {
		h.t.Fatalf("back office %q does not show %q…; it shows %q", h.ui.desk.view, s, h.screenText())
	}
}

func TestSignInOpensEachRolesScreenAndSignsOut(t *testing.T) {
	h := newHarness(t, nil)
	d := h.ui.desk

	// No PIN set yet: the pad says how the installer sets one.
	h.signIn("1234")
	h.mustSee("Chưa đặt mã PIN. Người lắp đặt đặt mã bằng lệnh: kiosk pin set staff (hoặc official).")
	h.deskFits()
	h.tapText("Hủy")
	h.mustBeOn(scrAttract)
	h.setPINs()

	// A wrong PIN counts down; the PIN is masked while typed.
	h.tapCorner()
	h.tapText("9")
	h.tapText("9")
	h.mustSee("●●")
	h.tapText("Xóa số")
	h.mustSee("●")
	h.tapText("Vào")
	h.mustSee("Mã PIN không đúng. Còn 2 lần thử trước khi phải chờ.")

	// The staff PIN opens the queue, credited to the staff name.
	h.typePIN(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	h.mustSee("Nhân viên bưu điện: " + testStaffName)
	if s, _ := d.guard.State(context.Background()); s.Failures != 0 || s.FreeLeft != access.FreeTries {
		t.Fatalf("a right PIN must reset the tries: %+v", s)
	}
	// Back to the kiosk and in again: still signed in, no PIN asked.
	h.tapText("Quay lại màn hình người dân")
	h.mustBeOn(scrAttract)
	h.tapCorner()
	h.mustBeOnDesk(deskQueue)
	h.tapText("Đăng xuất")
	h.mustBeOn(scrAttract)
	if d.role != "" || d.view != deskNone {
		t.Fatalf("signed out but role %q view %q", d.role, d.view)
	}

	// The official PIN opens the statistics.
	h.signIn(testOfficialPIN)
	h.mustBeOnStats(tabSummary)
	h.mustSee("Cán bộ xã")
	h.tapText("Đăng xuất")
	h.mustBeOn(scrAttract)
}

func TestSignInWipesAResidentsUnfinishedSession(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	h.tapText("Chạm để bắt đầu")
	h.mustBeOn(scrHome)
	h.ui.flow.AnswerField("x", "Nguyễn Văn A")
	h.signIn(testStaffPIN)
	h.mustBeOnDesk(deskQueue)
	if h.ui.flow.Started() || len(h.ui.flow.Answers()) != 0 || h.ui.cur.id() != scrAttract {
		t.Fatalf("the resident's session survived the sign-in: %+v on %s", h.ui.flow.Answers(), h.ui.cur.id())
	}
	day := h.clock.Now().Format("2006-01-02")
	u, _ := h.st.Usage(context.Background(), day, day)
	if len(u) != 1 || u[0].Sessions != 1 || u[0].Abandoned != 1 {
		t.Fatalf("usage %+v", u)
	}
}

func TestIdleSignsOut(t *testing.T) {
	h := newHarness(t, nil)
	h.setPINs()
	h.signIn(testOfficialPIN)
	d := h.ui.desk
	h.clock.Add(2 * time.Minute)
	d.tick()
	h.mustBeOnStats(tabSummary)
	h.tapText("Biểu đồ") // a touch restarts the idle clock
	h.clock.Add(2 * time.Minute)
	d.tick()
	h.mustBeOnStats(tabChart)
	h.clock.Add(staffIdleSignOut)
	d.tick()
	h.mustBeOn(scrAttract)
	if d.role != "" {
		t.Fatal("still signed in after the idle time")
	}
	// The corner asks for the PIN again.
	h.tapCorner()
	h.mustBeOnDesk(deskPIN)
}

// rowButton finds the row showing a label that starts with prefix — the smallest
// container holding that label and some button — and returns its button labelled
// label, nil when the row has none.
func (h *harness) rowButton(prefix, label string) *widget.Button {
	h.t.Helper()
	var row *fyne.Container
	best := -1
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		c, ok := o.(*fyne.Container)
		if !ok {
			return false
		}
		hasLabel, hasButton, n := false, false, 0
		walk(c, func(o fyne.CanvasObject) bool {
			n++
			switch x := o.(type) {
			case *widget.Label:
				hasLabel = hasLabel || strings.HasPrefix(x.Text, prefix)
			case *bigButton:
				hasButton = true
			}
			return false
		})
		if hasLabel && hasButton && (best < 0 || n < best) {
			row, best = c, n
		}
		return false
	})
	if row == nil {
		h.t.Fatalf("no row showing %q; screen %q", prefix, h.screenText())
	}
	return findButton(row, label)
}

func (h *harness) tapRow(prefix, label string) {
	h.t.Helper()
	h.pageToRow(prefix)
	b := h.rowButton(prefix, label)
	if b == nil {
		h.t.Fatalf("no %q button in the row of %q; screen %q", label, prefix, h.screenText())
	}
	test.Tap(b)
}

// pageToRow turns the staff queue to the page showing a row that starts with prefix
// (one dossier a page at 768 lines), if the queue is shown and that row is not.
func (h *harness) pageToRow(prefix string) {
	h.t.Helper()
	q, ok := h.ui.desk.screen.(*queueView)
	if !ok || h.seesPrefix(prefix) {
		return
	}
	for p := 0; p < q.list.pages(); p++ {
		q.list.setPage(p)
		if h.seesPrefix(prefix) {
			return
		}
	}
}

// tapDialog taps a button of the dialog on top of the window.
func (h *harness) tapDialog(label string) {
	h.t.Helper()
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		h.t.Fatalf("no dialog shown")
	}
	b := findButton(top, label)
	if b == nil {
		h.t.Fatalf("no %q in the dialog", label)
	}
	test.Tap(b)
}

// dialogText is the text of the dialog on top, "" when none.
func (h *harness) dialogText() string {
	top := h.w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var out []string
	walk(top, func(o fyne.CanvasObject) bool {
		if l, ok := o.(*widget.Label); ok {
			out = append(out, l.Text)
		}
		return false
	})
	return strings.Join(out, "\n")
}

var _ = store.Queued

// deskFits checks that the back-office screen shown fits the kiosk's 1366×768 screen.
func (h *harness) deskFits() {
	h.t.Helper()
	if m := h.w.Content().MinSize(); m.Width > 1366 || m.Height > 768 {
		h.t.Fatalf("back office %q needs %v, more than 1366x768", h.ui.desk.view, m)
	}
}

// mustSeePart checks that some visible text contains s (a line of a paragraph).
func (h *harness) mustSeePart(s string) {
	h.t.Helper()
	for _, t := range h.screenText() {
		if strings.Contains(t, s) {
			return
		}
	}
	h.t.Fatalf("back office %q shows no text containing %q; it shows %q", h.ui.desk.view, s, h.screenText())
}
