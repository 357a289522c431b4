package kiosk

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/scanner"
)

// readQR forwards reader codes to the screen that wants them.
func (u *UI) readQR(codes <-chan string) {
	defer u.wg.Done()
	for {
		select {
		case <-u.ctx.Done():
			return
		case code, ok := <-codes:
			if !ok {
				fyne.Do(func() { u.devs.qr = deviceGone; u.frame.strip.refresh() })
				return
			}
			fyne.Do(func() { u.onQR(code); u.notifyAsync("qr") })
		}
	}
}

func (u *UI) onQR(code string) {
	u.devs.qr = deviceOK
	if u.idle == nil && u.covered() {
		return // the back office covers the window: codes are not for its hidden screens
	}
	if u.idle != nil {
		// During the "are you still there?" warning, a card that is not the current
		// applicant's belongs to the next person: the last resident has gone, so their
		// session is wiped before the new card is read, never mixed with it.
		if u.flow.IsOtherPerson(code) {
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
		if _, ok := scanner.ParseReceiptQR(code); ok {
			if isAttract {
				u.startSession("")
			}
			u.openLookup(code)
			return
		}
		// A CCCD shown before choosing anything is kept for the form.
		if _, err := flow.ParseCCCD(code); err == nil {
			if isAttract {
				u.startSession("")
			}
			_ = u.flow.ApplyCCCD(code) // parsed just above
			u.goHome()
		}
	}
}

// startSession begins a resident's session; assistedBy names the clerk filing on the
// resident's behalf ("" for a resident alone).
func (u *UI) startSession(assistedBy string) {
	// A clerk still signed in does not lend the back office to the resident.
	if assistedBy == "" && u.desk.signedIn() {
		u.desk.signOut()
	}
	u.restoreFullScreen()
	ctx, cancel := u.opCtx()
	defer cancel()
	u.flow.Start(ctx, assistedBy)
}

// endSession wipes what the resident left (the flow records whether they finished or
// walked away) and returns to the attract screen in the default language.
func (u *UI) endSession() {
	if u.scanCancel != nil {
		u.scanCancel()
		u.scanCancel = nil
	}
	ctx, cancel := u.opCtx()
	u.flow.End(ctx)
	cancel()
	u.applyPendingSettings(false) // between sessions only
	if err := u.tr.use(u.flow.Language()); err != nil {
		u.logf("language: %v", err)
	}
	// The keyboard outlives sessions: its engine still holds the last field's text.
	if k, ok := u.kbd.(*Keyboard); ok {
		k.Reset()
	}
	u.kbdEntry = nil
	u.idle = nil
	u.history = nil
	u.showAttract()
	u.frame.strip.refresh()
	u.showResident()
	if u.d.AfterWipe != nil {
		u.d.AfterWipe()
	}
}

// startJob starts a scan job's context: it ends with the app, after timeout, or with
// the session (endSession cancels it).
func (u *UI) startJob(timeout time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(u.ctx, timeout)
	u.scanCancel = cancel
	return ctx, cancel
}

// jobDone notes the end of the session's scan job and what it said of the scanner.
func (u *UI) jobDone(heard deviceState) {
	u.scanCancel = nil
	if heard != deviceUnknown {
		u.devs.scan = heard
	}
	u.frame.strip.refresh()
}

// What the back office asks of the resident's side (residentSide).

func (u *UI) sessionStarted() bool   { return u.flow.Started() }
func (u *UI) idleFor() time.Duration { return u.flow.Timers().IdleFor() }
func (u *UI) refreshStrip()          { u.frame.strip.refresh() }

// showResident puts the resident's frame back on the window and lays it out again: a
// screen built while a cover (the back office, the idle warning) hid the frame was
// never laid out, and SetContent does not lay out a content whose size is unchanged
// (the attract screen's texts lay on top of each other after the back office).
func (u *UI) showResident() {
	f := u.frame
	u.w.SetContent(f.root)
	f.header.Refresh()
	f.body.Refresh()
	f.root.Refresh()
}
