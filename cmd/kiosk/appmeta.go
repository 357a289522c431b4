package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo"
)

// appID is the kiosk's Fyne application ID (FyneApp.toml's Details.ID): its
// preferences and storage live under it.
const appID = "vn.gov.cantho.dvckiosk"

// setAppMetadata tells Fyne what FyneApp.toml says, for a plain go build too
// (Fyne reads the file only next to the binary or from `fyne build`). Above all it
// declares the fyneDo migration: every call into Fyne from another goroutine goes
// through fyne.Do, so Fyne skips its thread check, which reads the calling
// goroutine's ID from a stack trace on every canvas refresh (about 8% of the UI
// thread's CPU while typing a search).
func setAppMetadata() {
	app.SetMetadata(fyne.AppMetadata{
		ID:         appID,
		Name:       "Kiosk Dịch vụ công",
		Version:    buildinfo.Read().Version,
		Build:      1,
		Migrations: map[string]bool{"fyneDo": true},
	})
}
