package kiosk

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// KeyTarget is a text field the on-screen keyboard types into. The keyboard
// always types at the end of the text.
type KeyTarget interface {
	Text() string
	SetText(string)
}

// EntryTarget adapts a Fyne entry to KeyTarget: it reads Entry.Text, sets the text
// through SetText (so OnChanged and validation run) and keeps the cursor at the end.
func EntryTarget(e *widget.Entry) KeyTarget { return entryTarget{e} }

type entryTarget struct{ e *widget.Entry }

func (t entryTarget) Text() string { return t.e.Text }

func (t entryTarget) SetText(s string) {
	t.e.SetText(s)
	lines := strings.Split(t.e.Text, "\n")
	t.e.CursorRow = len(lines) - 1
	t.e.CursorColumn = utf8.RuneCountInString(lines[len(lines)-1])
	t.e.Refresh()
}

// Keyboard is the kiosk's on-screen keyboard: large keys in a QWERTY layout with the
// Vietnamese letters ă â đ ê ô ơ ư and the five tone marks as keys of their own,
// composition by Telex (default), VNI or none, a shift that holds for one letter
// (tapped twice it locks upper case; a third tap releases it), optional automatic
// capitals at the start of each word (for names), and a numeric pad for numbers,
// phone numbers, CCCD numbers and dates.
//
// It types into one target at a time (Attach). Because the composition engine
// resynchronises with the target's text before every key, the target may change
// behind its back (a CCCD read fills the field, the screen clears it) and a new
// field can be attached at any time. Visible labels come from translations
// (lang.X with Vietnamese fallbacks). Use it from the UI goroutine only.
type Keyboard struct {
	widget.BaseWidget

	// OnDone is called when the resident taps "Xong" (done / next field).
	OnDone func()
	// OnMethodChanged is called after the method switch key changed the method.
	OnMethodChanged func(typing.Method)
	// OnActivity is called on every key tap (e.g. to hold off the idle wipe).
	OnActivity func()

	engine  *typing.Engine
	method  typing.Method
	initial typing.Method // the method Reset returns to
	target  KeyTarget
	written string // the target's text after the keyboard last wrote it
	shift   shiftState
	// capWords engages shift at the start of every word; autoShift marks a shift
	// it engaged, which it may take back (after a backspace into a word).
	capWords, autoShift bool
	numeric, tall       bool
	mode                KeyboardMode
	date                typing.DateInput // ModeDate's digits

	letters, pad        *keyGrid
	letterKeys, padKeys map[string]*keyButton
	lettersBox, padBox  *fyne.Container
	codeKeys, digitKeys map[string]*keyButton // ModeCode, ModeDigits and ModeDate
	codeBox, digitBox   *fyne.Container
	legend              *keyLegend
	content             *fyne.Container
	methodKey, shiftKey *keyButton
	translatedKeys      map[*keyButton][2]string // word labels: translation key and fallback
}

// Translation keys of the keyboard's word labels, with their Vietnamese defaults.
var keyboardLabels = map[string][2]string{
	"backspace":    {"keyboard.backspace", "Xóa"},
	"shift":        {"keyboard.shift", "Chữ hoa"},
	"capslock":     {"keyboard.capslock", "CHỮ HOA"},
	"space":        {"keyboard.space", "Dấu cách"},
	"done":         {"keyboard.done", "Xong"},
	"method.telex": {"keyboard.method.telex", "Telex"},
	"method.vni":   {"keyboard.method.vni", "VNI"},
	"method.plain": {"keyboard.method.plain", "Không dấu"},
}

func keyboardLabel(id string) string {
	l := keyboardLabels[id]
	return lang.X(l[0], l[1])
}

// toneKeys are the tone mark keys, shown on an a.
var toneKeys = []struct {
	id    string
	label string
	tone  typing.Tone
}{
	{"tone.acute", "á", typing.Acute},
	{"tone.grave", "à", typing.Grave},
	{"tone.hook", "ả", typing.Hook},
	{"tone.tilde", "ã", typing.Tilde},
	{"tone.dot", "ạ", typing.Dot},
}

// NewKeyboard returns a keyboard composing with method m, attached to nothing.
func NewKeyboard(m typing.Method) *Keyboard {
	k := &Keyboard{engine: typing.NewEngine(m), method: m, initial: m, translatedKeys: map[*keyButton][2]string{}}
	k.legend = newKeyLegend(m)
	k.buildLetters(false)
	k.buildPad()
	k.padBox = container.New(k.pad, k.pad.objects()...)
	k.buildCode()
	k.buildDigits()
	k.content = container.NewStack(k.lettersBox)
	k.ExtendBaseWidget(k)
	return k
}

// Attach makes the keyboard type into e (nil detaches it). It satisfies the
// screens' keyboardPanel interface.
func (k *Keyboard) Attach(e *widget.Entry) {
	if e == nil {
		k.AttachTarget(nil)
		return
	}
	k.AttachTarget(EntryTarget(e))
}

// AttachTarget makes the keyboard type into t (nil detaches it); composition
// continues on the last word t already holds.
func (k *Keyboard) AttachTarget(t KeyTarget) {
	k.target = t
	k.setShift(shiftOff)
	if t != nil {
		k.written = t.Text()
		k.engine.SetText(k.written)
	}
	k.autoCapital()
}

// Reset forgets everything the session gave the keyboard, for the idle privacy
// wipe: it detaches the target, zeroes the composition buffer, releases shift,
// turns off word capitals and the numeric pad, and returns to the method it was
// created with.
func (k *Keyboard) Reset() {
	k.target = nil
	k.written = ""
	k.engine.Reset()
	k.capWords = false
	k.date.Reset()
	k.SetMode(ModeText)
	k.setShift(shiftOff)
	k.SetMethod(k.initial)
}

// SetNumeric switches between the letter keyboard (ModeText) and the numeric pad
// with / and - (ModeNumeric).
func (k *Keyboard) SetNumeric(on bool) {
	if on {
		k.SetMode(ModeNumeric)
	} else {
		k.SetMode(ModeText)
	}
}

// Numeric reports whether the numeric pad with / and - is shown (ModeNumeric).
func (k *Keyboard) Numeric() bool { return k.numeric }

// Method is the composition method in use.
func (k *Keyboard) Method() typing.Method { return k.method }

// SetMethod changes the composition method (the method key cycles through them).
func (k *Keyboard) SetMethod(m typing.Method) {
	k.method = m
	k.engine.SetMethod(m)
	k.methodKey.setLabel(methodLabel(m))
	k.legend.setMethod(m)
}

// Refresh re-reads the translated labels (after a language switch) and redraws.
func (k *Keyboard) Refresh() {
	for b, l := range k.translatedKeys {
		b.setLabel(lang.X(l[0], l[1]))
	}
	k.methodKey.setLabel(methodLabel(k.method))
	k.shiftKey.setLabel(k.shiftLabel())
	k.legend.setMethod(k.method)
	k.BaseWidget.Refresh()
}

func (k *Keyboard) CreateRenderer() fyne.WidgetRenderer {
	// No tray under the keys (their borders set them apart): on software GL, a
	// rectangle the size of the keyboard cost about a third of every frame of a
	// screen with the keyboard (8 of 23 ms CPU at 1366×768), keystroke frames too.
	return widget.NewSimpleRenderer(container.NewPadded(k.content))
}

// The keyboard is Focusable only so that, on the desktop driver, a tap on one of
// its keys does not unfocus the field being typed into (the driver keeps the focus
// when a focusable object lies under the finger). Keys only reach it if it is
// focused itself (e.g. by Tab with a hardware keyboard during development); they
// are typed into the target like taps.

// FocusGained implements fyne.Focusable.
func (k *Keyboard) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (k *Keyboard) FocusLost() {}

// TypedRune implements fyne.Focusable: a hardware key types like the same key tapped.
func (k *Keyboard) TypedRune(r rune) {
	if !k.mode.accepts(r) {
		return
	}
	if k.mode == ModeCode {
		r = unicode.ToUpper(r)
	}
	k.typeRune(r)
}

// TypedKey implements fyne.Focusable: Backspace deletes, Return is "Xong".
func (k *Keyboard) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyBackspace:
		k.backspace()
	case fyne.KeyReturn, fyne.KeyEnter:
		k.done()
	}
}

func methodLabel(m typing.Method) string {
	switch m {
	case typing.VNI:
		return keyboardLabel("method.vni")
	case typing.Plain:
		return keyboardLabel("method.plain")
	}
	return keyboardLabel("method.telex")
}

// buildLetters makes the letter keys: wide (5 rows of 13 units, for a keyboard
// below the content) or tall (7 rows of 10 units, for a keyboard beside it).
func (k *Keyboard) buildLetters(tall bool) {
	for _, b := range k.letterKeys {
		delete(k.translatedKeys, b)
	}
	k.letterKeys = map[string]*keyButton{}
	add := func(b *keyButton) *keyButton {
		k.letterKeys[b.id] = b
		return b
	}
	char := func(r rune, kind keyKind) *keyButton {
		return add(newKeyButton(string(r), string(r), 1, keyLetterText, keyMinSide, kind, func() { k.typeRune(r) }))
	}
	word := func(id string, units float32, kind keyKind, tap func()) *keyButton {
		b := add(newKeyButton(id, keyboardLabel(id), units, keyFuncText, keyMinSide, kind, tap))
		if l, ok := keyboardLabels[id]; ok {
			k.translatedKeys[b] = l
		}
		return b
	}
	chars := func(s string, kind keyKind) []*keyButton {
		var row []*keyButton
		for _, r := range s {
			row = append(row, char(r, kind))
		}
		return row
	}
	row := func(parts ...[]*keyButton) []*keyButton { return slices.Concat(parts...) }
	one := func(b *keyButton) []*keyButton { return []*keyButton{b} }
	var tones []*keyButton
	for _, tk := range toneKeys {
		t := tk.tone
		tones = append(tones, add(newKeyButton(tk.id, tk.label, 1, keyLetterText, keyMinSide, keyExtra, func() { k.setTone(t) })))
	}
	wideUnits := map[bool]float32{false: 3, true: 2} // shift's width: wide, tall
	k.shiftKey = word("shift", wideUnits[tall], keyFunc, k.toggleShift)
	delete(k.translatedKeys, k.shiftKey) // its label follows the shift state
	k.methodKey = add(newKeyButton("method", methodLabel(k.method), 3, keyFuncText, keyMinSide, keyFunc, k.nextMethod))
	var rows [][]*keyButton
	if tall {
		rows = [][]*keyButton{
			chars("1234567890", keyChar),
			chars("qwertyuiop", keyChar),
			row(chars("asdfghjkl", keyChar), chars("đ", keyExtra)),
			row(one(k.shiftKey), chars("zxcvbnm,", keyChar)),
			row(chars("ăâêôơư", keyExtra), chars(".", keyChar), one(word("backspace", 3, keyFunc, k.backspace))),
			row(one(k.methodKey), tones, chars("-/", keyChar)),
			{word("space", 6, keyFunc, func() { k.typeRune(' ') }), word("done", 4, keyDone, k.done)},
		}
	} else {
		rows = [][]*keyButton{
			row(chars("1234567890/", keyChar), one(word("backspace", 2, keyFunc, k.backspace))),
			row(chars("qwertyuiop", keyChar), chars("ăâđ", keyExtra)),
			row(chars("asdfghjkl", keyChar), chars("êôơư", keyExtra)),
			row(one(k.shiftKey), chars("zxcvbnm,.-", keyChar)),
			row(one(k.methodKey), tones, one(word("space", 3, keyFunc, func() { k.typeRune(' ') })), one(word("done", 2, keyDone, k.done))),
		}
	}
	k.letters = newKeyGrid(rows, 0)
	k.legend.setOneLine(!tall)
	k.lettersBox = container.NewBorder(k.legend.obj, nil, nil, nil, container.New(k.letters, k.letters.objects()...))
}

// SetTall chooses the tall letter layout (7 rows of 10 keys, about 700 px wide at
// least, for a keyboard beside the content) or the wide one (5 rows of 13 keys,
// about 910 px wide and 350 px tall at least, for a keyboard below the content).
// Shift, method and text carry over.
func (k *Keyboard) SetTall(on bool) {
	if on == k.tall {
		return
	}
	k.tall = on
	st, auto := k.shift, k.autoShift
	k.shift = shiftOff
	k.buildLetters(on)
	k.setShift(st)
	k.autoShift = auto
	if k.mode == ModeText {
		k.content.Objects = []fyne.CanvasObject{k.lettersBox}
		k.content.Refresh()
	}
}

// Tall reports whether the tall letter layout is in use.
func (k *Keyboard) Tall() bool { return k.tall }

func (k *Keyboard) buildPad() {
	k.padKeys = map[string]*keyButton{}
	digit := func(r rune, units float32) *keyButton {
		b := newKeyButton(string(r), string(r), units, keyPadText, keyPadMinH, keyChar, func() { k.typeRune(r) })
		k.padKeys[b.id] = b
		return b
	}
	word := func(id string, kind keyKind, tap func()) *keyButton {
		b := newKeyButton(id, keyboardLabel(id), 2, keyFuncText, keyPadMinH, kind, tap)
		k.padKeys[id] = b
		k.translatedKeys[b] = keyboardLabels[id]
		return b
	}
	rows := [][]*keyButton{
		{digit('1', 2), digit('2', 2), digit('3', 2), word("backspace", keyFunc, k.backspace)},
		{digit('4', 2), digit('5', 2), digit('6', 2), digit('/', 2)},
		{digit('7', 2), digit('8', 2), digit('9', 2), digit('-', 2)},
		{digit('0', 6), word("done", keyDone, k.done)},
	}
	k.pad = newKeyGrid(rows, 80) // a pad about 640 px wide at most, centred
}

// activity tells the screen a key was tapped.
func (k *Keyboard) activity() {
	if k.OnActivity != nil {
		k.OnActivity()
	}
}

// sync brings the engine up to date with the target, which may have changed
// without the keyboard; false when there is no target.
func (k *Keyboard) sync() bool {
	if k.target == nil {
		return false
	}
	if cur := k.target.Text(); cur != k.written {
		k.engine.SetText(cur)
		k.written = cur
	}
	return true
}

// flush writes the engine's text to the target if it differs.
func (k *Keyboard) flush() {
	if s := k.engine.Text(); s != k.target.Text() {
		k.target.SetText(s)
	}
	k.written = k.target.Text()
}

func (k *Keyboard) typeRune(r rune) {
	k.activity()
	if !k.sync() {
		return
	}
	if k.shift != shiftOff && unicode.IsLetter(r) {
		r = unicode.ToUpper(r)
		if k.shift == shiftOnce {
			k.setShift(shiftOff)
		}
	}
	switch k.mode {
	case ModeText:
		k.engine.Key(r)
	case ModeDate:
		k.date.SetText(k.engine.Text())
		k.date.Key(r)
		k.engine.SetText(k.date.Text())
	default: // pads and codes type keys as they are, even with VNI
		k.engine.SetMethod(typing.Plain)
		k.engine.Key(r)
		k.engine.SetMethod(k.method)
	}
	k.flush()
	k.autoCapital()
}

func (k *Keyboard) setTone(t typing.Tone) {
	k.activity()
	if k.mode != ModeText || !k.sync() {
		return
	}
	if k.engine.SetTone(t) {
		k.flush()
	}
}

func (k *Keyboard) backspace() {
	k.activity()
	if !k.sync() {
		return
	}
	if k.mode == ModeDate {
		k.date.SetText(k.engine.Text())
		if k.date.Backspace() || k.date.Text() != k.engine.Text() {
			k.engine.SetText(k.date.Text())
			k.flush()
		}
		return
	}
	if k.engine.Backspace() {
		k.flush()
	}
	k.autoCapital()
}

func (k *Keyboard) done() {
	k.activity()
	k.setShift(shiftOff)
	if k.OnDone != nil {
		k.OnDone()
	}
}

func (k *Keyboard) nextMethod() {
	k.activity()
	k.SetMethod(k.method.Next())
	if k.OnMethodChanged != nil {
		k.OnMethodChanged(k.method)
	}
}

// shiftState is off, on for the next letter, or locked.
type shiftState int

const (
	shiftOff shiftState = iota
	shiftOnce
	shiftLock
)

// toggleShift cycles off → once → locked → off.
func (k *Keyboard) toggleShift() {
	k.activity()
	k.setShift((k.shift + 1) % 3)
}

func (k *Keyboard) shiftLabel() string {
	if k.shift == shiftLock {
		return keyboardLabel("capslock")
	}
	return keyboardLabel("shift")
}

// SetCapitalizeWords turns automatic capitals at the start of each word on or off
// (on for names and addresses: "Nguyễn Văn An" from lower-case keys).
func (k *Keyboard) SetCapitalizeWords(on bool) {
	k.capWords = on
	k.autoCapital()
}

// autoCapital engages shift at the start of a word when capWords is on, and takes
// back a shift it engaged once the cursor is no longer at a word start.
func (k *Keyboard) autoCapital() {
	if k.shift == shiftLock || k.mode != ModeText {
		return
	}
	text := ""
	if k.target != nil {
		text = k.target.Text()
	}
	r, _ := utf8.DecodeLastRuneInString(text)
	atStart := text == "" || unicode.IsSpace(r)
	switch {
	case k.capWords && atStart && k.shift == shiftOff:
		k.setShift(shiftOnce)
		k.autoShift = true // after setShift, which clears it
	case k.autoShift && (!atStart || !k.capWords) && k.shift == shiftOnce:
		k.setShift(shiftOff)
	}
}

// setShift sets the shift state; the shift key and the letter labels follow it.
func (k *Keyboard) setShift(st shiftState) {
	k.autoShift = false
	if st == k.shift {
		return
	}
	k.shift = st
	on := st != shiftOff
	k.shiftKey.setActive(on)
	k.shiftKey.setLabel(k.shiftLabel())
	for id, b := range k.letterKeys {
		r, size := utf8.DecodeRuneInString(id)
		if size != len(id) || !unicode.IsLetter(r) || b.kind == keyFunc {
			continue
		}
		if on {
			b.setLabel(string(unicode.ToUpper(r)))
		} else {
			b.setLabel(id)
		}
	}
}
