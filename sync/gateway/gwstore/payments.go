package gwstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Errors of payments; callers decide with errors.Is.
var (
	ErrPaymentConflict = errors.New("gwstore: a different notification under the same transaction id")
	ErrAlreadyMatched  = errors.New("gwstore: the payment is already matched to a dossier")
)

// Payments is the payment part of Interface.
type Payments interface {
	RecordPayment(ctx context.Context, np NewPayment) (p Payment, duplicate bool, err error)
	Payment(ctx context.Context, txnID string) (Payment, error)
	Payments(ctx context.Context, f PaymentFilter) ([]Payment, error)
	MatchPayment(ctx context.Context, txnID, dossierID string, due int64, account string, at time.Time) (Payment, error)
	PaymentAudits(ctx context.Context, txnID string) ([]PaymentAudit, error)
	DossierFee(ctx context.Context, dossierID string) (FeeSummary, error)
	DossiersByReceipt(ctx context.Context, receipt string) ([]Dossier, error)
	FeesCollected(ctx context.Context, from, to string, loc *time.Location) (map[string]int64, error)
	DossierByRef(ctx context.Context, ref string) (Dossier, error)
}

// paymentSchema is the payments' tables (a schema template, schema.go), created
// when the store opens.
const paymentSchema = `
CREATE TABLE IF NOT EXISTS payments (
	txn_id      TEXT PRIMARY KEY,
	body_sha256 TEXT NOT NULL,
	amount      BIGINT NOT NULL,
	purpose     TEXT NOT NULL,
	account     TEXT NOT NULL DEFAULT '',
	booked_at   BIGINT NOT NULL,
	received_at BIGINT NOT NULL,
	dossier_id  TEXT NOT NULL DEFAULT '',
	receipt     TEXT NOT NULL DEFAULT '',
	due         BIGINT NOT NULL DEFAULT 0,
	result      TEXT NOT NULL,
	reason      TEXT NOT NULL DEFAULT '',
	matched_by  TEXT NOT NULL DEFAULT '',
	matched_at  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS payments_dossier ON payments(dossier_id);
CREATE INDEX IF NOT EXISTS payments_received ON payments(received_at);
CREATE TABLE IF NOT EXISTS payment_audit (
	txn_id     TEXT NOT NULL,
	at         BIGINT NOT NULL,
	account    TEXT NOT NULL,
	dossier_id TEXT NOT NULL,
	result     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payment_audit_txn ON payment_audit(txn_id);
`

// NewPayment is a verified notification with what the gateway matched it to.
// DossierID empty: unmatched (Reason says why); else Due is what the dossier owes.
type NewPayment struct {
	TxnID      string
	BodySHA256 string // what "the same notification" compares
	Amount     int64
	Purpose    string
	Account    string
	BookedAt   time.Time
	ReceivedAt time.Time
	DossierID  string
	Receipt    string // the receipt code read from the purpose, if any
	Due        int64
	Reason     string
}

// Payment is a stored credit. Result is decided when it is matched: the dossier's
// total paid so far (this credit included) against Due.
type Payment struct {
	NewPayment
	Result    string
	MatchedBy string // the dashboard account of a manual match; "" when automatic
	MatchedAt time.Time
}

// PaymentFilter selects payments; zero values select everything. From and To bound
// received_at (To exclusive).
type PaymentFilter struct {
	Unmatched bool
	DossierID string
	From, To  time.Time
	Limit     int
}

// PaymentAudit records a manual match.
type PaymentAudit struct {
	TxnID     string
	At        time.Time
	Account   string
	DossierID string
	Result    string
}

// FeeSummary is a dossier's fee as its matched payments make it.
type FeeSummary struct {
	Due, Paid int64
	Result    string // "" when nothing was paid
}

const paymentCols = `txn_id, body_sha256, amount, purpose, account, booked_at, received_at, dossier_id, receipt, due, result, reason, matched_by, matched_at`

func scanPayment(s interface{ Scan(...any) error }) (Payment, error) {
	var p Payment
	var booked, received, matched int64
	err := s.Scan(&p.TxnID, &p.BodySHA256, &p.Amount, &p.Purpose, &p.Account, &booked, &received, &p.DossierID,
		&p.Receipt, &p.Due, &p.Result, &p.Reason, &p.MatchedBy, &matched)
	if err != nil {
		return Payment{}, err
	}
	p.BookedAt, p.ReceivedAt = fromMicros(booked), fromMicros(received)
	if matched != 0 {
		p.MatchedAt = fromMicros(matched)
	}
	return p, nil
}

// paidBefore sums the payments already matched to a dossier.
func (c *core) paidBefore(ctx context.Context, tx *sql.Tx, dossierID string) (int64, error) {
	var sum sql.NullInt64
	err := tx.QueryRowContext(ctx, c.q(`SELECT SUM(amount) FROM payments WHERE dossier_id = ?`), dossierID).Scan(&sum)
	return sum.Int64, err
}

// RecordPayment stores a notification once. The same transaction id with the same body
// answers the stored payment with duplicate true; with another body it fails with
// ErrPaymentConflict and stores nothing.
func (c *core) RecordPayment(ctx context.Context, np NewPayment) (p Payment, duplicate bool, err error) {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
	}
	defer tx.Rollback()
	if err := c.d.lockDossier(ctx, tx, "txn:"+np.TxnID); err != nil {
		return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
	}
	old, err := scanPayment(tx.QueryRowContext(ctx, c.q(`SELECT `+paymentCols+` FROM payments WHERE txn_id = ?`), np.TxnID))
	switch {
	case err == nil:
		if old.BodySHA256 != np.BodySHA256 {
			return old, false, fmt.Errorf("record payment %s: %w", np.TxnID, ErrPaymentConflict)
		}
		return old, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
	}
	p = Payment{NewPayment: np, Result: fee.Unmatched}
	if np.DossierID != "" {
		if err := c.d.lockDossier(ctx, tx, "pay:"+np.DossierID); err != nil {
			return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
		}
		before, err := c.paidBefore(ctx, tx, np.DossierID)
		if err != nil {
			return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
		}
		p.Result = fee.Classify(before+np.Amount, np.Due)
	}
	if err := c.insertPayment(ctx, tx, p); err != nil {
		if c.d.isUnique(err) {
			return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, ErrPaymentConflict)
		}
		return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
	}
	if np.DossierID != "" {
		if err := c.noteDossierChange(ctx, tx, np.DossierID); err != nil { // the kiosk's change feed (uploads.go)
			return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Payment{}, false, fmt.Errorf("record payment %s: %w", np.TxnID, err)
	}
	return p, false, nil
}

func (c *core) insertPayment(ctx context.Context, tx *sql.Tx, p Payment) error {
	var matched int64
	if !p.MatchedAt.IsZero() {
		matched = micros(p.MatchedAt)
	}
	_, err := tx.ExecContext(ctx, c.q(`INSERT INTO payments(`+paymentCols+`) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
		p.TxnID, p.BodySHA256, p.Amount, p.Purpose, p.Account, micros(p.BookedAt), micros(p.ReceivedAt), p.DossierID,
		p.Receipt, p.Due, p.Result, p.Reason, p.MatchedBy, matched)
	return err
}

// Payment returns one payment by the bank's transaction id; ErrNotFound when absent.
func (c *core) Payment(ctx context.Context, txnID string) (Payment, error) {
	p, err := scanPayment(c.ro.QueryRowContext(ctx, c.q(`SELECT `+paymentCols+` FROM payments WHERE txn_id = ?`), txnID))
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, fmt.Errorf("payment %q: %w", txnID, ErrNotFound)
	}
	if err != nil {
		return Payment{}, fmt.Errorf("payment %q: %w", txnID, err)
	}
	return p, nil
}

// Payments lists payments, newest first.
func (c *core) Payments(ctx context.Context, f PaymentFilter) ([]Payment, error) {
	q := `SELECT ` + paymentCols + ` FROM payments WHERE 1=1`
	var args []any
	if f.Unmatched {
		q += ` AND dossier_id = ''`
	}
	if f.DossierID != "" {
		q += ` AND dossier_id = ?`
		args = append(args, f.DossierID)
	}
	if !f.From.IsZero() {
		q += ` AND received_at >= ?`
		args = append(args, micros(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND received_at < ?`
		args = append(args, micros(f.To))
	}
	q += ` ORDER BY received_at DESC, txn_id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := c.ro.QueryContext(ctx, c.q(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list payments: %w", err)
	}
	defer rows.Close()
	var out []Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("list payments: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// MatchPayment assigns an unmatched payment to a dossier by hand (a city account on the
// dashboard) and records who did it. due is what the dossier owes. It fails with
// ErrNotFound or ErrAlreadyMatched.
func (c *core) MatchPayment(ctx context.Context, txnID, dossierID string, due int64, account string, at time.Time) (Payment, error) {
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	defer tx.Rollback()
	if err := c.d.lockDossier(ctx, tx, "txn:"+txnID); err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	p, err := scanPayment(tx.QueryRowContext(ctx, c.q(`SELECT `+paymentCols+` FROM payments WHERE txn_id = ?`), txnID))
	if errors.Is(err, sql.ErrNoRows) {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, ErrNotFound)
	}
	if err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	if p.DossierID != "" {
		return p, fmt.Errorf("match payment %s: %w", txnID, ErrAlreadyMatched)
	}
	if err := c.d.lockDossier(ctx, tx, "pay:"+dossierID); err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	before, err := c.paidBefore(ctx, tx, dossierID)
	if err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	at = at.UTC().Truncate(time.Microsecond)
	p.DossierID, p.Due, p.Result, p.MatchedBy, p.MatchedAt = dossierID, due, fee.Classify(before+p.Amount, due), account, at
	if _, err := tx.ExecContext(ctx, c.q(`UPDATE payments SET dossier_id = ?, due = ?, result = ?, matched_by = ?, matched_at = ?
		WHERE txn_id = ? AND dossier_id = ''`), dossierID, due, p.Result, account, micros(at), txnID); err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO payment_audit(txn_id, at, account, dossier_id, result) VALUES(?,?,?,?,?)`),
		txnID, micros(at), account, dossierID, p.Result); err != nil {
		return Payment{}, fmt.Errorf("match payment %s: audit: %w", txnID, err)
	}
	if err := c.noteDossierChange(ctx, tx, dossierID); err != nil { // the kiosk's change feed (uploads.go)
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	if err := tx.Commit(); err != nil {
		return Payment{}, fmt.Errorf("match payment %s: %w", txnID, err)
	}
	return p, nil
}

// PaymentAudits lists the manual matches of a payment, oldest first.
func (c *core) PaymentAudits(ctx context.Context, txnID string) ([]PaymentAudit, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT txn_id, at, account, dossier_id, result FROM payment_audit WHERE txn_id = ? ORDER BY at`), txnID)
	if err != nil {
		return nil, fmt.Errorf("payment audit %s: %w", txnID, err)
	}
	defer rows.Close()
	var out []PaymentAudit
	for rows.Next() {
		var a PaymentAudit
		var at int64
		if err := rows.Scan(&a.TxnID, &at, &a.Account, &a.DossierID, &a.Result); err != nil {
			return nil, fmt.Errorf("payment audit %s: %w", txnID, err)
		}
		a.At = fromMicros(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// DossierFee sums the payments matched to a dossier: what it owes (the latest match's
// due) and what was paid; Result is "" when nothing was.
func (c *core) DossierFee(ctx context.Context, dossierID string) (FeeSummary, error) {
	var paid, due sql.NullInt64
	var n int
	err := c.ro.QueryRowContext(ctx, c.q(`SELECT COUNT(*), SUM(amount), MAX(due) FROM payments WHERE dossier_id = ?`), dossierID).Scan(&n, &paid, &due)
	if err != nil {
		return FeeSummary{}, fmt.Errorf("fee of %s: %w", dossierID, err)
	}
	if n == 0 {
		return FeeSummary{}, nil
	}
	return FeeSummary{Due: due.Int64, Paid: paid.Int64, Result: fee.Classify(paid.Int64, due.Int64)}, nil
}

// DossiersByReceipt returns the dossiers of every kiosk with this receipt code (a bank
// transfer names no kiosk; two hits make the credit ambiguous).
func (c *core) DossiersByReceipt(ctx context.Context, receipt string) ([]Dossier, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE receipt_code = ? ORDER BY received_at LIMIT 5`), receipt)
	if err != nil {
		return nil, fmt.Errorf("dossiers with receipt %s: %w", receipt, err)
	}
	defer rows.Close()
	var out []Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, fmt.Errorf("dossiers with receipt %s: %w", receipt, err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// FeesCollected sums the matched payments of each day (the day of received_at in loc)
// between from and to (inclusive YYYY-MM-DD days).
func (c *core) FeesCollected(ctx context.Context, from, to string, loc *time.Location) (map[string]int64, error) {
	f, err := time.ParseInLocation("2006-01-02", from, loc)
	if err != nil {
		return nil, fmt.Errorf("fees collected: %w", err)
	}
	t, err := time.ParseInLocation("2006-01-02", to, loc)
	if err != nil {
		return nil, fmt.Errorf("fees collected: %w", err)
	}
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT amount, received_at FROM payments WHERE dossier_id != '' AND received_at >= ? AND received_at < ?`),
		micros(f), micros(t.AddDate(0, 0, 1)))
	if err != nil {
		return nil, fmt.Errorf("fees collected: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var amount, at int64
		if err := rows.Scan(&amount, &at); err != nil {
			return nil, fmt.Errorf("fees collected: %w", err)
		}
		out[fromMicros(at).In(loc).Format("2006-01-02")] += amount
	}
	return out, rows.Err()
}

// FeeDue is what the dossier owes under cat (sync/fee.Due of its procedure and form
// answers, filed at its creation time in loc); 0 when its procedure is not in cat.
func (d Dossier) FeeDue(cat *catalog.Catalog, loc *time.Location) (int64, error) {
	var wd wire.Dossier
	if err := json.Unmarshal(d.Body, &wd); err != nil {
		return 0, fmt.Errorf("fee of %s: %w", d.ID, err)
	}
	p, ok := cat.Find(d.ProcedureCode)
	if !ok {
		return 0, nil
	}
	due, _ := fee.Due(p, wd.Fields, wd.CreatedAt.In(loc))
	return due, nil
}

// ErrAmbiguous: a reference names more than one dossier.
var ErrAmbiguous = errors.New("gwstore: the reference names several dossiers")

// DossierByRef finds a dossier by its id, official code or receipt code (what a clerk
// types to match a payment by hand); ErrNotFound or ErrAmbiguous otherwise.
func (c *core) DossierByRef(ctx context.Context, ref string) (Dossier, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT `+dossierCols+` FROM dossiers WHERE id = ? OR official_code = ? OR receipt_code = ? LIMIT 2`), ref, ref, ref)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier %q: %w", ref, err)
	}
	defer rows.Close()
	var out []Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return Dossier{}, fmt.Errorf("dossier %q: %w", ref, err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return Dossier{}, fmt.Errorf("dossier %q: %w", ref, err)
	}
	switch len(out) {
	case 0:
		return Dossier{}, fmt.Errorf("dossier %q: %w", ref, ErrNotFound)
	case 1:
		return out[0], nil
	}
	return Dossier{}, fmt.Errorf("dossier %q: %w", ref, ErrAmbiguous)
}
