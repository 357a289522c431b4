package wire

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// official codes: "<agency>-<YYMMDD>-<NNNN>"; the agency code is dotted alphanumerics.
var officialRe = regexp.MustCompile(`^([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)-(\d{6})-(\d{4,})$`)

// agencyRe is what an agency code may look like.
var agencyRe = regexp.MustCompile(`^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$`)

// ValidAgencyCode reports whether s can be the agency part of an official code.
func ValidAgencyCode(s string) bool { return len(s) <= 40 && agencyRe.MatchString(s) }

// FormatOfficialCode builds an official code from the agency code, the day (its
// calendar date as given, in t's location) and the daily sequence (1-based; at least 4
// digits, more when a day passes 9999).
func FormatOfficialCode(agency string, day time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", agency, day.Format("060102"), seq)
}

// OfficialCode is a parsed official code.
type OfficialCode struct {
	Agency string
	Day    time.Time // midnight UTC of the code's date
	Seq    int
}

// ParseOfficialCode parses "<agency>-<YYMMDD>-<NNNN>". It fails with ErrBadOfficialCode.
func ParseOfficialCode(s string) (OfficialCode, error) {
	m := officialRe.FindStringSubmatch(s)
	if m == nil || len(s) > 64 {
		return OfficialCode{}, fmt.Errorf("%w: %q", ErrBadOfficialCode, s)
	}
	day, err := time.Parse("060102", m[2])
	if err != nil {
		return OfficialCode{}, fmt.Errorf("%w: %q: date: %w", ErrBadOfficialCode, s, err)
	}
	seq, err := strconv.Atoi(m[3])
	if err != nil || seq < 1 {
		return OfficialCode{}, fmt.Errorf("%w: %q: sequence", ErrBadOfficialCode, s)
	}
	return OfficialCode{Agency: m[1], Day: day, Seq: seq}, nil
}

// String formats c back to text.
func (c OfficialCode) String() string { return FormatOfficialCode(c.Agency, c.Day, c.Seq) }

func parseDay(s string) (time.Time, error) { return time.Parse(DayLayout, s) }
