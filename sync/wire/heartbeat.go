package wire

import (
	"fmt"
	"time"
)

// HeartbeatPath is where a kiosk reports its health (PUT, signed like every request).
const HeartbeatPath = BasePath + "/heartbeat"

// Device states reported in a heartbeat (scanner, QR reader, printer).
const (
	DeviceNone    = "none"    // not configured on this kiosk
	DeviceReady   = "ready"   // answering, nothing wrong
	DeviceBusy    = "busy"    // working on a job
	DeviceMissing = "missing" // configured but not answering (unplugged, switched off)
	DeviceJammed  = "jammed"  // paper jam
	DeviceNoPaper = "no_paper"
	DeviceError   = "error" // any other fault (cover open, …)
)

// Heartbeat is what a kiosk reports every few minutes while online, and at start.
// It carries no personal data: counts, states and versions only.
type Heartbeat struct {
	Version   string    `json:"version"`    // the running build's version
	StartedAt time.Time `json:"started_at"` // when the kiosk program started (its clock)
	// SentAt is the kiosk's own clock when sending: the gateway takes the clock
	// offset from it. (The request itself is signed with the gateway's time as the
	// kiosk learnt it from the health answer, so a kiosk whose clock is off still
	// gets its heartbeat through and the offset shows.)
	SentAt           time.Time `json:"sent_at"`
	UptimeSeconds    int64     `json:"uptime_seconds"`        // since StartedAt
	OutboxDepth      int       `json:"outbox_depth"`          // dossiers queued or sending
	OldestQueuedSecs int64     `json:"oldest_queued_seconds"` // age of the oldest of them (0: none)
	Scanner          string    `json:"scanner"`               // a Device* state
	QRReader         string    `json:"qr_reader"`
	Printer          string    `json:"printer"`
	DiskFreeBytes    int64     `json:"disk_free_bytes"` // free space where the data directory is (-1: unknown)
	LastSyncError    string    `json:"last_sync_error"` // kind of the last failed round ("" after a good one)
	SessionsToday    int       `json:"sessions_today"`
	SettingsVersion  string    `json:"settings_version"` // remote settings in force ("" when none)
	// Update is the state of the kiosk's self-update ("" when nothing happened).
	Update UpdateReport `json:"update"`
}

// UpdateReport tells the city about the last update attempt.
type UpdateReport struct {
	State   string `json:"state,omitempty"`   // "installed", "rolled_back", "refused", "pending"
	Version string `json:"version,omitempty"` // the build it concerns
	Reason  string `json:"reason,omitempty"`  // refusals: "bad_signature", "downgrade", "truncated", …
}

// HeartbeatAck is the gateway's answer to a heartbeat.
type HeartbeatAck struct {
	ReceivedAt time.Time `json:"received_at"`
}

// Device states and update states the gateway accepts.
var (
	deviceStates = map[string]bool{"": true, DeviceNone: true, DeviceReady: true, DeviceBusy: true,
		DeviceMissing: true, DeviceJammed: true, DeviceNoPaper: true, DeviceError: true}
)

// maxHeartbeatText bounds the free-text members so a heartbeat stays small.
const maxHeartbeatText = 200

// Validate checks a heartbeat's members; the error says which one is wrong.
func (h Heartbeat) Validate() error {
	for name, s := range map[string]string{"scanner": h.Scanner, "qr_reader": h.QRReader, "printer": h.Printer} {
		if !deviceStates[s] {
			return fmt.Errorf("%s: unknown state %q", name, s)
		}
	}
	for name, s := range map[string]string{"version": h.Version, "last_sync_error": h.LastSyncError,
		"settings_version": h.SettingsVersion, "update.state": h.Update.State, "update.version": h.Update.Version,
		"update.reason": h.Update.Reason} {
		if len(s) > maxHeartbeatText {
			return fmt.Errorf("%s: longer than %d bytes", name, maxHeartbeatText)
		}
	}
	if h.OutboxDepth < 0 || h.OldestQueuedSecs < 0 || h.SessionsToday < 0 || h.UptimeSeconds < 0 {
		return fmt.Errorf("counts must not be negative")
	}
	return nil
}
