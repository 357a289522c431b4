package kiosk

import (
	"github.com/cantho-kiosk/kiosk/kiosk/flow"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formScreen is the procedure's own form: every field type of the catalog, the
// applicant's values filled in from the identity step, problems shown next to each field.
type formScreen struct {
	kit    kit
	nav    navigator
	kb     keyboardHost
	flow   *flow.Flow
	inputs []*input
	status *widget.Label
}

func (s *formScreen) id() screenID  { return scrForm }
func (s *formScreen) title() string { return T("form.title") }

func (s *formScreen) build() fyne.CanvasObject {
	s.inputs = nil
	list := container.NewVBox(bold(s.kit.fullProcName(s.flow.Procedure())))
	ready := false
	for _, q := range s.flow.FormQuestions() {
		q := q
		var in *input
		in = s.kit.newInput(q.Field, func() {
			if ready {
				s.flow.Answer(q, in.stored())
			}
		})
		in.setValue(s.flow.Value(q))
		s.inputs = append(s.inputs, in)
		list.Add(in.obj)
	}
	ready = true
	s.status = message(T("form.fix_errors"), widget.DangerImportance)
	s.status.Hide()
	next := s.kit.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	next.IconPlacement = widget.ButtonIconTrailingText
	panel := s.kit.narrowScrollPanel(list)
	hint := text(T("form.hint"))
	hint.SizeName = theme.SizeNameCaptionText
	top := container.NewVBox(hint, s.status)
	return s.kb.withKeyboard(container.NewBorder(top, next, nil, nil, panel.obj), nil)
}

func (s *formScreen) nextEntry(e *kioskEntry) *kioskEntry { return nextEntryOf(s.inputs, e) }

func (s *formScreen) onNext() {
	ok := true
	for _, in := range s.inputs {
		ok = in.check() && ok
		s.flow.AnswerField(in.field.ID, in.stored())
	}
	if !ok {
		s.status.Show()
		return
	}
	if s.flow.After(flow.StepForm) == flow.StepScan {
		s.nav.open(scrScan)
		return
	}
	s.nav.open(scrReview)
}
