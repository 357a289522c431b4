package catalog_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

func englishProcedure() catalog.Procedure {
	p := validProcedure("1.001193")
	p.NameEN, p.FieldEN, p.AgencyEN, p.ProcessingTimeEN = "Birth registration", "Civil status", "Commune People's Committee", "The same day"
	p.StepsEN = []string{"Submit the dossier", "Receive the result"}
	p.Fees[0].LabelEN = "Fee"
	p.Fees[0].Note, p.Fees[0].NoteEN = "Miễn", "Waived"
	p.Documents[0].NameEN = "Declaration"
	p.Documents[0].Template, p.Documents[0].TemplateEN = "Mẫu TP/HT-2020-KS.1", "Form TP/HT-2020-KS.1"
	p.Form[0].LabelEN, p.Form[0].Help, p.Form[0].HelpEN = "Full name", "Như trên thẻ", "As on the card"
	p.Form[1].LabelEN, p.Form[1].ChoicesEN = "Sex", []string{"Male", "Female"}
	return p
}

// In English every resident-visible string is English; in Vietnamese (or any other
// language) nothing changes; the copy shares nothing with the catalog.
func TestLocalized(t *testing.T) {
	p := englishProcedure()
	en := p.Localized(catalog.LangEN)
	for _, c := range [][2]string{
		{en.Name, "Birth registration"}, {en.Field, "Civil status"}, {en.Agency, "Commune People's Committee"},
		{en.ProcessingTime, "The same day"}, {en.Steps[1], "Receive the result"},
		{en.Fees[0].Label, "Fee"}, {en.Fees[0].Note, "Waived"},
		{en.Documents[0].Name, "Declaration"}, {en.Documents[0].Template, "Form TP/HT-2020-KS.1"},
		{en.Form[0].Label, "Full name"}, {en.Form[0].Help, "As on the card"}, {en.Form[1].Label, "Sex"},
	} {
		if c[0] != c[1] {
			t.Errorf("English %q, want %q", c[0], c[1])
		}
	}
	if en.Form[1].Choices[1] != "Nữ" || en.Form[1].ChoiceLabel(catalog.LangEN, "Nữ") != "Female" {
		t.Errorf("choice values must stay Vietnamese and show in English: %v, %q", en.Form[1].Choices, en.Form[1].ChoiceLabel(catalog.LangEN, "Nữ"))
	}
	if got := en.Form[1].ChoiceLabel(catalog.LangVI, "Nữ"); got != "Nữ" {
		t.Errorf("Vietnamese choice label %q", got)
	}
	if got := en.Form[1].ChoiceLabel(catalog.LangEN, "Khác"); got != "Khác" {
		t.Errorf("a value not among the choices shows as is, got %q", got)
	}
	vi := p.Localized(catalog.LangVI)
	if vi.Name != p.Name || vi.Steps[0] != p.Steps[0] || vi.Form[0].Label != p.Form[0].Label {
		t.Errorf("Vietnamese changed: %+v", vi)
	}
	en.Steps[0], en.Form[1].Choices[0], en.Documents[0].Name = "x", "x", "x"
	if p.Steps[0] == "x" || p.Form[1].Choices[0] == "x" || p.Documents[0].Name == "x" {
		t.Error("Localized shares its slices with the catalog")
	}
	if m := p.MissingEnglish(); len(m) != 0 {
		t.Errorf("MissingEnglish of a fully English procedure: %v", m)
	}
}

// A missing English string falls back to Vietnamese, never to empty text, and is
// listed by MissingEnglish.
func TestLocalizedFallsBackToVietnamese(t *testing.T) {
	p := englishProcedure()
	p.NameEN, p.AgencyEN = "", "  "
	p.StepsEN = nil
	p.Form[0].HelpEN = ""
	p.Form[1].ChoicesEN = nil
	en := p.Localized(catalog.LangEN)
	if en.Name != p.Name || en.Agency != p.Agency || en.Steps[0] != p.Steps[0] || en.Form[0].Help != p.Form[0].Help {
		t.Errorf("fallback: %q %q %q %q", en.Name, en.Agency, en.Steps[0], en.Form[0].Help)
	}
	if en.Form[0].Label != "Full name" {
		t.Errorf("the English that is there must stay: %q", en.Form[0].Label)
	}
	if got := en.Form[1].ChoiceLabel(catalog.LangEN, "Nam"); got != "Nam" {
		t.Errorf("choice without English: %q", got)
	}
	want := []string{"name_en", "agency_en", "steps_en[0]", "steps_en[1]", "form.ho_ten.help_en", "form.gioi_tinh.choices_en[0]", "form.gioi_tinh.choices_en[1]"}
	if got := p.MissingEnglish(); !slices.Equal(got, want) {
		t.Errorf("MissingEnglish = %v, want %v", got, want)
	}
}

// English lists must match what they translate; aliases and page caps are checked.
func TestValidateEnglishAliasesAndPages(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *catalog.Procedure)
		where string
		msg   string
	}{
		{"steps_en short", func(p *catalog.Procedure) { p.StepsEN = p.StepsEN[:1] }, "steps_en", "1 step(s) for 2"},
		{"steps_en blank", func(p *catalog.Procedure) { p.StepsEN[1] = " " }, "steps_en[1]", "is empty"},
		{"choices_en long", func(p *catalog.Procedure) { p.Form[1].ChoicesEN = []string{"Male", "Female", "Other"} }, "form.gioi_tinh", "choices_en has 3 choice(s) for 2"},
		{"choices_en blank", func(p *catalog.Procedure) { p.Form[1].ChoicesEN[0] = "" }, "form.gioi_tinh", "choices_en[0] is empty"},
		{"alias blank", func(p *catalog.Procedure) { p.Aliases = []string{"làm khai sinh", " "} }, "aliases[1]", "is empty"},
		{"alias twice", func(p *catalog.Procedure) { p.Aliases = []string{"làm khai sinh", "Làm  khai sinh"} }, "aliases[1]", "given twice"},
		{"max_pages negative", func(p *catalog.Procedure) { p.Documents[0].MaxPages = -1 }, "documents.to-khai", "max_pages must be between 0"},
		{"max_pages huge", func(p *catalog.Procedure) { p.Documents[0].MaxPages = catalog.MaxPagesLimit + 1 }, "documents.to-khai", "max_pages must be between 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := englishProcedure()
			tc.edit(&p)
			c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}
			err := c.Validate()
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
				t.Fatalf("Validate = %v, want a ValidationError", err)
			}
			for _, pr := range ve.Problems {
				if pr.Procedure == "1.001193" && pr.Where == tc.where && strings.Contains(pr.Message, tc.msg) {
					return
				}
			}
			t.Errorf("no problem at %s containing %q in %v", tc.where, tc.msg, ve.Problems)
		})
	}
	// Valid additions pass, and survive a JSON round trip.
	p := englishProcedure()
	p.Aliases = []string{"làm khai sinh", "giấy khai sinh"}
	p.Documents[0].MaxPages = 2
	c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}
	got, err := catalog.Parse(encode(t, c))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	g := got.Procedures[0]
	if !slices.Equal(g.Aliases, p.Aliases) || g.Documents[0].MaxPages != 2 || g.Form[1].ChoicesEN[1] != "Female" || g.StepsEN[0] != "Submit the dossier" {
		t.Errorf("round trip lost the additions: %+v", g)
	}
}
