// Package fee is the level 4 fee logic both ends share, without Fyne or SQL: what a
// dossier owes, the VietQR transfer that pays it (its purpose carries the receipt code),
// reading the receipt code back from a bank's transfer content, and how a payment
// compares with what is due.
package fee

import (
	"strings"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/vietqr"
)

// PurposePrefix starts the purpose of every fee transfer the kiosk asks for.
const PurposePrefix = "DVC"

// Results of comparing what was paid with what is due.
const (
	Paid      = "paid"
	Underpaid = "underpaid"
	Overpaid  = "overpaid"
	Unmatched = "unmatched" // a credit that names no dossier the gateway can charge
)

// Due is what a dossier of p owes, and whether the kiosk asks for it by VietQR: a level
// 4 procedure with fees that apply to these answers. filed is the filing time (dates
// compare in its location).
func Due(p *catalog.Procedure, answers map[string]string, filed time.Time) (int64, []catalog.Fee) {
	if p == nil || p.Level != catalog.Level4 {
		return 0, nil
	}
	return p.FeeDue(answers, filed)
}

// Purpose is the transfer content for a receipt code: "ZJDK-PREK" → "DVC ZJDK PREK"
// (spaces survive every bank's content field; dashes do not always).
func Purpose(receiptCode string) string {
	return PurposePrefix + " " + strings.ReplaceAll(receiptCode, "-", " ")
}

// Transfer is the VietQR transfer paying amount đồng to y for the dossier receiptCode.
// Its Validate fails when the payee's account cannot go into a QR code.
func Transfer(y catalog.Payee, amount int64, receiptCode string) vietqr.Transfer {
	return vietqr.Transfer{BankBIN: y.BankBIN, Account: y.Account, Amount: amount, Purpose: Purpose(receiptCode)}
}

// Payload is the VietQR payload of Transfer, or an error when it is not valid (the
// receipt printer prints the same payload the screen shows).
func Payload(y catalog.Payee, amount int64, receiptCode string) (string, error) {
	t := Transfer(y, amount, receiptCode)
	if err := t.Validate(); err != nil {
		return "", err
	}
	return t.Payload(), nil
}

// receiptAlphabet is the kiosk's receipt-code alphabet (sync/store).
const receiptAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// ReceiptFromPurpose finds the receipt code in a bank's transfer content. Banks and
// payers change it: case, spaces and punctuation removed or added, text before and
// after ("CT DEN:123 DVC ZJDK PREK chuyen tien"). It looks for DVC followed by eight
// receipt-code characters, ignoring everything that is not a letter or a digit, and
// returns "ZJDK-PREK". ok is false when there is none, or two different ones.
func ReceiptFromPurpose(purpose string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(purpose) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	found := ""
	for i := 0; i+len(PurposePrefix)+8 <= len(s); i++ {
		if s[i:i+len(PurposePrefix)] != PurposePrefix {
			continue
		}
		code := s[i+len(PurposePrefix) : i+len(PurposePrefix)+8]
		if strings.Trim(code, receiptAlphabet) != "" {
			continue
		}
		c := code[:4] + "-" + code[4:]
		if found != "" && found != c {
			return "", false
		}
		found = c
	}
	return found, found != ""
}

// Classify compares the total paid for a dossier with what it owes.
func Classify(paid, due int64) string {
	switch {
	case due <= 0:
		return Unmatched
	case paid == due:
		return Paid
	case paid < due:
		return Underpaid
	}
	return Overpaid
}
