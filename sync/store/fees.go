package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// keyCatalogPayees holds the fee accounts of the imported catalog (JSON).
const keyCatalogPayees = "catalog.payees"

func setPayees(ctx context.Context, tx *sql.Tx, ys []catalog.Payee) error {
	b, err := json.Marshal(ys)
	if err != nil {
		return err
	}
	return setSetting(ctx, tx, keyCatalogPayees, string(b))
}

// Payees returns the fee accounts that came with the catalog (the gateway sends a kiosk
// those of its commune); none before a catalog with payees is imported.
func (s *Store) Payees(ctx context.Context) ([]catalog.Payee, error) {
	v, err := s.Setting(ctx, keyCatalogPayees)
	if err != nil || v == "" {
		return nil, err
	}
	var ys []catalog.Payee
	if err := json.Unmarshal([]byte(v), &ys); err != nil {
		return nil, fmt.Errorf("store: payees: %w", err)
	}
	return ys, nil
}

// Fee is a dossier's level 4 fee: what it owes and what the gateway says was paid.
type Fee struct {
	DueVND  int64
	PaidVND int64
	Payment string // "" (nothing known to be paid), paid, underpaid or overpaid
	PaidDay string // the local day the kiosk learnt it was paid
}

// Settled reports whether the fee is paid in full (paid or overpaid).
func (f Fee) Settled() bool { return f.Payment == fee.Paid || f.Payment == fee.Overpaid }

// saveFeeDue records, with the dossier, the fee it owes (a level 4 procedure with fees
// that apply to its answers on its filing day).
func (s *Store) saveFeeDue(ctx context.Context, tx *sql.Tx, p *catalog.Procedure, d *Dossier, now time.Time) error {
	due, _ := fee.Due(p, d.Fields, now.In(s.loc))
	if due <= 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO fees(dossier_id, due_vnd, updated_at) VALUES(?,?,?)`, d.ID, due, unixMilli(now))
	return err
}

// DossierFee returns the fee of a dossier; ErrNotFound when it owes none.
func (s *Store) DossierFee(ctx context.Context, id string) (Fee, error) {
	var f Fee
	err := s.db.QueryRowContext(ctx, `SELECT due_vnd, paid_vnd, payment, paid_day FROM fees WHERE dossier_id = ?`, id).
		Scan(&f.DueVND, &f.PaidVND, &f.Payment, &f.PaidDay)
	if errors.Is(err, sql.ErrNoRows) {
		return Fee{}, fmt.Errorf("store: fee of %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Fee{}, fmt.Errorf("store: fee of %s: %w", id, err)
	}
	return f, nil
}

// SetRemoteFee stores the fee the gateway reports for a dossier. changed is false when
// nothing differs. A dossier the kiosk recorded no fee for gets one when the gateway
// says one is due. The day it becomes settled counts in the fees collected that day.
func (s *Store) SetRemoteFee(ctx context.Context, id string, fs wire.FeeStatus) (changed bool, err error) {
	if fs.DueVND <= 0 && fs.PaidVND <= 0 {
		return false, nil
	}
	now := s.now()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var old Fee
		err := tx.QueryRowContext(ctx, `SELECT due_vnd, paid_vnd, payment, paid_day FROM fees WHERE dossier_id = ?`, id).
			Scan(&old.DueVND, &old.PaidVND, &old.Payment, &old.PaidDay)
		if errors.Is(err, sql.ErrNoRows) {
			old = Fee{}
		} else if err != nil {
			return err
		}
		nf := Fee{DueVND: fs.DueVND, PaidVND: fs.PaidVND, Payment: fs.Payment, PaidDay: old.PaidDay}
		if nf.DueVND <= 0 {
			nf.DueVND = old.DueVND
		}
		if nf.Settled() && nf.PaidDay == "" {
			nf.PaidDay = now.In(s.loc).Format("2006-01-02")
		}
		if nf == old {
			return nil
		}
		changed = true
		_, err = tx.ExecContext(ctx, `INSERT INTO fees(dossier_id, due_vnd, paid_vnd, payment, paid_day, updated_at) VALUES(?,?,?,?,?,?)
			ON CONFLICT(dossier_id) DO UPDATE SET due_vnd = excluded.due_vnd, paid_vnd = excluded.paid_vnd,
			payment = excluded.payment, paid_day = excluded.paid_day, updated_at = excluded.updated_at`,
			id, nf.DueVND, nf.PaidVND, nf.Payment, nf.PaidDay, unixMilli(now))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: set fee of %s: %w", id, err)
	}
	return changed, nil
}

// FeesCollected sums, per local day from..to (inclusive YYYY-MM-DD), the fees paid for
// this kiosk's dossiers, counted on the day the kiosk learnt they were paid.
func (s *Store) FeesCollected(ctx context.Context, from, to string) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT paid_day, SUM(paid_vnd) FROM fees WHERE paid_day != '' AND paid_day BETWEEN ? AND ?
		GROUP BY paid_day`, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: fees collected: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var day string
		var sum int64
		if err := rows.Scan(&day, &sum); err != nil {
			return nil, fmt.Errorf("store: fees collected: %w", err)
		}
		out[day] = sum
	}
	return out, rows.Err()
}
