package flow_test

import (
	"context"
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

// The death registration asks the deceased's name and ID on one screen and the dates of
// birth and death on another: "Tiếp tục" moves through a screen's
// questions, then to the next screen once every answer on it is fine; "Quay lại"
// goes back a screen; the review's "Sửa" opens the whole group.
func TestGroupedQuestionsShareAScreen(t *testing.T) {
	k := newKitWith(t, "../testdata/catalog-death.json")
	k.f.Start(context.Background(), "")
	k.choose(t, "1.000656")
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	qs := k.f.Questions()
	pos := map[string]int{}
	for i, q := range qs {
		pos[q.Field.ID] = i
	}
	cur := func() string { q, _ := k.f.Current(); return q.Field.ID }
	answer := func(id, v string) {
		t.Helper()
		if p := k.f.Answer(qs[pos[id]], v); !p.OK() {
			t.Fatalf("%s = %q: %+v", id, v, p)
		}
	}
	advance := func(wantID string, wantSame bool) {
		t.Helper()
		st, same := k.f.Advance()
		if st != flow.StepQuestion || same != wantSame || cur() != wantID {
			t.Fatalf("Advance: %v same=%v at %s; want %s same=%v", st, same, cur(), wantID, wantSame)
		}
	}

	if k.f.FirstQuestion(); cur() != "phone" || len(k.f.Screen()) != 1 || k.f.ScreenGroup() != nil {
		t.Fatalf("first: %s, screen %v", cur(), k.f.Screen())
	}
	answer("phone", "0912345678")
	advance("quan_he", false)
	answer("quan_he", "Con")
	advance("nguoi_chet_ho_ten", false)
	if s := k.f.Screen(); len(s) != 2 || s[0] != pos["nguoi_chet_ho_ten"] || s[1] != pos["nguoi_chet_so_dinh_danh"] {
		t.Fatalf("the deceased's screen holds %v", s)
	}
	if g := k.f.ScreenGroup(); g == nil || g.ID != "nguoi_chet" {
		t.Fatalf("screen group %+v", g)
	}
	if first, last, of := k.f.ScreenProgress(); first != 6 || last != 7 || of != 11 {
		t.Fatalf("progress %d–%d/%d, want 6–7/11 (name, CCCD, address answered by the card, phone, relation, 2 + 2 grouped, place, cause)", first, last, of)
	}
	answer("nguoi_chet_ho_ten", "trần văn ba")
	advance("nguoi_chet_so_dinh_danh", true)
	answer("nguoi_chet_so_dinh_danh", "092040001111")
	advance("nguoi_chet_ngay_sinh", false)
	if first, last, _ := k.f.ScreenProgress(); first != 8 || last != 9 {
		t.Fatalf("the dates' screen is %d–%d, want 8–9", first, last)
	}

	// The date of death typed first (a touch on its box), then "Tiếp tục": the date of
	// birth is still missing, so the screen stays with it being answered.
	if k.f.Focus(pos["nguoi_chet_ho_ten"]) {
		t.Fatal("Focus moved to a question of another screen")
	}
	if !k.f.Focus(pos["ngay_chet"]) || cur() != "ngay_chet" {
		t.Fatalf("Focus(ngay_chet): at %s", cur())
	}
	answer("ngay_chet", "20/11/2026")
	advance("nguoi_chet_ngay_sinh", true)
	answer("nguoi_chet_ngay_sinh", "01/02/1940")

	// Back goes to the first question of the previous screen, then forward again.
	if st := k.f.PrevQuestion(); st != flow.StepQuestion || cur() != "nguoi_chet_ho_ten" {
		t.Fatalf("PrevQuestion: %v at %s", st, cur())
	}
	if st := k.f.NextQuestion(); st != flow.StepQuestion || cur() != "nguoi_chet_ngay_sinh" {
		t.Fatalf("NextQuestion from the deceased's screen: %v at %s", st, cur())
	}
	advance("ngay_chet", true)
	advance("noi_chet", false)
	if len(k.f.Screen()) != 1 || k.f.ScreenGroup() != nil {
		t.Fatalf("the place of death shares its screen: %v", k.f.Screen())
	}
	answer("noi_chet", "Bệnh viện Đa khoa Cần Thơ")
	advance("nguyen_nhan", false)
	answer("nguyen_nhan", "Bệnh")
	if st, same := k.f.Advance(); same || st == flow.StepQuestion {
		t.Fatalf("after the last question: %v same=%v", st, same)
	}

	// "Sửa" on the date of death opens the dates' screen at it; its "Tiếp tục" is the
	// screen's last, so back to the review.
	if st := k.f.EditQuestion(pos["ngay_chet"]); st != flow.StepQuestion || len(k.f.Screen()) != 2 {
		t.Fatalf("EditQuestion: %v, screen %v", st, k.f.Screen())
	}
	if st, same := k.f.Advance(); st != flow.StepReview || same {
		t.Fatalf("Advance after an edit: %v same=%v, want the review", st, same)
	}
	// "Sửa" on the date of birth: "Tiếp tục" walks the screen, then back to the review.
	k.f.EditQuestion(pos["nguoi_chet_ngay_sinh"])
	advance("ngay_chet", true)
	if st, _ := k.f.Advance(); st != flow.StepReview {
		t.Fatalf("the edited screen's last: %v, want the review", st)
	}
}
