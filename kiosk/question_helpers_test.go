package kiosk

import (
	"fyne.io/fyne/v2/test"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// question is the question screen shown (the test fails elsewhere).
func (h *harness) question() *questionScreen {
	h.t.Helper()
	s, ok := h.ui.cur.(*questionScreen)
	if !ok {
		h.t.Fatalf("on %v, want a question", h.ui.current())
	}
	return s
}

// asking checks the question shown is the field id (a form field or an applicant key).
func (h *harness) asking(id string) *questionScreen {
	h.t.Helper()
	s := h.question()
	if s.q.Field.ID != id {
		h.t.Fatalf("asking %q, want %q", s.q.Field.ID, id)
	}
	return s
}

// answer types v (display form) as the answer to question id and taps "Tiếp tục"; a
// choice is tapped instead.
func (h *harness) answer(id, v string) {
	h.t.Helper()
	s := h.asking(id)
	if s.in.pick != nil {
		h.tapText(v)
		return
	}
	s.in.setValue(v)
	h.tapText("Tiếp tục")
}

// sampleAnswer is a valid answer for a field of type t.
func sampleAnswer(f catalog.Field) string {
	switch f.Type {
	case catalog.Date:
		return "14/11/2025"
	case catalog.Number:
		return "2"
	case catalog.Phone:
		return "0912345678"
	case catalog.CCCD:
		return "092158001234"
	case catalog.Choice:
		return f.Choices[0]
	case catalog.LongText:
		return ""
	}
	return "Trần Minh Khôi"
}

// answerRest answers every question still asked with vals (by field id) or a valid
// sample, until the walk leaves the questions.
func (h *harness) answerRest(vals map[string]string) {
	h.t.Helper()
	for i := 0; i < 100 && h.ui.current() == scrQuestion; i++ {
		s := h.question()
		v, ok := vals[s.q.Field.ID]
		if !ok {
			v = sampleAnswer(s.q.Field)
		}
		if s.in.pick != nil {
			for j, c := range s.in.pick.choices {
				if c == v {
					test.Tap(s.in.pick.buttons[j])
				}
			}
			continue
		}
		s.in.setValue(v)
		h.tapText("Tiếp tục")
	}
}
