package vietqr

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors; every error of Parse and Validate is a *FieldError wrapping one.
var (
	ErrSyntax   = errors.New("vietqr: malformed tag-length-value data")
	ErrCRC      = errors.New("vietqr: CRC does not match")
	ErrCurrency = errors.New("vietqr: currency is not VND (704)")
	ErrGUID     = errors.New("vietqr: not a NAPAS (A000000727) merchant account")
	ErrService  = errors.New("vietqr: not a transfer to an account (QRIBFTTA)")
	ErrField    = errors.New("vietqr: missing or invalid field")
)

// FieldError says which tag (dotted for sub-tags: "38.01.00") is wrong and why.
type FieldError struct {
	Tag    string
	Reason string
	Err    error // one of the sentinels
}

func (e *FieldError) Error() string {
	if e.Tag == "" {
		return e.Err.Error() + ": " + e.Reason
	}
	return e.Err.Error() + ": tag " + e.Tag + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrCRC) and the like hold.
func (e *FieldError) Unwrap() error { return e.Err }

func fieldError(tag string, err error, format string, a ...any) *FieldError {
	return &FieldError{Tag: tag, Reason: fmt.Sprintf(format, a...), Err: err}
}

// MaxPayloadLen bounds what Parse reads (EMVCo payloads stay under 512 characters).
const MaxPayloadLen = 512

type field struct{ tag, value string }

// split cuts s into tag-length-value fields; where names the enclosing tag in errors.
func split(where, s string) ([]field, error) {
	var out []field
	seen := map[string]bool{}
	for i := 0; i < len(s); {
		if len(s)-i < 4 {
			return nil, fieldError(where, ErrSyntax, "%d trailing characters at offset %d", len(s)-i, i)
		}
		tag, ls := s[i:i+2], s[i+2:i+4]
		if !allDigits(tag) || !allDigits(ls) {
			return nil, fieldError(where, ErrSyntax, "tag and length must be digits at offset %d, got %q", i, s[i:i+4])
		}
		n, _ := strconv.Atoi(ls)
		if n == 0 || i+4+n > len(s) {
			return nil, fieldError(join(where, tag), ErrSyntax, "length %d does not fit (%d characters left)", n, len(s)-i-4)
		}
		if seen[tag] {
			return nil, fieldError(join(where, tag), ErrSyntax, "tag appears twice")
		}
		seen[tag] = true
		out = append(out, field{tag, s[i+4 : i+4+n]})
		i += 4 + n
	}
	return out, nil
}

func join(where, tag string) string {
	if where == "" {
		return tag
	}
	return where + "." + tag
}

func lookup(fs []field, tag string) (string, bool) {
	for _, f := range fs {
		if f.tag == tag {
			return f.value, true
		}
	}
	return "", false
}

// Parse reads a VietQR transfer payload. It checks the CRC, every length, the payload
// format, the point of initiation (11 or 12), the NAPAS GUID, the service code, the
// currency and the country, and returns a *FieldError wrapping ErrSyntax, ErrCRC,
// ErrGUID, ErrService, ErrCurrency or ErrField. Tags it does not use (merchant name,
// category, …) are allowed and ignored.
func Parse(payload string) (Transfer, error) {
	if len(payload) > MaxPayloadLen {
		return Transfer{}, fieldError("", ErrSyntax, "%d characters is over %d", len(payload), MaxPayloadLen)
	}
	top, err := split("", payload)
	if err != nil {
		return Transfer{}, err
	}
	if len(top) == 0 || top[0].tag != "00" || top[0].value != "01" {
		return Transfer{}, fieldError("00", ErrSyntax, "a payload starts with 000201")
	}
	last := top[len(top)-1]
	if last.tag != "63" || len(last.value) != 4 {
		return Transfer{}, fieldError("63", ErrSyntax, "a payload ends with the CRC (6304 and 4 hex digits)")
	}
	body := payload[:len(payload)-4]
	if want := fmt.Sprintf("%04X", crc16(body)); last.value != want {
		return Transfer{}, fieldError("63", ErrCRC, "payload says %s, content gives %s", last.value, want)
	}
	if v, _ := lookup(top, "01"); v != "11" && v != "12" {
		return Transfer{}, fieldError("01", ErrField, "point of initiation must be 11 or 12, got %q", v)
	}
	var t Transfer
	m, ok := lookup(top, "38")
	if !ok {
		return Transfer{}, fieldError("38", ErrGUID, "no VietQR merchant account information (tag 38)")
	}
	mf, err := split("38", m)
	if err != nil {
		return Transfer{}, err
	}
	if g, _ := lookup(mf, "00"); g != GUID {
		return Transfer{}, fieldError("38.00", ErrGUID, "got %q", g)
	}
	if sc, _ := lookup(mf, "02"); sc != ServiceCode {
		return Transfer{}, fieldError("38.02", ErrService, "got %q", sc)
	}
	bene, ok := lookup(mf, "01")
	if !ok {
		return Transfer{}, fieldError("38.01", ErrField, "no beneficiary (bank BIN and account)")
	}
	bf, err := split("38.01", bene)
	if err != nil {
		return Transfer{}, err
	}
	t.BankBIN, _ = lookup(bf, "00")
	t.Account, _ = lookup(bf, "01")
	if c, _ := lookup(top, "53"); c != Currency {
		return Transfer{}, fieldError("53", ErrCurrency, "got %q", c)
	}
	if c, _ := lookup(top, "58"); c != Country {
		return Transfer{}, fieldError("58", ErrField, "country must be VN, got %q", c)
	}
	if a, ok := lookup(top, "54"); ok {
		if !allDigits(a) || len(a) > 13 {
			return Transfer{}, fieldError("54", ErrField, "amount must be whole đồng (digits), got %q", a)
		}
		t.Amount, _ = strconv.ParseInt(a, 10, 64)
	}
	if add, ok := lookup(top, "62"); ok {
		af, err := split("62", add)
		if err != nil {
			return Transfer{}, err
		}
		t.Purpose, _ = lookup(af, "08")
	}
	if len(t.BankBIN) != 6 || !allDigits(t.BankBIN) {
		return Transfer{}, fieldError("38.01.00", ErrField, "bank BIN must be 6 digits, got %q", t.BankBIN)
	}
	if t.Account == "" || !alnum(t.Account) {
		return Transfer{}, fieldError("38.01.01", ErrField, "account must be letters or digits, got %q", t.Account)
	}
	return t, nil
}
