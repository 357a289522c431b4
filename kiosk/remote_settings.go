package kiosk

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/cantho-kiosk/kiosk/kiosk/flow"
)

// Settings are the values the city sets remotely for this kiosk. Zero values leave
// the kiosk's own (file) setting in force.
type Settings struct {
	Version        string // shown to staff; "" when the city set nothing
	Language       string
	IdleTimeout    time.Duration
	IdleWarning    time.Duration
	ReceiptTimeout time.Duration
	StaffIdle      time.Duration
}

// remoteState holds the settings waiting for the end of a session, and the
// kiosk's own values to fall back to when the city unsets one.
type remoteState struct {
	mu      sync.Mutex
	pending *Settings
	applied Settings
	base    *Deps    // the kiosk's own settings, copied at the first apply
	idle    []func() // run once no session runs (WhenIdle)
}

// WhenIdle runs f on the UI goroutine as soon as no resident's session runs: at
// once when none does, else right after the session's wipe. The kiosk uses it to
// restart into a new build between sessions.
func (u *UI) WhenIdle(f func()) {
	fyne.Do(func() {
		if !u.flow.Started() {
			f()
			return
		}
		u.remote.mu.Lock()
		u.remote.idle = append(u.remote.idle, f)
		u.remote.mu.Unlock()
	})
}

// ApplySettings takes remote settings from any goroutine. They apply between
// sessions: at once when no resident's session is running, else when it ends (the
// wipe), never in the middle of one.
func (u *UI) ApplySettings(s Settings) {
	u.remote.mu.Lock()
	u.remote.pending = &s
	u.remote.mu.Unlock()
	fyne.Do(func() {
		if !u.flow.Started() {
			u.applyPendingSettings(true)
		}
	})
}

// SettingsVersion is the version of the remote settings in force ("" when none).
func (u *UI) SettingsVersion() string {
	u.remote.mu.Lock()
	defer u.remote.mu.Unlock()
	return u.remote.applied.Version
}

// applyPendingSettings puts the waiting settings in force and runs what waited
// for the end of the session (on the UI goroutine, between sessions). rerender
// redraws the current screen in a changed language (not needed from endSession,
// which shows the attract screen afresh).
func (u *UI) applyPendingSettings(rerender bool) {
	u.remote.mu.Lock()
	idle := u.remote.idle
	u.remote.idle = nil
	u.remote.mu.Unlock()
	defer func() {
		for _, f := range idle {
			f()
		}
	}()
	u.remote.mu.Lock()
	s := u.remote.pending
	u.remote.pending = nil
	if s == nil {
		u.remote.mu.Unlock()
		return
	}
	if u.remote.base == nil {
		b := u.d
		u.remote.base = &b
	}
	base := *u.remote.base
	u.remote.applied = *s
	u.remote.mu.Unlock()
	pick := func(remote, own time.Duration) time.Duration {
		if remote > 0 {
			return remote
		}
		return own
	}
	u.d.IdleTimeout = pick(s.IdleTimeout, base.IdleTimeout)
	u.d.IdleWarning = pick(s.IdleWarning, base.IdleWarning)
	u.d.ReceiptTimeout = pick(s.ReceiptTimeout, base.ReceiptTimeout)
	u.d.StaffIdle = pick(s.StaffIdle, base.StaffIdle)
	if u.d.StaffIdle > 0 {
		u.desk.idleAfter = u.d.StaffIdle
	}
	u.d.Language = base.Language
	if s.Language != "" {
		u.d.Language = s.Language
	}
	u.flow.SetDefaults(flow.Timeouts{Idle: u.d.IdleTimeout, Warning: u.d.IdleWarning, Receipt: u.d.ReceiptTimeout}, u.d.Language)
	if u.Language() != u.d.Language {
		if rerender {
			u.setLanguage(u.d.Language)
		} else {
			u.flow.SetLanguage(u.d.Language)
		}
	}
	u.logf("kiosk: remote settings %q in force", s.Version)
}

// settingsLineOf tells staff which remote settings the kiosk runs; res is the
// back office's resident side (the UI, which knows the version).
func settingsLineOf(res any) fyne.CanvasObject {
	v := ""
	if s, ok := res.(interface{ SettingsVersion() string }); ok {
		v = s.SettingsVersion()
	}
	line := T("staff.settings_version", Args("Version", v))
	if v == "" {
		line = T("staff.settings_none")
	}
	l := widget.NewLabel(line)
	l.SizeName = theme.SizeNameCaptionText // help size: it shares the sync line
	return l
}
