package kiosk

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// formScreen is the procedure's own form: every field type of the catalog, the
// applicant's values filled in from the identity step, problems shown next to each field.
type formScreen struct {
	u      *UI
	inputs []*input
	status *widget.Label
}

func (s *formScreen) name() string  { return "form" }
func (s *formScreen) title() string { return T("form.title") }

func (s *formScreen) build() fyne.CanvasObject {
	u := s.u
	proc := u.sess.procedure
	s.inputs = nil
	list := container.NewVBox(bold(u.fullProcName(proc)))
	ready := false
	for _, f := range proc.Form {
		f := f
		var in *input
		in = u.newInput(f, func() {
			if ready {
				u.sess.fields[f.ID] = in.stored()
			}
		})
		v, ok := u.sess.fields[f.ID]
		if !ok && f.Applicant != "" {
			v = u.sess.applicant.Value(f.Applicant)
			if v != "" {
				u.sess.fields[f.ID] = v
			}
		}
		in.setValue(v)
		s.inputs = append(s.inputs, in)
		list.Add(in.obj)
	}
	ready = true
	s.status = message(T("form.fix_errors"), widget.DangerImportance)
	s.status.Hide()
	next := u.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	next.IconPlacement = widget.ButtonIconTrailingText
	panel := u.narrowScrollPanel(list)
	hint := text(T("form.hint"))
	hint.SizeName = theme.SizeNameCaptionText
	top := container.NewVBox(hint, s.status)
	return u.withKeyboard(container.NewBorder(top, next, nil, nil, panel.obj), nil)
}

func (s *formScreen) nextEntry(e *kioskEntry) *kioskEntry { return nextEntryOf(s.inputs, e) }

func (s *formScreen) onNext() {
	ok := true
	for _, in := range s.inputs {
		ok = in.check() && ok
		s.u.sess.fields[in.field.ID] = in.stored()
	}
	if !ok {
		s.status.Show()
		return
	}
	if len(s.u.sess.procedure.ScanDocuments()) > 0 {
		s.u.show(&scanScreen{u: s.u})
		return
	}
	s.u.show(&reviewScreen{u: s.u})
}
