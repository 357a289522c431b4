package kiosk

import (
	"testing"

	"fyne.io/fyne/v2"
)

// At 1366×768 with the keyboard open, the first page of results shows at least three
// whole results for queries of the sample catalog that match three or more, among
// them long names that wrap to several lines (it showed one: a long second card was
// paged away, leaving 250 px empty).
func TestSearchShowsThreeResultsAt1366(t *testing.T) {
	size := fyne.NewSize(1366, 768)
	u, w := sampleUI(t, size)
	u.startSession("")
	u.openProcedures(false, true, "")
	s := u.cur.(*proceduresScreen)
	for _, q := range []string{"khai sinh", "kết hôn", "giấy"} {
		s.showQuery(q)
		w.Content().Refresh()
		if len(s.hits) < 3 {
			t.Fatalf("%q: %d hits in the sample catalog, want ≥ 3", q, len(s.hits))
		}
		shown := shownWhole(t, q, s.results, touchTarget)
		if shown < 3 || s.results.shown != shown {
			t.Errorf("%q: page 1 shows %d results (pager says %d), want ≥ 3", q, shown, s.results.shown)
		}
		for _, p := range fitProblems(w, size) {
			t.Errorf("%q: %s", q, p)
		}
	}
}

// shownWhole counts the items on p's page, failing t for one that ends below the view
// or is lower than minH.
func shownWhole(t *testing.T, what string, p *pager, minH float32) int {
	t.Helper()
	view := p.view.Size().Height
	n := 0
	for _, o := range p.list.Objects {
		if !o.Visible() {
			continue
		}
		n++
		if b := o.Position().Y + o.Size().Height; b > view+0.5 {
			t.Errorf("%s: item %d ends at %.0f, below the view's %.0f", what, n, b, view)
		}
		if o.Size().Height < minH {
			t.Errorf("%s: item %d is %.0f px high, want ≥ %.0f", what, n, o.Size().Height, minH)
		}
	}
	return n
}
