package main

import (
	"time"

	"github.com/cantho-kiosk/kiosk/kiosk"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// kioskSettings turns the remote settings pulled from the gateway into the UI's.
// The uplink validated every value; one that still does not parse is left out (the
// kiosk's own setting stays in force).
func kioskSettings(rs wire.RemoteSettings) kiosk.Settings {
	dur := func(name string) time.Duration {
		d, _ := time.ParseDuration(rs.Values[name])
		return d
	}
	s := kiosk.Settings{Version: rs.Version, IdleTimeout: dur(wire.SettingIdleTimeout), IdleWarning: dur(wire.SettingIdleWarning),
		ReceiptTimeout: dur(wire.SettingReceiptTimeout), StaffIdle: dur(wire.SettingStaffIdle)}
	if l := rs.Values[wire.SettingLanguage]; l == "vi" || l == "en" {
		s.Language = l
	}
	return s
}

// applySettings hands remote settings to the UI; the offered procedures switch
// between sessions too.
func (p *parts) applySettings(u *kiosk.UI, rs wire.RemoteSettings) {
	u.ApplySettings(kioskSettings(rs))
	u.WhenIdle(func() { p.offered.setOffered(offeredCodes(rs)) })
}
