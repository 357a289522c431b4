package gwstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// fleetSchema holds the kiosks' heartbeats (the latest per kiosk and a compact
// history) and the city's remote settings (a schema template, schema.go).
const fleetSchema = `
CREATE TABLE IF NOT EXISTS kiosk_heartbeats (
	kiosk_id    TEXT PRIMARY KEY REFERENCES kiosks(id),
	received_at BIGINT NOT NULL,
	body        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS kiosk_heartbeat_history (
	kiosk_id    TEXT NOT NULL REFERENCES kiosks(id),
	received_at BIGINT NOT NULL,
	body        TEXT NOT NULL,
	PRIMARY KEY (kiosk_id, received_at)
);
CREATE TABLE IF NOT EXISTS remote_settings (
	scope      TEXT NOT NULL,
	target     TEXT NOT NULL,
	name       TEXT NOT NULL,
	value      TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (scope, target, name)
);
`

// HistoryEvery is how often an unchanged heartbeat is kept in the history; a
// heartbeat whose states differ from the latest one is always kept. HistoryKeep is
// how long history rows are kept.
const (
	HistoryEvery = time.Hour
	HistoryKeep  = 30 * 24 * time.Hour
)

// Heartbeat is a kiosk's heartbeat as the gateway received it.
type Heartbeat struct {
	KioskID    string
	ReceivedAt time.Time
	Beat       wire.Heartbeat
}

// signature is what makes a heartbeat worth a history row although the last one is
// recent: a change of version, device states, sync error or update state.
func signature(h wire.Heartbeat) string {
	return h.Version + "|" + h.Scanner + "|" + h.QRReader + "|" + h.Printer + "|" + h.LastSyncError + "|" +
		h.Update.State + "|" + h.Update.Version + "|" + h.SettingsVersion
}

// PutHeartbeat stores a kiosk's heartbeat as its latest, and in the history when its
// states changed or the last history row is older than HistoryEvery. History older
// than HistoryKeep is pruned for that kiosk at the same time.
func (c *core) PutHeartbeat(ctx context.Context, hb Heartbeat) error {
	body, err := json.Marshal(hb.Beat)
	if err != nil {
		return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
	}
	at := micros(hb.ReceivedAt.UTC().Truncate(time.Microsecond))
	tx, err := c.rw.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
	}
	defer tx.Rollback()
	var prevBody string
	var prevAt int64
	err = tx.QueryRowContext(ctx, c.q(`SELECT body, received_at FROM kiosk_heartbeats WHERE kiosk_id = ?`), hb.KioskID).Scan(&prevBody, &prevAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
	}
	keep := errors.Is(err, sql.ErrNoRows)
	if !keep {
		var prev wire.Heartbeat
		_ = json.Unmarshal([]byte(prevBody), &prev)
		var lastHist sql.NullInt64
		if err := tx.QueryRowContext(ctx, c.q(`SELECT MAX(received_at) FROM kiosk_heartbeat_history WHERE kiosk_id = ?`), hb.KioskID).Scan(&lastHist); err != nil {
			return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
		}
		keep = signature(prev) != signature(hb.Beat) || !lastHist.Valid || at-lastHist.Int64 >= HistoryEvery.Microseconds()
	}
	if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO kiosk_heartbeats(kiosk_id, received_at, body) VALUES(?,?,?)
		ON CONFLICT(kiosk_id) DO UPDATE SET received_at = excluded.received_at, body = excluded.body`), hb.KioskID, at, string(body)); err != nil {
		return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
	}
	if keep {
		if _, err := tx.ExecContext(ctx, c.q(`INSERT INTO kiosk_heartbeat_history(kiosk_id, received_at, body) VALUES(?,?,?) ON CONFLICT DO NOTHING`),
			hb.KioskID, at, string(body)); err != nil {
			return fmt.Errorf("put heartbeat %s: history: %w", hb.KioskID, err)
		}
		if _, err := tx.ExecContext(ctx, c.q(`DELETE FROM kiosk_heartbeat_history WHERE kiosk_id = ? AND received_at < ?`),
			hb.KioskID, at-HistoryKeep.Microseconds()); err != nil {
			return fmt.Errorf("put heartbeat %s: prune history: %w", hb.KioskID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put heartbeat %s: %w", hb.KioskID, err)
	}
	return nil
}

func scanHeartbeats(rows *sql.Rows) ([]Heartbeat, error) {
	defer rows.Close()
	var out []Heartbeat
	for rows.Next() {
		var h Heartbeat
		var at int64
		var body string
		if err := rows.Scan(&h.KioskID, &at, &body); err != nil {
			return nil, err
		}
		h.ReceivedAt = fromMicros(at)
		if err := json.Unmarshal([]byte(body), &h.Beat); err != nil {
			return nil, fmt.Errorf("heartbeat of %s: %w", h.KioskID, err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Heartbeats returns the latest heartbeat of every kiosk that sent one.
func (c *core) Heartbeats(ctx context.Context) ([]Heartbeat, error) {
	rows, err := c.ro.QueryContext(ctx, `SELECT kiosk_id, received_at, body FROM kiosk_heartbeats ORDER BY kiosk_id`)
	if err != nil {
		return nil, fmt.Errorf("heartbeats: %w", err)
	}
	out, err := scanHeartbeats(rows)
	if err != nil {
		return nil, fmt.Errorf("heartbeats: %w", err)
	}
	return out, nil
}

// HeartbeatHistory returns a kiosk's kept heartbeats, newest first, at most limit.
func (c *core) HeartbeatHistory(ctx context.Context, kioskID string, limit int) ([]Heartbeat, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT kiosk_id, received_at, body FROM kiosk_heartbeat_history
		WHERE kiosk_id = ? ORDER BY received_at DESC LIMIT ?`), kioskID, limit)
	if err != nil {
		return nil, fmt.Errorf("heartbeat history %s: %w", kioskID, err)
	}
	out, err := scanHeartbeats(rows)
	if err != nil {
		return nil, fmt.Errorf("heartbeat history %s: %w", kioskID, err)
	}
	return out, nil
}

// SetKioskDisabled disables or re-enables a kiosk: a disabled kiosk's requests are
// refused from the next one on. ErrNotFound when no such kiosk.
func (c *core) SetKioskDisabled(ctx context.Context, id string, disabled bool) error {
	return c.updateKiosk(ctx, id, `UPDATE kiosks SET disabled = ? WHERE id = ?`, boolInt(disabled), id)
}

// RotateSecret replaces a kiosk's secret: the old one stops verifying at once.
// ErrNotFound when no such kiosk.
func (c *core) RotateSecret(ctx context.Context, id, secret string) error {
	if secret == "" {
		return fmt.Errorf("rotate secret of %q: empty secret", id)
	}
	return c.updateKiosk(ctx, id, `UPDATE kiosks SET secret = ? WHERE id = ?`, secret, id)
}

func (c *core) updateKiosk(ctx context.Context, id, q string, args ...any) error {
	res, err := c.rw.ExecContext(ctx, c.q(q), args...)
	if err != nil {
		return fmt.Errorf("kiosk %q: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("kiosk %q: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("kiosk %q: %w", id, ErrNotFound)
	}
	return nil
}

// Fleet is the fleet management part of Interface: heartbeats, kiosk credentials and
// remote settings.
type Fleet interface {
	PutHeartbeat(ctx context.Context, hb Heartbeat) error
	Heartbeats(ctx context.Context) ([]Heartbeat, error)
	HeartbeatHistory(ctx context.Context, kioskID string, limit int) ([]Heartbeat, error)
	SetKioskDisabled(ctx context.Context, id string, disabled bool) error
	RotateSecret(ctx context.Context, id, secret string) error
	SetRemoteSetting(ctx context.Context, s RemoteSetting) error
	UnsetRemoteSetting(ctx context.Context, scope, target, name string) error
	EffectiveSettings(ctx context.Context, k Kiosk) (map[string]string, error)
}
