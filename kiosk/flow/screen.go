package flow

import "github.com/cantho-kiosk/kiosk/sync/catalog"

// A screen asks one question, or the questions of one catalog group (closely related
// short fields: the child's name, date of birth and sex) together. The cursor is the
// question being answered on it (its field highlighted, the keyboard its own);
// "Tiếp tục" moves it to the screen's next question, then to the next screen.

// groupRange is the run [lo, hi) of consecutive questions that share qs[i]'s catalog
// group; [i, i+1) for a question of its own (and for i out of range).
func groupRange(qs []Question, i int) (lo, hi int) {
	if i < 0 || i >= len(qs) || qs[i].Identity || qs[i].Field.Group == "" {
		return i, i + 1
	}
	g := qs[i].Field.Group
	same := func(j int) bool { return !qs[j].Identity && qs[j].Field.Group == g }
	lo, hi = i, i+1
	for lo > 0 && same(lo-1) {
		lo--
	}
	for hi < len(qs) && same(hi) {
		hi++
	}
	return lo, hi
}

// Screen lists the positions in Questions of the questions on the current screen, in
// form order: the cursor's and the others of its group still asked (those the
// identity answered are not); nil when no question is being asked.
func (f *Flow) Screen() []int {
	qs := f.Questions()
	if f.s.cursor < 0 || f.s.cursor >= len(qs) {
		return nil
	}
	lo, hi := groupRange(qs, f.s.cursor)
	var out []int
	for i := lo; i < hi; i++ {
		if i == f.s.cursor || !f.skip(qs[i]) {
			out = append(out, i)
		}
	}
	return out
}

// ScreenGroup is the catalog group asked on the current screen, nil for a screen of
// one question (the view shows the group's title in the resident's language).
func (f *Flow) ScreenGroup() *catalog.Group {
	q, ok := f.Current()
	if !ok || q.Identity || f.s.procedure == nil || len(f.Screen()) < 2 {
		return nil
	}
	return f.s.procedure.GroupOf(&q.Field)
}

// Focus makes question i of the current screen the one being answered (a touch on its
// answer) and reports whether i is on the screen.
func (f *Flow) Focus(i int) bool {
	for _, j := range f.Screen() {
		if j == i {
			f.s.cursor = i
			return true
		}
	}
	return false
}

// Advance moves on from the question being answered ("Tiếp tục"): to the next
// question of its screen (same is true, the step StepQuestion); after the screen's
// last, to the first of the screen's questions whose answer has a problem (same), or
// when every answer is fine to the next screen as NextQuestion does (same is false).
func (f *Flow) Advance() (step Step, same bool) {
	screen := f.Screen()
	for k, i := range screen {
		if i == f.s.cursor && k+1 < len(screen) {
			f.s.cursor = screen[k+1]
			return StepQuestion, true
		}
	}
	if len(screen) > 1 {
		qs := f.Questions()
		for _, i := range screen {
			if !CheckAnswer(qs[i].Field, f.Value(qs[i]), f.now()).OK() {
				f.s.cursor = i
				return StepQuestion, true
			}
		}
	}
	return f.NextQuestion(), false
}

// ScreenProgress is where the current screen stands among the procedure's steps
// (Progress): its first and last question's numbers (equal for a screen of one
// question) of them all; a prefilled question inside a group counts in the range.
func (f *Flow) ScreenProgress() (first, last, of int) {
	screen := f.Screen()
	if len(screen) == 0 {
		n, of := f.Progress()
		return n, n, of
	}
	keep := f.s.cursor
	defer func() { f.s.cursor = keep }()
	f.s.cursor = screen[0]
	first, of = f.Progress()
	f.s.cursor = screen[len(screen)-1]
	last, _ = f.Progress()
	return first, last, of
}
