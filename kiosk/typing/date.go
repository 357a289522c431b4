package typing

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Errors of DateInput.Date; each is wrapped with the text it is about.
var (
	ErrDateIncomplete = errors.New("date incomplete: want DD/MM/YYYY")
	ErrDateNotExist   = errors.New("date does not exist")
	ErrDateYear       = errors.New("year out of range")
	ErrDateFuture     = errors.New("date in the future")
)

// Years a DateInput accepts (births, issue dates and deaths of living residents'
// relatives all fall in it).
const (
	DateMinYear = 1900
	DateMaxYear = 2100
)

// DateInput is a date typed as digits on a numeric pad: it puts the slashes in as the
// digits come (05 → "05/", 0503 → "05/03/", 05031958 → "05/03/1958"), so a resident
// types eight digits and never a slash. A first day digit 4–9 can only be a day
// 04–09, so it is taken as 0 and that digit ("5" → "05/"); a first month digit 2–9
// likewise ("05/7" → "05/07/"). Typed slashes, dashes and dots after a one-digit
// day or month pad it with a 0 ("5/3/1958" works too); anything else is ignored.
// The zero value is an empty input.
type DateInput struct {
	digits []byte // at most 8: DDMMYYYY
}

// Key types one key and reports whether it changed the input.
func (d *DateInput) Key(r rune) bool {
	n := len(d.digits)
	switch {
	case r >= '0' && r <= '9':
		if n >= 8 {
			return false
		}
		if (n == 0 && r > '3') || (n == 2 && r > '1') {
			d.digits = append(d.digits, '0')
		}
		d.digits = append(d.digits, byte(r))
		return true
	case r == '/' || r == '-' || r == '.':
		if n == 1 || n == 3 { // "5/" → 05/, "05/3/" → 05/03/
			d.digits = append(d.digits[:n-1], '0', d.digits[n-1])
			return true
		}
	}
	return false
}

// Backspace removes the last digit (with the slash after it) and reports whether
// there was one.
func (d *DateInput) Backspace() bool {
	if len(d.digits) == 0 {
		return false
	}
	d.digits = d.digits[:len(d.digits)-1]
	return true
}

// SetText reads what a field holds (DD/MM/YYYY as typed or shown, or bare digits):
// its digits are typed again, so "5/3/1958" becomes 05/03/1958.
func (d *DateInput) SetText(s string) {
	d.digits = d.digits[:0]
	for _, r := range s {
		d.Key(r)
	}
}

// Reset empties the input.
func (d *DateInput) Reset() { d.digits = d.digits[:0] }

// Text is what the field shows: the digits with their slashes, a slash already
// after a complete day or month.
func (d *DateInput) Text() string {
	var b strings.Builder
	for i, c := range d.digits {
		b.WriteByte(c)
		if i == 1 || i == 3 {
			b.WriteByte('/')
		}
	}
	return b.String()
}

// Complete reports whether all eight digits are typed.
func (d *DateInput) Complete() bool { return len(d.digits) == 8 }

// Date checks the typed date: complete, a day that exists in that month and year,
// a year in [DateMinYear, DateMaxYear]. The errors wrap ErrDateIncomplete,
// ErrDateNotExist or ErrDateYear.
func (d *DateInput) Date() (time.Time, error) {
	if !d.Complete() {
		return time.Time{}, fmt.Errorf("%q: %w", d.Text(), ErrDateIncomplete)
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			n = n*10 + int(c-'0')
		}
		return n
	}
	day, month, year := num(d.digits[:2]), num(d.digits[2:4]), num(d.digits[4:])
	if year < DateMinYear || year > DateMaxYear {
		return time.Time{}, fmt.Errorf("%q: %w (%d–%d)", d.Text(), ErrDateYear, DateMinYear, DateMaxYear)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || day < 1 || t.Day() != day {
		return time.Time{}, fmt.Errorf("%q: %w", d.Text(), ErrDateNotExist)
	}
	return t, nil
}

// PastDate is Date for dates that cannot be after today (births, issue dates):
// it also fails, wrapping ErrDateFuture, on a date after now's calendar day.
func (d *DateInput) PastDate(now time.Time) (time.Time, error) {
	t, err := d.Date()
	if err != nil {
		return t, err
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if t.After(today) {
		return time.Time{}, fmt.Errorf("%q: %w", d.Text(), ErrDateFuture)
	}
	return t, nil
}
