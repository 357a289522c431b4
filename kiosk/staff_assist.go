package kiosk

// startAssisted begins a resident's session filed by the signed-in clerk: the resident's
// own screens, with the session flagged so that the dossier is marked as assisted by the
// clerk and the session's usage events count as assisted. The flow is the resident's
// flow; the session ends (and the flag with it) like any other.
func (d *desk) startAssisted() {
	if d.role == "" {
		return
	}
	d.backToKiosk()
	if d.res.sessionStarted() {
		d.res.endSession()
	}
	d.res.startSession(d.staffName)
	d.res.goHome()
	d.res.openProcedures(true, false, "")
}
