package wire

import (
	"net/http"
	"regexp"
	"time"
)

// The payment-notification endpoint: the bank or payment platform tells the gateway
// about a credit to a fee account. It is signed with its own shared secret (not a
// kiosk's), the same way as a kiosk request: X-Payment-Signature is
// hex(HMAC-SHA256(secret, StringToSign("POST", PaymentNotifyPath, timestamp,
// BodyHash(body)))) (see Sign) and X-Payment-Timestamp is unix seconds within MaxSkew.
const (
	PaymentNotifyPath         = BasePath + "/payments/notifications"
	HeaderPaymentTimestamp    = "X-Payment-Timestamp"
	HeaderPaymentSignature    = "X-Payment-Signature"
	MaxPaymentNotificationLen = 16 << 10
)

// PaymentNotification is the body of POST /api/v1/payments/notifications: one credit.
// Members the gateway does not know are ignored (platforms add their own).
type PaymentNotification struct {
	TransactionID string    `json:"transaction_id"` // the bank's id: the idempotency key
	AmountVND     int64     `json:"amount_vnd"`     // credited, whole đồng, > 0
	Purpose       string    `json:"purpose"`        // the transfer content as the bank received it
	Account       string    `json:"account,omitempty"`
	BookedAt      time.Time `json:"booked_at"` // when the bank booked the credit
}

// PaymentAck is the answer to a notification: 200 with Duplicate false the first time,
// 200 with Duplicate true (and the first answer's result) for the same transaction again.
type PaymentAck struct {
	TransactionID string `json:"transaction_id"`
	Result        string `json:"result"` // paid, underpaid, overpaid or unmatched
	ReceiptCode   string `json:"receipt_code,omitempty"`
	OfficialCode  string `json:"official_code,omitempty"`
	Reason        string `json:"reason,omitempty"` // why unmatched
	Duplicate     bool   `json:"duplicate"`
}

// FeeStatus is a dossier's fee as the gateway knows it: the status answer carries it.
type FeeStatus struct {
	DueVND  int64  `json:"fee_due_vnd,omitempty"`
	PaidVND int64  `json:"fee_paid_vnd,omitempty"`
	Payment string `json:"payment,omitempty"` // "", paid, underpaid or overpaid
}

var txnIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$`)

// ValidTransactionID reports whether s can be a bank transaction id: 1 to 64 letters,
// digits, '.', '_', ':', '/' or '-', starting with a letter or digit.
func ValidTransactionID(s string) bool { return txnIDRe.MatchString(s) }

// SignPaymentNotification sets the payment headers on req (a POST to
// PaymentNotifyPath) for body, signing at time now with the payment secret.
func SignPaymentNotification(req *http.Request, secret string, body []byte, now time.Time) {
	ts := Timestamp(now)
	req.Header.Set(HeaderPaymentTimestamp, ts)
	req.Header.Set(HeaderPaymentSignature, SignPayment(secret, http.MethodPost, PaymentNotifyPath, ts, BodyHash(body)))
	req.Header.Set("Content-Type", ContentTypeJSON)
}
