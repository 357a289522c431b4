package kiosk

import (
	"errors"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
)

// feeTourSteps show the receipt of a level 4 dossier with a fee: the VietQR screen, the
// counter choice and the lookup ("not paid"), for `make screenshot`.
func feeTourSteps() []tourStep {
	return []tourStep{
		{"fee", func(u *UI) error {
			u.endSession()
			u.startSession("")
			p, err := u.feeTourProcedure()
			if err != nil {
				return err
			}
			// Filed through the flow, as the touchscreen files it.
			ctx, cancel := u.opCtx()
			defer cancel()
			f := u.flow
			f.Choose(ctx, p)
			if err := f.ApplyCCCD(demoCCCD); err != nil {
				return err
			}
			for _, q := range f.FormQuestions() {
				f.AnswerField(q.Field.ID, demoValue(q.Field.Type, q.Field.Choices))
			}
			f.SetConsent(true)
			d, err := f.Submit(ctx)
			if err != nil {
				return err
			}
			u.openNewReceipt(d) // and its slip prints, as after "Nộp hồ sơ"
			return nil
		}},
		{"fee-counter", func(u *UI) error {
			r, ok := u.cur.(*receiptScreen)
			if !ok {
				return errors.New("not on the receipt")
			}
			r.atCounter = true
			u.render()
			return nil
		}},
		{"fee-lookup", func(u *UI) error {
			u.open(scrLookup)
			l := u.cur.(*lookupScreen)
			l.entry.SetText(u.flow.Receipt().ReceiptCode)
			l.onFind()
			return nil
		}},
	}
}

// feeTourProcedure finds a level 4 procedure whose fee always applies.
func (u *UI) feeTourProcedure() (*catalog.Procedure, error) {
	ctx, cancel := u.opCtx()
	defer cancel()
	fields, err := u.d.Store.Fields(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		ps, err := u.d.Store.ProceduresByField(ctx, f.Name)
		if err != nil {
			return nil, err
		}
		for _, s := range ps {
			if s.Level != int(catalog.Level4) {
				continue
			}
			p, err := u.d.Store.Procedure(ctx, s.Code)
			if err != nil {
				return nil, err
			}
			if due, _ := fee.Due(p, nil, u.d.Now()); due > 0 {
				return p, nil
			}
		}
	}
	return nil, errors.New("no level 4 procedure with a fee in the catalog")
}
