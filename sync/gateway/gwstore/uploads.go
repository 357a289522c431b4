package gwstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Resumable uploads and the change cursor live in the database, not in a gateway
// process: several stateless gateways on one PostgreSQL continue each other's uploads
// and serve the same cursors.
//
// An upload is one row per (kiosk, page SHA-256) with the declared size and the bytes
// received so far, plus its chunks. Appending is a compare-and-set on "received", so
// two requests racing on one upload (a kiosk's dead connection still being read by
// one gateway while it resumes through another) never interleave: the loser gets
// ErrOffsetMismatch. The page is only stored (through PutPage, the page store) once
// complete and checked by the caller against its SHA-256.
//
// The change cursor is a per-kiosk sequence (kiosk_seq) bumped in the transaction
// that changes a dossier the kiosk should hear about (submission, status change) and
// written to the dossier's change_seq. The bump takes the kiosk's sequence row lock
// until commit, so sequence numbers of one kiosk become visible in order: a reader
// that saw change N can never later see a change below N appear.

// ErrOffsetMismatch: the upload's bytes received differ from the offset a chunk
// claimed to continue from.
var ErrOffsetMismatch = errors.New("gwstore: upload offset mismatch")

// SyncState is the part of the store behind resumable uploads and the change feed.
type SyncState interface {
	UploadState(ctx context.Context, kioskID, sha string) (Upload, error)
	AppendUpload(ctx context.Context, kioskID, sha string, size, off int64, data []byte, at time.Time) error
	UploadData(ctx context.Context, kioskID, sha string) ([]byte, error)
	DeleteUpload(ctx context.Context, kioskID, sha string) error
	DropStaleUploads(ctx context.Context, before time.Time) (int, error)
	Changes(ctx context.Context, kioskID string, since int64, limit int) ([]ChangedDossier, error)
}

// Upload is the state of one kiosk's upload of one page.
type Upload struct {
	KioskID   string
	SHA256    string
	Size      int64 // declared page size
	Received  int64 // bytes held
	UpdatedAt time.Time
}

// uploadsSchema is the open uploads with their chunks and each kiosk's change
// sequence (a schema template, schema.go; the dossiers' change_seq is one of its
// addedColumns).
const uploadsSchema = `
CREATE TABLE IF NOT EXISTS uploads (
	kiosk_id   TEXT NOT NULL,
	sha256     TEXT NOT NULL,
	size       {{.Int64}} NOT NULL,
	received   {{.Int64}} NOT NULL,
	updated_at {{.Int64}} NOT NULL,
	PRIMARY KEY (kiosk_id, sha256)
);
CREATE TABLE IF NOT EXISTS upload_chunks (
	kiosk_id TEXT NOT NULL,
	sha256   TEXT NOT NULL,
	off      {{.Int64}} NOT NULL,
	data     {{.Bytes}} NOT NULL,
	PRIMARY KEY (kiosk_id, sha256, off)
);
{{- if .Postgres}}
DO $$ BEGIN
	IF (SELECT attstorage FROM pg_attribute WHERE attrelid = 'upload_chunks'::regclass AND attname = 'data') <> 'e' THEN
		ALTER TABLE upload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
	END IF;
END $$;
{{- end}}
CREATE TABLE IF NOT EXISTS kiosk_seq (
	kiosk_id TEXT PRIMARY KEY,
	last     {{.Int64}} NOT NULL
);
`

// UploadState returns a kiosk's upload of a page; ErrNotFound when none is open.
func (c *core) UploadState(ctx context.Context, kioskID, sha string) (Upload, error) {
	u := Upload{KioskID: kioskID, SHA256: sha}
	var upd int64
	err := c.ro.QueryRowContext(ctx, c.q(`SELECT size, received, updated_at FROM uploads WHERE kiosk_id = ? AND sha256 = ?`),
		kioskID, sha).Scan(&u.Size, &u.Received, &upd)
	if errors.Is(err, sql.ErrNoRows) {
		return Upload{}, fmt.Errorf("upload %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return Upload{}, fmt.Errorf("upload %s: %w", sha, err)
	}
	u.UpdatedAt = fromMicros(upd)
	return u, nil
}

// AppendUpload adds data at offset off of a kiosk's upload of a page of size bytes,
// opening the upload when off is 0 and none holds bytes. It fails with
// ErrOffsetMismatch when the upload holds another number of bytes than off or was
// opened with another size, leaving it unchanged.
func (c *core) AppendUpload(ctx context.Context, kioskID, sha string, size, off int64, data []byte, at time.Time) error {
	if len(data) == 0 {
		return nil
	}
	if off < 0 || off+int64(len(data)) > size {
		return fmt.Errorf("upload %s: %d bytes at %d overflow a page of %d: %w", sha, len(data), off, size, ErrOffsetMismatch)
	}
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("upload %s: begin: %w", sha, err)
	}
	defer tx.Rollback()
	n := int64(len(data))
	var res sql.Result
	if off == 0 {
		res, err = tx.ExecContext(ctx, c.q(`INSERT INTO uploads(kiosk_id, sha256, size, received, updated_at) VALUES(?,?,?,?,?)
			ON CONFLICT(kiosk_id, sha256) DO UPDATE SET size = excluded.size, received = excluded.received,
			updated_at = excluded.updated_at WHERE uploads.received = 0`), kioskID, sha, size, n, micros(at))
	} else {
		res, err = tx.ExecContext(ctx, c.q(`UPDATE uploads SET received = received + ?, updated_at = ?
			WHERE kiosk_id = ? AND sha256 = ? AND received = ? AND size = ?`), n, micros(at), kioskID, sha, off, size)
	}
	if err != nil {
		return fmt.Errorf("upload %s at %d: %w", sha, off, err)
	}
	if k, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("upload %s at %d: %w", sha, off, err)
	} else if k != 1 {
		return fmt.Errorf("upload %s at %d: %w", sha, off, ErrOffsetMismatch)
	}
	if off == 0 { // chunks of an upload reset to 0 (a dropped one) must not linger
		if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?`), kioskID, sha); err != nil {
			return fmt.Errorf("upload %s: %w", sha, err)
		}
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO upload_chunks(kiosk_id, sha256, off, data) VALUES(?,?,?,?)`),
		kioskID, sha, off, data); err != nil {
		return fmt.Errorf("upload %s at %d: chunk: %w", sha, off, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("upload %s at %d: commit: %w", sha, off, err)
	}
	return nil
}

// UploadData returns the bytes of a kiosk's complete upload of a page, in order. It
// fails when the chunks do not cover the declared size exactly.
func (c *core) UploadData(ctx context.Context, kioskID, sha string) ([]byte, error) {
	u, err := c.UploadState(ctx, kioskID, sha)
	if err != nil {
		return nil, err
	}
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT off, data FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ? ORDER BY off`), kioskID, sha)
	if err != nil {
		return nil, fmt.Errorf("upload %s: %w", sha, err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	buf.Grow(int(u.Size))
	for rows.Next() {
		var off int64
		var data []byte
		if err := rows.Scan(&off, &data); err != nil {
			return nil, fmt.Errorf("upload %s: %w", sha, err)
		}
		if off != int64(buf.Len()) {
			return nil, fmt.Errorf("upload %s: chunk at %d after %d bytes", sha, off, buf.Len())
		}
		buf.Write(data)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("upload %s: %w", sha, err)
	}
	if int64(buf.Len()) != u.Size {
		return nil, fmt.Errorf("upload %s: %d of %d bytes", sha, buf.Len(), u.Size)
	}
	return buf.Bytes(), nil
}

// DeleteUpload drops a kiosk's upload of a page with its chunks (completed, or
// dropped after a hash mismatch).
func (c *core) DeleteUpload(ctx context.Context, kioskID, sha string) error {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete upload %s: %w", sha, err)
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM upload_chunks WHERE kiosk_id = ? AND sha256 = ?`, `DELETE FROM uploads WHERE kiosk_id = ? AND sha256 = ?`} {
		if _, err := tx.ExecContext(ctx, c.q(q), kioskID, sha); err != nil {
			return fmt.Errorf("delete upload %s: %w", sha, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete upload %s: %w", sha, err)
	}
	return nil
}

// DropStaleUploads deletes uploads untouched since before (a kiosk that never came
// back for them) and returns how many.
func (c *core) DropStaleUploads(ctx context.Context, before time.Time) (int, error) {
	rows, err := c.rw.QueryContext(ctx, c.q(`SELECT kiosk_id, sha256 FROM uploads WHERE updated_at < ?`), micros(before))
	if err != nil {
		return 0, fmt.Errorf("stale uploads: %w", err)
	}
	var stale [][2]string
	for rows.Next() {
		var k, s string
		if err := rows.Scan(&k, &s); err != nil {
			rows.Close()
			return 0, fmt.Errorf("stale uploads: %w", err)
		}
		stale = append(stale, [2]string{k, s})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("stale uploads: %w", err)
	}
	for _, ks := range stale {
		if err := c.DeleteUpload(ctx, ks[0], ks[1]); err != nil {
			return 0, err
		}
	}
	return len(stale), nil
}

// noteChange gives dossier id the kiosk's next change sequence number, in tx.
func (c *core) noteChange(ctx context.Context, tx *sql.Tx, kioskID, id string) error {
	var seq int64
	if err := tx.QueryRowContext(ctx, c.q(`INSERT INTO kiosk_seq(kiosk_id, last) VALUES(?, 1)
		ON CONFLICT(kiosk_id) DO UPDATE SET last = kiosk_seq.last + 1 RETURNING last`), kioskID).Scan(&seq); err != nil {
		return fmt.Errorf("change sequence of %s: %w", kioskID, err)
	}
	if _, err := tx.ExecContext(ctx, c.q(`UPDATE dossiers SET change_seq = ? WHERE id = ?`), seq, id); err != nil {
		return fmt.Errorf("change sequence of %s: %w", id, err)
	}
	return nil
}

// noteDossierChange is noteChange for a dossier known by id only (a payment matched to
// it: the kiosk hears of the fee through the feed).
func (c *core) noteDossierChange(ctx context.Context, tx *sql.Tx, dossierID string) error {
	var kioskID string
	err := tx.QueryRowContext(ctx, c.q(`SELECT kiosk_id FROM dossiers WHERE id = ?`), dossierID).Scan(&kioskID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("change sequence of %s: %w", dossierID, err)
	}
	return c.noteChange(ctx, tx, kioskID, dossierID)
}

// ChangedDossier is a dossier in the change feed with its sequence number.
type ChangedDossier struct {
	Dossier
	Seq int64
}

// Changes returns a kiosk's dossiers whose change sequence is above since (-1: all,
// dossiers stored before the feed existed included), in sequence order, at most limit
// (with their bodies: the fee due is computed from them).
func (c *core) Changes(ctx context.Context, kioskID string, since int64, limit int) ([]ChangedDossier, error) {
	if limit <= 0 {
		limit = 500
	}
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT `+dossierCols+`, change_seq FROM dossiers
		WHERE kiosk_id = ? AND change_seq > ? ORDER BY change_seq, received_at LIMIT ?`), kioskID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("changes of %s: %w", kioskID, err)
	}
	defer rows.Close()
	var out []ChangedDossier
	for rows.Next() {
		var cd ChangedDossier
		var body string
		var rec, upd int64
		d := &cd.Dossier
		if err := rows.Scan(&d.ID, &d.KioskID, &d.ReceiptCode, &d.ProcedureCode, &d.OfficialCode, &d.Status, &d.Note,
			&d.BodySHA256, &body, &d.PageCount, &rec, &upd, &cd.Seq); err != nil {
			return nil, fmt.Errorf("changes of %s: %w", kioskID, err)
		}
		d.Body, d.ReceivedAt, d.UpdatedAt = []byte(body), fromMicros(rec), fromMicros(upd)
		out = append(out, cd)
	}
	return out, rows.Err()
}

// openPostgresDB opens the pool with synchronous_commit on for every connection,
// whatever the server's default: the gateway acknowledges a dossier only once its
// commit is on disk (a server-wide synchronous_commit=off or fsync=off, as a test
// server may run, is the operator's choice; README's deployment section says so).
func openPostgresDB(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	cfg.RuntimeParams["synchronous_commit"] = "on"
	return stdlib.OpenDB(*cfg), nil
}
