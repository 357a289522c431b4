package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// withChildGroup is a birth registration asking the child's birth order, date of birth
// and sex on one screen.
func withChildGroup() catalog.Procedure {
	p := validProcedure("1.001193")
	p.Groups = []catalog.Group{{ID: "tre", Title: "Trẻ được khai sinh", TitleEN: "The child"}}
	p.Form = append(p.Form,
		catalog.Field{ID: "tre_thu_tu", Label: "Con thứ mấy", Type: catalog.Number, Group: "tre"},
		catalog.Field{ID: "tre_ngay_sinh", Label: "Ngày sinh", Type: catalog.Date, Past: true, Group: "tre"},
		catalog.Field{ID: "tre_gioi_tinh", Label: "Giới tính", Type: catalog.Choice, Choices: []string{"Nam", "Nữ"}, Group: "tre"},
		catalog.Field{ID: "ghi_chu", Label: "Ghi chú", Type: catalog.LongText},
	)
	return p
}

func TestGroupParsesAndIsEnglish(t *testing.T) {
	c := catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{withChildGroup()}}
	got, err := catalog.Parse(encode(t, c))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	p := &got.Procedures[0]
	if g := p.GroupOf(&p.Form[3]); g == nil || g.ID != "tre" || g.Title != "Trẻ được khai sinh" {
		t.Fatalf("GroupOf(tre_ngay_sinh) = %+v", g)
	}
	if g := p.GroupOf(&p.Form[5]); g != nil {
		t.Fatalf("a field without a group is in %+v", g)
	}
	if en := p.Localized(catalog.LangEN); en.Groups[0].Title != "The child" || p.Groups[0].Title != "Trẻ được khai sinh" {
		t.Fatalf("English title %q (Vietnamese now %q)", en.Groups[0].Title, p.Groups[0].Title)
	}
	p.Groups[0].TitleEN = ""
	found := false
	for _, m := range p.MissingEnglish() {
		found = found || m == "groups.tre.title_en"
	}
	if !found {
		t.Errorf("MissingEnglish does not list the group's title: %v", p.MissingEnglish())
	}
	if !p.Form[3].InPast() || p.Form[2].InPast() {
		t.Errorf("InPast: marked date %v, choice %v", p.Form[3].InPast(), p.Form[2].InPast())
	}
	if dob := (catalog.Field{Type: catalog.Date, Applicant: "dob"}); !dob.InPast() {
		t.Errorf("the applicant's date of birth is not in the past")
	}
}

// A bad group is refused with where it is and why.
func TestGroupValidation(t *testing.T) {
	for _, tc := range []struct {
		name, where, msg string
		edit             func(p *catalog.Procedure)
	}{
		{"undeclared", "form.tre_thu_tu", `group "con" is not declared`, func(p *catalog.Procedure) { p.Form[2].Group = "con" }},
		{"not consecutive", "form.tre_gioi_tinh", "must follow one another", func(p *catalog.Procedure) {
			p.Form[3].Group = ""
		}},
		{"longtext", "form.ghi_chu", "longtext field has a screen of its own", func(p *catalog.Procedure) {
			p.Form[4].Group = ""
			p.Form[5].Group = "tre"
			p.Form[4], p.Form[5] = p.Form[5], p.Form[4]
			p.Form[4].ID, p.Form[5].ID = "ghi_chu", "tre_gioi_tinh"
		}},
		{"text without max_len", "form.tre_thu_tu", "max_len between 1 and 200", func(p *catalog.Procedure) { p.Form[2].Type = catalog.Text }},
		{"three with a text", "groups.tre", "a group with a text field has at most 2 fields", func(p *catalog.Procedure) {
			p.Form[2].Type, p.Form[2].MaxLen = catalog.Text, 100
		}},
		{"long choice", "form.tre_gioi_tinh", "longer than 14", func(p *catalog.Procedure) { p.Form[4].ChoicesEN = []string{"Male", "Female, as on the notice"} }},
		{"too many choices", "form.tre_gioi_tinh", "at most 6 choices", func(p *catalog.Procedure) { p.Form[4].Choices = []string{"A", "B", "C", "D", "E", "F", "G"} }},
		{"one field", "groups.tre", "2 to 3 fields, got 1", func(p *catalog.Procedure) { p.Form[3].Group, p.Form[4].Group = "", "" }},
		{"four fields", "groups.tre", "2 to 3 fields, got 4", func(p *catalog.Procedure) {
			p.Form[1].Group = "tre"
			p.Form = append(p.Form[:2:2], append([]catalog.Field{p.Form[1]}, p.Form[2:]...)...)
			p.Form[2].ID = "gioi_tinh_2"
			p.Form[1].Group = ""
			p.Form[0], p.Form[1] = p.Form[1], p.Form[0]
		}},
		{"no title", "groups.tre", "title is required", func(p *catalog.Procedure) { p.Groups[0].Title = " " }},
		{"blank english", "groups.tre", "title_en is blank", func(p *catalog.Procedure) { p.Groups[0].TitleEN = " " }},
		{"bad id", "groups.Tre", "id must be", func(p *catalog.Procedure) {
			p.Groups[0].ID = "Tre"
			for i := range p.Form {
				if p.Form[i].Group != "" {
					p.Form[i].Group = "Tre"
				}
			}
		}},
		{"past on a number", "form.tre_thu_tu", "past is only for a date field", func(p *catalog.Procedure) { p.Form[2].Past = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := withChildGroup()
			tc.edit(&p)
			err := (&catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}).Validate()
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			for _, pr := range ve.Problems {
				if pr.Where == tc.where && strings.Contains(pr.Message, tc.msg) {
					return
				}
			}
			t.Fatalf("problems %v, want one at %q saying %q", ve.Problems, tc.where, tc.msg)
		})
	}
}
