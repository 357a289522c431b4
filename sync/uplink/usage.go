package uplink

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// pushUsage PUTs the absolute figures of each recent day that changed since the
// gateway last acknowledged it. What was acknowledged is remembered in the settings
// (day → hash of the body), with the gateway and kiosk id it was acknowledged by: a
// kiosk registered again (new gateway or id) pushes every day it holds, once.
func (u *Uplink) pushUsage(ctx context.Context, cr creds, rep *Report) error {
	now := u.now()
	from := now.AddDate(0, 0, -(u.cfg.UsageDays - 1)).Format(wire.DayLayout)
	to := now.AddDate(0, 0, 1).Format(wire.DayLayout) // the store's day may be in another zone
	rec := usagePushed{Gateway: cr.base, Kiosk: cr.id, Days: map[string]string{}}
	changed := false
	if raw, err := u.st.Setting(ctx, keyUsagePushed); err != nil {
		return local("uplink: setting %s: %w", keyUsagePushed, err)
	} else if raw != "" {
		var old usagePushed
		if err := json.Unmarshal([]byte(raw), &old); err != nil {
			u.logf("uplink: setting %s unreadable, pushing every day again: %v", keyUsagePushed, err)
		}
		if old.Gateway == cr.base && old.Kiosk == cr.id && old.Days != nil {
			rec.Days, rec.Full = old.Days, old.Full
		}
	}
	if !rec.Full {
		// A first push, or the kiosk was registered again (another gateway or id):
		// every day the kiosk holds, not only the recent ones. Upserts: harmless twice.
		from = "0001-01-01"
		changed = true
	}
	pushed := rec.Days
	days, err := u.st.Usage(ctx, from, to)
	if err != nil {
		return local("uplink: usage: %w", err)
	}
	for day := range pushed {
		if day < now.AddDate(0, 0, -(u.cfg.UsageDays-1)).Format(wire.DayLayout) {
			delete(pushed, day)
			changed = true
		}
	}
	var failure error
	for _, d := range days {
		body, err := json.Marshal(d)
		if err != nil {
			return local("uplink: usage %s: %w", d.Day, err)
		}
		sum := wire.BodyHash(body)
		if pushed[d.Day] == sum {
			continue
		}
		a, err := u.call(ctx, cr, "usage "+d.Day, http.MethodPut, wire.UsagePath(d.Day), body, sum, wire.ContentTypeJSON, nil)
		if err != nil {
			failure = err
			break
		}
		if a.status != http.StatusOK && a.status != http.StatusCreated && a.status != http.StatusNoContent {
			// A refusal of one day must not block the rest of the sync; say so and go on.
			u.logf("uplink: usage %s refused: HTTP %d %v", d.Day, a.status, a.wireError())
			continue
		}
		pushed[d.Day] = sum
		changed = true
		rep.UsageDays++
	}
	if failure == nil && !rec.Full {
		rec.Full = true
	}
	if changed {
		raw, err := json.Marshal(rec)
		if err == nil {
			err = u.st.SetSetting(ctx, keyUsagePushed, string(raw))
		}
		if err != nil && failure == nil {
			failure = local("uplink: setting %s: %w", keyUsagePushed, err)
		}
	}
	return failure
}

// usagePushed is what the gateway named acknowledged, per day: the hash of the body.
type usagePushed struct {
	Gateway string            `json:"gateway"`
	Kiosk   string            `json:"kiosk"`
	Days    map[string]string `json:"days"`
	Full    bool              `json:"full"` // every day held was pushed to this gateway once
}
