package scanner

import (
	"os"
	"runtime"
)

// nodeGone reports why the device node at path no longer exists (a USB serial
// adapter or pty that vanished), or nil. Windows COM ports are not files: there a
// vanished port shows as a read error instead.
func nodeGone(path string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	_, err := os.Stat(path)
	return err
}
