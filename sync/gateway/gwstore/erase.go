package gwstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Erasure is the audit line of a dossier whose personal data was erased.
type Erasure struct {
	DossierID string
	At        time.Time
	Reason    string // "retention" or the resident's request ("request: …")
}

// eraseSchema: one row per erased dossier (a schema template, schema.go).
const eraseSchema = `
CREATE TABLE IF NOT EXISTS dossier_erasures (
	dossier_id TEXT PRIMARY KEY,
	at         BIGINT NOT NULL,
	reason     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossier_pages_sha ON dossier_pages(sha256);
`

// eraseDossier erases the personal data of the dossier with id or official code ref,
// in one transaction: the stored body keeps its id, codes, procedure and page
// references but loses the applicant and the form values; the notes of its status
// history are emptied; its pages that no other dossier uses are deleted (rows and
// claims); an Erasure is recorded. It returns the dossier and the page hashes whose
// bytes the caller must now remove from where they live. A dossier erased already
// returns ErrErased. The body's hash is kept, so a kiosk resending the dossier still
// gets its acknowledgement.
func (c *core) eraseDossier(ctx context.Context, ref string, at time.Time, reason string) (Dossier, []string, error) {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	defer tx.Rollback()
	if err := c.d.lockDossier(ctx, tx, ref); err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	d, err := scanDossier(tx.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ? OR official_code = ?`), ref, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, ErrNotFound)
	}
	if err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	var one int
	switch err := tx.QueryRowContext(ctx, c.q(`SELECT 1 FROM dossier_erasures WHERE dossier_id = ?`), d.ID).Scan(&one); {
	case err == nil:
		return d, nil, fmt.Errorf("erase %s: %w", ref, ErrErased)
	case !errors.Is(err, sql.ErrNoRows):
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	var body wire.Dossier
	if err := json.Unmarshal(d.Body, &body); err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: stored body: %w", ref, err)
	}
	body.Applicant, body.Fields = wire.Applicant{}, map[string]string{}
	erased, err := json.Marshal(body)
	if err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE dossiers SET body = ?, note = '' WHERE id = ?`, []any{string(erased), d.ID}},
		{`UPDATE dossier_events SET note = '' WHERE dossier_id = ?`, []any{d.ID}},
	} {
		if _, err := tx.ExecContext(ctx, c.q(q.sql), q.args...); err != nil {
			return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
		}
	}
	rows, err := tx.QueryContext(ctx, c.q(`SELECT DISTINCT sha256 FROM dossier_pages WHERE dossier_id = ?`), d.ID)
	if err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	var shas []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
		}
		shas = append(shas, s)
	}
	rows.Close()
	if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM dossier_pages WHERE dossier_id = ?`), d.ID); err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	var gone []string
	for _, sha := range shas {
		err := tx.QueryRowContext(ctx, c.q(`SELECT 1 FROM dossier_pages WHERE sha256 = ?`), sha).Scan(&one)
		if err == nil {
			continue // another dossier holds the same scan
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
		}
		for _, q := range []string{`DELETE FROM kiosk_pages WHERE sha256 = ?`, `DELETE FROM pages WHERE sha256 = ?`} {
			if _, err := tx.ExecContext(ctx, c.q(q), sha); err != nil {
				return Dossier{}, nil, fmt.Errorf("erase %s: page %s: %w", ref, sha, err)
			}
		}
		gone = append(gone, sha)
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dossier_erasures(dossier_id, at, reason) VALUES(?,?,?)`), d.ID, micros(at), reason); err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	if err := tx.Commit(); err != nil {
		return Dossier{}, nil, fmt.Errorf("erase %s: %w", ref, err)
	}
	d.Body, d.Note = erased, ""
	return d, gone, nil
}

// ErrErased: the dossier's personal data was erased already.
var ErrErased = errors.New("gwstore: dossier already erased")

// EraseDossier erases a dossier's personal data (see eraseDossier), then its pages'
// bytes wherever the store keeps them (PageBlobs: files, page_bytes, a bucket; pages
// PostgreSQL stored in pages.data went with their rows, its space reclaimed at the next
// vacuum). Rows go first, so no row ever names missing bytes.
func (c *core) EraseDossier(ctx context.Context, ref string, at time.Time, reason string) (Dossier, error) {
	d, gone, err := c.eraseDossier(ctx, ref, at, reason)
	if err != nil {
		return d, err
	}
	for _, sha := range gone {
		if err := c.pages.Delete(ctx, sha); err != nil {
			return d, fmt.Errorf("erase %s: page %s: the row is gone but not the bytes: %w", ref, sha, err)
		}
	}
	return d, nil
}

// Erasure returns the erasure record of a dossier; ErrNotFound when it was not erased.
func (c *core) Erasure(ctx context.Context, dossierID string) (Erasure, error) {
	var e Erasure
	var at int64
	err := c.ro.QueryRowContext(ctx, c.q(`SELECT dossier_id, at, reason FROM dossier_erasures WHERE dossier_id = ?`), dossierID).Scan(&e.DossierID, &at, &e.Reason)
	if errors.Is(err, sql.ErrNoRows) {
		return Erasure{}, fmt.Errorf("erasure of %s: %w", dossierID, ErrNotFound)
	}
	if err != nil {
		return Erasure{}, fmt.Errorf("erasure of %s: %w", dossierID, err)
	}
	e.At = fromMicros(at)
	return e, nil
}

// FinishedBefore returns the ids of up to limit dossiers that reached a final status
// (done, rejected) before the given time and are not erased yet: those a retention
// period has run out for.
func (c *core) FinishedBefore(ctx context.Context, before time.Time, limit int) ([]string, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT d.id FROM dossiers d WHERE d.status IN (?, ?) AND d.updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM dossier_erasures e WHERE e.dossier_id = d.id) ORDER BY d.updated_at LIMIT ?`),
		wire.StatusDone, wire.StatusRejected, micros(before), limit)
	if err != nil {
		return nil, fmt.Errorf("finished dossiers: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("finished dossiers: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
