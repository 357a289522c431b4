package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// keyboardPanel is what a screen needs from the on-screen keyboard (keyboard.go).
type keyboardPanel interface {
	fyne.CanvasObject
	Attach(target *widget.Entry)
	SetNumeric(bool)
}

// keyboardArea returns the on-screen keyboard for this screen, creating it once; the
// entry touched last receives its keys.
func (u *UI) keyboardArea() fyne.CanvasObject {
	if u.kbd == nil {
		u.kbd = newKeyboardPanel(u)
	}
	return container.New(fixedHeight{h: keyboardH}, u.kbd)
}

// attachKeyboard points the keyboard at e (called when e gains focus).
func (u *UI) attachKeyboard(e *kioskEntry) {
	if u.kbd == nil {
		return
	}
	u.kbdEntry = e
	u.kbd.SetNumeric(e.numeric)
	u.kbd.Attach(&e.Entry)
}

// focus gives e the focus and the keyboard.
func (u *UI) focus(e *kioskEntry) {
	if c := u.w.Canvas(); c != nil {
		c.Focus(e)
	} else {
		u.attachKeyboard(e)
	}
}

// plainKeyboard is a minimal letter/number pad used until keyboard.go's Vietnamese
// keyboard is wired in.
type plainKeyboard struct {
	widget.BaseWidget
	u       *UI
	target  *widget.Entry
	numeric bool
	letters fyne.CanvasObject
	digits  fyne.CanvasObject
	box     *fyne.Container
}

func newKeyboardPanel(u *UI) keyboardPanel {
	k := &plainKeyboard{u: u}
	key := func(label string, r rune) fyne.CanvasObject {
		return u.button(label, nil, func() {
			if k.target != nil {
				k.target.TypedRune(r)
			}
		})
	}
	back := func() fyne.CanvasObject {
		return u.button("⌫", nil, func() {
			if k.target != nil {
				k.target.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
			}
		})
	}
	rows := container.NewVBox()
	for _, row := range []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm-/"} {
		g := container.NewGridWithColumns(len([]rune(row)) + 1)
		for _, r := range row {
			g.Add(key(string(r), r))
		}
		if row == "1234567890" {
			g.Add(back())
		} else {
			g.Add(container.NewStack())
		}
		rows.Add(g)
	}
	rows.Add(key("␣", ' '))
	k.letters = rows
	pad := container.NewGridWithColumns(4)
	for _, r := range "123456789/0" {
		pad.Add(key(string(r), r))
	}
	pad.Add(back())
	k.digits = pad
	k.box = container.NewStack(k.letters)
	k.ExtendBaseWidget(k)
	return k
}

func (k *plainKeyboard) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(k.box) }

func (k *plainKeyboard) Attach(target *widget.Entry) { k.target = target }

func (k *plainKeyboard) SetNumeric(on bool) {
	k.numeric = on
	if on {
		k.box.Objects = []fyne.CanvasObject{container.NewCenter(container.New(fixedWidth{w: 600}, k.digits))}
	} else {
		k.box.Objects = []fyne.CanvasObject{k.letters}
	}
	k.box.Refresh()
}
