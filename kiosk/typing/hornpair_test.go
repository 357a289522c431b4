package typing_test

import (
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
)

// ư followed by o becomes ươ once the syllable goes on after the o, as Unikey does,
// in Telex and in VNI; ưo with nothing after it, and clusters where ươ is not
// Vietnamese, stay as typed.
func TestComposeHornPair(t *testing.T) {
	for _, c := range []struct {
		method     typing.Method
		keys, want string
	}{
		{typing.Telex, "dduwocj", "được"},
		{typing.Telex, "dduwojc", "được"},
		{typing.Telex, "nguwoif", "người"},
		{typing.Telex, "nguwofi", "người"},
		{typing.Telex, "truwong", "trương"},
		{typing.Telex, "Truwongf", "Trường"},
		{typing.Telex, "huwou", "hươu"},
		{typing.Telex, "muwowif", "mười"},
		{typing.Telex, "muwoif", "mười"},
		{typing.Telex, "tuwoi", "tươi"},
		{typing.Telex, "phuwocs", "phước"},
		{typing.Telex, "dduwowngf", "đường"},
		{typing.Telex, "THUWONG", "THƯƠNG"},
		{typing.Telex, "uwo", "ưo"},   // nothing after the o yet
		{typing.Telex, "tuwo", "tưo"}, // idem
		{typing.Telex, "uwoo", "ưoo"}, // not a Vietnamese cluster: as typed
		{typing.VNI, "d9u7oc5", "được"},
		{typing.VNI, "ngu7oi2", "người"},
		{typing.VNI, "Tru7ong2", "Trường"},
		{typing.VNI, "hu7ou", "hươu"},
		{typing.VNI, "u7o", "ưo"},
		{typing.Plain, "uwoc", "uwoc"},
	} {
		if got := typing.Compose(c.method, c.keys); got != c.want {
			t.Errorf("Compose(%v, %q) = %q, want %q", c.method, c.keys, got, c.want)
		}
	}
}

// Backspace after the completed ươ keeps it, and the engine goes on composing.
func TestHornPairBackspace(t *testing.T) {
	e := typing.NewEngine(typing.Telex)
	for _, r := range "dduwoc" {
		e.Key(r)
	}
	if e.Text() != "đươc" {
		t.Fatalf("text = %q, want đươc", e.Text())
	}
	e.Backspace()
	e.Key('n')
	e.Key('g')
	e.Key('f')
	if e.Text() != "đường" {
		t.Errorf("text = %q, want đường", e.Text())
	}
}
