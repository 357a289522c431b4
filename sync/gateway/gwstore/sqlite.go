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
			schema: sqliteSchema,
		}, pages: o.pages},
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite store: %w", err)
	}
	return s, nil
}

// Close closes the database.
func (s *SQLite) Close() error { return errors.Join(s.ro.Close(), s.rw.Close()) }
