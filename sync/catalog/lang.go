package catalog

import (
	"fmt"
	"slices"
)

// The languages of the catalog's text: Vietnamese, which every string has, and
// English, which a string may have.
const (
	LangVI = "vi"
	LangEN = "en"
)

// InLang is the text to show in lang of a catalog string vi with English twin en:
// en when lang is LangEN and en is not blank, else vi.
func InLang(lang, vi, en string) string { return pick(lang, vi, en) }

// pick returns en when lang is English and en is not blank, else vi.
func pick(lang, vi, en string) string {
	if lang == LangEN && !blank(en) {
		return en
	}
	return vi
}

// Localized returns a copy of p whose resident-visible strings are in lang: for
// LangEN each string is its English twin where the catalog has one and stays
// Vietnamese where it has not (never empty); any other lang gives p's Vietnamese.
// The *_EN fields, codes, ids and choice values are unchanged, so what the resident
// picks is still stored as the Vietnamese choice (Field.ChoiceLabel shows it). The
// copy shares nothing with p.
func (p *Procedure) Localized(lang string) *Procedure {
	q := *p
	q.Fees = slices.Clone(p.Fees)
	q.Steps = slices.Clone(p.Steps)
	q.StepsEN = slices.Clone(p.StepsEN)
	q.Aliases = slices.Clone(p.Aliases)
	q.Documents = slices.Clone(p.Documents)
	q.Form = slices.Clone(p.Form)
	q.Groups = slices.Clone(p.Groups)
	for i := range q.Form {
		q.Form[i].Choices = slices.Clone(p.Form[i].Choices)
		q.Form[i].ChoicesEN = slices.Clone(p.Form[i].ChoicesEN)
	}
	if lang != LangEN {
		return &q
	}
	q.Name = pick(lang, p.Name, p.NameEN)
	q.Field = pick(lang, p.Field, p.FieldEN)
	q.Agency = pick(lang, p.Agency, p.AgencyEN)
	q.ProcessingTime = pick(lang, p.ProcessingTime, p.ProcessingTimeEN)
	for i := range q.Steps {
		if i < len(p.StepsEN) {
			q.Steps[i] = pick(lang, p.Steps[i], p.StepsEN[i])
		}
	}
	for i := range q.Fees {
		f := &q.Fees[i]
		f.Label, f.Note = pick(lang, f.Label, f.LabelEN), pick(lang, f.Note, f.NoteEN)
	}
	for i := range q.Documents {
		d := &q.Documents[i]
		d.Name, d.Template = pick(lang, d.Name, d.NameEN), pick(lang, d.Template, d.TemplateEN)
	}
	for i := range q.Form {
		f := &q.Form[i]
		f.Label, f.Help = pick(lang, f.Label, f.LabelEN), pick(lang, f.Help, f.HelpEN)
	}
	for i := range q.Groups {
		g := &q.Groups[i]
		g.Title = pick(lang, g.Title, g.TitleEN)
	}
	return &q
}

// ChoiceLabel is how choice value v of f is shown in lang: its English twin for
// LangEN when the catalog has one, else v itself (also for a value not among the
// choices).
func (f *Field) ChoiceLabel(lang, v string) string {
	if lang != LangEN {
		return v
	}
	if i := slices.Index(f.Choices, v); i >= 0 && i < len(f.ChoicesEN) {
		return pick(lang, v, f.ChoicesEN[i])
	}
	return v
}

// MissingEnglish lists where p's resident-visible text has no English twin
// ("name_en", "steps_en[2]", "documents.cccd.name_en", "form.ho_ten.help_en", …), in
// catalog order; empty when p is English all the way. Such text falls back to
// Vietnamese; the list is for catalog editors and tests.
func (p *Procedure) MissingEnglish() []string {
	var out []string
	need := func(where, vi, en string) {
		if !blank(vi) && blank(en) {
			out = append(out, where)
		}
	}
	need("name_en", p.Name, p.NameEN)
	need("field_en", p.Field, p.FieldEN)
	need("agency_en", p.Agency, p.AgencyEN)
	need("processing_time_en", p.ProcessingTime, p.ProcessingTimeEN)
	for i, s := range p.Steps {
		en := ""
		if i < len(p.StepsEN) {
			en = p.StepsEN[i]
		}
		need(fmt.Sprintf("steps_en[%d]", i), s, en)
	}
	for i, f := range p.Fees {
		need(fmt.Sprintf("fees[%d].label_en", i), f.Label, f.LabelEN)
		need(fmt.Sprintf("fees[%d].note_en", i), f.Note, f.NoteEN)
	}
	for _, d := range p.Documents {
		need("documents."+d.ID+".name_en", d.Name, d.NameEN)
		need("documents."+d.ID+".template_en", d.Template, d.TemplateEN)
	}
	for _, f := range p.Form {
		need("form."+f.ID+".label_en", f.Label, f.LabelEN)
		need("form."+f.ID+".help_en", f.Help, f.HelpEN)
		for i, c := range f.Choices {
			en := ""
			if i < len(f.ChoicesEN) {
				en = f.ChoicesEN[i]
			}
			need(fmt.Sprintf("form.%s.choices_en[%d]", f.ID, i), c, en)
		}
	}
	for _, g := range p.Groups {
		need("groups."+g.ID+".title_en", g.Title, g.TitleEN)
	}
	return out
}
