package kiosk

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// screenID names a resident screen (and the idle warning covering them).
type screenID int

// The screens.
const (
	scrNone screenID = iota
	scrAttract
	scrHome
	scrGuide
	scrProcedures // the field tiles
	scrField      // one field's procedures
	scrSearch
	scrDetail
	scrQuestion // one question per screen
	scrScan
	scrPage
	scrReview
	scrReceipt
	scrLookup
	scrRating
	scrIdle
)

var screenNames = [...]string{"none", "attract", "home", "guide", "procedures", "field", "search", "detail",
	"question", "scan", "page", "review", "receipt", "lookup", "rating", "idle"}

// String is the screen's stable name (the tour's file names, test messages).
func (s screenID) String() string {
	if s < 0 || int(s) >= len(screenNames) {
		return "screen?"
	}
	return screenNames[s]
}

// screen is one page of the flow. build makes its widgets afresh (a language switch
// rebuilds the current screen from the state the struct keeps).
type screen interface {
	id() screenID
	title() string // heading in the current language; "" for full-bleed screens
	build() fyne.CanvasObject
}

// navigator is how a screen moves on: the UI opens the next screen (a screen never
// builds or holds another) or ends the session.
type navigator interface {
	open(id screenID)
	swap(id screenID)
	openProcedures(filing, searching bool, field string)
	openDetail(code string)
	openReceipt(d *store.Dossier)
	openNewReceipt(d *store.Dossier) // a dossier just filed: its slip prints (printer.go)
	openPage(p flow.Page)
	back()
	goHome()
	replace(s screen)
	showing(s screen) bool // s is the screen shown (a late answer finds it gone)
	endSession()
}

// keyboardHost lays a screen out beside the on-screen keyboard and focuses its entries
// (kbd.go).
type keyboardHost interface {
	withKeyboard(content, above fyne.CanvasObject) fyne.CanvasObject
	focus(e *kioskEntry)
}

// ops are a screen's plain services: a context per store or network operation, the
// log, the resident's words for a failure, and usage events of the session.
type ops struct {
	ctx    func() (context.Context, context.CancelFunc)
	logf   func(format string, args ...any)
	plain  func(err error) string
	record func(kind store.EventKind, procedure string, value int)
}

func (u *UI) ops() ops {
	return ops{ctx: u.opCtx, logf: u.logf, plain: u.plainError, record: u.record}
}

// dossierSaved wakes the uplink and redraws the strip once a dossier is in the outbox.
func (u *UI) dossierSaved() {
	if u.d.Uplink != nil {
		u.d.Uplink.Kick()
	}
	u.frame.strip.refresh()
}

// qrTarget is a screen that takes codes from the QR reader.
type qrTarget interface{ onQR(code string) }

// frame is the resident screens' window content: header, body and status strip.
type frame struct {
	root   *fyne.Container // header, body, strip
	header *fyne.Container
	body   *fyne.Container
	strip  *statusStrip
}

func newFrame(u *UI) frame {
	in := stripInputs{up: u.d.Uplink, outbox: u.d.Store, scanner: u.d.Scanner, qr: u.d.QR, printer: u.d.Printer, heard: &u.devs, opCtx: u.opCtx}
	f := frame{header: container.NewStack(), body: container.NewStack(), strip: newStatusStrip(in, newStaffCorner(u.desk))}
	f.root = container.NewBorder(f.header, f.strip.obj, nil, nil, f.body)
	return f
}

// open moves forward to the screen id (one that needs nothing but the session).
func (u *UI) open(id screenID) {
	if s := u.screenFor(id); s != nil {
		u.show(s)
	}
}

// swap shows the screen id in place of the current one, without growing the history
// (the next question after this one: "back" leads where the first one's did).
func (u *UI) swap(id screenID) {
	if s := u.screenFor(id); s != nil {
		u.replace(s)
	}
}

// screenFor makes the screen id (one that needs nothing but the session), or nil.
func (u *UI) screenFor(id screenID) screen {
	var s screen
	switch id {
	case scrHome:
		s = u.home()
	case scrGuide:
		s = &guideScreen{kit: u.kit, slides: u.slideView()}
	case scrQuestion:
		s = &questionScreen{kit: u.kit, nav: u, kb: u, ops: u.ops(), flow: u.flow, hasQR: u.d.QR != nil}
	case scrScan:
		s = &scanScreen{kit: u.kit, nav: u, ops: u.ops(), flow: u.flow, scanner: u.d.Scanner, jobs: u, done: u.notifyAsync}
	case scrReview:
		s = &reviewScreen{kit: u.kit, nav: u, ops: u.ops(), flow: u.flow, saved: u.dossierSaved}
	case scrLookup:
		s = u.lookup()
	case scrRating:
		s = &ratingScreen{kit: u.kit, nav: u, record: u.record}
	default:
		u.logf("open: no screen %v", id)
		return nil
	}
	return s
}

// openProcedures opens the field tiles, one field's procedures (field), or the search;
// filing says the resident came to file a dossier.
func (u *UI) openProcedures(filing, searching bool, field string) {
	u.show(&proceduresScreen{kit: u.kit, nav: u, kb: u, ops: u.ops(), catalog: u.d.Store, rows: u.rowsPerPage,
		filing: filing, searching: searching, field: field})
}

// openDetail opens a procedure's page.
func (u *UI) openDetail(code string) {
	u.show(&detailScreen{kit: u.kit, nav: u, ops: u.ops(), flow: u.flow, procs: u.d.Store, code: code})
}

// openPage shows one scanned page large.
func (u *UI) openPage(p flow.Page) { u.show(&pageScreen{kit: u.kit, nav: u, page: p}) }

// openReceipt shows a saved dossier's receipt in place of the history.
func (u *UI) openReceipt(d *store.Dossier) { u.openReceiptPaper(d, nil) }

// openReceiptPaper shows a receipt that prints its slip when paper is not nil.
func (u *UI) openReceiptPaper(d *store.Dossier, paper *paperReceipt) {
	u.showRoot(&receiptScreen{kit: u.kit, nav: u, timers: u.flow.Timers(), up: u.d.Uplink, dossiers: u.d.Store,
		opCtx: u.opCtx, logf: u.logf, procName: u.fullProcNameOf, feeDue: u.feeDueOf, dossierID: d.ID, d: d, paper: paper})
}

// openLookup opens the lookup and hands it a receipt QR code.
func (u *UI) openLookup(code string) {
	l := u.lookup()
	u.show(l)
	l.onQR(code)
}

func (u *UI) lookup() *lookupScreen {
	return &lookupScreen{kit: u.kit, nav: u, kb: u, ops: u.ops(), dossiers: u.d.Store, isNotFound: u.d.IsNotFound,
		up: u.d.Uplink, hasQR: u.d.QR != nil, procName: u.fullProcNameOf, done: u.notifyAsync, feeLine: u.feeLine}
}

// show moves forward to s, remembering the current screen for "back".
func (u *UI) show(s screen) {
	if u.cur != nil {
		u.history = append(u.history, u.cur)
	}
	u.cur = s
	u.render()
}

// showRoot replaces the history with s (home, attract).
func (u *UI) showRoot(s screen) {
	u.history = nil
	u.cur = s
	u.render()
}

// back returns to the previous screen.
func (u *UI) back() {
	if len(u.history) == 0 {
		u.goHome()
		return
	}
	u.cur = u.history[len(u.history)-1]
	u.history = u.history[:len(u.history)-1]
	u.render()
}

func (u *UI) goHome() { u.showRoot(u.home()) }

func (u *UI) home() screen { return &homeScreen{kit: u.kit, nav: u, fromCCCD: u.flow.FromCCCD()} }

// showAttract shows the attract screen in place of the history.
func (u *UI) showAttract() {
	u.showRoot(&attractScreen{kit: u.kit, slides: u.slideView(), language: u.languageButton, start: func() {
		u.startSession("")
		u.goHome()
	}})
}

// slideView is a view of the guidance slides in the resident's language.
func (u *UI) slideView() slideView {
	return slideView{show: &u.slides, lang: u.Language, logf: u.logf}
}

// showing reports that s is the screen shown.
func (u *UI) showing(s screen) bool { return u.cur == s }

// replace swaps the current screen without growing the history.
func (u *UI) replace(s screen) {
	u.cur = s
	u.render()
}

// render rebuilds the current screen (after navigation or a language switch).
func (u *UI) render() {
	u.kbd, u.kbdEntry, u.kbdSide, u.kbdSplit = nil, nil, nil, nil
	s := u.cur
	if s.id() != scrReceipt {
		u.flow.Timers().ShowingReceipt(false)
	}
	u.building, u.pendingFocus = true, nil
	content := s.build()
	u.building = false
	f := u.frame
	f.header.Objects = nil
	if t := s.title(); t != "" {
		f.header.Objects = []fyne.CanvasObject{u.headerBar(t)}
	}
	f.body.Objects = []fyne.CanvasObject{container.NewPadded(content)}
	if u.idle == nil && u.covered() {
		u.showResident() // first screen (or back from a cover)
	} else {
		f.header.Refresh()
		f.body.Refresh()
		f.root.Refresh() // the header's height may have changed: lay the frame out again
	}
	if c := u.w.Canvas(); c != nil {
		c.Unfocus()
		if e := u.pendingFocus; e != nil {
			u.pendingFocus = nil
			c.Focus(e)
		}
	}
}

// headerBar: back and home on the left, the screen's title, the language switch on the
// right, over a rule in the primary colour. It has no band of its own under it (the
// page's white): on software GL each pixel filled costs every frame, and the header's
// tinted band (1904×93 pixels at 1920×1080) was about 1.5 ms of each keystroke's frame.
func (u *UI) headerBar(title string) fyne.CanvasObject {
	back := u.kit.button(T("common.back"), theme.NavigateBackIcon(), u.back)
	home := u.kit.button(T("common.home"), theme.HomeIcon(), u.goHome)
	left := container.NewHBox(back, home)
	t := heading(title)
	line := canvas.NewRectangle(colPrimary)
	line.SetMinSize(fyne.NewSize(1, 3))
	bar := container.NewBorder(nil, nil, left, u.languageButton(), t)
	return container.NewBorder(nil, line, nil, nil, container.NewPadded(bar))
}

// current returns the screen shown (tests and the tour use it).
func (u *UI) current() screenID {
	if u.idle != nil {
		return scrIdle
	}
	return u.cur.id()
}
