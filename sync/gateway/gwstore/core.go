package gwstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// PagesMissingError lists the pages a submission references that were never uploaded.
// errors.Is(err, ErrPagesMissing) holds.
type PagesMissingError struct{ Missing []string }

func (e *PagesMissingError) Error() string {
	return fmt.Sprintf("%v: %s", ErrPagesMissing, strings.Join(e.Missing, ", "))
}

// Unwrap makes errors.Is(err, ErrPagesMissing) hold.
func (e *PagesMissingError) Unwrap() error { return ErrPagesMissing }

// dialect is what differs between the two SQL engines, apart from page bytes.
type dialect struct {
	rebind      func(q string) string // '?' placeholders to the engine's
	lockDossier func(ctx context.Context, tx *sql.Tx, id string) error
	isUnique    func(err error) bool
	schema      schemaDialect
}

// core is the SQL shared by both implementations. rw is the pool for writing
// transactions, ro for reads (the same pool on PostgreSQL).
type core struct {
	rw, ro *sql.DB
	d      dialect
	pages  PageBlobs
}

func micros(t time.Time) int64 { return t.UnixMicro() }
func fromMicros(v int64) time.Time {
	return time.UnixMicro(v).UTC()
}

func (c *core) q(s string) string { return c.d.rebind(s) }

func (c *core) AddKiosk(ctx context.Context, k Kiosk) error {
	_, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO kiosks(id, name, commune, secret, created_at, disabled) VALUES(?,?,?,?,?,?)`),
		k.ID, k.Name, k.Commune, k.Secret, micros(k.CreatedAt), boolInt(k.Disabled))
	if err != nil {
		if c.d.isUnique(err) {
			return fmt.Errorf("add kiosk %q: %w", k.Name, ErrDuplicateName)
		}
		return fmt.Errorf("add kiosk %q: %w", k.Name, err)
	}
	return nil
}

const kioskCols = `id, name, commune, secret, created_at, disabled`

func scanKiosk(s interface{ Scan(...any) error }) (Kiosk, error) {
	var k Kiosk
	var created, disabled int64
	if err := s.Scan(&k.ID, &k.Name, &k.Commune, &k.Secret, &created, &disabled); err != nil {
		return Kiosk{}, err
	}
	k.CreatedAt, k.Disabled = fromMicros(created), disabled != 0
	return k, nil
}

func (c *core) Kiosk(ctx context.Context, id string) (Kiosk, error) {
	k, err := scanKiosk(c.ro.QueryRowContext(ctx, c.q(`SELECT `+kioskCols+` FROM kiosks WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Kiosk{}, fmt.Errorf("kiosk %q: %w", id, ErrNotFound)
	}
	if err != nil {
		return Kiosk{}, fmt.Errorf("kiosk %q: %w", id, err)
	}
	return k, nil
}

func (c *core) Kiosks(ctx context.Context) ([]Kiosk, error) {
	rows, err := c.ro.QueryContext(ctx, `SELECT `+kioskCols+` FROM kiosks ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list kiosks: %w", err)
	}
	defer rows.Close()
	var out []Kiosk
	for rows.Next() {
		k, err := scanKiosk(rows)
		if err != nil {
			return nil, fmt.Errorf("list kiosks: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

func (c *core) HasPage(ctx context.Context, sha string) (bool, error) {
	var n int
	err := c.ro.QueryRowContext(ctx, c.q(`SELECT 1 FROM pages WHERE sha256 = ?`), sha).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("has page %s: %w", sha, err)
	}
	return true, nil
}

// pageSizes returns the size of each present page among shas, using q (a pool or a tx).
func (c *core) pageSizes(ctx context.Context, q queryer, shas []string) (map[string]int64, error) {
	out := make(map[string]int64, len(shas))
	uniq := dedupe(shas)
	for len(uniq) > 0 {
		n := min(len(uniq), 200)
		batch := uniq[:n]
		uniq = uniq[n:]
		args := make([]any, len(batch))
		for i, s := range batch {
			args[i] = s
		}
		rows, err := q.QueryContext(ctx, c.q(`SELECT sha256, size FROM pages WHERE sha256 IN (?`+strings.Repeat(",?", len(batch)-1)+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("page sizes: %w", err)
		}
		for rows.Next() {
			var s string
			var size int64
			if err := rows.Scan(&s, &size); err != nil {
				rows.Close()
				return nil, fmt.Errorf("page sizes: %w", err)
			}
			out[s] = size
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("page sizes: %w", err)
		}
	}
	return out, nil
}

func (c *core) PageSizes(ctx context.Context, shas []string) (map[string]int64, error) {
	return c.pageSizes(ctx, c.ro, shas)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const dossierCols = `id, kiosk_id, receipt_code, procedure_code, official_code, status, note, body_sha256, body, page_count, received_at, updated_at`

func scanDossier(s interface{ Scan(...any) error }) (Dossier, error) {
	var d Dossier
	var body string
	var rec, upd int64
	if err := s.Scan(&d.ID, &d.KioskID, &d.ReceiptCode, &d.ProcedureCode, &d.OfficialCode, &d.Status, &d.Note,
		&d.BodySHA256, &body, &d.PageCount, &rec, &upd); err != nil {
		return Dossier{}, err
	}
	d.Body, d.ReceivedAt, d.UpdatedAt = []byte(body), fromMicros(rec), fromMicros(upd)
	return d, nil
}

// SubmitDossier stores a new dossier with its official code, or returns the stored one
// when the same body was submitted before (created false). It fails with ErrConflict
// when the id holds a different body (or another kiosk's dossier), and with a
// *PagesMissingError when a referenced page is absent.
func (c *core) SubmitDossier(ctx context.Context, nd NewDossier) (Dossier, bool, error) {
	id := nd.Dossier.ID
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: begin: %w", id, err)
	}
	defer tx.Rollback()
	if err := c.d.lockDossier(ctx, tx, id); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: lock: %w", id, err)
	}
	old, err := scanDossier(tx.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ?`), id))
	switch {
	case err == nil:
		if old.BodySHA256 != nd.BodySHA256 || old.KioskID != nd.KioskID {
			return Dossier{}, false, fmt.Errorf("submit %s: %w", id, ErrConflict)
		}
		return old, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Dossier{}, false, fmt.Errorf("submit %s: %w", id, err)
	}
	shas := make([]string, len(nd.Dossier.Pages))
	for i, p := range nd.Dossier.Pages {
		shas[i] = p.SHA256
	}
	have, err := c.pageSizes(ctx, tx, shas)
	if err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: %w", id, err)
	}
	var missing []string
	for _, s := range dedupe(shas) {
		if _, ok := have[s]; !ok {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		return Dossier{}, false, fmt.Errorf("submit %s: %w", id, &PagesMissingError{Missing: missing})
	}
	key := nd.Agency + "-" + nd.Day.Format("060102")
	var seq int
	if err := tx.QueryRowContext(ctx, c.q(`INSERT INTO day_seq(prefix, last) VALUES(?, 1)
		ON CONFLICT(prefix) DO UPDATE SET last = day_seq.last + 1 RETURNING last`), key).Scan(&seq); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: sequence: %w", id, err)
	}
	d := Dossier{
		ID: id, KioskID: nd.KioskID, ReceiptCode: nd.Dossier.ReceiptCode, ProcedureCode: nd.Dossier.ProcedureCode,
		OfficialCode: wire.FormatOfficialCode(nd.Agency, nd.Day, seq), Status: wire.StatusReceived,
		BodySHA256: nd.BodySHA256, Body: nd.Body, PageCount: len(nd.Dossier.Pages),
		ReceivedAt: nd.ReceivedAt.UTC().Truncate(time.Microsecond), UpdatedAt: nd.ReceivedAt.UTC().Truncate(time.Microsecond),
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dossiers(`+dossierCols+`) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)`),
		d.ID, d.KioskID, d.ReceiptCode, d.ProcedureCode, d.OfficialCode, d.Status, d.Note, d.BodySHA256, string(d.Body),
		d.PageCount, micros(d.ReceivedAt), micros(d.UpdatedAt)); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: insert: %w", id, err)
	}
	for _, p := range nd.Dossier.Pages {
		if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dossier_pages(dossier_id, seq, document_id, sha256, size, format) VALUES(?,?,?,?,?,?)`),
			id, p.Seq, p.DocumentID, p.SHA256, p.Size, p.Format); err != nil {
			return Dossier{}, false, fmt.Errorf("submit %s: page %d: %w", id, p.Seq, err)
		}
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dossier_events(dossier_id, at, status, note) VALUES(?,?,?,?)`),
		id, micros(d.ReceivedAt), d.Status, ""); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: history: %w", id, err)
	}
	if err := c.noteChange(ctx, tx, d.KioskID, id); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return Dossier{}, false, fmt.Errorf("submit %s: commit: %w", id, err)
	}
	return d, true, nil
}

func (c *core) DossierByID(ctx context.Context, id string) (Dossier, error) {
	d, err := scanDossier(c.ro.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return Dossier{}, fmt.Errorf("dossier %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %s: %w", id, err)
	}
	return d, nil
}

// DossierByCode finds a kiosk's dossier by official code or receipt code.
func (c *core) DossierByCode(ctx context.Context, kioskID, code string) (Dossier, error) {
	d, err := scanDossier(c.ro.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers
		WHERE kiosk_id = ? AND (official_code = ? OR receipt_code = ?) ORDER BY received_at DESC LIMIT 1`), kioskID, code, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Dossier{}, fmt.Errorf("dossier %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %q: %w", code, err)
	}
	return d, nil
}

func (c *core) Dossiers(ctx context.Context, f DossierFilter) ([]Dossier, error) {
	q := `SELECT ` + dossierCols + ` FROM dossiers WHERE 1=1`
	var args []any
	if f.KioskID != "" {
		q += ` AND kiosk_id = ?`
		args = append(args, f.KioskID)
	}
	if f.Status != "" {
		q += ` AND status = ?`
		args = append(args, f.Status)
	}
	if !f.Since.IsZero() {
		q += ` AND received_at >= ?`
		args = append(args, micros(f.Since))
	}
	q += ` ORDER BY received_at, official_code`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list dossiers: %w", err)
	}
	defer rows.Close()
	var out []Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, fmt.Errorf("list dossiers: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetStatus moves a dossier (by id or official code) to status with a note for the
// resident. It fails with ErrNotFound or ErrTransition.
func (c *core) SetStatus(ctx context.Context, idOrCode, status, note string, at time.Time) (Dossier, error) {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", idOrCode, err)
	}
	defer tx.Rollback()
	d, err := scanDossier(tx.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ? OR official_code = ?`), idOrCode, idOrCode))
	if errors.Is(err, sql.ErrNoRows) {
		return Dossier{}, fmt.Errorf("set status %s: %w", idOrCode, ErrNotFound)
	}
	if err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", idOrCode, err)
	}
	if err := c.d.lockDossier(ctx, tx, d.ID); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: lock: %w", idOrCode, err)
	}
	// Re-read under the lock: another process may have moved it meanwhile.
	if d, err = scanDossier(tx.QueryRowContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ?`), d.ID)); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", idOrCode, err)
	}
	if err := checkMove(d.Status, wire.Status(status)); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", d.OfficialCode, err)
	}
	at = at.UTC().Truncate(time.Microsecond)
	if _, err := tx.ExecContext(ctx, c.q(`UPDATE dossiers SET status = ?, note = ?, updated_at = ? WHERE id = ?`), status, note, micros(at), d.ID); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", d.OfficialCode, err)
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO dossier_events(dossier_id, at, status, note) VALUES(?,?,?,?)`), d.ID, micros(at), status, note); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: history: %w", d.OfficialCode, err)
	}
	if err := c.noteChange(ctx, tx, d.KioskID, d.ID); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: %w", d.OfficialCode, err)
	}
	if err := tx.Commit(); err != nil {
		return Dossier{}, fmt.Errorf("set status %s: commit: %w", d.OfficialCode, err)
	}
	d.Status, d.Note, d.UpdatedAt = wire.Status(status), note, at
	return d, nil
}

func (c *core) History(ctx context.Context, id string) ([]StatusChange, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT at, status, note FROM dossier_events WHERE dossier_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	defer rows.Close()
	var out []StatusChange
	for rows.Next() {
		var ch StatusChange
		var at int64
		if err := rows.Scan(&at, &ch.Status, &ch.Note); err != nil {
			return nil, fmt.Errorf("history %s: %w", id, err)
		}
		ch.At = fromMicros(at)
		out = append(out, ch)
	}
	return out, rows.Err()
}

// PutUsage replaces one kiosk's figures of one day (an upsert, never an increment).
func (c *core) PutUsage(ctx context.Context, u UsageDay) error {
	ratings, _ := json.Marshal(u.Usage.Ratings)
	views, err := json.Marshal(nonNil(u.Usage.ProcedureViews))
	if err != nil {
		return fmt.Errorf("usage %s %s: %w", u.KioskID, u.Day, err)
	}
	byProc, err := json.Marshal(nonNil(u.Usage.DossiersByProcedure))
	if err != nil {
		return fmt.Errorf("usage %s %s: %w", u.KioskID, u.Day, err)
	}
	x := u.Usage
	_, err = c.rw.ExecContext(ctx, c.q(`INSERT INTO usage(kiosk_id, day, sessions, completed, abandoned, dossiers_started,
		dossiers_submitted, assisted_dossiers, pages_scanned, lookups, ratings, procedure_views, dossiers_by_procedure, updated_at)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(kiosk_id, day) DO UPDATE SET sessions = excluded.sessions, completed = excluded.completed,
		abandoned = excluded.abandoned, dossiers_started = excluded.dossiers_started,
		dossiers_submitted = excluded.dossiers_submitted,
		assisted_dossiers = excluded.assisted_dossiers, pages_scanned = excluded.pages_scanned, lookups = excluded.lookups,
		ratings = excluded.ratings, procedure_views = excluded.procedure_views,
		dossiers_by_procedure = excluded.dossiers_by_procedure, updated_at = excluded.updated_at`),
		u.KioskID, u.Day, x.Sessions, x.Completed, x.Abandoned, x.DossiersStarted, x.DossiersSubmitted, x.AssistedDossiers, x.PagesScanned,
		x.Lookups, string(ratings), string(views), string(byProc), micros(u.UpdatedAt))
	if err != nil {
		return fmt.Errorf("usage %s %s: %w", u.KioskID, u.Day, err)
	}
	return nil
}

// Usage lists usage rows by day then kiosk.
func (c *core) Usage(ctx context.Context, f UsageFilter) ([]UsageDay, error) {
	q := `SELECT u.kiosk_id, u.day, u.sessions, u.completed, u.abandoned, u.dossiers_started, u.dossiers_submitted, u.assisted_dossiers,
		u.pages_scanned, u.lookups, u.ratings, u.procedure_views, u.dossiers_by_procedure, u.updated_at
		FROM usage u JOIN kiosks k ON k.id = u.kiosk_id`
	where, args := usageWhere(f)
	q += where
	q += ` ORDER BY u.day, u.kiosk_id`
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("usage: %w", err)
	}
	defer rows.Close()
	var out []UsageDay
	for rows.Next() {
		var u UsageDay
		var ratings, views, byProc string
		var upd int64
		x := &u.Usage
		if err := rows.Scan(&u.KioskID, &u.Day, &x.Sessions, &x.Completed, &x.Abandoned, &x.DossiersStarted, &x.DossiersSubmitted,
			&x.AssistedDossiers, &x.PagesScanned, &x.Lookups, &ratings, &views, &byProc, &upd); err != nil {
			return nil, fmt.Errorf("usage: %w", err)
		}
		if err := errors.Join(json.Unmarshal([]byte(ratings), &x.Ratings), json.Unmarshal([]byte(views), &x.ProcedureViews),
			json.Unmarshal([]byte(byProc), &x.DossiersByProcedure)); err != nil {
			return nil, fmt.Errorf("usage %s %s: %w", u.KioskID, u.Day, err)
		}
		x.Day = u.Day
		u.UpdatedAt = fromMicros(upd)
		out = append(out, u)
	}
	return out, rows.Err()
}

func nonNil(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func dedupe(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	j := 0
	for i, v := range out {
		if i == 0 || v != out[j-1] {
			out[j] = v
			j++
		}
	}
	return out[:j]
}
