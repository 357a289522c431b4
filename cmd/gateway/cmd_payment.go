package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// paymentSecret reads the payment-notification secret from a file (first line), or
// from GATEWAY_PAYMENT_SECRET when no file is named. Empty: notifications are off.
func paymentSecret(file string) (string, error) {
	if file == "" {
		return strings.TrimSpace(os.Getenv("GATEWAY_PAYMENT_SECRET")), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("payment secret: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	s := strings.TrimSpace(line)
	if s == "" {
		return "", fmt.Errorf("payment secret: %s is empty", file)
	}
	return s, nil
}

// loadPayees reads the fee accounts of the gateway's configuration: a JSON array of
// payees ({"commune", "agency", "bank_bin", "bank_name", "account", "account_name"}).
func loadPayees(file string) ([]catalog.Payee, error) {
	if file == "" {
		return nil, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("payees: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var ys []catalog.Payee
	if err := dec.Decode(&ys); err != nil {
		return nil, fmt.Errorf("payees %s: %w", file, err)
	}
	if err := catalog.ValidatePayees(ys); err != nil {
		return nil, fmt.Errorf("payees %s: %w", file, err)
	}
	return ys, nil
}

// cmdPaymentNotify sends one signed payment notification to a running gateway, as the
// bank's platform would (operators replaying a credit, tests, demos).
func cmdPaymentNotify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("payment notify") // the store flags are accepted for uniformity; the notification goes over HTTP
	gw := cmd.String("gateway", "http://127.0.0.1:8787", "gateway base URL")
	secretFile := cmd.String("secret-file", "", "file holding the payment secret (default: env GATEWAY_PAYMENT_SECRET)")
	txn := cmd.String("txn", "", "the bank's transaction id (required)")
	amount := cmd.Int64("amount", 0, "credited amount in đồng (required)")
	purpose := cmd.String("purpose", "", "the transfer content, e.g. \"DVC ZJDK PREK\"")
	account := cmd.String("account", "", "the credited account")
	booked := cmd.String("booked", "", "booking time, RFC 3339 (default now)")
	if _, err := cmd.parse(args, 0, ""); err != nil {
		return err
	}
	if *txn == "" || *amount == 0 {
		return usagef("--txn and --amount are required")
	}
	secret, err := paymentSecret(*secretFile)
	if err != nil {
		return err
	}
	if secret == "" {
		return usagef("no payment secret: give --secret-file or set GATEWAY_PAYMENT_SECRET")
	}
	at := time.Now()
	if *booked != "" {
		if at, err = time.Parse(time.RFC3339, *booked); err != nil {
			return usagef("--booked: %v", err)
		}
	}
	body, err := json.Marshal(wire.PaymentNotification{TransactionID: *txn, AmountVND: *amount, Purpose: *purpose, Account: *account, BookedAt: at})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(*gw, "/")+wire.PaymentNotifyPath, bytes.NewReader(body))
	if err != nil {
		return usagef("--gateway: %v", err)
	}
	wire.SignPaymentNotification(req, secret, body, time.Now())
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		var we wire.Error
		if json.Unmarshal(raw, &we) == nil && we.Code != "" {
			return fmt.Errorf("gateway answered %d: %v", resp.StatusCode, &we)
		}
		return fmt.Errorf("gateway answered %d", resp.StatusCode)
	}
	var ack wire.PaymentAck
	if err := json.Unmarshal(raw, &ack); err != nil {
		return fmt.Errorf("unreadable answer: %w", err)
	}
	fmt.Fprintf(stdout, "result=%s\nreceipt_code=%s\nofficial_code=%s\nduplicate=%v\n", ack.Result, ack.ReceiptCode, ack.OfficialCode, ack.Duplicate)
	if ack.Reason != "" {
		fmt.Fprintf(stdout, "reason=%s\n", ack.Reason)
	}
	return nil
}

// cmdPaymentList prints the stored payments, newest first, tab-separated.
func cmdPaymentList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := newStoreCommand("payment list")
	unmatched := cmd.Bool("unmatched", false, "only credits not matched to a dossier")
	_, store, err := cmd.parseOpen(ctx, args, 0, "")
	if err != nil {
		return err
	}
	defer store.Close()
	ps, err := store.Payments(ctx, gwstore.PaymentFilter{Unmatched: *unmatched})
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "txn_id\tamount_vnd\tresult\tdue_vnd\tdossier\treceipt_code\treceived_at\tpurpose\treason\tmatched_by")
	for _, p := range ps {
		fmt.Fprintf(stdout, "%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", p.TxnID, p.Amount, p.Result, p.Due, p.DossierID, p.Receipt,
			p.ReceivedAt.Format(time.RFC3339), oneLine(p.Purpose), p.Reason, p.MatchedBy)
	}
	return nil
}

// oneLine keeps a bank's free text on one tab-separated line.
func oneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
}
