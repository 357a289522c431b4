package kiosk

import (
	"context"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// RunDemoSession walks one resident's whole session with demo data (the tour's
// steps: search, detail, CCCD, form, scanned pages, review, submit, receipt, lookup,
// rating) and ends it with the wipe. It drives the UI with fyne.DoAndWait from the
// caller's goroutine. It is the workload of the memory bench (make bench): its
// pages are real-size scans (A4 at 200 dpi, gray JPEG, as the scanners deliver),
// not the tour's small demo pages.
func (u *UI) RunDemoSession(ctx context.Context) error {
	for _, st := range residentTourSteps(a4ScanPage) {
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
// at a time, returning for every keystroke the time from the key to the event loop's
// turn after the results were applied (the search runs off the UI thread; the bench
// waits until the hits of the last key are shown, then for one more turn of the
// loop). With search false the entry has no handler: the baseline cost of a key and
// a turn of the loop.
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
			for search && !s.searchSettled() {
				if time.Since(t0) > 10*time.Second {
					return out, fmt.Errorf("bench: no results for %q after 10 s", prefix)
				}
				time.Sleep(50 * time.Microsecond)
			}
			t1 := time.Since(t0)
			fyne.DoAndWait(func() {})
			out = append(out, time.Since(t0))
			if os.Getenv("KIOSK_BENCH_DEBUG") != "" {
				fmt.Fprintf(os.Stderr, "key %q search=%v settled=%v total=%v hits=%d\n", prefix, search, t1, time.Since(t0), len(s.hits))
			}
		}
	}
	fyne.DoAndWait(u.endSession)
	return out, nil
}
