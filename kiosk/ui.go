// Package kiosk is the kiosk's Fyne views: the resident's screens (attract, home,
// procedures with field tiles and search as you type, procedure detail, identity by
// CCCD QR or typed, the procedure's form with the on-screen keyboard, scanning, review
// with consent, receipt, dossier lookup, rating), the idle privacy warning, the status
// strip, and the back office (staff queue, officials' figures) behind the PIN pad.
//
// The resident's session and its use cases live in kiosk/flow, without Fyne: the views
// draw what the flow holds and call its methods (choose, apply a CCCD, answer, add a
// page, submit, end). UI is the app: it owns the flow, the back office (desk), the
// window's frame and the navigation between screens.
//
// Each screen is an unexported struct with a build method and onXxx handlers that holds
// only what it uses: the kit (widgets and words), a navigator (the small interface
// through which it asks the UI to open another screen: a screen never builds or holds
// another), ops (operation context, log, plain error words, usage), the flow, and the
// one store or device reader it needs. nav.go builds every screen and hands it those.
// The back office (desk) likewise reaches the resident's side only through residentSide.
//
// cmd/kiosk builds the dependencies (store, scanner, QR reader, uplink) and hands them
// to New on a window it owns; tests use fyne.io/fyne/v2/test's app and window.
// Background goroutines reach widgets only through fyne.Do. Every resident-facing text
// comes from the translation files (assets/i18n) through T.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// UI is the running kiosk: the resident's flow and the back office on one window.
type UI struct {
	d   Deps
	w   fyne.Window
	ctx context.Context
	tr  translations

	flow *flow.Flow // the resident's session and its use cases
	// kit makes the views' widgets and words (embedded: u.button is u.kit.button, so
	// code written against the older UI methods still reads the same).
	kit
	desk  *desk // the back office: who is signed in, its screens
	frame frame // header, body and status strip of the resident's screens

	cur     screen
	history []screen

	kbd      keyboardPanel // nil until a screen needs it
	kbdEntry *kioskEntry
	kbdSide  fyne.CanvasObject // the keyboard's column, hidden until a field is touched
	kbdSplit *fyne.Container   // content and keyboard side by side

	building     bool        // a screen's build is running
	pendingFocus *kioskEntry // the entry to focus once the screen is shown

	idle       *idleWarning // the idle warning covering the window, nil when none
	slides     slideShow
	devs       deviceStates
	scanCancel context.CancelFunc // the running scan job, cancelled by a wipe

	// asyncDone, set by tests, hears when a background job (scan, gateway lookup, a
	// code from the QR reader) has delivered its result to the screen.
	asyncDone func(what string)

	remote remoteState // remote settings (remote_settings.go)

	stop     context.CancelFunc
	stopOnce sync.Once
	wg       sync.WaitGroup
}

// New builds the kiosk UI on d.Window and shows the attract screen. Call Close when done.
func New(ctx context.Context, d Deps) (*UI, error) {
	if d.Window == nil || d.App == nil {
		return nil, errors.New("kiosk: App and Window are required")
	}
	if d.Store == nil {
		return nil, errors.New("kiosk: Store is required")
	}
	d = d.withDefaults()
	tr, err := loadTranslations(d.Translations)
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	if err := tr.use(d.Language); err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	f, err := flow.New(flow.Options{
		Store: d.Store, Now: d.Now, TempDir: d.TempDir, Language: d.Language, Logf: d.Logf, Thumb: makeThumb,
		Timeouts: flow.Timeouts{Idle: d.IdleTimeout, Warning: d.IdleWarning, Receipt: d.ReceiptTimeout},
	})
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	u := &UI{d: d, w: d.Window, ctx: ctx, tr: tr, stop: cancel, flow: f}
	u.kit = kit{touch: u.touch, attach: u.attachKeyboard, lang: u.Language, now: d.Now}
	d.App.Settings().SetTheme(Theme())
	u.desk = newDesk(u)
	u.frame = newFrame(u)
	if !d.Windowed {
		u.w.SetFullScreen(true)
		u.w.SetCloseIntercept(func() {}) // residents cannot close the window; staff can
	}
	u.frame.strip.refresh()
	u.showAttract() // lays the frame out once, then shows it

	if d.QR != nil {
		u.wg.Add(1)
		go u.readQR(d.QR.Codes())
	}
	if d.TickEvery >= 0 {
		every := d.TickEvery
		if every == 0 {
			every = time.Second
		}
		u.wg.Add(1)
		go u.ticker(every)
	}
	return u, nil
}

// withDefaults fills the optional settings.
func (d Deps) withDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	t := flow.Timeouts{Idle: d.IdleTimeout, Warning: d.IdleWarning, Receipt: d.ReceiptTimeout}.WithDefaults()
	d.IdleTimeout, d.IdleWarning, d.ReceiptTimeout = t.Idle, t.Warning, t.Receipt
	if d.SlideEvery <= 0 {
		d.SlideEvery = 10 * time.Second
	}
	if d.TempDir == "" {
		d.TempDir = filepath.Join(os.TempDir(), "dvc-kiosk-sessions")
	}
	if d.Logf == nil {
		d.Logf = log.Printf
	}
	if d.Translations == nil {
		d.Translations = assets.Translations()
	}
	if d.Language == "" {
		d.Language = "vi"
	}
	if d.IsNotFound == nil {
		d.IsNotFound = func(err error) bool { return errors.Is(err, store.ErrNotFound) }
	}
	if d.IsDiskFull == nil {
		d.IsDiskFull = func(err error) bool { return errors.Is(err, store.ErrDiskFull) }
	}
	return d
}

// Close stops the background goroutines and wipes the current session.
func (u *UI) Close() {
	u.stopOnce.Do(func() {
		u.stop()
		u.wg.Wait()
		u.flow.Wipe()
	})
}

func (u *UI) logf(format string, args ...any) { u.d.Logf("kiosk: "+format, args...) }

// opCtx is the context of one store or network operation started by a tap.
func (u *UI) opCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(u.ctx, 10*time.Second)
}

// record stores a usage event of the session (see flow.Record).
func (u *UI) record(kind store.EventKind, procedure string, value int) {
	ctx, cancel := u.opCtx()
	defer cancel()
	u.flow.Record(ctx, kind, procedure, value)
}

// touch notes resident activity (any tap or key), postponing the idle warning.
func (u *UI) touch() { u.flow.Timers().Touch() }

// Language returns the current language code.
func (u *UI) Language() string { return u.flow.Language() }

// setLanguage switches every text and rebuilds the current screen.
func (u *UI) setLanguage(l string) {
	if l == u.Language() {
		return
	}
	if err := u.tr.use(l); err != nil {
		u.logf("language: %v", err)
		return
	}
	u.flow.SetLanguage(l)
	u.render()
	u.frame.strip.refresh()
}

func (u *UI) toggleLanguage() {
	if u.Language() == "vi" {
		u.setLanguage("en")
	} else {
		u.setLanguage("vi")
	}
}

// languageButton is the big "English" / "Tiếng Việt" switch.
func (u *UI) languageButton() *bigButton {
	return u.kit.button(T("common.other_language"), theme.MailSendIcon(), u.toggleLanguage)
}

// ticker drives the idle clock, slide rotation and the status strip.
func (u *UI) ticker(every time.Duration) {
	defer u.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-u.ctx.Done():
			return
		case <-t.C:
			fyne.DoAndWait(u.Tick)
		}
	}
}

// Tick advances everything clock-driven: the idle warning and wipe, the receipt's
// time-out, the attract slides. The ticker calls it; tests call it after moving the
// injected clock.
func (u *UI) Tick() {
	now := u.d.Now()
	if u.idle == nil && u.covered() {
		// The back office covers the window. Signed in, it has its own sign-out clock;
		// the PIN pad alone has none, so the resident's idle clock runs under it.
		if u.desk.signedIn() || !u.flow.Started() || !u.flow.Timers().Idle() {
			return
		}
		u.desk.view = deskNone
		u.showIdleWarning()
		return
	}
	if s, ok := u.cur.(*attractScreen); ok && u.idle == nil {
		if now.Sub(u.slides.at) >= u.d.SlideEvery {
			u.slides.at = now
			s.nextSlide()
		}
	} else {
		switch u.flow.Timers().Due() {
		case flow.AlarmCount:
			u.idle.tick()
		case flow.AlarmEnd:
			u.endSession()
		case flow.AlarmWarn:
			u.showIdleWarning()
		}
		if r, ok := u.cur.(*receiptScreen); ok && u.idle == nil {
			r.tick() // the receipt's countdown in its last seconds
		}
	}
	if now.Second()%5 == 0 {
		u.frame.strip.refresh()
	}
}

// covered reports that the back office covers the window.
func (u *UI) covered() bool { return u.w.Content() != u.frame.root }

// SyncChanged tells the UI the outbox or the uplink's state changed (safe from any
// goroutine): the status strip and a shown receipt or lookup refresh.
func (u *UI) SyncChanged() {
	fyne.Do(func() {
		u.frame.strip.refresh()
		if r, ok := u.cur.(interface{ refreshRemote() }); ok && u.idle == nil {
			r.refreshRemote()
		}
	})
}

func (u *UI) notifyAsync(what string) {
	if u.asyncDone != nil {
		u.asyncDone(what)
	}
}

// plainError turns a store or device failure into text for the resident.
func (u *UI) plainError(err error) string {
	if u.d.IsDiskFull(err) {
		return T("error.disk_full")
	}
	return T("error.generic")
}
