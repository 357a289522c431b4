package kiosk

import (
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// keyboardRig is a keyboard under an entry in a headless window of kiosk size.
type keyboardRig struct {
	t     *testing.T
	k     *Keyboard
	entry *widget.Entry
	w     fyne.Window
}

func newKeyboardRig(t *testing.T, m typing.Method) *keyboardRig {
	t.Helper()
	test.NewTempApp(t)
	k := NewKeyboard(m)
	e := widget.NewEntry()
	w := test.NewTempWindow(t, container.NewBorder(e, nil, nil, nil, k))
	w.Resize(fyne.NewSize(1366, 768))
	k.Attach(e)
	return &keyboardRig{t: t, k: k, entry: e, w: w}
}

// key finds the key with id in the layout on show.
func (r *keyboardRig) key(id string) *keyButton {
	r.t.Helper()
	b, ok := r.k.shownKeys()[id]
	if !ok {
		r.t.Fatalf("no key %q (mode=%v)", id, r.k.Mode())
	}
	return b
}

// tap taps the keys that type s: letters and digits by their own key, an upper
// case letter as shift then the letter, ' ' as space, '\b' as backspace.
func (r *keyboardRig) tap(s string) {
	r.t.Helper()
	for _, c := range s {
		switch {
		case c == ' ':
			test.Tap(r.key("space"))
		case c == '\b':
			test.Tap(r.key("backspace"))
		case unicode.IsUpper(c):
			test.Tap(r.key("shift"))
			test.Tap(r.key(string(unicode.ToLower(c))))
		default:
			test.Tap(r.key(string(c)))
		}
	}
}

func (r *keyboardRig) wantText(want string) {
	r.t.Helper()
	if r.entry.Text != want {
		r.t.Fatalf("entry text = %q, want %q", r.entry.Text, want)
	}
}

func TestKeyboardTypesTelexIntoEntry(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	changes := 0
	r.entry.OnChanged = func(string) { changes++ }
	r.tap("Nguyeenx Thij Ngocj Huwowngf")
	r.wantText("Nguyễn Thị Ngọc Hường")
	if changes == 0 {
		t.Error("the entry's OnChanged never ran (search-as-you-type depends on it)")
	}
	if r.entry.CursorColumn != len([]rune(r.entry.Text)) {
		t.Errorf("cursor at column %d, want the end (%d)", r.entry.CursorColumn, len([]rune(r.entry.Text)))
	}
	r.tap(", Caafn Thow")
	r.wantText("Nguyễn Thị Ngọc Hường, Cần Thơ")
}

func TestKeyboardBackspaceRemovesOneComposedCharacter(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.tap("DDaf Nawngx")
	r.wantText("Đà Nẵng")
	r.tap("\b")
	r.wantText("Đà Nẵn")
	r.tap("\b\b")
	r.wantText("Đà N")
	r.tap("awngx")
	r.wantText("Đà Nẵng")
	r.tap("\b\b\b\b\b\b\b\b\b")
	r.wantText("")
}

func TestKeyboardShiftIsOneShot(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	shift := r.key("shift")
	test.Tap(shift)
	if r.k.shift != shiftOnce || !shift.active || r.key("b").label != "B" {
		t.Fatalf("after shift: engaged=%v highlighted=%v label of b=%q, want true true B", r.k.shift, shift.active, r.key("b").label)
	}
	r.tap("ba")
	r.wantText("Ba")
	if r.k.shift != shiftOff || shift.active || r.key("b").label != "b" {
		t.Errorf("shift still engaged after one letter (label of b %q)", r.key("b").label)
	}
	test.Tap(shift)
	r.tap("1 ") // digits and space leave shift for the next letter
	r.tap("ơ")  // the Vietnamese extras follow shift too
	r.wantText("Ba1 Ơ")
}

// Two taps on shift lock upper case until a third tap.
func TestKeyboardCapsLock(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	shift := r.key("shift")
	test.Tap(shift)
	test.Tap(shift)
	if r.k.shift != shiftLock || !shift.active || shift.label != lang.X("keyboard.capslock", "CHỮ HOA") {
		t.Fatalf("after two taps: state %v, highlighted %v, label %q; want locked", r.k.shift, shift.active, shift.label)
	}
	r.tap("traafn thij")
	r.wantText("TRẦN THỊ")
	test.Tap(shift)
	if r.k.shift != shiftOff || shift.active || shift.label != lang.X("keyboard.shift", "Chữ hoa") {
		t.Fatalf("after a third tap: state %v, label %q; want off", r.k.shift, shift.label)
	}
	r.tap("a")
	r.wantText("TRẦN THỊa")
}

// With capitals per word on (name fields), lower-case keys type a proper name.
func TestKeyboardCapitalizeWords(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.k.SetCapitalizeWords(true)
	if r.k.shift != shiftOnce {
		t.Fatal("shift not engaged at the start of an empty name field")
	}
	r.tap("nguyeenx vawn an")
	r.wantText("Nguyễn Văn An")
	r.tap("\b\b") // back to a word start: the next word is capitalised again
	r.wantText("Nguyễn Văn ")
	if r.k.shift != shiftOnce {
		t.Errorf("shift not engaged after backspacing to a word start")
	}
	r.tap("\b") // into the word: the automatic shift is taken back
	if r.k.shift != shiftOff {
		t.Errorf("shift still engaged in the middle of a word")
	}
	r.tap("n")
	r.wantText("Nguyễn Vănn")
	other := widget.NewEntry()
	r.k.SetCapitalizeWords(false)
	r.k.Attach(other)
	r.tap("abc")
	if other.Text != "abc" {
		t.Errorf("without capitals: %q, want abc", other.Text)
	}
}

func TestKeyboardMethodSwitch(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	var changed []typing.Method
	r.k.OnMethodChanged = func(m typing.Method) { changed = append(changed, m) }
	method := r.key("method")
	if method.label != lang.X("keyboard.method.telex", "Telex") {
		t.Errorf("method key shows %q, want Telex", method.label)
	}
	r.tap("Caafn ")
	test.Tap(method)
	if r.k.Method() != typing.VNI || method.label != lang.X("keyboard.method.vni", "VNI") {
		t.Fatalf("after one tap: method %v label %q, want VNI", r.k.Method(), method.label)
	}
	r.tap("Tho7 ")
	test.Tap(method)
	if r.k.Method() != typing.Plain || method.label != lang.X("keyboard.method.plain", "Không dấu") {
		t.Fatalf("after two taps: method %v label %q, want Không dấu", r.k.Method(), method.label)
	}
	r.tap("tooss")
	r.wantText("Cần Thơ tooss")
	test.Tap(method)
	if r.k.Method() != typing.Telex {
		t.Errorf("after three taps: %v, want Telex again", r.k.Method())
	}
	if len(changed) != 3 || changed[0] != typing.VNI || changed[1] != typing.Plain || changed[2] != typing.Telex {
		t.Errorf("OnMethodChanged got %v, want [vni plain telex]", changed)
	}
}

// The Vietnamese extras type their letter; the tone keys mark the word just typed.
func TestKeyboardVietnameseKeys(t *testing.T) {
	r := newKeyboardRig(t, typing.Plain) // they work without Telex or VNI
	r.tap("Th")
	test.Tap(r.key("ơ"))
	test.Tap(r.key("tone.grave"))
	r.wantText("Thờ")
	test.Tap(r.key("tone.grave")) // again: the tone comes off
	r.wantText("Thơ")
	r.tap(" Hoa")
	test.Tap(r.key("tone.grave"))
	r.wantText("Thơ Hòa")
	r.tap("ng\b\b") // plain typing does not move tones; the tone key places them
	test.Tap(r.key("tone.grave"))
	r.tap("ng")
	test.Tap(r.key("tone.grave"))
	r.wantText("Thơ Hoàng")
	test.Tap(r.key("tone.dot"))
	r.wantText("Thơ Hoạng")
	r.tap(" ")
	test.Tap(r.key("tone.acute")) // nothing to mark
	r.wantText("Thơ Hoạng ")
	test.Tap(r.key("đ"))
	r.wantText("Thơ Hoạng đ")
}

func TestKeyboardNumericPad(t *testing.T) {
	r := newKeyboardRig(t, typing.VNI)
	r.k.SetNumeric(true)
	if !r.k.Numeric() || len(r.k.content.Objects) != 1 || r.k.content.Objects[0] != r.k.padBox {
		t.Fatal("SetNumeric(true) did not put the pad on show")
	}
	r.entry.SetText("a") // even after a letter, VNI does not turn pad digits into marks
	r.tap("1")
	r.wantText("a1")
	r.entry.SetText("")
	r.tap("12/05/1960")
	r.wantText("12/05/1960")
	r.tap("\b\b")
	r.wantText("12/05/19")
	for _, id := range []string{"0", "5", "9", "backspace", "done"} {
		if b := r.key(id); b.textSize < 24 || (id != "backspace" && id != "done" && b.textSize < 36) {
			t.Errorf("pad key %q text size %v, want ≥ 36 for digits, ≥ 24 for words", id, b.textSize)
		}
	}
	if _, ok := r.k.padKeys["a"]; ok {
		t.Error("the numeric pad has letter keys")
	}
	r.k.SetNumeric(false)
	if r.k.content.Objects[0] != r.k.lettersBox {
		t.Fatal("SetNumeric(false) did not bring the letters back")
	}
	r.tap(" a1")
	r.wantText("12/05/19 á")
}

// A new field gets focus: the keyboard types there and composes on its text.
func TestKeyboardResyncsOnAttachAndOutsideChanges(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.tap("Traafn")
	other := widget.NewEntry()
	other.SetText("Cần Thơ")
	r.k.Attach(other)
	r.tap(" Vieetj")
	if other.Text != "Cần Thơ Việt" {
		t.Errorf("second field = %q, want %q", other.Text, "Cần Thơ Việt")
	}
	r.wantText("Trần")
	r.k.Attach(r.entry)
	r.entry.SetText("Lê") // e.g. filled from the CCCD reader
	r.tap("x")
	r.wantText("Lễ")
	r.k.Attach(nil)
	r.tap("abc\b") // no target: nothing happens, nothing panics
	r.wantText("Lễ")
}

// A generic target (not an entry) works through KeyTarget.
type textBox struct{ s string }

func (b *textBox) Text() string     { return b.s }
func (b *textBox) SetText(s string) { b.s = s }

func TestKeyboardTypesIntoAnyKeyTarget(t *testing.T) {
	r := newKeyboardRig(t, typing.VNI)
	box := &textBox{s: "Câ"}
	r.k.AttachTarget(box)
	r.tap("n2 Tho7")
	if box.s != "Cần Thơ" {
		t.Errorf("target = %q, want %q", box.s, "Cần Thơ")
	}
}

func TestKeyboardDoneAndActivity(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	done, activity := 0, 0
	r.k.OnDone = func() { done++ }
	r.k.OnActivity = func() { activity++ }
	r.tap("ab")
	test.Tap(r.key("done"))
	if done != 1 {
		t.Errorf("OnDone ran %d times, want 1", done)
	}
	if activity != 3 {
		t.Errorf("OnActivity ran %d times for 3 taps", activity)
	}
	if got := r.key("done").label; got != lang.X("keyboard.done", "Xong") || got == "" {
		t.Errorf("done key label %q", got)
	}
	r.k.SetNumeric(true)
	test.Tap(r.key("done"))
	if done != 2 {
		t.Errorf("the pad's done key did not call OnDone")
	}
}

// Every key is at least 64 px on each side with a label of at least 24 pt, in
// every layout, at the keyboard's own minimum size and on both kiosk screens
// (below the content or beside it).
func TestKeyboardKeySizes(t *testing.T) {
	test.NewTempApp(t)
	k := NewKeyboard(typing.Telex)
	w := test.NewTempWindow(t, k)
	for _, c := range []struct {
		name       string
		tall       bool
		mode       KeyboardMode
		maxW, maxH float32 // what the screens can give at least
		sizes      []fyne.Size
	}{
		{"wide", false, ModeText, 1000, 400, []fyne.Size{{Width: 1366, Height: 360}, {Width: 1920, Height: 400}}},
		// The tall layout is chosen on displays 900 px tall or more: its two-line
		// legend of the marks takes 600 of them at most.
		{"tall", true, ModeText, 760, 600, []fyne.Size{{Width: 760, Height: 520}, {Width: 1075, Height: 680}}},
		{"numeric", false, ModeNumeric, 760, 400, []fyne.Size{{Width: 1366, Height: 360}, {Width: 760, Height: 680}}},
		{"digits", false, ModeDigits, 760, 400, []fyne.Size{{Width: 1366, Height: 360}, {Width: 760, Height: 680}}},
		{"date", false, ModeDate, 760, 400, []fyne.Size{{Width: 1366, Height: 360}}},
		{"code", false, ModeCode, 1000, 400, []fyne.Size{{Width: 1366, Height: 360}, {Width: 760, Height: 680}}},
	} {
		k.SetTall(c.tall)
		k.SetMode(c.mode)
		keys := k.shownKeys()
		min := k.MinSize()
		t.Logf("%s: minimum size %v", c.name, min)
		if min.Width > c.maxW || min.Height > c.maxH {
			t.Errorf("%s: keyboard needs %v; the screens have %v×%v to give", c.name, min, c.maxW, c.maxH)
		}
		for _, size := range append(c.sizes, min) {
			size = size.Max(min)
			w.Resize(size)
			w.Content().Resize(size)
			for id, b := range keys {
				s := b.Size()
				if s.Width < keyMinSide || s.Height < keyMinSide {
					t.Errorf("%s at %v: key %q is %v, want ≥ 64×64", c.name, size, id, s)
				}
				if b.textSize < 24 {
					t.Errorf("%s: key %q label is %v pt, want ≥ 24", c.name, id, b.textSize)
				}
				if p := b.Position(); p.X < 0 || p.Y < 0 || p.X+s.Width > size.Width || p.Y+s.Height > size.Height {
					t.Errorf("%s at %v: key %q at %v size %v falls out of the keyboard", c.name, size, id, p, s)
				}
			}
		}
	}
}

// A key's least size follows its label: the size kept between frames is measured
// again when the label changes (automatic capitals and the method switch relabel keys).
func TestKeyMinSizeFollowsItsLabel(t *testing.T) {
	test.NewTempApp(t)
	b := newKeyButton("method", "VNI", 1, keyFuncText, keyMinSide, keyFunc, nil)
	test.NewTempWindow(t, b)
	short := b.MinSize()
	b.setLabel("Kiểu gõ Telex rất dài")
	long := b.MinSize()
	want := fyne.MeasureText(b.label, keyFuncText, fyne.TextStyle{Bold: true}).Width
	if long.Width <= short.Width || long.Width < want {
		t.Errorf("after a longer label the key asks for %v (before: %v), its label is %v wide", long, short, want)
	}
	b.setLabel("VNI")
	if again := b.MinSize(); again != short {
		t.Errorf("back to its first label the key asks for %v, want %v", again, short)
	}
}

// Both letter layouts have the same keys, and switching keeps shift and the text.
func TestKeyboardTallLayout(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	wide := map[string]bool{}
	for id := range r.k.letterKeys {
		wide[id] = true
	}
	r.tap("Nguye")
	test.Tap(r.key("shift"))
	r.k.SetTall(true)
	if !r.k.Tall() || r.k.shift != shiftOnce || !r.k.shiftKey.active || r.key("n").label != "N" {
		t.Fatalf("after SetTall: tall %v shift %v active %v label %q", r.k.Tall(), r.k.shift, r.k.shiftKey.active, r.key("n").label)
	}
	for id := range r.k.letterKeys {
		if !wide[id] {
			t.Errorf("key %q only in the tall layout", id)
		}
		delete(wide, id)
	}
	for id := range wide {
		t.Errorf("key %q missing from the tall layout", id)
	}
	if r.k.content.Objects[0] != r.k.lettersBox {
		t.Error("the tall layout is not on show")
	}
	r.tap("enx Thij")
	r.wantText("Nguyễn Thị") // the shifted e is a mark key: the letter keeps its case
	r.k.SetNumeric(true)
	r.k.SetTall(false) // while the pad shows: the pad stays
	if r.k.content.Objects[0] != r.k.padBox {
		t.Error("SetTall replaced the numeric pad")
	}
}

// The keyboard is focusable (so the desktop driver leaves the field's focus alone
// when a key is tapped); hardware keys sent to it type like taps.
func TestKeyboardHardwareKeys(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	var f fyne.Focusable = r.k
	for _, c := range "Caafn Thow" {
		f.TypedRune(c)
	}
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	r.wantText("Cần Th")
	done := false
	r.k.OnDone = func() { done = true }
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !done {
		t.Error("Return did not act as Xong")
	}
	r.k.SetNumeric(true)
	r.entry.SetText("")
	for _, c := range "0909x123" {
		f.TypedRune(c)
	}
	r.wantText("0909123")
}

// Reset (the idle wipe) leaves nothing of the session in the keyboard.
func TestKeyboardResetForgetsTheSession(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.k.SetCapitalizeWords(true)
	r.tap("nguyeenx")
	test.Tap(r.key("method"))
	r.k.SetNumeric(true)
	r.k.Reset()
	if r.k.engine.Text() != "" || r.k.written != "" || r.k.target != nil {
		t.Errorf("after Reset the keyboard still holds %q / %q / target %v", r.k.engine.Text(), r.k.written, r.k.target)
	}
	if r.k.Method() != typing.Telex || r.k.Numeric() || r.k.shift != shiftOff || r.k.capWords {
		t.Errorf("after Reset: method %v numeric %v shift %v capitals %v; want Telex, letters, off, off",
			r.k.Method(), r.k.Numeric(), r.k.shift, r.k.capWords)
	}
	r.tap("abc") // detached: nothing is typed anywhere
	r.wantText("Nguyễn")
	next := widget.NewEntry()
	r.k.Attach(next)
	r.tap("ddaf")
	if next.Text != "đà" {
		t.Errorf("typing after Reset and Attach: %q, want %q", next.Text, "đà")
	}
}
