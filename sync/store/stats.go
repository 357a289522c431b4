package store

import (
	"context"
	"database/sql"
	"fmt"
)

// UsageCount is one row of the daily usage roll-up: how many events of a kind (for a
// procedure, a rating score, staff-assisted or not) a local day had, and the sum of
// their values (pages for pages_scanned). The officials' statistics are built from it.
type UsageCount struct {
	Day       string // YYYY-MM-DD, kiosk local time
	Kind      EventKind
	Procedure string // catalog code or ""
	Val       int    // rating score for ratings, else 0
	Assisted  bool
	N         int // events
	Total     int // sum of values
}

// UsageCounts returns the roll-up rows of the days fromDay to toDay (inclusive), by day.
// It reads only the roll-up, so a year of events costs a few thousand rows.
func (s *Store) UsageCounts(ctx context.Context, fromDay, toDay string) ([]UsageCount, error) {
	return s.usageCounts(ctx, "counts", `SELECT day, kind, procedure, val, assisted, n, total
		FROM usage_daily WHERE day BETWEEN ? AND ? ORDER BY day, kind, procedure, val, assisted`, fromDay, toDay)
}

// UsageByDay is UsageCounts summed over procedures (Procedure is "") and, for every
// kind but ratings, over assisted or not, with the assisted events in Assisted: the
// per-day figures of a long range. It groups by the roll-up's key prefix (day, kind),
// so SQLite streams a year of rows without sorting them. When a day's events of a kind
// are split into a self-service and an assisted row, the first row carries the Total of
// both (only pages have totals, and the figures use only their sum).
func (s *Store) UsageByDay(ctx context.Context, fromDay, toDay string) ([]UsageCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, kind, sum(n), sum(total), sum(n * assisted),
			sum(CASE val WHEN 1 THEN n END), sum(CASE val WHEN 2 THEN n END), sum(CASE val WHEN 3 THEN n END),
			sum(CASE val WHEN 4 THEN n END), sum(CASE val WHEN 5 THEN n END)
		FROM usage_daily WHERE day BETWEEN ? AND ? GROUP BY day, kind ORDER BY day, kind`, fromDay, toDay)
	if err != nil {
		return nil, fmt.Errorf("store: usage by day: %w", err)
	}
	defer rows.Close()
	var out []UsageCount
	for rows.Next() {
		var day, kind string
		var n, total, assisted int
		var vals [5]sql.NullInt64
		if err := rows.Scan(&day, &kind, &n, &total, &assisted, &vals[0], &vals[1], &vals[2], &vals[3], &vals[4]); err != nil {
			return nil, fmt.Errorf("store: usage by day: %w", err)
		}
		k := EventKind(kind)
		if k == EvRating {
			for v, c := range vals {
				if c.Valid && c.Int64 > 0 {
					out = append(out, UsageCount{Day: day, Kind: k, Val: v + 1, N: int(c.Int64), Total: int(c.Int64) * (v + 1)})
				}
			}
			continue
		}
		if n > assisted {
			out = append(out, UsageCount{Day: day, Kind: k, N: n - assisted, Total: total})
			total = 0
		}
		if assisted > 0 {
			out = append(out, UsageCount{Day: day, Kind: k, Assisted: true, N: assisted, Total: total})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: usage by day: %w", err)
	}
	return out, nil
}

// UsageByProcedure is UsageCounts of the dossier kinds (started, submitted, pages)
// summed over the days of the range (Day is ""), per procedure.
func (s *Store) UsageByProcedure(ctx context.Context, fromDay, toDay string) ([]UsageCount, error) {
	return s.usageCounts(ctx, "by procedure", `SELECT '', kind, procedure, val, assisted, sum(n), sum(total)
		FROM usage_daily WHERE day BETWEEN ? AND ? AND procedure != '' AND kind IN (?, ?, ?)
		GROUP BY kind, procedure, val, assisted ORDER BY kind, procedure, val, assisted`,
		fromDay, toDay, string(EvDossierStarted), string(EvDossierSubmitted), string(EvPagesScanned))
}

func (s *Store) usageCounts(ctx context.Context, what, q string, args ...any) ([]UsageCount, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: usage %s: %w", what, err)
	}
	defer rows.Close()
	var out []UsageCount
	for rows.Next() {
		var c UsageCount
		var kind string
		if err := rows.Scan(&c.Day, &kind, &c.Procedure, &c.Val, &c.Assisted, &c.N, &c.Total); err != nil {
			return nil, fmt.Errorf("store: usage %s: %w", what, err)
		}
		c.Kind = EventKind(kind)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: usage %s: %w", what, err)
	}
	return out, nil
}

// HourCount is how many events of a kind a local hour had, and the sum of their values.
type HourCount struct {
	Hour  int // 0..23 local
	Kind  EventKind
	N     int
	Total int
}

// HourlyCounts counts one local day's events per hour and kind (the "today" chart).
func (s *Store) HourlyCounts(ctx context.Context, day string) ([]HourCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT hour, kind, count(*), total(value)
		FROM usage_events WHERE day = ? GROUP BY kind, hour ORDER BY hour, kind`, day)
	if err != nil {
		return nil, fmt.Errorf("store: hourly counts: %w", err)
	}
	defer rows.Close()
	var out []HourCount
	for rows.Next() {
		var c HourCount
		var kind string
		var total float64
		if err := rows.Scan(&c.Hour, &kind, &c.N, &total); err != nil {
			return nil, fmt.Errorf("store: hourly counts: %w", err)
		}
		c.Kind, c.Total = EventKind(kind), int(total)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: hourly counts: %w", err)
	}
	return out, nil
}

// UsageEventCount counts every stored usage event (the bench's baseline: a full scan).
func (s *Store) UsageEventCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM usage_events`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count usage events: %w", err)
	}
	return n, nil
}
