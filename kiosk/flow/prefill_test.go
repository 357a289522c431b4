package flow_test

import (
	"context"
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

// The phone typed on the identity questions answers the form's own phone question,
// which is then not asked; names are kept written as names; Progress counts only
// the questions asked.
func TestNothingAskedTwice(t *testing.T) {
	k := newKit(t)
	k.f.Start(context.Background(), "")
	k.choose(t, "1.001193")
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	qs := k.f.Questions()
	at := func(id string) flow.Question {
		for _, q := range qs {
			if q.Field.ID == id {
				return q
			}
		}
		t.Fatalf("no question %s", id)
		return flow.Question{}
	}
	if st := k.f.FirstQuestion(); st != flow.StepQuestion || qs[k.f.Cursor()].Field.ID != "phone" {
		t.Fatalf("first question after the card: %v at %d", st, k.f.Cursor())
	}
	if n, of := k.f.Progress(); n != 1 || of != 7 {
		t.Fatalf("progress %d/%d, want 1/7 (phone and the six form questions the card did not answer)", n, of)
	}
	if p := k.f.Answer(at("phone"), "0912345678"); !p.OK() {
		t.Fatalf("phone: %+v", p)
	}
	if v := k.f.Value(at("dien_thoai")); v != "0912345678" || !k.f.Prefilled(at("dien_thoai")) {
		t.Fatalf("form phone %q prefilled %v", v, k.f.Prefilled(at("dien_thoai")))
	}
	if n, of := k.f.Progress(); n != 1 || of != 6 {
		t.Fatalf("progress %d/%d after the phone, want 1/6", n, of)
	}
	var asked []string
	for st := k.f.NextQuestion(); st == flow.StepQuestion; st = k.f.NextQuestion() {
		q, _ := k.f.Current()
		asked = append(asked, q.Field.ID)
	}
	for _, id := range asked {
		if id == "dien_thoai" {
			t.Fatalf("the phone was asked twice: %v", asked)
		}
	}
	if k.f.Fields()["dien_thoai"] != "0912345678" {
		t.Fatalf("the dossier's phone is %q", k.f.Fields()["dien_thoai"])
	}

	k.f.Answer(at("ten_tre"), "  trần   minh khôi ")
	if v := k.f.Value(at("ten_tre")); v != "Trần Minh Khôi" {
		t.Fatalf("child's name kept as %q", v)
	}
	k.f.Answer(at("name"), "nguyễn văn AN")
	if v := k.f.Applicant().Name; v != "Nguyễn Văn An" {
		t.Fatalf("applicant's name kept as %q", v)
	}
	k.f.Answer(at("ghi_chu"), "sinh tại nhà")
	if v := k.f.Value(at("ghi_chu")); v != "sinh tại nhà" {
		t.Fatalf("free text changed to %q", v)
	}
}
