package kiosk

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// identityScreen asks who the dossier is for: hold the CCCD's QR to the reader and the
// fields fill themselves, or type them on the keyboard.
type identityScreen struct {
	kit    kit
	nav    navigator
	kb     keyboardHost
	ops    ops
	flow   *flow.Flow
	hasQR  bool              // a QR reader is configured
	inputs map[string]*input // by applicant key
	order  []string
	status *widget.Label
	note   string // message key of the last reader event
	noteOK bool
}

func (s *identityScreen) id() screenID  { return scrIdentity }
func (s *identityScreen) title() string { return T("identity.title") }

// applicantFields are the identity questions as fields labelled in the current language.
func applicantFields() []catalog.Field {
	qs := flow.IdentityQuestions()
	out := make([]catalog.Field, len(qs))
	for i, q := range qs {
		out[i] = q.Field
		out[i].Label = T(q.LabelKey)
	}
	return out
}

func (s *identityScreen) build() fyne.CanvasObject {
	s.inputs = map[string]*input{}
	s.order = nil
	list := container.NewVBox()
	ready := false
	for _, f := range applicantFields() {
		in := s.kit.newInput(f, func() {
			if ready {
				s.flow.SetApplicant(s.collect())
			}
		})
		s.inputs[f.ID] = in
		s.order = append(s.order, f.ID)
		list.Add(in.obj)
	}
	s.fill(s.flow.Applicant())
	ready = true
	s.status = message("", widget.MediumImportance)
	s.showNote()
	qrHint := T("identity.qr_hint")
	if !s.hasQR {
		qrHint = T("identity.qr_missing")
	}
	hint := container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, bold(qrHint))
	next := s.kit.primary(T("common.next"), theme.NavigateNextIcon(), s.onNext)
	next.IconPlacement = widget.ButtonIconTrailingText
	panel := s.kit.narrowScrollPanel(list)
	top := container.NewVBox(box(colHeader, hint), s.status)
	return s.kb.withKeyboard(container.NewBorder(top, next, nil, nil, panel.obj), nil)
}

func (s *identityScreen) fill(a store.Applicant) {
	vals := map[string]string{"name": a.Name, "id_number": a.IDNumber, "dob": a.DOB, "sex": a.Sex, "address": a.Address, "phone": a.Phone}
	for k, v := range vals {
		if in := s.inputs[k]; in != nil {
			in.setValue(v)
		}
	}
}

func (s *identityScreen) showNote() {
	if s.note == "" {
		s.status.Hide()
		return
	}
	s.status.SetText(T(s.note))
	s.status.Importance = widget.DangerImportance
	if s.noteOK {
		s.status.Importance = widget.SuccessImportance
	}
	s.status.Show()
	s.status.Refresh()
}

// onQR fills the applicant from a CCCD, or says plainly what went wrong.
func (s *identityScreen) onQR(code string) {
	s.flow.SetApplicant(s.collect()) // the phone typed so far is kept
	switch err := s.flow.ApplyCCCD(code); {
	case errors.Is(err, flow.ErrReceiptQR):
		s.note, s.noteOK = "identity.qr_is_receipt", false
		s.showNote()
		return
	case err != nil:
		s.ops.logf("cccd: %v", err)
		s.note, s.noteOK = "identity.qr_bad", false
		s.showNote()
		return
	}
	s.fill(s.flow.Applicant())
	for _, in := range s.inputs {
		in.check()
	}
	s.note, s.noteOK = "identity.qr_ok", true
	s.showNote()
}

// nextEntry is the text field after e (the keyboard's "done" key moves there).
func (s *identityScreen) nextEntry(e *kioskEntry) *kioskEntry {
	return nextEntryOf(s.inputsInOrder(), e)
}

func (s *identityScreen) inputsInOrder() []*input {
	out := make([]*input, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, s.inputs[k])
	}
	return out
}

func (s *identityScreen) collect() store.Applicant {
	a := s.flow.Applicant()
	a.Name = s.inputs["name"].value()
	a.IDNumber = s.inputs["id_number"].value()
	a.DOB = s.inputs["dob"].stored()
	a.Sex = s.inputs["sex"].value()
	a.Address = s.inputs["address"].value()
	a.Phone = s.inputs["phone"].value()
	return a
}

func (s *identityScreen) onNext() {
	ok := true
	for _, k := range s.order {
		ok = s.inputs[k].check() && ok
	}
	s.flow.SetApplicant(s.collect())
	if !ok {
		s.note, s.noteOK = "identity.fix_errors", false
		s.showNote()
		return
	}
	s.nav.open(scrForm)
}
