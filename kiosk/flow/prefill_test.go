package flow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

// The phone typed on the identity questions answers the form's own phone question,
// which is then not asked; a relation answer "Mẹ" fills the mother's fields; names are kept written as names; Progress counts
// what the card answered as done.
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
	if n, of := k.f.Progress(); n != 3 || of != 11 {
		t.Fatalf("progress %d/%d, want 3/11 (name, CCCD answered by the card, then the phone; 8 form questions not repeating the identity)", n, of)
	}
	if p := k.f.Answer(at("phone"), "0912345678"); !p.OK() {
		t.Fatalf("phone: %+v", p)
	}
	if v := k.f.Value(at("dien_thoai")); v != "0912345678" || !k.f.Prefilled(at("dien_thoai")) {
		t.Fatalf("form phone %q prefilled %v", v, k.f.Prefilled(at("dien_thoai")))
	}
	if n, of := k.f.Progress(); n != 3 || of != 11 {
		t.Fatalf("progress %d/%d after the phone, want 3/11 still", n, of)
	}
	// The relation "Mẹ" makes the mother's fields the applicant's: not asked either.
	var asked []string
	for st := k.f.NextQuestion(); st == flow.StepQuestion; st = k.f.NextQuestion() {
		q, _ := k.f.Current()
		asked = append(asked, q.Field.ID)
		if q.Field.ID == "quan_he" {
			k.f.Answer(q, "Mẹ")
		}
	}
	if got := strings.Join(asked, " "); got != "ten_tre ngay_sinh_tre gioi_tinh_tre so_ban_sao quan_he ghi_chu" {
		t.Fatalf("asked %s", got)
	}
	if f := k.f.Fields(); f["me_ho_ten"] != "Nguyễn Thị Ngọc Hường" || f["me_cccd"] != "092158001234" {
		t.Fatalf("the mother's fields %q %q", f["me_ho_ten"], f["me_cccd"])
	}
	// Someone else filing: the mother's fields are asked.
	k.f.Answer(at("quan_he"), "Người khác")
	if k.f.Prefilled(at("me_ho_ten")) || k.f.Value(at("me_ho_ten")) != "" {
		t.Fatal("the mother's name must be asked when someone else files")
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
