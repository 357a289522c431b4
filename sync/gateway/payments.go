package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/sync/fee"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/vietqr"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// PaymentStore is the storage of payment notifications (gwstore provides it).
type PaymentStore interface {
	Payment(ctx context.Context, txnID string) (gwstore.Payment, error)
	RecordPayment(ctx context.Context, np gwstore.NewPayment) (gwstore.Payment, bool, error)
	DossiersByReceipt(ctx context.Context, receipt string) ([]gwstore.Dossier, error)
	DossierFee(ctx context.Context, dossierID string) (gwstore.FeeSummary, error)
}

// Reasons a credit stays unmatched (PaymentAck.Reason, shown on the dashboard).
const (
	ReasonNoReference = "no receipt code in the transfer content"
	ReasonUnknown     = "no dossier with this receipt code"
	ReasonAmbiguous   = "several dossiers with this receipt code"
	ReasonNoFee       = "no fee is due for this dossier"
)

// paymentNotify receives a bank's credit notification: signed with the payment secret,
// idempotent by transaction id, matched by the receipt code in the purpose and the
// amount. A credit it cannot match is stored as unmatched (for a person to match on
// the dashboard), never refused: the money has arrived.
func (s *Server) paymentNotify(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.paySecret == "" || s.pay == nil {
		writeError(w, http.StatusNotFound, wire.CodeNotFound, "payment notifications are not enabled on this gateway")
		return
	}
	if r.ContentLength > wire.MaxPaymentNotificationLen {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "body over "+strconv.Itoa(wire.MaxPaymentNotificationLen)+" bytes")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, wire.MaxPaymentNotificationLen+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "could not read the body")
		return
	}
	if len(body) > wire.MaxPaymentNotificationLen {
		writeError(w, http.StatusRequestEntityTooLarge, wire.CodeTooLarge, "body over "+strconv.Itoa(wire.MaxPaymentNotificationLen)+" bytes")
		return
	}
	bodySHA := wire.BodyHash(body)
	if err := wire.VerifyPayment(s.paySecret, http.MethodPost, wire.PaymentNotifyPath, r.Header.Get(wire.HeaderPaymentTimestamp),
		bodySHA, r.Header.Get(wire.HeaderPaymentSignature), s.now()); err != nil {
		s.log.WarnContext(ctx, "payment notification refused: unauthorized", "remote", r.RemoteAddr, "err", err)
		msg := "signature missing or wrong"
		if errors.Is(err, wire.ErrStale) || errors.Is(err, wire.ErrBadTimestamp) {
			msg = "timestamp missing, malformed or outside the allowed clock skew (a replay?)"
		}
		writeError(w, http.StatusUnauthorized, wire.CodeUnauthorized, msg)
		return
	}
	var n wire.PaymentNotification
	if err := json.Unmarshal(body, &n); err != nil {
		writeError(w, http.StatusBadRequest, wire.CodeBadRequest, "the body is not a JSON payment notification: "+err.Error())
		return
	}
	if msg := checkNotification(n); msg != "" {
		writeError(w, http.StatusUnprocessableEntity, wire.CodeInvalid, msg)
		return
	}
	if old, err := s.pay.Payment(ctx, n.TransactionID); err == nil {
		s.answerPayment(w, r, old, bodySHA, true)
		return
	} else if !errors.Is(err, gwstore.ErrNotFound) {
		s.internalError(w, r, err)
		return
	}
	np := gwstore.NewPayment{TxnID: n.TransactionID, BodySHA256: bodySHA, Amount: n.AmountVND, Purpose: n.Purpose,
		Account: n.Account, BookedAt: n.BookedAt, ReceivedAt: s.now()}
	if err := s.matchCredit(ctx, &np); err != nil {
		s.internalError(w, r, err)
		return
	}
	p, dup, err := s.pay.RecordPayment(ctx, np)
	if err != nil && !errors.Is(err, gwstore.ErrPaymentConflict) {
		s.internalError(w, r, err)
		return
	}
	if err == nil && !dup {
		s.log.InfoContext(ctx, "payment received", "txn", p.TxnID, "amount", p.Amount, "result", p.Result,
			"dossier", p.DossierID, "reason", p.Reason)
	}
	s.answerPayment(w, r, p, bodySHA, dup || err != nil)
}

// answerPayment answers with a stored payment: the same transaction id again is a
// duplicate when its body is the same, a conflict when it is not.
func (s *Server) answerPayment(w http.ResponseWriter, r *http.Request, p gwstore.Payment, bodySHA string, dup bool) {
	if p.BodySHA256 != bodySHA {
		s.log.WarnContext(r.Context(), "payment notification refused: conflict", "txn", p.TxnID)
		writeError(w, http.StatusConflict, wire.CodeConflict, "another notification was received under this transaction id")
		return
	}
	ack := wire.PaymentAck{TransactionID: p.TxnID, Result: p.Result, ReceiptCode: p.Receipt, Reason: p.Reason, Duplicate: dup}
	if p.DossierID != "" {
		if d, err := s.store.DossierByID(r.Context(), p.DossierID); err == nil {
			ack.OfficialCode = d.OfficialCode
		}
	}
	writeJSON(w, http.StatusOK, ack)
}

func checkNotification(n wire.PaymentNotification) string {
	switch {
	case !wire.ValidTransactionID(n.TransactionID):
		return "transaction_id must be 1 to 64 letters, digits, '.', '_', ':', '/' or '-'"
	case n.AmountVND <= 0 || n.AmountVND > vietqr.MaxAmount:
		return fmt.Sprintf("amount_vnd must be 1 to %d, got %d", int64(vietqr.MaxAmount), n.AmountVND)
	case n.BookedAt.IsZero():
		return "booked_at is required (RFC 3339)"
	case !utf8.ValidString(n.Purpose) || len(n.Purpose) > 500:
		return "purpose must be UTF-8 text of at most 500 bytes"
	case len(n.Account) > 64:
		return "account is too long"
	}
	return ""
}

// matchCredit finds the dossier a credit pays for: the receipt code in its purpose,
// one dossier with that code, and a fee due. Otherwise np stays unmatched with a reason.
func (s *Server) matchCredit(ctx context.Context, np *gwstore.NewPayment) error {
	rc, ok := fee.ReceiptFromPurpose(np.Purpose)
	if !ok {
		np.Reason = ReasonNoReference
		return nil
	}
	np.Receipt = rc
	ds, err := s.pay.DossiersByReceipt(ctx, rc)
	if err != nil {
		return err
	}
	switch len(ds) {
	case 0:
		np.Reason = ReasonUnknown
		return nil
	case 1:
	default:
		np.Reason = ReasonAmbiguous
		return nil
	}
	due, err := ds[0].FeeDue(s.cat.Load().cat, s.loc)
	if err != nil {
		return err
	}
	if due <= 0 {
		np.Reason = ReasonNoFee
		return nil
	}
	np.DossierID, np.Due = ds[0].ID, due
	return nil
}

// feeStatus is the fee part of a dossier's status answer.
func (s *Server) feeStatus(ctx context.Context, d gwstore.Dossier) (wire.FeeStatus, error) {
	due, err := d.FeeDue(s.cat.Load().cat, s.loc)
	if err != nil {
		return wire.FeeStatus{}, err
	}
	if s.pay == nil {
		return wire.FeeStatus{DueVND: due}, nil
	}
	f, err := s.pay.DossierFee(ctx, d.ID)
	if err != nil {
		return wire.FeeStatus{}, err
	}
	if f.Result == "" {
		return wire.FeeStatus{DueVND: due}, nil
	}
	return wire.FeeStatus{DueVND: f.Due, PaidVND: f.Paid, Payment: f.Result}, nil
}

// validPaymentSecret refuses secrets too short to resist guessing.
func validPaymentSecret(s string) error {
	if s != "" && len(strings.TrimSpace(s)) < 16 {
		return errors.New("gateway: the payment secret must be at least 16 characters")
	}
	return nil
}
