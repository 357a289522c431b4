// Package report computes the commune officials' usage statistics of one kiosk — the
// figures of the statistics screen, of the CSV export and of `kiosk stats` — from the
// store's daily roll-up and hourly counts. All three print the same Figures, so they
// cannot disagree. No Fyne here: the command line uses it without a display.
//
// Definitions (also shown to officials in the CSV):
//   - sessions: residents (or staff) who touched "start" on the attract screen;
//   - completed / abandoned: sessions that ended with a submitted dossier / that were
//     left (idle wipe or "end now") without one; abandonment = abandoned / sessions;
//   - dossiers started / submitted: "start filing" on a procedure / saved with a
//     receipt; completion = submitted / started;
//   - assisted: dossiers filed by post office staff on a resident's behalf;
//   - waiting to sync: dossiers in the outbox not yet acknowledged by the gateway.
//
// Usage counts carry no personal data: a kind, a procedure code, a number.
package report

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/store"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Source is what the figures are computed from (sync/store's *Store satisfies it).
type Source interface {
	UsageByDay(ctx context.Context, fromDay, toDay string) ([]store.UsageCount, error)
	UsageByProcedure(ctx context.Context, fromDay, toDay string) ([]store.UsageCount, error)
	HourlyCounts(ctx context.Context, day string) ([]store.HourCount, error)
	OutboxCounts(ctx context.Context) (map[store.State]int, error)
	ListProcedures(ctx context.Context) ([]store.ProcedureSummary, error)
}

// MaxDays bounds a range (a year and a bit), so that a typo cannot ask for centuries.
const MaxDays = 400

// Totals are the figures of a period (or of one day, or one hour).
type Totals struct {
	Sessions          int
	Completed         int
	Abandoned         int
	DossiersStarted   int
	DossiersSubmitted int
	AssistedDossiers  int
	PagesScanned      int
	Lookups           int
	Ratings           [5]int // how many ratings of 1..5 stars
}

// RatingCount is how many ratings were given.
func (t Totals) RatingCount() int {
	n := 0
	for _, r := range t.Ratings {
		n += r
	}
	return n
}

// AverageRating is the mean score, ok=false without ratings.
func (t Totals) AverageRating() (avg float64, ok bool) {
	n, sum := 0, 0
	for i, r := range t.Ratings {
		n += r
		sum += r * (i + 1)
	}
	if n == 0 {
		return 0, false
	}
	return float64(sum) / float64(n), true
}

// CompletionPct is dossiers submitted per dossier started, in whole percent (rounded
// half up); ok=false when none was started.
func (t Totals) CompletionPct() (int, bool) { return pct(t.DossiersSubmitted, t.DossiersStarted) }

// AbandonPct is sessions abandoned per session started, in whole percent.
func (t Totals) AbandonPct() (int, bool) { return pct(t.Abandoned, t.Sessions) }

func pct(a, b int) (int, bool) {
	if b <= 0 {
		return 0, false
	}
	return (a*100 + b/2) / b, true
}

func (t *Totals) add(c store.UsageCount) {
	switch c.Kind {
	case store.EvSessionStarted:
		t.Sessions += c.N
	case store.EvSessionCompleted:
		t.Completed += c.N
	case store.EvSessionAbandoned:
		t.Abandoned += c.N
	case store.EvDossierStarted:
		t.DossiersStarted += c.N
	case store.EvDossierSubmitted:
		t.DossiersSubmitted += c.N
		if c.Assisted {
			t.AssistedDossiers += c.N
		}
	case store.EvPagesScanned:
		t.PagesScanned += c.Total
	case store.EvLookup:
		t.Lookups += c.N
	case store.EvRating:
		if c.Val >= 1 && c.Val <= 5 {
			t.Ratings[c.Val-1] += c.N
		}
	}
}

// Day is one calendar day's figures.
type Day struct {
	Day string // YYYY-MM-DD
	Totals
}

// Hour is one hour's figures of a single-day report.
type Hour struct {
	Hour      int
	Sessions  int
	Submitted int
}

// Procedure is one procedure's figures.
type Procedure struct {
	Code      string
	Name      string // from the catalog; the code when the catalog no longer has it
	Started   int
	Submitted int
	Assisted  int
	Pages     int
}

// Waiting is the outbox now.
type Waiting struct {
	Queued   int // not yet acknowledged by the gateway (queued and being sent)
	Rejected int // refused by the gateway, waiting for staff
}

// Figures are the statistics of a period.
type Figures struct {
	From, To   string // inclusive days
	Totals            // the whole period
	Days       []Day  // every day of the period, oldest first (days without events too)
	Hours      []Hour // 24 hours when From == To, else nil
	Procedures []Procedure
	Waiting    Waiting
	Fees       Fees // fees.go
}

// SingleDay reports whether the figures cover one day (with an hourly breakdown).
func (f *Figures) SingleDay() bool { return f.From == f.To }

// LastDays returns the range of the n days ending with the day of now.
func LastDays(now time.Time, n int) (from, to string) {
	return now.AddDate(0, 0, -(n - 1)).Format(wire.DayLayout), now.Format(wire.DayLayout)
}

// CheckRange validates a range of days.
func CheckRange(from, to string) error {
	f, err := time.Parse(wire.DayLayout, from)
	if err != nil {
		return fmt.Errorf("day %q: want YYYY-MM-DD", from)
	}
	t, err := time.Parse(wire.DayLayout, to)
	if err != nil {
		return fmt.Errorf("day %q: want YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return fmt.Errorf("the range ends (%s) before it starts (%s)", to, from)
	}
	if t.Sub(f) > MaxDays*24*time.Hour {
		return fmt.Errorf("the range %s to %s is longer than %d days", from, to, MaxDays)
	}
	return nil
}

// Compute reads the figures of the days from to to (inclusive) from src.
func Compute(ctx context.Context, src Source, from, to string) (*Figures, error) {
	if err := CheckRange(from, to); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	rows, err := src.UsageByDay(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	perProc, err := src.UsageByProcedure(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	f := &Figures{From: from, To: to}
	idx := map[string]int{}
	start, _ := time.Parse(wire.DayLayout, from)
	for d := start; d.Format(wire.DayLayout) <= to; d = d.AddDate(0, 0, 1) {
		idx[d.Format(wire.DayLayout)] = len(f.Days)
		f.Days = append(f.Days, Day{Day: d.Format(wire.DayLayout)})
	}
	procs := map[string]*Procedure{}
	for _, c := range rows {
		f.Totals.add(c)
		if i, ok := idx[c.Day]; ok {
			f.Days[i].Totals.add(c)
		}
	}
	for _, c := range perProc {
		var p *Procedure
		switch c.Kind {
		case store.EvDossierStarted, store.EvDossierSubmitted, store.EvPagesScanned:
			if p = procs[c.Procedure]; p == nil {
				p = &Procedure{Code: c.Procedure, Name: c.Procedure}
				procs[c.Procedure] = p
			}
		default:
			continue
		}
		switch c.Kind {
		case store.EvDossierStarted:
			p.Started += c.N
		case store.EvDossierSubmitted:
			p.Submitted += c.N
			if c.Assisted {
				p.Assisted += c.N
			}
		case store.EvPagesScanned:
			p.Pages += c.Total
		}
	}
	if len(procs) > 0 {
		list, err := src.ListProcedures(ctx)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		for _, s := range list {
			if p := procs[s.Code]; p != nil {
				p.Name = s.Name
			}
		}
	}
	for _, p := range procs {
		f.Procedures = append(f.Procedures, *p)
	}
	sort.Slice(f.Procedures, func(i, j int) bool {
		a, b := f.Procedures[i], f.Procedures[j]
		if a.Submitted != b.Submitted {
			return a.Submitted > b.Submitted
		}
		if a.Started != b.Started {
			return a.Started > b.Started
		}
		return a.Code < b.Code
	})
	if f.SingleDay() {
		hours, err := src.HourlyCounts(ctx, from)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		f.Hours = make([]Hour, 24)
		for h := range f.Hours {
			f.Hours[h].Hour = h
		}
		for _, h := range hours {
			if h.Hour < 0 || h.Hour > 23 {
				continue
			}
			switch h.Kind {
			case store.EvSessionStarted:
				f.Hours[h.Hour].Sessions += h.N
			case store.EvDossierSubmitted:
				f.Hours[h.Hour].Submitted += h.N
			}
		}
	}
	counts, err := src.OutboxCounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	f.Waiting = Waiting{Queued: counts[store.Queued] + counts[store.Sending], Rejected: counts[store.Rejected]}
	if err := computeFees(ctx, src, f); err != nil {
		return nil, err
	}
	return f, nil
}
