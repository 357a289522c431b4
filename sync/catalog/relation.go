package catalog

// A form may ask how the applicant is related to someone the form is about (a choice
// field with "relation": {"Mẹ": "me", "Cha": "cha"}) and hold that person's own
// fields ("person": "me" with "applicant": "name"). When the answer names the person,
// the applicant is that person: the person's fields take the applicant's values and
// are not asked.

// ApplicantKey is the applicant value f takes in a dossier whose answers are given by
// answer: f.Applicant for the applicant's own fields; for a person's field, f.Applicant
// only while a relation answer names that person, else "" (the resident answers it).
func (p *Procedure) ApplicantKey(f *Field, answer func(id string) string) string {
	if f.Person == "" || f.Applicant == "" {
		return f.Applicant
	}
	for i := range p.Form {
		r := &p.Form[i]
		if len(r.Relation) == 0 {
			continue
		}
		if r.Relation[answer(r.ID)] == f.Person {
			return f.Applicant
		}
	}
	return ""
}

// validateRelations checks relation choices and person fields: a relation only on a
// choice field, naming its own choices; a person's field is bound to an applicant
// value and its person is named by some relation.
func validateRelations(id string, form []Field, add addFunc) {
	persons := map[string]bool{}
	for _, f := range form {
		if len(f.Relation) == 0 {
			continue
		}
		if f.Type != Choice {
			add(id, "form."+f.ID, "relation is only for a choice field")
			continue
		}
		for _, c := range sortedKeys(f.Relation) { // problems in a stable order
			who := f.Relation[c]
			if !hasChoice(f.Choices, c) {
				add(id, "form."+f.ID, "relation names %q, which is not one of its choices", c)
			}
			if !idPattern.MatchString(who) {
				add(id, "form."+f.ID, "relation's person must be lower-case letters, digits, - or _, got %q", who)
			}
			persons[who] = true
		}
	}
	for _, f := range form {
		if f.Person == "" {
			continue
		}
		if f.Applicant == "" {
			add(id, "form."+f.ID, "a person's field needs the applicant value it takes (applicant)")
		}
		if !persons[f.Person] {
			add(id, "form."+f.ID, "person %q is named by no relation field", f.Person)
		}
	}
}
