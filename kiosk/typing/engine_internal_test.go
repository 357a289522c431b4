package typing

import "testing"

// Reset and SetText zero the buffer that held the previous text, so a resident's
// name does not linger in the kiosk's memory after the idle wipe.
func TestResetZeroesTheBuffer(t *testing.T) {
	e := NewEngine(Telex)
	for _, r := range "Nguyeenx Thij Ngocj Huwowngf" {
		e.Key(r)
	}
	buf := e.text[:cap(e.text)]
	e.Reset()
	for i, r := range buf {
		if r != 0 {
			t.Fatalf("rune %d of the old buffer is still %q after Reset", i, r)
		}
	}
	if e.Text() != "" {
		t.Errorf("text after Reset: %q", e.Text())
	}
}
