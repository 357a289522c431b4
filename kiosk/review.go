package kiosk

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/store"
)

// reviewScreen shows everything before submitting, with a consent box that starts
// unticked; submit stays disabled until the resident ticks it.
type reviewScreen struct {
	u       *UI
	consent *widget.Check
	submit  *bigButton
	status  *widget.Label
	busy    bool
}

func (s *reviewScreen) name() string  { return "review" }
func (s *reviewScreen) title() string { return T("review.title") }

func (s *reviewScreen) build() fyne.CanvasObject {
	u := s.u
	sess := u.sess
	proc := sess.procedure
	a := sess.applicant
	info := container.NewVBox(
		subheading(u.fullProcName(proc)),
		bold(T("review.applicant")),
		kv(T("identity.name"), a.Name),
		kv(T("identity.id_number"), a.IDNumber),
		kv(T("identity.dob"), isoToDisplay(a.DOB)),
		kv(T("identity.address"), a.Address),
	)
	if a.Phone != "" {
		info.Add(kv(T("identity.phone"), a.Phone))
	}
	info.Add(bold(T("review.form")))
	for _, f := range proc.Form {
		v := sess.fields[f.ID]
		if f.Type == "date" {
			v = isoToDisplay(v)
		}
		if v == "" {
			v = "—"
		}
		info.Add(kv(u.fieldName(f), v))
	}
	if docs := proc.ScanDocuments(); len(docs) > 0 {
		info.Add(bold(T("review.documents")))
		for _, d := range docs {
			info.Add(text(fmt.Sprintf("• %s: %s", d.Name, T("scan.pages", Args("N", len(sess.pagesOf(d.ID)))))))
		}
	}
	panel := u.scrollPanel(info)

	s.consent = widget.NewCheck(T("review.consent"), nil)
	s.consent.Checked = sess.consent // kept across a language switch, never pre-ticked
	s.consent.OnChanged = func(on bool) {
		u.touch()
		sess.consent = on
		s.updateSubmit()
	}
	consentText := text(T("review.consent_detail"))
	consentText.SizeName = theme.SizeNameCaptionText
	s.submit = u.primary(T("review.submit"), theme.MailSendIcon(), s.onSubmit)
	s.submit.minH = 100
	s.status = message("", widget.DangerImportance)
	s.status.Hide()
	s.updateSubmit()
	consentBox := box(colHeader, container.NewVBox(bigCheck(s.consent), consentText))
	bottom := container.NewVBox(consentBox, s.status, s.submit)
	return container.NewBorder(nil, bottom, nil, nil, panel.obj)
}

// bigCheck gives the consent box a finger-sized row.
func bigCheck(c *widget.Check) fyne.CanvasObject {
	return container.New(fixedHeight{h: touchTarget}, c)
}

func (s *reviewScreen) updateSubmit() {
	if s.u.sess.consent && !s.busy {
		s.submit.Enable()
	} else {
		s.submit.Disable()
	}
}

// onSubmit saves the dossier locally first (the receipt is only shown once the store
// has it on disk), records usage without personal data, and wakes the uplink.
func (s *reviewScreen) onSubmit() {
	u := s.u
	sess := u.sess
	if !sess.consent || s.busy {
		return
	}
	s.busy = true
	s.updateSubmit()
	defer func() { s.busy = false }()
	pages, err := sess.pageInputs()
	if err != nil {
		u.logf("submit: %v", err)
		s.showError(err)
		return
	}
	nd := store.NewDossier{
		ProcedureCode: sess.procedure.Code,
		Applicant:     sess.applicant,
		Fields:        sess.fields,
		Pages:         pages,
		Language:      u.lang,
		AssistedBy:    sess.assistedBy,
	}
	ctx, cancel := u.opCtx()
	d, err := u.d.Store.SaveDossier(ctx, nd)
	cancel()
	if err != nil {
		u.logf("save dossier: %v", err)
		s.showError(err)
		return
	}
	sess.submitted = true
	sess.receipt = d
	sess.consent = false // a next dossier asks for consent afresh
	u.record(store.EvDossierSubmitted, d.ProcedureCode, 0)
	if len(pages) > 0 {
		u.record(store.EvPagesScanned, d.ProcedureCode, len(pages))
	}
	// The store has its own copies now: the session's temp pages go.
	sess.clearPages()
	if u.d.Uplink != nil {
		u.d.Uplink.Kick()
	}
	u.strip.refresh()
	u.showRoot(&receiptScreen{u: u, id: d.ID, d: d})
}

func (s *reviewScreen) showError(err error) {
	s.status.SetText(s.u.plainError(err))
	s.status.Show()
	s.busy = false
	s.updateSubmit()
}
