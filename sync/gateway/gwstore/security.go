package gwstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"
)

// ErrReplay: a request nonce this kiosk has already used within its validity window.
var ErrReplay = errors.New("gwstore: nonce already used (replay)")

// securitySchema holds the tables of request authentication and the dashboard's
// login throttling (a schema template, schema.go), created with the rest of the
// store's schema, so every gateway on one PostgreSQL shares them.
const securitySchema = `
CREATE TABLE IF NOT EXISTS kiosk_nonces (
	kiosk_id   TEXT NOT NULL,
	nonce      TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	UNIQUE (kiosk_id, nonce) -- not PRIMARY KEY: SQLite reports that violation under another code
);
CREATE TABLE IF NOT EXISTS dash_login_failures (
	key          TEXT PRIMARY KEY,
	failures     BIGINT NOT NULL,
	last_failure BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS dash_login_failures_last ON dash_login_failures(last_failure);
CREATE TABLE IF NOT EXISTS dash_view_audit (
	dossier_id TEXT NOT NULL,
	at         BIGINT NOT NULL,
	account    TEXT NOT NULL,
	what       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dash_view_audit_dossier ON dash_view_audit(dossier_id);
CREATE TABLE IF NOT EXISTS kiosk_pages (
	kiosk_id TEXT NOT NULL,
	sha256   TEXT NOT NULL,
	UNIQUE (kiosk_id, sha256)
);
`

// UseNonce records that kiosk kioskID used nonce in a request whose signature stays
// valid until expires; it fails with ErrReplay when that kiosk used it before and the
// earlier use has not expired. One statement (one commit) per request; expired nonces
// are swept every noncePurgeEvery calls: a request carrying one is refused for its
// stale timestamp anyway.
func (c *core) UseNonce(ctx context.Context, kioskID, nonce string, now, expires time.Time) error {
	if nonceCalls.Add(1)%noncePurgeEvery == 0 {
		if _, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM kiosk_nonces WHERE expires_at < ?`), micros(now)); err != nil {
			return fmt.Errorf("use nonce: sweep: %w", err)
		}
	}
	res, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO kiosk_nonces(kiosk_id, nonce, expires_at) VALUES(?,?,?) ON CONFLICT DO NOTHING`),
		kioskID, nonce, micros(expires))
	if err != nil {
		return fmt.Errorf("use nonce: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("use nonce: %w", err)
	} else if n == 0 {
		return fmt.Errorf("kiosk %q: %w", kioskID, ErrReplay)
	}
	return nil
}

// noncePurgeEvery: expired nonces are deleted once per this many UseNonce calls.
const noncePurgeEvery = 256

var nonceCalls atomic.Uint64

// LoginFailures is the failed sign-ins counted under one throttling key.
type LoginFailures struct {
	Failures int
	Last     time.Time
}

// LoginFailures returns the counters of keys (absent keys are left out). The
// dashboard decides what a key is (an account name, a name and an address).
func (c *core) LoginFailures(ctx context.Context, keys []string) (map[string]LoginFailures, error) {
	out := map[string]LoginFailures{}
	for _, k := range keys {
		var n, last int64
		err := c.rw.QueryRowContext(ctx, c.q(`SELECT failures, last_failure FROM dash_login_failures WHERE key = ?`), k).Scan(&n, &last)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("login failures: %w", err)
		}
		out[k] = LoginFailures{Failures: int(n), Last: fromMicros(last)}
	}
	return out, nil
}

// RecordLoginFailure counts one failed sign-in at time at under each key. A count
// whose last failure is older than window starts again from one; counters older than
// window are dropped on the way, so the table stays small whatever an attacker sends.
func (c *core) RecordLoginFailure(ctx context.Context, keys []string, at time.Time, window time.Duration) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM dash_login_failures WHERE last_failure < ?`), micros(at.Add(-window))); err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dash_login_failures(key, failures, last_failure) VALUES(?, 1, ?)
			ON CONFLICT(key) DO UPDATE SET failures = dash_login_failures.failures + 1, last_failure = excluded.last_failure`), k, micros(at)); err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record login failure: %w", err)
	}
	return nil
}

// ClearLoginFailures forgets the counters of keys (a successful sign-in).
func (c *core) ClearLoginFailures(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if _, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM dash_login_failures WHERE key = ?`), k); err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
	}
	return nil
}

// ClaimPage records that kiosk kioskID holds the page sha (it uploaded the bytes).
// created is false when it had already. Page bytes are stored once whoever sends
// them; a kiosk sees (HEAD), and attaches to its dossiers, only the pages it claimed,
// so it cannot probe for or reuse another kiosk's scans by their hash.
func (c *core) ClaimPage(ctx context.Context, kioskID, sha string) (created bool, err error) {
	res, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO kiosk_pages(kiosk_id, sha256) VALUES(?,?) ON CONFLICT DO NOTHING`), kioskID, sha)
	if err != nil {
		return false, fmt.Errorf("claim page %s: %w", sha, err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// ClaimedPages returns which of shas kiosk kioskID has claimed.
func (c *core) ClaimedPages(ctx context.Context, kioskID string, shas []string) (map[string]bool, error) {
	out := make(map[string]bool, len(shas))
	for _, sha := range dedupe(shas) {
		var one int
		err := c.ro.QueryRowContext(ctx, c.q(`SELECT 1 FROM kiosk_pages WHERE kiosk_id = ? AND sha256 = ?`), kioskID, sha).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("claimed pages: %w", err)
		}
		out[sha] = true
	}
	return out, nil
}

// ForgetPageClaims drops every claim on sha (its bytes were erased).
func (c *core) ForgetPageClaims(ctx context.Context, sha string) error {
	if _, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM kiosk_pages WHERE sha256 = ?`), sha); err != nil {
		return fmt.Errorf("forget page claims %s: %w", sha, err)
	}
	return nil
}

// ViewAudit records that a dashboard account was shown a dossier's personal data.
type ViewAudit struct {
	DossierID string
	At        time.Time
	Account   string
	What      string // "view": the dossier's page (name, ID number, form values)
}

// RecordView stores a view of a dossier's personal data.
func (c *core) RecordView(ctx context.Context, v ViewAudit) error {
	if _, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO dash_view_audit(dossier_id, at, account, what) VALUES(?,?,?,?)`),
		v.DossierID, micros(v.At), v.Account, v.What); err != nil {
		return fmt.Errorf("record view of %s: %w", v.DossierID, err)
	}
	return nil
}

// Views lists who was shown a dossier's personal data, oldest first.
func (c *core) Views(ctx context.Context, dossierID string) ([]ViewAudit, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT dossier_id, at, account, what FROM dash_view_audit WHERE dossier_id = ? ORDER BY at`), dossierID)
	if err != nil {
		return nil, fmt.Errorf("views of %s: %w", dossierID, err)
	}
	defer rows.Close()
	var out []ViewAudit
	for rows.Next() {
		var v ViewAudit
		var at int64
		if err := rows.Scan(&v.DossierID, &at, &v.Account, &v.What); err != nil {
			return nil, fmt.Errorf("views of %s: %w", dossierID, err)
		}
		v.At = fromMicros(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// SessionsOf lists an account's sessions, newest first.
func (c *core) SessionsOf(ctx context.Context, account string) ([]Session, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT `+sessionCols+` FROM dash_sessions WHERE account = ? ORDER BY created_at DESC`), account)
	if err != nil {
		return nil, fmt.Errorf("sessions of %q: %w", account, err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("sessions of %q: %w", account, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sessionCols are the columns scanSession reads.
const sessionCols = `token_sha256, account, csrf, created_at, last_seen, expires_at`

func scanSession(r interface{ Scan(...any) error }) (Session, error) {
	var s Session
	var created, seen, expires int64
	if err := r.Scan(&s.TokenSHA256, &s.Account, &s.CSRF, &created, &seen, &expires); err != nil {
		return Session{}, err
	}
	s.CreatedAt, s.LastSeen, s.ExpiresAt = fromMicros(created), fromMicros(seen), fromMicros(expires)
	return s, nil
}

// TrimSessions ends an account's sessions beyond the newest keep.
func (c *core) TrimSessions(ctx context.Context, account string, keep int) error {
	ss, err := c.SessionsOf(ctx, account)
	if err != nil {
		return err
	}
	for i := keep; i < len(ss); i++ {
		if err := c.DeleteSession(ctx, ss[i].TokenSHA256); err != nil {
			return err
		}
	}
	return nil
}
