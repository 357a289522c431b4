package wire

import "net/url"

// UpdatePath answers which kiosk build the city publishes for a platform (GET,
// signed; query os and arch as Go spells them). 404 when none is published.
const UpdatePath = BasePath + "/update"

// UpdatePathFor is UpdatePath with the platform's query.
func UpdatePathFor(goos, goarch string) string {
	return UpdatePath + "?" + url.Values{"arch": {goarch}, "os": {goos}}.Encode()
}

// BuildPath is where a published build's bytes are served. Not signed: the build
// carries the city's minisign signature, which the kiosk verifies before use.
func BuildPath(file string) string { return BasePath + "/builds/" + url.PathEscape(file) }

// BuildName is the file name of the kiosk build for a platform:
// kiosk-linux-amd64, kiosk-windows-amd64.exe.
func BuildName(goos, goarch string) string {
	n := "kiosk-" + goos + "-" + goarch
	if goos == "windows" {
		n += ".exe"
	}
	return n
}

// UpdateInfo describes the published build: its version and size as signed, and
// the detached minisign signature (text) to verify it with.
type UpdateInfo struct {
	Version   string `json:"version"`
	File      string `json:"file"` // under BuildPath
	Size      int64  `json:"size"`
	Signature string `json:"signature"`
}
