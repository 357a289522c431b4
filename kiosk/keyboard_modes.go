package kiosk

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// KeyboardMode is the set of keys the keyboard shows, chosen for the field being
// filled: letters that compose Vietnamese for free text, plain capitals and digits for
// codes, a pad of digits for numbers, and a date pad that puts the slashes in.
type KeyboardMode int

// The keyboard's modes.
const (
	ModeText    KeyboardMode = iota // letters, Telex/VNI composition, tone keys, the marks legend
	ModeCode                        // capitals A–Z, digits and -, no composition (receipt codes)
	ModeDigits                      // 0–9 only (numbers, phone numbers, CCCD numbers)
	ModeDate                        // 0–9, the slashes put in as the digits come (typing.DateInput)
	ModeNumeric                     // 0–9 with / and - (the pad of SetNumeric)
)

// accepts reports whether a hardware key r may be typed in mode m.
func (m KeyboardMode) accepts(r rune) bool {
	switch m {
	case ModeCode:
		return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-')
	case ModeDigits, ModeDate:
		return r >= '0' && r <= '9'
	case ModeNumeric:
		return strings.ContainsRune("0123456789/-", r)
	}
	return true
}

// fieldKeyboardMode is the keyboard a form field of type t wants.
func fieldKeyboardMode(t catalog.FieldType) KeyboardMode {
	switch t {
	case catalog.Number, catalog.Phone, catalog.CCCD:
		return ModeDigits
	case catalog.Date:
		return ModeDate
	}
	return ModeText
}

// SetMode shows the keys of mode m. Shift is released; switching to a pad keeps the
// composition method for when the letters come back.
func (k *Keyboard) SetMode(m KeyboardMode) {
	k.setShift(shiftOff)
	if m != k.mode || len(k.content.Objects) == 0 {
		k.mode = m
		k.numeric = m == ModeNumeric
		var box fyne.CanvasObject
		switch m {
		case ModeCode:
			box = k.codeBox
		case ModeDigits, ModeDate:
			box = k.digitBox
		case ModeNumeric:
			box = k.padBox
		default:
			box = k.lettersBox
		}
		k.content.Objects = []fyne.CanvasObject{box}
		k.content.Refresh()
	}
	k.autoCapital()
}

// Mode is the keyboard's mode.
func (k *Keyboard) Mode() KeyboardMode { return k.mode }

// shownKeys are the keys of the mode on show, by id.
func (k *Keyboard) shownKeys() map[string]*keyButton {
	switch k.mode {
	case ModeCode:
		return k.codeKeys
	case ModeDigits, ModeDate:
		return k.digitKeys
	case ModeNumeric:
		return k.padKeys
	}
	return k.letterKeys
}

// keyMaker makes the keys of one layout and files them by id in keys; word keys
// (Xóa, Xong) keep their labels translated.
type keyMaker struct {
	k          *Keyboard
	keys       map[string]*keyButton
	text, minH float32 // the character keys' text size and every key's minimum height
}

func (m keyMaker) char(r rune, units float32) *keyButton {
	b := newKeyButton(string(r), string(r), units, m.text, m.minH, keyChar, func() { m.k.typeRune(r) })
	m.keys[b.id] = b
	return b
}

func (m keyMaker) chars(s string) []*keyButton {
	var row []*keyButton
	for _, r := range s {
		row = append(row, m.char(r, 1))
	}
	return row
}

func (m keyMaker) word(id string, units float32, kind keyKind, tap func()) *keyButton {
	b := newKeyButton(id, keyboardLabel(id), units, keyFuncText, m.minH, kind, tap)
	m.keys[id] = b
	m.k.translatedKeys[b] = keyboardLabels[id]
	return b
}

// buildCode makes the code keyboard: digits, capitals in QWERTY order and a dash,
// nothing composed ("ASWDD" stays ASWDD).
func (k *Keyboard) buildCode() {
	k.codeKeys = map[string]*keyButton{}
	m := keyMaker{k: k, keys: k.codeKeys, text: keyLetterText, minH: keyMinSide}
	rows := [][]*keyButton{
		m.chars("1234567890"),
		m.chars("QWERTYUIOP"),
		append(m.chars("ASDFGHJKL"), m.char('-', 1)),
		append(m.chars("ZXCVBNM"), m.word("backspace", 3, keyFunc, k.backspace)),
		{m.word("done", 4, keyDone, k.done)},
	}
	g := newKeyGrid(rows, 96)
	k.codeBox = container.New(g, g.objects()...)
}

// buildDigits makes the pad of ModeDigits and ModeDate: ten digits, delete, done.
func (k *Keyboard) buildDigits() {
	k.digitKeys = map[string]*keyButton{}
	m := keyMaker{k: k, keys: k.digitKeys, text: keyPadText, minH: keyPadMinH}
	rows := [][]*keyButton{
		{m.char('1', 2), m.char('2', 2), m.char('3', 2)},
		{m.char('4', 2), m.char('5', 2), m.char('6', 2)},
		{m.char('7', 2), m.char('8', 2), m.char('9', 2)},
		{m.word("backspace", 2, keyFunc, k.backspace), m.char('0', 2), m.word("done", 2, keyDone, k.done)},
	}
	g := newKeyGrid(rows, 80)
	k.digitBox = container.New(g, g.objects()...)
}

// keyLegend is the short line above the letters that says how to type the marks with
// the method in use (Telex: aa → â, ow → ơ, dd → đ, s f r x j for the tones), always
// in view while letters are typed.
type keyLegend struct {
	marks, tones *canvas.Text
	obj          fyne.CanvasObject
}

// keyLegendText is the legend's text size: help text, 24 px.
const keyLegendText = 24

// Translation keys of the legend's two lines per method, with their Vietnamese text.
// The marks lines of Telex and VNI are keys and letters, the same in every language:
// they have no key.
var legendLines = map[typing.Method][2][2]string{
	typing.Telex: {
		{"", "aa→â aw→ă ee→ê oo→ô ow→ơ uw→ư dd→đ"},
		{"keyboard.legend.telex.tones", "s sắc f huyền r hỏi x ngã j nặng"},
	},
	typing.VNI: {
		{"", "a6→â a8→ă e6→ê o6→ô o7→ơ u7→ư d9→đ"},
		{"keyboard.legend.vni.tones", "1 sắc 2 huyền 3 hỏi 4 ngã 5 nặng"},
	},
	typing.Plain: {
		{"keyboard.legend.plain.marks", "Không dấu: chữ gõ ra như trên phím."},
		{"keyboard.legend.plain.tones", "Bấm «Không dấu» để gõ có dấu."},
	},
}

func newKeyLegend(m typing.Method) *keyLegend {
	l := &keyLegend{marks: canvas.NewText("", nil), tones: canvas.NewText("", nil)}
	for _, t := range []*canvas.Text{l.marks, l.tones} {
		t.TextSize = keyLegendText
	}
	l.setOneLine(true)
	l.setMethod(m)
	return l
}

// setOneLine lays the legend out on one line (the wide letter layout has the width
// and not the height) or on two (the tall layout).
func (l *keyLegend) setOneLine(on bool) {
	l.obj = container.New(legendLayout{oneLine: on}, l.marks, l.tones)
}

// setMethod shows the legend of method m in the current language.
func (l *keyLegend) setMethod(m typing.Method) {
	lines, ok := legendLines[m]
	if !ok {
		lines = legendLines[typing.Telex]
	}
	fg := theme.Color(theme.ColorNameForeground)
	for i, t := range []*canvas.Text{l.marks, l.tones} {
		t.Text = lines[i][1]
		if lines[i][0] != "" {
			t.Text = lang.X(lines[i][0], lines[i][1])
		}
		t.Color = fg
		t.Refresh()
	}
}

// legendLayout puts the legend's lines side by side (oneLine) or one under the
// other, with no padding: the keys below need the height.
type legendLayout struct{ oneLine bool }

// legendGap is the space between the two lines' texts when they share a line.
const legendGap = 32

func (l legendLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for i, o := range objs {
		m := o.MinSize()
		if l.oneLine {
			if i > 0 {
				s.Width += legendGap
			}
			s.Width += m.Width
			s.Height = fyne.Max(s.Height, m.Height)
		} else {
			s.Width = fyne.Max(s.Width, m.Width)
			s.Height += m.Height
		}
	}
	return s
}

func (l legendLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var x, y float32
	for _, o := range objs {
		m := o.MinSize()
		o.Move(fyne.NewPos(x, y))
		o.Resize(m)
		if l.oneLine {
			x += m.Width + legendGap
		} else {
			y += m.Height
		}
	}
}

// LegendText is the legend on show, its two lines joined by a newline (tests, tools).
func (k *Keyboard) LegendText() string { return k.legend.marks.Text + "\n" + k.legend.tones.Text }
