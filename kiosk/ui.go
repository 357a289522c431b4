// Package kiosk is the resident's touchscreen flow of the public-service kiosk, in Fyne:
// attract screen, home, procedures (field tiles and search as you type), procedure
// detail, identity (CCCD QR or typed), the procedure's form with the on-screen keyboard,
// scanning, review with consent, receipt, dossier lookup and rating, plus the idle
// privacy wipe and the status strip.
//
// cmd/kiosk builds the dependencies (store, scanner, QR reader, uplink) and hands them
// to New on a window it owns; tests use fyne.io/fyne/v2/test's app and window. Each
// screen is an unexported struct with a build method and onXxx handlers; background
// goroutines reach widgets only through fyne.Do. Every resident-facing text comes from
// the translation files (assets/i18n) through T.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// screen is one page of the flow. build makes its widgets afresh (a language switch
// rebuilds the current screen from the state the struct keeps).
type screen interface {
	name() string  // stable id, used by tests and the tour
	title() string // heading in the current language; "" for full-bleed screens
	build() fyne.CanvasObject
}

// qrTarget is a screen that takes codes from the QR reader.
type qrTarget interface{ onQR(code string) }

// UI is the running kiosk interface.
type UI struct {
	d   Deps
	w   fyne.Window
	ctx context.Context
	tr  translations

	lang    string
	sess    *session
	cur     screen
	history []screen

	root   *fyne.Container // header, body, strip
	header *fyne.Container
	body   *fyne.Container
	strip  *statusStrip

	kbd      keyboardPanel // nil until a screen needs it
	kbdEntry *kioskEntry
	kbdSide  fyne.CanvasObject // the keyboard's column, hidden until a field is touched
	kbdSplit *fyne.Container   // content and keyboard side by side

	building     bool        // a screen's build is running
	pendingFocus *kioskEntry // the entry to focus once the screen is shown

	mu           sync.Mutex // guards lastActivity (touch may come from the keyboard)
	lastActivity time.Time
	idle         *idleWarning
	receiptShown time.Time
	slideAt      time.Time

	slides      []assets.Slide         // loaded once
	slideImages map[string]image.Image // decoded once, by slide id

	scanState  string // "", "ok", "gone" — the scanner's last known state
	qrState    string
	scanCancel context.CancelFunc // the running scan job, cancelled by a wipe

	// asyncDone, set by tests, hears when a background job (scan, gateway lookup) has
	// delivered its result to the screen.
	asyncDone func(what string)

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
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.IdleTimeout <= 0 {
		d.IdleTimeout = 60 * time.Second
	}
	if d.IdleWarning <= 0 {
		d.IdleWarning = 20 * time.Second
	}
	if d.ReceiptTimeout <= 0 {
		d.ReceiptTimeout = 90 * time.Second
	}
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
		d.IsNotFound = func(err error) bool {
			return errors.Is(err, store.ErrNotFound)
		}
	}
	if d.IsDiskFull == nil {
		d.IsDiskFull = func(err error) bool { return errors.Is(err, store.ErrDiskFull) }
	}
	tr, err := loadTranslations(d.Translations)
	if err != nil {
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	u := &UI{d: d, w: d.Window, ctx: ctx, tr: tr, stop: cancel, lang: d.Language}
	if err := tr.use(u.lang); err != nil {
		cancel()
		return nil, fmt.Errorf("kiosk: %w", err)
	}
	d.App.Settings().SetTheme(newTheme())
	// Pages a crashed or killed kiosk left behind belong to a resident long gone.
	if stale, _ := filepath.Glob(filepath.Join(d.TempDir, "session-*")); len(stale) > 0 {
		for _, dir := range stale {
			if err := os.RemoveAll(dir); err != nil {
				u.logf("remove stale session pages: %v", err)
			}
		}
	}
	u.sess = newSession(d.TempDir)
	u.header = container.NewStack()
	u.body = container.NewStack()
	u.strip = newStatusStrip(u)
	u.root = container.NewBorder(u.header, u.strip.obj, nil, nil, u.body)
	if !d.Windowed {
		u.w.SetFullScreen(true)
		u.w.SetCloseIntercept(func() {}) // residents cannot close the window; staff can
	}
	u.lastActivity = d.Now()
	u.strip.refresh()
	u.showRoot(&attractScreen{u: u}) // lays the frame out once, then shows it

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

// Close stops the background goroutines and wipes the current session.
func (u *UI) Close() {
	u.stopOnce.Do(func() {
		u.stop()
		u.wg.Wait()
		_ = u.sess.Wipe()
	})
}

func (u *UI) logf(format string, args ...any) { u.d.Logf("kiosk: "+format, args...) }

// opCtx is the context of one store or network operation started by a tap.
func (u *UI) opCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(u.ctx, 10*time.Second)
}

// record stores a usage event; failures are logged, never shown (usage is not the
// resident's business).
func (u *UI) record(kind store.EventKind, procedure string, value int) {
	ctx, cancel := u.opCtx()
	defer cancel()
	if err := u.d.Store.Record(ctx, store.Event{At: u.d.Now(), Kind: kind, Procedure: procedure, Value: value, Assisted: u.sess.assistedBy != ""}); err != nil {
		u.logf("record %s: %v", kind, err)
	}
}

// touch notes resident activity (any tap or key), postponing the idle warning.
func (u *UI) touch() {
	u.mu.Lock()
	u.lastActivity = u.d.Now()
	u.mu.Unlock()
}

func (u *UI) idleFor() time.Duration {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.d.Now().Sub(u.lastActivity)
}

// Language returns the current language code.
func (u *UI) Language() string { return u.lang }

// setLanguage switches every text and rebuilds the current screen.
func (u *UI) setLanguage(l string) {
	if l == u.lang {
		return
	}
	if err := u.tr.use(l); err != nil {
		u.logf("language: %v", err)
		return
	}
	u.lang = l
	u.render()
	u.strip.refresh()
}

func (u *UI) toggleLanguage() {
	if u.lang == "vi" {
		u.setLanguage("en")
	} else {
		u.setLanguage("vi")
	}
}

// languageButton is the big "English" / "Tiếng Việt" switch.
func (u *UI) languageButton() *bigButton {
	return u.button(T("common.other_language"), theme.MailSendIcon(), u.toggleLanguage)
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

func (u *UI) goHome() { u.showRoot(&homeScreen{u: u}) }

// replace swaps the current screen without growing the history.
func (u *UI) replace(s screen) {
	u.cur = s
	u.render()
}

// render rebuilds the current screen (after navigation or a language switch).
func (u *UI) render() {
	u.kbd, u.kbdEntry, u.kbdSide, u.kbdSplit = nil, nil, nil, nil
	s := u.cur
	if s.name() != "receipt" {
		u.receiptShown = time.Time{}
	}
	u.building, u.pendingFocus = true, nil
	content := s.build()
	u.building = false
	u.header.Objects = nil
	if t := s.title(); t != "" {
		u.header.Objects = []fyne.CanvasObject{u.headerBar(t)}
	}
	u.body.Objects = []fyne.CanvasObject{container.NewPadded(content)}
	if u.idle == nil && u.w.Content() != u.root {
		u.w.SetContent(u.root) // first screen (or back from a cover): laid out as it is set
	} else {
		u.header.Refresh()
		u.body.Refresh()
		u.root.Refresh() // the header's height may have changed: lay the frame out again
	}
	if c := u.w.Canvas(); c != nil {
		c.Unfocus()
		if e := u.pendingFocus; e != nil {
			u.pendingFocus = nil
			c.Focus(e)
		}
	}
}

// headerBar: back and home on the left, the screen's title, the language switch on the right.
func (u *UI) headerBar(title string) fyne.CanvasObject {
	back := u.button(T("common.back"), theme.NavigateBackIcon(), u.back)
	home := u.button(T("common.home"), theme.HomeIcon(), u.goHome)
	left := container.NewHBox(back, home)
	t := heading(title)
	bg := canvas.NewRectangle(colHeader)
	line := canvas.NewRectangle(colPrimary)
	line.SetMinSize(fyne.NewSize(1, 3))
	bar := container.NewBorder(nil, nil, left, u.languageButton(), t)
	return container.NewBorder(nil, line, nil, nil, container.NewStack(bg, container.NewPadded(bar)))
}

// current returns the name of the screen shown (tests and the tour use it).
func (u *UI) current() string {
	if u.idle != nil {
		return "idle"
	}
	return u.cur.name()
}

// readQR forwards reader codes to the screen that wants them.
func (u *UI) readQR(codes <-chan string) {
	defer u.wg.Done()
	for {
		select {
		case <-u.ctx.Done():
			return
		case code, ok := <-codes:
			if !ok {
				fyne.Do(func() { u.qrState = "gone"; u.strip.refresh() })
				return
			}
			fyne.Do(func() { u.onQR(code) })
		}
	}
}

func (u *UI) onQR(code string) {
	u.qrState = "ok"
	if u.idle == nil && u.w.Content() != u.root {
		return // the back office covers the window: codes are not for its hidden screens
	}
	if u.idle != nil {
		// During the "are you still there?" warning, a card that is not the current
		// applicant's belongs to the next person: the last resident has gone, so their
		// session is wiped before the new card is read, never mixed with it.
		if a, err := u.parseCCCD(code); err == nil && a.IDNumber != u.sess.applicant.IDNumber {
			u.endSession()
			u.onQR(code)
			return
		}
		u.onContinue()
	}
	u.touch()
	switch s := u.cur.(type) {
	case qrTarget:
		s.onQR(code)
	case *attractScreen, *homeScreen:
		_, isAttract := s.(*attractScreen)
		// A receipt QR on the idle screens goes straight to the lookup.
		if _, ok := parseReceiptQR(code); ok {
			if isAttract {
				u.startSession()
			}
			l := &lookupScreen{u: u}
			u.show(l)
			l.onQR(code)
			return
		}
		// A CCCD shown before choosing anything is kept for the form.
		if a, err := u.parseCCCD(code); err == nil {
			if isAttract {
				u.startSession()
			}
			u.sess.applicant, u.sess.fromCCCD = a, true
			u.goHome()
		}
	}
}

// parseCCCD reads a CCCD QR with the configured parser.
func (u *UI) parseCCCD(code string) (store.Applicant, error) {
	if u.d.ParseCCCD != nil {
		return u.d.ParseCCCD(code)
	}
	return parseCCCDText(code)
}

// startSession begins a resident's session (from the attract screen).
func (u *UI) startSession() {
	// A clerk still signed in does not lend the back office to the resident.
	if d := u.desk(); d != nil && d.role != "" {
		d.signOut()
	}
	u.sess = newSession(u.d.TempDir)
	u.sess.started = true
	u.touch()
	u.record(store.EvSessionStarted, "", 0)
}

// endSession wipes what the resident left and returns to the attract screen. abandoned
// says whether the resident walked away (idle) rather than finishing.
func (u *UI) endSession() {
	if u.scanCancel != nil {
		u.scanCancel()
		u.scanCancel = nil
	}
	if u.sess.started {
		if u.sess.submitted {
			u.record(store.EvSessionCompleted, "", 0)
		} else {
			u.record(store.EvSessionAbandoned, "", 0)
		}
	}
	if err := u.sess.Wipe(); err != nil {
		u.logf("%v", err)
	}
	u.sess = newSession(u.d.TempDir)
	// The keyboard outlives sessions: its engine still holds the last field's text.
	if k, ok := u.kbd.(*Keyboard); ok {
		k.Reset()
	}
	u.kbdEntry = nil
	u.idle = nil
	u.history = nil
	u.showRoot(&attractScreen{u: u})
	if u.lang != u.d.Language {
		u.setLanguage(u.d.Language)
	}
	u.w.SetContent(u.root)
	if u.d.AfterWipe != nil {
		u.d.AfterWipe()
	}
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
	if u.idle == nil && u.w.Content() != u.root {
		// The back office covers the window. Signed in, it has its own sign-out clock;
		// the PIN pad alone has none, so the resident's idle clock runs under it.
		d := u.desk()
		if d == nil || d.role != "" || !u.sess.started || u.idleFor() < u.d.IdleTimeout {
			return
		}
		d.view = ""
		u.showIdleWarning(now)
		return
	}
	switch {
	case u.idle != nil:
		u.idle.tick(now)
	case u.cur.name() == "attract":
		if a, ok := u.cur.(*attractScreen); ok && now.Sub(u.slideAt) >= u.d.SlideEvery {
			u.slideAt = now
			a.nextSlide()
		}
	case !u.receiptShown.IsZero():
		// The receipt leaves by itself once nobody has touched it for a while.
		if u.idleFor() >= u.receiptTimeout() { // fee.go
			u.endSession()
		}
	case u.idleFor() >= u.d.IdleTimeout:
		u.showIdleWarning(now)
	}
	if now.Second()%5 == 0 {
		u.strip.refresh()
	}
}

// SyncChanged tells the UI the outbox or the uplink's state changed (safe from any
// goroutine): the status strip and a shown receipt or lookup refresh.
func (u *UI) SyncChanged() {
	fyne.Do(func() {
		u.strip.refresh()
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

// layoutFill is a spacer-friendly helper for vertical screens.
func vfill(objs ...fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVBox(append(objs, layout.NewSpacer())...)
}

// plainError turns a store or device failure into text for the resident.
func (u *UI) plainError(err error) string {
	if u.d.IsDiskFull(err) {
		return T("error.disk_full")
	}
	return T("error.generic")
}

var _ = widget.NewLabel
