// Package vietqr builds and reads VietQR bank-transfer payloads: NAPAS's EMVCo
// merchant-presented QR, the code any Vietnamese banking app scans to prefill a transfer.
// Pure Go, no I/O.
//
// A payload is a string of tag-length-value fields (two-digit tag, two-digit decimal
// length, value), in this order:
//
//	00 "01"          payload format indicator
//	01 "12"          point of initiation: dynamic (amount set); "11" (static) is read too
//	38 merchant account information:
//	   00 "A000000727"  NAPAS GUID
//	   01 beneficiary organisation: 00 bank BIN (6 digits), 01 account number
//	   02 "QRIBFTTA"    service code: transfer to an account
//	53 "704"         currency: Vietnamese đồng
//	54 amount        whole đồng, digits only
//	58 "VN"          country
//	62 additional data: 08 purpose of transaction
//	63 CRC           CRC-16/CCITT-FALSE, 4 upper-case hex digits, over everything
//	                 before it including "6304"
package vietqr

import (
	"fmt"
	"strconv"
	"strings"
)

// Fixed values of a VietQR transfer payload.
const (
	GUID        = "A000000727" // NAPAS
	ServiceCode = "QRIBFTTA"   // transfer to a bank account
	Currency    = "704"        // ISO 4217 VND
	Country     = "VN"
)

// Limits of the fields Validate accepts.
const (
	MaxAccountLen = 19 // NAPAS account numbers
	MaxPurposeLen = 25 // EMVCo "purpose of transaction"
	MaxAmount     = 9_999_999_999_999
)

// Transfer is what a payload asks the payer's bank to do: send Amount đồng to Account
// at the bank whose NAPAS BIN is BankBIN, with Purpose as the transfer's content.
type Transfer struct {
	BankBIN string // 6 digits, e.g. "970415" (VietinBank)
	Account string // account number: digits and letters (virtual accounts have letters)
	Amount  int64  // whole đồng; 0 only when read from a static code without amount
	Purpose string // printable ASCII without diacritics (banks drop or garble others)
}

// Validate reports why t cannot make a payload, as a *FieldError, or nil.
func (t Transfer) Validate() error {
	if len(t.BankBIN) != 6 || !allDigits(t.BankBIN) {
		return fieldError("38.01.00", ErrField, "bank BIN must be 6 digits, got %q", t.BankBIN)
	}
	if t.Account == "" || len(t.Account) > MaxAccountLen || !alnum(t.Account) {
		return fieldError("38.01.01", ErrField, "account must be 1 to %d letters or digits, got %q", MaxAccountLen, t.Account)
	}
	if t.Amount < 1 || t.Amount > MaxAmount {
		return fieldError("54", ErrField, "amount must be 1 to %d đồng, got %d", int64(MaxAmount), t.Amount)
	}
	if len(t.Purpose) > MaxPurposeLen || !printableASCII(t.Purpose) {
		return fieldError("62.08", ErrField, "purpose must be at most %d printable ASCII characters, got %q", MaxPurposeLen, t.Purpose)
	}
	return nil
}

// Payload returns the EMVCo payload of t (dynamic: the amount is set), CRC included.
// Call Validate first: the payload of an invalid Transfer does not parse.
func (t Transfer) Payload() string {
	bene := tlv("00", t.BankBIN) + tlv("01", t.Account)
	merchant := tlv("00", GUID) + tlv("01", bene) + tlv("02", ServiceCode)
	var b strings.Builder
	b.WriteString(tlv("00", "01"))
	b.WriteString(tlv("01", "12"))
	b.WriteString(tlv("38", merchant))
	b.WriteString(tlv("53", Currency))
	if t.Amount > 0 {
		b.WriteString(tlv("54", strconv.FormatInt(t.Amount, 10)))
	}
	b.WriteString(tlv("58", Country))
	if t.Purpose != "" {
		b.WriteString(tlv("62", tlv("08", t.Purpose)))
	}
	b.WriteString("6304")
	s := b.String()
	return s + fmt.Sprintf("%04X", crc16(s))
}

func tlv(tag, value string) string { return fmt.Sprintf("%s%02d%s", tag, len(value), value) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func alnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
