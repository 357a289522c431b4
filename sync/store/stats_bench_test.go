package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk/report"
	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// yearOfUsage makes about perDay events a day for days days ending with end, as
// sessions of a busy commune kiosk: opening hours, a few dozen procedures, most
// sessions filing a dossier with pages, some ratings, some walking away.
func yearOfUsage(end time.Time, days, perDay int) []store.Event {
	r := rand.New(rand.NewPCG(6, 2026))
	codes := make([]string, 40)
	for i := range codes {
		codes[i] = fmt.Sprintf("1.%06d", 1000+i)
	}
	out := make([]store.Event, 0, days*perDay+16)
	for d := days - 1; d >= 0; d-- {
		day := end.AddDate(0, 0, -d)
		base := time.Date(day.Year(), day.Month(), day.Day(), 7, 0, 0, 0, time.UTC)
		for n := 0; n < perDay; {
			at := base.Add(time.Duration(r.IntN(10*3600)) * time.Second)
			assisted := r.IntN(10) == 0
			code := codes[r.IntN(len(codes))]
			ev := func(k store.EventKind, p string, v int) {
				out = append(out, store.Event{At: at, Kind: k, Procedure: p, Value: v, Assisted: assisted})
				at = at.Add(time.Minute)
				n++
			}
			ev(store.EvSessionStarted, "", 0)
			ev(store.EvSearch, code, 0)
			ev(store.EvProcedureViewed, code, 0)
			ev(store.EvDossierStarted, code, 0)
			if r.IntN(10) < 7 {
				ev(store.EvDossierSubmitted, code, 0)
				ev(store.EvPagesScanned, code, 1+r.IntN(6))
				if r.IntN(2) == 0 {
					ev(store.EvRating, "", 1+r.IntN(5))
				}
				ev(store.EvSessionCompleted, "", 0)
			} else {
				ev(store.EvSessionAbandoned, "", 0)
			}
		}
	}
	return out
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func timeIt(n int, f func()) (med, max time.Duration) {
	var all []time.Duration
	for i := 0; i < n; i++ {
		t0 := time.Now()
		f()
		d := time.Since(t0)
		all = append(all, d)
		if d > max {
			max = d
		}
	}
	return median(all), max
}

// TestStatsBenchFigures prints the officials' screen's query times over a year of
// usage events (about a million) against a full COUNT(*) of the events, measured in the
// same run. Run by scripts/bench.d/stats.sh (KIOSK_BENCH=1).
func TestStatsBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") == "" {
		t.Skip("KIOSK_BENCH not set")
	}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "kiosk.db"), store.Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.ImportCatalog(ctx, testCatalog()); err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	t0 := time.Now()
	evs := yearOfUsage(end, 365, 2740)
	for i := 0; i < len(evs); i += 100_000 {
		j := min(i+100_000, len(evs))
		if err := store.BulkRecord(ctx, st, evs[i:j]); err != nil {
			t.Fatal(err)
		}
	}
	load := time.Since(t0)
	n, err := st.UsageEventCount(ctx)
	if err != nil || n != len(evs) {
		t.Fatalf("count %d %v", n, err)
	}
	const runs = 15
	countMed, _ := timeIt(runs, func() {
		if _, err := st.UsageEventCount(ctx); err != nil {
			t.Fatal(err)
		}
	})
	compute := func(from, to string) func() {
		return func() {
			f, err := report.Compute(ctx, st, from, to)
			if err != nil || f.Sessions == 0 {
				t.Fatalf("compute %s..%s: %v", from, to, err)
			}
		}
	}
	today := end.Format(wire.DayLayout)
	from30, _ := report.LastDays(end, 30)
	from365, _ := report.LastDays(end, 365)
	todayMed, todayMax := timeIt(runs, compute(today, today))
	monthMed, monthMax := timeIt(runs, compute(from30, today))
	yearMed, yearMax := timeIt(runs, compute(from365, today))
	// The screen opens on today and the officials switch to 30 days: both, back to back.
	screenMed, screenMax := timeIt(runs, func() { compute(today, today)(); compute(from30, today)() })
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }
	verdict := "PASS"
	// The goal is the screen's (today and 30 days, over a year of stored events); the
	// whole-year range of `kiosk stats` is shown for information. Medians decide: the
	// bench shares two cores with whatever else runs.
	if screenMed >= 100*time.Millisecond {
		verdict = "FAIL"
	}
	fmt.Printf("stats.events=%d  stats.load_s=%.1f\n", n, load.Seconds())
	fmt.Printf("stats.baseline_count_all_ms=%s (SELECT count(*) over every event, median of %d)\n", ms(countMed), runs)
	fmt.Printf("stats.today_ms=%s (max %s)  stats.30days_ms=%s (max %s)  stats.365days_ms=%s (max %s; kiosk stats over a year, no goal)\n",
		ms(todayMed), ms(todayMax), ms(monthMed), ms(monthMax), ms(yearMed), ms(yearMax))
	fmt.Printf("stats.screen_ms=%s (max %s; today + 30 days)  ratio_vs_count_all=%.1fx  goal=<100ms %s\n",
		ms(screenMed), ms(screenMax), float64(countMed)/float64(max(screenMed, time.Microsecond)), verdict)
	if verdict != "PASS" {
		t.Errorf("statistics queries over a year of events exceed 100 ms")
	}
}
