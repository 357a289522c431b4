package typing

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// CapitalizeName writes a person's or a place's name the way Vietnamese names are
// written: every word starts with a capital and goes on in lower case ("nguyễn
// văn AN" → "Nguyễn Văn An", "đỗ thị ánh" → "Đỗ Thị Ánh"), on precomposed letters
// (the input may be NFD; the result is NFC). Words are separated by spaces or
// hyphens (a hyphenated part starts with a capital too: "Ê-đê"); runs of spaces
// become one and the ends are trimmed. Digits and other characters stay as they
// are, so "Ấp 3" and "Tổ 12" keep their numbers.
func CapitalizeName(s string) string {
	s = norm.NFC.String(strings.Join(strings.Fields(s), " "))
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		switch {
		case r == ' ' || r == '-':
			start = true
		case unicode.IsLetter(r) && start:
			r = unicode.ToUpper(r)
			start = false
		case unicode.IsLetter(r):
			r = unicode.ToLower(r)
		default:
			start = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
