package kiosk

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

// questionScreen asks one question of the dossier (the flow's cursor): the question in
// large type at the top, its help under it, the answer right below, the keyboard that
// fits the field beside them (never over them), "Quay lại" and "Tiếp tục" at the
// bottom and "Câu 4/12" above. A choice is a row of big buttons: a tap answers and
// moves on. The walk itself (what is skipped, where an edit from the review returns)
// is the flow's.
//
// A catalog group's questions (closely related short fields) share one screen under
// the group's title (question_group.go): each labelled answer in its own frame, the
// one being answered highlighted with the keyboard its own; "Tiếp tục" moves to the
// screen's next answer, then to the next screen.
type questionScreen struct {
	kit    kit
	nav    navigator
	kb     keyboardHost
	ops    ops
	flow   *flow.Flow
	hasQR  bool // a QR reader is configured
	q      flow.Question
	in     *input
	status *widget.Label
	// A group's screen: its answers, in form order, and their scroll.
	members []*member
	scroll  *container.Scroll
}

func (s *questionScreen) id() screenID { return scrQuestion }

func (s *questionScreen) title() string {
	if s.flow.Procedure() == nil {
		return T("form.title")
	}
	return s.kit.fullProcName(s.flow.Procedure())
}

// questionLabel is the question in the resident's language (identity questions carry
// a translation key, the catalog's fields their own labels).
func (k kit) questionLabel(q flow.Question) string {
	if q.Identity {
		return T(q.LabelKey)
	}
	return k.fieldName(q.Field)
}

func (s *questionScreen) build() fyne.CanvasObject {
	q, ok := s.flow.Current()
	if !ok { // back from the scan or the review: ask the last question again
		if s.flow.PrevQuestion() != flow.StepQuestion {
			return container.NewVBox()
		}
		q, _ = s.flow.Current()
	}
	s.members, s.scroll = nil, nil
	if screen := s.flow.Screen(); len(screen) > 1 {
		return s.buildGroup(screen)
	}
	s.q = q
	f := q.Field
	if q.Identity {
		f.Label = T(q.LabelKey)
	}
	ready := false
	var in *input
	in = s.kit.newInput(f, func() {
		if !ready {
			return
		}
		s.flow.Answer(s.q, in.stored())
		if in.pick != nil { // a tap on a choice answers and moves on
			s.next(s.flow.NextQuestion)
		}
	})
	s.in = in
	in.setValue(s.flow.Value(q))
	ready = true

	n, of := s.flow.Progress()
	step := text(T("question.step", Args("N", n, "Of", of)))
	step.SizeName = theme.SizeNameCaptionText
	label := heading(s.kit.questionLabel(q))
	top := container.NewVBox(step, label)
	if help := s.kit.fieldHelp(f); help != "" {
		h := text(help)
		h.SizeName = "helperText"
		top.Add(h)
	}
	if q.Identity && !s.flow.FromCCCD() {
		hint := T("identity.qr_hint_one")
		if !s.hasQR {
			hint = T("identity.qr_missing")
		}
		top.Add(box(colHeader, container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, text(hint))))
	}
	var ctrl fyne.CanvasObject = in.pick.objOrNil()
	if in.entry != nil {
		ctrl = in.entry
	}
	s.status = message("", widget.MediumImportance)
	s.status.Hide()
	answer := container.NewVBox(ctrl, in.err, s.status)

	prev := s.kit.button(T("common.back"), theme.NavigateBackIcon(), s.onPrev)
	next := s.kit.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	next.IconPlacement = widget.ButtonIconTrailingText
	buttons := container.NewGridWithColumns(2, prev, next)
	content := container.NewBorder(top, buttons, nil, nil, container.NewVScroll(answer))
	if in.entry == nil {
		return content // choices need no keyboard: the whole width is theirs
	}
	s.kb.focus(in.entry)
	return s.kb.withKeyboard(content, nil)
}

func (c *choiceInput) objOrNil() fyne.CanvasObject {
	if c == nil {
		return nil
	}
	return c.obj
}

// onKeyboardDone: the keyboard's "done" key is "Tiếp tục".
func (s *questionScreen) onKeyboardDone() { s.onNext() }

func (s *questionScreen) onNext() {
	if p := s.flow.Answer(s.q, s.in.stored()); !p.OK() {
		s.in.check()
		return
	}
	fromReview := s.flow.Reviewing()
	before := s.flow.Cursor()
	step, same := s.flow.Advance()
	if !same {
		s.move(step, fromReview)
		return
	}
	// The next answer of this screen, or back to one that still has a problem.
	m := s.memberAt(s.flow.Cursor())
	if m == nil {
		return
	}
	s.activate(m)
	if s.flow.Cursor() < before {
		m.in.check()
	}
}

func (s *questionScreen) onPrev() {
	if s.in != nil && s.in.value() != "" {
		s.flow.Answer(s.q, s.in.stored()) // kept, checked when it is asked again
	}
	s.next(s.flow.PrevQuestion)
}

// next walks on with the flow's walk (NextQuestion, PrevQuestion, FirstQuestion) and
// shows where it went.
func (s *questionScreen) next(walk func() flow.Step) {
	fromReview := s.flow.Reviewing()
	s.move(walk(), fromReview)
}

// move shows the step the flow went to: the next question in place of this one (the
// header's back still leads to the procedure's page), the scan, or the review.
func (s *questionScreen) move(step flow.Step, fromReview bool) {
	switch step {
	case flow.StepQuestion:
		s.nav.swap(scrQuestion)
	case flow.StepReview:
		if fromReview { // the review opened this question: it is the screen under it
			s.nav.back()
			return
		}
		s.nav.open(scrReview)
	case flow.StepScan:
		s.nav.open(scrScan)
	case flow.StepDetail:
		s.nav.back()
	}
}

// onQR fills the applicant from a CCCD held to the reader on any question and walks
// on from the first question the card did not answer.
func (s *questionScreen) onQR(code string) {
	if s.in != nil && s.in.value() != "" {
		s.flow.Answer(s.q, s.in.stored())
	}
	err := s.flow.ApplyCCCD(code)
	switch {
	case errors.Is(err, flow.ErrReceiptQR):
		s.say("identity.qr_is_receipt", false)
		return
	case err != nil:
		s.ops.logf("cccd: %v", err)
		s.say("identity.qr_bad", false)
		return
	}
	if !s.q.Identity {
		s.say("identity.qr_ok_later", true)
		return
	}
	s.next(s.flow.FirstQuestion)
}

func (s *questionScreen) say(key string, good bool) {
	s.status.SetText(T(key))
	s.status.Importance = widget.DangerImportance
	if good {
		s.status.Importance = widget.SuccessImportance
	}
	s.status.Show()
	s.status.Refresh()
}
