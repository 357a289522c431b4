package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold turns Vietnamese text into the plain form the search index holds: lower case,
// without tone marks or vowel marks (NFC or NFD input alike, so hoà and hòa, thuỷ and
// thủy fold the same), đ/Đ as d, y as i (kí and ký, lí and lý, mĩ and mỹ are spelt
// both ways), and every run of other characters as one space.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case r == 'y' || r == 'Y':
			r = 'i'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// ftsQuery builds an FTS5 query from what the resident typed: every folded word must
// appear; the last word is a prefix while it is being typed (no trailing space).
// It returns "" when nothing searchable was typed.
func ftsQuery(typed string) string {
	words := strings.Fields(Fold(typed))
	if len(words) == 0 {
		return ""
	}
	last := len(words) - 1
	typing := !strings.HasSuffix(typed, " ")
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"`) // folded words hold only letters and digits
		if i == last && typing {
			b.WriteByte('*')
		}
	}
	return b.String()
}
