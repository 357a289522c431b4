package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// withMother is a birth registration asking the relation and the mother's name and ID.
func withMother() catalog.Procedure {
	p := validProcedure("1.001193")
	p.Form = append(p.Form,
		catalog.Field{ID: "quan_he", Label: "Quan hệ", Type: catalog.Choice, Required: true,
			Choices: []string{"Mẹ", "Cha", "Khác"}, Relation: map[string]string{"Mẹ": "me", "Cha": "cha"}},
		catalog.Field{ID: "me_ho_ten", Label: "Họ tên mẹ", Type: catalog.Text, Required: true, Person: "me", Applicant: "name"},
		catalog.Field{ID: "me_cccd", Label: "CCCD mẹ", Type: catalog.CCCD, Required: true, Person: "me", Applicant: "id_number"},
	)
	return p
}

// A person's field takes the applicant's value only while the relation names them;
// the applicant's own fields always; the gateway accepts the mother's fields left to
// the applicant only then.
func TestApplicantKeyFollowsTheRelation(t *testing.T) {
	p := withMother()
	answers := map[string]string{}
	answer := func(id string) string { return answers[id] }
	me := &p.Form[3]
	if k := p.ApplicantKey(&p.Form[0], answer); k != "name" {
		t.Fatalf("the applicant's own name field takes %q", k)
	}
	for _, tc := range []struct{ rel, want string }{{"", ""}, {"Khác", ""}, {"Cha", ""}, {"Mẹ", "name"}} {
		answers["quan_he"] = tc.rel
		if k := p.ApplicantKey(me, answer); k != tc.want {
			t.Errorf("relation %q: the mother's name takes %q, want %q", tc.rel, k, tc.want)
		}
	}
	applicant := func(k string) string {
		return map[string]string{"name": "Nguyễn Thị Hoa", "id_number": "092158001234"}[k]
	}
	filing := catalog.Filing{ApplicantName: "Nguyễn Thị Hoa", Applicant: applicant,
		Fields: map[string]string{"ho_ten": "Nguyễn Thị Hoa", "quan_he": "Mẹ"}}
	if probs := p.CheckFiling(filing); len(probs) != 0 {
		t.Fatalf("the mother filing: %v", probs)
	}
	filing.Fields["quan_he"] = "Khác"
	probs := p.CheckFiling(filing)
	if len(probs) != 2 || !strings.Contains(probs[0], "Họ tên mẹ") || !strings.Contains(probs[1], "CCCD mẹ") {
		t.Fatalf("someone else filing without the mother's fields: %v", probs)
	}
}

func TestValidateRelations(t *testing.T) {
	tests := []struct {
		name, where, msg string
		edit             func(p *catalog.Procedure)
	}{
		{"relation on text", "form.ho_ten", "only for a choice", func(p *catalog.Procedure) { p.Form[0].Relation = map[string]string{"x": "me"} }},
		{"relation names no choice", "form.quan_he", "not one of its choices", func(p *catalog.Procedure) { p.Form[2].Relation["Bà"] = "ba" }},
		{"bad person id", "form.quan_he", "lower-case", func(p *catalog.Procedure) { p.Form[2].Relation["Cha"] = "Cha Ruột" }},
		{"person without applicant", "form.me_cccd", "needs the applicant value", func(p *catalog.Procedure) { p.Form[4].Applicant = "" }},
		{"person of no relation", "form.me_cccd", "named by no relation", func(p *catalog.Procedure) { p.Form[4].Person = "ba" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := withMother()
			tc.edit(&p)
			err := (&catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}).Validate()
			var ve *catalog.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			if pr := ve.Problems[0]; pr.Where != tc.where || !strings.Contains(pr.Message, tc.msg) {
				t.Fatalf("problem %+v, want %s: %s", pr, tc.where, tc.msg)
			}
		})
	}
	p := withMother()
	if err := (&catalog.Catalog{Version: "1", Procedures: []catalog.Procedure{p}}).Validate(); err != nil {
		t.Fatalf("a valid relation: %v", err)
	}
}
