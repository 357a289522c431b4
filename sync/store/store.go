// Package store is the kiosk's local SQLite database: the procedure catalog cache with
// Vietnamese search, the dossier outbox, usage events and settings. It is the source of
// truth until the gateway has acknowledged a dossier.
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a dossier whose
// SaveDossier returned survives a crash or a power cut; page files are written to a
// temporary name, fsynced and renamed (and their directory fsynced) before the dossier
// row commits. Every transaction is BEGIN IMMEDIATE (_txlock=immediate) with a busy
// timeout, so concurrent read-then-write transactions wait instead of failing.
//
// Pages are files, not blobs: a 300 KB scan in a blob would pass through the WAL twice
// and bloat the database that holds the catalog and the usage counts; as files they are
// streamed to the gateway, checked by their SHA-256, and deleted (privacy) as soon as the
// gateway has them.
//
// Schema changes are forward-only numbered migrations (migrate.go), each in one
// transaction with PRAGMA user_version.
//
// Build with -tags sqlite_fts5: search uses an FTS5 table.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Sentinel errors callers decide on.
var (
	ErrNotFound       = errors.New("not found")
	ErrDiskFull       = errors.New("disk full")
	ErrInvalidCatalog = errors.New("invalid catalog")
	ErrBadState       = errors.New("dossier is not in a state that allows this")
)

// Options tune Open. Zero values are sensible defaults.
type Options struct {
	PageDir  string           // where page files live; default: "<db dir>/pages"
	Now      func() time.Time // clock; default time.Now
	Location *time.Location   // the kiosk's local time zone for daily figures; default time.Local
	// MaxPageCount caps the database size in pages (PRAGMA max_page_count); 0 means no cap.
	// Tests use it to simulate a full disk.
	MaxPageCount int
}

// Store is the local database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	pageDir string
	now     func() time.Time
	loc     *time.Location

	cacheMu sync.Mutex
	cache   *searchCache // summaries and folded names of the catalog, for ranking

	ckptMu    sync.Mutex // checkpoints after purges (purge.go)
	ckptTimer *time.Timer
	lastCkpt  time.Time
	closed    bool
	// cacheChecked is when the cache's generation was last found current.
	cacheChecked time.Time

	bgCtx  context.Context // background work (the search cache's warm-up, shredding); Close cancels it
	bgStop context.CancelFunc
	bg     sync.WaitGroup
	shreds shredQueue // page directories of accepted dossiers waiting to be shredded (shred_later.go)
}

// Open opens (creating if needed) the database at path and brings its schema up to date.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.PageDir == "" {
		opts.PageDir = filepath.Join(filepath.Dir(path), "pages")
	}
	// Absolute, so that page paths resolve the same from any working directory.
	if abs, err := filepath.Abs(opts.PageDir); err == nil {
		opts.PageDir = abs
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create database directory: %w", err)
	}
	if err := os.MkdirAll(opts.PageDir, 0o700); err != nil {
		return nil, fmt.Errorf("store: create page directory: %w", err)
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	db, err := openDB(path, opts.MaxPageCount)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, pageDir: opts.PageDir, now: opts.Now, loc: opts.Location}
	s.bgCtx, s.bgStop = context.WithCancel(context.Background())
	if err := migrate(ctx, db, len(migrations)); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.reindexSearch(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.sweepPages(ctx, 10*time.Minute); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: sweep page files: %w", err)
	}
	s.queueLeftShreds()
	s.warmSearchCache()
	return s, nil
}

// openDB opens the SQLite file with the pragmas every connection needs.
func openDB(path string, maxPages int) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
	q.Set("_foreign_keys", "1")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open(driverName(maxPages), dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}

var (
	driversMu sync.Mutex
	drivers   = map[int]string{}
)

// driverName registers (once) a go-sqlite3 driver whose connections apply the given
// max_page_count; 0 is the plain driver with no cap.
func driverName(maxPages int) string {
	driversMu.Lock()
	defer driversMu.Unlock()
	if name, ok := drivers[maxPages]; ok {
		return name
	}
	name := fmt.Sprintf("sqlite3_kiosk_%d", maxPages)
	sql.Register(name, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		// Purged personal data is overwritten, not merely unlinked from the b-tree
		// (see purge.go).
		if _, err := c.Exec("PRAGMA secure_delete=ON", nil); err != nil {
			return err
		}
		if maxPages > 0 {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA max_page_count=%d", maxPages), nil); err != nil {
				return err
			}
		}
		return nil
	}})
	drivers[maxPages] = name
	return name
}

// Close stops background work, checkpoints the write-ahead log into the database (so
// no purged row lingers in it) and closes the database.
func (s *Store) Close() error {
	s.bgStop()
	s.bg.Wait()
	s.ckptMu.Lock()
	s.closed = true
	if s.ckptTimer != nil {
		s.ckptTimer.Stop()
		s.ckptTimer = nil
	}
	s.checkpoint(context.Background())
	s.ckptMu.Unlock()
	return s.db.Close()
}

// PageDir is where page files live.
func (s *Store) PageDir() string { return s.pageDir }

// IntegrityCheck runs PRAGMA integrity_check and returns an error unless it says ok.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: integrity check: %s", res)
	}
	return nil
}

// tx runs fn in an immediate transaction and commits it, mapping a full disk to ErrDiskFull.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return mapErr(err)
	}
	if err := tx.Commit(); err != nil {
		return mapErr(err)
	}
	return nil
}

// mapErr turns SQLite's "database or disk is full" into ErrDiskFull, keeping the cause.
func mapErr(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrFull {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	if err != nil && strings.Contains(err.Error(), "no space left on device") {
		return fmt.Errorf("%w: %v", ErrDiskFull, err)
	}
	return err
}

func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMilli(ms int64) time.Time {
	if ms == 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}
