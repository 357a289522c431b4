package kiosk

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/assets"
	"github.com/cantho-kiosk/kiosk/kiosk/typing"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// The code keyboard types letters and digits as they are: the receipt code "aswdd"
// that Telex turns into "ắdd" stays ASWDD; it has no marks, tones or composition.
func TestKeyboardCodeModeDoesNotCompose(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.k.SetMode(ModeCode)
	if r.k.content.Objects[0] != r.k.codeBox {
		t.Fatal("SetMode(ModeCode) did not put the code keys on show")
	}
	for _, id := range []string{"A", "S", "W", "D", "D"} {
		test.Tap(r.key(id))
	}
	r.wantText("ASWDD")
	for _, id := range []string{"-", "7", "0", "O", "W"} {
		test.Tap(r.key(id))
	}
	r.wantText("ASWDD-70OW")
	test.Tap(r.key("backspace"))
	r.wantText("ASWDD-70O")
	for _, id := range []string{"ă", "đ", "tone.acute", "shift", "method", "a"} {
		if _, ok := r.k.codeKeys[id]; ok {
			t.Errorf("the code keyboard has key %q", id)
		}
	}
	// Hardware keys: letters come out as capitals, nothing composes, the rest is refused.
	r.entry.SetText("")
	for _, c := range "zjdk-prek đ/" {
		r.k.TypedRune(c)
	}
	r.wantText("ZJDK-PREK")
	// Back to text: composition again, with the method it had.
	r.k.SetMode(ModeText)
	r.entry.SetText("")
	r.tap("aswdd")
	r.wantText("ắdd")
}

// The digits pad has ten digits, delete and done, and nothing else.
func TestKeyboardDigitsMode(t *testing.T) {
	r := newKeyboardRig(t, typing.VNI)
	r.k.SetMode(ModeDigits)
	var ids []string
	for id := range r.k.digitKeys {
		ids = append(ids, id)
	}
	if len(ids) != 12 {
		t.Errorf("digits pad keys %v, want 0–9, backspace, done", ids)
	}
	r.entry.SetText("a") // VNI does not turn pad digits into tones
	r.tap("1")
	r.wantText("a1")
	r.entry.SetText("")
	r.tap("092158001234")
	r.wantText("092158001234")
	r.tap("\b")
	r.wantText("09215800123")
	r.k.TypedRune('/')
	r.k.TypedRune('x')
	r.k.TypedRune('4')
	r.wantText("092158001234")
	for _, id := range []string{"/", "-", "a"} {
		if _, ok := r.k.digitKeys[id]; ok {
			t.Errorf("the digits pad has key %q", id)
		}
	}
}

// The date pad puts the slashes in as digits are typed, and delete takes a digit
// (and its slash) back.
func TestKeyboardDateMode(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.k.SetMode(ModeDate)
	if r.k.content.Objects[0] != r.k.digitBox {
		t.Fatal("SetMode(ModeDate) did not put the digits pad on show")
	}
	for _, c := range []struct{ keys, want string }{
		{"0", "0"},
		{"5", "05/"},
		{"0", "05/0"},
		{"3", "05/03/"},
		{"1958", "05/03/1958"},
		{"7", "05/03/1958"}, // full
		{"\b", "05/03/195"},
		{"\b\b\b", "05/03/"},
		{"\b", "05/0"},
	} {
		r.tap(c.keys)
		r.wantText(c.want)
	}
	// A field that holds a date with one-digit parts is read back in padded.
	r.entry.SetText("5/3/195")
	r.tap("8")
	r.wantText("05/03/1958")
	r.entry.SetText("")
	r.tap("\b")
	r.wantText("")
	r.k.TypedRune('/')
	r.k.TypedRune('7')
	r.wantText("07/")
}

// A form field's type chooses its keyboard.
func TestFieldKeyboardMode(t *testing.T) {
	for ft, want := range map[catalog.FieldType]KeyboardMode{
		catalog.Text: ModeText, catalog.LongText: ModeText, catalog.Choice: ModeText,
		catalog.Number: ModeDigits, catalog.Phone: ModeDigits, catalog.CCCD: ModeDigits,
		catalog.Date: ModeDate,
	} {
		if got := fieldKeyboardMode(ft); got != want {
			t.Errorf("fieldKeyboardMode(%s) = %v, want %v", ft, got, want)
		}
	}
}

// The legend of how to type the marks is on show with the letters, follows the
// method and the language, and every key it names does what it says.
func TestKeyboardLegend(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	if !r.k.legend.obj.Visible() || r.k.lettersBox.Objects[1] != r.k.legend.obj {
		t.Fatal("the legend is not above the letters")
	}
	legend := r.k.LegendText()
	for _, want := range []string{"aa→â", "ow→ơ", "dd→đ", "s sắc", "f huyền", "r hỏi", "x ngã", "j nặng"} {
		if !strings.Contains(legend, want) {
			t.Errorf("Telex legend %q lacks %q", legend, want)
		}
	}
	// Every "keys→letter" pair of each legend composes as it says.
	for _, m := range []typing.Method{typing.Telex, typing.VNI} {
		r.k.SetMethod(m)
		marks := strings.Fields(strings.Split(r.k.LegendText(), "\n")[0])
		if len(marks) != 7 {
			t.Errorf("%v legend marks %v, want 7 pairs", m, marks)
		}
		for _, pair := range marks {
			keys, letter, ok := strings.Cut(pair, "→")
			if !ok || typing.Compose(m, keys) != letter {
				t.Errorf("%v legend says %q, but %q composes %q", m, pair, keys, typing.Compose(m, keys))
			}
		}
		tones := strings.Fields(strings.Split(r.k.LegendText(), "\n")[1])
		for i := 0; i+1 < len(tones); i += 2 {
			if got := typing.Compose(m, "a"+tones[i]); got == "a"+tones[i] {
				t.Errorf("%v legend: tone key %q does nothing on a", m, tones[i])
			}
		}
	}
	if !strings.Contains(r.k.LegendText(), "1 sắc") {
		t.Errorf("VNI legend %q", r.k.LegendText())
	}
	test.Tap(r.key("method")) // VNI → Plain
	if r.k.Method() != typing.Plain || !strings.Contains(r.k.LegendText(), "Không dấu") {
		t.Errorf("plain legend %q", r.k.LegendText())
	}
	// English: the tones line shows what each key does to a vowel, and it does it.
	tr, err := loadTranslations(assets.Translations())
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.use("en"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tr.use("vi") })
	r.k.SetMethod(typing.Telex)
	r.k.Refresh()
	got := strings.Split(r.k.LegendText(), "\n")
	if got[0] != "aa→â aw→ă ee→ê oo→ô ow→ơ uw→ư dd→đ" || !strings.Contains(got[1], "as→á") {
		t.Fatalf("English Telex legend %q", got)
	}
	for _, pair := range strings.Fields(got[1]) {
		keys, letter, _ := strings.Cut(pair, "→")
		if typing.Compose(typing.Telex, keys) != letter {
			t.Errorf("English legend says %q, but %q composes %q", pair, keys, typing.Compose(typing.Telex, keys))
		}
	}
}

// The tone keys act on the word being typed, whatever the method: a tone placed,
// replaced by another, taken off by the same key again; not in the pads.
func TestKeyboardToneKeysActOnTheWord(t *testing.T) {
	r := newKeyboardRig(t, typing.Plain)
	r.tap("Nguyen Hoang")
	test.Tap(r.key("tone.grave"))
	r.wantText("Nguyen Hoàng")
	test.Tap(r.key("tone.acute"))
	r.wantText("Nguyen Hoáng")
	test.Tap(r.key("tone.acute"))
	r.wantText("Nguyen Hoang")
	r.k.SetMethod(typing.Telex)
	r.tap(" dduwoc")
	test.Tap(r.key("tone.dot"))
	r.wantText("Nguyen Hoang được")
	r.k.SetMode(ModeCode)
	r.k.setTone(typing.Acute)
	r.wantText("Nguyen Hoang được")
}

// The privacy wipe's Reset brings the letters back and forgets a half-typed date.
func TestKeyboardResetLeavesThePads(t *testing.T) {
	r := newKeyboardRig(t, typing.Telex)
	r.k.SetMode(ModeDate)
	r.tap("0503")
	r.k.Reset()
	if r.k.Mode() != ModeText || r.k.content.Objects[0] != r.k.lettersBox {
		t.Fatalf("after Reset the keyboard is in mode %v", r.k.Mode())
	}
	other := &textBox{}
	r.k.AttachTarget(other)
	r.k.SetMode(ModeDate)
	r.k.TypedRune('1')
	if other.s != "1" {
		t.Errorf("a new date starts empty, got %q", other.s)
	}
}
