package catalog

import (
	"fmt"
	"unicode/utf8"
)

// Group is a screen on which closely related short fields are asked together (the
// child's name, date of birth and sex), under its title: the fields naming it in
// "group", which follow one another in the form. Only short fields may share a
// screen, so that all of them and the keyboard fit on a 1366×768 display (the kiosk's
// tests check the sample catalog's groups there).
type Group struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	TitleEN string `json:"title_en,omitempty"`
}

// Bounds of a group: how many fields share a screen, and what makes a field short.
const (
	MaxGroupFields     = 3   // with the keyboard beside them at 1366×768
	MaxGroupWithText   = 2   // when one is typed on the letters (the widest keyboard)
	MaxGroupTextLen    = 200 // a text field's max_len: one line
	MaxGroupChoices    = 6   // a choice field's choices: two rows of three buttons
	MaxGroupChoiceRune = 14  // each choice (and its English) read whole on its button
)

// GroupOf returns the group field f is asked with, or nil for a screen of its own.
func (p *Procedure) GroupOf(f *Field) *Group {
	if f.Group == "" {
		return nil
	}
	for i := range p.Groups {
		if p.Groups[i].ID == f.Group {
			return &p.Groups[i]
		}
	}
	return nil
}

// InPast reports that f is a date that cannot be after today: marked "past" in the
// catalog, or the applicant's date of birth or ID issue date.
func (f *Field) InPast() bool {
	return f.Type == Date && (f.Past || f.Applicant == "dob" || f.Applicant == "issue_date")
}

// validateGroups checks the groups and their fields: ids and titles, every group
// used by consecutive short fields (2 to MaxGroupFields of them), every field's group
// declared, "past" only on a date field.
func validateGroups(id string, p *Procedure, add addFunc) {
	declared := map[string]bool{}
	for j, g := range p.Groups {
		where := fmt.Sprintf("groups[%d]", j)
		if g.ID != "" {
			where = "groups." + g.ID
		}
		switch {
		case !idPattern.MatchString(g.ID):
			add(id, where, "id must be lower-case letters, digits, - or _, got %q", g.ID)
		case declared[g.ID]:
			add(id, where, "id is used twice")
		}
		declared[g.ID] = true
		if blank(g.Title) {
			add(id, where, "title is required")
		}
		if g.TitleEN != "" && blank(g.TitleEN) {
			add(id, where, "title_en is blank (leave it out instead)")
		}
	}
	count, texts := map[string]int{}, map[string]int{}
	ended := map[string]bool{} // a group whose run of fields has ended
	prev := ""
	for _, f := range p.Form {
		if prev != "" && f.Group != prev {
			ended[prev] = true
		}
		prev = f.Group
		if f.Past && f.Type != Date {
			add(id, "form."+f.ID, "past is only for a date field")
		}
		if f.Group == "" {
			continue
		}
		where := "form." + f.ID
		if !declared[f.Group] {
			add(id, where, "group %q is not declared in groups", f.Group)
			continue
		}
		if ended[f.Group] {
			add(id, where, "group %q: its fields must follow one another in the form", f.Group)
		}
		count[f.Group]++
		if f.Type == Text {
			texts[f.Group]++
		}
		if why := notShort(&f); why != "" {
			add(id, where, "group %q: only short fields share a screen; %s", f.Group, why)
		}
	}
	for _, g := range p.Groups {
		n := count[g.ID]
		switch {
		case !idPattern.MatchString(g.ID):
		case n < 2 || n > MaxGroupFields:
			add(id, "groups."+g.ID, "a group has 2 to %d fields, got %d", MaxGroupFields, n)
		case texts[g.ID] > 0 && n > MaxGroupWithText:
			add(id, "groups."+g.ID, "a group with a text field has at most %d fields (the letters keyboard leaves room for no more), got %d", MaxGroupWithText, n)
		}
	}
}

// notShort says why f is too big to share a screen, or "".
func notShort(f *Field) string {
	switch f.Type {
	case LongText:
		return "a longtext field has a screen of its own"
	case Text:
		if f.MaxLen < 1 || f.MaxLen > MaxGroupTextLen {
			return fmt.Sprintf("a text field needs max_len between 1 and %d", MaxGroupTextLen)
		}
	case Choice:
		if len(f.Choices) > MaxGroupChoices {
			return fmt.Sprintf("a choice field has at most %d choices", MaxGroupChoices)
		}
		for _, c := range append(append([]string(nil), f.Choices...), f.ChoicesEN...) {
			if utf8.RuneCountInString(c) > MaxGroupChoiceRune {
				return fmt.Sprintf("choice %q is longer than %d letters", c, MaxGroupChoiceRune)
			}
		}
	}
	return ""
}
