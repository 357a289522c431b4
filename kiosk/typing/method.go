package typing

// Method is a way of typing Vietnamese on a keyboard without Vietnamese keys.
type Method int

// The input methods. The order is the order a method switch cycles through
// (see Next), starting with the default, Telex.
const (
	Telex Method = iota // letters: aa â, aw ă, ee ê, oo ô, ow ơ, uw ư, dd đ; s f r x j tones; z no tone
	VNI                 // digits: 6 â ê ô, 7 ơ ư, 8 ă, 9 đ; 1 2 3 4 5 tones; 0 no tone
	Plain               // no composition: every key is typed as it is
)

// String names the method (used in logs and settings, not shown to residents).
func (m Method) String() string {
	switch m {
	case Telex:
		return "telex"
	case VNI:
		return "vni"
	case Plain:
		return "plain"
	}
	return "unknown"
}

// Next is the method after m in the switch cycle Telex → VNI → Plain → Telex.
func (m Method) Next() Method {
	switch m {
	case Telex:
		return VNI
	case VNI:
		return Plain
	}
	return Telex
}

// ToneStyle chooses where the tone goes on the open clusters oa, oe and uy.
type ToneStyle int

// The tone styles; ClassicTones is the default.
const (
	ClassicTones ToneStyle = iota // hòa, khỏe, thủy
	ModernTones                   // hoà, khoẻ, thuỷ
)

// Compose types keys with method m, one rune after the other, and returns the text
// (NFC) with the classic tone style. Invalid UTF-8 in keys becomes U+FFFD.
func Compose(m Method, keys string) string {
	e := NewEngine(m)
	for _, r := range keys {
		e.Key(r)
	}
	return e.Text()
}
