package uplink

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// KeyRemoteSettings is the store setting holding the last remote settings pulled
// (wire.RemoteSettings as JSON).
const KeyRemoteSettings = "remote.settings"

// pullSettings asks for the kiosk's remote settings with the catalog. Valid ones
// replace the stored ones (and reach Config.OnSettings when they changed); a set
// with any invalid value is refused whole and the old one kept, like a bad catalog.
func (u *Uplink) pullSettings(ctx context.Context, cr creds) error {
	a, err := u.call(ctx, cr, "settings", http.MethodGet, wire.SettingsPath, nil, "", "", nil)
	if err != nil {
		return err
	}
	if a.status == http.StatusNotFound { // a gateway without remote settings
		return nil
	}
	if a.status != http.StatusOK {
		u.logf("uplink: settings: unexpected answer %d", a.status)
		return nil
	}
	var rs wire.RemoteSettings
	if err := json.Unmarshal(a.body, &rs); err != nil {
		u.logf("uplink: settings refused, the old ones are kept: %v", err)
		return nil
	}
	for n, v := range rs.Values {
		if err := wire.ValidateSetting(n, v); err != nil {
			u.logf("uplink: settings refused, the old ones are kept: %v", err)
			return nil
		}
	}
	rs.Version = wire.SettingsVersion(rs.Values)
	old, err := RemoteSettingsOf(ctx, u.st)
	if err != nil {
		return err
	}
	if old.Version == rs.Version {
		return nil
	}
	b, _ := json.Marshal(rs)
	if err := u.st.SetSetting(ctx, KeyRemoteSettings, string(b)); err != nil {
		return local("uplink: save settings: %w", err)
	}
	u.logf("uplink: remote settings %q received", rs.Version)
	if u.cfg.OnSettings != nil {
		u.cfg.OnSettings(rs)
	}
	return nil
}

// RemoteSettingsOf reads the remote settings stored by the last pull (zero when none).
func RemoteSettingsOf(ctx context.Context, st interface {
	Setting(ctx context.Context, key string) (string, error)
}) (wire.RemoteSettings, error) {
	var rs wire.RemoteSettings
	v, err := st.Setting(ctx, KeyRemoteSettings)
	if err != nil {
		return rs, fmt.Errorf("uplink: setting %s: %w", KeyRemoteSettings, err)
	}
	if v == "" {
		return rs, nil
	}
	if err := json.Unmarshal([]byte(v), &rs); err != nil {
		return wire.RemoteSettings{}, nil // unreadable: as if none (the next pull rewrites it)
	}
	return rs, nil
}
