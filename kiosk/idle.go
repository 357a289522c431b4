package kiosk

import (
	"math"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// idleWarning is the full-screen "are you still there?" with a countdown (the flow
// keeps the clock). When it runs out the session is wiped and the attract screen returns.
type idleWarning struct {
	u     *UI
	count *canvas.Text
	cont  *bigButton
}

// showIdleWarning covers the window with the warning (nothing of the session shows).
func (u *UI) showIdleWarning() {
	u.flow.Timers().Warn()
	iw := &idleWarning{u: u}
	iw.count = huge("", colPrimary)
	iw.count.TextSize = 120
	iw.cont = u.kit.primary(T("idle.continue"), theme.ConfirmIcon(), u.onContinue)
	iw.cont.minH = 120
	end := u.kit.button(T("idle.end_now"), theme.CancelIcon(), u.endSession)
	u.idle = iw
	iw.tick()
	body := container.NewVBox(
		layout.NewSpacer(),
		heading(T("idle.title")),
		text(T("idle.body")),
		iw.count,
		iw.cont,
		end,
		layout.NewSpacer(),
	)
	bg := canvas.NewRectangle(colBackground)
	u.w.SetContent(container.NewStack(bg, container.NewCenter(container.New(fixedWidth{w: 900}, body))))
}

// tick shows the seconds left.
func (iw *idleWarning) tick() {
	left := iw.u.flow.Timers().WarningLeft()
	n := int(math.Ceil(left.Seconds()))
	iw.count.Text = T(one(n, "idle.second", "idle.seconds"), Args("N", n))
	iw.count.Refresh()
}

// onContinue dismisses the warning and returns to where the resident was.
func (u *UI) onContinue() {
	u.flow.Timers().Continue()
	u.idle = nil
	u.showResident()
}
