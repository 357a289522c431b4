package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Record stores a usage event (no personal data: a kind, a procedure code, a number).
// The event's time defaults to now; its day and hour are the kiosk's local ones.
func (s *Store) Record(ctx context.Context, ev Event) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	if ev.Kind == "" {
		return fmt.Errorf("store: record: event kind is empty")
	}
	if ev.Kind == EvRating && (ev.Value < 1 || ev.Value > 5) {
		return fmt.Errorf("store: record: rating %d is not 1..5", ev.Value)
	}
	local := ev.At.In(s.loc)
	day, hour := local.Format("2006-01-02"), local.Hour()
	val := 0
	if ev.Kind == EvRating {
		val = ev.Value
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO usage_events(at, day, hour, kind, procedure, value, assisted)
			VALUES(?,?,?,?,?,?,?)`, unixMilli(ev.At), day, hour, string(ev.Kind), ev.Procedure, ev.Value, ev.Assisted); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO usage_daily(day, kind, procedure, val, assisted, n, total)
			VALUES(?,?,?,?,?,1,?)
			ON CONFLICT(day, kind, procedure, val, assisted) DO UPDATE SET n = n + 1, total = total + excluded.total`,
			day, string(ev.Kind), ev.Procedure, val, ev.Assisted, ev.Value)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record %s: %w", ev.Kind, err)
	}
	return nil
}

// Usage returns the absolute figures of each day from fromDay to toDay (YYYY-MM-DD,
// inclusive) that has any event, oldest first.
func (s *Store) Usage(ctx context.Context, fromDay, toDay string) ([]wire.Usage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT day, kind, procedure, val, assisted, n, total
		FROM usage_daily WHERE day BETWEEN ? AND ? ORDER BY day`, fromDay, toDay)
	if err != nil {
		return nil, fmt.Errorf("store: usage: %w", err)
	}
	defer rows.Close()
	var out []wire.Usage
	for rows.Next() {
		var day, kind, proc string
		var val, n, total int
		var assisted bool
		if err := rows.Scan(&day, &kind, &proc, &val, &assisted, &n, &total); err != nil {
			return nil, fmt.Errorf("store: usage: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Day != day {
			out = append(out, wire.Usage{Day: day, ProcedureViews: map[string]int{}, DossiersByProcedure: map[string]int{}})
		}
		u := &out[len(out)-1]
		switch EventKind(kind) {
		case EvSessionStarted:
			u.Sessions += n
		case EvSessionCompleted:
			u.Completed += n
		case EvSessionAbandoned:
			u.Abandoned += n
		case EvDossierStarted:
			u.DossiersStarted += n
		case EvDossierSubmitted:
			u.DossiersSubmitted += n
			if assisted {
				u.AssistedDossiers += n
			}
			if proc != "" {
				u.DossiersByProcedure[proc] += n
			}
		case EvPagesScanned:
			u.PagesScanned += total
		case EvLookup:
			u.Lookups += n
		case EvRating:
			if val >= 1 && val <= 5 {
				u.Ratings[val-1] += n
			}
		case EvProcedureViewed:
			if proc != "" {
				u.ProcedureViews[proc] += n
			}
		}
	}
	return out, rows.Err()
}

// HourlySessions counts the sessions started in each local hour of day.
func (s *Store) HourlySessions(ctx context.Context, day string) ([24]int, error) {
	var out [24]int
	rows, err := s.db.QueryContext(ctx, `SELECT hour, count(*) FROM usage_events
		WHERE day = ? AND kind = ? GROUP BY hour`, day, string(EvSessionStarted))
	if err != nil {
		return out, fmt.Errorf("store: hourly sessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h, n int
		if err := rows.Scan(&h, &n); err != nil {
			return out, fmt.Errorf("store: hourly sessions: %w", err)
		}
		if h >= 0 && h < 24 {
			out[h] = n
		}
	}
	return out, rows.Err()
}
