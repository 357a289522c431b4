package kiosk

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// reviewScreen shows everything before submitting, with a consent box that starts
// unticked; submit stays disabled until the resident ticks it.
type reviewScreen struct {
	kit     kit
	nav     navigator
	ops     ops
	flow    *flow.Flow
	saved   func() // a dossier was saved: wake the uplink, redraw the strip
	consent *widget.Check
	submit  *bigButton
	status  *widget.Label
	busy    bool
}

func (s *reviewScreen) id() screenID  { return scrReview }
func (s *reviewScreen) title() string { return T("review.title") }

func (s *reviewScreen) build() fyne.CanvasObject {
	f := s.flow
	proc := f.Procedure()
	// Exactly the identity values that are sent: those the procedure's form uses (the
	// store keeps no others, see store.SaveDossier).
	keys := proc.ApplicantKeys()
	info := container.NewVBox(subheading(s.kit.fullProcName(proc)), bold(T("review.applicant")))
	formShown := false
	for i, q := range f.Questions() {
		if q.Identity && !keys[q.Field.ID] {
			continue
		}
		if !q.Identity && !formShown {
			formShown = true
			info.Add(bold(T("review.form")))
		}
		info.Add(s.answerRow(i, q))
	}
	if docs := proc.ScanDocuments(); len(docs) > 0 {
		info.Add(bold(T("review.documents")))
		for _, d := range docs {
			info.Add(text(fmt.Sprintf("• %s: %s", d.Name, T(one(len(f.PagesOf(d.ID)), "scan.pages_one", "scan.pages"), Args("N", len(f.PagesOf(d.ID)))))))
		}
	}
	panel := s.kit.scrollPanel(info)

	// The box alone, its sentence a wrapped label beside it: a check's own text does not
	// wrap, and beside "Nộp hồ sơ" at 1280 px the English sentence would be cut.
	s.consent = widget.NewCheck("", nil)
	s.consent.Checked = f.Consent() // kept across a language switch, never pre-ticked
	s.consent.OnChanged = func(on bool) {
		s.kit.touch()
		f.SetConsent(on)
		if on {
			f.SetConsentText(consentVersion(f.Language())) // recorded with the dossier
		}
		s.updateSubmit()
	}
	consentText := text(T("review.consent_detail"))
	consentText.SizeName = theme.SizeNameCaptionText
	s.submit = s.kit.primary(T("review.submit"), theme.MailSendIcon(), s.onSubmit)
	s.submit.minH = 100
	s.status = message("", widget.DangerImportance)
	s.status.Hide()
	s.updateSubmit()
	// The whole consent row (box, sentence and its detail) is one target.
	sentence := container.NewVBox(tight(text(T("review.consent"))), tight(consentText))
	box0 := container.NewVBox(container.New(fixedHeight{h: 40}, s.consent)) // level with the sentence's first line
	consentBox := newTapRow(box(colHeader, container.NewBorder(nil, nil, box0, nil, sentence)), func() {
		s.consent.SetChecked(!s.consent.Checked)
	})
	// "Nộp hồ sơ" beside the consent, not under it: at 1366×768 the answers keep the
	// room of two more rows (narrow enough for the consent's one line at 1280 px).
	submit := container.New(atLeastWide{w: submitWidth}, s.submit)
	bottom := container.NewVBox(container.NewBorder(nil, nil, nil, submit, consentBox), s.status)
	return container.NewBorder(nil, bottom, nil, nil, panel.obj)
}

// submitWidth is the review's "Nộp hồ sơ" button's width beside the consent.
const submitWidth = 260

// atLeastWide lays its content out at least w wide, filling its space.
type atLeastWide struct{ w float32 }

func (l atLeastWide) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, l.w)
	return s
}

func (l atLeastWide) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// answerRow is one answer with "Sửa" beside it: the tap opens that question, and
// "Tiếp tục" there comes back here.
func (s *reviewScreen) answerRow(i int, q flow.Question) fyne.CanvasObject {
	v := s.flow.Value(q)
	switch {
	case q.Field.Type == catalog.Date:
		v = flow.DisplayDate(v)
	case q.Field.Applicant == "sex" || q.Field.ID == "sex":
		v = sexLabel(v)
	}
	if v == "" {
		v = "—"
	}
	edit := s.kit.button(T("review.edit"), theme.DocumentCreateIcon(), func() {
		if s.flow.EditQuestion(i) == flow.StepQuestion {
			s.nav.open(scrQuestion)
		}
	})
	return container.NewBorder(nil, nil, nil, edit, kv(s.kit.questionLabel(q), v))
}

func (s *reviewScreen) updateSubmit() {
	if s.flow.Consent() && !s.busy {
		s.submit.Enable()
	} else {
		s.submit.Disable()
	}
}

// onSubmit files the dossier through the flow (checked as the gateway checks it, saved
// locally first: the receipt is only shown once the store has it on disk) and wakes
// the uplink.
func (s *reviewScreen) onSubmit() {
	if !s.flow.Consent() || s.busy {
		return
	}
	s.busy = true
	s.updateSubmit()
	defer func() { s.busy = false }()
	ctx, cancel := s.ops.ctx()
	d, err := s.flow.Submit(ctx)
	cancel()
	var invalid *flow.InvalidError
	switch {
	case errors.As(err, &invalid):
		s.ops.logf("submit refused: %s", invalid.Message)
		s.showMessage(invalid.Message)
		return
	case err != nil:
		s.ops.logf("submit: %v", err)
		s.showMessage(s.ops.plain(err))
		return
	}
	s.saved()
	s.nav.openNewReceipt(d)
}

func (s *reviewScreen) showMessage(msg string) {
	s.status.SetText(msg)
	s.status.Show()
	s.busy = false
	s.updateSubmit()
}
