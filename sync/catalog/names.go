package catalog

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// personNameLabels are how Vietnamese forms start the label of a person's full name.
var personNameLabels = []string{"họ, chữ đệm và tên", "họ, chữ đệm, tên", "họ và tên", "họ tên"}

// IsPersonName reports whether f asks for a person's full name, to be written with a
// capital on every word: a text field filled from the CCCD's name, or one whose label
// starts as the official forms do ("Họ, chữ đệm và tên người được khai sinh",
// "Họ và tên", "Họ tên").
func (f *Field) IsPersonName() bool {
	if f.Type != Text {
		return false
	}
	if f.Applicant == "name" {
		return true
	}
	l := strings.ToLower(norm.NFC.String(strings.TrimSpace(f.Label)))
	for _, p := range personNameLabels {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}
