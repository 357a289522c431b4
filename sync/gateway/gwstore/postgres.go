package gwstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Postgres is the multi-process store: everything in PostgreSQL, page bytes included
// by default (table page_bytes), or page bytes in an S3 bucket (WithPages).
type Postgres struct{ core }

const pgSchema = `
CREATE TABLE IF NOT EXISTS kiosks (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	commune    TEXT NOT NULL DEFAULT '',
	secret     TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	disabled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS pages (
	sha256     TEXT PRIMARY KEY,
	size       BIGINT NOT NULL,
	data       BYTEA, -- pages stored before page_bytes existed; NULL since
	created_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS page_bytes (
	sha256 TEXT PRIMARY KEY,
	data   BYTEA NOT NULL
);
DO $$ BEGIN
	-- JPEG/PNG do not compress: store page bytes out of line without trying.
	IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE pages ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
	IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'page_bytes'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE page_bytes ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
	-- Page bytes moved to page_bytes (or a bucket): new rows leave pages.data NULL.
	IF (SELECT attnotnull FROM pg_attribute WHERE attrelid = 'pages'::regclass AND attname = 'data') THEN
		ALTER TABLE pages ALTER COLUMN data DROP NOT NULL;
	END IF;
END $$;
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
	received_at    BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_kiosk_receipt ON dossiers(kiosk_id, receipt_code);
CREATE INDEX IF NOT EXISTS dossiers_received ON dossiers(received_at);
CREATE TABLE IF NOT EXISTS dossier_pages (
	dossier_id  TEXT NOT NULL REFERENCES dossiers(id),
	seq         INTEGER NOT NULL,
	document_id TEXT NOT NULL,
	sha256      TEXT NOT NULL REFERENCES pages(sha256),
	size        BIGINT NOT NULL,
	format      TEXT NOT NULL,
	PRIMARY KEY (dossier_id, seq)
);
CREATE TABLE IF NOT EXISTS dossier_events (
	seq        BIGSERIAL PRIMARY KEY,
	dossier_id TEXT NOT NULL REFERENCES dossiers(id),
	at         BIGINT NOT NULL,
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
	updated_at            BIGINT NOT NULL,
	PRIMARY KEY (kiosk_id, day)
);
DO $$ BEGIN
	-- Upgrade a usage table created before dossiers_started was carried. Checked first:
	-- ALTER TABLE takes an exclusive lock on usage even when the column is there.
	IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'usage'::regclass AND attname = 'dossiers_started'
			AND NOT attisdropped) THEN
		ALTER TABLE usage ADD COLUMN IF NOT EXISTS dossiers_started INTEGER NOT NULL DEFAULT 0;
	END IF;
END $$;
CREATE INDEX IF NOT EXISTS usage_day ON usage(day);
`

// migrationLock is the advisory lock key that serializes schema creation between
// gateway processes starting at once.
const migrationLock = 0x6477_6761_7465 // "dwgate"

// OpenPostgres connects to the PostgreSQL database at dsn and creates the schema.
// Page bytes go to the page_bytes table unless WithPages names another place.
func OpenPostgres(ctx context.Context, dsn string, opts ...Option) (*Postgres, error) {
	o := applyOptions(opts)
	db, err := openPostgresDB(dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	p := &Postgres{core{rw: db, ro: db, d: dialect{
		rebind: rebindDollar,
		lockDossier: func(ctx context.Context, tx *sql.Tx, id string) error {
			_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, "dossier:"+id)
			return err
		},
		isUnique: func(err error) bool {
			var pe *pgconn.PgError
			return errors.As(err, &pe) && pe.Code == "23505"
		},
	}, pages: o.pages}}
	if p.pages == nil {
		p.pages = pgPages{db: db}
	}
	if err := p.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	return p, nil
}

func (p *Postgres) migrate(ctx context.Context) error {
	tx, err := p.rw.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("schema lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, pgSchema+paymentSchema+securitySchema+eraseSchema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, pgSyncSchema); err != nil {
		return fmt.Errorf("uploads schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, fleetSchema); err != nil {
		return fmt.Errorf("fleet schema: %w", err)
	}
	return tx.Commit()
}

// Close closes the connection pool.
func (p *Postgres) Close() error { return p.rw.Close() }

// Page returns a stored page's bytes; ErrNotFound when absent. Pages stored before
// page_bytes existed are read from pages.data.
func (p *Postgres) Page(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := p.ro.QueryRowContext(ctx, `SELECT data FROM pages WHERE sha256 = $1`, sha).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("page %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sha, err)
	}
	if b != nil {
		return b, nil
	}
	return p.core.Page(ctx, sha)
}

// rebindDollar turns '?' placeholders into $1, $2, … (no query here has a literal '?').
func rebindDollar(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
