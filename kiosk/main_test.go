package kiosk

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// Quiet Fyne's "Error parsing user locale C" on every translation lookup; the
	// locale test sets its own.
	if os.Getenv("LANGUAGE") == "" {
		os.Setenv("LANGUAGE", "en")
	}
	os.Exit(m.Run())
}
