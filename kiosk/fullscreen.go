package kiosk

// restoreFullScreen puts the window back to full screen (unless the kiosk runs
// windowed): staff may leave full screen to reach the desktop, and a resident must
// never inherit that. Called at every staff sign-out and session start.
func (u *UI) restoreFullScreen() {
	if !u.d.Windowed && !u.w.FullScreen() {
		u.w.SetFullScreen(true)
	}
}
