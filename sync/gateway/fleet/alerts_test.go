package fleet_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/fleet"
	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

func TestAlerts(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	healthy := wire.Heartbeat{Version: "1.2.0", Scanner: wire.DeviceReady, QRReader: wire.DeviceReady, Printer: wire.DeviceNone,
		DiskFreeBytes: 20 << 30, SentAt: now.Add(-time.Minute)}
	beat := func(ago time.Duration, f func(b *wire.Heartbeat)) *gwstore.Heartbeat {
		b := healthy
		b.SentAt = now.Add(-ago)
		if f != nil {
			f(&b)
		}
		return &gwstore.Heartbeat{KioskID: "k", ReceivedAt: now.Add(-ago), Beat: b}
	}
	for _, tc := range []struct {
		name  string
		hb    *gwstore.Heartbeat
		want  []string
		state string
	}{
		{"never seen", nil, []string{fleet.AlertOffline}, fleet.StateNever},
		{"healthy", beat(time.Minute, nil), nil, fleet.StateOK},
		{"silent 20 min, no alert yet", beat(20*time.Minute, nil), nil, fleet.StateSilent},
		{"offline 23 h is not yet an alert", beat(23*time.Hour, nil), nil, fleet.StateSilent},
		{"offline 25 h", beat(25*time.Hour, nil), []string{fleet.AlertOffline}, fleet.StateOffline},
		{"scanner jammed", beat(time.Minute, func(b *wire.Heartbeat) { b.Scanner = wire.DeviceJammed }), []string{fleet.AlertScanner}, fleet.StateAlert},
		{"scanner missing", beat(time.Minute, func(b *wire.Heartbeat) { b.Scanner = wire.DeviceMissing }), []string{fleet.AlertScanner}, fleet.StateAlert},
		{"scanner out of paper is no alert", beat(time.Minute, func(b *wire.Heartbeat) { b.Scanner = wire.DeviceNoPaper }), nil, fleet.StateOK},
		{"disk 900 MiB", beat(time.Minute, func(b *wire.Heartbeat) { b.DiskFreeBytes = 900 << 20 }), []string{fleet.AlertDisk}, fleet.StateAlert},
		{"disk exactly 1 GiB", beat(time.Minute, func(b *wire.Heartbeat) { b.DiskFreeBytes = 1 << 30 }), nil, fleet.StateOK},
		{"disk unknown", beat(time.Minute, func(b *wire.Heartbeat) { b.DiskFreeBytes = -1 }), nil, fleet.StateOK},
		{"dossier queued 25 h", beat(time.Minute, func(b *wire.Heartbeat) { b.OutboxDepth, b.OldestQueuedSecs = 2, 25*3600 }), []string{fleet.AlertQueue}, fleet.StateAlert},
		{"dossier queued 2 h", beat(time.Minute, func(b *wire.Heartbeat) { b.OutboxDepth, b.OldestQueuedSecs = 2, 2*3600 }), nil, fleet.StateOK},
		{"clock 6 min ahead", beat(time.Minute, func(b *wire.Heartbeat) { b.SentAt = now.Add(5 * time.Minute) }), []string{fleet.AlertClock}, fleet.StateAlert},
		{"clock 6 min behind", beat(time.Minute, func(b *wire.Heartbeat) { b.SentAt = now.Add(-7 * time.Minute) }), []string{fleet.AlertClock}, fleet.StateAlert},
		{"clock 4 min ahead", beat(time.Minute, func(b *wire.Heartbeat) { b.SentAt = now.Add(3 * time.Minute) }), nil, fleet.StateOK},
		{"update refused", beat(time.Minute, func(b *wire.Heartbeat) {
			b.Update = wire.UpdateReport{State: "refused", Version: "1.3.0", Reason: "bad_signature"}
		}), []string{fleet.AlertUpdateRefused}, fleet.StateAlert},
		{"everything at once, offline first", beat(30*time.Hour, func(b *wire.Heartbeat) {
			b.Scanner, b.DiskFreeBytes, b.OutboxDepth, b.OldestQueuedSecs = wire.DeviceMissing, 10, 1, 3*86400
		}), []string{fleet.AlertOffline, fleet.AlertScanner, fleet.AlertDisk, fleet.AlertQueue}, fleet.StateOffline},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fleet.Alerts(tc.hb, now)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("alerts %v, want %v", got, tc.want)
			}
			if st := fleet.State(gwstore.Kiosk{ID: "k"}, tc.hb, got, now); st != tc.state {
				t.Errorf("state %q, want %q", st, tc.state)
			}
		})
	}
}

func TestRowsOrderAndDisabled(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ks := []gwstore.Kiosk{{ID: "a", Name: "A", Commune: "X"}, {ID: "b", Name: "B", Commune: "X"},
		{ID: "c", Name: "C", Commune: "W", Disabled: true}, {ID: "d", Name: "D", Commune: "W"}}
	beats := []gwstore.Heartbeat{
		{KioskID: "a", ReceivedAt: now.Add(-time.Minute), Beat: wire.Heartbeat{DiskFreeBytes: 5 << 30}},
		{KioskID: "b", ReceivedAt: now.Add(-time.Minute), Beat: wire.Heartbeat{DiskFreeBytes: 5, Scanner: wire.DeviceJammed}},
	}
	rows := fleet.Rows(ks, beats, now)
	var got []string
	for _, r := range rows {
		got = append(got, r.Kiosk.ID+":"+r.State)
	}
	want := []string{"d:never", "b:alert", "a:ok", "c:disabled"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if len(rows[3].Alerts) != 0 {
		t.Errorf("a disabled kiosk raises %v", rows[3].Alerts)
	}
}
