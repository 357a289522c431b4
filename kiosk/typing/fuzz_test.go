package typing_test

import (
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

func checkText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("%s: invalid UTF-8 %q", what, s)
	}
	if !norm.NFC.IsNormalString(s) {
		t.Fatalf("%s: not NFC %q (%+q)", what, s, s)
	}
}

// FuzzCompose: Compose never panics and always returns valid NFC, whatever the keys;
// Plain returns the keys themselves (normalised).
func FuzzCompose(f *testing.F) {
	for _, c := range names {
		f.Add(c.telex)
		f.Add(c.vni)
	}
	f.Add("tooss ddd aaa uwow ww z0 \xff\u0301a\u0301")
	f.Add("Wilson O'Brien-Nguyễn 0909.123.456")
	f.Fuzz(func(t *testing.T, keys string) {
		for _, m := range []typing.Method{typing.Telex, typing.VNI, typing.Plain} {
			checkText(t, m.String(), typing.Compose(m, keys))
		}
		var rs []rune
		for _, r := range keys {
			rs = append(rs, r)
		}
		if got, want := typing.Compose(typing.Plain, keys), norm.NFC.String(string(rs)); got != want {
			t.Fatalf("Compose(Plain, %q) = %q, want %q", keys, got, want)
		}
	})
}

// FuzzEngine drives an engine with keys, backspaces (\b), resyncs (\x01) and method
// switches (\x02): no panic, valid NFC after every step, and a backspace always
// shortens a non-empty text.
func FuzzEngine(f *testing.F) {
	f.Add("Nguyeenx\b\bn\x02Ca6n2\x01\x02w\bw")
	f.Add("\b\b\x01uow\x02\x02\x02ddd")
	f.Fuzz(func(t *testing.T, ops string) {
		e := typing.NewEngine(typing.Telex)
		for _, r := range ops {
			switch r {
			case '\b':
				before := utf8.RuneCountInString(e.Text())
				removed := e.Backspace()
				after := utf8.RuneCountInString(e.Text())
				if removed != (before > 0) || (before > 0 && after >= before) {
					t.Fatalf("backspace: %d runes → %d (removed=%v)", before, after, removed)
				}
			case '\x01':
				e.SetText(e.Text())
			case '\x02':
				e.SetMethod(e.Method().Next())
			default:
				e.Key(r)
			}
			checkText(t, "engine", e.Text())
		}
	})
}
