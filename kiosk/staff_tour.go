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
		d := u.desk
		if d.bo == nil {
			return nil, errors.New("no back office on this store")
		}
		return d, nil
	}
	stats := func(tab statsTab) func(u *UI) error {
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
		{"staff-corner", func(u *UI) error {
			c := u.staffCorner()
			if c == nil {
				return errors.New("no staff corner")
			}
			c.MouseDown(nil)
			c.stopTicker() // the tour holds the ring still, two thirds full, for its picture
			c.advance(c.start.Add(c.hold * 2 / 3))
			return nil
		}},
		{"staff-pin", func(u *UI) error {
			d, err := desk(u)
			if err != nil {
				return err
			}
			if c := u.staffCorner(); c != nil {
				c.release()
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
