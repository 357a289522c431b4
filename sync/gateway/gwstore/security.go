package gwstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrReplay: a request nonce this kiosk has already used within its validity window.
var ErrReplay = errors.New("gwstore: nonce already used (replay)")

// securitySchema holds the tables of request authentication and the dashboard's
// login throttling; the same text suits SQLite and PostgreSQL and is created with the
// rest of each store's schema, so every gateway on one PostgreSQL shares them.
const securitySchema = `
CREATE TABLE IF NOT EXISTS kiosk_nonces (
	kiosk_id   TEXT NOT NULL,
	nonce      TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	UNIQUE (kiosk_id, nonce) -- not PRIMARY KEY: SQLite reports that violation under another code
);
`

// UseNonce records that kiosk kioskID used nonce in a request whose signature stays
// valid until expires; it fails with ErrReplay when that kiosk used it before and the
// earlier use has not expired. Expired nonces of the kiosk are forgotten on the way:
// a request carrying one is refused for its stale timestamp anyway.
func (c *core) UseNonce(ctx context.Context, kioskID, nonce string, now, expires time.Time) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("use nonce: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM kiosk_nonces WHERE kiosk_id = ? AND expires_at < ?`), kioskID, micros(now)); err != nil {
		return fmt.Errorf("use nonce: %w", err)
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO kiosk_nonces(kiosk_id, nonce, expires_at) VALUES(?,?,?)`), kioskID, nonce, micros(expires)); err != nil {
		if c.d.isUnique(err) {
			return fmt.Errorf("kiosk %q: %w", kioskID, ErrReplay)
		}
		return fmt.Errorf("use nonce: %w", err)
	}
	if err := tx.Commit(); err != nil {
		if c.d.isUnique(err) {
			return fmt.Errorf("kiosk %q: %w", kioskID, ErrReplay)
		}
		return fmt.Errorf("use nonce: %w", err)
	}
	return nil
}
