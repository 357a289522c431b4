package flow

// Progress is where the question being asked stands among the questions the resident
// is asked (those the identity did not answer): n counts from 1, of them all. Before
// the first question or after the last, n is 0 or of.
func (f *Flow) Progress() (n, of int) {
	for i, q := range f.Questions() {
		if f.skip(q) && i != f.s.cursor {
			continue
		}
		of++
		if i <= f.s.cursor {
			n = of
		}
	}
	return n, of
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
