package gwstore

import (
	"context"
	"fmt"
	"time"
)

// Scopes of a remote setting: a whole commune, or one kiosk (which wins).
const (
	ScopeCommune = "commune"
	ScopeKiosk   = "kiosk"
)

// RemoteSetting is one value the city set.
type RemoteSetting struct {
	Scope, Target, Name, Value string
	UpdatedAt                  time.Time
}

// SetRemoteSetting sets (or replaces) a remote setting; the caller validates it.
func (c *core) SetRemoteSetting(ctx context.Context, s RemoteSetting) error {
	if s.Scope != ScopeCommune && s.Scope != ScopeKiosk {
		return fmt.Errorf("remote setting %s: unknown scope %q", s.Name, s.Scope)
	}
	_, err := c.rw.ExecContext(ctx, c.q(`INSERT INTO remote_settings(scope, target, name, value, updated_at) VALUES(?,?,?,?,?)
		ON CONFLICT(scope, target, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
		s.Scope, s.Target, s.Name, s.Value, micros(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("remote setting %s: %w", s.Name, err)
	}
	return nil
}

// UnsetRemoteSetting removes a remote setting; ErrNotFound when it was not set.
func (c *core) UnsetRemoteSetting(ctx context.Context, scope, target, name string) error {
	res, err := c.rw.ExecContext(ctx, c.q(`DELETE FROM remote_settings WHERE scope = ? AND target = ? AND name = ?`), scope, target, name)
	if err != nil {
		return fmt.Errorf("remote setting %s: %w", name, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remote setting %s: %w", name, err)
	} else if n == 0 {
		return fmt.Errorf("remote setting %s of %s %s: %w", name, scope, target, ErrNotFound)
	}
	return nil
}

// EffectiveSettings returns a kiosk's settings: its commune's, overridden by its own.
func (c *core) EffectiveSettings(ctx context.Context, k Kiosk) (map[string]string, error) {
	rows, err := c.ro.QueryContext(ctx, c.q(`SELECT scope, name, value FROM remote_settings
		WHERE (scope = 'commune' AND target = ?) OR (scope = 'kiosk' AND target = ?)`), k.Commune, k.ID)
	if err != nil {
		return nil, fmt.Errorf("settings of %s: %w", k.ID, err)
	}
	defer rows.Close()
	out := map[string]string{}
	own := map[string]bool{}
	for rows.Next() {
		var scope, name, value string
		if err := rows.Scan(&scope, &name, &value); err != nil {
			return nil, fmt.Errorf("settings of %s: %w", k.ID, err)
		}
		if scope == ScopeKiosk {
			out[name], own[name] = value, true
		} else if !own[name] {
			out[name] = value
		}
	}
	return out, rows.Err()
}
