package gwstore

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"github.com/cantho-kiosk/kiosk/sync/gateway/pagestore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// pgPages keeps page bytes in PostgreSQL, in their own table page_bytes (bytea,
// stored out of line uncompressed): the small deployment's page store, where one
// pg_dump is the whole backup. Pages stored before page_bytes existed are in
// pages.data, which Postgres.Page still reads.
type pgPages struct{ db *sql.DB }

const maxPageBytes = 64 << 20 // far above the API's page limit: a guard, not a policy

func (p pgPages) Put(ctx context.Context, sha string, size int64, r io.Reader) error {
	if !wire.ValidSHA256(sha) {
		return pagestore.ErrInvalidKey
	}
	if size < 0 || size > maxPageBytes {
		return fmt.Errorf("put page %s: %d bytes: %w", sha, size, pagestore.ErrSize)
	}
	var buf bytes.Buffer
	buf.Grow(int(size))
	if _, err := io.Copy(&buf, io.LimitReader(r, size+1)); err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	if int64(buf.Len()) != size {
		return fmt.Errorf("put page %s: read %d bytes, declared %d: %w", sha, buf.Len(), size, pagestore.ErrSize)
	}
	if s := sha256.Sum256(buf.Bytes()); hex.EncodeToString(s[:]) != sha {
		return fmt.Errorf("put page %s: %w", sha, pagestore.ErrChecksum)
	}
	if _, err := p.db.ExecContext(ctx, `INSERT INTO page_bytes(sha256, data) VALUES($1, $2) ON CONFLICT DO NOTHING`, sha, buf.Bytes()); err != nil {
		return fmt.Errorf("put page %s: %w", sha, err)
	}
	return nil
}

func (p pgPages) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if !wire.ValidSHA256(sha) {
		return nil, pagestore.ErrInvalidKey
	}
	var b []byte
	err := p.db.QueryRowContext(ctx, `SELECT data FROM page_bytes WHERE sha256 = $1`, sha).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("page %s: %w", sha, pagestore.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("page %s: %w", sha, err)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (p pgPages) Stat(ctx context.Context, sha string) (int64, error) {
	if !wire.ValidSHA256(sha) {
		return 0, pagestore.ErrInvalidKey
	}
	var n int64
	err := p.db.QueryRowContext(ctx, `SELECT octet_length(data) FROM page_bytes WHERE sha256 = $1`, sha).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("page %s: %w", sha, pagestore.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("page %s: %w", sha, err)
	}
	return n, nil
}

func (p pgPages) Delete(ctx context.Context, sha string) error {
	if !wire.ValidSHA256(sha) {
		return pagestore.ErrInvalidKey
	}
	if _, err := p.db.ExecContext(ctx, `DELETE FROM page_bytes WHERE sha256 = $1`, sha); err != nil {
		return fmt.Errorf("delete page %s: %w", sha, err)
	}
	return nil
}
