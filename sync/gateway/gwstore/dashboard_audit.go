package gwstore

import (
	"context"
	"fmt"
	"time"
)

// StatusAudit records who moved a dossier on the dashboard (the dossier's own
// history holds what the resident sees: the status and the note).
type StatusAudit struct {
	DossierID string
	At        time.Time // the status change's time, as stored in the history
	Account   string
	From, To  string
}

// RecordStatusChange stores who made a status change.
func (c *core) RecordStatusChange(ctx context.Context, a StatusAudit) error {
	_, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO dash_status_audit(dossier_id, at, account, from_status, to_status) VALUES(?,?,?,?,?)`),
		a.DossierID, micros(a.At.UTC().Truncate(time.Microsecond)), a.Account, a.From, a.To)
	if err != nil {
		return fmt.Errorf("record status change of %s: %w", a.DossierID, err)
	}
	return nil
}

// StatusAudits lists who moved a dossier, oldest first.
func (c *core) StatusAudits(ctx context.Context, dossierID string) ([]StatusAudit, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT dossier_id, at, account, from_status, to_status FROM dash_status_audit
		WHERE dossier_id = ? ORDER BY at`), dossierID)
	if err != nil {
		return nil, fmt.Errorf("status changes of %s: %w", dossierID, err)
	}
	defer rows.Close()
	var out []StatusAudit
	for rows.Next() {
		var a StatusAudit
		var at int64
		if err := rows.Scan(&a.DossierID, &at, &a.Account, &a.From, &a.To); err != nil {
			return nil, fmt.Errorf("status changes of %s: %w", dossierID, err)
		}
		a.At = fromMicros(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
