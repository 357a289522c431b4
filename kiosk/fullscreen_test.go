package kiosk

import "testing"

// Staff who leave full screen (to reach the desktop) and sign out, or are signed out
// when idle, used to leave the kiosk windowed for the next resident. Full screen comes
// back at every sign-out and at the start of every session.
func TestFullScreenRestoredForTheNextResident(t *testing.T) {
	h := newHarness(t, func(d *Deps) { d.Windowed = false })
	h.setPINs()
	if !h.w.FullScreen() {
		t.Fatal("a kiosk not windowed starts full screen")
	}
	leave := func() {
		t.Helper()
		h.signIn(testStaffPIN)
		h.mustBeOnDesk(deskQueue)
		h.tapText("Thoát toàn màn hình")
		if h.w.FullScreen() {
			t.Fatal("staff could not leave full screen")
		}
	}
	leave()
	h.tapText("Đăng xuất")
	if !h.w.FullScreen() {
		t.Fatal("windowed after the staff signed out")
	}
	leave()
	h.clock.Add(staffIdleSignOut + 1)
	h.ui.desk.tick()
	if !h.w.FullScreen() {
		t.Fatal("windowed after the idle sign-out")
	}
	// Whatever else left it windowed, a resident's session starts full screen.
	h.w.SetFullScreen(false)
	h.tapText("Chạm để bắt đầu")
	if !h.w.FullScreen() {
		t.Fatal("a resident's session started windowed")
	}
}
