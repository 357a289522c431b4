package store

import (
	"context"
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
	rows, err := s.db.QueryContext(ctx, `SELECT day, kind, procedure, val, assisted, n, total
		FROM usage_daily WHERE day BETWEEN ? AND ? ORDER BY day, kind, procedure, val, assisted`, fromDay, toDay)
	if err != nil {
		return nil, fmt.Errorf("store: usage counts: %w", err)
	}
	defer rows.Close()
	var out []UsageCount
	for rows.Next() {
		var c UsageCount
		var kind string
		if err := rows.Scan(&c.Day, &kind, &c.Procedure, &c.Val, &c.Assisted, &c.N, &c.Total); err != nil {
			return nil, fmt.Errorf("store: usage counts: %w", err)
		}
		c.Kind = EventKind(kind)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: usage counts: %w", err)
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
