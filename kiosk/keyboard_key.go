package kiosk

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Sizes of the on-screen keyboard's keys (device-independent pixels / points).
const (
	keyMinSide     = 64 // no key is narrower or shorter than a fingertip target
	keyPadMinH     = 72 // keys of the numeric pad
	keyLetterText  = 32 // letters, digits, marks
	keyFuncText    = 24 // word labels: Xóa, Chữ hoa, Telex, Xong
	keyPadText     = 40 // digits of the numeric pad
	keyGap         = 6  // space between keys
	keyStrokeWidth = 1.5
)

// keyKind decides how a key looks.
type keyKind int

const (
	keyChar  keyKind = iota // types a character
	keyExtra                // Vietnamese extras: ă â đ ê ô ơ ư and the tone keys
	keyFunc                 // shift, backspace, method, space
	keyDone                 // Xong
)

// keyButton is one key: a large rounded tile with a centred label, tapped with a
// finger. It highlights while pressed (and while active, for shift).
type keyButton struct {
	widget.BaseWidget
	id       string  // stable name for tests and the keyboard: "a", "backspace", "tone.acute"
	label    string  // text shown
	units    float32 // width in key units of its row
	textSize float32
	minH     float32
	bold     bool
	kind     keyKind
	active   bool // shift engaged
	pressed  bool
	onTap    func()
	face     *keyFace // the grid's face, which paints the key at rest (nil: the key paints itself)
}

func newKeyButton(id, label string, units, textSize, minH float32, kind keyKind, onTap func()) *keyButton {
	b := &keyButton{id: id, label: label, units: units, textSize: textSize, minH: minH, kind: kind,
		bold: kind == keyFunc || kind == keyDone, onTap: onTap}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped implements fyne.Tappable.
func (b *keyButton) Tapped(*fyne.PointEvent) {
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseDown implements desktop.Mouseable: the key lights up under the finger.
func (b *keyButton) MouseDown(*desktop.MouseEvent) {
	b.pressed = true
	b.Refresh()
}

// MouseUp implements desktop.Mouseable.
func (b *keyButton) MouseUp(*desktop.MouseEvent) {
	b.pressed = false
	b.Refresh()
}

func (b *keyButton) setLabel(s string) {
	if s != b.label {
		b.label = s
		b.Refresh()
		if b.face != nil {
			b.face.changed()
		}
	}
}

func (b *keyButton) setActive(on bool) {
	if on != b.active {
		b.active = on
		b.Refresh()
	}
}

func (b *keyButton) CreateRenderer() fyne.WidgetRenderer {
	r := &keyRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.Black)}
	r.text.Alignment = fyne.TextAlignCenter
	r.Refresh()
	return r
}

type keyRenderer struct {
	b    *keyButton
	bg   *canvas.Rectangle
	text *canvas.Text
	// min is the key's least size, measured again after a Refresh: the canvas asks
	// every key for it before each frame it paints, and measuring the label through
	// Fyne's text cache was a tenth of that frame's work on the UI thread.
	min fyne.Size
}

func (r *keyRenderer) Destroy() {}

func (r *keyRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.text} }

func (r *keyRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	ts := r.text.MinSize()
	r.text.Move(fyne.NewPos(0, (size.Height-ts.Height)/2))
	r.text.Resize(fyne.NewSize(size.Width, ts.Height))
}

func (r *keyRenderer) MinSize() fyne.Size {
	if r.min.IsZero() {
		ts := fyne.MeasureText(r.b.label, r.b.textSize, fyne.TextStyle{Bold: r.b.bold})
		pad := theme.Padding() * 2
		r.min = fyne.NewSize(max(ts.Width+2*pad, keyMinSide), max(ts.Height+2*pad, r.b.minH))
	}
	return r.min
}

// keyLook is how a key is painted: tile, border and label colours.
type keyLook struct{ bg, stroke, fg color.Color }

// look is the key's look now: highlighted while pressed or active.
func (b *keyButton) look() keyLook {
	if b.active || b.pressed {
		c := func(n fyne.ThemeColorName) color.Color { return theme.ColorForWidget(n, b) }
		return keyLook{c(theme.ColorNamePrimary), c(theme.ColorNameInputBorder), c(theme.ColorNameForegroundOnPrimary)}
	}
	return b.restingLook()
}

// restingLook is the key's look when not under the finger nor engaged.
func (b *keyButton) restingLook() keyLook {
	c := func(n fyne.ThemeColorName) color.Color { return theme.ColorForWidget(n, b) }
	l := keyLook{c(theme.ColorNameButton), c(theme.ColorNameInputBorder), c(theme.ColorNameForeground)}
	switch b.kind {
	case keyExtra:
		l.bg = c(theme.ColorNameInputBackground)
	case keyFunc:
		l.bg = c(theme.ColorNameHeaderBackground)
	case keyDone:
		l.bg, l.fg = c(theme.ColorNamePrimary), c(theme.ColorNameForegroundOnPrimary)
	}
	return l
}

func (r *keyRenderer) Refresh() {
	b := r.b
	r.min = fyne.Size{} // the label, or the theme's font, may have changed
	l := b.look()
	r.bg.FillColor, r.bg.StrokeColor, r.bg.StrokeWidth = l.bg, l.stroke, keyStrokeWidth
	// Square keys: on software GL (llvmpipe) rounded corners are shaded per pixel and
	// cost about 5.5 of 18 ms CPU in every frame of a screen with the keyboard
	// (1366×768), the keystroke's own frame included.
	r.bg.CornerRadius = 0
	r.text.Text = b.label
	r.text.TextSize = b.textSize
	r.text.TextStyle = fyne.TextStyle{Bold: b.bold}
	r.text.Color = l.fg
	// At rest a key of a grid is painted on the grid's face (keyFace): it draws nothing.
	onFace := b.face != nil && !b.active && !b.pressed
	if onFace {
		r.bg.FillColor, r.bg.StrokeWidth = color.Transparent, 0
	}
	r.text.Hidden = onFace
	r.bg.Refresh()
	r.text.Refresh()
	r.Layout(b.Size())
}
