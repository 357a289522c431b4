package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cantho-kiosk/kiosk/sync/wire"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// receiptAlphabet has no 0/O, 1/I/L: a receipt code is read out over a counter.
const receiptAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // UUID version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func newReceiptCode() string {
	var b [8]byte
	rand.Read(b[:])
	out := make([]byte, 0, 9)
	for i, x := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, receiptAlphabet[int(x)%len(receiptAlphabet)])
	}
	return string(out)
}

// NormalizeReceiptCode turns what a person typed ("k7q4 m2px", "K7Q4M2PX") into the
// stored form "K7Q4-M2PX"; ok is false when it cannot be a receipt code.
func NormalizeReceiptCode(s string) (string, bool) {
	var b []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case strings.ContainsRune(receiptAlphabet, r):
			b = append(b, byte(r))
		default:
			return "", false
		}
	}
	if len(b) != 8 {
		return "", false
	}
	return string(b[:4]) + "-" + string(b[4:]), true
}

// SaveDossier stores a submitted dossier durably and returns it with its ID and receipt
// code. The page files are written and fsynced first, then the rows commit with
// synchronous=FULL: once SaveDossier returns, the dossier survives a crash. On any
// failure nothing is left behind; a full disk is ErrDiskFull.
func (s *Store) SaveDossier(ctx context.Context, nd NewDossier) (*Dossier, error) {
	p, err := s.Procedure(ctx, nd.ProcedureCode)
	if err != nil {
		return nil, fmt.Errorf("store: save dossier: %w", err)
	}
	for i, pg := range nd.Pages {
		if len(pg.Data) == 0 {
			return nil, fmt.Errorf("store: save dossier: page %d is empty", i+1)
		}
		if pg.Format != "jpeg" && pg.Format != "png" {
			return nil, fmt.Errorf("store: save dossier: page %d has format %q, want jpeg or png", i+1, pg.Format)
		}
	}
	now := s.now()
	// Minimisation: only the identity values and form values the procedure's form uses
	// are stored, and so sent (a CCCD's QR code brings more than most forms ask for).
	d := &Dossier{
		ID: newID(), ProcedureCode: p.Code, ProcedureName: p.Name, Applicant: nd.Applicant.Only(p.ApplicantKeys()),
		Fields: map[string]string{}, AssistedBy: nd.AssistedBy, Language: nd.Language, State: Queued,
		CreatedAt: now, UpdatedAt: now, Consent: nd.Consent,
	}
	var consentAt int64
	var consentVersion string
	if nd.Consent != nil {
		consentAt, consentVersion = unixMilli(nd.Consent.At), nd.Consent.Version
	}
	form := p.FormFields()
	for k, v := range nd.Fields {
		if form[k] {
			d.Fields[k] = v
		}
	}
	if d.Language == "" {
		d.Language = "vi"
	}
	dir := filepath.Join(s.pageDir, d.ID)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: save dossier: %w", diskErr(err))
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(dir)
		}
	}()
	for i, pg := range nd.Pages {
		name := fmt.Sprintf("%03d-%s%s", i+1, safeName(pg.DocumentID), pageExt(pg.Format))
		sum, err := writePageFile(dir, name, pg.Data)
		if err != nil {
			return nil, fmt.Errorf("store: save dossier: page %d: %w", i+1, err)
		}
		d.Pages = append(d.Pages, Page{DossierID: d.ID, Seq: i + 1, DocumentID: pg.DocumentID, Format: pg.Format,
			Width: pg.Width, Height: pg.Height, Size: int64(len(pg.Data)), SHA256: sum, Path: filepath.Join(d.ID, name)})
	}
	if err := syncDir(s.pageDir); err != nil {
		return nil, fmt.Errorf("store: save dossier: %w", err)
	}
	applicant, _ := json.Marshal(d.Applicant)
	fields, _ := json.Marshal(d.Fields)
	for try := 0; ; try++ {
		d.ReceiptCode = newReceiptCode()
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dossiers(id, receipt_code, procedure_code, procedure_name,
				applicant, fields, assisted_by, language, state, created_at, updated_at, consent_at, consent_version)
				VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`, d.ID, d.ReceiptCode, d.ProcedureCode, d.ProcedureName,
				string(applicant), string(fields), d.AssistedBy, d.Language, string(Queued), unixMilli(now), unixMilli(now),
				consentAt, consentVersion); err != nil {
				return err
			}
			for _, pg := range d.Pages {
				if _, err := tx.ExecContext(ctx, `INSERT INTO pages(dossier_id, seq, document_id, format, width, height, size, sha256, path)
					VALUES(?,?,?,?,?,?,?,?,?)`, d.ID, pg.Seq, pg.DocumentID, pg.Format, pg.Width, pg.Height, pg.Size, pg.SHA256, pg.Path); err != nil {
					return err
				}
			}
			return s.saveFeeDue(ctx, tx, p, d, now) // fees.go
		})
		if err != nil && try < 5 && strings.Contains(err.Error(), "dossiers.receipt_code") {
			continue // a receipt code collision: draw again
		}
		break
	}
	if err != nil {
		return nil, fmt.Errorf("store: save dossier: %w", err)
	}
	committed = true
	for i := range d.Pages {
		d.Pages[i].Path = s.pagePath(d.ID, d.Pages[i].Path)
	}
	return d, nil
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "page"
	}
	return b.String()
}

const dossierCols = `id, receipt_code, procedure_code, procedure_name, applicant, fields, assisted_by, language,
	state, official_code, status, attempts, next_attempt, last_error, reject_reason, created_at, updated_at, purged, failure,
	consent_at, consent_version`

func (s *Store) queryDossiers(ctx context.Context, where string, args ...any) ([]Dossier, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+dossierCols+" FROM dossiers "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dossier
	for rows.Next() {
		var d Dossier
		var applicant, fields, state string
		var next, created, updated, consentAt int64
		var consentVersion string
		if err := rows.Scan(&d.ID, &d.ReceiptCode, &d.ProcedureCode, &d.ProcedureName, &applicant, &fields,
			&d.AssistedBy, &d.Language, &state, &d.OfficialCode, &d.Status, &d.Attempts, &next, &d.LastError,
			&d.RejectReason, &created, &updated, &d.Purged, &d.Failure, &consentAt, &consentVersion); err != nil {
			return nil, err
		}
		if consentAt != 0 {
			d.Consent = &Consent{At: fromMilli(consentAt).UTC(), Version: consentVersion}
		}
		d.State = State(state)
		d.NextAttempt, d.CreatedAt, d.UpdatedAt = fromMilli(next), fromMilli(created), fromMilli(updated)
		if err := json.Unmarshal([]byte(applicant), &d.Applicant); err != nil {
			return nil, fmt.Errorf("dossier %s applicant: %w", d.ID, err)
		}
		if err := json.Unmarshal([]byte(fields), &d.Fields); err != nil {
			return nil, fmt.Errorf("dossier %s fields: %w", d.ID, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Pages, err = s.pages(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) pages(ctx context.Context, id string) ([]Page, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, document_id, format, width, height, size, sha256, path
		FROM pages WHERE dossier_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Page
	for rows.Next() {
		p := Page{DossierID: id}
		if err := rows.Scan(&p.Seq, &p.DocumentID, &p.Format, &p.Width, &p.Height, &p.Size, &p.SHA256, &p.Path); err != nil {
			return nil, err
		}
		p.Path = s.pagePath(id, p.Path)
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Store) oneDossier(ctx context.Context, what, where string, args ...any) (*Dossier, error) {
	ds, err := s.queryDossiers(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: dossier %s: %w", what, err)
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("store: dossier %s: %w", what, ErrNotFound)
	}
	return &ds[0], nil
}

// Dossier returns the dossier with the given ID.
func (s *Store) Dossier(ctx context.Context, id string) (*Dossier, error) {
	return s.oneDossier(ctx, id, "WHERE id = ?", id)
}

// FindDossier finds a dossier by its receipt code (as a person types it) or its
// official code.
func (s *Store) FindDossier(ctx context.Context, code string) (*Dossier, error) {
	code = strings.TrimSpace(code)
	if rc, ok := NormalizeReceiptCode(code); ok {
		if d, err := s.oneDossier(ctx, code, "WHERE receipt_code = ?", rc); !errors.Is(err, ErrNotFound) {
			return d, err
		}
	}
	if code == "" {
		return nil, fmt.Errorf("store: dossier with an empty code: %w", ErrNotFound)
	}
	return s.oneDossier(ctx, code, "WHERE official_code = ? COLLATE NOCASE", code)
}

// ListDossiers lists dossiers newest first, only those in the given states if any.
func (s *Store) ListDossiers(ctx context.Context, states ...State) ([]Dossier, error) {
	where, args := "", []any{}
	if len(states) > 0 {
		where = "WHERE state IN (" + strings.TrimSuffix(strings.Repeat("?,", len(states)), ",") + ")"
		for _, st := range states {
			args = append(args, string(st))
		}
	}
	ds, err := s.queryDossiers(ctx, where+" ORDER BY created_at DESC, rowid DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list dossiers: %w", err)
	}
	return ds, nil
}

// DueDossiers returns the dossiers to send now, oldest first. A dossier left in
// sending by a crash is due again: the gateway's idempotency makes a resend harmless.
func (s *Store) DueDossiers(ctx context.Context, now time.Time, limit int) ([]Dossier, error) {
	if limit <= 0 {
		limit = 100
	}
	ds, err := s.queryDossiers(ctx, "WHERE state IN ('queued','sending') AND next_attempt <= ? ORDER BY created_at, rowid LIMIT ?",
		unixMilli(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due dossiers: %w", err)
	}
	return ds, nil
}

// pagePath resolves a page path as stored: relative to the page directory (since
// paths are stored that way, so that the working directory never matters), or an
// absolute path of an older row. A relative path of a row written before (relative to
// the working directory of that time, e.g. "data/pages/ID/001-x.jpg") is the file of
// the same name in the dossier's directory. "" (purged) stays "".
func (s *Store) pagePath(dossierID, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.pageDir, dossierID, filepath.Base(p))
}

// NextDue returns the earliest next attempt of the dossiers waiting to be sent
// (queued or sending); ok is false when none waits. A dossier due now has a time at
// or before now.
func (s *Store) NextDue(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT min(next_attempt) FROM dossiers WHERE state IN ('queued','sending')").Scan(&next); err != nil {
		return time.Time{}, false, fmt.Errorf("store: next due: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return time.UnixMilli(next.Int64), true, nil
}

// update changes one dossier's row if its state is one of from; ErrNotFound if it
// does not exist, ErrBadState if it is in another state.
func (s *Store) update(ctx context.Context, id string, from []State, set string, args ...any) error {
	return s.updateThen(ctx, id, from, nil, set, args...)
}

// updateThen is update, plus then (if not nil) run in the same transaction.
func (s *Store) updateThen(ctx context.Context, id string, from []State, then func(tx *sql.Tx) error, set string, args ...any) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return s.updateIn(ctx, tx, id, from, then, set, args...) })
}

// updateIn is updateThen within the caller's transaction tx.
func (s *Store) updateIn(ctx context.Context, tx *sql.Tx, id string, from []State, then func(tx *sql.Tx) error, set string, args ...any) error {
	var st string
	err := tx.QueryRowContext(ctx, "SELECT state FROM dossiers WHERE id = ?", id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	allowed := false
	for _, f := range from {
		allowed = allowed || State(st) == f
	}
	if !allowed {
		return fmt.Errorf("%w (it is %s)", ErrBadState, st)
	}
	args = append(args, unixMilli(s.now()), id)
	if _, err = tx.ExecContext(ctx, "UPDATE dossiers SET "+set+", updated_at = ? WHERE id = ?", args...); err != nil || then == nil {
		return err
	}
	return then(tx)
}

// MarkSending records that a send attempt starts.
func (s *Store) MarkSending(ctx context.Context, id string) error {
	if err := s.update(ctx, id, []State{Queued, Sending}, "state = 'sending', attempts = attempts + 1"); err != nil {
		return fmt.Errorf("store: mark %s sending: %w", id, err)
	}
	return nil
}

// MarkRetry schedules another attempt after a transient failure.
func (s *Store) MarkRetry(ctx context.Context, id string, next time.Time, kind Failure, lastErr string) error {
	if err := s.update(ctx, id, []State{Queued, Sending}, "state = 'queued', next_attempt = ?, failure = ?, last_error = ?", unixMilli(next), kind, lastErr); err != nil {
		return fmt.Errorf("store: mark %s for retry: %w", id, err)
	}
	return nil
}

// MarkRejected records the gateway's permanent refusal, with its reason for staff.
func (s *Store) MarkRejected(ctx context.Context, id string, kind Failure, reason string) error {
	if err := s.update(ctx, id, []State{Queued, Sending}, "state = 'rejected', failure = ?, reject_reason = ?, last_error = ?", kind, reason, reason); err != nil {
		return fmt.Errorf("store: mark %s rejected: %w", id, err)
	}
	return nil
}

// MarkAccepted records the gateway's acknowledgement and official code, then purges the
// personal data the kiosk no longer needs: form values, applicant and page files. What
// stays (receipt and official code, procedure, status) is what a status lookup shows.
// Accepting an accepted dossier again only refreshes its code and status.
func (s *Store) MarkAccepted(ctx context.Context, id, officialCode string, status wire.Status) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return s.acceptIn(ctx, tx, id, officialCode, status) })
	if err != nil {
		return fmt.Errorf("store: mark %s accepted: %w", id, err)
	}
	if err := shredDir(filepath.Join(s.pageDir, id)); err != nil {
		return fmt.Errorf("store: purge pages of %s: %w", id, err)
	}
	s.checkpointAfterPurge(ctx)
	return nil
}

// acceptIn records an acceptance within tx: the row purged of personal data, the page
// paths cleared (the files are shredded after the commit).
func (s *Store) acceptIn(ctx context.Context, tx *sql.Tx, id, officialCode string, status wire.Status) error {
	clearPaths := func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE pages SET path = '' WHERE dossier_id = ?", id)
		return err
	}
	return s.updateIn(ctx, tx, id, []State{Queued, Sending, Accepted}, clearPaths, `state = 'accepted', official_code = ?, status = ?,
		applicant = '{}', fields = '{}', purged = 1, last_error = '', next_attempt = 0`, officialCode, status)
}

// SetRemoteStatus records the gateway's processing status (and official code) of an
// accepted dossier.
func (s *Store) SetRemoteStatus(ctx context.Context, id, officialCode string, status wire.Status) error {
	set, args := "status = ?", []any{status}
	if officialCode != "" {
		set, args = "status = ?, official_code = ?", []any{status, officialCode}
	}
	if err := s.update(ctx, id, []State{Accepted}, set, args...); err != nil {
		return fmt.Errorf("store: set status of %s: %w", id, err)
	}
	return nil
}

// Unfinished lists accepted dossiers whose gateway status may still change, or whose
// fee is not paid in full yet (a payment may arrive after the dossier is done).
func (s *Store) Unfinished(ctx context.Context) ([]Dossier, error) {
	ds, err := s.queryDossiers(ctx, `WHERE state = 'accepted' AND (status NOT IN `+finalSQL+`
		OR id IN (SELECT dossier_id FROM fees WHERE payment NOT IN ('paid','overpaid'))) ORDER BY created_at`)
	if err != nil {
		return nil, fmt.Errorf("store: unfinished dossiers: %w", err)
	}
	return ds, nil
}

// RetryNow makes a queued or rejected dossier due at once (staff "retry").
func (s *Store) RetryNow(ctx context.Context, id string) error {
	if err := s.update(ctx, id, []State{Queued, Sending, Rejected}, "state = 'queued', next_attempt = 0, reject_reason = ''"); err != nil {
		return fmt.Errorf("store: retry %s: %w", id, err)
	}
	return nil
}

// DeleteDossier removes a dossier with its page files.
func (s *Store) DeleteDossier(ctx context.Context, id string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM dossiers WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: delete %s: %w", id, err)
	}
	if err := shredDir(filepath.Join(s.pageDir, id)); err != nil {
		return fmt.Errorf("store: delete pages of %s: %w", id, err)
	}
	s.checkpointAfterPurge(ctx)
	return nil
}

// OutboxCounts counts dossiers per state.
func (s *Store) OutboxCounts(ctx context.Context) (map[State]int, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT state, count(*) FROM dossiers GROUP BY state")
	if err != nil {
		return nil, fmt.Errorf("store: outbox counts: %w", err)
	}
	defer rows.Close()
	out := map[State]int{Queued: 0, Sending: 0, Accepted: 0, Rejected: 0}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: outbox counts: %w", err)
		}
		out[State(st)] = n
	}
	return out, rows.Err()
}

// sweepPages removes page directories that belong to no stored dossier (a crash between
// writing the files and committing the row) or to a purged one. Directories younger than
// grace are left alone: another process may be saving into them right now.
func (s *Store) sweepPages(ctx context.Context, grace time.Duration) error {
	entries, err := os.ReadDir(s.pageDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		var purged bool
		err := s.db.QueryRowContext(ctx, "SELECT purged FROM dossiers WHERE id = ?", e.Name()).Scan(&purged)
		switch {
		case err == nil && !purged:
			continue
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		info, err := e.Info()
		if err != nil || (!purged && s.now().Sub(info.ModTime()) < grace) {
			continue
		}
		if purged { // an accepted dossier's pages whose deferred shredding a crash undid
			shredDir(filepath.Join(s.pageDir, e.Name()))
			continue
		}
		os.RemoveAll(filepath.Join(s.pageDir, e.Name()))
	}
	return nil
}
