package gwstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"

	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// SQLite is the single-process store: a SQLite file plus page files under a directory
// (or page objects in an S3 bucket, WithPages).
type SQLite struct{ core }

const sqliteSchema = `
CREATE TABLE IF NOT EXISTS kiosks (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	commune    TEXT NOT NULL DEFAULT '',
	secret     TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	disabled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pages (
	sha256     TEXT PRIMARY KEY,
	size       INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS day_seq (
	prefix TEXT PRIMARY KEY,
	last   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
	id             TEXT PRIMARY KEY,
	kiosk_id       TEXT NOT NULL REFERENCES kiosks(id),
	receipt_code   TEXT NOT NULL,
	procedure_code TEXT NOT NULL,
	official_code  TEXT NOT NULL UNIQUE,
	status         TEXT NOT NULL,
	note           TEXT NOT NULL DEFAULT '',
	body_sha256    TEXT NOT NULL,
	body           TEXT NOT NULL,
	page_count     INTEGER NOT NULL,
	received_at    INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_kiosk_receipt ON dossiers(kiosk_id, receipt_code);
CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers(received_at);
CREATE TABLE IF NOT EXISTS dossier_pages (
	dossier_id  TEXT NOT NULL REFERENCES dossiers(id),
	seq         INTEGER NOT NULL,
	document_id TEXT NOT NULL,
	sha256      TEXT NOT NULL REFERENCES pages(sha256),
	size        INTEGER NOT NULL,
	format      TEXT NOT NULL,
	PRIMARY KEY (dossier_id, seq)
);
CREATE TABLE IF NOT EXISTS dossier_events (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	dossier_id TEXT NOT NULL REFERENCES dossiers(id),
	at         INTEGER NOT NULL,
	status     TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS dossier_events_dossier ON dossier_events(dossier_id);
CREATE TABLE IF NOT EXISTS usage (
	kiosk_id              TEXT NOT NULL REFERENCES kiosks(id),
	day                   TEXT NOT NULL,
	sessions              INTEGER NOT NULL,
	completed             INTEGER NOT NULL,
	abandoned             INTEGER NOT NULL,
	dossiers_started      INTEGER NOT NULL DEFAULT 0,
	dossiers_submitted    INTEGER NOT NULL,
	assisted_dossiers     INTEGER NOT NULL,
	pages_scanned         INTEGER NOT NULL,
	lookups               INTEGER NOT NULL,
	ratings               TEXT NOT NULL,
	procedure_views       TEXT NOT NULL,
	dossiers_by_procedure TEXT NOT NULL,
	updated_at            INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, day)
);
CREATE INDEX IF NOT EXISTS usage_day ON usage(day);
`

// OpenSQLite opens (creating if needed) the SQLite store at path with page files under
// dataDir/pages, unless WithPages names another place.
func OpenSQLite(ctx context.Context, path, dataDir string, opts ...Option) (*SQLite, error) {
	o := applyOptions(opts)
	if o.pages == nil {
		dir, err := pagestore.NewDir(filepath.Join(dataDir, "pages"))
		if err != nil {
			return nil, fmt.Errorf("open sqlite store: %w", err)
		}
		o.pages = dir
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open sqlite store: %w", err)
		}
	}
	// Create the file with owner-only permissions: it holds the kiosks' secrets.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	f.Close()
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_journal_mode=WAL&_busy_timeout=10000&_txlock=immediate&_foreign_keys=on&_synchronous=FULL"
	rw, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	// One writer connection: writers queue in Go rather than spinning on SQLITE_BUSY.
	rw.SetMaxOpenConns(1)
	ro, err := sql.Open("sqlite3", dsn+"&mode=ro")
	if err != nil {
		rw.Close()
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	ro.SetMaxOpenConns(8)
	s := &SQLite{
		core: core{rw: rw, ro: ro, d: dialect{
			rebind:      func(q string) string { return q },
			lockDossier: func(context.Context, *sql.Tx, string) error { return nil }, // the immediate write lock serializes
			isUnique: func(err error) bool {
				var se sqlite3.Error
				return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
			},
		}, pages: o.pages},
	}
	if _, err := rw.ExecContext(ctx, sqliteSchema+paymentSchema+securitySchema+eraseSchema); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite store: schema: %w", err)
	}
	if _, err := rw.ExecContext(ctx, fleetSchema); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite store: fleet schema: %w", err)
	}
	if err := s.upgrade(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	if _, err := rw.ExecContext(ctx, sqliteSyncSchema); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite store: uploads schema: %w", err)
	}
	return s, nil
}

// sqliteAdded are the columns added to tables after they were first created, with
// their definitions: upgrade adds those an older database lacks.
var sqliteAdded = []struct{ table, column, def string }{
	{"usage", "dossiers_started", "INTEGER NOT NULL DEFAULT 0"},
	{"dossiers", "change_seq", "INTEGER NOT NULL DEFAULT 0"},
}

// upgrade adds the columns of sqliteAdded that are missing, in one immediate
// transaction (the store's DSN asks for immediate locks), so that two processes
// opening the same old file do not both add a column.
func (s *SQLite) upgrade(ctx context.Context) error {
	tx, err := s.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("upgrade: %w", err)
	}
	defer tx.Rollback()
	for _, a := range sqliteAdded {
		has, err := hasColumn(ctx, tx, a.table, a.column)
		if err != nil {
			return fmt.Errorf("upgrade %s.%s: %w", a.table, a.column, err)
		}
		if has {
			continue
		}
		if _, err := tx.ExecContext(ctx, `ALTER TABLE `+a.table+` ADD COLUMN `+a.column+` `+a.def); err != nil {
			return fmt.Errorf("upgrade %s.%s: %w", a.table, a.column, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("upgrade: %w", err)
	}
	return nil
}

// hasColumn reports whether SQLite table has column (PRAGMA table_info).
func hasColumn(ctx context.Context, tx *sql.Tx, table, column string) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return false, err
		}
		if name == column {
			return true, nil
		}
	}
	return false, rows.Err()
}

// Close closes the database.
func (s *SQLite) Close() error { return errors.Join(s.ro.Close(), s.rw.Close()) }
