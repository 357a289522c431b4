package gwstore

import (
	"context"
	"fmt"
)

// SetAccountDisabled disables or re-enables a dashboard account. Disabling ends its
// sessions in the same transaction, so a signed-in browser is out at its next
// request. ErrNotFound when no such account.
func (c *core) SetAccountDisabled(ctx context.Context, name string, disabled bool) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("account %q: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, c.q(`UPDATE dash_accounts SET disabled = ? WHERE name = ?`), boolInt(disabled), name)
	if err != nil {
		return fmt.Errorf("account %q: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("account %q: %w", name, err)
	} else if n == 0 {
		return fmt.Errorf("account %q: %w", name, ErrNotFound)
	}
	if disabled {
		if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM dash_sessions WHERE account = ?`), name); err != nil {
			return fmt.Errorf("account %q: end sessions: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("account %q: %w", name, err)
	}
	return nil
}
