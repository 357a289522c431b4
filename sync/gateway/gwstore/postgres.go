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
		schema: postgresSchema,
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
