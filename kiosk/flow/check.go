package flow

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
		d, err := ParseDate(v)
		if err != nil {
			return Problem{Key: "valid.date"}
		}
		if d.After(now.AddDate(1, 0, 0)) || d.Year() < 1900 {
			return Problem{Key: "valid.date_range"}
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

// ParseDate reads a date as residents type it, DD/MM/YYYY (also with - or . and
// without leading zeros) or the eight digits DDMMYYYY of the numeric pad, or as it is
// stored, YYYY-MM-DD.
func ParseDate(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	if len(v) == 8 && digitsOnly.MatchString(v) {
		v = v[:2] + "/" + v[2:4] + "/" + v[4:]
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '/' || r == '-' || r == '.' || r == ' ' })
	if len(parts) != 3 {
		return time.Time{}, fmt.Errorf("date %q: want day/month/year", v)
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil || len(parts[2]) != 4 {
		return time.Time{}, fmt.Errorf("date %q: want day/month/year", v)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, fmt.Errorf("date %q does not exist", v)
	}
	return t, nil
}

// StoredDate is a typed date as saved (YYYY-MM-DD); text that is not a date is
// returned as it is (CheckAnswer reports it).
func StoredDate(v string) string {
	if d, err := ParseDate(v); err == nil {
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
