package kiosk

import (
	"errors"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// feeTourSteps show the receipt of a level 4 dossier with a fee: the VietQR screen, the
// counter choice and the lookup ("not paid"), for `make screenshot`.
func feeTourSteps() []tourStep {
	return []tourStep{
		{"fee", func(u *UI) error {
			u.endSession()
			u.startSession()
			p, err := u.feeTourProcedure()
			if err != nil {
				return err
			}
			fields := map[string]string{}
			for _, f := range p.Form {
				fields[f.ID] = demoValue(f.Type, f.Choices)
			}
			ctx, cancel := u.opCtx()
			defer cancel()
			appl, err := u.parseCCCD(demoCCCD)
			if err != nil {
				return err
			}
			d, err := u.d.Store.SaveDossier(ctx, store.NewDossier{ProcedureCode: p.Code, Applicant: appl, Fields: fields, Language: u.lang})
			if err != nil {
				return err
			}
			u.sess.procedure, u.sess.receipt, u.sess.submitted = p, d, true
			u.showRoot(&receiptScreen{u: u, id: d.ID, d: d})
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
			l := &lookupScreen{u: u}
			u.show(l)
			l.entry.SetText(u.sess.receipt.ReceiptCode)
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
