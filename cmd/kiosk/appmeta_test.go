package main

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/app"
)

// The kiosk declares the fyneDo migration to Fyne, in code (for a plain go build)
// and in FyneApp.toml (for fyne package), under the same ID: without it Fyne reads a
// stack trace on every canvas refresh to check the calling goroutine.
func TestAppMetadataDeclaresFyneDoMigration(t *testing.T) {
	setAppMetadata()
	m := app.NewWithID(appID).Metadata()
	if m.ID != appID || !m.Migrations["fyneDo"] {
		t.Fatalf("metadata = ID %q, migrations %v; want %q with fyneDo", m.ID, m.Migrations, appID)
	}
	toml, err := os.ReadFile("../../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(toml)
	if !strings.Contains(text, `ID = "`+appID+`"`) || !strings.Contains(text, "[Migrations]\nfyneDo = true") {
		t.Fatalf("FyneApp.toml does not declare ID %q and [Migrations] fyneDo = true:\n%s", appID, text)
	}
}
