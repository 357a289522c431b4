// Package quietlocale keeps Fyne's start-up complaint about the system locale off the
// kiosk's stderr. Under LANG=C.UTF-8 (common on commune PCs) Fyne's lang package logs
// "Fyne error: Error parsing user locale C" with a cause and a source line, several
// times, while the program initialises — before main, so before the kiosk can choose
// its language (it never uses the system locale). Every headless command printed it.
//
// It works because of Go's package initialisation order (Go 1.21 and later): packages
// are initialised in the order of their import paths, each once its imports are. This
// package imports only the standard library and its path, dvc.invalid/quietlocale,
// sorts before fyne.io/…, so its init runs before Fyne's. That is why it is a module of
// its own (the kiosk's own packages sort after fyne.io); go.mod replaces it with this
// directory. The .invalid domain can never be fetched.
//
// Only that one message (its three lines) is dropped; everything else written with the
// standard log package reaches stderr as before.
package quietlocale

import (
	"bytes"
	"io"
	"log"
	"os"
	"sync"
)

func init() { log.SetOutput(New(os.Stderr)) }

// New returns a writer that passes log lines to w, except Fyne's locale complaint.
func New(w io.Writer) io.Writer { return &filter{w: w} }

type filter struct {
	mu   sync.Mutex
	w    io.Writer
	skip bool // inside a dropped message: its Cause and At lines follow
}

var (
	headline = []byte("Fyne error:  Error parsing user locale")
	cause    = []byte("  Cause: ")
	at       = []byte("  At: ")
)

// Write gets one log line per call (the log package writes each entry at once).
func (f *filter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case bytes.Contains(p, headline):
		f.skip = true
		return len(p), nil
	case f.skip && bytes.Contains(p, cause):
		return len(p), nil
	case f.skip && bytes.Contains(p, at):
		f.skip = false
		return len(p), nil
	}
	f.skip = false
	return f.w.Write(p)
}
