// Package fleet turns the kiosks' heartbeats into what the city's IT team acts on:
// a state per kiosk and the alerts it raises. Pure functions, no I/O: the dashboard's
// Ki-ốt page and `gateway kiosk list` both show what Rows returns.
package fleet

import (
	"sort"
	"time"

	"github.com/cantho-kiosk/kiosk/sync/gateway/gwstore"
	"github.com/cantho-kiosk/kiosk/sync/wire"
)

// Thresholds of the alerts.
const (
	OfflineAfter = 24 * time.Hour   // no heartbeat for longer: offline
	MinDiskFree  = 1 << 30          // bytes (1 GiB)
	MaxQueueAge  = 24 * time.Hour   // a dossier queued longer
	MaxClockSkew = 5 * time.Minute  // kiosk clock off by more
	QuietAfter   = 15 * time.Minute // no heartbeat for longer: "silent" (not yet an alert)
)

// Alert codes (translation keys are "alert.<code>").
const (
	AlertOffline       = "offline"        // no heartbeat for more than a day (or never)
	AlertScanner       = "scanner"        // the scanner is jammed or missing
	AlertDisk          = "disk"           // less than 1 GiB free
	AlertQueue         = "queue"          // a dossier queued for more than a day
	AlertClock         = "clock"          // the clock is off by more than 5 minutes
	AlertUpdateRefused = "update_refused" // an update was refused or rolled back
)

// Kiosk states, worst first.
const (
	StateDisabled = "disabled" // the city disabled it: nothing to act on
	StateNever    = "never"    // registered, never sent a heartbeat
	StateOffline  = "offline"  // silent for more than OfflineAfter
	StateAlert    = "alert"    // online with at least one alert
	StateSilent   = "silent"   // no heartbeat for more than QuietAfter
	StateOK       = "ok"
)

// Row is one kiosk as the fleet views show it.
type Row struct {
	Kiosk    gwstore.Kiosk
	Beat     *gwstore.Heartbeat // nil: never seen
	State    string
	Alerts   []string
	ClockOff time.Duration // kiosk clock minus the gateway's at reception
}

// Alerts returns the alerts a kiosk raises at now, in a fixed order. hb is its
// latest heartbeat, nil when it never sent one.
func Alerts(hb *gwstore.Heartbeat, now time.Time) []string {
	if hb == nil {
		return []string{AlertOffline}
	}
	var out []string
	b := hb.Beat
	if now.Sub(hb.ReceivedAt) > OfflineAfter {
		out = append(out, AlertOffline)
	}
	if b.Scanner == wire.DeviceJammed || b.Scanner == wire.DeviceMissing {
		out = append(out, AlertScanner)
	}
	if b.DiskFreeBytes >= 0 && b.DiskFreeBytes < MinDiskFree {
		out = append(out, AlertDisk)
	}
	if b.OutboxDepth > 0 && time.Duration(b.OldestQueuedSecs)*time.Second > MaxQueueAge {
		out = append(out, AlertQueue)
	}
	if off := ClockOffset(*hb); off > MaxClockSkew || off < -MaxClockSkew {
		out = append(out, AlertClock)
	}
	if b.Update.State == "refused" || b.Update.State == "rolled_back" {
		out = append(out, AlertUpdateRefused)
	}
	return out
}

// ClockOffset is the kiosk's clock minus the gateway's when the heartbeat arrived
// (0 when the kiosk did not say its time).
func ClockOffset(hb gwstore.Heartbeat) time.Duration {
	if hb.Beat.SentAt.IsZero() {
		return 0
	}
	return hb.Beat.SentAt.Sub(hb.ReceivedAt).Round(time.Second)
}

// State is a kiosk's state at now.
func State(k gwstore.Kiosk, hb *gwstore.Heartbeat, alerts []string, now time.Time) string {
	switch {
	case k.Disabled:
		return StateDisabled
	case hb == nil:
		return StateNever
	case now.Sub(hb.ReceivedAt) > OfflineAfter:
		return StateOffline
	case len(alerts) > 0:
		return StateAlert
	case now.Sub(hb.ReceivedAt) > QuietAfter:
		return StateSilent
	}
	return StateOK
}

var stateRank = map[string]int{StateOffline: 0, StateNever: 1, StateAlert: 2, StateSilent: 3, StateOK: 4, StateDisabled: 5}

// Rows joins kiosks with their latest heartbeats at now: kiosks needing action
// first (offline, never seen, with alerts), then by commune and name. A disabled
// kiosk raises no alert.
func Rows(kiosks []gwstore.Kiosk, beats []gwstore.Heartbeat, now time.Time) []Row {
	byID := make(map[string]*gwstore.Heartbeat, len(beats))
	for i := range beats {
		byID[beats[i].KioskID] = &beats[i]
	}
	out := make([]Row, 0, len(kiosks))
	for _, k := range kiosks {
		r := Row{Kiosk: k, Beat: byID[k.ID]}
		if !k.Disabled {
			r.Alerts = Alerts(r.Beat, now)
		}
		r.State = State(k, r.Beat, r.Alerts, now)
		if r.Beat != nil {
			r.ClockOff = ClockOffset(*r.Beat)
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if stateRank[a.State] != stateRank[b.State] {
			return stateRank[a.State] < stateRank[b.State]
		}
		if a.Kiosk.Commune != b.Kiosk.Commune {
			return a.Kiosk.Commune < b.Kiosk.Commune
		}
		return a.Kiosk.Name < b.Kiosk.Name
	})
	return out
}
