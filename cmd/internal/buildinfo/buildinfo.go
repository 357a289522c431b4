// Package buildinfo says which build of the kiosk or the gateway is running: the
// version and build date the Makefile stamps in with -ldflags -X, the commit and the
// Go and Fyne versions from the binary's own build information. The same string goes
// to `kiosk version`, `gateway version`, the first log line and the fleet heartbeat.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Set by the Makefile: -X github.com/cantho-kiosk/kiosk/cmd/internal/buildinfo.Version=0.1.0 …
var (
	Version = "dev" // FyneApp.toml's Version (and Build), "dev" for a plain go build
	Commit  = ""    // short commit; empty: taken from the Go toolchain's vcs stamp
	Date    = ""    // build date, YYYY-MM-DD
)

// Info is one build's identity.
type Info struct {
	Version, Commit, Date string
	Modified              bool   // built from a work tree with uncommitted changes
	Go                    string // e.g. go1.26.8
	Fyne                  string // e.g. v2.7.1, empty in a binary without Fyne
}

// Read returns this binary's Info.
func Read() Info {
	info := Info{Version: Version, Commit: Commit, Date: Date}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	return fill(info, bi)
}

func fill(info Info, bi *debug.BuildInfo) Info {
	info.Go = bi.GoVersion
	for _, d := range bi.Deps {
		if d.Path == "fyne.io/fyne/v2" {
			info.Fyne = d.Version
			if d.Replace != nil {
				info.Fyne = d.Replace.Version
			}
		}
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if info.Commit == "" {
				info.Commit = s.Value[:min(len(s.Value), 12)]
			}
		case "vcs.time":
			if info.Date == "" && len(s.Value) >= 10 {
				info.Date = s.Value[:10]
			}
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// String is the one-line form, e.g.
// "0.1.0+1 (commit 4ed506859fdc, 2026-12-01, go1.26.8, fyne v2.7.1)".
func (i Info) String() string {
	var parts []string
	if i.Commit != "" {
		c := "commit " + i.Commit
		if i.Modified {
			c += "+changes"
		}
		parts = append(parts, c)
	}
	for _, p := range []string{i.Date, i.Go} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if i.Fyne != "" {
		parts = append(parts, "fyne "+i.Fyne)
	}
	if len(parts) == 0 {
		return i.Version
	}
	return fmt.Sprintf("%s (%s)", i.Version, strings.Join(parts, ", "))
}
