package scanner

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Citizen is what the QR code of a chip-based citizen identity card (CCCD) says.
type Citizen struct {
	IDNumber    string // 12 digits
	OldIDNumber string // 9 digits, or empty
	Name        string // NFC, as printed
	DOB         time.Time
	Sex         string // "Nam" or "Nữ"
	Address     string // permanent address
	IssueDate   time.Time
	Extra       []string // fields after the seventh, on newer cards
}

// QRText is the card's QR text for c (fields separated by '|', dates DDMMYYYY).
func (c Citizen) QRText() string {
	f := []string{c.IDNumber, c.OldIDNumber, c.Name, c.DOB.Format("02012006"), c.Sex, c.Address, c.IssueDate.Format("02012006")}
	return strings.Join(append(f, c.Extra...), "|")
}

// CCCDError says which field of a CCCD QR text is wrong, and why. Its text never holds
// the value (a resident's name, number or date of birth): errors end up in logs.
type CCCDError struct {
	Field  int    // 1-based field number; 0 for the text as a whole
	Name   string // "ID number", "date of birth", ...
	Value  string // the offending value, for the caller to show the person holding the card; never logged
	Reason string // without the value
}

func (e *CCCDError) Error() string {
	if e.Field == 0 {
		return "CCCD QR: " + e.Reason
	}
	return fmt.Sprintf("CCCD QR field %d (%s, %d characters): %s", e.Field, e.Name, utf8.RuneCountInString(e.Value), e.Reason)
}

// Is makes every *CCCDError match ErrNotCCCD.
func (e *CCCDError) Is(target error) bool { return target == ErrNotCCCD }

// ErrNotCCCD matches every error of ParseCCCD.
var ErrNotCCCD = errors.New("not a valid CCCD QR code")

var cccdFields = [...]string{"", "ID number", "old ID number", "full name", "date of birth", "sex", "permanent address", "date of issue"}

// ParseCCCD parses and validates the QR text of a CCCD card: seven fields separated
// by '|' (12-digit ID, old 9-digit ID or empty, full name, date of birth DDMMYYYY,
// Nam or Nữ, permanent address, date of issue DDMMYYYY), then any further fields.
// It accepts NFD text (it returns NFC) and surrounding whitespace. Errors are
// *CCCDError naming the field.
func ParseCCCD(text string) (Citizen, error) {
	text = strings.TrimFunc(norm.NFC.String(text), func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	if text == "" {
		return Citizen{}, &CCCDError{Reason: "empty"}
	}
	f := strings.Split(text, "|")
	if len(f) < 7 {
		return Citizen{}, &CCCDError{Reason: fmt.Sprintf("%d fields separated by '|', need at least 7", len(f))}
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	bad := func(n int, reason string) error {
		return &CCCDError{Field: n, Name: cccdFields[n], Value: f[n-1], Reason: reason}
	}
	c := Citizen{IDNumber: f[0], OldIDNumber: f[1], Name: f[2], Sex: f[4], Address: f[5]}
	if !allDigits(c.IDNumber, 12) {
		return Citizen{}, bad(1, "must be exactly 12 digits")
	}
	if c.OldIDNumber != "" && !allDigits(c.OldIDNumber, 9) {
		return Citizen{}, bad(2, "must be 9 digits or empty")
	}
	if c.Name == "" {
		return Citizen{}, bad(3, "empty")
	}
	for _, r := range c.Name {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) && r != ' ' && r != '\'' && r != '-' && r != '.' {
			return Citizen{}, bad(3, "contains a character that is not a letter")
		}
	}
	var err error
	if c.DOB, err = parseDDMMYYYY(f[3]); err != nil {
		return Citizen{}, bad(4, err.Error())
	}
	switch {
	case strings.EqualFold(c.Sex, "Nam"):
		c.Sex = "Nam"
	case strings.EqualFold(c.Sex, "Nữ"):
		c.Sex = "Nữ"
	default:
		return Citizen{}, bad(5, "must be Nam or Nữ")
	}
	if c.Address == "" {
		return Citizen{}, bad(6, "empty")
	}
	if c.IssueDate, err = parseDDMMYYYY(f[6]); err != nil {
		return Citizen{}, bad(7, err.Error())
	}
	if c.IssueDate.Before(c.DOB) {
		return Citizen{}, bad(7, "before the date of birth")
	}
	if len(f) > 7 {
		c.Extra = f[7:]
	}
	return c, nil
}

func allDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDDMMYYYY reads a date written DDMMYYYY that must exist, lie after 1900 and
// not in the future.
func parseDDMMYYYY(s string) (time.Time, error) {
	if !allDigits(s, 8) {
		return time.Time{}, errors.New("must be 8 digits DDMMYYYY")
	}
	d := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	y := int(s[4]-'0')*1000 + int(s[5]-'0')*100 + int(s[6]-'0')*10 + int(s[7]-'0')
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, errors.New("no such date")
	}
	if y < 1900 {
		return time.Time{}, errors.New("year before 1900")
	}
	if t.After(time.Now().Add(24 * time.Hour)) {
		return time.Time{}, errors.New("in the future")
	}
	return t, nil
}
