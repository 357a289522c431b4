package gwstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Errors of the dashboard's accounts and sessions; callers decide with errors.Is.
var (
	ErrDuplicateAccount = errors.New("gwstore: an account with that name exists")
	ErrBadRole          = errors.New("gwstore: unknown role or commune missing")
)

// Dashboard account roles.
const (
	RoleCity    = "city"    // sees every kiosk and moves dossiers through their statuses
	RoleCommune = "commune" // sees its own commune's kiosks and dossiers, read-only
)

// Account is a dashboard user. PasswordHash is an encoded slow hash (the dashboard
// package makes and checks it; the store never sees a password).
type Account struct {
	Name         string
	Role         string // RoleCity or RoleCommune
	Commune      string // the commune a RoleCommune account sees
	PasswordHash string
	CreatedAt    time.Time
	Disabled     bool
}

// Session is a signed-in dashboard session. The store keeps only the SHA-256 of the
// cookie's token, so a leaked database does not hand out live sessions.
type Session struct {
	TokenSHA256 string
	Account     string
	CSRF        string // the synchronizer token of the session's forms
	CreatedAt   time.Time
	LastSeen    time.Time
	ExpiresAt   time.Time
}

// dashboardSchema is the dashboard's own tables (a schema template, schema.go),
// created idempotently by SetupDashboard.
const dashboardSchema = `
CREATE TABLE IF NOT EXISTS dash_accounts (
	name          TEXT PRIMARY KEY,
	role          TEXT NOT NULL,
	commune       TEXT NOT NULL DEFAULT '',
	password_hash TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	disabled      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dash_sessions (
	token_sha256 TEXT PRIMARY KEY,
	account      TEXT NOT NULL REFERENCES dash_accounts(name) ON DELETE CASCADE,
	csrf         TEXT NOT NULL,
	created_at   BIGINT NOT NULL,
	last_seen    BIGINT NOT NULL,
	expires_at   BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS dash_sessions_expires ON dash_sessions(expires_at);
CREATE TABLE IF NOT EXISTS dash_status_audit (
	dossier_id  TEXT NOT NULL,
	at          BIGINT NOT NULL,
	account     TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dash_status_audit_dossier ON dash_status_audit(dossier_id);
`

// dashboardLock serializes the dashboard's schema creation between PostgreSQL
// processes starting at once (inSchemaTx).
const dashboardLock = 0x6477_6461_7368 // "dwdash"

// SetupDashboard creates the dashboard's tables if they are missing.
func (c *core) SetupDashboard(ctx context.Context) error {
	err := c.inSchemaTx(ctx, dashboardLock, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, c.d.schema.render(dashboardSchema))
		return err
	})
	if err != nil {
		return fmt.Errorf("dashboard schema: %w", err)
	}
	return nil
}

// ValidRole reports whether role (with its commune) makes a usable account.
func ValidRole(role, commune string) bool {
	return role == RoleCity || (role == RoleCommune && commune != "")
}

// AddAccount stores a new dashboard account; ErrDuplicateAccount when the name is
// taken, ErrBadRole when the role is unknown or a commune account has no commune.
func (c *core) AddAccount(ctx context.Context, a Account) error {
	if !ValidRole(a.Role, a.Commune) {
		return fmt.Errorf("add account %q: %w", a.Name, ErrBadRole)
	}
	_, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO dash_accounts(name, role, commune, password_hash, created_at, disabled)
		VALUES(?,?,?,?,?,?)`), a.Name, a.Role, a.Commune, a.PasswordHash, micros(a.CreatedAt), boolInt(a.Disabled))
	if err != nil {
		if c.d.isUnique(err) || isSQLitePrimaryKey(err) {
			return fmt.Errorf("add account %q: %w", a.Name, ErrDuplicateAccount)
		}
		return fmt.Errorf("add account %q: %w", a.Name, err)
	}
	return nil
}

// isSQLitePrimaryKey reports a SQLite primary key conflict (a TEXT PRIMARY KEY
// reports SQLITE_CONSTRAINT_PRIMARYKEY, which the dialect's isUnique does not cover).
func isSQLitePrimaryKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// SetPassword replaces an account's password hash and ends its sessions;
// ErrNotFound when there is no such account.
func (c *core) SetPassword(ctx context.Context, name, hash string) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set password %q: %w", name, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, c.q(`UPDATE dash_accounts SET password_hash = ? WHERE name = ?`), hash, name)
	if err != nil {
		return fmt.Errorf("set password %q: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("set password %q: %w", name, err)
	} else if n == 0 {
		return fmt.Errorf("set password %q: %w", name, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM dash_sessions WHERE account = ?`), name); err != nil {
		return fmt.Errorf("set password %q: end sessions: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set password %q: %w", name, err)
	}
	return nil
}

const accountCols = `name, role, commune, password_hash, created_at, disabled`

func scanAccount(s interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var created, disabled int64
	if err := s.Scan(&a.Name, &a.Role, &a.Commune, &a.PasswordHash, &created, &disabled); err != nil {
		return Account{}, err
	}
	a.CreatedAt, a.Disabled = fromMicros(created), disabled != 0
	return a, nil
}

// Account returns the named account; ErrNotFound when there is none.
func (c *core) Account(ctx context.Context, name string) (Account, error) {
	a, err := scanAccount(c.ro.QueryRowContext(ctx, c.q(`SELECT `+accountCols+` FROM dash_accounts WHERE name = ?`), name))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("account %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("account %q: %w", name, err)
	}
	return a, nil
}

// Accounts lists every dashboard account by name.
func (c *core) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := c.ro.QueryContext(ctx, `SELECT `+accountCols+` FROM dash_accounts ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CreateSession stores a new session (and sweeps sessions expired before its start).
func (c *core) CreateSession(ctx context.Context, s Session) error {
	if _, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM dash_sessions WHERE expires_at < ?`), micros(s.CreatedAt)); err != nil {
		return fmt.Errorf("create session: sweep: %w", err)
	}
	_, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO dash_sessions(token_sha256, account, csrf, created_at, last_seen, expires_at)
		VALUES(?,?,?,?,?,?)`), s.TokenSHA256, s.Account, s.CSRF, micros(s.CreatedAt), micros(s.LastSeen), micros(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session for %q: %w", s.Account, err)
	}
	return nil
}

// Session returns the session whose token hashes to tokenSHA256; ErrNotFound when
// there is none (expiry is the caller's decision: it holds the clock).
func (c *core) Session(ctx context.Context, tokenSHA256 string) (Session, error) {
	s, err := scanSession(c.ro.QueryRowContext(ctx, c.q(`SELECT `+sessionCols+` FROM dash_sessions WHERE token_sha256 = ?`), tokenSHA256))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	return s, nil
}

// TouchSession records activity on a session (for the idle timeout).
func (c *core) TouchSession(ctx context.Context, tokenSHA256 string, at time.Time) error {
	if _, err := c.rw.ExecContext(ctx, c.q(`UPDATE dash_sessions SET last_seen = ? WHERE token_sha256 = ?`), micros(at), tokenSHA256); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session (signing out); deleting a missing one is no error.
func (c *core) DeleteSession(ctx context.Context, tokenSHA256 string) error {
	if _, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM dash_sessions WHERE token_sha256 = ?`), tokenSHA256); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
