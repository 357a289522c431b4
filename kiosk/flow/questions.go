package flow

import (
	"github.com/cantho-kiosk/kiosk/kiosk/typing"
	"github.com/cantho-kiosk/kiosk/sync/catalog"
	"github.com/cantho-kiosk/kiosk/sync/store"
)

// Question is one thing the kiosk asks: an identity value of the applicant (asked
// first, for every procedure) or one field of the procedure's form.
type Question struct {
	Field catalog.Field
	// Identity marks the applicant's own questions; Field.ID is then the applicant key
	// (name, id_number, dob, sex, address, phone) and LabelKey the translation key of
	// its label (the catalog's fields carry their own labels).
	Identity bool
	LabelKey string
}

// IdentityQuestions are the applicant's questions, in the order they are asked.
func IdentityQuestions() []Question {
	q := func(key string, f catalog.Field) Question {
		f.ID, f.Applicant = key, key
		return Question{Field: f, Identity: true, LabelKey: "identity." + key}
	}
	return []Question{
		q("name", catalog.Field{Type: catalog.Text, Required: true, MinLen: 2, MaxLen: 100}),
		q("id_number", catalog.Field{Type: catalog.CCCD, Required: true}),
		q("dob", catalog.Field{Type: catalog.Date, Required: true}),
		q("sex", catalog.Field{Type: catalog.Choice, Required: true, Choices: []string{"Nam", "Nữ"}}),
		q("address", catalog.Field{Type: catalog.Text, Required: true, MinLen: 5, MaxLen: 300}),
		q("phone", catalog.Field{Type: catalog.Phone}),
	}
}

// FormQuestions are the chosen procedure's form fields as questions (none before Choose).
func (f *Flow) FormQuestions() []Question {
	if f.s.procedure == nil {
		return nil
	}
	out := make([]Question, 0, len(f.s.procedure.Form))
	for _, fl := range f.s.procedure.Form {
		out = append(out, Question{Field: fl})
	}
	return out
}

// Questions are every question of the dossier: the identity first, then the form.
// Once a procedure is chosen, only the identity values its dossier carries are asked
// (catalog's ApplicantKeys, plus the phone when a form field takes it): the rest would
// be typed by the resident and then dropped at the save.
func (f *Flow) Questions() []Question {
	return append(f.identityQuestions(), f.FormQuestions()...)
}

func (f *Flow) identityQuestions() []Question {
	all := IdentityQuestions()
	if f.s.procedure == nil {
		return all
	}
	used := f.s.procedure.ApplicantKeys()
	for _, fl := range f.s.procedure.Form {
		if f.boundTo(fl) == "phone" {
			used["phone"] = true
		}
	}
	out := all[:0]
	for _, q := range all {
		if used[q.Field.ID] {
			out = append(out, q)
		}
	}
	return out
}

// Value is the current answer to q as stored (dates YYYY-MM-DD): the resident's answer,
// else for a form field bound to an identity value ("applicant" in the catalog), that value.
func (f *Flow) Value(q Question) string {
	if q.Identity {
		return f.s.applicant.Value(q.Field.ID)
	}
	if v, ok := f.s.answers[q.Field.ID]; ok {
		return v
	}
	if key := f.boundTo(q.Field); key != "" {
		return f.s.applicant.Value(key)
	}
	return ""
}

// boundTo is the applicant key a form field takes its answer from: the catalog's
// "applicant" (for a person's field, while the relation answer names that person:
// "Mẹ" makes the mother's fields the applicant's), or for a phone field without one
// the applicant's phone (the resident typed it on the identity questions and is not
// asked twice).
func (f *Flow) boundTo(fl catalog.Field) string {
	if fl.Applicant == "" && fl.Type == catalog.Phone {
		return "phone"
	}
	if f.s.procedure == nil {
		return fl.Applicant
	}
	return f.s.procedure.ApplicantKey(&fl, func(id string) string { return f.s.answers[id] })
}

// Prefilled reports that q's answer came from the identity (the CCCD, or the identity
// questions for a form field bound to one) and not from the resident answering q
// itself: a one-question-per-screen view skips it and shows it on the review.
func (f *Flow) Prefilled(q Question) bool {
	if q.Identity {
		return f.s.fromCCCD && q.Field.ID != "phone" && f.Value(q) != ""
	}
	_, answered := f.s.answers[q.Field.ID]
	return !answered && f.boundTo(q.Field) != "" && f.Value(q) != ""
}

// Answer records v (as stored: dates YYYY-MM-DD) as the answer to q and returns its
// problem, if any; the answer is kept either way so the resident can correct it.
//
// A person's name is kept written as names are ("nguyễn văn an" → "Nguyễn Văn An").
func (f *Flow) Answer(q Question, v string) Problem {
	if q.Field.IsPersonName() {
		v = typing.CapitalizeName(v)
	}
	if q.Identity {
		setApplicant(&f.s.applicant, q.Field.ID, v)
	} else {
		f.s.answers[q.Field.ID] = v
	}
	return CheckAnswer(q.Field, v, f.now())
}

// Check returns the problem of every question that has one, by position in qs.
func (f *Flow) Check(qs []Question) map[int]Problem {
	out := map[int]Problem{}
	for i, q := range qs {
		if p := CheckAnswer(q.Field, f.Value(q), f.now()); !p.OK() {
			out[i] = p
		}
	}
	return out
}

func setApplicant(a *store.Applicant, key, v string) {
	switch key {
	case "name":
		a.Name = v
	case "id_number":
		a.IDNumber = v
	case "old_id_number":
		a.OldIDNumber = v
	case "dob":
		a.DOB = v
	case "sex":
		a.Sex = v
	case "address":
		a.Address = v
	case "issue_date":
		a.IssueDate = v
	case "phone":
		a.Phone = v
	}
}

// Cursor is the position in Questions of the question being asked.
func (f *Flow) Cursor() int { return f.s.cursor }

// FirstQuestion starts asking from the first question not answered by the identity and
// returns the step to show (StepQuestion, or what follows the questions when every
// answer is prefilled).
func (f *Flow) FirstQuestion() Step {
	f.s.cursor, f.s.reviewing = -1, false
	return f.NextQuestion()
}

// NextQuestion moves on from the screen asked: back to the review after an edit
// from it, else to the next question after the screen's group that the identity did
// not answer, else to the step after the questions (scan or review).
func (f *Flow) NextQuestion() Step {
	if f.s.reviewing {
		f.s.reviewing = false
		return StepReview
	}
	qs := f.Questions()
	_, hi := groupRange(qs, f.s.cursor)
	for i := hi; i < len(qs); i++ {
		if !f.skip(qs[i]) {
			f.s.cursor = i
			return StepQuestion
		}
	}
	f.s.cursor = len(qs)
	return f.After(StepForm)
}

// PrevQuestion moves back to the previous screen asked (to its first question);
// before the first it returns StepDetail (the procedure's page), after an edit from
// the review StepReview.
func (f *Flow) PrevQuestion() Step {
	if f.s.reviewing {
		f.s.reviewing = false
		return StepReview
	}
	qs := f.Questions()
	lo, _ := groupRange(qs, f.s.cursor)
	for i := min(lo, len(qs)) - 1; i >= 0; i-- {
		if !f.skip(qs[i]) {
			first, _ := groupRange(qs, i)
			for first < i && f.skip(qs[first]) {
				first++
			}
			f.s.cursor = first
			return StepQuestion
		}
	}
	f.s.cursor = -1
	return StepDetail
}

// EditQuestion asks question i again from the review, on its screen (with the rest
// of its group, i being answered); the step after that screen is the review.
func (f *Flow) EditQuestion(i int) Step {
	if i < 0 || i >= len(f.Questions()) {
		return StepReview
	}
	f.s.cursor, f.s.reviewing = i, true
	return StepQuestion
}

// skip: a prefilled answer without a problem is not asked again.
func (f *Flow) skip(q Question) bool {
	return f.Prefilled(q) && CheckAnswer(q.Field, f.Value(q), f.now()).OK()
}
