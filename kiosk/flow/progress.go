package flow

// The step indicator ("Câu 4/12") counts the procedure's steps: every question the
// resident may be asked, those the CCCD or a relation answer ("Mẹ") answers for them
// included. Its total is fixed once the procedure is chosen and the number only moves
// forward as the resident does: a question answered for them counts as done, so the
// number jumps past it and the total never shrinks under a 70-year-old's eyes (it
// used to drop from 15 to 12 as prefilled questions left the count). A form field
// that always takes an identity answer (the applicant's name, CCCD, phone) is the
// same question as that identity one and is not counted twice.

// Progress is where the question being asked stands among the procedure's steps: n
// counts from 1, of them all. Before the first question or after the last, n is 0 or
// of. A question that repeats an identity one (asked only when the identity's answer
// does not suit it) shares the number of the step before it.
func (f *Flow) Progress() (n, of int) {
	qs := f.Questions()
	asked := map[string]bool{}
	for _, q := range qs {
		if q.Identity {
			asked[q.Field.ID] = true
		}
	}
	for i, q := range qs {
		if f.repeatsIdentity(q, asked) {
			continue
		}
		of++
		if i <= f.s.cursor {
			n = of
		}
	}
	return n, of
}

// repeatsIdentity reports that form question q takes the answer of an identity
// question asked (the keys in asked) whatever the other answers are: not a person's
// field, whose binding follows a relation answer.
func (f *Flow) repeatsIdentity(q Question, asked map[string]bool) bool {
	return !q.Identity && q.Field.Person == "" && asked[f.boundTo(q.Field)]
}

// Current is the question being asked, if any.
func (f *Flow) Current() (Question, bool) {
	qs := f.Questions()
	if f.s.cursor < 0 || f.s.cursor >= len(qs) {
		return Question{}, false
	}
	return qs[f.s.cursor], true
}

// Reviewing reports that the question being asked was opened from the review.
func (f *Flow) Reviewing() bool { return f.s.reviewing }
