package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// tapKey taps the on-screen key with the given id ("a", "backspace", ...).
func (h *harness) tapKey(id string) {
	h.t.Helper()
	var key *keyButton
	walk(h.w.Canvas().Content(), func(o fyne.CanvasObject) bool {
		if k, ok := o.(*keyButton); ok && k.id == id {
			key = k
			return true
		}
		return false
	})
	if key == nil {
		h.t.Fatalf("no key %q on screen %q", id, h.ui.current())
	}
	test.Tap(key)
}

// On a question's screen the keyboard comes with the question, beside it, and types
// composed Vietnamese (Telex) into the answer, with a capital at the start of each
// word of a name; the numeric pad comes for the CCCD number.
func TestKeyboardComesWithTheFieldAndComposes(t *testing.T) {
	h := newHarness(t, nil)
	h.startBirth()
	s := h.asking("name")
	if h.ui.kbdSide == nil || !h.ui.kbdSide.Visible() {
		t.Fatal("the keyboard must come with a typed question")
	}
	for _, k := range []string{"n", "g", "u", "y", "e", "e", "n", "x", "space", "a", "n"} {
		h.tapKey(k)
	}
	if got := s.in.value(); got != "Nguyễn An" {
		t.Fatalf("typed %q, want %q", got, "Nguyễn An")
	}
	h.tapKey("backspace")
	if got := s.in.value(); got != "Nguyễn A" {
		t.Fatalf("after backspace %q", got)
	}
	h.answer("name", "Nguyễn An")
	h.asking("id_number")
	if k, ok := h.ui.kbd.(*Keyboard); !ok || k.Mode() != ModeDigits {
		t.Fatal("the CCCD number wants the digits pad")
	}
	h.answer("id_number", "092158001234")
	// The birth registration's form uses the applicant's name and CCCD only: the
	// applicant's date of birth, sex and address are not asked; the child's are.
	h.answer("phone", "0901234567")
	h.answer("ten_tre", "Nguyễn Bình An")
	s = h.asking("ngay_sinh_tre")
	if k := h.ui.kbd.(*Keyboard); k.Mode() != ModeDate {
		t.Fatalf("a date wants the date pad, got mode %v", k.Mode())
	}
	for _, k := range []string{"5", "0", "3", "2", "0", "2", "6"} {
		h.tapKey(k) // 5 can only start the day 05
	}
	if got := s.in.value(); got != "05/03/2026" {
		t.Fatalf("date typed as digits gives %q, want 05/03/2026", got)
	}
	for range 4 { // the child's name, the phone, the CCCD number, the name
		h.tapText("Quay lại")
	}
	h.asking("name")
	if k := h.ui.kbd.(*Keyboard); k.Mode() != ModeText {
		t.Fatalf("back on the name the letters must come back, got mode %v", k.Mode())
	}
}

// Every person's name on the form (not only the applicant's) gets a capital on each
// word as it is typed; the child's date of birth comes on the date pad.
func TestFormNameFieldsCapitalise(t *testing.T) {
	h := newHarness(t, nil)
	h.toForm()
	s := h.asking("ten_tre")
	for _, k := range []string{"n", "g", "u", "y", "e", "e", "n", "x", "space", "a", "n"} {
		h.tapKey(k)
	}
	if got := s.in.value(); got != "Nguyễn An" {
		t.Fatalf("child's name typed as %q, want Nguyễn An", got)
	}
	h.tapText("Tiếp tục")
	s = h.asking("ngay_sinh_tre")
	for _, k := range []string{"1", "2", "1", "1", "2", "0", "2", "6"} {
		h.tapKey(k)
	}
	if got := s.in.value(); got != "12/11/2026" {
		t.Fatalf("child's date of birth typed as %q, want 12/11/2026", got)
	}
}
