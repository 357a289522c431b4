package kiosk

import "fyne.io/fyne/v2"

// ScannerButton tells the UI that the scanner's own scan button was pressed (KSP-1
// EVENT 3); it is safe from any goroutine (cmd/kiosk calls it from the goroutine that
// follows the scanner's events). On the scan screen, with no job running and the
// scanner connected, the press starts a scan of the current document exactly as
// tapping "Quét" does. Over the idle warning it only dismisses the warning (the
// resident is clearly there); anywhere else it is ignored.
func (u *UI) ScannerButton() { fyne.Do(u.onScannerButton) }

func (u *UI) onScannerButton() {
	s, ok := u.cur.(*scanScreen)
	if !ok {
		return
	}
	if u.idle != nil {
		u.onContinue()
		return
	}
	if u.covered() {
		return // the back office covers the (hidden) scan screen
	}
	if c, ok := u.d.Scanner.(Connectivity); ok && !c.Connected() {
		return
	}
	if s.scanning || u.d.Scanner == nil {
		return
	}
	u.touch()
	s.onScan()
}
