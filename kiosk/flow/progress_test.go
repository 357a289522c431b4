package flow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
)

// validAnswer is an answer CheckAnswer accepts for a field of type fl.Type.
func validAnswer(fl catalog.Field) string {
	switch fl.Type {
	case catalog.CCCD:
		return "092040001111"
	case catalog.Date:
		return "2026-11-20"
	case catalog.Phone:
		return "0912345678"
	case catalog.Number:
		return "2"
	case catalog.Choice:
		return fl.Choices[0]
	}
	return "Trần Văn Ba"
}

// walkIndicators files the sample catalog's birth registration screen by screen as
// the view does ("Tiếp tục" on each question) and returns the step indicator of every
// screen shown, "3" for a screen of one question and "3–4" for a group, each "/total".
// relation is the answer to "Quan hệ với người được khai sinh".
func walkIndicators(t *testing.T, withCCCD bool, relation string) string {
	t.Helper()
	k := newKitWith(t, "../../assets/catalog/sample.json")
	k.f.Start(context.Background(), "")
	k.choose(t, "1.001193")
	if withCCCD {
		if err := k.f.ApplyCCCD(testCCCD); err != nil {
			t.Fatal(err)
		}
	}
	qs := k.f.Questions()
	var seen []string
	st := k.f.FirstQuestion()
	for guard := 0; st == flow.StepQuestion; guard++ {
		if guard > 100 {
			t.Fatalf("the walk does not end: %v", seen)
		}
		first, last, of := k.f.ScreenProgress()
		if first == last {
			seen = append(seen, fmt.Sprintf("%d/%d", first, of))
		} else {
			seen = append(seen, fmt.Sprintf("%d–%d/%d", first, last, of))
		}
		for same := true; same; {
			q := qs[k.f.Cursor()]
			v := validAnswer(q.Field)
			if q.Field.ID == "quan_he" {
				v = relation
			}
			if p := k.f.Answer(q, v); !p.OK() {
				t.Fatalf("%s = %q: %+v", q.Field.ID, v, p)
			}
			st, same = k.f.Advance()
		}
	}
	return strings.Join(seen, " ")
}

// The birth registration's indicator (sample catalog: 5 identity questions, 18 form
// fields of which 5 always take the identity's answers, so 18 steps): the total never
// moves and the number only goes forward, jumping past what the CCCD or the relation
// answered. Before, the same walks read "1/15 2/14 3–4/12 … 12/12" with a CCCD and
// "1/23 2/22 3/21 4/20 5/19 6/18 7–8/16 … 16/16" without.
func TestStepIndicatorSequences(t *testing.T) {
	for _, c := range []struct {
		cccd     bool
		relation string
		want     string
	}{
		{false, "Cha", "1/18 2/18 3/18 4/18 5/18 6/18 7–8/18 9–10/18 11–12/18 13–14/18 17/18 18/18"},
		{false, "Mẹ", "1/18 2/18 3/18 4/18 5/18 6/18 7–8/18 9–10/18 11–12/18 15–16/18 17/18 18/18"},
		{true, "Mẹ", "5/18 6/18 7–8/18 9–10/18 11–12/18 15–16/18 17/18 18/18"},
		{true, "Ông, bà", "5/18 6/18 7–8/18 9–10/18 11–12/18 13–14/18 15–16/18 17/18 18/18"},
	} {
		if got := walkIndicators(t, c.cccd, c.relation); got != c.want {
			t.Errorf("CCCD %v, relation %s:\n got %s\nwant %s", c.cccd, c.relation, got, c.want)
		}
	}
}

// A resident who goes back and changes the relation from "Mẹ" to "Ông, bà" is then
// asked the mother's fields: the total stays and the number still moves forward.
func TestStepIndicatorAfterRelationChange(t *testing.T) {
	k := newKitWith(t, "../../assets/catalog/sample.json")
	k.f.Start(context.Background(), "")
	k.choose(t, "1.001193")
	if err := k.f.ApplyCCCD(testCCCD); err != nil {
		t.Fatal(err)
	}
	qs := k.f.Questions()
	cur := func() string { q, _ := k.f.Current(); return q.Field.ID }
	step := func() string {
		first, last, of := k.f.ScreenProgress()
		return fmt.Sprintf("%d–%d/%d", first, last, of)
	}
	k.f.FirstQuestion()
	for cur() != "quan_he" {
		k.f.Answer(qs[k.f.Cursor()], validAnswer(qs[k.f.Cursor()].Field))
		if st, _ := k.f.Advance(); st != flow.StepQuestion {
			t.Fatalf("the walk ended before the relation: %v", st)
		}
	}
	k.f.Answer(qs[k.f.Cursor()], "Mẹ")
	k.f.Advance()
	for cur() != "cha_ho_ten" {
		k.f.Answer(qs[k.f.Cursor()], validAnswer(qs[k.f.Cursor()].Field))
		k.f.Advance()
	}
	if got := step(); got != "15–16/18" {
		t.Fatalf("the father's screen after \"Mẹ\": %s", got)
	}
	for cur() != "quan_he" {
		if st := k.f.PrevQuestion(); st != flow.StepQuestion {
			t.Fatalf("back: %v", st)
		}
	}
	if got := step(); got != "6–6/18" {
		t.Fatalf("back at the relation: %s", got)
	}
	k.f.Answer(qs[k.f.Cursor()], "Ông, bà")
	k.f.Advance()
	var seen []string // one per question answered: a group's screen shows twice
	for st := flow.StepQuestion; st == flow.StepQuestion; {
		seen = append(seen, step())
		k.f.Answer(qs[k.f.Cursor()], validAnswer(qs[k.f.Cursor()].Field))
		st, _ = k.f.Advance()
	}
	if got := strings.Join(seen, " "); got != "7–8/18 7–8/18 9–10/18 9–10/18 11–12/18 11–12/18 13–14/18 13–14/18 15–16/18 15–16/18 17–17/18 18–18/18" {
		t.Fatalf("after changing the relation: %s", got)
	}
}
