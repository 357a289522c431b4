package gwstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
)

// PageBlobs is where page bytes live, content-addressed by their lowercase hex
// SHA-256: pagestore.Dir (the SQLite default), the PostgreSQL bytea table (the
// PostgreSQL default) or pagestore.S3. The pages table stays the index: a row is
// written only once the bytes are stored, and removed before they are, so a row
// never names missing bytes.
//
// Errors: Put fails with pagestore.ErrChecksum or pagestore.ErrSize when r does not
// hold exactly size bytes hashing to sha, and then stores nothing; Open and Stat fail
// with pagestore.ErrNotFound for an absent page; Delete of an absent page succeeds;
// every method refuses a malformed key with pagestore.ErrInvalidKey.
type PageBlobs interface {
	Put(ctx context.Context, sha string, size int64, r io.Reader) error
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	Stat(ctx context.Context, sha string) (int64, error)
	Delete(ctx context.Context, sha string) error
}

// Option changes how a store is opened.
type Option func(*options)

type options struct{ pages PageBlobs }

// WithPages keeps page bytes in p instead of the store's default place (the data
// directory for SQLite, a bytea table for PostgreSQL).
func WithPages(p PageBlobs) Option { return func(o *options) { o.pages = p } }

func applyOptions(opts []Option) options {
	var o options
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Pages returns where the store keeps page bytes.
func (c *core) Pages() PageBlobs { return c.pages }

// PutPage stores a page whose bytes hash to sha: the bytes first (verified again by
// the page store), then the row. created is false when the page was already there.
func (c *core) PutPage(ctx context.Context, sha string, data []byte) (bool, error) {
	if has, err := c.HasPage(ctx, sha); err != nil || has {
		return false, err
	}
	if err := c.pages.Put(ctx, sha, int64(len(data)), bytes.NewReader(data)); err != nil {
		return false, err // the page stores name the page in their errors
	}
	res, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO pages(sha256, size, created_at) VALUES(?,?,?) ON CONFLICT DO NOTHING`),
		sha, len(data), micros(timeNow()))
	if err != nil {
		return false, fmt.Errorf("put page %s: %w", sha, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("put page %s: %w", sha, err)
	}
	return n == 1, nil
}

// Page returns a stored page's bytes; ErrNotFound when absent.
func (c *core) Page(ctx context.Context, sha string) ([]byte, error) {
	if has, err := c.HasPage(ctx, sha); err != nil {
		return nil, err
	} else if !has {
		return nil, fmt.Errorf("page %s: %w", sha, ErrNotFound)
	}
	rc, err := c.pages.Open(ctx, sha)
	if errors.Is(err, pagestore.ErrNotFound) {
		return nil, fmt.Errorf("page %s: its row is there but not its bytes: %w", sha, err)
	}
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sha, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sha, err)
	}
	return b, nil
}

// DeletePage erases a page no dossier references (ErrPageInUse otherwise): the row
// first, then the bytes, so that no row ever names missing bytes. Erasing an absent
// page succeeds. Retention erases a dossier's page references, then its pages.
func (c *core) DeletePage(ctx context.Context, sha string) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	defer tx.Rollback()
	var refs int
	if err := tx.QueryRowContext(ctx, c.q(`SELECT COUNT(*) FROM dossier_pages WHERE sha256 = ?`), sha).Scan(&refs); err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	if refs > 0 {
		return fmt.Errorf("delete page %s: %d dossier pages refer to it: %w", sha, refs, ErrPageInUse)
	}
	if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM pages WHERE sha256 = ?`), sha); err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	if err := c.pages.Delete(ctx, sha); err != nil {
		return fmt.Errorf("delete page %s: the row is gone but not the bytes: %w", sha, err)
	}
	return nil
}
