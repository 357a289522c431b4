package dashboard_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// TestBenchFigures prints the figures of `make bench` (scripts/bench.d/dashboard.sh):
// the overview page over a year of usage from 100 kiosks (36,500 kiosk-days) on
// SQLite and PostgreSQL, against baselines measured in the same run: the page for a
// range with no figures (the fixed cost of a page: session, templates, kiosks), and
// the gateway's plain usage query reading the same year's rows. Only with
// KIOSK_BENCH=1: these are measurements, not assertions.
func TestBenchFigures(t *testing.T) {
	if os.Getenv("KIOSK_BENCH") != "1" {
		t.Skip("set KIOSK_BENCH=1 (make bench)")
	}
	for _, b := range []struct {
		name string
		open func(testing.TB) store
	}{{"sqlite", openSQLite}, {"postgres", openPG}} {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			e := newEnv(t, s, false)
			seedYear(t, s, e.clock.Now())
			e.addAccount("so.tttt", gwstore.RoleCity, "", pw)
			br := e.browser()
			br.mustSignIn("so.tttt", pw)
			from := e.clock.Now().In(vietnam).AddDate(0, 0, -364).Format(wire.DayLayout)
			to := e.clock.Now().In(vietnam).Format(wire.DayLayout)
			year := "/?from=" + from + "&to=" + to

			// Check once that the year page shows the year's figures.
			page := br.get(year)
			if page.status != http.StatusOK || byID(page.body)["kpi-kiosks"] != "100" {
				t.Fatalf("year page: %d %v", page.status, byID(page.body))
			}
			get := func(path string) func() {
				return func() {
					if a := br.get(path); a.status != http.StatusOK {
						t.Fatalf("GET %s: %d", path, a.status)
					}
				}
			}
			yearPage := measure(20, get(year))
			monthPage := measure(20, get("/"))
			emptyPage := measure(20, get("/?from=2000-01-01&to=2000-12-31"))
			csvYear := measure(5, func() {
				if a := br.get("/export.csv?from=" + from + "&to=" + to); a.status != http.StatusOK || strings.Count(a.body, "\n") != 36501 {
					t.Fatalf("year CSV: %d, %d lines", a.status, strings.Count(a.body, "\n"))
				}
			})
			rawRows := measure(10, func() {
				rows, err := s.Usage(context.Background(), gwstore.UsageFilter{From: from, To: to})
				if err != nil || len(rows) != 36500 {
					t.Fatalf("raw usage query: %d rows, %v", len(rows), err)
				}
			})
			summary := measure(20, func() {
				if _, err := s.UsageSummary(context.Background(), gwstore.UsageFilter{From: from, To: to}); err != nil {
					t.Fatal(err)
				}
			})
			const goalMs = 1000.0
			verdict := "PASS"
			if yearPage.p99 > goalMs {
				verdict = "FAIL"
			}
			p := "dashboard." + b.name
			fmt.Printf("%s.year_page.p50_ms=%.1f %s.year_page.p99_ms=%.1f  %s.month_page.p50_ms=%.1f  %s.empty_page.p50_ms=%.1f  "+
				"%s.summary_queries.p50_ms=%.1f  %s.raw_rows_query.p50_ms=%.1f  %s.raw_vs_summary=%.1fx  %s.year_csv.p50_ms=%.1f  "+
				"(100 kiosks x 365 days = 36500 kiosk-days)  goal=year_page.p99<%.0fms %s\n",
				p, yearPage.p50, p, yearPage.p99, p, monthPage.p50, p, emptyPage.p50, p, summary.p50, p, rawRows.p50,
				p, rawRows.p50/summary.p50, p, csvYear.p50, goalMs, verdict)
		})
	}
}

// seedYear stores 365 days of usage for 100 kiosks in 10 communes, ending today.
func seedYear(t *testing.T, s store, now time.Time) {
	t.Helper()
	ctx := context.Background()
	for k := 0; k < 100; k++ {
		if err := s.AddKiosk(ctx, gwstore.Kiosk{ID: fmt.Sprintf("k%03d", k), Name: fmt.Sprintf("Nhà văn hóa số %03d", k),
			Commune: fmt.Sprintf("Xã số %02d", k%10), Secret: "s", CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	procs := []string{"1.001193", "1.000894", "2.000815", "1.000656", "1.004837", "1.001022", "1.000689", "1.004845"}
	jobs := make(chan gwstore.UsageDay, 256)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range jobs {
				if err := s.PutUsage(ctx, u); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	today := now.In(vietnam)
	for d := 0; d < 365; d++ {
		day := today.AddDate(0, 0, -d).Format(wire.DayLayout)
		for k := 0; k < 100; k++ {
			n := 5 + (d*7+k*13)%40
			byProc, views := map[string]int{}, map[string]int{}
			for i, p := range procs {
				byProc[p] = (n + i*k) % 5
				views[p] = (n*3 + i) % 11
			}
			jobs <- gwstore.UsageDay{KioskID: fmt.Sprintf("k%03d", k), Day: day, UpdatedAt: now, Usage: wire.Usage{
				Day: day, Sessions: n, Completed: n * 3 / 5, Abandoned: n / 4, DossiersStarted: n * 3 / 4, DossiersSubmitted: n / 2, AssistedDossiers: n / 10,
				PagesScanned: n * 2, Lookups: n % 6, Ratings: [5]int{n % 2, n % 3, n % 4, n % 5, n % 7},
				ProcedureViews: views, DossiersByProcedure: byProc}}
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		t.Fatal(err)
	default:
	}
}

type timing struct{ p50, p99 float64 }

// measure runs f n times after one warm-up and returns the median and the 99th
// percentile in milliseconds.
func measure(n int, f func()) timing {
	f()
	ms := make([]float64, n)
	for i := range ms {
		start := time.Now()
		f()
		ms[i] = float64(time.Since(start).Microseconds()) / 1000
	}
	sort.Float64s(ms)
	return timing{p50: ms[n/2], p99: ms[min(n-1, (n*99+99)/100-1)]}
}
