package typing_test

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

func typeKeys(e *typing.Engine, keys string) {
	for _, r := range keys {
		e.Key(r)
	}
}

func TestEngineTypesOneKeyAtATime(t *testing.T) {
	e := typing.NewEngine(typing.Telex)
	steps := []struct {
		key  rune
		want string
	}{
		{'H', "H"}, {'u', "Hu"}, {'w', "Hư"}, {'o', "Hưo"}, {'w', "Hươ"},
		{'n', "Hươn"}, {'g', "Hương"}, {'f', "Hường"}, {' ', "Hường "}, {'C', "Hường C"},
	}
	for _, s := range steps {
		e.Key(s.key)
		if got := e.Text(); got != s.want {
			t.Fatalf("after %q: %q, want %q", s.key, got, s.want)
		}
	}
}

// Backspace removes one composed character, whatever number of keys made it.
func TestEngineBackspaceRemovesOneComposedCharacter(t *testing.T) {
	for _, c := range []struct {
		method     typing.Method
		keys       string
		backspaces int
		want       string
	}{
		{typing.Telex, "Nguyeenx", 1, "Nguyễ"},
		{typing.Telex, "Nguyeenx", 2, "Nguy"},
		{typing.Telex, "DD", 1, ""},
		{typing.Telex, "ddeej", 1, "đ"},
		{typing.Telex, "Huwowngf", 2, "Hườ"},
		{typing.Telex, "Huwowngf", 3, "Hư"},
		{typing.Telex, "Caafn Thow", 4, "Cần"},
		{typing.VNI, "Nguye6n4", 1, "Nguyễ"},
		{typing.VNI, "D9o64", 1, "Đ"},
		{typing.Plain, "ab", 1, "a"},
	} {
		e := typing.NewEngine(c.method)
		typeKeys(e, c.keys)
		for range c.backspaces {
			if !e.Backspace() {
				t.Fatalf("%v %q: Backspace reported nothing to remove", c.method, c.keys)
			}
		}
		if got := e.Text(); got != c.want {
			t.Errorf("%v %q then %d backspaces = %q, want %q", c.method, c.keys, c.backspaces, got, c.want)
		}
	}
}

// After a backspace, composition goes on with what is left.
func TestEngineComposesAfterBackspace(t *testing.T) {
	for _, c := range []struct {
		keys, more, want string
		backspaces       int
	}{
		{"Nguyeenx", "n", "Nguyễn", 1},
		{"Huwowngf", "ng", "Hường", 2},
		{"Hoangf", "", "Hòa", 2}, // Hoàng → Hòa: the tone follows the cluster's rule
		{"Toanf", "", "Tòa", 1},
		{"tooss", "s", "tố", 1},
		{"w", "w", "ư", 1}, // the lone-w memory does not survive a backspace
	} {
		e := typing.NewEngine(typing.Telex)
		typeKeys(e, c.keys)
		for range c.backspaces {
			e.Backspace()
		}
		typeKeys(e, c.more)
		if got := e.Text(); got != c.want {
			t.Errorf("%q, %d backspaces, then %q = %q, want %q", c.keys, c.backspaces, c.more, got, c.want)
		}
	}
}

func TestEngineBackspaceOnEmpty(t *testing.T) {
	e := typing.NewEngine(typing.Telex)
	if e.Backspace() {
		t.Error("Backspace on empty text reported a removal")
	}
	if e.Text() != "" {
		t.Errorf("text = %q, want empty", e.Text())
	}
}

// SetText resynchronises with a field that changed behind the engine's back.
func TestEngineSetTextResync(t *testing.T) {
	e := typing.NewEngine(typing.Telex)
	typeKeys(e, "Traafn")
	e.SetText("Cần Thơ")
	typeKeys(e, " Vieetj")
	if got, want := e.Text(), "Cần Thơ Việt"; got != want {
		t.Errorf("after SetText and typing: %q, want %q", got, want)
	}
	// composition continues on a word the field already had
	e.SetText("Nguyê")
	typeKeys(e, "nx")
	if got, want := e.Text(), "Nguyễn"; got != want {
		t.Errorf("continuing a set word: %q, want %q", got, want)
	}
	// decomposed text (e.g. pasted) is normalised
	e.SetText("Nguye\u0302\u0303n")
	if got, want := e.Text(), "Nguyễn"; got != want {
		t.Errorf("SetText(decomposed) = %q, want NFC %q", got, want)
	}
	e.SetText("bad \xff utf8")
	if got, want := e.Text(), "bad \uFFFD utf8"; got != want {
		t.Errorf("SetText(invalid) = %q, want %q", got, want)
	}
	e.Reset()
	if e.Text() != "" {
		t.Errorf("after Reset: %q", e.Text())
	}
}

func TestEngineSwitchesMethodMidText(t *testing.T) {
	e := typing.NewEngine(typing.VNI)
	typeKeys(e, "Ca6n2")
	e.SetMethod(typing.Telex)
	typeKeys(e, " Thow ")
	e.SetMethod(typing.Plain)
	typeKeys(e, "Thow")
	if got, want := e.Text(), "Cần Thơ Thow"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
	if e.Method() != typing.Plain {
		t.Errorf("Method() = %v, want plain", e.Method())
	}
}

func TestEngineToneStyles(t *testing.T) {
	for _, c := range []struct{ keys, classic, modern string }{
		{"hoaf", "hòa", "hoà"},
		{"thuyr", "thủy", "thuỷ"},
		{"khoer", "khỏe", "khoẻ"},
		{"Binhf Thuyr", "Bình Thủy", "Bình Thuỷ"},
		{"hoangf", "hoàng", "hoàng"},
		{"Huyfnh", "Huỳnh", "Huỳnh"},
		{"quys", "quý", "quý"},
		{"muaf", "mùa", "mùa"},
		{"hofa", "hòa", "hoà"},
	} {
		for _, s := range []struct {
			style typing.ToneStyle
			want  string
		}{{typing.ClassicTones, c.classic}, {typing.ModernTones, c.modern}} {
			e := typing.NewEngine(typing.Telex)
			e.SetToneStyle(s.style)
			typeKeys(e, c.keys)
			if got := e.Text(); got != s.want {
				t.Errorf("style %d %q = %q, want %q", s.style, c.keys, got, s.want)
			}
		}
	}
}

// A combining mark typed as a key (e.g. from a hardware keyboard) composes.
func TestEngineKeepsNFCWithCombiningKeys(t *testing.T) {
	e := typing.NewEngine(typing.Plain)
	e.Key('a')
	e.Key('\u0301')
	if got := e.Text(); got != "á" {
		t.Errorf("a + U+0301 = %q, want %q", got, "á")
	}
	e.Key('x')
	e.Key('\u0323') // dot below on x has no precomposed form: kept, and removed with x
	if !e.Backspace() || e.Text() != "á" {
		t.Errorf("backspace over x+U+0323 left %q, want %q", e.Text(), "á")
	}
}

// SetTone is the keyboard's tone keys: the tone goes where the rules say, a second
// tap removes it, and a word that cannot take a tone is left alone.
func TestEngineSetTone(t *testing.T) {
	for _, c := range []struct {
		method typing.Method
		keys   string
		tones  []typing.Tone
		want   string
		ok     bool
	}{
		{typing.Plain, "Nguyen", []typing.Tone{typing.Tilde}, "Nguyẽn", true},
		{typing.Telex, "Nguyeen", []typing.Tone{typing.Tilde}, "Nguyễn", true},
		{typing.Telex, "Hoang", []typing.Tone{typing.Grave}, "Hoàng", true},
		{typing.Telex, "Hoa", []typing.Tone{typing.Grave}, "Hòa", true},
		{typing.Telex, "Huwowng", []typing.Tone{typing.Grave}, "Hường", true},
		{typing.VNI, "Tho7", []typing.Tone{typing.Acute, typing.Grave}, "Thờ", true},
		{typing.Telex, "Thij", []typing.Tone{typing.Dot}, "Thi", true},
		{typing.Telex, "Thij", []typing.Tone{typing.Level}, "Thi", true},
		{typing.Telex, "Cần ", []typing.Tone{typing.Acute}, "Cần ", false},
		{typing.Telex, "nh", []typing.Tone{typing.Acute}, "nh", false},
		{typing.Plain, "Wilson", []typing.Tone{typing.Acute}, "Wilson", false},
		{typing.Telex, "", []typing.Tone{typing.Acute}, "", false},
	} {
		e := typing.NewEngine(c.method)
		e.SetText(c.keys) // set, not typed, for Plain and the pre-composed cases alike
		if c.method != typing.Plain && c.keys != "Cần " {
			e.Reset()
			typeKeys(e, c.keys)
		}
		var ok bool
		for _, tn := range c.tones {
			ok = e.SetTone(tn)
		}
		if got := e.Text(); got != c.want || ok != c.ok {
			t.Errorf("%v %q + tones %v = %q, %v; want %q, %v", c.method, c.keys, c.tones, got, ok, c.want, c.ok)
		}
	}
}

// Long texts stay NFC as marks arrive one by one, including a combining sequence
// longer than the part the engine renormalises.
func TestEngineNFCOnLongText(t *testing.T) {
	for _, keys := range []string{
		strings.Repeat("x ", 60) + "a\u0301",
		"a" + strings.Repeat("\u0323\u0301\u0302", 20) + "b",
		strings.Repeat("ê", 40) + "\u0301\u0323",
		strings.Repeat("\u1100\u1161", 30) + "\u11A8", // Hangul jamo compose into syllables
	} {
		got := typing.Compose(typing.Plain, keys)
		if want := norm.NFC.String(keys); got != want {
			t.Errorf("Compose(Plain, %+q) = %+q, want %+q", keys, got, want)
		}
	}
}
