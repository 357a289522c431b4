package kiosk

import (
	"testing"
	"time"
)

// Remote settings that arrive during a resident's session wait for its end: the
// session keeps the idle timeout and language it started with; the next one gets
// the new ones. With no session running they apply at once; unsetting returns to
// the kiosk's own values.
func TestRemoteSettingsApplyBetweenSessions(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.IdleTimeout = 60 * time.Second
		d.IdleWarning = 20 * time.Second
	})
	h.tapText("Chạm để bắt đầu")
	h.tapText("Nộp hồ sơ")
	h.mustBeOn(scrProcedures)
	h.ui.ApplySettings(Settings{Version: "v1", IdleTimeout: 2 * time.Minute, Language: "en"})
	if v := h.ui.SettingsVersion(); v != "" {
		t.Fatalf("settings %q in force mid-session", v)
	}
	// The session runs on: the old timeout (60 s) and Vietnamese.
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.mustSee("Bạn còn đang dùng máy không?")
	h.clock.Add(20 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
	// Between sessions: in force.
	if v := h.ui.SettingsVersion(); v != "v1" || h.ui.d.IdleTimeout != 2*time.Minute || h.ui.Language() != "en" {
		t.Fatalf("after the wipe: version %q, idle %s, language %s", v, h.ui.d.IdleTimeout, h.ui.Language())
	}
	h.tapText("Touch to start")
	h.clock.Add(90 * time.Second)
	h.ui.Tick()
	if h.ui.current() == scrIdle {
		t.Fatal("the new session warned after 90 s; the city set 2 min")
	}
	h.clock.Add(30 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrIdle)
	h.clock.Add(20 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
	// No session running: at once. An empty set returns to the kiosk's own values.
	h.ui.ApplySettings(Settings{})
	if v := h.ui.SettingsVersion(); v != "" || h.ui.d.IdleTimeout != 60*time.Second || h.ui.Language() != "vi" {
		t.Fatalf("after unsetting: version %q, idle %s, language %s", v, h.ui.d.IdleTimeout, h.ui.Language())
	}
}

// WhenIdle waits for the end of a running session, and runs at once without one.
func TestWhenIdleWaitsForTheWipe(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.IdleTimeout, d.IdleWarning = 60*time.Second, 20*time.Second })
	ran := 0
	h.ui.WhenIdle(func() { ran++ })
	if ran != 1 {
		t.Fatalf("without a session: ran %d times", ran)
	}
	h.tapText("Chạm để bắt đầu")
	h.ui.WhenIdle(func() { ran++ })
	h.clock.Add(60 * time.Second)
	h.ui.Tick()
	if ran != 1 {
		t.Fatal("ran during the session")
	}
	h.clock.Add(20 * time.Second)
	h.ui.Tick()
	h.mustBeOn(scrAttract)
	if ran != 2 {
		t.Fatalf("after the wipe: ran %d times", ran)
	}
}
