package kiosk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
	"github.com/cantho-kiosk/kiosk/kiosk/report/reporttest"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// placedText is a text on screen: its absolute rectangle, clipped to the scroll
// viewports it is inside of.
type placedText struct {
	text       string
	cut        bool // laid out smaller than its text needs (or its button is)
	minW, gotW float32
	clipped    bool // partly hidden by a scroll that is meant to show it whole (guardScroll)
}

type rect struct{ x0, y0, x1, y1 float32 }

func (r rect) and(o rect) rect {
	return rect{max(r.x0, o.x0), max(r.y0, o.y0), min(r.x1, o.x1), min(r.y1, o.y1)}
}
func (r rect) empty() bool { return r.x1-r.x0 < 1 || r.y1-r.y0 < 1 }

// screenTexts lists every visible, non-empty text of o at its place on screen.
func screenTexts(o fyne.CanvasObject) (out []placedText, rects []rect) {
	var visit func(o fyne.CanvasObject, x, y float32, clip, guard rect)
	visit = func(o fyne.CanvasObject, x, y float32, clip, guard rect) {
		if o == nil || !o.Visible() {
			return
		}
		p := o.Position()
		x, y = x+p.X, y+p.Y
		s := o.Size()
		switch c := o.(type) {
		case *canvas.Text:
			if c.Text == "" {
				return
			}
			whole := rect{x, y, x + s.Width, y + s.Height}
			r := whole.and(clip)
			if r.empty() {
				if guard.y1 < 1e9 && whole.y0 >= guard.y1 && whole.x0 < guard.x1 && whole.x1 > guard.x0 {
					// Wholly under the bottom of a page meant to show it.
					out = append(out, placedText{text: c.Text, clipped: true})
					rects = append(rects, rect{})
				}
				return
			}
			m := c.MinSize()
			// A label truncated with an ellipsis fits its space but is cut all the same.
			cut := s.Width+1 < m.Width || s.Height+1 < m.Height || strings.HasSuffix(c.Text, "…")
			// The text's own line (its size, not its padded box) partly outside a guard scroll.
			g := whole.and(guard)
			clipped := g.y1-g.y0+1 < whole.y1-whole.y0 && !g.empty()
			out = append(out, placedText{text: c.Text, cut: cut, minW: m.Width, gotW: s.Width, clipped: clipped})
			rects = append(rects, r)
			return
		case *container.Scroll:
			clip = clip.and(rect{x, y, x + s.Width, y + s.Height})
		case *guardScroll:
			clip = clip.and(rect{x, y, x + s.Width, y + s.Height})
			guard = guard.and(rect{x, y, x + s.Width, y + s.Height})
		}
		if b := buttonOf(o); b != nil && b.Text != "" {
			// A button narrower than its icon and text: the text spills over its edges
			// (its own canvas text keeps its full size, so the check below misses it).
			if m := o.MinSize(); s.Width+1 < m.Width || s.Height+1 < m.Height {
				r := rect{x, y, x + s.Width, y + s.Height}.and(clip)
				if !r.empty() {
					out = append(out, placedText{text: "button " + b.Text, cut: true, minW: m.Width, gotW: s.Width})
					rects = append(rects, rect{})
				}
			}
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				visit(ch, x, y, clip, guard)
			}
		case fyne.Widget:
			if r := test.WidgetRenderer(c); r != nil {
				for _, ch := range r.Objects() {
					visit(ch, x, y, clip, guard)
				}
			}
		}
	}
	all := rect{-1e9, -1e9, 1e9, 1e9}
	visit(o, 0, 0, all, all)
	return out, rects
}

// buttonOf is o's button when o is one (a plain Fyne button or the kiosk's big one).
func buttonOf(o fyne.CanvasObject) *widget.Button {
	switch b := o.(type) {
	case *widget.Button:
		return b
	case *bigButton:
		return &b.Button
	}
	return nil
}

// fitProblems says which texts of the window do not fit their space or overlap, and
// whether the screen needs more room than the display (the test window then grows
// past it instead of cutting).
func fitProblems(w fyne.Window, display fyne.Size) []string {
	var probs []string
	if m := w.Content().MinSize().AddWidthHeight(16, 16); m.Width > display.Width || m.Height > display.Height { // the window's padding
		probs = append(probs, fmt.Sprintf("the screen needs %.0f×%.0f on a %.0f×%.0f display", m.Width, m.Height, display.Width, display.Height))
	}
	probs = append(probs, underScrollBar(w.Content())...)
	texts, rects := screenTexts(w.Content())
	for i, t := range texts {
		if t.cut {
			probs = append(probs, fmt.Sprintf("%q needs %.0f px, has %.0f", t.text, t.minW, t.gotW))
		}
		if t.clipped {
			probs = append(probs, fmt.Sprintf("%q is cut by the bottom of its page", t.text))
		}
		for j := i + 1; j < len(texts); j++ {
			if !rects[i].and(rects[j]).empty() {
				probs = append(probs, fmt.Sprintf("%q overlaps %q", t.text, texts[j].text))
			}
		}
	}
	return probs
}

// fitSizes are the three common kiosk displays.
var fitSizes = []fyne.Size{{Width: 1366, Height: 768}, {Width: 1280, Height: 1024}, {Width: 1920, Height: 1080}}

// Every screen of the tour, resident and back office, with the sample catalog's real
// texts, at the three common kiosk displays: no text is cut or squeezed, none lies over
// another, and no screen is larger than the display.
func TestNoTextCutOrOverlapping(t *testing.T) {
	for _, size := range fitSizes {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			u, w := sampleUI(t, size)
			for _, st := range tourSteps() {
				if err := st.show(u); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				for _, p := range fitProblems(w, size) {
					t.Errorf("%s: %s", st.name, p)
				}
			}
		})
	}
}

// The back office beyond the tour, at the three displays: the PIN pad with a wrong PIN,
// the staff queue's pages with a waiting, a refused and a sent dossier, the officials'
// four tabs for each period with fees collected and an export drive plugged in, and
// the attract screen once signed out.
func TestBackOfficeTextFits(t *testing.T) {
	for _, size := range fitSizes {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			drives := t.TempDir()
			if err := os.Mkdir(filepath.Join(drives, "KINGSTON"), 0o755); err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, func(d *Deps) { d.ExportRoots = []string{drives} })
			h.w.Resize(size)
			useFeeCatalog(t, h)
			h.clock.Set(time.Date(2026, 11, 20, 18, 0, 0, 0, time.Local))
			ctx := context.Background()
			for _, ev := range reporttest.Events(time.Local) {
				if err := h.st.Record(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
			h.setPINs()
			h.queueOfEachState()
			for day := 0; day < 3; day++ { // fees on three days: the 30-day summary lists them
				d, err := h.st.SaveDossier(ctx, store.NewDossier{ProcedureCode: "1.001193", Fields: map[string]string{"ngay_sinh_tre": "2026-11-14"}})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := h.st.SetRemoteFee(ctx, d.ID, feeStatusPaid(100000)); err != nil {
					t.Fatal(err)
				}
				h.clock.Add(-24 * time.Hour)
			}
			h.clock.Set(time.Date(2026, 11, 20, 18, 0, 0, 0, time.Local))
			check := func(name string) {
				t.Helper()
				for _, p := range fitProblems(h.w, size) {
					t.Errorf("%s: %s", name, p)
				}
			}

			h.tapCorner()
			h.typePIN("0000")
			check("PIN pad, wrong PIN")
			h.typePIN(testStaffPIN)
			h.mustBeOnDesk(deskQueue)
			q := h.ui.desk.screen.(*queueView)
			for p := 0; p < q.list.pages(); p++ {
				q.list.setPage(p)
				check(fmt.Sprintf("queue page %d", p+1))
			}
			h.tapText("Đăng xuất")
			h.signIn(testOfficialPIN)
			s := h.ui.desk.screen.(*statsView)
			for _, period := range []statsPeriod{periodToday, period30Days, periodLastMonth} {
				for _, tab := range []statsTab{tabSummary, tabChart, tabProcedures, tabExport} {
					s.period, s.tab = period, tab
					s.build()
					check(fmt.Sprintf("statistics period %d tab %d", period, tab))
				}
			}
			h.tapText("Đăng xuất")
			h.mustBeOn(scrAttract)
			check("attract after the back office")
		})
	}
}

// queueOfEachState saves three dossiers: one waiting after a network failure, one
// refused by the gateway, one sent.
func (h *harness) queueOfEachState() {
	h.t.Helper()
	ctx := context.Background()
	waiting := h.saveTestDossier("Trần Văn Một")
	refused := h.saveTestDossier("Trần Văn Hai")
	sent := h.saveTestDossier("Trần Văn Ba")
	for _, id := range []string{waiting.ID, refused.ID, sent.ID} {
		if err := h.st.MarkSending(ctx, id); err != nil {
			h.t.Fatal(err)
		}
	}
	if err := h.st.MarkRetry(ctx, waiting.ID, h.clock.Now().Add(10*time.Minute), store.FailOffline, "dial tcp 10.0.0.1:443: connect: connection refused"); err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.MarkRejected(ctx, refused.ID, store.FailInvalid, "invalid: thiếu tờ khai"); err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.MarkAccepted(ctx, sent.ID, "000.00.19.H13-261127-0001", "received"); err != nil {
		h.t.Fatal(err)
	}
}

// In English (longer words than Vietnamese in places), at the three displays: the field
// tiles, the search with results and the keyboard open, the officials' four tabs and
// the staff queue.
func TestEnglishTextFits(t *testing.T) {
	for _, size := range fitSizes {
		t.Run(fmt.Sprintf("%.0fx%.0f", size.Width, size.Height), func(t *testing.T) {
			u, w := sampleUI(t, size)
			check := func(name string) {
				t.Helper()
				for _, p := range fitProblems(w, size) {
					t.Errorf("%s: %s", name, p)
				}
			}
			u.startSession("")
			u.setLanguage("en")
			u.openProcedures(true, false, "")
			check("fields")
			u.openProcedures(false, true, "")
			u.cur.(*proceduresScreen).showQuery("khai sinh")
			check("search")

			// The back office speaks the resident side's language; signing in ends the
			// session (and its language), so the desk is shown directly here.
			d := u.desk
			d.role = access.Official
			d.showStats()
			s := d.screen.(*statsView)
			for _, tab := range []statsTab{tabSummary, tabChart, tabProcedures, tabExport} {
				s.tab = tab
				s.build()
				check(fmt.Sprintf("statistics tab %d", tab))
			}
			d.role, d.staffName = access.Staff, access.DefaultStaffName
			d.showQueue()
			check("queue")
			if got := T("staff.queue_title"); got == "Hồ sơ trên máy và việc gửi đi" {
				t.Fatalf("the back office was not in English: %q", got)
			}
		})
	}
}
