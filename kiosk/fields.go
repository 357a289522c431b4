package kiosk

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// input is one field of the identity or procedure form: a label, the control, and the
// plain-language problem shown right under it.
type input struct {
	field catalog.Field
	entry *kioskEntry  // text-like fields
	pick  *choiceInput // choice fields
	err   *widget.Label
	obj   fyne.CanvasObject
}

func (in *input) value() string {
	if in.pick != nil {
		return in.pick.selected
	}
	return strings.TrimSpace(in.entry.Text)
}

func (in *input) setValue(v string) {
	if in.pick != nil {
		in.pick.set(v)
		return
	}
	if in.field.Type == catalog.Date {
		v = isoToDisplay(v)
	}
	in.entry.SetText(v)
}

// stored is the value as saved: dates as YYYY-MM-DD, the rest as typed.
func (in *input) stored() string {
	v := in.value()
	if in.field.Type == catalog.Date {
		if d, err := parseDisplayDate(v); err == nil {
			return d.Format("2006-01-02")
		}
	}
	return v
}

// check validates the value and shows the problem next to the field.
func (in *input) check() bool {
	msg := validateField(in.field, in.value())
	in.err.SetText(msg)
	if msg == "" {
		in.err.Hide()
	} else {
		in.err.Show()
	}
	return msg == ""
}

// fieldName is a field's label in the resident's language.
func (u *UI) fieldName(f catalog.Field) string {
	if u.lang == "en" && f.LabelEN != "" {
		return f.LabelEN
	}
	return f.Label
}

// label is the field's name with a star when it is required.
func (u *UI) label(f catalog.Field) string {
	l := u.fieldName(f)
	if f.Required {
		l += " *"
	}
	return l
}

// newInput builds the control for one catalog field type.
func (u *UI) newInput(f catalog.Field, onChange func()) *input {
	in := &input{field: f}
	in.err = message("", widget.DangerImportance)
	in.err.Hide()
	var ctrl fyne.CanvasObject
	switch f.Type {
	case catalog.Choice:
		show := func(c string) string { return c }
		if f.Applicant == "sex" {
			show = sexLabel
		}
		in.pick = u.newChoice(f.Choices, show, func() { in.check(); onChange() })
		ctrl = in.pick.obj
	default:
		numeric := f.Type == catalog.Number || f.Type == catalog.Phone || f.Type == catalog.CCCD || f.Type == catalog.Date
		ph := ""
		switch f.Type {
		case catalog.Date:
			ph = T("form.date_placeholder")
		case catalog.Phone:
			ph = T("form.phone_placeholder")
		case catalog.CCCD:
			ph = T("form.cccd_placeholder")
		}
		in.entry = u.entry(ph, numeric)
		in.entry.capWords = f.IsPersonName() || f.Applicant == "address"
		in.entry.kbdMode = fieldKeyboardMode(f.Type) // digits pad, date pad (slashes put in) or letters
		if f.Type == catalog.LongText {
			in.entry.MultiLine = true
			in.entry.Wrapping = fyne.TextWrapWord
			in.entry.SetMinRowsVisible(3)
		}
		in.entry.OnChanged = func(string) {
			u.touch()
			if in.err.Visible() {
				in.check()
			}
			onChange()
		}
		ctrl = in.entry
	}
	rows := container.NewVBox(bold(u.label(f)))
	if f.Help != "" {
		h := text(f.Help)
		h.SizeName = "helperText"
		rows.Add(h)
	}
	rows.Add(ctrl)
	rows.Add(in.err)
	in.obj = rows
	return in
}

// choiceInput is a row of big buttons, one per choice, the chosen one highlighted.
type choiceInput struct {
	selected string
	buttons  []*bigButton
	choices  []string
	obj      fyne.CanvasObject
}

func (u *UI) newChoice(choices []string, show func(string) string, changed func()) *choiceInput {
	c := &choiceInput{choices: choices}
	cols := min(len(choices), 3)
	for _, ch := range choices {
		if utf8.RuneCountInString(ch) > 14 {
			cols = 1 // long choices one per line, so they are read whole
		}
	}
	grid := container.NewGridWithColumns(cols)
	for _, ch := range choices {
		ch := ch
		b := u.button(show(ch), nil, func() { c.set(ch); changed() })
		c.buttons = append(c.buttons, b)
		grid.Add(b)
	}
	c.obj = grid
	return c
}

func (c *choiceInput) set(v string) {
	c.selected = ""
	for i, ch := range c.choices {
		if ch == v {
			c.selected = v
			c.buttons[i].Importance = widget.HighImportance
		} else {
			c.buttons[i].Importance = widget.MediumImportance
		}
		c.buttons[i].Refresh()
	}
}

var digitsOnly = regexp.MustCompile(`^[0-9]+$`)

// validateField returns the problem with v in plain words, or "".
func validateField(f catalog.Field, v string) string {
	if v == "" {
		if !f.Required {
			return ""
		}
		if f.Type == catalog.Choice {
			return T("valid.choose")
		}
		return T("valid.required")
	}
	n := utf8.RuneCountInString(v)
	switch f.Type {
	case catalog.Date:
		d, err := parseDisplayDate(v)
		if err != nil {
			return T("valid.date")
		}
		if d.After(time.Now().AddDate(1, 0, 0)) || d.Year() < 1900 {
			return T("valid.date_range")
		}
	case catalog.Number:
		if !digitsOnly.MatchString(v) {
			return T("valid.number")
		}
	case catalog.Phone:
		if !validPhone(v) {
			return T("valid.phone")
		}
	case catalog.CCCD:
		if !digitsOnly.MatchString(v) || len(v) != 12 {
			return T("valid.cccd")
		}
	case catalog.Choice:
		found := false
		for _, c := range f.Choices {
			found = found || c == v
		}
		if !found {
			return T("valid.choose")
		}
	case catalog.Text:
		if f.Applicant == "name" || strings.Contains(strings.ToLower(f.ID), "ho_ten") {
			for _, r := range v {
				if unicode.IsDigit(r) {
					return T("valid.name_digits")
				}
			}
		}
	}
	if f.MinLen > 0 && n < f.MinLen {
		return T("valid.min_len", Args("N", f.MinLen))
	}
	if f.MaxLen > 0 && n > f.MaxLen {
		return T("valid.max_len", Args("N", f.MaxLen))
	}
	if f.Pattern != "" {
		if re, err := regexp.Compile(f.Pattern); err == nil && !re.MatchString(v) {
			return T("valid.pattern")
		}
	}
	return ""
}

func validPhone(v string) bool {
	v = strings.ReplaceAll(v, " ", "")
	return digitsOnly.MatchString(v) && len(v) == 10 && v[0] == '0'
}

// parseDisplayDate reads DD/MM/YYYY (also with - or . and without leading zeros), or
// the eight digits DDMMYYYY typed on the numeric pad.
func parseDisplayDate(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
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

// isoToDisplay turns YYYY-MM-DD into DD/MM/YYYY (other text is returned unchanged).
func isoToDisplay(v string) string {
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t.Format("02/01/2006")
	}
	return v
}

// nextEntryOf returns the text entry after e among inputs, or nil.
func nextEntryOf(inputs []*input, e *kioskEntry) *kioskEntry {
	seen := false
	for _, in := range inputs {
		if in.entry == nil {
			continue
		}
		if seen {
			return in.entry
		}
		seen = in.entry == e
	}
	return nil
}

// sexLabel shows the CCCD's "Nam"/"Nữ" in the resident's language (the value stays
// as the card has it).
func sexLabel(v string) string {
	switch v {
	case "Nam":
		return T("identity.sex_male")
	case "Nữ":
		return T("identity.sex_female")
	}
	return v
}
