package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
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
	return u.kbd
}

// attachKeyboard points the keyboard at e (called when e gains focus).
func (u *UI) attachKeyboard(e *kioskEntry) {
	if u.kbd == nil {
		return
	}
	u.kbdEntry = e
	if u.kbdSide != nil && !u.kbdSide.Visible() {
		u.kbdSide.Show() // the keyboard comes up with the first touched field
	}
	u.kbd.SetNumeric(e.numeric)
	if k, ok := u.kbd.(*Keyboard); ok && e.kbdMode != ModeText {
		k.SetMode(e.kbdMode) // a code, digits-only or date field
	}
	if u.kbdSplit != nil {
		// A pad needs less room than the letters: the field beside it gets the rest
		// (a date's placeholder is read whole), laid out again for the keys shown.
		share := float32(0.5)
		if k, ok := u.kbd.(*Keyboard); ok && (k.Mode() == ModeDigits || k.Mode() == ModeDate || k.Mode() == ModeNumeric) {
			share = 0.36
		}
		u.kbdSplit.Layout = splitLayout{right: share}
		u.kbdSplit.Refresh()
	}
	u.kbd.Attach(&e.Entry)
	if k, ok := u.kbd.(*Keyboard); ok {
		k.SetCapitalizeWords(e.capWords)
	}
}

// focus gives e the focus and the keyboard.
func (u *UI) focus(e *kioskEntry) {
	if u.building {
		u.pendingFocus = e // focused once the screen is on the canvas
		return
	}
	if c := u.w.Canvas(); c != nil {
		c.Focus(e)
	} else {
		u.attachKeyboard(e)
	}
}

// newKeyboardPanel makes the Vietnamese on-screen keyboard (keyboard.go), Telex first.
func newKeyboardPanel(u *UI) keyboardPanel {
	k := NewKeyboard(typing.Telex)
	// It stands beside the content: the tall layout (narrower) where the display has
	// the height for it, the wide one (shorter) on 768-line displays.
	if c := u.w.Canvas(); c != nil && c.Size().Height >= 900 {
		k.SetTall(true)
	}
	k.OnActivity = u.touch
	k.OnDone = u.keyboardDone
	return k
}

// keyboardDone moves to the next field of the screen, if it has one.
func (u *UI) keyboardDone() {
	if n, ok := u.cur.(interface{ nextEntry(*kioskEntry) *kioskEntry }); ok && u.kbdEntry != nil {
		if e := n.nextEntry(u.kbdEntry); e != nil {
			u.w.Canvas().Focus(e)
			return
		}
	}
	if s, ok := u.cur.(interface{ onKeyboardDone() }); ok {
		s.onKeyboardDone()
	}
}

// withKeyboard lays a screen out with its content on the left and the keyboard on the
// right (a wide screen has room beside, not below), with above over the keyboard.
// The keyboard stays hidden (the content takes the whole width) until a field is
// touched or focused; with above (the search's field, over the keys, so that the
// results get the left column's whole height) it shows from the start.
func (u *UI) withKeyboard(content, above fyne.CanvasObject) fyne.CanvasObject {
	right := u.keyboardArea()
	if above != nil {
		right = container.New(aboveKeys{}, above, right)
	} else {
		right.Hide()
	}
	u.kbdSide = right
	u.kbdSplit = container.New(splitLayout{right: 0.5}, content, right)
	return u.kbdSplit
}

// splitLayout puts two objects side by side, the second taking the given share.
type splitLayout struct{ right float32 }

func (l splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width += m.Width
		s.Height = fyne.Max(s.Height, m.Height)
	}
	return s.AddWidthHeight(8, 0)
}

func (l splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if !objs[1].Visible() {
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(size)
		return
	}
	// The keyboard (right) keeps at least its minimum; the content takes the rest.
	rw := fyne.Max(size.Width*l.right, objs[1].MinSize().Width)
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width-rw-8, size.Height))
	objs[1].Move(fyne.NewPos(size.Width-rw, 0))
	objs[1].Resize(fyne.NewSize(rw, size.Height))
}

// aboveKeys puts its first object at its minimum height over the second, which takes
// the rest, tightGap apart (a Border's 8 px would leave the keys less than 64 px at
// 768 lines).
type aboveKeys struct{}

func (aboveKeys) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+tightGap+b.Height)
}

func (aboveKeys) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	h := objs[0].MinSize().Height
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, h))
	objs[1].Move(fyne.NewPos(0, h+tightGap))
	objs[1].Resize(fyne.NewSize(size.Width, max(0, size.Height-h-tightGap)))
}
