package kiosk

import (
	"context"
	"errors"
	"math"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
)

// pinTickEvery is how often the pad's countdown is redrawn while it waits (a quarter
// second, so that the seconds shown never skip one).
const pinTickEvery = 250 * time.Millisecond

// pinPad is the PIN pad's state. After wrong tries the guard (kiosk/access) makes the
// pad wait: the keys are disabled and "Vui lòng chờ N giây" counts down until the
// pad takes a PIN again.
type pinPad struct {
	d     *desk
	pin   strings.Builder
	shown *widget.Label
	msg   *widget.Label
	keys  []*bigButton

	st       access.State       // the guard's state the pad shows
	tickStop context.CancelFunc // the countdown's ticker while the pad waits
}

// showPINPad covers the window with a numeric PIN pad.
func (d *desk) showPINPad() {
	p := &pinPad{d: d}
	p.shown = widget.NewLabel("")
	p.shown.Alignment = fyne.TextAlignCenter
	p.shown.SizeName = theme.SizeNameHeadingText
	p.msg = message("", widget.DangerImportance)
	p.msg.Alignment = fyne.TextAlignCenter
	grid := container.NewGridWithColumns(3)
	digit := func(k string) *bigButton {
		b := d.kit.button(k, nil, func() {
			if p.pin.Len() < access.MaxPINLen {
				p.pin.WriteString(k)
			}
			p.update()
		})
		p.keys = append(p.keys, b)
		return b
	}
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		grid.Add(digit(k))
	}
	erase := d.kit.button(T("staff.erase"), theme.ContentUndoIcon(), func() {
		s := p.pin.String()
		p.pin.Reset()
		if s != "" {
			p.pin.WriteString(s[:len(s)-1])
		}
		p.update()
	})
	p.keys = append(p.keys, erase)
	grid.Add(erase)
	grid.Add(digit("0"))
	ok := d.kit.primary(T("staff.ok"), theme.ConfirmIcon(), p.submit)
	p.keys = append(p.keys, ok)
	grid.Add(ok)
	cancel := d.kit.button(T("staff.cancel"), theme.CancelIcon(), d.backToKiosk)
	info := container.NewVBox(heading(T("staff.pad_title")), text(T("staff.pin_help")), p.shown, p.msg)
	pad := container.NewGridWithColumns(2, info, container.NewVBox(grid, cancel))
	d.setContent(deskPIN, container.NewCenter(container.New(fixedWidth{w: 1100}, pad)))
	d.screen = p
	p.showState()
}

func (p *pinPad) update() { p.shown.SetText(strings.Repeat("●", p.pin.Len())) }

// showing reports that this pad still covers the window.
func (p *pinPad) showing() bool { return p.d.view == deskPIN && p.d.screen == p }

// showState reads the guard's state: a wait (keys disabled, the countdown) or an
// unavailable pad; otherwise the keys work.
func (p *pinPad) showState() {
	d := p.d
	if d.guard == nil {
		p.msg.SetText(T("staff.unavailable"))
		p.enable(false)
		return
	}
	ctx, cancel := d.ctx()
	st, err := d.guard.State(ctx)
	cancel()
	if err != nil {
		d.ops.logf("pin pad: %v", err)
		p.msg.SetText(T("error.generic"))
		p.enable(true)
		return
	}
	p.st = st
	if st.Waiting() {
		p.enable(false)
		p.tick()
		p.startTicker()
		return
	}
	p.enable(true)
}

// tick redraws the countdown while the pad waits; when the wait is over the keys come
// back. The pad's ticker calls it; tests call it after moving the injected clock.
func (p *pinPad) tick() {
	if !p.showing() {
		p.stopTicker()
		return
	}
	if !p.st.Waiting() {
		return
	}
	left := p.st.Wait(p.d.now())
	if left <= 0 {
		p.st = access.State{}
		p.stopTicker()
		p.msg.SetText(T("staff.wait_over"))
		p.showState() // the guard has the last word (another wait, or keys back)
		return
	}
	p.msg.SetText(waitText(left))
}

// waitText says how long the pad still waits: in seconds under a minute, else in
// minutes and seconds (a clerk reads "4 phút 59 giây" at once, "299 giây" not).
func waitText(left time.Duration) string {
	n := int(math.Ceil(left.Seconds()))
	switch {
	case n < 60:
		return T(one(n, "staff.wait_one", "staff.wait"), Args("N", n))
	case n%60 == 0:
		return T("staff.wait_minutes", Args("M", n/60))
	}
	return T("staff.wait_minutes_seconds", Args("M", n/60, "S", n%60))
}

func (p *pinPad) startTicker() {
	d := p.d
	if p.tickStop != nil || d.tickEvery < 0 {
		return
	}
	p.tickStop = d.jobs.every(pinTickEvery, p.tick)
}

func (p *pinPad) stopTicker() {
	if p.tickStop != nil {
		p.tickStop()
		p.tickStop = nil
	}
}

func (p *pinPad) enable(on bool) {
	for _, k := range p.keys {
		if on {
			k.Enable()
		} else {
			k.Disable()
		}
	}
}

func (p *pinPad) submit() {
	d := p.d
	pin := p.pin.String()
	p.pin.Reset()
	p.update()
	if d.guard == nil {
		return
	}
	ctx, cancel := d.ctx()
	role, err := d.guard.SignIn(ctx, pin)
	cancel()
	switch {
	case err == nil:
		d.signIn(role)
	case errors.Is(err, access.ErrWrongPIN):
		p.showState()
		switch {
		case p.st.Waiting():
		case p.st.FreeLeft > 0:
			p.msg.SetText(T("staff.wrong_pin_left", Args("N", p.st.FreeLeft)))
		default:
			p.msg.SetText(T("staff.wrong_pin_next_waits", Args("Max", int(access.MaxWait.Minutes()))))
		}
	case errors.Is(err, access.ErrWait):
		p.showState()
	case errors.Is(err, access.ErrNoPIN):
		p.msg.SetText(T("staff.no_pin"))
	default:
		d.ops.logf("sign in: %v", err)
		p.msg.SetText(T("error.generic"))
	}
}
