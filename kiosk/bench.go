package kiosk

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
)

// RunDemoSession walks one resident's whole session with demo data (the tour's
// steps: search, detail, CCCD, form, scanned pages, review, submit, receipt, lookup,
// rating) and ends it with the wipe. It drives the UI with fyne.DoAndWait from the
// caller's goroutine. It is the workload of the memory bench (make bench).
func (u *UI) RunDemoSession(ctx context.Context) error {
	for _, st := range residentTourSteps() {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		fyne.DoAndWait(func() { err = st.show(u) })
		if err != nil {
			return fmt.Errorf("session step %s: %w", st.name, err)
		}
	}
	fyne.DoAndWait(u.endSession)
	return nil
}

// BenchSearchKeystrokes opens the search screen and types each query one character
// at a time, returning for every keystroke the time from the key to the frame after
// the results were replaced (the search runs in the key's handler; the second
// DoAndWait returns once the event loop has drawn). With search false the entry has
// no handler: the baseline cost of a key and a frame.
func (u *UI) BenchSearchKeystrokes(ctx context.Context, queries []string, search bool) ([]time.Duration, error) {
	var s *proceduresScreen
	fyne.DoAndWait(func() {
		u.startSession("")
		u.openProcedures(false, true, "")
		s = u.cur.(*proceduresScreen)
		if !search {
			s.entry.OnChanged = nil
		}
	})
	var out []time.Duration
	for _, q := range queries {
		rs := []rune(q)
		for i := 1; i <= len(rs); i++ {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			prefix := string(rs[:i])
			t0 := time.Now()
			fyne.DoAndWait(func() { s.entry.SetText(prefix) })
			fyne.DoAndWait(func() {})
			out = append(out, time.Since(t0))
		}
	}
	fyne.DoAndWait(u.endSession)
	return out, nil
}
