package flow

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cantho-kiosk/kiosk/kiosk/typing"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// Problem is what is wrong with one answer: the translation key of the plain-language
// message the view shows and its number argument N (a length), or the zero Problem
// when the answer is fine.
type Problem struct {
	Key string // e.g. "valid.required", "valid.min_len"
	N   int
}

// OK reports that there is no problem.
func (p Problem) OK() bool { return p.Key == "" }

var digitsOnly = regexp.MustCompile(`^[0-9]+$`)

// CheckAnswer returns the problem with v as an answer to f, as typed (dates as
// DD/MM/YYYY, DDMMYYYY or YYYY-MM-DD); now bounds dates (not more than a year ahead).
func CheckAnswer(f catalog.Field, v string, now time.Time) Problem {
	if v == "" {
		if !f.Required {
			return Problem{}
		}
		if f.Type == catalog.Choice {
			return Problem{Key: "valid.choose"}
		}
		return Problem{Key: "valid.required"}
	}
	switch f.Type {
	case catalog.Date:
		if p := checkDate(f, v, now); !p.OK() {
			return p
		}
	case catalog.Number:
		if !digitsOnly.MatchString(v) {
			return Problem{Key: "valid.number"}
		}
	case catalog.Phone:
		if !validPhone(v) {
			return Problem{Key: "valid.phone"}
		}
	case catalog.CCCD:
		if !digitsOnly.MatchString(v) || len(v) != 12 {
			return Problem{Key: "valid.cccd"}
		}
	case catalog.Choice:
		found := false
		for _, c := range f.Choices {
			found = found || c == v
		}
		if !found {
			return Problem{Key: "valid.choose"}
		}
	case catalog.Text:
		if f.Applicant == "name" || strings.Contains(strings.ToLower(f.ID), "ho_ten") {
			for _, r := range v {
				if unicode.IsDigit(r) {
					return Problem{Key: "valid.name_digits"}
				}
			}
		}
	}
	n := utf8.RuneCountInString(v)
	if f.MinLen > 0 && n < f.MinLen {
		return Problem{Key: "valid.min_len", N: f.MinLen}
	}
	if f.MaxLen > 0 && n > f.MaxLen {
		return Problem{Key: "valid.max_len", N: f.MaxLen}
	}
	if f.Pattern != "" {
		if re, err := regexp.Compile(f.Pattern); err == nil && !re.MatchString(v) {
			return Problem{Key: "valid.pattern"}
		}
	}
	return Problem{}
}

func validPhone(v string) bool {
	v = strings.ReplaceAll(v, " ", "")
	return digitsOnly.MatchString(v) && len(v) == 10 && v[0] == '0'
}

// dateInput is v in the date pad's input (typing.DateInput), which checks it: a date
// as residents type it (DD/MM/YYYY, also with - or . and without leading zeros, or
// the eight digits DDMMYYYY of the pad) or as it is stored (YYYY-MM-DD). ok is false
// for text that is not a date's digits and separators.
func dateInput(v string) (d typing.DateInput, ok bool) {
	v = strings.TrimSpace(v)
	if storedDate.MatchString(v) {
		v = v[8:10] + v[5:7] + v[:4]
	}
	if !typedDate.MatchString(v) {
		return d, false
	}
	d.SetText(v)
	return d, true
}

var (
	storedDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	typedDate  = regexp.MustCompile(`^[0-9]{1,2}[/.\- ]+[0-9]{1,2}[/.\- ]+[0-9]{4}$|^[0-9]{8}$`)
)

// parseDate reads v as dateInput does; its errors are typing's (typing.ErrDateNotExist,
// ErrDateYear, ErrDateIncomplete for anything that is not a whole date).
func parseDate(v string) (time.Time, error) {
	d, ok := dateInput(v)
	if !ok {
		return time.Time{}, fmt.Errorf("%q: %w", v, typing.ErrDateIncomplete)
	}
	return d.Date()
}

// checkDate is the problem with date v for f: checked by the date pad's own input
// (typing.DateInput: a whole date that exists, its year in range), not after today
// where the date must be past (f.InPast: a birth, a death), else not more than a year
// ahead (an appointment).
func checkDate(f catalog.Field, v string, now time.Time) Problem {
	d, ok := dateInput(v)
	if !ok {
		return Problem{Key: "valid.date"}
	}
	var t time.Time
	var err error
	if f.InPast() {
		t, err = d.PastDate(now)
	} else {
		t, err = d.Date()
	}
	switch {
	case errors.Is(err, typing.ErrDateNotExist):
		return Problem{Key: "valid.date_not_exist"}
	case errors.Is(err, typing.ErrDateYear):
		return Problem{Key: "valid.date_range"}
	case errors.Is(err, typing.ErrDateFuture):
		return Problem{Key: "valid.date_future"}
	case err != nil:
		return Problem{Key: "valid.date"}
	case t.After(now.AddDate(1, 0, 0)):
		return Problem{Key: "valid.date_range"}
	}
	return Problem{}
}

// StoredDate is a typed date as saved (YYYY-MM-DD); text that is not a date is
// returned as it is (CheckAnswer reports it).
func StoredDate(v string) string {
	if d, err := parseDate(v); err == nil {
		return d.Format("2006-01-02")
	}
	return strings.TrimSpace(v)
}

// DisplayDate turns YYYY-MM-DD into DD/MM/YYYY (other text is returned unchanged).
func DisplayDate(v string) string {
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t.Format("02/01/2006")
	}
	return v
}
