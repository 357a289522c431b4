package kiosk

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/uplink"
)

// backOffice is what the staff and official screens need from the store beyond the
// resident's Store (sync/store's *Store satisfies it): the PIN hashes and slow-down in
// the settings, the outbox queue and its actions, and the usage figures.
type backOffice interface {
	access.Settings
	report.Source
	ListDossiers(ctx context.Context, states ...store.State) ([]store.Dossier, error)
	Dossier(ctx context.Context, id string) (*store.Dossier, error)
	RetryNow(ctx context.Context, id string) error
	DeleteDossier(ctx context.Context, id string) error
}

// syncMonitor is optionally implemented by Deps.Uplink (cmd/kiosk's adapter over
// sync/uplink): the progress the staff's "sync now" shows.
type syncMonitor interface {
	Status() uplink.Progress
}

// Back-office timings.
const (
	staffIdleSignOut = 3 * time.Minute // without a touch, staff and officials are signed out
	syncPollEvery    = 300 * time.Millisecond
)

// desk is the back office of one kiosk window: who is signed in, the PIN pad's guard,
// and the screen shown. Staff and official screens cover the whole window (they are not
// resident screens and never enter the resident's history).
type desk struct {
	kit    kit          // widgets and words
	ops    ops          // operation context, log, plain words
	res    residentSide // the resident's app under the back office
	jobs   background   // goroutines that end with the app
	w      fyne.Window  // the window the back office covers
	up     Uplink       // nil without a gateway
	now    func() time.Time
	bo     backOffice // nil when the store cannot serve the back office
	guard  *access.Guard
	corner *staffCorner // the way in, at the end of the status strip

	role      access.Role // "" when signed out
	staffName string
	view      deskView // the back-office screen shown, deskNone when none
	screen    any      // the back-office screen's state (*queueView, *statsView)
	idleAfter time.Duration
	tickEvery time.Duration // the sign-out clock's period; negative: never (tests tick)
	// driveRoots are where export drives are looked for (tests point them at temp dirs).
	driveRoots []string

	tickStop context.CancelFunc // the idle sign-out ticker while signed in
	pollStop context.CancelFunc // the sync progress poller while it runs
	refresh  func()             // re-reads what the current back-office screen shows
}

// deskView is the back-office screen covering the window.
type deskView int

// The back-office screens.
const (
	deskNone  deskView = iota // the resident's screens show
	deskPIN                   // the PIN pad
	deskQueue                 // the staff's outbox queue
	deskStats                 // the officials' figures
)

func (v deskView) String() string {
	switch v {
	case deskPIN:
		return "pin"
	case deskQueue:
		return "queue"
	case deskStats:
		return "stats"
	}
	return "none"
}

// staffCorner is the discreet way into the back office: an unlabeled patch (a dot) at
// the end of the status strip, held for staffHold (a ring fills) to open the PIN pad;
// a tap does nothing (longpress.go).
type staffCorner struct {
	longPress
	desk *desk
}

func newStaffCorner(d *desk) *staffCorner {
	c := &staffCorner{desk: d}
	c.initLongPress(c, staffHold, d.now, "·", func() { c.desk.kit.touch(); c.desk.open() })
	d.corner = c
	return c
}

// staffCorner is the status strip's staff corner (the tour holds it).
func (u *UI) staffCorner() *staffCorner { return u.desk.corner }

// residentSide is what the back office needs of the resident's app beneath it: it ends
// a resident's session before a clerk signs in, starts an assisted one, shows a receipt
// again, and hands the window back (UI implements it).
type residentSide interface {
	sessionStarted() bool
	idleFor() time.Duration // since the last touch, resident's or staff's
	endSession()
	startSession(assistedBy string)
	goHome()
	openProcedures(filing, searching bool, field string)
	openReceipt(d *store.Dossier)
	showResident() // the resident's screens take the window back
	restoreFullScreen()
	fullProcNameOf(d *store.Dossier) string
	refreshStrip()
	notifyAsync(what string)
	hasPrinter() bool                       // printer.go
	printAsync(id string, done func(error)) // printer.go: print a dossier's receipt again
	Language() string
}

// background starts goroutines that end with the app (Close waits for them).
type background struct {
	ctx context.Context
	wg  *sync.WaitGroup
}

// start runs f on a goroutine with a context that ends with the app, after timeout
// (none when 0), or when the returned stop (also given to f) is called.
func (b background) start(timeout time.Duration, f func(ctx context.Context, stop context.CancelFunc)) context.CancelFunc {
	var ctx context.Context
	var stop context.CancelFunc
	if timeout > 0 {
		ctx, stop = context.WithTimeout(b.ctx, timeout)
	} else {
		ctx, stop = context.WithCancel(b.ctx)
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer stop()
		f(ctx, stop)
	}()
	return stop
}

// every runs f on the UI goroutine (fyne.Do) every period until the app ends or the
// returned stop is called.
func (b background) every(period time.Duration, f func()) context.CancelFunc {
	return b.start(0, func(ctx context.Context, _ context.CancelFunc) {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(f)
			}
		}
	})
}

// newDesk builds the window's back office.
func newDesk(u *UI) *desk {
	d := &desk{kit: u.kit, ops: u.ops(), res: u, jobs: background{ctx: u.ctx, wg: &u.wg}, w: u.w, up: u.d.Uplink, now: u.d.Now,
		idleAfter: staffIdleSignOut, tickEvery: u.d.TickEvery, driveRoots: report.DefaultDriveRoots}
	if u.d.StaffIdle > 0 {
		d.idleAfter = u.d.StaffIdle
	}
	if len(u.d.ExportRoots) > 0 {
		d.driveRoots = u.d.ExportRoots
	}
	if bo, ok := u.d.Store.(backOffice); ok {
		d.bo = bo
		d.guard = access.NewGuard(bo, u.d.Now)
	}
	return d
}

// signedIn reports that staff or an official is signed in.
func (d *desk) signedIn() bool { return d.role != "" }

// open shows the back-office home when someone is signed in, else the PIN pad.
func (d *desk) open() {
	if d.signedIn() && d.res.idleFor() < d.idleAfter {
		d.home()
		return
	}
	d.signOut()
	d.showPINPad()
}

func (d *desk) ctx() (context.Context, context.CancelFunc) { return d.ops.ctx() }

// setContent covers the window with a back-office screen.
func (d *desk) setContent(view deskView, o fyne.CanvasObject) {
	d.view = view
	bg := canvas.NewRectangle(colBackground)
	d.w.SetContent(container.NewStack(bg, o))
	if c := d.w.Canvas(); c != nil {
		c.Unfocus()
	}
}

// backToKiosk returns the window to the resident's screens (still signed in).
func (d *desk) backToKiosk() {
	d.stopPoll()
	d.view, d.refresh, d.screen = deskNone, nil, nil
	d.res.showResident()
	d.kit.touch()
}

// signIn opens the role's screens. A resident's unfinished session is wiped first: the
// back office never shows over someone's half-filled dossier.
func (d *desk) signIn(role access.Role) {
	if d.res.sessionStarted() {
		d.res.endSession()
	}
	d.role = role
	d.staffName = ""
	if role == access.Staff {
		ctx, cancel := d.ctx()
		name, err := access.StaffName(ctx, d.bo)
		cancel()
		if err != nil {
			d.ops.logf("staff name: %v", err)
			name = access.DefaultStaffName
		}
		d.staffName = name
	}
	d.kit.touch()
	d.startTicker()
	d.home()
}

// home shows the signed-in role's main screen.
func (d *desk) home() {
	switch d.role {
	case access.Staff:
		d.showQueue()
	case access.Official:
		d.showStats()
	default:
		d.showPINPad()
	}
}

// signOut forgets who was signed in and returns to the resident's screens.
func (d *desk) signOut() {
	if d.tickStop != nil {
		d.tickStop()
		d.tickStop = nil
	}
	wasIn := d.signedIn()
	covered := d.view != deskNone
	d.role, d.staffName = "", ""
	if wasIn || covered {
		d.backToKiosk()
	}
	// A session the back office covered (a clerk's assisted filing) is not left on the
	// public screen for whoever comes next.
	if wasIn && covered && d.res.sessionStarted() {
		d.res.endSession()
	}
	d.res.restoreFullScreen() // staff may have left full screen; the next resident gets it back
}

// tick signs out after staffIdleSignOut without a touch. The ticker calls it while
// someone is signed in; tests call it after moving the injected clock.
func (d *desk) tick() {
	if d.signedIn() && d.res.idleFor() >= d.idleAfter {
		d.signOut()
	}
}

func (d *desk) startTicker() {
	if d.tickStop != nil || d.tickEvery < 0 {
		return
	}
	every := d.tickEvery
	if every == 0 {
		every = time.Second
	}
	d.tickStop = d.jobs.every(every, d.tick)
}

// frame is the back office's page: a title bar with who is signed in, "back to the
// kiosk" and "sign out", a tool row, and the body. It fits 1366×768.
func (d *desk) frame(title string, tools []fyne.CanvasObject, body fyne.CanvasObject) fyne.CanvasObject {
	who := T("staff.signed_in_official")
	if d.role == access.Staff {
		who = d.staffName // the default name already says "post office staff"
		if who != access.DefaultStaffName {
			who = T("staff.signed_in_staff", Args("Name", d.staffName))
		}
	}
	back := d.kit.button(T("staff.back_to_kiosk"), theme.HomeIcon(), d.backToKiosk)
	out := d.kit.button(T("staff.sign_out"), theme.LogoutIcon(), d.signOut)
	t := heading(title) // wrapped: "Dossiers on this kiosk and their sending" takes two lines at 1366
	// Who is signed in, beside the tools, on two lines where one does not fit (never
	// cut: the staff check their name there).
	whoL := bold(who)
	whoL.Alignment = fyne.TextAlignTrailing
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(back, out), t)
	bg := canvas.NewRectangle(colHeader)
	line := canvas.NewRectangle(colPrimary)
	line.SetMinSize(fyne.NewSize(1, 3))
	head := container.NewBorder(nil, line, nil, nil, container.NewStack(bg, container.NewPadded(bar)))
	row := container.NewBorder(nil, nil, container.NewHBox(tools...), nil, whoL)
	top := container.NewVBox(head, row)
	return container.NewBorder(top, nil, nil, nil, body)
}
