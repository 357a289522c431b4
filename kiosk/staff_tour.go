package kiosk

import (
	"errors"

	"github.com/cantho-kiosk/kiosk/kiosk/access"
)

// backOfficeTourSteps show the staff and officials' screens in the screenshot tour. The
// tour signs in without a PIN (it drives the UI directly); the figures are whatever the
// tour's own demo session recorded.
func backOfficeTourSteps() []tourStep {
	desk := func(u *UI) (*desk, error) {
		d := u.desk()
		if d == nil || d.bo == nil {
			return nil, errors.New("no back office on this store")
		}
		return d, nil
	}
	stats := func(tab string) func(u *UI) error {
		return func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			s, ok := d.screen.(*statsView)
			if !ok {
				return errors.New("statistics not shown")
			}
			s.tab = tab
			s.build()
			return nil
		}
	}
	return []tourStep{
		{"staff-pin", func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			d.showPINPad()
			return nil
		}},
		{"staff-queue", func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			d.signIn(access.Staff)
			return nil
		}},
		{"official-summary", func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			d.signOut()
			d.signIn(access.Official)
			return nil
		}},
		{"official-chart", stats(tabChart)},
		{"official-procedures", stats(tabProcedures)},
		{"official-export", stats(tabExport)},
		{"back-office-end", func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			d.signOut()
			return nil
		}},
	}
}
