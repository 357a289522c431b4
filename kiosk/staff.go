package kiosk

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// newStaffCorner is the discreet way out for post-office staff: a small, plain button
// in the corner of the status strip that asks for the staff PIN.
func newStaffCorner(u *UI) fyne.CanvasObject {
	c := &staffCorner{onTap: func() { u.touch(); u.showPINPad() }}
	c.ExtendBaseWidget(c)
	return c
}

// staffCorner is an unlabeled tappable patch (a dot) at the strip's end.
type staffCorner struct {
	widget.BaseWidget
	onTap func()
}

func (c *staffCorner) Tapped(*fyne.PointEvent) { c.onTap() }

func (c *staffCorner) MinSize() fyne.Size { return fyne.NewSize(64, 30) }

func (c *staffCorner) CreateRenderer() fyne.WidgetRenderer {
	dot := canvas.NewText("·", color.NRGBA{R: 0x60, G: 0x6A, B: 0x78, A: 0xFF})
	dot.TextSize = 20
	dot.Alignment = fyne.TextAlignCenter
	return widget.NewSimpleRenderer(dot)
}

// showPINPad covers the window with a numeric PIN pad (it is not a resident screen, so
// it does not go through the history).
func (u *UI) showPINPad() {
	var pin strings.Builder
	shown := widget.NewLabel("")
	shown.Alignment = fyne.TextAlignCenter
	shown.SizeName = "headingText"
	msg := message("", widget.DangerImportance)
	update := func() { shown.SetText(strings.Repeat("●", pin.Len())) }
	keys := container.NewGridWithColumns(3)
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		k := k
		keys.Add(u.button(k, nil, func() {
			if pin.Len() < 12 {
				pin.WriteString(k)
			}
			update()
		}))
	}
	cancel := u.button(T("staff.cancel"), nil, func() { u.w.SetContent(u.root) })
	keys.Add(cancel)
	keys.Add(u.button("0", nil, func() { pin.WriteString("0"); update() }))
	ok := u.primary(T("staff.ok"), nil, func() {
		if !u.openStaff(pin.String()) {
			msg.SetText(T("staff.wrong_pin"))
			pin.Reset()
			update()
		}
	})
	keys.Add(ok)
	pad := container.NewVBox(heading(T("staff.pin_title")), shown, msg, keys)
	u.w.SetContent(container.NewCenter(container.New(fixedWidth{w: 520}, pad)))
}

// openStaff checks the PIN and shows the staff screen.
func (u *UI) openStaff(pin string) bool {
	done := func() { u.w.SetContent(u.root); u.touch() }
	if u.d.Staff != nil {
		scr, ok := u.d.Staff(pin, done)
		if ok {
			u.w.SetContent(scr)
		}
		return ok
	}
	if u.d.StaffPIN == "" || pin != u.d.StaffPIN {
		return false
	}
	// Placeholder until the staff and official screens exist.
	ctx, cancel := u.opCtx()
	counts, _ := u.d.Store.OutboxCounts(ctx)
	cancel()
	var lines []string
	for st, n := range counts {
		lines = append(lines, string(st)+": "+strconv.Itoa(n))
	}
	body := container.NewVBox(
		heading(T("staff.title")),
		text(strings.Join(lines, "   ")),
		u.button(T("staff.back_to_kiosk"), nil, done),
		u.button(T("staff.quit"), nil, func() { u.d.App.Quit() }),
	)
	u.w.SetContent(container.NewCenter(container.New(fixedWidth{w: 600}, body)))
	return true
}
