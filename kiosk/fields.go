package kiosk

import (
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
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
	now   func() time.Time // bounds dates
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
		v = flow.DisplayDate(v)
	}
	in.entry.SetText(v)
}

// stored is the value as saved: dates as YYYY-MM-DD, the rest as typed.
func (in *input) stored() string {
	if in.field.Type == catalog.Date {
		return flow.StoredDate(in.value())
	}
	return in.value()
}

// check validates the value and shows the problem next to the field.
func (in *input) check() bool {
	msg := validateField(in.field, in.value(), in.now())
	in.err.SetText(msg)
	if msg == "" {
		in.err.Hide()
	} else {
		in.err.Show()
	}
	return msg == ""
}

// fieldName is a field's label in the resident's language.
func (k kit) fieldName(f catalog.Field) string {
	if k.lang() == "en" && f.LabelEN != "" {
		return f.LabelEN
	}
	return f.Label
}

// fieldHelp is a field's help in the resident's language (Vietnamese where the
// catalog has no English).
func (k kit) fieldHelp(f catalog.Field) string { return catalog.InLang(k.lang(), f.Help, f.HelpEN) }

// label is the field's name with a star when it is required.
func (k kit) label(f catalog.Field) string {
	l := k.fieldName(f)
	if f.Required {
		l += " *"
	}
	return l
}

// newInput builds the control for one catalog field type.
func (k kit) newInput(f catalog.Field, onChange func()) *input {
	in := &input{field: f, now: k.now}
	in.err = message("", widget.DangerImportance)
	in.err.Hide()
	var ctrl fyne.CanvasObject
	switch f.Type {
	case catalog.Choice:
		lang := k.lang()
		show := func(c string) string { return f.ChoiceLabel(lang, c) } // English from the catalog
		if f.Applicant == "sex" {
			show = sexLabel
		}
		in.pick = k.newChoice(f.Choices, show, func() { in.check(); onChange() })
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
		in.entry = k.entry(ph, numeric)
		in.entry.capWords = f.IsPersonName() || f.Applicant == "address"
		in.entry.kbdMode = fieldKeyboardMode(f.Type) // digits pad, date pad (slashes put in) or letters
		if f.Type == catalog.LongText {
			in.entry.MultiLine = true
			in.entry.Wrapping = fyne.TextWrapWord
			in.entry.SetMinRowsVisible(3)
		}
		in.entry.OnChanged = func(string) {
			k.touch()
			if in.err.Visible() {
				in.check()
			}
			onChange()
		}
		ctrl = in.entry
	}
	rows := container.NewVBox(bold(k.label(f)))
	if help := k.fieldHelp(f); help != "" {
		h := text(help)
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

func (k kit) newChoice(choices []string, show func(string) string, changed func()) *choiceInput {
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
		b := k.button(show(ch), nil, func() { c.set(ch); changed() })
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

// validateField returns the problem with v in plain words, or "".
func validateField(f catalog.Field, v string, now time.Time) string {
	p := flow.CheckAnswer(f, v, now)
	switch {
	case p.OK():
		return ""
	case p.N != 0:
		return T(p.Key, Args("N", p.N))
	}
	return T(p.Key)
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
