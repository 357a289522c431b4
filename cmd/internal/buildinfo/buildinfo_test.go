package buildinfo

import (
	"runtime/debug"
	"testing"
)

func TestFillTakesCommitDateAndVersionsFromTheBuild(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Deps: []*debug.Module{
			{Path: "github.com/mattn/go-sqlite3", Version: "v1.14.53"},
			{Path: "fyne.io/fyne/v2", Version: "v2.7.1"},
		},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "4ed506859fdc645d07b71919a92254589cc66aae"},
			{Key: "vcs.time", Value: "2026-12-01T09:12:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := fill(Info{Version: "0.1.0+1"}, bi)
	want := "0.1.0+1 (commit 4ed506859fdc+changes, 2026-12-01, go1.26.8, fyne v2.7.1)"
	if got.String() != want {
		t.Errorf("got %q\nwant %q", got.String(), want)
	}
	// What the Makefile stamps wins over the toolchain's stamp.
	got = fill(Info{Version: "0.2.0+5", Commit: "abc1234", Date: "2026-11-30"}, bi)
	if got.Commit != "abc1234" || got.Date != "2026-11-30" {
		t.Errorf("stamped values overridden: %+v", got)
	}
	// A gateway binary without Fyne and a build outside git.
	got = fill(Info{Version: "dev"}, &debug.BuildInfo{GoVersion: "go1.26.8"})
	if got.String() != "dev (go1.26.8)" {
		t.Errorf("bare build: %q", got.String())
	}
	if (Info{Version: "dev"}).String() != "dev" {
		t.Error("an empty Info should print its version alone")
	}
}
